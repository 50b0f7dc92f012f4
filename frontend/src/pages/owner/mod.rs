//! The platform owner's console (`/owner`): every clinic on the platform, onboarding a new
//! clinic with its first admin, and how much each clinic books per month. One file per
//! part; this one holds the door (owners only) and the page that puts the parts together.

mod clinics;
mod onboard;
mod usage;

use leptos::prelude::*;
use turnaki_shared::domain::Role;

use crate::i18n::lang;
use crate::session::state;

/// The owner's console; only the platform owner gets past the door.
#[component]
pub fn OwnerConsole() -> impl IntoView {
    let app = state();
    let is_owner = move || app.session.with(|s| s.as_ref().is_some_and(|s| s.role == Role::Owner));
    move || match is_owner() {
        true => view! { <Console /> }.into_any(),
        false => view! {
            <div class="owner narrow">
                <h1>{move || lang().pick("Clínicas", "Clinics")}</h1>
                <p>
                    {move || {
                        lang().pick(
                            "Esta página es para quien opera la plataforma. ",
                            "This page is for the platform operator. ",
                        )
                    }}
                    <a href="/signin">{move || lang().pick("Ingresar", "Sign in")}</a>
                </p>
            </div>
        }
        .into_any(),
    }
}

/// The three parts; a new clinic refreshes the list and the usage table, which both
/// listen to `changes`.
#[component]
fn Console() -> impl IntoView {
    let changes = RwSignal::new(0_u32);
    view! {
        <div class="owner">
            <h1>{move || lang().pick("Clínicas", "Clinics")}</h1>
            <div class="owner-grid">
                <clinics::ClinicList changes />
                <onboard::OnboardForm on_done=Callback::new(move |()| changes.update(|n| *n += 1)) />
            </div>
            <usage::UsageTable changes />
        </div>
    }
}
