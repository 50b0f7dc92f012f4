//! The clinic's waitlist for staff (`/reception/waitlist`, `/dentist/waitlist`): every entry in
//! the order patients joined, page by page, with the patient's name and phone, what they wait
//! for, and each offer of freed time made to them and how it ended. Reception and admins add
//! a patient on the phone and take an entry off the list; dentists read it.

use chrono::Duration;
use leptos::prelude::*;
use turnaki_shared::api::paths::{self, PageQuery};
use turnaki_shared::api::waitlist::{OfferView, WaitlistEntryView};
use turnaki_shared::domain::{EntryStatus, OfferOutcome, Role, Tenant};
use turnaki_shared::ids::TenantId;

use super::data::Catalog;
use super::walk_in::{PatientFields, PatientForm, performer_choices, treatment_choices};
use super::{Phone, Picker, Said, StaffOnly, with_clinic};
use crate::i18n::lang;
use crate::paged::{Paged, listing};
use crate::pages::waitlist::{EntrySummary, WhenFields, WhenForm};
use crate::session::state;
use crate::time::{Shown, now, show, today};
use crate::ui::{Confirm, Failure, ProblemNote};
use crate::waitlist::{WaitlistText, outcome_name, outcome_words, status_name};

/// The page, for the clinic's staff; only reception and admins change the list.
#[component]
pub fn StaffWaitlist() -> impl IntoView {
    let app = state();
    let staff = Memo::new(move |_| {
        app.session.with(|s| {
            let s = s.as_ref()?;
            let manage = match s.role {
                Role::Admin | Role::Reception => true,
                Role::Dentist => false,
                Role::Owner | Role::Patient => return None,
            };
            Some((s.tenant_id?, manage))
        })
    });
    move || match staff.get() {
        Some((tenant, manage)) => view! { <Loaded tenant manage /> }.into_any(),
        None => view! { <StaffOnly title=|l| l.pick("Lista de espera", "Waitlist") /> }.into_any(),
    }
}

#[component]
fn Loaded(tenant: TenantId, manage: bool) -> impl IntoView {
    with_clinic(tenant, move |clinic, catalog| view! { <Board clinic catalog manage /> })
}

/// What the page's parts share.
#[derive(Clone, Copy)]
struct BoardState {
    clinic: StoredValue<Tenant>,
    catalog: StoredValue<Catalog>,
    paged: Paged<WaitlistEntryView>,
    /// The last change, announced.
    notice: RwSignal<Said>,
    /// The last failed change.
    failure: Failure,
}

impl BoardState {
    fn zone(self) -> &'static str {
        self.clinic.with_value(|c| c.time_zone.name())
    }
}

#[component]
fn Board(clinic: Tenant, catalog: Catalog, manage: bool) -> impl IntoView {
    let board = BoardState {
        clinic: StoredValue::new(clinic),
        catalog: StoredValue::new(catalog),
        paged: Paged::new(paths::with_query(
            paths::waitlist(),
            &PageQuery {
                cursor: None,
                limit: Some(50),
            },
        )),
        notice: RwSignal::new(Said::default()),
        failure: RwSignal::new(None),
    };
    let adding = RwSignal::new(false);
    let entries = move |items: Vec<WaitlistEntryView>| {
        view! {
            <ul class="waitlist-entries">
                {items.into_iter().map(|entry| view! { <Entry board entry manage /> }).collect_view()}
            </ul>
        }
    };
    view! {
        <div class="waitlist-board" data-testid="staff-waitlist">
            <div class="section-head">
                <h1>{move || lang().pick("Lista de espera", "Waitlist")}</h1>
                {manage.then(|| view! {
                    <button
                        type="button"
                        class="btn primary"
                        data-testid="waitlist-add"
                        aria-expanded=move || adding.get().to_string()
                        on:click=move |_| adding.update(|a| *a = !*a)
                    >
                        {move || lang().pick("Añadir a la lista de espera", "Add to waitlist")}
                    </button>
                })}
                {board.paged.refresh_button("waitlist-refresh")}
            </div>
            <p class="muted">{move || lang().pick(
                "Cuando se libera una hora, se ofrece a quien calce, en el orden en que se anotaron, una persona a la vez.",
                "When time frees up it is offered to those it suits, in the order they joined, one patient at a time.",
            )}</p>
            <p class="success" role="status" aria-live="polite" data-testid="waitlist-notice">
                {move || board.notice.with(|said| said.pick(lang()))}
            </p>
            <ProblemNote error=board.failure />
            {move || (manage && adding.get()).then(|| view! { <AddForm board adding /> })}
            {listing(board.paged, |l| l.pick("Nadie está en la lista de espera.", "Nobody is on the waitlist."), entries)}
        </div>
    }
}

#[component]
fn Entry(board: BoardState, entry: WaitlistEntryView, manage: bool) -> impl IntoView {
    let zone = board.zone();
    let (treatment, professional) = board.catalog.with_value(|c| {
        (
            c.treatment(entry.treatment_id),
            entry.professional_id.map(|p| c.professional(p)),
        )
    });
    let (id, status, joined, by_staff) = (entry.id, entry.status, entry.joined_at, entry.by_staff);
    let name = entry.patient_name.clone().unwrap_or_else(|| "—".into());
    let phone = entry.patient_phone.clone();
    let offers = entry.offers.clone();
    let remove = {
        let name = name.clone();
        Callback::new(move |()| {
            let client = state().client();
            let name = name.clone();
            board.failure.set(None);
            leptos::task::spawn_local(async move {
                match client.delete_for::<WaitlistEntryView>(&paths::waitlist_entry(id)).await {
                    Ok(changed) => {
                        board.paged.upsert(changed);
                        board.notice.set(Said::new(|l| {
                            format!(
                                "{} {name}",
                                l.pick("Quitado de la lista de espera:", "Taken off the waitlist:")
                            )
                        }));
                    }
                    Err(e) => board.failure.set(Some(e)),
                }
            });
        })
    };
    view! {
        <li class="card waitlist-entry" data-testid="waitlist-entry" data-entry-id=id.to_string() data-status=status_name(status)>
            <h2 class="waitlist-patient">{name.clone()}</h2>
            <p><Phone phone testid="waitlist-phone" /></p>
            <EntrySummary entry treatment professional />
            <p class="muted">
                {move || format!(
                    "{} {}{}",
                    lang().pick("Se anotó el", "Joined on"),
                    show(lang(), zone, joined, Shown::DayTime),
                    if by_staff { lang().pick(" (por teléfono)", " (by phone)") } else { "" },
                )}
            </p>
            <Offers board offers />
            {(manage && status == EntryStatus::Waiting).then(|| view! {
                <Confirm action=("Quitar", "Remove") what=name.clone() on_confirm=remove testid="waitlist-remove" />
            })}
        </li>
    }
}

/// The offers made to an entry, oldest first.
#[component]
fn Offers(board: BoardState, offers: Vec<OfferView>) -> impl IntoView {
    let zone = board.zone();
    if offers.is_empty() {
        return view! { <p class="muted">{move || lang().pick("Sin ofertas todavía.", "No offers yet.")}</p> }
            .into_any();
    }
    let rows = offers
        .into_iter()
        .map(|o| {
            let who = board.catalog.with_value(|c| c.professional(o.professional_id));
            let (start, until, outcome) = (o.start, o.held_until, o.outcome);
            view! {
                <li data-testid="waitlist-offer" data-outcome=outcome_name(outcome)>
                    <span class="cal-time">{move || show(lang(), zone, start, Shown::DayTime)}</span>
                    " · " {who} " · "
                    <span class=format!("badge offer-{}", outcome_name(outcome))>{move || outcome_words(lang(), outcome)}</span>
                    {(outcome == OfferOutcome::Open).then(|| view! {
                        " "
                        <span class="muted">
                            {move || format!("{} {}", lang().pick("guardada hasta las", "kept until"), show(lang(), zone, until, Shown::Time))}
                        </span>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <h3 class="waitlist-offers-title">{move || lang().pick("Ofertas", "Offers")}</h3>
        <ul class="waitlist-offers">{rows}</ul>
    }
    .into_any()
}

/// Reception adds a patient on the phone: what they wait for, when, and who they are.
#[component]
fn AddForm(board: BoardState, adding: RwSignal<bool>) -> impl IntoView {
    let zone = board.zone();
    let horizon = board.clinic.with_value(|c| c.rules.horizon_days());
    let treatment = RwSignal::new(String::new());
    let professional = RwSignal::new(String::new());
    let treatments = treatment_choices(board.catalog);
    let professionals = performer_choices(board.catalog, treatment, professional);
    let when = WhenForm::new(&WaitlistText::starting(today(zone, now()), None, None));
    let patient = PatientForm::new();
    let failure: Failure = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let day = today(zone, now());
        let text = when.text(treatment.get_untracked(), professional.get_untracked());
        let last_bookable = day + Duration::days(horizon.into());
        let Some(mut join) = when.request(&text, day, Some(last_bookable), failure) else {
            return;
        };
        join.patient = Some(patient.walk_in());
        let who = patient.walk_in().name;
        let client = state().client();
        busy.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            match client.post::<_, WaitlistEntryView>(&paths::waitlist(), &join).await {
                Ok(entry) => {
                    board.paged.upsert(entry);
                    board.notice.set(Said::new(|l| {
                        format!("{} {who}", l.pick("En la lista de espera:", "On the waitlist:"))
                    }));
                    adding.set(false);
                }
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card walk-in" aria-labelledby="waitlist-add-title">
            <h2 id="waitlist-add-title">
                {move || lang().pick("Añadir a la lista de espera: paciente por teléfono", "Add to the waitlist: a patient on the phone")}
            </h2>
            <form novalidate on:submit=submit>
                <ProblemNote error=failure />
                <div class="walk-in-grid">
                    <Picker
                        id="waitlist-treatment"
                        label=|l| l.pick("Tratamiento", "Treatment")
                        options=Signal::stored(treatments)
                        value=treatment
                        blank=|l| l.pick("Elige un tratamiento", "Choose a treatment")
                        required=true
                        error=(failure, "treatment_id")
                    />
                    <Picker
                        id="waitlist-professional"
                        label=|l| l.pick("Profesional", "Professional")
                        options=professionals
                        value=professional
                        blank=|l| l.pick("Cualquier profesional", "Any professional")
                        error=(failure, "professional_id")
                    />
                    <PatientFields form=patient failure />
                </div>
                <WhenFields form=when failure />
                <div class="actions">
                    <button type="submit" class="btn primary" data-testid="waitlist-submit" disabled=move || busy.get()>
                        {move || lang().pick("Añadir", "Add")}
                    </button>
                    <button type="button" class="btn" on:click=move |_| adding.set(false)>
                        {move || lang().pick("Cerrar", "Close")}
                    </button>
                </div>
            </form>
        </section>
    }
}
