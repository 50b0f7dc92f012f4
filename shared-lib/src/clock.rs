//! Where "now" comes from, so that expiry and notice can be tested without waiting.

use std::sync::Mutex;

use chrono::{DateTime, Duration, NaiveDate, Utc};

/// A source of the current instant.
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}

/// The system's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that moves only when told to: for tests and simulations.
#[derive(Debug)]
pub struct ManualClock(Mutex<DateTime<Utc>>);

impl ManualClock {
    /// A clock standing at `at`.
    pub fn at(at: DateTime<Utc>) -> Self {
        Self(Mutex::new(at))
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        *self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The system's clock moved by a fixed offset: time flows as usual, but the calendar is
/// another one. Lets a test run as if today were any chosen day.
#[derive(Debug, Clone, Copy)]
pub struct OffsetClock {
    offset: Duration,
}

impl OffsetClock {
    /// A clock `offset` ahead of the system's (behind when negative).
    pub fn new(offset: Duration) -> Self {
        Self { offset }
    }

    /// A clock whose UTC date is `today`, at the system's time of day.
    pub fn today_is(today: NaiveDate) -> Self {
        Self::new(Duration::days((today - Utc::now().date_naive()).num_days()))
    }
}

impl Clock for OffsetClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_offset_clock_keeps_the_time_of_day_on_the_chosen_date() {
        let today: NaiveDate = "2031-07-09".parse().unwrap();
        let now = OffsetClock::today_is(today).now();
        assert_eq!(now.date_naive(), today);
        assert!(
            (now.time() - Utc::now().time()).num_seconds().abs() < 5,
            "the time of day is the system's"
        );
    }

    #[test]
    fn an_offset_clock_flows_with_the_system_clock() {
        let clock = OffsetClock::new(Duration::days(-3));
        let first = clock.now();
        std::thread::sleep(std::time::Duration::from_millis(5));
        let second = clock.now();
        assert!(second > first, "time still flows");
        assert!((Utc::now() - Duration::days(3) - second).num_seconds().abs() < 5);
    }
}
