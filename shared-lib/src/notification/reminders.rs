//! The reminder job: reads the due buckets, sends each reminder once, and records how it
//! went on the reminder's own entry, which staff see on the booking.
//!
//! Exactly once: a run claims an entry with a conditional update from the status it read
//! (and its attempt count); a second run that read the same entry fails that condition and
//! leaves it. A claim whose run died before recording the outcome is taken over once its
//! lease lapses; the reminder may then go out twice, if that run died after sending. Cancelling or moving a booking deletes its entries in the same transaction,
//! so a claim on a stale entry fails too.

use std::sync::Arc;

use chrono::{DateTime, Duration, DurationRound, Utc};
use futures::{StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};

use super::Notifier;
use crate::api::bookings::ReminderState;
use crate::catalog::Catalog;
use crate::clock::Clock;
use crate::domain::{Booking, BookingStatus, PatientAnswer, Reminder, ReminderKind, ReminderStatus};
use crate::ids::{BookingId, MessageId, TenantId};
use crate::keys::{self, Key, REMINDER_SHARDS};
use crate::store::{Condition, Index, Item, Query, SortKey, Store, StoreError, Update, query_all};

/// A reminder that failed this many runs is not tried again; staff see it failed.
pub const MAX_ATTEMPTS: u32 = 3;
/// How far back a run looks: reminders due while the job was down for up to this long
/// still go out, if their visit is still ahead.
const CATCH_UP: Duration = Duration::hours(6);
/// A claim older than this is taken over: the run that made it died before recording how
/// the send went (one send, retries included, takes well under a minute).
pub const CLAIM_LEASE: Duration = Duration::minutes(10);
/// Reminders sent at once by one run.
const CONCURRENCY: usize = 8;
/// Reminder entries are kept this long after the visit, for staff to see, then expire.
const KEPT_AFTER_VISIT: Duration = Duration::days(7);

/// One reminder's due entry, as stored in its `REMINDER#` bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderEntry {
    /// The clinic.
    pub tenant_id: TenantId,
    /// The booking.
    pub booking_id: BookingId,
    /// The visit's start, to drop reminders whose visit has begun.
    pub start: DateTime<Utc>,
    /// Which reminder, when due, and how its sending went.
    #[serde(flatten)]
    pub state: ReminderState,
    /// The run that claimed it last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed_by: Option<String>,
    /// When it was claimed (epoch seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed_at: Option<i64>,
    /// The message sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<MessageId>,
}

impl ReminderEntry {
    /// The key of one of a booking's reminders.
    pub fn key(booking: &Booking, reminder: Reminder) -> Key {
        keys::reminder(booking.tenant_id, booking.id, booking.start, reminder)
    }

    /// The pending entry of one of a booking's reminders, written in the booking's transaction.
    pub fn pending(booking: &Booking, reminder: Reminder) -> Result<Item, StoreError> {
        let entry = Self {
            tenant_id: booking.tenant_id,
            booking_id: booking.id,
            start: booking.start,
            state: ReminderState {
                kind: reminder.kind,
                due: reminder.due,
                status: ReminderStatus::Pending,
                attempts: 0,
                last_error: None,
                sent_at: None,
            },
            claimed_by: None,
            claimed_at: None,
            message_id: None,
        };
        Ok(Item::from_record(Self::key(booking, reminder), &entry)?
            .with_expiry((booking.start + KEPT_AFTER_VISIT).timestamp()))
    }
}

/// Where each reminder of `booking` stands, for staff.
pub async fn states(store: &dyn Store, booking: &Booking) -> Result<Vec<ReminderState>, StoreError> {
    let entries = futures::future::try_join_all(
        booking
            .reminders
            .iter()
            .map(|r| async move { store.get(&ReminderEntry::key(booking, *r)).await }),
    )
    .await?;
    entries
        .into_iter()
        .flatten()
        .map(|item| item.record::<ReminderEntry>().map(|e| e.state))
        .collect()
}

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RunReport {
    /// Reminders sent.
    pub sent: u32,
    /// Reminders whose sending failed this time.
    pub failed: u32,
    /// Reminders dropped because their visit began or their booking is no longer active.
    pub missed: u32,
}

/// How one due entry ended in this run.
enum Outcome {
    Sent,
    Failed,
    Missed,
    /// Not due, already done, or another run claimed it first.
    Left,
}

/// Sends due reminders; `turnaki serve` runs it on a ticker, AWS on an EventBridge schedule.
pub struct ReminderJob {
    store: Arc<dyn Store>,
    catalog: Catalog,
    notifier: Arc<Notifier>,
    clock: Arc<dyn Clock>,
}

impl ReminderJob {
    /// A job reading `store` and sending through `notifier`.
    pub fn new(store: Arc<dyn Store>, notifier: Arc<Notifier>, clock: Arc<dyn Clock>) -> Self {
        Self {
            catalog: Catalog::new(Arc::clone(&store)),
            store,
            notifier,
            clock,
        }
    }

    /// One run: every shard of every hour bucket from the catch-up window to now.
    pub async fn run(&self) -> Result<RunReport, StoreError> {
        let now = self.clock.now();
        let run_id = ulid::Ulid::generate().to_string();
        let last = now.duration_trunc(Duration::hours(1)).unwrap_or(now);
        let hours = (0..=CATCH_UP.num_hours()).map(|back| last - Duration::hours(back));
        let buckets: Vec<String> = hours
            .flat_map(|hour| (0..REMINDER_SHARDS).map(move |shard| keys::reminder_bucket(hour, shard)))
            .collect();
        let store = self.store.as_ref();
        let entries: Vec<Item> = futures::stream::iter(buckets)
            .map(|bucket| async move { query_all(store, &Query::new(Index::Table, bucket, SortKey::Any)).await })
            .buffer_unordered(CONCURRENCY)
            .try_concat()
            .await?;
        let outcomes: Vec<Outcome> = futures::stream::iter(entries)
            .map(|item| self.process(item, now, &run_id))
            .buffer_unordered(CONCURRENCY)
            .try_collect()
            .await?;
        let mut report = RunReport::default();
        for outcome in outcomes {
            match outcome {
                Outcome::Sent => report.sent += 1,
                Outcome::Failed => report.failed += 1,
                Outcome::Missed => report.missed += 1,
                Outcome::Left => {}
            }
        }
        Ok(report)
    }

    async fn process(&self, item: Item, now: DateTime<Utc>, run_id: &str) -> Result<Outcome, StoreError> {
        let entry: ReminderEntry = item.record()?;
        let state = &entry.state;
        let stale_before = (now - CLAIM_LEASE).timestamp();
        let claimable = match state.status {
            ReminderStatus::Pending => true,
            ReminderStatus::Failed => state.attempts < MAX_ATTEMPTS,
            ReminderStatus::Sending => entry.claimed_at.is_some_and(|at| at < stale_before),
            ReminderStatus::Sent | ReminderStatus::Missed => false,
        };
        if state.due > now || !claimable {
            return Ok(Outcome::Left);
        }
        let key = item.key();
        let mut unchanged = vec![
            Condition::Equals("status".into(), state.status.as_str().into()),
            Condition::Equals("attempts".into(), state.attempts.into()),
        ];
        if state.status == ReminderStatus::Sending {
            unchanged.push(Condition::LessThan("claimed_at".into(), stale_before));
        }
        let claim = Update::new(key.clone())
            .set("status", ReminderStatus::Sending.as_str())
            .set("claimed_by", run_id)
            .set("claimed_at", now.timestamp())
            .when(Condition::All(unchanged));
        match self.store.update(claim).await {
            Ok(_) => {}
            Err(StoreError::ConditionFailed { .. }) => return Ok(Outcome::Left),
            Err(e) => return Err(e),
        }
        let booking = self.live_booking(&entry, now).await?;
        let tenant = self.catalog.tenant(entry.tenant_id).await.map_err(catalog_store)?;
        let (Some(booking), Some(tenant)) = (booking, tenant) else {
            self.settle(
                &key,
                run_id,
                Update::new(key.clone()).set("status", ReminderStatus::Missed.as_str()),
            )
            .await?;
            return Ok(Outcome::Missed);
        };
        let attempts = state.attempts + 1;
        match self.notifier.remind(&tenant, &booking, entry.state.kind).await {
            Ok(message) => {
                let done = Update::new(key.clone())
                    .set("status", ReminderStatus::Sent.as_str())
                    .set("attempts", attempts)
                    .set("sent_at", now.to_rfc3339())
                    .set("message_id", message.to_string())
                    .remove("last_error");
                self.settle(&key, run_id, done).await?;
                Ok(Outcome::Sent)
            }
            Err(e) => {
                tracing::warn!(booking = %booking.id, attempts, error = %e, "reminder failed");
                let failed = Update::new(key.clone())
                    .set("status", ReminderStatus::Failed.as_str())
                    .set("attempts", attempts)
                    .set("last_error", e.to_string());
                self.settle(&key, run_id, failed).await?;
                Ok(Outcome::Failed)
            }
        }
    }

    /// The booking, if it is still one to remind of: active, ahead, and still due this
    /// reminder. A request to confirm is not sent to a patient who has already answered.
    async fn live_booking(&self, entry: &ReminderEntry, now: DateTime<Utc>) -> Result<Option<Booking>, StoreError> {
        let Some(item) = self
            .store
            .get(&keys::booking(entry.tenant_id, entry.booking_id))
            .await?
        else {
            return Ok(None);
        };
        let booking: Booking = item.record()?;
        let due = Reminder {
            kind: entry.state.kind,
            due: entry.state.due,
        };
        let live = matches!(booking.status, BookingStatus::Pending | BookingStatus::Confirmed)
            && booking.start > now
            && booking.start == entry.start
            && booking.reminders.contains(&due)
            && !(due.kind == ReminderKind::Confirm && booking.answer != PatientAnswer::Unconfirmed);
        Ok(live.then_some(booking))
    }

    /// Records how a claimed reminder ended, unless the entry was deleted or re-claimed
    /// meanwhile (its booking was cancelled or moved while the message went out).
    async fn settle(&self, key: &Key, run_id: &str, update: Update) -> Result<(), StoreError> {
        let update = update.when(Condition::Equals("claimed_by".into(), run_id.into()));
        match self.store.update(update).await {
            Ok(_) | Err(StoreError::ConditionFailed { .. }) => Ok(()),
            Err(e) => {
                tracing::error!(key = ?key, error = %e, "could not record a reminder's outcome");
                Err(e)
            }
        }
    }
}

fn catalog_store(e: crate::catalog::CatalogError) -> StoreError {
    match e {
        crate::catalog::CatalogError::Store(e) => e,
        other => StoreError::Unavailable(other.to_string()),
    }
}
