//! Properties of the pure availability function and the granule grid, across the DST
//! changes of the zones Turnaki's clinics are in.

use chrono::{DateTime, Duration, NaiveDate, Timelike, Utc};
use proptest::prelude::*;
use turnaki_shared::domain::{
    AvailabilityRequest, BookingRules, Granularity, Grid, Money, Professional, Taken, TimeZone, Treatment, WeeklyHours,
    WorkInterval, free_starts, granule_count,
};
use turnaki_shared::ids::ProfessionalId;

const ZONES: [&str; 3] = ["America/Santiago", "Europe/Madrid", "America/Mexico_City"];
/// Days around the 2026 DST changes of those zones (Mexico City no longer changes).
const DST_DAYS: [&str; 5] = ["2026-04-05", "2026-09-06", "2026-03-29", "2026-10-25", "2026-04-05"];

fn hours(days: &[usize], from: (u32, u32), to: (u32, u32)) -> WeeklyHours {
    let t = |(h, m): (u32, u32)| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap();
    let mut week: [Vec<WorkInterval>; 7] = Default::default();
    for &d in days {
        week[d] = vec![WorkInterval {
            start: t(from),
            end: t(to),
        }];
    }
    WeeklyHours::try_from(week).unwrap()
}

fn grid(zone: &str, step: u32) -> Grid {
    Grid::new(zone.parse::<TimeZone>().unwrap(), Granularity::try_from(step).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_offered_start_overlaps_a_taken_granule(
        zone in 0..ZONES.len(),
        step in prop::sample::select(vec![5u32, 10, 15, 20, 30, 60]),
        duration in 5u32..=120,
        buffer in 0u32..=30,
        taken_slots in prop::collection::vec(0usize..400, 0..60),
        day in 0..DST_DAYS.len(),
    ) {
        let grid = grid(ZONES[zone], step);
        let date: NaiveDate = DST_DAYS[day].parse().unwrap();
        let from = date - Duration::days(1);
        let to = date + Duration::days(1);
        let base = grid.start_of_day(from);
        let mut taken = Taken::new(&grid, base);
        let mut taken_instants = Vec::new();
        for slot in taken_slots {
            let at = base + grid.step().duration() * slot as i32;
            taken.insert(at);
            taken_instants.push(at);
        }
        let treatment = Treatment::new("T", duration, buffer, Money::new(0, "EUR").unwrap()).unwrap();
        let professional = Professional {
            id: ProfessionalId::new(),
            name: "P".into(),
            specialty: String::new(),
            treatments: vec![treatment.id],
            weekly_hours: hours(&[0, 1, 2, 3, 4, 5, 6], (0, 0), (23, 0)),
            active: true,
        };
        let rules = BookingRules::default();
        let request = AvailabilityRequest {
            grid, rules: &rules, treatment: &treatment, professional: &professional, time_off: &[],
            taken: &taken, chairs: None, now: base - Duration::days(2), from, to,
        };
        let occupied = treatment.duration() + treatment.buffer();
        for start in free_starts(&request) {
            prop_assert!(grid.is_on_grid(start));
            for t in &taken_instants {
                prop_assert!(!(start <= *t && *t < start + occupied), "{start} overlaps taken granule {t}");
            }
        }
    }

    #[test]
    fn granule_cover_is_exact_across_dst_changes(
        zone in 0..ZONES.len(),
        day in 0..DST_DAYS.len(),
        step in prop::sample::select(vec![5u32, 10, 15, 30, 60]),
        offset_steps in 0i64..(3 * 24 * 12),
        occupied_minutes in 5i64..=600,
    ) {
        let grid = grid(ZONES[zone], step);
        let date: NaiveDate = DST_DAYS[day].parse().unwrap();
        let start = grid.ceil(grid.start_of_day(date - Duration::days(1)) + Duration::minutes(offset_steps * 5));
        let end = start + Duration::minutes(occupied_minutes);
        let cover: Vec<DateTime<Utc>> = grid.granules(start, end).collect();
        prop_assert_eq!(cover.len(), granule_count(end - start, grid.step().duration()));
        prop_assert_eq!(cover[0], start);
        prop_assert!(cover.windows(2).all(|w| w[1] - w[0] == grid.step().duration()));
        let last = *cover.last().unwrap();
        prop_assert!(last < end && end <= last + grid.step().duration());
        // Every granule is on the wall-clock grid too: DST moves clocks by whole hours.
        prop_assert!(cover.iter().all(|g| grid.is_on_grid(*g)));
    }

    #[test]
    fn offered_starts_lie_within_local_working_hours_on_dst_days(
        zone in 0..ZONES.len(),
        day in 0..DST_DAYS.len(),
        duration in prop::sample::select(vec![15u32, 30, 45, 60]),
    ) {
        let grid = grid(ZONES[zone], 15);
        let date: NaiveDate = DST_DAYS[day].parse().unwrap();
        let treatment = Treatment::new("T", duration, 0, Money::new(0, "EUR").unwrap()).unwrap();
        let professional = Professional {
            id: ProfessionalId::new(),
            name: "P".into(),
            specialty: String::new(),
            treatments: vec![treatment.id],
            weekly_hours: hours(&[0, 1, 2, 3, 4, 5, 6], (0, 30), (10, 0)),
            active: true,
        };
        let rules = BookingRules::default();
        let taken = Taken::new(&grid, grid.start_of_day(date));
        let request = AvailabilityRequest {
            grid, rules: &rules, treatment: &treatment, professional: &professional, time_off: &[],
            taken: &taken, chairs: None, now: grid.start_of_day(date) - Duration::days(3), from: date, to: date,
        };
        let starts = free_starts(&request);
        prop_assert!(!starts.is_empty());
        for start in &starts {
            let local = start.with_timezone(&grid.zone());
            let end = (*start + treatment.duration()).with_timezone(&grid.zone());
            prop_assert_eq!(local.date_naive(), date);
            let minutes = |h: u32, m: u32| h * 60 + m;
            prop_assert!(minutes(local.hour(), local.minute()) >= 30 || local.hour() >= 1, "{local} before 00:30");
            prop_assert!(minutes(end.hour(), end.minute()) <= 600, "{local} ends after 10:00 local");
        }
        // Consecutive offers are one grid step apart in real time, across the change too.
        prop_assert!(starts.windows(2).all(|w| w[1] - w[0] == Duration::minutes(15)));
    }
}
