//! A clinic's configuration in the store: the clinic itself, treatments, professionals,
//! chairs and time off. Every read and write starts from the tenant id it is given —
//! callers take that from the caller's token or the public slug, never from a body.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::api::fields::{FieldCode, FieldError, Invalid};
use crate::domain::{Chair, Email, Patient, Professional, Slug, Tenant, TimeOff, Treatment, User};
use crate::ids::{ChairId, PatientId, ProfessionalId, TenantId, TreatmentId};
use crate::keys::{self, Key};
use crate::store::{Action, Condition, Cursor, Index, Item, Query, SortKey, Store, StoreError, query_all};

/// The most treatments one professional or chair may list: more than any clinic offers,
/// and few enough that checking them stays one small query.
pub const MAX_TREATMENTS: usize = 200;

/// Why a catalog operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    /// An account with that email is already in the clinic's directory.
    #[error("a staff account with this email already exists")]
    EmailTaken,
    /// Another clinic already uses the slug.
    #[error("the clinic address `{0}` is already taken")]
    SlugTaken(Slug),
    /// The item to change is not there (or belongs to another clinic).
    #[error("not found")]
    NotFound,
    /// Fields name things the clinic does not have (or list too many); nothing was written.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Reads and writes one platform's clinics and their configuration.
#[derive(Clone)]
pub struct Catalog {
    store: Arc<dyn Store>,
}

impl Catalog {
    /// A catalog on `store`.
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self { store }
    }

    /// The store underneath.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// Onboards a clinic: its item, the guard that keeps its slug unique and its first
    /// admin's directory entry, together.
    pub async fn create_tenant(&self, tenant: &Tenant, admin: &User) -> Result<(), CatalogError> {
        let guard = Item::new(keys::tenant_slug(&tenant.slug)).with("tenant_id", tenant.id.to_string());
        let actions = vec![
            Action::Put {
                item: guard,
                condition: Some(Condition::NotExists),
            },
            Action::Put {
                item: tenant_item(tenant)?,
                condition: Some(Condition::NotExists),
            },
            Action::Put {
                item: staff_item(tenant.id, admin)?,
                condition: Some(Condition::NotExists),
            },
        ];
        match self.store.transact(actions).await {
            Err(StoreError::ConditionFailed { index: 0 }) => Err(CatalogError::SlugTaken(tenant.slug.clone())),
            other => Ok(other?),
        }
    }

    /// Takes back a clinic whose onboarding failed halfway, freeing its slug.
    pub async fn remove_tenant(&self, tenant: &Tenant, admin: &Email) -> Result<(), CatalogError> {
        let actions = vec![
            Action::Delete {
                key: keys::tenant_slug(&tenant.slug),
                condition: None,
            },
            Action::Delete {
                key: keys::tenant(tenant.id),
                condition: None,
            },
            Action::Delete {
                key: keys::staff(tenant.id, admin),
                condition: None,
            },
        ];
        Ok(self.store.transact(actions).await?)
    }

    /// Saves changed clinic settings (the slug never changes here).
    pub async fn update_tenant(&self, tenant: &Tenant) -> Result<(), CatalogError> {
        match self.store.put(tenant_item(tenant)?, Some(Condition::Exists)).await {
            Err(StoreError::ConditionFailed { .. }) => Err(CatalogError::NotFound),
            other => Ok(other?),
        }
    }

    /// Every clinic of the platform, by slug.
    pub async fn all_tenants(&self) -> Result<Vec<Tenant>, CatalogError> {
        let query = Query::new(Index::Gsi1, keys::CLINIC_DIRECTORY, SortKey::Any);
        let items = query_all(self.store.as_ref(), &query).await?;
        Ok(items.iter().map(Item::record).collect::<Result<_, _>>()?)
    }

    /// One page of the platform's clinics, by slug.
    pub async fn tenants(
        &self,
        cursor: Option<Cursor>,
        limit: u32,
    ) -> Result<(Vec<Tenant>, Option<Cursor>), CatalogError> {
        let query = Query::new(Index::Gsi1, keys::CLINIC_DIRECTORY, SortKey::Any)
            .limit(limit)
            .after(cursor);
        let page = self.store.query(&query).await?;
        let tenants = page.items.iter().map(Item::record).collect::<Result<_, _>>()?;
        Ok((tenants, page.next))
    }

    /// A clinic by id.
    pub async fn tenant(&self, id: TenantId) -> Result<Option<Tenant>, CatalogError> {
        self.read(&keys::tenant(id)).await
    }

    /// A clinic by its public slug.
    pub async fn tenant_by_slug(&self, slug: &Slug) -> Result<Option<Tenant>, CatalogError> {
        let Some(guard) = self.store.get(&keys::tenant_slug(slug)).await? else {
            return Ok(None);
        };
        let id = guard
            .string("tenant_id")
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| StoreError::Corrupt(format!("slug guard of `{slug}` has no tenant id")))?;
        self.tenant(id).await
    }

    /// Saves a treatment (new or changed).
    pub async fn put_treatment(&self, tenant: TenantId, treatment: &Treatment) -> Result<(), CatalogError> {
        self.write(keys::treatment(tenant, treatment.id), treatment).await
    }

    /// One treatment.
    pub async fn treatment(&self, tenant: TenantId, id: TreatmentId) -> Result<Option<Treatment>, CatalogError> {
        self.read(&keys::treatment(tenant, id)).await
    }

    /// All treatments of a clinic.
    pub async fn treatments(&self, tenant: TenantId) -> Result<Vec<Treatment>, CatalogError> {
        self.list(tenant, keys::TREATMENT_PREFIX).await
    }

    /// Saves a professional (new or changed) whose treatments are all the clinic's own.
    pub async fn put_professional(&self, tenant: TenantId, professional: &Professional) -> Result<(), CatalogError> {
        self.check_treatments(tenant, &professional.treatments).await?;
        self.write(keys::professional(tenant, professional.id), professional)
            .await
    }

    /// One professional.
    pub async fn professional(
        &self,
        tenant: TenantId,
        id: ProfessionalId,
    ) -> Result<Option<Professional>, CatalogError> {
        self.read(&keys::professional(tenant, id)).await
    }

    /// The clinic's professional `id`, or the refusal of the request field `professional_id`
    /// that names it (another clinic's professionals are as unknown as made-up ones).
    pub async fn known_professional(&self, tenant: TenantId, id: ProfessionalId) -> Result<Professional, CatalogError> {
        self.professional(tenant, id)
            .await?
            .ok_or_else(|| Invalid(vec![unknown("professional_id", "professional")]).into())
    }

    /// All professionals of a clinic.
    pub async fn professionals(&self, tenant: TenantId) -> Result<Vec<Professional>, CatalogError> {
        self.list(tenant, keys::PROFESSIONAL_PREFIX).await
    }

    /// Saves a chair (new or changed) whose treatments are all the clinic's own.
    pub async fn put_chair(&self, tenant: TenantId, chair: &Chair) -> Result<(), CatalogError> {
        self.check_treatments(tenant, &chair.treatments).await?;
        self.write(keys::chair(tenant, chair.id), chair).await
    }

    /// Refuses a `treatments` list longer than `MAX_TREATMENTS`, or naming any treatment the
    /// clinic does not have, each by its position (`treatments[3]`). Archived treatments are
    /// the clinic's and pass: a list read back and saved unchanged must not fail.
    async fn check_treatments(&self, tenant: TenantId, ids: &[TreatmentId]) -> Result<(), CatalogError> {
        if ids.len() > MAX_TREATMENTS {
            let message = format!("at most {MAX_TREATMENTS} treatments, not {}", ids.len());
            return Err(Invalid::one("treatments", FieldCode::TooMany, message).into());
        }
        if ids.is_empty() {
            return Ok(());
        }
        let known: HashSet<TreatmentId> = self.treatments(tenant).await?.iter().map(|t| t.id).collect();
        let unknown: Vec<FieldError> = ids
            .iter()
            .enumerate()
            .filter(|(_, id)| !known.contains(id))
            .map(|(i, _)| unknown(&format!("treatments[{i}]"), "treatment"))
            .collect();
        if unknown.is_empty() {
            Ok(())
        } else {
            Err(Invalid(unknown).into())
        }
    }

    /// One chair.
    pub async fn chair(&self, tenant: TenantId, id: ChairId) -> Result<Option<Chair>, CatalogError> {
        self.read(&keys::chair(tenant, id)).await
    }

    /// All chairs of a clinic.
    pub async fn chairs(&self, tenant: TenantId) -> Result<Vec<Chair>, CatalogError> {
        self.list(tenant, keys::CHAIR_PREFIX).await
    }

    /// Records an absence or closure.
    pub async fn add_time_off(&self, tenant: TenantId, time_off: &TimeOff) -> Result<(), CatalogError> {
        let key = keys::time_off(tenant, time_off.scope.professional(), time_off.start);
        self.write(key, time_off).await
    }

    /// Every absence and closure of the clinic that overlaps `[from, to)`, in one query.
    pub async fn all_time_off(
        &self,
        tenant: TenantId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<TimeOff>, CatalogError> {
        let all: Vec<TimeOff> = self.list(tenant, keys::TIME_OFF_PREFIX).await?;
        Ok(all.into_iter().filter(|t| t.start < to && from < t.end).collect())
    }

    /// Saves a patient, findable by email within the clinic.
    pub async fn put_patient(&self, tenant: TenantId, patient: &Patient) -> Result<(), CatalogError> {
        let item = Item::from_record(keys::patient(tenant, patient.id), patient)?.with_gsi1(keys::patient_by_email(
            tenant,
            &patient.email,
            patient.id,
        ));
        Ok(self.store.put(item, None).await?)
    }

    /// Takes back a patient record whose account was refused.
    pub async fn remove_patient(&self, tenant: TenantId, id: PatientId) -> Result<(), CatalogError> {
        Ok(self.store.delete(&keys::patient(tenant, id), None).await?)
    }

    /// One patient.
    pub async fn patient(&self, tenant: TenantId, id: PatientId) -> Result<Option<Patient>, CatalogError> {
        self.read(&keys::patient(tenant, id)).await
    }

    /// The clinic's patient with this email, if any.
    pub async fn patient_by_email(&self, tenant: TenantId, email: &Email) -> Result<Option<Patient>, CatalogError> {
        let query = Query::new(Index::Gsi1, keys::patient_email_partition(tenant, email), SortKey::Any).limit(1);
        let page = self.store.query(&query).await?;
        Ok(page.items.first().map(Item::record).transpose()?)
    }

    /// Adds a staff account to the clinic's directory; one per email.
    pub async fn add_staff(&self, tenant: TenantId, user: &User) -> Result<(), CatalogError> {
        match self
            .store
            .put(staff_item(tenant, user)?, Some(Condition::NotExists))
            .await
        {
            Err(StoreError::ConditionFailed { .. }) => Err(CatalogError::EmailTaken),
            other => Ok(other?),
        }
    }

    /// Takes back a directory entry whose account was refused.
    pub async fn remove_staff(&self, tenant: TenantId, email: &Email) -> Result<(), CatalogError> {
        Ok(self.store.delete(&keys::staff(tenant, email), None).await?)
    }

    /// The clinic's staff accounts, by email.
    pub async fn staff(&self, tenant: TenantId) -> Result<Vec<User>, CatalogError> {
        self.list(tenant, keys::STAFF_PREFIX).await
    }

    async fn write<T: Serialize>(&self, key: Key, record: &T) -> Result<(), CatalogError> {
        Ok(self.store.put(Item::from_record(key, record)?, None).await?)
    }

    async fn read<T: DeserializeOwned>(&self, key: &Key) -> Result<Option<T>, CatalogError> {
        Ok(self.store.get(key).await?.map(|item| item.record()).transpose()?)
    }

    async fn list<T: DeserializeOwned>(&self, tenant: TenantId, prefix: &str) -> Result<Vec<T>, CatalogError> {
        let query = Query::new(
            Index::Table,
            keys::tenant_partition(tenant),
            SortKey::Prefix(prefix.to_owned()),
        );
        let items = query_all(self.store.as_ref(), &query).await?;
        Ok(items.iter().map(Item::record).collect::<Result<_, _>>()?)
    }
}

/// The refusal of a request field that names no `kind` of the clinic's.
pub fn unknown(field: &str, kind: &str) -> FieldError {
    FieldError::new(field, FieldCode::Unknown, format!("no such {kind} in this clinic"))
}

fn tenant_item(tenant: &Tenant) -> Result<Item, StoreError> {
    Ok(Item::from_record(keys::tenant(tenant.id), tenant)?.with_gsi1(keys::clinic_directory(&tenant.slug)))
}

fn staff_item(tenant: TenantId, user: &User) -> Result<Item, StoreError> {
    Item::from_record(keys::staff(tenant, &user.email), user)
}
