//! Token verification, the same for both columns: RS256 only, the signing key found by
//! `kid` in a JWKS (fixed for the embedded provider, fetched and cached for Cognito), and
//! `exp`, `iss` and `aud` checked.

use std::sync::Arc;
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use tokio::sync::RwLock;

use super::Claims;
use crate::domain::Role;
use crate::ids::TenantId;

/// Why a token was refused. Deliberately coarse towards the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// No bearer token was sent.
    #[error("sign in first: this needs a bearer token")]
    Missing,
    /// The token is malformed, forged, expired or for another audience.
    #[error("the token is not valid: {0}")]
    Invalid(String),
    /// The signing keys could not be fetched.
    #[error("the signing keys could not be fetched: {0}")]
    KeysUnavailable(String),
}

/// A verified caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The account's subject.
    pub subject: String,
    /// Its role.
    pub role: Role,
    /// Its clinic (none only for the owner).
    pub tenant: Option<TenantId>,
    /// The patient or professional record it acts as.
    pub person_id: Option<String>,
}

/// How long fetched keys are trusted before being fetched again.
const JWKS_TTL: Duration = Duration::from_secs(3600);
/// An unknown `kid` triggers a refetch at most this often (key rotation, not a DoS lever).
const REFETCH_AT_MOST_EVERY: Duration = Duration::from_secs(30);

enum KeySource {
    Fixed(JwkSet),
    Remote {
        url: String,
        client: reqwest::Client,
        cache: RwLock<Option<(Arc<JwkSet>, Instant)>>,
    },
}

/// Checks bearer tokens.
pub struct TokenVerifier {
    keys: KeySource,
    issuer: String,
    audience: String,
}

impl TokenVerifier {
    /// A verifier trusting a fixed key set (the embedded provider's own).
    pub fn fixed(keys: JwkSet, issuer: &str, audience: &str) -> Self {
        Self {
            keys: KeySource::Fixed(keys),
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
        }
    }

    /// A verifier fetching the key set from `jwks_url` (Cognito's), caching it for an hour.
    pub fn remote(jwks_url: &str, issuer: &str, audience: &str) -> Self {
        Self {
            keys: KeySource::Remote {
                url: jwks_url.to_owned(),
                client: reqwest::Client::builder()
                    .timeout(Duration::from_secs(5))
                    .build()
                    .expect("a plain HTTP client builds"),
                cache: RwLock::new(None),
            },
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
        }
    }

    /// Verifies a compact JWT and returns who it names.
    pub async fn verify(&self, token: &str) -> Result<Principal, AuthError> {
        let header = jsonwebtoken::decode_header(token).map_err(|e| AuthError::Invalid(e.to_string()))?;
        // Only RS256: `none` and HMAC signed with the public key (key confusion) never pass.
        if header.alg != Algorithm::RS256 {
            return Err(AuthError::Invalid(format!(
                "algorithm {:?} is not accepted",
                header.alg
            )));
        }
        let kid = header
            .kid
            .ok_or_else(|| AuthError::Invalid("the token names no key".into()))?;
        let key = self.key(&kid).await?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 30;
        let data =
            jsonwebtoken::decode::<Claims>(token, &key, &validation).map_err(|e| AuthError::Invalid(e.to_string()))?;
        principal(data.claims)
    }

    async fn key(&self, kid: &str) -> Result<DecodingKey, AuthError> {
        let unknown = || AuthError::Invalid("the token's key is unknown".into());
        let jwk = match &self.keys {
            KeySource::Fixed(set) => set.find(kid).cloned().ok_or_else(unknown)?,
            KeySource::Remote { url, client, cache } => {
                let cached = cache.read().await.clone();
                let fresh_enough = |at: Instant, limit| at.elapsed() < limit;
                let found = cached
                    .as_ref()
                    .filter(|(_, at)| fresh_enough(*at, JWKS_TTL))
                    .and_then(|(set, _)| set.find(kid).cloned());
                match found {
                    Some(jwk) => jwk,
                    None if cached
                        .as_ref()
                        .is_some_and(|(_, at)| fresh_enough(*at, REFETCH_AT_MOST_EVERY)) =>
                    {
                        return Err(unknown());
                    }
                    None => {
                        let set = Arc::new(fetch(client, url).await?);
                        *cache.write().await = Some((Arc::clone(&set), Instant::now()));
                        set.find(kid).cloned().ok_or_else(unknown)?
                    }
                }
            }
        };
        DecodingKey::from_jwk(&jwk).map_err(|e| AuthError::Invalid(e.to_string()))
    }
}

async fn fetch(client: &reqwest::Client, url: &str) -> Result<JwkSet, AuthError> {
    let failed = |e: reqwest::Error| AuthError::KeysUnavailable(e.to_string());
    client
        .get(url)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(failed)?
        .json::<JwkSet>()
        .await
        .map_err(failed)
}

fn principal(claims: Claims) -> Result<Principal, AuthError> {
    let role: Role = claims
        .role
        .parse()
        .map_err(|e: crate::domain::InvalidRole| AuthError::Invalid(e.to_string()))?;
    let tenant = claims
        .tenant_id
        .as_deref()
        .filter(|t| !t.is_empty())
        .map(str::parse::<TenantId>)
        .transpose()
        .map_err(|e| AuthError::Invalid(e.to_string()))?;
    // Everyone but the owner belongs to exactly one clinic; the owner to none.
    if (role == Role::Owner) != tenant.is_none() {
        return Err(AuthError::Invalid("the token's role and clinic do not match".into()));
    }
    Ok(Principal {
        subject: claims.sub,
        role,
        tenant,
        person_id: claims.person_id.filter(|p| !p.is_empty()),
    })
}
