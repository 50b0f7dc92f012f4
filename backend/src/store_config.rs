//! Which store the process uses, from flags or the environment (DESIGN §10).

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, ValueEnum};
use turnaki_shared::store::dynamodb::DynamoStore;
use turnaki_shared::store::sqlite::SqliteStore;
use turnaki_shared::store::{Store, StoreError};

/// The two homes of the single table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StoreKind {
    /// A SQLite file in the data directory (the embedded default).
    Sqlite,
    /// A DynamoDB table (AWS, or an AWS-compatible endpoint).
    Dynamodb,
}

/// Store options shared by every command.
#[derive(Debug, Clone, Args)]
pub struct StoreOptions {
    /// Where the embedded store keeps its files.
    #[arg(long, env = "TURNAKI_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// Which store to use.
    #[arg(long, env = "TURNAKI_STORE", value_enum, default_value_t = StoreKind::Sqlite)]
    pub store: StoreKind,
    /// DynamoDB table name.
    #[arg(long, env = "TURNAKI_TABLE", default_value = "turnaki")]
    pub table: String,
    /// DynamoDB endpoint URL (for an AWS-compatible local endpoint); AWS's own when unset.
    #[arg(long, env = "TURNAKI_DYNAMODB_ENDPOINT")]
    pub dynamodb_endpoint: Option<String>,
}

impl StoreOptions {
    /// Opens the chosen store.
    pub async fn open(&self) -> Result<Arc<dyn Store>, StoreError> {
        Ok(match self.store {
            StoreKind::Sqlite => Arc::new(SqliteStore::open(&self.data_dir)?),
            StoreKind::Dynamodb => {
                Arc::new(DynamoStore::connect(self.table.clone(), self.dynamodb_endpoint.clone()).await)
            }
        })
    }

    /// Where the data lives, for messages.
    pub fn describe(&self) -> String {
        match self.store {
            StoreKind::Sqlite => format!("SQLite in {}", self.data_dir.display()),
            StoreKind::Dynamodb => format!(
                "DynamoDB table `{}`{}",
                self.table,
                self.dynamodb_endpoint
                    .as_deref()
                    .map(|e| format!(" at {e}"))
                    .unwrap_or_default()
            ),
        }
    }
}
