//! The clinic's settings: name, address, zone, language, country, the channels each family
//! of messages takes, and the booking rules (grid, notice, horizon, cancellation window,
//! reminders, how long a waitlist offer keeps its time, when a recalled patient is reminded
//! again). Only changed fields are sent, so a setting someone else changed meanwhile is not
//! overwritten with an old value.

use leptos::prelude::*;
use turnaki_shared::api::clinics::ClinicPatch;
use turnaki_shared::api::fields::{Fields, Invalid};
use turnaki_shared::api::paths;
use turnaki_shared::domain::{Channels, Delivery, Tenant};

use super::Clinic;
use super::kit::{Choice, FormFrame, Notice, NoticeArea, run};
use crate::i18n::{Lang, lang};
use crate::session::state;
use crate::ui::{Failure, Field, refused};

/// Zones offered in the zone field's suggestions; any IANA name may be typed.
const ZONES: [&str; 12] = [
    "America/Santiago",
    "America/Punta_Arenas",
    "Pacific/Easter",
    "America/Argentina/Buenos_Aires",
    "America/Lima",
    "America/Bogota",
    "America/Mexico_City",
    "America/Montevideo",
    "America/New_York",
    "Europe/Madrid",
    "Atlantic/Canary",
    "Europe/London",
];

/// Countries offered in the country field, ISO code with Spanish and English names: Latin
/// America, Spain, Portugal and the United States, where the app's clinics are.
const COUNTRIES: [(&str, &str, &str); 23] = [
    ("AR", "Argentina", "Argentina"),
    ("BO", "Bolivia", "Bolivia"),
    ("BR", "Brasil", "Brazil"),
    ("CL", "Chile", "Chile"),
    ("CO", "Colombia", "Colombia"),
    ("CR", "Costa Rica", "Costa Rica"),
    ("CU", "Cuba", "Cuba"),
    ("EC", "Ecuador", "Ecuador"),
    ("SV", "El Salvador", "El Salvador"),
    ("ES", "España", "Spain"),
    ("US", "Estados Unidos", "United States"),
    ("GT", "Guatemala", "Guatemala"),
    ("HN", "Honduras", "Honduras"),
    ("MX", "México", "Mexico"),
    ("NI", "Nicaragua", "Nicaragua"),
    ("PA", "Panamá", "Panama"),
    ("PY", "Paraguay", "Paraguay"),
    ("PE", "Perú", "Peru"),
    ("PT", "Portugal", "Portugal"),
    ("PR", "Puerto Rico", "Puerto Rico"),
    ("DO", "República Dominicana", "Dominican Republic"),
    ("UY", "Uruguay", "Uruguay"),
    ("VE", "Venezuela", "Venezuela"),
];

/// The country field's choices: none first, then [`COUNTRIES`], and the clinic's `current`
/// code when it is another (set through the API), so the field shows what is saved.
fn country_options(lang: Lang, current: &str) -> Vec<(String, String)> {
    let none = (
        String::new(),
        lang.pick(
            "Ninguno (teléfonos con código de país)",
            "None (phones with their country code)",
        )
        .to_owned(),
    );
    let listed = COUNTRIES.iter().any(|(code, ..)| *code == current);
    let other = (!current.is_empty() && !listed).then(|| (current.to_owned(), current.to_owned()));
    let known = COUNTRIES
        .iter()
        .map(|(code, es, en)| ((*code).to_owned(), format!("{} ({code})", lang.pick(*es, *en))));
    std::iter::once(none).chain(other).chain(known).collect()
}

/// A family of messages whose channel the clinic chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Confirmations,
    Reminders,
    WaitlistOffers,
    Recalls,
}

impl Family {
    /// Its delivery within `channels`, to read or to change.
    fn of(self, channels: &mut Channels) -> &mut Delivery {
        match self {
            Self::Confirmations => &mut channels.confirmations,
            Self::Reminders => &mut channels.reminders,
            Self::WaitlistOffers => &mut channels.waitlist_offers,
            Self::Recalls => &mut channels.recalls,
        }
    }
}

/// The families, in the fieldset's order, with their API names (for the radios' names and
/// test ids) and their radio groups' legends.
const FAMILIES: [(Family, &str, &str, &str); 4] = [
    (
        Family::Confirmations,
        "confirmations",
        "Confirmaciones (y solicitudes, cambios y cancelaciones)",
        "Confirmations (and requests, moves and cancellations)",
    ),
    (
        Family::Reminders,
        "reminders",
        "Recordatorios (y peticiones de confirmación)",
        "Reminders (and requests to confirm)",
    ),
    (
        Family::WaitlistOffers,
        "waitlist_offers",
        "Ofertas de la lista de espera",
        "Waitlist offers",
    ),
    (Family::Recalls, "recalls", "Recordatorios de control", "Recalls"),
];

/// The deliveries, with their API names and words.
const DELIVERIES: [(Delivery, &str, &str, &str); 3] = [
    (Delivery::Email, "email", "Correo", "Email"),
    (Delivery::Sms, "sms", "Mensaje de texto", "Text"),
    (Delivery::Both, "both", "Ambos", "Both"),
];

/// The settings as the form holds them: text, as typed, and the channels as chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsText {
    name: String,
    address: String,
    time_zone: String,
    locale: String,
    /// The ISO code, empty for none.
    country: String,
    channels: Channels,
    granularity_minutes: String,
    min_notice_minutes: String,
    horizon_days: String,
    cancellation_window_hours: String,
    reminder_hours_before: String,
    same_day_reminder_hours: String,
    confirmation_request_hours: String,
    waitlist_offer_minutes: String,
    recall_follow_up_weeks: String,
}

impl SettingsText {
    /// The clinic's current settings.
    pub fn of(t: &Tenant) -> Self {
        let r = &t.rules;
        Self {
            name: t.name.clone(),
            address: t.address.clone(),
            time_zone: t.time_zone.name().to_owned(),
            locale: t.locale.code().to_owned(),
            country: t.country.map(|c| c.as_str().to_owned()).unwrap_or_default(),
            channels: t.channels,
            granularity_minutes: r.granularity().minutes().to_string(),
            min_notice_minutes: r.min_notice_minutes().to_string(),
            horizon_days: r.horizon_days().to_string(),
            cancellation_window_hours: r.cancellation_window_hours().to_string(),
            reminder_hours_before: r.reminder_hours_before().to_string(),
            same_day_reminder_hours: r.same_day_reminder_hours().unwrap_or(0).to_string(),
            confirmation_request_hours: r.confirmation_request_hours().unwrap_or(0).to_string(),
            waitlist_offer_minutes: r.waitlist_offer_minutes().to_string(),
            recall_follow_up_weeks: r.recall_follow_up_weeks().unwrap_or(0).to_string(),
        }
    }

    /// What differs from `current`, as a patch; numbers that are not numbers are named. Where
    /// 0 means "none", an emptied field means none too; an emptied country is sent as "",
    /// which clears it.
    pub fn changes(&self, current: &Tenant) -> Result<ClinicPatch, Invalid> {
        let was = Self::of(current);
        let text = |now: &String, then: &String| (now.trim() != then.trim()).then(|| now.trim().to_owned());
        let mut f = Fields::default();
        let mut number =
            |field: &str, now: &String, then: &String| text(now, then).and_then(|t| f.parse::<u32>(field, &t));
        let or_none = |now: &String| match now.trim() {
            "" => "0".to_owned(),
            typed => typed.to_owned(),
        };
        let patch = ClinicPatch {
            granularity_minutes: number(
                "granularity_minutes",
                &self.granularity_minutes,
                &was.granularity_minutes,
            ),
            min_notice_minutes: number("min_notice_minutes", &self.min_notice_minutes, &was.min_notice_minutes),
            horizon_days: number("horizon_days", &self.horizon_days, &was.horizon_days),
            cancellation_window_hours: number(
                "cancellation_window_hours",
                &self.cancellation_window_hours,
                &was.cancellation_window_hours,
            ),
            reminder_hours_before: number(
                "reminder_hours_before",
                &self.reminder_hours_before,
                &was.reminder_hours_before,
            ),
            same_day_reminder_hours: number(
                "same_day_reminder_hours",
                &or_none(&self.same_day_reminder_hours),
                &was.same_day_reminder_hours,
            ),
            confirmation_request_hours: number(
                "confirmation_request_hours",
                &or_none(&self.confirmation_request_hours),
                &was.confirmation_request_hours,
            ),
            waitlist_offer_minutes: number(
                "waitlist_offer_minutes",
                &self.waitlist_offer_minutes,
                &was.waitlist_offer_minutes,
            ),
            recall_follow_up_weeks: number(
                "recall_follow_up_weeks",
                &or_none(&self.recall_follow_up_weeks),
                &was.recall_follow_up_weeks,
            ),
            name: text(&self.name, &was.name),
            address: text(&self.address, &was.address),
            time_zone: text(&self.time_zone, &was.time_zone),
            locale: text(&self.locale, &was.locale),
            country: text(&self.country, &was.country),
            channels: (self.channels != was.channels).then_some(self.channels),
        };
        f.finish()?;
        Ok(patch)
    }
}

/// The settings tab.
#[component]
pub fn Settings() -> impl IntoView {
    let clinic = expect_context::<Clinic>();
    let start = clinic.0.with_untracked(SettingsText::of);
    let field = |value: &String| RwSignal::new(value.clone());
    let name = field(&start.name);
    let address = field(&start.address);
    let time_zone = field(&start.time_zone);
    let locale = field(&start.locale);
    let country = field(&start.country);
    let channels = RwSignal::new(start.channels);
    let granularity = field(&start.granularity_minutes);
    let notice_minutes = field(&start.min_notice_minutes);
    let horizon = field(&start.horizon_days);
    let cancellation = field(&start.cancellation_window_hours);
    let reminder = field(&start.reminder_hours_before);
    let same_day = field(&start.same_day_reminder_hours);
    let confirm_ahead = field(&start.confirmation_request_hours);
    let offer_minutes = field(&start.waitlist_offer_minutes);
    let recall_weeks = field(&start.recall_follow_up_weeks);
    let failure: Failure = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let notice = Notice::new();
    let app = state();
    let save = Callback::new(move |()| {
        let typed = SettingsText {
            name: name.get_untracked(),
            address: address.get_untracked(),
            time_zone: time_zone.get_untracked(),
            locale: locale.get_untracked(),
            country: country.get_untracked(),
            channels: channels.get_untracked(),
            granularity_minutes: granularity.get_untracked(),
            min_notice_minutes: notice_minutes.get_untracked(),
            horizon_days: horizon.get_untracked(),
            cancellation_window_hours: cancellation.get_untracked(),
            reminder_hours_before: reminder.get_untracked(),
            same_day_reminder_hours: same_day.get_untracked(),
            confirmation_request_hours: confirm_ahead.get_untracked(),
            waitlist_offer_minutes: offer_minutes.get_untracked(),
            recall_follow_up_weeks: recall_weeks.get_untracked(),
        };
        let current = clinic.0.get_untracked();
        let patch = match typed.changes(&current) {
            Ok(patch) => patch,
            Err(invalid) => return failure.set(Some(refused(invalid))),
        };
        let client = app.client();
        let path = paths::tenant(current.id);
        let call = async move { client.patch::<_, Tenant>(&path, &patch).await };
        run(busy, failure, call, move |tenant| {
            clinic.0.set(tenant);
            notice.saved();
        });
    });
    let locales = Signal::derive(|| {
        vec![
            ("es".to_owned(), "Español".to_owned()),
            ("en".to_owned(), "English".to_owned()),
        ]
    });
    let countries = Signal::derive(move || country_options(lang(), &clinic.0.with(|t| SettingsText::of(t).country)));
    let grids = Signal::derive(|| {
        [5, 10, 15, 20, 30, 60]
            .map(|m| (m.to_string(), format!("{m} min")))
            .to_vec()
    });
    let title = Signal::derive(move || {
        lang()
            .pick("Datos y reglas de reserva", "Details and booking rules")
            .to_owned()
    });
    let zones = ZONES.map(|z| view! { <option value=z></option> }).to_vec();
    view! {
        <div class="section-head">
            <h2>{move || lang().pick("Configuración", "Settings")}</h2>
        </div>
        <NoticeArea notice />
        <FormFrame title save="settings-save" busy failure on_save=save>
            <Field name="name" label=|l| l.pick("Nombre de la clínica", "Clinic name") value=name error=failure required=true />
            <Field name="address" label=|l| l.pick("Dirección", "Address") value=address error=failure />
            <div class="field-row">
                <div class="field">
                    <label for="f-time_zone">{move || lang().pick("Zona horaria (IANA)", "Time zone (IANA)")}</label>
                    <input
                        id="f-time_zone"
                        name="time_zone"
                        list="admin-zones"
                        data-testid="field-time_zone"
                        aria-describedby="f-time_zone-error"
                        prop:value=move || time_zone.get()
                        on:input:target=move |ev| time_zone.set(ev.target().value())
                    />
                    <datalist id="admin-zones">{zones}</datalist>
                    <span class="field-error" id="f-time_zone-error" aria-live="polite">
                        {move || crate::ui::field_error(lang(), failure.get().as_ref(), "time_zone")}
                    </span>
                </div>
                <Choice name="locale" label=|l| l.pick("Idioma de la clínica", "Clinic language") value=locale error=failure options=locales />
            </div>
            <Choice
                name="country"
                label=|l| l.pick(
                    "País (los teléfonos escritos sin código de país se leen en él)",
                    "Country (phone numbers written without a country code are read in it)",
                )
                value=country
                error=failure
                options=countries
            />
            <ChannelChoices channels />
            <fieldset class="rules">
                <legend>{move || lang().pick("Reservas", "Booking")}</legend>
                <Choice name="granularity_minutes" label=|l| l.pick("Intervalo de la agenda", "Calendar grid") value=granularity error=failure options=grids />
                <Field
                    name="min_notice_minutes"
                    label=|l| l.pick("Anticipación mínima (minutos)", "Minimum notice (minutes)")
                    value=notice_minutes
                    error=failure
                    kind="number"
                />
                <Field name="horizon_days" label=|l| l.pick("Se puede reservar hasta (días)", "Bookable up to (days ahead)") value=horizon error=failure kind="number" />
                <Field
                    name="cancellation_window_hours"
                    label=|l| l.pick("Cancelar o cambiar hasta (horas antes)", "Cancel or move until (hours before)")
                    value=cancellation
                    error=failure
                    kind="number"
                />
            </fieldset>
            <fieldset class="rules">
                <legend>{move || lang().pick("Recordatorios", "Reminders")}</legend>
                <Field name="reminder_hours_before" label=|l| l.pick("Recordatorio (horas antes, 1–168)", "Reminder (hours before, 1–168)") value=reminder error=failure kind="number" />
                <Field
                    name="same_day_reminder_hours"
                    label=|l| l.pick("Segundo recordatorio el mismo día (horas antes, 1–12; 0 = no enviar)", "Same-day reminder (hours before, 1–12; 0 = none)")
                    value=same_day
                    error=failure
                    kind="number"
                />
                <Field
                    name="confirmation_request_hours"
                    label=|l| l.pick(
                        "Pedir a los pacientes que confirmen su asistencia (horas antes, 1–336; 0 = no pedir)",
                        "Ask patients to confirm they will come (hours before, 1–336; 0 = do not ask)",
                    )
                    value=confirm_ahead
                    error=failure
                    kind="number"
                />
            </fieldset>
            <fieldset class="rules">
                <legend>{move || lang().pick("Lista de espera", "Waitlist")}</legend>
                <Field
                    name="waitlist_offer_minutes"
                    label=|l| l.pick(
                        "Minutos que se guarda una hora liberada para el paciente al que se le ofrece (5–240)",
                        "Minutes freed time is kept for the patient it is offered to (5–240)",
                    )
                    value=offer_minutes
                    error=failure
                    kind="number"
                />
            </fieldset>
            <fieldset class="rules">
                <legend>{move || lang().pick("Controles", "Recalls")}</legend>
                <p class="muted">{move || lang().pick(
                    "El día en que a un paciente le toca volver (según el tratamiento) recibe un recordatorio con un enlace para reservar.",
                    "On the day a patient is due back (as the treatment says) they get a recall with a link to book.",
                )}</p>
                <Field
                    name="recall_follow_up_weeks"
                    label=|l| l.pick(
                        "Segundo recordatorio de control tras (semanas, 1–26; 0 o vacío = no enviar)",
                        "Second recall after (weeks, 1–26; 0 or empty = none)",
                    )
                    value=recall_weeks
                    error=failure
                    kind="number"
                />
            </fieldset>
        </FormFrame>
    }
}

/// One radio group per family of messages: email, text or both.
#[component]
fn ChannelChoices(channels: RwSignal<Channels>) -> impl IntoView {
    let groups = FAMILIES
        .into_iter()
        .map(|(family, key, legend_es, legend_en)| {
            let radios = DELIVERIES
                .into_iter()
                .map(|(delivery, value, es, en)| {
                    let name = format!("channels-{key}");
                    view! {
                        <label class="check">
                            <input
                                type="radio"
                                name=name
                                value=value
                                data-testid=format!("channel-{key}-{value}")
                                prop:checked=move || *family.of(&mut channels.get()) == delivery
                                on:change=move |_| channels.update(|c| *family.of(c) = delivery)
                            />
                            {move || lang().pick(es, en)}
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="checks">
                    <legend>{move || lang().pick(legend_es, legend_en)}</legend>
                    {radios}
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <fieldset class="rules channels">
            <legend>{move || lang().pick("Canales", "Channels")}</legend>
            <p class="muted">{move || lang().pick(
                "Los mensajes de texto llegan solo a los pacientes que aceptaron recibirlos; los demás reciben el correo.",
                "Texts go only to patients who accepted them; the others get the email.",
            )}</p>
            {groups}
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use turnaki_shared::domain::{BookingRules, Locale};
    use turnaki_shared::ids::TenantId;

    use super::*;

    fn clinic() -> Tenant {
        Tenant {
            id: TenantId::new(),
            slug: "sonrisa".parse().unwrap(),
            name: "Sonrisa".into(),
            address: "Av. Providencia 1234".into(),
            time_zone: "America/Santiago".parse().unwrap(),
            locale: Locale::Es,
            rules: BookingRules::default(),
            country: None,
            channels: Default::default(),
            created_at: "2026-01-01T00:00:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn an_untouched_form_sends_nothing() {
        let patch = SettingsText::of(&clinic()).changes(&clinic()).unwrap();
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            serde_json::to_string(&ClinicPatch::default()).unwrap()
        );
    }

    #[test]
    fn a_changed_reminder_is_the_only_thing_sent() {
        let mut typed = SettingsText::of(&clinic());
        typed.reminder_hours_before = "48".into();
        let patch = typed.changes(&clinic()).unwrap();
        assert_eq!(
            (patch.reminder_hours_before, patch.name, patch.horizon_days),
            (Some(48), None, None)
        );
    }

    #[test]
    fn turning_on_the_same_day_reminder_then_off_again_sends_zero() {
        let mut clinic = clinic();
        let mut typed = SettingsText::of(&clinic);
        typed.same_day_reminder_hours = "2".into();
        assert_eq!(typed.changes(&clinic).unwrap().same_day_reminder_hours, Some(2));
        clinic.rules = BookingRules::try_from(turnaki_shared::domain::BookingRulesParts {
            same_day_reminder_hours: Some(2),
            ..clinic.rules.parts()
        })
        .unwrap();
        let mut typed = SettingsText::of(&clinic);
        typed.same_day_reminder_hours = "0".into();
        assert_eq!(typed.changes(&clinic).unwrap().same_day_reminder_hours, Some(0));
    }

    /// The fields a typed form is refused for.
    fn refused(typed: &SettingsText) -> Vec<String> {
        typed
            .changes(&clinic())
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn asking_for_confirmation_sends_its_hours_and_zero_stops_asking() {
        let mut typed = SettingsText::of(&clinic());
        assert_eq!(typed.confirmation_request_hours, "0", "a new clinic does not ask");
        typed.confirmation_request_hours = "48".into();
        let patch = typed.changes(&clinic()).unwrap();
        assert_eq!(
            (patch.confirmation_request_hours, patch.reminder_hours_before),
            (Some(48), None)
        );
        typed.confirmation_request_hours = "dos días".into();
        assert_eq!(refused(&typed), ["confirmation_request_hours"]);
    }

    #[test]
    fn a_new_clinic_keeps_offers_fifteen_minutes_and_a_change_sends_only_that() {
        let mut typed = SettingsText::of(&clinic());
        assert_eq!(typed.waitlist_offer_minutes, "15", "the default hold of an offer");
        typed.waitlist_offer_minutes = " 30 ".into();
        let patch = typed.changes(&clinic()).unwrap();
        assert_eq!(
            (patch.waitlist_offer_minutes, patch.confirmation_request_hours),
            (Some(30), None)
        );
        typed.waitlist_offer_minutes = "media hora".into();
        assert_eq!(refused(&typed), ["waitlist_offer_minutes"]);
    }

    #[test]
    fn a_second_recall_sends_its_weeks_and_zero_or_an_emptied_field_stops_it() {
        let mut clinic = clinic();
        let mut typed = SettingsText::of(&clinic);
        assert_eq!(typed.recall_follow_up_weeks, "0", "a new clinic sends one recall");
        typed.recall_follow_up_weeks = "".into();
        assert_eq!(
            typed.changes(&clinic).unwrap().recall_follow_up_weeks,
            None,
            "emptied is none, as it was"
        );
        typed.recall_follow_up_weeks = " 4 ".into();
        let patch = typed.changes(&clinic).unwrap();
        assert_eq!(
            (patch.recall_follow_up_weeks, patch.waitlist_offer_minutes),
            (Some(4), None)
        );
        typed.recall_follow_up_weeks = "un mes".into();
        assert_eq!(refused(&typed), ["recall_follow_up_weeks"]);
        clinic.rules = BookingRules::try_from(turnaki_shared::domain::BookingRulesParts {
            recall_follow_up_weeks: Some(4),
            ..clinic.rules.parts()
        })
        .unwrap();
        let mut typed = SettingsText::of(&clinic);
        assert_eq!(typed.recall_follow_up_weeks, "4");
        for off in ["0", " "] {
            typed.recall_follow_up_weeks = off.into();
            assert_eq!(
                typed.changes(&clinic).unwrap().recall_follow_up_weeks,
                Some(0),
                "{off:?}"
            );
        }
    }

    /// The demo clinic's texting: in Chile, reminders and offers by text as well.
    fn texting() -> Tenant {
        Tenant {
            country: Some("CL".parse().unwrap()),
            channels: Channels {
                reminders: Delivery::Both,
                waitlist_offers: Delivery::Both,
                ..Channels::default()
            },
            ..clinic()
        }
    }

    #[test]
    fn a_texting_clinic_untouched_sends_neither_country_nor_channels() {
        let patch = SettingsText::of(&texting()).changes(&texting()).unwrap();
        assert_eq!((patch.country, patch.channels), (None, None));
    }

    #[test]
    fn a_chosen_country_and_channels_are_sent_and_none_clears_the_country() {
        let mut typed = SettingsText::of(&clinic());
        typed.country = "CL".into();
        *Family::Recalls.of(&mut typed.channels) = Delivery::Sms;
        let patch = typed.changes(&clinic()).unwrap();
        let recalls_by_text = Channels {
            recalls: Delivery::Sms,
            ..Channels::default()
        };
        assert_eq!(
            (patch.country.as_deref(), patch.channels, patch.name),
            (Some("CL"), Some(recalls_by_text), None)
        );
        let mut typed = SettingsText::of(&texting());
        typed.country = String::new();
        let patch = typed.changes(&texting()).unwrap();
        assert_eq!((patch.country.as_deref(), patch.channels), (Some(""), None));
    }

    #[test]
    fn changing_a_channel_sends_all_four_as_chosen() {
        let mut typed = SettingsText::of(&texting());
        *Family::Reminders.of(&mut typed.channels) = Delivery::Email;
        let mut sent = typed.changes(&texting()).unwrap().channels.unwrap();
        assert_eq!(
            FAMILIES.map(|(f, ..)| *f.of(&mut sent)),
            [Delivery::Email, Delivery::Email, Delivery::Both, Delivery::Email]
        );
    }

    #[test]
    fn the_country_field_offers_none_first_and_keeps_a_saved_code_it_does_not_list() {
        let codes = |current| {
            country_options(Lang::En, current)
                .into_iter()
                .map(|(code, _)| code)
                .collect::<Vec<_>>()
        };
        let listed = codes("CL");
        assert_eq!((listed[0].as_str(), listed.len()), ("", COUNTRIES.len() + 1));
        assert_eq!(&codes("FR")[..2], ["", "FR"]);
        let chile = country_options(Lang::Es, "").into_iter().find(|(code, _)| code == "CL");
        assert_eq!(chile.unwrap().1, "Chile (CL)");
    }

    #[test]
    fn a_number_that_is_not_a_number_is_named() {
        let mut typed = SettingsText::of(&clinic());
        typed.horizon_days = "ninety".into();
        typed.time_zone = " Europe/Madrid ".into();
        assert_eq!(refused(&typed), ["horizon_days"]);
    }
}
