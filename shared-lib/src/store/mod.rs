//! The store port: the single table's operations, as the booking engine needs them.
//!
//! Both adapters (SQLite for `turnaki serve`, DynamoDB for AWS) pass one contract suite
//! (`tests/store_contract.rs`), so the engine never knows which one it runs on.

mod condition;
mod cursor;
mod item;

#[cfg(feature = "dynamodb")]
pub mod dynamodb;
#[cfg(feature = "sqlite")]
pub mod sqlite;

use async_trait::async_trait;
use serde_json::{Map, Value};

pub use condition::Condition;
pub use cursor::{Cursor, InvalidCursor};
pub use item::{EXPIRES_AT, GSI1PK, GSI1SK, GSI2PK, GSI2SK, Index, Item, PK, SK, VERSION};

use crate::keys::Key;

/// The most actions one transaction may hold (DynamoDB's limit).
pub const MAX_TRANSACTION_ACTIONS: usize = 100;
/// The largest page a query may ask for.
pub const MAX_PAGE: u32 = 1_000;

/// Why a store operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// A write's condition did not hold; in a transaction, `index` is the failing action
    /// (the first one, when several failed). Nothing was written.
    #[error("the condition of action {index} did not hold")]
    ConditionFailed {
        /// Position of the failing action (0 for a single write).
        index: usize,
    },
    /// Another transaction was writing the same items at the same moment; nothing was
    /// written, and retrying may succeed.
    #[error("a concurrent transaction touched the same items")]
    Contention,
    /// The request itself is malformed (too many actions, a key attribute in an update…).
    #[error("invalid store request: {0}")]
    Invalid(String),
    /// A stored item could not be read back as what it should be.
    #[error("corrupt stored item: {0}")]
    Corrupt(String),
    /// The backend could not be reached or failed.
    #[error("store unavailable: {0}")]
    Unavailable(String),
}

impl StoreError {
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::Invalid(message.into())
    }

    /// Whether the same request, made again later, may succeed.
    pub const fn is_transient(&self) -> bool {
        matches!(self, Self::Unavailable(_) | Self::Contention)
    }
}

/// Which sort keys of the partition a query selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SortKey {
    /// The whole partition.
    Any,
    /// Sort keys starting with this text.
    Prefix(String),
    /// Sort keys between the two, both inclusive.
    Between(String, String),
}

impl SortKey {
    /// Whether `sk` is selected.
    pub fn matches(&self, sk: &str) -> bool {
        match self {
            Self::Any => true,
            Self::Prefix(prefix) => sk.starts_with(prefix.as_str()),
            Self::Between(low, high) => low.as_str() <= sk && sk <= high.as_str(),
        }
    }
}

/// A query of one partition of the table or of a GSI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// Table or index.
    pub index: Index,
    /// The partition key value.
    pub partition: String,
    /// Which sort keys.
    pub sort: SortKey,
    /// Newest (highest sort key) first.
    pub descending: bool,
    /// Page size, 1 to [`MAX_PAGE`].
    pub limit: u32,
    /// Continue after the previous page.
    pub cursor: Option<Cursor>,
    /// Return only the table keys, the index keys and `expires_at` of each item: enough to
    /// know which slots are taken, at a fraction of the reading cost.
    pub keys_only: bool,
}

impl Query {
    /// A query of `partition` on `index`, ascending, a full page at a time.
    pub fn new(index: Index, partition: impl Into<String>, sort: SortKey) -> Self {
        Self {
            index,
            partition: partition.into(),
            sort,
            descending: false,
            limit: MAX_PAGE,
            cursor: None,
            keys_only: false,
        }
    }

    /// Sets the page size.
    pub fn limit(self, limit: u32) -> Self {
        Self { limit, ..self }
    }

    /// Continues after a previous page.
    pub fn after(self, cursor: Option<Cursor>) -> Self {
        Self { cursor, ..self }
    }

    /// Highest sort key first.
    pub fn descending(self) -> Self {
        Self {
            descending: true,
            ..self
        }
    }

    /// Only keys and `expires_at` in the returned items.
    pub fn keys_only(self) -> Self {
        Self {
            keys_only: true,
            ..self
        }
    }

    /// The attributes a keys-only query returns.
    pub fn projected(&self) -> Vec<&'static str> {
        let (ipk, isk) = self.index.key_names();
        let mut names = vec![PK, SK, EXPIRES_AT];
        if self.index != Index::Table {
            names.extend([ipk, isk]);
        }
        names
    }

    pub(crate) fn check(&self) -> Result<(), StoreError> {
        if !(1..=MAX_PAGE).contains(&self.limit) {
            return Err(StoreError::invalid(format!("page size must be 1 to {MAX_PAGE}")));
        }
        if let Some(cursor) = &self.cursor {
            let (ipk, _) = self.index.key_names();
            if cursor.attributes().get(ipk).map(String::as_str) != Some(self.partition.as_str()) {
                return Err(StoreError::invalid(InvalidCursor.to_string()));
            }
        }
        Ok(())
    }
}

/// One page of a query.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemPage {
    /// The items, in sort-key order.
    pub items: Vec<Item>,
    /// Present only when more items follow.
    pub next: Option<Cursor>,
}

/// A change to some attributes of an item (created when missing, as DynamoDB does).
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    /// The item.
    pub key: Key,
    /// Attributes to set (never `PK` or `SK`).
    pub set: Map<String, Value>,
    /// Attributes to remove.
    pub remove: Vec<String>,
    /// Must hold for the change to happen.
    pub condition: Option<Condition>,
}

impl Update {
    /// An update of `key` that changes nothing yet.
    pub fn new(key: Key) -> Self {
        Self {
            key,
            set: Map::new(),
            remove: Vec::new(),
            condition: None,
        }
    }

    /// Sets one attribute.
    pub fn set(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.set.insert(name.to_owned(), value.into());
        self
    }

    /// Removes one attribute.
    pub fn remove(mut self, name: &str) -> Self {
        self.remove.push(name.to_owned());
        self
    }

    /// Only when `condition` holds.
    pub fn when(self, condition: Condition) -> Self {
        Self {
            condition: Some(condition),
            ..self
        }
    }

    pub(crate) fn check(&self) -> Result<(), StoreError> {
        let touches_key = |name: &str| name == PK || name == SK;
        if self.set.keys().any(|n| touches_key(n)) || self.remove.iter().any(|n| touches_key(n)) {
            return Err(StoreError::invalid("an update cannot change PK or SK"));
        }
        if self.set.is_empty() && self.remove.is_empty() {
            return Err(StoreError::invalid("an update must change something"));
        }
        if self.remove.iter().any(|n| self.set.contains_key(n)) {
            return Err(StoreError::invalid(
                "an update cannot set and remove the same attribute",
            ));
        }
        Ok(())
    }
}

/// One action of a transaction.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Write a whole item.
    Put {
        /// The item.
        item: Item,
        /// Must hold for the write.
        condition: Option<Condition>,
    },
    /// Remove an item.
    Delete {
        /// Its key.
        key: Key,
        /// Must hold for the removal.
        condition: Option<Condition>,
    },
    /// Change some attributes.
    Update(Update),
    /// Write nothing, but require `condition` of `key`.
    Check {
        /// The item checked.
        key: Key,
        /// What must hold.
        condition: Condition,
    },
}

impl Action {
    /// The key of the item this action targets.
    pub fn key(&self) -> Key {
        match self {
            Self::Put { item, .. } => item.key(),
            Self::Delete { key, .. } | Self::Check { key, .. } => key.clone(),
            Self::Update(update) => update.key.clone(),
        }
    }

    /// The condition, if any.
    pub fn condition(&self) -> Option<&Condition> {
        match self {
            Self::Put { condition, .. } | Self::Delete { condition, .. } => condition.as_ref(),
            Self::Update(update) => update.condition.as_ref(),
            Self::Check { condition, .. } => Some(condition),
        }
    }
}

/// Checks what DynamoDB refuses before any write: size, repeated items, bad updates.
pub(crate) fn check_transaction(actions: &[Action]) -> Result<(), StoreError> {
    if actions.is_empty() || actions.len() > MAX_TRANSACTION_ACTIONS {
        return Err(StoreError::invalid(format!(
            "a transaction holds 1 to {MAX_TRANSACTION_ACTIONS} actions, not {}",
            actions.len()
        )));
    }
    let mut keys: Vec<Key> = actions.iter().map(Action::key).collect();
    keys.sort();
    if keys.windows(2).any(|pair| pair[0] == pair[1]) {
        return Err(StoreError::invalid("a transaction may touch each item only once"));
    }
    actions.iter().try_for_each(|action| match action {
        Action::Update(update) => update.check(),
        _ => Ok(()),
    })
}

/// The single table, wherever it lives.
#[async_trait]
pub trait Store: Send + Sync {
    /// Creates the table (or schema) when missing; harmless when it exists.
    async fn migrate(&self) -> Result<(), StoreError>;

    /// The item under `key`, if any (strongly consistent).
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError>;

    /// Writes a whole item, replacing any under its key, when `condition` holds.
    async fn put(&self, item: Item, condition: Option<Condition>) -> Result<(), StoreError>;

    /// Removes the item under `key` (nothing to remove is fine) when `condition` holds.
    async fn delete(&self, key: &Key, condition: Option<Condition>) -> Result<(), StoreError>;

    /// Changes some attributes when the update's condition holds; returns the new item.
    async fn update(&self, update: Update) -> Result<Item, StoreError>;

    /// One page of a partition of the table or a GSI, in sort-key order.
    async fn query(&self, query: &Query) -> Result<ItemPage, StoreError>;

    /// All actions or none: when a condition fails, nothing is written and the error names
    /// the failing action.
    async fn transact(&self, actions: Vec<Action>) -> Result<(), StoreError>;
}

/// Every item a query selects, reading page after page. For lists known to stay small (a
/// clinic's treatments, one professional's bookings in a calendar range).
pub async fn query_all(store: &dyn Store, query: &Query) -> Result<Vec<Item>, StoreError> {
    let mut items = Vec::new();
    let mut cursor = None;
    loop {
        let page = store.query(&query.clone().after(cursor)).await?;
        items.extend(page.items);
        cursor = page.next;
        if cursor.is_none() {
            return Ok(items);
        }
    }
}
