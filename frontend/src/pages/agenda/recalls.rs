//! The patients due back for a recall (`/reception/recalls`), for reception and admins: soonest
//! due first, page by page, filtered by where each recall stands, with the patient's name and
//! phone to call them, the treatment and the professional who treated them last, the day they
//! are due (clinic calendar), their last visit, when recall messages went out and the visit
//! they booked since.

use leptos::prelude::*;
use turnaki_shared::api::bookings::BookingView;
use turnaki_shared::api::paths;
use turnaki_shared::api::recalls::{RecallQuery, RecallView};
use turnaki_shared::domain::{RecallStatus, Role, Tenant};
use turnaki_shared::ids::BookingId;

use super::data::Catalog;
use super::{Phone, Picker, StaffOnly, signed_in_as, with_clinic};
use crate::i18n::{Lang, lang};
use crate::paged::{Paged, Record, listing};
use crate::session::state;
use crate::time::{Shown, show, show_date};
use crate::ui::Table;

/// Recalls read per page.
const PAGE: u32 = 50;

impl Record for RecallView {
    fn key(&self) -> String {
        // One recall per patient and treatment.
        format!("{}/{}", self.patient_id, self.treatment_id)
    }
}

/// Where a recall stands, in words.
pub fn status_words(lang: Lang, status: RecallStatus) -> &'static str {
    match status {
        RecallStatus::Upcoming => lang.pick("Próximo", "Upcoming"),
        RecallStatus::Due => lang.pick("Le toca hoy", "Due today"),
        RecallStatus::Overdue => lang.pick("Atrasado", "Overdue"),
        RecallStatus::Contacted => lang.pick("Contactado", "Contacted"),
        RecallStatus::Booked => lang.pick("Reservó", "Booked"),
    }
}

/// The list's address for the chosen status (`upcoming`…, or empty for every recall).
fn list_path(status: &str) -> String {
    let query = RecallQuery {
        status: Some(status.trim().to_owned()).filter(|s| !s.is_empty()),
        cursor: None,
        limit: Some(PAGE.to_string()),
    };
    paths::with_query(paths::recalls(), &query)
}

/// The page, for reception and admins (the API refuses dentists).
#[component]
pub fn StaffRecalls() -> impl IntoView {
    let tenant = signed_in_as(&[Role::Reception, Role::Admin]);
    move || match tenant.get() {
        Some(tenant) => with_clinic(tenant, |clinic, catalog| view! { <Board clinic catalog /> }).into_any(),
        None => view! { <StaffOnly title=|l| l.pick("Controles", "Recalls") /> }.into_any(),
    }
}

#[component]
fn Board(clinic: Tenant, catalog: Catalog) -> impl IntoView {
    let zone = clinic.time_zone.name();
    let catalog = StoredValue::new(catalog);
    let status = RwSignal::new(String::new());
    let paged = Paged::<RecallView>::new(list_path(""));
    Effect::watch(move || status.get(), move |s, _, _| paged.retarget(list_path(s)), false);
    let statuses = Signal::derive(move || {
        let l = lang();
        RecallStatus::ALL
            .map(|s| (s.as_str().to_owned(), status_words(l, s).to_owned()))
            .to_vec()
    });
    let table = move |items: Vec<RecallView>| {
        let rows = items
            .into_iter()
            .map(|recall| view! { <Line recall catalog zone /> })
            .collect_view();
        view! {
            <Table caption=("Pacientes por llamar a control", "Patients due back") testid="recalls" columns=&[
                    ("Paciente", "Patient"),
                    ("Tratamiento", "Treatment"),
                    ("Profesional", "Professional"),
                    ("Le toca el", "Due on"),
                    ("Estado", "Status"),
                    ("Última visita", "Last visit"),
                    ("Recordatorios enviados", "Recalls sent"),
                    ("Hora reservada", "Booked visit"),
            ]>
                {rows}
            </Table>
        }
    };
    view! {
        <div class="recalls-board" data-testid="staff-recalls">
            <div class="section-head">
                <h1>{move || lang().pick("Controles", "Recalls")}</h1>
                {paged.refresh_button("recalls-refresh")}
            </div>
            <p class="muted">{move || lang().pick(
                "Al completar una visita de un tratamiento con control (una limpieza: a los 6 meses), el paciente aparece aquí; el día que le toca recibe un correo con un enlace para reservar.",
                "When a visit of a treatment with a recall is completed (a cleaning: after 6 months), the patient shows here; on the day they are due they get an email with a link to book.",
            )}</p>
            <Picker
                id="recall-status"
                label=|l| l.pick("Mostrar", "Show")
                options=statuses
                value=status
                blank=|l| l.pick("Todos", "All")
            />
            {listing(paged, |l| l.pick("No hay pacientes por llamar a control.", "No patients are due back."), table)}
        </div>
    }
}

/// One patient due back for one treatment.
#[component]
fn Line(recall: RecallView, catalog: StoredValue<Catalog>, zone: &'static str) -> impl IntoView {
    let (treatment, professional) =
        catalog.with_value(|c| (c.treatment(recall.treatment_id), c.professional(recall.professional_id)));
    let (due, status, last_visit) = (recall.due, recall.status, recall.last_visit_at);
    let contacted = recall.contacted.clone();
    let sent = move || {
        let l = lang();
        if contacted.is_empty() {
            l.pick("Aún no", "Not yet").to_owned()
        } else {
            contacted
                .iter()
                .map(|at| show(l, zone, *at, Shown::DayTime))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    view! {
        <tr
            data-testid="recall-row"
            data-patient-id=recall.patient_id.to_string()
            data-treatment-id=recall.treatment_id.to_string()
            data-professional-id=recall.professional_id.to_string()
            data-status=status.as_str()
            data-due=due.to_string()
        >
            <th scope="row">
                {recall.patient_name.clone().unwrap_or_else(|| "—".into())}
                <br />
                <Phone phone=recall.patient_phone.clone() testid="recall-phone" />
            </th>
            <td data-testid="recall-treatment">{treatment}</td>
            <td data-testid="recall-professional">{professional}</td>
            <td data-testid="recall-due">{move || show_date(lang(), due, Shown::Date)}</td>
            <td>
                <span class=format!("badge recall-{}", status.as_str()) data-testid="recall-status">
                    {move || status_words(lang(), status)}
                </span>
            </td>
            <td data-testid="recall-last-visit">{move || show(lang(), zone, last_visit, Shown::Date)}</td>
            <td data-testid="recall-contacted">{sent}</td>
            <td>
                {match recall.booked {
                    Some(id) => view! { <BookedVisit id zone /> }.into_any(),
                    None => "—".into_any(),
                }}
            </td>
        </tr>
    }
}

/// The visit a recalled patient booked since, read when its line shows.
#[component]
fn BookedVisit(id: BookingId, zone: &'static str) -> impl IntoView {
    let visit = LocalResource::new(move || {
        let client = state().client();
        async move { client.get::<BookingView>(&paths::booking(id)).await }
    });
    move || match visit.get() {
        Some(Ok(v)) => {
            let start = v.booking.start;
            view! { <span data-testid="recall-booking">{move || show(lang(), zone, start, Shown::DayTime)}</span> }
                .into_any()
        }
        // Still reading, or gone: say it was booked all the same.
        _ => {
            view! { <span data-testid="recall-booking">{move || lang().pick("Reservada", "Booked")}</span> }.into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_asks_for_one_status_or_for_every_recall() {
        assert_eq!(list_path(""), "/v1/recalls?limit=50");
        assert_eq!(list_path("overdue"), "/v1/recalls?limit=50&status=overdue");
    }

    #[test]
    fn every_status_has_words_in_both_languages() {
        for status in RecallStatus::ALL {
            assert_ne!(status_words(Lang::Es, status), status_words(Lang::En, status));
        }
    }
}
