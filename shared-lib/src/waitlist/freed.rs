//! Time freed by removing an absence or a closure. The removal and a record of each freed
//! professional's time commit together, so the freed time is never forgotten; the
//! waitlist's next pass (every 10 s embedded, every minute on AWS) offers it like a
//! cancelled booking's and drops the record.

use super::{Waitlist, WaitlistError};
use crate::domain::{FreedBy, FreedTime, Tenant, TimeOff};
use crate::ids::TenantId;
use crate::keys;
use crate::store::{Action, Condition, Index, Item, Query, SortKey, StoreError};

/// A freed time waiting for the waitlist's next pass.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Waiting {
    tenant_id: TenantId,
    freed: FreedTime,
}

impl Waitlist {
    /// Removes `time_off` and, in the same transaction, records the time it frees for each
    /// active professional it kept away (every one, for a closure).
    pub async fn remove_time_off(&self, tenant: &Tenant, time_off: &TimeOff) -> Result<(), WaitlistError> {
        let away = time_off.scope.professional();
        let professionals = match away {
            Some(id) => vec![id],
            None => self
                .engine
                .catalog()
                .professionals(tenant.id)
                .await?
                .into_iter()
                .filter(|p| p.active)
                .map(|p| p.id)
                .collect(),
        };
        let mut actions = vec![Action::Delete {
            key: keys::time_off(tenant.id, away, time_off.start),
            condition: Some(Condition::Exists),
        }];
        for professional_id in professionals {
            let waiting = Waiting {
                tenant_id: tenant.id,
                freed: FreedTime {
                    professional_id,
                    start: time_off.start,
                    until: time_off.end,
                    by: FreedBy::TimeOff {
                        time_off_id: time_off.id,
                    },
                },
            };
            let key = keys::freed_time(tenant.id, time_off.id, professional_id);
            actions.push(Action::Put {
                item: Item::from_record(key, &waiting)?,
                condition: None,
            });
        }
        match self.engine.store().transact(actions).await {
            Err(StoreError::ConditionFailed { .. }) => Err(WaitlistError::NotFound("time off")),
            other => Ok(other?),
        }
    }

    /// Offers every freed time waiting from removed time off, and drops each record once
    /// its offer is made or nobody fits; the number of offers made.
    pub(super) async fn offer_freed(&self) -> Result<usize, WaitlistError> {
        let store = self.engine.store();
        let mut made = 0;
        for shard in 0..keys::REMINDER_SHARDS {
            let query = Query::new(
                Index::Table,
                keys::freed_times(shard),
                SortKey::Between(String::new(), "~".into()),
            );
            for item in crate::store::query_all(store.as_ref(), &query).await? {
                let waiting: Waiting = item.record()?;
                if let Some(tenant) = self.engine.catalog().tenant(waiting.tenant_id).await?
                    && self.fill(&tenant, waiting.freed, None).await?.is_some()
                {
                    made += 1;
                }
                store.delete(&item.key(), None).await?;
            }
        }
        Ok(made)
    }
}
