//! Bookings per clinic in one month (`GET /v1/usage?month=YYYY-MM`), the platform's
//! metering. The API answers every clinic for a month; narrowing to one clinic is done here.

use leptos::prelude::*;
use turnaki_shared::api::Page;
use turnaki_shared::api::clinics::UsageRow;
use turnaki_shared::api::paths;

use crate::i18n::lang;
use crate::month::{MonthPicker, MonthRead, month_of};
use crate::time::now;
use crate::ui::{Empty, Loading, ProblemNote};

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
    let month = RwSignal::new(month_of(now().date_naive()));
    let clinic = RwSignal::new(String::new());
    let read = MonthRead::<Page<UsageRow>>::new(paths::usage(), month, Some(changes));
    let rows = move || read.answer.with(|page| page.as_ref().map(|p| p.items.clone()));
    let slugs = move || {
        let mut slugs: Vec<String> = rows().iter().flatten().map(|r| r.slug.to_string()).collect();
        slugs.sort();
        slugs.dedup();
        slugs
    };
    let table = move || {
        let Some(all) = rows() else {
            return match read.loading() {
                true => view! { <Loading /> }.into_any(),
                false => ().into_any(),
            };
        };
        let (shown, bookings, cancelled) = clinic.with(|c| narrow(&all, c));
        if shown.is_empty() {
            return view! { <Empty text=|l| l.pick("No hay datos para ese mes.", "No figures for that month.") /> }
                .into_any();
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
                <MonthPicker month id="usage-month" error=read.failure />
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
            <ProblemNote error=read.failure />
            <div aria-busy=move || read.loading().to_string()>
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
