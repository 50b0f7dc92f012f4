//! Signed links that act on one booking without signing in (DESIGN §11): the signing port
//! with its two adapters, the token's text form, and the workflow that verifies a token and
//! acts with the clinic's rules ([`desk`]).
//!
//! A token is `<payload>~<mac>`: the payload is [`LinkClaims::payload`] (tenant, booking,
//! action, expiry) and the MAC is the signer's over the payload's bytes, base64url.
//! Port: [`LinkSigner`] — an HMAC key in the data dir when embedded ([`HmacSigner`]), a KMS
//! HMAC key in AWS (`kms::KmsSigner`), so the key never sits in an environment variable.

pub mod desk;
#[cfg(feature = "kms")]
pub mod kms;

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use aws_lc_rs::hmac;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};

use crate::domain::{LinkClaims, MalformedLink};

/// The signing service failed (not: the MAC did not match).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the link signing service failed: {0}")]
pub struct SignerUnavailable(pub String);

/// Makes and checks MACs with a key the caller never holds in memory as text it logs.
#[async_trait]
pub trait LinkSigner: Send + Sync {
    /// The MAC of `message`.
    async fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignerUnavailable>;

    /// Whether `mac` is this key's MAC of `message`: `Ok(false)` for any MAC it is not.
    async fn verify(&self, message: &[u8], mac: &[u8]) -> Result<bool, SignerUnavailable>;
}

/// Why a token does not open.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkRefusal {
    /// Not a token this server hands out, or changed since it was signed, or signed with
    /// another key (another deployment's).
    #[error("the link is not valid")]
    Invalid,
    /// The visit it was for has ended.
    #[error("the link has expired")]
    Expired,
    /// The signer could not be asked.
    #[error(transparent)]
    Unavailable(#[from] SignerUnavailable),
}

impl From<MalformedLink> for LinkRefusal {
    fn from(_: MalformedLink) -> Self {
        Self::Invalid
    }
}

/// The separator of payload and MAC: outside both alphabets, and safe in a URL fragment.
const SEPARATOR: char = '~';
/// The longest token read (a payload and a 512-bit MAC fit with room to spare): anything
/// longer is refused before any signer is asked.
pub const MAX_TOKEN: usize = crate::api::links::MAX_LINK_TOKEN;

/// Issues and opens link tokens with one signer.
#[derive(Clone)]
pub struct Links {
    signer: Arc<dyn LinkSigner>,
}

impl Links {
    /// Tokens signed by `signer`.
    pub fn new(signer: Arc<dyn LinkSigner>) -> Self {
        Self { signer }
    }

    /// The token for `claims`.
    pub async fn issue(&self, claims: &LinkClaims) -> Result<String, SignerUnavailable> {
        let payload = claims.payload();
        let mac = self.signer.sign(payload.as_bytes()).await?;
        Ok(format!("{payload}{SEPARATOR}{}", URL_SAFE_NO_PAD.encode(mac)))
    }

    /// The claims of `token` if this server signed it and it has not expired at `now`.
    pub async fn open(&self, token: &str, now: DateTime<Utc>) -> Result<LinkClaims, LinkRefusal> {
        if token.len() > MAX_TOKEN {
            return Err(LinkRefusal::Invalid);
        }
        let (payload, mac) = token.split_once(SEPARATOR).ok_or(LinkRefusal::Invalid)?;
        let claims = LinkClaims::parse_payload(payload)?;
        let mac = URL_SAFE_NO_PAD.decode(mac).map_err(|_| LinkRefusal::Invalid)?;
        if !self.signer.verify(payload.as_bytes(), &mac).await? {
            return Err(LinkRefusal::Invalid);
        }
        // Checked after the signature, so an expired answer is only ever given for a real link.
        if claims.expired_at(now) {
            return Err(LinkRefusal::Expired);
        }
        Ok(claims)
    }
}

/// The embedded adapter: HMAC-SHA256 with a 256-bit key kept in the data dir.
pub struct HmacSigner {
    key: hmac::Key,
}

impl HmacSigner {
    /// A fresh random key (tests; a restart would void every link sent).
    pub fn generate() -> Self {
        Self::from_secret(&fresh_secret()).expect("a fresh secret loads")
    }

    /// Loads the key kept at `path`, creating it (owner-readable only) on first start, as
    /// the identity key is.
    pub fn load_or_create(path: &Path) -> std::io::Result<Self> {
        let text = crate::identity::embedded::load_or_create_secret(path, fresh_secret)?;
        Self::from_secret(&text).map_err(std::io::Error::other)
    }

    fn from_secret(text: &str) -> Result<Self, String> {
        let bytes = URL_SAFE_NO_PAD
            .decode(text.trim())
            .map_err(|e| format!("link key: {e}"))?;
        if bytes.len() < 32 {
            return Err(format!("link key: {} bytes, at least 32 needed", bytes.len()));
        }
        Ok(Self {
            key: hmac::Key::new(hmac::HMAC_SHA256, &bytes),
        })
    }
}

fn fresh_secret() -> String {
    let mut bytes = [0u8; 32];
    aws_lc_rs::rand::fill(&mut bytes).expect("the system RNG works");
    format!("{}\n", URL_SAFE_NO_PAD.encode(bytes))
}

#[async_trait]
impl LinkSigner for HmacSigner {
    async fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignerUnavailable> {
        Ok(hmac::sign(&self.key, message).as_ref().to_vec())
    }

    async fn verify(&self, message: &[u8], mac: &[u8]) -> Result<bool, SignerUnavailable> {
        // Constant time: how much of a guessed MAC matched must not show in the answer's timing.
        Ok(hmac::verify(&self.key, message, mac).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_is_created_once_and_read_back_by_the_next_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("links").join("link-key");
        let first = HmacSigner::load_or_create(&path).unwrap();
        let again = HmacSigner::load_or_create(&path).unwrap();
        let mac = hmac::sign(&first.key, b"m");
        assert!(hmac::verify(&again.key, b"m", mac.as_ref()).is_ok());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "the key is readable by its owner only");
        }
    }

    #[test]
    fn a_short_or_unreadable_key_file_is_refused() {
        assert!(HmacSigner::from_secret("c2hvcnQ").is_err());
        assert!(HmacSigner::from_secret("not base64!").is_err());
    }
}
