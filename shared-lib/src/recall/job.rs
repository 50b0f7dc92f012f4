//! The recall job: on each clinic's morning, the patients due back get their recall message,
//! and those still not booked a second after the clinic's weeks. `turnaki serve` runs it on
//! the reminder ticker; AWS in `schedule-reminder`, on the reminders' schedule.
//!
//! Once per message: a run records the contact with a conditional write from the version it
//! read before sending, so a second run that read the same recall leaves it; a send that
//! failed for a moment gives the contact back for the next run.

use std::sync::Arc;

use chrono::{DateTime, Timelike, Utc};
use serde::Serialize;

use super::{Recalls, recall_item};
use crate::catalog::CatalogError;
use crate::domain::{RECALL_HOUR, Recall, Tenant};
use crate::keys;
use crate::notification::Notifier;
use crate::store::{Condition, Index, Query, SortKey, StoreError, query_all};

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RecallReport {
    /// Recall messages sent.
    pub sent: u32,
    /// Recalls ended because the patient had booked.
    pub booked: u32,
    /// Messages that failed this time.
    pub failed: u32,
}

/// Sends the recall messages that are owed.
pub struct RecallJob {
    recalls: Recalls,
    notifier: Arc<Notifier>,
}

impl RecallJob {
    /// A job over `recalls`, sending through `notifier`.
    pub fn new(recalls: Recalls, notifier: Arc<Notifier>) -> Self {
        Self { recalls, notifier }
    }

    /// One run over every clinic whose morning has come.
    pub async fn run(&self) -> Result<RecallReport, CatalogError> {
        let now = self.recalls.clock.now();
        let mut report = RecallReport::default();
        for tenant in self.recalls.catalog.all_tenants().await? {
            let local = now.with_timezone(&tenant.time_zone.tz());
            if local.hour() < RECALL_HOUR {
                continue;
            }
            let today = local.date_naive();
            let due = Query::new(
                Index::Table,
                keys::tenant_partition(tenant.id),
                SortKey::Between(
                    keys::RECALL_PREFIX.to_owned(),
                    format!("{}{}~", keys::RECALL_PREFIX, today.format("%Y-%m-%d")),
                ),
            );
            for item in query_all(self.recalls.store(), &due).await? {
                self.process(&tenant, item.record()?, now, &mut report).await?;
            }
        }
        Ok(report)
    }

    async fn process(
        &self,
        tenant: &Tenant,
        recall: Recall,
        now: DateTime<Utc>,
        report: &mut RecallReport,
    ) -> Result<(), CatalogError> {
        if recall.booked.is_some() {
            return Ok(());
        }
        if let Some(booking) = self.recalls.booked_since(&recall).await? {
            let ended = Recall {
                booked: Some(booking),
                version: recall.version + 1,
                ..recall.clone()
            };
            if self.write(&ended, recall.version).await? {
                report.booked += 1;
            }
            return Ok(());
        }
        let zone = tenant.time_zone.tz();
        let first_sent_on = recall.contacted.first().map(|at| at.with_timezone(&zone).date_naive());
        let today = now.with_timezone(&zone).date_naive();
        let Some(nth) = recall.owed_on(today, first_sent_on, tenant.rules.recall_follow_up_weeks()) else {
            return Ok(());
        };
        let mut claimed = recall.clone();
        claimed.contacted.push(now);
        claimed.version += 1;
        if !self.write(&claimed, recall.version).await? {
            return Ok(());
        }
        match self.notifier.recall(tenant, &claimed, nth).await {
            Ok(_) => report.sent += 1,
            Err(e) if e.is_transient() => {
                tracing::warn!(patient = %recall.patient_id, error = %e, "recall message failed; the next run retries");
                let given_back = Recall {
                    version: claimed.version + 1,
                    ..recall
                };
                self.write(&given_back, claimed.version).await?;
                report.failed += 1;
            }
            Err(e) => {
                // It can never be sent (the patient is gone, the address unusable): the
                // contact stays recorded, so it is not tried on every run.
                tracing::error!(patient = %recall.patient_id, error = %e, "recall message dropped");
                report.failed += 1;
            }
        }
        Ok(())
    }

    /// Writes `recall` over the version `read`; `false` when another run changed it first.
    async fn write(&self, recall: &Recall, read: u64) -> Result<bool, StoreError> {
        let item = recall_item(recall)?;
        match self.recalls.store().put(item, Some(Condition::version_is(read))).await {
            Ok(()) => Ok(true),
            Err(StoreError::ConditionFailed { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }
}
