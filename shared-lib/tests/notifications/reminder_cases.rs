//! Confirmations, cancellations and reminders, told as the patient lives them.

use std::str::FromStr;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use icalendar::{Calendar, CalendarComponent, Component};
use turnaki_shared::api::outbox::OutboxMessage;
use turnaki_shared::domain::{BookingStatus, MessageKind, ReminderKind, ReminderStatus};
use turnaki_shared::notification::{
    CLAIM_LEASE, MAX_ATTEMPTS, MailError, Mailer, Message, ReminderEntry, RunReport, reminder_states,
};
use turnaki_shared::store::{Store, Update};

use crate::desk::{Desk, Mail};
use turnaki_testkit::clinic::Clinic;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("instant")
}

/// The invitation of a message, parsed back with the calendar crate.
fn invitation(message: &OutboxMessage) -> Calendar {
    let file = message
        .mail()
        .attachments
        .iter()
        .find(|a| a.content_type.starts_with("text/calendar"))
        .expect("a calendar attachment");
    Calendar::from_str(&file.content).expect("the invitation parses")
}

fn property(calendar: &Calendar, name: &str) -> Option<String> {
    calendar.property_value(name).map(str::to_owned)
}

fn event(calendar: &Calendar) -> &icalendar::Event {
    calendar
        .components
        .iter()
        .find_map(CalendarComponent::as_event)
        .expect("one event")
}

pub async fn a_booking_is_confirmed_in_the_clinics_time_with_an_invitation_to_parse(store: Arc<dyn Store>) {
    let desk = Desk::open(store).await;
    // Tuesday 3 March 10:00 in Santiago is 13:00 UTC (summer time, UTC−3).
    let booking = desk.book(desk.clinic.tuesday(10, 0)).await;
    let confirmation = desk.wait_for(MessageKind::Confirmation, 1).await.remove(0);
    assert_eq!(confirmation.mail().booking_id, Some(booking.id));
    assert!(
        confirmation.mail().to.contains(desk.patient.email.as_str()),
        "{}",
        confirmation.mail().to
    );
    for body in [&confirmation.mail().text, &confirmation.mail().html] {
        assert!(body.contains("10:00"), "local time missing: {body}");
        assert!(body.contains("America/Santiago"), "zone not named: {body}");
        assert!(!body.contains("13:00"), "UTC time shown: {body}");
    }
    let calendar = invitation(&confirmation);
    assert_eq!(property(&calendar, "METHOD").as_deref(), Some("REQUEST"));
    let event = event(&calendar);
    assert_eq!(event.get_uid(), Some(format!("{}@turnaki", booking.id).as_str()));
    assert_eq!(
        event.property_value("DTSTART"),
        Some("20260303T130000Z"),
        "the start travels in UTC"
    );
}

pub async fn a_cancellation_cancels_the_same_calendar_event(store: Arc<dyn Store>) {
    let desk = Desk::open(store).await;
    let booking = desk.book(desk.clinic.tuesday(10, 0)).await;
    desk.wait_for(MessageKind::Confirmation, 1).await;
    desk.engine
        .cancel(&desk.clinic.tenant, booking.id, None)
        .await
        .expect("cancel");
    let confirmation = desk.sent(MessageKind::Confirmation).await.remove(0);
    let cancellation = desk.wait_for(MessageKind::Cancellation, 1).await.remove(0);
    let (before, after) = (invitation(&confirmation), invitation(&cancellation));
    assert_eq!(property(&after, "METHOD").as_deref(), Some("CANCEL"));
    assert_eq!(event(&after).get_uid(), event(&before).get_uid());
    assert_eq!(event(&after).property_value("STATUS"), Some("CANCELLED"));
    let sequence = |c: &Calendar| event(c).property_value("SEQUENCE").and_then(|s| s.parse::<u64>().ok());
    assert!(
        sequence(&after) > sequence(&before),
        "the cancellation supersedes the invitation"
    );
}

pub async fn two_overlapping_runs_send_each_reminder_exactly_once(store: Arc<dyn Store>) {
    let desk = Desk::open(store).await;
    let c = &desk.clinic;
    let mut bookings = Vec::new();
    for (h, m) in [(9, 0), (10, 0), (11, 0), (14, 30)] {
        bookings.push(desk.book(c.tuesday(h, m)).await);
    }
    bookings.push(desk.book_with(c.bruno.id, c.tuesday(9, 0)).await);
    // Every reminder is due by Monday 15:00 in Santiago, within the run's catch-up window.
    c.clock.advance(at("2026-03-02T18:00:00Z") - c.clock_now());
    let (first, second) = (desk.job(), desk.job());
    let (a, b) = tokio::join!(first.run(), second.run());
    let (a, b) = (a.expect("first run"), b.expect("second run"));
    assert_eq!(a.sent + b.sent, 5, "{a:?} {b:?}");
    assert_eq!(a.failed + b.failed, 0);
    let reminders = desk.sent(MessageKind::Reminder).await;
    let mut reminded: Vec<_> = reminders.iter().filter_map(|m| m.mail().booking_id).collect();
    reminded.sort();
    let mut expected: Vec<_> = bookings.iter().map(|b| b.id).collect();
    expected.sort();
    assert_eq!(reminded, expected, "each booking reminded exactly once");
    assert_eq!(desk.job().run().await.expect("third run"), RunReport::default());
    for booking in &bookings {
        let states = reminder_states(desk.store.as_ref(), booking).await.expect("states");
        assert_eq!(states.len(), 1);
        assert_eq!(states[0].status, ReminderStatus::Sent);
        assert_eq!(states[0].attempts, 1);
    }
}

pub async fn a_reminder_goes_out_at_the_clinics_hour_across_the_dst_change(store: Arc<dyn Store>) {
    let mut desk = Desk::open(store).await;
    // Santiago leaves summer time (UTC−3) for UTC−4 at midnight on Sunday 5 April 2026.
    desk.remind(48, None).await;
    let visit = at("2026-04-06T14:00:00Z"); // Monday 10:00, UTC−4
    let booking = desk.book(visit).await;
    // 48 hours on the clinic's clock: Saturday 10:00, UTC−3, is 13:00 UTC, 49 real hours before.
    assert_eq!(booking.reminders.len(), 1);
    assert_eq!(booking.reminders[0].due, at("2026-04-04T13:00:00Z"));
    let c = &desk.clinic;
    c.clock.advance(at("2026-04-04T12:59:00Z") - c.clock_now());
    assert_eq!(desk.job().run().await.expect("run").sent, 0, "not before 10:00 local");
    c.clock.advance(Duration::minutes(1));
    assert_eq!(desk.job().run().await.expect("run").sent, 1, "at 10:00 local");
    let reminder = desk.sent(MessageKind::Reminder).await.remove(0);
    assert!(reminder.mail().text.contains("10:00"), "{}", reminder.mail().text);
    assert!(
        reminder.mail().text.contains("UTC−04:00"),
        "the visit's own offset: {}",
        reminder.mail().text
    );
}

pub async fn a_cancelled_booking_gets_no_reminder(store: Arc<dyn Store>) {
    let desk = Desk::open(store).await;
    let c = &desk.clinic;
    let kept = desk.book(c.tuesday(10, 0)).await;
    let cancelled = desk.book(c.tuesday(11, 0)).await;
    desk.engine.cancel(&c.tenant, cancelled.id, None).await.expect("cancel");
    c.clock.advance(at("2026-03-02T15:00:00Z") - c.clock_now());
    let report = desk.job().run().await.expect("run");
    assert_eq!(report.sent, 1);
    let reminders = desk.sent(MessageKind::Reminder).await;
    assert_eq!(
        reminders.iter().map(|m| m.mail().booking_id).collect::<Vec<_>>(),
        vec![Some(kept.id)]
    );
    assert!(
        reminder_states(desk.store.as_ref(), &cancelled)
            .await
            .expect("states")
            .is_empty()
    );
}

pub async fn a_moved_booking_is_reminded_of_its_new_time_only(store: Arc<dyn Store>) {
    let desk = Desk::open(store).await;
    let c = &desk.clinic;
    let booking = desk.book(c.tuesday(10, 0)).await;
    let thursday = c.tuesday(10, 0) + Duration::days(2);
    let moved = desk
        .engine
        .reschedule(&c.tenant, booking.id, thursday, None, None, false)
        .await
        .expect("reschedule");
    desk.wait_for(MessageKind::Reschedule, 1).await;
    // Past the old reminder's time: nothing is due.
    c.clock.advance(at("2026-03-02T15:00:00Z") - c.clock_now());
    assert_eq!(desk.job().run().await.expect("run"), RunReport::default());
    c.clock.advance(moved.reminders[0].due - c.clock_now());
    assert_eq!(desk.job().run().await.expect("run").sent, 1);
    let reminder = desk.sent(MessageKind::Reminder).await.remove(0);
    assert!(
        reminder.mail().text.contains("jueves"),
        "the new day, in Spanish: {}",
        reminder.mail().text
    );
}

pub async fn a_same_day_reminder_follows_the_first(store: Arc<dyn Store>) {
    let mut desk = Desk::open(store).await;
    desk.remind(24, Some(2)).await;
    let c = &desk.clinic;
    let booking = desk.book(c.tuesday(10, 0)).await;
    let kinds: Vec<_> = booking.reminders.iter().map(|r| (r.kind, r.due)).collect();
    assert_eq!(
        kinds,
        vec![
            (ReminderKind::Ahead, at("2026-03-02T13:00:00Z")),
            (ReminderKind::SameDay, at("2026-03-03T11:00:00Z")),
        ]
    );
    c.clock.advance(at("2026-03-02T13:00:00Z") - c.clock_now());
    assert_eq!(desk.job().run().await.expect("run").sent, 1);
    c.clock.advance(at("2026-03-03T11:00:00Z") - c.clock_now());
    assert_eq!(desk.job().run().await.expect("run").sent, 1);
    assert_eq!(desk.sent(MessageKind::Reminder).await.len(), 2);
    let states = reminder_states(desk.store.as_ref(), &booking).await.expect("states");
    assert!(states.iter().all(|s| s.status == ReminderStatus::Sent), "{states:?}");
}

pub async fn a_reminder_claimed_by_a_run_that_died_goes_out_once_the_lease_lapses(store: Arc<dyn Store>) {
    let desk = Desk::open(store).await;
    let c = &desk.clinic;
    let booking = desk.book(c.tuesday(10, 0)).await;
    c.clock.advance(at("2026-03-02T15:00:00Z") - c.clock_now());
    // A run claimed the reminder, then its host died before sending.
    let key = ReminderEntry::key(&booking, booking.reminders[0]);
    let crashed = Update::new(key)
        .set("status", "sending")
        .set("claimed_by", "a run that died")
        .set("claimed_at", c.clock_now().timestamp());
    desk.store.update(crashed).await.expect("claim");
    c.clock.advance(CLAIM_LEASE - Duration::minutes(1));
    assert_eq!(
        desk.job().run().await.expect("run"),
        RunReport::default(),
        "the claim still holds"
    );
    c.clock.advance(Duration::minutes(2));
    let (first, second) = (desk.job(), desk.job());
    let (a, b) = tokio::join!(first.run(), second.run());
    assert_eq!(a.expect("run").sent + b.expect("run").sent, 1, "one run takes it over");
    let states = reminder_states(desk.store.as_ref(), &booking).await.expect("states");
    assert_eq!(states[0].status, ReminderStatus::Sent);
    assert_eq!(desk.sent(MessageKind::Reminder).await.len(), 1);
}

/// A mail service that is down.
struct Down;

#[async_trait]
impl Mailer for Down {
    async fn send(&self, _email: &Message) -> Result<(), MailError> {
        Err(MailError::Unavailable("connection refused".into()))
    }
}

pub async fn a_failing_mailer_leaves_the_booking_and_shows_the_failure(store: Arc<dyn Store>) {
    let clinic = Clinic::open(Arc::clone(&store), 0).await;
    let desk = Desk::with_mailer(store, clinic, Arc::new(Down)).await;
    let c = &desk.clinic;
    let booking = desk.book(c.tuesday(10, 0)).await;
    c.clock.advance(at("2026-03-02T15:00:00Z") - c.clock_now());
    for attempt in 1..=MAX_ATTEMPTS {
        assert_eq!(desk.job().run().await.expect("run").failed, 1, "attempt {attempt}");
        let states = reminder_states(desk.store.as_ref(), &booking).await.expect("states");
        assert_eq!(states[0].status, ReminderStatus::Failed);
        assert_eq!(states[0].attempts, attempt);
        assert!(
            states[0]
                .last_error
                .as_deref()
                .unwrap_or_default()
                .contains("connection refused")
        );
    }
    assert_eq!(
        desk.job().run().await.expect("run"),
        RunReport::default(),
        "retries are bounded"
    );
    let stored = desk
        .engine
        .booking(&c.tenant, booking.id)
        .await
        .expect("the booking stands");
    assert_eq!(stored.status, BookingStatus::Confirmed);
    assert_eq!(stored.version, booking.version);
}
