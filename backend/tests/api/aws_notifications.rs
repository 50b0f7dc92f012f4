//! The AWS column's notifications on moto: a booking made by the `bookings` function's
//! engine stores its event in the same transaction, the stream record the pipe puts on the
//! bus reaches `send-notification`, which sends the confirmation by SES once however often
//! it comes (or hands the event back for a retry when the table is out of reach), and
//! `schedule-reminder` sends the reminder when due.

use std::sync::Arc;

use aws_lambda_events::eventbridge::EventBridgeEvent;
use chrono::{Duration, NaiveTime, TimeZone};
use lambda_http::{Context, LambdaEvent};
use serde_json::{Value, json};
use turnaki_backend::lambda::LambdaEnv;
use turnaki_backend::lambda::aws_app;
use turnaki_backend::notifications::{NotificationEnv, schedule_reminder, send_notification, waitlist_event};
use turnaki_backend::state::App;
use turnaki_shared::booking::BookingEngine;
use turnaki_shared::booking::BookingRequest;
use turnaki_shared::clock::Clock;
use turnaki_shared::clock::{ManualClock, SystemClock};
use turnaki_shared::domain::BookingStatus;
use turnaki_shared::domain::{Booking, Money, Patient, Professional, Treatment, WeeklyHours, WorkInterval};
use turnaki_shared::domain::{PartOfDay, Tenant, Wish};
use turnaki_shared::ids::{PatientId, ProfessionalId};
use turnaki_shared::keys;
use turnaki_shared::notification::ReminderJob;
use turnaki_shared::notification::relay::{EVENT_ATTRIBUTE, event_of};
use turnaki_shared::recall::{RecallJob, Recalls};
use turnaki_shared::store::Store;
use turnaki_shared::waitlist::{JoinRequest, Waitlist};

use crate::helpers::Days;
use crate::lambda::environment;
use turnaki_testkit::{Moto, SENDER};

/// The EventBridge event the pipe makes of the table's stream record of a booking's
/// pending event, read back from the table as the transaction wrote it.
async fn piped_event(
    store: &dyn Store,
    booking: &Booking,
) -> EventBridgeEvent<turnaki_backend::notifications::StreamRecord> {
    let key = keys::pending_event(booking.id, booking.version);
    let item = store
        .get(&key)
        .await
        .expect("read")
        .expect("the event was stored with the booking");
    let stored = event_of(&item).expect("a booking event");
    assert_eq!(
        (stored.booking.id, stored.booking.version),
        (booking.id, booking.version)
    );
    let attributes = item.into_attributes();
    let string = |name: &str| json!({ "S": attributes[name].as_str().expect("a string attribute") });
    let envelope = json!({
        "version": "0", "id": "7bf73129-1428-4cd3-a780-95db273d1602",
        "detail-type": "booking.changed", "source": "turnaki.bookings",
        "account": "123456789012", "time": stored.at.to_rfc3339(), "region": "us-east-1",
        "resources": [],
        "detail": {
            "eventName": "INSERT", "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
            "dynamodb": {
                "Keys": { "PK": string("PK"), "SK": string("SK") },
                "NewImage": {
                    "PK": string("PK"), "SK": string("SK"), EVENT_ATTRIBUTE: string(EVENT_ATTRIBUTE),
                    "expires_at": { "N": attributes["expires_at"].to_string() },
                },
                "StreamViewType": "NEW_IMAGE",
            },
        },
    });
    serde_json::from_value::<EventBridgeEvent<_>>(envelope).expect("the pipe's envelope")
}

/// A cleaning with Dra. Rojas, every day 08:00–20:00, as the clinic's admin would set it up.
async fn cleaning_with_rojas(app: &App, clinic: &Tenant) -> (Treatment, Professional) {
    let price = Money::new(25_000, "CLP").expect("price");
    let cleaning = Treatment::new("Limpieza", 30, 0, price)
        .and_then(|t| t.with_recall(Some(6)))
        .expect("treatment");
    app.catalog
        .put_treatment(clinic.id, &cleaning)
        .await
        .expect("treatment");
    let day = vec![WorkInterval {
        start: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
        end: NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
    }];
    let rojas = Professional {
        id: ProfessionalId::new(),
        name: "Dra. Rojas".into(),
        specialty: "General".into(),
        treatments: vec![cleaning.id],
        weekly_hours: WeeklyHours::try_from(std::array::from_fn(|_| day.clone())).expect("hours"),
        active: true,
    };
    app.catalog
        .put_professional(clinic.id, &rojas)
        .await
        .expect("professional");
    (cleaning, rojas)
}

/// A patient of the clinic with an address of their own.
async fn patient(app: &App, clinic: &Tenant, name: &str) -> Patient {
    let email = format!(
        "{}.{}@example.com",
        name.to_lowercase(),
        ulid::Ulid::generate().to_string().to_lowercase()
    );
    let patient = Patient {
        id: PatientId::new(),
        name: name.into(),
        email: email.parse().expect("email"),
        phone: None,
        sms: Default::default(),
        created_at: chrono::Utc::now(),
    };
    app.catalog.put_patient(clinic.id, &patient).await.expect("patient");
    patient
}

/// What the event functions read from their environment, on moto.
async fn notification_env(env: &LambdaEnv, moto: &Moto) -> NotificationEnv {
    NotificationEnv {
        table: env.table.clone(),
        region: "us-east-1".into(),
        mail_from: format!("Clínica Lambda <{SENDER}>"),
        public_url: "https://turnaki.test".into(),
        configuration_set: None,
        aws_endpoint: Some(moto.endpoint.clone()),
        link_key_id: moto.link_key().await,
        sms_sender_id: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_on_aws_is_confirmed_by_ses_and_reminded_on_schedule() {
    let (env, _cognito, clinic) = environment().await;
    let moto = Moto::from_env().await;
    moto.verify_sender().await;

    // The clinic, as its admin would set it up, and a patient.
    let app = aws_app(&env).await;
    let (cleaning, rojas) = cleaning_with_rojas(&app, &clinic).await;
    let camila = patient(&app, &clinic, "Camila").await;
    let to = camila.email.to_string();

    // The functions under test tell time by the system's clock, so the day does too.
    let start = Days::counting_from(&SystemClock).take().at(10, 0);
    let request = BookingRequest::new(camila.id, rojas.id, cleaning.id, start);
    let booking = app.engine.book(&clinic, request, None).await.expect("booked");

    // The booking's transaction stored its event; the pipe hands the stream's record on.
    let envelope = piped_event(app.store.as_ref(), &booking).await;

    // `send-notification` handles it: the confirmation leaves through SES with its invitation.
    let notification_env = notification_env(&env, &moto).await;
    // Had the table been unreachable, the event would go back to Lambda to be retried (and
    // end in the dead-letter queue), not be dropped.
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let cut_off = NotificationEnv {
        aws_endpoint: Some(format!("http://127.0.0.1:{closed_port}")),
        ..notification_env.clone()
    };
    let (_, stranded) = cut_off.connect().await;
    let retry = send_notification(&stranded, LambdaEvent::new(envelope.clone(), Context::default())).await;
    assert!(retry.is_err(), "a store outage must be retried, got {retry:?}");
    assert!(moto.raw_emails_to(&to).await.is_empty(), "nothing sent while cut off");

    let (store, notifier) = notification_env.connect().await;
    let answer = send_notification(&notifier, LambdaEvent::new(envelope.clone(), Context::default()))
        .await
        .expect("handled");
    assert!(answer["sent"].is_string(), "{answer}");
    // The stream and the bus deliver at least once: the same record again sends nothing.
    let again: Value = send_notification(&notifier, LambdaEvent::new(envelope, Context::default()))
        .await
        .expect("handled");
    assert_eq!(again["sent"], answer["sent"], "the same message");
    let sent = moto.raw_emails_to(&to).await;
    assert_eq!(sent.len(), 1);
    assert!(sent[0].contains("METHOD:REQUEST"), "{}", sent[0]);

    // `schedule-reminder`, run by the schedule at the reminder's time, sends it once.
    let due = booking.reminders[0].due;
    let clock = Arc::new(ManualClock::at(due - Duration::minutes(1)));
    let recalls = RecallJob::new(Recalls::new(app.catalog.clone(), clock.clone()), Arc::clone(&notifier));
    let job = ReminderJob::new(store, notifier, clock.clone());
    let run = || async { schedule_reminder(&job, &recalls, tick()).await.expect("run") };
    assert_eq!(run().await.reminders.sent, 0, "not yet due");
    clock.advance(Duration::minutes(1));
    assert_eq!(run().await.reminders.sent, 1);
    assert_eq!(run().await.reminders.sent, 0, "sent once");
    assert_eq!(moto.raw_emails_to(&to).await.len(), 2);

    // The visit done, the same schedule recalls Camila on the clinic's morning six months on.
    for status in [BookingStatus::Arrived, BookingStatus::Completed] {
        app.engine
            .change(&clinic, booking.id, Some(status), None, None)
            .await
            .expect("status");
    }
    let zone = clinic.time_zone.tz();
    let due = booking
        .start
        .with_timezone(&zone)
        .date_naive()
        .checked_add_months(chrono::Months::new(6))
        .expect("a day");
    let morning = zone
        .from_local_datetime(&due.and_hms_opt(9, 0, 0).expect("nine"))
        .earliest()
        .expect("a time");
    clock.advance(morning.with_timezone(&chrono::Utc) - clock.now());
    assert_eq!(run().await.recalls.sent, 1);
    assert_eq!(run().await.recalls.sent, 0, "recalled once");
    let sent = moto.raw_emails_to(&to).await;
    assert_eq!(sent.len(), 3);
    assert!(
        sent.iter().any(|m| m.contains("Reservar mi hora")),
        "no recall among {sent:?}"
    );
}

/// The schedule's tick, as EventBridge sends it.
fn tick() -> LambdaEvent<EventBridgeEvent> {
    let path = format!("{}/tests/api/fixtures/schedule-tick.json", env!("CARGO_MANIFEST_DIR"));
    let event: EventBridgeEvent =
        serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("event");
    LambdaEvent::new(event, Context::default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancellation_on_aws_reaches_the_waitlist_function_which_offers_the_time_by_ses() {
    let (env, _cognito, clinic) = environment().await;
    let moto = Moto::from_env().await;
    moto.verify_sender().await;
    let app = aws_app(&env).await;
    let (cleaning, rojas) = cleaning_with_rojas(&app, &clinic).await;
    let (camila, elena) = (
        patient(&app, &clinic, "Camila").await,
        patient(&app, &clinic, "Elena").await,
    );
    let start = Days::counting_from(&SystemClock).take().at(10, 0);
    let request = BookingRequest::new(camila.id, rojas.id, cleaning.id, start);
    let booking = app.engine.book(&clinic, request, None).await.expect("booked");
    let today = app.waitlist.today(&clinic);
    let wait = JoinRequest {
        patient_id: elena.id,
        wish: Wish {
            treatment_id: cleaning.id,
            professional_id: None,
            earliest: today,
            latest: today + Duration::days(30),
            weekdays: Vec::new(),
            part_of_day: PartOfDay::Any,
        },
        by_staff: false,
    };
    app.waitlist.join(&clinic, wait).await.expect("on the list");
    let cancelled = app.engine.cancel(&clinic, booking.id, None).await.expect("cancelled");

    // The pipe's envelope of the cancellation reaches `waitlist`, which offers Elena the time.
    let envelope = serde_json::to_value(piped_event(app.store.as_ref(), &cancelled).await).expect("JSON");
    let envelope: EventBridgeEvent<Value> = serde_json::from_value(envelope).expect("an envelope");
    let (store, notifier) = notification_env(&env, &moto).await.connect().await;
    let waitlist = Waitlist::new(BookingEngine::new(store, Arc::new(SystemClock))).with_notifier(notifier);
    let answer = waitlist_event(&waitlist, LambdaEvent::new(envelope.clone(), Context::default()))
        .await
        .expect("handled");
    assert!(answer["offered"].is_string(), "{answer}");
    let again = waitlist_event(&waitlist, LambdaEvent::new(envelope, Context::default()))
        .await
        .expect("handled");
    assert_eq!(
        again["offered"],
        Value::Null,
        "a redelivered event offers nothing twice: {again}"
    );
    let sent = moto.raw_emails_to(elena.email.as_str()).await;
    assert_eq!(sent.len(), 1);
    assert!(sent[0].contains("La tomo"), "{}", sent[0]);
    assert!(!sent[0].contains("METHOD:REQUEST"), "an offer carries no invitation");

    // Its schedule: nothing has lapsed yet.
    let swept = waitlist_event(&waitlist, tick()).await.expect("swept");
    assert_eq!(swept["lapsed"], 0, "{swept}");
}
