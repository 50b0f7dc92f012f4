//! The embedded store: the single table in one SQLite file, for `turnaki serve`.
//!
//! Writes go through one writer thread that commits in groups: each store transaction runs
//! inside its own SAVEPOINT (all-or-nothing), and one durable COMMIT (`synchronous=FULL`)
//! covers every transaction that queued while the previous commit was syncing. Nobody
//! hears "done" before that COMMIT returns. Reads run on a small pool of WAL readers and
//! never wait for the writer.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration as StdDuration, Instant};

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};
use tokio::sync::oneshot;

use super::{
    Action, Condition, Cursor, Index, Item, ItemPage, Query, SortKey, Store, StoreError, Update, check_transaction,
};
use crate::keys::Key;

/// File name of the database inside the data directory.
pub const DATABASE_FILE: &str = "turnaki.sqlite3";
/// The most store transactions one group commit takes.
const GROUP_LIMIT: usize = 512;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS items (
    pk TEXT NOT NULL,
    sk TEXT NOT NULL,
    gsi1pk TEXT, gsi1sk TEXT,
    gsi2pk TEXT, gsi2sk TEXT,
    expires_at INTEGER,
    attrs TEXT NOT NULL,
    PRIMARY KEY (pk, sk)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS gsi1 ON items (gsi1pk, gsi1sk, pk, sk) WHERE gsi1pk IS NOT NULL;
CREATE INDEX IF NOT EXISTS gsi2 ON items (gsi2pk, gsi2sk, pk, sk) WHERE gsi2pk IS NOT NULL;
CREATE INDEX IF NOT EXISTS expiry ON items (expires_at) WHERE expires_at IS NOT NULL;
";

/// A store transaction waiting for the writer, with where to send its outcome.
struct Job {
    actions: Vec<Action>,
    reply: oneshot::Sender<Result<Option<Item>, StoreError>>,
}

/// The single table in SQLite.
#[derive(Clone)]
pub struct SqliteStore {
    path: Arc<PathBuf>,
    writer: mpsc::Sender<Job>,
    readers: Arc<Mutex<Vec<Connection>>>,
}

fn unavailable(e: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(e.to_string())
}

fn connect(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path).map_err(unavailable)?;
    // WAL lets readers run beside the writer; FULL makes every COMMIT durable on power loss.
    conn.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA mmap_size=1073741824; PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=20000;")
        .map_err(unavailable)?;
    Ok(conn)
}

impl SqliteStore {
    /// Opens (creating when missing) the database in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data_dir)
            .map_err(|e| StoreError::Unavailable(format!("cannot create {}: {e}", data_dir.display())))?;
        let path = data_dir.join(DATABASE_FILE);
        let conn = connect(&path)?;
        conn.execute_batch(SCHEMA).map_err(unavailable)?;
        let (writer, jobs) = mpsc::channel();
        thread::Builder::new()
            .name("turnaki-sqlite-writer".into())
            .spawn(move || write_loop(conn, jobs))
            .map_err(unavailable)?;
        Ok(Self {
            path: Arc::new(path),
            writer,
            readers: Arc::new(Mutex::new(Vec::new())),
        })
    }

    async fn write(&self, actions: Vec<Action>) -> Result<Option<Item>, StoreError> {
        let (reply, outcome) = oneshot::channel();
        self.writer
            .send(Job { actions, reply })
            .map_err(|_| unavailable("the writer thread has stopped"))?;
        outcome
            .await
            .map_err(|_| unavailable("the writer thread has stopped"))?
    }

    async fn read<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let store = self.clone();
        tokio::task::spawn_blocking(move || {
            let pooled = store.readers.lock().map_err(unavailable)?.pop();
            let conn = match pooled {
                Some(conn) => conn,
                None => connect(&store.path)?,
            };
            let result = work(&conn);
            store.readers.lock().map_err(unavailable)?.push(conn);
            result
        })
        .await
        .map_err(unavailable)?
    }
}

/// How often the writer deletes expired items, as DynamoDB's TTL sweep does. Only for
/// tidiness: conditions already treat an expired item as absent.
const SWEEP_EVERY: StdDuration = StdDuration::from_secs(60);

fn write_loop(mut conn: Connection, jobs: mpsc::Receiver<Job>) {
    let mut last_sweep = Instant::now();
    loop {
        if last_sweep.elapsed() >= SWEEP_EVERY {
            // A failed sweep is retried at the next one; it never affects a booking.
            let _ = sweep_expired(&conn, chrono::Utc::now().timestamp());
            last_sweep = Instant::now();
        }
        let first = match jobs.recv_timeout(SWEEP_EVERY) {
            Ok(job) => job,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        let mut group = vec![first];
        group.extend(jobs.try_iter().take(GROUP_LIMIT - 1));
        let outcomes = commit_group(&mut conn, &group);
        for (job, outcome) in group.into_iter().zip(outcomes) {
            // The caller may have given up waiting; its outcome is still committed.
            let _ = job.reply.send(outcome);
        }
    }
}

/// Deletes every item whose `expires_at` is before `now` (epoch seconds).
fn sweep_expired(conn: &Connection, now: i64) -> Result<usize, StoreError> {
    conn.execute("DELETE FROM items WHERE expires_at < ?1", params![now])
        .map_err(unavailable)
}

fn commit_group(conn: &mut Connection, group: &[Job]) -> Vec<Result<Option<Item>, StoreError>> {
    let result = (|| {
        let mut tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut outcomes = Vec::with_capacity(group.len());
        for job in group {
            // A failed store transaction rolls back to its savepoint (on drop) and leaves
            // the rest of the group untouched.
            let savepoint = tx.savepoint()?;
            let outcome = apply_all(&savepoint, &job.actions);
            if outcome.is_ok() {
                savepoint.commit()?;
            }
            outcomes.push(outcome);
        }
        tx.commit()?;
        Ok::<_, rusqlite::Error>(outcomes)
    })();
    result.unwrap_or_else(|e| group.iter().map(|_| Err(unavailable(&e))).collect())
}

/// Checks every condition, then applies every action; returns the last updated item.
fn apply_all(conn: &Connection, actions: &[Action]) -> Result<Option<Item>, StoreError> {
    check_transaction(actions)?;
    let mut current = Vec::with_capacity(actions.len());
    for (index, action) in actions.iter().enumerate() {
        let item = load(conn, &action.key())?;
        if action.condition().is_some_and(|c| !c.holds_for(item.as_ref())) {
            return Err(StoreError::ConditionFailed { index });
        }
        current.push(item);
    }
    let mut updated = None;
    for (action, item) in actions.iter().zip(current) {
        match action {
            Action::Put { item, .. } => save(conn, item)?,
            Action::Delete { key, .. } => {
                conn.prepare_cached("DELETE FROM items WHERE pk = ?1 AND sk = ?2")
                    .and_then(|mut stmt| stmt.execute(params![key.pk, key.sk]))
                    .map_err(unavailable)?;
            }
            Action::Update(Update { key, set, remove, .. }) => {
                let mut item = item.unwrap_or_else(|| Item::new(key.clone()));
                item.apply(set, remove);
                save(conn, &item)?;
                updated = Some(item);
            }
            Action::Check { .. } => {}
        }
    }
    Ok(updated)
}

fn load(conn: &Connection, key: &Key) -> Result<Option<Item>, StoreError> {
    let attrs: Option<String> = conn
        .prepare_cached("SELECT attrs FROM items WHERE pk = ?1 AND sk = ?2")
        .and_then(|mut stmt| stmt.query_row(params![key.pk, key.sk], |row| row.get(0)).optional())
        .map_err(unavailable)?;
    attrs.map(|json| decode(&json)).transpose()
}

fn decode(json: &str) -> Result<Item, StoreError> {
    let attrs: Map<String, Value> = serde_json::from_str(json).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Item::from_attributes(attrs)
}

fn save(conn: &Connection, item: &Item) -> Result<(), StoreError> {
    let key = item.key();
    // Like a GSI, an index only holds items that have both of its key attributes.
    let gsi1 = item.index_key(Index::Gsi1);
    let gsi2 = item.index_key(Index::Gsi2);
    let attrs = serde_json::to_string(item.attributes()).map_err(|e| StoreError::invalid(e.to_string()))?;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO items (pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, expires_at, attrs)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .and_then(|mut stmt| {
        stmt.execute(params![
            key.pk,
            key.sk,
            gsi1.as_ref().map(|k| &k.pk),
            gsi1.as_ref().map(|k| &k.sk),
            gsi2.as_ref().map(|k| &k.pk),
            gsi2.as_ref().map(|k| &k.sk),
            item.expires_at(),
            attrs
        ])
    })
    .map_err(unavailable)?;
    Ok(())
}

/// The first string after every string that starts with `prefix`, when there is one.
fn prefix_end(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = char::from_u32(u32::from(last) + 1) {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// Runs one page of `query`: fetches one item more than asked to know whether more follow.
fn run_query(conn: &Connection, query: &Query) -> Result<ItemPage, StoreError> {
    let (pk_col, sk_col) = match query.index {
        Index::Table => ("pk", "sk"),
        Index::Gsi1 => ("gsi1pk", "gsi1sk"),
        Index::Gsi2 => ("gsi2pk", "gsi2sk"),
    };
    let mut sql =
        format!("SELECT attrs, pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, expires_at FROM items WHERE {pk_col} = ?");
    let mut args: Vec<String> = vec![query.partition.clone()];
    match &query.sort {
        SortKey::Any => {}
        SortKey::Prefix(prefix) => {
            sql.push_str(&format!(" AND {sk_col} >= ?"));
            args.push(prefix.clone());
            if let Some(end) = prefix_end(prefix) {
                sql.push_str(&format!(" AND {sk_col} < ?"));
                args.push(end);
            }
        }
        SortKey::Between(low, high) => {
            sql.push_str(&format!(" AND {sk_col} BETWEEN ? AND ?"));
            args.extend([low.clone(), high.clone()]);
        }
    }
    let (order, after) = if query.descending { ("DESC", "<") } else { ("ASC", ">") };
    // Index entries may share a sort key; the table key breaks the tie, as in DynamoDB.
    let order_cols = if query.index == Index::Table {
        vec![sk_col]
    } else {
        vec![sk_col, "pk", "sk"]
    };
    if let Some(cursor) = &query.cursor {
        let (_, isk) = query.index.key_names();
        let bad_cursor = |_| StoreError::invalid(super::InvalidCursor.to_string());
        let mut values = vec![cursor.require(isk).map_err(bad_cursor)?.to_owned()];
        if query.index != Index::Table {
            values.push(cursor.require(super::PK).map_err(bad_cursor)?.to_owned());
            values.push(cursor.require(super::SK).map_err(bad_cursor)?.to_owned());
        }
        let marks = vec!["?"; values.len()].join(", ");
        sql.push_str(&format!(" AND ({}) {after} ({marks})", order_cols.join(", ")));
        args.extend(values);
    }
    let ordering: Vec<String> = order_cols.iter().map(|c| format!("{c} {order}")).collect();
    sql.push_str(&format!(" ORDER BY {} LIMIT {}", ordering.join(", "), query.limit + 1));
    let mut stmt = conn.prepare_cached(&sql).map_err(unavailable)?;
    let mut rows = stmt
        .query(rusqlite::params_from_iter(args.iter()))
        .map_err(unavailable)?;
    let mut items = Vec::new();
    while let Some(row) = rows.next().map_err(unavailable)? {
        items.push(if query.keys_only {
            keys_of(row, query)?
        } else {
            decode(&row.get::<_, String>(0).map_err(unavailable)?)?
        });
    }
    let next = if items.len() > query.limit as usize {
        items.truncate(query.limit as usize);
        items.last().map(|last| Cursor::after(last, query.index))
    } else {
        None
    };
    Ok(ItemPage { items, next })
}

/// A keys-only item from the row's columns, without parsing its attributes.
fn keys_of(row: &rusqlite::Row<'_>, query: &Query) -> Result<Item, StoreError> {
    let text = |i: usize| row.get::<_, Option<String>>(i).map_err(unavailable);
    let mut item = Item::new(Key {
        pk: text(1)?.unwrap_or_default(),
        sk: text(2)?.unwrap_or_default(),
    });
    let columns = match query.index {
        Index::Table => None,
        Index::Gsi1 => Some((super::GSI1PK, 3, super::GSI1SK, 4)),
        Index::Gsi2 => Some((super::GSI2PK, 5, super::GSI2SK, 6)),
    };
    if let Some((pk_name, pk_col, sk_name, sk_col)) = columns {
        item = item.with(pk_name, text(pk_col)?).with(sk_name, text(sk_col)?);
    }
    if let Some(expires_at) = row.get::<_, Option<i64>>(7).map_err(unavailable)? {
        item = item.with_expiry(expires_at);
    }
    Ok(item)
}

#[async_trait]
impl Store for SqliteStore {
    async fn migrate(&self) -> Result<(), StoreError> {
        let path = Arc::clone(&self.path);
        tokio::task::spawn_blocking(move || connect(&path)?.execute_batch(SCHEMA).map_err(unavailable))
            .await
            .map_err(unavailable)?
    }

    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        let key = key.clone();
        self.read(move |conn| load(conn, &key)).await
    }

    async fn put(&self, item: Item, condition: Option<Condition>) -> Result<(), StoreError> {
        self.write(vec![Action::Put { item, condition }]).await.map(drop)
    }

    async fn delete(&self, key: &Key, condition: Option<Condition>) -> Result<(), StoreError> {
        self.write(vec![Action::Delete {
            key: key.clone(),
            condition,
        }])
        .await
        .map(drop)
    }

    async fn update(&self, update: Update) -> Result<Item, StoreError> {
        update.check()?;
        self.write(vec![Action::Update(update)])
            .await?
            .ok_or_else(|| unavailable("the writer returned no item for an update"))
    }

    async fn query(&self, query: &Query) -> Result<ItemPage, StoreError> {
        query.check()?;
        let query = query.clone();
        self.read(move |conn| run_query(conn, &query)).await
    }

    async fn transact(&self, actions: Vec<Action>) -> Result<(), StoreError> {
        check_transaction(&actions)?;
        self.write(actions).await.map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_sweep_removes_only_expired_items() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path()).unwrap();
        let key = |sk: &str| Key {
            pk: "TENANT#1".into(),
            sk: sk.into(),
        };
        store
            .put(Item::new(key("HOLD#old")).with_expiry(99), None)
            .await
            .unwrap();
        store
            .put(Item::new(key("HOLD#live")).with_expiry(100), None)
            .await
            .unwrap();
        store.put(Item::new(key("BOOKING#1")), None).await.unwrap();
        let conn = connect(&dir.path().join(DATABASE_FILE)).unwrap();
        assert_eq!(sweep_expired(&conn, 100).unwrap(), 1);
        assert_eq!(store.get(&key("HOLD#old")).await.unwrap(), None);
        assert!(store.get(&key("HOLD#live")).await.unwrap().is_some());
        assert!(store.get(&key("BOOKING#1")).await.unwrap().is_some());
    }

    #[test]
    fn the_prefix_end_is_the_next_string_after_all_prefixed_ones() {
        assert_eq!(prefix_end("SLOT#A#").as_deref(), Some("SLOT#A$"));
        assert_eq!(prefix_end("").as_deref(), None);
        assert!(prefix_end("SLOT#A#").unwrap().as_str() > "SLOT#A#\u{10FFFF}");
    }
}
