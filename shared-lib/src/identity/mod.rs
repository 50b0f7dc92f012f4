//! Identity (DESIGN §6): the `IdentityProvider` port that creates accounts and signs people
//! in, its embedded and Cognito adapters, and the one token verifier both columns use.

#[cfg(feature = "cognito")]
pub mod cognito;
pub mod embedded;
pub mod token;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::domain::{Email, Role};
use crate::ids::TenantId;
use crate::store::StoreError;

pub use token::{AuthError, Principal, TokenVerifier};

/// Why an identity operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    /// An account with that email exists.
    #[error("an account with this email already exists")]
    EmailTaken,
    /// Unknown email or wrong password (never says which).
    #[error("the email or password is not correct")]
    InvalidCredentials,
    /// The account was refused by the provider (its password policy, say).
    #[error("{0}")]
    Refused(String),
    /// The provider is unreachable or failed.
    #[error("the identity provider failed: {0}")]
    Unavailable(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// An account to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    /// Sign-in email.
    pub email: Email,
    /// Display name.
    pub name: String,
    /// Role claim.
    pub role: Role,
    /// Clinic claim (none for the platform owner).
    pub tenant: Option<TenantId>,
    /// The patient or professional record the account acts as.
    pub person_id: Option<String>,
    /// A permanent password; none asks the provider to invite the person.
    pub password: Option<String>,
}

impl NewAccount {
    /// Refuses an account none of whose tokens would verify: everyone but the platform owner
    /// belongs to exactly one clinic, the owner to none (as `TokenVerifier` insists).
    pub(crate) fn check_role_and_clinic(&self) -> Result<(), IdentityError> {
        match (self.role, self.tenant) {
            (Role::Owner, Some(_)) => Err(IdentityError::Refused("the platform owner belongs to no clinic".into())),
            (role, None) if role != Role::Owner => {
                Err(IdentityError::Refused(format!("a {role} account belongs to a clinic")))
            }
            _ => Ok(()),
        }
    }
}

/// A signed token and its lifetime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedToken {
    /// The compact JWT.
    pub token: String,
    /// Seconds until it expires.
    pub expires_in: u64,
}

/// The claims Turnaki's tokens carry, named as Cognito names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The account's subject.
    pub sub: String,
    /// Its email (moto's ID tokens leave it out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The clinic.
    #[serde(rename = "custom:tenant_id", default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// The role.
    #[serde(rename = "custom:role")]
    pub role: String,
    /// The patient or professional record.
    #[serde(rename = "custom:person_id", default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<String>,
    /// Issuer.
    pub iss: String,
    /// Audience (the app client).
    pub aud: String,
    /// Expiry, seconds since the epoch.
    pub exp: u64,
    /// Issued at.
    #[serde(default)]
    pub iat: u64,
}

/// Creates accounts and signs people in; tokens are checked by `TokenVerifier`.
#[async_trait]
pub trait IdentityProvider: Send + Sync {
    /// Creates an account; returns its subject.
    async fn create_account(&self, account: &NewAccount) -> Result<String, IdentityError>;

    /// Exchanges email and password for a token.
    async fn sign_in(&self, email: &Email, password: &str) -> Result<IssuedToken, IdentityError>;
}
