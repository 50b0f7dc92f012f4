//! Acting on a booking from a message (DESIGN §11): what a signed link may do, what it
//! names, and the patient's answer it records. Signing itself is a port (`crate::links`);
//! here only the plain claims and their text form.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use ulid::Ulid;

use super::{Booking, Offer};
use crate::ids::{BookingId, OfferId, TenantId};

/// What a link in a message lets the patient do, without signing in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LinkAction {
    /// "I'll be there".
    Confirm,
    /// "Cancel".
    Cancel,
    /// "Choose another time".
    Reschedule,
    /// "Take it": book the freed time a waitlist offer holds.
    Take,
    /// "No thanks": pass a waitlist offer on to the next patient.
    Decline,
}

impl LinkAction {
    /// Every action a token may carry.
    pub const ALL: [Self; 5] = [Self::Confirm, Self::Cancel, Self::Reschedule, Self::Take, Self::Decline];
    /// The actions on a booking, in the order messages show them.
    pub const ON_BOOKING: [Self; 3] = [Self::Confirm, Self::Cancel, Self::Reschedule];
    /// The actions on a waitlist offer, in the order messages show them.
    pub const ON_OFFER: [Self; 2] = [Self::Take, Self::Decline];

    /// The wire and token name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Confirm => "confirm",
            Self::Cancel => "cancel",
            Self::Reschedule => "reschedule",
            Self::Take => "take",
            Self::Decline => "decline",
        }
    }
}

impl fmt::Display for LinkAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What one signed link names: one clinic, one subject (a booking, or a waitlist offer), one
/// action, until one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkClaims {
    /// The clinic.
    pub tenant_id: TenantId,
    /// The booking or offer the link acts on (its ULID; the action says which it is).
    pub subject: Ulid,
    /// What the link does.
    pub action: LinkAction,
    /// The link works until this instant (whole seconds): the end of the visit.
    pub expires_at: DateTime<Utc>,
}

/// The version tag that starts every payload, so a later format cannot be confused with it.
const VERSION: &str = "v1";

/// Why a link's text names nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the link is not one this server hands out")]
pub struct MalformedLink;

impl LinkClaims {
    /// The claims of a link acting on `booking`, working until its visit ends.
    pub fn for_booking(booking: &Booking, action: LinkAction) -> Self {
        Self {
            tenant_id: booking.tenant_id,
            subject: booking.id.ulid(),
            action,
            // Whole seconds: the payload carries seconds, and a parsed link must equal the issued one.
            expires_at: DateTime::from_timestamp(booking.end.timestamp(), 0).unwrap_or(booking.end),
        }
    }

    /// The claims of a link acting on a waitlist offer, working while the offer holds its time.
    pub fn for_offer(offer: &Offer, action: LinkAction) -> Self {
        Self {
            tenant_id: offer.tenant_id,
            subject: offer.id.ulid(),
            action,
            expires_at: DateTime::from_timestamp(offer.held_until.timestamp(), 0).unwrap_or(offer.held_until),
        }
    }

    /// Whether the link names this booking.
    pub fn names_booking(&self, id: BookingId) -> bool {
        self.subject == id.ulid() && LinkAction::ON_BOOKING.contains(&self.action)
    }

    /// Whether the link names this offer.
    pub fn names_offer(&self, id: OfferId) -> bool {
        self.subject == id.ulid() && LinkAction::ON_OFFER.contains(&self.action)
    }

    /// The signed text: `v1.<tenant>.<subject>.<action>.<expiry in epoch seconds>`. Only
    /// characters that need no escaping in a URL fragment.
    pub fn payload(&self) -> String {
        format!(
            "{VERSION}.{}.{}.{}.{}",
            self.tenant_id,
            self.subject,
            self.action,
            self.expires_at.timestamp()
        )
    }

    /// The claims a payload names, exactly as [`Self::payload`] wrote them.
    pub fn parse_payload(text: &str) -> Result<Self, MalformedLink> {
        let mut parts = text.split('.');
        let (Some(VERSION), Some(tenant), Some(booking), Some(action), Some(expiry), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(MalformedLink);
        };
        let action = LinkAction::ALL
            .into_iter()
            .find(|a| a.as_str() == action)
            .ok_or(MalformedLink)?;
        let seconds: i64 = expiry.parse().map_err(|_| MalformedLink)?;
        let claims = Self {
            tenant_id: tenant.parse().map_err(|_| MalformedLink)?,
            subject: Ulid::from_string(booking).map_err(|_| MalformedLink)?,
            action,
            expires_at: DateTime::from_timestamp(seconds, 0).ok_or(MalformedLink)?,
        };
        // One text per claims: a payload spelled another way (leading zeros, lowercase ids)
        // is not one this server wrote.
        if claims.payload() == text {
            Ok(claims)
        } else {
            Err(MalformedLink)
        }
    }

    /// Whether the link no longer works at `now`.
    pub fn expired_at(&self, now: DateTime<Utc>) -> bool {
        now >= self.expires_at
    }
}

/// The patient's answer to "will you come?".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum PatientAnswer {
    /// No answer yet.
    #[default]
    Unconfirmed,
    /// The patient said they will come.
    Confirmed {
        /// When they said so.
        at: DateTime<Utc>,
    },
    /// The patient cancelled from the link in a message.
    Declined {
        /// When they cancelled.
        at: DateTime<Utc>,
    },
}

impl PatientAnswer {
    /// Whether the patient has said they will come.
    pub const fn is_confirmed(self) -> bool {
        matches!(self, Self::Confirmed { .. })
    }

    /// The wire name of the answer's state.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Unconfirmed => "unconfirmed",
            Self::Confirmed { .. } => "confirmed",
            Self::Declined { .. } => "declined",
        }
    }
}

/// Reception's record that it phoned the patient about a booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallRecord {
    /// The account that called (its subject).
    pub by: String,
    /// Its role then.
    pub role: super::Role,
    /// When the call was recorded.
    pub at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> LinkClaims {
        LinkClaims {
            tenant_id: TenantId::new(),
            subject: BookingId::new().ulid(),
            action: LinkAction::Cancel,
            expires_at: "2026-03-02T13:30:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn a_payload_reads_back_as_the_claims_it_was_written_from() {
        let c = claims();
        assert_eq!(LinkClaims::parse_payload(&c.payload()), Ok(c));
        assert!(c.payload().starts_with("v1.") && c.payload().contains(".cancel."));
    }

    #[test]
    fn any_other_spelling_of_a_payload_is_refused() {
        let c = claims();
        let text = c.payload();
        let lower = text.to_lowercase();
        let seconds = c.expires_at.timestamp();
        let padded = text.replace(&format!(".{seconds}"), &format!(".0{seconds}"));
        for bad in [
            "",
            "v1",
            &text.replacen("v1", "v2", 1),
            &format!("{text}.more"),
            &text.replace("cancel", "pay"),
            &lower,
            &padded,
        ] {
            assert_eq!(LinkClaims::parse_payload(bad), Err(MalformedLink), "{bad}");
        }
    }

    #[test]
    fn a_link_works_until_the_visit_ends_and_not_a_second_longer() {
        let c = claims();
        assert!(!c.expired_at(c.expires_at - chrono::Duration::seconds(1)));
        assert!(c.expired_at(c.expires_at));
    }

    #[test]
    fn an_old_booking_without_an_answer_reads_as_unconfirmed() {
        let answer: PatientAnswer = serde_json::from_str(r#"{"state":"unconfirmed"}"#).unwrap();
        assert_eq!(answer, PatientAnswer::default());
        let confirmed = PatientAnswer::Confirmed {
            at: "2026-03-01T10:00:00Z".parse().unwrap(),
        };
        assert_eq!(
            serde_json::to_value(confirmed).unwrap(),
            serde_json::json!({"state": "confirmed", "at": "2026-03-01T10:00:00Z"})
        );
    }
}
