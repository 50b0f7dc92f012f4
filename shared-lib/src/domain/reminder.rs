//! Reminders of a visit: when each is due, and where its sending stands.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Which of a booking's reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    /// The clinic's lead time before the visit (24 hours unless the clinic says otherwise).
    Ahead,
    /// The optional second reminder a few hours before, on the day.
    SameDay,
    /// The request to confirm attendance, when the clinic asks for one.
    Confirm,
}

impl ReminderKind {
    /// The wire and key name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Ahead => "ahead",
            Self::SameDay => "same_day",
            Self::Confirm => "confirm",
        }
    }
}

impl fmt::Display for ReminderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reminder a booking will get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reminder {
    /// Which one.
    pub kind: ReminderKind,
    /// When it goes out: the clinic's wall-clock lead time before the visit, so a reminder
    /// "24 hours before" a 10:00 visit goes out at 10:00 the day before, across a DST change too.
    pub due: DateTime<Utc>,
}

/// Where the sending of one reminder stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReminderStatus {
    /// Not due yet, or due and waiting for the next run of the reminder job.
    Pending,
    /// A run of the job has claimed it and is sending it.
    Sending,
    /// Sent.
    Sent,
    /// The last attempt failed; the job retries it a bounded number of times.
    Failed,
    /// The visit began before the reminder could go out.
    Missed,
}

impl ReminderStatus {
    /// The stored and wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Failed => "failed",
            Self::Missed => "missed",
        }
    }
}
