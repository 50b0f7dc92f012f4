//! Clinics: onboarding, settings, the public profile and usage.

use serde::{Deserialize, Serialize};

use super::fields::{FieldCode, Fields, Invalid, MAX_TEXT};
use crate::domain::{
    BookingRules, BookingRulesParts, Channels, Email, Granularity, Locale, Slug, Tenant, TimeZone, Treatment, User,
};
use crate::ids::{ProfessionalId, TenantId, TreatmentId};

/// `POST /v1/tenants`: a new clinic and its first admin.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewClinic {
    /// The clinic's name.
    pub name: String,
    /// Its public address in URLs (`sonrisa`).
    pub slug: String,
    /// Its street address.
    #[serde(default)]
    pub address: String,
    /// IANA time zone (`America/Santiago`).
    pub time_zone: String,
    /// `es` or `en`.
    pub locale: String,
    /// ISO 3166 country code (such as CL): phone numbers written without a country code
    /// are read in it.
    #[serde(default)]
    pub country: Option<String>,
    /// The first admin's email.
    #[cfg_attr(feature = "openapi", schema(format = Email))]
    pub admin_email: String,
    /// The first admin's name.
    pub admin_name: String,
    /// The first admin's password; without one, the identity provider sends an invitation.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Password, min_length = 10, max_length = 128))]
    pub admin_password: Option<String>,
}

/// A parsed `NewClinic`.
#[derive(Debug, Clone)]
pub struct ClinicOnboarding {
    /// The clinic, with default booking rules.
    pub tenant: Tenant,
    /// Its admin's email.
    pub admin_email: Email,
    /// Its admin's name.
    pub admin_name: String,
    /// Its admin's password, if given.
    pub admin_password: Option<String>,
}

/// A new clinic and its first admin: `POST /v1/tenants`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Onboarded {
    /// The clinic.
    pub tenant: Tenant,
    /// Its admin.
    pub admin: User,
}

impl NewClinic {
    /// Parses the request; `now` stamps the clinic's creation.
    pub fn parse(&self, now: chrono::DateTime<chrono::Utc>) -> Result<ClinicOnboarding, Invalid> {
        let mut f = Fields::default();
        let name = f.name("name", &self.name);
        let slug: Option<Slug> = f.parse("slug", &self.slug);
        let address = f.text("address", &self.address, MAX_TEXT, false);
        let time_zone: Option<TimeZone> = f.parse("time_zone", &self.time_zone);
        let locale: Option<Locale> = f.parse("locale", &self.locale);
        let country = f.parse_opt("country", self.country.as_deref().filter(|c| !c.trim().is_empty()));
        let admin_email: Option<Email> = f.parse("admin_email", &self.admin_email);
        let admin_name = f.name("admin_name", &self.admin_name);
        let admin_password = match &self.admin_password {
            Some(p) => f.password("admin_password", p).map(Some),
            None => Some(None),
        };
        f.done(|| {
            Some(ClinicOnboarding {
                tenant: Tenant {
                    id: TenantId::new(),
                    slug: slug?,
                    name: name?,
                    address: address?,
                    time_zone: time_zone?,
                    locale: locale?,
                    rules: BookingRules::default(),
                    country: country?,
                    channels: Default::default(),
                    created_at: now,
                },
                admin_email: admin_email?,
                admin_name: admin_name?,
                admin_password: admin_password?,
            })
        })
    }
}

/// `PATCH /v1/tenants/{id}`: any subset of the clinic's settings.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ClinicPatch {
    /// New name.
    #[serde(default)]
    pub name: Option<String>,
    /// New street address.
    #[serde(default)]
    pub address: Option<String>,
    /// New IANA time zone.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// New language.
    #[serde(default)]
    pub locale: Option<String>,
    /// New country (ISO 3166 code such as CL); empty: none, so phone numbers need their
    /// country code.
    #[serde(default)]
    pub country: Option<String>,
    /// Which channels each family of messages takes.
    #[serde(default)]
    pub channels: Option<Channels>,
    /// Calendar grid in minutes (5, 10, 15, 20, 30, 60).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Granularity>))]
    pub granularity_minutes: Option<u32>,
    /// Minimum notice for online booking.
    #[serde(default)]
    pub min_notice_minutes: Option<u32>,
    /// How far ahead patients may book.
    #[serde(default)]
    pub horizon_days: Option<u32>,
    /// Patients may cancel or move until this many hours before.
    #[serde(default)]
    pub cancellation_window_hours: Option<u32>,
    /// The reminder goes out this many hours before.
    #[serde(default)]
    pub reminder_hours_before: Option<u32>,
    /// A second reminder this many hours before, on the day (1–12); 0 turns it off.
    #[serde(default)]
    pub same_day_reminder_hours: Option<u32>,
    /// Ask patients to confirm this many hours before the visit (1–336); 0: do not ask.
    #[serde(default)]
    pub confirmation_request_hours: Option<u32>,
    /// How long a waitlist offer holds its time for the patient (5–240 minutes).
    #[serde(default)]
    pub waitlist_offer_minutes: Option<u32>,
    /// Weeks after a recall before a second one to a patient who has not booked (1–26); 0: none.
    #[serde(default)]
    pub recall_follow_up_weeks: Option<u32>,
}

impl ClinicPatch {
    /// The clinic with the changes applied, or every field's problem.
    pub fn apply(&self, tenant: &Tenant) -> Result<Tenant, Invalid> {
        let mut f = Fields::default();
        let mut next = tenant.clone();
        if let Some(name) = &self.name {
            next.name = f.name("name", name).unwrap_or_default();
        }
        if let Some(address) = &self.address {
            next.address = f.text("address", address, MAX_TEXT, false).unwrap_or_default();
        }
        if let Some(zone) = &self.time_zone
            && let Some(zone) = f.parse("time_zone", zone)
        {
            next.time_zone = zone;
        }
        if let Some(locale) = &self.locale
            && let Some(locale) = f.parse("locale", locale)
        {
            next.locale = locale;
        }
        if let Some(country) = &self.country {
            next.country = f
                .parse_opt("country", Some(country.as_str()).filter(|c| !c.trim().is_empty()))
                .unwrap_or(tenant.country);
        }
        if let Some(channels) = self.channels {
            next.channels = channels;
        }
        let r = &tenant.rules;
        let granularity = match self.granularity_minutes {
            Some(m) => f.check("granularity_minutes", Granularity::try_from(m)),
            None => Some(r.granularity()),
        };
        if let Some(granularity) = granularity {
            let parts = BookingRulesParts {
                granularity,
                min_notice_minutes: self.min_notice_minutes.unwrap_or(r.min_notice_minutes()),
                horizon_days: self.horizon_days.unwrap_or(r.horizon_days()),
                cancellation_window_hours: self.cancellation_window_hours.unwrap_or(r.cancellation_window_hours()),
                reminder_hours_before: self.reminder_hours_before.unwrap_or(r.reminder_hours_before()),
                same_day_reminder_hours: match self.same_day_reminder_hours {
                    Some(0) => None,
                    Some(hours) => Some(hours),
                    None => r.same_day_reminder_hours(),
                },
                confirmation_request_hours: match self.confirmation_request_hours {
                    Some(0) => None,
                    Some(hours) => Some(hours),
                    None => r.confirmation_request_hours(),
                },
                waitlist_offer_minutes: self.waitlist_offer_minutes.unwrap_or(r.waitlist_offer_minutes()),
                recall_follow_up_weeks: match self.recall_follow_up_weeks {
                    Some(0) => None,
                    Some(weeks) => Some(weeks),
                    None => r.recall_follow_up_weeks(),
                },
            };
            match BookingRules::try_from(parts) {
                Ok(rules) => next.rules = rules,
                Err(e) => f.fail(rules_field(&e), FieldCode::Invalid, e.to_string()),
            }
        }
        f.finish()?;
        Ok(next)
    }
}

fn rules_field(e: &crate::domain::InvalidSettings) -> &'static str {
    use crate::domain::InvalidSettings as S;
    match e {
        S::Granularity(_) => "granularity_minutes",
        S::NoticeBeyondHorizon { .. } => "min_notice_minutes",
        S::SameDayNotLater { .. } => "same_day_reminder_hours",
        S::OutOfRange { field, .. } => field,
    }
}

/// A professional as patients see them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicProfessional {
    /// Id.
    pub id: ProfessionalId,
    /// Name.
    pub name: String,
    /// Specialty.
    pub specialty: String,
    /// Treatments they perform.
    pub treatments: Vec<TreatmentId>,
}

/// `GET /v1/public/clinics/{slug}`: what a patient needs to start booking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClinicProfile {
    /// The clinic's slug.
    pub slug: Slug,
    /// Its name.
    pub name: String,
    /// Its address.
    pub address: String,
    /// Its time zone: every time shown is in this zone.
    pub time_zone: TimeZone,
    /// Its language.
    pub locale: Locale,
    /// Calendar grid in minutes.
    pub granularity_minutes: u32,
    /// Patients may cancel or move until this many hours before.
    pub cancellation_window_hours: u32,
    /// Whether the clinic sends any of its messages by text (the wizard then asks).
    #[serde(default)]
    pub texts: bool,
    /// Bookable treatments.
    pub treatments: Vec<Treatment>,
    /// Active professionals.
    pub professionals: Vec<PublicProfessional>,
}

/// One clinic's bookings in one month (`GET /v1/usage`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsageRow {
    /// The clinic.
    pub tenant_id: TenantId,
    /// Its slug.
    pub slug: Slug,
    /// `YYYY-MM`, in the clinic's zone.
    pub month: String,
    /// Appointments starting that month, in any status.
    pub bookings: u64,
    /// Of which cancelled.
    pub cancelled: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clinic() -> NewClinic {
        NewClinic {
            name: "Sonrisa".into(),
            slug: "sonrisa".into(),
            address: "Av. Providencia 1234".into(),
            country: None,
            time_zone: "America/Santiago".into(),
            locale: "es".into(),
            admin_email: "admin@sonrisa.cl".into(),
            admin_name: "Ana".into(),
            admin_password: Some("correct horse battery".into()),
        }
    }

    #[test]
    fn a_complete_clinic_parses() {
        let now = "2026-01-01T00:00:00Z".parse().unwrap();
        let parsed = clinic().parse(now).unwrap();
        assert_eq!(parsed.tenant.slug.as_str(), "sonrisa");
        assert_eq!(parsed.tenant.time_zone.name(), "America/Santiago");
    }

    #[test]
    fn every_bad_clinic_field_is_named() {
        let bad = NewClinic {
            slug: "Not A Slug".into(),
            time_zone: "Mars/Olympus".into(),
            admin_email: "nope".into(),
            admin_password: Some("short".into()),
            ..clinic()
        };
        let now = "2026-01-01T00:00:00Z".parse().unwrap();
        let fields: Vec<_> = bad.parse(now).unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["slug", "time_zone", "admin_email", "admin_password"]);
    }

    #[test]
    fn a_patch_checks_the_rules_together() {
        let now = "2026-01-01T00:00:00Z".parse().unwrap();
        let tenant = clinic().parse(now).unwrap().tenant;
        let patch = ClinicPatch {
            min_notice_minutes: Some(3 * 24 * 60),
            horizon_days: Some(2),
            ..ClinicPatch::default()
        };
        assert_eq!(patch.apply(&tenant).unwrap_err().0[0].field, "min_notice_minutes");
        let ok = ClinicPatch {
            granularity_minutes: Some(30),
            name: Some(" Sonrisa Centro ".into()),
            ..ClinicPatch::default()
        };
        let changed = ok.apply(&tenant).unwrap();
        assert_eq!(
            (changed.rules.granularity().minutes(), changed.name.as_str()),
            (30, "Sonrisa Centro")
        );
    }

    #[test]
    fn asking_for_confirmation_is_turned_on_with_hours_and_off_with_zero() {
        let now = "2026-01-01T00:00:00Z".parse().unwrap();
        let tenant = clinic().parse(now).unwrap().tenant;
        let on = ClinicPatch {
            confirmation_request_hours: Some(48),
            ..ClinicPatch::default()
        };
        let asking = on.apply(&tenant).unwrap();
        assert_eq!(asking.rules.confirmation_request_hours(), Some(48));
        let off = ClinicPatch {
            confirmation_request_hours: Some(0),
            ..ClinicPatch::default()
        };
        assert_eq!(off.apply(&asking).unwrap().rules.confirmation_request_hours(), None);
        let refused = ClinicPatch {
            confirmation_request_hours: Some(400),
            ..ClinicPatch::default()
        };
        let problem = refused.apply(&tenant).unwrap_err().0.remove(0);
        assert_eq!(problem.field, "confirmation_request_hours");
        assert!(problem.message.contains("between 1 and 336"), "{}", problem.message);
    }
}
