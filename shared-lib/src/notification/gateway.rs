//! The SMS gateway relay: each text is posted as JSON to a URL the clinic configures, signed
//! with a shared secret, so that any SMS provider (or a small script in front of one) can
//! be connected without Turnaki knowing its API.
//!
//! The request carries `Turnaki-Signature: t=<unix seconds>,v1=<hex>`, where `v1` is the
//! HMAC-SHA256 of `<t>.<body>` under the secret: the receiver recomputes it over the raw
//! body and refuses a stale `t`, so a captured request cannot be replayed later.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_lc_rs::hmac;
use serde::Serialize;

use super::texter::{TextError, TextMessage};
use crate::domain::TextEncoding;
use crate::ids::MessageId;

/// The header the signature travels in.
pub const SIGNATURE_HEADER: &str = "Turnaki-Signature";

/// How long one post may take before it counts as failed.
const TIMEOUT: Duration = Duration::from_secs(10);

/// What the gateway receives.
#[derive(Debug, Serialize)]
struct Post<'a> {
    id: MessageId,
    to: &'a str,
    body: &'a str,
    segments: u32,
    encoding: TextEncoding,
}

/// An HTTP endpoint that sends texts, with the secret its requests are signed with.
#[derive(Clone)]
pub struct SmsGateway {
    url: reqwest::Url,
    key: hmac::Key,
    http: reqwest::Client,
}

impl SmsGateway {
    /// The gateway at `url` (http or https), signing with `secret` (at least 32 bytes).
    pub fn new(url: &str, secret: &[u8]) -> Result<Self, TextError> {
        let url = reqwest::Url::parse(url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .ok_or_else(|| TextError::Invalid(format!("TURNAKI_SMS_GATEWAY_URL: `{url}` is not an http(s) URL")))?;
        if secret.len() < 32 {
            return Err(TextError::Invalid(
                "TURNAKI_SMS_GATEWAY_SECRET: use at least 32 bytes".into(),
            ));
        }
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .build()
            .map_err(|e| TextError::Invalid(format!("SMS gateway client: {e}")))?;
        Ok(Self {
            url,
            key: hmac::Key::new(hmac::HMAC_SHA256, secret),
            http,
        })
    }

    /// The signature header's value for `body` posted at `t` (Unix seconds).
    pub fn signature(&self, t: u64, body: &[u8]) -> String {
        let mut context = hmac::Context::with_key(&self.key);
        context.update(t.to_string().as_bytes());
        context.update(b".");
        context.update(body);
        let tag = context.sign();
        let hex: String = tag.as_ref().iter().map(|b| format!("{b:02x}")).collect();
        format!("t={t},v1={hex}")
    }

    /// Posts `text`; a 2xx answer is delivery. A refusal of the request itself (4xx other
    /// than timeouts and rate limits) is not worth a retry; anything else may be.
    pub(super) async fn post(&self, text: &TextMessage) -> Result<(), TextError> {
        let body = serde_json::to_vec(&Post {
            id: text.id,
            to: text.to.as_str(),
            body: &text.body,
            segments: text.segments.count,
            encoding: text.segments.encoding,
        })
        .map_err(|e| TextError::Invalid(e.to_string()))?;
        let t = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let answer = self
            .http
            .post(self.url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(SIGNATURE_HEADER, self.signature(t, &body))
            .body(body)
            .send()
            .await
            .map_err(|e| TextError::Unavailable(format!("SMS gateway: {e}")))?;
        let status = answer.status();
        if status.is_success() {
            return Ok(());
        }
        let reason = format!("SMS gateway answered {status}");
        match status.as_u16() {
            408 | 425 | 429 => Err(TextError::Unavailable(reason)),
            400..=499 => Err(TextError::Invalid(reason)),
            _ => Err(TextError::Unavailable(reason)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_hmac_of_the_time_and_the_body() {
        let gateway = SmsGateway::new("http://127.0.0.1:1/sms", &[7; 32]).unwrap();
        let a = gateway.signature(1_700_000_000, b"{\"to\":\"+56961234567\"}");
        assert!(a.starts_with("t=1700000000,v1="), "{a}");
        assert_eq!(a.len(), "t=1700000000,v1=".len() + 64);
        assert_ne!(a, gateway.signature(1_700_000_001, b"{\"to\":\"+56961234567\"}"));
        assert_ne!(a, gateway.signature(1_700_000_000, b"{\"to\":\"+56912345679\"}"));
    }

    #[test]
    fn a_gateway_needs_an_http_url_and_a_long_secret() {
        assert!(SmsGateway::new("ftp://sms.example", &[7; 32]).is_err());
        assert!(SmsGateway::new("not a url", &[7; 32]).is_err());
        assert!(SmsGateway::new("https://sms.example/send", b"short").is_err());
        assert!(SmsGateway::new("https://sms.example/send", &[7; 32]).is_ok());
    }
}
