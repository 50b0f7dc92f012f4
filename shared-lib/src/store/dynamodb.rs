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
use aws_sdk_dynamodb::types::{
    self as ddb, AttributeDefinition, AttributeValue, GlobalSecondaryIndex, IndexStatus, KeySchemaElement, KeyType,
    Projection, ProjectionType, ReturnValue, ScalarAttributeType, TableStatus, TimeToLiveStatus as TtlStatus,
};
use serde_json::{Map, Value};

use super::{
    Action, Condition, Cursor, EXPIRES_AT, Index, InvalidCursor, Item, PK, Page, Query, SK, SortKey, Store, StoreError,
    Update, check_transaction,
};
use crate::keys::Key;

type Attributes = HashMap<String, AttributeValue>;

/// Retries after DynamoDB cancels a write for a concurrent transaction on the same items.
const CONFLICT_RETRIES: u32 = 5;
/// How often `migrate` looks whether a new table is ready, half a second apart.
const ACTIVE_POLLS: u32 = 120;

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

    async fn create_table(&self) -> Result<(), StoreError> {
        let key = |name: &str, kind| KeySchemaElement::builder().attribute_name(name).key_type(kind).build();
        let attribute = |name: &str| {
            let string = AttributeDefinition::builder().attribute_type(ScalarAttributeType::S);
            string.attribute_name(name).build()
        };
        let gsi = |index: Index| {
            let (pk, sk) = index.key_names();
            let all = Projection::builder().projection_type(ProjectionType::All).build();
            let (hash, range) = (key(pk, KeyType::Hash)?, key(sk, KeyType::Range)?);
            let gsi = GlobalSecondaryIndex::builder().set_index_name(index.name().map(str::to_owned));
            gsi.key_schema(hash).key_schema(range).projection(all).build()
        };
        let ((gsi1pk, gsi1sk), (gsi2pk, gsi2sk)) = (Index::Gsi1.key_names(), Index::Gsi2.key_names());
        let names = [PK, SK, gsi1pk, gsi1sk, gsi2pk, gsi2sk];
        let attributes: Result<Vec<_>, _> = names.into_iter().map(attribute).collect();
        let request = self.client.create_table().table_name(&self.table);
        let created = request
            .billing_mode(ddb::BillingMode::PayPerRequest)
            .set_attribute_definitions(Some(attributes.map_err(built)?))
            .key_schema(key(PK, KeyType::Hash).map_err(built)?)
            .key_schema(key(SK, KeyType::Range).map_err(built)?)
            .global_secondary_indexes(gsi(Index::Gsi1).map_err(built)?)
            .global_secondary_indexes(gsi(Index::Gsi2).map_err(built)?)
            .send()
            .await;
        match created {
            // Another instance migrating at the same moment created it first.
            Err(err) if err.code() == Some("ResourceInUseException") => Ok(()),
            other => other.map(drop).map_err(failure),
        }
    }

    async fn wait_until_active(&self) -> Result<(), StoreError> {
        let ready = |table: ddb::TableDescription| {
            let gsis = table.global_secondary_indexes();
            let gsis_ready = gsis.iter().all(|g| g.index_status() == Some(&IndexStatus::Active));
            table.table_status() == Some(&TableStatus::Active) && gsis_ready
        };
        for _ in 0..ACTIVE_POLLS {
            let described = self.client.describe_table().table_name(&self.table).send().await;
            if described.map_err(failure)?.table.is_some_and(ready) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        let table = &self.table;
        Err(StoreError::Unavailable(format!("table {table} did not become active")))
    }

    async fn enable_ttl(&self) -> Result<(), StoreError> {
        let enabled = |ttl: ddb::TimeToLiveDescription| {
            let status = ttl.time_to_live_status();
            matches!(status, Some(TtlStatus::Enabled | TtlStatus::Enabling)) && ttl.attribute_name() == Some(EXPIRES_AT)
        };
        // Enabling it again is an error, and DynamoDB allows one TTL change an hour.
        let described = self.client.describe_time_to_live().table_name(&self.table).send().await;
        let ttl = described.map_err(failure)?.time_to_live_description;
        if ttl.is_some_and(enabled) {
            return Ok(());
        }
        let spec = ddb::TimeToLiveSpecification::builder().enabled(true);
        let spec = spec.attribute_name(EXPIRES_AT).build().map_err(built)?;
        let request = self.client.update_time_to_live().table_name(&self.table);
        match request.time_to_live_specification(spec).send().await {
            Err(err) if err.message().is_some_and(|m| m.contains("already enabled")) => Ok(()),
            other => other.map(drop).map_err(failure),
        }
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

    async fn query(&self, query: &Query) -> Result<Page, StoreError> {
        query.check()?;
        let mut e = Expressions::default();
        let Some(key_condition) = e.key_condition(query) else {
            return Ok(Page {
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
        Ok(Page { items, next })
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

/// One request's expressions, with the `#n0`/`:v0` placeholders they share: no attribute
/// name can then clash with a reserved word, and no value is spliced into an expression.
#[derive(Default)]
struct Expressions {
    condition: Option<String>,
    update: Option<String>,
    names: HashMap<String, String>,
    values: Attributes,
}

impl Expressions {
    fn render(condition: Option<&Condition>, update: Option<&Update>) -> Result<Self, StoreError> {
        let mut e = Self::default();
        e.condition = condition.map(|c| e.condition_of(c)).transpose()?;
        e.update = update.map(|u| e.update_of(u)).transpose()?;
        Ok(e)
    }

    fn name(&mut self, name: &str) -> String {
        if let Some((placeholder, _)) = self.names.iter().find(|(_, n)| *n == name) {
            return placeholder.clone();
        }
        let placeholder = format!("#n{}", self.names.len());
        self.names.insert(placeholder.clone(), name.to_owned());
        placeholder
    }

    fn value(&mut self, value: AttributeValue) -> String {
        let placeholder = format!(":v{}", self.values.len());
        self.values.insert(placeholder.clone(), value);
        placeholder
    }

    fn json(&mut self, value: &Value) -> Result<String, StoreError> {
        let value = serde_dynamo::to_attribute_value(value).map_err(|e| StoreError::invalid(e.to_string()))?;
        Ok(self.value(value))
    }

    fn string(&mut self, value: &str) -> String {
        self.value(AttributeValue::S(value.to_owned()))
    }

    /// DynamoDB reads the result as `Condition::holds_for` does: a comparison with a
    /// missing item or attribute is false.
    fn condition_of(&mut self, condition: &Condition) -> Result<String, StoreError> {
        let (exists, not_exists) = (Condition::Exists, Condition::NotExists);
        Ok(match condition {
            Condition::Exists => format!("attribute_exists({})", self.name(PK)),
            Condition::NotExists => format!("attribute_not_exists({})", self.name(PK)),
            Condition::Equals(name, value) => format!("{} = {}", self.name(name), self.json(value)?),
            Condition::LessThan(name, bound) => {
                let bound = self.value(AttributeValue::N(bound.to_string()));
                format!("{} < {bound}", self.name(name))
            }
            // Expressions have no literals: an empty `All` is always true, an empty `Any` never.
            Condition::All(all) if all.is_empty() => self.condition_of(&Condition::Any(vec![exists, not_exists]))?,
            Condition::Any(any) if any.is_empty() => self.condition_of(&Condition::All(vec![exists, not_exists]))?,
            Condition::All(all) => self.join(all, " AND ")?,
            Condition::Any(any) => self.join(any, " OR ")?,
        })
    }

    fn join(&mut self, parts: &[Condition], operator: &str) -> Result<String, StoreError> {
        let parts: Result<Vec<_>, _> = parts.iter().map(|c| self.condition_of(c)).collect();
        Ok(format!("({})", parts?.join(operator)))
    }

    fn update_of(&mut self, update: &Update) -> Result<String, StoreError> {
        let mut set = Vec::new();
        for (name, value) in &update.set {
            set.push(format!("{} = {}", self.name(name), self.json(value)?));
        }
        // Naming an attribute twice is an overlap DynamoDB rejects; once is the same change.
        let mut remove: Vec<String> = update.remove.iter().map(|name| self.name(name)).collect();
        remove.sort();
        remove.dedup();
        let mut clauses = Vec::new();
        if !set.is_empty() {
            clauses.push(format!("SET {}", set.join(", ")));
        }
        if !remove.is_empty() {
            clauses.push(format!("REMOVE {}", remove.join(", ")));
        }
        Ok(clauses.join(" "))
    }

    /// The key condition of `query`; `None` when no item can match, as DynamoDB refuses
    /// empty key values and inverted ranges rather than answering nothing.
    fn key_condition(&mut self, query: &Query) -> Option<String> {
        let (ipk, isk) = query.index.key_names();
        if query.partition.is_empty() {
            return None;
        }
        let partition = format!("{} = {}", self.name(ipk), self.string(&query.partition));
        let sort = match &query.sort {
            SortKey::Any => return Some(partition),
            SortKey::Prefix(prefix) if prefix.is_empty() => return Some(partition),
            SortKey::Prefix(prefix) => format!("begins_with({}, {})", self.name(isk), self.string(prefix)),
            SortKey::Between(low, high) if high.is_empty() || low > high => return None,
            SortKey::Between(low, high) if low.is_empty() => format!("{} <= {}", self.name(isk), self.string(high)),
            SortKey::Between(low, high) => {
                let (low, high) = (self.string(low), self.string(high));
                format!("{} BETWEEN {low} AND {high}", self.name(isk))
            }
        };
        Some(format!("{partition} AND {sort}"))
    }

    /// The names for the request; DynamoDB refuses an empty map.
    fn names(&mut self) -> Option<HashMap<String, String>> {
        Some(std::mem::take(&mut self.names)).filter(|names| !names.is_empty())
    }

    /// The values for the request; DynamoDB refuses an empty map.
    fn values(&mut self) -> Option<Attributes> {
        Some(std::mem::take(&mut self.values)).filter(|values| !values.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(pk: &str, sk: &str) -> Key {
        Key {
            pk: pk.into(),
            sk: sk.into(),
        }
    }

    fn names(e: &Expressions) -> Vec<(&str, &str)> {
        let mut names: Vec<_> = e.names.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        names.sort();
        names
    }

    #[test]
    fn a_free_slot_is_missing_or_lapsed() {
        let e = Expressions::render(Some(&Condition::free_at(1_000)), None).unwrap();
        assert_eq!(e.condition.as_deref(), Some("(attribute_not_exists(#n0) OR #n1 < :v0)"));
        assert_eq!(names(&e), [("#n0", PK), ("#n1", EXPIRES_AT)]);
        assert_eq!(
            e.values,
            HashMap::from([(":v0".to_owned(), AttributeValue::N("1000".into()))])
        );
        assert_eq!(e.update, None);
    }

    #[test]
    fn empty_groups_keep_their_logical_meaning_and_unused_maps_are_left_out() {
        let mut always = Expressions::render(Some(&Condition::All(vec![])), None).unwrap();
        let tautology = "(attribute_exists(#n0) OR attribute_not_exists(#n0))";
        assert_eq!(always.condition.as_deref(), Some(tautology));
        assert!(always.values().is_none());
        let never = Expressions::render(Some(&Condition::Any(vec![])), None).unwrap();
        let contradiction = "(attribute_exists(#n0) AND attribute_not_exists(#n0))";
        assert_eq!(never.condition.as_deref(), Some(contradiction));
        let mut nothing = Expressions::render(None, None).unwrap();
        assert!(nothing.condition.is_none() && nothing.names().is_none() && nothing.values().is_none());
    }

    #[test]
    fn an_update_shares_placeholders_with_its_condition() {
        let update = Update::new(key("P", "S"))
            .set("status", "cancelled")
            .set("version", 3u64);
        let update = update.remove("hold_id").remove("hold_id");
        let condition = Condition::All(vec![Condition::Exists, Condition::version_is(2)]);
        let e = Expressions::render(Some(&condition), Some(&update)).unwrap();
        assert_eq!(e.condition.as_deref(), Some("(attribute_exists(#n0) AND #n1 = :v0)"));
        assert_eq!(e.update.as_deref(), Some("SET #n2 = :v1, #n1 = :v2 REMOVE #n3"));
        assert_eq!(
            names(&e),
            [("#n0", PK), ("#n1", "version"), ("#n2", "status"), ("#n3", "hold_id")]
        );
        assert_eq!(e.values[":v0"], AttributeValue::N("2".into()));
        assert_eq!(e.values[":v1"], AttributeValue::S("cancelled".into()));
    }

    #[test]
    fn key_conditions_follow_the_sort_key_selection() {
        let render = |sort| Expressions::default().key_condition(&Query::new(Index::Gsi2, "G", sort));
        let between = |low: &str, high: &str| render(SortKey::Between(low.into(), high.into()));
        assert_eq!(render(SortKey::Any).as_deref(), Some("#n0 = :v0"));
        assert_eq!(render(SortKey::Prefix(String::new())).as_deref(), Some("#n0 = :v0"));
        assert_eq!(
            render(SortKey::Prefix("B#".into())).as_deref(),
            Some("#n0 = :v0 AND begins_with(#n1, :v1)")
        );
        assert_eq!(
            between("a", "b").as_deref(),
            Some("#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2")
        );
        assert_eq!(between("", "b").as_deref(), Some("#n0 = :v0 AND #n1 <= :v1"));
        assert_eq!(between("b", "a"), None);
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
