//! What every answer passes through: request ids, one log span per request, CORS, the body
//! limit, the per-client limit on public routes, and problem+json for errors the framework
//! itself produced (unknown route, wrong method, body too large, ...).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower_http::LatencyUnit;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use turnaki_shared::api::problem::{PROBLEM_JSON, Problem, ProblemCode};
use utoipa_axum::router::OpenApiRouter;

use crate::error::problem_response;
use crate::state::App;

/// The edge's settings.
#[derive(Debug, Clone)]
pub struct EdgeConfig {
    /// Largest request body in bytes.
    pub body_limit: usize,
    /// Origins allowed to call the API from a browser (same-origin needs none).
    pub cors_origins: Vec<HeaderValue>,
}

impl Default for EdgeConfig {
    fn default() -> Self {
        Self {
            body_limit: 64 * 1024,
            cors_origins: Vec::new(),
        }
    }
}

/// Applies the edge layers to a finished router.
pub fn layers(router: Router, config: &EdgeConfig) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(config.cors_origins.clone()))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([request_id.clone()])
        .max_age(Duration::from_secs(600));
    router
        .layer(middleware::from_fn(problem_for_bare_errors))
        // Inside the request's span, so the panic is logged with its request id; the
        // propagation layer outside puts the same id on the 500 answer.
        .layer(CatchPanicLayer::custom(panicked))
        .layer(DefaultBodyLimit::max(config.body_limit))
        .layer(cors)
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    let id = req
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    // The path only: query strings may carry names or emails.
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
                })
                .on_request(())
                .on_response(
                    DefaultOnResponse::new()
                        .level(tracing::Level::INFO)
                        .latency_unit(LatencyUnit::Micros),
                ),
        )
        .layer(SetRequestIdLayer::new(request_id, UlidRequestId))
}

/// A request that panicked: logged as an error, answered with a 500 problem, and the
/// process goes on serving everyone else.
fn panicked(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let why = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message");
    tracing::error!(panic = why, "request panicked");
    problem_response(&problem_for_status(StatusCode::INTERNAL_SERVER_ERROR))
}

/// Request ids are ULIDs: unique and sortable by time in the logs.
#[derive(Debug, Clone, Copy)]
struct UlidRequestId;

impl MakeRequestId for UlidRequestId {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        HeaderValue::from_str(&ulid::Ulid::generate().to_string())
            .ok()
            .map(RequestId::new)
    }
}

/// The problem for a status the framework answered with.
pub fn problem_for_status(status: StatusCode) -> Problem {
    use ProblemCode as C;
    let (code, title) = match status {
        StatusCode::NOT_FOUND => (C::NotFound, "Not found"),
        StatusCode::METHOD_NOT_ALLOWED => (C::MethodNotAllowed, "Method not allowed"),
        StatusCode::PAYLOAD_TOO_LARGE => (C::PayloadTooLarge, "Request body too large"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (C::UnsupportedMediaType, "Send JSON (Content-Type: application/json)"),
        StatusCode::TOO_MANY_REQUESTS => (C::RateLimited, "Too many requests; slow down"),
        s if s.is_client_error() => (C::BadRequest, "Bad request"),
        _ => (C::Internal, "Internal error"),
    };
    Problem::new(status.as_u16(), code, title)
}

async fn problem_for_bare_errors(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes() == PROBLEM_JSON.as_bytes());
    if (status.is_client_error() || status.is_server_error()) && !is_problem {
        let mut answer = problem_response(&problem_for_status(status));
        for name in [header::ALLOW, header::RETRY_AFTER] {
            if let Some(v) = response.headers().get(&name) {
                answer.headers_mut().insert(name, v.clone());
            }
        }
        return answer;
    }
    response
}

/// Limits public routes per client address; without a known address (behind API Gateway)
/// the WAF in front does it.
pub async fn limit_public(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let client = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    if let (Some(limiter), Some(ip)) = (&app.public_limit, client)
        && let Err(not_until) = limiter.check_key(&ip)
    {
        let wait = not_until.wait_time_from(governor::clock::Clock::now(&governor::clock::DefaultClock::default()));
        let mut answer = problem_response(&problem_for_status(StatusCode::TOO_MANY_REQUESTS));
        let secs = wait.as_secs().max(1).to_string();
        answer
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_str(&secs).expect("digits"));
        return answer;
    }
    next.run(req).await
}

/// `router`'s routes, limited per client address by `app`'s limiter. Without an `app` the
/// routes are only being described (never served) and come back as they are.
pub fn limited(router: OpenApiRouter<Arc<App>>, app: Option<&Arc<App>>) -> OpenApiRouter<Arc<App>> {
    match app {
        Some(app) => router.route_layer(middleware::from_fn_with_state(Arc::clone(app), limit_public)),
        None => router,
    }
}

/// An empty 204.
pub fn no_content() -> Response {
    (StatusCode::NO_CONTENT, Body::empty()).into_response()
}

/// A bare problem answer for a status the framework decided.
pub fn status_problem(status: StatusCode) -> Response {
    problem_response(&problem_for_status(status)).into_response()
}
