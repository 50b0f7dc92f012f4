//! A clinic and the rules it books by.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{Channels, Country, Grid, Locale, Reminder, ReminderKind, Slug, TimeZone};
use crate::ids::TenantId;

/// Why clinic settings were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidSettings {
    /// The booking grid must divide an hour evenly.
    #[error("granularity must be one of 5, 10, 15, 20, 30 or 60 minutes, not {0}")]
    Granularity(u32),
    /// Notice beyond the horizon would leave nothing bookable.
    #[error("minimum notice ({notice_minutes} min) must be shorter than the booking horizon ({horizon_days} days)")]
    NoticeBeyondHorizon {
        /// The requested notice.
        notice_minutes: u32,
        /// The requested horizon.
        horizon_days: u32,
    },
    /// The same-day reminder must come after the first one.
    #[error(
        "the same-day reminder ({same_day_hours} h before) must be later than the first reminder ({reminder_hours} h before)"
    )]
    SameDayNotLater {
        /// The requested same-day lead time.
        same_day_hours: u32,
        /// The first reminder's lead time.
        reminder_hours: u32,
    },
    /// A value outside its allowed range.
    #[error("{field} must be between {min} and {max}, not {value}")]
    OutOfRange {
        /// The setting's name.
        field: &'static str,
        /// Its lowest allowed value.
        min: u32,
        /// Its highest allowed value.
        max: u32,
        /// The refused value.
        value: u32,
    },
}

/// The clinic's booking grid: every start time and every lock granule is a multiple of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Granularity(u32);

impl Granularity {
    /// The default grid of a quarter of an hour.
    pub const QUARTER_HOUR: Self = Self(15);

    /// Minutes per granule.
    pub const fn minutes(self) -> u32 {
        self.0
    }

    /// One granule as a duration.
    pub fn duration(self) -> Duration {
        Duration::minutes(i64::from(self.0))
    }
}

impl TryFrom<u32> for Granularity {
    type Error = InvalidSettings;

    fn try_from(minutes: u32) -> Result<Self, Self::Error> {
        if [5, 10, 15, 20, 30, 60].contains(&minutes) {
            Ok(Self(minutes))
        } else {
            Err(InvalidSettings::Granularity(minutes))
        }
    }
}

impl From<Granularity> for u32 {
    fn from(value: Granularity) -> Self {
        value.0
    }
}

/// On the wire: the minutes, one of 5, 10, 15, 20, 30 or 60.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Granularity {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
            .enum_values(Some([5, 10, 15, 20, 30, 60]))
            .description(Some(
                "The clinic's booking grid in minutes: every start time and every lock granule is a multiple of it.",
            ))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Granularity {}

/// How a clinic books: its grid, notice, horizon, cancellation and reminder rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "BookingRulesParts")]
pub struct BookingRules {
    /// Minutes per granule.
    granularity: Granularity,
    /// How far ahead of now the earliest bookable start is (0 to 30 days).
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 43200))]
    min_notice_minutes: u32,
    /// How many days ahead patients may book (1–730).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 730))]
    horizon_days: u32,
    /// Patients may cancel or move a booking up to this many hours before it starts (0–336).
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 336))]
    cancellation_window_hours: u32,
    /// The reminder goes out this many hours before the visit (1–168).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 168))]
    reminder_hours_before: u32,
    /// An optional second reminder this many hours before, on the day (1–12, and less
    /// than `reminder_hours_before`).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 12))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    same_day_reminder_hours: Option<u32>,
    /// When set, patients are asked "will you come?" this many hours before the visit
    /// (1–336), by a message whose links answer it; unset, no one is asked.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 336))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    confirmation_request_hours: Option<u32>,
    /// How long freed time offered to a waitlisted patient stays held for them before it
    /// goes to the next (5–240 minutes).
    #[cfg_attr(feature = "openapi", schema(minimum = 5, maximum = 240))]
    waitlist_offer_minutes: u32,
    /// A patient recalled and not booked gets a second message this many weeks after the
    /// first (1–26); unset, only one.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 26))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    recall_follow_up_weeks: Option<u32>,
}

/// The unchecked shape of [`BookingRules`].
#[derive(Debug, Clone, Deserialize)]
pub struct BookingRulesParts {
    /// Minutes per granule.
    pub granularity: Granularity,
    /// How far ahead of now the earliest bookable start is.
    pub min_notice_minutes: u32,
    /// How many days ahead patients may book.
    pub horizon_days: u32,
    /// Patients may cancel or move a booking up to this many hours before it starts.
    pub cancellation_window_hours: u32,
    /// The reminder goes out this many hours before the visit.
    pub reminder_hours_before: u32,
    /// An optional second reminder this many hours before.
    #[serde(default)]
    pub same_day_reminder_hours: Option<u32>,
    /// When set, the confirmation request goes out this many hours before.
    #[serde(default)]
    pub confirmation_request_hours: Option<u32>,
    /// How long a waitlist offer holds its time.
    #[serde(default = "default_offer_minutes")]
    pub waitlist_offer_minutes: u32,
    /// Weeks after a recall before the second one; `None`: no second.
    #[serde(default)]
    pub recall_follow_up_weeks: Option<u32>,
}

/// How long a waitlist offer holds its time unless the clinic says otherwise.
pub const DEFAULT_OFFER_MINUTES: u32 = 15;

const fn default_offer_minutes() -> u32 {
    DEFAULT_OFFER_MINUTES
}

fn in_range(field: &'static str, value: u32, min: u32, max: u32) -> Result<u32, InvalidSettings> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(InvalidSettings::OutOfRange { field, min, max, value })
    }
}

impl TryFrom<BookingRulesParts> for BookingRules {
    type Error = InvalidSettings;

    fn try_from(p: BookingRulesParts) -> Result<Self, Self::Error> {
        let min_notice_minutes = in_range("min_notice_minutes", p.min_notice_minutes, 0, 30 * 24 * 60)?;
        let horizon_days = in_range("horizon_days", p.horizon_days, 1, 730)?;
        if u64::from(min_notice_minutes) >= u64::from(horizon_days) * 24 * 60 {
            return Err(InvalidSettings::NoticeBeyondHorizon {
                notice_minutes: min_notice_minutes,
                horizon_days,
            });
        }
        let reminder_hours_before = in_range("reminder_hours_before", p.reminder_hours_before, 1, 7 * 24)?;
        let same_day_reminder_hours = p
            .same_day_reminder_hours
            .map(|h| in_range("same_day_reminder_hours", h, 1, 12))
            .transpose()?;
        if let Some(same_day) = same_day_reminder_hours
            && same_day >= reminder_hours_before
        {
            return Err(InvalidSettings::SameDayNotLater {
                same_day_hours: same_day,
                reminder_hours: reminder_hours_before,
            });
        }
        Ok(Self {
            granularity: p.granularity,
            min_notice_minutes,
            horizon_days,
            cancellation_window_hours: in_range("cancellation_window_hours", p.cancellation_window_hours, 0, 14 * 24)?,
            reminder_hours_before,
            same_day_reminder_hours,
            confirmation_request_hours: p
                .confirmation_request_hours
                .map(|h| in_range("confirmation_request_hours", h, 1, 14 * 24))
                .transpose()?,
            waitlist_offer_minutes: in_range("waitlist_offer_minutes", p.waitlist_offer_minutes, 5, 240)?,
            recall_follow_up_weeks: p
                .recall_follow_up_weeks
                .map(|w| in_range("recall_follow_up_weeks", w, 1, 26))
                .transpose()?,
        })
    }
}

impl Default for BookingRules {
    fn default() -> Self {
        Self {
            granularity: Granularity::QUARTER_HOUR,
            min_notice_minutes: 60,
            horizon_days: 90,
            cancellation_window_hours: 24,
            reminder_hours_before: 24,
            same_day_reminder_hours: None,
            confirmation_request_hours: None,
            waitlist_offer_minutes: DEFAULT_OFFER_MINUTES,
            recall_follow_up_weeks: None,
        }
    }
}

impl BookingRules {
    /// The booking grid.
    pub const fn granularity(&self) -> Granularity {
        self.granularity
    }

    /// The earliest start a patient may book at `now`.
    pub fn earliest_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now + Duration::minutes(i64::from(self.min_notice_minutes))
    }

    /// The latest start a patient may book at `now`.
    pub fn latest_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now + Duration::days(i64::from(self.horizon_days))
    }

    /// Whether a patient may still cancel or move a booking starting at `start`.
    pub fn patient_may_change(&self, start: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        start - now >= Duration::hours(i64::from(self.cancellation_window_hours))
    }

    /// Minimum notice in minutes.
    pub const fn min_notice_minutes(&self) -> u32 {
        self.min_notice_minutes
    }

    /// Booking horizon in days.
    pub const fn horizon_days(&self) -> u32 {
        self.horizon_days
    }

    /// Cancellation window in hours.
    pub const fn cancellation_window_hours(&self) -> u32 {
        self.cancellation_window_hours
    }

    /// Reminder lead time in hours.
    pub const fn reminder_hours_before(&self) -> u32 {
        self.reminder_hours_before
    }

    /// Lead time of the optional same-day reminder in hours.
    pub const fn same_day_reminder_hours(&self) -> Option<u32> {
        self.same_day_reminder_hours
    }

    /// How long before the visit patients are asked to confirm; `None`: they are not asked.
    pub const fn confirmation_request_hours(&self) -> Option<u32> {
        self.confirmation_request_hours
    }

    /// How long a waitlist offer holds its time.
    pub const fn waitlist_offer_minutes(&self) -> u32 {
        self.waitlist_offer_minutes
    }

    /// Weeks after a first recall before the second; `None`: no second.
    pub const fn recall_follow_up_weeks(&self) -> Option<u32> {
        self.recall_follow_up_weeks
    }

    /// The unchecked shape of these rules, to change some and check them again.
    pub const fn parts(&self) -> BookingRulesParts {
        BookingRulesParts {
            granularity: self.granularity,
            min_notice_minutes: self.min_notice_minutes,
            horizon_days: self.horizon_days,
            cancellation_window_hours: self.cancellation_window_hours,
            reminder_hours_before: self.reminder_hours_before,
            same_day_reminder_hours: self.same_day_reminder_hours,
            confirmation_request_hours: self.confirmation_request_hours,
            waitlist_offer_minutes: self.waitlist_offer_minutes,
            recall_follow_up_weeks: self.recall_follow_up_weeks,
        }
    }
}

/// A clinic on the platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tenant {
    /// Its id; every key of its data starts from it.
    pub id: TenantId,
    /// Its public address name.
    pub slug: Slug,
    /// Its display name.
    pub name: String,
    /// Street address, shown to patients and in emails.
    pub address: String,
    /// Its wall-clock zone.
    pub time_zone: TimeZone,
    /// Its default language.
    pub locale: Locale,
    /// How it books.
    pub rules: BookingRules,
    /// Its country: phone numbers written without a country code are read in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    /// Which channels its messages take (email only for clinics from before texts).
    #[serde(default)]
    pub channels: Channels,
    /// When it was onboarded.
    pub created_at: DateTime<Utc>,
}

impl Tenant {
    /// The reminders a visit starting at `start`, booked at `now`, gets: each lead time is
    /// taken on the clinic's wall clock, and a reminder that would be due by `now` is
    /// dropped, as the confirmation has just told the patient.
    pub fn reminders(&self, start: DateTime<Utc>, now: DateTime<Utc>) -> Vec<Reminder> {
        let grid = Grid::new(self.time_zone, self.rules.granularity());
        let wall = start.with_timezone(&self.time_zone.tz()).naive_local();
        [
            (ReminderKind::Ahead, Some(self.rules.reminder_hours_before)),
            (ReminderKind::SameDay, self.rules.same_day_reminder_hours),
            (ReminderKind::Confirm, self.rules.confirmation_request_hours),
        ]
        .into_iter()
        .filter_map(|(kind, hours)| {
            // Checked: a start at chrono's first hours has no wall clock a day before it.
            let at = wall.checked_sub_signed(Duration::hours(i64::from(hours?)))?;
            let due = grid.instant(at.date(), at.time());
            (due > now).then_some(Reminder { kind, due })
        })
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts() -> BookingRulesParts {
        BookingRulesParts {
            granularity: Granularity::QUARTER_HOUR,
            min_notice_minutes: 120,
            horizon_days: 60,
            cancellation_window_hours: 24,
            reminder_hours_before: 24,
            same_day_reminder_hours: None,
            confirmation_request_hours: None,
            waitlist_offer_minutes: 15,
            recall_follow_up_weeks: None,
        }
    }

    fn clinic(zone: &str, rules: BookingRules) -> Tenant {
        Tenant {
            id: TenantId::new(),
            slug: "madrid".parse().unwrap(),
            name: "Clínica".into(),
            address: String::new(),
            time_zone: zone.parse().unwrap(),
            locale: Locale::Es,
            rules,
            country: None,
            channels: Default::default(),
            created_at: "2026-01-01T00:00:00Z".parse().unwrap(),
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_reminder_a_day_before_keeps_the_local_hour_across_the_spring_change() {
        // Madrid moves to summer time on 2026-03-29: 10:00 on the 30th is 08:00Z, and
        // 10:00 on the 29th is 08:00Z as well, 23 hours earlier.
        let rules = BookingRules::try_from(BookingRulesParts {
            same_day_reminder_hours: Some(2),
            ..parts()
        })
        .unwrap();
        let reminders =
            clinic("Europe/Madrid", rules).reminders(at("2026-03-30T08:00:00Z"), at("2026-03-20T00:00:00Z"));
        assert_eq!(
            reminders,
            vec![
                Reminder {
                    kind: ReminderKind::Ahead,
                    due: at("2026-03-29T08:00:00Z")
                },
                Reminder {
                    kind: ReminderKind::SameDay,
                    due: at("2026-03-30T06:00:00Z")
                },
            ]
        );
    }

    #[test]
    fn a_reminder_due_on_the_day_samoa_skipped_comes_when_the_next_day_begins() {
        // A visit at 10:00 on 2011-12-31 in Apia: a day earlier on the wall clock is
        // 2011-12-30, which never happened, so the reminder is due at that midnight.
        let tenant = clinic("Pacific/Apia", BookingRules::default());
        let start = at("2011-12-30T20:00:00Z");
        let reminders = tenant.reminders(start, at("2011-12-01T00:00:00Z"));
        assert_eq!(
            reminders,
            vec![Reminder {
                kind: ReminderKind::Ahead,
                due: at("2011-12-30T10:00:00Z")
            }]
        );
    }

    #[test]
    fn a_booking_inside_the_lead_time_gets_no_reminder_that_would_be_late() {
        let tenant = clinic("America/Santiago", BookingRules::default());
        let start = at("2026-06-10T14:00:00Z");
        assert!(tenant.reminders(start, start - Duration::hours(3)).is_empty());
        assert_eq!(tenant.reminders(start, start - Duration::hours(25)).len(), 1);
    }

    #[test]
    fn the_same_day_reminder_must_come_after_the_first() {
        let p = BookingRulesParts {
            reminder_hours_before: 3,
            same_day_reminder_hours: Some(3),
            ..parts()
        };
        assert!(matches!(
            BookingRules::try_from(p),
            Err(InvalidSettings::SameDayNotLater { .. })
        ));
    }

    #[test]
    fn a_grid_that_does_not_divide_an_hour_is_refused() {
        assert_eq!(Granularity::try_from(7), Err(InvalidSettings::Granularity(7)));
        assert!(serde_json::from_str::<Granularity>("25").is_err());
        assert_eq!(Granularity::try_from(30).unwrap().minutes(), 30);
    }

    #[test]
    fn notice_longer_than_the_horizon_is_refused() {
        let p = BookingRulesParts {
            min_notice_minutes: 2 * 24 * 60,
            horizon_days: 2,
            ..parts()
        };
        assert!(matches!(
            BookingRules::try_from(p),
            Err(InvalidSettings::NoticeBeyondHorizon { .. })
        ));
    }

    #[test]
    fn out_of_range_settings_name_the_field() {
        let p = BookingRulesParts {
            horizon_days: 0,
            ..parts()
        };
        assert_eq!(
            BookingRules::try_from(p).unwrap_err().to_string(),
            "horizon_days must be between 1 and 730, not 0"
        );
    }

    #[test]
    fn a_clinic_that_asks_for_confirmation_sends_the_request_its_hours_ahead() {
        let rules = BookingRules::try_from(BookingRulesParts {
            confirmation_request_hours: Some(48),
            ..parts()
        })
        .unwrap();
        let start = at("2026-06-10T14:00:00Z");
        let reminders = clinic("America/Santiago", rules).reminders(start, start - Duration::days(5));
        assert_eq!(
            reminders.iter().map(|r| (r.kind, r.due)).collect::<Vec<_>>(),
            vec![
                (ReminderKind::Ahead, at("2026-06-09T14:00:00Z")),
                (ReminderKind::Confirm, at("2026-06-08T14:00:00Z")),
            ]
        );
        let too_far = BookingRulesParts {
            confirmation_request_hours: Some(337),
            ..parts()
        };
        assert_eq!(
            BookingRules::try_from(too_far).unwrap_err().to_string(),
            "confirmation_request_hours must be between 1 and 336, not 337"
        );
    }

    #[test]
    fn a_patient_may_cancel_only_outside_the_window() {
        let rules = BookingRules::try_from(parts()).unwrap();
        let now = "2026-03-01T10:00:00Z".parse().unwrap();
        assert!(rules.patient_may_change("2026-03-02T10:00:00Z".parse().unwrap(), now));
        assert!(!rules.patient_may_change("2026-03-02T09:59:00Z".parse().unwrap(), now));
    }
}
