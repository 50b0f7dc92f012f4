//! The assembly of the per-group routers into one service — the same for `turnaki serve`
//! and for each Lambda. The state they share is `crate::state::App`.

use std::path::PathBuf;
use std::sync::Arc;

use axum::http::StatusCode;
use axum::{Extension, Router};
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::edge::{self, EdgeConfig, status_problem};
use crate::routes;
use crate::routes::openapi::Document;
use crate::state::App;

/// A group of routes served by one Lambda (DESIGN §2); `turnaki serve` mounts them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteGroup {
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
    /// Bookings, `/v1/me`, the to-call list and the links of messages.
    Bookings,
    /// The embedded outbox; no Lambda serves it (SES sends in AWS).
    Outbox,
}

impl RouteGroup {
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

    /// The group's documented routes. `app` supplies the per-client limit of public
    /// routes; without it the routes are built only to be described, never served.
    fn routes(self, app: Option<&Arc<App>>) -> OpenApiRouter<Arc<App>> {
        match self {
            Self::Health => routes::health::router(),
            Self::Auth => routes::auth::router(app),
            Self::Tenants => routes::tenants::router()
                .merge(routes::users::router())
                .merge(routes::chairs::router())
                .merge(routes::usage::router())
                .merge(routes::figures::router()),
            Self::Treatments => routes::treatments::router(),
            Self::Professionals => routes::professionals::router(),
            Self::Availability => routes::public::router(app),
            Self::Bookings => routes::bookings::router()
                .merge(routes::me::router())
                .merge(routes::calls::router())
                .merge(routes::waitlist::router())
                .merge(routes::recalls::router())
                .merge(routes::links::router(app)),
            Self::Outbox => routes::outbox::router(),
        }
    }
}

/// The routes of `groups` and `GET /v1/openapi.json`, each with its documentation.
fn documented(groups: &[RouteGroup], app: Option<&Arc<App>>) -> OpenApiRouter<Arc<App>> {
    let mut router = OpenApiRouter::with_openapi(crate::openapi::base());
    for group in groups {
        router = router.merge(group.routes(app));
    }
    router.merge(routes::openapi::router())
}

/// The OpenAPI document of everything `turnaki serve` serves (`RouteGroup::ALL`), built without
/// an `App`: what `GET /v1/openapi.json` answers there, and what `docs/openapi.json` holds.
pub fn openapi() -> OpenApi {
    documented(&RouteGroup::ALL, None).into_openapi()
}

/// The service for `groups`: their routes, their OpenAPI document at `/v1/openapi.json`,
/// problem answers for unknown routes and methods, and the edge layers. `spa` serves the
/// single-page app for other paths.
pub fn service(app: Arc<App>, groups: &[RouteGroup], edge_config: &EdgeConfig, spa: Option<PathBuf>) -> Router {
    let (router, document) = documented(groups, Some(&app)).split_for_parts();
    let document = Document(document.to_json().expect("the OpenAPI document serialises").into());
    let router = router.method_not_allowed_fallback(|| async { status_problem(StatusCode::METHOD_NOT_ALLOWED) });
    let router = match spa {
        Some(dir) => router.fallback_service(routes::spa::service(dir)),
        None => router.fallback(|| async { status_problem(StatusCode::NOT_FOUND) }),
    };
    edge::layers(router.with_state(app).layer(Extension(document)), edge_config)
}
