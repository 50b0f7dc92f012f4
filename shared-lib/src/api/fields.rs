//! Parsing request fields into domain values while collecting every problem, so one answer
//! tells the user about all the fields they need to fix.

use std::fmt::Display;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::problem_code::codes;
use crate::domain::{Country, EraDate, EraInstant, OutOfEra, Phone};

codes! {
    /// Why one field of a request is refused (the `code` of a [`FieldError`]).
    FieldCode {
        /// The field is missing or empty.
        Required = "required",
        /// The value cannot be read, or breaks a rule of its own (the message says which).
        Invalid = "invalid",
        /// The text is longer than allowed.
        TooLong = "too_long",
        /// The text is shorter than allowed (a password).
        TooShort = "too_short",
        /// The list has more entries than allowed.
        TooMany = "too_many",
        /// The value names something the clinic does not have.
        Unknown = "unknown",
        /// A date outside the supported years, or a range too long.
        OutOfRange = "out_of_range",
        /// The value is already in use (the app marks a taken slug or email on its field).
        Taken = "taken",
    }
}

/// What is wrong with one field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name as it appears in the request (`weekly_hours`, `admin.email`).
    pub field: String,
    /// A stable machine-readable reason (a [`FieldCode`]; the OpenAPI document lists them).
    // A `FieldCode` as text, so that a code this build does not know still reads.
    pub code: String,
    /// A sentence for people.
    pub message: String,
}

impl FieldError {
    /// A field's problem.
    pub fn new(field: &str, code: FieldCode, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            code: code.as_str().to_owned(),
            message: message.into(),
        }
    }

    /// The code, if this build knows it.
    pub fn field_code(&self) -> Option<FieldCode> {
        self.code.parse().ok()
    }
}

/// Every field problem of one request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} field(s) are invalid", .0.len())]
pub struct Invalid(pub Vec<FieldError>);

impl Invalid {
    /// One field's problem.
    pub fn one(field: &str, code: FieldCode, message: impl Into<String>) -> Self {
        Self(vec![FieldError::new(field, code, message)])
    }
}

/// Collects field problems while a request is parsed.
#[derive(Debug, Default)]
pub struct Fields(Vec<FieldError>);

/// The longest free-text name the API accepts.
pub const MAX_NAME: usize = 120;
/// The longest free text (notes, addresses, reasons) the API accepts.
pub const MAX_TEXT: usize = 2000;

impl Fields {
    /// Records a problem.
    pub fn fail(&mut self, field: &str, code: FieldCode, message: impl Into<String>) {
        self.0.push(FieldError::new(field, code, message));
    }

    /// Keeps the value, or records its error as `invalid`.
    pub fn check<T, E: Display>(&mut self, field: &str, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(field, FieldCode::Invalid, e.to_string());
                None
            }
        }
    }

    /// Parses text with `FromStr`.
    pub fn parse<T>(&mut self, field: &str, text: &str) -> Option<T>
    where
        T: FromStr,
        T::Err: Display,
    {
        self.check(field, text.parse::<T>())
    }

    /// Parses optional text; absent stays absent.
    pub fn parse_opt<T>(&mut self, field: &str, text: Option<&str>) -> Option<Option<T>>
    where
        T: FromStr,
        T::Err: Display,
    {
        match text {
            None => Some(None),
            Some(t) => self.parse(field, t).map(Some),
        }
    }

    /// An optional phone number, read in `country` when written without a country code;
    /// blank is absent.
    pub fn phone(&mut self, field: &str, text: Option<&str>, country: Option<Country>) -> Option<Option<Phone>> {
        match text.map(str::trim).filter(|t| !t.is_empty()) {
            None => Some(None),
            Some(t) => self.check(field, Phone::parse_in(t, country)).map(Some),
        }
    }

    /// A list of ids (or other parsed values); each bad entry is named by its position.
    pub fn parse_all<T>(&mut self, field: &str, texts: &[String]) -> Option<Vec<T>>
    where
        T: FromStr,
        T::Err: Display,
    {
        let before = self.0.len();
        let parsed: Vec<Option<T>> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| self.parse(&format!("{field}[{i}]"), t))
            .collect();
        (self.0.len() == before).then(|| parsed.into_iter().flatten().collect())
    }

    /// A trimmed, non-empty name of at most `MAX_NAME` characters.
    pub fn name(&mut self, field: &str, text: &str) -> Option<String> {
        self.text(field, text, MAX_NAME, true)
    }

    /// Trimmed free text of at most `max` characters; `required` refuses empty text.
    pub fn text(&mut self, field: &str, text: &str, max: usize, required: bool) -> Option<String> {
        let trimmed = text.trim();
        if required && trimmed.is_empty() {
            self.fail(field, FieldCode::Required, "must not be empty");
            None
        } else if trimmed.chars().count() > max {
            self.fail(field, FieldCode::TooLong, format!("must be at most {max} characters"));
            None
        } else if trimmed.chars().any(|c| c.is_control() && c != '\n') {
            self.fail(field, FieldCode::Invalid, "must not contain control characters");
            None
        } else {
            Some(trimmed.to_owned())
        }
    }

    /// An RFC 3339 instant with an offset, within the supported era.
    pub fn instant(&mut self, field: &str, text: &str) -> Option<EraInstant> {
        self.era(field, text.parse())
    }

    /// A `YYYY-MM-DD` date within the supported era.
    pub fn date(&mut self, field: &str, text: &str) -> Option<EraDate> {
        self.era(field, text.parse())
    }

    /// A `YYYY-MM` month within the supported era, as its first day.
    pub fn month(&mut self, field: &str, text: &str) -> Option<EraDate> {
        self.era(field, EraDate::parse_month(text))
    }

    fn era<T>(&mut self, field: &str, parsed: Result<T, OutOfEra>) -> Option<T> {
        match parsed {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(field, e.code(), e.to_string());
                None
            }
        }
    }

    /// A password of sensible length.
    pub fn password(&mut self, field: &str, text: &str) -> Option<String> {
        let len = text.chars().count();
        if len < 10 {
            self.fail(field, FieldCode::TooShort, "must be at least 10 characters");
            None
        } else if len > 128 {
            self.fail(field, FieldCode::TooLong, "must be at most 128 characters");
            None
        } else {
            Some(text.to_owned())
        }
    }

    /// Ends parsing: every field was fine, or all their problems.
    pub fn finish(self) -> Result<(), Invalid> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Invalid(self.0))
        }
    }

    /// Ends parsing with the value built from the parsed fields (only reached when all parsed).
    pub fn done<T>(self, build: impl FnOnce() -> Option<T>) -> Result<T, Invalid> {
        self.finish()?;
        Ok(build().expect("every field parsed when no problem was recorded"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Email;

    #[test]
    fn field_codes_follow_the_rules_of_problem_codes() {
        for &code in FieldCode::ALL {
            assert_eq!(serde_json::to_string(&code).unwrap(), format!("\"{}\"", code.as_str()));
            assert_eq!(code.as_str().parse::<FieldCode>(), Ok(code));
            assert!(code.meaning().ends_with('.'), "`{code}`: {}", code.meaning());
        }
        assert_eq!(FieldCode::ALL.len(), 8);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let mut f = Fields::default();
        let email: Option<Email> = f.parse("email", "not-an-email");
        let name = f.name("name", "   ");
        let start = f.instant("start", "tomorrow");
        assert!(email.is_none() && name.is_none() && start.is_none());
        let Invalid(errors) = f.finish().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(
            fields,
            [("email", "invalid"), ("name", "required"), ("start", "invalid")]
        );
    }

    #[test]
    fn a_bad_entry_in_a_list_is_named_by_position() {
        let mut f = Fields::default();
        let ids: Option<Vec<crate::ids::TreatmentId>> =
            f.parse_all("treatments", &[crate::ids::TreatmentId::new().to_string(), "x".into()]);
        assert!(ids.is_none());
        assert_eq!(f.finish().unwrap_err().0[0].field, "treatments[1]");
    }

    #[test]
    fn offsets_are_required_and_converted_to_utc() {
        let mut f = Fields::default();
        let t = f.instant("start", "2026-03-02T10:00:00-03:00").unwrap();
        assert_eq!(t.at().to_rfc3339(), "2026-03-02T13:00:00+00:00");
        assert!(f.instant("start", "2026-03-02T10:00:00").is_none());
    }

    #[test]
    fn a_date_outside_the_era_is_named_and_out_of_range() {
        let mut f = Fields::default();
        assert!(f.date("from", "+262142-12-31").is_none());
        assert!(f.instant("to", "+262142-06-01T00:00:00Z").is_none());
        assert!(f.month("month", "2201-01").is_none());
        assert!(f.date("on", "2026-02-30").is_none());
        let fields: Vec<_> = f
            .finish()
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        let expected = [
            ("from", "out_of_range"),
            ("to", "out_of_range"),
            ("month", "out_of_range"),
            ("on", "invalid"),
        ];
        assert_eq!(fields, expected.map(|(f, c)| (f.to_owned(), c.to_owned())));
    }
}
