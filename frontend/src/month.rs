//! A month's answer from the API (`?month=YYYY-MM`): the month arithmetic, the picker
//! (the month before, the month after, or any month typed) and the read that follows it.
//! The owner's usage table and the admin's month figures share them.

use chrono::{Months, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use turnaki_shared::api::paths::{self, UsageQuery};

use crate::i18n::lang;
use crate::session::state;
use crate::ui::{Failure, field_error};

/// `YYYY-MM` of `date`.
pub fn month_of(date: NaiveDate) -> String {
    date.format("%Y-%m").to_string()
}

/// The first day of `month` (`YYYY-MM`); `None` when it is not a month.
pub fn first_day(month: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{}-01", month.trim()), "%Y-%m-%d").ok()
}

/// The month `by` months from `month` (`YYYY-MM`); `None` when `month` is not a month.
pub fn shift(month: &str, by: i32) -> Option<String> {
    let first = first_day(month)?;
    let steps = Months::new(by.unsigned_abs());
    let moved = match by >= 0 {
        true => first.checked_add_months(steps),
        false => first.checked_sub_months(steps),
    };
    moved.map(month_of)
}

/// What an endpoint taking [`UsageQuery`] answers for the month picked, read again each
/// time the month changes.
pub struct MonthRead<T: 'static> {
    /// The answer; `None` while it is on its way and after a failure.
    pub answer: RwSignal<Option<T>>,
    /// Why the last read failed.
    pub failure: Failure,
}

impl<T> Clone for MonthRead<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for MonthRead<T> {}

impl<T: DeserializeOwned + Send + Sync + 'static> MonthRead<T> {
    /// Follows `month` at `path`; each bump of `again`, when given, reads the month again.
    pub fn new(path: String, month: RwSignal<String>, again: Option<RwSignal<u32>>) -> Self {
        let read = Self {
            answer: RwSignal::new(None),
            failure: RwSignal::new(None),
        };
        let app = state();
        // Bumped by each read, so a slow answer for an older month cannot overwrite a newer one.
        let generation = StoredValue::new(0_u32);
        Effect::new(move || {
            if let Some(again) = again {
                again.track();
            }
            let query = UsageQuery {
                month: Some(month.get().trim().to_owned()).filter(|m| !m.is_empty()),
            };
            let path = paths::with_query(path.clone(), &query);
            generation.update_value(|g| *g += 1);
            let mine = generation.get_value();
            let client = app.client();
            read.answer.set(None);
            read.failure.set(None);
            spawn_local(async move {
                let answer = client.get::<T>(&path).await;
                if generation.try_get_value() != Some(mine) {
                    return;
                }
                match answer {
                    Ok(answer) => read.answer.set(Some(answer)),
                    Err(e) => read.failure.set(Some(e)),
                }
            });
        });
        read
    }

    /// Whether the month's answer is on its way.
    pub fn loading(self) -> bool {
        self.answer.with(Option::is_none) && self.failure.with(Option::is_none)
    }
}

/// The month field: buttons for the month before and after around an `<input type=month>`,
/// and what the server found wrong with the month.
#[component]
pub fn MonthPicker(
    /// The month, `YYYY-MM`.
    month: RwSignal<String>,
    /// The input's id and `data-testid`; the buttons' test ids add `-previous` and `-next`.
    id: &'static str,
    /// The failure that may name the `month` field.
    error: Failure,
) -> impl IntoView {
    let message = move || field_error(lang(), error.get().as_ref(), "month");
    let hint = format!("{id}-error");
    let step = move |by: i32, testid: String, es: &'static str, en: &'static str| {
        view! {
            <button
                type="button"
                class="btn"
                data-testid=testid
                disabled=move || month.with(|m| shift(m, by).is_none())
                on:click=move |_| {
                    if let Some(moved) = month.with_untracked(|m| shift(m, by)) {
                        month.set(moved);
                    }
                }
            >
                {move || lang().pick(es, en)}
            </button>
        }
    };
    view! {
        <div class="field month-picker">
            <label for=id>{move || lang().pick("Mes", "Month")}</label>
            <div class="month-steps">
                {step(-1, format!("{id}-previous"), "Mes anterior", "Previous month")}
                <input
                    id=id
                    name="month"
                    type="month"
                    placeholder="2026-03"
                    data-testid=id
                    aria-invalid=move || message().is_some().to_string()
                    aria-describedby=hint.clone()
                    prop:value=move || month.get()
                    on:change:target=move |ev| month.set(ev.target().value())
                />
                {step(1, format!("{id}-next"), "Mes siguiente", "Next month")}
            </div>
            <span class="field-error" id=hint aria-live="polite">
                {message}
            </span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_step_across_the_year() {
        assert_eq!(shift("2026-01", -1).as_deref(), Some("2025-12"));
        assert_eq!(shift("2026-12", 1).as_deref(), Some("2027-01"));
        assert_eq!(shift(" 2026-03 ", 0).as_deref(), Some("2026-03"));
        assert_eq!(shift("2026-03", -15).as_deref(), Some("2024-12"));
    }

    #[test]
    fn what_is_not_a_month_does_not_step() {
        for text in ["", "2026", "2026-13", "2026-03-05", "marzo"] {
            assert_eq!(shift(text, 1), None, "{text}");
        }
    }

    #[test]
    fn a_date_names_its_month_and_back() {
        assert_eq!(month_of(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()), "2026-03");
        assert_eq!(first_day("2026-03"), NaiveDate::from_ymd_opt(2026, 3, 1));
    }
}
