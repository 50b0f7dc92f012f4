//! Bookings per clinic in one month (`GET /v1/usage?month=YYYY-MM`), the platform's
//! metering. The API answers every clinic for a month; narrowing to one clinic is done here.

use leptos::prelude::*;
use leptos::task::spawn_local;
use turnaki_shared::api::Page;
use turnaki_shared::api::clinics::UsageRow;
use turnaki_shared::api::paths::{self, UsageQuery};

use crate::i18n::lang;
use crate::session::state;
use crate::time::now;
use crate::ui::{Empty, Failure, Loading, ProblemNote, field_error};

/// The rows of `clinic` (every clinic when empty), and their totals.
pub fn narrow(rows: &[UsageRow], clinic: &str) -> (Vec<UsageRow>, u64, u64) {
    let shown: Vec<UsageRow> = rows
        .iter()
        .filter(|r| clinic.is_empty() || r.slug.as_str() == clinic)
        .cloned()
        .collect();
    let bookings = shown.iter().map(|r| r.bookings).sum();
    let cancelled = shown.iter().map(|r| r.cancelled).sum();
    (shown, bookings, cancelled)
}

/// The usage table with its month and clinic filters.
#[component]
pub fn UsageTable(
    /// Bumped after an onboarding, so a new clinic appears with its zero.
    changes: RwSignal<u32>,
) -> impl IntoView {
    let app = state();
    let month = RwSignal::new(now().format("%Y-%m").to_string());
    let clinic = RwSignal::new(String::new());
    let rows = RwSignal::new(None::<Vec<UsageRow>>);
    let failure: Failure = RwSignal::new(None);
    // Bumped by each read, so a slow answer for an older month cannot overwrite a newer one.
    let generation = StoredValue::new(0_u32);

    Effect::new(move || {
        changes.track();
        let chosen = month.get();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        let client = app.client();
        let query = UsageQuery {
            month: Some(chosen.trim().to_owned()).filter(|m| !m.is_empty()),
        };
        let path = paths::with_query(paths::usage(), &query);
        rows.set(None);
        failure.set(None);
        spawn_local(async move {
            let answer = client.get::<Page<UsageRow>>(&path).await;
            if generation.try_get_value() != Some(mine) {
                return;
            }
            match answer {
                Ok(page) => rows.set(Some(page.items)),
                Err(e) => {
                    rows.set(Some(Vec::new()));
                    failure.set(Some(e));
                }
            }
        });
    });

    let month_error = move || field_error(lang(), failure.get().as_ref(), "month");
    let slugs = move || {
        let mut slugs: Vec<String> = rows.with(|r| r.iter().flatten().map(|r| r.slug.to_string()).collect());
        slugs.sort();
        slugs.dedup();
        slugs
    };
    let table = move || {
        let Some(all) = rows.get() else {
            return view! { <Loading /> }.into_any();
        };
        let (shown, bookings, cancelled) = clinic.with(|c| narrow(&all, c));
        if shown.is_empty() {
            return match failure.with(Option::is_none) {
                true => view! { <Empty text=|l| l.pick("No hay datos para ese mes.", "No figures for that month.") /> }
                    .into_any(),
                false => ().into_any(),
            };
        }
        let many = shown.len() > 1;
        let lines = shown
            .into_iter()
            .map(|r| {
                view! {
                    <tr data-testid="usage-row" data-slug=r.slug.to_string()>
                        <th scope="row">{r.slug.to_string()}</th>
                        <td>{r.month}</td>
                        <td class="num">{r.bookings}</td>
                        <td class="num">{r.cancelled}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="owner-scroll" role="region" aria-labelledby="usage-title" tabindex="0">
                <table class="owner-table">
                    <thead>
                        <tr>
                            <th scope="col">{move || lang().pick("Clínica", "Clinic")}</th>
                            <th scope="col">{move || lang().pick("Mes", "Month")}</th>
                            <th scope="col" class="num">{move || lang().pick("Citas", "Bookings")}</th>
                            <th scope="col" class="num">{move || lang().pick("Anuladas", "Cancelled")}</th>
                        </tr>
                    </thead>
                    <tbody>{lines}</tbody>
                    {many
                        .then(|| {
                            view! {
                                <tfoot>
                                    <tr>
                                        <th scope="row" colspan="2">{move || lang().pick("Total", "Total")}</th>
                                        <td class="num">{bookings}</td>
                                        <td class="num">{cancelled}</td>
                                    </tr>
                                </tfoot>
                            }
                        })}
                </table>
            </div>
        }
        .into_any()
    };

    view! {
        <section class="card owner-usage" aria-labelledby="usage-title">
            <h2 id="usage-title">{move || lang().pick("Uso por clínica", "Usage per clinic")}</h2>
            <p class="hint">
                {move || {
                    lang().pick(
                        "Citas que comienzan en el mes (en la zona de cada clínica), en cualquier estado.",
                        "Appointments starting in the month (in each clinic's zone), in any status.",
                    )
                }}
            </p>
            <div class="owner-filters">
                <div class="field">
                    <label for="usage-month">{move || lang().pick("Mes", "Month")}</label>
                    <input
                        id="usage-month"
                        name="month"
                        type="month"
                        placeholder="2026-03"
                        data-testid="usage-month"
                        aria-invalid=move || month_error().is_some().to_string()
                        aria-describedby="usage-month-error"
                        prop:value=move || month.get()
                        on:change:target=move |ev| month.set(ev.target().value())
                    />
                    <span class="field-error" id="usage-month-error" aria-live="polite">
                        {month_error}
                    </span>
                </div>
                <div class="field">
                    <label for="usage-clinic">{move || lang().pick("Clínica", "Clinic")}</label>
                    <select
                        id="usage-clinic"
                        data-testid="usage-clinic"
                        on:change:target=move |ev| clinic.set(ev.target().value())
                    >
                        <option value="" prop:selected=move || clinic.with(String::is_empty)>
                            {move || lang().pick("Todas", "All")}
                        </option>
                        {move || {
                            slugs()
                                .into_iter()
                                .map(|slug| {
                                    let chosen = slug.clone();
                                    let text = slug.clone();
                                    view! {
                                        <option value=slug prop:selected=move || clinic.with(|c| *c == chosen)>
                                            {text}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
            </div>
            <ProblemNote error=failure />
            <div aria-busy=move || rows.with(Option::is_none).to_string()>
                {table}
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use turnaki_shared::ids::TenantId;

    use super::*;

    fn row(slug: &str, bookings: u64, cancelled: u64) -> UsageRow {
        UsageRow {
            tenant_id: TenantId::new(),
            slug: slug.parse().unwrap(),
            month: "2026-03".into(),
            bookings,
            cancelled,
        }
    }

    #[test]
    fn every_clinic_is_shown_and_summed_until_one_is_chosen() {
        let rows = [row("sonrisa", 40, 3), row("dental-norte", 12, 1)];
        let (all, bookings, cancelled) = narrow(&rows, "");
        assert_eq!((all.len(), bookings, cancelled), (2, 52, 4));
        let (one, bookings, cancelled) = narrow(&rows, "dental-norte");
        assert_eq!((one[0].slug.as_str(), bookings, cancelled), ("dental-norte", 12, 1));
    }

    #[test]
    fn a_clinic_missing_from_the_month_shows_nothing() {
        let (none, bookings, _) = narrow(&[row("sonrisa", 4, 0)], "otra-clinica");
        assert!(none.is_empty());
        assert_eq!(bookings, 0);
    }
}
