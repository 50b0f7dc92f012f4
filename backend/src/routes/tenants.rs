//! Clinics: the owner onboards and lists them; a clinic's admin reads and changes its settings.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use turnaki_shared::api::Page;
use turnaki_shared::api::bookings::page_size;
use turnaki_shared::api::clinics::{ClinicPatch, NewClinic};
use turnaki_shared::api::fields::Fields;
use turnaki_shared::domain::{Role, Tenant, User};
use turnaki_shared::identity::NewAccount;
use turnaki_shared::ids::{TenantId, UserId};

use super::path_id;
use crate::app::App;
use crate::body::{Body, Params};
use crate::caller::Caller;
use crate::error::{ApiError, ApiResult};
use crate::policy::Action;

/// `/v1/tenants`.
pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/v1/tenants", get(list).post(onboard))
        .route("/v1/tenants/{id}", get(read).patch(update))
}

/// A new clinic and its first admin.
#[derive(Debug, Serialize, Deserialize)]
pub struct Onboarded {
    /// The clinic.
    pub tenant: Tenant,
    /// Its admin.
    pub admin: User,
}

async fn onboard(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(req): Body<NewClinic>,
) -> ApiResult<(StatusCode, Json<Onboarded>)> {
    caller.may(Action::ManageClinics)?;
    let plan = req.parse(chrono::Utc::now())?;
    let tenant = plan.tenant;
    app.catalog.create_tenant(&tenant).await?;
    let account = NewAccount {
        email: plan.admin_email.clone(),
        name: plan.admin_name.clone(),
        role: Role::Admin,
        tenant: Some(tenant.id),
        person_id: None,
        password: plan.admin_password,
    };
    if let Err(e) = app.identity.create_account(&account).await {
        // Without its admin the clinic is unusable and its slug blocked: take it back.
        app.catalog.remove_tenant(&tenant).await?;
        return Err(e.into());
    }
    let admin = User {
        id: UserId::new(),
        email: plan.admin_email,
        name: plan.admin_name,
        role: Role::Admin,
        tenant_id: Some(tenant.id),
        professional_id: None,
        patient_id: None,
        locale: Some(tenant.locale),
    };
    app.catalog.add_staff(tenant.id, &admin).await?;
    Ok((StatusCode::CREATED, Json(Onboarded { tenant, admin })))
}

/// `?cursor&limit` of a list.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    cursor: Option<String>,
    limit: Option<String>,
}

async fn list(
    State(app): State<Arc<App>>,
    caller: Caller,
    Params(q): Params<PageQuery>,
) -> ApiResult<Json<Page<Tenant>>> {
    if caller.role() != Role::Owner {
        // A clinic's staff see their own clinic only.
        let tenant = caller.clinic_for(&app, Action::ReadClinic).await?;
        return Ok(Json(Page {
            items: vec![tenant],
            cursor: None,
        }));
    }
    caller.may(Action::ManageClinics)?;
    let mut f = Fields::default();
    let limit = page_size(&mut f, q.limit.as_deref());
    let cursor = f.parse_opt("cursor", q.cursor.as_deref());
    f.finish()?;
    let (items, next) = app
        .catalog
        .tenants(cursor.expect("parsed"), limit.expect("parsed") as u32)
        .await?;
    Ok(Json(Page {
        items,
        cursor: next.map(|c| c.to_string()),
    }))
}

/// The clinic `id` if the caller may `action` on it: the owner any, staff only their own.
async fn reachable(app: &App, caller: &Caller, id: &str, action: Action) -> ApiResult<Tenant> {
    caller.may(action)?;
    let id: TenantId = path_id(id, "clinic")?;
    if caller.role() != Role::Owner && caller.0.tenant != Some(id) {
        return Err(ApiError::NotFound("clinic"));
    }
    app.catalog.tenant(id).await?.ok_or(ApiError::NotFound("clinic"))
}

async fn read(State(app): State<Arc<App>>, caller: Caller, Path(id): Path<String>) -> ApiResult<Json<Tenant>> {
    Ok(Json(reachable(&app, &caller, &id, Action::ReadClinic).await?))
}

async fn update(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    Body(patch): Body<ClinicPatch>,
) -> ApiResult<Json<Tenant>> {
    let tenant = reachable(&app, &caller, &id, Action::UpdateClinic).await?;
    let changed = patch.apply(&tenant)?;
    app.catalog.update_tenant(&changed).await?;
    Ok(Json(changed))
}
