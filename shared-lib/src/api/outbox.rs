//! `GET /v1/outbox`: the messages `turnaki serve` kept, for the clinic's admin.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{DeliveryStatus, Message};

/// One message of the outbox, as rendered, with where its delivery stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxMessage {
    /// The message as rendered.
    #[serde(flatten)]
    pub message: Message,
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
