//! `GET /v1/outbox`: the emails and texts `turnaki serve` kept, for the clinic's admin.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{Channel, DeliveryStatus, Message, MessageKind, TextMessage};
use crate::ids::{MessageId, TenantId};

/// What an outbox entry holds: an email, or a text. Told apart by their fields (a text has
/// a `body`), so entries kept before texts existed read as emails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum OutboxContent {
    /// A text message.
    Sms(TextMessage),
    /// An email.
    Email(Message),
}

impl OutboxContent {
    /// Its channel.
    pub const fn channel(&self) -> Channel {
        match self {
            Self::Sms(_) => Channel::Sms,
            Self::Email(_) => Channel::Email,
        }
    }

    /// Its id.
    pub const fn id(&self) -> MessageId {
        match self {
            Self::Sms(t) => t.id,
            Self::Email(m) => m.id,
        }
    }

    /// The clinic it is from.
    pub const fn tenant_id(&self) -> TenantId {
        match self {
            Self::Sms(t) => t.tenant_id,
            Self::Email(m) => m.tenant_id,
        }
    }

    /// What it tells.
    pub const fn kind(&self) -> MessageKind {
        match self {
            Self::Sms(t) => t.kind,
            Self::Email(m) => m.kind,
        }
    }

    /// The email, if it is one.
    pub const fn email(&self) -> Option<&Message> {
        match self {
            Self::Email(m) => Some(m),
            Self::Sms(_) => None,
        }
    }

    /// The text, if it is one.
    pub const fn text(&self) -> Option<&TextMessage> {
        match self {
            Self::Sms(t) => Some(t),
            Self::Email(_) => None,
        }
    }
}

/// One message of the outbox, as rendered, with where its delivery stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxMessage {
    /// The email or text as rendered.
    #[serde(flatten)]
    pub content: OutboxContent,
    /// Where its delivery stands.
    pub status: DeliveryStatus,
    /// Delivery attempts so far.
    pub attempts: u32,
    /// Why the last attempt failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// When it was first stored.
    pub created_at: DateTime<Utc>,
    /// When its status last changed.
    pub updated_at: DateTime<Utc>,
}
