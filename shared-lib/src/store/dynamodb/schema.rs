//! The table's schema as the adapter creates it on `migrate`: keys, the two indexes with all
//! attributes projected, on-demand billing, and TTL on `expires_at`.

use std::time::Duration;

use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::types::{
    self as ddb, AttributeDefinition, GlobalSecondaryIndex, IndexStatus, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, TableStatus, TimeToLiveStatus as TtlStatus,
};

use super::{DynamoStore, built, failure};
use crate::store::{EXPIRES_AT, Index, PK, SK, StoreError};

/// How often `migrate` looks whether a new table is ready, half a second apart.
const ACTIVE_POLLS: u32 = 120;

impl DynamoStore {
    pub(super) async fn create_table(&self) -> Result<(), StoreError> {
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

    pub(super) async fn wait_until_active(&self) -> Result<(), StoreError> {
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

    pub(super) async fn enable_ttl(&self) -> Result<(), StoreError> {
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
}
