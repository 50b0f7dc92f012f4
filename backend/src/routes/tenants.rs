//! Clinics: the owner onboards and lists them; a clinic's admin reads and changes its settings.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use turnaki_shared::api::Page;
use turnaki_shared::api::clinics::{ClinicPatch, NewClinic, Onboarded};
use turnaki_shared::domain::{Role, Tenant};
use turnaki_shared::ids::TenantId;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{PageQuery, page_params, path_id};
use crate::body::{Body, Params};
use crate::caller::Caller;
use crate::error::{ApiError, ApiResult};
use crate::openapi::{
    BadRequest, ChangeErrors, Conflict, Forbidden, PayloadTooLarge, QueryErrors, RecordErrors, Unauthenticated,
    Unavailable, Unprocessable, UnsupportedMediaType,
};
use crate::policy::Permission;
use crate::state::App;

/// `/v1/tenants`.
pub fn router() -> OpenApiRouter<Arc<App>> {
    OpenApiRouter::new()
        .routes(routes!(list, onboard))
        .routes(routes!(read, update))
}

/// Onboards a clinic and its first admin.
///
/// The clinic starts with default booking rules; without `admin_password` the identity
/// provider sends the admin an invitation.
#[utoipa::path(
    post,
    path = "/v1/tenants",
    operation_id = "onboard_clinic",
    tag = "tenants",
    security(("bearer" = [])),
    request_body = NewClinic,
    responses(
        (status = 201, description = "The clinic and its admin.", body = Onboarded),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Unprocessable),
        (status = 503, response = Unavailable),
    )
)]
async fn onboard(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(req): Body<NewClinic>,
) -> ApiResult<(StatusCode, Json<Onboarded>)> {
    caller.may(Permission::ManageClinics)?;
    let plan = req.parse(app.clock.now())?;
    Ok((StatusCode::CREATED, Json(app.accounts.onboard(plan).await?)))
}

/// Lists clinics.
///
/// The platform owner pages through every clinic; a clinic's staff get their own clinic.
#[utoipa::path(
    get,
    path = "/v1/tenants",
    operation_id = "list_clinics",
    tag = "tenants",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "One page of clinics.", body = Page<Tenant>),
        QueryErrors,
    )
)]
async fn list(
    State(app): State<Arc<App>>,
    caller: Caller,
    Params(q): Params<PageQuery>,
) -> ApiResult<Json<Page<Tenant>>> {
    if caller.role() != Role::Owner {
        // A clinic's staff see their own clinic only.
        let tenant = caller.clinic_for(&app, Permission::ReadClinic).await?;
        return Ok(Json(Page {
            items: vec![tenant],
            cursor: None,
        }));
    }
    caller.may(Permission::ManageClinics)?;
    let (cursor, limit) = page_params(q.cursor.as_deref(), q.limit.as_deref())?;
    let (items, next) = app.catalog.tenants(cursor, limit).await?;
    Ok(Json(Page {
        items,
        cursor: next.map(|c| c.to_string()),
    }))
}

/// The clinic `id` if the caller may `action` on it: the owner any, staff only their own.
async fn reachable(app: &App, caller: &Caller, id: &str, action: Permission) -> ApiResult<Tenant> {
    caller.may(action)?;
    let id: TenantId = path_id(id, "clinic")?;
    if caller.role() != Role::Owner && caller.0.tenant != Some(id) {
        return Err(ApiError::NotFound("clinic"));
    }
    app.catalog.tenant(id).await?.ok_or(ApiError::NotFound("clinic"))
}

/// One clinic: any for the owner, their own for its staff.
#[utoipa::path(
    get,
    path = "/v1/tenants/{id}",
    operation_id = "read_clinic",
    tag = "tenants",
    security(("bearer" = [])),
    params(("id" = TenantId, Path, description = "The clinic.")),
    responses(
        (status = 200, description = "The clinic.", body = Tenant),
        RecordErrors,
    )
)]
async fn read(State(app): State<Arc<App>>, caller: Caller, Path(id): Path<String>) -> ApiResult<Json<Tenant>> {
    Ok(Json(reachable(&app, &caller, &id, Permission::ReadClinic).await?))
}

/// Changes any subset of the clinic's settings.
///
/// The booking rules are checked together.
#[utoipa::path(
    patch,
    path = "/v1/tenants/{id}",
    operation_id = "update_clinic",
    tag = "tenants",
    security(("bearer" = [])),
    params(("id" = TenantId, Path, description = "The clinic.")),
    request_body = ClinicPatch,
    responses(
        (status = 200, description = "The clinic as changed.", body = Tenant),
        ChangeErrors,
    )
)]
async fn update(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    Body(patch): Body<ClinicPatch>,
) -> ApiResult<Json<Tenant>> {
    let tenant = reachable(&app, &caller, &id, Permission::UpdateClinic).await?;
    let changed = patch.apply(&tenant)?;
    app.catalog.update_tenant(&changed).await?;
    Ok(Json(changed))
}
