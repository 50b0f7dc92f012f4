//! The waitlist's screens for patients, and what the staff's list shares with them: the
//! "when" half of the form (first and last day, weekdays, part of the day) over
//! [`crate::waitlist::WaitlistText`], an entry in words, joining from the wizard when no time
//! fits, and the patient's own entries in "my appointments", each of which they may leave.

use chrono::{NaiveDate, Weekday};
use leptos::prelude::*;
use turnaki_shared::api::clinics::ClinicProfile;
use turnaki_shared::api::paths;
use turnaki_shared::api::waitlist::{JoinWaitlist, WaitlistEntryView, weekday_name};
use turnaki_shared::domain::{EntryStatus, PartOfDay};
use turnaki_shared::ids::{TreatmentId, WaitlistEntryId};

use super::clinic::AsPatient;
use crate::i18n::{Lang, lang};
use crate::paged::Record;
use crate::session::state;
use crate::time::{Shown, now, show_date, today};
use crate::ui::{Empty, Failure, Field, Loading, ProblemNote, refused};
use crate::waitlist::{
    PARTS_OF_DAY, Refused, WEEK, WaitlistText, invalid, part_of_day_name, part_of_day_words, status_name, status_words,
    tick, weekday_words, weekdays_words,
};
use crate::wizard::Who;

impl Record for WaitlistEntryView {
    fn key(&self) -> String {
        self.id.to_string()
    }
}

/// The "when" half of a waitlist form, as typed.
#[derive(Debug, Clone, Copy)]
pub struct WhenForm {
    earliest: RwSignal<String>,
    latest: RwSignal<String>,
    weekdays: RwSignal<Vec<Weekday>>,
    part: RwSignal<PartOfDay>,
    /// What the app found wrong before sending, said beside each field.
    refused: RwSignal<Vec<Refused>>,
}

impl WhenForm {
    /// A form filled as `start` is.
    pub fn new(start: &WaitlistText) -> Self {
        Self {
            earliest: RwSignal::new(start.earliest.clone()),
            latest: RwSignal::new(start.latest.clone()),
            weekdays: RwSignal::new(start.weekdays.clone()),
            part: RwSignal::new(start.part_of_day),
            refused: RwSignal::new(Vec::new()),
        }
    }

    /// The whole form as typed, with the treatment and professional chosen.
    pub fn text(self, treatment: String, professional: String) -> WaitlistText {
        WaitlistText {
            treatment,
            professional,
            earliest: self.earliest.get_untracked(),
            latest: self.latest.get_untracked(),
            weekdays: self.weekdays.get_untracked(),
            part_of_day: self.part.get_untracked(),
        }
    }

    /// The request to send, or `None` once what to fix is named, in the banner (`failure`)
    /// and beside each field.
    pub fn request(
        self,
        text: &WaitlistText,
        today: NaiveDate,
        last_bookable: Option<NaiveDate>,
        failure: Failure,
    ) -> Option<JoinWaitlist> {
        match text.request(today, last_bookable) {
            Ok(join) => {
                self.refused.set(Vec::new());
                Some(join)
            }
            Err(found) => {
                failure.set(Some(refused(invalid(&found))));
                self.refused.set(found);
                None
            }
        }
    }

    fn said(self, field: &'static str) -> Signal<Option<String>> {
        let refused = self.refused;
        Signal::derive(move || refused.with(|all| all.iter().find(|r| r.field == field).map(|r| r.why.words(lang()))))
    }
}

/// First and last day, weekdays and part of the day.
#[component]
pub fn WhenFields(form: WhenForm, failure: Failure) -> impl IntoView {
    let day_box = move |day: Weekday| {
        view! {
            <label class="check">
                <input
                    type="checkbox"
                    name="weekdays"
                    value=weekday_name(day)
                    data-testid=format!("weekday-{}", weekday_name(day))
                    prop:checked=move || form.weekdays.with(|w| w.contains(&day))
                    on:change:target=move |ev| {
                        let on = ev.target().checked();
                        form.weekdays.update(|w| tick(w, day, on));
                    }
                />
                {move || weekday_words(lang(), day)}
            </label>
        }
    };
    let part_radio = move |part: PartOfDay| {
        view! {
            <label class="check">
                <input
                    type="radio"
                    name="part_of_day"
                    value=part_of_day_name(part)
                    data-testid=format!("part-{}", part_of_day_name(part))
                    prop:checked=move || form.part.get() == part
                    on:change=move |_| form.part.set(part)
                />
                {move || part_of_day_words(lang(), part)}
            </label>
        }
    };
    view! {
        <div class="field-row">
            <Field
                name="earliest"
                label=|l| l.pick("Desde el día", "First day")
                value=form.earliest
                error=failure
                kind="date"
                required=true
                said=form.said("earliest")
            />
            <Field
                name="latest"
                label=|l| l.pick("Hasta el día", "Last day")
                value=form.latest
                error=failure
                kind="date"
                required=true
                said=form.said("latest")
            />
        </div>
        <fieldset class="checks">
            <legend>{move || lang().pick("Días de la semana (ninguno marcado: cualquiera)", "Days of the week (none ticked: any)")}</legend>
            {WEEK.into_iter().map(day_box).collect_view()}
        </fieldset>
        <fieldset class="checks">
            <legend>{move || lang().pick("Parte del día", "Time of day")}</legend>
            {PARTS_OF_DAY.into_iter().map(part_radio).collect_view()}
        </fieldset>
    }
}

/// An entry in words: what for, with whom, which days and when in the day, and its status.
#[component]
pub fn EntrySummary(
    /// The entry.
    entry: WaitlistEntryView,
    /// The treatment's name.
    treatment: String,
    /// The professional's name; none: any.
    professional: Option<String>,
) -> impl IntoView {
    let (earliest, latest, status, part) = (entry.earliest, entry.latest, entry.status, entry.part_of_day);
    let weekdays = entry.weekdays;
    let who = move || {
        professional
            .clone()
            .unwrap_or_else(|| lang().pick("Cualquier profesional", "Any professional").to_owned())
    };
    view! {
        <p><strong>{treatment}</strong> " · " {who}</p>
        <p>
            {move || {
                let l = lang();
                let (from, to) = (show_date(l, earliest, Shown::Day), show_date(l, latest, Shown::Day));
                l.pick(format!("Del {from} al {to}"), format!("From {from} to {to}"))
            }}
        </p>
        <p>{move || format!("{} · {}", weekdays_words(lang(), &weekdays), part_of_day_words(lang(), part))}</p>
        <p class=format!("badge waitlist-{}", status_name(status)) data-testid="waitlist-status">
            {move || status_words(lang(), status)}
        </p>
    }
}

/// "None of these times? Tell me if something sooner opens", where the wizard shows the
/// free times: a patient (signed in as booking needs) joins the waitlist.
#[component]
pub fn JoinFromWizard(
    /// The clinic.
    profile: StoredValue<ClinicProfile>,
    /// The treatment the patient chose.
    treatment: TreatmentId,
    /// The professional the wizard shows times of, or anyone.
    who: Who,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let joined = RwSignal::new(false);
    let title = move || {
        lang().pick(
            "¿Ninguna hora le sirve? Avísenme si se libera una antes",
            "None of these times? Tell me if something sooner opens",
        )
    };
    view! {
        <section class="waitlist-join" aria-label=title>
            <button
                type="button"
                class="btn"
                data-testid="waitlist-join"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {title}
            </button>
            <div role="status" aria-live="polite">
                {move || joined.get().then(|| view! {
                    <p class="success" data-testid="waitlist-joined">
                        {move || lang().pick(
                            "Listo: está en la lista de espera. Le avisaremos por correo si se libera una hora que le sirva, y se la guardaremos unos minutos para que la tome.",
                            "Done: you are on the waitlist. We will email you if a time that suits you frees up, and keep it for you for a few minutes to take it.",
                        )}
                    </p>
                })}
            </div>
            {move || (open.get() && !joined.get()).then(|| view! { <JoinForm profile treatment who joined /> })}
        </section>
    }
}

#[component]
fn JoinForm(
    profile: StoredValue<ClinicProfile>,
    treatment: TreatmentId,
    who: Who,
    joined: RwSignal<bool>,
) -> impl IntoView {
    let (slug, texts, zone, performers) = profile.with_value(|p| {
        let performers = p
            .professionals
            .iter()
            .filter(|x| x.treatments.contains(&treatment))
            .map(|x| (x.id.to_string(), x.name.clone()))
            .collect::<Vec<_>>();
        (p.slug.to_string(), p.texts, p.time_zone.name(), performers)
    });
    let start = WaitlistText::starting(today(zone, now()), Some(treatment.to_string()), who.professional());
    let professional = RwSignal::new(start.professional.clone());
    let when = WhenForm::new(&start);
    let failure: Failure = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = when.text(treatment.to_string(), professional.get_untracked());
        let Some(join) = when.request(&text, today(zone, now()), None, failure) else {
            return;
        };
        let client = state().client();
        busy.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            match client.post::<_, WaitlistEntryView>(&paths::my_waitlist(), &join).await {
                Ok(_) => joined.set(true),
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <AsPatient slug texts>
            <form class="card waitlist-form" novalidate on:submit=submit aria-labelledby="waitlist-form-title">
                <h3 id="waitlist-form-title">{move || lang().pick("Avísenme si se libera una hora", "Tell me when a time frees up")}</h3>
                <ProblemNote error=failure />
                <div class="field">
                    <label for="waitlist-professional">{move || lang().pick("Profesional", "Professional")}</label>
                    <select
                        id="waitlist-professional"
                        data-testid="waitlist-professional"
                        on:change:target=move |ev| professional.set(ev.target().value())
                    >
                        <option value="" prop:selected=move || professional.with(String::is_empty)>
                            {move || lang().pick("Cualquiera", "Anyone")}
                        </option>
                        {performers
                            .clone()
                            .into_iter()
                            .map(|(id, name)| {
                                let chosen = id.clone();
                                view! { <option value=id prop:selected=move || professional.get() == chosen>{name}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <WhenFields form=when failure />
                <p class="muted">{move || lang().pick(
                    "Le avisaremos por correo; la hora se le guarda unos minutos para que la tome o la deje pasar.",
                    "We will tell you by email; the time is kept for you for a few minutes to take or pass on.",
                )}</p>
                <button type="submit" class="btn primary" data-testid="waitlist-submit" disabled=move || busy.get()>
                    {move || if busy.get() { lang().pick("Enviando…", "Sending…") } else { lang().pick("Avísenme", "Notify me") }}
                </button>
            </form>
        </AsPatient>
    }
}

/// The treatment's and the professional's names of an entry, from the clinic's profile.
fn names(profile: StoredValue<ClinicProfile>, entry: &WaitlistEntryView) -> (String, Option<String>) {
    profile.with_value(|p| {
        let treatment = p
            .treatments
            .iter()
            .find(|t| t.id == entry.treatment_id)
            .map(|t| t.name.clone())
            .unwrap_or_default();
        let professional = entry.professional_id.map(|id| {
            p.professionals
                .iter()
                .find(|x| x.id == id)
                .map(|x| x.name.clone())
                .unwrap_or_default()
        });
        (treatment, professional)
    })
}

/// "My appointments"' waitlist section: the patient's entries, each waiting one with
/// "Leave".
#[component]
pub fn MyWaitlist(profile: StoredValue<ClinicProfile>) -> impl IntoView {
    let entries = RwSignal::new(None::<Vec<WaitlistEntryView>>);
    let failure: Failure = RwSignal::new(None);
    let leaving = RwSignal::new(None::<WaitlistEntryId>);
    let left = RwSignal::new(false);
    let client = state().client();
    leptos::task::spawn_local(async move {
        match client.get::<Vec<WaitlistEntryView>>(&paths::my_waitlist()).await {
            Ok(list) => entries.set(Some(list)),
            Err(e) => failure.set(Some(e)),
        }
    });
    let leave = move |id: WaitlistEntryId| {
        let client = state().client();
        leaving.set(Some(id));
        failure.set(None);
        left.set(false);
        leptos::task::spawn_local(async move {
            match client
                .delete_for::<WaitlistEntryView>(&paths::my_waitlist_entry(id))
                .await
            {
                Ok(changed) => {
                    entries.update(|all| {
                        if let Some(slot) = all.iter_mut().flatten().find(|e| e.id == changed.id) {
                            *slot = changed;
                        }
                    });
                    left.set(true);
                }
                Err(e) => failure.set(Some(e)),
            }
            leaving.set(None);
        });
    };
    let item = move |entry: WaitlistEntryView| {
        let (treatment, professional) = names(profile, &entry);
        let (id, status) = (entry.id, entry.status);
        let label = treatment.clone();
        view! {
            <li class="appointment card" data-testid="waitlist-entry" data-entry-id=id.to_string() data-status=status_name(status)>
                <EntrySummary entry treatment professional />
                {(status == EntryStatus::Waiting).then(|| view! {
                    <button
                        type="button"
                        class="btn danger"
                        data-testid="waitlist-leave"
                        disabled=move || leaving.get() == Some(id)
                        aria-label=move || format!("{}: {label}", lang().pick("Salir de la lista", "Leave the waitlist"))
                        on:click=move |_| leave(id)
                    >
                        {move || lang().pick("Salir de la lista", "Leave the waitlist")}
                    </button>
                })}
            </li>
        }
    };
    view! {
        <section class="my-waitlist" aria-labelledby="my-waitlist-title" data-testid="my-waitlist">
            <h2 id="my-waitlist-title">{move || lang().pick("Lista de espera", "Waitlist")}</h2>
            <p role="status" aria-live="polite" class="success">
                {move || left.get().then(|| lang().pick("Salió de la lista de espera.", "You left the waitlist."))}
            </p>
            <ProblemNote error=failure />
            {move || match entries.get() {
                None if failure.with(Option::is_none) => view! { <Loading /> }.into_any(),
                None => ().into_any(),
                Some(list) if list.is_empty() => view! { <Empty text=empty_words /> }.into_any(),
                Some(list) => view! {
                    <ul class="appointments">{list.into_iter().map(item).collect_view()}</ul>
                }
                .into_any(),
            }}
        </section>
    }
}

fn empty_words(lang: Lang) -> &'static str {
    lang.pick(
        "No está en la lista de espera. Si al reservar ninguna hora le sirve, pida que le avisemos cuando se libere una.",
        "You are not on the waitlist. If no time suits you when booking, ask us to tell you when one frees up.",
    )
}
