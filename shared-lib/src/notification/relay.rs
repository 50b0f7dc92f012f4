//! Durable booking events: every committed change writes its event in the change's own
//! transaction, so no acknowledged change is ever without its message, whatever dies when.
//!
//! Embedded, the [`EventRelay`] delivers the pending events from the store and removes each
//! once handled; whatever a crash left behind is delivered on the next start. In AWS the
//! table's stream carries each new event item to the bus (an EventBridge pipe), and the
//! item's TTL clears it. Delivery is at least once: the notifier's message ids are derived
//! from the booking, its version and the message kind, so a redelivery sends nothing twice.

use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

use super::{Notifier, NotifyError};
use crate::domain::BookingEvent;
use crate::ids::BookingId;
use crate::keys;
use crate::store::{Index, Item, Query, SortKey, Store, StoreError};
use crate::waitlist::{SweepReport, Waitlist, WaitlistError};

/// The attribute holding the event's JSON.
pub const EVENT_ATTRIBUTE: &str = "event";

/// How long an undelivered event is kept before the store may drop it: far longer than any
/// outage worth waiting out, short enough that nothing piles up forever.
const PENDING_TTL: chrono::Duration = chrono::Duration::days(14);

/// The pending-event item of a committed change, to write in the change's transaction.
pub fn pending_item(event: &BookingEvent) -> Result<Item, StoreError> {
    let json = serde_json::to_string(event).map_err(|e| StoreError::Invalid(e.to_string()))?;
    Ok(Item::new(keys::pending_event(event.booking.id, event.booking.version))
        .with(EVENT_ATTRIBUTE, json)
        .with_expiry((event.at + PENDING_TTL).timestamp()))
}

/// The event a pending-event item holds.
pub fn event_of(item: &Item) -> Result<BookingEvent, StoreError> {
    #[derive(Deserialize)]
    struct Stored {
        event: String,
    }
    let Stored { event } = item.record()?;
    serde_json::from_str(&event).map_err(|e| StoreError::Corrupt(format!("pending event: {e}")))
}

/// What one pass over the pending events did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RelayReport {
    /// Handled and removed (a message sent, or none called for).
    pub delivered: usize,
    /// Left for a later pass: the mail service or the store failed for a moment.
    pub deferred: usize,
    /// Could never be sent (the clinic or patient is gone, an unusable address): logged and removed.
    pub dropped: usize,
}

impl std::ops::AddAssign for RelayReport {
    fn add_assign(&mut self, other: Self) {
        self.delivered += other.delivered;
        self.deferred += other.deferred;
        self.dropped += other.dropped;
    }
}

/// Why handling an event failed: its message, or what it meant for the waitlist.
#[derive(Debug, thiserror::Error)]
enum Handling {
    #[error(transparent)]
    Notify(NotifyError),
    #[error(transparent)]
    Waitlist(WaitlistError),
}

impl Handling {
    fn is_transient(&self) -> bool {
        match self {
            Self::Notify(e) => e.is_transient(),
            Self::Waitlist(e) => e.is_transient(),
        }
    }
}

/// Delivers the pending events of the store through the notifier.
pub struct EventRelay {
    store: Arc<dyn Store>,
    notifier: Arc<Notifier>,
    waitlist: Option<Waitlist>,
    wake: Arc<Notify>,
}

impl EventRelay {
    /// A relay over `store`'s pending events.
    pub fn new(store: Arc<dyn Store>, notifier: Arc<Notifier>) -> Self {
        Self {
            store,
            notifier,
            waitlist: None,
            wake: Arc::new(Notify::new()),
        }
    }

    /// Also offers the time each event frees to `waitlist`, and on every pass advances its
    /// lapsed and declined offers.
    pub fn with_waitlist(self, waitlist: Waitlist) -> Self {
        Self {
            waitlist: Some(waitlist),
            ..self
        }
    }

    /// What the engine rings after each commit. It holds at most one wake-up, so however
    /// fast changes come, nothing queues in memory: the events wait in the store.
    pub fn doorbell(&self) -> Arc<Notify> {
        Arc::clone(&self.wake)
    }

    /// One pass over every shard, oldest booking first. A booking whose event is deferred
    /// keeps its later events too, so its messages never go out of order.
    pub async fn run(&self) -> Result<RelayReport, StoreError> {
        let mut all = RelayReport::default();
        for shard in 0..keys::REMINDER_SHARDS {
            all += self.run_shard(shard).await?;
        }
        if let Some(waitlist) = &self.waitlist {
            match waitlist.sweep().await {
                Ok(report) if report != SweepReport::default() => tracing::info!(?report, "waitlist offers"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "the waitlist sweep failed; the next pass retries"),
            }
        }
        Ok(all)
    }

    async fn run_shard(&self, shard: u32) -> Result<RelayReport, StoreError> {
        let mut report = RelayReport::default();
        let query = Query::new(Index::Table, keys::pending_events(shard), SortKey::Any);
        let mut cursor = None;
        let mut stalled: Option<BookingId> = None;
        loop {
            let page = self.store.query(&query.clone().after(cursor)).await?;
            for item in &page.items {
                self.deliver(item, &mut stalled, &mut report).await?;
            }
            cursor = page.next;
            if cursor.is_none() {
                return Ok(report);
            }
        }
    }

    async fn deliver(
        &self,
        item: &Item,
        stalled: &mut Option<BookingId>,
        report: &mut RelayReport,
    ) -> Result<(), StoreError> {
        let event = match event_of(item) {
            Ok(event) => event,
            Err(e) => {
                tracing::error!(key = %item.key().sk, error = %e, "unreadable pending event dropped");
                report.dropped += 1;
                return self.store.delete(&item.key(), None).await;
            }
        };
        if *stalled == Some(event.booking.id) {
            report.deferred += 1;
            return Ok(());
        }
        let handled = match self.notifier.handle(&event).await {
            Ok(_) => match &self.waitlist {
                Some(waitlist) => waitlist.on_event(&event).await.map(|_| ()).map_err(Handling::Waitlist),
                None => Ok(()),
            },
            Err(e) => Err(Handling::Notify(e)),
        };
        match handled {
            Ok(()) => report.delivered += 1,
            Err(e) if e.is_transient() => {
                tracing::warn!(booking = %event.booking.id, change = event.change.name(), error = %e, "message deferred");
                *stalled = Some(event.booking.id);
                report.deferred += 1;
                return Ok(());
            }
            Err(e) => {
                tracing::error!(booking = %event.booking.id, change = event.change.name(), error = %e, "message dropped");
                report.dropped += 1;
            }
        }
        self.store.delete(&item.key(), None).await
    }

    /// Runs the relay in the background: at once (whatever a crash left), after every
    /// commit the doorbell announces, and every `sweep` so deferred events are retried.
    pub fn start(self: Arc<Self>, sweep: Duration) -> JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                match self.run().await {
                    Ok(report) if report.deferred > 0 || report.dropped > 0 => {
                        tracing::info!(?report, "pending events");
                    }
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "the event relay failed; the next pass retries"),
                }
                let _ = tokio::time::timeout(sweep, self.wake.notified()).await;
            }
        })
    }
}
