//! The waitlist (DESIGN §11): patients waiting for sooner time, and the freed time offered to
//! them one at a time. Plain types and the rule of which freed time fits whom.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::ids::{
    BookingId, ChairId, HoldId, OfferId, PatientId, ProfessionalId, TenantId, TimeOffId, TreatmentId, WaitlistEntryId,
};

/// The part of the day a patient can come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartOfDay {
    /// Any time the clinic is open.
    #[default]
    Any,
    /// Starting before noon, clinic time.
    Morning,
    /// Starting at noon or later, clinic time.
    Afternoon,
}

impl PartOfDay {
    /// Whether a visit starting at `local` (the clinic's clock) suits it.
    pub fn admits(self, local: NaiveTime) -> bool {
        let noon = NaiveTime::MIN + chrono::Duration::hours(12);
        match self {
            Self::Any => true,
            Self::Morning => local < noon,
            Self::Afternoon => local >= noon,
        }
    }
}

/// Where an entry stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum EntryState {
    /// Waiting for time to free up.
    #[default]
    Waiting,
    /// Its patient booked the treatment (from an offer or otherwise).
    Booked {
        /// The booking that ended the wait.
        booking_id: BookingId,
        /// When.
        at: DateTime<Utc>,
    },
    /// The patient, or staff for them, took it off the list.
    Left {
        /// When.
        at: DateTime<Utc>,
    },
}

/// What a patient waits for: a treatment, with whom, between which days, on which weekdays
/// and at what part of the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wish {
    /// What for.
    pub treatment_id: TreatmentId,
    /// With whom; `None`: any professional who performs the treatment.
    pub professional_id: Option<ProfessionalId>,
    /// The first day the patient can come (clinic calendar).
    pub earliest: NaiveDate,
    /// The last day; after it the entry ends.
    pub latest: NaiveDate,
    /// The weekdays the patient can come; empty: any.
    pub weekdays: Vec<Weekday>,
    /// The part of the day.
    pub part_of_day: PartOfDay,
}

impl Wish {
    /// Whether a visit of its treatment with `professional` starting at `local` (the
    /// clinic's date and time) is one the patient asked for.
    pub fn fits(&self, professional: ProfessionalId, local: chrono::NaiveDateTime) -> bool {
        let date = local.date();
        self.professional_id.is_none_or(|p| p == professional)
            && (self.earliest..=self.latest).contains(&date)
            && (self.weekdays.is_empty() || self.weekdays.contains(&date.weekday()))
            && self.part_of_day.admits(local.time())
    }
}

/// A patient waiting for a sooner time for one treatment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitlistEntry {
    /// Its id; ids sort by the time they were made, which is the order of the list.
    pub id: WaitlistEntryId,
    /// The clinic.
    pub tenant_id: TenantId,
    /// Who waits.
    pub patient_id: PatientId,
    /// What for, with whom and when.
    #[serde(flatten)]
    pub wish: Wish,
    /// When the patient joined.
    pub joined_at: DateTime<Utc>,
    /// Whether reception put the patient on the list (by phone).
    pub by_staff: bool,
    /// Where it stands.
    pub state: EntryState,
    /// Optimistic concurrency: bumped on every write.
    pub version: u64,
}

impl WaitlistEntry {
    /// Whether it still waits on `today` (the clinic's calendar): not ended, and its last
    /// day not past.
    pub fn waits_on(&self, today: NaiveDate) -> bool {
        self.state == EntryState::Waiting && self.wish.latest >= today
    }

    /// What a list shows of it on `today`: ended by its last day, or as it stands.
    pub fn status_on(&self, today: NaiveDate) -> EntryStatus {
        match self.state {
            EntryState::Waiting if self.wish.latest < today => EntryStatus::Expired,
            EntryState::Waiting => EntryStatus::Waiting,
            EntryState::Booked { .. } => EntryStatus::Booked,
            EntryState::Left { .. } => EntryStatus::Left,
        }
    }
}

/// An entry's status as lists show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    /// Waiting.
    Waiting,
    /// Booked: the wait is over.
    Booked,
    /// Taken off the list.
    Left,
    /// Its last day passed.
    Expired,
}

/// How an offer ended, or that it is still open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum OfferOutcome {
    /// Held for the patient until the offer's `held_until`.
    #[default]
    Open,
    /// The patient took it: this is the booking.
    Taken {
        /// The booking made from it.
        booking_id: BookingId,
        /// When.
        at: DateTime<Utc>,
    },
    /// The patient said no thanks.
    Declined {
        /// When.
        at: DateTime<Utc>,
    },
    /// Nobody answered in time.
    Lapsed {
        /// When the lapse was recorded.
        at: DateTime<Utc>,
    },
}

/// Freed time offered to one waitlist entry: a hold in the patient's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    /// Its id (the subject of its links).
    pub id: OfferId,
    /// The clinic.
    pub tenant_id: TenantId,
    /// The entry it is made to.
    pub entry_id: WaitlistEntryId,
    /// The entry's patient.
    pub patient_id: PatientId,
    /// The entry's treatment.
    pub treatment_id: TreatmentId,
    /// Who would treat.
    pub professional_id: ProfessionalId,
    /// The chair held, when the clinic uses chairs.
    pub chair_id: Option<ChairId>,
    /// When the visit would start.
    pub start: DateTime<Utc>,
    /// When it would end.
    pub end: DateTime<Utc>,
    /// The hold that keeps the time; taking the offer converts it.
    pub hold_id: HoldId,
    /// Until when the time is kept for the patient.
    pub held_until: DateTime<Utc>,
    /// The freed time it was cut from.
    pub freed: FreedTime,
    /// When it was made.
    pub made_at: DateTime<Utc>,
    /// How it ended.
    pub outcome: OfferOutcome,
    /// Optimistic concurrency.
    pub version: u64,
}

impl Offer {
    /// Whether the patient may still take it at `now`.
    pub fn is_open_at(&self, now: DateTime<Utc>) -> bool {
        self.outcome == OfferOutcome::Open && now < self.held_until
    }
}

/// Time a cancellation, a move or a removed time off left free: one professional's, from
/// `start` to `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreedTime {
    /// Whose time.
    pub professional_id: ProfessionalId,
    /// From.
    pub start: DateTime<Utc>,
    /// To (the end of the former booking's buffer, or of the time off).
    pub until: DateTime<Utc>,
    /// What freed it.
    #[serde(flatten)]
    pub by: FreedBy,
}

/// What freed a time. Stored by its field's name (`booking_id` or `time_off_id`), so the
/// offers of before time off counted read as freed by a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FreedBy {
    /// A booking cancelled or moved.
    Booking {
        /// Which.
        booking_id: BookingId,
    },
    /// An absence or closure removed.
    TimeOff {
        /// Which.
        time_off_id: TimeOffId,
    },
}

impl std::fmt::Display for FreedBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Booking { booking_id } => booking_id.fmt(f),
            Self::TimeOff { time_off_id } => time_off_id.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> WaitlistEntry {
        WaitlistEntry {
            id: WaitlistEntryId::new(),
            tenant_id: TenantId::new(),
            patient_id: PatientId::new(),
            wish: Wish {
                treatment_id: TreatmentId::new(),
                professional_id: None,
                earliest: "2026-03-02".parse().unwrap(),
                latest: "2026-03-13".parse().unwrap(),
                weekdays: vec![Weekday::Mon, Weekday::Wed],
                part_of_day: PartOfDay::Morning,
            },
            joined_at: "2026-03-01T10:00:00Z".parse().unwrap(),
            by_staff: false,
            state: EntryState::Waiting,
            version: 1,
        }
    }

    fn at(text: &str) -> chrono::NaiveDateTime {
        text.parse().unwrap()
    }

    #[test]
    fn a_monday_morning_inside_the_dates_fits_and_the_afternoon_does_not() {
        let e = entry();
        let p = ProfessionalId::new();
        assert!(e.wish.fits(p, at("2026-03-02T09:00:00")));
        assert!(!e.wish.fits(p, at("2026-03-02T12:00:00")), "noon is afternoon");
        assert!(!e.wish.fits(p, at("2026-03-03T09:00:00")), "a Tuesday");
        assert!(!e.wish.fits(p, at("2026-03-16T09:00:00")), "after the last day");
        assert!(!e.wish.fits(p, at("2026-02-23T09:00:00")), "before the first day");
    }

    #[test]
    fn an_entry_for_one_professional_fits_only_their_time() {
        let mut e = entry();
        let (mine, other) = (ProfessionalId::new(), ProfessionalId::new());
        e.wish.professional_id = Some(mine);
        e.wish.weekdays.clear();
        e.wish.part_of_day = PartOfDay::Any;
        assert!(e.wish.fits(mine, at("2026-03-05T16:00:00")));
        assert!(!e.wish.fits(other, at("2026-03-05T16:00:00")));
    }

    #[test]
    fn an_entry_ends_after_its_last_day_or_when_its_patient_books() {
        let mut e = entry();
        let last: NaiveDate = "2026-03-13".parse().unwrap();
        assert!(e.waits_on(last));
        assert_eq!(e.status_on(last.succ_opt().unwrap()), EntryStatus::Expired);
        assert!(!e.waits_on(last.succ_opt().unwrap()));
        e.state = EntryState::Booked {
            booking_id: BookingId::new(),
            at: "2026-03-03T10:00:00Z".parse().unwrap(),
        };
        assert!(!e.waits_on(last));
        assert_eq!(e.status_on(last), EntryStatus::Booked);
    }
}
