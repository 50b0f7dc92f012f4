//! `/v1/professionals` and their time off; `clinic` in place of an id names clinic-wide
//! closures.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use turnaki_shared::api::Page;
use turnaki_shared::api::resources::{ProfessionalInput, RangeQuery, TimeOffInput};
use turnaki_shared::domain::{Professional, TimeOff, TimeOffScope};
use turnaki_shared::ids::{ProfessionalId, TenantId, TimeOffId};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::path_id;
use crate::body::{Body, Params};
use crate::caller::Caller;
use crate::edge::no_content;
use crate::error::{ApiError, ApiResult};
use crate::openapi::{ChangeErrors, CreateErrors, ListErrors, QueryErrors, RecordErrors};
use crate::policy::Permission;
use crate::state::App;

/// `/v1/professionals`.
pub fn router() -> OpenApiRouter<Arc<App>> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(read, update, archive))
        .routes(routes!(list_time_off, add_time_off))
        .routes(routes!(remove_time_off))
}

/// The clinic's professionals, archived ones included.
#[utoipa::path(
    get,
    path = "/v1/professionals",
    operation_id = "list_professionals",
    tag = "professionals",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every professional of the clinic, on one page.", body = Page<Professional>),
        ListErrors,
    )
)]
async fn list(State(app): State<Arc<App>>, caller: Caller) -> ApiResult<Json<Page<Professional>>> {
    let tenant = caller.tenant_for(Permission::ReadCatalog)?;
    Ok(Json(Page {
        items: app.catalog.professionals(tenant).await?,
        cursor: None,
    }))
}

/// Adds a professional; the name is required.
#[utoipa::path(
    post,
    path = "/v1/professionals",
    operation_id = "create_professional",
    tag = "professionals",
    security(("bearer" = [])),
    request_body = ProfessionalInput,
    responses(
        (status = 201, description = "The professional.", body = Professional),
        CreateErrors,
    )
)]
async fn create(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(req): Body<ProfessionalInput>,
) -> ApiResult<(StatusCode, Json<Professional>)> {
    let tenant = caller.tenant_for(Permission::EditCatalog)?;
    let professional = req.create()?;
    app.catalog.put_professional(tenant, &professional).await?;
    Ok((StatusCode::CREATED, Json(professional)))
}

async fn find(app: &App, tenant: TenantId, id: &str) -> ApiResult<Professional> {
    app.catalog
        .professional(tenant, path_id(id, "professional")?)
        .await?
        .ok_or(ApiError::NotFound("professional"))
}

/// One professional.
#[utoipa::path(
    get,
    path = "/v1/professionals/{id}",
    operation_id = "read_professional",
    tag = "professionals",
    security(("bearer" = [])),
    params(("id" = ProfessionalId, Path, description = "The professional.")),
    responses(
        (status = 200, description = "The professional.", body = Professional),
        RecordErrors,
    )
)]
async fn read(State(app): State<Arc<App>>, caller: Caller, Path(id): Path<String>) -> ApiResult<Json<Professional>> {
    let tenant = caller.tenant_for(Permission::ReadCatalog)?;
    Ok(Json(find(&app, tenant, &id).await?))
}

/// Changes any subset of a professional's fields.
#[utoipa::path(
    patch,
    path = "/v1/professionals/{id}",
    operation_id = "update_professional",
    tag = "professionals",
    security(("bearer" = [])),
    params(("id" = ProfessionalId, Path, description = "The professional.")),
    request_body = ProfessionalInput,
    responses(
        (status = 200, description = "The professional as changed.", body = Professional),
        ChangeErrors,
    )
)]
async fn update(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    Body(req): Body<ProfessionalInput>,
) -> ApiResult<Json<Professional>> {
    let tenant = caller.tenant_for(Permission::EditCatalog)?;
    let changed = req.apply(&find(&app, tenant, &id).await?)?;
    app.catalog.put_professional(tenant, &changed).await?;
    Ok(Json(changed))
}

/// Archives a professional.
///
/// Archiving keeps the professional on past bookings and out of new ones.
#[utoipa::path(
    delete,
    path = "/v1/professionals/{id}",
    operation_id = "archive_professional",
    tag = "professionals",
    security(("bearer" = [])),
    params(("id" = ProfessionalId, Path, description = "The professional.")),
    responses(
        (status = 204, description = "Archived (inactive)."),
        RecordErrors,
    )
)]
async fn archive(State(app): State<Arc<App>>, caller: Caller, Path(id): Path<String>) -> ApiResult<Response> {
    let tenant = caller.tenant_for(Permission::EditCatalog)?;
    let professional = find(&app, tenant, &id).await?;
    app.catalog
        .put_professional(
            tenant,
            &Professional {
                active: false,
                ..professional
            },
        )
        .await?;
    Ok(no_content())
}

/// The scope `{id}` names: a professional of the clinic, or `clinic` for closures.
async fn scope(app: &App, tenant: TenantId, id: &str) -> ApiResult<TimeOffScope> {
    if id == "clinic" {
        return Ok(TimeOffScope::Clinic);
    }
    Ok(TimeOffScope::Professional(find(app, tenant, id).await?.id))
}

/// A professional's absences, or the clinic's closures.
///
/// Those that overlap `[from, to)` (default: from now to 366 days later; at most 400 days).
#[utoipa::path(
    get,
    path = "/v1/professionals/{id}/time-off",
    operation_id = "list_time_off",
    tag = "professionals",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "A professional's id, or `clinic` for clinic-wide closures."), RangeQuery),
    responses(
        (status = 200, description = "The absences or closures, on one page.", body = Page<TimeOff>),
        QueryErrors,
    )
)]
async fn list_time_off(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    Params(range): Params<RangeQuery>,
) -> ApiResult<Json<Page<TimeOff>>> {
    let tenant = caller.tenant_for(Permission::ReadCatalog)?;
    let scope = scope(&app, tenant, &id).await?;
    let (from, to) = range.parse(app.clock.now())?;
    let all = app.catalog.all_time_off(tenant, from.at(), to.at()).await?;
    Ok(Json(Page {
        items: all.into_iter().filter(|t| t.scope == scope).collect(),
        cursor: None,
    }))
}

/// Records an absence of the professional, or a closure of the clinic.
#[utoipa::path(
    post,
    path = "/v1/professionals/{id}/time-off",
    operation_id = "add_time_off",
    tag = "professionals",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "A professional's id, or `clinic` for clinic-wide closures.")),
    request_body = TimeOffInput,
    responses(
        (status = 201, description = "The absence or closure.", body = TimeOff),
        ChangeErrors,
    )
)]
async fn add_time_off(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    Body(req): Body<TimeOffInput>,
) -> ApiResult<(StatusCode, Json<TimeOff>)> {
    let tenant = caller.tenant_for(Permission::ManageTimeOff)?;
    let time_off = req.parse(scope(&app, tenant, &id).await?)?;
    app.catalog.add_time_off(tenant, &time_off).await?;
    Ok((StatusCode::CREATED, Json(time_off)))
}

/// Removes one absence or closure.
///
/// The time it frees is offered to the waitlist on its next pass, like a cancelled booking's.
#[utoipa::path(
    delete,
    path = "/v1/professionals/{id}/time-off/{time_off_id}",
    operation_id = "remove_time_off",
    tag = "professionals",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "A professional's id, or `clinic` for clinic-wide closures."),
        ("time_off_id" = TimeOffId, Path, description = "The absence or closure."),
    ),
    responses(
        (status = 204, description = "Removed."),
        RecordErrors,
    )
)]
async fn remove_time_off(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path((id, time_off_id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let tenant = caller.tenant_for(Permission::ManageTimeOff)?;
    let scope = scope(&app, tenant, &id).await?;
    let wanted: TimeOffId = path_id(&time_off_id, "time off")?;
    let all = app
        .catalog
        .all_time_off(
            tenant,
            chrono::DateTime::<Utc>::MIN_UTC,
            chrono::DateTime::<Utc>::MAX_UTC,
        )
        .await?;
    let time_off = all
        .into_iter()
        .find(|t| t.id == wanted && t.scope == scope)
        .ok_or(ApiError::NotFound("time off"))?;
    let clinic = caller.clinic_for(&app, Permission::ManageTimeOff).await?;
    app.waitlist.remove_time_off(&clinic, &time_off).await?;
    Ok(no_content())
}
