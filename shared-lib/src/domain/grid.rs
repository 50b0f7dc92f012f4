//! The clinic's booking grid: wall-clock time in its zone, cut into granules.
//!
//! Start times are multiples of the granularity on the clinic's wall clock; an appointment
//! occupies every granule from its start up to (not including) the end of its buffer,
//! rounded up to the grid. Locking those granules is what makes overlap impossible.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone as _, Timelike, Utc};
use chrono_tz::Tz;

use super::{Granularity, TimeZone};

/// The grid of one clinic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grid {
    zone: Tz,
    step: Granularity,
}

impl Grid {
    /// The grid of a clinic in `zone` that books every `step`.
    pub fn new(zone: TimeZone, step: Granularity) -> Self {
        Self { zone: zone.tz(), step }
    }

    /// The granularity.
    pub const fn step(&self) -> Granularity {
        self.step
    }

    /// The clinic's zone.
    pub const fn zone(&self) -> Tz {
        self.zone
    }

    /// Whether `at` is a start time on the clinic's wall-clock grid.
    pub fn is_on_grid(&self, at: DateTime<Utc>) -> bool {
        let local = at.with_timezone(&self.zone);
        local.second() == 0 && local.nanosecond() == 0 && local.minute().is_multiple_of(self.step.minutes())
    }

    /// The first grid instant at or after `at`.
    pub fn ceil(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        let local = at.with_timezone(&self.zone);
        let past_minute = i64::from(local.second() > 0 || local.nanosecond() > 0);
        let floor_minute =
            at - Duration::seconds(i64::from(local.second())) - Duration::nanoseconds(i64::from(local.nanosecond()));
        let minute = i64::from(local.minute()) + past_minute;
        let step = i64::from(self.step.minutes());
        let up = (step - minute % step) % step + past_minute;
        floor_minute + Duration::minutes(up)
    }

    /// The granules `[start, end)` occupies: grid steps from `start`, the last one
    /// containing `end - 1ns`. `start` must be on the grid.
    pub fn granules(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> impl Iterator<Item = DateTime<Utc>> + use<> {
        let step = self.step.duration();
        let mut next = start;
        std::iter::from_fn(move || {
            (next < end).then(|| {
                let this = next;
                next += step;
                this
            })
        })
    }

    /// The instant of a wall-clock time on a date in the clinic's zone.
    ///
    /// On the autumn DST change a wall-clock time happens twice: the earlier one counts.
    /// On the spring change it may not happen at all: the first instant after the gap counts.
    pub fn instant(&self, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        let wall = NaiveDateTime::new(date, time);
        match self.zone.from_local_datetime(&wall) {
            LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => at.with_timezone(&Utc),
            LocalResult::None => {
                // Gaps are at most two hours; the first wall-clock minute after one exists.
                (1..=180)
                    .map(|m| wall + Duration::minutes(m))
                    .find_map(|w| self.zone.from_local_datetime(&w).earliest())
                    .expect("a DST gap ends within three hours")
                    .with_timezone(&Utc)
            }
        }
    }

    /// The clinic's local date of an instant.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.zone).date_naive()
    }

    /// The first instant of a local date (midnight, or the end of a DST gap at midnight).
    pub fn start_of_day(&self, date: NaiveDate) -> DateTime<Utc> {
        self.instant(date, NaiveTime::MIN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(zone: &str, minutes: u32) -> Grid {
        Grid::new(zone.parse().unwrap(), Granularity::try_from(minutes).unwrap())
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn the_grid_is_on_the_clinics_wall_clock() {
        // Kathmandu is UTC+05:45: 10:00 local is 04:15 UTC, which is on a 60-minute grid there.
        let nepal = grid("Asia/Kathmandu", 60);
        assert!(nepal.is_on_grid(at("2026-03-02T04:15:00Z")));
        assert!(!nepal.is_on_grid(at("2026-03-02T04:00:00Z")));
        assert_eq!(nepal.ceil(at("2026-03-02T04:16:00Z")), at("2026-03-02T05:15:00Z"));
        assert_eq!(nepal.ceil(at("2026-03-02T04:15:00Z")), at("2026-03-02T04:15:00Z"));
        assert_eq!(
            grid("UTC", 15).ceil(at("2026-03-02T04:15:01Z")),
            at("2026-03-02T04:30:00Z")
        );
    }

    #[test]
    fn granules_cover_the_buffer_rounded_up() {
        let g = grid("America/Santiago", 15);
        let start = at("2026-03-02T13:00:00Z");
        let cover: Vec<_> = g.granules(start, start + Duration::minutes(40)).collect();
        assert_eq!(cover, [start, at("2026-03-02T13:15:00Z"), at("2026-03-02T13:30:00Z")]);
    }

    #[test]
    fn on_the_autumn_change_the_earlier_wall_clock_time_counts() {
        // Madrid falls back at 03:00 CEST to 02:00 CET on 2026-10-25: 02:30 happens twice.
        let madrid = grid("Europe/Madrid", 15);
        assert_eq!(
            madrid.instant(day("2026-10-25"), time(2, 30)),
            at("2026-10-25T00:30:00Z")
        );
        assert_eq!(
            madrid.instant(day("2026-10-25"), time(9, 0)),
            at("2026-10-25T08:00:00Z")
        );
        assert_eq!(
            madrid.instant(day("2026-10-24"), time(9, 0)),
            at("2026-10-24T07:00:00Z")
        );
    }

    #[test]
    fn a_wall_clock_time_lost_in_the_spring_gap_moves_to_the_gaps_end() {
        // Santiago springs forward at 00:00 on 2026-09-06: the day starts at 01:00 local.
        let santiago = grid("America/Santiago", 15);
        assert_eq!(santiago.start_of_day(day("2026-09-06")), at("2026-09-06T04:00:00Z"));
        assert_eq!(
            santiago.instant(day("2026-09-06"), time(0, 30)),
            at("2026-09-06T04:00:00Z")
        );
        assert_eq!(santiago.local_date(at("2026-09-06T04:00:00Z")), day("2026-09-06"));
    }
}
