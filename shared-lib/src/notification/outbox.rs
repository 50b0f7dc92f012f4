//! The embedded mailer and texter: every email and text is kept in the clinic's outbox
//! with its delivery status and, when a relay is configured (SMTP, an SMS gateway), handed
//! to it.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::gateway::SmsGateway;
use super::texter::{TextError, TextMessage, Texter};
use super::{MailError, Mailer, Message};
use crate::api::outbox::{OutboxContent, OutboxMessage};
use crate::clock::Clock;
use crate::domain::DeliveryStatus;
use crate::ids::TenantId;
use crate::keys;
use crate::store::{Cursor, Index, Item, Query, SortKey, Store, StoreError};

/// How long one SMTP exchange may take before it counts as failed.
const SMTP_TIMEOUT: Duration = Duration::from_secs(15);

/// An SMTP relay, from a URL such as `smtp://user:pass@mail.example:587?tls=required`.
#[derive(Clone)]
pub struct Smtp(AsyncSmtpTransport<Tokio1Executor>);

impl Smtp {
    /// The relay `url` names (lettre's URL form: `smtp://`, `smtps://`, `?tls=`).
    pub fn from_url(url: &str) -> Result<Self, MailError> {
        Ok(Self(Self::builder(url)?.build()))
    }

    /// The relay `url` names, whose certificate is also trusted when the authority in
    /// `ca_pem` issued it: a clinic's own mail server under a private CA. TLS is required
    /// (`smtps://` from the first byte, STARTTLS otherwise).
    pub fn from_url_trusting(url: &str, ca_pem: &[u8]) -> Result<Self, MailError> {
        use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
        let invalid = |e: &dyn std::fmt::Display| MailError::Invalid(format!("TURNAKI_SMTP_CA_FILE: {e}"));
        let host = reqwest::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .ok_or_else(|| MailError::Invalid("TURNAKI_SMTP_URL: no host".into()))?;
        let certificate = Certificate::from_pem(ca_pem).map_err(|e| invalid(&e))?;
        let parameters = TlsParameters::builder(host)
            .add_root_certificate(certificate)
            .build_rustls()
            .map_err(|e| invalid(&e))?;
        let tls = if url.starts_with("smtps://") {
            Tls::Wrapper(parameters)
        } else {
            Tls::Required(parameters)
        };
        Ok(Self(Self::builder(url)?.tls(tls).build()))
    }

    fn builder(url: &str) -> Result<lettre::transport::smtp::AsyncSmtpTransportBuilder, MailError> {
        let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailError::Invalid(format!("TURNAKI_SMTP_URL: {e}")))?;
        Ok(builder.timeout(Some(SMTP_TIMEOUT)))
    }

    async fn relay(&self, message: lettre::Message) -> Result<(), MailError> {
        self.0
            .send(message)
            .await
            .map(drop)
            .map_err(|e| MailError::Unavailable(format!("SMTP relay: {e}")))
    }
}

/// The clinic's `OUTBOX#` entries: each email or text with its delivery status.
#[derive(Clone)]
struct Outbox {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
}

impl Outbox {
    /// Keeps `content` with the outcome of handing it to its relay (`None`: no relay),
    /// counting attempts across retries of the same message; the relay's error, if any.
    async fn keep<E: std::fmt::Display>(
        &self,
        content: OutboxContent,
        outcome: Option<Result<(), E>>,
    ) -> Result<Option<E>, StoreError> {
        let key = keys::outbox(content.tenant_id(), content.id());
        let earlier: Option<OutboxMessage> = self.store.get(&key).await?.map(|item| item.record()).transpose()?;
        let now = self.clock.now();
        let (status, error) = match outcome {
            None => (DeliveryStatus::Stored, None),
            Some(Ok(())) => (DeliveryStatus::Relayed, None),
            Some(Err(e)) => (DeliveryStatus::Failed, Some(e)),
        };
        let record = OutboxMessage {
            content,
            status,
            attempts: earlier.as_ref().map_or(0, |m| m.attempts) + 1,
            last_error: error.as_ref().map(ToString::to_string),
            created_at: earlier.map_or(now, |m| m.created_at),
            updated_at: now,
        };
        self.store.put(Item::from_record(key, &record)?, None).await?;
        Ok(error)
    }
}

/// Keeps each email or text in the outbox and, when a relay `R` is configured, hands it on.
#[derive(Clone)]
pub struct Kept<R> {
    outbox: Outbox,
    relay: Option<R>,
}

/// Keeps emails in the outbox and, when configured, relays them over SMTP.
pub type OutboxMailer = Kept<Smtp>;

/// Keeps texts in the outbox beside the emails and, when configured, posts them to an SMS
/// gateway.
pub type OutboxTexter = Kept<SmsGateway>;

impl<R> Kept<R> {
    /// An outbox that keeps messages without relaying them.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self {
            outbox: Outbox { store, clock },
            relay: None,
        }
    }

    /// Hands every message to `relay` as well.
    pub fn with_relay(self, relay: R) -> Self {
        Self {
            relay: Some(relay),
            ..self
        }
    }
}

#[async_trait]
impl Mailer for OutboxMailer {
    async fn send(&self, email: &Message) -> Result<(), MailError> {
        // A message no relay could ever send is refused before it is kept.
        let message = email.mime()?;
        let outcome = match &self.relay {
            None => None,
            Some(smtp) => Some(smtp.relay(message).await),
        };
        let failed = self
            .outbox
            .keep(OutboxContent::Email(email.clone()), outcome)
            .await
            .map_err(|e| MailError::Unavailable(format!("outbox: {e}")))?;
        failed.map_or(Ok(()), Err)
    }
}

#[async_trait]
impl Texter for OutboxTexter {
    async fn send(&self, text: &TextMessage) -> Result<(), TextError> {
        let outcome = match &self.relay {
            None => None,
            Some(gateway) => Some(gateway.post(text).await),
        };
        let failed = self
            .outbox
            .keep(OutboxContent::Sms(text.clone()), outcome)
            .await
            .map_err(|e| TextError::Unavailable(format!("outbox: {e}")))?;
        failed.map_or(Ok(()), Err)
    }
}

/// One page of a clinic's outbox, newest first.
pub async fn page(
    store: &dyn Store,
    tenant: TenantId,
    limit: u32,
    cursor: Option<Cursor>,
) -> Result<(Vec<OutboxMessage>, Option<Cursor>), StoreError> {
    let query = Query::new(
        Index::Table,
        keys::tenant_partition(tenant),
        SortKey::Prefix(keys::OUTBOX_PREFIX.into()),
    )
    .descending()
    .limit(limit)
    .after(cursor);
    let page = store.query(&query).await?;
    let messages = page.items.iter().map(Item::record).collect::<Result<_, _>>()?;
    Ok((messages, page.next))
}
