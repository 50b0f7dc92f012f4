//! Every clinic on the platform, read page by page (`GET /v1/tenants?cursor=`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use turnaki_shared::api::Page;
use turnaki_shared::domain::{Locale, Tenant};

use crate::api::encode;
use crate::i18n::{Lang, lang};
use crate::session::state;
use crate::time::to_local;
use crate::ui::{Empty, Failure, Loading, ProblemNote};

/// How many clinics one "load more" brings.
const PAGE_SIZE: usize = 25;

/// The path of the page after `cursor` (the first page without one).
fn page_path(cursor: Option<&str>) -> String {
    match cursor {
        Some(c) => format!("/v1/tenants?limit={PAGE_SIZE}&cursor={}", encode(c)),
        None => format!("/v1/tenants?limit={PAGE_SIZE}"),
    }
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
    let app = state();
    let items = RwSignal::new(Vec::<Tenant>::new());
    let cursor = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let failure: Failure = RwSignal::new(None);
    // Bumped by each fresh read, so a slow answer to an older one cannot overwrite it.
    let generation = StoredValue::new(0_u32);

    let fetch = move |after: Option<String>| {
        let fresh = after.is_none();
        if fresh {
            generation.update_value(|g| *g += 1);
        }
        let mine = generation.get_value();
        let client = app.client();
        let path = page_path(after.as_deref());
        loading.set(true);
        failure.set(None);
        spawn_local(async move {
            let answer = client.get::<Page<Tenant>>(&path).await;
            if generation.try_get_value() != Some(mine) {
                return;
            }
            loading.set(false);
            match answer {
                Ok(page) => {
                    cursor.set(page.cursor);
                    if fresh {
                        items.set(page.items);
                    } else {
                        items.update(|all| all.extend(page.items));
                    }
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    Effect::new(move || {
        changes.track();
        fetch(None);
    });

    let rows = move || {
        let l = lang();
        items
            .get()
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
            .collect_view()
    };
    let body = move || {
        if items.with(|all| !all.is_empty()) {
            view! {
                <div class="owner-scroll" role="region" aria-labelledby="clinics-title" tabindex="0">
                    <table class="owner-table">
                        <thead>
                            <tr>
                                <th scope="col">{move || lang().pick("Nombre", "Name")}</th>
                                <th scope="col">{move || lang().pick("Página pública", "Public page")}</th>
                                <th scope="col">{move || lang().pick("Zona horaria", "Time zone")}</th>
                                <th scope="col">{move || lang().pick("Idioma", "Language")}</th>
                                <th scope="col">{move || lang().pick("Alta", "Onboarded")}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        } else if loading.get() {
            view! { <Loading /> }.into_any()
        } else if failure.with(Option::is_none) {
            view! { <Empty text=|l| l.pick("Aún no hay clínicas.", "No clinics yet.") /> }.into_any()
        } else {
            ().into_any()
        }
    };
    view! {
        <section class="card owner-clinics" aria-labelledby="clinics-title">
            <h2 id="clinics-title">{move || lang().pick("Clínicas en la plataforma", "Clinics on the platform")}</h2>
            <ProblemNote error=failure />
            {body}
            <Show when=move || cursor.with(Option::is_some)>
                <button
                    type="button"
                    class="btn"
                    data-testid="load-more"
                    disabled=move || loading.get()
                    on:click=move |_| fetch(cursor.get_untracked())
                >
                    {move || {
                        match loading.get() {
                            true => lang().pick("Cargando…", "Loading…"),
                            false => lang().pick("Cargar más", "Load more"),
                        }
                    }}
                </button>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use turnaki_shared::api::clinics::NewClinic;

    use super::*;

    #[test]
    fn the_first_page_asks_for_a_page_size() {
        assert_eq!(page_path(None), "/v1/tenants?limit=25");
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
            admin_email: "ana@sonrisa.cl".into(),
            admin_name: "Ana".into(),
            admin_password: None,
        };
        // 02:30 UTC on 2 March is still 1 March, 23:30, in Santiago.
        let tenant = clinic.parse("2026-03-02T02:30:00Z".parse().unwrap()).unwrap().tenant;
        assert_eq!(onboarded_on(&tenant), "2026-03-01");
    }
}
