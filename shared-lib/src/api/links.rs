//! Acting from a message (`/v1/public/clinics/{slug}/bookings/{id}/link…`) and reception's
//! to-call list (`/v1/to-call`, `/v1/bookings/{id}/called`). The link's token always travels
//! in the body, never in the path or query, so it lands in no access log.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::fields::{FieldCode, Fields, Invalid};
use crate::domain::{
    BookingStatus, CallRecord, EraDate, EraInstant, LinkAction, Locale, PatientAnswer, Slug, TimeZone,
};
use crate::ids::{BookingId, ProfessionalId, TreatmentId};

/// The longest link token read; a longer one is refused as invalid input before any
/// signature is checked.
pub const MAX_LINK_TOKEN: usize = 256;

fn token(f: &mut Fields, text: &str) -> Option<String> {
    f.text("token", text, MAX_LINK_TOKEN, true)
}

/// The body of the link routes that only need the token: view, confirm, cancel.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LinkInput {
    /// The token from the link's fragment (after `#`).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub token: String,
}

impl LinkInput {
    /// The token, trimmed; empty or overlong is a field error.
    pub fn parse(&self) -> Result<String, Invalid> {
        let mut f = Fields::default();
        let token = token(&mut f, &self.token);
        f.done(|| token)
    }
}

/// `POST …/link/{action}`: the token, and for `reschedule` the new start.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LinkActInput {
    /// The token from the link's fragment.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub token: String,
    /// For `reschedule` only: the new start, RFC 3339 with an offset, one of the free times
    /// of the booking's treatment and professional.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub start: Option<String>,
}

/// What a link is asked to do, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkAct {
    /// "I'll be there".
    Confirm,
    /// "Cancel".
    Cancel,
    /// "Choose another time": this one.
    Reschedule(EraInstant),
    /// "Take it" (a waitlist offer).
    Take,
    /// "No thanks" (a waitlist offer).
    Decline,
}

impl LinkActInput {
    /// The token and the act `action` asks for; `start` is required by `reschedule` only.
    pub fn parse(&self, action: LinkAction) -> Result<(String, LinkAct), Invalid> {
        let mut f = Fields::default();
        let token = token(&mut f, &self.token);
        let act = match (action, self.start.as_deref()) {
            (LinkAction::Reschedule, Some(start)) => f.instant("start", start).map(LinkAct::Reschedule),
            (LinkAction::Reschedule, None) => {
                f.fail("start", FieldCode::Required, "choose the new time");
                None
            }
            (LinkAction::Confirm | LinkAction::Cancel | LinkAction::Take | LinkAction::Decline, Some(_)) => {
                f.fail("start", FieldCode::Invalid, "only a reschedule takes a start");
                None
            }
            (LinkAction::Confirm, None) => Some(LinkAct::Confirm),
            (LinkAction::Cancel, None) => Some(LinkAct::Cancel),
            (LinkAction::Take, None) => Some(LinkAct::Take),
            (LinkAction::Decline, None) => Some(LinkAct::Decline),
        };
        f.done(|| Some((token?, act?)))
    }
}

/// What the page a link opens shows: the appointment, the patient's answer, and what the
/// link may still do. No patient name or contact: the link may have been forwarded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkView {
    /// The booking.
    pub booking_id: BookingId,
    /// The clinic's public name.
    pub slug: Slug,
    /// The clinic's name.
    pub clinic_name: String,
    /// The clinic's zone: every time is shown on its clock.
    pub time_zone: TimeZone,
    /// The clinic's language.
    pub locale: Locale,
    /// The treatment.
    pub treatment_id: TreatmentId,
    /// Its name.
    pub treatment_name: String,
    /// The professional.
    pub professional_id: ProfessionalId,
    /// Their name.
    pub professional_name: String,
    /// When the visit starts.
    pub start: DateTime<Utc>,
    /// When it ends.
    pub end: DateTime<Utc>,
    /// Where the booking is in its life.
    pub status: BookingStatus,
    /// The patient's answer so far.
    pub answer: PatientAnswer,
    /// What the link that opened the page does.
    pub action: LinkAction,
    /// Whether it may still be cancelled or moved online.
    pub may_change: bool,
    /// The clinic's cancellation window in hours.
    pub cancellation_window_hours: u32,
}

/// `GET /v1/to-call?date`: the day, in the clinic's zone (default: tomorrow).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct ToCallQuery {
    /// `YYYY-MM-DD` on the clinic's calendar; tomorrow when left out.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = Date))]
    pub date: Option<String>,
}

impl ToCallQuery {
    /// The chosen day, if any.
    pub fn parse(&self) -> Result<Option<NaiveDate>, Invalid> {
        let mut f = Fields::default();
        let date = match self.date.as_deref() {
            Some(text) => f.date("date", text).map(|d| Some(EraDate::date(d))),
            None => Some(None),
        };
        f.done(|| date)
    }
}

/// One booking reception should phone about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ToCallEntry {
    /// The booking.
    pub booking_id: BookingId,
    /// Its version, to show it is the one just read.
    pub version: u64,
    /// When the visit starts.
    pub start: DateTime<Utc>,
    /// Who treats.
    pub professional_id: ProfessionalId,
    /// What for.
    pub treatment_id: TreatmentId,
    /// Where the booking is in its life (pending or confirmed by the clinic).
    pub status: BookingStatus,
    /// The patient's name.
    pub patient_name: String,
    /// The patient's phone, when they gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The patient's email.
    pub email: String,
    /// Reception's last call about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub called: Option<CallRecord>,
}

/// `GET /v1/to-call`: the day shown and its bookings to phone about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ToCallList {
    /// The day, `YYYY-MM-DD` in the clinic's zone.
    pub date: NaiveDate,
    /// Its unconfirmed bookings, by start.
    pub items: Vec<ToCallEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_or_overlong_token_is_a_field_error() {
        for bad in ["", "   ", &"x".repeat(MAX_LINK_TOKEN + 1)] {
            let problem = LinkInput { token: bad.into() }.parse().unwrap_err();
            assert_eq!(problem.0[0].field, "token", "{bad}");
        }
        assert_eq!(LinkInput { token: " t~m ".into() }.parse().unwrap(), "t~m");
    }

    #[test]
    fn a_reschedule_names_both_bad_fields_and_only_a_reschedule_takes_a_start() {
        let input = |start: Option<&str>| LinkActInput {
            token: "t".into(),
            start: start.map(str::to_owned),
        };
        let bad = LinkActInput {
            token: String::new(),
            ..input(Some("tomorrow"))
        };
        let fields: Vec<_> = bad
            .parse(LinkAction::Reschedule)
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["token", "start"]);
        assert_eq!(
            input(None).parse(LinkAction::Reschedule).unwrap_err().0[0].field,
            "start"
        );
        let start = "2026-03-03T16:00:00-03:00";
        assert_eq!(
            input(Some(start)).parse(LinkAction::Cancel).unwrap_err().0[0].field,
            "start"
        );
        assert_eq!(
            input(None).parse(LinkAction::Confirm).unwrap(),
            ("t".into(), LinkAct::Confirm)
        );
        let (_, act) = input(Some(start)).parse(LinkAction::Reschedule).unwrap();
        assert_eq!(act, LinkAct::Reschedule(start.parse().unwrap()));
    }

    #[test]
    fn the_to_call_day_is_a_date_or_left_out() {
        assert_eq!(ToCallQuery::default().parse().unwrap(), None);
        let day = ToCallQuery {
            date: Some("2026-03-02".into()),
        };
        assert_eq!(day.parse().unwrap(), Some("2026-03-02".parse().unwrap()));
        let bad = ToCallQuery {
            date: Some("02/03/2026".into()),
        };
        assert_eq!(bad.parse().unwrap_err().0[0].field, "date");
    }
}
