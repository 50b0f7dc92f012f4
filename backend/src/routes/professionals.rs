//! `/v1/professionals` and their time off; `clinic` in place of an id names clinic-wide
//! closures.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get};
use axum::{Json, Router};
use chrono::{Duration, Utc};
use turnaki_shared::api::Page;
use turnaki_shared::api::resources::{ProfessionalInput, RangeQuery, TimeOffInput};
use turnaki_shared::domain::{Professional, TimeOff, TimeOffScope};
use turnaki_shared::ids::{TenantId, TimeOffId};

use super::path_id;
use crate::app::App;
use crate::body::{Body, Params};
use crate::caller::Caller;
use crate::edge::no_content;
use crate::error::{ApiError, ApiResult};
use crate::policy::Action;

/// `/v1/professionals`.
pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/v1/professionals", get(list).post(create))
        .route("/v1/professionals/{id}", get(read).patch(update).delete(archive))
        .route("/v1/professionals/{id}/time-off", get(list_time_off).post(add_time_off))
        .route("/v1/professionals/{id}/time-off/{time_off_id}", delete(remove_time_off))
}

async fn list(State(app): State<Arc<App>>, caller: Caller) -> ApiResult<Json<Page<Professional>>> {
    let tenant = caller.tenant_for(Action::ReadCatalog)?;
    Ok(Json(Page {
        items: app.catalog.professionals(tenant).await?,
        cursor: None,
    }))
}

async fn create(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(req): Body<ProfessionalInput>,
) -> ApiResult<(StatusCode, Json<Professional>)> {
    let tenant = caller.tenant_for(Action::EditCatalog)?;
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

async fn read(State(app): State<Arc<App>>, caller: Caller, Path(id): Path<String>) -> ApiResult<Json<Professional>> {
    let tenant = caller.tenant_for(Action::ReadCatalog)?;
    Ok(Json(find(&app, tenant, &id).await?))
}

async fn update(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    Body(req): Body<ProfessionalInput>,
) -> ApiResult<Json<Professional>> {
    let tenant = caller.tenant_for(Action::EditCatalog)?;
    let changed = req.apply(&find(&app, tenant, &id).await?)?;
    app.catalog.put_professional(tenant, &changed).await?;
    Ok(Json(changed))
}

/// Archiving keeps the professional on past bookings and out of new ones.
async fn archive(State(app): State<Arc<App>>, caller: Caller, Path(id): Path<String>) -> ApiResult<Response> {
    let tenant = caller.tenant_for(Action::EditCatalog)?;
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

async fn list_time_off(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    Params(range): Params<RangeQuery>,
) -> ApiResult<Json<Page<TimeOff>>> {
    let tenant = caller.tenant_for(Action::ReadCatalog)?;
    let scope = scope(&app, tenant, &id).await?;
    let from = range.from.unwrap_or_else(Utc::now);
    let to = range.to.unwrap_or(from + Duration::days(366));
    let all = app.catalog.all_time_off(tenant, from, to).await?;
    Ok(Json(Page {
        items: all.into_iter().filter(|t| t.scope == scope).collect(),
        cursor: None,
    }))
}

async fn add_time_off(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    Body(req): Body<TimeOffInput>,
) -> ApiResult<(StatusCode, Json<TimeOff>)> {
    let tenant = caller.tenant_for(Action::ManageTimeOff)?;
    let time_off = req.parse(scope(&app, tenant, &id).await?)?;
    app.catalog.add_time_off(tenant, &time_off).await?;
    Ok((StatusCode::CREATED, Json(time_off)))
}

async fn remove_time_off(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path((id, time_off_id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let tenant = caller.tenant_for(Action::ManageTimeOff)?;
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
    app.catalog.remove_time_off(tenant, &time_off).await?;
    Ok(no_content())
}
