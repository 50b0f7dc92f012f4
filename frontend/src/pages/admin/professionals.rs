//! Professionals: who treats patients, which treatments each performs, their weekly hours;
//! below the list, time off for one of them or closures of the whole clinic.

use leptos::prelude::*;
use turnaki_shared::api::paths;
use turnaki_shared::api::resources::ProfessionalInput;
use turnaki_shared::domain::{Professional, Treatment};
use turnaki_shared::ids::TreatmentId;

use super::catalog::{Catalog, CatalogPaths, Editor};
use super::hours::{self, Week};
use super::kit::{FormFrame, NoticeArea, TreatmentPicker, active_text, form_title};
use super::time_off::TimeOffPanel;
use super::week::{WeekDraft, WeekEditor};
use crate::i18n::{Lang, lang};
use crate::paged::{Paged, listing};
use crate::ui::{Failure, Field, ProblemNote, Table};

/// The professionals tab.
#[component]
pub fn Professionals() -> impl IntoView {
    let catalog = Catalog::<Professional>::new(CatalogPaths {
        all: paths::professionals,
        one: |id| paths::professional(id),
    });
    let treatments = Paged::<Treatment>::new(paths::treatments());
    // Whose time off the panel shows: a professional's id, or `clinic` for closures.
    let time_off_for = RwSignal::new("clinic".to_owned());
    let table = move |items: Vec<Professional>| {
        let rows = items
            .into_iter()
            .map(|p| {
                let id = p.id.to_string();
                let name = p.name.clone();
                let active = p.active;
                let performs = treatment_names(treatments, p.treatments.clone());
                let hours = p.weekly_hours.clone();
                let away_label = format!("{name}: ");
                view! {
                    <tr data-testid="professional-row">
                        <th scope="row">{p.name.clone()}</th>
                        <td>{p.specialty.clone()}</td>
                        <td>{performs}</td>
                        <td class="hours-summary">{move || summary(lang(), &hours::from_hours(&hours))}</td>
                        <td>{move || active_text(active)}</td>
                        <td>
                            {catalog.row_actions(p.clone(), name, active)}
                            <button
                                type="button"
                                class="btn"
                                data-testid="time-off-for"
                                aria-label=move || format!("{away_label}{}", lang().pick("ausencias", "time off"))
                                on:click=move |_| show_time_off(time_off_for, id.clone())
                            >
                                {move || lang().pick("Ausencias", "Time off")}
                            </button>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <Table caption=("Profesionales", "Professionals") columns=&[
                    ("Nombre", "Name"),
                    ("Especialidad", "Specialty"),
                    ("Tratamientos", "Treatments"),
                    ("Horario", "Hours"),
                    ("Estado", "Status"),
                    ("Acciones", "Actions"),
            ]>
                {rows}
            </Table>
        }
    };
    view! {
        <div class="section-head">
            <h2>{move || lang().pick("Profesionales", "Professionals")}</h2>
            <button
                type="button"
                class="btn primary"
                data-testid="professional-new"
                on:click=move |_| catalog.open(Editor::New)
            >
                {move || lang().pick("Nuevo profesional", "New professional")}
            </button>
        </div>
        <NoticeArea notice=catalog.notice />
        <ProblemNote error=catalog.failure />
        {catalog.form(move |existing| view! { <ProfessionalForm catalog treatments=treatments.items existing /> })}
        {listing(catalog.list, |l| l.pick("Aún no hay profesionales.", "No professionals yet."), table)}
        <TimeOffPanel scope=time_off_for professionals=catalog.list.items />
    }
}

/// Points the time-off panel at `scope` and brings it into view.
fn show_time_off(time_off_for: RwSignal<String>, scope: String) {
    time_off_for.set(scope);
    if let Some(panel) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("time-off"))
    {
        panel.scroll_into_view();
    }
}

/// The names of `ids`, comma-separated, for the list.
fn treatment_names(treatments: Paged<Treatment>, ids: Vec<TreatmentId>) -> impl Fn() -> String {
    move || {
        treatments.items.with(|all| {
            all.iter()
                .filter(|t| ids.contains(&t.id))
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        })
    }
}

/// `Lun 09:00–13:00, 14:00–18:00 · Mar …`; closed days are left out.
fn summary(lang: Lang, week: &Week) -> String {
    let days: Vec<String> = week
        .iter()
        .enumerate()
        .filter(|(_, spans)| !spans.is_empty())
        .map(|(day, spans)| {
            let short: String = hours::day_name(lang, day).chars().take(3).collect();
            let spans: Vec<String> = spans.iter().map(|s| format!("{}–{}", s.start, s.end)).collect();
            format!("{short} {}", spans.join(", "))
        })
        .collect();
    if days.is_empty() {
        lang.pick("Sin horario", "No hours").to_owned()
    } else {
        days.join(" · ")
    }
}

/// Creates a professional, or edits `existing`.
#[component]
fn ProfessionalForm(
    catalog: Catalog<Professional>,
    treatments: RwSignal<Vec<Treatment>>,
    existing: Option<Professional>,
) -> impl IntoView {
    let failure: Failure = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let id = existing.as_ref().map(|p| p.id.to_string());
    let title = form_title(
        existing.as_ref().map(|p| p.name.clone()),
        ("Nuevo profesional", "New professional"),
    );
    let name = RwSignal::new(existing.as_ref().map(|p| p.name.clone()).unwrap_or_default());
    let specialty = RwSignal::new(existing.as_ref().map(|p| p.specialty.clone()).unwrap_or_default());
    let chosen = RwSignal::new(existing.as_ref().map(|p| p.treatments.clone()).unwrap_or_default());
    let week = WeekDraft::new(
        existing
            .as_ref()
            .map(|p| hours::from_hours(&p.weekly_hours))
            .unwrap_or_default(),
    );
    let save = Callback::new(move |()| {
        let weekly_hours = match hours::check(&week.snapshot()) {
            Ok(days) => days,
            Err(troubles) => return week.troubles.set(troubles),
        };
        week.troubles.set(Vec::new());
        let body = ProfessionalInput {
            name: Some(name.get_untracked()),
            specialty: Some(specialty.get_untracked()),
            treatments: Some(chosen.get_untracked().iter().map(ToString::to_string).collect()),
            weekly_hours: Some(weekly_hours),
            active: None,
        };
        catalog.save(id.clone(), body, busy, failure);
    });
    let on_cancel = Callback::new(move |()| catalog.editing.set(Editor::Closed));
    view! {
        <FormFrame title save="professional-save" busy failure on_save=save on_cancel>
            <Field name="name" label=|l| l.pick("Nombre", "Name") value=name error=failure required=true />
            <Field name="specialty" label=|l| l.pick("Especialidad", "Specialty") value=specialty error=failure />
            <TreatmentPicker
                legend=|l| l.pick("Tratamientos que realiza", "Treatments they perform")
                treatments
                chosen
                error=failure
            />
            <WeekEditor draft=week error=failure />
        </FormFrame>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::admin::hours::Span;

    #[test]
    fn the_list_sums_up_a_week_and_leaves_closed_days_out() {
        let mut week = Week::default();
        week[0] = vec![
            Span {
                start: "09:00".into(),
                end: "13:00".into(),
            },
            Span {
                start: "14:00".into(),
                end: "18:00".into(),
            },
        ];
        assert_eq!(summary(Lang::En, &week), "Mon 09:00–13:00, 14:00–18:00");
        assert_eq!(summary(Lang::Es, &Week::default()), "Sin horario");
    }
}
