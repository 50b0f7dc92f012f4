//! The application state every handler shares, and the assembly of the per-resource routers
//! into one service — the same for `turnaki serve` and for each Lambda.

use std::path::PathBuf;
use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Router};
use turnaki_shared::api::auth::ClientConfig;
use turnaki_shared::booking::BookingEngine;
use turnaki_shared::catalog::Catalog;
use turnaki_shared::clock::Clock;
use turnaki_shared::identity::embedded::SigningKey;
use turnaki_shared::identity::{IdentityProvider, TokenVerifier};
use turnaki_shared::store::Store;
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::edge::{self, EdgeConfig, RateLimiter};
use crate::error::problem_response;
use crate::routes;
use crate::routes::openapi::Document;

/// Everything a handler needs.
pub struct App {
    /// The single table.
    pub store: Arc<dyn Store>,
    /// Clinic configuration.
    pub catalog: Catalog,
    /// Bookings.
    pub engine: BookingEngine,
    /// Creates accounts and signs people in.
    pub identity: Arc<dyn IdentityProvider>,
    /// Checks bearer tokens.
    pub verifier: TokenVerifier,
    /// The embedded provider's key, published as JWKS (none with Cognito).
    pub signing_key: Option<SigningKey>,
    /// What the SPA reads from `/config.json`.
    pub client_config: ClientConfig,
    /// Per-client limit on public routes (none behind API Gateway, where WAF limits).
    pub public_limit: Option<Arc<RateLimiter>>,
}

impl App {
    /// The state for `store`, `identity` and `verifier`, telling time by `clock`.
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        identity: Arc<dyn IdentityProvider>,
        verifier: TokenVerifier,
    ) -> Self {
        Self {
            catalog: Catalog::new(Arc::clone(&store)),
            engine: BookingEngine::new(Arc::clone(&store), clock),
            store,
            identity,
            verifier,
            signing_key: None,
            client_config: ClientConfig {
                api_base: String::new(),
                auth: "embedded".into(),
                cognito_domain: None,
                cognito_client_id: None,
            },
            public_limit: None,
        }
    }

    /// Rings `doorbell` after every committed booking change (the embedded event relay's).
    pub fn ring_on_commit(mut self, doorbell: Arc<tokio::sync::Notify>) -> Self {
        self.engine = self.engine.with_doorbell(doorbell);
        self
    }
}

/// A group of routes served by one Lambda (DESIGN §2); `turnaki serve` mounts them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    /// `/health`.
    Health,
    /// Embedded sign-in and its JWKS.
    Auth,
    /// Clinics, staff accounts, chairs and usage.
    Tenants,
    /// Treatments.
    Treatments,
    /// Professionals and time off.
    Professionals,
    /// The public clinic routes: profile, availability, registration, holds.
    Availability,
    /// Bookings and `/v1/me`.
    Bookings,
    /// The embedded outbox; no Lambda serves it (SES sends in AWS).
    Outbox,
}

impl Resource {
    /// Everything, as `turnaki serve` runs it.
    pub const ALL: [Self; 8] = [
        Self::Health,
        Self::Auth,
        Self::Tenants,
        Self::Treatments,
        Self::Professionals,
        Self::Availability,
        Self::Bookings,
        Self::Outbox,
    ];

    /// The resource's documented routes. `app` supplies the per-client limit of public
    /// routes; without it the routes are built only to be described, never served.
    fn routes(self, app: Option<&Arc<App>>) -> OpenApiRouter<Arc<App>> {
        match self {
            Self::Health => routes::health::router(),
            Self::Auth => routes::auth::router(app),
            Self::Tenants => routes::tenants::router()
                .merge(routes::users::router())
                .merge(routes::chairs::router())
                .merge(routes::usage::router()),
            Self::Treatments => routes::treatments::router(),
            Self::Professionals => routes::professionals::router(),
            Self::Availability => routes::public::router(app),
            Self::Bookings => routes::bookings::router().merge(routes::me::router()),
            Self::Outbox => routes::outbox::router(),
        }
    }
}

/// The routes of `resources` and `GET /v1/openapi.json`, each with its documentation.
fn documented(resources: &[Resource], app: Option<&Arc<App>>) -> OpenApiRouter<Arc<App>> {
    let mut router = OpenApiRouter::with_openapi(crate::openapi::base());
    for resource in resources {
        router = router.merge(resource.routes(app));
    }
    router.merge(routes::openapi::router())
}

/// The OpenAPI document of everything `turnaki serve` serves (`Resource::ALL`), built without
/// an `App`: what `GET /v1/openapi.json` answers there, and what `docs/openapi.json` holds.
pub fn openapi() -> OpenApi {
    documented(&Resource::ALL, None).into_openapi()
}

/// The service for `resources`: their routes, their OpenAPI document at `/v1/openapi.json`,
/// problem answers for unknown routes and methods, and the edge layers. `spa` serves the
/// single-page app for other paths.
pub fn service(app: Arc<App>, resources: &[Resource], edge_config: &EdgeConfig, spa: Option<PathBuf>) -> Router {
    let (router, document) = documented(resources, Some(&app)).split_for_parts();
    let document = Document(document.to_json().expect("the OpenAPI document serialises").into());
    let router = router.method_not_allowed_fallback(|| async { status_problem(StatusCode::METHOD_NOT_ALLOWED) });
    let router = match spa {
        Some(dir) => router.fallback_service(routes::spa::service(dir)),
        None => router.fallback(|| async { status_problem(StatusCode::NOT_FOUND) }),
    };
    edge::layers(router.with_state(app).layer(Extension(document)), edge_config)
}

/// A bare problem answer for a status the framework decided.
pub fn status_problem(status: StatusCode) -> Response {
    problem_response(&edge::problem_for_status(status)).into_response()
}
