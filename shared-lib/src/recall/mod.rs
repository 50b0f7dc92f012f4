//! The recall workflow (issue 16 §3): completing a visit of a treatment with a recall
//! interval sets, in the completion's own transaction, when the patient is due back; on that
//! day, in the clinic's morning, the [`job`] sends a message whose link opens the wizard
//! with the treatment and the last professional chosen, and a second after the clinic's
//! weeks; nothing once the patient has booked. Reception and admin see the list.

mod job;

use std::sync::Arc;

use chrono::{Duration, NaiveDate};

pub use job::{RecallJob, RecallReport};

use crate::catalog::{Catalog, CatalogError};
use crate::clock::Clock;
use crate::domain::{Booking, BookingStatus, Grid, Patient, Recall, RecallStatus, Tenant, due_after};
use crate::ids::BookingId;
use crate::keys;
use crate::store::{Action, Cursor, Index, Item, Query, SortKey, Store, StoreError, query_all};

/// How long a recall stays listed after its due date when nothing came of it.
const KEPT_AFTER_DUE: Duration = Duration::days(365);

/// The writes that set the recall a completed visit calls for, to commit with the completion:
/// the new recall, and the removal of the patient's previous one for that treatment. None
/// when the treatment has no recall interval.
pub(crate) async fn on_completion(
    catalog: &Catalog,
    tenant: &Tenant,
    visit: &Booking,
) -> Result<Vec<Action>, CatalogError> {
    let Some(months) = catalog
        .treatment(tenant.id, visit.treatment_id)
        .await?
        .and_then(|t| t.recall_months)
    else {
        return Ok(Vec::new());
    };
    let grid = Grid::new(tenant.time_zone, tenant.rules.granularity());
    let Some(due) = due_after(grid.local_date(visit.start), months) else {
        return Ok(Vec::new());
    };
    let recall = Recall {
        tenant_id: tenant.id,
        patient_id: visit.patient_id,
        treatment_id: visit.treatment_id,
        professional_id: visit.professional_id,
        last_visit: visit.id,
        last_visit_at: visit.start,
        due,
        contacted: Vec::new(),
        booked: None,
        version: 1,
    };
    let item = recall_item(&recall)?;
    let mut actions = Vec::new();
    if let Some(previous) = previous_of(catalog.store().as_ref(), &recall).await?
        && previous.key() != item.key()
    {
        actions.push(Action::Delete {
            key: previous.key(),
            condition: None,
        });
    }
    actions.push(Action::Put { item, condition: None });
    Ok(actions)
}

/// The stored recall of the same patient and treatment, if any.
async fn previous_of(store: &dyn Store, recall: &Recall) -> Result<Option<Item>, StoreError> {
    let entry = keys::recall_by_patient(recall.tenant_id, recall.patient_id, recall.treatment_id);
    let query = Query::new(Index::Gsi1, entry.pk, SortKey::Prefix(entry.sk));
    Ok(query_all(store, &query).await?.into_iter().next())
}

/// The stored form of a recall, found by due date and, through GSI1, by patient and treatment.
fn recall_item(recall: &Recall) -> Result<Item, StoreError> {
    let key = keys::recall(recall.tenant_id, recall.due, recall.patient_id, recall.treatment_id);
    let kept = (recall.due + KEPT_AFTER_DUE).and_time(chrono::NaiveTime::MIN).and_utc();
    Ok(Item::from_record(key, recall)?
        .with_gsi1(keys::recall_by_patient(
            recall.tenant_id,
            recall.patient_id,
            recall.treatment_id,
        ))
        .with_expiry(kept.timestamp()))
}

/// One line of the recall list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecallLine {
    /// The recall.
    pub recall: Recall,
    /// Where it stands today.
    pub status: RecallStatus,
    /// The patient, when the record is still there.
    pub patient: Option<Patient>,
}

/// The recalls of every clinic of one platform.
#[derive(Clone)]
pub struct Recalls {
    catalog: Catalog,
    clock: Arc<dyn Clock>,
}

impl Recalls {
    /// Recalls in `catalog`'s store, on `clock`'s calendar.
    pub fn new(catalog: Catalog, clock: Arc<dyn Clock>) -> Self {
        Self { catalog, clock }
    }

    fn store(&self) -> &dyn Store {
        self.catalog.store().as_ref()
    }

    /// Today on the clinic's calendar.
    pub fn today(&self, tenant: &Tenant) -> NaiveDate {
        Grid::new(tenant.time_zone, tenant.rules.granularity()).local_date(self.clock.now())
    }

    /// The booking of the recalled treatment the patient made after the visit that set the
    /// recall, if any: it ends the recall.
    pub async fn booked_since(&self, recall: &Recall) -> Result<Option<BookingId>, StoreError> {
        let query = Query::new(
            Index::Gsi1,
            keys::patient_bookings_partition(recall.tenant_id, recall.patient_id),
            SortKey::Between(
                keys::booking_start_sk(recall.last_visit_at + Duration::seconds(1)),
                format!("{}~", keys::BOOKING_PREFIX),
            ),
        );
        for item in query_all(self.store(), &query).await? {
            let booking: Booking = item.record()?;
            let counts = booking.status.holds_time() || booking.status == BookingStatus::Completed;
            if booking.treatment_id == recall.treatment_id && booking.id != recall.last_visit && counts {
                return Ok(Some(booking.id));
            }
        }
        Ok(None)
    }

    /// One page of the clinic's recalls, soonest due first, with `status` only when given:
    /// up to `limit` lines, read on past the recalls of other statuses. A recall whose
    /// patient booked since shows as booked at once.
    pub async fn page(
        &self,
        tenant: &Tenant,
        status: Option<RecallStatus>,
        mut cursor: Option<Cursor>,
        limit: u32,
    ) -> Result<(Vec<RecallLine>, Option<Cursor>), CatalogError> {
        let today = self.today(tenant);
        let mut lines = Vec::new();
        loop {
            let wanted = limit.saturating_sub(lines.len() as u32).max(1);
            let query = Query::new(
                Index::Table,
                keys::tenant_partition(tenant.id),
                SortKey::Prefix(keys::RECALL_PREFIX.into()),
            )
            .limit(wanted)
            .after(cursor);
            let page = self.store().query(&query).await?;
            for item in &page.items {
                let mut recall: Recall = item.record()?;
                if recall.booked.is_none() {
                    recall.booked = self.booked_since(&recall).await?;
                }
                let line_status = recall.status_on(today);
                if status.is_some_and(|s| s != line_status) {
                    continue;
                }
                let patient = self.catalog.patient(tenant.id, recall.patient_id).await?;
                lines.push(RecallLine {
                    recall,
                    status: line_status,
                    patient,
                });
            }
            cursor = page.next;
            if cursor.is_none() || lines.len() as u32 >= limit {
                return Ok((lines, cursor));
            }
        }
    }
}
