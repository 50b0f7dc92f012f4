//! The start page: sign-in for everyone, each role then lands on its own page; and a
//! way to a clinic's booking page by its address.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use turnaki_shared::domain::Role;

use crate::i18n::lang;
use crate::session::state;
use crate::ui::{Failure, Field, ProblemNote};

/// `/`: sign in, or go to a clinic.
#[component]
pub fn Home() -> impl IntoView {
    let app = state();
    view! {
        <div class="narrow">
            <h1>{move || lang().pick("Reserva de horas dentales", "Dental appointments")}</h1>
            {move || match app.session.get() {
                Some(s) if s.role != Role::Patient => {
                    let home = s.home(None);
                    view! {
                        <p>
                            <a class="btn primary" href=home data-testid="continue">
                                {move || lang().pick("Continuar a tu panel", "Continue to your workspace")}
                            </a>
                        </p>
                    }
                    .into_any()
                }
                Some(_) => view! {
                    <p>{move || lang().pick(
                        "Tus citas están en la página de tu clínica (el enlace de tus correos).",
                        "Your appointments are on your clinic's page (the link in your emails).",
                    )}</p>
                }
                .into_any(),
                None => view! { <SignInForm /> }.into_any(),
            }}
            <FindClinic />
        </div>
    }
}

/// `/signin`.
#[component]
pub fn SignInPage() -> impl IntoView {
    view! {
        <div class="narrow">
            <h1>{move || lang().pick("Ingresar", "Sign in")}</h1>
            <SignInForm />
        </div>
    }
}

#[component]
fn SignInForm() -> impl IntoView {
    let (email, password) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let failure: Failure = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let app = state();
        let navigate = navigate.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match app.sign_in(&email.get_untracked(), &password.get_untracked()).await {
                Ok(session) => {
                    failure.set(None);
                    navigate(&session.home(None), Default::default());
                }
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="sign-in-title">
            <h2 id="sign-in-title">{move || lang().pick("Equipo de la clínica y pacientes", "Clinic staff and patients")}</h2>
            <form on:submit=submit novalidate>
                <ProblemNote error=failure />
                <Field name="email" label=|l| l.pick("Correo electrónico", "Email") value=email error=failure kind="email" autocomplete="username" required=true />
                <Field name="password" label=|l| l.pick("Contraseña", "Password") value=password error=failure kind="password" autocomplete="current-password" required=true />
                <button type="submit" class="btn primary" data-testid="sign-in-submit" disabled=move || busy.get()>
                    {move || if busy.get() { lang().pick("Ingresando…", "Signing in…") } else { lang().pick("Ingresar", "Sign in") }}
                </button>
            </form>
        </section>
    }
}

#[component]
fn FindClinic() -> impl IntoView {
    let slug = RwSignal::new(String::new());
    let navigate = use_navigate();
    let go = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let slug = slug.get_untracked().trim().to_lowercase();
        if !slug.is_empty() {
            navigate(&format!("/{slug}"), Default::default());
        }
    };
    view! {
        <section class="card" aria-labelledby="find-title">
            <h2 id="find-title">{move || lang().pick("Reservar en una clínica", "Book at a clinic")}</h2>
            <form on:submit=go class="inline">
                <label for="find-slug">{move || lang().pick("Dirección de la clínica (p. ej. sonrisa)", "The clinic's address (e.g. sonrisa)")}</label>
                <input id="find-slug" data-testid="find-slug" autocomplete="off" prop:value=move || slug.get() on:input:target=move |ev| slug.set(ev.target().value()) />
                <button type="submit" class="btn">{move || lang().pick("Ir", "Go")}</button>
            </form>
        </section>
    }
}
