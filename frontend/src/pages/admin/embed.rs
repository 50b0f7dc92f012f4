//! Booking on the clinic's own website: the public page's link, and an `<iframe>` of the
//! embeddable booking route (`/{slug}/embed`) to copy and paste.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::Clinic;
use super::kit::{Notice, NoticeArea};
use crate::i18n::lang;

/// The embed tab.
#[component]
pub fn Embed() -> impl IntoView {
    let clinic = expect_context::<Clinic>();
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let page = {
        let origin = origin.clone();
        move || clinic.0.with(|t| format!("{origin}/{}", t.slug.as_str()))
    };
    let code = move || {
        clinic.0.with(|t| {
            let title = format!(
                "{} {}",
                lang().pick("Reserva tu hora en", "Book an appointment at"),
                t.name
            );
            snippet(&origin, t.slug.as_str(), &title)
        })
    };
    let notice = Notice::new();
    let area = NodeRef::<leptos::html::Textarea>::new();
    let copy = {
        let code = code.clone();
        move |_| {
            let text = code();
            leptos::task::spawn_local(async move {
                if write_clipboard(&text).await {
                    notice.say("Código copiado.", "Code copied.");
                } else if let Some(area) = area.get_untracked() {
                    // No clipboard access (an old browser, or no permission): select it for Ctrl+C.
                    area.select();
                    notice.say(
                        "Código seleccionado: cópialo con Ctrl+C.",
                        "Code selected: copy it with Ctrl+C.",
                    );
                }
            });
        }
    };
    view! {
        <div class="section-head">
            <h2>{move || lang().pick("Reservas en tu sitio web", "Booking on your website")}</h2>
        </div>
        <NoticeArea notice />
        <div class="card">
            <h3>{move || lang().pick("Página pública", "Public page")}</h3>
            <p>
                <a href=page.clone() data-testid="public-link">{page.clone()}</a>
            </p>
        </div>
        <div class="card">
            <h3>{move || lang().pick("Insertar en tu sitio", "Embed in your site")}</h3>
            <p class="hint">
                {move || {
                    lang()
                        .pick(
                            "Copia este código y pégalo en el HTML de tu sitio, donde quieras que aparezcan las reservas.",
                            "Copy this code and paste it into your site's HTML where booking should appear.",
                        )
                }}
            </p>
            <label for="embed-code">{move || lang().pick("Código para insertar", "Embed code")}</label>
            <textarea id="embed-code" class="snippet" readonly rows="4" data-testid="embed-snippet" node_ref=area prop:value=code></textarea>
            <div class="actions">
                <button type="button" class="btn primary" data-testid="embed-copy" on:click=copy>
                    {move || lang().pick("Copiar código", "Copy code")}
                </button>
            </div>
        </div>
    }
}

/// The `<iframe>` to paste; the title (read by screen readers) is escaped for the attribute.
fn snippet(origin: &str, slug: &str, title: &str) -> String {
    let title = title
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        r#"<iframe src="{origin}/{slug}/embed" title="{title}" width="100%" height="720" style="border:0" loading="lazy"></iframe>"#
    )
}

/// `navigator.clipboard.writeText(text)`, reached dynamically because the crate's web-sys
/// features leave the Clipboard API out; `false` when it is missing or refused.
async fn write_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let get = |target: &wasm_bindgen::JsValue, key: &str| js_sys::Reflect::get(target, &key.into()).ok();
    let Some(clipboard) = get(&window.navigator(), "clipboard").filter(|c| !c.is_undefined()) else {
        return false;
    };
    let Some(write) = get(&clipboard, "writeText").and_then(|f| f.dyn_into::<js_sys::Function>().ok()) else {
        return false;
    };
    let Ok(promise) = write.call1(&clipboard, &text.into()) else {
        return false;
    };
    match promise.dyn_into::<js_sys::Promise>() {
        Ok(promise) => JsFuture::from(promise).await.is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_points_at_the_embeddable_route_and_escapes_its_title() {
        let code = snippet("https://turnaki.app", "sonrisa", r#"Book at "Sonrisa" & Co"#);
        assert_eq!(
            code,
            r#"<iframe src="https://turnaki.app/sonrisa/embed" title="Book at &quot;Sonrisa&quot; &amp; Co" width="100%" height="720" style="border:0" loading="lazy"></iframe>"#
        );
    }
}
