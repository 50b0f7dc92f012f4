//! The short public name of a clinic, used in its booking page address.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Why a slug was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a valid clinic address name: use 3–40 lowercase letters, digits and single hyphens, starting with a letter"
)]
pub struct InvalidSlug(pub String);

/// A clinic's public name in URLs, e.g. `sonrisa` in `/c/sonrisa`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

/// Paths the app itself uses; a clinic named like them would shadow a page.
const RESERVED: &[&str] = &[
    "admin",
    "api",
    "app",
    "auth",
    "config",
    "dentist",
    "icons",
    "login",
    "owner",
    "public",
    "reception",
    "signin",
    "static",
    "www",
];

impl Slug {
    /// The slug text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Slug {
    type Err = InvalidSlug;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let refuse = || InvalidSlug(s.to_owned());
        let bytes = s.as_bytes();
        if !(3..=40).contains(&bytes.len()) || !bytes[0].is_ascii_lowercase() || s.ends_with('-') || s.contains("--") {
            return Err(refuse());
        }
        if !bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
            || RESERVED.contains(&s)
        {
            return Err(refuse());
        }
        Ok(Self(s.to_owned()))
    }
}

impl TryFrom<String> for Slug {
    type Error = InvalidSlug;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Slug> for String {
    fn from(value: Slug) -> Self {
        value.0
    }
}

/// On the wire: the slug text.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Slug {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::openapi::string(
            &format!(
                "A clinic's public name in URLs: 3–40 lowercase letters, digits and single hyphens, \
                 starting with a letter. Reserved: {}.",
                RESERVED.join(", ")
            ),
            "sonrisa",
        )
        .pattern(Some("^[a-z](-?[a-z0-9])+$"))
        .min_length(Some(3))
        .max_length(Some(40))
        .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Slug {}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_clinic_names_are_accepted() {
        for good in ["sonrisa", "clinica-dental-2", "abc"] {
            assert_eq!(good.parse::<Slug>().unwrap().as_str(), good);
        }
    }

    #[test]
    fn slugs_that_would_break_urls_or_shadow_pages_are_refused() {
        for bad in [
            "",
            "ab",
            "Sonrisa",
            "2dent",
            "den--tal",
            "dental-",
            "dent al",
            "ñandú",
            "admin",
            &"a".repeat(41),
        ] {
            assert!(bad.parse::<Slug>().is_err(), "{bad:?} should be refused");
        }
    }
}
