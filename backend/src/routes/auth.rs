//! Embedded sign-in (`POST /v1/auth/token`), its keys, and the SPA's `/config.json`.

use std::sync::Arc;

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router, middleware};
use turnaki_shared::api::auth::{ClientConfig, TokenRequest, TokenResponse};
use turnaki_shared::api::fields::Fields;
use turnaki_shared::domain::Email;
use turnaki_shared::identity::IdentityError;

use crate::app::App;
use crate::body::Body;
use crate::edge::limit_public;
use crate::error::{ApiError, ApiResult};

/// Sign-in, JWKS and client configuration.
pub fn router(app: &Arc<App>) -> Router<Arc<App>> {
    Router::new()
        .route("/v1/auth/token", post(token))
        .route_layer(middleware::from_fn_with_state(Arc::clone(app), limit_public))
        .route("/.well-known/jwks.json", get(jwks))
        .route("/config.json", get(config))
}

async fn token(State(app): State<Arc<App>>, Body(req): Body<TokenRequest>) -> ApiResult<Json<TokenResponse>> {
    let mut f = Fields::default();
    let email: Option<Email> = f.parse("email", &req.email);
    if req.password.is_empty() {
        f.fail("password", "required", "is required");
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

async fn jwks(State(app): State<Arc<App>>) -> ApiResult<Json<serde_json::Value>> {
    let key = app.signing_key.as_ref().ok_or(ApiError::NotFound("key set"))?;
    Ok(Json(serde_json::to_value(key.jwks()).expect("a key set serialises")))
}

async fn config(State(app): State<Arc<App>>) -> Json<ClientConfig> {
    Json(app.client_config.clone())
}
