//! Fixtures shared by the test binaries that run against every store adapter.

use std::sync::Arc;

use turnaki_shared::store::Store;
use turnaki_shared::store::dynamodb::DynamoStore;
use turnaki_shared::store::sqlite::SqliteStore;

/// What keeps a test's data alive: SQLite's temporary directory (removed on drop); a
/// DynamoDB test table needs nothing, moto forgets it when it stops.
pub type Guard = Option<tempfile::TempDir>;

/// A fresh SQLite store in its own temporary directory.
pub async fn sqlite_store() -> (Arc<dyn Store>, Guard) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let store = SqliteStore::open(dir.path()).expect("open sqlite store");
    store.migrate().await.expect("migrate sqlite");
    (Arc::new(store), Some(dir))
}

/// A fresh DynamoDB table on the test endpoint.
pub async fn dynamodb_store() -> (Arc<dyn Store>, Guard) {
    let endpoint = std::env::var("TURNAKI_TEST_DYNAMODB_ENDPOINT").expect(
        "TURNAKI_TEST_DYNAMODB_ENDPOINT is not set: the DynamoDB cases need an AWS-compatible \
         endpoint (run scripts/test.sh, which starts moto on loopback)",
    );
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
            "test", "test", None, None, "static",
        ))
        .load()
        .await;
    let table = format!("turnaki-test-{}", ulid::Ulid::generate().to_string().to_lowercase());
    let store = DynamoStore::new(aws_sdk_dynamodb::Client::new(&config), table);
    store.migrate().await.expect("create the test table");
    (Arc::new(store), None)
}

/// Instantiates every listed case of module `$cases` once per adapter: `sqlite::<case>`
/// and `dynamodb::<case>`. A case is `async fn(Arc<dyn Store>)`.
#[macro_export]
macro_rules! for_each_store {
    ($cases:ident; $($case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $case() {
                    let (store, _guard) = $crate::support::sqlite_store().await;
                    $crate::$cases::$case(store).await;
                }
            )*
        }

        mod dynamodb {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $case() {
                    let (store, _guard) = $crate::support::dynamodb_store().await;
                    $crate::$cases::$case(store).await;
                }
            )*
        }
    };
}
