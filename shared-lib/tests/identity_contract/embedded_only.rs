//! What only the embedded provider does: it signs with a key of its own, kept on disk, so
//! its expiry, audience and issuer checks and the key's persistence are tested here directly.

use std::time::{SystemTime, UNIX_EPOCH};

use turnaki_shared::domain::Role;
use turnaki_shared::identity::embedded::{AUDIENCE, EmbeddedIdentity, ISSUER, SigningKey};
use turnaki_shared::identity::{AuthError, Claims, IdentityError, IdentityProvider, Principal};
use turnaki_shared::ids::TenantId;

use crate::cases::{PASSWORD, account, email};
use crate::fixture;

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}

/// Claims a clinic's receptionist would carry, valid for ten minutes.
fn claims(tenant: TenantId) -> Claims {
    Claims {
        sub: "subject-1".into(),
        email: Some("reception@clinic.example".into()),
        tenant_id: Some(tenant.to_string()),
        role: Role::Reception.as_str().into(),
        person_id: None,
        iss: ISSUER.into(),
        aud: AUDIENCE.into(),
        exp: now() + 600,
        iat: now(),
    }
}

fn reception(tenant: TenantId) -> Principal {
    Principal {
        subject: "subject-1".into(),
        role: Role::Reception,
        tenant: Some(tenant),
        person_id: None,
    }
}

#[track_caller]
fn assert_invalid(result: Result<Principal, AuthError>, what: &str) {
    assert!(
        matches!(result, Err(AuthError::Invalid(_))),
        "{what}: expected the token to be refused as invalid, got {result:?}"
    );
}

#[tokio::test]
async fn a_token_past_its_expiry_is_refused() {
    let key = SigningKey::generate();
    let verifier = key.verifier();
    let tenant = TenantId::new();
    assert_eq!(verifier.verify(&key.sign(&claims(tenant))).await, Ok(reception(tenant)));
    let expired = Claims {
        exp: now() - 3600,
        iat: now() - 4200,
        ..claims(tenant)
    };
    let result = verifier.verify(&key.sign(&expired)).await;
    assert!(
        matches!(&result, Err(AuthError::Invalid(why)) if why.to_lowercase().contains("expired")),
        "an hour-old token is refused as expired, got {result:?}"
    );
}

#[tokio::test]
async fn a_token_for_another_audience_or_issuer_is_refused() {
    let key = SigningKey::generate();
    let verifier = key.verifier();
    let tenant = TenantId::new();
    let other_audience = Claims {
        aud: "some-other-app".into(),
        ..claims(tenant)
    };
    assert_invalid(verifier.verify(&key.sign(&other_audience)).await, "another audience");
    let other_issuer = Claims {
        iss: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_elsewhere".into(),
        ..claims(tenant)
    };
    assert_invalid(verifier.verify(&key.sign(&other_issuer)).await, "another issuer");
}

#[tokio::test]
async fn a_token_whose_role_and_clinic_disagree_is_refused() {
    let key = SigningKey::generate();
    let verifier = key.verifier();
    let tenant = TenantId::new();
    let cases = [
        (
            "an owner inside a clinic",
            Claims {
                role: Role::Owner.as_str().into(),
                ..claims(tenant)
            },
        ),
        (
            "a patient of no clinic",
            Claims {
                role: Role::Patient.as_str().into(),
                tenant_id: None,
                ..claims(tenant)
            },
        ),
        (
            "a role nobody has",
            Claims {
                role: "superuser".into(),
                ..claims(tenant)
            },
        ),
        (
            "a clinic id that is not one",
            Claims {
                tenant_id: Some("clinic-1".into()),
                ..claims(tenant)
            },
        ),
    ];
    for (what, claims) in cases {
        assert_invalid(verifier.verify(&key.sign(&claims)).await, what);
    }
}

#[tokio::test]
async fn the_embedded_provider_cannot_invite_so_it_needs_a_password() {
    let (store, _dir) = fixture::sqlite_store().await;
    let identity = EmbeddedIdentity::new(store, SigningKey::generate());
    let mut invited = account(&email("invited"), Role::Reception, Some(TenantId::new()), None);
    invited.password = None;
    assert!(matches!(
        identity.create_account(&invited).await,
        Err(IdentityError::Refused(_))
    ));
    assert_eq!(
        identity.sign_in(&invited.email, "").await,
        Err(IdentityError::InvalidCredentials),
        "nothing was created"
    );
}

#[tokio::test]
async fn the_signing_key_survives_a_restart_and_only_its_owner_can_read_it() {
    let (store, dir) = fixture::sqlite_store().await;
    let path = dir.path().join("keys").join("signing.pem");
    let first = SigningKey::load_or_create(&path).expect("create the key on first start");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path)
            .expect("the key file exists")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the key file is readable by its owner only");
    }
    let email = email("before");
    let tenant = TenantId::new();
    let before = EmbeddedIdentity::new(store.clone(), first.clone());
    let subject = before
        .create_account(&account(&email, Role::Admin, Some(tenant), None))
        .await
        .expect("create the account");
    let token = before.sign_in(&email, PASSWORD).await.expect("sign in").token;
    drop(before);

    // The restart: the same file, the same key, so tokens issued before are still good.
    let second = SigningKey::load_or_create(&path).expect("load the key again");
    assert_eq!(second.jwks(), first.jwks(), "the published keys are unchanged");
    let principal = Principal {
        subject,
        role: Role::Admin,
        tenant: Some(tenant),
        person_id: None,
    };
    assert_eq!(second.verifier().verify(&token).await, Ok(principal.clone()));
    let after = EmbeddedIdentity::new(store, second);
    let again = after
        .sign_in(&email, PASSWORD)
        .await
        .expect("sign in after the restart")
        .token;
    assert_eq!(first.verifier().verify(&again).await, Ok(principal));

    // Another installation's key is another key.
    assert_ne!(SigningKey::generate().jwks(), first.jwks());
}

#[test]
fn servers_starting_at_once_agree_on_one_signing_key() {
    for _ in 0..8 {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("signing.pem");
        let barrier = std::sync::Barrier::new(8);
        let keys: Vec<_> = std::thread::scope(|s| {
            let starts: Vec<_> = (0..8)
                .map(|_| {
                    s.spawn(|| {
                        barrier.wait();
                        SigningKey::load_or_create(&path).map(|k| k.jwks())
                    })
                })
                .collect();
            starts.into_iter().map(|t| t.join().expect("no panic")).collect()
        });
        let first = keys[0].as_ref().expect("the first start has a key").clone();
        for key in &keys {
            assert_eq!(
                key.as_ref().ok(),
                Some(&first),
                "every start loads the one key, got {key:?}"
            );
        }
        let files: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list the directory")
            .map(|f| f.expect("a directory entry").file_name())
            .collect();
        assert_eq!(files, ["signing.pem"], "no temporary files are left behind");
    }
}
