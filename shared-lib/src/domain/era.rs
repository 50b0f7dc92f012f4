//! The era Turnaki books in: the years 2000 to 2200.
//!
//! chrono accepts dates from about -262144 to +262143 and signed years such as
//! `+262142-12-31`; a day or a year added to such a date overflows and panics, and a
//! release build aborts on a panic. Every date and instant taken from a request is
//! therefore one of these bounded types: within them, adding the longest range the API
//! allows (a year or so) and any zone's offset is far from chrono's limits.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::api::fields::FieldCode;

/// The first year of the era.
pub const FIRST_YEAR: i32 = 2000;
/// The last year of the era (inclusive).
pub const LAST_YEAR: i32 = 2200;

/// Why a date or instant was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutOfEra {
    /// The text is not a date or instant at all.
    #[error("`{text}` is not {expected}")]
    Malformed {
        /// What was sent.
        text: String,
        /// What was expected, with an example.
        expected: &'static str,
    },
    /// A well-formed date or instant outside the supported years.
    #[error("`{0}` is outside the supported years {FIRST_YEAR}–{LAST_YEAR}")]
    OutsideEra(String),
}

impl OutOfEra {
    /// The field code: `invalid` for text that is not a date, `out_of_range` for one
    /// outside the era.
    pub const fn code(&self) -> FieldCode {
        match self {
            Self::Malformed { .. } => FieldCode::Invalid,
            Self::OutsideEra(_) => FieldCode::OutOfRange,
        }
    }
}

const DATE_FORMAT: &str = "a date (YYYY-MM-DD)";
const INSTANT_FORMAT: &str = "an RFC 3339 time with offset (2026-03-02T10:00:00-03:00)";
const MONTH_FORMAT: &str = "a month (YYYY-MM)";

fn in_era(year: i32) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&year)
}

/// A calendar date within the era.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "NaiveDate", into = "NaiveDate")]
pub struct EraDate(NaiveDate);

impl EraDate {
    /// The plain date.
    pub const fn date(self) -> NaiveDate {
        self.0
    }

    /// The day after, which may be the first day after the era (an exclusive bound).
    pub fn day_after(self) -> NaiveDate {
        // The era ends in 2200, hundreds of thousands of years before chrono's last day.
        self.0.succ_opt().expect("the day after an era date exists")
    }

    /// The first day of the month after, which may be the first day after the era.
    pub fn next_month_start(self) -> NaiveDate {
        let first = self.0.with_day(1).expect("every month has a first day");
        // As for `day_after`: a month past 2200 is representable.
        first
            .checked_add_months(Months::new(1))
            .expect("the month after an era date exists")
    }

    /// Days from `self` to `later`, both counted (`to` inclusive): 1 for the same day.
    pub fn days_through(self, later: Self) -> i64 {
        (later.0 - self.0).num_days() + 1
    }

    /// A `YYYY-MM` month, as its first day.
    pub fn parse_month(text: &str) -> Result<Self, OutOfEra> {
        let trimmed = text.trim();
        let malformed = || OutOfEra::Malformed {
            text: text.to_owned(),
            expected: MONTH_FORMAT,
        };
        // A sign would make `+2026-03` a year chrono reads but nobody means.
        if trimmed.starts_with(['+', '-']) {
            return Err(OutOfEra::OutsideEra(text.to_owned()));
        }
        let date = NaiveDate::parse_from_str(&format!("{trimmed}-01"), "%Y-%m-%d").map_err(|_| malformed())?;
        Self::try_from(date).map_err(|_| OutOfEra::OutsideEra(text.to_owned()))
    }
}

impl TryFrom<NaiveDate> for EraDate {
    type Error = OutOfEra;

    fn try_from(date: NaiveDate) -> Result<Self, Self::Error> {
        if in_era(date.year()) {
            Ok(Self(date))
        } else {
            Err(OutOfEra::OutsideEra(date.to_string()))
        }
    }
}

impl From<EraDate> for NaiveDate {
    fn from(value: EraDate) -> Self {
        value.0
    }
}

impl FromStr for EraDate {
    type Err = OutOfEra;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let date = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| OutOfEra::Malformed {
            text: s.to_owned(),
            expected: DATE_FORMAT,
        })?;
        Self::try_from(date).map_err(|_| OutOfEra::OutsideEra(s.to_owned()))
    }
}

impl fmt::Display for EraDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// An instant whose UTC date lies within the era.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "DateTime<Utc>", into = "DateTime<Utc>")]
pub struct EraInstant(DateTime<Utc>);

impl EraInstant {
    /// The plain instant.
    pub const fn at(self) -> DateTime<Utc> {
        self.0
    }

    /// `days` days later, if that is still within the era.
    pub fn plus_days(self, days: u32) -> Option<Self> {
        let later = self.0.checked_add_signed(chrono::Duration::days(i64::from(days)))?;
        Self::try_from(later).ok()
    }
}

impl TryFrom<DateTime<Utc>> for EraInstant {
    type Error = OutOfEra;

    fn try_from(at: DateTime<Utc>) -> Result<Self, Self::Error> {
        if in_era(at.year()) {
            Ok(Self(at))
        } else {
            Err(OutOfEra::OutsideEra(at.to_rfc3339()))
        }
    }
}

impl From<EraInstant> for DateTime<Utc> {
    fn from(value: EraInstant) -> Self {
        value.0
    }
}

impl FromStr for EraInstant {
    type Err = OutOfEra;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let outside = || OutOfEra::OutsideEra(s.to_owned());
        match DateTime::parse_from_rfc3339(text) {
            Ok(at) => Self::try_from(at.with_timezone(&Utc)).map_err(|_| outside()),
            // RFC 3339 has four-digit years only; chrono's own reading also takes signed
            // years such as `+262142`, which deserve "outside the era", not "not a time".
            Err(_) => match text.parse::<DateTime<chrono::FixedOffset>>() {
                Ok(at) if !in_era(at.with_timezone(&Utc).year()) => Err(outside()),
                _ => Err(OutOfEra::Malformed {
                    text: s.to_owned(),
                    expected: INSTANT_FORMAT,
                }),
            },
        }
    }
}

impl fmt::Display for EraInstant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.to_rfc3339().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_the_era_are_accepted_and_others_refused_by_name() {
        assert_eq!("2026-03-02".parse::<EraDate>().unwrap().to_string(), "2026-03-02");
        assert_eq!(" 2000-01-01 ".parse::<EraDate>().unwrap().to_string(), "2000-01-01");
        for outside in ["+262142-12-31", "-0001-01-01", "1999-12-31", "2201-01-01", "1844-12-31"] {
            let refused = outside.parse::<EraDate>().unwrap_err();
            assert_eq!(refused.code(), FieldCode::OutOfRange, "{outside}");
            assert!(refused.to_string().contains("2000–2200"), "{refused}");
        }
        assert_eq!("tomorrow".parse::<EraDate>().unwrap_err().code(), FieldCode::Invalid);
    }

    #[test]
    fn instants_of_the_era_are_accepted_and_others_refused_by_name() {
        let at: EraInstant = "2026-03-02T10:00:00-03:00".parse().unwrap();
        assert_eq!(at.to_string(), "2026-03-02T13:00:00+00:00");
        for outside in [
            "+262142-06-01T00:00:00Z",
            "1999-12-31T23:59:59Z",
            "2201-01-01T00:00:00Z",
        ] {
            assert_eq!(
                outside.parse::<EraInstant>().unwrap_err().code(),
                FieldCode::OutOfRange,
                "{outside}"
            );
        }
        assert_eq!(
            "2026-03-02T10:00:00".parse::<EraInstant>().unwrap_err().code(),
            FieldCode::Invalid
        );
    }

    #[test]
    fn the_last_day_and_month_of_the_era_still_have_a_day_after() {
        let last: EraDate = "2200-12-31".parse().unwrap();
        assert_eq!(last.day_after().to_string(), "2201-01-01");
        assert_eq!(last.next_month_start().to_string(), "2201-01-01");
        assert_eq!(EraDate::parse_month("2026-02").unwrap().to_string(), "2026-02-01");
        let last_day: EraInstant = "2200-12-31T00:00:00Z".parse().unwrap();
        assert!(last_day.plus_days(1).is_none());
    }

    #[test]
    fn months_with_a_sign_or_outside_the_era_are_refused() {
        for outside in ["+262142-12", "-0001-01", "1999-12", "2201-01"] {
            assert_eq!(
                EraDate::parse_month(outside).unwrap_err().code(),
                FieldCode::OutOfRange,
                "{outside}"
            );
        }
        assert_eq!(EraDate::parse_month("March").unwrap_err().code(), FieldCode::Invalid);
    }

    #[test]
    fn serde_refuses_what_parsing_refuses() {
        assert!(serde_json::from_str::<EraDate>("\"2201-01-01\"").is_err());
        assert!(serde_json::from_str::<EraInstant>("\"+262142-06-01T00:00:00Z\"").is_err());
        let day: EraDate = serde_json::from_str("\"2026-03-02\"").unwrap();
        assert_eq!(serde_json::to_string(&day).unwrap(), "\"2026-03-02\"");
    }
}
