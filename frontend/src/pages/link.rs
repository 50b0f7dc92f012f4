//! `/<slug>/appointments/<booking>/link#<token>`: the page a link in a patient's email opens,
//! without signing in. The token rides in the fragment (never sent to a server) and goes to
//! the API in a request body. Opening the page reads the appointment; "I'll be there" is
//! sent at once by the page (a POST, which mail scanners' prefetching never makes); cancel
//! needs a press; "Choose another time" lists the free times to pick from.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};
use turnaki_shared::api::clinics::ClinicProfile;
use turnaki_shared::api::links::{LinkActInput, LinkInput, LinkView};
use turnaki_shared::api::paths;
use turnaki_shared::domain::{BookingStatus, LinkAction, PatientAnswer};

use super::clinic::{clinic_profile, slug_param, with_clinic};
use super::manage::NewTime;
use crate::i18n::{Lang, answer_words, booking_status, lang};
use crate::session::state;
use crate::time::{Shown, show};
use crate::ui::{Failure, Loading, ProblemNote};
use crate::wizard::{Slot, Who};

/// The token of the address's fragment (`#<token>`), without the `#`.
pub fn token_of(hash: &str) -> String {
    hash.strip_prefix('#').unwrap_or(hash).trim().to_owned()
}

/// Whether the page should send "I'll be there" by itself: a confirm link, an appointment
/// still to come, and no answer yet (so a second visit sends nothing).
pub fn confirms_at_once(view: &LinkView) -> bool {
    view.action == LinkAction::Confirm
        && view.answer == PatientAnswer::Unconfirmed
        && matches!(view.status, BookingStatus::Pending | BookingStatus::Confirmed)
}

/// What the page says once the link did what it asked.
pub fn done_words(lang: Lang, action: LinkAction) -> &'static str {
    match action {
        LinkAction::Confirm => lang.pick(
            "Gracias: su asistencia está confirmada.",
            "Thank you: your attendance is confirmed.",
        ),
        LinkAction::Cancel => lang.pick(
            "Su cita está cancelada. Le enviamos un correo.",
            "Your appointment is cancelled. We emailed you.",
        ),
        LinkAction::Reschedule => lang.pick(
            "Su cita tiene una nueva hora. Le enviamos un correo.",
            "Your appointment has a new time. We emailed you.",
        ),
        LinkAction::Take => lang.pick(
            "Reservada: la hora es suya. Le enviamos la confirmación por correo.",
            "Booked: the time is yours. We sent you a confirmation.",
        ),
        LinkAction::Decline => lang.pick(
            "Gracias por avisar: se la ofreceremos a otro paciente. Sigue en la lista de espera.",
            "Thank you for letting us know: we will offer it to another patient. You stay on the waitlist.",
        ),
    }
}

/// The page.
#[component]
pub fn LinkPage() -> impl IntoView {
    let slug = slug_param();
    let profile = clinic_profile(slug);
    let params = use_params_map();
    let booking = Memo::new(move |_| params.read().get("booking").unwrap_or_default());
    let location = use_location();
    let token = Memo::new(move |_| token_of(&location.hash.get()));
    view! {
        <div class="narrow">
            {with_clinic(profile, move |p| {
                view! {
                    <h1>{move || lang().pick("Su cita", "Your appointment")} " · " {p.name.clone()}</h1>
                    {move || view! { <Linked profile=p.clone() booking=booking.get() token=token.get() /> }}
                }
            })}
        </div>
    }
}

#[component]
fn Linked(profile: ClinicProfile, booking: String, token: String) -> impl IntoView {
    let failure: Failure = RwSignal::new(None);
    let shown = RwSignal::new(None::<LinkView>);
    let done = RwSignal::new(None::<LinkAction>);
    let asking_cancel = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let slug = profile.slug.to_string();
    let profile = StoredValue::new(profile);
    let open_path = StoredValue::new(paths::link(&slug, &booking));
    let act_path = move |action: LinkAction| paths::link_act(&slug, &booking, action.as_str());
    let act_paths = StoredValue::new(LinkAction::ON_BOOKING.map(|a| (a, act_path(a))));
    let token = StoredValue::new(token);
    let act = move |action: LinkAction, start: Option<String>| {
        let client = state().client();
        let path = act_paths.with_value(|all| all.iter().find(|(a, _)| *a == action).map(|(_, p)| p.clone()));
        let Some(path) = path else { return };
        let input = LinkActInput {
            token: token.get_value(),
            start,
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match client.post::<_, LinkView>(&path, &input).await {
                Ok(v) => {
                    failure.set(None);
                    shown.set(Some(v));
                    done.set(Some(action));
                    asking_cancel.set(false);
                }
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };
    // Reading the appointment changes nothing; a confirm link then answers by itself.
    let opened = LocalResource::new(move || {
        let client = state().client();
        let (path, input) = (
            open_path.get_value(),
            LinkInput {
                token: token.get_value(),
            },
        );
        async move { client.post::<_, LinkView>(&path, &input).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(v)) = opened.get() {
            let first = shown.get_untracked().is_none();
            shown.set(Some(v.clone()));
            if first && confirms_at_once(&v) {
                act(LinkAction::Confirm, None);
            }
        }
    });
    let pick = move |slot: Slot| act(LinkAction::Reschedule, Some(slot.start.to_rfc3339()));
    view! {
        <ProblemNote error=failure />
        <p role="status" aria-live="polite" class="success" data-testid="link-result">
            {move || done.get().map(|action| done_words(lang(), action))}
        </p>
        {move || match (opened.get(), shown.get()) {
            (Some(Err(e)), _) => {
                failure.set(Some(e));
                ().into_any()
            }
            (_, None) => view! { <Loading /> }.into_any(),
            (_, Some(v)) => {
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
                .into_any()
            }
        }}
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
    fn the_token_is_the_fragment_without_its_hash() {
        assert_eq!(token_of("#v1.A.B.confirm.1~mac"), "v1.A.B.confirm.1~mac");
        assert_eq!(token_of(""), "");
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
