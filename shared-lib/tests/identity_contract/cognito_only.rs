//! What only the Cognito column does: keys fetched from the pool, one verifier per pool.

use turnaki_shared::domain::Role;
use turnaki_shared::identity::cognito::CognitoIdentity;
use turnaki_shared::identity::embedded::SigningKey;
use turnaki_shared::identity::{AuthError, Claims, IdentityProvider};
use turnaki_shared::ids::TenantId;

use crate::cases::{PASSWORD, account, email};
use crate::fixture::{self, REGION};

/// moto signs every pool's tokens with one key, as if all pools were one: only the issuer
/// and audience keep a token of one pool out of another. Real pools have keys of their own,
/// so this holds there twice over.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_from_another_user_pool_is_refused() {
    let endpoint = fixture::aws_endpoint();
    let client = fixture::cognito_client(&endpoint).await;
    let (pool_a, client_a) = fixture::user_pool(&client).await;
    let (pool_b, client_b) = fixture::user_pool(&client).await;
    let a = CognitoIdentity::new(client.clone(), &pool_a, client_a);
    let b = CognitoIdentity::new(client, &pool_b, client_b);
    let email = email("wanderer");
    a.create_account(&account(&email, Role::Admin, Some(TenantId::new()), None))
        .await
        .expect("create the account in pool A");
    let token = a.sign_in(&email, PASSWORD).await.expect("sign in to pool A").token;
    let verify_a = a.verifier(REGION, Some(&fixture::jwks_url(&endpoint, &pool_a)));
    let verify_b = b.verifier(REGION, Some(&fixture::jwks_url(&endpoint, &pool_b)));
    assert!(verify_a.verify(&token).await.is_ok(), "pool A accepts its own token");
    let result = verify_b.verify(&token).await;
    assert!(
        matches!(result, Err(AuthError::Invalid(_))),
        "pool B refuses pool A's token, got {result:?}"
    );
}

#[tokio::test]
async fn keys_that_cannot_be_fetched_are_reported_as_unavailable() {
    // A loopback port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let config = aws_sdk_cognitoidentityprovider::Config::builder()
        .behavior_version(aws_sdk_cognitoidentityprovider::config::BehaviorVersion::latest())
        .region(aws_sdk_cognitoidentityprovider::config::Region::new(REGION))
        .build();
    let identity = CognitoIdentity::new(
        aws_sdk_cognitoidentityprovider::Client::from_conf(config),
        "us-east-1_nowhere",
        "client",
    );
    let verifier = identity.verifier(REGION, Some(&format!("http://127.0.0.1:{port}/jwks.json")));
    let token = SigningKey::generate().sign(&Claims {
        sub: "subject".into(),
        email: None,
        tenant_id: Some(TenantId::new().to_string()),
        role: Role::Patient.as_str().into(),
        person_id: None,
        iss: fixture_issuer(),
        aud: "client".into(),
        exp: u64::MAX / 2,
        iat: 0,
    });
    let result = verifier.verify(&token).await;
    assert!(
        matches!(result, Err(AuthError::KeysUnavailable(_))),
        "expected the keys to be reported unavailable, got {result:?}"
    );
}

fn fixture_issuer() -> String {
    turnaki_shared::identity::cognito::issuer(REGION, "us-east-1_nowhere")
}
