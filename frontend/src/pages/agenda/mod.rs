//! Reception's calendar and the dentist's agenda: one desk with a day view (a column per
//! professional or per chair), a week view, a booking's detail with its status marks, and,
//! for reception and admins, walk-in bookings, cancelling and rescheduling, and the list of
//! patients to phone about unconfirmed appointments; beside it, the clinic's waitlist and the
//! patients due back for a recall. Every time is the clinic's wall clock, whatever the zone of
//! the device.

mod actions;
mod calls;
mod data;
mod detail;
mod grid;
mod recalls;
mod reschedule;
mod slots;
mod toolbar;
mod waitlist;
mod walk_in;

use std::future::Future;

use chrono::NaiveDate;
use leptos::prelude::*;
use turnaki_shared::api::bookings::BookingView;
use turnaki_shared::api::problem::ProblemCode;
use turnaki_shared::domain::{Role, Tenant};
use turnaki_shared::ids::{BookingId, TenantId};

use crate::api::ApiError;
use crate::calendar::Scope;
use crate::i18n::{Lang, lang};
use crate::session::state;
use crate::time::{now, today};
use crate::ui::{Failure, Loading, ProblemNote, field_error};
use data::{Catalog, Query, load_bookings, load_clinic};
pub use recalls::StaffRecalls;
pub use waitlist::StaffWaitlist;

/// Reception's calendar; admins use it too.
#[component]
pub fn Reception() -> impl IntoView {
    view! { <Agenda staff=true /> }
}

/// The dentist's own agenda: their bookings only (the API filters), status marks allowed.
#[component]
pub fn DentistAgenda() -> impl IntoView {
    view! { <Agenda staff=false /> }
}

/// What the whole desk shares: the clinic, what is shown, and what was last done.
#[derive(Debug, Clone, Copy)]
struct Desk {
    clinic: StoredValue<Tenant>,
    catalog: StoredValue<Catalog>,
    /// Reception or admin: may book, cancel and reschedule. A dentist may not.
    staff: bool,
    day: RwSignal<NaiveDate>,
    scope: RwSignal<Scope>,
    by_chair: RwSignal<bool>,
    /// Reception's filter: a professional's id, or empty for everyone.
    professional: RwSignal<String>,
    selected: RwSignal<Option<BookingId>>,
    /// Bumped after every change, so the calendar and the detail read again.
    refresh: RwSignal<u32>,
    /// The last change, announced to screen readers.
    notice: RwSignal<Said>,
    adding: RwSignal<bool>,
}

impl Desk {
    fn zone(&self) -> &'static str {
        self.clinic.with_value(|c| c.time_zone.name())
    }

    /// After a change: say what happened and read the calendar again.
    fn changed(&self, message: Said) {
        self.notice.set(message);
        self.refresh.update(|n| *n += 1);
    }
}

/// Sends a change; on success `on_ok` gets the booking as changed. A stale version reads the
/// booking again, so the next try carries the new version.
fn send(
    desk: Desk,
    busy: RwSignal<bool>,
    failure: Failure,
    call: impl Future<Output = Result<BookingView, ApiError>> + 'static,
    on_ok: impl FnOnce(BookingView) + 'static,
    on_problem: impl FnOnce(&ApiError) + 'static,
) {
    busy.set(true);
    failure.set(None);
    leptos::task::spawn_local(async move {
        let answer = call.await;
        busy.set(false);
        match answer {
            Ok(changed) => on_ok(changed),
            Err(e) => {
                if e.code() == Some(ProblemCode::StaleVersion) {
                    desk.refresh.update(|n| *n += 1);
                }
                on_problem(&e);
                failure.set(Some(e));
            }
        }
    });
}

/// A message in both languages, so switching language re-says it.
#[derive(Debug, Clone, Default, PartialEq)]
struct Said {
    es: String,
    en: String,
}

impl Said {
    /// Says `message` in each language (its dates too).
    fn new(message: impl Fn(Lang) -> String) -> Self {
        Self {
            es: message(Lang::Es),
            en: message(Lang::En),
        }
    }

    fn pick(&self, lang: Lang) -> String {
        lang.pick(&self.es, &self.en).clone()
    }
}

fn desk() -> Desk {
    expect_context::<Desk>()
}

/// The desk for the signed-in staff member of the right role, else a pointer to sign in.
#[component]
fn Agenda(staff: bool) -> impl IntoView {
    let tenant = signed_in_as(if staff {
        &[Role::Reception, Role::Admin]
    } else {
        &[Role::Dentist]
    });
    move || match tenant.get() {
        Some(tenant) => view! { <ClinicDesk tenant staff /> }.into_any(),
        None => view! { <StaffOnly title=|l| l.pick("Agenda", "Calendar") /> }.into_any(),
    }
}

/// The clinic of whoever is signed in with one of `roles`; none for anyone else.
fn signed_in_as(roles: &'static [Role]) -> Memo<Option<TenantId>> {
    let app = state();
    Memo::new(move |_| {
        app.session
            .with(|s| s.as_ref().filter(|s| roles.contains(&s.role)).and_then(|s| s.tenant_id))
    })
}

/// What someone not signed in as clinic staff of the right role finds on the page `title`.
#[component]
fn StaffOnly(title: fn(Lang) -> &'static str) -> impl IntoView {
    view! {
        <section class="narrow">
            <h1>{move || title(lang())}</h1>
            <p>
                {move || {
                    lang().pick("Esta página es para el personal de la clínica.", "This page is for clinic staff.")
                }}
                " "
                <a href="/signin">{move || lang().pick("Ingresar", "Sign in")}</a>
            </p>
        </section>
    }
}

/// Reads the clinic and its catalogue, then opens the desk on today.
#[component]
fn ClinicDesk(tenant: TenantId, staff: bool) -> impl IntoView {
    with_clinic(
        tenant,
        move |clinic, catalog| view! { <Calendar clinic catalog staff /> },
    )
}

/// Reads the clinic and its catalogue once, then shows `page` with them, or why they could
/// not be read.
fn with_clinic<V: IntoView + 'static>(
    tenant: TenantId,
    page: impl Fn(Tenant, Catalog) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let app = state();
    let clinic = LocalResource::new(move || {
        let client = app.client();
        async move { load_clinic(&client, tenant).await }
    });
    move || match clinic.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => failed(e).into_any(),
        Some(Ok((clinic, catalog))) => page(clinic, catalog).into_any(),
    }
}

/// A patient's phone as a link that calls it, or that there is none.
#[component]
fn Phone(phone: Option<String>, testid: &'static str) -> impl IntoView {
    match phone {
        Some(p) => view! { <a href=format!("tel:{p}") data-testid=testid>{p.clone()}</a> }.into_any(),
        None => view! { <span class="muted">{move || lang().pick("sin teléfono", "no phone")}</span> }.into_any(),
    }
}

#[component]
fn Calendar(clinic: Tenant, catalog: Catalog, staff: bool) -> impl IntoView {
    let zone = clinic.time_zone.name();
    let desk = Desk {
        clinic: StoredValue::new(clinic),
        catalog: StoredValue::new(catalog),
        staff,
        day: RwSignal::new(today(zone, now())),
        scope: RwSignal::new(Scope::Day),
        by_chair: RwSignal::new(false),
        professional: RwSignal::new(String::new()),
        selected: RwSignal::new(None),
        refresh: RwSignal::new(0),
        notice: RwSignal::new(Said::default()),
        adding: RwSignal::new(false),
    };
    provide_context(desk);
    let app = state();
    let query = Memo::new(move |_| {
        Query::new(
            desk.scope.get(),
            desk.day.get(),
            desk.professional.with(|p| p.parse().ok()),
        )
    });
    let bookings = LocalResource::new(move || {
        let q = query.get();
        desk.refresh.track();
        let client = app.client();
        async move { (q, load_bookings(&client, q).await) }
    });
    // A reload of the same days keeps the old grid until the new one arrives; other days
    // show "loading" rather than the wrong day's bookings.
    let shown = move || match bookings.get() {
        Some((loaded, _)) if loaded != query.get() => view! { <Loading /> }.into_any(),
        None => view! { <Loading /> }.into_any(),
        Some((_, Err(e))) => failed(e).into_any(),
        Some((loaded, Ok(listing))) => {
            let cut = listing.truncated.then(|| {
                view! {
                    <p class="problem" role="note">
                        {move || lang().pick(
                            "Hay demasiadas citas para mostrarlas todas; filtra por profesional.",
                            "There are too many appointments to show them all; filter by professional.",
                        )}
                    </p>
                }
            });
            let view = match desk.scope.get() {
                Scope::Day => {
                    view! { <grid::DayView day=loaded.from bookings=listing.items by_chair=desk.by_chair.get() /> }
                        .into_any()
                }
                Scope::Week => view! { <grid::WeekView from=loaded.from bookings=listing.items /> }.into_any(),
            };
            view! { {cut} {view} }.into_any()
        }
    };
    view! {
        <div class="agenda">
            <toolbar::Toolbar />
            <p class="success agenda-notice" role="status" aria-live="polite" data-testid="agenda-notice">
                {move || desk.notice.with(|said| said.pick(lang()))}
            </p>
            {move || (staff && desk.adding.get()).then(|| view! { <walk_in::WalkInForm /> })}
            <div class="agenda-main">
                <div class="agenda-calendar">{shown}</div>
                {move || desk.selected.get().map(|id| view! { <detail::Detail id /> })}
            </div>
            {staff.then(|| view! { <calls::ToCall /> })}
        </div>
    }
}

/// A failed read, put into words.
fn failed(error: ApiError) -> impl IntoView {
    view! { <ProblemNote error=RwSignal::new(Some(error)) /> }
}

/// A labelled `<select>` over `options` (value, label), its value kept in `value`.
#[component]
fn Picker(
    /// The select's id.
    id: &'static str,
    /// The label, per language.
    label: fn(Lang) -> &'static str,
    /// The choices: value and label.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// The chosen value; empty for none.
    value: RwSignal<String>,
    /// The first, empty choice, per language ("any", "choose one").
    blank: fn(Lang) -> &'static str,
    /// Whether a form needs a choice.
    #[prop(default = false)]
    required: bool,
    /// The failure that may name this choice, and the API's name for it.
    #[prop(optional)]
    error: Option<(Failure, &'static str)>,
) -> impl IntoView {
    let hint = format!("{id}-error");
    let message = move || error.and_then(|(failure, field)| field_error(lang(), failure.get().as_ref(), field));
    view! {
        <div class="field">
            <label for=id>{move || label(lang())}</label>
            <select
                id=id
                required=required
                data-testid=id
                aria-invalid=move || message().is_some().to_string()
                aria-describedby=hint.clone()
                on:change:target=move |ev| value.set(ev.target().value())
            >
                <option value="" prop:selected=move || value.get().is_empty()>{move || blank(lang())}</option>
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(v, text)| {
                            let chosen = v.clone();
                            view! {
                                <option value=v prop:selected=move || value.get() == chosen>{text}</option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <span class="field-error" id=hint aria-live="polite">{message}</span>
        </div>
    }
}
