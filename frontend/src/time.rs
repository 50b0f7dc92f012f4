//! Times in the clinic's zone, whatever the zone of the device: the API speaks UTC and
//! names the clinic's IANA zone. In the browser the zone rules come from `Intl` (the
//! browser already ships them, so the app does not carry a second copy); on the host,
//! where the unit tests run, from chrono-tz.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

use crate::i18n::Lang;

/// The clinic's offset from UTC at `at`, in minutes east.
#[cfg(not(target_arch = "wasm32"))]
pub fn offset_minutes(zone: &str, at: DateTime<Utc>) -> i32 {
    use chrono::Offset;
    match zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => at.with_timezone(&tz).offset().fix().local_minus_utc() / 60,
        Err(_) => 0,
    }
}

/// The clinic's offset from UTC at `at`, in minutes east.
#[cfg(target_arch = "wasm32")]
pub fn offset_minutes(zone: &str, at: DateTime<Utc>) -> i32 {
    let parts = intl(
        Lang::En,
        zone,
        &[
            ("hourCycle", "h23"),
            ("year", "numeric"),
            ("month", "numeric"),
            ("day", "numeric"),
            ("hour", "numeric"),
            ("minute", "numeric"),
        ],
    )
    .format_to_parts(&js_date(at));
    let mut fields = [0i64; 5];
    for part in parts.iter() {
        let kind = js_sys::Reflect::get(&part, &"type".into())
            .ok()
            .and_then(|v| v.as_string());
        let value = js_sys::Reflect::get(&part, &"value".into())
            .ok()
            .and_then(|v| v.as_string());
        let slot = match kind.as_deref() {
            Some("year") => 0,
            Some("month") => 1,
            Some("day") => 2,
            Some("hour") => 3,
            Some("minute") => 4,
            _ => continue,
        };
        fields[slot] = value.and_then(|v| v.parse().ok()).unwrap_or(0);
    }
    let local = NaiveDate::from_ymd_opt(fields[0] as i32, fields[1] as u32, fields[2] as u32)
        .and_then(|d| d.and_hms_opt(fields[3] as u32 % 24, fields[4] as u32, 0));
    let utc = at.naive_utc().with_second(0).unwrap_or(at.naive_utc());
    local.map_or(0, |l| (l - utc).num_minutes() as i32)
}

#[cfg(target_arch = "wasm32")]
use chrono::Timelike;

/// The clinic's wall-clock time at `at`.
pub fn to_local(zone: &str, at: DateTime<Utc>) -> NaiveDateTime {
    at.naive_utc() + Duration::minutes(offset_minutes(zone, at).into())
}

/// The instant a wall-clock time in the clinic names. In a spring-forward gap it lands
/// after the gap; in a fall-back overlap, on the first of the two.
pub fn to_utc(zone: &str, local: NaiveDateTime) -> DateTime<Utc> {
    let guess = local.and_utc();
    let first = guess - Duration::minutes(offset_minutes(zone, guess).into());
    let second = guess - Duration::minutes(offset_minutes(zone, first).into());
    [first, second]
        .into_iter()
        .filter(|at| to_local(zone, *at) == local)
        .min()
        .unwrap_or(first.max(second))
}

/// Today's date in the clinic.
pub fn today(zone: &str, now: DateTime<Utc>) -> NaiveDate {
    to_local(zone, now).date()
}

/// The browser's clock.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// How much of an instant to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// `10:30`.
    Time,
    /// `lun 23 nov`.
    Day,
    /// `lunes, 23 de noviembre de 2026`.
    LongDay,
    /// `23 nov 2026`.
    Date,
    /// `lun 23 nov, 10:30`.
    DayTime,
    /// `noviembre de 2026`.
    Month,
}

/// An instant in the clinic's zone, in the reader's language.
#[cfg(target_arch = "wasm32")]
pub fn show(lang: Lang, zone: &str, at: DateTime<Utc>, shown: Shown) -> String {
    let options: &[(&str, &str)] = match shown {
        Shown::Time => &[("hour", "2-digit"), ("minute", "2-digit"), ("hourCycle", "h23")],
        Shown::Day => &[("weekday", "short"), ("day", "numeric"), ("month", "short")],
        Shown::LongDay => &[
            ("weekday", "long"),
            ("day", "numeric"),
            ("month", "long"),
            ("year", "numeric"),
        ],
        Shown::Date => &[("day", "numeric"), ("month", "short"), ("year", "numeric")],
        Shown::DayTime => &[
            ("weekday", "short"),
            ("day", "numeric"),
            ("month", "short"),
            ("hour", "2-digit"),
            ("minute", "2-digit"),
            ("hourCycle", "h23"),
        ],
        Shown::Month => &[("month", "long"), ("year", "numeric")],
    };
    intl(lang, zone, options)
        .format()
        .call1(&wasm_bindgen::JsValue::NULL, &js_date(at))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// An instant in the clinic's zone (host builds: ISO-like, for tests and logs).
#[cfg(not(target_arch = "wasm32"))]
pub fn show(_lang: Lang, zone: &str, at: DateTime<Utc>, shown: Shown) -> String {
    let local = to_local(zone, at);
    let pattern = match shown {
        Shown::Time => "%H:%M",
        Shown::Day | Shown::LongDay => "%a %Y-%m-%d",
        Shown::Date => "%Y-%m-%d",
        Shown::DayTime => "%a %Y-%m-%d %H:%M",
        Shown::Month => "%Y-%m",
    };
    local.format(pattern).to_string()
}

/// A calendar date (already in the clinic's zone), in the reader's language.
pub fn show_date(lang: Lang, date: NaiveDate, shown: Shown) -> String {
    // Noon UTC of that date is the same date in every zone from UTC−11 to UTC+11.
    show(
        lang,
        "UTC",
        date.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc(),
        shown,
    )
}

/// The zone's name as people read it: `America/Santiago` → `Santiago`.
pub fn zone_city(zone: &str) -> String {
    zone.rsplit('/').next().unwrap_or(zone).replace('_', " ")
}

#[cfg(target_arch = "wasm32")]
fn intl(lang: Lang, zone: &str, options: &[(&str, &str)]) -> js_sys::Intl::DateTimeFormat {
    let object = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&object, &"timeZone".into(), &zone.into());
    for (key, value) in options {
        let _ = js_sys::Reflect::set(&object, &(*key).into(), &(*value).into());
    }
    let locales = js_sys::Array::of1(&lang.tag().into());
    js_sys::Intl::DateTimeFormat::new(&locales, &object)
}

#[cfg(target_arch = "wasm32")]
fn js_date(at: DateTime<Utc>) -> js_sys::Date {
    js_sys::Date::new(&(at.timestamp_millis() as f64).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn ten_in_santiago_is_thirteen_utc_in_march() {
        let at = to_utc("America/Santiago", local("2026-03-03 10:00"));
        assert_eq!(at.to_rfc3339(), "2026-03-03T13:00:00+00:00");
        assert_eq!(to_local("America/Santiago", at), local("2026-03-03 10:00"));
    }

    #[test]
    fn a_wall_time_maps_back_across_the_april_change() {
        // Santiago leaves summer time on 5 April 2026: 10:00 is UTC−3 before, UTC−4 after.
        for (text, utc) in [("2026-04-04 10:00", "13:00"), ("2026-04-06 10:00", "14:00")] {
            let at = to_utc("America/Santiago", local(text));
            assert_eq!(at.format("%H:%M").to_string(), utc, "{text}");
        }
    }

    #[test]
    fn the_clinic_date_can_differ_from_the_utc_date() {
        let late = "2026-11-24T02:30:00Z".parse().unwrap();
        assert_eq!(today("America/Santiago", late).to_string(), "2026-11-23");
        assert_eq!(today("Europe/Madrid", late).to_string(), "2026-11-24");
        assert_eq!(zone_city("America/Argentina/Buenos_Aires"), "Buenos Aires");
    }
}
