//! `/v1/treatments`: staff read them; the admin creates, changes and archives them.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use turnaki_shared::api::Page;
use turnaki_shared::api::resources::TreatmentInput;
use turnaki_shared::domain::Treatment;
use turnaki_shared::ids::TenantId;

use super::path_id;
use crate::app::App;
use crate::body::Body;
use crate::caller::Caller;
use crate::edge::no_content;
use crate::error::{ApiError, ApiResult};
use crate::policy::Action;

/// `/v1/treatments`.
pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/v1/treatments", get(list).post(create))
        .route("/v1/treatments/{id}", get(read).patch(update).delete(archive))
}

async fn list(State(app): State<Arc<App>>, caller: Caller) -> ApiResult<Json<Page<Treatment>>> {
    let tenant = caller.tenant_for(Action::ReadCatalog)?;
    Ok(Json(Page {
        items: app.catalog.treatments(tenant).await?,
        cursor: None,
    }))
}

async fn create(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(req): Body<TreatmentInput>,
) -> ApiResult<(StatusCode, Json<Treatment>)> {
    let tenant = caller.tenant_for(Action::EditCatalog)?;
    let treatment = req.create()?;
    app.catalog.put_treatment(tenant, &treatment).await?;
    Ok((StatusCode::CREATED, Json(treatment)))
}

async fn find(app: &App, tenant: TenantId, id: &str) -> ApiResult<Treatment> {
    let id = path_id(id, "treatment")?;
    app.catalog
        .treatment(tenant, id)
        .await?
        .ok_or(ApiError::NotFound("treatment"))
}

async fn read(State(app): State<Arc<App>>, caller: Caller, Path(id): Path<String>) -> ApiResult<Json<Treatment>> {
    let tenant = caller.tenant_for(Action::ReadCatalog)?;
    Ok(Json(find(&app, tenant, &id).await?))
}

async fn update(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    Body(req): Body<TreatmentInput>,
) -> ApiResult<Json<Treatment>> {
    let tenant = caller.tenant_for(Action::EditCatalog)?;
    let changed = req.apply(&find(&app, tenant, &id).await?)?;
    app.catalog.put_treatment(tenant, &changed).await?;
    Ok(Json(changed))
}

/// Archiving keeps the treatment on past bookings and out of the booking wizard.
async fn archive(State(app): State<Arc<App>>, caller: Caller, Path(id): Path<String>) -> ApiResult<Response> {
    let tenant = caller.tenant_for(Action::EditCatalog)?;
    let treatment = find(&app, tenant, &id).await?;
    app.catalog
        .put_treatment(
            tenant,
            &Treatment {
                active: false,
                ..treatment
            },
        )
        .await?;
    Ok(no_content())
}
