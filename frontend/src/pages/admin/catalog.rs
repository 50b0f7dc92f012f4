//! One kind of the clinic's records with a list and a form (treatments, professionals,
//! chairs): create, edit, deactivate with confirmation, reactivate.

use std::future::Future;

use leptos::prelude::*;
use serde::Serialize;

use super::kit::{Notice, run};
use crate::api::ApiError;
use crate::i18n::lang;
use crate::paged::{Paged, Record};
use crate::session::{AppState, state};
use crate::ui::Confirm;
use crate::ui::Failure;

/// Which record the form is open for.
#[derive(Debug, Clone)]
pub enum Editor<T> {
    /// No form.
    Closed,
    /// A new record.
    New,
    /// This record.
    Edit(T),
}

/// One kind of the clinic's records (one collection of the API): its list, the record the form is
/// open for, the announcement after a change and the failure of a row's action.
pub struct Catalog<T: 'static> {
    /// The records.
    pub list: Paged<T>,
    /// The form's target.
    pub editing: RwSignal<Editor<T>>,
    /// What the last change did.
    pub notice: Notice,
    /// Why the last row action failed.
    pub failure: Failure,
    /// Whether a row action is under way.
    acting: RwSignal<bool>,
    paths: CatalogPaths,
    app: AppState,
}

/// Where one kind of record lives: its collection and one record of it, by id.
#[derive(Debug, Clone, Copy)]
pub struct CatalogPaths {
    /// The collection (list, `POST`).
    pub all: fn() -> String,
    /// One record (`PATCH`, `DELETE`).
    pub one: fn(&str) -> String,
}

impl<T> Clone for Catalog<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Catalog<T> {}

impl<T: Record> Catalog<T> {
    /// Starts reading the collection at `paths`.
    pub fn new(paths: CatalogPaths) -> Self {
        Self {
            list: Paged::new((paths.all)()),
            editing: RwSignal::new(Editor::Closed),
            notice: Notice::new(),
            failure: RwSignal::new(None),
            acting: RwSignal::new(false),
            paths,
            app: state(),
        }
    }

    /// Opens the form (for a new record, or one to edit), clearing the last announcement.
    pub fn open(self, editor: Editor<T>) {
        self.notice.clear();
        self.editing.set(editor);
    }

    /// Creates (`POST`) or, given its id, changes (`PATCH`) a record.
    pub fn send<B: Serialize + 'static>(
        self,
        id: Option<String>,
        body: B,
    ) -> impl Future<Output = Result<T, ApiError>> + 'static {
        let client = self.app.client();
        let paths = self.paths;
        async move {
            match id {
                Some(id) => client.patch(&(paths.one)(&id), &body).await,
                None => client.post(&(paths.all)(), &body).await,
            }
        }
    }

    /// A record came back from the server: list it, close the form, say so.
    pub fn saved(self, item: T) {
        self.list.upsert(item);
        self.editing.set(Editor::Closed);
        self.notice.saved();
    }

    /// [`Self::send`], then [`Self::saved`]; failures go to the form.
    pub fn save<B: Serialize + 'static>(self, id: Option<String>, body: B, busy: RwSignal<bool>, failure: Failure) {
        run(busy, failure, self.send(id, body), move |item| self.saved(item));
    }

    /// The form, while one is open; `form` gets the record to edit, or none for a new one.
    pub fn form<V: IntoView + 'static>(self, form: impl Fn(Option<T>) -> V + Send + Sync + 'static) -> impl IntoView {
        move || match self.editing.get() {
            Editor::Closed => None,
            Editor::New => Some(form(None)),
            Editor::Edit(item) => Some(form(Some(item))),
        }
    }

    /// A row's Edit button and, as the record is active or not, Deactivate (confirmed) or
    /// Reactivate; the API archives on `DELETE` and revives with `PATCH {"active": true}`.
    pub fn row_actions(self, item: T, name: String, active: bool) -> impl IntoView {
        let id = item.key();
        let edit_label = {
            let name = name.clone();
            move || format!("{} {name}", lang().pick("Editar", "Edit"))
        };
        let switch = if active {
            let on_confirm = Callback::new(move |_| self.deactivate(id.clone()));
            view! { <Confirm action=("Desactivar", "Deactivate") what=name on_confirm /> }.into_any()
        } else {
            let label = move || format!("{} {name}", lang().pick("Reactivar", "Reactivate"));
            view! {
                <button
                    type="button"
                    class="btn"
                    data-testid="reactivate"
                    aria-label=label
                    disabled=move || self.acting.get()
                    on:click=move |_| self.reactivate(id.clone())
                >
                    {move || lang().pick("Reactivar", "Reactivate")}
                </button>
            }
            .into_any()
        };
        view! {
            <div class="row-actions">
                <button
                    type="button"
                    class="btn"
                    data-testid="edit"
                    aria-label=edit_label
                    on:click=move |_| self.open(Editor::Edit(item.clone()))
                >
                    {move || lang().pick("Editar", "Edit")}
                </button>
                {switch}
            </div>
        }
    }

    fn deactivate(self, id: String) {
        let client = self.app.client();
        let path = (self.paths.one)(&id);
        run(
            self.acting,
            self.failure,
            async move { client.delete(&path).await },
            move |()| {
                self.list.reload();
                self.notice.say("Desactivado.", "Deactivated.");
            },
        );
    }

    fn reactivate(self, id: String) {
        let call = self.send(Some(id), serde_json::json!({ "active": true }));
        run(self.acting, self.failure, call, move |item| {
            self.list.upsert(item);
            self.notice.say("Reactivado.", "Reactivated.");
        });
    }
}
