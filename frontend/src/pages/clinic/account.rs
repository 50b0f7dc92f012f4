//! A patient's way in for one clinic: register (name, email, phone, password, and a yes to
//! texts when the clinic sends them) or sign in, and what only a signed-in patient sees.

use leptos::prelude::*;
use turnaki_shared::api::paths;
use turnaki_shared::api::staff::{PatientRegistration, Registered};
use turnaki_shared::domain::Role;

use crate::api::ApiError;
use crate::i18n::{lang, phone_hint};
use crate::session::{Session, now_ms, state};
use crate::ui::{Failure, Field, ProblemNote};

/// `children` for a signed-in patient; anyone else registers or signs in first, and staff
/// are told that their account is not a patient's. `texts`: whether the clinic sends texts
/// (its profile says), so registering asks.
#[component]
pub fn AsPatient(slug: String, texts: bool, children: ChildrenFn) -> impl IntoView {
    let app = state();
    move || {
        match app.session.with(|s| s.as_ref().map(|s| s.role)) {
        Some(Role::Patient) => children().into_any(),
        someone => view! {
            {someone.is_some().then(|| view! {
                <p class="muted">{move || lang().pick(
                    "Tu cuenta es de personal de la clínica; para reservar como paciente ingresa con una cuenta de paciente.",
                    "You are signed in as clinic staff; to book as a patient, use a patient account.",
                )}</p>
            })}
            <AccountForm slug=slug.clone() texts />
        }
        .into_any(),
    }
    }
}

/// Register or sign in; the session changes when it works. `texts`: whether the clinic
/// sends texts, so registering asks.
#[component]
pub fn AccountForm(slug: String, texts: bool) -> impl IntoView {
    let registering = RwSignal::new(true);
    let tab = move |register: bool, es: &'static str, en: &'static str, id: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                data-testid=id
                aria-selected=move || (registering.get() == register).to_string()
                on:click=move |_| registering.set(register)
            >
                {move || lang().pick(es, en)}
            </button>
        }
    };
    view! {
        <section class="account card" aria-labelledby="account-title">
            <h3 id="account-title">{move || lang().pick("Para confirmar, identifícate", "To confirm, tell us who you are")}</h3>
            <div role="tablist" class="tabs">
                {tab(true, "Soy nuevo", "I am new here", "tab-register")}
                {tab(false, "Ya tengo cuenta", "I have an account", "tab-sign-in")}
            </div>
            {move || if registering.get() {
                view! { <Register slug=slug.clone() texts /> }.into_any()
            } else {
                view! { <SignIn /> }.into_any()
            }}
        </section>
    }
}

#[component]
fn Register(slug: String, texts: bool) -> impl IntoView {
    let (name, email, phone, password) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let sms = RwSignal::new(false);
    let failure: Failure = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let app = state();
        let client = app.client();
        let path = paths::register(&slug);
        let input = PatientRegistration {
            name: name.get_untracked(),
            email: email.get_untracked(),
            phone: Some(phone.get_untracked()).filter(|p| !p.trim().is_empty()),
            // Only a box the patient saw and ticked is consent.
            sms: texts && sms.get_untracked(),
            password: password.get_untracked(),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match client.post::<_, Registered>(&path, &input).await {
                Ok(done) => {
                    failure.set(None);
                    app.signed_in(Session::from_token(done.token, &input.email, now_ms()));
                }
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <form on:submit=submit novalidate>
            <ProblemNote error=failure />
            <Field name="name" label=|l| l.pick("Nombre y apellido", "Full name") value=name error=failure autocomplete="name" required=true />
            <Field name="email" label=|l| l.pick("Correo electrónico", "Email") value=email error=failure kind="email" autocomplete="email" required=true />
            <Field name="phone" label=|l| l.pick("Teléfono (opcional)", "Phone (optional)") value=phone error=failure kind="tel" autocomplete="tel" hint=phone_hint />
            {texts.then(|| view! {
                <label class="check">
                    <input
                        type="checkbox"
                        name="sms"
                        data-testid="field-sms"
                        prop:checked=move || sms.get()
                        on:change:target=move |ev| sms.set(ev.target().checked())
                    />
                    {move || lang().pick(
                        "Envíenme mensajes de texto (recordatorios y ofertas) a este número",
                        "Send me text messages (reminders and offers) at this number",
                    )}
                </label>
            })}
            <Field name="password" label=|l| l.pick("Contraseña (mínimo 10 caracteres)", "Password (at least 10 characters)") value=password error=failure kind="password" autocomplete="new-password" required=true />
            <button type="submit" class="btn primary" data-testid="register-submit" disabled=move || busy.get()>
                {move || lang().pick("Crear cuenta y continuar", "Create account and continue")}
            </button>
        </form>
    }
}

/// Email and password sign-in for patients (staff sign in on the start page).
#[component]
pub fn SignIn() -> impl IntoView {
    let (email, password) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let failure: Failure = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let app = state();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match app.sign_in(&email.get_untracked(), &password.get_untracked()).await {
                Ok(s) if s.role != Role::Patient => failure.set(Some(not_a_patient())),
                Ok(_) => failure.set(None),
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <form on:submit=submit novalidate>
            <ProblemNote error=failure />
            <Field name="email" label=|l| l.pick("Correo electrónico", "Email") value=email error=failure kind="email" autocomplete="username" required=true />
            <Field name="password" label=|l| l.pick("Contraseña", "Password") value=password error=failure kind="password" autocomplete="current-password" required=true />
            <button type="submit" class="btn primary" data-testid="sign-in-submit" disabled=move || busy.get()>
                {move || lang().pick("Ingresar", "Sign in")}
            </button>
        </form>
    }
}

fn not_a_patient() -> ApiError {
    ApiError::Problem(Box::new(turnaki_shared::api::problem::Problem::new(
        403,
        turnaki_shared::api::problem::ProblemCode::Forbidden,
        "Not a patient account",
    )))
}
