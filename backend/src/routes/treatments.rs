//! `/v1/treatments`: staff read them; the admin creates, changes and archives them.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use turnaki_shared::api::Page;
use turnaki_shared::api::resources::TreatmentInput;
use turnaki_shared::domain::Treatment;
use turnaki_shared::ids::{TenantId, TreatmentId};
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

/// `/v1/treatments`.
pub fn router() -> OpenApiRouter<Arc<App>> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(read, update, archive))
}

/// The clinic's treatments, archived ones included.
#[utoipa::path(
    get,
    path = "/v1/treatments",
    operation_id = "list_treatments",
    tag = "treatments",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every treatment of the clinic, on one page.", body = Page<Treatment>),
        ListErrors,
    )
)]
async fn list(State(app): State<Arc<App>>, caller: Caller) -> ApiResult<Json<Page<Treatment>>> {
    let tenant = caller.tenant_for(Permission::ReadCatalog)?;
    Ok(Json(Page {
        items: app.catalog.treatments(tenant).await?,
        cursor: None,
    }))
}

/// Adds a treatment; name, duration, price and currency are required.
#[utoipa::path(
    post,
    path = "/v1/treatments",
    operation_id = "create_treatment",
    tag = "treatments",
    security(("bearer" = [])),
    request_body = TreatmentInput,
    responses(
        (status = 201, description = "The treatment.", body = Treatment),
        CreateErrors,
    )
)]
async fn create(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(req): Body<TreatmentInput>,
) -> ApiResult<(StatusCode, Json<Treatment>)> {
    let tenant = caller.tenant_for(Permission::EditCatalog)?;
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

/// One treatment.
#[utoipa::path(
    get,
    path = "/v1/treatments/{id}",
    operation_id = "read_treatment",
    tag = "treatments",
    security(("bearer" = [])),
    params(("id" = TreatmentId, Path, description = "The treatment.")),
    responses(
        (status = 200, description = "The treatment.", body = Treatment),
        RecordErrors,
    )
)]
async fn read(State(app): State<Arc<App>>, caller: Caller, Path(id): Path<String>) -> ApiResult<Json<Treatment>> {
    let tenant = caller.tenant_for(Permission::ReadCatalog)?;
    Ok(Json(find(&app, tenant, &id).await?))
}

/// Changes any subset of a treatment's fields.
#[utoipa::path(
    patch,
    path = "/v1/treatments/{id}",
    operation_id = "update_treatment",
    tag = "treatments",
    security(("bearer" = [])),
    params(("id" = TreatmentId, Path, description = "The treatment.")),
    request_body = TreatmentInput,
    responses(
        (status = 200, description = "The treatment as changed.", body = Treatment),
        ChangeErrors,
    )
)]
async fn update(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    Body(req): Body<TreatmentInput>,
) -> ApiResult<Json<Treatment>> {
    let tenant = caller.tenant_for(Permission::EditCatalog)?;
    let changed = req.apply(&find(&app, tenant, &id).await?)?;
    app.catalog.put_treatment(tenant, &changed).await?;
    Ok(Json(changed))
}

/// Archives a treatment.
///
/// Archiving keeps the treatment on past bookings and out of the booking wizard.
#[utoipa::path(
    delete,
    path = "/v1/treatments/{id}",
    operation_id = "archive_treatment",
    tag = "treatments",
    security(("bearer" = [])),
    params(("id" = TreatmentId, Path, description = "The treatment.")),
    responses(
        (status = 204, description = "Archived (inactive)."),
        RecordErrors,
    )
)]
async fn archive(State(app): State<Arc<App>>, caller: Caller, Path(id): Path<String>) -> ApiResult<Response> {
    let tenant = caller.tenant_for(Permission::EditCatalog)?;
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
