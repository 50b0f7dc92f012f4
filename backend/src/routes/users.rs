//! `/v1/users`: a clinic admin lists and creates staff accounts.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use turnaki_shared::api::Page;
use turnaki_shared::api::staff::NewStaff;
use turnaki_shared::domain::User;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::body::Body;
use crate::caller::Caller;
use crate::error::ApiResult;
use crate::openapi::{ConflictingChangeErrors, ListErrors};
use crate::policy::Permission;
use crate::state::App;

/// `/v1/users`.
pub fn router() -> OpenApiRouter<Arc<App>> {
    OpenApiRouter::new().routes(routes!(list, create))
}

/// The staff accounts of the caller's clinic.
#[utoipa::path(
    get,
    path = "/v1/users",
    operation_id = "list_staff",
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every staff account of the clinic, on one page.", body = Page<User>),
        ListErrors,
    )
)]
async fn list(State(app): State<Arc<App>>, caller: Caller) -> ApiResult<Json<Page<User>>> {
    let tenant = caller.tenant_for(Permission::ManageStaff)?;
    Ok(Json(Page {
        items: app.catalog.staff(tenant).await?,
        cursor: None,
    }))
}

/// Creates a staff account of the caller's clinic.
///
/// An admin, dentist or reception account; without a password the identity provider sends an
/// invitation.
#[utoipa::path(
    post,
    path = "/v1/users",
    operation_id = "create_staff",
    tag = "users",
    security(("bearer" = [])),
    request_body = NewStaff,
    responses(
        (status = 201, description = "The account.", body = User),
        ConflictingChangeErrors,
    )
)]
async fn create(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(req): Body<NewStaff>,
) -> ApiResult<(StatusCode, Json<User>)> {
    let tenant = caller.clinic_for(&app, Permission::ManageStaff).await?;
    let draft = req.parse()?;
    let user = app.accounts.add_staff(&tenant, draft).await?;
    Ok((StatusCode::CREATED, Json(user)))
}
