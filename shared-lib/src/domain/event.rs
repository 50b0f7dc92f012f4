//! What happened to a booking, announced after the change is stored.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Booking, BookingStatus};
use crate::ids::ProfessionalId;

/// The change a booking went through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BookingChange {
    /// It was made.
    Created,
    /// It moved; these are the time and professional it had before.
    Rescheduled {
        /// The former start.
        from_start: DateTime<Utc>,
        /// The former professional.
        from_professional: ProfessionalId,
    },
    /// It was called off and its time freed.
    Cancelled,
    /// It moved along its status machine (other than cancelling).
    StatusChanged {
        /// The former status.
        from: BookingStatus,
    },
    /// The patient said, from a link, that they will come.
    Confirmed,
    /// Reception recorded that it phoned the patient.
    Called,
}

impl BookingChange {
    /// The event's type name, as the EventBridge `detail-type` and in logs.
    pub const fn name(&self) -> &'static str {
        match self {
            Self::Created => "booking.created",
            Self::Rescheduled { .. } => "booking.rescheduled",
            Self::Cancelled => "booking.cancelled",
            Self::StatusChanged { .. } => "booking.status_changed",
            Self::Confirmed => "booking.confirmed",
            Self::Called => "booking.called",
        }
    }
}

/// A committed change and the booking as it now stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingEvent {
    /// What happened.
    pub change: BookingChange,
    /// The booking after the change.
    pub booking: Booking,
    /// When the change was stored.
    pub at: DateTime<Utc>,
}
