//! A hold: a slot kept for a patient for a few minutes while they fill in the form.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{ChairId, HoldId, ProfessionalId, TreatmentId};

/// A slot kept for a patient until `held_until`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hold {
    /// Its id; the booking request names it.
    pub id: HoldId,
    /// Who would treat.
    pub professional_id: ProfessionalId,
    /// The chair kept, when the clinic uses chairs.
    pub chair_id: Option<ChairId>,
    /// What for.
    pub treatment_id: TreatmentId,
    /// When the appointment would start.
    pub start: DateTime<Utc>,
    /// When the hold lapses (named apart from the item's `expires_at` TTL attribute).
    pub held_until: DateTime<Utc>,
}
