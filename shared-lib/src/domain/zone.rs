//! A clinic's IANA time zone: every wall-clock rule (opening hours, "tomorrow") uses it.

use std::fmt;
use std::str::FromStr;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Why a time zone name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an IANA time zone name (e.g. America/Santiago, Europe/Madrid)")]
pub struct InvalidTimeZone(pub String);

/// An IANA time zone such as `America/Santiago`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TimeZone(Tz);

impl TimeZone {
    /// The chrono-tz zone, for conversions.
    pub const fn tz(self) -> Tz {
        self.0
    }

    /// The IANA name.
    pub fn name(self) -> &'static str {
        self.0.name()
    }
}

impl From<Tz> for TimeZone {
    fn from(tz: Tz) -> Self {
        Self(tz)
    }
}

impl FromStr for TimeZone {
    type Err = InvalidTimeZone;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim()
            .parse::<Tz>()
            .map(Self)
            .map_err(|_| InvalidTimeZone(s.to_owned()))
    }
}

impl TryFrom<String> for TimeZone {
    type Error = InvalidTimeZone;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<TimeZone> for String {
    fn from(value: TimeZone) -> Self {
        value.name().to_owned()
    }
}

/// On the wire: the IANA name.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for TimeZone {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::openapi::string(
            "An IANA time zone name; every wall-clock rule of the clinic uses it.",
            "America/Santiago",
        )
        .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for TimeZone {}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iana_names_are_accepted_and_kept() {
        let zone: TimeZone = "America/Santiago".parse().unwrap();
        assert_eq!(zone.name(), "America/Santiago");
        assert_eq!(serde_json::to_string(&zone).unwrap(), "\"America/Santiago\"");
    }

    #[test]
    fn offsets_and_made_up_names_are_refused() {
        for bad in ["", "GMT+3x", "Mars/Olympus", "Santiago"] {
            assert!(bad.parse::<TimeZone>().is_err(), "{bad:?} should be refused");
        }
    }
}
