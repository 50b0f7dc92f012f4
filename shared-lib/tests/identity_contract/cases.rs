//! The identity contract, written once against `dyn IdentityProvider` and the verifier its
//! tokens are checked with.

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};
use turnaki_shared::domain::{Email, Role};
use turnaki_shared::identity::{AuthError, IdentityError, NewAccount, Principal};
use turnaki_shared::ids::TenantId;

pub use crate::accounts::*;
use crate::fixture::Adapter;
use crate::forge;

/// A password any sensible policy accepts.
pub const PASSWORD: &str = "Correct-Horse-9-battery";

/// A unique address, so no case depends on another's accounts.
pub fn email(who: &str) -> Email {
    format!(
        "{who}.{}@clinic.example",
        ulid::Ulid::generate().to_string().to_lowercase()
    )
    .parse()
    .expect("a valid email")
}

pub fn account(email: &Email, role: Role, tenant: Option<TenantId>, person_id: Option<&str>) -> NewAccount {
    NewAccount {
        email: email.clone(),
        name: format!("Test {role:?}"),
        role,
        tenant,
        person_id: person_id.map(str::to_owned),
        password: Some(PASSWORD.to_owned()),
    }
}

/// Creates a patient of a fresh clinic, signs in, and returns the principal it should verify
/// as and the token.
async fn signed_in_patient(a: &Adapter) -> (Principal, String) {
    let email = email("pat");
    let tenant = TenantId::new();
    let subject = a
        .provider
        .create_account(&account(&email, Role::Patient, Some(tenant), Some("patient-7")))
        .await
        .expect("create the patient");
    let token = a.provider.sign_in(&email, PASSWORD).await.expect("sign in").token;
    let expected = Principal {
        subject,
        role: Role::Patient,
        tenant: Some(tenant),
        person_id: Some("patient-7".into()),
    };
    assert_eq!(
        a.verifier.verify(&token).await,
        Ok(expected.clone()),
        "the genuine token verifies"
    );
    (expected, token)
}

/// Asserts the verifier refused `token` as invalid, and (if given) for a reason mentioning
/// `because`, so that a forgery is not refused merely by accident of its claims.
#[track_caller]
fn assert_invalid(result: &Result<Principal, AuthError>, what: &str, because: Option<&str>) {
    match result {
        Err(AuthError::Invalid(why)) => {
            if let Some(because) = because {
                assert!(
                    why.to_lowercase().contains(&because.to_lowercase()),
                    "{what}: refused, but for `{why}` rather than {because}"
                );
            }
        }
        other => panic!("{what}: expected the token to be refused as invalid, got {other:?}"),
    }
}

pub async fn a_clinic_account_signs_in_and_its_token_names_its_role_clinic_and_person(a: &Adapter) {
    let email = email("camila");
    let tenant = TenantId::new();
    let subject = a
        .provider
        .create_account(&account(&email, Role::Dentist, Some(tenant), Some("professional-1")))
        .await
        .expect("create the dentist");
    let issued = a.provider.sign_in(&email, PASSWORD).await.expect("sign in");
    assert!(issued.expires_in > 0, "the token lasts a while");
    let principal = a.verifier.verify(&issued.token).await.expect("the token verifies");
    assert_eq!(
        principal,
        Principal {
            subject,
            role: Role::Dentist,
            tenant: Some(tenant),
            person_id: Some("professional-1".into()),
        }
    );
}

pub async fn every_clinic_role_signs_in_as_itself(a: &Adapter) {
    let tenant = TenantId::new();
    for role in [Role::Admin, Role::Dentist, Role::Reception, Role::Patient] {
        let email = email(role.as_str());
        let subject = a
            .provider
            .create_account(&account(&email, role, Some(tenant), None))
            .await
            .expect("create the account");
        let token = a.provider.sign_in(&email, PASSWORD).await.expect("sign in").token;
        assert_eq!(
            a.verifier.verify(&token).await,
            Ok(Principal {
                subject,
                role,
                tenant: Some(tenant),
                person_id: None,
            }),
            "{role:?}"
        );
    }
}

pub async fn the_platform_owner_signs_in_with_no_clinic(a: &Adapter) {
    let email = email("owner");
    let subject = a
        .provider
        .create_account(&account(&email, Role::Owner, None, None))
        .await
        .expect("create the owner");
    let token = a.provider.sign_in(&email, PASSWORD).await.expect("sign in").token;
    assert_eq!(
        a.verifier.verify(&token).await,
        Ok(Principal {
            subject,
            role: Role::Owner,
            tenant: None,
            person_id: None,
        })
    );
}

pub async fn two_accounts_in_two_clinics_each_get_their_own_token(a: &Adapter) {
    let (ana, bruno) = (email("ana"), email("bruno"));
    let (north, south) = (TenantId::new(), TenantId::new());
    let ana_subject = a
        .provider
        .create_account(&account(&ana, Role::Reception, Some(north), None))
        .await
        .expect("create ana");
    let bruno_subject = a
        .provider
        .create_account(&account(&bruno, Role::Admin, Some(south), None))
        .await
        .expect("create bruno");
    assert_ne!(ana_subject, bruno_subject, "each account has a subject of its own");
    let ana_token = a.provider.sign_in(&ana, PASSWORD).await.expect("ana signs in").token;
    let bruno_token = a
        .provider
        .sign_in(&bruno, PASSWORD)
        .await
        .expect("bruno signs in")
        .token;
    let ana_principal = a.verifier.verify(&ana_token).await.expect("ana's token verifies");
    let bruno_principal = a.verifier.verify(&bruno_token).await.expect("bruno's token verifies");
    assert_eq!(
        (ana_principal.subject, ana_principal.role, ana_principal.tenant),
        (ana_subject, Role::Reception, Some(north))
    );
    assert_eq!(
        (bruno_principal.subject, bruno_principal.role, bruno_principal.tenant),
        (bruno_subject, Role::Admin, Some(south))
    );
}

pub async fn a_second_account_with_the_same_email_is_refused(a: &Adapter) {
    let email = email("dup");
    let tenant = TenantId::new();
    let first = a
        .provider
        .create_account(&account(&email, Role::Patient, Some(tenant), Some("first")))
        .await
        .expect("create the first account");
    let mut second = account(&email, Role::Owner, None, None);
    second.password = Some("Another-Horse-8-staple".into());
    assert_eq!(a.provider.create_account(&second).await, Err(IdentityError::EmailTaken));
    // The same address typed in capitals is the same address.
    let shouted: Email = email.as_str().to_uppercase().parse().expect("a valid email");
    second.email = shouted;
    assert_eq!(a.provider.create_account(&second).await, Err(IdentityError::EmailTaken));
    // The first account is untouched: its password still works, the intruder's does not.
    assert_eq!(
        a.provider.sign_in(&email, "Another-Horse-8-staple").await,
        Err(IdentityError::InvalidCredentials)
    );
    let token = a.provider.sign_in(&email, PASSWORD).await.expect("sign in").token;
    assert_eq!(
        a.verifier.verify(&token).await,
        Ok(Principal {
            subject: first,
            role: Role::Patient,
            tenant: Some(tenant),
            person_id: Some("first".into()),
        })
    );
}

pub async fn a_wrong_password_and_an_unknown_email_are_refused_alike(a: &Adapter) {
    let email = email("known");
    a.provider
        .create_account(&account(&email, Role::Patient, Some(TenantId::new()), None))
        .await
        .expect("create the account");
    assert_eq!(
        a.provider.sign_in(&email, "Wrong-Horse-9-battery").await,
        Err(IdentityError::InvalidCredentials),
        "a wrong password"
    );
    assert_eq!(
        a.provider.sign_in(&email, &PASSWORD.to_uppercase()).await,
        Err(IdentityError::InvalidCredentials),
        "passwords are case-sensitive"
    );
    assert_eq!(
        a.provider.sign_in(&self::email("stranger"), PASSWORD).await,
        Err(IdentityError::InvalidCredentials),
        "an unknown email"
    );
}

/// A change an attacker makes to a token's claims.
type Edit = fn(&mut Value);

pub async fn a_token_with_a_tampered_payload_is_refused(a: &Adapter) {
    let (genuine, token) = signed_in_patient(a).await;
    let original = forge::parts(&token);
    let edits: [(&str, Edit); 5] = [
        ("promoted to platform owner", |p| {
            p["custom:role"] = json!("owner");
            p.as_object_mut().expect("claims").remove("custom:tenant_id");
        }),
        ("promoted to clinic admin", |p| p["custom:role"] = json!("admin")),
        ("moved to another clinic", |p| {
            p["custom:tenant_id"] = json!(TenantId::new().to_string());
        }),
        ("acting as another patient", |p| {
            p["custom:person_id"] = json!("patient-8")
        }),
        ("with its expiry pushed back", |p| {
            p["exp"] = json!(p["exp"].as_u64().expect("a numeric exp") + 86_400);
        }),
    ];
    for (what, edit) in edits {
        let mut tampered = original.clone();
        edit(&mut tampered.payload);
        let result = a.verifier.verify(&forge::assemble(&tampered)).await;
        assert_invalid(&result, what, Some("signature"));
    }
    // Re-encoding alone (other JSON spacing or key order) is tampering too.
    let mut reencoded = original.clone();
    reencoded.payload = serde_json::from_str(&reencoded.payload.to_string()).expect("JSON");
    let reencoded = forge::assemble(&reencoded);
    if reencoded != token {
        assert_invalid(&a.verifier.verify(&reencoded).await, "re-encoded", Some("signature"));
    }
    // The genuine token is still fine.
    assert_eq!(a.verifier.verify(&token).await, Ok(genuine));
}

pub async fn an_unsigned_token_is_refused(a: &Adapter) {
    let (_, token) = signed_in_patient(a).await;
    let original = forge::parts(&token);
    for alg in ["none", "None", "NONE", "nOnE"] {
        let mut unsigned = original.clone();
        unsigned.header["alg"] = json!(alg);
        unsigned.payload["custom:role"] = json!("admin");
        let with_signature = a.verifier.verify(&forge::assemble(&unsigned)).await;
        assert_invalid(&with_signature, &format!("alg {alg} with the old signature"), None);
        unsigned.signature = String::new();
        let without = a.verifier.verify(&forge::assemble(&unsigned)).await;
        assert_invalid(&without, &format!("alg {alg} without a signature"), None);
    }
    // An RS256 header with the signature simply left off.
    let mut stripped = original;
    stripped.signature = String::new();
    assert_invalid(
        &a.verifier.verify(&forge::assemble(&stripped)).await,
        "no signature",
        None,
    );
}

pub async fn a_token_signed_with_the_public_key_as_an_hmac_secret_is_refused(a: &Adapter) {
    let (_, token) = signed_in_patient(a).await;
    let original = forge::parts(&token);
    let kid = original.header["kid"].as_str().map(str::to_owned);
    let secrets = forge::public_key_secrets(&a.published_keys);
    // The attacker really does hold the public key: it checks the genuine token's signature.
    let mut lenient = Validation::new(Algorithm::RS256);
    lenient.validate_aud = false;
    lenient.validate_exp = false;
    lenient.required_spec_claims.clear();
    assert!(
        secrets.iter().any(|s| DecodingKey::from_rsa_pem(s)
            .is_ok_and(|key| jsonwebtoken::decode::<Value>(&token, &key, &lenient).is_ok())),
        "the published key (as PEM) verifies the genuine token"
    );
    let mut payload = original.payload.clone();
    payload["custom:role"] = json!("admin");
    for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
        for secret in &secrets {
            let forged = forge::sign(
                &forge::header(alg, kid.as_deref()),
                &payload,
                &jsonwebtoken::EncodingKey::from_secret(secret),
            );
            let result = a.verifier.verify(&forged).await;
            assert_invalid(&result, &format!("{alg:?} with the public key"), None);
        }
    }
}

pub async fn a_token_signed_by_another_rsa_key_is_refused(a: &Adapter) {
    let (_, token) = signed_in_patient(a).await;
    let original = forge::parts(&token);
    let genuine_kid = original.header["kid"]
        .as_str()
        .expect("tokens name their key")
        .to_owned();
    let (attacker_key, attacker) = forge::foreign_rsa_key();
    // The claims exactly as issued, but signed by someone else.
    for (what, kid, because) in [
        (
            "another key claiming the genuine kid",
            Some(genuine_kid.as_str()),
            Some("signature"),
        ),
        ("another key naming no kid", None, None),
        ("another key under a kid of its own", Some("attacker-key"), None),
    ] {
        let forged = forge::sign(&forge::header(Algorithm::RS256, kid), &original.payload, &attacker_key);
        assert_invalid(&a.verifier.verify(&forged).await, what, because);
    }
    // And through the embedded signer's own path (its own thumbprint as kid).
    let claims = serde_json::from_value(original.payload.clone()).expect("the token's claims");
    assert_invalid(
        &a.verifier.verify(&attacker.sign(&claims)).await,
        "another embedded installation's key",
        None,
    );
}

pub async fn an_account_whose_role_and_clinic_disagree_is_refused_and_not_created(a: &Adapter) {
    // Every token of such an account would be refused, so it must not exist at all.
    for (what, role, tenant) in [
        ("an owner inside a clinic", Role::Owner, Some(TenantId::new())),
        ("a patient of no clinic", Role::Patient, None),
        ("an admin of no clinic", Role::Admin, None),
    ] {
        let email = email("misfit");
        let result = a.provider.create_account(&account(&email, role, tenant, None)).await;
        assert!(
            matches!(result, Err(IdentityError::Refused(_))),
            "{what}: expected a refusal, got {result:?}"
        );
        assert_eq!(
            a.provider.sign_in(&email, PASSWORD).await,
            Err(IdentityError::InvalidCredentials),
            "{what}: no account was created"
        );
    }
}

pub async fn a_password_the_provider_refuses_leaves_the_email_free(a: &Adapter) {
    let email = email("weak");
    let tenant = TenantId::new();
    let mut weak = account(&email, Role::Patient, Some(tenant), None);
    weak.password = Some("weak".into());
    match a.provider.create_account(&weak).await {
        // A provider with a password policy refuses it, and leaves nothing behind: the
        // person can try again with a better password.
        Err(IdentityError::Refused(_)) => {
            assert_eq!(
                a.provider.sign_in(&email, "weak").await,
                Err(IdentityError::InvalidCredentials),
                "the refused account cannot sign in"
            );
            let subject = a
                .provider
                .create_account(&account(&email, Role::Patient, Some(tenant), None))
                .await
                .expect("the email is still free");
            let token = a.provider.sign_in(&email, PASSWORD).await.expect("sign in").token;
            assert_eq!(a.verifier.verify(&token).await.map(|p| p.subject), Ok(subject));
        }
        // A provider without one (the embedded; the API checks passwords first) takes it.
        Ok(_) => {
            a.provider
                .sign_in(&email, "weak")
                .await
                .expect("sign in with the weak password");
        }
        Err(other) => panic!("expected the weak password to be refused or taken, got {other:?}"),
    }
}
