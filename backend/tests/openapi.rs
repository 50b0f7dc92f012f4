//! The OpenAPI document: generated from the routes, committed as `docs/openapi.json`, served at
//! `/v1/openapi.json`, and covering exactly the routes of DESIGN §8 with their security and
//! problem answers.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::Value;
use tower::ServiceExt;
use turnaki_backend::app::{self, RouteGroup};
use turnaki_backend::edge::EdgeConfig;
use turnaki_backend::serve::embedded_app;
use turnaki_shared::api::bookings::{AvailabilityQuery, CalendarQuery, MyBookingsQuery};
use turnaki_shared::api::links::ToCallQuery;
use turnaki_shared::api::paths::{self, PageQuery, UsageQuery};
use turnaki_shared::api::problem::ProblemCode;
use turnaki_shared::api::recalls::RecallQuery;
use turnaki_shared::api::resources::RangeQuery;
use turnaki_shared::clock::SystemClock;

/// Where the committed document lives.
const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/openapi.json");

/// DESIGN §8, as routed: method, path, and whether the caller must be signed in.
const ROUTES: &[(&str, &str, bool)] = &[
    ("GET", "/health", false),
    ("POST", "/v1/auth/token", false),
    ("GET", "/.well-known/jwks.json", false),
    ("GET", "/config.json", false),
    ("GET", "/v1/tenants", true),
    ("POST", "/v1/tenants", true),
    ("GET", "/v1/tenants/{id}", true),
    ("PATCH", "/v1/tenants/{id}", true),
    ("GET", "/v1/treatments", true),
    ("POST", "/v1/treatments", true),
    ("GET", "/v1/treatments/{id}", true),
    ("PATCH", "/v1/treatments/{id}", true),
    ("DELETE", "/v1/treatments/{id}", true),
    ("GET", "/v1/professionals", true),
    ("POST", "/v1/professionals", true),
    ("GET", "/v1/professionals/{id}", true),
    ("PATCH", "/v1/professionals/{id}", true),
    ("DELETE", "/v1/professionals/{id}", true),
    ("GET", "/v1/professionals/{id}/time-off", true),
    ("POST", "/v1/professionals/{id}/time-off", true),
    ("DELETE", "/v1/professionals/{id}/time-off/{time_off_id}", true),
    ("GET", "/v1/chairs", true),
    ("POST", "/v1/chairs", true),
    ("PATCH", "/v1/chairs/{id}", true),
    ("DELETE", "/v1/chairs/{id}", true),
    ("GET", "/v1/users", true),
    ("POST", "/v1/users", true),
    ("GET", "/v1/public/clinics/{slug}", false),
    ("GET", "/v1/public/clinics/{slug}/availability", false),
    ("POST", "/v1/public/clinics/{slug}/register", false),
    ("POST", "/v1/public/clinics/{slug}/holds", false),
    ("POST", "/v1/bookings", true),
    ("GET", "/v1/bookings", true),
    ("GET", "/v1/bookings/{id}", true),
    ("PATCH", "/v1/bookings/{id}", true),
    ("POST", "/v1/bookings/{id}/cancel", true),
    ("POST", "/v1/bookings/{id}/reschedule", true),
    ("GET", "/v1/me/bookings", true),
    ("GET", "/v1/me/texts", true),
    ("PUT", "/v1/me/texts", true),
    // Issue 16 §1: acting from a message's links (public: the token is in the body), and
    // reception's to-call list.
    ("POST", "/v1/public/clinics/{slug}/bookings/{id}/link", false),
    ("POST", "/v1/public/clinics/{slug}/bookings/{id}/link/{action}", false),
    ("GET", "/v1/to-call", true),
    ("POST", "/v1/bookings/{id}/called", true),
    // Issue 16 §2: the waitlist, and the links of its offers.
    ("GET", "/v1/me/waitlist", true),
    ("POST", "/v1/me/waitlist", true),
    ("DELETE", "/v1/me/waitlist/{id}", true),
    ("GET", "/v1/waitlist", true),
    ("POST", "/v1/waitlist", true),
    ("DELETE", "/v1/waitlist/{id}", true),
    // Issue 16 §3 and §5: the recall list and the month's figures.
    ("GET", "/v1/recalls", true),
    ("GET", "/v1/figures", true),
    ("POST", "/v1/public/clinics/{slug}/offers/{id}/link", false),
    ("POST", "/v1/public/clinics/{slug}/offers/{id}/link/{action}", false),
    ("GET", "/v1/outbox", true),
    ("GET", "/v1/usage", true),
    ("GET", "/v1/openapi.json", false),
];

/// Operations no client mistake can fail: they have no 4xx answer to document.
const NO_CLIENT_ERRORS: &[(&str, &str)] = &[("GET", "/health"), ("GET", "/config.json"), ("GET", "/v1/openapi.json")];

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

fn generated() -> Value {
    serde_json::to_value(app::openapi()).expect("the document serialises")
}

/// Every operation of `document`: (METHOD, path) to the operation object.
fn operations(document: &Value) -> BTreeMap<(String, String), &Value> {
    let paths = document["paths"].as_object().expect("paths");
    paths
        .iter()
        .flat_map(|(path, item)| {
            METHODS.iter().filter_map(move |method| {
                item.get(*method)
                    .map(|operation| ((method.to_uppercase(), path.clone()), operation))
            })
        })
        .collect()
}

/// `value`, or what its `$ref` points to inside `document`.
fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference.strip_prefix('#').expect("a local reference");
            document
                .pointer(pointer)
                .unwrap_or_else(|| panic!("{reference} does not resolve"))
        }
        None => value,
    }
}

/// Whether `response` (resolved) is a problem answer.
fn is_problem(document: &Value, response: &Value) -> bool {
    let response = resolve(document, response);
    response["content"]["application/problem+json"]["schema"]["$ref"] == "#/components/schemas/Problem"
}

async fn service(dir: &std::path::Path) -> Router {
    let store = turnaki_testkit::sqlite_store_in(dir).await;
    let app = embedded_app(store, dir, 0, Arc::new(SystemClock)).expect("embedded app");
    app::service(Arc::new(app), &RouteGroup::ALL, &EdgeConfig::default(), None)
}

async fn call(service: &Router, method: &str, uri: &str) -> (StatusCode, Option<String>, Vec<u8>) {
    let request = Request::builder()
        .method(Method::from_bytes(method.as_bytes()).expect("method"))
        .uri(uri)
        .body(Body::empty())
        .expect("request");
    let response = service.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().expect("ascii").to_owned());
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body");
    (status, content_type, body.to_vec())
}

#[test]
fn the_committed_document_is_current() {
    let committed: Value = std::fs::read_to_string(COMMITTED)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or(Value::Null);
    assert!(
        committed == generated(),
        "docs/openapi.json is stale: run `cargo run -p turnaki-backend --bin turnaki -- openapi > docs/openapi.json`"
    );
}

#[tokio::test]
async fn the_service_serves_the_same_document() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let service = service(dir.path()).await;
    let (status, content_type, body) = call(&service, "GET", "/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type.as_deref(), Some("application/json"));
    let served: Value = serde_json::from_slice(&body).expect("JSON");
    assert!(served == generated(), "/v1/openapi.json differs from app::openapi()");
    assert_eq!(served["info"]["title"], "Turnaki API");
    assert_eq!(served["info"]["version"], env!("CARGO_PKG_VERSION"));
    let bearer = &served["components"]["securitySchemes"]["bearer"];
    assert_eq!((&bearer["type"], &bearer["scheme"]), (&"http".into(), &"bearer".into()));
    assert_eq!(bearer["bearerFormat"], "JWT");
}

#[test]
fn the_documented_routes_are_those_of_design_section_8() {
    let document = generated();
    let documented: BTreeSet<(String, String)> = operations(&document).into_keys().collect();
    let designed: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(method, path, _)| ((*method).to_owned(), (*path).to_owned()))
        .collect();
    let missing: Vec<_> = designed.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&designed).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "undocumented: {missing:?}; not in DESIGN §8: {extra:?}"
    );
}

#[test]
fn signed_in_operations_declare_the_bearer_scheme_and_public_ones_none() {
    let document = generated();
    let operations = operations(&document);
    for (method, path, signed_in) in ROUTES {
        let operation = operations[&((*method).to_owned(), (*path).to_owned())];
        let schemes: Vec<&str> = operation["security"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|requirement| requirement.as_object().expect("a requirement").keys())
            .map(String::as_str)
            .collect();
        let expected: &[&str] = if *signed_in { &["bearer"] } else { &[] };
        assert_eq!(schemes, expected, "{method} {path}");
        if *signed_in {
            assert!(operation["responses"].get("401").is_some(), "{method} {path}: no 401");
        }
    }
}

/// Codes only the framework answers with (an unrouted method, another 4xx, a 5xx), which no
/// route documents.
const UNDOCUMENTED_CODES: &[ProblemCode] = &[
    ProblemCode::BadRequest,
    ProblemCode::MethodNotAllowed,
    ProblemCode::Internal,
];

#[test]
fn every_problem_code_a_route_can_answer_is_documented_in_its_own_words() {
    let document = generated();
    let responses = document["components"]["responses"].as_object().expect("responses");
    let texts: Vec<&str> = responses.values().filter_map(|r| r["description"].as_str()).collect();
    for &code in ProblemCode::ALL {
        let line = format!("- `{code}`: {}", code.meaning());
        let documented = texts.iter().any(|t| t.lines().any(|l| l == line));
        assert_eq!(
            documented,
            !UNDOCUMENTED_CODES.contains(&code),
            "`{code}` documented: {documented}"
        );
    }
}

#[test]
fn every_operation_documents_its_client_errors_as_problems() {
    let document = generated();
    for ((method, path), operation) in operations(&document) {
        let responses = operation["responses"].as_object().expect("responses");
        let mut client_errors = 0;
        for (status, response) in responses {
            let code: u16 = status
                .parse()
                .unwrap_or_else(|_| panic!("{method} {path}: status {status}"));
            if code >= 400 {
                assert!(
                    is_problem(&document, response),
                    "{method} {path}: {status} is not application/problem+json with a Problem"
                );
            }
            client_errors += usize::from((400..500).contains(&code));
        }
        assert!(
            responses.keys().any(|s| s.starts_with('2')),
            "{method} {path}: no success answer"
        );
        if NO_CLIENT_ERRORS.contains(&(method.as_str(), path.as_str())) {
            assert_eq!(
                client_errors, 0,
                "{method} {path} now documents a 4xx: drop it from NO_CLIENT_ERRORS"
            );
        } else {
            assert!(client_errors > 0, "{method} {path}: no 4xx problem documented");
        }
    }
}

#[test]
fn every_reference_resolves_and_operations_are_named_once() {
    fn walk<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    found.push(reference);
                }
                map.values().for_each(|v| walk(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, found)),
            _ => {}
        }
    }
    let document = generated();
    let mut references = Vec::new();
    walk(&document, &mut references);
    assert!(!references.is_empty());
    for reference in references {
        resolve(&document, &serde_json::json!({ "$ref": reference }));
    }
    let mut ids = BTreeSet::new();
    for ((method, path), operation) in operations(&document) {
        let id = operation["operationId"].as_str().expect("an operationId");
        assert!(
            ids.insert(id.to_owned()),
            "{method} {path}: operationId {id} is used twice"
        );
        assert!(
            operation["tags"].as_array().is_some_and(|t| t.len() == 1),
            "{method} {path}: one tag"
        );
        assert!(
            operation["summary"].as_str().is_some_and(|s| !s.is_empty()),
            "{method} {path}: summary"
        );
    }
}

/// Each documented operation is served (signed-in ones ask for a token), and the methods a
/// documented path does not list are refused with 405.
#[tokio::test]
async fn the_documented_routes_are_the_served_ones() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let service = service(dir.path()).await;
    let document = generated();
    let operations = operations(&document);
    let concrete = |path: &str| {
        path.replace("{id}", "01JQ3Z6W7K8M9N0P1Q2R3S4T5V")
            .replace("{time_off_id}", "01JQ3Z6W7K8M9N0P1Q2R3S4T5W")
            .replace("{slug}", "no-such-clinic")
    };
    for (method, path, signed_in) in ROUTES {
        let (status, _, _) = call(&service, method, &concrete(path)).await;
        if *signed_in {
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {path}");
        } else {
            assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        }
    }
    let paths: BTreeSet<&str> = ROUTES.iter().map(|(_, path, _)| *path).collect();
    for path in paths {
        for method in ["GET", "POST", "PATCH", "DELETE", "PUT"] {
            if operations.contains_key(&(method.to_owned(), path.to_owned())) {
                continue;
            }
            let (status, _, _) = call(&service, method, &concrete(path)).await;
            assert_eq!(
                status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path} is served but not documented"
            );
        }
    }
}

#[test]
fn every_path_builder_fills_a_documented_path_and_every_documented_path_has_a_builder() {
    let document = generated();
    let documented: BTreeSet<&str> = document["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .map(String::as_str)
        .collect();
    // A value that must be encoded: a builder that forgot to would split it into segments.
    let value = "a b/c";
    let mut built = BTreeSet::new();
    for (template, path) in paths::every_builder(value) {
        assert!(
            documented.contains(template),
            "{template} is not a path of the document"
        );
        let want = template
            .split('/')
            .map(|segment| if segment.starts_with('{') { "a%20b%2Fc" } else { segment })
            .collect::<Vec<_>>()
            .join("/");
        assert_eq!(path, want, "the builder of {template}");
        assert!(built.insert(template), "{template} has two builders");
    }
    let missing: Vec<_> = documented.difference(&built).collect();
    assert!(
        missing.is_empty(),
        "documented paths without a builder in api::paths: {missing:?}"
    );
}

/// The query keys of `path`: `?a=1&b=2` gives `{a, b}`.
fn query_keys(path: &str) -> BTreeSet<String> {
    let (_, query) = path.split_once('?').unwrap_or((path, ""));
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split('=').next().expect("a key").to_owned())
        .collect()
}

/// The query parameters the document lists for `GET template`.
fn documented_query(document: &Value, template: &str) -> BTreeSet<String> {
    document["paths"][template]["get"]["parameters"]
        .as_array()
        .unwrap_or_else(|| panic!("GET {template} has no parameters"))
        .iter()
        .filter(|p| p["in"] == "query")
        .map(|p| p["name"].as_str().expect("a name").to_owned())
        .collect()
}

#[test]
fn every_query_a_builder_sends_is_the_documented_one() {
    let document = generated();
    let set = || Some("x".to_owned());
    // Every field set, so each key the builder can send is checked: a field the document
    // does not list, or a listed parameter the query type lacks, fails.
    let calendar = CalendarQuery {
        from: set(),
        to: set(),
        professional_id: set(),
        status: set(),
        cursor: set(),
        limit: set(),
    };
    let mine = MyBookingsQuery {
        cursor: set(),
        limit: set(),
        past: Some(true),
    };
    let availability = AvailabilityQuery {
        treatment_id: set(),
        professional_id: set(),
        from: set(),
        to: set(),
    };
    let range = RangeQuery { from: set(), to: set() };
    let page = PageQuery {
        cursor: set(),
        limit: Some(1),
    };
    let exact = [
        ("/v1/bookings", paths::with_query(paths::bookings(), &calendar)),
        ("/v1/me/bookings", paths::with_query(paths::my_bookings(), &mine)),
        (
            "/v1/public/clinics/{slug}/availability",
            paths::with_query(paths::availability("s"), &availability),
        ),
        (
            "/v1/professionals/{id}/time-off",
            paths::with_query(paths::time_off("p"), &range),
        ),
        (
            "/v1/usage",
            paths::with_query(paths::usage(), &UsageQuery { month: set() }),
        ),
        (
            "/v1/figures",
            paths::with_query(paths::figures(), &UsageQuery { month: set() }),
        ),
        (
            "/v1/to-call",
            paths::with_query(paths::to_call(), &ToCallQuery { date: set() }),
        ),
        (
            "/v1/recalls",
            paths::with_query(
                paths::recalls(),
                &RecallQuery {
                    status: set(),
                    cursor: set(),
                    limit: set(),
                },
            ),
        ),
    ];
    for (template, path) in exact {
        assert_eq!(
            query_keys(&path),
            documented_query(&document, template),
            "GET {template}"
        );
    }
    // The lists that page with `cursor` and `limit` (the others answer in one page).
    for list in [paths::tenants(), paths::outbox(), paths::waitlist()] {
        let path = paths::with_query(list.clone(), &page);
        assert_eq!(query_keys(&path), documented_query(&document, &list), "GET {list}");
    }
}
