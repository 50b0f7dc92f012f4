//! The SES adapter (AWS column): each message goes out as a raw MIME message, so the
//! calendar invitation travels as a real attachment.

use async_trait::async_trait;
use aws_sdk_ses::Client;
use aws_sdk_ses::error::SdkError;
use aws_sdk_ses::primitives::Blob;
use aws_sdk_ses::types::RawMessage;

use super::{MailError, Mailer, Message};

/// Sends through Amazon SES (`SendRawEmail`).
#[derive(Debug, Clone)]
pub struct SesMailer {
    client: Client,
    configuration_set: Option<String>,
}

impl SesMailer {
    /// The adapter on `client`, tagging sends with `configuration_set` when given (for
    /// bounce and complaint tracking).
    pub fn new(client: Client, configuration_set: Option<String>) -> Self {
        Self {
            client,
            configuration_set,
        }
    }
}

#[async_trait]
impl Mailer for SesMailer {
    async fn send(&self, email: &Message) -> Result<(), MailError> {
        let raw = RawMessage::builder()
            .data(Blob::new(email.mime()?.formatted()))
            .build()
            .map_err(|e| MailError::Invalid(e.to_string()))?;
        self.client
            .send_raw_email()
            .raw_message(raw)
            .set_configuration_set_name(self.configuration_set.clone())
            .send()
            .await
            .map(drop)
            .map_err(|e| match &e {
                // SES refused this very message (unverified sender, bad address): retrying the
                // same message cannot help.
                SdkError::ServiceError(service) if service.err().is_message_rejected() => {
                    MailError::Invalid(format!("SES rejected the message: {}", service.err()))
                }
                _ => MailError::Unavailable(format!("SES: {}", aws_sdk_ses::error::DisplayErrorContext(&e))),
            })
    }
}
