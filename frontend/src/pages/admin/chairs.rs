//! Chairs (operatories): the rooms a booking takes, and the treatments each can host.

use leptos::prelude::*;
use turnaki_shared::api::paths;
use turnaki_shared::api::resources::ChairInput;
use turnaki_shared::domain::{Chair, Treatment};

use super::catalog::{Catalog, CatalogPaths, Editor};
use super::kit::{FormFrame, NoticeArea, TreatmentPicker, active_text, form_title};
use crate::i18n::lang;
use crate::paged::{Paged, listing};
use crate::ui::{Failure, Field, ProblemNote, Table};

/// The chairs tab.
#[component]
pub fn Chairs() -> impl IntoView {
    let catalog = Catalog::<Chair>::new(CatalogPaths {
        all: paths::chairs,
        one: |id| paths::chair(id),
    });
    let treatments = Paged::<Treatment>::new(paths::treatments());
    let table = move |items: Vec<Chair>| {
        let rows = items
            .into_iter()
            .map(|c| {
                let hosts = c.treatments.clone();
                let names = move || {
                    treatments.items.with(|all| {
                        all.iter()
                            .filter(|t| hosts.contains(&t.id))
                            .map(|t| t.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                };
                view! {
                    <tr data-testid="chair-row">
                        <th scope="row">{c.name.clone()}</th>
                        <td>{names}</td>
                        <td>{move || active_text(c.active)}</td>
                        <td>{catalog.row_actions(c.clone(), c.name.clone(), c.active)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <Table caption=("Sillones", "Chairs") columns=&[
                    ("Nombre", "Name"),
                    ("Tratamientos", "Treatments"),
                    ("Estado", "Status"),
                    ("Acciones", "Actions"),
            ]>
                {rows}
            </Table>
        }
    };
    view! {
        <div class="section-head">
            <h2>{move || lang().pick("Sillones", "Chairs")}</h2>
            <button type="button" class="btn primary" data-testid="chair-new" on:click=move |_| catalog.open(Editor::New)>
                {move || lang().pick("Nuevo sillón", "New chair")}
            </button>
        </div>
        <NoticeArea notice=catalog.notice />
        <ProblemNote error=catalog.failure />
        {catalog.form(move |existing| view! { <ChairForm catalog treatments=treatments.items existing /> })}
        {listing(catalog.list, |l| l.pick("Aún no hay sillones.", "No chairs yet."), table)}
    }
}

/// Creates a chair, or edits `existing`.
#[component]
fn ChairForm(catalog: Catalog<Chair>, treatments: RwSignal<Vec<Treatment>>, existing: Option<Chair>) -> impl IntoView {
    let failure: Failure = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let id = existing.as_ref().map(|c| c.id.to_string());
    let title = form_title(existing.as_ref().map(|c| c.name.clone()), ("Nuevo sillón", "New chair"));
    let name = RwSignal::new(existing.as_ref().map(|c| c.name.clone()).unwrap_or_default());
    let chosen = RwSignal::new(existing.map(|c| c.treatments).unwrap_or_default());
    let save = Callback::new(move |()| {
        let body = ChairInput {
            name: Some(name.get_untracked()),
            treatments: Some(chosen.get_untracked().iter().map(ToString::to_string).collect()),
            active: None,
        };
        catalog.save(id.clone(), body, busy, failure);
    });
    let on_cancel = Callback::new(move |()| catalog.editing.set(Editor::Closed));
    view! {
        <FormFrame title save="chair-save" busy failure on_save=save on_cancel>
            <Field name="name" label=|l| l.pick("Nombre (p. ej. Box 1)", "Name (e.g. Box 1)") value=name error=failure required=true />
            <TreatmentPicker
                legend=|l| l.pick("Tratamientos que puede recibir", "Treatments it can host")
                treatments
                chosen
                error=failure
            />
        </FormFrame>
    }
}
