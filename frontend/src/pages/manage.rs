//! `/<slug>/appointments/<booking>`: one appointment, opened from the link in the
//! patient's emails or from their list; change its time or cancel it within the clinic's
//! window.

use chrono::{DateTime, Duration, Utc};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use turnaki_shared::api::bookings::{Availability, BookingView, CancelInput, RescheduleInput};
use turnaki_shared::api::clinics::ClinicProfile;
use turnaki_shared::api::paths;
use turnaki_shared::domain::BookingStatus;

use super::clinic::{AsPatient, Day, availability_path, clinic_profile, slug_param, with_clinic};
use crate::i18n::{booking_status, lang};
use crate::session::state;
use crate::time::{Shown, now, show, today};
use crate::ui::{Empty, Failure, Loading, ProblemNote};
use crate::wizard::{Slot, Who, slots_by_day};

/// Whether a patient may still change an appointment starting at `start`: it is active
/// and more than the clinic's window away.
pub fn patient_may_change(status: BookingStatus, start: DateTime<Utc>, window_hours: u32, now: DateTime<Utc>) -> bool {
    matches!(status, BookingStatus::Pending | BookingStatus::Confirmed)
        && start - now >= Duration::hours(window_hours.into())
}

/// The page.
#[component]
pub fn ManageBooking() -> impl IntoView {
    let slug = slug_param();
    let profile = clinic_profile(slug);
    let params = use_params_map();
    let booking_id = Memo::new(move |_| params.read().get("booking").unwrap_or_default());
    view! {
        <div class="narrow">
            {with_clinic(profile, move |p| {
                let mine = format!("/{}/appointments", p.slug);
                view! {
                    <h1>{move || lang().pick("Tu cita", "Your appointment")} " · " {p.name.clone()}</h1>
                    <p><a href=mine>{move || lang().pick("← Todas mis citas", "← All my appointments")}</a></p>
                    <AsPatient slug=p.slug.to_string() texts=p.texts>
                        {
                            let p = p.clone();
                            move || view! { <Appointment profile=p.clone() id=booking_id.get() /> }
                        }
                    </AsPatient>
                }
            })}
        </div>
    }
}

#[component]
fn Appointment(profile: ClinicProfile, id: String) -> impl IntoView {
    let failure: Failure = RwSignal::new(None);
    let done = RwSignal::new(None::<&'static str>);
    let path = paths::booking(&id);
    let booking = {
        let path = path.clone();
        LocalResource::new(move || {
            let client = state().client();
            let path = path.clone();
            async move { client.get::<BookingView>(&path).await }
        })
    };
    let profile = StoredValue::new(profile);
    let path = StoredValue::new(path);
    let confirming_cancel = RwSignal::new(false);
    let rescheduling = RwSignal::new(false);
    let cancel = move |version: u64| {
        let client = state().client();
        leptos::task::spawn_local(async move {
            let input = CancelInput { version: Some(version) };
            match client
                .post::<_, BookingView>(&format!("{}/cancel", path.get_value()), &input)
                .await
            {
                Ok(_) => {
                    done.set(Some("cancelled"));
                    confirming_cancel.set(false);
                    booking.refetch();
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let move_to = move |slot: Slot, version: u64| {
        let client = state().client();
        leptos::task::spawn_local(async move {
            let input = RescheduleInput {
                start: slot.start.to_rfc3339(),
                professional_id: Some(slot.professional_id.to_string()),
                version: Some(version),
            };
            match client
                .post::<_, BookingView>(&format!("{}/reschedule", path.get_value()), &input)
                .await
            {
                Ok(_) => {
                    done.set(Some("moved"));
                    rescheduling.set(false);
                    failure.set(None);
                    booking.refetch();
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <ProblemNote error=failure />
        <p role="status" class="success" data-testid="manage-result">
            {move || done.get().map(|what| match what {
                "cancelled" => lang().pick("Cancelamos tu cita. Te enviamos un correo.", "Your appointment is cancelled. We emailed you."),
                _ => lang().pick("Cambiamos tu cita. Te enviamos la nueva invitación.", "Your appointment is moved. We emailed you the new invitation."),
            })}
        </p>
        {move || match booking.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => {
                let missing = e.status() == Some(404) || e.status() == Some(403);
                if missing {
                    view! { <Empty text=|l| l.pick("No encontramos esta cita en tu cuenta.", "We could not find this appointment in your account.") /> }.into_any()
                } else {
                    failure.set(Some(e));
                    ().into_any()
                }
            }
            Some(Ok(v)) => {
                let b = v.booking;
                let (zone, window, treatment, professional) = profile.with_value(|p| {
                    (
                        p.time_zone.name(),
                        p.cancellation_window_hours,
                        p.treatments.iter().find(|t| t.id == b.treatment_id).map(|t| t.name.clone()).unwrap_or_default(),
                        p.professionals.iter().find(|x| x.id == b.professional_id).map(|x| x.name.clone()).unwrap_or_default(),
                    )
                });
                let may_change = patient_may_change(b.status, b.start, window, now());
                let version = b.version;
                view! {
                    <article class="card" data-testid="appointment-detail" data-status=b.status.to_string()>
                        <p class="when"><strong>{move || show(lang(), zone, b.start, Shown::LongDay)}</strong>", "{move || show(lang(), zone, b.start, Shown::Time)}</p>
                        <p>{treatment} " · " {professional}</p>
                        <p class=format!("badge status-{}", b.status) data-testid="appointment-status">{move || booking_status(lang(), b.status)}</p>
                        {if may_change {
                            view! {
                                <div class="actions">
                                    <button type="button" class="btn" data-testid="reschedule" on:click=move |_| rescheduling.update(|r| *r = !*r)>
                                        {move || lang().pick("Cambiar hora", "Change time")}
                                    </button>
                                    <button type="button" class="btn danger" data-testid="cancel" on:click=move |_| confirming_cancel.set(true)>
                                        {move || lang().pick("Cancelar cita", "Cancel appointment")}
                                    </button>
                                </div>
                                {move || confirming_cancel.get().then(|| view! {
                                    <div class="confirm" role="alertdialog" aria-labelledby="cancel-q">
                                        <p id="cancel-q">{move || lang().pick("¿Seguro que quieres cancelar esta cita?", "Cancel this appointment?")}</p>
                                        <button type="button" class="btn danger" data-testid="cancel-yes" on:click=move |_| cancel(version)>{move || lang().pick("Sí, cancelar", "Yes, cancel")}</button>
                                        <button type="button" class="btn" on:click=move |_| confirming_cancel.set(false)>{move || lang().pick("No", "No")}</button>
                                    </div>
                                })}
                                {move || rescheduling.get().then(|| view! { <NewTime profile treatment=b.treatment_id.to_string() who=Who::One(b.professional_id) zone pick=move |slot| move_to(slot, version) /> })}
                            }
                            .into_any()
                        } else if matches!(b.status, BookingStatus::Pending | BookingStatus::Confirmed) {
                            view! {
                                <p class="muted">{move || format!(
                                    "{} {window} {}",
                                    lang().pick("Los cambios en línea cierran", "Online changes close"),
                                    lang().pick("horas antes; llama a la clínica.", "hours before; please call the clinic."),
                                )}</p>
                            }
                            .into_any()
                        } else {
                            ().into_any()
                        }}
                    </article>
                }
                .into_any()
            }
        }}
    }
}

/// The free times of the booking's treatment over the next two weeks, to pick a new one.
#[component]
pub fn NewTime(
    profile: StoredValue<ClinicProfile>,
    treatment: String,
    who: Who,
    zone: &'static str,
    pick: impl Fn(Slot) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let slug = profile.with_value(|p| p.slug.to_string());
    let from = today(zone, now());
    let path = availability_path(
        &slug,
        &treatment,
        who.professional().map(|p| p.to_string()).as_deref(),
        from,
        from + Duration::days(13),
    );
    let free = LocalResource::new(move || {
        let client = state().client();
        let path = path.clone();
        async move { client.get::<Availability>(&path).await }
    });
    view! {
        <section class="reschedule" aria-label=move || lang().pick("Elige la nueva hora", "Choose the new time")>
            <h2>{move || lang().pick("Elige la nueva hora", "Choose the new time")}</h2>
            {move || match free.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <p class="problem" role="alert">{crate::i18n::failure(lang(), &e)}</p> }.into_any(),
                Some(Ok(a)) => {
                    let days = slots_by_day(&a, who, zone);
                    if days.is_empty() {
                        return view! { <Empty text=|l| l.pick("No hay horas libres en las próximas dos semanas.", "No free times in the next two weeks.") /> }.into_any();
                    }
                    days.into_iter().map(|(day, slots)| view! { <Day day slots zone pick /> }).collect_view().into_any()
                }
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patient_may_change_until_the_clinics_window_closes() {
        let start: DateTime<Utc> = "2026-03-03T13:00:00Z".parse().unwrap();
        let day_before = start - Duration::hours(24);
        assert!(patient_may_change(BookingStatus::Confirmed, start, 24, day_before));
        assert!(!patient_may_change(
            BookingStatus::Confirmed,
            start,
            24,
            day_before + Duration::minutes(1)
        ));
        assert!(!patient_may_change(
            BookingStatus::Cancelled,
            start,
            24,
            start - Duration::days(7)
        ));
    }
}
