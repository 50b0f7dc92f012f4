//! The account workflows on each identity adapter: an account and the record it acts as are
//! made together, and when the provider refuses the account no record is left behind.

use std::sync::Arc;

use turnaki_shared::accounts::{AccountError, Accounts};
use turnaki_shared::api::clinics::ClinicOnboarding;
use turnaki_shared::api::staff::{PatientDraft, StaffDraft};
use turnaki_shared::catalog::Catalog;
use turnaki_shared::clock::{Clock, ManualClock};
use turnaki_shared::domain::{BookingRules, Email, Locale, Role, Tenant};
use turnaki_shared::identity::IdentityError;
use turnaki_shared::ids::TenantId;

use crate::cases::{PASSWORD, account, email};
use crate::fixture::Adapter;

const NOW: &str = "2030-03-04T12:00:00Z";

fn accounts(a: &Adapter) -> (Accounts, Catalog) {
    let catalog = Catalog::new(Arc::clone(&a.store));
    let clock: Arc<dyn Clock> = Arc::new(ManualClock::at(NOW.parse().expect("instant")));
    (Accounts::new(catalog.clone(), Arc::clone(&a.provider), clock), catalog)
}

fn clinic(slug: &str, admin: &Email) -> ClinicOnboarding {
    ClinicOnboarding {
        tenant: Tenant {
            id: TenantId::new(),
            slug: format!("{slug}-{}", ulid::Ulid::generate().to_string().to_lowercase())
                .parse()
                .expect("slug"),
            name: "Clínica Sonrisa".into(),
            address: "Av. Providencia 1234".into(),
            time_zone: "America/Santiago".parse().expect("zone"),
            locale: Locale::Es,
            rules: BookingRules::default(),
            country: None,
            channels: Default::default(),
            created_at: NOW.parse().expect("instant"),
        },
        admin_email: admin.clone(),
        admin_name: "Andrea Muñoz".into(),
        admin_password: Some(PASSWORD.into()),
    }
}

/// An account with `email` that exists before the workflow runs (a patient of some clinic).
async fn taken(a: &Adapter) -> Email {
    let email = email("taken");
    a.provider
        .create_account(&account(&email, Role::Patient, Some(TenantId::new()), Some("p-1")))
        .await
        .expect("the first account");
    email
}

fn is_email_taken(result: Result<impl std::fmt::Debug, AccountError>) -> bool {
    matches!(result, Err(AccountError::Identity(IdentityError::EmailTaken)))
}

pub async fn an_onboarded_clinic_has_its_admin_who_signs_in_as_its_admin(a: &Adapter) {
    let (accounts, catalog) = accounts(a);
    let admin = email("admin");
    let onboarded = accounts.onboard(clinic("sonrisa", &admin)).await.expect("onboard");
    let token = a
        .provider
        .sign_in(&admin, PASSWORD)
        .await
        .expect("the admin signs in")
        .token;
    let principal = a.verifier.verify(&token).await.expect("a good token");
    assert_eq!(
        (principal.role, principal.tenant),
        (Role::Admin, Some(onboarded.tenant.id))
    );
    let staff = catalog.staff(onboarded.tenant.id).await.expect("staff");
    assert_eq!(staff, vec![onboarded.admin]);
}

pub async fn a_clinic_whose_admin_email_is_taken_is_not_onboarded_and_its_slug_stays_free(a: &Adapter) {
    let (accounts, catalog) = accounts(a);
    let refused = clinic("sonrisa", &taken(a).await);
    let slug = refused.tenant.slug.clone();
    let id = refused.tenant.id;
    assert!(is_email_taken(accounts.onboard(refused).await));
    assert_eq!(
        catalog.tenant_by_slug(&slug).await.expect("read"),
        None,
        "no clinic by that slug"
    );
    assert_eq!(catalog.tenant(id).await.expect("read"), None, "no clinic record");
    assert_eq!(catalog.staff(id).await.expect("read"), vec![], "no admin entry");
    // The slug is free again: the same clinic onboards with another admin.
    let mut again = clinic("sonrisa", &email("admin"));
    again.tenant.slug = slug;
    accounts.onboard(again).await.expect("the slug was given back");
}

pub async fn staff_whose_email_is_taken_leave_no_entry_in_the_clinic_directory(a: &Adapter) {
    let (accounts, catalog) = accounts(a);
    let onboarded = accounts
        .onboard(clinic("sonrisa", &email("admin")))
        .await
        .expect("onboard");
    let draft = |email: Email| StaffDraft {
        email,
        name: "Rocío Díaz".into(),
        role: Role::Reception,
        password: Some(PASSWORD.into()),
        professional_id: None,
    };
    assert!(is_email_taken(
        accounts.add_staff(&onboarded.tenant, draft(taken(a).await)).await
    ));
    let staff = catalog.staff(onboarded.tenant.id).await.expect("staff");
    assert_eq!(staff, vec![onboarded.admin.clone()], "only the admin is listed");
    let reception = email("reception");
    let added = accounts
        .add_staff(&onboarded.tenant, draft(reception.clone()))
        .await
        .expect("another email is taken");
    let token = a.provider.sign_in(&reception, PASSWORD).await.expect("sign in").token;
    let principal = a.verifier.verify(&token).await.expect("a good token");
    assert_eq!(
        (principal.role, principal.tenant),
        (Role::Reception, Some(onboarded.tenant.id))
    );
    assert_eq!(catalog.staff(onboarded.tenant.id).await.expect("staff").len(), 2);
    assert_eq!(added.role, Role::Reception);
}

pub async fn a_registering_patient_gets_a_record_an_account_and_a_token_that_acts_as_it(a: &Adapter) {
    let (accounts, catalog) = accounts(a);
    let onboarded = accounts
        .onboard(clinic("sonrisa", &email("admin")))
        .await
        .expect("onboard");
    let patient_email = email("pedro");
    let registered = accounts
        .register_patient(
            &onboarded.tenant,
            PatientDraft {
                name: "Pedro Pérez".into(),
                email: patient_email.clone(),
                phone: None,
                sms: false,
                password: PASSWORD.into(),
            },
        )
        .await
        .expect("register");
    let principal = a.verifier.verify(&registered.token.token).await.expect("a good token");
    assert_eq!(principal.role, Role::Patient);
    assert_eq!(principal.person_id, Some(registered.patient.id.to_string()));
    let record = catalog
        .patient(onboarded.tenant.id, registered.patient.id)
        .await
        .expect("read");
    assert_eq!(
        record.map(|p| p.created_at),
        Some(NOW.parse().expect("instant")),
        "stamped by the clock"
    );
}

pub async fn a_patient_whose_email_is_taken_is_not_registered_and_leaves_no_record(a: &Adapter) {
    let (accounts, catalog) = accounts(a);
    let onboarded = accounts
        .onboard(clinic("sonrisa", &email("admin")))
        .await
        .expect("onboard");
    let email = taken(a).await;
    let draft = PatientDraft {
        name: "Pedro Pérez".into(),
        email: email.clone(),
        phone: None,
        sms: false,
        password: PASSWORD.into(),
    };
    assert!(is_email_taken(
        accounts.register_patient(&onboarded.tenant, draft).await
    ));
    assert_eq!(
        catalog
            .patient_by_email(onboarded.tenant.id, &email)
            .await
            .expect("read"),
        None,
        "no patient record by that email"
    );
}
