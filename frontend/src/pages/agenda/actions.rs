//! What may be done to the open booking now: the status marks the machine allows next
//! (reception, admins and the booking's dentist), and for reception and admins cancelling
//! (after a confirm step) and rescheduling. Every change carries the version last read.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use turnaki_shared::api::bookings::{BookingPatch, BookingView, CancelInput};
use turnaki_shared::api::paths;
use turnaki_shared::domain::BookingStatus;

use super::reschedule::Reschedule;
use super::{Said, desk, send};
use crate::i18n::{Lang, booking_status, lang};
use crate::session::state;
use crate::time::{Shown, show};
use crate::ui::Failure;

/// "Ana Pérez's appointment (Mon 23 Nov, 10:00): arrived."
fn outcome(lang: Lang, zone: &str, who: &str, start: DateTime<Utc>, now: BookingStatus) -> String {
    let when = show(lang, zone, start, Shown::DayTime);
    let word = booking_status(lang, now).to_lowercase();
    lang.pick(
        format!("Cita de {who} ({when}): {word}."),
        format!("{who}'s appointment ({when}): {word}."),
    )
}

/// The marks the status machine may allow next: status, test id, Spanish, English.
const MARKS: [(BookingStatus, &str, &str, &str); 4] = [
    (BookingStatus::Confirmed, "confirm-booking", "Confirmar", "Confirm"),
    (BookingStatus::Arrived, "mark-arrived", "Marcar llegada", "Mark arrived"),
    (
        BookingStatus::Completed,
        "mark-completed",
        "Marcar completada",
        "Mark completed",
    ),
    (
        BookingStatus::NoShow,
        "mark-no-show",
        "Marcar no asistió",
        "Mark no-show",
    ),
];

/// The buttons for the open booking, and the cancel and reschedule steps they open.
#[component]
pub(super) fn Actions(b: BookingView, failure: Failure, done: Callback<Said>) -> impl IntoView {
    let desk = desk();
    let app = state();
    let zone = desk.zone();
    let busy = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let moving = RwSignal::new(false);
    let (id, status, version, start) = (b.booking.id, b.booking.status, b.booking.version, b.booking.start);
    let who = b.patient_name.clone().unwrap_or_default();
    let report = {
        let who = who.clone();
        move |changed: BookingView| done.run(Said::new(|l| outcome(l, zone, &who, start, changed.booking.status)))
    };
    let marks = MARKS
        .into_iter()
        .filter(|(to, ..)| status.may_become(*to))
        .map(|(to, testid, es, en)| {
            let report = report.clone();
            let mark = move |_| {
                let patch = BookingPatch {
                    status: Some(to.as_str().into()),
                    notes: None,
                    version: Some(version),
                };
                let client = app.client();
                let call = async move { client.patch::<_, BookingView>(&paths::booking(id), &patch).await };
                send(desk, busy, failure, call, report.clone(), |_| ());
            };
            view! {
                <button type="button" class="btn" data-testid=testid disabled=move || busy.get() on:click=mark>
                    {move || lang().pick(es, en)}
                </button>
            }
        })
        .collect::<Vec<_>>();
    let may_cancel = desk.staff && status.may_become(BookingStatus::Cancelled);
    let may_move = desk.staff && matches!(status, BookingStatus::Pending | BookingStatus::Confirmed);
    let settled = marks.is_empty() && !may_cancel && !may_move;
    let cancel = move || {
        let client = app.client();
        let body = CancelInput { version: Some(version) };
        let call = async move { client.post::<_, BookingView>(&paths::cancel(id), &body).await };
        confirming.set(false);
        send(desk, busy, failure, call, report.clone(), |_| ());
    };
    let toggle = |open: RwSignal<bool>| move |_| open.update(|o| *o = !*o);
    view! {
        <div class="actions detail-actions" role="group" aria-label=move || lang().pick("Acciones", "Actions")>
            {marks}
            {may_move.then(|| view! {
                <button
                    type="button"
                    class="btn"
                    data-testid="reschedule-booking"
                    aria-expanded=move || moving.get().to_string()
                    disabled=move || busy.get()
                    on:click=toggle(moving)
                >
                    {move || lang().pick("Reprogramar", "Reschedule")}
                </button>
            })}
            {may_cancel.then(|| view! {
                <button
                    type="button"
                    class="btn danger"
                    data-testid="cancel-booking"
                    aria-expanded=move || confirming.get().to_string()
                    disabled=move || busy.get()
                    on:click=toggle(confirming)
                >
                    {move || lang().pick("Cancelar cita", "Cancel appointment")}
                </button>
            })}
        </div>
        {settled.then(|| view! {
            <p class="muted">
                {move || lang().pick("Esta cita ya no admite cambios.", "This appointment can no longer change.")}
            </p>
        })}
        {move || confirming.get().then(|| {
            let question = {
                let who = who.clone();
                move || {
                    let l = lang();
                    let when = show(l, zone, start, Shown::DayTime);
                    l.pick(
                        format!("¿Cancelar la cita de {who} ({when})? Su horario quedará libre."),
                        format!("Cancel {who}'s appointment ({when})? Its time becomes free."),
                    )
                }
            };
            let cancel = cancel.clone();
            view! {
                <div class="confirm" role="group" aria-labelledby="cancel-question">
                    <p id="cancel-question">{question}</p>
                    <div class="actions">
                        <button
                            type="button"
                            class="btn danger"
                            data-testid="cancel-confirm"
                            disabled=move || busy.get()
                            on:click=move |_| cancel()
                        >
                            {move || lang().pick("Sí, cancelar", "Yes, cancel")}
                        </button>
                        <button
                            type="button"
                            class="btn"
                            data-testid="cancel-keep"
                            on:click=move |_| confirming.set(false)
                        >
                            {move || lang().pick("No, mantener", "No, keep it")}
                        </button>
                    </div>
                </div>
            }
        })}
        {move || moving.get().then(|| view! {
            <Reschedule b=b.clone() busy failure done close=Callback::new(move |()| moving.set(false)) />
        })}
    }
}
