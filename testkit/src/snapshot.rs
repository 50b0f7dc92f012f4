//! Every item of a test store, with every attribute, to prove a request wrote nothing at all:
//! not in the clinic's partition, not under `SLUG#` or `USER#`, not an item rewritten in
//! place. The store port has no such read on purpose (production never reads a whole table,
//! and a full Scan is no operation to offer it), so the kit reads beside it: the SQLite file
//! with rusqlite, the DynamoDB table with Scan.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rusqlite::types::ValueRef;
use serde_json::{Map, Value, json};
use turnaki_shared::store::sqlite::DATABASE_FILE;

/// Where a test store keeps its items.
#[derive(Debug, Clone)]
pub enum Table {
    /// The SQLite database file of a store's data directory: every table in it.
    Sqlite(PathBuf),
    /// A DynamoDB table.
    Dynamodb {
        /// A client of the endpoint the table is on.
        client: aws_sdk_dynamodb::Client,
        /// The table's name.
        name: String,
    },
}

/// Every item of a [`Table`], each with all its attributes, by its key.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot(BTreeMap<String, Value>);

impl Table {
    /// The SQLite store whose data directory is `dir`.
    pub fn sqlite(dir: &std::path::Path) -> Self {
        Self::Sqlite(dir.join(DATABASE_FILE))
    }

    /// Reads every item as it is now.
    pub async fn snapshot(&self) -> Snapshot {
        match self {
            Self::Sqlite(file) => sqlite_snapshot(file),
            Self::Dynamodb { client, name } => dynamodb_snapshot(client, name).await,
        }
    }
}

impl Snapshot {
    /// How many items there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Panics, naming each item added, removed or changed, unless `now` equals `self`.
    pub fn assert_unchanged(&self, now: &Snapshot, after: &str) {
        let changes = self.changes(now);
        assert!(
            changes.is_empty(),
            "{after} wrote to the store:\n{}",
            changes.join("\n")
        );
    }

    /// Each item added, removed or changed from `self` to `now`, in words.
    pub fn changes(&self, now: &Snapshot) -> Vec<String> {
        let mut changes = Vec::new();
        for (key, was) in &self.0 {
            match now.0.get(key) {
                None => changes.push(format!("removed {key}: {was}")),
                Some(is) if is != was => changes.push(format!("changed {key}: {was} -> {is}")),
                Some(_) => {}
            }
        }
        for (key, is) in &now.0 {
            if !self.0.contains_key(key) {
                changes.push(format!("added {key}: {is}"));
            }
        }
        changes
    }
}

/// Every row of every table of the database `file`, keyed by table and primary key.
fn sqlite_snapshot(file: &std::path::Path) -> Snapshot {
    // A connection of its own beside the store's: WAL lets it read what was committed.
    let conn = rusqlite::Connection::open(file).expect("open the store's database");
    let mut tables = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .expect("list tables");
    let names: Vec<String> = tables
        .query_map([], |row| row.get(0))
        .expect("list tables")
        .collect::<Result<_, _>>()
        .expect("table names");
    let mut items = BTreeMap::new();
    for table in names {
        let mut select = conn
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .expect("select a table");
        let columns: Vec<String> = select.column_names().map(str::to_owned).collect();
        let key_columns = primary_key(&conn, &table);
        let mut rows = select.query([]).expect("read a table");
        while let Some(row) = rows.next().expect("a row") {
            let mut fields = Map::new();
            for (i, column) in columns.iter().enumerate() {
                fields.insert(column.clone(), column_value(row.get_ref(i).expect("a column")));
            }
            // Keyed by the primary key, so a change shows as one item changed; a table
            // without one is keyed by the whole row.
            let key: Vec<&Value> = if key_columns.is_empty() {
                fields.values().collect()
            } else {
                key_columns.iter().map(|c| &fields[c.as_str()]).collect()
            };
            let key = format!("{table} {}", json!(key));
            assert!(
                items.insert(key.clone(), Value::Object(fields)).is_none(),
                "{key} twice"
            );
        }
    }
    Snapshot(items)
}

/// The primary key columns of `table`, in key order.
fn primary_key(conn: &rusqlite::Connection, table: &str) -> Vec<String> {
    let mut info = conn
        .prepare(&format!("PRAGMA table_info(\"{table}\")"))
        .expect("table info");
    let mut columns: Vec<(i64, String)> = info
        .query_map([], |row| Ok((row.get::<_, i64>("pk")?, row.get::<_, String>("name")?)))
        .expect("table info")
        .collect::<Result<_, _>>()
        .expect("columns");
    columns.retain(|(position, _)| *position > 0);
    columns.sort();
    columns.into_iter().map(|(_, name)| name).collect()
}

fn column_value(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(n) => json!(n),
        ValueRef::Real(x) => json!(x),
        ValueRef::Text(text) => json!(String::from_utf8_lossy(text)),
        ValueRef::Blob(bytes) => json!({ "blob": bytes }),
    }
}

/// Every item of the DynamoDB table `name`, keyed by `PK` and `SK`, page after page.
async fn dynamodb_snapshot(client: &aws_sdk_dynamodb::Client, name: &str) -> Snapshot {
    let mut items = BTreeMap::new();
    let mut start = None;
    loop {
        let page = client
            .scan()
            .table_name(name)
            .consistent_read(true)
            .set_exclusive_start_key(start)
            .send()
            .await
            .expect("scan the table");
        for item in page.items() {
            let attributes: Value = serde_dynamo::from_item(item.clone()).expect("an item as JSON");
            let key = format!("{} {}", attributes["PK"], attributes["SK"]);
            assert!(items.insert(key.clone(), attributes).is_none(), "{key} twice");
        }
        match page.last_evaluated_key() {
            Some(last) if !last.is_empty() => start = Some(last.clone()),
            _ => return Snapshot(items),
        }
    }
}
