//! Prices of treatments.

use serde::{Deserialize, Serialize};

/// Why a price was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidMoney {
    /// The currency is not three uppercase letters.
    #[error("`{0}` is not an ISO 4217 currency code (e.g. CLP, EUR, USD)")]
    Currency(String),
    /// Prices are never negative.
    #[error("a price cannot be negative")]
    Negative,
}

/// An amount in the currency's minor unit (cents; whole pesos for CLP), so sums are exact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "MoneyParts")]
pub struct Money {
    /// The amount in the currency's minor unit; never negative.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    amount_minor: i64,
    /// ISO 4217 code: three uppercase letters.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Z]{3}$", example = "CLP"))]
    currency: String,
}

/// The unchecked shape of [`Money`] on the wire.
#[derive(Deserialize)]
struct MoneyParts {
    amount_minor: i64,
    currency: String,
}

impl TryFrom<MoneyParts> for Money {
    type Error = InvalidMoney;

    fn try_from(parts: MoneyParts) -> Result<Self, Self::Error> {
        Self::new(parts.amount_minor, &parts.currency)
    }
}

impl Money {
    /// A checked price.
    pub fn new(amount_minor: i64, currency: &str) -> Result<Self, InvalidMoney> {
        if amount_minor < 0 {
            return Err(InvalidMoney::Negative);
        }
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(InvalidMoney::Currency(currency.to_owned()));
        }
        Ok(Self {
            amount_minor,
            currency: currency.to_owned(),
        })
    }

    /// Amount in minor units.
    pub const fn amount_minor(&self) -> i64 {
        self.amount_minor
    }

    /// ISO 4217 code.
    pub fn currency(&self) -> &str {
        &self.currency
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_need_a_currency_code_and_no_sign() {
        assert!(Money::new(35_000, "CLP").is_ok());
        assert_eq!(Money::new(-1, "CLP"), Err(InvalidMoney::Negative));
        assert!(matches!(Money::new(1, "pesos"), Err(InvalidMoney::Currency(_))));
        assert!(serde_json::from_str::<Money>(r#"{"amount_minor":-5,"currency":"EUR"}"#).is_err());
    }
}
