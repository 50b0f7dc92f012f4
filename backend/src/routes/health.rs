//! `GET /health`: the process answers and the store is reachable.

use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};
use turnaki_shared::keys;

use crate::app::App;
use crate::error::ApiResult;

/// The health route.
pub fn router() -> Router<Arc<App>> {
    Router::new().route("/health", get(health))
}

async fn health(State(app): State<Arc<App>>) -> ApiResult<Json<Value>> {
    app.store.get(&keys::health_probe()).await?;
    Ok(Json(json!({ "status": "ok", "store": "ok" })))
}
