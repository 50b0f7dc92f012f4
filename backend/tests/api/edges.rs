//! What the framework answers itself is a problem too, and every answer carries a request id.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use turnaki_shared::api::paths;

use crate::helpers::{StoreKind, expect, expect_problem, spawn_app};

#[tokio::test]
async fn unknown_routes_wrong_methods_and_huge_bodies_are_problems() {
    let app = spawn_app(StoreKind::Sqlite).await;
    let api = app.anonymous();
    // Spelled out: no route has this path, so no builder does.
    expect_problem(
        api.call(Method::GET, "/v1/nothing-here", None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let put = api.call(Method::PUT, &paths::health(), None).await;
    assert_eq!(
        put.headers().get("allow").and_then(|v| v.to_str().ok()),
        Some("GET,HEAD")
    );
    expect_problem(put, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
    let huge = json!({ "email": "a".repeat(100_000), "password": "x" });
    expect_problem(
        api.request_token(&huge).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    )
    .await;
}

#[tokio::test]
async fn every_answer_carries_a_distinct_request_id() {
    let app = spawn_app(StoreKind::Sqlite).await;
    let a = app.anonymous().health().await;
    let b = app.anonymous().health().await;
    let id = |r: &reqwest::Response| r.headers().get("x-request-id").unwrap().to_str().unwrap().to_owned();
    assert_ne!(id(&a), id(&b));
    assert_eq!(id(&a).len(), 26, "a ULID");
    let health: Value = expect(a, StatusCode::OK).await;
    assert_eq!(health["store"], "ok");
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_look_the_same() {
    let app = spawn_app(StoreKind::Sqlite).await;
    for email in [crate::helpers::OWNER, "nobody@turnaki.test"] {
        let answer = app
            .anonymous()
            .request_token(&json!({ "email": email, "password": "wrong password" }))
            .await;
        expect_problem(answer, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
}

#[tokio::test]
async fn public_routes_are_limited_per_client() {
    let app = crate::helpers::spawn_app_limited(StoreKind::Sqlite, 2).await;
    let api = app.anonymous();
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(api.clinic("nowhere").await.status().as_u16());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 404).count(),
        6,
        "a burst of three seconds' worth: {statuses:?}"
    );
    let limited = api.clinic("nowhere").await;
    assert!(limited.headers().contains_key("retry-after"));
    expect_problem(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // Signed-in routes are not limited this way.
    expect_problem(api.treatments().await, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

#[tokio::test]
async fn sign_in_shares_the_public_limit_and_keys_config_and_health_do_not() {
    let app = crate::helpers::spawn_app_limited(StoreKind::Sqlite, 2).await;
    let api = app.anonymous();
    let wrong = json!({ "email": "nobody@example.com", "password": "" });
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(api.request_token(&wrong).await.status().as_u16());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 422).count(),
        6,
        "a burst of three seconds' worth: {statuses:?}"
    );
    expect_problem(
        api.request_token(&wrong).await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
    )
    .await;
    expect_problem(
        api.clinic("nowhere").await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
    )
    .await;
    for (what, answer) in [
        ("keys", api.jwks().await),
        ("config", api.config().await),
        ("health", api.health().await),
        ("openapi", api.openapi().await),
    ] {
        assert_eq!(answer.status(), StatusCode::OK, "{what}");
    }
}

#[tokio::test]
async fn the_spa_learns_how_to_sign_in_and_the_keys_are_published() {
    let app = spawn_app(StoreKind::Sqlite).await;
    let config: Value = expect(app.anonymous().config().await, StatusCode::OK).await;
    assert_eq!(config["auth"], "embedded");
    let jwks: Value = expect(app.anonymous().jwks().await, StatusCode::OK).await;
    let key = &jwks["keys"][0];
    assert_eq!((key["kty"].as_str(), key["alg"].as_str()), (Some("RSA"), Some("RS256")));
    assert!(key.get("d").is_none(), "no private part");
}

#[tokio::test]
async fn only_allowlisted_origins_may_call_from_a_browser() {
    let edge = turnaki_backend::edge::EdgeConfig {
        cors_origins: vec!["https://sonrisa.example".parse().unwrap()],
        ..Default::default()
    };
    let app = crate::helpers::spawn_app_with(StoreKind::Sqlite, 0, edge).await;
    let api = app.anonymous();
    let preflight = |origin: &'static str| {
        api.request(Method::OPTIONS, &paths::bookings())
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization,content-type,idempotency-key",
            )
            .send()
    };
    let allowed = preflight("https://sonrisa.example").await.unwrap();
    let header = |r: &reqwest::Response, name: &str| r.headers().get(name).map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(
        header(&allowed, "access-control-allow-origin").as_deref(),
        Some("https://sonrisa.example")
    );
    assert!(
        header(&allowed, "access-control-allow-headers")
            .unwrap()
            .contains("idempotency-key")
    );
    let other = preflight("https://evil.example").await.unwrap();
    assert_eq!(header(&other, "access-control-allow-origin"), None);
}

#[tokio::test]
async fn a_request_that_panics_gets_a_500_problem_and_the_server_keeps_serving() {
    // Only this test has a route that panics: the edge layers are the ones every service uses.
    async fn boom() -> &'static str {
        panic!("a bug in a handler")
    }
    let router = axum::Router::new()
        .route("/boom", axum::routing::get(boom))
        .route("/fine", axum::routing::get(|| async { "still here" }));
    let service = turnaki_backend::edge::layers(router, &turnaki_backend::edge::EdgeConfig::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, service).await.unwrap() });
    let client = reqwest::Client::new();
    for _ in 0..3 {
        let answer = client.get(format!("{address}/boom")).send().await.unwrap();
        let problem = expect_problem(answer, StatusCode::INTERNAL_SERVER_ERROR, "internal").await;
        assert!(
            problem.get("detail").is_none(),
            "the panic's text stays in the log: {problem}"
        );
    }
    let fine = client.get(format!("{address}/fine")).send().await.unwrap();
    assert_eq!(fine.status(), StatusCode::OK);
    assert_eq!(fine.text().await.unwrap(), "still here");
}
