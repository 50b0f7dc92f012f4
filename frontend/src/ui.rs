//! Small pieces every page uses: the problem banner, loading and empty states, a
//! destructive button that asks once more, a list's table, and a labelled form field that
//! shows its own error to eyes and screen readers.

use leptos::prelude::*;

use turnaki_shared::api::fields::Invalid;
use turnaki_shared::api::problem::{Problem, ProblemCode};

use crate::api::ApiError;
use crate::i18n::{Lang, failure, field_problem, lang};

/// The failure of the last call, if any; shared by a form and its fields.
pub type Failure = RwSignal<Option<ApiError>>;

/// What went wrong with `field`, in `lang`.
pub fn field_error(lang: Lang, error: Option<&ApiError>, field: &str) -> Option<String> {
    let found = error?.field_errors().iter().find(|e| e.field == field)?;
    Some(match lang {
        // The server's sentences are English and specific; Spanish readers get ours.
        Lang::En => format!("{}.", found.message.trim_end_matches('.')),
        Lang::Es => field_problem(lang, found.field_code()).to_owned(),
    })
}

/// Problems found before calling the server, shaped like the server's so that the form's
/// banner and fields show them the same way.
pub fn refused(invalid: Invalid) -> ApiError {
    ApiError::Problem(Box::new(
        Problem::new(422, ProblemCode::ValidationFailed, "Invalid input").fields(invalid.0),
    ))
}

/// The banner for a failed call, announced by screen readers.
#[component]
pub fn ProblemNote(error: Failure) -> impl IntoView {
    move || {
        error.get().map(|e| {
            let text = failure(lang(), &e);
            view! { <p class="problem" role="alert" data-testid="problem" data-code=e.code_text().to_owned()>{text}</p> }
        })
    }
}

/// A busy indicator for a region that is loading.
#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <p class="loading" role="status" aria-live="polite" data-testid="loading">
            {move || lang().pick("Cargando…", "Loading…")}
        </p>
    }
}

/// What a list shows when it has nothing.
#[component]
pub fn Empty(text: fn(Lang) -> &'static str) -> impl IntoView {
    view! { <p class="empty" data-testid="empty">{move || text(lang())}</p> }
}

/// A destructive button that asks once more before acting.
#[component]
pub fn Confirm(
    /// The action, Spanish and English ("Desactivar", "Deactivate").
    action: (&'static str, &'static str),
    /// The record's name, so every button's accessible name says which record.
    what: String,
    /// Runs after the second click.
    on_confirm: Callback<()>,
    /// The first button's `data-testid`.
    #[prop(default = "deactivate")]
    testid: &'static str,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    let yes = NodeRef::<leptos::html::Button>::new();
    // Moving focus to the question keeps keyboard and screen-reader users where it is asked.
    Effect::new(move || {
        if let Some(button) = yes.get() {
            let _ = button.focus();
        }
    });
    // Each accessible name starts with the button's visible word and ends with the record.
    let named = move |es: &'static str, en: &'static str| {
        let what = what.clone();
        move || {
            let verb = lang().pick(action.0, action.1);
            lang()
                .pick(es, en)
                .replace("{verb}", verb)
                .replace("{low}", &verb.to_lowercase())
                + " "
                + &what
        }
    };
    let first = named("{verb}", "{verb}");
    let sure = named("Sí, {low}", "Yes, {low}");
    let keep = named("No, conservar", "No, keep");
    view! {
        <Show
            when=move || asking.get()
            fallback=move || {
                view! {
                    <button
                        type="button"
                        class="btn danger"
                        data-testid=testid
                        aria-label=first.clone()
                        on:click=move |_| asking.set(true)
                    >
                        {move || lang().pick(action.0, action.1)}
                    </button>
                }
            }
        >
            <span class="confirm">
                <span>{move || lang().pick("¿Seguro?", "Are you sure?")}</span>
                <button
                    type="button"
                    class="btn danger-solid"
                    node_ref=yes
                    data-testid="confirm"
                    aria-label=sure.clone()
                    on:click=move |_| {
                        asking.set(false);
                        on_confirm.run(());
                    }
                >
                    {move || lang().pick("Sí", "Yes")}
                </button>
                <button
                    type="button"
                    class="btn"
                    data-testid="confirm-cancel"
                    aria-label=keep.clone()
                    on:click=move |_| asking.set(false)
                >
                    {move || lang().pick("No", "No")}
                </button>
            </span>
        </Show>
    }
}

/// A list's table: it scrolls inside its box on narrow screens, a caption names it for screen
/// readers, and each column has its heading.
#[component]
pub fn Table(
    /// What it lists, Spanish and English (read out, not shown).
    caption: (&'static str, &'static str),
    /// Each column's heading, Spanish and English.
    columns: &'static [(&'static str, &'static str)],
    /// The table's `data-testid`.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// The rows.
    children: Children,
) -> impl IntoView {
    let headings = columns
        .iter()
        .map(|&(es, en)| view! { <th scope="col">{move || lang().pick(es, en)}</th> })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="admin-table" data-testid=testid>
                <caption class="visually-hidden">{move || lang().pick(caption.0, caption.1)}</caption>
                <thead>
                    <tr>{headings}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// A text input with its label and, after a failed submit, its error.
#[component]
pub fn Field(
    /// The API's name for the field, also the input's id stem.
    name: &'static str,
    /// The label, per language.
    label: fn(Lang) -> &'static str,
    /// The value.
    value: RwSignal<String>,
    /// The failure that may name this field.
    error: Failure,
    /// `text`, `email`, `password`, `number`, `date`, `time`, `datetime-local`, `tel`.
    #[prop(default = "text")]
    kind: &'static str,
    /// The browser's autofill hint.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// Whether the form needs it.
    #[prop(default = false)]
    required: bool,
    /// What the app found wrong before sending, in the reader's language; said in place
    /// of the failure's words for the field.
    #[prop(optional, into)]
    said: Option<Signal<Option<String>>>,
    /// How to fill it, per language, shown under the label and read with the input.
    #[prop(optional)]
    hint: Option<fn(Lang) -> &'static str>,
) -> impl IntoView {
    let id = format!("f-{}", name.replace('.', "-"));
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    let message = move || {
        said.and_then(|s| s.get())
            .or_else(|| field_error(lang(), error.get().as_ref(), name))
    };
    view! {
        <div class="field">
            <label for=id.clone()>{move || label(lang())}</label>
            {hint.map(|hint| view! { <span class="field-hint" id=hint_id>{move || hint(lang())}</span> })}
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                required=required
                data-testid=format!("field-{name}")
                aria-invalid=move || message().is_some().to_string()
                aria-describedby=described
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
            />
            <span class="field-error" id=error_id aria-live="polite">{message}</span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use turnaki_shared::api::fields::FieldError;
    use turnaki_shared::api::problem::{Problem, ProblemCode};

    use super::*;

    #[test]
    fn a_field_error_reads_in_the_readers_language() {
        let error = ApiError::Problem(Box::new(
            Problem::new(422, ProblemCode::ValidationFailed, "Invalid").fields(vec![FieldError {
                field: "email".into(),
                code: "invalid".into(),
                message: "is not an email address".into(),
            }]),
        ));
        assert_eq!(
            field_error(Lang::En, Some(&error), "email").unwrap(),
            "is not an email address."
        );
        assert_eq!(
            field_error(Lang::Es, Some(&error), "email").unwrap(),
            "Este valor no es válido."
        );
        assert_eq!(field_error(Lang::Es, Some(&error), "name"), None);
    }
}
