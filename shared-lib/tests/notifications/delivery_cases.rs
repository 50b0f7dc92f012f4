//! Every stored booking change gets its message exactly once, whatever died when: the
//! event is written with the change, and delivered from the store.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use async_trait::async_trait;
use turnaki_shared::booking::BookingRequest;
use turnaki_shared::domain::{BookingChange, BookingEvent, MessageKind};
use turnaki_shared::notification::{MailError, Mailer, Message, OutboxMailer};
use turnaki_shared::store::Store;

use crate::desk::Desk;
use turnaki_testkit::clinic::Clinic;

/// The outbox behind a switch, noting what it was handed, in order.
struct Switched {
    outbox: OutboxMailer,
    up: AtomicBool,
    sent: Mutex<Vec<MessageKind>>,
}

impl Switched {
    fn sent(&self) -> Vec<MessageKind> {
        self.sent.lock().expect("not poisoned").clone()
    }
}

#[async_trait]
impl Mailer for Switched {
    async fn send(&self, email: &Message) -> Result<(), MailError> {
        if !self.up.load(Ordering::SeqCst) {
            return Err(MailError::Unavailable("connection refused".into()));
        }
        self.sent.lock().expect("not poisoned").push(email.kind);
        self.outbox.send(email).await
    }
}

/// A desk whose relay runs only when the story runs it, sending through a switched outbox.
async fn desk_with_switch(store: Arc<dyn Store>, up: bool) -> (Desk, Arc<Switched>) {
    let clinic = Clinic::open(Arc::clone(&store), 0).await;
    let mailer = Arc::new(Switched {
        outbox: OutboxMailer::new(Arc::clone(&store), clinic.clock.clone()),
        up: AtomicBool::new(up),
        sent: Mutex::new(Vec::new()),
    });
    (Desk::without_relay_task(store, clinic, mailer.clone()).await, mailer)
}

pub async fn changes_stored_just_before_a_crash_are_sent_on_the_next_start(store: Arc<dyn Store>) {
    let (desk, _) = desk_with_switch(store, true).await;
    let c = &desk.clinic;
    // The process that stored these changes died before its relay ran.
    let crashed = &desk.engine;
    let book = |h| BookingRequest::new(desk.patient.id, c.ana.id, c.cleaning.id, c.tuesday(h, 0));
    crashed.book(&c.tenant, book(10), None).await.expect("booked");
    let called_off = crashed.book(&c.tenant, book(11), None).await.expect("booked");
    crashed.cancel(&c.tenant, called_off.id, None).await.expect("cancelled");
    assert!(desk.outbox().await.is_empty(), "nothing went out before the crash");

    let next_start = desk.relay.run().await.expect("relay");
    assert_eq!(
        (next_start.delivered, next_start.deferred, next_start.dropped),
        (3, 0, 0)
    );
    assert_eq!(desk.sent(MessageKind::Confirmation).await.len(), 2);
    assert_eq!(desk.sent(MessageKind::Cancellation).await.len(), 1);
    let again = desk.relay.run().await.expect("relay");
    assert_eq!(again.delivered, 0, "a delivered event is removed");
    assert_eq!(desk.outbox().await.len(), 3);
}

pub async fn an_event_handled_twice_sends_one_message(store: Arc<dyn Store>) {
    let (desk, mailer) = desk_with_switch(store, true).await;
    let c = &desk.clinic;
    let booking = desk.book(c.tuesday(10, 0)).await;
    assert_eq!(desk.relay.run().await.expect("relay").delivered, 1);
    // The stream and the bus deliver at least once: the same event may come back.
    let redelivered = BookingEvent {
        change: BookingChange::Created,
        at: booking.created_at,
        booking,
    };
    let first = desk.notifier.handle(&redelivered).await.expect("handled");
    let second = desk.notifier.handle(&redelivered).await.expect("handled");
    assert_eq!(first, second, "the same message");
    assert_eq!(mailer.sent(), [MessageKind::Confirmation], "handed to the mailer once");
    assert_eq!(desk.outbox().await.len(), 1);
}

pub async fn messages_wait_out_a_mail_outage_and_keep_their_order(store: Arc<dyn Store>) {
    let (desk, mailer) = desk_with_switch(store, false).await;
    let c = &desk.clinic;
    let quiet = &desk.engine;
    let request = BookingRequest::new(desk.patient.id, c.ana.id, c.cleaning.id, c.tuesday(10, 0));
    let booking = quiet.book(&c.tenant, request, None).await.expect("booked");
    quiet.cancel(&c.tenant, booking.id, None).await.expect("cancelled");

    let during = desk.relay.run().await.expect("relay");
    assert_eq!(
        (during.delivered, during.deferred),
        (0, 2),
        "the cancellation waits behind its booking"
    );
    assert!(desk.outbox().await.is_empty());

    mailer.up.store(true, Ordering::SeqCst);
    let after = desk.relay.run().await.expect("relay");
    assert_eq!((after.delivered, after.deferred), (2, 0));
    assert_eq!(mailer.sent(), [MessageKind::Confirmation, MessageKind::Cancellation]);
    assert_eq!(desk.outbox().await.len(), 2);
}
