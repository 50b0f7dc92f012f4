//! Opaque paging cursors: the key of the last item a page returned.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::item::{Index, Item, PK, SK};

/// Where the next page of a query starts. Clients treat it as an opaque string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor(BTreeMap<String, String>);

/// A cursor string that was not made by this store.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the paging cursor is malformed; start again without it")]
pub struct InvalidCursor;

impl Cursor {
    /// The cursor after `item` in a query on `index`: its table and index keys.
    pub fn after(item: &Item, index: Index) -> Self {
        let (ipk, isk) = index.key_names();
        let names = [PK, SK, ipk, isk];
        Self(
            names
                .into_iter()
                .filter_map(|name| item.string(name).map(|v| (name.to_owned(), v.to_owned())))
                .collect(),
        )
    }

    /// The key attributes it carries (table and index keys).
    pub fn attributes(&self) -> &BTreeMap<String, String> {
        &self.0
    }

    /// Rebuilds a cursor from key attributes.
    pub fn from_attributes(attributes: BTreeMap<String, String>) -> Self {
        Self(attributes)
    }

    /// One key attribute, checked to be there.
    pub fn require(&self, name: &str) -> Result<&str, InvalidCursor> {
        self.0.get(name).map(String::as_str).ok_or(InvalidCursor)
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let json = serde_json::to_vec(&self.0).expect("a map of strings serialises");
        f.write_str(&URL_SAFE_NO_PAD.encode(json))
    }
}

impl FromStr for Cursor {
    type Err = InvalidCursor;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bytes = URL_SAFE_NO_PAD.decode(s.trim()).map_err(|_| InvalidCursor)?;
        let map: BTreeMap<String, String> = serde_json::from_slice(&bytes).map_err(|_| InvalidCursor)?;
        if map.contains_key(PK) && map.contains_key(SK) {
            Ok(Self(map))
        } else {
            Err(InvalidCursor)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::Key;

    #[test]
    fn a_cursor_round_trips_and_rejects_garbage() {
        let item = Item::new(Key {
            pk: "A".into(),
            sk: "B".into(),
        })
        .with_gsi2(Key {
            pk: "C".into(),
            sk: "D".into(),
        });
        let cursor = Cursor::after(&item, Index::Gsi2);
        assert_eq!(cursor.attributes().len(), 4);
        assert_eq!(cursor.to_string().parse::<Cursor>().unwrap(), cursor);
        assert_eq!("not base64!".parse::<Cursor>(), Err(InvalidCursor));
        assert_eq!(URL_SAFE_NO_PAD.encode(b"{}").parse::<Cursor>(), Err(InvalidCursor));
    }
}
