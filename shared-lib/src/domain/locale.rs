//! The languages Turnaki speaks.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Why a language code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a supported language (use `es` or `en`)")]
pub struct InvalidLocale(pub String);

/// A supported language: a clinic's default, and a user's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// Spanish, the default: Turnaki's first clinics are in Chile and Spain.
    #[default]
    Es,
    /// English.
    En,
}

impl Locale {
    /// The ISO 639-1 code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Es => "es",
            Self::En => "en",
        }
    }
}

impl FromStr for Locale {
    type Err = InvalidLocale;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Accept regional tags such as es-CL or en_GB as their language.
        let language = s
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match language.as_str() {
            "es" => Ok(Self::Es),
            "en" => Ok(Self::En),
            _ => Err(InvalidLocale(s.to_owned())),
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regional_tags_map_to_their_language() {
        assert_eq!("es-CL".parse::<Locale>().unwrap(), Locale::Es);
        assert_eq!("EN_gb".parse::<Locale>().unwrap(), Locale::En);
        assert!("fr".parse::<Locale>().is_err());
    }
}
