//! Clinic administration (`/admin/:section`): treatments, professionals with their weekly
//! hours and time off, clinic closures, chairs, staff accounts, the clinic's settings,
//! the outbox of sent emails and texts, the month's figures, and the snippet that embeds
//! booking in the clinic's website. One file per tab; `kit` and `catalog` hold what the
//! tabs share.

mod catalog;
mod chairs;
mod embed;
mod figures;
mod hours;
mod kit;
mod outbox;
mod professionals;
mod settings;
mod staff;
mod time_off;
mod treatments;
mod week;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use turnaki_shared::api::paths;
use turnaki_shared::domain::{Role, Tenant};
use turnaki_shared::ids::TenantId;

use crate::i18n::lang;
use crate::session::state;
use crate::ui::{Failure, Loading, ProblemNote};

/// The tabs, in the nav's order: path segment, Spanish, English.
const SECTIONS: [(&str, &str, &str); 8] = [
    ("treatments", "Tratamientos", "Treatments"),
    ("professionals", "Profesionales", "Professionals"),
    ("chairs", "Sillones", "Chairs"),
    ("staff", "Personal", "Staff"),
    ("settings", "Configuración", "Settings"),
    ("outbox", "Mensajes enviados", "Sent messages"),
    ("figures", "Cifras del mes", "This month's figures"),
    ("embed", "Tu sitio web", "Your website"),
];

/// The admin's clinic, read once and shared by the tabs (its zone for times, its slug for
/// links); the settings tab replaces it after a change.
#[derive(Debug, Clone, Copy)]
pub struct Clinic(pub RwSignal<Tenant>);

/// The admin console; only a clinic's admin gets past the door.
#[component]
pub fn AdminConsole() -> impl IntoView {
    let app = state();
    let clinic = move || {
        app.session
            .with(|s| s.as_ref().filter(|s| s.role == Role::Admin).and_then(|s| s.tenant_id))
    };
    move || {
        match clinic() {
        Some(id) => view! { <Console id /> }.into_any(),
        None => view! {
            <div class="admin narrow">
                <h1>{move || lang().pick("Administración", "Administration")}</h1>
                <p>
                    {move || lang().pick("Esta página es para quien administra una clínica. ", "This page is for clinic administrators. ")}
                    <a href="/signin">{move || lang().pick("Ingresar", "Sign in")}</a>
                </p>
            </div>
        }
        .into_any(),
    }
    }
}

/// Reads the clinic, then shows the nav and the chosen tab.
#[component]
fn Console(id: TenantId) -> impl IntoView {
    let app = state();
    let tenant = RwSignal::new(None::<Tenant>);
    let failure: Failure = RwSignal::new(None);
    let client = app.client();
    leptos::task::spawn_local(async move {
        match client.get::<Tenant>(&paths::tenant(id)).await {
            Ok(t) => tenant.set(Some(t)),
            Err(e) => failure.set(Some(e)),
        }
    });
    let ready = move || tenant.get().map(|tenant| view! { <Section tenant /> });
    let nav = SECTIONS
        .iter()
        .map(|(segment, es, en)| {
            view! {
                <li>
                    <A href=format!("/admin/{segment}") attr:data-testid=format!("admin-nav-{segment}")>
                        {move || lang().pick(*es, *en)}
                    </A>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="admin">
            <h1>{move || lang().pick("Administración de la clínica", "Clinic administration")}</h1>
            <nav class="admin-nav" aria-label=move || lang().pick("Secciones", "Sections")>
                <ul>{nav}</ul>
            </nav>
            <ProblemNote error=failure />
            <Show when=move || tenant.with(Option::is_none) && failure.with(Option::is_none)>
                <Loading />
            </Show>
            {ready}
        </div>
    }
}

/// The tab named by `/admin/:section` (`/admin` alone is treatments), with the clinic.
#[component]
fn Section(tenant: Tenant) -> impl IntoView {
    provide_context(Clinic(RwSignal::new(tenant)));
    let params = use_params_map();
    let section = Memo::new(move |_| params.read().get("section").unwrap_or_default());
    move || {
        let view = match section.get().as_str() {
            "" | "treatments" => view! { <treatments::Treatments /> }.into_any(),
            "professionals" => view! { <professionals::Professionals /> }.into_any(),
            "chairs" => view! { <chairs::Chairs /> }.into_any(),
            "staff" => view! { <staff::Staff /> }.into_any(),
            "settings" => view! { <settings::Settings /> }.into_any(),
            "outbox" => view! { <outbox::Outbox /> }.into_any(),
            "figures" => view! { <figures::Figures /> }.into_any(),
            "embed" => view! { <embed::Embed /> }.into_any(),
            _ => {
                view! { <p>{move || lang().pick("Esa sección no existe.", "There is no such section.")}</p> }.into_any()
            }
        };
        view! { <section class="admin-section">{view}</section> }
    }
}
