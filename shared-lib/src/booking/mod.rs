//! The booking engine (DESIGN §4–§5): availability, holds, reservations, cancellation,
//! rescheduling and status changes, on the store port. No overbooking by construction:
//! every granule a booking occupies is a lock item taken in the booking's own transaction.

mod availability;
mod calendar;
mod changes;
mod holds;
mod plan;
mod reservation;
pub mod slot_lock;
mod transaction;

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use crate::api::fields::Invalid;
use crate::catalog::{Catalog, CatalogError};
use crate::clock::Clock;
use crate::domain::{Booking, BookingChange, BookingEvent, BookingStatus, Grid, IllegalTransition, Tenant};
use crate::ids::{BookingId, ChairId, HoldId, PatientId, ProfessionalId, TreatmentId};
use crate::keys;
use crate::store::{Store, StoreError};

pub use availability::ProfessionalAvailability;
pub use calendar::{CalendarCursor, CalendarRange};
pub(crate) use holds::HeldSlot;
pub use holds::Hold;
pub use reservation::BookingRequest;
pub use slot_lock::Resource;

/// How long a hold keeps a slot unless the engine is told otherwise.
pub const DEFAULT_HOLD_MINUTES: i64 = 5;
/// The longest range one availability call answers.
pub use crate::api::bookings::MAX_AVAILABILITY_DAYS;

/// Why the engine refused or failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BookingError {
    /// The time is taken: the resource and granule that made the transaction fail.
    #[error("that time is no longer free ({resource:?} at {granule})")]
    SlotTaken {
        /// What was taken.
        resource: Resource,
        /// The first granule found taken.
        granule: DateTime<Utc>,
    },
    /// Every chair that could host the treatment is taken at that time.
    #[error("no chair that hosts this treatment is free at that time")]
    NoChairFree,
    /// The named thing does not exist in this clinic.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Fields of the request name treatments, professionals or chairs the clinic does not
    /// have (another clinic's included).
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The start is not on the clinic's grid.
    #[error("appointments start on the clinic's {0}-minute grid")]
    OffGrid(u32),
    /// The time is outside the professional's hours or during time off.
    #[error("the professional does not work at that time")]
    OutsideHours,
    /// The start is before the minimum notice or beyond the horizon.
    #[error("that time is outside the period open for booking")]
    OutsideBookingWindow,
    /// The professional does not perform the treatment, or it is inactive.
    #[error("this professional does not perform this treatment")]
    TreatmentNotOffered,
    /// The named chair cannot host the treatment.
    #[error("that chair cannot host this treatment")]
    ChairUnsuitable,
    /// The hold is unknown, lapsed and taken over, or for another slot.
    #[error("the hold does not match this booking")]
    HoldMismatch,
    /// The idempotency key was used before for a different request.
    #[error("this Idempotency-Key was already used for a different request")]
    IdempotencyKeyReused,
    /// The status change is not allowed.
    #[error(transparent)]
    IllegalTransition(#[from] IllegalTransition),
    /// The booking is past the point where it can be moved.
    #[error("a {0} booking can no longer be moved")]
    Finished(BookingStatus),
    /// A patient may no longer move or cancel the booking themselves.
    #[error("appointments can be changed online until {0} hours before; please call the clinic")]
    OutsideCancellationWindow(u32),
    /// Someone changed the booking since it was read.
    #[error("the booking was changed by someone else; reload and try again")]
    Stale,
    /// The appointment has more granules than one transaction can lock.
    #[error("the appointment is too long to book in one step at this clinic's granularity")]
    TooLong,
    /// The date range is empty, too long, or its arithmetic would leave the supported era.
    #[error("the date range must be 1 to {MAX_AVAILABILITY_DAYS} days within the supported years")]
    BadRange,
    /// A calendar cursor that this server did not hand out.
    #[error("the cursor is not valid for this list")]
    BadCursor,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<CatalogError> for BookingError {
    fn from(e: CatalogError) -> Self {
        match e {
            CatalogError::Store(e) => Self::Store(e),
            CatalogError::NotFound => Self::NotFound("item"),
            CatalogError::Invalid(invalid) => Self::Invalid(invalid),
            CatalogError::SlugTaken(_) | CatalogError::EmailTaken => Self::Store(StoreError::Invalid(e.to_string())),
        }
    }
}

/// The booking engine of one platform.
#[derive(Clone)]
pub struct BookingEngine {
    store: Arc<dyn Store>,
    catalog: Catalog,
    clock: Arc<dyn Clock>,
    hold_for: Duration,
    doorbell: Option<Arc<tokio::sync::Notify>>,
}

impl BookingEngine {
    /// An engine on `store`, telling time by `clock`.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self {
            catalog: Catalog::new(Arc::clone(&store)),
            store,
            clock,
            hold_for: Duration::minutes(DEFAULT_HOLD_MINUTES),
            doorbell: None,
        }
    }

    /// Rings `doorbell` after every commit, so an embedded relay delivers the change's
    /// event at once (the event itself is already in the store).
    pub fn with_doorbell(self, doorbell: Arc<tokio::sync::Notify>) -> Self {
        Self {
            doorbell: Some(doorbell),
            ..self
        }
    }

    /// Changes how long holds last.
    pub fn with_hold_duration(self, hold_for: Duration) -> Self {
        Self { hold_for, ..self }
    }

    /// The table it books in.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// Tells the relay, if any, that a change made beside the engine (a declined offer)
    /// waits to be acted on.
    pub(crate) fn ring_relay(&self) {
        self.ring();
    }

    /// The clinic configuration it reads.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// One booking of a clinic.
    pub async fn booking(&self, tenant: &Tenant, id: BookingId) -> Result<Booking, BookingError> {
        let item = self
            .store
            .get(&keys::booking(tenant.id, id))
            .await?
            .ok_or(BookingError::NotFound("booking"))?;
        Ok(item.record()?)
    }

    /// Refuses a patient's own move or cancellation inside the clinic's cancellation window.
    pub fn patient_may_move(&self, tenant: &Tenant, booking: &Booking) -> Result<(), BookingError> {
        if tenant.rules.patient_may_change(booking.start, self.now()) {
            Ok(())
        } else {
            Err(BookingError::OutsideCancellationWindow(
                tenant.rules.cancellation_window_hours(),
            ))
        }
    }

    /// What time it is by the engine's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The event of a change, as it is written in the change's own transaction.
    fn event(&self, change: BookingChange, booking: &Booking) -> BookingEvent {
        BookingEvent {
            change,
            booking: booking.clone(),
            at: self.now(),
        }
    }

    /// Tells the relay, if any, that a committed change's event waits in the store.
    fn ring(&self) {
        if let Some(doorbell) = &self.doorbell {
            doorbell.notify_one();
        }
    }
}

fn grid_of(tenant: &Tenant) -> Grid {
    Grid::new(tenant.time_zone, tenant.rules.granularity())
}

/// The resources a booking or hold locks.
fn resources(professional: ProfessionalId, chair: Option<ChairId>) -> Vec<Resource> {
    std::iter::once(Resource::Professional(professional))
        .chain(chair.map(Resource::Chair))
        .collect()
}

/// What the request was, for matching an idempotent retry or a hold.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Fingerprint {
    patient_id: PatientId,
    professional_id: ProfessionalId,
    treatment_id: TreatmentId,
    start: DateTime<Utc>,
    chair_id: Option<ChairId>,
    hold_id: Option<HoldId>,
}
