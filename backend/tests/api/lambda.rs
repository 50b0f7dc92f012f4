//! The Lambda adapter, fed API Gateway HTTP API (v2) events from our own fixtures: the
//! same routers behind `lambda_http`, on DynamoDB and Cognito (moto).

use aws_sdk_cognitoidentityprovider::types::{AttributeDataType, ExplicitAuthFlowsType, SchemaAttributeType};
use lambda_http::request::LambdaRequest;
use lambda_http::{Adapter, Context, LambdaEvent, Service};
use serde_json::Value;
use std::sync::Arc;
use turnaki_backend::app::RouteGroup;
use turnaki_backend::lambda::{LambdaEnv, service};

use turnaki_shared::catalog::Catalog;
use turnaki_shared::domain::{BookingRules, Locale, Role, Tenant};
use turnaki_shared::identity::cognito::CognitoIdentity;
use turnaki_shared::identity::{IdentityProvider, NewAccount};
use turnaki_shared::ids::TenantId;
use turnaki_shared::store::Store;
use turnaki_shared::store::dynamodb::DynamoStore;

use crate::helpers::PASSWORD;

/// A function's environment on the test endpoint, with a fresh table, user pool and client.
pub(crate) async fn environment() -> (LambdaEnv, CognitoIdentity, Tenant) {
    let endpoint = turnaki_testkit::endpoint("TURNAKI_TEST_AWS_ENDPOINT");
    assert!(
        std::env::var("AWS_ACCESS_KEY_ID").is_ok(),
        "AWS_ACCESS_KEY_ID is not set: scripts/test.sh exports test credentials for moto"
    );
    // The function itself reads the environment's credentials; the set-up uses the kit's.
    let config = turnaki_testkit::aws_config(&endpoint).await;
    let cognito = aws_sdk_cognitoidentityprovider::Client::new(&config);
    let custom = |name: &str| {
        SchemaAttributeType::builder()
            .name(name)
            .attribute_data_type(AttributeDataType::String)
            .mutable(true)
            .build()
    };
    let pool = cognito
        .create_user_pool()
        .pool_name(format!("turnaki-{}", ulid::Ulid::generate()))
        .schema(custom("tenant_id"))
        .schema(custom("role"))
        .schema(custom("person_id"))
        .send()
        .await
        .expect("user pool");
    let pool_id = pool.user_pool().and_then(|p| p.id()).expect("pool id").to_owned();
    let client = cognito
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name("spa")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        .send()
        .await
        .expect("app client");
    let client_id = client
        .user_pool_client()
        .and_then(|c| c.client_id())
        .expect("client id")
        .to_owned();
    let table = format!("turnaki-lambda-{}", ulid::Ulid::generate().to_string().to_lowercase());
    let store = Arc::new(DynamoStore::new(aws_sdk_dynamodb::Client::new(&config), table.clone()));
    store.migrate().await.expect("table");
    let tenant = Tenant {
        id: TenantId::new(),
        slug: "lambda".parse().unwrap(),
        name: "Clínica Lambda".into(),
        address: String::new(),
        time_zone: "America/Santiago".parse().unwrap(),
        locale: Locale::Es,
        rules: BookingRules::default(),
        country: None,
        channels: Default::default(),
        created_at: chrono::Utc::now(),
    };
    Catalog::new(store)
        .create_tenant(&tenant, &turnaki_testkit::clinic::admin_of(&tenant))
        .await
        .expect("clinic");
    let env = LambdaEnv {
        table,
        jwks_url: Some(format!("{endpoint}/{pool_id}/.well-known/jwks.json")),
        user_pool_id: pool_id.clone(),
        client_id: client_id.clone(),
        region: turnaki_testkit::REGION.into(),
        aws_endpoint: Some(endpoint),
        cors_origins: Vec::new(),
        link_key_id: turnaki_testkit::Moto::from_env().await.link_key().await,
    };
    (env, CognitoIdentity::new(cognito, pool_id, client_id), tenant)
}

/// Pushes one fixture event through the function serving `group`; returns the
/// API Gateway response as JSON.
async fn invoke(env: &LambdaEnv, group: RouteGroup, fixture: &str, token: &str) -> Value {
    let path = format!("{}/tests/api/fixtures/{fixture}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path)
        .expect("fixture")
        .replace("{{TOKEN}}", token);
    let request: LambdaRequest = serde_json::from_str(&text).expect("an API Gateway v2 event");
    let mut adapter = Adapter::from(service(env, &[group]).await);
    let response = adapter
        .call(LambdaEvent::new(request, Context::default()))
        .await
        .expect("the function answers");
    serde_json::to_value(response).expect("a response serialises")
}

fn body(response: &Value) -> Value {
    serde_json::from_str(response["body"].as_str().expect("a text body")).expect("a JSON body")
}

fn header<'a>(response: &'a Value, name: &str) -> Option<&'a str> {
    response["headers"][name].as_str()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_gateway_events_reach_the_same_routers_with_cognito_tokens() {
    let (env, cognito, clinic) = environment().await;
    cognito
        .create_account(&NewAccount {
            email: "admin@lambda.test".parse().unwrap(),
            name: "Ana".into(),
            role: Role::Admin,
            tenant: Some(clinic.id),
            person_id: None,
            password: Some(PASSWORD.into()),
        })
        .await
        .expect("account");
    let token = cognito
        .sign_in(&"admin@lambda.test".parse().unwrap(), PASSWORD)
        .await
        .expect("sign in")
        .token;

    let health = invoke(&env, RouteGroup::Health, "health.json", "").await;
    assert_eq!(health["statusCode"], 200, "{health}");
    assert_eq!(body(&health)["store"], "ok");
    assert!(header(&health, "x-request-id").is_some(), "{health}");

    let empty = invoke(&env, RouteGroup::Treatments, "treatments-list.json", &token).await;
    assert_eq!(empty["statusCode"], 200, "{empty}");
    assert_eq!(body(&empty)["items"], serde_json::json!([]));

    let created = invoke(&env, RouteGroup::Treatments, "treatments-create.json", &token).await;
    assert_eq!(created["statusCode"], 201, "{created}");
    assert_eq!(body(&created)["name"], "Limpieza");
    let listed = invoke(&env, RouteGroup::Treatments, "treatments-list.json", &token).await;
    assert_eq!(body(&listed)["items"][0]["id"], body(&created)["id"]);

    for (group, fixture, token, status, code) in [
        (
            RouteGroup::Treatments,
            "treatments-no-token.json",
            "",
            401,
            "unauthenticated",
        ),
        (
            RouteGroup::Treatments,
            "treatments-list.json",
            "forged.token.value",
            401,
            "unauthenticated",
        ),
        (
            RouteGroup::Treatments,
            "treatments-bad-body.json",
            token.as_str(),
            422,
            "validation_failed",
        ),
        // Each function serves only its own group's routes.
        (
            RouteGroup::Treatments,
            "bookings-calendar.json",
            token.as_str(),
            404,
            "not_found",
        ),
        (
            RouteGroup::Bookings,
            "treatments-list.json",
            token.as_str(),
            404,
            "not_found",
        ),
    ] {
        let answer = invoke(&env, group, fixture, token).await;
        assert_eq!(answer["statusCode"], status, "{fixture}: {answer}");
        assert_eq!(
            header(&answer, "content-type"),
            Some("application/problem+json"),
            "{answer}"
        );
        assert_eq!(body(&answer)["code"], code, "{answer}");
    }

    let calendar = invoke(&env, RouteGroup::Bookings, "bookings-calendar.json", &token).await;
    assert_eq!(calendar["statusCode"], 200, "{calendar}");
    assert_eq!(body(&calendar)["items"], serde_json::json!([]));
}
