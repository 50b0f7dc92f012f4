//! One contract for every link signer: the embedded HMAC key and the KMS HMAC key (on the
//! AWS-compatible test endpoint). Each case gets the signer under test and a second signer
//! of the same kind with another key, as another deployment would have.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use turnaki_shared::domain::{LinkAction, LinkClaims};
use turnaki_shared::ids::{BookingId, TenantId};
use turnaki_shared::links::kms::KmsSigner;
use turnaki_shared::links::{HmacSigner, LinkRefusal, LinkSigner, Links};

/// The signer under test and another key's.
pub struct Signers {
    pub ours: Links,
    pub theirs: Links,
    signer: Arc<dyn LinkSigner>,
}

impl Signers {
    pub fn hmac() -> Self {
        let signer: Arc<dyn LinkSigner> = Arc::new(HmacSigner::generate());
        Self {
            ours: Links::new(Arc::clone(&signer)),
            theirs: Links::new(Arc::new(HmacSigner::generate())),
            signer,
        }
    }

    pub async fn kms() -> Self {
        let moto = turnaki_testkit::Moto::from_env().await;
        let kms = |key| KmsSigner::new(aws_sdk_kms::Client::new(&moto.config), key);
        let signer: Arc<dyn LinkSigner> = Arc::new(kms(moto.link_key().await));
        Self {
            ours: Links::new(Arc::clone(&signer)),
            theirs: Links::new(Arc::new(kms(moto.link_key().await))),
            signer,
        }
    }
}

fn now() -> DateTime<Utc> {
    "2026-03-02T11:00:00Z".parse().expect("instant")
}

fn claims(action: LinkAction) -> LinkClaims {
    LinkClaims {
        tenant_id: TenantId::new(),
        subject: BookingId::new().ulid(),
        action,
        expires_at: now() + Duration::days(1),
    }
}

pub async fn a_token_opens_as_the_claims_it_was_issued_for(s: Signers) {
    for action in LinkAction::ALL {
        let c = claims(action);
        let token = s.ours.issue(&c).await.expect("signed");
        assert_eq!(s.ours.open(&token, now()).await, Ok(c));
        assert!(token.len() <= turnaki_shared::links::MAX_TOKEN, "{token}");
        assert!(
            token
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || "._-~".contains(ch)),
            "{token} needs escaping in a URL"
        );
    }
}

pub async fn a_changed_payload_or_mac_is_refused(s: Signers) {
    let c = claims(LinkAction::Confirm);
    let token = s.ours.issue(&c).await.expect("signed");
    let (payload, mac) = token.split_once('~').expect("payload~mac");
    let later = LinkClaims {
        expires_at: c.expires_at + Duration::days(30),
        ..c
    };
    let other_action = LinkClaims {
        action: LinkAction::Cancel,
        ..c
    };
    let flipped = if mac.starts_with('A') { 'B' } else { 'A' };
    for forged in [
        format!("{}~{mac}", later.payload()),
        format!("{}~{mac}", other_action.payload()),
        format!("{payload}~{flipped}{}", &mac[1..]),
        format!("{payload}~"),
        format!("{payload}~{mac}{mac}"),
        format!("{payload}~not*base64"),
        payload.to_owned(),
        "x".repeat(1000),
    ] {
        assert_eq!(s.ours.open(&forged, now()).await, Err(LinkRefusal::Invalid), "{forged}");
    }
    assert_eq!(s.signer.verify(payload.as_bytes(), &[]).await, Ok(false));
}

pub async fn another_keys_token_is_refused(s: Signers) {
    let c = claims(LinkAction::Reschedule);
    let theirs = s.theirs.issue(&c).await.expect("signed by the other key");
    assert_eq!(s.ours.open(&theirs, now()).await, Err(LinkRefusal::Invalid));
    let ours = s.ours.issue(&c).await.expect("signed");
    assert_eq!(s.theirs.open(&ours, now()).await, Err(LinkRefusal::Invalid));
}

pub async fn a_token_expires_when_its_visit_ends(s: Signers) {
    let c = claims(LinkAction::Cancel);
    let token = s.ours.issue(&c).await.expect("signed");
    let last_second = c.expires_at - Duration::seconds(1);
    assert_eq!(s.ours.open(&token, last_second).await, Ok(c));
    assert_eq!(s.ours.open(&token, c.expires_at).await, Err(LinkRefusal::Expired));
    // An expired forgery is invalid, not expired: only real links are told they expired.
    let forged = token.replacen("cancel", "confirm", 1);
    assert_eq!(s.ours.open(&forged, c.expires_at).await, Err(LinkRefusal::Invalid));
}
