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
        let mut next = self.ceil_once(at);
        // An offset change between `at` and the candidate (a 30-minute shift such as Lord
        // Howe's, or an old offset with seconds) leaves the wall clock off the grid: round
        // again in the new offset. Offsets hold for far longer than an hour, so a second
        // pass lands; the bound only keeps this total.
        for _ in 0..4 {
            if self.is_on_grid(next) {
                break;
            }
            next = self.ceil_once(next);
        }
        next
    }

    /// One rounding up to the grid in the offset in force at `at`.
    fn ceil_once(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        let local = at.with_timezone(&self.zone);
        let past_minute = i64::from(local.second() > 0 || local.nanosecond() > 0);
        let minute = i64::from(local.minute()) + past_minute;
        let step = i64::from(self.step.minutes());
        let up = (step - minute % step) % step + past_minute;
        at.checked_sub_signed(Duration::seconds(i64::from(local.second())))
            .and_then(|t| t.checked_sub_signed(Duration::nanoseconds(i64::from(local.nanosecond()))))
            .and_then(|floor_minute| floor_minute.checked_add_signed(Duration::minutes(up)))
            // Only within an hour of chrono's last instant, which no request reaches.
            .unwrap_or(at)
    }

    /// The granules `[start, end)` occupies: grid steps from `start`, the last one
    /// containing `end - 1ns`. `start` must be on the grid.
    pub fn granules(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> impl Iterator<Item = DateTime<Utc>> + use<> {
        let step = self.step.duration();
        let mut next = Some(start);
        std::iter::from_fn(move || {
            let this = next.filter(|at| *at < end)?;
            // Past chrono's last instant there is no further granule.
            next = this.checked_add_signed(step);
            Some(this)
        })
    }

    /// The instant of a wall-clock time on a date in the clinic's zone.
    ///
    /// On the autumn DST change a wall-clock time happens twice: the earlier one counts.
    /// A time the zone skips (a spring change, or a whole missing day such as Samoa's
    /// 2011-12-30 or Manila's 1844-12-31) maps to the first instant after the gap. That is
    /// where the professional's day resumes, and it makes a missing day have no starts: its
    /// opening and closing times both map to the same instant. Total for every zone and day.
    pub fn instant(&self, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        let wall = NaiveDateTime::new(date, time);
        match self.zone.from_local_datetime(&wall) {
            LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => at.with_timezone(&Utc),
            // Only at chrono's outer limits is no gap end found; no zone changes there, so
            // the wall clock read as UTC is as near as anything representable.
            LocalResult::None => self.end_of_gap(wall).unwrap_or_else(|| wall.and_utc()),
        }
    }

    /// The first instant whose wall clock is at or after `wall`, a time inside a gap.
    ///
    /// A gap is a transition where the offset grows: the wall clock jumps over `wall`.
    /// Rather than assume a gap's length, bisect on the instants around it: no zone's
    /// offset has reached 16 hours (Manila's −15:56 before 1845 is the widest), so the
    /// instant 18 hours before `wall` read as UTC shows an earlier wall clock and the one
    /// 18 hours after a later one. Transitions fall on whole seconds.
    fn end_of_gap(&self, wall: NaiveDateTime) -> Option<DateTime<Utc>> {
        const REACH: i64 = 18 * 3600;
        let wall_at =
            |secs: i64| DateTime::from_timestamp(secs, 0).map(|t| (t, t.with_timezone(&self.zone).naive_local()));
        let around = wall.and_utc().timestamp();
        let (mut before, mut after) = (around.checked_sub(REACH)?, around.checked_add(REACH)?);
        if wall_at(before)?.1 >= wall || wall_at(after)?.1 < wall {
            return None;
        }
        while after - before > 1 {
            let mid = before + (after - before) / 2;
            if wall_at(mid)?.1 < wall {
                before = mid;
            } else {
                after = mid;
            }
        }
        wall_at(after).map(|(t, _)| t)
    }

    /// The clinic's local date of an instant.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.zone).date_naive()
    }

    /// The clinic's wall-clock date and time of an instant.
    pub fn local(&self, at: DateTime<Utc>) -> chrono::NaiveDateTime {
        at.with_timezone(&self.zone).naive_local()
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

    #[test]
    fn samoa_skipped_2011_12_30_so_every_time_that_day_is_the_next_midnight() {
        // Apia went from UTC−10 to UTC+14 at the end of 2011-12-29: 2011-12-30 never happened.
        let apia = grid("Pacific/Apia", 15);
        let next_midnight = at("2011-12-30T10:00:00Z");
        assert_eq!(apia.start_of_day(day("2011-12-30")), next_midnight);
        assert_eq!(apia.instant(day("2011-12-30"), time(9, 0)), next_midnight);
        assert_eq!(apia.instant(day("2011-12-30"), time(23, 45)), next_midnight);
        assert_eq!(apia.local_date(next_midnight), day("2011-12-31"));
        assert_eq!(apia.start_of_day(day("2011-12-31")), next_midnight);
        assert_eq!(apia.start_of_day(day("2011-12-29")), at("2011-12-29T10:00:00Z"));
    }

    #[test]
    fn manila_skipped_1844_12_31_when_it_crossed_the_date_line() {
        // Manila kept the Americas' side of the date line until 1844: Monday the 30th was
        // followed by Wednesday 1845-01-01 (LMT −15:56:00 to +08:04:00).
        let manila = grid("Asia/Manila", 30);
        let new_year = manila.start_of_day(day("1845-01-01"));
        assert_eq!(manila.start_of_day(day("1844-12-31")), new_year);
        assert_eq!(manila.instant(day("1844-12-31"), time(12, 0)), new_year);
        assert_eq!(manila.local_date(new_year), day("1845-01-01"));
        assert!(manila.start_of_day(day("1844-12-30")) < new_year);
    }

    #[test]
    fn half_hour_changes_keep_starts_on_the_wall_clock_grid() {
        // Lord Howe moves its clocks 30 minutes: 02:00 becomes 02:30 on 2026-10-04.
        let lord_howe = grid("Australia/Lord_Howe", 60);
        let before = lord_howe.instant(day("2026-10-04"), time(1, 50));
        let next = lord_howe.ceil(before);
        assert!(lord_howe.is_on_grid(next), "{next}");
        assert_eq!(next.with_timezone(&lord_howe.zone()).time(), time(3, 0));
        // 02:15 does not exist there that night: it is 02:30, the end of the gap.
        let lost = lord_howe.instant(day("2026-10-04"), time(2, 15));
        assert_eq!(lost.with_timezone(&lord_howe.zone()).time(), time(2, 30));
        // Chatham is UTC+12:45 in winter: 09:00 there is on its own 15-minute grid.
        let chatham = grid("Pacific/Chatham", 15);
        assert!(chatham.is_on_grid(chatham.instant(day("2026-06-01"), time(9, 0))));
    }
}
