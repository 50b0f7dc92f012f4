//! The people and rooms a booking needs: professionals, chairs, and their absences.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::WeeklyHours;
use crate::ids::{ChairId, ProfessionalId, TimeOffId, TreatmentId};

/// Why an absence or closure was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("time off must end after it starts")]
pub struct InvalidTimeOff;

/// A professional of the clinic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Professional {
    /// Its id.
    pub id: ProfessionalId,
    /// Full name as patients see it.
    pub name: String,
    /// E.g. "Ortodoncia".
    pub specialty: String,
    /// The treatments this professional performs.
    pub treatments: Vec<TreatmentId>,
    /// When they work.
    pub weekly_hours: WeeklyHours,
    /// Inactive professionals keep their history but take no bookings.
    pub active: bool,
}

impl Professional {
    /// Whether this professional can be booked for `treatment`.
    pub fn performs(&self, treatment: TreatmentId) -> bool {
        self.active && self.treatments.contains(&treatment)
    }
}

/// A chair (operatory): a room that can host some treatments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Chair {
    /// Its id.
    pub id: ChairId,
    /// E.g. "Box 1".
    pub name: String,
    /// The treatments it is equipped for.
    pub treatments: Vec<TreatmentId>,
    /// Chairs out of service take no bookings.
    pub active: bool,
}

impl Chair {
    /// Whether this chair can host `treatment`.
    pub fn hosts(&self, treatment: TreatmentId) -> bool {
        self.active && self.treatments.contains(&treatment)
    }
}

/// Who an absence applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "professional_id", rename_all = "snake_case")]
pub enum TimeOffScope {
    /// One professional is away.
    Professional(ProfessionalId),
    /// The whole clinic is closed (holiday).
    Clinic,
}

impl TimeOffScope {
    /// The professional away, or `None` for a closure of the whole clinic.
    pub const fn professional(self) -> Option<ProfessionalId> {
        match self {
            Self::Professional(p) => Some(p),
            Self::Clinic => None,
        }
    }
}

/// An absence of a professional or a closure of the clinic, `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeOff {
    /// Its id.
    pub id: TimeOffId,
    /// Who is away.
    pub scope: TimeOffScope,
    /// First instant away.
    pub start: DateTime<Utc>,
    /// First instant back.
    pub end: DateTime<Utc>,
    /// Shown to staff only.
    pub reason: String,
}

impl TimeOff {
    /// A checked absence.
    pub fn new(
        scope: TimeOffScope,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        reason: &str,
    ) -> Result<Self, InvalidTimeOff> {
        if end <= start {
            return Err(InvalidTimeOff);
        }
        Ok(Self {
            id: TimeOffId::new(),
            scope,
            start,
            end,
            reason: reason.trim().to_owned(),
        })
    }

    /// Whether it keeps `professional` away.
    pub fn applies_to(&self, professional: ProfessionalId) -> bool {
        match self.scope {
            TimeOffScope::Clinic => true,
            TimeOffScope::Professional(p) => p == professional,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clinic_closure_keeps_everyone_away() {
        let start = "2026-09-18T00:00:00Z".parse().unwrap();
        let end = "2026-09-20T00:00:00Z".parse().unwrap();
        let closure = TimeOff::new(TimeOffScope::Clinic, start, end, "Fiestas Patrias").unwrap();
        assert!(closure.applies_to(ProfessionalId::new()));
        let one = ProfessionalId::new();
        let absence = TimeOff::new(TimeOffScope::Professional(one), start, end, "").unwrap();
        assert!(absence.applies_to(one) && !absence.applies_to(ProfessionalId::new()));
        assert_eq!(TimeOff::new(TimeOffScope::Clinic, end, start, ""), Err(InvalidTimeOff));
    }

    #[test]
    fn inactive_staff_and_chairs_take_no_treatments() {
        let t = TreatmentId::new();
        let chair = Chair {
            id: ChairId::new(),
            name: "Box 1".into(),
            treatments: vec![t],
            active: false,
        };
        assert!(!chair.hosts(t));
        assert!(Chair { active: true, ..chair }.hosts(t));
    }
}
