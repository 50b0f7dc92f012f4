//! The free start times of one professional for one treatment on one day, as a labelled
//! choice; shared by the walk-in form and by rescheduling.

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use turnaki_shared::api::bookings::Availability;

use super::{desk, failed};
use crate::i18n::lang;
use crate::pages::clinic::availability_path;
use crate::session::state;
use crate::time::{Shown, show, zone_city};
use crate::ui::{Empty, Loading};

/// A `<select>` of the free times; `chosen` holds the picked start and is cleared whenever
/// the treatment, professional or day changes. Bump `reload` after a slot was taken.
#[component]
pub(super) fn FreeTimes(
    /// The select's id.
    id: &'static str,
    /// The treatment's id, empty for none yet.
    #[prop(into)]
    treatment: Signal<String>,
    /// The professional's id, empty for none yet.
    #[prop(into)]
    professional: Signal<String>,
    /// The day, in the clinic's zone.
    #[prop(into)]
    day: Signal<NaiveDate>,
    /// The picked start.
    chosen: RwSignal<Option<DateTime<Utc>>>,
    /// Bumped to read the free times again.
    reload: RwSignal<u32>,
) -> impl IntoView {
    let desk = desk();
    let app = state();
    let zone = desk.zone();
    let slug = desk.clinic.with_value(|c| c.slug.to_string());
    let times = LocalResource::new(move || {
        let (t, p, d) = (treatment.get(), professional.get(), day.get());
        reload.track();
        let client = app.client();
        let path = availability_path(&slug, &t, Some(&p), d, d);
        async move {
            if t.is_empty() || p.is_empty() {
                return Ok(None);
            }
            let free: Availability = client.get(&path).await?;
            let starts = free
                .professionals
                .into_iter()
                .filter(|f| f.professional_id.to_string() == p)
                .flat_map(|f| f.starts)
                .collect::<Vec<_>>();
            Ok(Some(starts))
        }
    });
    Effect::new(move |_| {
        treatment.track();
        professional.track();
        day.track();
        reload.track();
        chosen.set(None);
    });
    let label = move || {
        let l = lang();
        format!(
            "{} ({} {})",
            l.pick("Hora libre", "Free time"),
            l.pick("hora de", "time in"),
            zone_city(zone)
        )
    };
    move || match times.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => failed(e).into_any(),
        Some(Ok(None)) => view! {
            <p class="muted">{move || lang().pick("Elige tratamiento y profesional para ver las horas libres.",
                "Choose a treatment and a professional to see the free times.")}</p>
        }
        .into_any(),
        Some(Ok(Some(starts))) if starts.is_empty() => {
            view! { <Empty text=|l| l.pick("No quedan horas libres ese día.", "No free times left that day.") /> }
                .into_any()
        }
        Some(Ok(Some(starts))) => {
            let options = starts
                .into_iter()
                .map(|at| {
                    let value = at.to_rfc3339();
                    view! {
                        <option value=value prop:selected=move || chosen.get() == Some(at)>
                            {move || show(lang(), zone, at, Shown::Time)}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <div class="field">
                    <label for=id>{label}</label>
                    <select
                        id=id
                        required=true
                        data-testid=id
                        on:change:target=move |ev| {
                            chosen.set(ev.target().value().parse::<DateTime<Utc>>().ok())
                        }
                    >
                        <option value="" prop:selected=move || chosen.get().is_none()>
                            {move || lang().pick("Elige una hora", "Choose a time")}
                        </option>
                        {options}
                    </select>
                </div>
            }
            .into_any()
        }
    }
}
