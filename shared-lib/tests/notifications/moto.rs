//! The AWS-compatible endpoint (moto) the SES and EventBridge adapters are tested on: its
//! configuration, and reading back what SES sent and what EventBridge delivered. The
//! backend's tests use it too.

use serde_json::Value;
use turnaki_shared::ids::BookingId;
use turnaki_shared::notification::eventbridge::SOURCE;

/// The sender every SES test verifies.
pub const SENDER: &str = "citas@turnaki.example";
/// moto's account.
const ACCOUNT: &str = "123456789012";

/// The test endpoint.
pub struct Moto {
    pub endpoint: String,
    pub config: aws_config::SdkConfig,
    http: reqwest::Client,
}

impl Moto {
    pub async fn from_env() -> Self {
        let endpoint = std::env::var("TURNAKI_TEST_AWS_ENDPOINT")
            .expect("TURNAKI_TEST_AWS_ENDPOINT is not set: run scripts/test.sh, which starts moto on loopback");
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .endpoint_url(&endpoint)
            .region(aws_config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_ses::config::Credentials::new(
                "test", "test", None, None, "static",
            ))
            .load()
            .await;
        Self {
            endpoint,
            config,
            http: reqwest::Client::new(),
        }
    }

    pub async fn verify_sender(&self) {
        aws_sdk_ses::Client::new(&self.config)
            .verify_email_identity()
            .email_address(SENDER)
            .send()
            .await
            .expect("verify the sender");
    }

    /// Everything moto holds (`/moto-api/data.json`).
    async fn data(&self) -> Value {
        self.http
            .get(format!("{}/moto-api/data.json", self.endpoint))
            .send()
            .await
            .expect("moto data")
            .json()
            .await
            .expect("moto data as JSON")
    }

    /// The raw MIME text of every message SES sent to `to`.
    pub async fn raw_emails_to(&self, to: &str) -> Vec<String> {
        let data = self.data().await;
        data["ses"]["RawMessage"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|m| {
                m["destinations"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|d| d.as_str().is_some_and(|d| d.contains(to)))
            })
            .filter_map(|m| m["raw_data"].as_str().map(str::to_owned))
            .collect()
    }

    /// A fresh SQS queue, by moto's query API (no SQS client needed); returns its ARN.
    pub async fn queue(&self, name: &str) -> String {
        let created = self
            .http
            .post(&self.endpoint)
            .header("content-type", "application/x-www-form-urlencoded")
            // moto picks the service from the credential scope; the signature goes unchecked.
            .header(
                "authorization",
                "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0",
            )
            .body(format!("Action=CreateQueue&QueueName={name}&Version=2012-11-05"))
            .send()
            .await
            .expect("create queue");
        let answer = created.text().await.expect("answer");
        assert!(answer.contains("CreateQueueResponse"), "{answer}");
        format!("arn:aws:sqs:us-east-1:{ACCOUNT}:{name}")
    }

    /// The EventBridge envelopes queued about `booking` (moto keeps SQS messages in one
    /// list without their queue, so the booking id tells the tests' messages apart).
    pub async fn events_about(&self, booking: BookingId) -> Vec<Value> {
        let data = self.data().await;
        data["sqs"]["Message"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| m["body"].as_str())
            .filter_map(|b| serde_json::from_str::<Value>(b).ok())
            .filter(|e| e["detail"]["booking"]["id"] == booking.to_string())
            .collect()
    }
}

/// A bus with one rule sending Turnaki's events to a fresh queue; returns the bus name.
pub async fn bus_to_queue(moto: &Moto) -> String {
    let id = ulid::Ulid::generate().to_string().to_lowercase();
    let (bus, queue) = (format!("turnaki-{id}"), format!("events-{id}"));
    let arn = moto.queue(&queue).await;
    let events = aws_sdk_eventbridge::Client::new(&moto.config);
    events.create_event_bus().name(&bus).send().await.expect("bus");
    let pattern = serde_json::json!({ "source": [SOURCE] }).to_string();
    events
        .put_rule()
        .name("to-queue")
        .event_bus_name(&bus)
        .event_pattern(pattern)
        .send()
        .await
        .expect("rule");
    let target = aws_sdk_eventbridge::types::Target::builder()
        .id("queue")
        .arn(arn)
        .build()
        .expect("target");
    events
        .put_targets()
        .rule("to-queue")
        .event_bus_name(&bus)
        .targets(target)
        .send()
        .await
        .expect("target");
    bus
}
