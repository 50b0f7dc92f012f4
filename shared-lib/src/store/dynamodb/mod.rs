//! The store port on DynamoDB: the single table of DESIGN §3, as the AWS deployment runs it.

use std::collections::HashMap;
use std::fmt::Debug;
use std::future::Future;
use std::hash::{BuildHasher, RandomState};
use std::time::Duration;

use async_trait::async_trait;
use aws_config::BehaviorVersion;
pub use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::{BuildError, DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{self as ddb, AttributeValue, ReturnValue};
use serde_json::{Map, Value};

use super::{
    Action, Condition, Cursor, Index, InvalidCursor, Item, ItemPage, PK, Query, SK, Store, StoreError, Update,
    check_transaction,
};
use crate::keys::Key;

mod expressions;
mod schema;

use expressions::Expressions;

type Attributes = HashMap<String, AttributeValue>;

/// Retries after DynamoDB cancels a write for a concurrent transaction on the same items.
const CONFLICT_RETRIES: u32 = 5;

/// The single table in DynamoDB.
#[derive(Debug, Clone)]
pub struct DynamoStore {
    client: Client,
    table: String,
}

impl DynamoStore {
    /// A store on `table` through an already configured client.
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }

    /// A store on `table` with the ambient AWS configuration, optionally at another endpoint.
    pub async fn connect(table: impl Into<String>, endpoint_url: Option<String>) -> Self {
        let mut loader = aws_config::defaults(BehaviorVersion::latest());
        if let Some(url) = endpoint_url {
            loader = loader.endpoint_url(url);
        }
        Self::new(Client::new(&loader.load().await), table)
    }

    fn transact_item(&self, action: &Action) -> Result<ddb::TransactWriteItem, StoreError> {
        let mut e = Expressions::render(action.condition(), None)?;
        let item = ddb::TransactWriteItem::builder();
        let item = match action {
            Action::Put { item: put, .. } => {
                let put = ddb::Put::builder().set_item(Some(to_attributes(put.clone())?));
                item.put(targeted!(put, self.table, e).build().map_err(built)?)
            }
            Action::Delete { key, .. } => {
                let delete = ddb::Delete::builder().set_key(key_of(key));
                item.delete(targeted!(delete, self.table, e).build().map_err(built)?)
            }
            Action::Update(update) => {
                let change = ddb::Update::builder().set_key(key_of(&update.key));
                let change = change.update_expression(e.update_of(update)?);
                item.update(targeted!(change, self.table, e).build().map_err(built)?)
            }
            Action::Check { key, .. } => {
                let check = ddb::ConditionCheck::builder().set_key(key_of(key));
                item.condition_check(targeted!(check, self.table, e).build().map_err(built)?)
            }
        };
        Ok(item.build())
    }
}

#[async_trait]
impl Store for DynamoStore {
    async fn migrate(&self) -> Result<(), StoreError> {
        match self.client.describe_table().table_name(&self.table).send().await {
            Err(err) if err.code() == Some("ResourceNotFoundException") => self.create_table().await?,
            described => drop(described.map_err(failure)?),
        }
        self.wait_until_active().await?;
        self.enable_ttl().await
    }

    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        let request = self.client.get_item().table_name(&self.table).consistent_read(true);
        let out = request.set_key(key_of(key)).send().await.map_err(failure)?;
        out.item.map(from_attributes).transpose()
    }

    async fn put(&self, item: Item, condition: Option<Condition>) -> Result<(), StoreError> {
        let (mut e, item) = (Expressions::render(condition.as_ref(), None)?, to_attributes(item)?);
        let request = targeted!(self.client.put_item().set_item(Some(item)), self.table, e);
        retrying(|| request.clone().send(), failure).await.map(drop)
    }

    async fn delete(&self, key: &Key, condition: Option<Condition>) -> Result<(), StoreError> {
        let mut e = Expressions::render(condition.as_ref(), None)?;
        let request = targeted!(self.client.delete_item().set_key(key_of(key)), self.table, e);
        retrying(|| request.clone().send(), failure).await.map(drop)
    }

    async fn update(&self, update: Update) -> Result<Item, StoreError> {
        update.check()?;
        let mut e = Expressions::render(update.condition.as_ref(), Some(&update))?;
        let request = self
            .client
            .update_item()
            .set_key(key_of(&update.key))
            .return_values(ReturnValue::AllNew);
        let request = targeted!(request.set_update_expression(e.update.take()), self.table, e);
        let attributes = retrying(|| request.clone().send(), failure).await?.attributes;
        from_attributes(attributes.ok_or_else(|| StoreError::Corrupt("no item after an update".into()))?)
    }

    async fn query(&self, query: &Query) -> Result<ItemPage, StoreError> {
        query.check()?;
        let mut e = Expressions::default();
        let Some(key_condition) = e.key_condition(query) else {
            return Ok(ItemPage {
                items: Vec::new(),
                next: None,
            });
        };
        let projection = query
            .keys_only
            .then(|| query.projected().into_iter().map(|n| e.name(n)).collect::<Vec<_>>());
        let request = self
            .client
            .query()
            .table_name(&self.table)
            .set_projection_expression(projection.map(|names| names.join(", ")))
            .set_index_name(query.index.name().map(str::to_owned))
            .key_condition_expression(key_condition)
            .set_expression_attribute_names(e.names())
            .set_expression_attribute_values(e.values())
            .scan_index_forward(!query.descending)
            // GSIs are only eventually consistent: DynamoDB refuses the flag on them.
            .consistent_read(query.index == Index::Table);
        // One item past the page tells whether another page follows, so `next` is never a dud.
        let wanted = query.limit as usize + 1;
        let (mut items, mut start) = (Vec::with_capacity(wanted), start_key(query)?);
        loop {
            let limit = i32::try_from(wanted - items.len()).unwrap_or(i32::MAX);
            let page = request.clone().limit(limit).set_exclusive_start_key(start);
            let out = page.send().await.map_err(failure)?;
            for attributes in out.items.unwrap_or_default() {
                items.push(from_attributes(attributes)?);
            }
            // DynamoDB ends a page early at 1 MB read: keep reading until this one is full.
            start = out.last_evaluated_key;
            if items.len() >= wanted || start.is_none() {
                break;
            }
        }
        let more = items.len() > query.limit as usize;
        items.truncate(query.limit as usize);
        let next = items.last().filter(|_| more).map(|i| Cursor::after(i, query.index));
        Ok(ItemPage { items, next })
    }

    async fn transact(&self, actions: Vec<Action>) -> Result<(), StoreError> {
        check_transaction(&actions)?;
        let items: Result<Vec<_>, _> = actions.iter().map(|a| self.transact_item(a)).collect();
        let request = self.client.transact_write_items().set_transact_items(Some(items?));
        retrying(|| request.clone().send(), transaction_failure).await.map(drop)
    }
}

/// Aims a request at the table with its condition and placeholders (the SDK's request
/// builders share no trait for these).
macro_rules! targeted {
    ($builder:expr, $table:expr, $e:ident) => {
        $builder
            .set_table_name(Some($table.clone()))
            .set_condition_expression($e.condition.take())
            .set_expression_attribute_names($e.names())
            .set_expression_attribute_values($e.values())
    };
}
use targeted;

/// Sends a write again, after a short jittered pause, while it only lost a race to a
/// transaction on the same items; after the last retry the contention is the caller's.
async fn retrying<T, E, Fut>(mut send: impl FnMut() -> Fut, classify: impl Fn(E) -> StoreError) -> Result<T, StoreError>
where
    Fut: Future<Output = Result<T, E>>,
{
    for retry in 1..=CONFLICT_RETRIES {
        match send().await.map_err(&classify) {
            Err(StoreError::Contention) => tokio::time::sleep(backoff(retry)).await,
            other => return other,
        }
    }
    send().await.map_err(classify)
}

/// A pause growing from about 4 ms to 64 ms, jittered so that racing writers spread out.
fn backoff(retry: u32) -> Duration {
    let base = 2u64 << retry.min(10);
    Duration::from_millis(base / 2 + RandomState::new().hash_one(retry) % base)
}

/// The store's meaning of a DynamoDB error.
fn failure<E: ProvideErrorMetadata + std::error::Error + 'static, R: Debug>(err: SdkError<E, R>) -> StoreError {
    match err.code() {
        Some("ConditionalCheckFailedException") => StoreError::ConditionFailed { index: 0 },
        // A single write racing a transaction on the same item.
        Some("TransactionConflictException") => StoreError::Contention,
        Some("ValidationException") => StoreError::Invalid(err.message().unwrap_or("rejected").to_owned()),
        _ => StoreError::Unavailable(DisplayErrorContext(&err).to_string()),
    }
}

/// A cancelled transaction says, per action, why: the first failed condition wins.
fn transaction_failure<R: Debug>(err: SdkError<TransactWriteItemsError, R>) -> StoreError {
    if let Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) = err.as_service_error() {
        let reasons = cancelled.cancellation_reasons();
        let first = |code| reasons.iter().position(|reason| reason.code() == Some(code));
        if let Some(index) = first("ConditionalCheckFailed") {
            return StoreError::ConditionFailed { index };
        }
        if first("TransactionConflict").is_some() {
            return StoreError::Contention;
        }
        if let Some(index) = first("ValidationError") {
            let message = reasons[index].message().unwrap_or("rejected");
            return StoreError::Invalid(format!("action {index}: {message}"));
        }
    }
    failure(err)
}

fn built(err: BuildError) -> StoreError {
    StoreError::invalid(err.to_string())
}

fn key_of(key: &Key) -> Option<Attributes> {
    let (pk, sk) = (AttributeValue::S(key.pk.clone()), AttributeValue::S(key.sk.clone()));
    Some(HashMap::from([(PK.to_owned(), pk), (SK.to_owned(), sk)]))
}

fn to_attributes(item: Item) -> Result<Attributes, StoreError> {
    serde_dynamo::to_item(item.into_attributes()).map_err(|e| StoreError::invalid(format!("unstorable item: {e}")))
}

fn from_attributes(attributes: Attributes) -> Result<Item, StoreError> {
    let attributes = serde_dynamo::from_item::<_, Map<String, Value>>(attributes);
    Item::from_attributes(attributes.map_err(|e| StoreError::Corrupt(e.to_string()))?)
}

/// The query's cursor as `ExclusiveStartKey`, which must be exactly the table's and the index's keys.
fn start_key(query: &Query) -> Result<Option<Attributes>, StoreError> {
    let Some(cursor) = &query.cursor else { return Ok(None) };
    let (ipk, isk) = query.index.key_names();
    let attribute = |name: &str| Ok((name.to_owned(), AttributeValue::S(cursor.require(name)?.to_owned())));
    let key: Result<Attributes, InvalidCursor> = [PK, SK, ipk, isk].into_iter().map(attribute).collect();
    key.map(Some).map_err(|e| StoreError::invalid(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SortKey;

    fn key(pk: &str, sk: &str) -> Key {
        Key {
            pk: pk.into(),
            sk: sk.into(),
        }
    }

    #[test]
    fn a_cursor_must_carry_the_index_keys() {
        let item = Item::new(key("P", "S")).with_gsi1(key("G", "H"));
        let query = |index| Query::new(index, "G", SortKey::Any).after(Some(Cursor::after(&item, index)));
        assert_eq!(start_key(&query(Index::Gsi1)).unwrap().map(|k| k.len()), Some(4));
        assert_eq!(start_key(&query(Index::Table)).unwrap().map(|k| k.len()), Some(2));
        let mismatched = query(Index::Gsi1).after(Some(Cursor::after(&item, Index::Table)));
        assert!(matches!(start_key(&mismatched), Err(StoreError::Invalid(_))));
    }

    fn cancelled(codes: &[&str]) -> SdkError<TransactWriteItemsError, ()> {
        use aws_sdk_dynamodb::error::ErrorMetadata;
        use aws_sdk_dynamodb::types::error::TransactionCanceledException;
        let reasons = codes
            .iter()
            .map(|code| ddb::CancellationReason::builder().code(*code).build());
        let cancelled = TransactionCanceledException::builder().set_cancellation_reasons(Some(reasons.collect()));
        let cancelled = cancelled.meta(ErrorMetadata::builder().code("TransactionCanceledException").build());
        SdkError::service_error(
            TransactWriteItemsError::TransactionCanceledException(cancelled.build()),
            (),
        )
    }

    #[test]
    fn a_failed_condition_outranks_a_conflict() {
        let failure = |codes: &[&str]| transaction_failure(cancelled(codes));
        let both = failure(&["None", "TransactionConflict", "ConditionalCheckFailed"]);
        assert_eq!(both, StoreError::ConditionFailed { index: 2 });
        assert_eq!(failure(&["None", "TransactionConflict"]), StoreError::Contention);
        assert!(matches!(failure(&["ValidationError"]), StoreError::Invalid(_)));
        assert!(matches!(failure(&["ThrottlingError"]), StoreError::Unavailable(_)));
    }

    #[tokio::test(start_paused = true)]
    async fn contention_is_retried_then_reported() {
        let attempts = &std::cell::Cell::new(0);
        let conflict_until = |n| {
            attempts.set(0);
            move || {
                attempts.set(attempts.get() + 1);
                std::future::ready(if attempts.get() < n {
                    Err(())
                } else {
                    Ok(attempts.get())
                })
            }
        };
        assert_eq!(retrying(conflict_until(3), |()| StoreError::Contention).await, Ok(3));
        let result = retrying(conflict_until(u32::MAX), |()| StoreError::Contention).await;
        assert_eq!(
            (result, attempts.get()),
            (Err(StoreError::Contention), CONFLICT_RETRIES + 1)
        );
        let failed = StoreError::ConditionFailed { index: 0 };
        let result = retrying(conflict_until(u32::MAX), |()| failed.clone()).await;
        assert_eq!((result, attempts.get()), (Err(failed), 1));
    }
}
