//! The verified caller of a request: who they are, their role and their clinic, all from
//! the bearer token.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use turnaki_shared::domain::{Role, Tenant};
use turnaki_shared::identity::{AuthError, Principal};
use turnaki_shared::ids::{PatientId, ProfessionalId, TenantId};

use crate::error::{ApiError, ApiResult};
use crate::policy::{Permission, allows};
use crate::state::App;

/// A signed-in caller.
#[derive(Debug, Clone)]
pub struct Caller(pub Principal);

impl FromRequestParts<Arc<App>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or(AuthError::Missing)?;
        let token = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .ok_or(AuthError::Missing)?;
        Ok(Self(app.verifier.verify(token.trim()).await?))
    }
}

impl Caller {
    /// The caller's role.
    pub fn role(&self) -> Role {
        self.0.role
    }

    /// Fails unless the caller's role may do `permission`.
    pub fn may(&self, permission: Permission) -> ApiResult<()> {
        if allows(self.0.role, permission) {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }

    /// Checks `permission` and returns the caller's clinic (never one named in the request).
    pub fn tenant_for(&self, permission: Permission) -> ApiResult<TenantId> {
        self.may(permission)?;
        self.0.tenant.ok_or(ApiError::Forbidden)
    }

    /// Checks `permission` and loads the caller's clinic.
    pub async fn clinic_for(&self, app: &App, permission: Permission) -> ApiResult<Tenant> {
        let id = self.tenant_for(permission)?;
        app.catalog.tenant(id).await?.ok_or(ApiError::NotFound("clinic"))
    }

    /// The patient record a patient acts as.
    pub fn patient_id(&self) -> ApiResult<PatientId> {
        self.person()
    }

    /// The professional a dentist acts as.
    pub fn professional_id(&self) -> ApiResult<ProfessionalId> {
        self.person()
    }

    fn person<T: std::str::FromStr>(&self) -> ApiResult<T> {
        self.0
            .person_id
            .as_deref()
            .and_then(|p| p.parse().ok())
            .ok_or(ApiError::Forbidden)
    }
}
