//! The AWS column: each Lambda builds its state from the environment once and serves its
//! route group through `lambda_http` — the same routers `turnaki serve` mounts.

use std::sync::Arc;

use aws_config::{BehaviorVersion, Region};
use turnaki_shared::clock::SystemClock;
use turnaki_shared::identity::cognito::CognitoIdentity;
use turnaki_shared::links::Links;
use turnaki_shared::links::kms::KmsSigner;
use turnaki_shared::store::dynamodb::{Client, DynamoStore};

use crate::app::{self, RouteGroup};
use crate::edge::EdgeConfig;
use crate::state::App;

/// What a Lambda reads from its environment.
#[derive(Debug, Clone)]
pub struct LambdaEnv {
    /// The single table.
    pub table: String,
    /// The Cognito user pool.
    pub user_pool_id: String,
    /// The SPA's app client (the tokens' audience).
    pub client_id: String,
    /// The region.
    pub region: String,
    /// Override for the pool's JWKS (an AWS-compatible test endpoint).
    pub jwks_url: Option<String>,
    /// Override for every AWS endpoint (tests only).
    pub aws_endpoint: Option<String>,
    /// Allowed browser origins.
    pub cors_origins: Vec<String>,
    /// The KMS HMAC key that signs the links of messages (its id or ARN; the key itself
    /// never leaves KMS).
    pub link_key_id: String,
}

impl LambdaEnv {
    /// Reads `TURNAKI_TABLE`, `COGNITO_USER_POOL_ID`, `COGNITO_CLIENT_ID`, `AWS_REGION`,
    /// `COGNITO_JWKS_URL`, `TURNAKI_AWS_ENDPOINT`, `TURNAKI_CORS_ORIGINS` and `TURNAKI_LINK_KEY_ID`.
    pub fn from_env() -> Result<Self, String> {
        let required = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
        Ok(Self {
            table: required("TURNAKI_TABLE")?,
            user_pool_id: required("COGNITO_USER_POOL_ID")?,
            client_id: required("COGNITO_CLIENT_ID")?,
            region: std::env::var("AWS_REGION").unwrap_or_else(|_| "us-east-1".into()),
            jwks_url: std::env::var("COGNITO_JWKS_URL").ok(),
            aws_endpoint: std::env::var("TURNAKI_AWS_ENDPOINT").ok(),
            cors_origins: std::env::var("TURNAKI_CORS_ORIGINS")
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_owned)
                .collect(),
            link_key_id: required("TURNAKI_LINK_KEY_ID")?,
        })
    }
}

/// The AWS configuration for `region`, at `endpoint` when given (tests).
pub async fn aws_config(region: &str, endpoint: Option<&str>) -> aws_config::SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest()).region(Region::new(region.to_owned()));
    if let Some(endpoint) = endpoint {
        loader = loader.endpoint_url(endpoint);
    }
    loader.load().await
}

/// The AWS column's state: DynamoDB, Cognito, links checked by KMS, and no per-client
/// limiter (WAF does it).
/// Booking events need no publishing: the table's stream carries them to the bus.
pub async fn aws_app(env: &LambdaEnv) -> App {
    let config = aws_config(&env.region, env.aws_endpoint.as_deref()).await;
    let store = Arc::new(DynamoStore::new(Client::new(&config), env.table.clone()));
    let cognito = CognitoIdentity::new(
        aws_sdk_cognitoidentityprovider::Client::new(&config),
        env.user_pool_id.clone(),
        env.client_id.clone(),
    );
    let verifier = cognito.verifier(&env.region, env.jwks_url.as_deref());
    let links = Links::new(Arc::new(KmsSigner::new(
        aws_sdk_kms::Client::new(&config),
        env.link_key_id.clone(),
    )));
    let mut app =
        App::new(store, Arc::new(SystemClock), Arc::new(cognito), verifier).with_links(links, Arc::new(SystemClock));
    app.client_config.auth = "cognito".into();
    app.client_config.cognito_client_id = Some(env.client_id.clone());
    app
}

/// The router one Lambda serves.
pub async fn service(env: &LambdaEnv, groups: &[RouteGroup]) -> axum::Router {
    let edge = EdgeConfig {
        cors_origins: env
            .cors_origins
            .iter()
            .filter_map(|o| axum::http::HeaderValue::from_str(o).ok())
            .collect(),
        ..EdgeConfig::default()
    };
    app::service(Arc::new(aws_app(env).await), groups, &edge, None)
}

/// JSON log lines without timestamps (CloudWatch adds them).
pub fn init_logs() {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_current_span(true)
        .without_time()
        .init();
}

/// A Lambda's whole `main`: JSON logs, state from the environment, then serve.
pub async fn run(groups: &[RouteGroup]) -> Result<(), lambda_http::Error> {
    init_logs();
    let env = LambdaEnv::from_env()?;
    lambda_http::run(service(&env, groups).await).await
}
