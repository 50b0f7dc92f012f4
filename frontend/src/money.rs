//! Prices: minor units as the API keeps them, shown and entered in major units.

use turnaki_shared::domain::Money;

use crate::i18n::Lang;

/// Decimal places of a currency's minor unit (ISO 4217); the currencies clinics use
/// without cents are listed, the rest have two.
pub fn minor_digits(currency: &str) -> u32 {
    match currency {
        "CLP" | "PYG" | "JPY" | "KRW" | "ISK" | "UYI" | "VND" => 0,
        _ => 2,
    }
}

/// Reads a price typed by a person (`12.500`, `12500`, `19,90`, `19.90`) into minor
/// units; `None` when it is not a non-negative amount.
pub fn parse_price(text: &str, currency: &str) -> Option<i64> {
    let digits = minor_digits(currency);
    let text = text.trim().replace(' ', "");
    if text.is_empty() || text.starts_with('-') {
        return None;
    }
    // The last separator followed by exactly `digits` digits is the decimal one; any
    // other separator groups thousands.
    let (whole, fraction) = match text.rfind([',', '.']) {
        Some(i) if digits > 0 && text.len() - i - 1 <= digits as usize => (&text[..i], &text[i + 1..]),
        _ => (text.as_str(), ""),
    };
    let whole: String = whole.chars().filter(|c| *c != '.' && *c != ',').collect();
    if !whole.chars().all(|c| c.is_ascii_digit()) || !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let scale = 10i64.pow(digits);
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let fraction: i64 = format!("{fraction:0<width$}", width = digits as usize)
        .parse()
        .unwrap_or(0);
    whole.checked_mul(scale)?.checked_add(fraction)
}

/// The amount in major units as typed back into a form (`12500`, `19.90`).
pub fn price_input(money: &Money) -> String {
    let digits = minor_digits(money.currency());
    if digits == 0 {
        return money.amount_minor().to_string();
    }
    let scale = 10i64.pow(digits);
    format!(
        "{}.{:0width$}",
        money.amount_minor() / scale,
        money.amount_minor() % scale,
        width = digits as usize
    )
}

/// A price for people, in their language's conventions (`$12.500`, `€19.90`).
#[cfg(target_arch = "wasm32")]
pub fn show_money(lang: Lang, money: &Money) -> String {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"style".into(), &"currency".into());
    let _ = js_sys::Reflect::set(&options, &"currency".into(), &money.currency().into());
    let locales = js_sys::Array::of1(&lang.pick("es-CL", "en-US").into());
    let major = money.amount_minor() as f64 / 10f64.powi(minor_digits(money.currency()) as i32);
    js_sys::Intl::NumberFormat::new(&locales, &options)
        .format()
        .call1(&wasm_bindgen::JsValue::NULL, &major.into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| format!("{} {}", price_input(money), money.currency()))
}

/// A price for people (host builds, for tests: amount and code).
#[cfg(not(target_arch = "wasm32"))]
pub fn show_money(_lang: Lang, money: &Money) -> String {
    format!("{} {}", price_input(money), money.currency())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chilean_pesos_have_no_cents_and_dots_group_thousands() {
        assert_eq!(parse_price("12.500", "CLP"), Some(12_500));
        assert_eq!(parse_price("12500", "CLP"), Some(12_500));
        assert_eq!(price_input(&Money::new(12_500, "CLP").unwrap()), "12500");
    }

    #[test]
    fn euros_take_a_comma_or_a_point_for_cents() {
        assert_eq!(parse_price("19,90", "EUR"), Some(1_990));
        assert_eq!(parse_price("19.9", "EUR"), Some(1_990));
        assert_eq!(parse_price("1.019,90", "EUR"), Some(101_990));
        assert_eq!(parse_price("40", "EUR"), Some(4_000));
        assert_eq!(price_input(&Money::new(1_990, "EUR").unwrap()), "19.90");
    }

    #[test]
    fn negative_or_wordy_prices_are_refused() {
        for bad in ["", "-5", "doce", "1O"] {
            assert_eq!(parse_price(bad, "EUR"), None, "{bad}");
        }
    }
}
