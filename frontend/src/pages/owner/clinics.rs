//! Every clinic on the platform, read page by page (`GET /v1/tenants?cursor=`).

use leptos::prelude::*;
use turnaki_shared::api::paths::{self, PageQuery};
use turnaki_shared::domain::{Locale, Tenant};

use crate::i18n::{Lang, lang};
use crate::paged::{Paged, Record, listing};
use crate::time::to_local;

/// How many clinics one "load more" brings.
const PAGE_SIZE: u32 = 25;

/// The clinics list's first page; "load more" adds the cursor.
fn page_path() -> String {
    let query = PageQuery {
        cursor: None,
        limit: Some(PAGE_SIZE),
    };
    paths::with_query(paths::tenants(), &query)
}

/// The clinic's language, named in the reader's.
fn locale_name(reader: Lang, locale: Locale) -> &'static str {
    match locale {
        Locale::Es => reader.pick("Español", "Spanish"),
        Locale::En => reader.pick("Inglés", "English"),
    }
}

/// The day the clinic was onboarded, on its own calendar, as `YYYY-MM-DD` (the same in
/// both languages and sortable by eye).
fn onboarded_on(tenant: &Tenant) -> String {
    to_local(tenant.time_zone.name(), tenant.created_at)
        .format("%Y-%m-%d")
        .to_string()
}

/// The clinics table with its loading, empty and error states and "load more".
#[component]
pub fn ClinicList(
    /// Bumped after an onboarding: the list is read again from the start.
    changes: RwSignal<u32>,
) -> impl IntoView {
    let paged = Paged::<Tenant>::new(page_path());
    Effect::watch(move || changes.get(), move |_, _, _| paged.reload(), false);
    let table = move |items: Vec<Tenant>| {
        let l = lang();
        let rows = items
            .into_iter()
            .map(|t| {
                let href = format!("/{}", t.slug);
                let created = onboarded_on(&t);
                let created_at = t.created_at.to_rfc3339();
                view! {
                    <tr data-testid="clinic-row" data-slug=t.slug.to_string()>
                        <th scope="row">{t.name}</th>
                        <td>
                            <a href=href>{format!("/{}", t.slug)}</a>
                        </td>
                        <td>{t.time_zone.name()}</td>
                        <td>{locale_name(l, t.locale)}</td>
                        <td>
                            <time datetime=created_at>{created}</time>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="owner-scroll" role="region" aria-labelledby="clinics-title" tabindex="0">
                <table class="owner-table">
                    <thead>
                        <tr>
                            <th scope="col">{l.pick("Nombre", "Name")}</th>
                            <th scope="col">{l.pick("Página pública", "Public page")}</th>
                            <th scope="col">{l.pick("Zona horaria", "Time zone")}</th>
                            <th scope="col">{l.pick("Idioma", "Language")}</th>
                            <th scope="col">{l.pick("Alta", "Onboarded")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    };
    view! {
        <section class="card owner-clinics" aria-labelledby="clinics-title">
            <h2 id="clinics-title">{move || lang().pick("Clínicas en la plataforma", "Clinics on the platform")}</h2>
            {listing(paged, |l| l.pick("Aún no hay clínicas.", "No clinics yet."), table)}
        </section>
    }
}

impl Record for Tenant {
    fn key(&self) -> String {
        self.id.to_string()
    }
}

#[cfg(test)]
mod tests {
    use turnaki_shared::api::clinics::NewClinic;

    use super::*;

    #[test]
    fn the_first_page_asks_for_a_page_size() {
        assert_eq!(page_path(), format!("{}?limit=25", paths::tenants()));
    }

    #[test]
    fn a_clinic_language_is_named_in_the_readers_language() {
        assert_eq!(locale_name(Lang::Es, Locale::En), "Inglés");
        assert_eq!(locale_name(Lang::En, Locale::Es), "Spanish");
    }

    #[test]
    fn a_clinic_onboarded_late_at_night_in_santiago_shows_its_own_date() {
        let clinic = NewClinic {
            name: "Sonrisa".into(),
            slug: "sonrisa".into(),
            address: String::new(),
            time_zone: "America/Santiago".into(),
            locale: "es".into(),
            country: None,
            admin_email: "ana@sonrisa.cl".into(),
            admin_name: "Ana".into(),
            admin_password: None,
        };
        // 02:30 UTC on 2 March is still 1 March, 23:30, in Santiago.
        let tenant = clinic.parse("2026-03-02T02:30:00Z".parse().unwrap()).unwrap().tenant;
        assert_eq!(onboarded_on(&tenant), "2026-03-01");
    }
}
