//! `/v1/chairs`: the admin manages the clinic's operatories and what each can host.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, patch};
use axum::{Json, Router};
use turnaki_shared::api::Page;
use turnaki_shared::api::resources::ChairInput;
use turnaki_shared::domain::Chair;

use super::path_id;
use crate::app::App;
use crate::body::Body;
use crate::caller::Caller;
use crate::edge::no_content;
use crate::error::{ApiError, ApiResult};
use crate::policy::Action;

/// `/v1/chairs`.
pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/v1/chairs", get(list).post(create))
        .route("/v1/chairs/{id}", patch(update).delete(archive))
}

async fn list(State(app): State<Arc<App>>, caller: Caller) -> ApiResult<Json<Page<Chair>>> {
    let tenant = caller.tenant_for(Action::ReadCatalog)?;
    Ok(Json(Page {
        items: app.catalog.chairs(tenant).await?,
        cursor: None,
    }))
}

async fn create(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(req): Body<ChairInput>,
) -> ApiResult<(StatusCode, Json<Chair>)> {
    let tenant = caller.tenant_for(Action::ManageChairs)?;
    let chair = req.create()?;
    app.catalog.put_chair(tenant, &chair).await?;
    Ok((StatusCode::CREATED, Json(chair)))
}

/// Applies `change` to the chair `id` and saves it.
async fn modify(
    app: &App,
    caller: &Caller,
    id: &str,
    change: impl FnOnce(Chair) -> ApiResult<Chair>,
) -> ApiResult<Chair> {
    let tenant = caller.tenant_for(Action::ManageChairs)?;
    let current = app
        .catalog
        .chair(tenant, path_id(id, "chair")?)
        .await?
        .ok_or(ApiError::NotFound("chair"))?;
    let changed = change(current)?;
    app.catalog.put_chair(tenant, &changed).await?;
    Ok(changed)
}

async fn update(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    Body(req): Body<ChairInput>,
) -> ApiResult<Json<Chair>> {
    Ok(Json(modify(&app, &caller, &id, |c| Ok(req.apply(&c)?)).await?))
}

/// Archiving keeps the chair on past bookings; no new booking is placed in it.
async fn archive(State(app): State<Arc<App>>, caller: Caller, Path(id): Path<String>) -> ApiResult<Response> {
    modify(&app, &caller, &id, |c| Ok(Chair { active: false, ..c })).await?;
    Ok(no_content())
}
