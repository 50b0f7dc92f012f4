//! Recall, on every store: a completed cleaning (recalled every six months) brings the
//! patient a message on the clinic's morning of the due day, whose link opens the wizard
//! with the cleaning and the last professional chosen; a second three weeks later; nothing
//! once the patient has booked. The clinic's clock starts on Monday 2 March 2026, 08:00 in
//! Santiago, and moves as the stories say.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use turnaki_shared::booking::BookingRequest;
use turnaki_shared::catalog::Catalog;
use turnaki_shared::domain::{Booking, BookingRules, BookingRulesParts, BookingStatus, MessageKind, RecallStatus};
use turnaki_shared::recall::{RecallJob, RecallReport, Recalls};
use turnaki_shared::store::Store;

use crate::desk::{Desk, Mail};

/// A desk whose cleaning is recalled after six months, and again three weeks later.
async fn recalling(store: Arc<dyn Store>) -> Desk {
    let mut desk = Desk::open(store).await;
    let catalog = Catalog::new(Arc::clone(&desk.store));
    let cleaning = desk.clinic.cleaning.clone().with_recall(Some(6)).expect("six months");
    catalog
        .put_treatment(desk.clinic.tenant.id, &cleaning)
        .await
        .expect("treatment");
    desk.clinic.cleaning = cleaning;
    desk.set_rules(BookingRulesParts {
        recall_follow_up_weeks: Some(3),
        ..BookingRules::default().parts()
    })
    .await;
    desk
}

/// The patient's cleaning with Ana on Tuesday at ten, seen and completed.
async fn completed_visit(desk: &Desk) -> Booking {
    let (c, t) = (&desk.clinic, &desk.clinic.tenant);
    let visit = desk.book(c.tuesday(10, 0)).await;
    c.clock.advance(Duration::days(1) + Duration::hours(2));
    desk.engine
        .change(t, visit.id, Some(BookingStatus::Arrived), None, None)
        .await
        .expect("arrived");
    desk.engine
        .change(t, visit.id, Some(BookingStatus::Completed), None, None)
        .await
        .expect("completed")
}

/// Moves the desk's clock to `hh:mm` of `day` on the clinic's wall clock.
fn set_clinic_time(desk: &Desk, day: NaiveDate, h: u32, m: u32) {
    let zone = desk.clinic.tenant.time_zone.tz();
    let at: DateTime<Utc> = zone
        .from_local_datetime(&day.and_hms_opt(h, m, 0).expect("a time"))
        .single()
        .expect("an unambiguous time")
        .with_timezone(&Utc);
    let now = desk.clinic.clock_now();
    assert!(at >= now, "clocks only move forward");
    desk.clinic.clock.advance(at - now);
}

fn job(desk: &Desk) -> RecallJob {
    let recalls = Recalls::new(Catalog::new(Arc::clone(&desk.store)), desk.clinic.clock.clone());
    RecallJob::new(recalls, Arc::clone(&desk.notifier))
}

fn sent(n: u32) -> RecallReport {
    RecallReport {
        sent: n,
        ..RecallReport::default()
    }
}

pub async fn a_completed_cleaning_brings_a_recall_on_the_clinics_morning_and_a_second_three_weeks_later(
    store: Arc<dyn Store>,
) {
    let desk = recalling(store).await;
    let (c, t) = (&desk.clinic, &desk.clinic.tenant);
    completed_visit(&desk).await;
    let recalls = Recalls::new(Catalog::new(Arc::clone(&desk.store)), c.clock.clone());
    let (listed, _) = recalls.page(t, None, None, 50).await.expect("recalls");
    assert_eq!(listed.len(), 1);
    let due: NaiveDate = "2026-09-03".parse().unwrap();
    assert_eq!((listed[0].recall.due, listed[0].status), (due, RecallStatus::Upcoming));

    let job = job(&desk);
    set_clinic_time(&desk, due, 7, 30);
    assert_eq!(
        job.run().await.unwrap(),
        RecallReport::default(),
        "not before the clinic's morning"
    );
    set_clinic_time(&desk, due, 8, 5);
    assert_eq!(job.run().await.unwrap(), sent(1));
    assert_eq!(job.run().await.unwrap(), RecallReport::default(), "once");
    let messages = desk.wait_for(MessageKind::Recall, 1).await;
    let message = messages[0].mail();
    assert!(message.to.contains(desk.patient.email.as_str()));
    let wizard = format!(
        "https://turnaki.example/{}?treatment={}&professional={}",
        t.slug, c.cleaning.id, c.ana.id
    );
    assert!(
        message.text.contains(&wizard),
        "no link into the wizard in:\n{}",
        message.text
    );
    assert!(message.attachments.is_empty(), "a recall is no appointment");
    assert!(message.subject.contains("Limpieza"), "{}", message.subject);
    let (listed, _) = recalls.page(t, Some(RecallStatus::Contacted), None, 50).await.unwrap();
    assert_eq!(listed.len(), 1);

    set_clinic_time(&desk, due + Duration::days(20), 9, 0);
    assert_eq!(
        job.run().await.unwrap(),
        RecallReport::default(),
        "the clinic waits three weeks"
    );
    set_clinic_time(&desk, due + Duration::days(21), 9, 0);
    assert_eq!(job.run().await.unwrap(), sent(1), "the second recall");
    set_clinic_time(&desk, due + Duration::days(90), 9, 0);
    assert_eq!(job.run().await.unwrap(), RecallReport::default(), "two at most");
    assert_eq!(desk.sent(MessageKind::Recall).await.len(), 2);
}

pub async fn a_patient_who_books_the_next_cleaning_is_sent_no_recall(store: Arc<dyn Store>) {
    let desk = recalling(store).await;
    let (c, t) = (&desk.clinic, &desk.clinic.tenant);
    let visit = completed_visit(&desk).await;
    let next = c.tuesday(10, 0) + Duration::weeks(10);
    let request = BookingRequest::new(desk.patient.id, c.bruno.id, c.cleaning.id, next);
    let booked = desk.engine.book(t, request, None).await.expect("the next cleaning");
    let recalls = Recalls::new(Catalog::new(Arc::clone(&desk.store)), c.clock.clone());
    let (listed, _) = recalls.page(t, None, None, 50).await.unwrap();
    assert_eq!(
        (listed[0].status, listed[0].recall.booked),
        (RecallStatus::Booked, Some(booked.id))
    );
    assert_eq!(listed[0].recall.last_visit, visit.id);

    set_clinic_time(&desk, "2026-09-03".parse().unwrap(), 9, 0);
    let report = job(&desk).run().await.unwrap();
    assert_eq!((report.sent, report.booked), (0, 1));
    assert!(desk.sent(MessageKind::Recall).await.is_empty());
}

pub async fn a_treatment_without_a_recall_interval_recalls_nobody(store: Arc<dyn Store>) {
    let desk = Desk::open(store).await;
    let t = &desk.clinic.tenant;
    completed_visit(&desk).await;
    let recalls = Recalls::new(Catalog::new(Arc::clone(&desk.store)), desk.clinic.clock.clone());
    assert!(recalls.page(t, None, None, 50).await.unwrap().0.is_empty());
}
