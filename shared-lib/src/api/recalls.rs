//! The recall list on the wire: who is due back for which treatment, and where it stands.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::fields::{FieldCode, Fields, Invalid};
use crate::domain::RecallStatus;
use crate::ids::{BookingId, PatientId, ProfessionalId, TreatmentId};

/// `GET /v1/recalls?status&cursor&limit`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct RecallQuery {
    /// Only recalls with this status (`upcoming`, `due`, `overdue`, `contacted`, `booked`).
    #[serde(default)]
    pub status: Option<String>,
    /// From a previous page.
    #[serde(default)]
    pub cursor: Option<String>,
    /// Page size (1–200, default 50).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<u32>, minimum = 1, maximum = 200))]
    pub limit: Option<String>,
}

impl RecallQuery {
    /// The status asked for, if any.
    pub fn status(&self) -> Result<Option<RecallStatus>, Invalid> {
        let Some(text) = self.status.as_deref() else {
            return Ok(None);
        };
        let mut f = Fields::default();
        let found = RecallStatus::ALL.into_iter().find(|s| s.as_str() == text.trim());
        if found.is_none() {
            let names: Vec<_> = RecallStatus::ALL.iter().map(|s| s.as_str()).collect();
            f.fail(
                "status",
                FieldCode::Invalid,
                format!("`{text}` is not one of {}", names.join(", ")),
            );
        }
        f.done(|| Some(found))
    }
}

/// One patient due back for one treatment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecallView {
    /// Who.
    pub patient_id: PatientId,
    /// Their name (when the record is still there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient_name: Option<String>,
    /// Their phone, to call them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient_phone: Option<String>,
    /// For what.
    pub treatment_id: TreatmentId,
    /// Who treated them last.
    pub professional_id: ProfessionalId,
    /// The completed visit that set the recall.
    pub last_visit: BookingId,
    /// When it was.
    pub last_visit_at: DateTime<Utc>,
    /// The day they are due back (clinic calendar).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due: NaiveDate,
    /// Where it stands today.
    pub status: RecallStatus,
    /// When recall messages went out.
    pub contacted: Vec<DateTime<Utc>>,
    /// The booking they made since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booked: Option<BookingId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_is_one_of_the_lists_and_nothing_else() {
        let q = |s: &str| RecallQuery {
            status: Some(s.into()),
            ..RecallQuery::default()
        };
        assert_eq!(q("overdue").status(), Ok(Some(RecallStatus::Overdue)));
        assert_eq!(RecallQuery::default().status(), Ok(None));
        assert_eq!(q("late").status().unwrap_err().0[0].field, "status");
    }
}
