//! What a message about one booking says: the one input both the email and its calendar
//! invitation are rendered from.

use chrono::{DateTime, Utc};

use super::mailer::MessageKind;
use crate::domain::{Booking, Patient, Professional, Tenant, Treatment};

/// Everything a message about one booking says.
#[derive(Debug, Clone, Copy)]
pub struct Letter<'a> {
    /// What the message tells.
    pub kind: MessageKind,
    /// The clinic: its language, zone, address and cancellation window.
    pub tenant: &'a Tenant,
    /// The booking as it now stands.
    pub booking: &'a Booking,
    /// Who the message goes to.
    pub patient: &'a Patient,
    /// What the visit is for.
    pub treatment: &'a Treatment,
    /// Who treats.
    pub professional: &'a Professional,
    /// For a reschedule: the former start.
    pub previous_start: Option<DateTime<Utc>>,
    /// Where the patient manages the booking (absolute URL).
    pub manage_url: &'a str,
    /// The links that act on the booking without signing in (none in some messages).
    pub actions: &'a [super::ActionLink],
    /// Sender, `Name <address>` or bare address.
    pub from: &'a str,
    /// For a waitlist offer: until when the time is kept (the booking is then only offered).
    pub held_until: Option<DateTime<Utc>>,
}
