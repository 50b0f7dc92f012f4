//! Turnaki's test kit, shared by the tests of `turnaki-shared` and `turnaki-backend`:
//! [`each_adapter!`], which instantiates a test once per adapter; the AWS-compatible test
//! endpoint (moto) with its one configuration; fresh stores on either adapter; and the API's
//! typed test client ([`client::ApiClient`]); a clinic to book in on a store directly
//! ([`clinic::Clinic`]); and whole-table snapshots of a test store ([`snapshot::Table`]).

pub mod client;
pub mod clinic;
pub mod snapshot;

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;
use turnaki_shared::store::Store;
use turnaki_shared::store::dynamodb::DynamoStore;
use turnaki_shared::store::sqlite::SqliteStore;

/// Instantiates every listed case once per adapter, in a module named after the adapter:
/// `<adapter>::<case>`, the names `scripts/test.sh` counts per adapter. Each adapter says
/// how to run a case: `|case| <expression>` with `case` bound to the case function.
///
/// ```text
/// turnaki_testkit::each_adapter! {
///     #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
///     cases in {super}: [a_case, another_case];
///     sqlite: |case| case(StoreKind::Sqlite).await;
///     dynamodb: |case| case(StoreKind::Dynamodb).await;
/// }
/// ```
#[macro_export]
macro_rules! each_adapter {
    (
        #[$test:meta]
        cases in $module:tt : $cases:tt ;
        $( $adapter:ident : |$case_fn:ident| $run:expr ; )+
    ) => {
        $( $crate::each_adapter!(@adapter #[$test] $module $cases $adapter $case_fn $run); )+
    };
    (@adapter #[$test:meta] $module:tt [ $($case:ident),* $(,)? ] $adapter:ident $case_fn:ident $run:expr) => {
        mod $adapter {
            $( $crate::each_adapter!(@case #[$test] $module $case $case_fn $run); )*
        }
    };
    (@case #[$test:meta] { $($module:tt)* } $case:ident $case_fn:ident $run:expr) => {
        #[$test]
        async fn $case() {
            let $case_fn = $($module)*::$case;
            $run
        }
    };
}

/// [`each_adapter!`] for cases that take a fresh store (`async fn(Arc<dyn Store>)`):
/// `sqlite::<case>` and `dynamodb::<case>`, each on a store of its own.
#[macro_export]
macro_rules! each_store {
    (#[$test:meta] cases in $module:tt : $cases:tt ;) => {
        $crate::each_adapter! {
            #[$test]
            cases in $module: $cases;
            sqlite: |case| {
                let (store, _guard) = $crate::sqlite_store().await;
                case(store).await
            };
            dynamodb: |case| {
                let (store, _guard) = $crate::dynamodb_store().await;
                case(store).await
            };
        }
    };
}

/// The region of every test client.
pub const REGION: &str = "us-east-1";

/// The test endpoint in the environment variable `var`, without a trailing slash. Missing,
/// the test fails rather than skips: a green run must mean every adapter passed.
pub fn endpoint(var: &str) -> String {
    let endpoint = std::env::var(var).unwrap_or_else(|_| {
        panic!(
            "{var} is not set: the AWS adapters are tested on an AWS-compatible endpoint (run \
             scripts/test.sh, which starts moto on loopback, or export the address of one)"
        )
    });
    endpoint.trim_end_matches('/').to_owned()
}

/// The one AWS configuration of the tests: `endpoint`, static test credentials, [`REGION`].
pub async fn aws_config(endpoint: &str) -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(aws_config::Region::new(REGION))
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
            "test", "test", None, None, "static",
        ))
        .load()
        .await
}

/// What keeps a test's data alive: SQLite's temporary directory (removed on drop); a
/// DynamoDB test table needs nothing, moto forgets it when it stops.
pub type Guard = Option<tempfile::TempDir>;

/// A fresh, migrated SQLite store in its own temporary directory.
pub async fn sqlite_store() -> (Arc<dyn Store>, Guard) {
    let dir = tempfile::tempdir().expect("temporary directory");
    (sqlite_store_in(dir.path()).await, Some(dir))
}

/// A migrated SQLite store in `dir`, which the caller keeps.
pub async fn sqlite_store_in(dir: &Path) -> Arc<dyn Store> {
    let store = SqliteStore::open(dir).expect("open sqlite store");
    store.migrate().await.expect("migrate sqlite");
    Arc::new(store)
}

/// A fresh, migrated DynamoDB table on the endpoint in `TURNAKI_TEST_DYNAMODB_ENDPOINT`.
pub async fn dynamodb_store() -> (Arc<dyn Store>, Guard) {
    (dynamodb_store_and_table().await.0, None)
}

/// [`dynamodb_store`], and its table to take snapshots of.
pub async fn dynamodb_store_and_table() -> (Arc<dyn Store>, snapshot::Table) {
    let config = aws_config(&endpoint("TURNAKI_TEST_DYNAMODB_ENDPOINT")).await;
    let name = format!("turnaki-test-{}", ulid::Ulid::generate().to_string().to_lowercase());
    let client = aws_sdk_dynamodb::Client::new(&config);
    let store = DynamoStore::new(client.clone(), name.clone());
    store.migrate().await.expect("create the test table");
    (Arc::new(store), snapshot::Table::Dynamodb { client, name })
}

/// The sender every SES test verifies.
pub const SENDER: &str = "citas@turnaki.example";

/// The AWS-compatible endpoint in `TURNAKI_TEST_AWS_ENDPOINT` (moto): its configuration,
/// and reading back what SES sent.
pub struct Moto {
    /// The endpoint, without a trailing slash.
    pub endpoint: String,
    /// [`aws_config`] for it.
    pub config: aws_config::SdkConfig,
    http: reqwest::Client,
}

impl Moto {
    /// The endpoint in `TURNAKI_TEST_AWS_ENDPOINT`.
    pub async fn from_env() -> Self {
        let endpoint = endpoint("TURNAKI_TEST_AWS_ENDPOINT");
        let config = aws_config(&endpoint).await;
        Self {
            endpoint,
            config,
            http: reqwest::Client::new(),
        }
    }

    /// Verifies [`SENDER`] with SES, which refuses to send from an unverified address.
    pub async fn verify_sender(&self) {
        aws_sdk_ses::Client::new(&self.config)
            .verify_email_identity()
            .email_address(SENDER)
            .send()
            .await
            .expect("verify the sender");
    }

    /// A fresh KMS HMAC key for signing links, as Terraform makes it; its id.
    pub async fn link_key(&self) -> String {
        let key = aws_sdk_kms::Client::new(&self.config)
            .create_key()
            .key_spec(aws_sdk_kms::types::KeySpec::Hmac256)
            .key_usage(aws_sdk_kms::types::KeyUsageType::GenerateVerifyMac)
            .description("turnaki test link key")
            .send()
            .await
            .expect("create the link key");
        key.key_metadata().expect("key metadata").key_id().to_owned()
    }

    /// What SES and SNS sent (`/turnaki/sent` of scripts/lib/moto_serial.py): moto's own
    /// `/moto-api/data.json` serialises every model it holds and grows slow as a run goes.
    async fn sent(&self) -> Value {
        self.http
            .get(format!("{}/turnaki/sent", self.endpoint))
            .send()
            .await
            .expect("moto's sent messages")
            .json()
            .await
            .expect("moto's sent messages as JSON")
    }

    /// The body of every text SNS sent to `to` (E.164), oldest first.
    pub async fn texts_to(&self, to: &str) -> Vec<String> {
        let sent = self.sent().await;
        sent["texts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|m| m["phone_number"].as_str() == Some(to))
            .filter_map(|m| m["message"].as_str().map(str::to_owned))
            .collect()
    }

    /// The raw MIME text of every message SES sent to `to`.
    pub async fn raw_emails_to(&self, to: &str) -> Vec<String> {
        let sent = self.sent().await;
        sent["emails"]
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

/// The local SMS gateway `scripts/test.sh` starts (`scripts/lib/sms_receiver.py`): it
/// checks each request's signature and keeps the texts it accepts.
pub struct SmsReceiver {
    /// Its base URL.
    pub url: String,
    /// The secret it checks signatures with.
    pub secret: String,
    spool: std::path::PathBuf,
}

impl SmsReceiver {
    /// The receiver in `TURNAKI_TEST_SMS_GATEWAY`, `TURNAKI_TEST_SMS_SECRET` and
    /// `TURNAKI_TEST_SMS_SPOOL`.
    pub fn from_env() -> Self {
        let var = |name: &str| {
            std::env::var(name).unwrap_or_else(|_| {
                panic!("{name} is not set: run scripts/test.sh, which starts the SMS receiver on loopback")
            })
        };
        Self {
            url: var("TURNAKI_TEST_SMS_GATEWAY").trim_end_matches('/').to_owned(),
            secret: var("TURNAKI_TEST_SMS_SECRET"),
            spool: var("TURNAKI_TEST_SMS_SPOOL").into(),
        }
    }

    /// What the receiver accepted as text `id`, as posted.
    pub fn received(&self, id: &str) -> Option<Value> {
        let text = std::fs::read(self.spool.join(format!("{id}.json"))).ok()?;
        Some(serde_json::from_slice(&text).expect("the receiver keeps JSON"))
    }
}
