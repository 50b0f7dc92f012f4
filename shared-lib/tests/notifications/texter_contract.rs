//! One contract for every texter: the outbox (embedded) and SNS (AWS, on moto). Each adapter
//! says how to read back what it sent. The outbox's gateway relay is tested against the
//! local receiver `scripts/test.sh` starts, which checks every request's signature.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use turnaki_shared::clock::SystemClock;
use turnaki_shared::domain::{DeliveryStatus, MessageKind, Phone, Segments, TextEncoding, TextMessage};
use turnaki_shared::ids::{BookingId, MessageId, TenantId};
use turnaki_shared::notification::sns::SnsTexter;
use turnaki_shared::notification::{NotifyError, OutboxTexter, Retry, SmsGateway, TextError, Texter, outbox};
use turnaki_shared::store::Store;
use turnaki_testkit::{Moto, SmsReceiver};

use crate::desk::Desk;

/// A texter under test and the way to see what it sent.
#[async_trait]
trait Sent: Send + Sync {
    fn texter(&self) -> &dyn Texter;
    /// The body of every text sent to `to`.
    async fn sent_to(&self, tenant: TenantId, to: &Phone) -> Vec<String>;
}

struct Outbox {
    store: Arc<dyn Store>,
    texter: OutboxTexter,
    _guard: turnaki_testkit::Guard,
}

#[async_trait]
impl Sent for Outbox {
    fn texter(&self) -> &dyn Texter {
        &self.texter
    }

    async fn sent_to(&self, tenant: TenantId, to: &Phone) -> Vec<String> {
        let (kept, _) = outbox::page(self.store.as_ref(), tenant, 100, None)
            .await
            .expect("outbox");
        kept.iter()
            .filter_map(|m| m.content.text())
            .filter(|t| &t.to == to)
            .map(|t| t.body.clone())
            .collect()
    }
}

struct Sns {
    moto: Moto,
    texter: SnsTexter,
}

#[async_trait]
impl Sent for Sns {
    fn texter(&self) -> &dyn Texter {
        &self.texter
    }

    async fn sent_to(&self, _tenant: TenantId, to: &Phone) -> Vec<String> {
        self.moto.texts_to(to.as_str()).await
    }
}

async fn outbox_adapter() -> Box<dyn Sent> {
    let (store, guard) = turnaki_testkit::sqlite_store().await;
    let texter = OutboxTexter::new(Arc::clone(&store), Arc::new(SystemClock));
    Box::new(Outbox {
        store,
        texter,
        _guard: guard,
    })
}

async fn sns_adapter() -> Box<dyn Sent> {
    let moto = Moto::from_env().await;
    let texter = SnsTexter::new(aws_sdk_sns::Client::new(&moto.config), Some("Sonrisa".into()));
    Box::new(Sns { moto, texter })
}

/// A fresh Chilean mobile number, so that runs sharing one endpoint do not see each other.
fn fresh_number() -> Phone {
    let digits = ulid::Ulid::generate().random() % 100_000_000;
    format!("+569{digits:08}").parse().expect("phone")
}

fn text(to: Phone, body: &str) -> TextMessage {
    TextMessage {
        id: MessageId::new(),
        tenant_id: TenantId::new(),
        booking_id: Some(BookingId::new()),
        kind: MessageKind::Reminder,
        to,
        body: body.into(),
        segments: Segments::of(body),
    }
}

async fn a_sent_text_reaches_its_number_word_for_word(adapter: Box<dyn Sent>) {
    let to = fresh_number();
    let sent = text(
        to.clone(),
        "Sonrisa: le esperamos el mar 3 mar 10:00. Confirme: https://t.example/l#x",
    );
    adapter.texter().send(&sent).await.expect("sent");
    assert_eq!(adapter.sent_to(sent.tenant_id, &to).await, vec![sent.body.clone()]);
}

async fn a_text_outside_the_gsm_alphabet_arrives_unchanged(adapter: Box<dyn Sent>) {
    let to = fresh_number();
    let sent = text(to.clone(), "Clínica Ñuñoa: mañana 10:00 ✓ https://t.example/l#x");
    assert_eq!(sent.segments.encoding, TextEncoding::Ucs2);
    adapter.texter().send(&sent).await.expect("sent");
    assert_eq!(adapter.sent_to(sent.tenant_id, &to).await, vec![sent.body.clone()]);
}

turnaki_testkit::each_adapter! {
    #[tokio::test]
    cases in {super}: [
        a_sent_text_reaches_its_number_word_for_word,
        a_text_outside_the_gsm_alphabet_arrives_unchanged,
    ];
    outbox_texter: |case| case(super::outbox_adapter().await).await;
    sns_texter: |case| case(super::sns_adapter().await).await;
}

#[tokio::test]
async fn outbox_only_texts_reach_the_gateway_signed_and_are_marked_relayed() {
    let receiver = SmsReceiver::from_env();
    let (store, _guard) = turnaki_testkit::sqlite_store().await;
    let gateway = SmsGateway::new(&format!("{}/sms", receiver.url), receiver.secret.as_bytes()).expect("gateway");
    let texter = OutboxTexter::new(Arc::clone(&store), Arc::new(SystemClock)).with_relay(gateway);
    let sent = text(fresh_number(), "Sonrisa: confirmamos su hora del mar 3 mar 10:00.");
    texter.send(&sent).await.expect("relayed");
    let received = receiver
        .received(&sent.id.to_string())
        .expect("the receiver accepted it");
    assert_eq!(received["to"], sent.to.as_str());
    assert_eq!(received["body"], sent.body.as_str());
    assert_eq!(received["segments"], 1);
    assert_eq!(received["encoding"], "gsm7");
    let (kept, _) = outbox::page(store.as_ref(), sent.tenant_id, 10, None)
        .await
        .expect("outbox");
    assert_eq!(kept[0].status, DeliveryStatus::Relayed);
}

#[tokio::test]
async fn outbox_only_a_gateway_with_another_secret_refuses_for_good_and_nothing_is_retried() {
    let receiver = SmsReceiver::from_env();
    let (store, _guard) = turnaki_testkit::sqlite_store().await;
    let gateway = SmsGateway::new(&format!("{}/sms", receiver.url), &[9; 32]).expect("gateway");
    let texter = OutboxTexter::new(Arc::clone(&store), Arc::new(SystemClock)).with_relay(gateway);
    let sent = text(fresh_number(), "Sonrisa: hola");
    let refused = texter.send(&sent).await.expect_err("a bad signature is refused");
    assert!(
        matches!(refused, TextError::Invalid(ref e) if e.contains("401")),
        "{refused:?}"
    );
    assert!(receiver.received(&sent.id.to_string()).is_none());
}

#[tokio::test]
async fn outbox_only_a_gateway_that_is_down_is_retried_and_its_failure_shown() {
    let receiver = SmsReceiver::from_env();
    let (store, _guard) = turnaki_testkit::sqlite_store().await;
    let gateway =
        SmsGateway::new(&format!("{}/unavailable", receiver.url), receiver.secret.as_bytes()).expect("gateway");
    let retry = Retry {
        attempts: 3,
        backoff: Duration::from_millis(10),
    };
    let outbox = Arc::clone(&store);
    let texter = |clock| -> Arc<dyn Texter> { Arc::new(OutboxTexter::new(outbox, clock).with_relay(gateway)) };
    let desk = Desk::texting(Arc::clone(&store), texter, retry).await;
    let c = &desk.clinic;
    let booking = desk.book(c.tuesday(10, 0)).await;
    let failed = desk
        .notifier
        .remind(&c.tenant, &booking, turnaki_shared::domain::ReminderKind::Ahead)
        .await
        .expect_err("the gateway is down");
    assert!(
        matches!(failed, NotifyError::Text(TextError::Unavailable(_))),
        "{failed:?}"
    );
    assert!(failed.is_transient(), "the reminder job tries again later");
    let texts: Vec<_> = desk
        .outbox()
        .await
        .into_iter()
        .filter(|m| m.content.text().is_some_and(|t| t.kind == MessageKind::Reminder))
        .collect();
    assert_eq!(texts.len(), 1, "three tries, one record");
    assert_eq!(texts[0].status, DeliveryStatus::Failed);
    assert_eq!(texts[0].attempts, 3);
    assert!(
        texts[0].last_error.as_deref().unwrap_or_default().contains("503"),
        "{:?}",
        texts[0].last_error
    );
}
