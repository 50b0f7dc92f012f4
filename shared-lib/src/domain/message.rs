//! Messages to patients: what each says, and where its delivery stands.

use serde::{Deserialize, Serialize};

use crate::ids::{BookingId, MessageId, TenantId};

/// What a message tells the patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// A booking awaiting the clinic's confirmation was received.
    Request,
    /// The booking is confirmed.
    Confirmation,
    /// The booking moved to another time or professional.
    Reschedule,
    /// The booking was cancelled.
    Cancellation,
    /// The visit is coming up.
    Reminder,
    /// Will the patient come? Its links answer.
    ConfirmationRequest,
    /// Freed time is held for a waitlisted patient: take it or pass.
    WaitlistOffer,
    /// The patient is due back for a treatment: book the next visit.
    Recall,
}

impl MessageKind {
    /// Every kind.
    pub const ALL: [Self; 8] = [
        Self::Request,
        Self::Confirmation,
        Self::Reschedule,
        Self::Cancellation,
        Self::Reminder,
        Self::ConfirmationRequest,
        Self::WaitlistOffer,
        Self::Recall,
    ];
}

/// Where a message kept in the outbox stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Kept in the outbox only: no SMTP relay is configured.
    Stored,
    /// Handed to the SMTP relay.
    Relayed,
    /// The relay failed on the last attempt.
    Failed,
}

/// A file sent with a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    /// File name shown to the recipient, such as `cita.ics`.
    pub filename: String,
    /// MIME type with parameters, such as `text/calendar; method=REQUEST; charset=UTF-8`.
    pub content_type: String,
    /// The file's text.
    pub content: String,
}

/// One rendered email, ready for any mailer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    /// Its id: the same across retries, so a retried send updates one record.
    pub id: MessageId,
    /// The clinic it is from.
    pub tenant_id: TenantId,
    /// The booking it is about.
    pub booking_id: Option<BookingId>,
    /// What it tells.
    pub kind: MessageKind,
    /// Sender, as `Name <address>` or a bare address.
    pub from: String,
    /// Recipient, as `Name <address>` or a bare address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body.
    pub html: String,
    /// Files sent with it (the calendar invitation).
    pub attachments: Vec<Attachment>,
}
