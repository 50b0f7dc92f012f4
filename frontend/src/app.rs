//! The app's frame: configuration, session and language for every page, the header, and
//! each bundle's routes. Static sections come first; any other first segment is a
//! clinic's slug.

use leptos::prelude::*;
use leptos_router::components::{A, Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;
use turnaki_shared::domain::Role;

use crate::bundle::{Bundle, Elsewhere};
use crate::i18n::{Lang, Language, lang, set_document_lang};
use crate::pages::{admin, agenda, clinic, home, link, manage, mine, offer, owner};
use crate::session::{AppState, load_config, state};

/// The patient bundle: the clinic's page, its embeddable wizard, sign-in, the patient's
/// appointments, and the pages the links in their messages open.
#[component]
pub fn PatientApp() -> impl IntoView {
    start();
    let elsewhere = || view! { <Elsewhere here=Bundle::Patient /> };
    view! {
        <Router>
            <Routes fallback=elsewhere>
                <Route path=path!("/:slug/embed") view=clinic::EmbeddedBooking />
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=home::Home />
                    <Route path=path!("signin") view=home::SignInPage />
                    // Staff sections would otherwise be taken for clinics' slugs.
                    <Route path=path!("owner") view=elsewhere />
                    <Route path=path!("admin") view=elsewhere />
                    <Route path=path!("reception") view=elsewhere />
                    <Route path=path!("dentist") view=elsewhere />
                    <Route path=path!(":slug") view=clinic::ClinicPage />
                    <Route path=path!(":slug/appointments") view=mine::MyAppointments />
                    <Route path=path!(":slug/appointments/:booking") view=manage::ManageBooking />
                    <Route path=path!(":slug/appointments/:booking/link") view=link::LinkPage />
                    <Route path=path!(":slug/offers/:offer") view=offer::OfferPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// A staff bundle's root: the frame around its sections' routes; any other path belongs
/// to another bundle.
macro_rules! staff_app {
    ($(#[$doc:meta])* $name:ident, $bundle:expr, { $($routes:tt)* }) => {
        $(#[$doc])*
        #[component]
        pub fn $name() -> impl IntoView {
            start();
            view! {
                <Router>
                    <Routes fallback=|| view! { <Elsewhere here=$bundle /> }>
                        <ParentRoute path=path!("") view=Shell>
                            $($routes)*
                        </ParentRoute>
                    </Routes>
                </Router>
            }
        }
    };
}

staff_app!(
    /// The agenda bundle: reception's calendar, the dentist's agenda, the waitlist, and the
    /// patients due back for a recall.
    AgendaApp, Bundle::Agenda, {
        <Route path=path!("reception") view=agenda::Reception />
        <Route path=path!("reception/waitlist") view=agenda::StaffWaitlist />
        <Route path=path!("reception/recalls") view=agenda::StaffRecalls />
        <Route path=path!("dentist") view=agenda::DentistAgenda />
        <Route path=path!("dentist/waitlist") view=agenda::StaffWaitlist />
    }
);

staff_app!(
    /// The administration bundle: a clinic's catalog, hours, staff and settings.
    AdminApp, Bundle::Admin, {
        <Route path=path!("admin") view=admin::AdminConsole />
        <Route path=path!("admin/:section") view=admin::AdminConsole />
    }
);

staff_app!(
    /// The owner bundle: the platform owner's console.
    OwnerApp, Bundle::Owner, {
        <Route path=path!("owner") view=owner::OwnerConsole />
    }
);

/// What every page of every bundle stands on: the session, the language, the clinic
/// configuration and the service worker.
fn start() {
    let app = AppState::start();
    let language = Language::start();
    set_document_lang(language.lang.get_untracked());
    provide_context(app);
    provide_context(language);
    leptos::task::spawn_local(async move {
        if let Some(config) = load_config().await {
            app.config.set(config);
        }
    });
    register_service_worker();
}

/// Header, main landmark and footer around every page but the embedded wizard.
#[component]
fn Shell() -> impl IntoView {
    let app = state();
    let language = expect_context::<Language>();
    let navigate = use_navigate();
    let sign_out = move |_| {
        app.sign_out();
        navigate("/", Default::default());
    };
    let links = move || {
        let role = app.session.with(|s| s.as_ref().map(|s| s.role));
        let l = lang();
        // Exact: a section's own link is not "current" on its waitlist and recall pages too.
        // Dentists do not call patients back, and the recall list is not theirs.
        let pages: &[(&str, &str, &str, bool)] = match role {
            Some(Role::Owner) => &[("/owner", "Clínicas", "Clinics", false)],
            Some(Role::Admin) => &[
                ("/reception", "Agenda", "Calendar", true),
                ("/reception/waitlist", "Lista de espera", "Waitlist", false),
                ("/reception/recalls", "Controles", "Recalls", false),
                ("/admin", "Administración", "Administration", false),
            ],
            Some(Role::Reception) => &[
                ("/reception", "Agenda", "Calendar", true),
                ("/reception/waitlist", "Lista de espera", "Waitlist", false),
                ("/reception/recalls", "Controles", "Recalls", false),
            ],
            Some(Role::Dentist) => &[
                ("/dentist", "Mi agenda", "My agenda", true),
                ("/dentist/waitlist", "Lista de espera", "Waitlist", false),
            ],
            Some(Role::Patient) | None => &[],
        };
        pages
            .iter()
            .map(|(href, es, en, exact)| {
                let testid = format!("nav-{}", href.trim_start_matches('/').replace('/', "-"));
                view! { <A href=*href exact=*exact attr:data-testid=testid>{l.pick(*es, *en)}</A> }
            })
            .collect_view()
    };
    view! {
        <a class="skip" href="#main">{move || lang().pick("Ir al contenido", "Skip to content")}</a>
        <header class="top">
            <A href="/" attr:class="brand">"Turnaki"</A>
            <nav aria-label=move || lang().pick("Principal", "Main")>{links}</nav>
            <div class="top-actions">
                <LanguageSwitch language />
                {move || {
                    app.session.get().map(|s| {
                        view! {
                            <span class="who" data-testid="signed-in-as">{s.email}</span>
                            <button type="button" class="link" data-testid="sign-out" on:click=sign_out.clone()>
                                {move || lang().pick("Salir", "Sign out")}
                            </button>
                        }
                    })
                }}
            </div>
        </header>
        <main id="main" tabindex="-1">
            <Outlet />
        </main>
    }
}

/// The Spanish/English switch; the choice is remembered on this device.
#[component]
pub fn LanguageSwitch(language: Language) -> impl IntoView {
    // The visible name is the accessible name (WCAG 2.5.3), written in its own language.
    let button = move |target: Lang, label: &'static str| {
        view! {
            <button
                type="button"
                class="lang"
                lang=target.tag()
                aria-pressed=move || (language.lang.get() == target).to_string()
                data-testid=format!("lang-{}", target.tag())
                on:click=move |_| language.choose(target)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="lang-switch" role="group" aria-label="Idioma / Language">
            {button(Lang::Es, "Español")}
            {button(Lang::En, "English")}
        </div>
    }
}

/// Registers `/sw.js`, which caches the app shell so the app opens offline and installs.
fn register_service_worker() {
    // Service workers exist only in secure contexts (HTTPS, loopback). On a clinic's network
    // over plain HTTP, or framed by a plain-HTTP website, `navigator.serviceWorker` is
    // undefined, and calling it stopped the app before its first render.
    if let Some(window) = web_sys::window().filter(|w| w.is_secure_context()) {
        let registration = window.navigator().service_worker().register("/sw.js");
        // Awaited so a refusal (no sw.js on a dev server, a private window) is handled
        // here and not reported as an uncaught page error; the app works without it.
        leptos::task::spawn_local(async move {
            if let Err(e) = wasm_bindgen_futures::JsFuture::from(registration).await {
                web_sys::console::warn_1(&e);
            }
        });
    }
}
