//! Weekly hours as the admin types them: seven days, Monday first, each a list of
//! `HH:MM` intervals in the clinic's zone. Checked here before the server sees them, so
//! a typo is named with its day while the admin is still looking at it.

use chrono::{NaiveTime, Weekday};
use turnaki_shared::api::resources::IntervalInput;
use turnaki_shared::domain::WeeklyHours;

use crate::i18n::Lang;

/// One interval as typed (`type="time"` gives `HH:MM`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Span {
    /// From, `HH:MM`.
    pub start: String,
    /// Until, `HH:MM`.
    pub end: String,
}

/// A week as typed, Monday first; an empty day is closed.
pub type Week = [Vec<Span>; 7];

/// What is wrong with one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    /// Interval `index` (from 0) lacks a start or an end.
    Blank(usize),
    /// Interval `index` ends before it starts, or when it starts.
    Backwards(usize),
    /// Two intervals share time; both as `HH:MM–HH:MM`, earlier first.
    Overlap(String, String),
}

/// A trouble and the day it is on (0 = Monday).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayTrouble {
    /// 0 = Monday … 6 = Sunday.
    pub day: usize,
    /// What is wrong.
    pub trouble: Trouble,
}

/// The weekday's name, Monday = 0.
pub fn day_name(lang: Lang, day: usize) -> &'static str {
    const ES: [&str; 7] = ["Lunes", "Martes", "Miércoles", "Jueves", "Viernes", "Sábado", "Domingo"];
    const EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    lang.pick(ES, EN)[day % 7]
}

/// The week a professional already has, ready to edit.
pub fn from_hours(hours: &WeeklyHours) -> Week {
    let mut week = Week::default();
    for (day, spans) in week.iter_mut().enumerate() {
        let weekday = Weekday::try_from(day as u8).unwrap_or(Weekday::Mon);
        *spans = hours
            .on(weekday)
            .iter()
            .map(|i| Span {
                start: i.start.format("%H:%M").to_string(),
                end: i.end.format("%H:%M").to_string(),
            })
            .collect();
    }
    week
}

/// Monday's intervals, copied to Tuesday through Friday (the weekend keeps its own).
pub fn copy_monday(week: &mut Week) {
    let monday = week[0].clone();
    for day in &mut week[1..5] {
        day.clone_from(&monday);
    }
}

/// The week in the API's shape, sorted by start, or every day's first trouble.
pub fn check(week: &Week) -> Result<Vec<Vec<IntervalInput>>, Vec<DayTrouble>> {
    let mut troubles = Vec::new();
    let mut days = Vec::with_capacity(7);
    for (day, spans) in week.iter().enumerate() {
        match check_day(spans) {
            Ok(intervals) => days.push(intervals),
            Err(trouble) => troubles.push(DayTrouble { day, trouble }),
        }
    }
    if troubles.is_empty() { Ok(days) } else { Err(troubles) }
}

fn check_day(spans: &[Span]) -> Result<Vec<IntervalInput>, Trouble> {
    let mut times = Vec::with_capacity(spans.len());
    for (index, span) in spans.iter().enumerate() {
        let (Some(start), Some(end)) = (time(&span.start), time(&span.end)) else {
            return Err(Trouble::Blank(index));
        };
        if end <= start {
            return Err(Trouble::Backwards(index));
        }
        times.push((start, end));
    }
    times.sort();
    let show = |(s, e): &(NaiveTime, NaiveTime)| format!("{}–{}", s.format("%H:%M"), e.format("%H:%M"));
    if let Some(pair) = times.windows(2).find(|pair| pair[1].0 < pair[0].1) {
        return Err(Trouble::Overlap(show(&pair[0]), show(&pair[1])));
    }
    Ok(times
        .iter()
        .map(|(s, e)| IntervalInput {
            start: s.format("%H:%M").to_string(),
            end: e.format("%H:%M").to_string(),
        })
        .collect())
}

/// `HH:MM`, or `HH:MM:SS` from browsers that add seconds.
fn time(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .ok()
}

/// The trouble in words, naming the day and the interval (counted from 1, as people do).
pub fn describe(lang: Lang, found: &DayTrouble) -> String {
    let day = day_name(lang, found.day);
    match &found.trouble {
        Trouble::Blank(i) => lang.pick(
            format!("{day}: al intervalo {} le falta la hora de inicio o de término.", i + 1),
            format!("{day}: interval {} needs both a start and an end.", i + 1),
        ),
        Trouble::Backwards(i) => lang.pick(
            format!("{day}: el intervalo {} debe terminar después de empezar.", i + 1),
            format!("{day}: interval {} must end after it starts.", i + 1),
        ),
        Trouble::Overlap(first, second) => lang.pick(
            format!("{day}: {first} se cruza con {second}."),
            format!("{day}: {first} overlaps {second}."),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: &str, end: &str) -> Span {
        Span {
            start: start.into(),
            end: end.into(),
        }
    }

    fn week_with(day: usize, spans: Vec<Span>) -> Week {
        let mut week = Week::default();
        week[day] = spans;
        week
    }

    #[test]
    fn a_lunch_break_splits_monday_into_two_intervals() {
        let week = week_with(0, vec![span("09:00", "13:00"), span("14:00", "18:00")]);
        let days = check(&week).unwrap();
        let monday: Vec<_> = days[0].iter().map(|i| (i.start.as_str(), i.end.as_str())).collect();
        assert_eq!(monday, [("09:00", "13:00"), ("14:00", "18:00")]);
        assert!(days[1..].iter().all(Vec::is_empty), "the other days stay closed");
    }

    #[test]
    fn overlapping_intervals_are_refused_with_the_day_named() {
        let week = week_with(1, vec![span("09:00", "13:00"), span("12:00", "14:00")]);
        let troubles = check(&week).unwrap_err();
        assert_eq!(
            troubles,
            [DayTrouble {
                day: 1,
                trouble: Trouble::Overlap("09:00–13:00".into(), "12:00–14:00".into())
            }]
        );
        assert_eq!(
            describe(Lang::En, &troubles[0]),
            "Tuesday: 09:00–13:00 overlaps 12:00–14:00."
        );
        assert!(describe(Lang::Es, &troubles[0]).starts_with("Martes"));
    }

    #[test]
    fn intervals_typed_out_of_order_are_sent_sorted_and_touching_ones_are_fine() {
        let week = week_with(4, vec![span("15:00", "19:00"), span("09:00", "15:00")]);
        let friday: Vec<_> = check(&week).unwrap()[4].iter().map(|i| i.start.clone()).collect();
        assert_eq!(friday, ["09:00", "15:00"]);
    }

    #[test]
    fn an_interval_that_ends_before_it_starts_is_refused() {
        let week = week_with(2, vec![span("18:00", "09:00")]);
        let troubles = check(&week).unwrap_err();
        assert_eq!(troubles[0].trouble, Trouble::Backwards(0));
        assert_eq!(
            describe(Lang::En, &troubles[0]),
            "Wednesday: interval 1 must end after it starts."
        );
    }

    #[test]
    fn a_half_typed_interval_is_refused_rather_than_dropped() {
        let week = week_with(5, vec![span("09:00", "")]);
        assert_eq!(check(&week).unwrap_err()[0].trouble, Trouble::Blank(0));
    }

    #[test]
    fn each_bad_day_is_reported_at_once() {
        let mut week = week_with(0, vec![span("10:00", "10:00")]);
        week[6] = vec![span("", "12:00")];
        let days: Vec<_> = check(&week).unwrap_err().iter().map(|t| t.day).collect();
        assert_eq!(days, [0, 6]);
    }

    #[test]
    fn copying_monday_fills_the_weekdays_but_not_the_weekend() {
        let mut week = week_with(0, vec![span("08:30", "12:30")]);
        week[5] = vec![span("10:00", "13:00")];
        copy_monday(&mut week);
        assert!(week[1..5].iter().all(|day| day == &week[0]));
        assert_eq!(week[5], [span("10:00", "13:00")]);
        assert!(week[6].is_empty());
    }

    #[test]
    fn saved_hours_come_back_as_text_to_edit() {
        let json = r#"[[{"start":"09:00:00","end":"13:00:00"}],[],[],[],[],[],[]]"#;
        let hours: WeeklyHours = serde_json::from_str(json).unwrap();
        let week = from_hours(&hours);
        assert_eq!(week[0], [span("09:00", "13:00")]);
        assert!(week[1].is_empty());
    }
}
