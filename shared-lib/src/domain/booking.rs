//! Bookings and the life of one appointment.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CallRecord, PatientAnswer, Reminder};
use crate::ids::{BookingId, ChairId, PatientId, ProfessionalId, TenantId, TreatmentId};

/// Where an appointment is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// Requested, awaiting staff confirmation; already holds its time.
    Pending,
    /// Confirmed by the clinic.
    Confirmed,
    /// The patient is in the waiting room.
    Arrived,
    /// The visit took place.
    Completed,
    /// Called off by the patient or the clinic; its time is free again.
    Cancelled,
    /// The patient did not come.
    NoShow,
}

/// A status change the state machine does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a booking that is {from} cannot become {to}")]
pub struct IllegalTransition {
    /// The current status.
    pub from: BookingStatus,
    /// The requested status.
    pub to: BookingStatus,
}

impl BookingStatus {
    /// Every status, in life order.
    pub const ALL: [Self; 6] = [
        Self::Pending,
        Self::Confirmed,
        Self::Arrived,
        Self::Completed,
        Self::Cancelled,
        Self::NoShow,
    ];

    /// Whether the booking still takes its time (professional and chair locks).
    pub const fn holds_time(self) -> bool {
        matches!(self, Self::Pending | Self::Confirmed | Self::Arrived)
    }

    /// Whether nothing can happen to the booking any more.
    pub const fn is_final(self) -> bool {
        matches!(self, Self::Completed | Self::Cancelled | Self::NoShow)
    }

    /// Whether the machine allows moving from `self` to `to`.
    pub const fn may_become(self, to: Self) -> bool {
        use BookingStatus::*;
        matches!(
            (self, to),
            (Pending, Confirmed | Cancelled) | (Confirmed, Arrived | Cancelled | NoShow) | (Arrived, Completed)
        )
    }

    /// The checked move from `self` to `to`.
    pub fn transition(self, to: Self) -> Result<Self, IllegalTransition> {
        if self.may_become(to) {
            Ok(to)
        } else {
            Err(IllegalTransition { from: self, to })
        }
    }

    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Confirmed => "confirmed",
            Self::Arrived => "arrived",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
            Self::NoShow => "no_show",
        }
    }
}

impl std::fmt::Display for BookingStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Text that names no booking status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a booking status (pending, confirmed, arrived, completed, cancelled, no_show)")]
pub struct InvalidStatus(pub String);

impl std::str::FromStr for BookingStatus {
    type Err = InvalidStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == s.trim())
            .ok_or_else(|| InvalidStatus(s.to_owned()))
    }
}

/// One appointment: a patient, a professional, maybe a chair, and a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Booking {
    /// Its id.
    pub id: BookingId,
    /// The clinic.
    pub tenant_id: TenantId,
    /// Who comes.
    pub patient_id: PatientId,
    /// Who treats.
    pub professional_id: ProfessionalId,
    /// Where, when the clinic schedules chairs.
    pub chair_id: Option<ChairId>,
    /// What for.
    pub treatment_id: TreatmentId,
    /// First instant with the patient.
    pub start: DateTime<Utc>,
    /// Instant the patient leaves.
    pub end: DateTime<Utc>,
    /// Instant the professional and chair are free again (`end` + the treatment's buffer).
    pub blocked_until: DateTime<Utc>,
    /// The clinic's granularity when it was booked: its locks are cut on this step, even
    /// if the clinic changes its grid later.
    pub granule_minutes: u32,
    /// The reminders it will get, each written as a due entry in the booking's transaction;
    /// none when it was booked too close to the visit.
    #[serde(default)]
    pub reminders: Vec<Reminder>,
    /// Where it is in its life.
    pub status: BookingStatus,
    /// Staff notes.
    pub notes: String,
    /// The patient's answer to the links in its messages; bookings stored before links
    /// existed read as unconfirmed.
    #[serde(default)]
    pub answer: PatientAnswer,
    /// Reception's record of phoning the patient about it, from the to-call list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub called: Option<CallRecord>,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// Optimistic-concurrency version; every change increments it.
    pub version: u64,
}

#[cfg(test)]
mod tests {
    use super::BookingStatus::{self, *};

    #[test]
    fn a_visit_goes_pending_confirmed_arrived_completed() {
        let path = [Pending, Confirmed, Arrived, Completed];
        for pair in path.windows(2) {
            assert_eq!(pair[0].transition(pair[1]), Ok(pair[1]));
        }
    }

    #[test]
    fn finished_bookings_never_change_again() {
        for from in BookingStatus::ALL.into_iter().filter(|s| s.is_final()) {
            for to in BookingStatus::ALL {
                assert!(from.transition(to).is_err(), "{from} -> {to} must be refused");
            }
        }
    }

    #[test]
    fn the_machine_allows_exactly_these_moves() {
        let allowed: Vec<_> = BookingStatus::ALL
            .into_iter()
            .flat_map(|a| BookingStatus::ALL.into_iter().map(move |b| (a, b)))
            .filter(|(a, b)| a.may_become(*b))
            .collect();
        assert_eq!(
            allowed,
            vec![
                (Pending, Confirmed),
                (Pending, Cancelled),
                (Confirmed, Arrived),
                (Confirmed, Cancelled),
                (Confirmed, NoShow),
                (Arrived, Completed)
            ]
        );
        assert_eq!(
            Confirmed.transition(Pending).unwrap_err().to_string(),
            "a booking that is confirmed cannot become pending"
        );
    }

    #[test]
    fn pending_bookings_hold_their_time_like_confirmed_ones() {
        assert!(Pending.holds_time() && Confirmed.holds_time() && Arrived.holds_time());
        assert!(!Cancelled.holds_time() && !NoShow.holds_time() && !Completed.holds_time());
    }
}
