//! Holds: a patient keeps a slot for a few minutes while filling the form.
//!
//! A hold's locks carry `hold_id` and `expires_at`. Expiry needs no cleanup: once lapsed,
//! the lock condition of any later booking treats them as free, and the hold's owner can
//! still convert them while nobody else has. The TTL sweep (DynamoDB's, or the SQLite
//! writer's) only removes them later for tidiness.

use chrono::{DateTime, Utc};

use super::reservation::{Attempt, Part, Writes};
use super::slot_lock::Holder;
use super::{BookingEngine, BookingError};
pub use crate::domain::Hold;
use crate::domain::Tenant;
use crate::ids::{HoldId, ProfessionalId, TreatmentId};
use crate::keys;
use crate::store::{Action, Condition, Item};

impl BookingEngine {
    /// Holds a slot for a few minutes; fails like a booking when the time is taken.
    pub async fn hold(
        &self,
        tenant: &Tenant,
        professional_id: ProfessionalId,
        treatment_id: TreatmentId,
        start: DateTime<Utc>,
    ) -> Result<Hold, BookingError> {
        let now = self.now();
        let plan = self
            .plan(tenant, professional_id, treatment_id, start, None, false)
            .await?;
        let id = HoldId::new();
        let expires_at = now + self.hold_for;
        for chair in plan.chairs {
            let hold = Hold {
                id,
                professional_id,
                chair_id: chair,
                treatment_id,
                start,
                held_until: expires_at,
            };
            let mut writes = Writes::default();
            let record = Item::from_record(keys::hold(tenant.id, id), &hold)?.with_expiry(expires_at.timestamp());
            writes.push(
                Part::Record,
                Action::Put {
                    item: record,
                    condition: Some(Condition::NotExists),
                },
            );
            let holder = Holder::Hold(id, expires_at.timestamp());
            writes.take_all(
                tenant.id,
                (professional_id, chair),
                &plan.granules,
                holder,
                None,
                now.timestamp(),
            );
            match self.attempt(writes).await {
                Ok(Attempt::Done) => return Ok(hold),
                Ok(Attempt::ChairTaken) => continue,
                Err(failure) => return Err(failure.into_error()),
            }
        }
        Err(BookingError::NoChairFree)
    }

    /// The hold `id`, if its record is still there (lapsed or not).
    pub(super) async fn held(&self, tenant: &Tenant, id: HoldId) -> Result<Option<Hold>, BookingError> {
        Ok(self
            .store
            .get(&keys::hold(tenant.id, id))
            .await?
            .map(|item| item.record())
            .transpose()?)
    }
}
