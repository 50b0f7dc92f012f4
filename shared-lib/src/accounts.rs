//! Accounts: every way a person gets an identity account together with the catalog record
//! it acts as — a clinic and its first admin, staff, a registering patient, the platform
//! owner — and the patient records staff create while booking by phone.
//!
//! Two ports take part and neither can join the other's transaction, so each workflow
//! writes the catalog first (where a conditional write guards what must be unique) and the
//! identity account last, and takes the catalog write back when the account is refused.
//! Nothing is left behind on the common failures: an email already registered, a password
//! the provider refuses, a provider that is down.

use std::sync::Arc;

use crate::api::clinics::{ClinicOnboarding, Onboarded};
use crate::api::fields::Invalid;
use crate::api::staff::{PatientDraft, StaffDraft};
use crate::api::texts::TextsAnswer;
use crate::catalog::{Catalog, CatalogError, unknown};
use crate::clock::Clock;
use crate::domain::{Email, Patient, Phone, Role, SmsConsent, Tenant, User};
use crate::identity::{IdentityError, IdentityProvider, IssuedToken, NewAccount};
use crate::ids::PatientId;

/// Why an account workflow failed; nothing was kept.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The catalog refused or failed.
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    /// The identity provider refused or failed.
    #[error(transparent)]
    Identity(#[from] IdentityError),
}

/// A patient registered online, already signed in.
#[derive(Debug, Clone)]
pub struct Registration {
    /// The new patient record.
    pub patient: Patient,
    /// A token for the new account.
    pub token: IssuedToken,
}

/// Creates accounts and the records they act as, all or nothing.
#[derive(Clone)]
pub struct Accounts {
    catalog: Catalog,
    identity: Arc<dyn IdentityProvider>,
    clock: Arc<dyn Clock>,
}

impl Accounts {
    /// Accounts in `identity` for records in `catalog`, stamped by `clock`.
    pub fn new(catalog: Catalog, identity: Arc<dyn IdentityProvider>, clock: Arc<dyn Clock>) -> Self {
        Self {
            catalog,
            identity,
            clock,
        }
    }

    /// Onboards a clinic with its first admin: the clinic, its slug and the admin's
    /// directory entry in one transaction, then the admin's account.
    pub async fn onboard(&self, plan: ClinicOnboarding) -> Result<Onboarded, AccountError> {
        let tenant = plan.tenant;
        let admin = User::staff(&tenant, plan.admin_email, plan.admin_name, Role::Admin, None);
        self.catalog.create_tenant(&tenant, &admin).await?;
        let account = staff_account(&admin, plan.admin_password);
        if let Err(refused) = self.identity.create_account(&account).await {
            // Without its admin the clinic is unusable and its slug blocked.
            return Err(undo(refused, self.catalog.remove_tenant(&tenant, &admin.email).await));
        }
        Ok(Onboarded { tenant, admin })
    }

    /// Adds a staff account to `tenant`: its directory entry (one per email), then the
    /// account; a dentist's professional must be the clinic's.
    pub async fn add_staff(&self, tenant: &Tenant, draft: StaffDraft) -> Result<User, AccountError> {
        if let Some(professional) = draft.professional_id {
            self.catalog.known_professional(tenant.id, professional).await?;
        }
        let user = User::staff(tenant, draft.email, draft.name, draft.role, draft.professional_id);
        self.catalog.add_staff(tenant.id, &user).await?;
        if let Err(refused) = self
            .identity
            .create_account(&staff_account(&user, draft.password))
            .await
        {
            return Err(undo(refused, self.catalog.remove_staff(tenant.id, &user.email).await));
        }
        Ok(user)
    }

    /// Registers a patient of `tenant` with a password: a fresh patient record, its
    /// account, and a token for it.
    pub async fn register_patient(&self, tenant: &Tenant, draft: PatientDraft) -> Result<Registration, AccountError> {
        // Always a fresh record: linking to one reception made for the same email would show
        // that person's appointments to whoever typed their address.
        let mut patient = self.new_patient(draft.name, draft.email, draft.phone);
        patient.sms = patient.sms.answer(draft.sms, patient.created_at);
        self.add_patient_account(tenant, &patient, draft.password.clone())
            .await?;
        let token = self.identity.sign_in(&patient.email, &draft.password).await?;
        Ok(Registration { patient, token })
    }

    /// Saves `patient` and creates the account that acts as them, signing in with `password`.
    pub async fn add_patient_account(
        &self,
        tenant: &Tenant,
        patient: &Patient,
        password: String,
    ) -> Result<(), AccountError> {
        self.catalog.put_patient(tenant.id, patient).await?;
        let account = NewAccount {
            email: patient.email.clone(),
            name: patient.name.clone(),
            role: Role::Patient,
            tenant: Some(tenant.id),
            person_id: Some(patient.id.to_string()),
            password: Some(password),
        };
        if let Err(refused) = self.identity.create_account(&account).await {
            return Err(undo(refused, self.catalog.remove_patient(tenant.id, patient.id).await));
        }
        Ok(())
    }

    /// The clinic's patient `id`, refused as a field error when the clinic has none.
    pub async fn existing_patient(&self, tenant: &Tenant, id: PatientId) -> Result<Patient, AccountError> {
        self.catalog
            .patient(tenant.id, id)
            .await?
            .ok_or_else(|| CatalogError::Invalid(Invalid(vec![unknown("patient_id", "patient")])).into())
    }

    /// The clinic's patient with this email, or a new record (no account) when there is
    /// none: reception booking for someone on the phone.
    pub async fn patient_for_booking(
        &self,
        tenant: &Tenant,
        name: String,
        email: Email,
        phone: Option<Phone>,
    ) -> Result<PatientId, AccountError> {
        if let Some(existing) = self.catalog.patient_by_email(tenant.id, &email).await? {
            return Ok(existing.id);
        }
        let patient = self.new_patient(name, email, phone);
        self.catalog.put_patient(tenant.id, &patient).await?;
        Ok(patient.id)
    }

    /// Records the patient's answer about text messages at once (an opt-out stops the next
    /// text), with the number they give; the patient as now stored.
    pub async fn answer_texts(
        &self,
        tenant: &Tenant,
        id: PatientId,
        answer: &TextsAnswer,
    ) -> Result<Patient, AccountError> {
        let mut patient = self.existing_patient(tenant, id).await?;
        patient.phone = answer.number(patient.phone.as_ref()).map_err(CatalogError::Invalid)?;
        patient.sms = patient.sms.answer(answer.accept, self.clock.now());
        self.catalog.put_patient(tenant.id, &patient).await?;
        Ok(patient)
    }

    /// Creates the platform owner unless an account with that email exists.
    pub async fn ensure_owner(&self, email: Email, password: String) -> Result<(), AccountError> {
        let account = NewAccount {
            email,
            name: "Platform owner".into(),
            role: Role::Owner,
            tenant: None,
            person_id: None,
            password: Some(password),
        };
        match self.identity.create_account(&account).await {
            Ok(_) | Err(IdentityError::EmailTaken) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// A patient record created now.
    pub fn new_patient(&self, name: String, email: Email, phone: Option<Phone>) -> Patient {
        Patient {
            id: PatientId::new(),
            name,
            email,
            phone,
            sms: SmsConsent::NotGiven,
            created_at: self.clock.now(),
        }
    }
}

/// The account a staff directory entry signs in with.
fn staff_account(user: &User, password: Option<String>) -> NewAccount {
    NewAccount {
        email: user.email.clone(),
        name: user.name.clone(),
        role: user.role,
        tenant: user.tenant_id,
        person_id: user.professional_id.map(|p| p.to_string()),
        password,
    }
}

/// The identity provider's refusal, after taking back the catalog write it undoes. A failed
/// undo is logged and the refusal still answered: the caller's request failed either way.
fn undo(refused: IdentityError, taken_back: Result<(), CatalogError>) -> AccountError {
    if let Err(e) = taken_back {
        tracing::error!(error = %e, "an account was refused and its catalog record could not be taken back");
    }
    refused.into()
}
