//! What a clinic offers, and how long it takes.

use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::Money;
use crate::ids::TreatmentId;

/// Why a treatment was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidTreatment {
    /// Names are what patients pick from.
    #[error("a treatment needs a name of 1–80 characters")]
    Name,
    /// Durations are whole minutes, 5 minutes to 8 hours.
    #[error("duration must be between 5 and 480 minutes, not {0}")]
    Duration(u32),
    /// Buffers (cleaning, preparation) up to two hours.
    #[error("buffer must be between 0 and 120 minutes, not {0}")]
    Buffer(u32),
    /// Recall intervals are whole months, up to three years.
    #[error("the recall interval must be between 1 and {MAX_RECALL_MONTHS} months, not {0}")]
    Recall(u32),
}

/// The longest recall interval a treatment may have.
pub const MAX_RECALL_MONTHS: u32 = 36;

/// A treatment (cleaning, filling, check-up) with its chair time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Treatment {
    /// Its id.
    pub id: TreatmentId,
    /// Its name as patients see it.
    pub name: String,
    /// Minutes with the patient.
    pub duration_minutes: u32,
    /// Minutes after the patient leaves before the next one (cleaning the chair).
    pub buffer_minutes: u32,
    /// Its list price.
    pub price: Money,
    /// Inactive treatments stay on old bookings but cannot be booked.
    pub active: bool,
    /// Months after a completed visit when the patient is called back for the next one (a
    /// cleaning: 6); none: no recall.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 36))]
    pub recall_months: Option<u32>,
}

impl Treatment {
    /// A checked treatment.
    pub fn new(name: &str, duration_minutes: u32, buffer_minutes: u32, price: Money) -> Result<Self, InvalidTreatment> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(InvalidTreatment::Name);
        }
        if !(5..=480).contains(&duration_minutes) {
            return Err(InvalidTreatment::Duration(duration_minutes));
        }
        if buffer_minutes > 120 {
            return Err(InvalidTreatment::Buffer(buffer_minutes));
        }
        Ok(Self {
            id: TreatmentId::new(),
            name: name.to_owned(),
            duration_minutes,
            buffer_minutes,
            price,
            active: true,
            recall_months: None,
        })
    }

    /// The same treatment, recalled `months` after each completed visit (none: never).
    pub fn with_recall(self, months: Option<u32>) -> Result<Self, InvalidTreatment> {
        match months {
            Some(m) if !(1..=MAX_RECALL_MONTHS).contains(&m) => Err(InvalidTreatment::Recall(m)),
            recall_months => Ok(Self { recall_months, ..self }),
        }
    }

    /// Time with the patient.
    pub fn duration(&self) -> Duration {
        Duration::minutes(i64::from(self.duration_minutes))
    }

    /// Time the professional and chair stay taken after the patient leaves.
    pub fn buffer(&self) -> Duration {
        Duration::minutes(i64::from(self.buffer_minutes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_treatment_needs_a_name_and_a_sane_duration() {
        let price = Money::new(25_000, "CLP").unwrap();
        assert_eq!(Treatment::new("  ", 30, 0, price.clone()), Err(InvalidTreatment::Name));
        assert_eq!(
            Treatment::new("Limpieza", 0, 0, price.clone()),
            Err(InvalidTreatment::Duration(0))
        );
        assert_eq!(
            Treatment::new("Limpieza", 30, 121, price.clone()),
            Err(InvalidTreatment::Buffer(121))
        );
        let t = Treatment::new(" Limpieza ", 30, 10, price.clone()).unwrap();
        assert_eq!(t.clone().with_recall(Some(37)), Err(InvalidTreatment::Recall(37)));
        assert_eq!(t.clone().with_recall(Some(0)), Err(InvalidTreatment::Recall(0)));
        assert_eq!(t.clone().with_recall(Some(6)).unwrap().recall_months, Some(6));
        assert_eq!(
            (t.name.as_str(), t.duration(), t.buffer(), t.active),
            ("Limpieza", Duration::minutes(30), Duration::minutes(10), true)
        );
    }
}
