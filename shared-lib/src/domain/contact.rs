//! Contact details, parsed once at the edge so the rest of the code can trust them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Why an email address was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a valid email address")]
pub struct InvalidEmail(pub String);

/// An email address, trimmed and lower-cased so that one person has one address.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Email {
    type Err = InvalidEmail;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let normalised = s.trim().to_lowercase();
        // The crate accepts RFC 5322 forms (quoted parts, comments, no dot in the domain)
        // that no clinic mail server will deliver to; a patient typo is far likelier.
        let plausible = normalised.len() <= 254
            && !normalised.contains(['"', '(', ')', ' '])
            && normalised
                .rsplit_once('@')
                .is_some_and(|(_, domain)| domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.'));
        if plausible && email_address::EmailAddress::is_valid(&normalised) {
            Ok(Self(normalised))
        } else {
            Err(InvalidEmail(s.to_owned()))
        }
    }
}

impl TryFrom<String> for Email {
    type Error = InvalidEmail;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

/// On the wire: the normalised address.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Email {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, SchemaFormat};
        crate::openapi::string(
            "An email address, trimmed and lower-cased so that one person has one address.",
            "ana.perez@clinica.cl",
        )
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Email)))
        .max_length(Some(254))
        .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Email {}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a phone number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a phone number we can reach: check its digits, or write it with its country code (+56 9 6123 4567)"
)]
pub struct InvalidPhone(pub String);

/// A phone number in E.164 form (`+` and 8–15 digits).
///
/// Hand-parsed rather than with a full numbering-plan library: the front end shares this
/// type, and the plan metadata would add hundreds of kilobytes to the WASM bundle for a
/// field that is only ever shown back to staff.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// The number in E.164 form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Phone {
    type Err = InvalidPhone;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim();
        let rest = trimmed.strip_prefix('+').ok_or_else(|| InvalidPhone(s.to_owned()))?;
        if !rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.'))
        {
            return Err(InvalidPhone(s.to_owned()));
        }
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        if !(8..=15).contains(&digits.len()) || digits.starts_with('0') {
            return Err(InvalidPhone(s.to_owned()));
        }
        Ok(Self(format!("+{digits}")))
    }
}

impl Phone {
    /// `text` as a number of `country`'s numbering plan when it has no `+` and country code,
    /// checked against that plan: "9 6123 4567" is +56961234567 in Chile. Without a country
    /// only the international form is accepted. The app has no numbering plans (their
    /// metadata would add hundreds of kilobytes): there, only the form is checked.
    pub fn parse_in(text: &str, country: Option<Country>) -> Result<Self, InvalidPhone> {
        #[cfg(feature = "server")]
        {
            let region = country.and_then(|c| c.as_str().parse::<phonenumber::country::Id>().ok());
            let number = phonenumber::parse(region, text.trim()).map_err(|_| InvalidPhone(text.to_owned()))?;
            if !number.is_valid() {
                return Err(InvalidPhone(text.to_owned()));
            }
            number.format().mode(phonenumber::Mode::E164).to_string().parse()
        }
        #[cfg(not(feature = "server"))]
        {
            let _ = country;
            text.parse()
        }
    }
}

/// Why a country code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a country code (two letters, ISO 3166, such as CL or ES)")]
pub struct InvalidCountry(pub String);

/// A country by its ISO 3166 alpha-2 code: the clinic's, for the phone numbers patients
/// write without a country code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Country([u8; 2]);

impl Country {
    /// The upper-case code, such as `CL`.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl FromStr for Country {
    type Err = InvalidCountry;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let code = s.trim().to_ascii_uppercase();
        let bytes: [u8; 2] = code
            .as_bytes()
            .try_into()
            .ok()
            .filter(|b: &[u8; 2]| b.iter().all(u8::is_ascii_uppercase))
            .ok_or_else(|| InvalidCountry(s.to_owned()))?;
        // The server knows which codes have a numbering plan; the app checks the form only.
        #[cfg(feature = "server")]
        if code.parse::<phonenumber::country::Id>().is_err() {
            return Err(InvalidCountry(s.to_owned()));
        }
        Ok(Self(bytes))
    }
}

impl TryFrom<String> for Country {
    type Error = InvalidCountry;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Country> for String {
    fn from(value: Country) -> Self {
        value.as_str().to_owned()
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// On the wire: two upper-case letters.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Country {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::openapi::string("An ISO 3166 alpha-2 country code.", "CL")
            .pattern(Some("^[A-Z]{2}$"))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Country {}

impl TryFrom<String> for Phone {
    type Error = InvalidPhone;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Phone> for String {
    fn from(value: Phone) -> Self {
        value.0
    }
}

/// On the wire: E.164 text.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Phone {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::openapi::string(
            "A phone number in E.164 form (`+` and 8–15 digits). Input may contain spaces, hyphens, dots and \
             parentheses; they are dropped.",
            "+56961234567",
        )
        .pattern(Some(r"^\+[1-9][0-9]{7,14}$"))
        .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Phone {}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        let email: Email = "  Ana.Perez@Clinica.CL ".parse().unwrap();
        assert_eq!(email.as_str(), "ana.perez@clinica.cl");
    }

    #[test]
    fn typos_in_emails_are_refused() {
        for bad in [
            "",
            "ana",
            "ana@",
            "@clinica.cl",
            "ana@clinica",
            "ana perez@clinica.cl",
            "ana@.cl",
            "a@b.",
        ] {
            assert!(bad.parse::<Email>().is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn phones_keep_only_digits_after_the_plus() {
        let phone: Phone = "+56 9 (1234) 56-78".parse().unwrap();
        assert_eq!(phone.as_str(), "+56912345678");
    }

    #[test]
    fn phones_without_country_code_or_with_letters_are_refused() {
        for bad in ["912345678", "+56 9 abc", "+1234", "+0123456789", "+1234567890123456"] {
            assert!(bad.parse::<Phone>().is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn a_number_without_country_code_is_read_in_the_clinics_country() {
        let chile: Country = "cl".parse().unwrap();
        assert_eq!(
            Phone::parse_in("9 6123 4567", Some(chile)).unwrap().as_str(),
            "+56961234567"
        );
        assert_eq!(
            Phone::parse_in("+34 612 34 56 78", Some(chile)).unwrap().as_str(),
            "+34612345678"
        );
        let spain: Country = "ES".parse().unwrap();
        assert_eq!(
            Phone::parse_in("612 345 678", Some(spain)).unwrap().as_str(),
            "+34612345678"
        );
    }

    #[test]
    fn numbers_outside_the_plan_and_national_numbers_without_a_country_are_refused() {
        let chile: Country = "CL".parse().unwrap();
        for bad in ["12", "9 1234", "+56 1", "abc", ""] {
            assert!(Phone::parse_in(bad, Some(chile)).is_err(), "{bad:?} should be refused");
        }
        assert!(Phone::parse_in("9 6123 4567", None).is_err());
    }

    #[test]
    fn country_codes_are_two_known_letters() {
        assert_eq!("es".parse::<Country>().unwrap().as_str(), "ES");
        for bad in ["", "E", "ESP", "1A", "ZZ"] {
            assert!(bad.parse::<Country>().is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn a_stored_email_that_is_invalid_fails_to_deserialize() {
        assert!(serde_json::from_str::<Email>("\"nope\"").is_err());
        assert_eq!(
            serde_json::to_string(&"X@Y.ES".parse::<Email>().unwrap()).unwrap(),
            "\"x@y.es\""
        );
    }
}
