//! Moving a booking: a new day, maybe another professional who performs the treatment,
//! and one of their free times.

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use turnaki_shared::api::bookings::{BookingView, RescheduleInput};
use turnaki_shared::api::paths;
use turnaki_shared::api::problem::ProblemCode;

use super::slots::FreeTimes;
use super::{Picker, Said, desk, send};
use crate::i18n::lang;
use crate::session::state;
use crate::time::{Shown, show, to_local};
use crate::ui::Failure;

/// The reschedule form of the open booking.
#[component]
pub(super) fn Reschedule(
    /// The booking as last read (its version goes with the move).
    b: BookingView,
    /// Set while a change is on its way.
    busy: RwSignal<bool>,
    /// The panel's problem banner.
    failure: Failure,
    /// Called with the message to announce once moved.
    done: Callback<Said>,
    /// Closes the form.
    close: Callback<()>,
) -> impl IntoView {
    let desk = desk();
    let app = state();
    let zone = desk.zone();
    let booking = b.booking;
    let current = booking.professional_id.to_string();
    let day = RwSignal::new(to_local(zone, booking.start).date());
    let professional = RwSignal::new(current.clone());
    let treatment = Signal::stored(booking.treatment_id.to_string());
    let chosen = RwSignal::new(None::<DateTime<Utc>>);
    let reload = RwSignal::new(0);
    let options = desk.catalog.with_value(|c| {
        c.professionals
            .iter()
            .filter(|p| p.performs(booking.treatment_id))
            .map(|p| (p.id.to_string(), p.name.clone()))
            .collect::<Vec<_>>()
    });
    let who = b.patient_name.unwrap_or_default();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(start) = chosen.get_untracked() else {
            return;
        };
        let chosen_professional = professional.get_untracked();
        let body = RescheduleInput {
            start: start.to_rfc3339(),
            professional_id: (chosen_professional != current).then_some(chosen_professional),
            version: Some(booking.version),
        };
        let client = app.client();
        let path = paths::reschedule(booking.id);
        let call = async move { client.post::<_, BookingView>(&path, &body).await };
        let who = who.clone();
        let moved = move |v: BookingView| {
            close.run(());
            desk.day.set(to_local(zone, v.booking.start).date());
            done.run(Said::new(|l| {
                let when = show(l, zone, v.booking.start, Shown::DayTime);
                l.pick(
                    format!("Cita de {who} movida a {when}."),
                    format!("{who}'s appointment moved to {when}."),
                )
            }));
        };
        let taken = move |e: &crate::api::ApiError| {
            if e.code() == Some(ProblemCode::SlotTaken) {
                reload.update(|n| *n += 1);
            }
        };
        send(desk, busy, failure, call, moved, taken);
    };
    view! {
        <form class="reschedule" on:submit=submit aria-labelledby="reschedule-title">
            <h3 id="reschedule-title">{move || lang().pick("Reprogramar la cita", "Reschedule the appointment")}</h3>
            <div class="field">
                <label for="reschedule-day">{move || lang().pick("Nuevo día", "New day")}</label>
                <input
                    id="reschedule-day"
                    type="date"
                    required=true
                    data-testid="reschedule-day"
                    prop:value=move || day.get().to_string()
                    on:change:target=move |ev| {
                        if let Ok(d) = ev.target().value().parse::<NaiveDate>() {
                            day.set(d);
                        }
                    }
                />
            </div>
            <Picker
                id="reschedule-professional"
                label=|l| l.pick("Profesional", "Professional")
                options=Signal::stored(options)
                value=professional
                blank=|l| l.pick("Elige un profesional", "Choose a professional")
                required=true
            />
            <FreeTimes id="reschedule-time" treatment professional day chosen reload />
            <div class="actions">
                <button type="submit" class="btn primary" data-testid="reschedule-submit" disabled=move || busy.get()>
                    {move || lang().pick("Mover la cita", "Move the appointment")}
                </button>
                <button type="button" class="btn" data-testid="reschedule-close" on:click=move |_| close.run(())>
                    {move || lang().pick("Volver", "Back")}
                </button>
            </div>
        </form>
    }
}
