//! The event-driven Lambdas of the AWS column: `send-notification` (booking events → SES),
//! `schedule-reminder` (an EventBridge schedule → the reminder job) and `waitlist` (booking
//! events → offers of the time they free; its schedule → lapsed and declined offers passed on).
//!
//! A booking event reaches `send-notification` from the table itself: the change's
//! transaction writes a pending-event item, the table's stream carries the new item to an
//! EventBridge pipe, and the pipe puts the stream record on the platform's bus, whose rule
//! invokes the function. Nothing is published after the commit, so nothing can be lost
//! between the commit and a publish.

use std::sync::Arc;

use aws_lambda_events::eventbridge::EventBridgeEvent;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use turnaki_shared::booking::BookingEngine;
use turnaki_shared::catalog::Catalog;
use turnaki_shared::clock::SystemClock;
use turnaki_shared::domain::BookingEvent;
use turnaki_shared::links::Links;
use turnaki_shared::links::kms::KmsSigner;
use turnaki_shared::notification::ses::SesMailer;
use turnaki_shared::notification::sns::SnsTexter;
use turnaki_shared::notification::{Letterhead, Notifier, ReminderJob, RunReport};
use turnaki_shared::recall::{RecallJob, RecallReport, Recalls};
use turnaki_shared::store::Store;
use turnaki_shared::store::dynamodb::{Client, DynamoStore};
use turnaki_shared::waitlist::Waitlist;

use crate::lambda::{aws_config, init_logs};

/// What the two functions read from their environment.
#[derive(Debug, Clone)]
pub struct NotificationEnv {
    /// The single table.
    pub table: String,
    /// The region.
    pub region: String,
    /// Sender of every message (an SES-verified identity).
    pub mail_from: String,
    /// The SPA's public address, for links in messages.
    pub public_url: String,
    /// SES configuration set for bounce and complaint tracking.
    pub configuration_set: Option<String>,
    /// Override for every AWS endpoint (tests only).
    pub aws_endpoint: Option<String>,
    /// The KMS HMAC key that signs the links of messages.
    pub link_key_id: String,
    /// The sender id texts carry where carriers allow one.
    pub sms_sender_id: Option<String>,
}

impl NotificationEnv {
    /// Reads `TURNAKI_TABLE`, `TURNAKI_MAIL_FROM`, `TURNAKI_PUBLIC_URL`, `AWS_REGION`,
    /// `TURNAKI_SES_CONFIGURATION_SET`, `TURNAKI_AWS_ENDPOINT`, `TURNAKI_LINK_KEY_ID` and
    /// `TURNAKI_SMS_SENDER_ID`.
    pub fn from_env() -> Result<Self, String> {
        let required = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
        let optional = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Ok(Self {
            table: required("TURNAKI_TABLE")?,
            region: optional("AWS_REGION").unwrap_or_else(|| "us-east-1".into()),
            mail_from: required("TURNAKI_MAIL_FROM")?,
            public_url: required("TURNAKI_PUBLIC_URL")?,
            configuration_set: optional("TURNAKI_SES_CONFIGURATION_SET"),
            aws_endpoint: optional("TURNAKI_AWS_ENDPOINT"),
            link_key_id: required("TURNAKI_LINK_KEY_ID")?,
            sms_sender_id: optional("TURNAKI_SMS_SENDER_ID"),
        })
    }

    /// The store and a notifier sending emails through SES and texts through SNS, its links
    /// signed by KMS.
    pub async fn connect(&self) -> (Arc<dyn Store>, Arc<Notifier>) {
        let config = aws_config(&self.region, self.aws_endpoint.as_deref()).await;
        let store: Arc<dyn Store> = Arc::new(DynamoStore::new(Client::new(&config), self.table.clone()));
        let mailer = SesMailer::new(aws_sdk_ses::Client::new(&config), self.configuration_set.clone());
        let letterhead = Letterhead {
            from: self.mail_from.clone(),
            public_url: self.public_url.clone(),
        };
        let links = Links::new(Arc::new(KmsSigner::new(
            aws_sdk_kms::Client::new(&config),
            self.link_key_id.clone(),
        )));
        let texter = SnsTexter::new(aws_sdk_sns::Client::new(&config), self.sms_sender_id.clone());
        let notifier = Notifier::new(Catalog::new(Arc::clone(&store)), Arc::new(mailer), letterhead)
            .with_links(links)
            .with_texter(Arc::new(texter));
        (store, Arc::new(notifier))
    }
}

/// What the pipe puts on the bus as the event's detail: one record of the table's stream,
/// the new pending-event item in DynamoDB's attribute-value JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreamRecord {
    /// `INSERT` for a new pending event (the pipe passes nothing else).
    #[serde(rename = "eventName")]
    pub event_name: String,
    /// The item as written.
    pub dynamodb: StreamImages,
}

/// The images of a stream record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreamImages {
    /// The pending-event item; only its `event` attribute is read.
    #[serde(rename = "NewImage")]
    pub new_image: PendingEventImage,
}

/// The one attribute of a pending-event item the function needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingEventImage {
    /// The booking event's JSON, a string attribute.
    pub event: StringAttribute,
}

/// A DynamoDB string attribute value, `{"S": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StringAttribute {
    /// The string.
    #[serde(rename = "S")]
    pub s: String,
}

/// Handles one booking event. A failure a retry may cure is returned as an error, so
/// EventBridge's retries (and then the dead-letter queue) take over; a message that can
/// never be sent is logged and dropped. A redelivered event sends nothing twice.
pub async fn send_notification(
    notifier: &Notifier,
    event: LambdaEvent<EventBridgeEvent<StreamRecord>>,
) -> Result<Value, Error> {
    let event: BookingEvent = match booking_event(&event.payload.detail) {
        Ok(event) => event,
        Err(e) => {
            tracing::error!(error = %e, "unreadable booking event dropped");
            return Ok(json!({ "sent": null, "dropped": e.to_string() }));
        }
    };
    match notifier.handle(&event).await {
        Ok(Some(message)) => Ok(json!({ "sent": message.to_string() })),
        Ok(None) => Ok(json!({ "sent": null })),
        Err(e) if e.is_transient() => Err(e.into()),
        Err(e) => {
            tracing::error!(booking = %event.booking.id, change = event.change.name(), error = %e, "message dropped");
            Ok(json!({ "sent": null, "dropped": e.to_string() }))
        }
    }
}

/// The booking event a stream record carries.
fn booking_event(record: &StreamRecord) -> Result<BookingEvent, serde_json::Error> {
    serde_json::from_str(&record.dynamodb.new_image.event.s)
}

/// The detail-type of the envelope EventBridge schedules send.
const SCHEDULED: &str = "Scheduled Event";

/// Handles one event of the `waitlist` function: a booking event offers the time it frees
/// (or ends the waiting entries of a patient who booked); the schedule's tick passes lapsed
/// and declined offers on. A failure a retry may cure is returned, so EventBridge retries.
pub async fn waitlist_event(waitlist: &Waitlist, event: LambdaEvent<EventBridgeEvent<Value>>) -> Result<Value, Error> {
    let envelope = event.payload;
    if envelope.detail_type == SCHEDULED {
        let report = waitlist.sweep().await?;
        tracing::info!(?report, "waitlist offers");
        return Ok(json!({ "lapsed": report.lapsed, "passed_on": report.passed_on, "released": report.released }));
    }
    let booking = serde_json::from_value::<StreamRecord>(envelope.detail)
        .map_err(|e| e.to_string())
        .and_then(|record| booking_event(&record).map_err(|e| e.to_string()));
    let event = match booking {
        Ok(event) => event,
        Err(e) => {
            tracing::error!(error = %e, "unreadable booking event dropped");
            return Ok(json!({ "offered": null, "dropped": e }));
        }
    };
    match waitlist.on_event(&event).await {
        Ok(offer) => Ok(json!({ "offered": offer.map(|o| o.id.to_string()) })),
        Err(e) if e.is_transient() => Err(e.into()),
        Err(e) => {
            tracing::error!(booking = %event.booking.id, change = event.change.name(), error = %e, "waitlist event dropped");
            Ok(json!({ "offered": null, "dropped": e.to_string() }))
        }
    }
}

/// What one scheduled run sent: the reminders, and the recalls owed by the clinics' mornings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ScheduledReport {
    /// The reminders.
    pub reminders: RunReport,
    /// The recalls.
    pub recalls: RecallReport,
}

/// Runs the reminder and recall jobs once, whatever the schedule's event says.
pub async fn schedule_reminder(
    job: &ReminderJob,
    recalls: &RecallJob,
    _tick: LambdaEvent<EventBridgeEvent>,
) -> Result<ScheduledReport, Error> {
    let report = ScheduledReport {
        reminders: job.run().await?,
        recalls: recalls.run().await?,
    };
    tracing::info!(?report, "reminders and recalls");
    Ok(report)
}

/// `main` of `send-notification`.
pub async fn run_send_notification() -> Result<(), Error> {
    init_logs();
    let (_, notifier) = NotificationEnv::from_env()?.connect().await;
    let notifier = &notifier;
    lambda_runtime::run(service_fn(move |event| async move {
        send_notification(notifier, event).await
    }))
    .await
}

/// `main` of `waitlist`.
pub async fn run_waitlist() -> Result<(), Error> {
    init_logs();
    let (store, notifier) = NotificationEnv::from_env()?.connect().await;
    let engine = BookingEngine::new(store, Arc::new(SystemClock));
    let waitlist = Waitlist::new(engine).with_notifier(notifier);
    let waitlist = &waitlist;
    lambda_runtime::run(service_fn(
        move |event| async move { waitlist_event(waitlist, event).await },
    ))
    .await
}

/// `main` of `schedule-reminder`.
pub async fn run_schedule_reminder() -> Result<(), Error> {
    init_logs();
    let (store, notifier) = NotificationEnv::from_env()?.connect().await;
    let clock = Arc::new(SystemClock);
    let recalls = Recalls::new(Catalog::new(Arc::clone(&store)), clock.clone());
    let recalls = RecallJob::new(recalls, Arc::clone(&notifier));
    let job = ReminderJob::new(store, notifier, clock);
    let (job, recalls) = (&job, &recalls);
    lambda_runtime::run(service_fn(move |tick| async move {
        schedule_reminder(job, recalls, tick).await
    }))
    .await
}
