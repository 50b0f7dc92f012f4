//! Changing a booking: cancel (its time is free at once), reschedule (old time released
//! and new time taken in one transaction) and status moves by the state machine.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::slot_lock::{self, Holder};
use super::transaction::{Attempt, Part, Writes, booking_item};
use super::{BookingEngine, BookingError, Resource, resources};
use crate::domain::{Booking, BookingChange, BookingStatus, CallRecord, Granularity, Grid, PatientAnswer, Tenant};
use crate::ids::{BookingId, ProfessionalId};
use crate::keys::Key;
use crate::notification::ReminderEntry;
use crate::store::{Action, Condition, StoreError};

/// The keys of a booking's reminder entries.
fn reminder_keys(booking: &Booking) -> BTreeSet<Key> {
    booking
        .reminders
        .iter()
        .map(|r| ReminderEntry::key(booking, *r))
        .collect()
}

/// Every lock a booking holds: resource and granule, on the grid it was booked on.
fn locks_of(tenant: &Tenant, booking: &Booking) -> Result<BTreeSet<(Resource, DateTime<Utc>)>, BookingError> {
    let step = Granularity::try_from(booking.granule_minutes)
        .map_err(|e| StoreError::Corrupt(format!("booking {}: {e}", booking.id)))?;
    let grid = Grid::new(tenant.time_zone, step);
    Ok(resources(booking.professional_id, booking.chair_id)
        .into_iter()
        .flat_map(|r| grid.granules(booking.start, booking.blocked_until).map(move |g| (r, g)))
        .collect())
}

impl BookingEngine {
    /// Cancels a booking and frees its time in the same transaction. With
    /// `expected_version`, refuses if the booking changed since the caller read it.
    pub async fn cancel(
        &self,
        tenant: &Tenant,
        id: BookingId,
        expected_version: Option<u64>,
    ) -> Result<Booking, BookingError> {
        let current = self.current(tenant, id, expected_version).await?;
        self.cancel_current(tenant, current, None).await
    }

    /// Cancels a booking because its patient declined it from a link, recording the answer
    /// in the same write. A booking already declined is returned as it is, so a second use
    /// of the link changes nothing.
    pub async fn decline(&self, tenant: &Tenant, id: BookingId) -> Result<Booking, BookingError> {
        let current = self.booking(tenant, id).await?;
        if matches!(current.answer, PatientAnswer::Declined { .. }) {
            return Ok(current);
        }
        let at = self.now();
        self.cancel_current(tenant, current, Some(PatientAnswer::Declined { at }))
            .await
    }

    async fn cancel_current(
        &self,
        tenant: &Tenant,
        current: Booking,
        answer: Option<PatientAnswer>,
    ) -> Result<Booking, BookingError> {
        let id = current.id;
        let mut cancelled = current.clone();
        cancelled.status = current.status.transition(BookingStatus::Cancelled)?;
        cancelled.answer = answer.unwrap_or(current.answer);
        cancelled.version += 1;
        let mut writes = self.record_change(&current, &cancelled)?;
        for key in reminder_keys(&current) {
            writes.push(Part::Reminder, Action::Delete { key, condition: None });
        }
        for (resource, granule) in locks_of(tenant, &current)? {
            writes.push(Part::Release, slot_lock::release(tenant.id, resource, granule, id));
        }
        writes.announce(&self.event(BookingChange::Cancelled, &cancelled))?;
        self.commit(writes).await?;
        Ok(cancelled)
    }

    /// Moves a booking to `start` (and optionally another professional). The old time is
    /// released and the new one taken atomically: on conflict the booking is unchanged.
    pub async fn reschedule(
        &self,
        tenant: &Tenant,
        id: BookingId,
        start: DateTime<Utc>,
        professional_id: Option<ProfessionalId>,
        expected_version: Option<u64>,
        by_staff: bool,
    ) -> Result<Booking, BookingError> {
        let current = self.current(tenant, id, expected_version).await?;
        if !matches!(current.status, BookingStatus::Pending | BookingStatus::Confirmed) {
            return Err(BookingError::Finished(current.status));
        }
        let professional_id = professional_id.unwrap_or(current.professional_id);
        let mut plan = self
            .plan(tenant, professional_id, current.treatment_id, start, None, by_staff)
            .await?;
        // Its own chair first: its granules there are the booking's own and count as free.
        if plan.chairs.contains(&current.chair_id) {
            plan.chairs.retain(|c| *c != current.chair_id);
            plan.chairs.insert(0, current.chair_id);
        }
        let now = self.now();
        let old_locks = locks_of(tenant, &current)?;
        for chair in plan.chairs.clone() {
            let mut moved = current.clone();
            moved.professional_id = professional_id;
            moved.chair_id = chair;
            moved.start = plan.start;
            moved.end = plan.end;
            moved.blocked_until = plan.blocked_until;
            moved.granule_minutes = tenant.rules.granularity().minutes();
            moved.reminders = tenant.reminders(plan.start, now);
            moved.version += 1;
            let new_locks = locks_of(tenant, &moved)?;
            let mut writes = self.record_change(&current, &moved)?;
            // An entry whose key stays (same time, another professional) keeps its status,
            // so a reminder already sent is not sent again.
            let (old_reminders, new_reminders) = (reminder_keys(&current), reminder_keys(&moved));
            for key in old_reminders.difference(&new_reminders) {
                writes.push(
                    Part::Reminder,
                    Action::Delete {
                        key: key.clone(),
                        condition: None,
                    },
                );
            }
            for reminder in &moved.reminders {
                if !old_reminders.contains(&ReminderEntry::key(&moved, *reminder)) {
                    let item = ReminderEntry::pending(&moved, *reminder)?;
                    writes.push(Part::Reminder, Action::Put { item, condition: None });
                }
            }
            for (resource, granule) in old_locks.difference(&new_locks) {
                writes.push(Part::Release, slot_lock::release(tenant.id, *resource, *granule, id));
            }
            for (resource, granule) in new_locks.difference(&old_locks) {
                let take = slot_lock::take(
                    tenant.id,
                    *resource,
                    *granule,
                    Holder::Booking(id),
                    None,
                    now.timestamp(),
                );
                writes.push(Part::Lock(*resource, *granule), take);
            }
            let change = BookingChange::Rescheduled {
                from_start: current.start,
                from_professional: current.professional_id,
            };
            writes.announce(&self.event(change, &moved))?;
            match self.attempt(writes).await {
                Ok(Attempt::Done) => {
                    self.ring();
                    return Ok(moved);
                }
                Ok(Attempt::ChairTaken) => continue,
                Err(failure) => return Err(failure.into_error()),
            }
        }
        Err(BookingError::NoChairFree)
    }

    /// Moves a booking along its status machine (cancelling frees its time) and/or
    /// replaces its staff notes.
    pub async fn change(
        &self,
        tenant: &Tenant,
        id: BookingId,
        status: Option<BookingStatus>,
        notes: Option<String>,
        expected_version: Option<u64>,
    ) -> Result<Booking, BookingError> {
        if status == Some(BookingStatus::Cancelled) && notes.is_none() {
            return self.cancel(tenant, id, expected_version).await;
        }
        let current = self.current(tenant, id, expected_version).await?;
        let mut changed = current.clone();
        if let Some(to) = status {
            if to == BookingStatus::Cancelled {
                return Err(BookingError::IllegalTransition(crate::domain::IllegalTransition {
                    from: current.status,
                    to,
                }));
            }
            changed.status = current.status.transition(to)?;
        }
        if let Some(notes) = notes {
            changed.notes = notes.trim().to_owned();
        }
        changed.version += 1;
        let mut writes = self.record_change(&current, &changed)?;
        if changed.status == BookingStatus::Completed && current.status != BookingStatus::Completed {
            for action in crate::recall::on_completion(&self.catalog, tenant, &changed).await? {
                writes.push(Part::Record, action);
            }
        }
        if changed.status != current.status {
            writes.announce(&self.event(BookingChange::StatusChanged { from: current.status }, &changed))?;
        }
        self.commit(writes).await?;
        Ok(changed)
    }

    /// Records that the patient will come. Only a booking that still takes its time and has
    /// not begun may be confirmed; one already confirmed is returned as it is, so a second
    /// use of the link changes nothing.
    pub async fn confirm_attendance(&self, tenant: &Tenant, id: BookingId) -> Result<Booking, BookingError> {
        let current = self.booking(tenant, id).await?;
        if current.answer.is_confirmed() {
            return Ok(current);
        }
        if !matches!(current.status, BookingStatus::Pending | BookingStatus::Confirmed) {
            return Err(BookingError::Finished(current.status));
        }
        let mut changed = current.clone();
        changed.answer = PatientAnswer::Confirmed { at: self.now() };
        changed.version += 1;
        let mut writes = self.record_change(&current, &changed)?;
        writes.announce(&self.event(BookingChange::Confirmed, &changed))?;
        self.commit(writes).await?;
        Ok(changed)
    }

    /// Records that reception phoned the patient about the booking, by `by` as `role`; the
    /// last call is kept.
    pub async fn record_call(
        &self,
        tenant: &Tenant,
        id: BookingId,
        by: String,
        role: crate::domain::Role,
    ) -> Result<Booking, BookingError> {
        let current = self.booking(tenant, id).await?;
        if current.status.is_final() {
            return Err(BookingError::Finished(current.status));
        }
        let mut changed = current.clone();
        changed.called = Some(CallRecord {
            by,
            role,
            at: self.now(),
        });
        changed.version += 1;
        let mut writes = self.record_change(&current, &changed)?;
        writes.announce(&self.event(BookingChange::Called, &changed))?;
        self.commit(writes).await?;
        Ok(changed)
    }

    /// The booking as stored, checked against the version the caller saw.
    async fn current(&self, tenant: &Tenant, id: BookingId, expected: Option<u64>) -> Result<Booking, BookingError> {
        let current = self.booking(tenant, id).await?;
        if expected.is_some_and(|v| v != current.version) {
            return Err(BookingError::Stale);
        }
        Ok(current)
    }

    /// The write of `changed` over `current`, refused if someone changed it meanwhile.
    fn record_change(&self, current: &Booking, changed: &Booking) -> Result<Writes, BookingError> {
        let mut writes = Writes::default();
        let condition = Some(Condition::version_is(current.version));
        writes.push(
            Part::Record,
            Action::Put {
                item: booking_item(changed)?,
                condition,
            },
        );
        Ok(writes)
    }

    async fn commit(&self, writes: Writes) -> Result<(), BookingError> {
        match self.attempt(writes).await {
            Ok(Attempt::Done) => {
                self.ring();
                Ok(())
            }
            // Only a take of a chair granule reports this, and these writes take none.
            Ok(Attempt::ChairTaken) => Err(BookingError::Stale),
            Err(failure) => Err(failure.into_error()),
        }
    }
}
