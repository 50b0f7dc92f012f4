//! The embedded identity provider: accounts as `USER#<email>` items with argon2 hashes,
//! and RS256 tokens signed with a key generated on first start and kept in the data dir.

use std::path::Path;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use async_trait::async_trait;
use aws_lc_rs::encoding::{AsDer, Pkcs8V1Der};
use aws_lc_rs::rsa::{KeyPair, KeySize};
use base64::Engine;
use jsonwebtoken::jwk::{Jwk, JwkSet, ThumbprintHash};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::{Deserialize, Serialize};

use super::{Claims, IdentityError, IdentityProvider, IssuedToken, NewAccount, TokenVerifier};
use crate::domain::{Email, Role};
use crate::keys;
use crate::store::{Condition, Item, Store, StoreError};

/// The issuer named in embedded tokens.
pub const ISSUER: &str = "urn:turnaki:embedded";
/// The audience named in embedded tokens.
pub const AUDIENCE: &str = "turnaki";
/// How long an embedded token lasts.
pub const TOKEN_SECONDS: u64 = 8 * 3600;

/// The embedded provider's RSA signing key and its public JWK.
#[derive(Clone)]
pub struct SigningKey {
    encoding: EncodingKey,
    jwk: Jwk,
    kid: String,
}

impl SigningKey {
    /// A fresh 2048-bit key.
    pub fn generate() -> Self {
        Self::from_pem(&fresh_pem()).expect("a fresh key loads")
    }

    /// Loads the key kept at `path`, creating it (owner-readable only) on first start. Starts
    /// racing to create it agree on one key, and none ever reads a half-written file.
    pub fn load_or_create(path: &Path) -> std::io::Result<Self> {
        Self::from_pem(&load_or_create_secret(path, fresh_pem)?).map_err(std::io::Error::other)
    }

    fn from_pem(text: &str) -> Result<Self, String> {
        let encoding = EncodingKey::from_rsa_pem(text.as_bytes()).map_err(|e| format!("signing key: {e}"))?;
        let mut jwk = Jwk::from_encoding_key(&encoding, Algorithm::RS256).map_err(|e| e.to_string())?;
        let kid = jwk.thumbprint(ThumbprintHash::SHA256);
        jwk.common.key_id = Some(kid.clone());
        jwk.common.public_key_use = Some(jsonwebtoken::jwk::PublicKeyUse::Signature);
        Ok(Self { encoding, jwk, kid })
    }

    /// The public keys to publish at `/.well-known/jwks.json`.
    pub fn jwks(&self) -> JwkSet {
        JwkSet {
            keys: vec![self.jwk.clone()],
        }
    }

    /// A verifier for this key's tokens.
    pub fn verifier(&self) -> TokenVerifier {
        TokenVerifier::fixed(self.jwks(), ISSUER, AUDIENCE)
    }

    /// Signs claims.
    pub fn sign(&self, claims: &Claims) -> String {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.encoding).expect("RS256 signing with a valid key")
    }
}

/// The secret kept at `path`, created by `fresh` (owner-readable only) on first start.
/// Starts racing to create it agree on one secret, and none ever reads a half-written file.
pub(crate) fn load_or_create_secret(path: &Path, fresh: impl FnOnce() -> String) -> std::io::Result<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let text = fresh();
            match publish_private(path, &text) {
                Ok(()) => Ok(text),
                // Another start published its secret first: use that one.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => std::fs::read_to_string(path),
                Err(e) => Err(e),
            }
        }
        Err(e) => Err(e),
    }
}

fn fresh_pem() -> String {
    let pair = KeyPair::generate(KeySize::Rsa2048).expect("the system RNG works");
    let der = AsDer::<Pkcs8V1Der>::as_der(&pair).expect("a fresh key serialises");
    let body = base64::engine::general_purpose::STANDARD.encode(der.as_ref());
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).expect("base64 is ASCII"))
        .collect();
    format!(
        "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
        lines.join("\n")
    )
}

/// Writes `text` to `path` unless it exists (`AlreadyExists` then), all at once: the text
/// goes to a private temporary file first, which is then linked into place.
#[cfg(unix)]
fn publish_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let name = path.file_name().map_or_else(Default::default, |n| n.to_string_lossy());
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", ulid::Ulid::generate()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&temporary)
        .and_then(|mut file| {
            file.write_all(text.as_bytes())?;
            file.sync_all()
        })
        // Linking, unlike renaming, never replaces a key another start published.
        .and_then(|()| std::fs::hard_link(&temporary, path));
    let _ = std::fs::remove_file(&temporary);
    written
}

#[cfg(not(unix))]
fn publish_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(text.as_bytes())
}

/// What the store keeps of an account.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Account {
    subject: String,
    email: Email,
    name: String,
    role: Role,
    tenant_id: Option<String>,
    person_id: Option<String>,
    password_hash: String,
}

/// Accounts in the store, tokens signed with the server's own key.
pub struct EmbeddedIdentity {
    store: Arc<dyn Store>,
    key: SigningKey,
}

impl EmbeddedIdentity {
    /// A provider keeping accounts in `store` and signing with `key`.
    pub fn new(store: Arc<dyn Store>, key: SigningKey) -> Self {
        Self { store, key }
    }

    /// The signing key (for the JWKS route and the verifier).
    pub fn key(&self) -> &SigningKey {
        &self.key
    }

    /// Signs a token with `account`'s claims.
    fn issue(&self, account: &Account) -> IssuedToken {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("after 1970")
            .as_secs();
        let claims = Claims {
            sub: account.subject.clone(),
            email: Some(account.email.to_string()),
            tenant_id: account.tenant_id.clone(),
            role: account.role.to_string(),
            person_id: account.person_id.clone(),
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            exp: now + TOKEN_SECONDS,
            iat: now,
        };
        IssuedToken {
            token: self.key.sign(&claims),
            expires_in: TOKEN_SECONDS,
        }
    }
}

// A hash of a password nobody has, checked when the email is unknown, so that a wrong email
// takes as long as a wrong password and does not reveal who has an account.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash("decoy password nobody has").expect("hashing works"))
}

fn hash(password: &str) -> Result<String, IdentityError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| IdentityError::Unavailable(e.to_string()))
}

fn matches(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, IdentityError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| IdentityError::Unavailable(e.to_string()))
}

#[async_trait]
impl IdentityProvider for EmbeddedIdentity {
    async fn create_account(&self, account: &NewAccount) -> Result<String, IdentityError> {
        account.check_role_and_clinic()?;
        // No mail goes out from here, so an invitation is impossible: a password is required.
        let password = account
            .password
            .clone()
            .ok_or_else(|| IdentityError::Refused("the embedded provider needs an initial password".into()))?;
        let password_hash = blocking(move || hash(&password)).await??;
        let subject = ulid::Ulid::generate().to_string();
        let record = Account {
            subject: subject.clone(),
            email: account.email.clone(),
            name: account.name.clone(),
            role: account.role,
            tenant_id: account.tenant.map(|t| t.to_string()),
            person_id: account.person_id.clone(),
            password_hash,
        };
        let item = Item::from_record(keys::local_user(&account.email), &record)?;
        match self.store.put(item, Some(Condition::NotExists)).await {
            Err(StoreError::ConditionFailed { .. }) => Err(IdentityError::EmailTaken),
            other => other.map(|()| subject).map_err(Into::into),
        }
    }

    async fn sign_in(&self, email: &Email, password: &str) -> Result<IssuedToken, IdentityError> {
        let account: Option<Account> = self
            .store
            .get(&keys::local_user(email))
            .await?
            .map(|item| item.record())
            .transpose()?;
        let stored = account
            .as_ref()
            .map_or_else(|| decoy_hash().to_owned(), |a| a.password_hash.clone());
        let password = password.to_owned();
        let ok = blocking(move || matches(&password, &stored)).await?;
        match account {
            Some(account) if ok => Ok(self.issue(&account)),
            _ => Err(IdentityError::InvalidCredentials),
        }
    }
}
