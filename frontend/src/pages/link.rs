//! `/<slug>/appointments/<booking>/link#<token>`: the page a link in a patient's email opens,
//! without signing in (the frame and the calls every link page shares are in
//! [`super::linked`]). Opening the page reads the appointment; "I'll be there" is
//! sent at once by the page (a POST, which mail scanners' prefetching never makes); cancel
//! needs a press; "Choose another time" lists the free times to pick from.

use leptos::prelude::*;
use turnaki_shared::api::clinics::ClinicProfile;
use turnaki_shared::api::links::LinkView;
use turnaki_shared::api::paths;
use turnaki_shared::domain::{BookingStatus, LinkAction, PatientAnswer};

use super::linked::{LinkState, link_frame};
use super::manage::NewTime;
use crate::i18n::{answer_words, booking_status, lang};
use crate::time::{Shown, show};
use crate::ui::ProblemNote;
use crate::wizard::{Slot, Who};

/// Whether the page should send "I'll be there" by itself: a confirm link, an appointment
/// still to come, and no answer yet (so a second visit sends nothing).
pub fn confirms_at_once(view: &LinkView) -> bool {
    view.action == LinkAction::Confirm
        && view.answer == PatientAnswer::Unconfirmed
        && matches!(view.status, BookingStatus::Pending | BookingStatus::Confirmed)
}

/// The page.
#[component]
pub fn LinkPage() -> impl IntoView {
    link_frame(
        |l| l.pick("Su cita", "Your appointment"),
        "booking",
        |profile, booking, token| view! { <Linked profile booking token /> },
    )
}

#[component]
fn Linked(profile: ClinicProfile, booking: String, token: String) -> impl IntoView {
    let asking_cancel = RwSignal::new(false);
    let slug = profile.slug.to_string();
    let profile = StoredValue::new(profile);
    let acts = LinkAction::ON_BOOKING.map(|a| (a, paths::link_act(&slug, &booking, a.as_str())));
    let link = LinkState::<LinkView>::new(token, acts);
    let busy = link.busy;
    // Reading the appointment changes nothing; a confirm link then answers by itself.
    let opened = link.open(paths::link(&slug, &booking), move |v| {
        if confirms_at_once(v) {
            link.act(LinkAction::Confirm, None);
        }
    });
    let act = move |action: LinkAction, start: Option<String>| link.act(action, start);
    let pick = move |slot: Slot| act(LinkAction::Reschedule, Some(slot.start.to_rfc3339()));
    view! {
        <ProblemNote error=link.failure />
        {link.done_note("link-result")}
        {link.showing(opened, move |v| {
            let zone: &'static str = v.time_zone.name();
            let start = v.start;
            let active = matches!(v.status, BookingStatus::Pending | BookingStatus::Confirmed);
            let can_change = v.may_change && active;
            let window = v.cancellation_window_hours;
            let (treatment, professional) = (v.treatment_id.to_string(), v.professional_id);
            view! {
                <article class="card" data-testid="link-appointment" data-answer=v.answer.as_str() data-status=v.status.to_string()>
                    <p class="when"><strong>{move || show(lang(), zone, start, Shown::LongDay)}</strong>", "{move || show(lang(), zone, start, Shown::Time)}</p>
                    <p>{v.treatment_name.clone()} " · " {v.professional_name.clone()}</p>
                    <p class=format!("badge status-{}", v.status)>{move || booking_status(lang(), v.status)}</p>
                    <p class=format!("badge answer-{}", v.answer.as_str()) data-testid="link-answer">{move || answer_words(lang(), v.answer)}</p>
                    {(v.action == LinkAction::Cancel && can_change).then(|| view! {
                        <div class="actions">
                            <button type="button" class="btn danger" data-testid="link-cancel" disabled=move || busy.get() on:click=move |_| asking_cancel.set(true)>
                                {move || lang().pick("Cancelar cita", "Cancel appointment")}
                            </button>
                        </div>
                        {move || asking_cancel.get().then(|| view! {
                            <div class="confirm" role="alertdialog" aria-labelledby="link-cancel-q">
                                <p id="link-cancel-q">{move || lang().pick("¿Seguro que quiere cancelar esta cita?", "Cancel this appointment?")}</p>
                                <button type="button" class="btn danger" data-testid="link-cancel-yes" disabled=move || busy.get() on:click=move |_| act(LinkAction::Cancel, None)>
                                    {move || lang().pick("Sí, cancelar", "Yes, cancel")}
                                </button>
                                <button type="button" class="btn" on:click=move |_| asking_cancel.set(false)>{move || lang().pick("No", "No")}</button>
                            </div>
                        })}
                    })}
                    {(v.action == LinkAction::Reschedule && can_change).then(|| view! {
                        <NewTime profile treatment who=Who::One(professional) zone pick />
                    })}
                    {(v.action != LinkAction::Confirm && active && !v.may_change).then(|| view! {
                        <p class="muted" data-testid="link-too-late">{move || format!(
                            "{} {window} {}",
                            lang().pick("Los cambios en línea cierran", "Online changes close"),
                            lang().pick("horas antes; llame a la clínica.", "hours before; please call the clinic."),
                        )}</p>
                    })}
                </article>
            }
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(action: LinkAction, answer: PatientAnswer, status: BookingStatus) -> LinkView {
        let at = "2026-03-03T13:00:00Z".parse().unwrap();
        LinkView {
            booking_id: turnaki_shared::ids::BookingId::new(),
            slug: "sonrisa".parse().unwrap(),
            clinic_name: "Sonrisa".into(),
            time_zone: "America/Santiago".parse().unwrap(),
            locale: turnaki_shared::domain::Locale::Es,
            treatment_id: turnaki_shared::ids::TreatmentId::new(),
            treatment_name: "Limpieza".into(),
            professional_id: turnaki_shared::ids::ProfessionalId::new(),
            professional_name: "Dra. Rojas".into(),
            start: at,
            end: at,
            status,
            answer,
            action,
            may_change: true,
            cancellation_window_hours: 24,
        }
    }

    #[test]
    fn only_an_unanswered_confirm_link_confirms_by_itself() {
        let (u, c) = (BookingStatus::Confirmed, PatientAnswer::Unconfirmed);
        assert!(confirms_at_once(&view(LinkAction::Confirm, c, u)));
        let answered = PatientAnswer::Confirmed {
            at: "2026-03-01T10:00:00Z".parse().unwrap(),
        };
        assert!(!confirms_at_once(&view(LinkAction::Confirm, answered, u)));
        assert!(
            !confirms_at_once(&view(LinkAction::Cancel, c, u)),
            "cancel needs a press"
        );
        assert!(!confirms_at_once(&view(
            LinkAction::Confirm,
            c,
            BookingStatus::Cancelled
        )));
    }
}
