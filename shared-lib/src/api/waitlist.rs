//! The waitlist on the wire: joining it (a patient, or reception for one), the lists patients
//! and staff see, and the page a waitlist offer's link opens.

use chrono::{DateTime, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};

use super::bookings::{PatientRef, WalkIn, patient_ref};
use super::fields::{FieldCode, Fields, Invalid};
use crate::domain::{Country, EntryStatus, EraDate, Locale, OfferOutcome, PartOfDay, Slug, TimeZone, Wish};
use crate::ids::{BookingId, OfferId, PatientId, ProfessionalId, TreatmentId, WaitlistEntryId};

/// The weekday names a request may use, Monday first.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// `POST /v1/me/waitlist` and `POST /v1/waitlist`: what to wait for.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct JoinWaitlist {
    /// The treatment.
    pub treatment_id: String,
    /// A professional, or none for any who performs the treatment.
    #[serde(default)]
    pub professional_id: Option<String>,
    /// The first day the patient can come (`YYYY-MM-DD`, the clinic's calendar).
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub earliest: String,
    /// The last day (`YYYY-MM-DD`); the entry ends after it.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub latest: String,
    /// Weekdays the patient can come (`mon` … `sun`); none or empty: any.
    #[serde(default)]
    pub weekdays: Vec<String>,
    /// The part of the day; `any` when left out.
    #[serde(default)]
    pub part_of_day: Option<PartOfDay>,
    /// Staff only: an existing patient.
    #[serde(default)]
    pub patient_id: Option<String>,
    /// Staff only: a new patient on the phone.
    #[serde(default)]
    pub patient: Option<WalkIn>,
}

/// A parsed [`JoinWaitlist`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitlistDraft {
    /// What for, with whom and when.
    pub wish: Wish,
    /// Who waits (the caller for a patient).
    pub patient: PatientRef,
}

/// The longest stretch one entry may wait over.
pub const MAX_WAIT_DAYS: i64 = 366;

impl JoinWaitlist {
    /// Parses the request, naming every field's problem at once.
    pub fn parse(&self, country: Option<Country>) -> Result<WaitlistDraft, Invalid> {
        let mut f = Fields::default();
        let treatment_id = f.parse("treatment_id", &self.treatment_id);
        let professional_id = f.parse_opt(
            "professional_id",
            self.professional_id.as_deref().filter(|p| !p.trim().is_empty()),
        );
        let earliest = f.date("earliest", &self.earliest).map(EraDate::date);
        let latest = f.date("latest", &self.latest).map(EraDate::date);
        if let (Some(from), Some(to)) = (earliest, latest) {
            if to < from {
                f.fail(
                    "latest",
                    FieldCode::Invalid,
                    "the last day must not be before the first",
                );
            } else if (to - from).num_days() > MAX_WAIT_DAYS {
                f.fail(
                    "latest",
                    FieldCode::OutOfRange,
                    format!("a waitlist entry spans at most {MAX_WAIT_DAYS} days"),
                );
            }
        }
        let mut weekdays = Vec::new();
        for (i, day) in self.weekdays.iter().enumerate() {
            match WEEKDAYS.iter().position(|w| w.eq_ignore_ascii_case(day.trim())) {
                Some(n) => weekdays.push(Weekday::try_from(n as u8).unwrap_or(Weekday::Mon)),
                None => f.fail(
                    &format!("weekdays[{i}]"),
                    FieldCode::Invalid,
                    format!("`{day}` is not one of {}", WEEKDAYS.join(", ")),
                ),
            }
        }
        if self.weekdays.len() > WEEKDAYS.len() {
            f.fail("weekdays", FieldCode::TooMany, "name each weekday at most once");
        }
        let patient = patient_ref(&mut f, self.patient_id.as_deref(), self.patient.as_ref(), country);
        f.done(|| {
            Some(WaitlistDraft {
                wish: Wish {
                    treatment_id: treatment_id?,
                    professional_id: professional_id?,
                    earliest: earliest?,
                    latest: latest?,
                    weekdays,
                    part_of_day: self.part_of_day.unwrap_or_default(),
                },
                patient: patient?,
            })
        })
    }
}

/// One offer of freed time to an entry, as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferView {
    /// Its id.
    pub id: OfferId,
    /// Who would treat.
    pub professional_id: ProfessionalId,
    /// When the visit would start.
    pub start: DateTime<Utc>,
    /// When it would end.
    pub end: DateTime<Utc>,
    /// When it was offered.
    pub made_at: DateTime<Utc>,
    /// Until when the time was kept.
    pub held_until: DateTime<Utc>,
    /// How it ended, or that it is open.
    pub outcome: OfferOutcome,
}

/// One waitlist entry with its offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitlistEntryView {
    /// Its id.
    pub id: WaitlistEntryId,
    /// Who waits.
    pub patient_id: PatientId,
    /// Their name (staff lists only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient_name: Option<String>,
    /// Their phone (staff lists only, when known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient_phone: Option<String>,
    /// What for.
    pub treatment_id: TreatmentId,
    /// With whom; none: any professional.
    pub professional_id: Option<ProfessionalId>,
    /// First day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub earliest: NaiveDate,
    /// Last day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub latest: NaiveDate,
    /// Weekdays (`mon` … `sun`); empty: any.
    pub weekdays: Vec<String>,
    /// Part of the day.
    pub part_of_day: PartOfDay,
    /// When the patient joined.
    pub joined_at: DateTime<Utc>,
    /// Whether reception added it.
    pub by_staff: bool,
    /// Where it stands today.
    pub status: EntryStatus,
    /// The booking that ended the wait, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_id: Option<BookingId>,
    /// The offers made to it, oldest first.
    pub offers: Vec<OfferView>,
}

/// The page a waitlist offer's link opens: the time, and whether it is still kept. No
/// patient name: the link may have been forwarded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferLinkView {
    /// The offer.
    pub offer_id: OfferId,
    /// The clinic's public name.
    pub slug: Slug,
    /// The clinic's name.
    pub clinic_name: String,
    /// The clinic's zone: every time is shown on its clock.
    pub time_zone: TimeZone,
    /// The clinic's language.
    pub locale: Locale,
    /// The treatment's name.
    pub treatment_name: String,
    /// The professional's name.
    pub professional_name: String,
    /// When the visit would start.
    pub start: DateTime<Utc>,
    /// When it would end.
    pub end: DateTime<Utc>,
    /// Until when the time is kept.
    pub held_until: DateTime<Utc>,
    /// How the offer stands.
    pub outcome: OfferOutcome,
    /// Whether it can still be taken.
    pub open: bool,
    /// The booking made from it, once taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_id: Option<BookingId>,
}

/// The wire name of a weekday.
pub fn weekday_name(day: Weekday) -> &'static str {
    WEEKDAYS[day.num_days_from_monday() as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn join() -> JoinWaitlist {
        JoinWaitlist {
            treatment_id: TreatmentId::new().to_string(),
            earliest: "2026-03-02".into(),
            latest: "2026-03-20".into(),
            weekdays: vec!["mon".into(), "WED".into()],
            ..JoinWaitlist::default()
        }
    }

    #[test]
    fn a_patient_asks_for_monday_and_wednesday_mornings() {
        let mut j = join();
        j.part_of_day = Some(PartOfDay::Morning);
        let draft = j.parse(None).expect("valid");
        assert_eq!(draft.wish.weekdays, [Weekday::Mon, Weekday::Wed]);
        assert_eq!(draft.patient, PatientRef::Caller);
        assert_eq!(draft.wish.part_of_day, PartOfDay::Morning);
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let j = JoinWaitlist {
            treatment_id: "x".into(),
            earliest: "2026-02-30".into(),
            latest: "soon".into(),
            weekdays: vec!["funday".into()],
            ..JoinWaitlist::default()
        };
        let fields: Vec<_> = j.parse(None).unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["treatment_id", "earliest", "latest", "weekdays[0]"]);
    }

    #[test]
    fn a_wait_longer_than_a_year_is_refused() {
        let mut j = join();
        j.latest = "2027-06-01".into();
        let problem = j.parse(None).unwrap_err();
        assert_eq!(problem.0[0].field, "latest");
    }
}
