//! The clinic's public page (`/<slug>`) and its iframe-friendly twin (`/<slug>/embed`):
//! who the clinic is, then the booking wizard.

mod account;
mod booking;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use turnaki_shared::api::bookings::AvailabilityQuery;
use turnaki_shared::api::clinics::ClinicProfile;
use turnaki_shared::api::paths;
use turnaki_shared::domain::Locale;

pub use account::{AccountForm, AsPatient};
use booking::BookingWizard;
pub use booking::Day;

use crate::api::ApiError;
use crate::i18n::{Lang, Language, failure, lang};
use crate::session::state;
use crate::time::zone_city;
use crate::ui::Loading;

/// The slug in the address.
pub fn slug_param() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("slug").unwrap_or_default())
}

/// The clinic's public profile, loaded for `slug`; the clinic's language becomes the
/// page's unless the person chose one.
pub fn clinic_profile(slug: Memo<String>) -> LocalResource<Result<ClinicProfile, ApiError>> {
    let language = expect_context::<Language>();
    LocalResource::new(move || {
        let client = state().client();
        let path = paths::clinic(slug.get());
        async move {
            let profile = client.get::<ClinicProfile>(&path).await;
            if let Ok(p) = &profile {
                language.default_to(match p.locale {
                    Locale::Es => Lang::Es,
                    Locale::En => Lang::En,
                });
            }
            profile
        }
    })
}

/// The free starts of `treatment` on the clinic's days `from` to `to`, for one
/// professional or (none) for anyone.
pub fn availability_path(
    slug: &str,
    treatment: &str,
    professional: Option<&str>,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> String {
    let query = AvailabilityQuery {
        treatment_id: Some(treatment.to_owned()),
        professional_id: professional.map(str::to_owned),
        from: Some(from.to_string()),
        to: Some(to.to_string()),
    };
    paths::with_query(paths::availability(slug), &query)
}

/// Renders `page` with the clinic's profile once loaded, or the reason it is not.
pub fn with_clinic<V: IntoView + 'static>(
    profile: LocalResource<Result<ClinicProfile, ApiError>>,
    page: impl Fn(ClinicProfile) -> V + Send + Sync + 'static,
) -> impl IntoView {
    move || match profile.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Ok(p)) => page(p).into_any(),
        Some(Err(e)) => {
            let text = move || {
                if e.status() == Some(404) {
                    lang().pick(
                        "No existe una clínica con esa dirección.",
                        "There is no clinic at this address.",
                    )
                } else {
                    failure(lang(), &e)
                }
            };
            view! { <p class="problem" role="alert" data-testid="problem">{text}</p> }.into_any()
        }
    }
}

/// `/<slug>`: the clinic and its booking wizard.
#[component]
pub fn ClinicPage() -> impl IntoView {
    let slug = slug_param();
    let profile = clinic_profile(slug);
    view! {
        <div class="clinic">
            {with_clinic(profile, move |p| {
                let mine = format!("/{}/appointments", p.slug);
                view! {
                    <section class="clinic-head" aria-labelledby="clinic-name">
                        <h1 id="clinic-name" data-testid="clinic-name">{p.name.clone()}</h1>
                        <p class="address">{p.address.clone()}</p>
                        <p class="muted">
                            {move || lang().pick("Horarios en hora de ", "Times in ")}
                            {zone_city(p.time_zone.name())}
                        </p>
                        <p>
                            <a href=mine data-testid="my-appointments-link">
                                {move || lang().pick("Mis citas", "My appointments")}
                            </a>
                        </p>
                    </section>
                    <BookingWizard profile=p.clone() />
                }
            })}
        </div>
    }
}

/// `/<slug>/embed`: the wizard alone, for an iframe on the clinic's own website.
#[component]
pub fn EmbeddedBooking() -> impl IntoView {
    let slug = slug_param();
    let profile = clinic_profile(slug);
    view! {
        <main id="main" class="embedded">
            {with_clinic(profile, move |p| {
                view! {
                    <h1 class="embedded-title">{p.name.clone()}</h1>
                    <BookingWizard profile=p.clone() />
                }
            })}
        </main>
    }
}
