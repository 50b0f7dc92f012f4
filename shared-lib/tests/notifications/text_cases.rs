//! Texts, told as the patient lives them: a clinic that texts, a patient who accepted texts
//! and one who stops them.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use turnaki_shared::catalog::Catalog;
use turnaki_shared::domain::{Channel, MessageKind, SmsConsent};
use turnaki_shared::notification::{OutboxTexter, Retry};
use turnaki_shared::store::Store;

use crate::desk::{Desk, Mail};

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("instant")
}

async fn texting_desk(store: Arc<dyn Store>) -> Desk {
    let outbox = Arc::clone(&store);
    let once = Retry {
        attempts: 1,
        backoff: StdDuration::ZERO,
    };
    Desk::texting(store, |clock| Arc::new(OutboxTexter::new(outbox, clock)), once).await
}

pub async fn a_patient_who_accepts_texts_gets_the_reminder_by_text_with_its_confirm_link(store: Arc<dyn Store>) {
    let desk = texting_desk(store).await;
    let c = &desk.clinic;
    let booking = desk.book(c.tuesday(10, 0)).await;
    desk.wait_for(MessageKind::Confirmation, 1).await;
    c.clock.advance(at("2026-03-02T13:00:00Z") - c.clock_now());
    assert_eq!(desk.job().run().await.expect("run").sent, 1);
    let texts = desk.texts(MessageKind::Reminder).await;
    assert_eq!(texts.len(), 1, "{:#?}", desk.outbox().await);
    let text = &texts[0];
    assert_eq!(text.to.as_str(), "+56961234567");
    assert_eq!(text.booking_id, Some(booking.id));
    assert!(text.body.contains("10:00"), "the clinic's time: {}", text.body);
    assert!(text.body.contains("/link#"), "the confirm link: {}", text.body);
    assert!(
        !text.body.contains(&c.cleaning.name),
        "no treatment on a lock screen: {}",
        text.body
    );
    // The clinic sends both: the email still goes out, with every link.
    assert_eq!(desk.sent(MessageKind::Reminder).await.len(), 1);
    let kept = desk.outbox().await;
    let channels: Vec<_> = kept
        .iter()
        .filter(|m| m.content.kind() == MessageKind::Reminder)
        .map(|m| m.content.channel())
        .collect();
    assert_eq!(channels.len(), 2);
    assert!(channels.contains(&Channel::Sms) && channels.contains(&Channel::Email));
    // The link in the text confirms the booking, like the email's.
    let token = text.body.rsplit_once('#').expect("a token").1;
    let confirmed = desk.links.confirm(&c.tenant, booking.id, token).await;
    assert!(confirmed.is_ok(), "{confirmed:?}");
}

pub async fn a_patient_who_stops_texts_gets_the_next_message_by_email_only(store: Arc<dyn Store>) {
    let mut desk = texting_desk(store).await;
    desk.patient.sms = desk.patient.sms.answer(false, desk.clinic.clock_now());
    assert!(matches!(desk.patient.sms, SmsConsent::Withdrawn { .. }));
    Catalog::new(Arc::clone(&desk.store))
        .put_patient(desk.clinic.tenant.id, &desk.patient)
        .await
        .expect("patient");
    desk.book(desk.clinic.tuesday(10, 0)).await;
    let email = desk.wait_for(MessageKind::Confirmation, 1).await.remove(0);
    assert!(email.mail().to.contains(desk.patient.email.as_str()));
    assert!(desk.texts(MessageKind::Confirmation).await.is_empty());
}
