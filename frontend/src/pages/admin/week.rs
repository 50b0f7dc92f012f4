//! The weekly-hours editor: a fieldset per weekday with its intervals, buttons to add and
//! remove them, and "copy Monday to the weekdays". The checking is in `hours`.

use leptos::prelude::*;

use super::hours::{self, DayTrouble, Span, Week};
use crate::i18n::lang;
use crate::ui::Failure;

/// One interval being edited. Each has its own signals, so typing in it does not rebuild
/// the day (which would take the focus away from the input).
#[derive(Debug, Clone, Copy)]
struct Row {
    key: u64,
    start: RwSignal<String>,
    end: RwSignal<String>,
}

/// The editor's state: seven days of rows, and the troubles found at the last Save.
#[derive(Debug, Clone, Copy)]
pub struct WeekDraft {
    days: [RwSignal<Vec<Row>>; 7],
    next_key: StoredValue<u64>,
    /// What `hours::check` found at the last Save; shown under each day.
    pub troubles: RwSignal<Vec<DayTrouble>>,
}

impl WeekDraft {
    /// A draft of `week`.
    pub fn new(week: Week) -> Self {
        let draft = Self {
            days: std::array::from_fn(|_| RwSignal::new(Vec::new())),
            next_key: StoredValue::new(0),
            troubles: RwSignal::new(Vec::new()),
        };
        draft.fill(week, 0..7);
        draft
    }

    /// The week as typed so far.
    pub fn snapshot(self) -> Week {
        self.days.map(|day| {
            day.with_untracked(|rows| {
                rows.iter()
                    .map(|r| Span {
                        start: r.start.get_untracked(),
                        end: r.end.get_untracked(),
                    })
                    .collect()
            })
        })
    }

    fn fill(self, week: Week, days: std::ops::Range<usize>) {
        for day in days {
            let rows = week[day].iter().map(|span| self.row(span.clone())).collect();
            self.days[day].set(rows);
        }
    }

    fn row(self, span: Span) -> Row {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        Row {
            key,
            start: RwSignal::new(span.start),
            end: RwSignal::new(span.end),
        }
    }

    fn add(self, day: usize) {
        // A new interval starts where the day's last one ends, the usual next step.
        let after = self.days[day].with_untracked(|rows| rows.last().map(|r| r.end.get_untracked()));
        let row = self.row(Span {
            start: after.unwrap_or_else(|| "09:00".into()),
            end: String::new(),
        });
        self.days[day].update(|rows| rows.push(row));
    }

    fn remove(self, day: usize, key: u64) {
        self.days[day].update(|rows| rows.retain(|r| r.key != key));
    }

    fn copy_monday(self) {
        let mut week = self.snapshot();
        hours::copy_monday(&mut week);
        self.fill(week, 1..5);
    }
}

/// Edits a [`WeekDraft`]; `error` carries the server's `weekly_hours…` complaints.
#[component]
pub fn WeekEditor(draft: WeekDraft, error: Failure) -> impl IntoView {
    let server = move || {
        error.with(|e| {
            e.as_ref()
                .map(|e| {
                    e.field_errors()
                        .iter()
                        .filter(|f| f.field.starts_with("weekly_hours"))
                        .map(|f| crate::ui::field_error(lang(), Some(e), &f.field).unwrap_or_default())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let days = (0..7).map(|day| view! { <Day draft day /> }).collect_view();
    view! {
        <fieldset class="week">
            <legend>{move || lang().pick("Horario semanal (hora de la clínica)", "Weekly hours (clinic time)")}</legend>
            <button type="button" class="btn" data-testid="copy-monday" on:click=move |_| draft.copy_monday()>
                {move || lang().pick("Copiar el lunes de martes a viernes", "Copy Monday to Tuesday–Friday")}
            </button>
            {days}
            <ul class="field-error" aria-live="polite">
                {move || server().into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
            </ul>
        </fieldset>
    }
}

/// One weekday's intervals.
#[component]
fn Day(draft: WeekDraft, day: usize) -> impl IntoView {
    let rows = draft.days[day];
    let name = move || hours::day_name(lang(), day);
    let trouble = move || {
        draft
            .troubles
            .with(|all| all.iter().find(|t| t.day == day).map(|t| hours::describe(lang(), t)))
    };
    let error_id = format!("day-{day}-error");
    let interval = move |(position, row): (usize, Row)| {
        let n = position + 1;
        let invalid = move || trouble().is_some().to_string();
        view! {
            <li class="interval">
                <label>
                    <span>{move || lang().pick("Desde", "From")}</span>
                    <input
                        type="time"
                        step="300"
                        aria-label=move || format!("{} {} {n}", name(), lang().pick("desde, intervalo", "from, interval"))
                        aria-invalid=invalid
                        aria-describedby=format!("day-{day}-error")
                        data-testid=format!("hours-{day}-{position}-start")
                        prop:value=move || row.start.get()
                        on:input:target=move |ev| row.start.set(ev.target().value())
                    />
                </label>
                <label>
                    <span>{move || lang().pick("Hasta", "Until")}</span>
                    <input
                        type="time"
                        step="300"
                        aria-label=move || format!("{} {} {n}", name(), lang().pick("hasta, intervalo", "until, interval"))
                        aria-invalid=invalid
                        aria-describedby=format!("day-{day}-error")
                        data-testid=format!("hours-{day}-{position}-end")
                        prop:value=move || row.end.get()
                        on:input:target=move |ev| row.end.set(ev.target().value())
                    />
                </label>
                <button
                    type="button"
                    class="btn"
                    aria-label=move || {
                        lang().pick(format!("Quitar intervalo {n} del {}", name().to_lowercase()), format!("Remove {} interval {n}", name()))
                    }
                    on:click=move |_| draft.remove(day, row.key)
                >
                    {move || lang().pick("Quitar", "Remove")}
                </button>
            </li>
        }
    };
    view! {
        <fieldset class="day" data-testid=format!("hours-day-{day}")>
            <legend>{name}</legend>
            {move || {
                let list = rows.get();
                if list.is_empty() {
                    view! { <p class="closed">{move || lang().pick("Cerrado", "Closed")}</p> }.into_any()
                } else {
                    view! { <ol class="intervals">{list.into_iter().enumerate().map(interval).collect_view()}</ol> }
                        .into_any()
                }
            }}
            <button
                type="button"
                class="btn"
                data-testid=format!("hours-{day}-add")
                aria-label=move || lang().pick(format!("Añadir intervalo al {}", name().to_lowercase()), format!("Add {} interval", name()))
                on:click=move |_| draft.add(day)
            >
                {move || lang().pick("Añadir intervalo", "Add interval")}
            </button>
            <p class="field-error" id=error_id aria-live="polite">
                {trouble}
            </p>
        </fieldset>
    }
}
