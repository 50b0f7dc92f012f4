//! The booking wizard's screens over [`crate::wizard::Wizard`]: treatment, then
//! professional and a calendar of free times (the chosen time is held while the patient
//! fills in the form, and when none suits, the patient may join the waitlist), then details
//! and confirm. A link's `?treatment=…&professional=…` (a recall's message) starts it on the
//! times with both chosen.

use chrono::{Duration, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use turnaki_shared::api::bookings::{Availability, BookingView, HoldInput, NewBooking};
use turnaki_shared::api::clinics::ClinicProfile;
use turnaki_shared::api::paths;
use turnaki_shared::api::problem::ProblemCode;
use turnaki_shared::domain::Hold;

use super::super::waitlist::JoinFromWizard;
use super::{AsPatient, availability_path};
use crate::api::idempotency_key;
use crate::i18n::lang;
use crate::money::show_money;
use crate::session::state;
use crate::time::{Shown, now, show, show_date, today};
use crate::ui::{Empty, Failure, Loading, ProblemNote};
use crate::wizard::{Slot, Step, Who, Wizard, slots_by_day};

/// Days of free times shown at once.
const DAYS_SHOWN: i64 = 7;

/// The wizard for one clinic.
#[component]
pub fn BookingWizard(profile: ClinicProfile) -> impl IntoView {
    let link = use_query_map().get_untracked();
    let wizard = RwSignal::new(Wizard::from_link(
        &profile,
        link.get_str("treatment"),
        link.get_str("professional"),
    ));
    let failure: Failure = RwSignal::new(None);
    let profile = StoredValue::new(profile);
    let steps = move || {
        let current = wizard.with(|w| w.step.number());
        let l = lang();
        [
            l.pick("Tratamiento", "Treatment"),
            l.pick("Fecha y hora", "Date and time"),
            l.pick("Tus datos", "Your details"),
        ]
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let n = i as u8 + 1;
            let state = if n < current {
                "done"
            } else if n == current {
                "current"
            } else {
                "todo"
            };
            view! {
                <li class=state aria-current=(n == current).then_some("step")>
                    <span class="step-n">{n}</span>" "{name}
                </li>
            }
        })
        .collect_view()
    };
    view! {
        <section class="wizard" aria-labelledby="wizard-title" data-testid="wizard">
            <h2 id="wizard-title">{move || lang().pick("Reserva tu hora", "Book an appointment")}</h2>
            <ol class="steps" aria-label=move || lang().pick("Pasos", "Steps")>{steps}</ol>
            <ProblemNote error=failure />
            {move || match wizard.with(|w| w.step) {
                Step::Treatment => view! { <ChooseTreatment profile wizard /> }.into_any(),
                Step::Time => view! { <ChooseTime profile wizard failure /> }.into_any(),
                Step::Details => view! { <Confirm profile wizard failure /> }.into_any(),
                Step::Booked => view! { <Booked profile wizard /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ChooseTreatment(profile: StoredValue<ClinicProfile>, wizard: RwSignal<Wizard>) -> impl IntoView {
    let treatments = profile.with_value(|p| p.treatments.iter().filter(|t| t.active).cloned().collect::<Vec<_>>());
    if treatments.is_empty() {
        return view! {
            <Empty text=|l| l.pick("Esta clínica aún no ofrece reservas en línea.", "This clinic does not take online bookings yet.") />
        }
        .into_any();
    }
    view! {
        <fieldset class="choices">
            <legend>{move || lang().pick("¿Qué necesitas?", "What do you need?")}</legend>
            {treatments
                .into_iter()
                .map(|t| {
                    let id = t.id;
                    let price = t.price.clone();
                    view! {
                        <button
                            type="button"
                            class="choice"
                            data-testid="treatment-option"
                            data-name=t.name.clone()
                            on:click=move |_| wizard.update(|w| w.choose_treatment(id))
                        >
                            <strong>{t.name.clone()}</strong>
                            <span class="muted">
                                {t.duration_minutes} " min · " {move || show_money(lang(), &price)}
                            </span>
                        </button>
                    }
                })
                .collect_view()}
        </fieldset>
    }
    .into_any()
}

#[component]
fn ChooseTime(profile: StoredValue<ClinicProfile>, wizard: RwSignal<Wizard>, failure: Failure) -> impl IntoView {
    let zone = profile.with_value(|p| p.time_zone.name());
    let slug = StoredValue::new(profile.with_value(|p| p.slug.to_string()));
    let first_day = today(zone, now());
    let from = RwSignal::new(first_day);
    let treatment = wizard.with_untracked(|w| w.treatment).unwrap_or_default();
    let (treatment_name, who_choices) = profile.with_value(|p| {
        let name = p.treatments.iter().find(|t| t.id == treatment).map(|t| t.name.clone());
        let who = p
            .professionals
            .iter()
            .filter(|pr| pr.treatments.contains(&treatment))
            .cloned()
            .collect::<Vec<_>>();
        (name.unwrap_or_default(), who)
    });
    let availability = LocalResource::new(move || {
        let client = state().client();
        let (day, who) = (from.get(), wizard.with(|w| w.who));
        let path = availability_path(
            &slug.get_value(),
            &treatment.to_string(),
            who.professional().map(|p| p.to_string()).as_deref(),
            day,
            day + Duration::days(DAYS_SHOWN - 1),
        );
        async move { client.get::<Availability>(&path).await }
    });
    let pick = move |slot: Slot| {
        let client = state().client();
        let path = paths::holds(slug.get_value());
        let input = HoldInput {
            treatment_id: treatment.to_string(),
            professional_id: slot.professional_id.to_string(),
            start: slot.start.to_rfc3339(),
        };
        failure.set(None);
        leptos::task::spawn_local(async move {
            match client.post::<_, Hold>(&path, &input).await {
                Ok(hold) => wizard.update(|w| w.held(slot, hold)),
                Err(e) if e.status() == Some(409) => {
                    wizard.update(Wizard::taken);
                    availability.refetch();
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let lost = move || {
        wizard.with(|w| w.lost).then(|| {
            view! {
                <p class="problem" role="alert" data-testid="slot-lost">
                    {move || lang().pick(
                        "Otra persona acaba de reservar esa hora. Elige otra, por favor.",
                        "Someone else has just booked that time. Please choose another one.",
                    )}
                </p>
            }
        })
    };
    let chosen = move |who: Who| wizard.with(|w| w.who) == who;
    view! {
        {lost}
        <p data-testid="chosen-treatment">
            {move || lang().pick("Tratamiento: ", "Treatment: ")}
            <strong>{treatment_name}</strong>
        </p>
        <div class="toolbar">
            <label for="who">{move || lang().pick("Profesional", "Professional")}</label>
            <select
                id="who"
                data-testid="professional-select"
                on:change:target=move |ev| {
                    let value = ev.target().value();
                    let who = value.parse().map(Who::One).unwrap_or(Who::Any);
                    wizard.update(|w| w.choose_who(who));
                }
            >
                <option value="" prop:selected=move || chosen(Who::Any)>
                    {move || lang().pick("Cualquiera disponible", "Anyone available")}
                </option>
                {who_choices
                    .into_iter()
                    .map(|p| {
                        let id = p.id;
                        view! {
                            <option value=id.to_string() prop:selected=move || chosen(Who::One(id))>
                                {p.name} " — " {p.specialty}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
        <div class="toolbar" role="group" aria-label=move || lang().pick("Semana", "Week")>
            <button
                type="button"
                data-testid="earlier"
                disabled=move || from.get() <= first_day
                on:click=move |_| from.update(|d| *d = (*d - Duration::days(DAYS_SHOWN)).max(first_day))
            >
                {move || lang().pick("← Antes", "← Earlier")}
            </button>
            <span aria-live="polite">
                {move || {
                    let d = from.get();
                    format!(
                        "{} – {}",
                        show_date(lang(), d, Shown::Day),
                        show_date(lang(), d + Duration::days(DAYS_SHOWN - 1), Shown::Day)
                    )
                }}
            </span>
            <button type="button" data-testid="later" on:click=move |_| from.update(|d| *d += Duration::days(DAYS_SHOWN))>
                {move || lang().pick("Después →", "Later →")}
            </button>
        </div>
        <button type="button" class="link" on:click=move |_| wizard.update(Wizard::back)>
            {move || lang().pick("← Cambiar tratamiento", "← Change treatment")}
        </button>
        {move || match availability.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => {
                failure.set(Some(e));
                ().into_any()
            }
            Some(Ok(a)) => {
                let days = slots_by_day(&a, wizard.with_untracked(|w| w.who), zone);
                if days.is_empty() {
                    return view! {
                        <Empty text=|l| l.pick("No quedan horas libres esta semana. Prueba la siguiente.", "No free times this week. Try the next one.") />
                    }
                    .into_any();
                }
                days.into_iter().map(|(day, slots)| view! { <Day day slots zone pick /> }).collect_view().into_any()
            }
        }}
        <JoinFromWizard profile treatment who=wizard.with_untracked(|w| w.who) />
    }
}

/// One day's free times, each a button that picks it.
#[component]
pub fn Day(
    day: NaiveDate,
    slots: Vec<Slot>,
    zone: &'static str,
    pick: impl Fn(Slot) + Copy + 'static,
) -> impl IntoView {
    view! {
        <section class="day" aria-label=move || show_date(lang(), day, Shown::LongDay)>
            <h3>{move || show_date(lang(), day, Shown::LongDay)}</h3>
            <ul class="slots">
                {slots
                    .into_iter()
                    .map(|slot| {
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="slot"
                                    data-testid="slot"
                                    data-start=slot.start.to_rfc3339()
                                    on:click=move |_| pick(slot)
                                >
                                    {move || show(lang(), zone, slot.start, Shown::Time)}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Confirm(profile: StoredValue<ClinicProfile>, wizard: RwSignal<Wizard>, failure: Failure) -> impl IntoView {
    let app = state();
    let zone = profile.with_value(|p| p.time_zone.name());
    let (slug, texts) = profile.with_value(|p| (p.slug.to_string(), p.texts));
    let (slot, treatment) = wizard.with_untracked(|w| (w.slot, w.treatment));
    let Some(slot) = slot else { return ().into_any() };
    let names = profile.with_value(|p| {
        let t = p
            .treatments
            .iter()
            .find(|t| Some(t.id) == treatment)
            .map(|t| t.name.clone());
        let who = p
            .professionals
            .iter()
            .find(|x| x.id == slot.professional_id)
            .map(|x| x.name.clone());
        (t.unwrap_or_default(), who.unwrap_or_default())
    });
    let clock = RwSignal::new(now());
    let ticker = set_interval_with_handle(move || clock.set(now()), std::time::Duration::from_secs(1)).ok();
    on_cleanup(move || {
        if let Some(t) = ticker {
            t.clear();
        }
    });
    let left = move || wizard.with(|w| w.hold_left(clock.get())).unwrap_or(0);
    let notes = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    // One key per confirmation screen: a double click or a retry books once.
    let key = idempotency_key();
    let book = move |_| {
        let client = app.client();
        let input = NewBooking {
            treatment_id: treatment.map(|t| t.to_string()).unwrap_or_default(),
            professional_id: slot.professional_id.to_string(),
            start: slot.start.to_rfc3339(),
            chair_id: None,
            hold_id: wizard.with_untracked(|w| w.hold.as_ref().map(|h| h.id.to_string())),
            notes: Some(notes.get_untracked()).filter(|n| !n.trim().is_empty()),
            patient_id: None,
            patient: None,
        };
        let key = key.clone();
        busy.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            match client
                .post_once::<_, BookingView>(&paths::bookings(), &input, &key)
                .await
            {
                Ok(view) => wizard.update(|w| w.booked(view.booking.id)),
                Err(e) if e.status() == Some(409) && e.code() != Some(ProblemCode::IdempotencyKeyReused) => {
                    wizard.update(Wizard::taken)
                }
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="summary" data-testid="summary">
            <h3>{move || lang().pick("Tu hora", "Your appointment")}</h3>
            <p>
                <strong>{names.0.clone()}</strong>
                " · "
                {names.1.clone()}
            </p>
            <p data-testid="summary-time">{move || show(lang(), zone, slot.start, Shown::LongDay)} ", " {move || show(lang(), zone, slot.start, Shown::Time)}</p>
            <p class="muted" aria-live="off" data-testid="hold-left">
                {move || {
                    let s = left();
                    if s > 0 {
                        format!("{} {}:{:02}", lang().pick("Te guardamos esta hora por", "We hold this time for you for"), s / 60, s % 60)
                    } else {
                        lang().pick("Tu reserva temporal venció; si nadie la tomó, aún puedes confirmar.", "Your hold lapsed; if nobody took the time you can still confirm.").to_owned()
                    }
                }}
            </p>
            <button type="button" class="link" on:click=move |_| wizard.update(Wizard::back)>
                {move || lang().pick("← Elegir otra hora", "← Choose another time")}
            </button>
        </div>
        <AsPatient slug texts>
            <div class="field">
                <label for="notes">{move || lang().pick("Comentarios para la clínica (opcional)", "Notes for the clinic (optional)")}</label>
                <textarea id="notes" data-testid="field-notes" maxlength="2000" prop:value=move || notes.get() on:input:target=move |ev| notes.set(ev.target().value())></textarea>
            </div>
            <button type="button" class="btn primary" data-testid="book-submit" disabled=move || busy.get() on:click=book.clone()>
                {move || if busy.get() { lang().pick("Reservando…", "Booking…") } else { lang().pick("Confirmar reserva", "Confirm booking") }}
            </button>
        </AsPatient>
    }
    .into_any()
}

#[component]
fn Booked(profile: StoredValue<ClinicProfile>, wizard: RwSignal<Wizard>) -> impl IntoView {
    let slug = profile.with_value(|p| p.slug.to_string());
    let mine = format!("/{slug}/appointments");
    view! {
        <div class="success" role="status" data-testid="booked">
            <h3>{move || lang().pick("¡Listo! Tu hora está reservada.", "Done! Your appointment is booked.")}</h3>
            <p>{move || lang().pick("Te enviamos la confirmación por correo, con la invitación para tu calendario.", "We emailed you the confirmation, with an invitation for your calendar.")}</p>
            <p>
                <a href=mine data-testid="go-my-appointments">{move || lang().pick("Ver mis citas", "See my appointments")}</a>
                " · "
                <button type="button" class="link" on:click=move |_| wizard.set(Wizard::default())>
                    {move || lang().pick("Reservar otra hora", "Book another appointment")}
                </button>
            </p>
        </div>
    }
}
