//! The waitlist form's state and the waitlist's words, kept apart from the pages so their
//! rules are tested plainly: what the patient (or reception for one) types becomes a
//! [`JoinWaitlist`], and a form that cannot be right (its last day before its first, or
//! already past) is named field by field before anything is sent.

use chrono::{Duration, NaiveDate, Weekday};
use turnaki_shared::api::fields::{FieldCode, FieldError, Invalid};
use turnaki_shared::api::waitlist::{JoinWaitlist, MAX_WAIT_DAYS, WEEKDAYS, weekday_name};
use turnaki_shared::domain::{EntryStatus, OfferOutcome, PartOfDay};
use turnaki_shared::ids::ProfessionalId;

use crate::i18n::Lang;
use crate::time::{Shown, show_date};

/// Days from the form's first day to its last, unless the patient changes them.
pub const DEFAULT_SPAN_DAYS: i64 = 30;

/// The week in the form's order, Monday first (the order of [`WEEKDAYS`]).
pub const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The parts of the day in the form's order.
pub const PARTS_OF_DAY: [PartOfDay; 3] = [PartOfDay::Any, PartOfDay::Morning, PartOfDay::Afternoon];

/// The form as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitlistText {
    /// The treatment's id; empty until one is chosen.
    pub treatment: String,
    /// A professional's id, or empty for any.
    pub professional: String,
    /// The first day, `YYYY-MM-DD` as a date input gives it.
    pub earliest: String,
    /// The last day.
    pub latest: String,
    /// The weekdays ticked, in the week's order; none: any.
    pub weekdays: Vec<Weekday>,
    /// The part of the day.
    pub part_of_day: PartOfDay,
}

/// Why the form is not sent yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Nothing chosen where a choice is needed.
    Missing,
    /// Not a date.
    NoDate,
    /// The last day is already past.
    LastDayPassed,
    /// The last day comes before the first.
    LastBeforeFirst,
    /// Longer than one entry may wait.
    TooLong,
    /// After the last day the clinic takes bookings for.
    BeyondHorizon(NaiveDate),
}

impl Refusal {
    /// What to fix, in `lang`.
    pub fn words(self, lang: Lang) -> String {
        let said = match self {
            Self::Missing => lang.pick("Elija una opción.", "Choose one."),
            Self::NoDate => lang.pick("Escriba una fecha.", "Enter a date."),
            Self::LastDayPassed => lang.pick("Ese día ya pasó.", "That day has passed."),
            Self::LastBeforeFirst => lang.pick(
                "El último día es anterior al primero.",
                "The last day is before the first day.",
            ),
            Self::TooLong => lang.pick(
                "Se puede esperar un año como máximo.",
                "One can wait for a year at most.",
            ),
            Self::BeyondHorizon(last) => {
                let last = show_date(lang, last, Shown::LongDay);
                return lang.pick(
                    format!("La clínica da horas hasta el {last}."),
                    format!("The clinic takes bookings up to {last}."),
                );
            }
        };
        said.to_owned()
    }

    fn code(self) -> FieldCode {
        match self {
            Self::Missing => FieldCode::Required,
            Self::NoDate => FieldCode::Invalid,
            Self::LastDayPassed | Self::LastBeforeFirst | Self::TooLong | Self::BeyondHorizon(_) => {
                FieldCode::OutOfRange
            }
        }
    }
}

/// One field the form names before sending, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    /// The API's name for the field.
    pub field: &'static str,
    /// What is wrong with it.
    pub why: Refusal,
}

/// The refusals as the server would word them, so that a form shows them the same way.
pub fn invalid(refused: &[Refused]) -> Invalid {
    Invalid(
        refused
            .iter()
            .map(|r| FieldError::new(r.field, r.why.code(), r.why.words(Lang::En)))
            .collect(),
    )
}

impl WaitlistText {
    /// A new form on the clinic's `today`: the coming month, any weekday, any time of day.
    pub fn starting(today: NaiveDate, treatment: Option<String>, professional: Option<ProfessionalId>) -> Self {
        Self {
            treatment: treatment.unwrap_or_default(),
            professional: professional.map(|p| p.to_string()).unwrap_or_default(),
            earliest: today.to_string(),
            latest: (today + Duration::days(DEFAULT_SPAN_DAYS)).to_string(),
            weekdays: Vec::new(),
            part_of_day: PartOfDay::Any,
        }
    }

    /// Ticks or unticks a weekday.
    pub fn tick(&mut self, day: Weekday, on: bool) {
        tick(&mut self.weekdays, day, on);
    }

    /// The request, or every field to fix at once, on the clinic's `today` and, when known,
    /// with the last day it takes bookings for.
    pub fn request(&self, today: NaiveDate, last_bookable: Option<NaiveDate>) -> Result<JoinWaitlist, Vec<Refused>> {
        let mut refused = Vec::new();
        let mut fail = |field, why| refused.push(Refused { field, why });
        let treatment = self.treatment.trim();
        if treatment.is_empty() {
            fail("treatment_id", Refusal::Missing);
        }
        let date = |text: &str| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
        let (earliest, latest) = (date(&self.earliest), date(&self.latest));
        if earliest.is_none() {
            // A first day already past is fine: the wait starts today.
            fail("earliest", Refusal::NoDate);
        }
        match (earliest, latest) {
            (_, None) => fail("latest", Refusal::NoDate),
            (_, Some(last)) if last < today => fail("latest", Refusal::LastDayPassed),
            (Some(first), Some(last)) if last < first => fail("latest", Refusal::LastBeforeFirst),
            (Some(first), Some(last)) if (last - first).num_days() > MAX_WAIT_DAYS => fail("latest", Refusal::TooLong),
            (_, Some(last)) if last_bookable.is_some_and(|end| last > end) => {
                fail("latest", Refusal::BeyondHorizon(last_bookable.unwrap_or(last)))
            }
            _ => {}
        }
        let (Some(earliest), Some(latest), true) = (earliest, latest, refused.is_empty()) else {
            return Err(refused);
        };
        let professional = self.professional.trim();
        Ok(JoinWaitlist {
            treatment_id: treatment.to_owned(),
            professional_id: (!professional.is_empty()).then(|| professional.to_owned()),
            earliest: earliest.to_string(),
            latest: latest.to_string(),
            weekdays: self.weekdays.iter().map(|d| weekday_name(*d).to_owned()).collect(),
            part_of_day: Some(self.part_of_day),
            patient_id: None,
            patient: None,
        })
    }
}

/// Ticks or unticks `day` in `days`, which stay in the week's order, each day once.
pub fn tick(days: &mut Vec<Weekday>, day: Weekday, on: bool) {
    days.retain(|d| *d != day);
    if on {
        days.push(day);
        days.sort_by_key(Weekday::num_days_from_monday);
    }
}

/// A weekday's name, as a checkbox's label.
pub fn weekday_words(lang: Lang, day: Weekday) -> &'static str {
    let (es, en) = match day {
        Weekday::Mon => ("Lunes", "Monday"),
        Weekday::Tue => ("Martes", "Tuesday"),
        Weekday::Wed => ("Miércoles", "Wednesday"),
        Weekday::Thu => ("Jueves", "Thursday"),
        Weekday::Fri => ("Viernes", "Friday"),
        Weekday::Sat => ("Sábado", "Saturday"),
        Weekday::Sun => ("Domingo", "Sunday"),
    };
    lang.pick(es, en)
}

/// An entry's weekdays as the API names them (`mon` …), in words; none: any day.
pub fn weekdays_words(lang: Lang, days: &[String]) -> String {
    let named: Vec<&str> = WEEK
        .iter()
        .filter(|d| days.iter().any(|n| n.eq_ignore_ascii_case(weekday_name(**d))))
        .map(|d| weekday_words(lang, *d))
        .collect();
    if named.is_empty() || named.len() == WEEKDAYS.len() {
        lang.pick("Cualquier día", "Any day").to_owned()
    } else {
        named.join(", ")
    }
}

/// A part of the day, in words.
pub fn part_of_day_words(lang: Lang, part: PartOfDay) -> &'static str {
    match part {
        PartOfDay::Any => lang.pick("A cualquier hora", "Any time of day"),
        PartOfDay::Morning => lang.pick("En la mañana (antes de las 12:00)", "Mornings (before noon)"),
        PartOfDay::Afternoon => lang.pick("En la tarde (desde las 12:00)", "Afternoons (from noon)"),
    }
}

/// A part of the day as the API names it, for radio values and tests.
pub fn part_of_day_name(part: PartOfDay) -> &'static str {
    match part {
        PartOfDay::Any => "any",
        PartOfDay::Morning => "morning",
        PartOfDay::Afternoon => "afternoon",
    }
}

/// An entry's status as the API names it (for `data-status` and styles).
pub fn status_name(status: EntryStatus) -> &'static str {
    match status {
        EntryStatus::Waiting => "waiting",
        EntryStatus::Booked => "booked",
        EntryStatus::Left => "left",
        EntryStatus::Expired => "expired",
    }
}

/// An entry's status, as a label.
pub fn status_words(lang: Lang, status: EntryStatus) -> &'static str {
    match status {
        EntryStatus::Waiting => lang.pick("En espera", "Waiting"),
        EntryStatus::Booked => lang.pick("Reservó su hora", "Booked"),
        EntryStatus::Left => lang.pick("Salió de la lista", "Left the list"),
        EntryStatus::Expired => lang.pick("Pasó su último día", "Its last day has passed"),
    }
}

/// An offer's outcome as the API names it (`state`).
pub fn outcome_name(outcome: OfferOutcome) -> &'static str {
    match outcome {
        OfferOutcome::Open => "open",
        OfferOutcome::Taken { .. } => "taken",
        OfferOutcome::Declined { .. } => "declined",
        OfferOutcome::Lapsed { .. } => "lapsed",
    }
}

/// An offer's outcome, as a label.
pub fn outcome_words(lang: Lang, outcome: OfferOutcome) -> &'static str {
    match outcome {
        OfferOutcome::Open => lang.pick("Ofrecida: esperando respuesta", "Offered: awaiting an answer"),
        OfferOutcome::Taken { .. } => lang.pick("Tomada", "Taken"),
        OfferOutcome::Declined { .. } => lang.pick("Rechazada", "Declined"),
        OfferOutcome::Lapsed { .. } => lang.pick("Sin respuesta a tiempo", "Lapsed unanswered"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn form() -> WaitlistText {
        WaitlistText::starting(day("2026-03-02"), Some("01KAQ0Y5V5J3W8Z5X2N7Q9R4T6".into()), None)
    }

    fn fields(refused: &[Refused]) -> Vec<(&str, Refusal)> {
        refused.iter().map(|r| (r.field, r.why)).collect()
    }

    #[test]
    fn a_new_form_waits_a_month_from_today_any_day_any_time_with_anyone() {
        let join = form().request(day("2026-03-02"), None).unwrap();
        assert_eq!(
            (join.earliest.as_str(), join.latest.as_str()),
            ("2026-03-02", "2026-04-01")
        );
        assert_eq!(
            (&join.professional_id, join.weekdays.len(), join.part_of_day),
            (&None, 0, Some(PartOfDay::Any))
        );
        // What the app sends is what the server reads, for the patient themself.
        let draft = join.parse(None).expect("the server's parser accepts it");
        assert_eq!(draft.patient, turnaki_shared::api::bookings::PatientRef::Caller);
    }

    #[test]
    fn the_chosen_professional_weekdays_and_part_of_day_are_sent_by_their_api_names() {
        let ana = ProfessionalId::new();
        let mut text = WaitlistText::starting(day("2026-03-02"), Some("t".into()), Some(ana));
        text.tick(Weekday::Wed, true);
        text.tick(Weekday::Mon, true);
        text.tick(Weekday::Mon, true);
        text.tick(Weekday::Fri, true);
        text.tick(Weekday::Fri, false);
        text.part_of_day = PartOfDay::Morning;
        let join = text.request(day("2026-03-02"), None).unwrap();
        assert_eq!(join.professional_id, Some(ana.to_string()));
        assert_eq!(join.weekdays, ["mon", "wed"], "week order, each day once");
        assert_eq!(
            serde_json::to_value(&join).unwrap()["part_of_day"],
            part_of_day_name(PartOfDay::Morning)
        );
    }

    #[test]
    fn a_last_day_before_the_first_is_named_before_sending() {
        let mut text = form();
        text.earliest = "2026-03-10".into();
        text.latest = "2026-03-09".into();
        let refused = text.request(day("2026-03-02"), None).unwrap_err();
        assert_eq!(fields(&refused), [("latest", Refusal::LastBeforeFirst)]);
        let said = invalid(&refused);
        assert_eq!(
            (said.0[0].field.as_str(), said.0[0].field_code()),
            ("latest", Some(FieldCode::OutOfRange))
        );
        // The same day first and last is one day of waiting, and fine.
        text.latest = "2026-03-10".into();
        assert!(text.request(day("2026-03-02"), None).is_ok());
    }

    #[test]
    fn every_field_to_fix_is_named_at_once() {
        let text = WaitlistText {
            treatment: " ".into(),
            earliest: "pronto".into(),
            latest: "2026-03-01".into(),
            ..form()
        };
        let refused = text.request(day("2026-03-02"), None).unwrap_err();
        assert_eq!(
            fields(&refused),
            [
                ("treatment_id", Refusal::Missing),
                ("earliest", Refusal::NoDate),
                ("latest", Refusal::LastDayPassed),
            ]
        );
        for r in refused {
            assert_ne!(r.why.words(Lang::Es), r.why.words(Lang::En));
        }
    }

    #[test]
    fn a_first_day_already_past_is_sent_for_the_wait_starts_today() {
        let mut text = form();
        text.earliest = "2026-02-20".into();
        assert_eq!(text.request(day("2026-03-02"), None).unwrap().earliest, "2026-02-20");
    }

    #[test]
    fn staff_who_know_the_clinics_horizon_are_told_its_last_bookable_day() {
        let mut text = form();
        let end = day("2026-05-31");
        text.latest = "2026-06-01".into();
        let refused = text.request(day("2026-03-02"), Some(end)).unwrap_err();
        assert_eq!(fields(&refused), [("latest", Refusal::BeyondHorizon(end))]);
        assert!(
            refused[0].why.words(Lang::En).contains("2026-05-31"),
            "the host build shows ISO dates"
        );
        text.latest = "2026-05-31".into();
        assert!(text.request(day("2026-03-02"), Some(end)).is_ok());
    }

    #[test]
    fn a_wait_longer_than_the_server_allows_is_named_on_the_last_day() {
        let mut text = form();
        text.latest = (day("2026-03-02") + Duration::days(MAX_WAIT_DAYS)).to_string();
        assert!(text.request(day("2026-03-02"), None).unwrap().parse(None).is_ok());
        text.latest = (day("2026-03-02") + Duration::days(MAX_WAIT_DAYS + 1)).to_string();
        let refused = text.request(day("2026-03-02"), None).unwrap_err();
        assert_eq!(fields(&refused), [("latest", Refusal::TooLong)]);
    }

    #[test]
    fn an_entry_reads_in_words_in_both_languages() {
        assert_eq!(weekdays_words(Lang::Es, &[]), "Cualquier día");
        assert_eq!(
            weekdays_words(Lang::En, &["wed".into(), "mon".into()]),
            "Monday, Wednesday"
        );
        let every: Vec<String> = WEEKDAYS.iter().map(|d| (*d).to_owned()).collect();
        assert_eq!(weekdays_words(Lang::En, &every), "Any day");
        for status in [
            EntryStatus::Waiting,
            EntryStatus::Booked,
            EntryStatus::Left,
            EntryStatus::Expired,
        ] {
            assert_ne!(status_words(Lang::Es, status), status_words(Lang::En, status));
            let wire = serde_json::to_value(status).unwrap();
            assert_eq!(wire, status_name(status), "data-status is the API's name");
        }
        let at = "2026-03-02T10:00:00Z".parse().unwrap();
        for outcome in [
            OfferOutcome::Open,
            OfferOutcome::Taken {
                booking_id: turnaki_shared::ids::BookingId::new(),
                at,
            },
            OfferOutcome::Declined { at },
            OfferOutcome::Lapsed { at },
        ] {
            assert_ne!(outcome_words(Lang::Es, outcome), outcome_words(Lang::En, outcome));
            assert_eq!(serde_json::to_value(outcome).unwrap()["state"], outcome_name(outcome));
        }
        for part in PARTS_OF_DAY {
            assert_eq!(serde_json::to_value(part).unwrap(), part_of_day_name(part));
        }
    }
}
