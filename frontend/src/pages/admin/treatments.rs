//! Treatments: what the clinic offers, how long each takes, what it costs, and how many
//! months after a completed visit the patient is recalled for the next. Prices are typed in
//! major units (`25000` pesos, `12.50` euros) and sent in minor units; see `crate::money`
//! for the currencies without cents.

use leptos::prelude::*;
use turnaki_shared::api::fields::{FieldCode, Fields};
use turnaki_shared::api::paths;
use turnaki_shared::api::resources::TreatmentInput;
use turnaki_shared::domain::{MAX_RECALL_MONTHS, Treatment};

use super::catalog::{Catalog, CatalogPaths, Editor};
use super::kit::{Choice, FormFrame, NoticeArea, active_text, form_title, run};
use crate::api::ApiError;
use crate::i18n::{Lang, lang};
use crate::money::{parse_price, price_input, show_money};
use crate::paged::listing;
use crate::ui::{Failure, Field, ProblemNote, Table, refused};

/// The currencies the form offers, most used first; the API takes any ISO 4217 code.
const CURRENCIES: [&str; 7] = ["CLP", "USD", "EUR", "ARS", "MXN", "COP", "PEN"];

/// The treatments tab.
#[component]
pub fn Treatments() -> impl IntoView {
    let catalog = Catalog::<Treatment>::new(CatalogPaths {
        all: paths::treatments,
        one: |id| paths::treatment(id),
    });
    let table = move |items: Vec<Treatment>| {
        let rows = items
            .into_iter()
            .map(|t| {
                let name = t.name.clone();
                let active = t.active;
                let price = t.price.clone();
                let recall = t.recall_months;
                view! {
                    <tr data-testid="treatment-row">
                        <th scope="row">{t.name.clone()}</th>
                        <td>{t.duration_minutes} " min"</td>
                        <td>{t.buffer_minutes} " min"</td>
                        <td>{move || show_money(lang(), &price)}</td>
                        <td data-testid="treatment-recall">{move || recall_text(lang(), recall)}</td>
                        <td>{move || active_text(active)}</td>
                        <td>{catalog.row_actions(t.clone(), name, active)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <Table caption=("Tratamientos", "Treatments") columns=&[
                    ("Nombre", "Name"),
                    ("Duración", "Duration"),
                    ("Preparación", "Buffer"),
                    ("Precio", "Price"),
                    ("Control", "Recall"),
                    ("Estado", "Status"),
                    ("Acciones", "Actions"),
            ]>
                {rows}
            </Table>
        }
    };
    view! {
        <div class="section-head">
            <h2>{move || lang().pick("Tratamientos", "Treatments")}</h2>
            <button
                type="button"
                class="btn primary"
                data-testid="treatment-new"
                on:click=move |_| catalog.open(Editor::New)
            >
                {move || lang().pick("Nuevo tratamiento", "New treatment")}
            </button>
        </div>
        <NoticeArea notice=catalog.notice />
        <ProblemNote error=catalog.failure />
        {catalog.form(move |existing| view! { <TreatmentForm catalog existing /> })}
        {listing(catalog.list, |l| l.pick("Aún no hay tratamientos.", "No treatments yet."), table)}
    }
}

/// Creates a treatment, or edits `existing`.
#[component]
fn TreatmentForm(catalog: Catalog<Treatment>, existing: Option<Treatment>) -> impl IntoView {
    let failure: Failure = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let id = existing.as_ref().map(|t| t.id.to_string());
    let title = form_title(
        existing.as_ref().map(|t| t.name.clone()),
        ("Nuevo tratamiento", "New treatment"),
    );
    // A new treatment takes the currency the clinic already prices in.
    let currency = existing
        .as_ref()
        .map(|t| t.price.currency().to_owned())
        .or_else(|| {
            catalog
                .list
                .items
                .with_untracked(|items| items.first().map(|t| t.price.currency().to_owned()))
        })
        .unwrap_or_else(|| CURRENCIES[0].to_owned());
    let name = RwSignal::new(existing.as_ref().map(|t| t.name.clone()).unwrap_or_default());
    let duration = RwSignal::new(
        existing
            .as_ref()
            .map_or("30".into(), |t| t.duration_minutes.to_string()),
    );
    let buffer = RwSignal::new(existing.as_ref().map_or("0".into(), |t| t.buffer_minutes.to_string()));
    let price = RwSignal::new(existing.as_ref().map(|t| price_input(&t.price)).unwrap_or_default());
    let recall = RwSignal::new(
        existing
            .as_ref()
            .and_then(|t| t.recall_months)
            .map(|m| m.to_string())
            .unwrap_or_default(),
    );
    let currency = RwSignal::new(currency);
    let currencies = Signal::derive(move || {
        let mut codes: Vec<String> = CURRENCIES.iter().map(|c| (*c).to_owned()).collect();
        // A currency set through the API but not offered here stays choosable.
        currency.with(|c| (!codes.contains(c)).then(|| codes.push(c.clone())));
        codes.into_iter().map(|c| (c.clone(), c)).collect()
    });
    let save = Callback::new(move |()| {
        let mut f = Fields::default();
        let duration_minutes = f.parse("duration_minutes", &duration.get_untracked());
        let buffer_minutes = f.parse("buffer_minutes", &buffer.get_untracked());
        let currency = currency.get_untracked();
        let price_minor = parse_price(&price.get_untracked(), &currency);
        if price_minor.is_none() {
            f.fail("price", FieldCode::Invalid, "is not a price, such as 25000 or 12.50");
        }
        let recall_months = recall_months(&mut f, &recall.get_untracked());
        if let Err(invalid) = f.finish() {
            return failure.set(Some(refused(invalid)));
        }
        let body = TreatmentInput {
            name: Some(name.get_untracked()),
            duration_minutes,
            buffer_minutes,
            price_minor,
            currency: Some(currency),
            active: None,
            recall_months,
        };
        let call = catalog.send(id.clone(), body);
        // The server names the amount `price_minor`; the form's field is `price`.
        let call = async move { call.await.map_err(|e| renamed(e, "price_minor", "price")) };
        run(busy, failure, call, move |t| catalog.saved(t));
    });
    let on_cancel = Callback::new(move |()| catalog.editing.set(Editor::Closed));
    view! {
        <FormFrame title save="treatment-save" busy failure on_save=save on_cancel>
            <Field name="name" label=|l| l.pick("Nombre", "Name") value=name error=failure required=true />
            <Field
                name="duration_minutes"
                label=|l| l.pick("Duración (minutos, 5–480)", "Duration (minutes, 5–480)")
                value=duration
                error=failure
                kind="number"
                required=true
            />
            <Field
                name="buffer_minutes"
                label=|l| l.pick("Preparación del sillón después (minutos, 0–120)", "Chair buffer afterwards (minutes, 0–120)")
                value=buffer
                error=failure
                kind="number"
            />
            <div class="field-row">
                <Field name="price" label=|l| l.pick("Precio", "Price") value=price error=failure required=true />
                <Choice name="currency" label=|l| l.pick("Moneda", "Currency") value=currency error=failure options=currencies />
            </div>
            <Field
                name="recall_months"
                label=|l| l.pick(
                    "Recordar tras (meses, 1–36; vacío = no recordar)",
                    "Recall after (months, 1–36; empty = none)",
                )
                value=recall
                error=failure
                kind="number"
            />
        </FormFrame>
    }
}

/// The recall interval as typed: empty (or 0) is none, sent as 0 so that an edit also ends a
/// recall the treatment had; else whole months up to [`MAX_RECALL_MONTHS`]. `None` once a
/// problem is named.
fn recall_months(f: &mut Fields, typed: &str) -> Option<u32> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Some(0);
    }
    let months = f.parse::<u32>("recall_months", typed)?;
    if months > MAX_RECALL_MONTHS {
        f.fail(
            "recall_months",
            FieldCode::OutOfRange,
            format!("is more than {MAX_RECALL_MONTHS} months"),
        );
        return None;
    }
    Some(months)
}

/// How often the treatment's patients are recalled, for the table.
fn recall_text(lang: Lang, months: Option<u32>) -> String {
    match months {
        None => lang.pick("No", "None").to_owned(),
        Some(1) => lang.pick("Tras 1 mes", "After 1 month").to_owned(),
        Some(m) => format!("{} {m} {}", lang.pick("Tras", "After"), lang.pick("meses", "months")),
    }
}

/// The same problem with `from`'s field errors filed under `to`.
fn renamed(error: ApiError, from: &str, to: &str) -> ApiError {
    match error {
        ApiError::Problem(mut problem) => {
            for e in problem.errors.iter_mut().filter(|e| e.field == from) {
                to.clone_into(&mut e.field);
            }
            ApiError::Problem(problem)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the field sends, or the fields refused.
    fn typed(text: &str) -> Result<Option<u32>, Vec<String>> {
        let mut f = Fields::default();
        let months = recall_months(&mut f, text);
        f.finish()
            .map(|()| months)
            .map_err(|e| e.0.into_iter().map(|e| e.field).collect())
    }

    #[test]
    fn a_recall_is_whole_months_up_to_three_years_and_empty_or_zero_is_none() {
        assert_eq!(typed(" 6 "), Ok(Some(6)));
        assert_eq!(typed("36"), Ok(Some(36)));
        assert_eq!(typed(""), Ok(Some(0)), "empty ends a recall the treatment had");
        assert_eq!(typed("0"), Ok(Some(0)));
        for bad in ["37", "-1", "6.5", "seis"] {
            assert_eq!(typed(bad), Err(vec!["recall_months".to_owned()]), "{bad}");
        }
    }

    #[test]
    fn the_table_says_how_long_until_the_recall() {
        assert_eq!(recall_text(Lang::En, Some(6)), "After 6 months");
        assert_eq!(recall_text(Lang::Es, Some(1)), "Tras 1 mes");
        assert_eq!(recall_text(Lang::Es, None), "No");
    }
}
