//! The two identity adapters, each fresh per test: the embedded provider over a SQLite store
//! in a temporary directory, and the Cognito adapter over a new user pool on the
//! AWS-compatible endpoint in `TURNAKI_TEST_AWS_ENDPOINT` (moto).

use std::sync::Arc;

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::types::{
    AttributeDataType, ExplicitAuthFlowsType, SchemaAttributeType, StringAttributeConstraintsType,
};
use jsonwebtoken::jwk::JwkSet;
use turnaki_shared::identity::cognito::CognitoIdentity;
use turnaki_shared::identity::embedded::{EmbeddedIdentity, SigningKey};
use turnaki_shared::identity::{IdentityProvider, TokenVerifier};
use turnaki_shared::store::Store;

/// The region the test pools live in.
pub const REGION: &str = turnaki_testkit::REGION;

/// One adapter under test: the provider, the verifier its tokens are checked with, the
/// public keys it publishes (what an attacker can read too), and the store the clinic's
/// records go to beside its accounts (the embedded provider's own; a fresh one for Cognito).
pub struct Adapter {
    pub provider: Arc<dyn IdentityProvider>,
    pub verifier: TokenVerifier,
    pub published_keys: JwkSet,
    pub store: Arc<dyn Store>,
    /// The SQLite store's directory, removed on drop.
    _dir: tempfile::TempDir,
}

/// A store directory and SQLite store of its own.
pub async fn sqlite_store() -> (Arc<dyn Store>, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temporary directory");
    (turnaki_testkit::sqlite_store_in(dir.path()).await, dir)
}

/// The embedded provider with a fresh store and a fresh signing key.
pub async fn embedded() -> Adapter {
    let (store, dir) = sqlite_store().await;
    let key = SigningKey::generate();
    Adapter {
        verifier: key.verifier(),
        published_keys: key.jwks(),
        provider: Arc::new(EmbeddedIdentity::new(Arc::clone(&store), key)),
        store,
        _dir: dir,
    }
}

/// The AWS-compatible endpoint, without a trailing slash. Missing, the Cognito cases fail
/// rather than skip: a green run must mean both adapters passed.
pub fn aws_endpoint() -> String {
    turnaki_testkit::endpoint("TURNAKI_TEST_AWS_ENDPOINT")
}

/// A Cognito client for the test endpoint.
pub async fn cognito_client(endpoint: &str) -> Client {
    Client::new(&turnaki_testkit::aws_config(endpoint).await)
}

fn custom_string(name: &str) -> SchemaAttributeType {
    SchemaAttributeType::builder()
        .name(name)
        .attribute_data_type(AttributeDataType::String)
        .mutable(true)
        .developer_only_attribute(false)
        .string_attribute_constraints(
            StringAttributeConstraintsType::builder()
                .min_length("0")
                .max_length("64")
                .build(),
        )
        .build()
}

/// A new user pool (custom `tenant_id`, `role`, `person_id`) and a secretless app client
/// allowed to sign in with a password; returns the pool id and the client id.
pub async fn user_pool(client: &Client) -> (String, String) {
    let pool = client
        .create_user_pool()
        .pool_name(format!(
            "turnaki-test-{}",
            ulid::Ulid::generate().to_string().to_lowercase()
        ))
        .schema(custom_string("tenant_id"))
        .schema(custom_string("role"))
        .schema(custom_string("person_id"))
        .send()
        .await
        .expect("create the test user pool");
    let pool_id = pool
        .user_pool()
        .and_then(|p| p.id())
        .expect("the new pool has an id")
        .to_owned();
    let app = client
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name("turnaki-test")
        .generate_secret(false)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        .send()
        .await
        .expect("create the test app client");
    let client_id = app
        .user_pool_client()
        .and_then(|c| c.client_id())
        .expect("the new app client has an id")
        .to_owned();
    (pool_id, client_id)
}

/// Where the endpoint publishes a pool's keys (moto's tokens name real AWS as their issuer,
/// so the key set is fetched from elsewhere).
pub fn jwks_url(endpoint: &str, pool_id: &str) -> String {
    format!("{endpoint}/{pool_id}/.well-known/jwks.json")
}

/// The Cognito adapter over a fresh user pool, verified as the AWS column verifies it.
pub async fn cognito() -> Adapter {
    let endpoint = aws_endpoint();
    let client = cognito_client(&endpoint).await;
    let (pool_id, client_id) = user_pool(&client).await;
    let provider = CognitoIdentity::new(client, &pool_id, client_id);
    let url = jwks_url(&endpoint, &pool_id);
    let published_keys = reqwest::get(&url)
        .await
        .and_then(reqwest::Response::error_for_status)
        .expect("fetch the pool's key set")
        .json::<JwkSet>()
        .await
        .expect("the pool's key set is a JWKS");
    let (store, dir) = sqlite_store().await;
    Adapter {
        verifier: provider.verifier(REGION, Some(&url)),
        published_keys,
        provider: Arc::new(provider),
        store,
        _dir: dir,
    }
}
