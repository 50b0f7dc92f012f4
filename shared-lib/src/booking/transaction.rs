//! The booking engine's transactions: the actions of one change with what each stands for,
//! so a failed condition is explained as the part it belongs to (a taken granule, a stale
//! record, a reused key), and the stored form of a booking.

use chrono::{DateTime, Utc};

use super::slot_lock::{self, Holder};
use super::{BookingEngine, BookingError, Resource, resources};
use crate::domain::{Booking, BookingEvent};
use crate::ids::{ChairId, HoldId, ProfessionalId, TenantId};
use crate::keys;
use crate::notification::relay;
use crate::store::{Action, Item, MAX_TRANSACTION_ACTIONS, StoreError};

/// What each action of a transaction stands for, to explain a failed condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Record,
    Reminder,
    Idempotency,
    /// The change's event, delivered from the store once committed.
    Event,
    /// Taking this granule.
    Lock(Resource, DateTime<Utc>),
    /// Releasing one of the booking's own granules.
    Release,
}

/// A transaction under construction, with the meaning of each action.
#[derive(Default)]
pub(super) struct Writes {
    pub actions: Vec<Action>,
    pub parts: Vec<Part>,
}

impl Writes {
    pub fn push(&mut self, part: Part, action: Action) {
        self.actions.push(action);
        self.parts.push(part);
    }

    /// Writes the change's event in the same transaction, so the change is never stored
    /// without it.
    pub fn announce(&mut self, event: &BookingEvent) -> Result<(), StoreError> {
        let item = relay::pending_item(event)?;
        self.push(Part::Event, Action::Put { item, condition: None });
        Ok(())
    }

    /// Takes every granule for the professional and, when given, the chair.
    pub fn take_all(
        &mut self,
        tenant: TenantId,
        (professional, chair): (ProfessionalId, Option<ChairId>),
        granules: &[DateTime<Utc>],
        holder: Holder,
        converting: Option<HoldId>,
        now: i64,
    ) {
        for resource in resources(professional, chair) {
            for granule in granules {
                let take = slot_lock::take(tenant, resource, *granule, holder, converting, now);
                self.push(Part::Lock(resource, *granule), take);
            }
        }
    }
}

/// How a transaction that tried one chair ended, when it did not fail outright.
pub(super) enum Attempt {
    Done,
    /// The chair was taken: try the next one.
    ChairTaken,
}

/// Why a transaction failed.
pub(super) enum Failure {
    /// The condition of this part did not hold.
    Condition(Part),
    /// More actions than one transaction may hold.
    TooLong,
    /// The store failed.
    Store(StoreError),
}

impl Failure {
    /// The engine error for failures that mean the same whatever the operation.
    pub fn into_error(self) -> BookingError {
        match self {
            Self::Condition(Part::Lock(resource, granule)) => BookingError::SlotTaken { resource, granule },
            Self::Condition(Part::Release) => {
                BookingError::Store(StoreError::Corrupt("a lock of the booking is held by another".into()))
            }
            Self::Condition(_) => BookingError::Stale,
            Self::TooLong => BookingError::TooLong,
            Self::Store(e) => BookingError::Store(e),
        }
    }
}

impl BookingEngine {
    /// Runs a transaction; a taken chair granule means "try another chair", any other
    /// failed condition is reported as the part it stands for.
    pub(super) async fn attempt(&self, writes: Writes) -> Result<Attempt, Failure> {
        if writes.actions.len() > MAX_TRANSACTION_ACTIONS {
            return Err(Failure::TooLong);
        }
        match self.store.transact(writes.actions).await {
            Ok(()) => Ok(Attempt::Done),
            Err(StoreError::ConditionFailed { index }) => match writes.parts.get(index).copied() {
                Some(Part::Lock(Resource::Chair(_), _)) => Ok(Attempt::ChairTaken),
                Some(part) => Err(Failure::Condition(part)),
                None => Err(Failure::Store(StoreError::Corrupt(format!(
                    "condition {index} failed out of range"
                )))),
            },
            // Another transaction took the same granules at the same instant: they are taken.
            Err(StoreError::Contention) => match writes.parts.iter().copied().find(|p| matches!(p, Part::Lock(..))) {
                Some(part) => Err(Failure::Condition(part)),
                None => Err(Failure::Store(StoreError::Contention)),
            },
            Err(e) => Err(Failure::Store(e)),
        }
    }
}

/// The stored form of a booking, with its patient (GSI1) and professional (GSI2) entries.
pub(super) fn booking_item(booking: &Booking) -> Result<Item, StoreError> {
    Ok(
        Item::from_record(keys::booking(booking.tenant_id, booking.id), booking)?
            .with_gsi1(keys::booking_by_patient(
                booking.tenant_id,
                booking.patient_id,
                booking.start,
            ))
            .with_gsi2(keys::booking_by_professional(
                booking.tenant_id,
                booking.professional_id,
                booking.start,
            )),
    )
}
