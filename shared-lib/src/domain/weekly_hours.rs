//! Opening hours of a professional: several intervals per weekday, in the clinic's zone.

use chrono::{NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

/// Why weekly hours were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidHours {
    /// An interval must end after it starts (no overnight shifts at a clinic).
    #[error("on {day}, {start}–{end} ends before it starts")]
    Backwards {
        /// The weekday.
        day: Weekday,
        /// The interval's start.
        start: NaiveTime,
        /// The interval's end.
        end: NaiveTime,
    },
    /// Overlapping intervals are almost always a typo.
    #[error("on {day}, {first} overlaps {second}")]
    Overlap {
        /// The weekday.
        day: Weekday,
        /// The earlier interval.
        first: String,
        /// The later interval.
        second: String,
    },
}

/// One working interval on a weekday, `[start, end)` in local wall-clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkInterval {
    /// Local start time, `HH:MM:SS`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?$", example = "09:00:00"))]
    pub start: NaiveTime,
    /// Local end time, `HH:MM:SS`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?$", example = "13:00:00"))]
    pub end: NaiveTime,
}

/// Weekly hours: for each weekday (Monday first) its sorted, non-overlapping intervals.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "[Vec<WorkInterval>; 7]", into = "[Vec<WorkInterval>; 7]")]
pub struct WeeklyHours([Vec<WorkInterval>; 7]);

impl WeeklyHours {
    /// The intervals of one weekday, sorted by start.
    pub fn on(&self, day: Weekday) -> &[WorkInterval] {
        &self.0[day.num_days_from_monday() as usize]
    }

    /// Whether the professional works at all.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(Vec::is_empty)
    }
}

impl TryFrom<[Vec<WorkInterval>; 7]> for WeeklyHours {
    type Error = InvalidHours;

    fn try_from(mut days: [Vec<WorkInterval>; 7]) -> Result<Self, Self::Error> {
        for (index, intervals) in days.iter_mut().enumerate() {
            let day = Weekday::try_from(index as u8).expect("seven weekdays");
            intervals.sort();
            for interval in intervals.iter() {
                if interval.end <= interval.start {
                    return Err(InvalidHours::Backwards {
                        day,
                        start: interval.start,
                        end: interval.end,
                    });
                }
            }
            if let Some(pair) = intervals.windows(2).find(|pair| pair[1].start < pair[0].end) {
                let show = |i: &WorkInterval| format!("{}–{}", i.start.format("%H:%M"), i.end.format("%H:%M"));
                return Err(InvalidHours::Overlap {
                    day,
                    first: show(&pair[0]),
                    second: show(&pair[1]),
                });
            }
        }
        Ok(Self(days))
    }
}

impl From<WeeklyHours> for [Vec<WorkInterval>; 7] {
    fn from(value: WeeklyHours) -> Self {
        value.0
    }
}

/// On the wire: seven lists of intervals, Monday first.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for WeeklyHours {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::ToSchema;
        use utoipa::openapi::schema::{ArrayBuilder, Ref};
        let day = ArrayBuilder::new()
            .items(Ref::from_schema_name(WorkInterval::name()))
            .description(Some("One weekday's intervals, sorted by start and not overlapping."));
        ArrayBuilder::new()
            .items(day)
            .min_items(Some(7))
            .max_items(Some(7))
            .description(Some(
                "Weekly hours: for each weekday (Monday first) its sorted, non-overlapping intervals.",
            ))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for WeeklyHours {
    fn schemas(schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>) {
        use utoipa::PartialSchema;
        schemas.push((WorkInterval::name().into_owned(), WorkInterval::schema()));
        WorkInterval::schemas(schemas);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn interval(a: (u32, u32), b: (u32, u32)) -> WorkInterval {
        WorkInterval {
            start: at(a.0, a.1),
            end: at(b.0, b.1),
        }
    }

    #[test]
    fn a_split_shift_is_kept_sorted() {
        let mut days: [Vec<WorkInterval>; 7] = Default::default();
        days[0] = vec![interval((15, 0), (19, 0)), interval((9, 0), (13, 0))];
        let hours = WeeklyHours::try_from(days).unwrap();
        assert_eq!(
            hours.on(Weekday::Mon),
            &[interval((9, 0), (13, 0)), interval((15, 0), (19, 0))]
        );
        assert!(hours.on(Weekday::Sun).is_empty());
    }

    #[test]
    fn overlapping_or_backwards_intervals_are_refused() {
        let mut days: [Vec<WorkInterval>; 7] = Default::default();
        days[2] = vec![interval((9, 0), (13, 0)), interval((12, 0), (14, 0))];
        assert_eq!(
            WeeklyHours::try_from(days).unwrap_err().to_string(),
            "on Wed, 09:00–13:00 overlaps 12:00–14:00"
        );
        let mut days: [Vec<WorkInterval>; 7] = Default::default();
        days[4] = vec![interval((18, 0), (9, 0))];
        assert!(matches!(
            WeeklyHours::try_from(days),
            Err(InvalidHours::Backwards { .. })
        ));
    }

    #[test]
    fn hours_round_trip_as_seven_lists() {
        let mut days: [Vec<WorkInterval>; 7] = Default::default();
        days[1] = vec![interval((8, 30), (12, 0))];
        let hours = WeeklyHours::try_from(days).unwrap();
        let json = serde_json::to_string(&hours).unwrap();
        assert_eq!(json, r#"[[],[{"start":"08:30:00","end":"12:00:00"}],[],[],[],[],[]]"#);
        assert_eq!(serde_json::from_str::<WeeklyHours>(&json).unwrap(), hours);
    }
}
