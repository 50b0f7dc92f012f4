//! `GET|PUT /v1/me/texts`: whether the signed-in patient accepts text messages, and at
//! which number.

use serde::{Deserialize, Serialize};

use super::fields::{FieldCode, Fields, Invalid};
use crate::domain::{Country, Phone, SmsConsent};

/// `PUT /v1/me/texts`: the patient's answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TextsChoice {
    /// Whether texts may be sent; `false` stops them at once.
    pub accept: bool,
    /// The mobile number texts go to: as dialled in the clinic's country, or with its
    /// country code. Absent keeps the number on file; required to accept without one.
    #[serde(default)]
    pub phone: Option<String>,
}

/// A parsed [`TextsChoice`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextsAnswer {
    /// Whether texts may be sent.
    pub accept: bool,
    /// A new number, if one was given.
    pub phone: Option<Phone>,
}

impl TextsChoice {
    /// Parses the answer, its number in the clinic's `country`.
    pub fn parse(&self, country: Option<Country>) -> Result<TextsAnswer, Invalid> {
        let mut f = Fields::default();
        let phone = f.phone("phone", self.phone.as_deref(), country);
        f.done(|| {
            Some(TextsAnswer {
                accept: self.accept,
                phone: phone?,
            })
        })
    }
}

impl TextsAnswer {
    /// The number texts go to once the answer is applied to a patient with `on_file`,
    /// refused when accepting texts leaves none.
    pub fn number(&self, on_file: Option<&Phone>) -> Result<Option<Phone>, Invalid> {
        let number = self.phone.clone().or_else(|| on_file.cloned());
        if self.accept && number.is_none() {
            return Err(Invalid::one(
                "phone",
                FieldCode::Required,
                "give a mobile number to receive text messages",
            ));
        }
        Ok(number)
    }
}

/// The patient's text-message settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyTexts {
    /// The number on file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Phone>,
    /// Whether (and since when) texts are accepted.
    pub consent: SmsConsent,
    /// Whether the clinic sends any of its messages by text.
    pub clinic_texts: bool,
}
