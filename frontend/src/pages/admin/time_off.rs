//! Time off: a professional's absences, or closures of the whole clinic (the API's
//! `/v1/professionals/clinic/time-off`). Times are typed and shown on the clinic's clock,
//! whatever the zone of the admin's device, and sent as UTC.

use chrono::NaiveDateTime;
use leptos::prelude::*;
use turnaki_shared::api::fields::{FieldCode, Fields};
use turnaki_shared::api::paths;
use turnaki_shared::api::resources::TimeOffInput;
use turnaki_shared::domain::{Professional, TimeOff};

use super::Clinic;
use super::kit::{Choice, FormFrame, Notice, NoticeArea, run};
use crate::i18n::lang;
use crate::paged::{Paged, listing};
use crate::session::state;
use crate::time::{Shown, show, to_utc, zone_city};
use crate::ui::{Confirm, Failure, Field, Table, refused};

/// The time-off panel; `scope` is a professional's id or `clinic`.
#[component]
pub fn TimeOffPanel(scope: RwSignal<String>, professionals: RwSignal<Vec<Professional>>) -> impl IntoView {
    let failure: Failure = RwSignal::new(None);
    let whose = Signal::derive(move || {
        let mut options = vec![(
            "clinic".to_owned(),
            lang()
                .pick("Toda la clínica (cierre)", "The whole clinic (closure)")
                .to_owned(),
        )];
        professionals.with(|all| options.extend(all.iter().map(|p| (p.id.to_string(), p.name.clone()))));
        options
    });
    view! {
        <section class="card time-off" id="time-off" aria-labelledby="time-off-title">
            <h3 id="time-off-title">{move || lang().pick("Ausencias y cierres", "Time off and closures")}</h3>
            <Choice name="scope" label=|l| l.pick("¿De quién?", "Whose?") value=scope error=failure options=whose />
            {move || view! { <Scoped scope=scope.get() /> }}
        </section>
    }
}

/// The list and the form for one scope; rebuilt when the scope changes.
#[component]
fn Scoped(scope: String) -> impl IntoView {
    let zone = expect_context::<Clinic>()
        .0
        .with_untracked(|t| t.time_zone.name().to_owned());
    let base = paths::time_off(&scope);
    let paged = Paged::<TimeOff>::new(base.clone());
    let notice = Notice::new();
    let failure: Failure = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let app = state();
    let city = zone_city(&zone);
    let save = Callback::new({
        let (zone, base) = (zone.clone(), base.clone());
        move |()| {
            let mut f = Fields::default();
            let mut instant = |field: &str, text: String| match local(&text) {
                Some(at) => to_utc(&zone, at).to_rfc3339(),
                None => {
                    f.fail(field, FieldCode::Invalid, "is not a date and time");
                    String::new()
                }
            };
            let body = TimeOffInput {
                start: instant("start", start.get_untracked()),
                end: instant("end", end.get_untracked()),
                reason: reason.get_untracked(),
            };
            if let Err(invalid) = f.finish() {
                return failure.set(Some(refused(invalid)));
            }
            let client = app.client();
            let path = base.clone();
            let call = async move { client.post::<_, TimeOff>(&path, &body).await };
            run(busy, failure, call, move |added| {
                paged.upsert(added);
                paged.items.update(|all| all.sort_by_key(|t| t.start));
                for field in [start, end, reason] {
                    field.set(String::new());
                }
                notice.say("Ausencia guardada.", "Time off saved.");
            });
        }
    });
    let table = move |items: Vec<TimeOff>| {
        let rows = items
            .into_iter()
            .map(|t| {
                let key = t.id.to_string();
                let path = format!("{base}/{key}");
                let when = {
                    let zone = zone.clone();
                    move || {
                        let l = lang();
                        format!(
                            "{} – {}",
                            show(l, &zone, t.start, Shown::DayTime),
                            show(l, &zone, t.end, Shown::DayTime)
                        )
                    }
                };
                let on_confirm = Callback::new(move |()| {
                    let client = app.client();
                    let path = path.clone();
                    let key = key.clone();
                    run(busy, failure, async move { client.delete(&path).await }, move |()| {
                        paged.remove(&key);
                        notice.say("Ausencia eliminada.", "Time off removed.");
                    });
                });
                view! {
                    <tr data-testid="time-off-row">
                        <th scope="row">{when.clone()}</th>
                        <td>{t.reason.clone()}</td>
                        <td>
                            <Confirm action=("Eliminar", "Delete") what=when() on_confirm />
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <Table caption=("Ausencias programadas", "Scheduled time off") columns=&[
                    ("Cuándo", "When"),
                    ("Motivo", "Reason"),
                    ("Acciones", "Actions"),
            ]>
                {rows}
            </Table>
        }
    };
    let title = Signal::derive(move || lang().pick("Añadir ausencia", "Add time off").to_owned());
    view! {
        <NoticeArea notice />
        {listing(paged, |l| l.pick("Nada programado.", "Nothing scheduled."), table)}
        <FormFrame title save="time-off-save" busy failure on_save=save>
            <p class="hint">
                {move || lang().pick("Horas de la clínica", "Clinic time")} " (" {city.clone()} ")"
            </p>
            <div class="field-row">
                <Field name="start" label=|l| l.pick("Desde", "From") value=start error=failure kind="datetime-local" required=true />
                <Field name="end" label=|l| l.pick("Hasta", "Until") value=end error=failure kind="datetime-local" required=true />
            </div>
            <Field name="reason" label=|l| l.pick("Motivo (solo lo ve el personal)", "Reason (staff only)") value=reason error=failure />
        </FormFrame>
    }
}

/// A `datetime-local` value (`2026-09-18T09:00`, seconds optional).
fn local(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closure_typed_on_the_clinic_clock_is_sent_in_utc() {
        let start = local("2026-09-18T09:00").unwrap();
        assert_eq!(
            to_utc("America/Santiago", start).to_rfc3339(),
            "2026-09-18T12:00:00+00:00"
        );
        assert!(local("18/09/2026 09:00").is_none());
        assert!(local("").is_none());
    }
}
