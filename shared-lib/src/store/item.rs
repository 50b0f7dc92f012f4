//! A stored item: a flat map of attributes, with the table's reserved ones named here.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::StoreError;
use crate::keys::Key;

/// Partition key attribute.
pub const PK: &str = "PK";
/// Sort key attribute.
pub const SK: &str = "SK";
/// GSI1 (by patient) partition key attribute.
pub const GSI1PK: &str = "GSI1PK";
/// GSI1 sort key attribute.
pub const GSI1SK: &str = "GSI1SK";
/// GSI2 (by professional) partition key attribute.
pub const GSI2PK: &str = "GSI2PK";
/// GSI2 sort key attribute.
pub const GSI2SK: &str = "GSI2SK";
/// TTL attribute: epoch seconds after which the item counts as gone.
pub const EXPIRES_AT: &str = "expires_at";
/// Optimistic-concurrency version attribute.
pub const VERSION: &str = "version";

/// Which index a query reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Index {
    /// The table's own `PK`/`SK`.
    Table,
    /// GSI1: bookings by patient, patients by email.
    Gsi1,
    /// GSI2: bookings by professional.
    Gsi2,
}

impl Index {
    /// The partition and sort key attribute names of this index.
    pub const fn key_names(self) -> (&'static str, &'static str) {
        match self {
            Self::Table => (PK, SK),
            Self::Gsi1 => (GSI1PK, GSI1SK),
            Self::Gsi2 => (GSI2PK, GSI2SK),
        }
    }

    /// The DynamoDB index name, `None` for the table.
    pub const fn name(self) -> Option<&'static str> {
        match self {
            Self::Table => None,
            Self::Gsi1 => Some("GSI1"),
            Self::Gsi2 => Some("GSI2"),
        }
    }
}

/// One item of the single table.
#[derive(Debug, Clone, PartialEq)]
pub struct Item(Map<String, Value>);

impl Item {
    /// An item with only its primary key.
    pub fn new(key: Key) -> Self {
        let mut attrs = Map::new();
        attrs.insert(PK.into(), Value::String(key.pk));
        attrs.insert(SK.into(), Value::String(key.sk));
        Self(attrs)
    }

    /// An item whose attributes are `record`'s fields (which must not use key names).
    pub fn from_record<T: Serialize>(key: Key, record: &T) -> Result<Self, StoreError> {
        let Value::Object(fields) = serde_json::to_value(record).map_err(|e| StoreError::invalid(e.to_string()))?
        else {
            return Err(StoreError::invalid("a record must serialise to an object"));
        };
        let mut item = Self::new(key);
        for (name, value) in fields {
            if [PK, SK, GSI1PK, GSI1SK, GSI2PK, GSI2SK].contains(&name.as_str()) {
                return Err(StoreError::invalid(format!(
                    "record field `{name}` clashes with a key attribute"
                )));
            }
            item.0.insert(name, value);
        }
        Ok(item)
    }

    /// Rebuilds an item from raw attributes, checking it has a string primary key.
    pub fn from_attributes(attrs: Map<String, Value>) -> Result<Self, StoreError> {
        let has_key = |name| attrs.get(name).is_some_and(Value::is_string);
        if has_key(PK) && has_key(SK) {
            Ok(Self(attrs))
        } else {
            Err(StoreError::Corrupt("item without string PK and SK".into()))
        }
    }

    /// The record stored in this item's attributes (key attributes are ignored).
    pub fn record<T: DeserializeOwned>(&self) -> Result<T, StoreError> {
        T::deserialize(&Value::Object(self.0.clone()))
            .map_err(|e| StoreError::Corrupt(format!("{}: {e}", self.key().sk)))
    }

    /// Adds the GSI1 entry.
    pub fn with_gsi1(self, key: Key) -> Self {
        self.with(GSI1PK, key.pk).with(GSI1SK, key.sk)
    }

    /// Adds the GSI2 entry.
    pub fn with_gsi2(self, key: Key) -> Self {
        self.with(GSI2PK, key.pk).with(GSI2SK, key.sk)
    }

    /// Makes the item expire at `epoch_seconds`.
    pub fn with_expiry(self, epoch_seconds: i64) -> Self {
        self.with(EXPIRES_AT, epoch_seconds)
    }

    /// Sets one attribute.
    pub fn with(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.0.insert(name.to_owned(), value.into());
        self
    }

    /// The primary key.
    pub fn key(&self) -> Key {
        self.index_key(Index::Table)
            .expect("an item always has its primary key")
    }

    /// The item's key in `index`, when it has an entry there.
    pub fn index_key(&self, index: Index) -> Option<Key> {
        let (pk, sk) = index.key_names();
        Some(Key {
            pk: self.string(pk)?.to_owned(),
            sk: self.string(sk)?.to_owned(),
        })
    }

    /// One attribute.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// A string attribute.
    pub fn string(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Value::as_str)
    }

    /// The expiry, when the item has one.
    pub fn expires_at(&self) -> Option<i64> {
        self.0.get(EXPIRES_AT).and_then(Value::as_i64)
    }

    /// Whether the item has expired at `now` (epoch seconds): it then counts as free.
    pub fn is_expired(&self, now: i64) -> bool {
        self.expires_at().is_some_and(|at| at < now)
    }

    /// The version, when the item has one.
    pub fn version(&self) -> Option<u64> {
        self.0.get(VERSION).and_then(Value::as_u64)
    }

    /// All attributes.
    pub fn attributes(&self) -> &Map<String, Value> {
        &self.0
    }

    /// All attributes, by value.
    pub fn into_attributes(self) -> Map<String, Value> {
        self.0
    }

    /// Applies an update's `set` and `remove` to this item (the embedded store's update).
    #[cfg(feature = "sqlite")]
    pub(crate) fn apply(&mut self, set: &Map<String, Value>, remove: &[String]) {
        for name in remove {
            self.0.remove(name);
        }
        for (name, value) in set {
            self.0.insert(name.clone(), value.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Note {
        text: String,
        version: u64,
    }

    fn key() -> Key {
        Key {
            pk: "P".into(),
            sk: "S".into(),
        }
    }

    #[test]
    fn a_record_round_trips_through_an_item() {
        let note = Note {
            text: "hola".into(),
            version: 3,
        };
        let item = Item::from_record(key(), &note).unwrap().with_gsi1(Key {
            pk: "G".into(),
            sk: "H".into(),
        });
        assert_eq!(item.version(), Some(3));
        assert_eq!(
            item.index_key(Index::Gsi1),
            Some(Key {
                pk: "G".into(),
                sk: "H".into()
            })
        );
        assert_eq!(item.index_key(Index::Gsi2), None);
        assert_eq!(item.record::<Note>().unwrap(), note);
    }

    #[test]
    fn a_record_may_not_overwrite_key_attributes() {
        #[derive(Serialize)]
        struct Sneaky {
            #[serde(rename = "PK")]
            pk: String,
        }
        assert!(
            Item::from_record(
                key(),
                &Sneaky {
                    pk: "TENANT#other".into()
                }
            )
            .is_err()
        );
    }

    #[test]
    fn expiry_is_strictly_before_now() {
        let item = Item::new(key()).with_expiry(100);
        assert!(!item.is_expired(100));
        assert!(item.is_expired(101));
        assert!(!Item::new(key()).is_expired(i64::MAX));
    }
}
