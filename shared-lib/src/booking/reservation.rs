//! Taking time: a request checked against the clinic's rules ([`super::plan`]), a chair
//! chosen, and locks, booking, reminders and idempotency record written in one transaction.

use chrono::{DateTime, Duration, Utc};

use super::slot_lock::Holder;
use super::transaction::{Attempt, Failure, Part, Writes, booking_item};
use super::{BookingEngine, BookingError, Fingerprint};
use crate::domain::{Booking, BookingChange, BookingStatus, Tenant};
use crate::ids::{BookingId, ChairId, HoldId, PatientId, ProfessionalId, TreatmentId};
use crate::keys;
use crate::notification::ReminderEntry;
use crate::store::{Action, Condition, Item, StoreError};

/// How long a client's `Idempotency-Key` is remembered.
const IDEMPOTENCY_TTL: Duration = Duration::hours(24);

/// A request to book one appointment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingRequest {
    /// Who comes.
    pub patient_id: PatientId,
    /// Who treats.
    pub professional_id: ProfessionalId,
    /// What for.
    pub treatment_id: TreatmentId,
    /// When, on the clinic's grid.
    pub start: DateTime<Utc>,
    /// A chair to use; the first free one that hosts the treatment when `None`.
    pub chair_id: Option<ChairId>,
    /// A hold the patient took on this slot, to convert.
    pub hold_id: Option<HoldId>,
    /// `Pending` (awaiting staff) or `Confirmed`.
    pub status: BookingStatus,
    /// Staff notes.
    pub notes: String,
    /// Staff may book inside the minimum notice (walk-ins) and beyond the horizon.
    pub by_staff: bool,
}

impl BookingRequest {
    /// A patient's confirmed booking, no chair or hold named, no notes.
    pub fn new(
        patient_id: PatientId,
        professional_id: ProfessionalId,
        treatment_id: TreatmentId,
        start: DateTime<Utc>,
    ) -> Self {
        Self {
            patient_id,
            professional_id,
            treatment_id,
            start,
            chair_id: None,
            hold_id: None,
            status: BookingStatus::Confirmed,
            notes: String::new(),
            by_staff: false,
        }
    }
}

impl BookingEngine {
    /// Books an appointment. With an `idempotency_key`, a retry of the same request returns
    /// the original booking and writes nothing.
    pub async fn book(
        &self,
        tenant: &Tenant,
        request: BookingRequest,
        idempotency_key: Option<&str>,
    ) -> Result<Booking, BookingError> {
        self.book_with(tenant, request, idempotency_key, |_| Ok(Vec::new()))
            .await
    }

    /// Books like [`Self::book`] and writes `with(booking)` in the same transaction (an
    /// offer taken and its entry ended); a failed condition of those is `Stale`.
    pub(crate) async fn book_with(
        &self,
        tenant: &Tenant,
        request: BookingRequest,
        idempotency_key: Option<&str>,
        with: impl Fn(&Booking) -> Result<Vec<Action>, StoreError>,
    ) -> Result<Booking, BookingError> {
        let now = self.now();
        let fingerprint = Fingerprint {
            patient_id: request.patient_id,
            professional_id: request.professional_id,
            treatment_id: request.treatment_id,
            start: request.start,
            chair_id: request.chair_id,
            hold_id: request.hold_id,
        };
        if let Some(key) = idempotency_key
            && let Some(original) = self.replay(tenant, key, &fingerprint, now).await?
        {
            return Ok(original);
        }
        if !matches!(request.status, BookingStatus::Pending | BookingStatus::Confirmed) {
            return Err(BookingError::IllegalTransition(crate::domain::IllegalTransition {
                from: BookingStatus::Pending,
                to: request.status,
            }));
        }
        let hold = match request.hold_id {
            Some(id) => self.held(tenant, id).await?,
            None => None,
        };
        let mut plan = self
            .plan(
                tenant,
                request.professional_id,
                request.treatment_id,
                request.start,
                request.chair_id,
                request.by_staff,
            )
            .await?;
        if let Some(hold) = &hold {
            if (hold.professional_id, hold.treatment_id, hold.start)
                != (request.professional_id, request.treatment_id, request.start)
            {
                return Err(BookingError::HoldMismatch);
            }
            plan.chairs = vec![hold.chair_id];
        }
        let id = BookingId::new();
        for chair in plan.chairs.clone() {
            let booking = Booking {
                id,
                tenant_id: tenant.id,
                patient_id: request.patient_id,
                professional_id: request.professional_id,
                chair_id: chair,
                treatment_id: request.treatment_id,
                start: plan.start,
                end: plan.end,
                blocked_until: plan.blocked_until,
                granule_minutes: tenant.rules.granularity().minutes(),
                reminders: tenant.reminders(plan.start, now),
                status: request.status,
                notes: request.notes.trim().to_owned(),
                answer: crate::domain::PatientAnswer::Unconfirmed,
                called: None,
                created_at: now,
                version: 1,
            };
            let mut writes = Writes::default();
            writes.push(
                Part::Record,
                Action::Put {
                    item: booking_item(&booking)?,
                    condition: Some(Condition::NotExists),
                },
            );
            for reminder in &booking.reminders {
                let item = ReminderEntry::pending(&booking, *reminder)?;
                writes.push(Part::Reminder, Action::Put { item, condition: None });
            }
            if let Some(key) = idempotency_key {
                let record = Item::new(keys::idempotency(tenant.id, key))
                    .with("booking_id", id.to_string())
                    .with(
                        "fingerprint",
                        serde_json::to_value(&fingerprint).map_err(|e| StoreError::Invalid(e.to_string()))?,
                    )
                    .with_expiry((now + IDEMPOTENCY_TTL).timestamp());
                writes.push(
                    Part::Idempotency,
                    Action::Put {
                        item: record,
                        condition: Some(Condition::free_at(now.timestamp())),
                    },
                );
            }
            if let Some(hold) = &hold {
                writes.push(
                    Part::Record,
                    Action::Delete {
                        key: keys::hold(tenant.id, hold.id),
                        condition: None,
                    },
                );
            }
            for action in with(&booking)? {
                writes.push(Part::Record, action);
            }
            writes.take_all(
                tenant.id,
                (request.professional_id, chair),
                &plan.granules,
                Holder::Booking(id),
                request.hold_id,
                now.timestamp(),
            );
            writes.announce(&self.event(BookingChange::Created, &booking))?;
            match self.attempt(writes).await {
                Ok(Attempt::Done) => {
                    self.ring();
                    return Ok(booking);
                }
                Ok(Attempt::ChairTaken) => continue,
                Err(Failure::Condition(Part::Idempotency)) => {
                    // A concurrent retry with the same key won the race: answer as it did.
                    let key = idempotency_key.unwrap_or_default();
                    return self
                        .replay(tenant, key, &fingerprint, now)
                        .await?
                        .ok_or(BookingError::Stale);
                }
                Err(failure) => return Err(failure.into_error()),
            }
        }
        Err(BookingError::NoChairFree)
    }

    /// The original booking of an earlier request with the same idempotency key.
    async fn replay(
        &self,
        tenant: &Tenant,
        key: &str,
        fingerprint: &Fingerprint,
        now: DateTime<Utc>,
    ) -> Result<Option<Booking>, BookingError> {
        let Some(record) = self.store.get(&keys::idempotency(tenant.id, key)).await? else {
            return Ok(None);
        };
        if record.is_expired(now.timestamp()) {
            return Ok(None);
        }
        let earlier: Fingerprint = record
            .get("fingerprint")
            .cloned()
            .and_then(|v| serde_json::from_value(v).ok())
            .ok_or_else(|| StoreError::Corrupt("idempotency record without fingerprint".into()))?;
        if &earlier != fingerprint {
            return Err(BookingError::IdempotencyKeyReused);
        }
        let id: BookingId = record
            .string("booking_id")
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| StoreError::Corrupt("idempotency record without booking".into()))?;
        self.booking(tenant, id).await.map(Some)
    }
}
