//! The Cognito adapter (AWS column): accounts via `AdminCreateUser` with the tenant and role
//! as custom attributes that app clients cannot write, and sign-in via `USER_PASSWORD_AUTH`.
//! Tokens are Cognito's ID tokens, checked by the same `TokenVerifier` as embedded ones.

use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::SdkError;
use aws_sdk_cognitoidentityprovider::operation::admin_create_user::AdminCreateUserError;
use aws_sdk_cognitoidentityprovider::operation::initiate_auth::InitiateAuthError;
use aws_sdk_cognitoidentityprovider::types::{AttributeType, AuthFlowType, MessageActionType};

use super::{IdentityError, IdentityProvider, IssuedToken, NewAccount, TokenVerifier};
use crate::domain::Email;

/// A Cognito user pool and the app client Turnaki signs in through.
#[derive(Debug, Clone)]
pub struct CognitoIdentity {
    client: Client,
    pool_id: String,
    client_id: String,
}

/// Where a pool's issuer and keys live in AWS.
pub fn issuer(region: &str, pool_id: &str) -> String {
    format!("https://cognito-idp.{region}.amazonaws.com/{pool_id}")
}

impl CognitoIdentity {
    /// The adapter for `pool_id` and its app client `client_id`.
    pub fn new(client: Client, pool_id: impl Into<String>, client_id: impl Into<String>) -> Self {
        Self {
            client,
            pool_id: pool_id.into(),
            client_id: client_id.into(),
        }
    }

    /// A verifier for this pool's ID tokens; `jwks_url` defaults to the issuer's.
    pub fn verifier(&self, region: &str, jwks_url: Option<&str>) -> TokenVerifier {
        let issuer = issuer(region, &self.pool_id);
        let jwks = jwks_url.map_or_else(|| format!("{issuer}/.well-known/jwks.json"), str::to_owned);
        TokenVerifier::remote(&jwks, &issuer, &self.client_id)
    }
}

fn attribute(name: &str, value: &str) -> AttributeType {
    AttributeType::builder()
        .name(name)
        .value(value)
        .build()
        .expect("name and value are set")
}

fn unavailable<E: std::fmt::Debug>(e: E) -> IdentityError {
    IdentityError::Unavailable(format!("{e:?}"))
}

#[async_trait]
impl IdentityProvider for CognitoIdentity {
    async fn create_account(&self, account: &NewAccount) -> Result<String, IdentityError> {
        account.check_role_and_clinic()?;
        let email = account.email.as_str();
        let mut request = self
            .client
            .admin_create_user()
            .user_pool_id(&self.pool_id)
            .username(email)
            .user_attributes(attribute("email", email))
            .user_attributes(attribute("email_verified", "true"))
            .user_attributes(attribute("name", &account.name))
            .user_attributes(attribute("custom:role", account.role.as_str()));
        if let Some(tenant) = account.tenant {
            request = request.user_attributes(attribute("custom:tenant_id", &tenant.to_string()));
        }
        if let Some(person) = &account.person_id {
            request = request.user_attributes(attribute("custom:person_id", person));
        }
        if account.password.is_some() {
            // The password is set as permanent below; Cognito's invitation would confuse.
            request = request.message_action(MessageActionType::Suppress);
        }
        let created = request.send().await.map_err(|e| match e {
            SdkError::ServiceError(ref s) => match s.err() {
                AdminCreateUserError::UsernameExistsException(_) => IdentityError::EmailTaken,
                AdminCreateUserError::InvalidParameterException(p) => {
                    IdentityError::Refused(p.message().unwrap_or("invalid account").to_owned())
                }
                _ => unavailable(e),
            },
            other => unavailable(other),
        })?;
        let subject = created
            .user()
            .and_then(|u| u.attributes().iter().find(|a| a.name() == "sub"))
            .and_then(|a| a.value())
            .map_or_else(|| email.to_owned(), str::to_owned);
        if let Some(password) = &account.password {
            let set = self
                .client
                .admin_set_user_password()
                .user_pool_id(&self.pool_id)
                .username(email)
                .password(password)
                .permanent(true)
                .send()
                .await
                .map_err(|e| match e.as_service_error().and_then(|s| s.meta().message()) {
                    Some(message) if e.as_service_error().is_some_and(|s| s.is_invalid_password_exception()) => {
                        IdentityError::Refused(message.to_owned())
                    }
                    _ => unavailable(e),
                });
            if let Err(refused) = set {
                // Without its password the account is unusable, yet it would keep the email
                // taken: take it back so that the person can try again.
                if let Err(e) = self
                    .client
                    .admin_delete_user()
                    .user_pool_id(&self.pool_id)
                    .username(email)
                    .send()
                    .await
                {
                    tracing::warn!(error = ?e, "could not remove an account left without a password");
                }
                return Err(refused);
            }
        }
        Ok(subject)
    }

    async fn sign_in(&self, email: &Email, password: &str) -> Result<IssuedToken, IdentityError> {
        let answer = self
            .client
            .initiate_auth()
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .client_id(&self.client_id)
            .auth_parameters("USERNAME", email.as_str())
            .auth_parameters("PASSWORD", password)
            .send()
            .await
            .map_err(|e| match e.as_service_error() {
                Some(InitiateAuthError::NotAuthorizedException(_) | InitiateAuthError::UserNotFoundException(_)) => {
                    IdentityError::InvalidCredentials
                }
                _ => unavailable(e),
            })?;
        let result = answer
            .authentication_result()
            .ok_or_else(|| IdentityError::Unavailable("Cognito asked for a further challenge".into()))?;
        let token = result
            .id_token()
            .ok_or_else(|| IdentityError::Unavailable("Cognito returned no ID token".into()))?;
        Ok(IssuedToken {
            token: token.to_owned(),
            expires_in: u64::try_from(result.expires_in()).unwrap_or(0),
        })
    }
}
