//! Taking time: validating a request against the clinic's rules, choosing a chair, and
//! writing locks, booking, reminder and idempotency record in one transaction.

use chrono::{DateTime, Datelike, Duration, Utc};

use super::slot_lock::{self, Holder};
use super::{BookingEngine, BookingError, Fingerprint, Resource, grid_of, resources};
use crate::api::fields::Invalid;
use crate::catalog;
use crate::domain::{
    Booking, BookingChange, BookingEvent, BookingStatus, Professional, Tenant, Treatment, granule_count,
};
use crate::ids::{BookingId, ChairId, HoldId, PatientId, ProfessionalId, TenantId, TreatmentId};
use crate::keys;
use crate::notification::{ReminderEntry, relay};
use crate::store::{Action, Condition, Item, MAX_TRANSACTION_ACTIONS, StoreError};

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

/// A validated slot: what is booked, when, and which chairs may host it.
pub(super) struct Plan {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub blocked_until: DateTime<Utc>,
    pub granules: Vec<DateTime<Utc>>,
    /// Chairs to try, in order; `[None]` when the clinic does not schedule chairs.
    pub chairs: Vec<Option<ChairId>>,
}

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

    /// Checks a slot against the clinic's rules and lists the chairs that could host it.
    pub(super) async fn plan(
        &self,
        tenant: &Tenant,
        professional_id: ProfessionalId,
        treatment_id: TreatmentId,
        start: DateTime<Utc>,
        chair_id: Option<ChairId>,
        by_staff: bool,
    ) -> Result<Plan, BookingError> {
        let now = self.now();
        let grid = grid_of(tenant);
        let (treatment, professional) = futures::try_join!(
            self.catalog.treatment(tenant.id, treatment_id),
            self.catalog.professional(tenant.id, professional_id),
        )?;
        let (treatment, professional) = match (treatment, professional) {
            (Some(t), Some(p)) => (t, p),
            (t, p) => {
                // Both at once, so the answer names every field to fix.
                let mut fields = Vec::new();
                if t.is_none() {
                    fields.push(catalog::unknown("treatment_id", "treatment"));
                }
                if p.is_none() {
                    fields.push(catalog::unknown("professional_id", "professional"));
                }
                return Err(Invalid(fields).into());
            }
        };
        if !treatment.active || !professional.performs(treatment.id) {
            return Err(BookingError::TreatmentNotOffered);
        }
        if !grid.is_on_grid(start) {
            return Err(BookingError::OffGrid(grid.step().minutes()));
        }
        // `start` comes from a request: the API bounds it to the era, and the engine still
        // refuses rather than panics if a caller passes chrono's last minutes.
        let end = start
            .checked_add_signed(treatment.duration())
            .ok_or(BookingError::BadRange)?;
        let blocked_until = end
            .checked_add_signed(treatment.buffer())
            .ok_or(BookingError::BadRange)?;
        let in_window = if by_staff {
            blocked_until > now
        } else {
            start >= tenant.rules.earliest_start(now) && start <= tenant.rules.latest_start(now)
        };
        if !in_window {
            return Err(BookingError::OutsideBookingWindow);
        }
        if !works(&grid, &professional, start, blocked_until) {
            return Err(BookingError::OutsideHours);
        }
        let away = self.catalog.all_time_off(tenant.id, start, blocked_until).await?;
        if away.iter().any(|t| t.applies_to(professional_id)) {
            return Err(BookingError::OutsideHours);
        }
        let granules: Vec<_> = grid.granules(start, blocked_until).collect();
        debug_assert_eq!(
            granules.len(),
            granule_count(blocked_until - start, grid.step().duration())
        );
        let chairs = self
            .candidate_chairs(tenant, &treatment, chair_id, start, blocked_until)
            .await?;
        Ok(Plan {
            start,
            end,
            blocked_until,
            granules,
            chairs,
        })
    }

    /// The chairs to try for `treatment` over `[start, until)`: the named one, or every
    /// chair that hosts it, free ones first. `[None]` when the clinic has no chairs.
    async fn candidate_chairs(
        &self,
        tenant: &Tenant,
        treatment: &Treatment,
        named: Option<ChairId>,
        start: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<Option<ChairId>>, BookingError> {
        let chairs = self.catalog.chairs(tenant.id).await?;
        if chairs.is_empty() {
            return match named {
                Some(_) => Err(unknown_chair()),
                None => Ok(vec![None]),
            };
        }
        if let Some(id) = named {
            let chair = chairs.iter().find(|c| c.id == id).ok_or_else(unknown_chair)?;
            return if chair.hosts(treatment.id) {
                Ok(vec![Some(id)])
            } else {
                Err(BookingError::ChairUnsuitable)
            };
        }
        let grid = grid_of(tenant);
        let now = self.now().timestamp();
        let hosting: Vec<_> = chairs.iter().filter(|c| c.hosts(treatment.id)).collect();
        // One range query per chair, all at once: this runs on every booking.
        let taken = futures::future::try_join_all(hosting.iter().map(|chair| {
            let resource = Resource::Chair(chair.id);
            slot_lock::taken(self.store.as_ref(), &grid, tenant.id, resource, start, until, now)
        }))
        .await?;
        if hosting.is_empty() {
            return Err(BookingError::ChairUnsuitable);
        }
        let mut candidates: Vec<(bool, Option<ChairId>)> = hosting
            .iter()
            .zip(&taken)
            .map(|(chair, taken)| (grid.granules(start, until).any(|g| taken.contains(g)), Some(chair.id)))
            .collect();
        // Free chairs first, in the clinic's order; busy ones stay candidates, as a hold on
        // them may lapse before the transaction runs.
        candidates.sort_by_key(|(busy, _)| *busy);
        Ok(candidates.into_iter().map(|(_, chair)| chair).collect())
    }
}

/// The refusal of a `chair_id` that names none of the clinic's chairs.
fn unknown_chair() -> BookingError {
    Invalid(vec![catalog::unknown("chair_id", "chair")]).into()
}

/// Whether `[start, until)` lies within one of the professional's working intervals.
fn works(grid: &crate::domain::Grid, professional: &Professional, start: DateTime<Utc>, until: DateTime<Utc>) -> bool {
    let date = grid.local_date(start);
    professional
        .weekly_hours
        .on(date.weekday())
        .iter()
        .any(|interval| grid.instant(date, interval.start) <= start && until <= grid.instant(date, interval.end))
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
