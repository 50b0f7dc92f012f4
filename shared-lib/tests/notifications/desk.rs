//! The clinic's front desk for notification stories: the booking-engine clinic, a patient
//! with an email, the outbox (or another mailer), and the reminder job.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use turnaki_shared::api::outbox::OutboxMessage;
use turnaki_shared::booking::{BookingEngine, BookingRequest};
use turnaki_shared::catalog::Catalog;
use turnaki_shared::clock::Clock;
use turnaki_shared::domain::{
    Booking, BookingRules, BookingRulesParts, Channel, Channels, Delivery, Message, MessageKind, Patient, SmsConsent,
    TextMessage,
};
use turnaki_shared::ids::{PatientId, ProfessionalId};
use turnaki_shared::links::desk::LinkDesk;
use turnaki_shared::links::{HmacSigner, Links};
use turnaki_shared::notification::relay::EventRelay;
use turnaki_shared::notification::{Letterhead, Mailer, Notifier, OutboxMailer, ReminderJob, Retry, Texter, outbox};
use turnaki_shared::store::Store;
use turnaki_shared::waitlist::Waitlist;

use turnaki_testkit::clinic::Clinic;

/// The email an outbox entry holds: the stories' entries are emails unless they ask for texts.
pub trait Mail {
    /// The email, or a panic naming the text.
    fn mail(&self) -> &Message;
}

impl Mail for OutboxMessage {
    fn mail(&self) -> &Message {
        self.content
            .email()
            .unwrap_or_else(|| panic!("an email, not {:?}", self.content))
    }
}

pub struct Desk {
    pub clinic: Clinic,
    pub store: Arc<dyn Store>,
    pub engine: BookingEngine,
    pub notifier: Arc<Notifier>,
    /// Delivers the stored events; its task runs at once and whenever the engine commits.
    pub relay: Arc<EventRelay>,
    pub patient: Patient,
    /// Signs the links of its messages; its desk acts on them at the clinic's clock.
    pub links: LinkDesk,
    /// The clinic's waitlist, making offers as the relay's does.
    pub waitlist: Waitlist,
}

/// So long that the relay's task never sweeps by itself during a test: it runs when the
/// desk's engine rings, and the stories run it by hand otherwise.
const NO_SWEEP: StdDuration = StdDuration::from_secs(3600);

impl Desk {
    /// A desk whose messages go to the clinic's outbox.
    pub async fn open(store: Arc<dyn Store>) -> Self {
        let clinic = Clinic::open(Arc::clone(&store), 0).await;
        let mailer = OutboxMailer::new(Arc::clone(&store), clinic.clock.clone());
        Self::with_mailer(store, clinic, Arc::new(mailer)).await
    }

    /// A desk whose messages go through `mailer`, tried once each.
    pub async fn with_mailer(store: Arc<dyn Store>, clinic: Clinic, mailer: Arc<dyn Mailer>) -> Self {
        let desk = Self::without_relay_task(store, clinic, mailer).await;
        Arc::clone(&desk.relay).start(NO_SWEEP);
        desk
    }

    /// A desk whose emails go to the outbox and texts through the texter `texter` makes on
    /// the clinic's clock, tried as `retry` says, for a clinic that sends every message by
    /// text as well; its patient accepts texts at +56 9 6123 4567.
    pub async fn texting(
        store: Arc<dyn Store>,
        texter: impl FnOnce(Arc<dyn Clock>) -> Arc<dyn Texter>,
        retry: Retry,
    ) -> Self {
        let mut clinic = Clinic::open(Arc::clone(&store), 0).await;
        let texter = texter(clinic.clock.clone());
        let both = Delivery::Both;
        clinic.tenant.channels = Channels {
            confirmations: both,
            reminders: both,
            waitlist_offers: both,
            recalls: both,
        };
        Catalog::new(Arc::clone(&store))
            .update_tenant(&clinic.tenant)
            .await
            .expect("update clinic");
        let mailer = OutboxMailer::new(Arc::clone(&store), clinic.clock.clone());
        let mut desk = Self::assemble(store, clinic, Arc::new(mailer), Some(texter), retry).await;
        desk.patient.phone = Some("+56961234567".parse().expect("phone"));
        desk.patient.sms = SmsConsent::Given {
            at: desk.clinic.clock_now(),
        };
        Catalog::new(Arc::clone(&desk.store))
            .put_patient(desk.clinic.tenant.id, &desk.patient)
            .await
            .expect("patient");
        Arc::clone(&desk.relay).start(NO_SWEEP);
        desk
    }

    /// A desk whose relay runs only when a story runs it, as after a crash.
    pub async fn without_relay_task(store: Arc<dyn Store>, clinic: Clinic, mailer: Arc<dyn Mailer>) -> Self {
        let once = Retry {
            attempts: 1,
            backoff: StdDuration::ZERO,
        };
        Self::assemble(store, clinic, mailer, None, once).await
    }

    async fn assemble(
        store: Arc<dyn Store>,
        clinic: Clinic,
        mailer: Arc<dyn Mailer>,
        texter: Option<Arc<dyn Texter>>,
        retry: Retry,
    ) -> Self {
        let catalog = Catalog::new(Arc::clone(&store));
        let patient = Patient {
            id: PatientId::new(),
            name: "Camila Soto".into(),
            email: format!(
                "camila.{}@example.com",
                ulid::Ulid::generate().to_string().to_lowercase()
            )
            .parse()
            .expect("email"),
            phone: None,
            sms: Default::default(),
            created_at: clinic.clock_now(),
        };
        catalog.put_patient(clinic.tenant.id, &patient).await.expect("patient");
        let letterhead = Letterhead {
            from: "Clínica Sonrisa <citas@turnaki.example>".into(),
            public_url: "https://turnaki.example".into(),
        };
        let links = Links::new(Arc::new(HmacSigner::generate()));
        let mut notifier = Notifier::new(catalog, mailer, letterhead)
            .with_retry(retry)
            .with_links(links.clone());
        if let Some(texter) = texter {
            notifier = notifier.with_texter(texter);
        }
        let notifier = Arc::new(notifier);
        let relay = EventRelay::new(Arc::clone(&store), Arc::clone(&notifier));
        let doorbell = relay.doorbell();
        let engine = clinic.engine.clone().with_doorbell(doorbell);
        let waitlist = Waitlist::new(engine.clone()).with_notifier(Arc::clone(&notifier));
        let relay = Arc::new(relay.with_waitlist(waitlist.clone()));
        let links = LinkDesk::new(links, engine.clone(), clinic.clock.clone());
        Self {
            links,
            waitlist,
            clinic,
            store,
            engine,
            notifier,
            relay,
            patient,
        }
    }

    /// A reminder job on the desk's store and clock (each call a separate "run host").
    pub fn job(&self) -> ReminderJob {
        ReminderJob::new(
            Arc::clone(&self.store),
            Arc::clone(&self.notifier),
            self.clinic.clock.clone(),
        )
    }

    /// Changes the clinic's reminder settings, in the store and in the desk's copy.
    pub async fn remind(&mut self, hours_before: u32, same_day: Option<u32>) {
        self.set_rules(BookingRulesParts {
            reminder_hours_before: hours_before,
            same_day_reminder_hours: same_day,
            ..BookingRules::default().parts()
        })
        .await;
    }

    /// Changes the clinic's rules, in the store and in the desk's copy.
    pub async fn set_rules(&mut self, parts: BookingRulesParts) {
        self.clinic.tenant.rules = BookingRules::try_from(parts).expect("rules");
        Catalog::new(Arc::clone(&self.store))
            .update_tenant(&self.clinic.tenant)
            .await
            .expect("update clinic");
    }

    /// The patient books a cleaning with Ana at `start`.
    pub async fn book(&self, start: DateTime<Utc>) -> Booking {
        self.book_with(self.clinic.ana.id, start).await
    }

    /// The patient books a cleaning with `professional` at `start`.
    pub async fn book_with(&self, professional: ProfessionalId, start: DateTime<Utc>) -> Booking {
        let c = &self.clinic;
        let request = BookingRequest::new(self.patient.id, professional, c.cleaning.id, start);
        self.engine.book(&c.tenant, request, None).await.expect("booking")
    }

    /// The clinic's outbox, newest first.
    pub async fn outbox(&self) -> Vec<OutboxMessage> {
        outbox::page(self.store.as_ref(), self.clinic.tenant.id, 1_000, None)
            .await
            .expect("outbox")
            .0
    }

    /// The outbox's messages of `kind`, oldest first.
    pub async fn sent(&self, kind: MessageKind) -> Vec<OutboxMessage> {
        let mut messages: Vec<_> = self
            .outbox()
            .await
            .into_iter()
            .filter(|m| m.content.kind() == kind && m.content.channel() == Channel::Email)
            .collect();
        messages.reverse();
        messages
    }

    /// The outbox's texts of `kind`, oldest first.
    pub async fn texts(&self, kind: MessageKind) -> Vec<TextMessage> {
        let mut texts: Vec<_> = self
            .outbox()
            .await
            .into_iter()
            .filter_map(|m| m.content.text().filter(|t| t.kind == kind).cloned())
            .collect();
        texts.reverse();
        texts
    }

    /// Waits (up to 10 s) until the outbox holds `count` messages of `kind`; they are sent
    /// by a background task after each change.
    pub async fn wait_for(&self, kind: MessageKind, count: usize) -> Vec<OutboxMessage> {
        for _ in 0..200 {
            let messages = self.sent(kind).await;
            if messages.len() >= count {
                return messages;
            }
            tokio::time::sleep(StdDuration::from_millis(50)).await;
        }
        panic!("expected {count} {kind:?} messages, outbox: {:#?}", self.outbox().await);
    }
}
