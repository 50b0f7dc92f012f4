//! The calendar's geometry, free of the browser: which days a view shows, which hours the
//! day grid spans, and where each booking is drawn. Everything is placed by the clinic's
//! wall clock (through [`crate::time::to_local`]), so on a day with a DST change a 10:00
//! visit still sits beside the 10:00 label.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use turnaki_shared::domain::WeeklyHours;

use crate::time::to_local;

const MINUTES_PER_DAY: i64 = 24 * 60;

/// How much of the calendar is shown at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// One day, a column per professional or chair.
    #[default]
    Day,
    /// Monday to Sunday, a column per day.
    Week,
}

impl Scope {
    /// The first and last day shown around `date`: the calendar query's `from` and `to`.
    pub fn range(self, date: NaiveDate) -> (NaiveDate, NaiveDate) {
        match self {
            Self::Day => (date, date),
            Self::Week => {
                let week = week_of(date);
                (week[0], week[6])
            }
        }
    }

    /// The date `steps` days or weeks away; negative steps go back.
    pub fn step(self, date: NaiveDate, steps: i64) -> NaiveDate {
        let days = match self {
            Self::Day => steps,
            Self::Week => 7 * steps,
        };
        date + Duration::days(days)
    }
}

/// Monday to Sunday of the week containing `date`.
pub fn week_of(date: NaiveDate) -> [NaiveDate; 7] {
    let monday = date - Duration::days(date.weekday().num_days_from_monday().into());
    std::array::from_fn(|i| monday + Duration::days(i as i64))
}

/// The hours the day grid shows, `[first, last)` on the clinic's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HourSpan {
    /// The first hour labelled.
    pub first: u32,
    /// The hour the grid ends at (24 for midnight).
    pub last: u32,
}

impl HourSpan {
    /// What a day shows when nobody's hours are known.
    pub const DEFAULT: Self = Self { first: 8, last: 20 };

    /// The grid's height in minutes.
    pub fn minutes(self) -> i64 {
        i64::from(self.last - self.first) * 60
    }

    /// The hours to label.
    pub fn hours(self) -> std::ops::Range<u32> {
        self.first..self.last
    }
}

/// When `start` and `end` fall on the clinic's clock, in minutes from the midnight that
/// begins `day` (a visit ending at midnight ends at 1440; one on another day falls
/// outside 0–1440).
pub fn wall_minutes(zone: &str, day: NaiveDate, start: DateTime<Utc>, end: DateTime<Utc>) -> (i64, i64) {
    let midnight = day.and_time(NaiveTime::MIN);
    let since = |at| (to_local(zone, at) - midnight).num_minutes();
    (since(start), since(end))
}

/// The working intervals of everyone in `hours` on the weekdays of `days`, in minutes
/// from midnight.
pub fn working_minutes<'a>(hours: impl IntoIterator<Item = &'a WeeklyHours>, days: &[NaiveDate]) -> Vec<(i64, i64)> {
    let minute = |t: NaiveTime| (t - NaiveTime::MIN).num_minutes();
    hours
        .into_iter()
        .flat_map(|week| days.iter().flat_map(|day| week.on(day.weekday())))
        .map(|interval| (minute(interval.start), minute(interval.end)))
        .collect()
}

/// The whole hours that cover the working time (08–20 when none is known) and every
/// booking in `busy`, both in minutes from midnight.
pub fn hour_span(work: &[(i64, i64)], busy: &[(i64, i64)]) -> HourSpan {
    let default = (
        i64::from(HourSpan::DEFAULT.first) * 60,
        i64::from(HourSpan::DEFAULT.last) * 60,
    );
    let hull = |base: (i64, i64), ranges: &[(i64, i64)]| {
        ranges
            .iter()
            .fold(base, |(lo, hi), &(start, end)| (lo.min(start), hi.max(end)))
    };
    let base = match work.split_first() {
        None => default,
        Some((first, rest)) => hull(*first, rest),
    };
    let (lo, hi) = hull(base, busy);
    let first = lo.clamp(0, MINUTES_PER_DAY) / 60;
    let last = (hi.clamp(0, MINUTES_PER_DAY) + 59) / 60;
    HourSpan {
        first: first as u32,
        last: last.max(first + 1) as u32,
    }
}

/// A booking as the day grid needs it: its time and the column it belongs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<K> {
    /// First instant with the patient.
    pub start: DateTime<Utc>,
    /// Instant the patient leaves.
    pub end: DateTime<Utc>,
    /// The professional or chair whose column it goes in.
    pub column: K,
}

/// Where one entry is drawn in the day grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// The entry's index in the list laid out.
    pub entry: usize,
    /// The column's index.
    pub column: usize,
    /// Minutes below the grid's first hour.
    pub top: i64,
    /// Height in minutes.
    pub height: i64,
    /// Which of `lanes` side-by-side slots it takes, from the left.
    pub lane: usize,
    /// How many entries overlap here, so how narrow each is.
    pub lanes: usize,
}

/// Places the entries that start on `day` in their `columns`, clipped to `span`; entries of
/// other days or of columns not shown are left out. Overlapping entries of one column
/// (a cancelled visit and the one that took its time) share it side by side.
pub fn lay_out_day<K: PartialEq>(
    entries: &[Entry<K>],
    columns: &[K],
    zone: &str,
    day: NaiveDate,
    span: HourSpan,
) -> Vec<Block> {
    let origin = i64::from(span.first) * 60;
    let mut blocks = Vec::new();
    for (column, key) in columns.iter().enumerate() {
        let mut mine: Vec<(usize, i64, i64)> = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.column == *key)
            .map(|(i, e)| {
                let (start, end) = wall_minutes(zone, day, e.start, e.end);
                (i, start, end)
            })
            .filter(|(_, start, _)| (0..MINUTES_PER_DAY).contains(start))
            .collect();
        mine.sort_by_key(|&(i, start, end)| (start, std::cmp::Reverse(end), i));
        let lanes = share_lanes(&mine);
        blocks.extend(mine.iter().zip(lanes).map(|(&(entry, start, end), (lane, lanes))| {
            let top = (start - origin).clamp(0, span.minutes());
            let bottom = (end - origin).clamp(top, span.minutes());
            Block {
                entry,
                column,
                top,
                height: bottom - top,
                lane,
                lanes,
            }
        }));
    }
    blocks
}

/// Lanes for entries sorted by start: each takes the leftmost lane free at its start, and
/// every entry of a cluster of overlapping ones learns how many lanes the cluster needs.
fn share_lanes(sorted: &[(usize, i64, i64)]) -> Vec<(usize, usize)> {
    let mut placed = vec![(0, 1); sorted.len()];
    let mut cluster_start = 0;
    let mut cluster_end = i64::MIN;
    let mut lane_ends: Vec<i64> = Vec::new();
    for (k, &(_, start, end)) in sorted.iter().enumerate() {
        if start >= cluster_end {
            close_cluster(&mut placed[cluster_start..k], lane_ends.len());
            lane_ends.clear();
            cluster_start = k;
        }
        let lane = match lane_ends.iter().position(|&busy_until| busy_until <= start) {
            Some(free) => free,
            None => {
                lane_ends.push(end);
                lane_ends.len() - 1
            }
        };
        lane_ends[lane] = end;
        placed[k].0 = lane;
        cluster_end = cluster_end.max(end);
    }
    close_cluster(&mut placed[cluster_start..], lane_ends.len());
    placed
}

fn close_cluster(cluster: &mut [(usize, usize)], lanes: usize) {
    for slot in cluster {
        slot.1 = lanes.max(1);
    }
}

/// For each of `days`, the indices of the `starts` falling on it by the clinic's clock,
/// earliest first.
pub fn by_day(starts: &[DateTime<Utc>], zone: &str, days: &[NaiveDate]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..starts.len()).collect();
    order.sort_by_key(|&i| starts[i]);
    days.iter()
        .map(|day| {
            order
                .iter()
                .copied()
                .filter(|&i| to_local(zone, starts[i]).date() == *day)
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SANTIAGO: &str = "America/Santiago";

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn entry<K>(start: &str, end: &str, column: K) -> Entry<K> {
        Entry {
            start: at(start),
            end: at(end),
            column,
        }
    }

    #[test]
    fn a_45_minute_cleaning_at_ten_in_santiago_sits_120_minutes_below_eight_and_is_45_tall() {
        // In November Santiago is on summer time, UTC−3: 10:00 there is 13:00Z.
        let cleaning = entry("2026-11-25T13:00:00Z", "2026-11-25T13:45:00Z", "ana");
        let blocks = lay_out_day(&[cleaning], &["ana"], SANTIAGO, date("2026-11-25"), HourSpan::DEFAULT);
        assert_eq!(
            blocks,
            vec![Block {
                entry: 0,
                column: 0,
                top: 120,
                height: 45,
                lane: 0,
                lanes: 1
            }]
        );
    }

    #[test]
    fn two_overlapping_bookings_in_one_column_share_it_side_by_side() {
        // Ana's 10:00 was cancelled and Luis took 10:15; the 11:00 visit stands alone.
        let day = [
            entry("2026-11-25T13:00:00Z", "2026-11-25T13:45:00Z", "ana"),
            entry("2026-11-25T13:15:00Z", "2026-11-25T13:45:00Z", "ana"),
            entry("2026-11-25T14:00:00Z", "2026-11-25T14:30:00Z", "ana"),
        ];
        let blocks = lay_out_day(&day, &["ana"], SANTIAGO, date("2026-11-25"), HourSpan::DEFAULT);
        let lanes: Vec<_> = blocks.iter().map(|b| (b.entry, b.lane, b.lanes)).collect();
        assert_eq!(lanes, vec![(0, 0, 2), (1, 1, 2), (2, 0, 1)]);
    }

    #[test]
    fn a_visit_that_ends_as_the_next_begins_keeps_the_full_width() {
        let day = [
            entry("2026-11-25T13:00:00Z", "2026-11-25T13:30:00Z", "ana"),
            entry("2026-11-25T13:30:00Z", "2026-11-25T14:00:00Z", "ana"),
        ];
        let blocks = lay_out_day(&day, &["ana"], SANTIAGO, date("2026-11-25"), HourSpan::DEFAULT);
        assert!(blocks.iter().all(|b| b.lane == 0 && b.lanes == 1));
    }

    #[test]
    fn each_professional_gets_a_column_and_other_days_stay_off_the_grid() {
        let bookings = [
            entry("2026-11-25T13:00:00Z", "2026-11-25T13:45:00Z", "luis"),
            entry("2026-11-25T12:00:00Z", "2026-11-25T12:30:00Z", "ana"),
            entry("2026-11-26T13:00:00Z", "2026-11-26T13:30:00Z", "ana"),
            entry("2026-11-25T15:00:00Z", "2026-11-25T15:30:00Z", "filtered-out"),
        ];
        let blocks = lay_out_day(
            &bookings,
            &["ana", "luis"],
            SANTIAGO,
            date("2026-11-25"),
            HourSpan::DEFAULT,
        );
        let placed: Vec<_> = blocks.iter().map(|b| (b.entry, b.column, b.top)).collect();
        assert_eq!(placed, vec![(1, 0, 60), (0, 1, 120)]);
    }

    #[test]
    fn in_the_chair_view_a_booking_without_a_chair_goes_to_the_unassigned_column() {
        let bookings = [
            entry("2026-11-25T13:00:00Z", "2026-11-25T13:45:00Z", Some("box-1")),
            entry("2026-11-25T13:00:00Z", "2026-11-25T13:30:00Z", None),
        ];
        let columns = [Some("box-1"), Some("box-2"), None];
        let blocks = lay_out_day(&bookings, &columns, SANTIAGO, date("2026-11-25"), HourSpan::DEFAULT);
        let placed: Vec<_> = blocks.iter().map(|b| (b.entry, b.column)).collect();
        assert_eq!(placed, vec![(0, 0), (1, 2)]);
    }

    #[test]
    fn a_ten_oclock_visit_stays_at_ten_on_the_day_santiago_changes_its_clocks() {
        // Clocks jump from 00:00 to 01:00 on 6 September 2026: 10:00 is 14:00Z the day
        // before and 13:00Z on the day, yet both sit beside the 10:00 label.
        for (day, start, end) in [
            ("2026-09-05", "2026-09-05T14:00:00Z", "2026-09-05T14:45:00Z"),
            ("2026-09-06", "2026-09-06T13:00:00Z", "2026-09-06T13:45:00Z"),
        ] {
            let blocks = lay_out_day(&[entry(start, end, ())], &[()], SANTIAGO, date(day), HourSpan::DEFAULT);
            assert_eq!((blocks[0].top, blocks[0].height), (120, 45), "{day}");
        }
    }

    #[test]
    fn a_booking_across_the_dst_change_is_placed_by_wall_clock() {
        // Madrid skips 02:00–03:00 on 29 March 2026: a visit from 00:30Z to 01:30Z reads
        // 01:30–03:30 on the wall, and is drawn over the two hour lines it spans there.
        let night = entry("2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z", ());
        let day = date("2026-03-29");
        let (start, end) = wall_minutes("Europe/Madrid", day, night.start, night.end);
        let span = hour_span(&[], &[(start, end)]);
        assert_eq!(span, HourSpan { first: 1, last: 20 });
        let blocks = lay_out_day(&[night], &[()], "Europe/Madrid", day, span);
        assert_eq!((blocks[0].top, blocks[0].height), (30, 120));
    }

    #[test]
    fn with_no_hours_known_the_day_runs_from_eight_to_eight() {
        assert_eq!(hour_span(&[], &[]), HourSpan::DEFAULT);
        assert_eq!(HourSpan::DEFAULT.minutes(), 720);
        assert_eq!(HourSpan::DEFAULT.hours().count(), 12);
    }

    #[test]
    fn a_split_shift_sets_the_hours_and_a_late_booking_stretches_them() {
        let hours: WeeklyHours = serde_json::from_str(
            r#"[[],[],[{"start":"09:00:00","end":"13:30:00"},{"start":"15:00:00","end":"19:00:00"}],[],[],[],[]]"#,
        )
        .unwrap();
        let wednesday = [date("2026-11-25")];
        let work = working_minutes([&hours], &wednesday);
        assert_eq!(hour_span(&work, &[]), HourSpan { first: 9, last: 19 });
        assert_eq!(
            hour_span(&work, &[(19 * 60, 20 * 60 + 15)]),
            HourSpan { first: 9, last: 21 }
        );
        assert_eq!(
            hour_span(&work, &[(7 * 60 + 30, 8 * 60)]),
            HourSpan { first: 7, last: 19 }
        );
        assert!(
            working_minutes([&hours], &[date("2026-11-26")]).is_empty(),
            "free on Thursday"
        );
    }

    #[test]
    fn a_visit_running_to_midnight_ends_the_grid_at_24() {
        assert_eq!(hour_span(&[], &[(23 * 60, 24 * 60)]), HourSpan { first: 8, last: 24 });
    }

    #[test]
    fn the_week_of_wednesday_25_nov_2026_runs_mon_23_to_sun_29() {
        let week = week_of(date("2026-11-25"));
        assert_eq!((week[0], week[6]), (date("2026-11-23"), date("2026-11-29")));
        assert_eq!(
            Scope::Week.range(date("2026-11-29")),
            (date("2026-11-23"), date("2026-11-29"))
        );
        assert_eq!(
            week_of(date("2026-12-31"))[6],
            date("2027-01-03"),
            "across the new year"
        );
    }

    #[test]
    fn next_and_previous_move_by_a_day_or_a_week() {
        let sunday = date("2026-11-29");
        assert_eq!(Scope::Day.step(sunday, 1), date("2026-11-30"));
        assert_eq!(Scope::Day.step(sunday, -1), date("2026-11-28"));
        assert_eq!(Scope::Week.step(date("2026-11-25"), -1), date("2026-11-18"));
        assert_eq!(Scope::Day.range(sunday), (sunday, sunday));
    }

    #[test]
    fn a_late_visit_belongs_to_its_santiago_day_though_utc_has_moved_on() {
        // 23:30 on Monday 23 November in Santiago is 02:30Z on Tuesday.
        let starts = [
            at("2026-11-24T13:00:00Z"),
            at("2026-11-24T02:30:00Z"),
            at("2026-11-23T12:00:00Z"),
        ];
        let days = by_day(&starts, SANTIAGO, &week_of(date("2026-11-23")));
        assert_eq!(days[0], vec![2, 1]);
        assert_eq!(days[1], vec![0]);
        assert!(days[2..].iter().all(Vec::is_empty));
    }
}
