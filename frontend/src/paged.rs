//! A list read from the API page by page (`?cursor=`), and how every list shows its
//! states: loading, failed, empty, its items, and "load more" while pages remain.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use turnaki_shared::api::Page;

use crate::api::with_cursor;
use crate::i18n::{Lang, lang};
use crate::session::{AppState, state};
use crate::ui::{Empty, Failure, Loading, ProblemNote};

/// A record with a stable id, so a changed copy replaces the old one in a list.
pub trait Record: Clone + DeserializeOwned + Send + Sync + 'static {
    /// The id as the API's paths spell it.
    fn key(&self) -> String;
}

/// A list read from the API page by page (`?cursor=`).
pub struct Paged<T: 'static> {
    /// What has been read so far.
    pub items: RwSignal<Vec<T>>,
    cursor: RwSignal<Option<String>>,
    loading: RwSignal<bool>,
    failure: Failure,
    path: StoredValue<String>,
    /// Bumped by each reload, so the answer to an older one is dropped.
    generation: StoredValue<u32>,
    app: AppState,
}

impl<T> Clone for Paged<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Paged<T> {}

impl<T: Record> Paged<T> {
    /// Starts reading `path` (which may carry a query already).
    pub fn new(path: String) -> Self {
        let paged = Self {
            items: RwSignal::new(Vec::new()),
            cursor: RwSignal::new(None),
            loading: RwSignal::new(false),
            failure: RwSignal::new(None),
            path: StoredValue::new(path),
            generation: StoredValue::new(0),
            app: state(),
        };
        paged.reload();
        paged
    }

    /// Reads the first page again.
    pub fn reload(self) {
        self.fetch(None);
    }

    /// Reads another list (`path`) from its first page, in place of this one; the old list
    /// goes at once, so a filter never shows what it filters out while the new one loads.
    pub fn retarget(self, path: String) {
        self.path.set_value(path);
        self.items.set(Vec::new());
        self.cursor.set(None);
        self.reload();
    }

    fn more(self) {
        if let Some(cursor) = self.cursor.get_untracked() {
            self.fetch(Some(cursor));
        }
    }

    fn fetch(self, cursor: Option<String>) {
        let fresh = cursor.is_none();
        if fresh {
            self.generation.update_value(|g| *g += 1);
        }
        let generation = self.generation.get_value();
        let path = self.path.with_value(|path| with_cursor(path, cursor.as_deref()));
        let client = self.app.client();
        self.loading.set(true);
        self.failure.set(None);
        spawn_local(async move {
            let answer = client.get::<Page<T>>(&path).await;
            if self.generation.try_get_value() != Some(generation) {
                return;
            }
            self.loading.set(false);
            match answer {
                Ok(page) => {
                    self.cursor.set(page.cursor);
                    if fresh {
                        self.items.set(page.items);
                    } else {
                        self.items.update(|items| items.extend(page.items));
                    }
                }
                Err(e) => self.failure.set(Some(e)),
            }
        });
    }

    /// A button that reads the list again from its first page (others may have changed it).
    pub fn refresh_button(self, testid: &'static str) -> impl IntoView {
        view! {
            <button type="button" class="btn" data-testid=testid on:click=move |_| self.reload()>
                {move || lang().pick("Actualizar", "Refresh")}
            </button>
        }
    }

    /// Puts a created or changed record in the list.
    pub fn upsert(self, item: T) {
        self.items
            .update(|items| match items.iter_mut().find(|i| i.key() == item.key()) {
                Some(slot) => *slot = item,
                None => items.push(item),
            });
    }

    /// Takes a deleted record out of the list.
    pub fn remove(self, key: &str) {
        self.items.update(|items| items.retain(|i| i.key() != key));
    }
}

/// A list's states: loading, failed, empty, its content, and "load more" while pages remain.
pub fn listing<T: Record, V: IntoView + 'static>(
    paged: Paged<T>,
    empty: fn(Lang) -> &'static str,
    content: impl Fn(Vec<T>) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let body = move || {
        let items = paged.items.get();
        if !items.is_empty() {
            content(items).into_any()
        } else if paged.loading.get() {
            view! { <Loading /> }.into_any()
        } else if paged.failure.with(Option::is_none) {
            view! { <Empty text=empty /> }.into_any()
        } else {
            ().into_any()
        }
    };
    view! {
        <ProblemNote error=paged.failure />
        {body}
        <Show when=move || paged.cursor.with(Option::is_some)>
            <button
                type="button"
                class="btn more"
                data-testid="load-more"
                disabled=move || paged.loading.get()
                on:click=move |_| paged.more()
            >
                {move || lang().pick("Cargar más", "Load more")}
            </button>
        </Show>
    }
}
