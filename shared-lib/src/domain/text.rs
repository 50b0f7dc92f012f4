//! Text messages (SMS): which channel a clinic's messages take, a patient's consent to
//! texts, one rendered text, and how many SMS segments it costs.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{MessageKind, Phone};
use crate::ids::{BookingId, MessageId, TenantId};

/// Which way one message reaches the patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// An email.
    Email,
    /// A text message.
    Sms,
}

/// The channels one family of messages takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// Email only.
    #[default]
    Email,
    /// A text to patients who accepted texts, an email to the others.
    Sms,
    /// Both, to patients who accepted texts; an email to the others.
    Both,
}

impl Delivery {
    /// The channels a message goes by to a patient who does (or does not) accept texts: a
    /// patient who cannot be texted always gets the email.
    pub const fn channels(self, can_text: bool) -> &'static [Channel] {
        match (self, can_text) {
            (Self::Sms, true) => &[Channel::Sms],
            (Self::Both, true) => &[Channel::Email, Channel::Sms],
            (Self::Email, _) | (_, false) => &[Channel::Email],
        }
    }
}

/// A clinic's choice of channels, per family of messages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Channels {
    /// Requests, confirmations, moves and cancellations.
    #[serde(default)]
    pub confirmations: Delivery,
    /// Reminders and requests to confirm.
    #[serde(default)]
    pub reminders: Delivery,
    /// Waitlist offers.
    #[serde(default)]
    pub waitlist_offers: Delivery,
    /// Recalls.
    #[serde(default)]
    pub recalls: Delivery,
}

impl Channels {
    /// Whether any family of messages goes by text.
    pub fn any_texts(&self) -> bool {
        [self.confirmations, self.reminders, self.waitlist_offers, self.recalls]
            .iter()
            .any(|d| *d != Delivery::Email)
    }

    /// The delivery of messages of `kind`.
    pub const fn of(&self, kind: MessageKind) -> Delivery {
        match kind {
            MessageKind::Request | MessageKind::Confirmation | MessageKind::Reschedule | MessageKind::Cancellation => {
                self.confirmations
            }
            MessageKind::Reminder | MessageKind::ConfirmationRequest => self.reminders,
            MessageKind::WaitlistOffer => self.waitlist_offers,
            MessageKind::Recall => self.recalls,
        }
    }
}

/// Whether a patient accepts text messages, and since when they said so.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SmsConsent {
    /// Never asked: no texts.
    #[default]
    NotGiven,
    /// The patient accepted texts at `at`.
    Given {
        /// When.
        at: DateTime<Utc>,
    },
    /// The patient stopped texts at `at`.
    Withdrawn {
        /// When.
        at: DateTime<Utc>,
    },
}

impl SmsConsent {
    /// Whether texts may be sent now.
    pub const fn allows_texts(&self) -> bool {
        matches!(self, Self::Given { .. })
    }

    /// The consent after the patient answers `accepts` at `at`: saying the same again keeps
    /// the time it was first said.
    pub const fn answer(self, accepts: bool, at: DateTime<Utc>) -> Self {
        match (self, accepts) {
            (Self::Given { .. }, true) => self,
            (_, true) => Self::Given { at },
            (Self::Given { .. }, false) => Self::Withdrawn { at },
            (_, false) => self,
        }
    }
}

/// One rendered text message, ready for any texter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TextMessage {
    /// Its id: the same across retries, so a retried send updates one record.
    pub id: MessageId,
    /// The clinic it is from.
    pub tenant_id: TenantId,
    /// The booking it is about.
    pub booking_id: Option<BookingId>,
    /// What it tells.
    pub kind: MessageKind,
    /// The patient's number.
    pub to: Phone,
    /// What it says.
    pub body: String,
    /// What it costs in SMS segments.
    pub segments: Segments,
}

/// How a text is encoded on the air.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    /// The GSM 03.38 alphabet, 7 bits a character: 160 in one segment.
    Gsm7,
    /// UTF-16, for any character outside it: 70 in one segment.
    Ucs2,
}

/// How many SMS segments a text takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Segments {
    /// Its encoding.
    pub encoding: TextEncoding,
    /// Its length in the encoding's units (septets, or UTF-16 code units).
    pub units: u32,
    /// Segments: one up to 160 septets (70 units), then 153 (67) each, as a concatenated
    /// message's header takes the rest.
    pub count: u32,
}

/// The GSM 03.38 basic alphabet, one septet each.
const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// The extension table: an escape and the character, two septets each.
const GSM7_EXTENDED: &str = "^{}\\[~]|€\u{c}";

impl Segments {
    /// The segments `body` takes.
    pub fn of(body: &str) -> Self {
        let septets = body.chars().try_fold(0u32, |n, c| {
            if GSM7_BASIC.contains(c) {
                Some(n + 1)
            } else if GSM7_EXTENDED.contains(c) {
                Some(n + 2)
            } else {
                None
            }
        });
        let (encoding, units, single, part) = match septets {
            Some(n) => (TextEncoding::Gsm7, n, 160, 153),
            None => (
                TextEncoding::Ucs2,
                u32::try_from(body.encode_utf16().count()).unwrap_or(u32::MAX),
                70,
                67,
            ),
        };
        let count = match units {
            0 => 0,
            n if n <= single => 1,
            n => n.div_ceil(part),
        };
        Self { encoding, units, count }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_reminder_fits_one_gsm_segment_and_an_accent_outside_the_alphabet_costs_ucs2() {
        let plain = Segments::of("Sonrisa: le esperamos el lun 7 dic a las 10:00. Confirme: https://t.example/x");
        assert_eq!(plain.encoding, TextEncoding::Gsm7);
        assert_eq!(plain.count, 1);
        // é and ñ are in the GSM alphabet; á is not.
        assert_eq!(Segments::of("Señor Pérez").encoding, TextEncoding::Gsm7);
        let accented = Segments::of("Mañana a las 10:00, clínica");
        assert_eq!(accented.encoding, TextEncoding::Ucs2);
        assert_eq!(accented.units, 27);
    }

    #[test]
    fn long_texts_split_at_153_septets_or_67_units_and_extension_characters_count_twice() {
        assert_eq!(Segments::of(&"a".repeat(160)).count, 1);
        assert_eq!(Segments::of(&"a".repeat(161)).count, 2);
        assert_eq!(Segments::of(&"a".repeat(306)).count, 2);
        assert_eq!(Segments::of(&"a".repeat(307)).count, 3);
        assert_eq!(Segments::of("€").units, 2);
        assert_eq!(Segments::of(&"á".repeat(70)).count, 1);
        assert_eq!(Segments::of(&"á".repeat(71)).count, 2);
        assert_eq!(Segments::of("").count, 0);
    }

    #[test]
    fn a_patient_without_consent_always_gets_the_email() {
        assert_eq!(Delivery::Sms.channels(false), &[Channel::Email]);
        assert_eq!(Delivery::Sms.channels(true), &[Channel::Sms]);
        assert_eq!(Delivery::Both.channels(true), &[Channel::Email, Channel::Sms]);
        assert_eq!(Delivery::Email.channels(true), &[Channel::Email]);
    }

    #[test]
    fn consent_keeps_its_first_time_and_opting_out_is_recorded() {
        let t1: DateTime<Utc> = "2026-03-01T10:00:00Z".parse().unwrap();
        let t2: DateTime<Utc> = "2026-03-02T10:00:00Z".parse().unwrap();
        let given = SmsConsent::NotGiven.answer(true, t1);
        assert_eq!(given, SmsConsent::Given { at: t1 });
        assert_eq!(given.answer(true, t2), given);
        let withdrawn = given.answer(false, t2);
        assert_eq!(withdrawn, SmsConsent::Withdrawn { at: t2 });
        assert!(!withdrawn.allows_texts());
        assert_eq!(SmsConsent::NotGiven.answer(false, t2), SmsConsent::NotGiven);
    }
}
