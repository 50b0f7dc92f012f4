//! The mailer port: one rendered email and the ways it leaves Turnaki.

use async_trait::async_trait;
use lettre::message::header::ContentType;
use lettre::message::{Attachment as MimeAttachment, Mailbox, MultiPart, SinglePart};

pub use crate::domain::{Attachment, Message, MessageKind};

/// Why a message could not be sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    /// The message itself is unusable (a bad address, a header that cannot be encoded);
    /// sending it again cannot help.
    #[error("the message cannot be sent: {0}")]
    Invalid(String),
    /// The mail service refused or could not be reached; a retry may succeed.
    #[error("the mail service failed: {0}")]
    Unavailable(String),
}

impl MailError {
    /// Whether sending the same message again may succeed.
    pub const fn is_transient(&self) -> bool {
        matches!(self, Self::Unavailable(_))
    }
}

impl Message {
    /// The MIME message: text and HTML alternatives, then each attachment.
    pub fn mime(&self) -> Result<lettre::Message, MailError> {
        let mailbox = |text: &str| -> Result<Mailbox, MailError> {
            text.parse()
                .map_err(|e| MailError::Invalid(format!("address `{text}`: {e}")))
        };
        let alternative = MultiPart::alternative()
            .singlepart(SinglePart::plain(self.text.clone()))
            .singlepart(SinglePart::html(self.html.clone()));
        let body = self.attachments.iter().try_fold(
            MultiPart::mixed().multipart(alternative),
            |mixed, a| -> Result<MultiPart, MailError> {
                let kind = ContentType::parse(&a.content_type)
                    .map_err(|e| MailError::Invalid(format!("content type `{}`: {e}", a.content_type)))?;
                Ok(mixed.singlepart(MimeAttachment::new(a.filename.clone()).body(a.content.clone(), kind)))
            },
        )?;
        lettre::Message::builder()
            .message_id(Some(format!("<{}@turnaki>", self.id)))
            .from(mailbox(&self.from)?)
            .to(mailbox(&self.to)?)
            .subject(self.subject.clone())
            .multipart(body)
            .map_err(|e| MailError::Invalid(e.to_string()))
    }
}

/// Where rendered messages go: SES in AWS, the outbox (and SMTP) when embedded.
#[async_trait]
pub trait Mailer: Send + Sync {
    /// Sends one message. Sending the same message (same id) again must not make a
    /// second record of it, though the recipient may get it twice.
    async fn send(&self, email: &Message) -> Result<(), MailError>;
}
