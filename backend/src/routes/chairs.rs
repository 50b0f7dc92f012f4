//! `/v1/chairs`: the admin manages the clinic's operatories and what each can host.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use turnaki_shared::api::Page;
use turnaki_shared::api::resources::ChairInput;
use turnaki_shared::domain::Chair;
use turnaki_shared::ids::ChairId;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::path_id;
use crate::body::Body;
use crate::caller::Caller;
use crate::edge::no_content;
use crate::error::{ApiError, ApiResult};
use crate::openapi::{ChangeErrors, CreateErrors, ListErrors, RecordErrors};
use crate::policy::Permission;
use crate::state::App;

/// `/v1/chairs`.
pub fn router() -> OpenApiRouter<Arc<App>> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(update, archive))
}

/// The clinic's chairs, archived ones included.
#[utoipa::path(
    get,
    path = "/v1/chairs",
    operation_id = "list_chairs",
    tag = "chairs",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every chair of the clinic, on one page.", body = Page<Chair>),
        ListErrors,
    )
)]
async fn list(State(app): State<Arc<App>>, caller: Caller) -> ApiResult<Json<Page<Chair>>> {
    let tenant = caller.tenant_for(Permission::ReadCatalog)?;
    Ok(Json(Page {
        items: app.catalog.chairs(tenant).await?,
        cursor: None,
    }))
}

/// Adds a chair; the name is required.
#[utoipa::path(
    post,
    path = "/v1/chairs",
    operation_id = "create_chair",
    tag = "chairs",
    security(("bearer" = [])),
    request_body = ChairInput,
    responses(
        (status = 201, description = "The chair.", body = Chair),
        CreateErrors,
    )
)]
async fn create(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(req): Body<ChairInput>,
) -> ApiResult<(StatusCode, Json<Chair>)> {
    let tenant = caller.tenant_for(Permission::ManageChairs)?;
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
    let tenant = caller.tenant_for(Permission::ManageChairs)?;
    let current = app
        .catalog
        .chair(tenant, path_id(id, "chair")?)
        .await?
        .ok_or(ApiError::NotFound("chair"))?;
    let changed = change(current)?;
    app.catalog.put_chair(tenant, &changed).await?;
    Ok(changed)
}

/// Changes any subset of a chair's name, treatments and state.
#[utoipa::path(
    patch,
    path = "/v1/chairs/{id}",
    operation_id = "update_chair",
    tag = "chairs",
    security(("bearer" = [])),
    params(("id" = ChairId, Path, description = "The chair.")),
    request_body = ChairInput,
    responses(
        (status = 200, description = "The chair as changed.", body = Chair),
        ChangeErrors,
    )
)]
async fn update(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    Body(req): Body<ChairInput>,
) -> ApiResult<Json<Chair>> {
    Ok(Json(modify(&app, &caller, &id, |c| Ok(req.apply(&c)?)).await?))
}

/// Archives a chair.
///
/// Archiving keeps the chair on past bookings; no new booking is placed in it.
#[utoipa::path(
    delete,
    path = "/v1/chairs/{id}",
    operation_id = "archive_chair",
    tag = "chairs",
    security(("bearer" = [])),
    params(("id" = ChairId, Path, description = "The chair.")),
    responses(
        (status = 204, description = "Archived (inactive)."),
        RecordErrors,
    )
)]
async fn archive(State(app): State<Arc<App>>, caller: Caller, Path(id): Path<String>) -> ApiResult<Response> {
    modify(&app, &caller, &id, |c| Ok(Chair { active: false, ..c })).await?;
    Ok(no_content())
}
