//! Every IANA zone on the days its offset changes: the grid and availability never panic,
//! and every offered start is a real wall-clock time on the grid, inside the
//! professional's hours on the day asked. Also the two days whole zones skipped.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Offset, TimeZone as _, Utc};
use chrono_tz::{TZ_VARIANTS, Tz};
use proptest::prelude::*;
use turnaki_shared::domain::{
    AvailabilityRequest, BookingRules, Granularity, Grid, Money, Professional, Taken, TimeZone, Treatment, WeeklyHours,
    WorkInterval, free_starts,
};
use turnaki_shared::ids::ProfessionalId;

/// The granularities a clinic may choose.
const STEPS: [u32; 6] = [5, 10, 15, 20, 30, 60];

/// The span searched for offset changes: old enough for the odd historic offsets (with
/// seconds, or the Pacific's date-line moves), short enough to scan a zone in milliseconds.
fn span() -> (DateTime<Utc>, DateTime<Utc>) {
    let at = |y| Utc.with_ymd_and_hms(y, 1, 1, 0, 0, 0).unwrap();
    (at(1840), at(2040))
}

fn offset_seconds(zone: Tz, at: DateTime<Utc>) -> i32 {
    zone.offset_from_utc_datetime(&at.naive_utc()).fix().local_minus_utc()
}

/// The local dates on which `zone`'s offset changes within the span: scanned a week at a
/// time (no zone changes twice within a week), each change found to the second by
/// bisection and reported as the local dates just before and after it.
fn transition_days(zone: Tz) -> Vec<NaiveDate> {
    let (mut at, end) = span();
    let week = Duration::days(7);
    let mut days = Vec::new();
    while at < end {
        let next = at + week;
        if offset_seconds(zone, at) != offset_seconds(zone, next) {
            let (mut lo, mut hi) = (at.timestamp(), next.timestamp());
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                let mid_at = DateTime::from_timestamp(mid, 0).unwrap();
                if offset_seconds(zone, mid_at) == offset_seconds(zone, at) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            for side in [lo, hi] {
                let local = DateTime::from_timestamp(side, 0).unwrap().with_timezone(&zone);
                days.push(local.date_naive());
            }
        }
        at = next;
    }
    days.dedup();
    days
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn every_day(start: NaiveTime, end: NaiveTime) -> WeeklyHours {
    let day = vec![WorkInterval { start, end }];
    WeeklyHours::try_from(std::array::from_fn(|_| day.clone())).unwrap()
}

fn grid(zone: Tz, step: u32) -> Grid {
    Grid::new(TimeZone::from(zone), Granularity::try_from(step).unwrap())
}

/// The free starts of one professional working `hours` on `date`, nothing taken, asked
/// long enough before that notice and horizon let the whole day through.
fn starts_on(grid: Grid, date: NaiveDate, hours: &WeeklyHours, minutes: u32) -> Vec<DateTime<Utc>> {
    let treatment = Treatment::new("Limpieza", minutes, 0, Money::new(0, "EUR").unwrap()).unwrap();
    let professional = Professional {
        id: ProfessionalId::new(),
        name: "Dra. Rojas".into(),
        specialty: String::new(),
        treatments: vec![treatment.id],
        weekly_hours: hours.clone(),
        active: true,
    };
    let rules = BookingRules::default();
    let day_start = grid.start_of_day(date);
    let taken = Taken::new(&grid, day_start);
    let request = AvailabilityRequest {
        grid,
        rules: &rules,
        treatment: &treatment,
        professional: &professional,
        time_off: &[],
        taken: &taken,
        chairs: None,
        now: day_start - Duration::days(2),
        from: date,
        to: date,
    };
    free_starts(&request)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_offered_start_is_a_real_on_grid_time_within_the_days_hours(
        zone in 0..TZ_VARIANTS.len(),
        pick in any::<prop::sample::Index>(),
        step in prop::sample::select(STEPS.to_vec()),
        open in 0u32..(20 * 60),
        length in 30u32..(4 * 60),
        minutes in prop::sample::select(vec![15u32, 30, 45, 60, 90]),
    ) {
        let zone = TZ_VARIANTS[zone];
        let days = transition_days(zone);
        prop_assume!(!days.is_empty());
        let date = days[pick.index(days.len())];
        let grid = grid(zone, step);
        let close = (open + length).min(23 * 60 + 59);
        let (start, end) = (time(open / 60, open % 60), time(close / 60, close % 60));
        let (opens, closes) = (grid.instant(date, start), grid.instant(date, end));
        for at in starts_on(grid, date, &every_day(start, end), minutes) {
            let wall = at.with_timezone(&zone).naive_local();
            prop_assert!(grid.is_on_grid(at), "{zone} {date}: {wall} off the {step}-minute grid");
            prop_assert_eq!(wall.date(), date, "{} {}: {} is another day", zone, date, wall);
            prop_assert!(zone.from_local_datetime(&wall).earliest().is_some(), "{zone}: {wall} does not exist");
            prop_assert!(opens <= at && at + Duration::minutes(i64::from(minutes)) <= closes,
                "{zone} {date}: {wall} outside {start}–{end}");
        }
    }

    #[test]
    fn a_wall_clock_time_maps_to_itself_or_to_the_end_of_its_gap(
        zone in 0..TZ_VARIANTS.len(),
        pick in any::<prop::sample::Index>(),
        minute in 0u32..(24 * 60),
    ) {
        let zone = TZ_VARIANTS[zone];
        let days = transition_days(zone);
        prop_assume!(!days.is_empty());
        let date = days[pick.index(days.len())];
        let wall = date.and_time(time(minute / 60, minute % 60));
        let at = grid(zone, 5).instant(date, wall.time());
        let shown = at.with_timezone(&zone).naive_local();
        match zone.from_local_datetime(&wall).earliest() {
            Some(exists) => prop_assert_eq!(at, exists.with_timezone(&Utc)),
            None => {
                let just_before = (at - Duration::seconds(1)).with_timezone(&zone).naive_local();
                prop_assert!(shown > wall && just_before < wall, "{zone}: {wall} → {shown}");
            }
        }
    }
}

#[test]
fn samoa_offers_nothing_on_the_day_it_skipped_and_a_full_day_either_side() {
    let apia = grid(chrono_tz::Pacific::Apia, 30);
    let hours = every_day(time(9, 0), time(13, 0));
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    assert!(starts_on(apia, day("2011-12-30"), &hours, 30).is_empty());
    for either_side in ["2011-12-29", "2011-12-31"] {
        let starts = starts_on(apia, day(either_side), &hours, 30);
        assert_eq!(starts.len(), 8, "{either_side}");
        assert!(starts.iter().all(|s| apia.local_date(*s) == day(either_side)));
    }
}

#[test]
fn manila_offers_nothing_on_the_day_it_skipped_crossing_the_date_line() {
    let manila = grid(chrono_tz::Asia::Manila, 15);
    let hours = every_day(time(8, 0), time(12, 0));
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    assert!(starts_on(manila, day("1844-12-31"), &hours, 60).is_empty());
    let new_year = starts_on(manila, day("1845-01-01"), &hours, 60);
    // LMT +08:04 puts 08:00 local at a whole wall-clock minute: 13 hourly-long starts fit.
    assert_eq!(new_year.len(), 13);
    assert!(new_year.iter().all(|s| manila.is_on_grid(*s)));
}

#[test]
fn every_zone_has_its_offset_changes_found() {
    // The scan the properties sample from finds the famous ones.
    let days = |zone: Tz| {
        transition_days(zone)
            .into_iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
    };
    assert!(days(chrono_tz::Pacific::Apia).contains(&"2011-12-29".to_owned()));
    assert!(days(chrono_tz::Asia::Manila).contains(&"1844-12-30".to_owned()));
    assert!(days(chrono_tz::Asia::Kathmandu).contains(&"1986-01-01".to_owned()));
    assert!(transition_days(chrono_tz::UTC).is_empty());
}
