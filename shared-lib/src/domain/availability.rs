//! Free start times: weekly hours − time off − taken granules, on the clinic's grid.
//!
//! Pure: the caller reads the inputs (one range query per professional and per chair) and
//! this decides. It must answer a month for every professional of a clinic in milliseconds,
//! so taken granules are a bitset over the requested range, not a hash set.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::{BookingRules, Grid, Professional, TimeOff, Treatment};

/// The granules already taken on one resource (a professional or a chair) within a range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    base: DateTime<Utc>,
    step_seconds: i64,
    bits: Vec<u64>,
}

impl Taken {
    /// Nothing taken yet, for granules from `base` (a grid instant) onwards.
    pub fn new(grid: &Grid, base: DateTime<Utc>) -> Self {
        Self {
            base,
            step_seconds: grid.step().duration().num_seconds(),
            bits: Vec::new(),
        }
    }

    fn slot(&self, granule: DateTime<Utc>) -> Option<usize> {
        let offset = (granule - self.base).num_seconds();
        (offset >= 0).then(|| (offset / self.step_seconds) as usize)
    }

    /// Marks the granule starting at `granule` as taken (ignored before the base).
    pub fn insert(&mut self, granule: DateTime<Utc>) {
        if let Some(slot) = self.slot(granule) {
            if self.bits.len() <= slot / 64 {
                self.bits.resize(slot / 64 + 1, 0);
            }
            self.bits[slot / 64] |= 1 << (slot % 64);
        }
    }

    /// Whether the granule starting at `granule` is taken.
    pub fn contains(&self, granule: DateTime<Utc>) -> bool {
        self.slot(granule).is_some_and(|slot| {
            self.bits
                .get(slot / 64)
                .is_some_and(|word| word & (1 << (slot % 64)) != 0)
        })
    }

    /// Whether `count` consecutive granules from `first` are all free.
    fn run_is_free(&self, first: DateTime<Utc>, count: usize) -> bool {
        let Some(start) = self.slot(first) else { return false };
        (start..start + count).all(|slot| {
            self.bits
                .get(slot / 64)
                .is_none_or(|word| word & (1 << (slot % 64)) == 0)
        })
    }
}

/// Everything availability needs to know about one professional and one treatment.
#[derive(Debug, Clone)]
pub struct AvailabilityRequest<'a> {
    /// The clinic's grid.
    pub grid: Grid,
    /// The clinic's notice and horizon.
    pub rules: &'a BookingRules,
    /// What is being booked.
    pub treatment: &'a Treatment,
    /// Who would treat.
    pub professional: &'a Professional,
    /// Their absences and the clinic's closures (others are ignored).
    pub time_off: &'a [TimeOff],
    /// The professional's taken granules.
    pub taken: &'a Taken,
    /// When the clinic schedules chairs: the taken granules of every chair that hosts the
    /// treatment (empty: no chair can host it, so nothing is free). `None`: no chairs.
    pub chairs: Option<&'a [Taken]>,
    /// The current instant (notice and horizon count from it).
    pub now: DateTime<Utc>,
    /// First local date, inclusive.
    pub from: NaiveDate,
    /// Last local date, inclusive.
    pub to: NaiveDate,
}

/// The start times at which the professional (and a chair, when the clinic uses them) is
/// free for the whole treatment and its buffer, in time order.
pub fn free_starts(request: &AvailabilityRequest<'_>) -> Vec<DateTime<Utc>> {
    let AvailabilityRequest {
        grid,
        rules,
        treatment,
        professional,
        ..
    } = request;
    if !treatment.active || !professional.performs(treatment.id) {
        return Vec::new();
    }
    let occupied = treatment.duration() + treatment.buffer();
    let granules = granule_count(occupied, grid.step().duration());
    let earliest = grid.ceil(rules.earliest_start(request.now));
    let latest = rules.latest_start(request.now);
    let absences: Vec<&TimeOff> = request
        .time_off
        .iter()
        .filter(|t| t.applies_to(professional.id))
        .collect();
    let mut starts = Vec::new();
    for date in request.from.iter_days().take_while(|d| *d <= request.to) {
        for interval in professional.weekly_hours.on(date.weekday()) {
            // A day the zone skips maps both ends to the instant after the gap: no starts.
            let open = grid.instant(date, interval.start);
            let close = grid.instant(date, interval.end);
            let mut start = grid.ceil(open.max(earliest));
            // Checked: the engine passes era dates, but this pure function takes any date.
            while let Some(end) = start.checked_add_signed(occupied)
                && end <= close
                && start <= latest
            {
                let away = absences.iter().any(|t| t.start < end && start < t.end);
                let chair_free = request
                    .chairs
                    .is_none_or(|chairs| chairs.iter().any(|c| c.run_is_free(start, granules)));
                // A fold back over midnight would put a start on the previous local day,
                // whose hours the booking check would then apply: offer only this day's.
                let this_day = grid.local_date(start) == date;
                if this_day && !away && chair_free && request.taken.run_is_free(start, granules) {
                    starts.push(start);
                }
                // Re-rounded, as an offset change of less than a step leaves the grid.
                let Some(next) = start.checked_add_signed(grid.step().duration()) else {
                    break;
                };
                start = grid.ceil(next);
            }
        }
    }
    starts
}

/// How many granules an appointment of `occupied` length covers.
pub fn granule_count(occupied: Duration, step: Duration) -> usize {
    let (occupied, step) = (occupied.num_seconds(), step.num_seconds());
    ((occupied + step - 1) / step) as usize
}
