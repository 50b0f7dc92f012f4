//! The waitlist workflow (DESIGN §11): patients join it for a sooner time; when time frees up
//! the first fitting entry, in the order they joined, is offered it as a hold in their name
//! ([`offers`]). Entries and offers are items of the clinic's partition; nothing is written
//! inside a booking's transaction except when an offer is taken.

mod freed;
mod offers;

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc, Weekday};

pub use offers::{OfferFailure, SweepReport};

use crate::api::fields::Invalid;
use crate::booking::{BookingEngine, BookingError};
use crate::catalog::{self, CatalogError};
use crate::domain::{EntryState, Grid, Offer, Tenant, WaitlistEntry, Wish};
use crate::ids::{PatientId, WaitlistEntryId};
use crate::keys;
use crate::notification::Notifier;
use crate::store::{Condition, Cursor, Index, Item, Query, SortKey, StoreError};

/// The most entries one patient may have waiting at one clinic.
pub const MAX_WAITING_PER_PATIENT: usize = 5;

/// Why the waitlist refused or failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WaitlistError {
    /// The request names things the clinic does not have, or dates that make no sense.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The patient already waits for this treatment.
    #[error("you are already on the waitlist for this treatment")]
    AlreadyWaiting,
    /// The patient has as many entries waiting as one may.
    #[error("at most {MAX_WAITING_PER_PATIENT} waitlist entries can wait at once")]
    Full,
    /// No such entry or offer (or one of another patient).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The offer was taken, declined or lapsed.
    #[error("this offer has ended: the time is no longer kept for you")]
    OfferEnded,
    /// The engine refused (the time went to someone else…) or the store failed.
    #[error(transparent)]
    Booking(#[from] BookingError),
}

impl WaitlistError {
    /// Whether the same work, done again later, may succeed (the store failed for a moment).
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Booking(BookingError::Store(e)) if e.is_transient())
    }
}

impl From<StoreError> for WaitlistError {
    fn from(e: StoreError) -> Self {
        Self::Booking(e.into())
    }
}

impl From<CatalogError> for WaitlistError {
    fn from(e: CatalogError) -> Self {
        Self::Booking(e.into())
    }
}

/// What a patient (or reception for them) asks to wait for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinRequest {
    /// Who waits.
    pub patient_id: PatientId,
    /// What for, with whom and when; a first day before today waits from today.
    pub wish: Wish,
    /// Whether reception adds it.
    pub by_staff: bool,
}

/// One entry with the offers made to it, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryWithOffers {
    /// The entry.
    pub entry: WaitlistEntry,
    /// Its offers.
    pub offers: Vec<Offer>,
}

/// The waitlist of every clinic of one platform.
#[derive(Clone)]
pub struct Waitlist {
    engine: BookingEngine,
    notifier: Option<Arc<Notifier>>,
}

impl Waitlist {
    /// A waitlist booking through `engine`; it makes no offers until given a notifier.
    pub fn new(engine: BookingEngine) -> Self {
        Self { engine, notifier: None }
    }

    /// Sends the offers it makes through `notifier` (the event-driven worker's waitlist).
    pub fn with_notifier(self, notifier: Arc<Notifier>) -> Self {
        Self {
            notifier: Some(notifier),
            ..self
        }
    }

    /// The same waitlist booking through `engine` (one that rings a relay, say).
    pub fn with_engine(self, engine: BookingEngine) -> Self {
        Self { engine, ..self }
    }

    /// What today is on the clinic's calendar: entries end after their last day.
    pub fn today(&self, tenant: &Tenant) -> NaiveDate {
        Grid::new(tenant.time_zone, tenant.rules.granularity()).local_date(self.engine.now())
    }

    /// Puts a patient on the list, after checking what they ask for.
    pub async fn join(
        &self,
        tenant: &Tenant,
        JoinRequest {
            patient_id,
            wish,
            by_staff,
        }: JoinRequest,
    ) -> Result<WaitlistEntry, WaitlistError> {
        let today = self.today(tenant);
        let catalog = self.engine.catalog();
        let (treatment, professionals) = futures::try_join!(
            catalog.treatment(tenant.id, wish.treatment_id),
            catalog.professionals(tenant.id),
        )?;
        let mut fields = Vec::new();
        let treatment = treatment.filter(|t| t.active);
        if treatment.is_none() {
            fields.push(catalog::unknown("treatment_id", "treatment"));
        }
        if let Some(id) = wish.professional_id {
            match professionals.iter().find(|p| p.id == id) {
                None => fields.push(catalog::unknown("professional_id", "professional")),
                Some(p) if !p.performs(wish.treatment_id) => fields.push(crate::api::fields::FieldError::new(
                    "professional_id",
                    crate::api::fields::FieldCode::Invalid,
                    "this professional does not perform this treatment",
                )),
                Some(_) => {}
            }
        } else if treatment.is_some() && !professionals.iter().any(|p| p.performs(wish.treatment_id)) {
            fields.push(crate::api::fields::FieldError::new(
                "treatment_id",
                crate::api::fields::FieldCode::Invalid,
                "no professional performs this treatment",
            ));
        }
        let last_bookable = today + chrono::Duration::days(i64::from(tenant.rules.horizon_days()));
        if wish.latest < today {
            fields.push(crate::api::fields::FieldError::new(
                "latest",
                crate::api::fields::FieldCode::OutOfRange,
                "the last day has passed",
            ));
        } else if wish.latest > last_bookable {
            fields.push(crate::api::fields::FieldError::new(
                "latest",
                crate::api::fields::FieldCode::OutOfRange,
                format!("the clinic books up to {}", last_bookable),
            ));
        }
        if wish.earliest > wish.latest {
            fields.push(crate::api::fields::FieldError::new(
                "latest",
                crate::api::fields::FieldCode::Invalid,
                "the last day must not be before the first",
            ));
        }
        if !fields.is_empty() {
            return Err(Invalid(fields).into());
        }
        let waiting: Vec<_> = self
            .of_patient(tenant, patient_id)
            .await?
            .into_iter()
            .filter(|e| e.waits_on(today))
            .collect();
        if waiting.iter().any(|e| e.wish.treatment_id == wish.treatment_id) {
            return Err(WaitlistError::AlreadyWaiting);
        }
        if waiting.len() >= MAX_WAITING_PER_PATIENT {
            return Err(WaitlistError::Full);
        }
        let mut weekdays = wish.weekdays;
        weekdays.sort_by_key(Weekday::num_days_from_monday);
        weekdays.dedup();
        let entry = WaitlistEntry {
            id: WaitlistEntryId::new(),
            tenant_id: tenant.id,
            patient_id,
            wish: Wish {
                earliest: wish.earliest.max(today),
                weekdays,
                ..wish
            },
            joined_at: self.engine.now(),
            by_staff,
            state: EntryState::Waiting,
            version: 1,
        };
        self.engine
            .store()
            .put(entry_item(&entry)?, Some(Condition::NotExists))
            .await?;
        Ok(entry)
    }

    /// Takes an entry off the list; `patient` (when a patient asks) must be its own. Leaving
    /// twice changes nothing.
    pub async fn leave(
        &self,
        tenant: &Tenant,
        id: WaitlistEntryId,
        patient: Option<PatientId>,
    ) -> Result<WaitlistEntry, WaitlistError> {
        let entry = self.entry(tenant, id).await?;
        if patient.is_some_and(|p| p != entry.patient_id) {
            return Err(WaitlistError::NotFound("waitlist entry"));
        }
        if entry.state != EntryState::Waiting {
            return Ok(entry);
        }
        let mut left = entry.clone();
        left.state = EntryState::Left { at: self.engine.now() };
        left.version += 1;
        match self
            .engine
            .store()
            .put(entry_item(&left)?, Some(Condition::version_is(entry.version)))
            .await
        {
            Ok(()) => Ok(left),
            Err(StoreError::ConditionFailed { .. }) => Err(BookingError::Stale.into()),
            Err(e) => Err(e.into()),
        }
    }

    /// One entry.
    pub async fn entry(&self, tenant: &Tenant, id: WaitlistEntryId) -> Result<WaitlistEntry, WaitlistError> {
        let item = self
            .engine
            .store()
            .get(&keys::waitlist_entry(tenant.id, id))
            .await?
            .ok_or(WaitlistError::NotFound("waitlist entry"))?;
        Ok(item.record()?)
    }

    /// Every entry of one patient, in the order they joined.
    pub async fn of_patient(&self, tenant: &Tenant, patient: PatientId) -> Result<Vec<WaitlistEntry>, WaitlistError> {
        let query = Query::new(
            Index::Gsi1,
            keys::patient_waitlist_partition(tenant.id, patient),
            SortKey::Prefix(keys::WAITLIST_PREFIX.into()),
        );
        let items = crate::store::query_all(self.engine.store().as_ref(), &query).await?;
        Ok(items.iter().map(Item::record).collect::<Result<_, _>>()?)
    }

    /// One page of the clinic's list in the order patients joined, each entry with its offers.
    pub async fn page(
        &self,
        tenant: &Tenant,
        cursor: Option<Cursor>,
        limit: u32,
    ) -> Result<(Vec<EntryWithOffers>, Option<Cursor>), WaitlistError> {
        let query = Query::new(
            Index::Table,
            keys::tenant_partition(tenant.id),
            SortKey::Prefix(keys::WAITLIST_PREFIX.into()),
        )
        .limit(limit)
        .after(cursor);
        let page = self.engine.store().query(&query).await?;
        let entries: Vec<WaitlistEntry> = page.items.iter().map(Item::record).collect::<Result<_, _>>()?;
        let offers = futures::future::try_join_all(entries.iter().map(|e| self.offers_of(tenant, e))).await?;
        let listed = entries
            .into_iter()
            .zip(offers)
            .map(|(entry, offers)| EntryWithOffers { entry, offers })
            .collect();
        Ok((listed, page.next))
    }

    /// The offers made to one entry, oldest first.
    pub async fn offers_of(&self, tenant: &Tenant, entry: &WaitlistEntry) -> Result<Vec<Offer>, WaitlistError> {
        let query = Query::new(
            Index::Gsi2,
            keys::entry_offers_partition(tenant.id, entry.id),
            SortKey::Any,
        );
        let items = crate::store::query_all(self.engine.store().as_ref(), &query).await?;
        Ok(items.iter().map(Item::record).collect::<Result<_, _>>()?)
    }

    /// When it is, by the workflow's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.engine.now()
    }
}

/// How long an entry and its offers stay listed after its last day: long enough for staff to
/// see how it ended, short enough that a freed time never reads years of them.
pub const KEPT_AFTER_LAST_DAY: chrono::Duration = chrono::Duration::days(90);

/// When the store may drop an entry (and its offers) whose last day is `latest`.
fn kept_until(latest: NaiveDate) -> i64 {
    (latest + KEPT_AFTER_LAST_DAY)
        .and_time(chrono::NaiveTime::MIN)
        .and_utc()
        .timestamp()
}

/// The stored form of an entry, with its patient's GSI1 entry.
fn entry_item(entry: &WaitlistEntry) -> Result<Item, StoreError> {
    Ok(
        Item::from_record(keys::waitlist_entry(entry.tenant_id, entry.id), entry)?
            .with_gsi1(keys::waitlist_entry_by_patient(
                entry.tenant_id,
                entry.patient_id,
                entry.id,
            ))
            .with_expiry(kept_until(entry.wish.latest)),
    )
}
