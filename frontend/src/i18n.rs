//! Spanish and English. Every page keeps its own table of texts (a struct with one
//! constant per language, so a missing translation does not compile); this module holds
//! the language itself, the shell's texts and the words for the API's problem codes.

use leptos::prelude::*;
use turnaki_shared::api::fields::FieldCode;
use turnaki_shared::api::problem::ProblemCode;
use turnaki_shared::domain::{BookingStatus, PatientAnswer};

use crate::api::ApiError;

/// A language the app speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Spanish, the default of the clinics Turnaki starts with.
    #[default]
    Es,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 tag, for `lang=` and `Intl`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Es => "es",
            Self::En => "en",
        }
    }

    /// Reads a tag such as `es-CL` or `en`; anything else is `None`.
    pub fn from_tag(tag: &str) -> Option<Self> {
        match tag.get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("es") => Some(Self::Es),
            Some("en") => Some(Self::En),
            _ => None,
        }
    }

    /// Picks this language's entry.
    pub fn pick<T>(self, es: T, en: T) -> T {
        match self {
            Self::Es => es,
            Self::En => en,
        }
    }
}

/// The language the person reads, shared by every page.
#[derive(Debug, Clone, Copy)]
pub struct Language {
    /// The current language.
    pub lang: RwSignal<Lang>,
    /// Whether the person chose it (a clinic's default does not override a choice).
    pub chosen: RwSignal<bool>,
}

const STORAGE_KEY: &str = "turnaki.lang";

impl Language {
    /// The person's stored choice, else the browser's language, else Spanish.
    pub fn start() -> Self {
        let stored = crate::session::storage_get(STORAGE_KEY).and_then(|t| Lang::from_tag(&t));
        let browser = web_sys::window()
            .and_then(|w| w.navigator().language())
            .and_then(|t| Lang::from_tag(&t));
        Self {
            lang: RwSignal::new(stored.or(browser).unwrap_or_default()),
            chosen: RwSignal::new(stored.is_some()),
        }
    }

    /// The person switches language; remembered on this device.
    pub fn choose(self, lang: Lang) {
        crate::session::storage_set(STORAGE_KEY, lang.tag());
        self.chosen.set(true);
        self.lang.set(lang);
        set_document_lang(lang);
    }

    /// A clinic's language, unless the person chose one.
    pub fn default_to(self, lang: Lang) {
        if !self.chosen.get_untracked() && self.lang.get_untracked() != lang {
            self.lang.set(lang);
            set_document_lang(lang);
        }
    }
}

/// Keeps `<html lang>` right for screen readers.
pub fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.tag());
    }
}

/// The current language (reactive).
pub fn lang() -> Lang {
    expect_context::<Language>().lang.get()
}

/// What the API's problem `code` means, for people.
pub fn problem(lang: Lang, code: ProblemCode) -> &'static str {
    use ProblemCode as C;
    let (es, en) = match code {
        C::SlotTaken => (
            "Ese horario acaba de ser tomado por otra persona. Elige otro, por favor.",
            "Someone else just took that time. Please choose another one.",
        ),
        C::HoldMismatch => (
            "La reserva temporal de tu horario ya no vale. Vuelve a elegir la hora.",
            "The hold on your time is no longer valid. Please pick the time again.",
        ),
        C::ValidationFailed | C::MalformedBody => ("Revisa los datos marcados.", "Please check the marked fields."),
        C::InvalidCredentials => ("Correo o contraseña incorrectos.", "Wrong email or password."),
        C::Unauthenticated => (
            "Tu sesión terminó. Vuelve a ingresar.",
            "Your session ended. Please sign in again.",
        ),
        C::Forbidden => ("No tienes permiso para hacer esto.", "You are not allowed to do this."),
        C::NotFound => ("No lo encontramos.", "We could not find it."),
        C::EmailTaken => (
            "Ya existe una cuenta con ese correo.",
            "An account with that email already exists.",
        ),
        C::SlugTaken => (
            "Esa dirección ya la usa otra clínica.",
            "Another clinic already uses that address.",
        ),
        C::OutsideHours => (
            "Ese horario está fuera de la atención.",
            "That time is outside opening hours.",
        ),
        C::OutsideBookingWindow => (
            "Ese horario está fuera del plazo en que se puede reservar o cambiar.",
            "That time is outside the window for booking or changing.",
        ),
        C::OffGrid => (
            "Ese horario no calza con la agenda.",
            "That time does not fit the schedule.",
        ),
        C::NoChairFree => ("No hay sillón libre a esa hora.", "No chair is free at that time."),
        C::ChairUnsuitable => (
            "Ese sillón no sirve para este tratamiento.",
            "That chair does not host this treatment.",
        ),
        C::TreatmentNotOffered => (
            "Ese profesional no realiza este tratamiento.",
            "That professional does not perform this treatment.",
        ),
        C::IllegalTransition | C::BookingFinished => (
            "La cita ya no se puede cambiar así.",
            "The appointment can no longer be changed that way.",
        ),
        C::StaleVersion => (
            "Alguien cambió esta cita recién. Recarga y vuelve a intentar.",
            "Someone changed this appointment just now. Reload and try again.",
        ),
        C::RateLimited => (
            "Demasiados intentos. Espera un momento.",
            "Too many attempts. Please wait a moment.",
        ),
        C::OutsideCancellationWindow => (
            "Ya pasó el plazo para cancelar o cambiar esta cita en línea. Llama a la clínica, por favor.",
            "It is too late to cancel or change this appointment online. Please call the clinic.",
        ),
        C::TooLong => (
            "La cita es más larga de lo que permite la agenda.",
            "The appointment is longer than the schedule allows.",
        ),
        C::Contention => (
            "Alguien hizo un cambio en el mismo momento. Vuelve a intentar.",
            "Someone made a change at the same moment. Please try again.",
        ),
        C::IdempotencyKeyReused => (
            "Esta solicitud ya se envió con otros datos. Recarga y vuelve a intentar.",
            "This request was already sent with other details. Reload and try again.",
        ),
        C::AccountRefused => (
            "No se pudo crear la cuenta con esos datos. Revisa el correo y la contraseña.",
            "The account could not be created with those details. Check the email and password.",
        ),
        C::BadRange => ("Ese rango de fechas no es válido.", "That date range is not valid."),
        C::BadCursor => (
            "La lista cambió. Vuelve a la primera página.",
            "The list has changed. Please go back to the first page.",
        ),
        C::PayloadTooLarge => ("Lo enviado es demasiado grande.", "What was sent is too large."),
        C::UnsupportedMediaType => (
            "La solicitud no tiene el formato esperado.",
            "The request is not in the expected format.",
        ),
        C::LinkInvalid => (
            "Este enlace no es válido. Use el último mensaje de la clínica o llámenos.",
            "This link is not valid. Please use the clinic's latest message or call us.",
        ),
        C::LinkExpired => (
            "Este enlace ya caducó: la cita ya pasó.",
            "This link has expired: the appointment is over.",
        ),
        C::LinkMismatch => (
            "Este enlace es para otra cita u otra acción.",
            "This link is for another appointment or another action.",
        ),
        C::AlreadyWaiting => (
            "Ya está en la lista de espera para este tratamiento.",
            "You are already on the waitlist for this treatment.",
        ),
        C::WaitlistFull => (
            "Ya tiene tantas solicitudes en la lista de espera como se permite. Salga de alguna para agregar otra.",
            "You already have as many waitlist entries as allowed. Leave one to add another.",
        ),
        C::OfferEnded => (
            "Esta hora ya no está reservada para usted: se tomó, se rechazó o pasó el plazo.",
            "This time is no longer kept for you: it was taken, declined, or the time ran out.",
        ),
        C::SigningUnavailable => (
            "No podemos comprobar el enlace en este momento. Inténtelo de nuevo en unos minutos.",
            "We cannot check the link right now. Please try again in a few minutes.",
        ),
        C::StoreUnavailable | C::IdentityUnavailable => (
            "El servicio no está disponible en este momento. Vuelve a intentar en unos minutos.",
            "The service is unavailable right now. Please try again in a few minutes.",
        ),
        // Nothing the person can do about these but try again.
        C::BadRequest | C::MethodNotAllowed | C::Internal => return generic_problem(lang),
    };
    lang.pick(es, en)
}

/// Words for a failure whose code this build does not know (or that is no code at all).
pub fn generic_problem(lang: Lang) -> &'static str {
    lang.pick(
        "Algo salió mal. Vuelve a intentar en un momento.",
        "Something went wrong. Please try again in a moment.",
    )
}

/// What went wrong with a call, for people: the problem's words, the network's, or the
/// generic ones for a code this build does not know.
pub fn failure(lang: Lang, error: &ApiError) -> &'static str {
    match error {
        ApiError::Network(_) => lang.pick(
            "No hay conexión con el servidor. Revisa tu red y vuelve a intentar.",
            "Cannot reach the server. Check your connection and try again.",
        ),
        ApiError::Problem(_) => error
            .code()
            .map_or_else(|| generic_problem(lang), |code| problem(lang, code)),
    }
}

/// A booking status in words, as a label (capitalised).
pub fn booking_status(lang: Lang, status: BookingStatus) -> &'static str {
    match status {
        BookingStatus::Pending => lang.pick("Por confirmar", "Awaiting confirmation"),
        BookingStatus::Confirmed => lang.pick("Confirmada", "Confirmed"),
        BookingStatus::Arrived => lang.pick("En sala de espera", "Arrived"),
        BookingStatus::Completed => lang.pick("Atendida", "Completed"),
        BookingStatus::Cancelled => lang.pick("Cancelada", "Cancelled"),
        BookingStatus::NoShow => lang.pick("No asistió", "No-show"),
    }
}

/// What a field problem's `code` means, for people.
/// `None`, a code this build does not know, reads like `invalid`.
pub fn field_problem(lang: Lang, code: Option<FieldCode>) -> &'static str {
    use FieldCode as F;
    match code {
        Some(F::Required) => lang.pick("Este dato es obligatorio.", "This is required."),
        Some(F::TooLong) => lang.pick("Es demasiado largo.", "This is too long."),
        Some(F::TooShort) => lang.pick("Es demasiado corto.", "This is too short."),
        Some(F::Taken) => lang.pick("Ya está en uso.", "This is already in use."),
        Some(F::Unknown) => lang.pick("No lo conocemos.", "This is not known."),
        Some(F::Invalid | F::TooMany | F::OutOfRange) | None => {
            lang.pick("Este valor no es válido.", "This value is not valid.")
        }
    }
}

/// The patient's answer, in words.
pub fn answer_words(lang: Lang, answer: PatientAnswer) -> &'static str {
    match answer {
        PatientAnswer::Unconfirmed => lang.pick("Sin confirmar", "Not confirmed yet"),
        PatientAnswer::Confirmed { .. } => lang.pick("Asistencia confirmada", "Attendance confirmed"),
        PatientAnswer::Declined { .. } => lang.pick("Cancelada por el paciente", "Cancelled by the patient"),
    }
}

/// How a mobile number may be written: the server reads it in the clinic's country.
pub fn phone_hint(lang: Lang) -> &'static str {
    lang.pick(
        "Como lo marcas en el país de la clínica (por ejemplo 9 6123 4567), o con el código de país (+56 9 6123 4567).",
        "As you dial it in the clinic's country (such as 9 6123 4567), or with the country code (+56 9 6123 4567).",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_the_api_documents_is_one_the_app_has_words_for() {
        // docs/openapi.json names each problem code in backticks in its responses' texts; each
        // must be a `ProblemCode`, which `problem` puts into words in every language.
        let doc: serde_json::Value = serde_json::from_str(include_str!("../../docs/openapi.json")).unwrap();
        let generic = generic_problem(Lang::Es);
        let mut checked = 0;
        for response in doc["components"]["responses"].as_object().unwrap().values() {
            let text = response["description"].as_str().unwrap();
            let quoted = text.split('`').skip(1).step_by(2);
            // `errors` is the field list a validation problem carries, not a code.
            for word in quoted.filter(|w| *w != "errors" && w.chars().all(|c| c.is_ascii_lowercase() || c == '_')) {
                let code: ProblemCode = word.parse().unwrap_or_else(|e| panic!("{e}"));
                assert_ne!(
                    problem(Lang::Es, code),
                    generic,
                    "no words of its own for the problem `{code}`"
                );
                checked += 1;
            }
        }
        assert!(checked >= 25, "only {checked} codes found in docs/openapi.json");
    }

    #[test]
    fn every_code_has_words_in_both_languages() {
        for &code in ProblemCode::ALL {
            let (es, en) = (problem(Lang::Es, code), problem(Lang::En, code));
            assert!(!es.is_empty() && !en.is_empty() && es != en, "`{code}`");
        }
    }

    #[test]
    fn browser_tags_map_to_our_languages() {
        assert_eq!(Lang::from_tag("es-CL"), Some(Lang::Es));
        assert_eq!(Lang::from_tag("EN-gb"), Some(Lang::En));
        assert_eq!(Lang::from_tag("pt-BR"), None);
        assert_eq!(Lang::from_tag(""), None);
    }

    #[test]
    fn a_taken_slot_is_explained_in_both_languages() {
        assert!(problem(Lang::Es, ProblemCode::SlotTaken).contains("tomado"));
        let at = "2026-03-01T10:00:00Z".parse().unwrap();
        for answer in [
            PatientAnswer::Unconfirmed,
            PatientAnswer::Confirmed { at },
            PatientAnswer::Declined { at },
        ] {
            assert_ne!(answer_words(Lang::Es, answer), answer_words(Lang::En, answer));
        }
        assert!(problem(Lang::En, ProblemCode::SlotTaken).contains("took"));
    }

    #[test]
    fn an_unknown_code_or_no_answer_reads_as_generic_or_network() {
        use turnaki_shared::api::problem::Problem;
        let mut unknown = Problem::new(409, ProblemCode::SlotTaken, "New");
        unknown.code = "zzz".into();
        let unknown = ApiError::Problem(Box::new(unknown));
        assert_eq!(failure(Lang::En, &unknown), generic_problem(Lang::En));
        let taken = ApiError::Problem(Box::new(Problem::new(409, ProblemCode::SlotTaken, "Taken")));
        assert_eq!(failure(Lang::En, &taken), problem(Lang::En, ProblemCode::SlotTaken));
        let offline = ApiError::Network("offline".into());
        assert!(failure(Lang::En, &offline).contains("connection"));
    }
}
