//! One contract for every mailer: the outbox (embedded) and SES (AWS, on moto). Each
//! adapter says how to read back what it sent.

use std::sync::Arc;

use async_trait::async_trait;
use turnaki_shared::clock::SystemClock;
use turnaki_shared::domain::{Attachment, DeliveryStatus, MessageKind};
use turnaki_shared::ids::{BookingId, MessageId, TenantId};
use turnaki_shared::notification::outbox::{self, Smtp};
use turnaki_shared::notification::ses::SesMailer;
use turnaki_shared::notification::{MailError, Mailer, Message, OutboxMailer};
use turnaki_shared::store::Store;

use turnaki_testkit::{Moto, SENDER};

/// A mailer under test and the way to see what it sent.
#[async_trait]
trait Sent: Send + Sync {
    fn mailer(&self) -> &dyn Mailer;
    /// Every sent message to `to`, as (subject, the whole message as text).
    async fn sent_to(&self, tenant: TenantId, to: &str) -> Vec<(String, String)>;
}

struct Outbox {
    store: Arc<dyn Store>,
    mailer: OutboxMailer,
    _guard: turnaki_testkit::Guard,
}

#[async_trait]
impl Sent for Outbox {
    fn mailer(&self) -> &dyn Mailer {
        &self.mailer
    }

    async fn sent_to(&self, tenant: TenantId, to: &str) -> Vec<(String, String)> {
        let (messages, _) = outbox::page(self.store.as_ref(), tenant, 100, None)
            .await
            .expect("outbox");
        messages
            .into_iter()
            .filter_map(|m| {
                m.content
                    .email()
                    .filter(|e| e.to.contains(to))
                    .map(|e| (e.subject.clone(), serde_json::to_string(&m).expect("json")))
            })
            .collect()
    }
}

struct Ses {
    moto: Moto,
    mailer: SesMailer,
}

#[async_trait]
impl Sent for Ses {
    fn mailer(&self) -> &dyn Mailer {
        &self.mailer
    }

    async fn sent_to(&self, _tenant: TenantId, to: &str) -> Vec<(String, String)> {
        self.moto
            .raw_emails_to(to)
            .await
            .into_iter()
            .map(|raw| {
                let subject = raw
                    .lines()
                    .find_map(|l| l.strip_prefix("Subject: "))
                    .unwrap_or_default()
                    .to_owned();
                (subject, raw)
            })
            .collect()
    }
}

async fn outbox_adapter() -> Box<dyn Sent> {
    let (store, guard) = turnaki_testkit::sqlite_store().await;
    let mailer = OutboxMailer::new(Arc::clone(&store), Arc::new(SystemClock));
    Box::new(Outbox {
        store,
        mailer,
        _guard: guard,
    })
}

async fn ses_adapter() -> Box<dyn Sent> {
    let moto = Moto::from_env().await;
    moto.verify_sender().await;
    let mailer = SesMailer::new(aws_sdk_ses::Client::new(&moto.config), None);
    Box::new(Ses { moto, mailer })
}

/// A plain message to a fresh address, with a calendar file.
fn email(to: &str) -> Message {
    Message {
        id: MessageId::new(),
        tenant_id: TenantId::new(),
        booking_id: Some(BookingId::new()),
        kind: MessageKind::Confirmation,
        from: format!("Clinica Sonrisa <{SENDER}>"),
        to: format!("Camila Soto <{to}>"),
        subject: "Appointment confirmed".into(),
        text: "See you on Tuesday at 10:00.".into(),
        html: "<p>See you on Tuesday at 10:00.</p>".into(),
        attachments: vec![Attachment {
            filename: "appointment.ics".into(),
            content_type: "text/calendar; method=REQUEST; charset=UTF-8".into(),
            content: "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
                .into(),
        }],
    }
}

fn fresh_address() -> String {
    format!(
        "patient.{}@example.com",
        ulid::Ulid::generate().to_string().to_lowercase()
    )
}

async fn a_sent_message_can_be_read_back_with_its_invitation(adapter: Box<dyn Sent>) {
    let to = fresh_address();
    let message = email(&to);
    adapter.mailer().send(&message).await.expect("sent");
    let sent = adapter.sent_to(message.tenant_id, &to).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    let (subject, whole) = &sent[0];
    assert_eq!(subject, "Appointment confirmed");
    assert!(whole.contains("text/calendar"), "the invitation travels: {whole}");
    assert!(whole.contains("METHOD:REQUEST"), "{whole}");
}

async fn an_unusable_recipient_is_refused_and_nothing_is_sent(adapter: Box<dyn Sent>) {
    let mut message = email(&fresh_address());
    message.to = "not an address".into();
    let refused = adapter.mailer().send(&message).await.expect_err("refused");
    assert!(matches!(refused, MailError::Invalid(_)), "{refused:?}");
    assert!(!refused.is_transient());
    assert!(adapter.sent_to(message.tenant_id, "not an address").await.is_empty());
}

turnaki_testkit::each_adapter! {
    #[tokio::test]
    cases in {super}: [
        a_sent_message_can_be_read_back_with_its_invitation,
        an_unusable_recipient_is_refused_and_nothing_is_sent,
    ];
    outbox_mailer: |case| case(super::outbox_adapter().await).await;
    ses_mailer: |case| case(super::ses_adapter().await).await;
}

#[tokio::test]
async fn outbox_only_a_relay_that_is_down_is_recorded_on_one_message_per_retry() {
    let (store, _guard) = turnaki_testkit::sqlite_store().await;
    // Port 9 (discard) is closed on loopback: the connection is refused at once.
    let relay = Smtp::from_url("smtp://127.0.0.1:9").expect("relay URL");
    let mailer = OutboxMailer::new(Arc::clone(&store), Arc::new(SystemClock)).with_relay(relay);
    let message = email(&fresh_address());
    for attempt in 1..=2 {
        let failed = mailer.send(&message).await.expect_err("the relay is down");
        assert!(failed.is_transient(), "{failed:?}");
        let (kept, _) = outbox::page(store.as_ref(), message.tenant_id, 10, None)
            .await
            .expect("outbox");
        assert_eq!(kept.len(), 1, "a retry updates the same record");
        assert_eq!(kept[0].status, DeliveryStatus::Failed);
        assert_eq!(kept[0].attempts, attempt);
        assert!(kept[0].last_error.as_deref().unwrap_or_default().contains("SMTP"));
    }
}

#[tokio::test]
async fn ses_only_an_unverified_sender_is_refused_for_good() {
    let moto = Moto::from_env().await;
    let mailer = SesMailer::new(aws_sdk_ses::Client::new(&moto.config), None);
    let mut message = email(&fresh_address());
    message.from = format!(
        "stranger.{}@elsewhere.example",
        ulid::Ulid::generate().to_string().to_lowercase()
    );
    let refused = mailer.send(&message).await.expect_err("unverified sender");
    assert!(matches!(refused, MailError::Invalid(_)), "{refused:?}");
}
