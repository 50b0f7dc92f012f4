//! The SNS adapter (AWS column): each text is a `Publish` to the patient's number, marked
//! transactional so carriers deliver it ahead of marketing and outside quiet hours.

use async_trait::async_trait;
use aws_sdk_sns::Client;
use aws_sdk_sns::error::SdkError;
use aws_sdk_sns::types::MessageAttributeValue;

use super::texter::{TextError, TextMessage, Texter};

/// Sends texts through Amazon SNS.
#[derive(Debug, Clone)]
pub struct SnsTexter {
    client: Client,
    sender_id: Option<String>,
}

impl SnsTexter {
    /// The adapter on `client`, naming the sender `sender_id` where carriers allow it.
    pub fn new(client: Client, sender_id: Option<String>) -> Self {
        Self { client, sender_id }
    }
}

fn attribute(value: &str) -> Result<MessageAttributeValue, TextError> {
    MessageAttributeValue::builder()
        .data_type("String")
        .string_value(value)
        .build()
        .map_err(|e| TextError::Invalid(e.to_string()))
}

#[async_trait]
impl Texter for SnsTexter {
    async fn send(&self, text: &TextMessage) -> Result<(), TextError> {
        let mut publish = self
            .client
            .publish()
            .phone_number(text.to.as_str())
            .message(&text.body)
            .message_attributes("AWS.SNS.SMS.SMSType", attribute("Transactional")?);
        if let Some(sender) = &self.sender_id {
            publish = publish.message_attributes("AWS.SNS.SMS.SenderID", attribute(sender)?);
        }
        publish.send().await.map(drop).map_err(|e| match &e {
            // SNS refused this very text (a number it cannot reach, an opted-out phone).
            SdkError::ServiceError(service)
                if service.err().is_invalid_parameter_exception()
                    || service.err().is_invalid_parameter_value_exception() =>
            {
                TextError::Invalid(format!("SNS refused the text: {}", service.err()))
            }
            _ => TextError::Unavailable(format!("SNS: {}", aws_sdk_sns::error::DisplayErrorContext(&e))),
        })
    }
}
