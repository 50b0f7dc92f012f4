//! The AWS-compatible endpoint (moto) the SES adapter is tested on: its configuration, and
//! reading back what SES sent. The backend's tests use it too.

use serde_json::Value;

/// The sender every SES test verifies.
pub const SENDER: &str = "citas@turnaki.example";

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
}
