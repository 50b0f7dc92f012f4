//! Recall (DESIGN §11): a completed visit of a treatment with a recall interval (a cleaning:
//! six months) sets when the patient is called back for the next one. Plain types and the
//! rule of when a recall is due and where it stands.

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{BookingId, PatientId, ProfessionalId, TenantId, TreatmentId};

/// The clinic's hour on the due date when recall messages go out: the clinic's morning.
pub const RECALL_HOUR: u32 = 8;

/// When one patient is due back for one treatment, and what was done about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recall {
    /// The clinic.
    pub tenant_id: TenantId,
    /// Who is called back.
    pub patient_id: PatientId,
    /// For what.
    pub treatment_id: TreatmentId,
    /// Who treated them last (the link into the wizard chooses them).
    pub professional_id: ProfessionalId,
    /// The completed visit that set it.
    pub last_visit: BookingId,
    /// When that visit was.
    pub last_visit_at: DateTime<Utc>,
    /// The day the patient is due back (clinic calendar).
    pub due: NaiveDate,
    /// When each recall message went out (at most two).
    #[serde(default)]
    pub contacted: Vec<DateTime<Utc>>,
    /// The booking the patient made since, which ends the recall.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booked: Option<BookingId>,
    /// Optimistic concurrency.
    pub version: u64,
}

/// The day a visit on `visited` (clinic calendar) is due again, `months` later: the same day
/// of the month, or the month's last when it has fewer days. `None` past chrono's years.
pub fn due_after(visited: NaiveDate, months: u32) -> Option<NaiveDate> {
    visited.checked_add_months(Months::new(months))
}

/// Where a recall stands, as the recall list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecallStatus {
    /// Not due yet.
    Upcoming,
    /// Due today.
    Due,
    /// Past due, and the patient not yet contacted.
    Overdue,
    /// Sent a recall message, not booked yet.
    Contacted,
    /// Booked since: nothing more is sent.
    Booked,
}

impl RecallStatus {
    /// Every status, in the order a list filters them.
    pub const ALL: [Self; 5] = [Self::Upcoming, Self::Due, Self::Overdue, Self::Contacted, Self::Booked];

    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Upcoming => "upcoming",
            Self::Due => "due",
            Self::Overdue => "overdue",
            Self::Contacted => "contacted",
            Self::Booked => "booked",
        }
    }
}

impl Recall {
    /// Where it stands on `today` (the clinic's calendar).
    pub fn status_on(&self, today: NaiveDate) -> RecallStatus {
        if self.booked.is_some() {
            RecallStatus::Booked
        } else if !self.contacted.is_empty() {
            RecallStatus::Contacted
        } else if self.due > today {
            RecallStatus::Upcoming
        } else if self.due == today {
            RecallStatus::Due
        } else {
            RecallStatus::Overdue
        }
    }

    /// Which message, if any, is owed on `today`: the first once due, the second
    /// `follow_up_weeks` after the first. Nothing once booked, or after two.
    pub fn owed_on(
        &self,
        today: NaiveDate,
        first_sent_on: Option<NaiveDate>,
        follow_up_weeks: Option<u32>,
    ) -> Option<u8> {
        if self.booked.is_some() || today < self.due {
            return None;
        }
        match (self.contacted.len(), first_sent_on, follow_up_weeks) {
            (0, _, _) => Some(1),
            (1, Some(first), Some(weeks)) if today >= first + chrono::Duration::weeks(i64::from(weeks)) => Some(2),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn recall(due: &str) -> Recall {
        Recall {
            tenant_id: TenantId::new(),
            patient_id: PatientId::new(),
            treatment_id: TreatmentId::new(),
            professional_id: ProfessionalId::new(),
            last_visit: BookingId::new(),
            last_visit_at: "2026-03-02T13:00:00Z".parse().unwrap(),
            due: day(due),
            contacted: Vec::new(),
            booked: None,
            version: 1,
        }
    }

    #[test]
    fn six_months_after_the_end_of_august_is_the_end_of_february() {
        assert_eq!(due_after(day("2026-03-02"), 6), Some(day("2026-09-02")));
        assert_eq!(due_after(day("2026-08-31"), 6), Some(day("2027-02-28")));
    }

    #[test]
    fn a_recall_is_upcoming_then_due_then_overdue_until_the_patient_is_contacted_or_books() {
        let mut r = recall("2026-09-02");
        assert_eq!(r.status_on(day("2026-09-01")), RecallStatus::Upcoming);
        assert_eq!(r.status_on(day("2026-09-02")), RecallStatus::Due);
        assert_eq!(r.status_on(day("2026-09-03")), RecallStatus::Overdue);
        r.contacted.push("2026-09-02T11:00:00Z".parse().unwrap());
        assert_eq!(r.status_on(day("2026-09-03")), RecallStatus::Contacted);
        r.booked = Some(BookingId::new());
        assert_eq!(r.status_on(day("2026-09-03")), RecallStatus::Booked);
    }

    #[test]
    fn the_second_message_waits_the_clinics_weeks_and_none_follows_it() {
        let mut r = recall("2026-09-02");
        assert_eq!(r.owed_on(day("2026-09-01"), None, Some(3)), None, "not due yet");
        assert_eq!(r.owed_on(day("2026-09-02"), None, Some(3)), Some(1));
        r.contacted.push("2026-09-02T11:00:00Z".parse().unwrap());
        let first = Some(day("2026-09-02"));
        assert_eq!(r.owed_on(day("2026-09-22"), first, Some(3)), None);
        assert_eq!(r.owed_on(day("2026-09-23"), first, Some(3)), Some(2));
        assert_eq!(
            r.owed_on(day("2026-09-23"), first, None),
            None,
            "the clinic sends one only"
        );
        r.contacted.push("2026-09-23T11:00:00Z".parse().unwrap());
        assert_eq!(r.owed_on(day("2026-12-01"), first, Some(3)), None, "two at most");
        r.contacted.pop();
        r.booked = Some(BookingId::new());
        assert_eq!(
            r.owed_on(day("2026-09-23"), first, Some(3)),
            None,
            "nothing once booked"
        );
    }
}
