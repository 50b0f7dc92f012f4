//! The app ships as four bundles so nobody downloads screens their role never opens: the
//! patient bundle (clinic page, booking wizard, sign-in, "my appointments") and three for
//! staff — the agenda (reception and dentists), administration, and the owner's console.
//! `static/boot.js` picks one from the path's first segment; moving between bundles is a
//! full page load (the session lives in `localStorage`).

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::lang;

/// One of the app's bundles; its name is its binary's and its files'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bundle {
    /// Everything a patient sees, and signing in.
    Patient,
    /// Reception's calendar and the dentist's agenda.
    Agenda,
    /// The clinic's administration.
    Admin,
    /// The platform owner's console.
    Owner,
}

/// First path segments served by a staff bundle; `static/boot.js` lists the same.
pub const STAFF_SECTIONS: [(&str, Bundle); 4] = [
    ("owner", Bundle::Owner),
    ("admin", Bundle::Admin),
    ("reception", Bundle::Agenda),
    ("dentist", Bundle::Agenda),
];

impl Bundle {
    /// The bundle that serves `path`.
    pub fn for_path(path: &str) -> Self {
        let section = path.trim_start_matches('/').split('/').next().unwrap_or("");
        STAFF_SECTIONS
            .iter()
            .find(|(name, _)| *name == section)
            .map_or(Self::Patient, |(_, bundle)| *bundle)
    }

    /// The bundle's name, as in `static/boot.js` and its files.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Patient => "patient",
            Self::Agenda => "agenda",
            Self::Admin => "admin",
            Self::Owner => "owner",
        }
    }
}

/// A path this bundle has no page for: the other bundle's page (loaded in full), or
/// "not found" when the path is this bundle's own.
#[component]
pub fn Elsewhere(here: Bundle) -> impl IntoView {
    let location = use_location();
    move || {
        let path = location.pathname.get();
        if Bundle::for_path(&path) == here {
            return view! { <NotFound /> }.into_any();
        }
        // The router has already put the address in the bar; loading it again lets
        // boot.js fetch the other bundle. The session survives in localStorage.
        if let Some(window) = web_sys::window()
            && let Err(e) = window.location().reload()
        {
            web_sys::console::warn_1(&e);
        }
        view! { <p class="loading" role="status">{move || lang().pick("Cargando…", "Loading…")}</p> }.into_any()
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <main id="main" class="narrow">
            <h1>{move || lang().pick("Página no encontrada", "Page not found")}</h1>
            <p><a href="/">{move || lang().pick("Volver al inicio", "Back to the start")}</a></p>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use turnaki_shared::domain::Slug;

    #[test]
    fn each_staff_section_opens_its_bundle_and_everything_else_the_patients() {
        assert_eq!(Bundle::for_path("/reception"), Bundle::Agenda);
        assert_eq!(Bundle::for_path("/dentist"), Bundle::Agenda);
        assert_eq!(Bundle::for_path("/admin/outbox"), Bundle::Admin);
        assert_eq!(Bundle::for_path("/owner/"), Bundle::Owner);
        assert_eq!(Bundle::for_path("/"), Bundle::Patient);
        assert_eq!(Bundle::for_path("/signin"), Bundle::Patient);
        assert_eq!(Bundle::for_path("/sonrisa/appointments"), Bundle::Patient);
        assert_eq!(Bundle::for_path("/administrators"), Bundle::Patient);
    }

    #[test]
    fn the_boot_script_picks_bundles_from_the_same_sections() {
        // Were they to disagree, a page would reload into the bundle that sends it back.
        let pairs: Vec<String> = STAFF_SECTIONS
            .iter()
            .map(|(section, bundle)| format!("{section}: \"{}\"", bundle.name()))
            .collect();
        let listed = format!("const SECTIONS = {{ {} }};", pairs.join(", "));
        assert!(
            include_str!("../static/boot.js").contains(&listed),
            "static/boot.js must say {listed}"
        );
    }

    #[test]
    fn no_clinic_can_be_named_after_a_staff_section() {
        for (section, _) in STAFF_SECTIONS {
            assert!(section.parse::<Slug>().is_err(), "{section} is a valid clinic slug");
        }
    }
}
