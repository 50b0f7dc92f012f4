//! Signing in and who the caller is.

use serde::{Deserialize, Serialize};

use crate::domain::Role;
use crate::ids::TenantId;

/// `POST /v1/auth/token`: email and password for a bearer token.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// The account's email.
    #[cfg_attr(feature = "openapi", schema(format = Email))]
    pub email: String,
    /// Its password.
    #[cfg_attr(feature = "openapi", schema(format = Password))]
    pub password: String,
}

/// A bearer token and what it grants.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    /// The JWT to send as `Authorization: Bearer …`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until it expires.
    pub expires_in: u64,
    /// The account's role.
    pub role: Role,
    /// The clinic it belongs to (none for the platform owner).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<TenantId>,
}

/// What the SPA reads from `/config.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientConfig {
    /// Where the API lives (empty: same origin).
    pub api_base: String,
    /// `embedded` (POST /v1/auth/token) or `cognito`.
    pub auth: String,
    /// Cognito only: the Hosted UI domain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cognito_domain: Option<String>,
    /// Cognito only: the SPA's app client id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cognito_client_id: Option<String>,
}
