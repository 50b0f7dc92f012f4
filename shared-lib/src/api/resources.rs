//! A clinic's configuration: treatments, professionals (with weekly hours), chairs and
//! time off.

use chrono::{DateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::fields::{FieldCode, Fields, Invalid, MAX_TEXT};
use crate::domain::{
    Chair, EraInstant, Money, Professional, TimeOff, TimeOffScope, Treatment, WeeklyHours, WorkInterval,
};
use crate::ids::{ChairId, ProfessionalId, TreatmentId};

/// `POST /v1/treatments` (every field) and `PATCH /v1/treatments/{id}` (any subset).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TreatmentInput {
    /// Name as patients see it.
    #[serde(default)]
    pub name: Option<String>,
    /// Minutes with the patient (5–480).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 5, maximum = 480))]
    pub duration_minutes: Option<u32>,
    /// Minutes to prepare the chair afterwards (0–120).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 120))]
    pub buffer_minutes: Option<u32>,
    /// Price in minor units (CLP has none: 25000 is $25.000).
    #[serde(default)]
    pub price_minor: Option<i64>,
    /// ISO 4217 currency.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Z]{3}$", example = "CLP"))]
    pub currency: Option<String>,
    /// Bookable or not.
    #[serde(default)]
    pub active: Option<bool>,
    /// Months after a completed visit when the patient is called back (1–36); 0: never.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 36))]
    pub recall_months: Option<u32>,
}

impl TreatmentInput {
    /// A new treatment: name, duration and price are required.
    pub fn create(&self) -> Result<Treatment, Invalid> {
        let base = Treatment {
            id: TreatmentId::new(),
            name: String::new(),
            duration_minutes: 0,
            buffer_minutes: 0,
            price: Money::new(0, "CLP").expect("CLP is a currency"),
            active: true,
            recall_months: None,
        };
        let mut f = Fields::default();
        for (field, missing) in [
            ("name", self.name.is_none()),
            ("duration_minutes", self.duration_minutes.is_none()),
            ("price_minor", self.price_minor.is_none()),
            ("currency", self.currency.is_none()),
        ] {
            if missing {
                f.fail(field, FieldCode::Required, "is required");
            }
        }
        f.finish()?;
        self.apply(&base)
    }

    /// The treatment with the given fields changed.
    pub fn apply(&self, current: &Treatment) -> Result<Treatment, Invalid> {
        let mut f = Fields::default();
        let name = self.name.as_deref().unwrap_or(&current.name);
        let duration = self.duration_minutes.unwrap_or(current.duration_minutes);
        let buffer = self.buffer_minutes.unwrap_or(current.buffer_minutes);
        let price = match (self.price_minor, &self.currency) {
            (None, None) => Some(current.price.clone()),
            (amount, currency) => f.check(
                "price_minor",
                Money::new(
                    amount.unwrap_or(current.price.amount_minor()),
                    currency.as_deref().unwrap_or(current.price.currency()),
                ),
            ),
        };
        let checked = price.and_then(|price| {
            f.check(
                treatment_field(name, duration, buffer),
                Treatment::new(name, duration, buffer, price),
            )
        });
        let recall = match self.recall_months {
            Some(0) => None,
            None => current.recall_months,
            months => months,
        };
        let checked = checked.and_then(|t| f.check("recall_months", t.with_recall(recall)));
        f.done(|| {
            Some(Treatment {
                id: current.id,
                active: self.active.unwrap_or(current.active),
                ..checked?
            })
        })
    }
}

fn treatment_field(name: &str, duration: u32, buffer: u32) -> &'static str {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        "name"
    } else if !(5..=480).contains(&duration) {
        "duration_minutes"
    } else if buffer > 120 {
        "buffer_minutes"
    } else {
        "treatment"
    }
}

/// One working interval as text (`09:00`–`13:00`, clinic time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IntervalInput {
    /// Start, `HH:MM`.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^\s*[0-9]{1,2}:[0-9]{2}\s*$", example = "09:00")
    )]
    pub start: String,
    /// End, `HH:MM`.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^\s*[0-9]{1,2}:[0-9]{2}\s*$", example = "13:00")
    )]
    pub end: String,
}

/// `POST /v1/professionals` and `PATCH /v1/professionals/{id}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProfessionalInput {
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Specialty (orthodontics, general...).
    #[serde(default)]
    pub specialty: Option<String>,
    /// Ids of the treatments they perform.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<TreatmentId>>))]
    pub treatments: Option<Vec<String>>,
    /// Seven days, Monday first, each a list of intervals.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_items = 7, max_items = 7))]
    pub weekly_hours: Option<Vec<Vec<IntervalInput>>>,
    /// Takes bookings or not.
    #[serde(default)]
    pub active: Option<bool>,
}

impl ProfessionalInput {
    /// A new professional; the name is required.
    pub fn create(&self) -> Result<Professional, Invalid> {
        if self.name.is_none() {
            return Err(Invalid::one("name", FieldCode::Required, "is required"));
        }
        self.apply(&Professional {
            id: ProfessionalId::new(),
            name: String::new(),
            specialty: String::new(),
            treatments: Vec::new(),
            weekly_hours: WeeklyHours::default(),
            active: true,
        })
    }

    /// The professional with the given fields changed.
    pub fn apply(&self, current: &Professional) -> Result<Professional, Invalid> {
        let mut f = Fields::default();
        let name = self.name.as_ref().map(|n| f.name("name", n));
        let specialty = self.specialty.as_ref().map(|s| f.text("specialty", s, 120, false));
        let treatments = self.treatments.as_ref().map(|t| f.parse_all("treatments", t));
        let weekly_hours = self.weekly_hours.as_ref().map(|w| parse_week(&mut f, w));
        f.done(|| {
            Some(Professional {
                id: current.id,
                name: name.unwrap_or_else(|| Some(current.name.clone()))?,
                specialty: specialty.unwrap_or_else(|| Some(current.specialty.clone()))?,
                treatments: treatments.unwrap_or_else(|| Some(current.treatments.clone()))?,
                weekly_hours: weekly_hours.unwrap_or_else(|| Some(current.weekly_hours.clone()))?,
                active: self.active.unwrap_or(current.active),
            })
        })
    }
}

fn parse_week(f: &mut Fields, days: &[Vec<IntervalInput>]) -> Option<WeeklyHours> {
    if days.len() != 7 {
        f.fail("weekly_hours", FieldCode::Invalid, "must list 7 days, Monday first");
        return None;
    }
    let mut week: [Vec<WorkInterval>; 7] = Default::default();
    for (d, intervals) in days.iter().enumerate() {
        for (i, interval) in intervals.iter().enumerate() {
            let at = |part: &str| format!("weekly_hours[{d}][{i}].{part}");
            let start = parse_time(f, &at("start"), &interval.start);
            let end = parse_time(f, &at("end"), &interval.end);
            if let (Some(start), Some(end)) = (start, end) {
                week[d].push(WorkInterval { start, end });
            }
        }
    }
    f.check("weekly_hours", WeeklyHours::try_from(week))
}

fn parse_time(f: &mut Fields, field: &str, text: &str) -> Option<NaiveTime> {
    let parsed = NaiveTime::parse_from_str(text.trim(), "%H:%M");
    f.check(
        field,
        parsed.map_err(|_| format!("`{text}` is not a time of day (HH:MM)")),
    )
}

/// `POST /v1/chairs` and `PATCH /v1/chairs/{id}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChairInput {
    /// Name (Box 1).
    #[serde(default)]
    pub name: Option<String>,
    /// Ids of the treatments it can host.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<TreatmentId>>))]
    pub treatments: Option<Vec<String>>,
    /// In use or not.
    #[serde(default)]
    pub active: Option<bool>,
}

impl ChairInput {
    /// A new chair; the name is required.
    pub fn create(&self) -> Result<Chair, Invalid> {
        if self.name.is_none() {
            return Err(Invalid::one("name", FieldCode::Required, "is required"));
        }
        self.apply(&Chair {
            id: ChairId::new(),
            name: String::new(),
            treatments: Vec::new(),
            active: true,
        })
    }

    /// The chair with the given fields changed.
    pub fn apply(&self, current: &Chair) -> Result<Chair, Invalid> {
        let mut f = Fields::default();
        let name = self.name.as_ref().map(|n| f.name("name", n));
        let treatments = self.treatments.as_ref().map(|t| f.parse_all("treatments", t));
        f.done(|| {
            Some(Chair {
                id: current.id,
                name: name.unwrap_or_else(|| Some(current.name.clone()))?,
                treatments: treatments.unwrap_or_else(|| Some(current.treatments.clone()))?,
                active: self.active.unwrap_or(current.active),
            })
        })
    }
}

/// `POST /v1/professionals/{id}/time-off` (`{id}` = `clinic` for a closure).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TimeOffInput {
    /// From, RFC 3339 with an offset.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub start: String,
    /// Until, RFC 3339 with an offset (exclusive).
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub end: String,
    /// Why (shown to staff only).
    #[serde(default)]
    pub reason: String,
}

impl TimeOffInput {
    /// The absence or closure.
    pub fn parse(&self, scope: TimeOffScope) -> Result<TimeOff, Invalid> {
        let mut f = Fields::default();
        let start = f.instant("start", &self.start);
        let end = f.instant("end", &self.end);
        let reason = f.text("reason", &self.reason, MAX_TEXT, false);
        let time_off = match (start, end, &reason) {
            (Some(s), Some(e), Some(r)) => f.check("end", TimeOff::new(scope, s.at(), e.at(), r)),
            _ => None,
        };
        f.done(|| time_off)
    }
}

/// Bounds of a list of time off (`?from&to`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct RangeQuery {
    /// From, RFC 3339 (default: now).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = DateTime))]
    pub from: Option<String>,
    /// Until, RFC 3339 (default: 366 days after `from`; at most 400 days after it).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Option<String>, format = DateTime))]
    pub to: Option<String>,
}

/// How far after `from` a time-off list reaches unless `to` says otherwise.
pub const DEFAULT_TIME_OFF_DAYS: u32 = 366;
/// The longest time-off list one query covers: the default year and a month's slack. A
/// clinic whose horizon is longer (up to 730 days) asks for its later months separately.
pub const MAX_TIME_OFF_DAYS: u32 = 400;

impl RangeQuery {
    /// The range `[from, to)`: `from` defaults to `now`, `to` to 366 days later; both must
    /// lie within the supported era, `to` after `from` and at most 400 days after it.
    pub fn parse(&self, now: DateTime<Utc>) -> Result<(EraInstant, EraInstant), Invalid> {
        let mut f = Fields::default();
        let from = match self.from.as_deref() {
            Some(text) => f.instant("from", text),
            None => f.check("from", EraInstant::try_from(now)),
        };
        let to = self.to.as_deref().map(|text| f.instant("to", text));
        let range = match (from, to) {
            (Some(from), None) => f
                .check(
                    "to",
                    from.plus_days(DEFAULT_TIME_OFF_DAYS)
                        .ok_or("the default of a year after `from` is past the supported years; name `to`"),
                )
                .map(|to| (from, to)),
            (Some(from), Some(Some(to))) => {
                let latest = from.plus_days(MAX_TIME_OFF_DAYS);
                if to <= from || latest.is_some_and(|latest| to > latest) {
                    f.fail(
                        "to",
                        FieldCode::Invalid,
                        format!("must be after `from` and within {MAX_TIME_OFF_DAYS} days of it"),
                    );
                    None
                } else {
                    Some((from, to))
                }
            }
            _ => None,
        };
        f.done(|| range)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(monday: &[(&str, &str)]) -> Vec<Vec<IntervalInput>> {
        let mut days = vec![Vec::new(); 7];
        days[0] = monday
            .iter()
            .map(|(s, e)| IntervalInput {
                start: (*s).into(),
                end: (*e).into(),
            })
            .collect();
        days
    }

    #[test]
    fn a_treatment_needs_its_core_fields() {
        let fields: Vec<_> = TreatmentInput::default()
            .create()
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["name", "duration_minutes", "price_minor", "currency"]);
    }

    #[test]
    fn a_treatment_patch_names_the_bad_field() {
        let t = TreatmentInput {
            name: Some("Limpieza".into()),
            duration_minutes: Some(30),
            price_minor: Some(25_000),
            currency: Some("CLP".into()),
            ..TreatmentInput::default()
        }
        .create()
        .unwrap();
        let patch = TreatmentInput {
            duration_minutes: Some(2),
            ..TreatmentInput::default()
        };
        assert_eq!(patch.apply(&t).unwrap_err().0[0].field, "duration_minutes");
        let renamed = TreatmentInput {
            name: Some("Limpieza dental".into()),
            active: Some(false),
            ..TreatmentInput::default()
        }
        .apply(&t)
        .unwrap();
        assert_eq!(
            (renamed.id, renamed.name.as_str(), renamed.active),
            (t.id, "Limpieza dental", false)
        );
    }

    #[test]
    fn overlapping_or_malformed_hours_are_refused_with_their_position() {
        let bad = ProfessionalInput {
            name: Some("Dra. Rojas".into()),
            weekly_hours: Some(week(&[("9:00", "13:00"), ("25:00", "14:00")])),
            ..ProfessionalInput::default()
        };
        assert_eq!(bad.create().unwrap_err().0[0].field, "weekly_hours[0][1].start");
        let overlapping = ProfessionalInput {
            name: Some("Dra. Rojas".into()),
            weekly_hours: Some(week(&[("09:00", "13:00"), ("12:00", "14:00")])),
            ..ProfessionalInput::default()
        };
        assert_eq!(overlapping.create().unwrap_err().0[0].field, "weekly_hours");
        let six_days = ProfessionalInput {
            weekly_hours: Some(vec![Vec::new(); 6]),
            ..overlapping
        };
        assert_eq!(six_days.create().unwrap_err().0[0].code, "invalid");
    }

    #[test]
    fn time_off_must_end_after_it_starts() {
        let input = TimeOffInput {
            start: "2026-09-18T00:00:00-03:00".into(),
            end: "2026-09-17T00:00:00-03:00".into(),
            reason: "Fiestas Patrias".into(),
        };
        assert_eq!(input.parse(TimeOffScope::Clinic).unwrap_err().0[0].field, "end");
    }

    #[test]
    fn time_off_outside_the_era_is_refused_by_field() {
        let input = TimeOffInput {
            start: "+262142-06-01T00:00:00Z".into(),
            end: "2201-01-01T00:00:00Z".into(),
            reason: String::new(),
        };
        let fields: Vec<_> = input
            .parse(TimeOffScope::Clinic)
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        assert_eq!(
            fields,
            [
                ("start".to_owned(), "out_of_range".to_owned()),
                ("end".to_owned(), "out_of_range".to_owned())
            ]
        );
    }

    #[test]
    fn a_time_off_list_defaults_to_a_year_from_now_and_is_bounded() {
        let now: DateTime<Utc> = "2026-03-02T12:00:00Z".parse().unwrap();
        let (from, to) = RangeQuery::default().parse(now).unwrap();
        assert_eq!((from.at(), (to.at() - from.at()).num_days()), (now, 366));
        let far = RangeQuery {
            from: Some("+262142-06-01T00:00:00Z".into()),
            to: Some("+262142-06-02T00:00:00Z".into()),
        };
        let refused: Vec<_> = far.parse(now).unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(refused, ["from", "to"]);
        let too_long = RangeQuery {
            from: Some("2026-01-01T00:00:00Z".into()),
            to: Some("2027-03-01T00:00:00Z".into()),
        };
        assert_eq!(too_long.parse(now).unwrap_err().0[0].field, "to");
        let near_the_end = RangeQuery {
            from: Some("2200-12-01T00:00:00Z".into()),
            to: None,
        };
        assert_eq!(near_the_end.parse(now).unwrap_err().0[0].field, "to");
    }
}
