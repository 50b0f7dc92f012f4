//! `GET /health`: the process answers and the store is reachable.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};
use turnaki_shared::keys;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiResult;
use crate::openapi::Unavailable;
use crate::state::App;

/// The health route.
pub fn router() -> OpenApiRouter<Arc<App>> {
    OpenApiRouter::new().routes(routes!(health))
}

/// Whether the process answers and the store is reachable.
#[utoipa::path(
    get,
    path = "/health",
    tag = "health",
    responses(
        (status = 200, description = "Up, and the store answers.", body = Object,
            example = json!({"status": "ok", "store": "ok"})),
        (status = 503, response = Unavailable),
    )
)]
async fn health(State(app): State<Arc<App>>) -> ApiResult<Json<Value>> {
    app.store.get(&keys::health_probe()).await?;
    Ok(Json(json!({ "status": "ok", "store": "ok" })))
}
