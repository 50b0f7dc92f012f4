//! Bookings: creating, holding, moving, cancelling, changing status, and the calendar.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::fields::{FieldCode, Fields, Invalid, MAX_TEXT};
use super::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use crate::domain::{
    Booking, BookingStatus, Country, Email, EraDate, EraInstant, Phone, ReminderKind, ReminderStatus, TimeZone,
};
use crate::ids::{ChairId, HoldId, PatientId, ProfessionalId, TreatmentId};

/// A patient staff book for (walk-in or phone call) who has no record yet.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WalkIn {
    /// Full name.
    pub name: String,
    /// Email, for the confirmation.
    #[cfg_attr(feature = "openapi", schema(format = Email))]
    pub email: String,
    /// Phone.
    #[serde(default)]
    pub phone: Option<String>,
}

/// `POST /v1/bookings`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewBooking {
    /// What is booked.
    #[cfg_attr(feature = "openapi", schema(value_type = TreatmentId))]
    pub treatment_id: String,
    /// With whom.
    #[cfg_attr(feature = "openapi", schema(value_type = ProfessionalId))]
    pub professional_id: String,
    /// When, RFC 3339 with an offset.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub start: String,
    /// Staff: a particular chair (else the first free suitable one).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ChairId>))]
    pub chair_id: Option<String>,
    /// The hold taken while the patient filled in the form.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<HoldId>))]
    pub hold_id: Option<String>,
    /// Notes for the clinic.
    #[serde(default)]
    pub notes: Option<String>,
    /// Staff: an existing patient.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<PatientId>))]
    pub patient_id: Option<String>,
    /// Staff: a new patient.
    #[serde(default)]
    pub patient: Option<WalkIn>,
}

/// Who a booking is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatientRef {
    /// The caller (a patient booking for themselves).
    Caller,
    /// An existing patient of the clinic.
    Existing(PatientId),
    /// A new patient record to create.
    New {
        /// Name.
        name: String,
        /// Email.
        email: Email,
        /// Phone.
        phone: Option<Phone>,
    },
}

/// Who a request is for: the caller, an existing patient by id, or a new one by details.
pub(crate) fn patient_ref(
    f: &mut Fields,
    id: Option<&str>,
    walk_in: Option<&WalkIn>,
    country: Option<Country>,
) -> Option<PatientRef> {
    match (id, walk_in) {
        (None, None) => Some(PatientRef::Caller),
        (Some(id), None) => f.parse("patient_id", id).map(PatientRef::Existing),
        (None, Some(w)) => {
            let name = f.name("patient.name", &w.name);
            let email = f.parse("patient.email", &w.email);
            let phone = f.phone("patient.phone", w.phone.as_deref(), country);
            (|| {
                Some(PatientRef::New {
                    name: name?,
                    email: email?,
                    phone: phone?,
                })
            })()
        }
        (Some(_), Some(_)) => {
            f.fail(
                "patient",
                FieldCode::Invalid,
                "name either patient_id or patient, not both",
            );
            None
        }
    }
}

/// A parsed `NewBooking`.
#[derive(Debug, Clone)]
pub struct BookingDraft {
    /// Treatment.
    pub treatment_id: TreatmentId,
    /// Professional.
    pub professional_id: ProfessionalId,
    /// Start, within the supported era.
    pub start: EraInstant,
    /// Chair.
    pub chair_id: Option<ChairId>,
    /// Hold.
    pub hold_id: Option<HoldId>,
    /// Notes.
    pub notes: String,
    /// Patient.
    pub patient: PatientRef,
}

impl NewBooking {
    /// Parses the request, a new patient's phone in the clinic's `country`. Naming a patient
    /// is for staff; the caller checks who may.
    pub fn parse(&self, country: Option<Country>) -> Result<BookingDraft, Invalid> {
        let mut f = Fields::default();
        let treatment_id = f.parse("treatment_id", &self.treatment_id);
        let professional_id = f.parse("professional_id", &self.professional_id);
        let start = f.instant("start", &self.start);
        let chair_id = f.parse_opt("chair_id", self.chair_id.as_deref());
        let hold_id = f.parse_opt("hold_id", self.hold_id.as_deref());
        let notes = f.text("notes", self.notes.as_deref().unwrap_or(""), MAX_TEXT, false);
        let patient = patient_ref(&mut f, self.patient_id.as_deref(), self.patient.as_ref(), country);
        f.done(|| {
            Some(BookingDraft {
                treatment_id: treatment_id?,
                professional_id: professional_id?,
                start: start?,
                chair_id: chair_id?,
                hold_id: hold_id?,
                notes: notes?,
                patient: patient?,
            })
        })
    }
}

/// `POST /v1/public/clinics/{slug}/holds`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HoldInput {
    /// What will be booked.
    #[cfg_attr(feature = "openapi", schema(value_type = TreatmentId))]
    pub treatment_id: String,
    /// With whom.
    #[cfg_attr(feature = "openapi", schema(value_type = ProfessionalId))]
    pub professional_id: String,
    /// When, RFC 3339 with an offset.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub start: String,
}

impl HoldInput {
    /// Parses the request.
    pub fn parse(&self) -> Result<(TreatmentId, ProfessionalId, EraInstant), Invalid> {
        let mut f = Fields::default();
        let t = f.parse("treatment_id", &self.treatment_id);
        let p = f.parse("professional_id", &self.professional_id);
        let s = f.instant("start", &self.start);
        f.done(|| Some((t?, p?, s?)))
    }
}

/// `POST /v1/bookings/{id}/reschedule`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RescheduleInput {
    /// The new start, RFC 3339 with an offset.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub start: String,
    /// A different professional, if any.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ProfessionalId>))]
    pub professional_id: Option<String>,
    /// The version last read; a stale one gets 409.
    #[serde(default)]
    pub version: Option<u64>,
}

impl RescheduleInput {
    /// Parses the request.
    pub fn parse(&self) -> Result<(EraInstant, Option<ProfessionalId>), Invalid> {
        let mut f = Fields::default();
        let start = f.instant("start", &self.start);
        let professional = f.parse_opt("professional_id", self.professional_id.as_deref());
        f.done(|| Some((start?, professional?)))
    }
}

/// `POST /v1/bookings/{id}/cancel` (the body is optional).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CancelInput {
    /// The version last read.
    #[serde(default)]
    pub version: Option<u64>,
}

/// `PATCH /v1/bookings/{id}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BookingPatch {
    /// `confirmed`, `arrived`, `completed`, `no_show`.
    #[serde(default)]
    pub status: Option<String>,
    /// New notes.
    #[serde(default)]
    pub notes: Option<String>,
    /// The version last read.
    #[serde(default)]
    pub version: Option<u64>,
}

impl BookingPatch {
    /// Parses the request: cancelling has its own route, and something must change.
    pub fn parse(&self) -> Result<(Option<BookingStatus>, Option<String>), Invalid> {
        let mut f = Fields::default();
        let status: Option<Option<BookingStatus>> = f.parse_opt("status", self.status.as_deref());
        if let Some(Some(BookingStatus::Cancelled | BookingStatus::Pending)) = status {
            f.fail(
                "status",
                FieldCode::Invalid,
                "must be confirmed, arrived, completed or no_show (cancel with POST …/cancel)",
            );
        }
        let notes = self.notes.as_ref().map(|n| f.text("notes", n, MAX_TEXT, false));
        if self.status.is_none() && self.notes.is_none() {
            f.fail("status", FieldCode::Required, "name a status or notes to change");
        }
        f.done(|| Some((status?, notes.map(|n| n.expect("parsed")))))
    }
}

/// `GET /v1/bookings?from&to&professional_id&status&cursor&limit`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct CalendarQuery {
    /// First day, `YYYY-MM-DD` in the clinic's zone.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = String, format = Date, required = true))]
    pub from: Option<String>,
    /// Last day (inclusive), at most 61 days after `from`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = String, format = Date, required = true))]
    pub to: Option<String>,
    /// One professional's column.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<ProfessionalId>, inline))]
    pub professional_id: Option<String>,
    /// Only this status.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<BookingStatus>, inline))]
    pub status: Option<String>,
    /// From a previous page.
    #[serde(default)]
    pub cursor: Option<String>,
    /// Page size (1–200, default 50).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<u32>, minimum = 1, maximum = 200))]
    pub limit: Option<String>,
}

/// A parsed calendar query.
#[derive(Debug, Clone)]
pub struct CalendarFilter {
    /// First day.
    pub from: EraDate,
    /// Last day (inclusive).
    pub to: EraDate,
    /// One professional.
    pub professional_id: Option<ProfessionalId>,
    /// One status.
    pub status: Option<BookingStatus>,
    /// Page size.
    pub limit: usize,
}

/// The longest calendar range one query covers.
pub const MAX_CALENDAR_DAYS: i64 = 62;
/// The longest range one availability query answers.
pub const MAX_AVAILABILITY_DAYS: i64 = 62;

impl CalendarQuery {
    /// Parses the query; both days are required and at most 62 days apart.
    pub fn parse(&self) -> Result<CalendarFilter, Invalid> {
        let mut f = Fields::default();
        let (from, to) = day_range(&mut f, self.from.as_deref(), self.to.as_deref(), MAX_CALENDAR_DAYS);
        let professional_id = f.parse_opt("professional_id", self.professional_id.as_deref());
        let status = f.parse_opt("status", self.status.as_deref());
        let limit = page_size(&mut f, self.limit.as_deref());
        f.done(|| {
            Some(CalendarFilter {
                from: from?,
                to: to?,
                professional_id: professional_id?,
                status: status?,
                limit: limit?,
            })
        })
    }
}

/// Parses `from` and `to` as era dates at most `max_days` apart (both counted).
fn day_range(
    f: &mut Fields,
    from: Option<&str>,
    to: Option<&str>,
    max_days: i64,
) -> (Option<EraDate>, Option<EraDate>) {
    let from = required(f, "from", from).and_then(|d| f.date("from", d));
    let to = required(f, "to", to).and_then(|d| f.date("to", d));
    if let (Some(a), Some(b)) = (from, to)
        && !(1..=max_days).contains(&a.days_through(b))
    {
        f.fail(
            "to",
            FieldCode::Invalid,
            format!("must be on or after `from` and within {max_days} days"),
        );
    }
    (from, to)
}

fn required<'a>(f: &mut Fields, field: &str, value: Option<&'a str>) -> Option<&'a str> {
    if value.is_none() {
        f.fail(field, FieldCode::Required, "is required");
    }
    value
}

/// Parses `?limit=`: 1 to `MAX_PAGE_SIZE`, default `DEFAULT_PAGE_SIZE`.
pub fn page_size(f: &mut Fields, text: Option<&str>) -> Option<usize> {
    match text {
        None => Some(DEFAULT_PAGE_SIZE),
        Some(t) => match t.trim().parse::<usize>() {
            Ok(n) if (1..=MAX_PAGE_SIZE).contains(&n) => Some(n),
            _ => {
                f.fail(
                    "limit",
                    FieldCode::Invalid,
                    format!("must be a number from 1 to {MAX_PAGE_SIZE}"),
                );
                None
            }
        },
    }
}

/// `GET /v1/me/bookings?cursor&limit&past`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct MyBookingsQuery {
    /// From a previous page.
    #[serde(default)]
    pub cursor: Option<String>,
    /// Page size (1–200, default 50).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<u32>, minimum = 1, maximum = 200))]
    pub limit: Option<String>,
    /// `true`: past appointments, newest first (default: upcoming, soonest first).
    #[serde(default)]
    pub past: Option<bool>,
}

/// `GET /v1/public/clinics/{slug}/availability?treatment_id&professional_id&from&to`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct AvailabilityQuery {
    /// Treatment.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = TreatmentId, inline, required = true))]
    pub treatment_id: Option<String>,
    /// One professional (default: any).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<ProfessionalId>, inline))]
    pub professional_id: Option<String>,
    /// First day, `YYYY-MM-DD` in the clinic's zone.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = String, format = Date, required = true))]
    pub from: Option<String>,
    /// Last day (inclusive), at most 61 days after `from`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = String, format = Date, required = true))]
    pub to: Option<String>,
}

impl AvailabilityQuery {
    /// Parses the query; both days are required and at most 62 days apart.
    pub fn parse(&self) -> Result<(TreatmentId, Option<ProfessionalId>, EraDate, EraDate), Invalid> {
        let mut f = Fields::default();
        let t = required(&mut f, "treatment_id", self.treatment_id.as_deref()).and_then(|t| f.parse("treatment_id", t));
        let p = f.parse_opt("professional_id", self.professional_id.as_deref());
        let (from, to) = day_range(&mut f, self.from.as_deref(), self.to.as_deref(), MAX_AVAILABILITY_DAYS);
        f.done(|| Some((t?, p?, from?, to?)))
    }
}

/// One professional's free start times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FreeTimes {
    /// The professional.
    pub professional_id: ProfessionalId,
    /// Free starts, ascending.
    pub starts: Vec<DateTime<Utc>>,
}

/// The availability answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Availability {
    /// The clinic's zone, for showing the times.
    pub time_zone: TimeZone,
    /// The treatment asked about.
    pub treatment_id: TreatmentId,
    /// Per professional.
    pub professionals: Vec<FreeTimes>,
}

/// A booking as the API shows it: the record plus names staff need on the calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingView {
    /// The booking.
    #[serde(flatten)]
    pub booking: Booking,
    /// The patient's name (staff views only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient_name: Option<String>,
    /// Where each of its reminders stands (staff views of one booking only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reminder_status: Vec<ReminderState>,
}

/// Where one reminder of a booking stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReminderState {
    /// Which reminder.
    pub kind: ReminderKind,
    /// When it is due.
    pub due: DateTime<Utc>,
    /// Pending, sending, sent, failed or missed.
    pub status: ReminderStatus,
    /// Sending attempts so far (each may retry the mail service a few times).
    #[serde(default)]
    pub attempts: u32,
    /// Why the last attempt failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// When it was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn booking() -> NewBooking {
        NewBooking {
            treatment_id: TreatmentId::new().to_string(),
            professional_id: ProfessionalId::new().to_string(),
            start: "2026-03-03T10:00:00-03:00".into(),
            chair_id: None,
            hold_id: None,
            notes: None,
            patient_id: None,
            patient: None,
        }
    }

    #[test]
    fn a_patient_booking_is_for_the_caller() {
        assert_eq!(booking().parse(None).unwrap().patient, PatientRef::Caller);
    }

    #[test]
    fn naming_two_patients_is_refused() {
        let b = NewBooking {
            patient_id: Some(PatientId::new().to_string()),
            patient: Some(WalkIn {
                name: "Luis".into(),
                email: "luis@example.com".into(),
                phone: None,
            }),
            ..booking()
        };
        assert_eq!(b.parse(None).unwrap_err().0[0].field, "patient");
    }

    #[test]
    fn a_calendar_needs_a_bounded_range() {
        let q = CalendarQuery {
            from: Some("2026-03-01".into()),
            to: Some("2026-06-01".into()),
            ..CalendarQuery::default()
        };
        assert_eq!(q.parse().unwrap_err().0[0].field, "to");
        let missing = CalendarQuery::default().parse().unwrap_err().0;
        assert_eq!(missing.len(), 2);
        let bad_limit = CalendarQuery {
            from: Some("2026-03-01".into()),
            to: Some("2026-03-01".into()),
            limit: Some("0".into()),
            ..CalendarQuery::default()
        };
        assert_eq!(bad_limit.parse().unwrap_err().0[0].field, "limit");
    }

    #[test]
    fn availability_needs_a_bounded_range_of_era_dates() {
        let query = |from: &str, to: &str| AvailabilityQuery {
            treatment_id: Some(TreatmentId::new().to_string()),
            from: Some(from.into()),
            to: Some(to.into()),
            ..AvailabilityQuery::default()
        };
        let (_, _, from, to) = query("2026-03-02", "2026-05-02").parse().unwrap();
        assert_eq!(from.days_through(to), MAX_AVAILABILITY_DAYS);
        let too_long = query("2026-03-02", "2026-05-03").parse().unwrap_err().0;
        assert_eq!(
            (too_long[0].field.as_str(), too_long[0].code.as_str()),
            ("to", "invalid")
        );
        let signed = query("+262142-12-31", "+262142-12-31").parse().unwrap_err().0;
        let named: Vec<_> = signed.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(named, [("from", "out_of_range"), ("to", "out_of_range")]);
    }

    #[test]
    fn a_booking_start_outside_the_era_is_refused_by_name() {
        for start in ["+262142-06-01T00:00:00Z", "2201-01-01T00:00:00Z"] {
            let refused = NewBooking {
                start: start.into(),
                ..booking()
            }
            .parse(None)
            .unwrap_err()
            .0;
            assert_eq!(
                (refused[0].field.as_str(), refused[0].code.as_str()),
                ("start", "out_of_range")
            );
            let hold = HoldInput {
                treatment_id: TreatmentId::new().to_string(),
                professional_id: ProfessionalId::new().to_string(),
                start: start.into(),
            };
            assert_eq!(hold.parse().unwrap_err().0[0].field, "start");
            let moved = RescheduleInput {
                start: start.into(),
                professional_id: None,
                version: None,
            };
            assert_eq!(moved.parse().unwrap_err().0[0].field, "start");
        }
    }

    #[test]
    fn cancelling_through_patch_is_refused() {
        let p = BookingPatch {
            status: Some("cancelled".into()),
            ..BookingPatch::default()
        };
        assert_eq!(p.parse().unwrap_err().0[0].field, "status");
        assert!(BookingPatch::default().parse().is_err());
    }
}
