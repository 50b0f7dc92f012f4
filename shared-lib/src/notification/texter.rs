//! The texter port: one rendered text message and the ways it leaves Turnaki.

use async_trait::async_trait;

pub use crate::domain::TextMessage;

/// Why a text could not be sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// The text itself is unusable (a number the service refuses); sending it again cannot help.
    #[error("the text cannot be sent: {0}")]
    Invalid(String),
    /// The text service refused for now or could not be reached; a retry may succeed.
    #[error("the text service failed: {0}")]
    Unavailable(String),
}

impl TextError {
    /// Whether sending the same text again may succeed.
    pub const fn is_transient(&self) -> bool {
        matches!(self, Self::Unavailable(_))
    }
}

/// Where rendered texts go: SNS in AWS, the outbox (and an SMS gateway) when embedded.
#[async_trait]
pub trait Texter: Send + Sync {
    /// Sends one text. Sending the same text (same id) again must not make a second
    /// record of it, though the patient may get it twice.
    async fn send(&self, text: &TextMessage) -> Result<(), TextError>;
}
