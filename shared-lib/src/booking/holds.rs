//! Holds: a patient keeps a slot for a few minutes while filling the form.
//!
//! A hold's locks carry `hold_id` and `expires_at`. Expiry needs no cleanup: once lapsed,
//! the lock condition of any later booking treats them as free, and the hold's owner can
//! still convert them while nobody else has. The TTL sweep (DynamoDB's, or the SQLite
//! writer's) only removes them later for tidiness.

use chrono::{DateTime, Duration, Utc};

use super::slot_lock::{self, Holder};
use super::transaction::{Attempt, Part, Writes};
use super::{BookingEngine, BookingError};
pub use crate::domain::Hold;
use crate::domain::Tenant;
use crate::ids::{HoldId, ProfessionalId, TreatmentId};
use crate::keys;
use crate::store::{Action, Condition, Item, StoreError};

/// A slot to hold, for how long, and the hold whose granules it may take over (an offer
/// passed on to the next patient).
#[derive(Debug, Clone, Copy)]
pub(crate) struct HeldSlot {
    pub professional_id: ProfessionalId,
    pub treatment_id: TreatmentId,
    pub start: DateTime<Utc>,
    pub held_for: Duration,
    pub taking_over: Option<HoldId>,
}

impl BookingEngine {
    /// Holds a slot for a few minutes; fails like a booking when the time is taken.
    pub async fn hold(
        &self,
        tenant: &Tenant,
        professional_id: ProfessionalId,
        treatment_id: TreatmentId,
        start: DateTime<Utc>,
    ) -> Result<Hold, BookingError> {
        let slot = HeldSlot {
            professional_id,
            treatment_id,
            start,
            held_for: self.hold_for,
            taking_over: None,
        };
        self.hold_with(tenant, slot, |_| Ok(Vec::new())).await
    }

    /// Holds `slot` and writes `with(hold)` in the same transaction; a failed condition of
    /// those writes is [`BookingError::Stale`]. Patients' rules apply (notice, horizon).
    pub(crate) async fn hold_with(
        &self,
        tenant: &Tenant,
        slot: HeldSlot,
        with: impl Fn(&Hold) -> Result<Vec<Action>, StoreError>,
    ) -> Result<Hold, BookingError> {
        let now = self.now();
        let plan = self
            .plan(tenant, slot.professional_id, slot.treatment_id, slot.start, None, false)
            .await?;
        let id = HoldId::new();
        let expires_at = now + slot.held_for;
        for chair in plan.chairs {
            let hold = Hold {
                id,
                professional_id: slot.professional_id,
                chair_id: chair,
                treatment_id: slot.treatment_id,
                start: slot.start,
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
            for action in with(&hold)? {
                writes.push(Part::Record, action);
            }
            let holder = Holder::Hold(id, expires_at.timestamp());
            writes.take_all(
                tenant.id,
                (slot.professional_id, chair),
                &plan.granules,
                holder,
                slot.taking_over,
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

    /// Gives back the time of `hold` before it lapses (a declined offer): each granule
    /// still held by it is deleted, one nobody else's.
    pub(crate) async fn release_hold(&self, tenant: &Tenant, hold: &Hold) -> Result<(), BookingError> {
        let treatment = self
            .catalog
            .treatment(tenant.id, hold.treatment_id)
            .await?
            .ok_or(BookingError::NotFound("treatment"))?;
        let until = hold.start + treatment.duration() + treatment.buffer();
        let grid = super::grid_of(tenant);
        for resource in super::resources(hold.professional_id, hold.chair_id) {
            for granule in grid.granules(hold.start, until) {
                let condition = Condition::Equals(slot_lock::HOLD_ID.into(), hold.id.to_string().into());
                match self
                    .store
                    .delete(&resource.lock_key(tenant.id, granule), Some(condition))
                    .await
                {
                    Ok(()) | Err(StoreError::ConditionFailed { .. }) => {}
                    Err(e) => return Err(e.into()),
                }
            }
        }
        Ok(())
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
