//! Onboarding a clinic (`POST /v1/tenants`): the clinic and its first admin in one form.
//! The slug follows the name until the owner types one of their own.

use leptos::prelude::*;
use leptos::task::spawn_local;
use turnaki_shared::api::clinics::{NewClinic, Onboarded};
use turnaki_shared::api::fields::{FieldCode, FieldError};
use turnaki_shared::api::paths;
use turnaki_shared::api::problem::ProblemCode;

use crate::api::ApiError;
use crate::i18n::{Lang, lang};
use crate::session::state;
use crate::ui::{Failure, Field, ProblemNote, field_error};

/// Time zones offered as suggestions; any IANA name is accepted.
const ZONES: [&str; 14] = [
    "America/Santiago",
    "America/Bogota",
    "America/Mexico_City",
    "America/Lima",
    "America/Argentina/Buenos_Aires",
    "America/Montevideo",
    "America/Caracas",
    "America/Guayaquil",
    "America/La_Paz",
    "America/Asuncion",
    "America/New_York",
    "Europe/Madrid",
    "Europe/London",
    "UTC",
];

/// Longest slug the API accepts.
const MAX_SLUG: usize = 40;

/// A slug from a clinic's name: lowercase ASCII letters and digits joined by single
/// hyphens, starting with a letter, at most 40 characters ("Clínica Dental Ñuñoa" →
/// "clinica-dental-nunoa").
pub fn suggest_slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        match fold(c) {
            Some(ascii) if !(slug.is_empty() && ascii.starts_with(|a: char| a.is_ascii_digit())) => {
                slug.push_str(ascii)
            }
            // Everything else separates words; a slug starts with a letter.
            _ if !slug.is_empty() && !slug.ends_with('-') => slug.push('-'),
            _ => {}
        }
    }
    if slug.len() > MAX_SLUG {
        // Cut at the last whole word that fits, unless that leaves a stub.
        let cut = slug[..=MAX_SLUG].rfind('-').filter(|&i| i >= 3).unwrap_or(MAX_SLUG);
        slug.truncate(cut);
    }
    slug.trim_end_matches('-').to_owned()
}

/// A lowercase character as ASCII letters or digits, if it is one or carries one.
fn fold(c: char) -> Option<&'static str> {
    const PLAIN: &str = "abcdefghijklmnopqrstuvwxyz0123456789";
    if c.is_ascii_alphanumeric() {
        let i = PLAIN.find(c)?;
        return Some(&PLAIN[i..=i]);
    }
    Some(match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ą' => "a",
        'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'í' | 'ì' | 'î' | 'ï' | 'ī' => "i",
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => "o",
        'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ů' => "u",
        'ñ' | 'ń' | 'ň' => "n",
        'ç' | 'ć' | 'č' => "c",
        'ý' | 'ÿ' => "y",
        'š' | 'ś' => "s",
        'ž' | 'ź' | 'ż' => "z",
        'ł' => "l",
        'ř' => "r",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        _ => return None,
    })
}

/// The slug after the name changes to `name`: the new suggestion while the slug is
/// empty or still the previous suggestion, else `None` (the owner typed their own).
pub fn follow_name(slug: &str, previous_suggestion: &str, name: &str) -> Option<String> {
    (slug.is_empty() || slug == previous_suggestion).then(|| suggest_slug(name))
}

/// The request, with an empty password left out: the identity provider then invites the
/// admin (Cognito), or refuses the account (embedded mode, which cannot send mail).
fn request(form: &Form) -> NewClinic {
    let text = |s: RwSignal<String>| s.get_untracked().trim().to_owned();
    let password = form.admin_password.get_untracked();
    NewClinic {
        name: text(form.name),
        slug: text(form.slug),
        address: text(form.address),
        time_zone: text(form.time_zone),
        locale: form.locale.get_untracked(),
        country: None,
        admin_email: text(form.admin_email),
        admin_name: text(form.admin_name),
        admin_password: (!password.is_empty()).then_some(password),
    }
}

/// A conflict names no field, but the owner fixes it in one: point the field at it so
/// that it is marked and described like a validation error.
pub fn point_at_field(error: ApiError, embedded: bool) -> ApiError {
    let (field, code, message) = match error.code() {
        Some(ProblemCode::SlugTaken) => ("slug", FieldCode::Taken, "is already used by another clinic"),
        Some(ProblemCode::EmailTaken) => ("admin_email", FieldCode::Taken, "already has an account"),
        // The embedded provider cannot mail an invitation, so it refuses an admin without a password.
        Some(ProblemCode::AccountRefused) if embedded => (
            "admin_password",
            FieldCode::Required,
            "is needed, as no invitation can be emailed",
        ),
        _ => return error,
    };
    match error {
        ApiError::Problem(mut problem) if problem.errors.is_empty() => {
            problem.errors.push(FieldError::new(field, code, message));
            ApiError::Problem(problem)
        }
        other => other,
    }
}

/// The form's values.
#[derive(Debug, Clone, Copy)]
struct Form {
    name: RwSignal<String>,
    slug: RwSignal<String>,
    address: RwSignal<String>,
    time_zone: RwSignal<String>,
    locale: RwSignal<String>,
    admin_email: RwSignal<String>,
    admin_name: RwSignal<String>,
    admin_password: RwSignal<String>,
}

impl Form {
    fn new() -> Self {
        Self {
            name: RwSignal::new(String::new()),
            slug: RwSignal::new(String::new()),
            address: RwSignal::new(String::new()),
            time_zone: RwSignal::new("America/Santiago".into()),
            locale: RwSignal::new("es".into()),
            admin_email: RwSignal::new(String::new()),
            admin_name: RwSignal::new(String::new()),
            admin_password: RwSignal::new(String::new()),
        }
    }

    /// Empties the form for the next clinic, keeping zone and language, which are often
    /// the same for a run of clinics.
    fn clear(self) {
        for text in [
            self.name,
            self.slug,
            self.address,
            self.admin_email,
            self.admin_name,
            self.admin_password,
        ] {
            text.set(String::new());
        }
    }
}

/// What the success message says about the clinic just made.
#[derive(Debug, Clone)]
struct Made {
    name: String,
    slug: String,
    admin_email: String,
}

/// The onboarding form and its success message.
#[component]
pub fn OnboardForm(
    /// Runs after a clinic is made.
    on_done: Callback<()>,
) -> impl IntoView {
    let app = state();
    let form = Form::new();
    let busy = RwSignal::new(false);
    let failure: Failure = RwSignal::new(None);
    let made = RwSignal::new(None::<Made>);
    let embedded = move || app.config.with(|c| c.auth != "cognito");

    let suggested = StoredValue::new(String::new());
    Effect::new(move || {
        let name = form.name.get();
        if let Some(next) = form
            .slug
            .with_untracked(|slug| follow_name(slug, &suggested.get_value(), &name))
        {
            form.slug.set(next);
        }
        suggested.set_value(suggest_slug(&name));
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let body = request(&form);
        let client = app.client();
        let embedded = embedded();
        busy.set(true);
        failure.set(None);
        made.set(None);
        spawn_local(async move {
            let answer = client.post::<_, Onboarded>(&paths::tenants(), &body).await;
            busy.set(false);
            match answer {
                Ok(done) => {
                    made.set(Some(Made {
                        name: done.tenant.name,
                        slug: done.tenant.slug.to_string(),
                        admin_email: done.admin.email.to_string(),
                    }));
                    form.clear();
                    on_done.run(());
                }
                Err(e) => failure.set(Some(point_at_field(e, embedded))),
            }
        });
    };

    let locale_error = move || field_error(lang(), failure.get().as_ref(), "locale");
    let zone_error = move || field_error(lang(), failure.get().as_ref(), "time_zone");
    let password_hint = move || match (embedded(), lang()) {
        (true, l) => l.pick(
            "Con ella el administrador ingresa de inmediato. Mínimo 10 caracteres.",
            "The admin signs in with it right away. At least 10 characters.",
        ),
        (false, l) => l.pick(
            "Opcional: sin ella, el administrador recibe una invitación por correo. Mínimo 10 caracteres.",
            "Optional: without one, the admin gets an email invitation. At least 10 characters.",
        ),
    };
    let password_label: fn(Lang) -> &'static str = |l| l.pick("Contraseña inicial", "Initial password");

    view! {
        <section class="card owner-onboard" aria-labelledby="onboard-title">
            <h2 id="onboard-title">{move || lang().pick("Nueva clínica", "New clinic")}</h2>
            <div class="owner-notice" role="status" aria-live="polite">
                {move || made.get().map(|m| view! { <Success made=m /> })}
            </div>
            <form novalidate on:submit=submit>
                <ProblemNote error=failure />
                <fieldset>
                    <legend>{move || lang().pick("La clínica", "The clinic")}</legend>
                    <Field name="name" label=|l| l.pick("Nombre", "Name") value=form.name error=failure required=true />
                    <Field
                        name="slug"
                        label=|l| l.pick("Dirección web (slug)", "Web address (slug)")
                        value=form.slug
                        error=failure
                        required=true
                    />
                    <p class="hint">
                        {move || lang().pick("Su página pública será ", "Its public page will be ")}
                        <code>{move || format!("/{}", form.slug.get())}</code>
                        {move || {
                            lang().pick(
                                ". Minúsculas, dígitos y guiones; de 3 a 40 caracteres.",
                                ". Lowercase letters, digits and hyphens; 3 to 40 characters.",
                            )
                        }}
                    </p>
                    <Field
                        name="address"
                        label=|l| l.pick("Dirección (opcional)", "Street address (optional)")
                        value=form.address
                        error=failure
                        autocomplete="street-address"
                    />
                    <div class="field">
                        <label for="f-time_zone">{move || lang().pick("Zona horaria", "Time zone")}</label>
                        <input
                            id="f-time_zone"
                            name="time_zone"
                            type="text"
                            list="owner-zones"
                            required
                            autocomplete="off"
                            spellcheck="false"
                            data-testid="field-time_zone"
                            aria-invalid=move || zone_error().is_some().to_string()
                            aria-describedby="f-time_zone-error"
                            prop:value=move || form.time_zone.get()
                            on:input:target=move |ev| form.time_zone.set(ev.target().value())
                        />
                        <datalist id="owner-zones">
                            {ZONES.map(|zone| view! { <option value=zone></option> })}
                        </datalist>
                        <span class="field-error" id="f-time_zone-error" aria-live="polite">
                            {zone_error}
                        </span>
                    </div>
                    <div class="field">
                        <label for="f-locale">{move || lang().pick("Idioma", "Language")}</label>
                        <select
                            id="f-locale"
                            name="locale"
                            data-testid="field-locale"
                            aria-invalid=move || locale_error().is_some().to_string()
                            aria-describedby="f-locale-error"
                            on:change:target=move |ev| form.locale.set(ev.target().value())
                        >
                            <option value="es" lang="es" prop:selected=move || form.locale.with(|l| l == "es")>
                                "Español"
                            </option>
                            <option value="en" lang="en" prop:selected=move || form.locale.with(|l| l == "en")>
                                "English"
                            </option>
                        </select>
                        <span class="field-error" id="f-locale-error" aria-live="polite">
                            {locale_error}
                        </span>
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{move || lang().pick("Su administrador", "Its administrator")}</legend>
                    <Field
                        name="admin_name"
                        label=|l| l.pick("Nombre", "Name")
                        value=form.admin_name
                        error=failure
                        autocomplete="off"
                        required=true
                    />
                    <Field
                        name="admin_email"
                        label=|l| l.pick("Correo", "Email")
                        value=form.admin_email
                        error=failure
                        kind="email"
                        required=true
                    />
                    {move || {
                        // Embedded mode cannot mail an invitation, so there the password is needed.
                        let required = embedded();
                        view! {
                            <Field
                                name="admin_password"
                                label=password_label
                                value=form.admin_password
                                error=failure
                                kind="password"
                                autocomplete="new-password"
                                required=required
                            />
                        }
                    }}
                    <p class="hint">{password_hint}</p>
                </fieldset>
                <button type="submit" class="btn primary" data-testid="onboard-submit" disabled=move || busy.get()>
                    {move || {
                        match busy.get() {
                            true => lang().pick("Creando…", "Creating…"),
                            false => lang().pick("Crear clínica", "Create clinic"),
                        }
                    }}
                </button>
            </form>
        </section>
    }
}

/// The message after a clinic is made: its name and page, and who administers it.
#[component]
fn Success(made: Made) -> impl IntoView {
    let Made {
        name,
        slug,
        admin_email,
    } = made;
    let href = format!("/{slug}");
    view! {
        <p class="success" data-testid="onboarded">
            {move || lang().pick("Clínica creada: ", "Clinic created: ")}
            <strong>{name}</strong>
            " ("
            <a href=href.clone()>{href.clone()}</a>
            "). "
            {move || lang().pick("Su administrador ingresa con ", "Its administrator signs in as ")}
            <strong>{admin_email}</strong>
            "."
        </p>
    }
}

#[cfg(test)]
mod tests {
    use turnaki_shared::api::problem::Problem;
    use turnaki_shared::domain::Slug;

    use super::*;

    #[test]
    fn a_spanish_clinic_name_becomes_a_plain_ascii_slug() {
        assert_eq!(suggest_slug("Clínica Dental Ñuñoa"), "clinica-dental-nunoa");
        assert_eq!(
            suggest_slug("  Sonrisa & Cía. — Providencia  "),
            "sonrisa-cia-providencia"
        );
        assert_eq!(suggest_slug("Zahnärzte Straße"), "zahnarzte-strasse");
    }

    #[test]
    fn a_slug_starts_with_a_letter_even_when_the_name_does_not() {
        assert_eq!(suggest_slug("123 Dental 4U"), "dental-4u");
        assert_eq!(suggest_slug("¡Hola!"), "hola");
        assert_eq!(suggest_slug("★"), "");
    }

    #[test]
    fn a_long_name_is_cut_at_a_word_and_still_parses_as_a_slug() {
        let slug = suggest_slug("Centro Odontológico Integral de Especialidades de la Reina");
        assert_eq!(slug, "centro-odontologico-integral-de");
        assert!(slug.parse::<Slug>().is_ok());
        let one_word = suggest_slug(&"a".repeat(60));
        assert_eq!(one_word.len(), 40);
    }

    #[test]
    fn the_slug_follows_the_name_until_the_owner_types_their_own() {
        // Typing the name: the slug keeps up.
        assert_eq!(follow_name("", "", "So").as_deref(), Some("so"));
        assert_eq!(follow_name("so", "so", "Sonrisa").as_deref(), Some("sonrisa"));
        // The owner chose "sonrisa-centro": further name edits leave it alone.
        assert_eq!(follow_name("sonrisa-centro", "sonrisa", "Sonrisa Norte"), None);
        // Clearing the slug hands it back to the name.
        assert_eq!(
            follow_name("", "sonrisa-norte", "Sonrisa Norte").as_deref(),
            Some("sonrisa-norte")
        );
    }

    #[test]
    fn a_taken_slug_or_email_marks_its_field() {
        let conflict = |code| ApiError::Problem(Box::new(Problem::new(409, code, "Conflict")));
        let slug = point_at_field(conflict(ProblemCode::SlugTaken), true);
        assert_eq!(
            (slug.code(), slug.field_errors()[0].field.as_str()),
            (Some(ProblemCode::SlugTaken), "slug")
        );
        let email = point_at_field(conflict(ProblemCode::EmailTaken), false);
        assert_eq!(email.field_errors()[0].field, "admin_email");
        let network = point_at_field(ApiError::Network("offline".into()), true);
        assert!(network.field_errors().is_empty());
    }

    #[test]
    fn a_refused_admin_points_at_the_password_only_in_embedded_mode() {
        let refused = || ApiError::Problem(Box::new(Problem::new(422, ProblemCode::AccountRefused, "Refused")));
        assert_eq!(
            point_at_field(refused(), true).field_errors()[0].field,
            "admin_password"
        );
        assert!(point_at_field(refused(), false).field_errors().is_empty());
    }
}
