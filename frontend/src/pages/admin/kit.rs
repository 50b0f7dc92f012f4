//! What the admin tabs share: their records' ids for the paged lists, the announcement
//! after a change, a form's frame, a select field and the treatment checkboxes.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;
use turnaki_shared::api::outbox::OutboxMessage;
use turnaki_shared::domain::{Chair, Professional, TimeOff, Treatment, User};
use turnaki_shared::ids::TreatmentId;

use crate::api::ApiError;
use crate::i18n::{Lang, lang};
use crate::paged::Record;
use crate::ui::{Failure, ProblemNote, field_error};

impl Record for Treatment {
    fn key(&self) -> String {
        self.id.to_string()
    }
}

impl Record for Professional {
    fn key(&self) -> String {
        self.id.to_string()
    }
}

impl Record for Chair {
    fn key(&self) -> String {
        self.id.to_string()
    }
}

impl Record for User {
    fn key(&self) -> String {
        self.id.to_string()
    }
}

impl Record for TimeOff {
    fn key(&self) -> String {
        self.id.to_string()
    }
}

impl Record for OutboxMessage {
    fn key(&self) -> String {
        self.content.id().to_string()
    }
}

/// "Active" or "Inactive", in the reader's language (reactive).
pub fn active_text(active: bool) -> &'static str {
    match active {
        true => lang().pick("Activo", "Active"),
        false => lang().pick("Inactivo", "Inactive"),
    }
}

/// A form's heading: "Edit {name}" for a record, else the new-record title.
pub fn form_title(editing: Option<String>, new: (&'static str, &'static str)) -> Signal<String> {
    Signal::derive(move || match &editing {
        Some(name) => format!("{} {name}", lang().pick("Editar", "Edit")),
        None => lang().pick(new.0, new.1).to_owned(),
    })
}

/// Runs one call: marks the form busy, clears its last failure, and hands the answer on.
pub fn run<T: 'static>(
    busy: RwSignal<bool>,
    failure: Failure,
    call: impl Future<Output = Result<T, ApiError>> + 'static,
    done: impl FnOnce(T) + 'static,
) {
    busy.set(true);
    failure.set(None);
    spawn_local(async move {
        let answer = call.await;
        busy.set(false);
        match answer {
            Ok(value) => done(value),
            Err(e) => failure.set(Some(e)),
        }
    });
}

/// The section's announcement after a change ("Saved."), read out by screen readers.
#[derive(Debug, Clone, Copy)]
pub struct Notice(RwSignal<Option<(&'static str, &'static str)>>);

impl Notice {
    /// Nothing announced yet.
    pub fn new() -> Self {
        Self(RwSignal::new(None))
    }

    /// Announces a result, Spanish and English.
    pub fn say(self, es: &'static str, en: &'static str) {
        self.0.set(Some((es, en)));
    }

    /// Clears the last announcement (a new task has begun).
    pub fn clear(self) {
        self.0.set(None);
    }

    /// Announces a saved change.
    pub fn saved(self) {
        self.say("Cambios guardados.", "Changes saved.");
    }
}

/// Where a section's [`Notice`] appears; the live region is always there so that
/// screen readers announce what is put in it.
#[component]
pub fn NoticeArea(notice: Notice) -> impl IntoView {
    view! {
        <div class="notice" role="status" aria-live="polite">
            {move || {
                notice.0.get().map(|(es, en)| view! { <p class="saved" data-testid="saved">{move || lang().pick(es, en)}</p> })
            }}
        </div>
    }
}

/// A form's frame: heading, problem banner, the fields, and Save (and Cancel, when given).
#[component]
pub fn FormFrame(
    /// The form's heading.
    title: Signal<String>,
    /// The Save button's `data-testid`.
    save: &'static str,
    /// Whether a call is under way.
    busy: RwSignal<bool>,
    /// The last call's failure.
    failure: Failure,
    /// Runs on Save.
    on_save: Callback<()>,
    /// Runs on Cancel; no Cancel button without it.
    #[prop(optional)]
    on_cancel: Option<Callback<()>>,
    children: Children,
) -> impl IntoView {
    let heading = NodeRef::<leptos::html::H3>::new();
    // An opened form takes focus, so the admin does not hunt for it.
    Effect::new(move || {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    view! {
        <form
            class="card admin-form"
            novalidate
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                on_save.run(());
            }
        >
            <h3 tabindex="-1" node_ref=heading>
                {move || title.get()}
            </h3>
            <ProblemNote error=failure />
            {children()}
            <div class="actions">
                <button type="submit" class="btn primary" data-testid=save disabled=move || busy.get()>
                    {move || if busy.get() { lang().pick("Guardando…", "Saving…") } else { lang().pick("Guardar", "Save") }}
                </button>
                {on_cancel
                    .map(|cancel| {
                        view! {
                            <button type="button" class="btn" on:click=move |_| cancel.run(())>
                                {move || lang().pick("Cancelar", "Cancel")}
                            </button>
                        }
                    })}
            </div>
        </form>
    }
}

/// A labelled select with its error, the twin of `ui::Field` for closed choices.
#[component]
pub fn Choice(
    /// The API's name for the field, also the select's id stem.
    name: &'static str,
    /// The label, per language.
    label: fn(Lang) -> &'static str,
    /// The chosen value.
    value: RwSignal<String>,
    /// The failure that may name this field.
    error: Failure,
    /// `(value, text)` pairs.
    options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let hint = format!("{id}-error");
    let message = move || field_error(lang(), error.get().as_ref(), name);
    view! {
        <div class="field">
            <label for=id.clone()>{move || label(lang())}</label>
            <select
                id=id
                name=name
                data-testid=format!("field-{name}")
                aria-invalid=move || message().is_some().to_string()
                aria-describedby=hint.clone()
                on:change:target=move |ev| value.set(ev.target().value())
            >
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(v, text)| {
                            let chosen = v.clone();
                            view! {
                                <option value=v prop:selected=move || value.with(|current| *current == chosen)>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <span class="field-error" id=hint aria-live="polite">
                {message}
            </span>
        </div>
    }
}

/// Checkboxes for the treatments a professional performs or a chair hosts.
#[component]
pub fn TreatmentPicker(
    /// The group's legend, per language.
    legend: fn(Lang) -> &'static str,
    /// The clinic's treatments.
    treatments: RwSignal<Vec<Treatment>>,
    /// The ones ticked.
    chosen: RwSignal<Vec<TreatmentId>>,
    /// The failure that may name `treatments`.
    error: Failure,
) -> impl IntoView {
    let boxes = move || {
        let all = treatments.get();
        if all.is_empty() {
            return view! {
                <p class="hint">
                    {move || lang().pick("Primero crea tratamientos.", "Create treatments first.")}
                </p>
            }
            .into_any();
        }
        all.into_iter()
            .map(|t| {
                let id = t.id;
                let inactive = (!t.active).then_some(move || lang().pick(" (inactivo)", " (inactive)"));
                view! {
                    <label class="check">
                        <input
                            type="checkbox"
                            name="treatments"
                            value=id.to_string()
                            prop:checked=move || chosen.with(|c| c.contains(&id))
                            on:change:target=move |ev| {
                                let on = ev.target().checked();
                                chosen
                                    .update(|c| {
                                        c.retain(|x| *x != id);
                                        if on {
                                            c.push(id);
                                        }
                                    });
                            }
                        />
                        {t.name}
                        {inactive}
                    </label>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <fieldset class="checks">
            <legend>{move || legend(lang())}</legend>
            {boxes}
            <span class="field-error" aria-live="polite">
                {move || field_error(lang(), error.get().as_ref(), "treatments")}
            </span>
        </fieldset>
    }
}
