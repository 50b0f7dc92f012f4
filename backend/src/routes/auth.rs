//! Embedded sign-in (`POST /v1/auth/token`), its keys, and the SPA's `/config.json`.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use turnaki_shared::api::auth::{ClientConfig, TokenRequest, TokenResponse};
use turnaki_shared::api::fields::{FieldCode, Fields};
use turnaki_shared::domain::Email;
use turnaki_shared::identity::IdentityError;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::body::Body;
use crate::edge::limited;
use crate::error::{ApiError, ApiResult};
use crate::openapi::{
    BadRequest, NotFound, PayloadTooLarge, RateLimited, Unavailable, Unprocessable, UnsupportedMediaType,
    WrongCredentials,
};
use crate::state::App;

/// Sign-in, JWKS and client configuration. `app` limits sign-in per client address (none:
/// the routes are built only to be described).
pub fn router(app: Option<&Arc<App>>) -> OpenApiRouter<Arc<App>> {
    limited(OpenApiRouter::new().routes(routes!(token)), app)
        .routes(routes!(jwks))
        .routes(routes!(config))
}

/// Embedded sign-in: an email and password for a bearer token.
#[utoipa::path(
    post,
    path = "/v1/auth/token",
    operation_id = "sign_in",
    tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 200, description = "Signed in.", body = TokenResponse),
        (status = 400, response = BadRequest),
        (status = 401, response = WrongCredentials),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Unprocessable),
        (status = 429, response = RateLimited),
        (status = 503, response = Unavailable),
    )
)]
async fn token(State(app): State<Arc<App>>, Body(req): Body<TokenRequest>) -> ApiResult<Json<TokenResponse>> {
    let mut f = Fields::default();
    let email: Option<Email> = f.parse("email", &req.email);
    if req.password.is_empty() {
        f.fail("password", FieldCode::Required, "is required");
    }
    f.finish()?;
    let email = email.expect("parsed");
    let issued = app.identity.sign_in(&email, &req.password).await?;
    let principal = app
        .verifier
        .verify(&issued.token)
        .await
        .map_err(|e| ApiError::Identity(IdentityError::Unavailable(e.to_string())))?;
    Ok(Json(TokenResponse {
        access_token: issued.token,
        token_type: "Bearer".into(),
        expires_in: issued.expires_in,
        role: principal.role,
        tenant_id: principal.tenant,
    }))
}

/// The embedded identity provider's public signing keys.
///
/// Absent with Cognito, which publishes its own.
#[utoipa::path(
    get,
    path = "/.well-known/jwks.json",
    operation_id = "signing_keys",
    tag = "auth",
    responses(
        (status = 200, description = "A JSON Web Key Set (RFC 7517): `{\"keys\": [...]}`.", body = Object),
        (status = 404, response = NotFound),
    )
)]
async fn jwks(State(app): State<Arc<App>>) -> ApiResult<Json<serde_json::Value>> {
    let key = app.signing_key.as_ref().ok_or(ApiError::NotFound("key set"))?;
    Ok(Json(serde_json::to_value(key.jwks()).expect("a key set serialises")))
}

/// What the single-page app needs to start: the API's base and how to sign in.
#[utoipa::path(
    get,
    path = "/config.json",
    operation_id = "client_config",
    tag = "auth",
    responses((status = 200, description = "The app's configuration.", body = ClientConfig))
)]
async fn config(State(app): State<Arc<App>>) -> Json<ClientConfig> {
    Json(app.client_config.clone())
}
