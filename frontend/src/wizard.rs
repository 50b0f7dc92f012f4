//! The booking wizard's state, kept apart from the page so its rules are tested plainly:
//! treatment → professional and time → details and confirm → booked. A link may start it
//! further on (a recall's message names the treatment and the professional).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use turnaki_shared::api::bookings::Availability;
use turnaki_shared::api::clinics::ClinicProfile;
use turnaki_shared::domain::Hold;
use turnaki_shared::ids::{BookingId, ProfessionalId, TreatmentId};

use crate::time::to_local;

/// Where the patient is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Step {
    /// Choosing what for.
    #[default]
    Treatment,
    /// Choosing who and when.
    Time,
    /// Giving their details and confirming, while the time is held.
    Details,
    /// Done.
    Booked,
}

impl Step {
    /// The step's number as shown (1–3; booked counts as 3 done).
    pub fn number(self) -> u8 {
        match self {
            Self::Treatment => 1,
            Self::Time => 2,
            Self::Details | Self::Booked => 3,
        }
    }
}

/// Whom the patient wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Who {
    /// Whoever is free first.
    #[default]
    Any,
    /// One professional.
    One(ProfessionalId),
}

impl Who {
    /// The one professional asked for, if any.
    pub fn professional(self) -> Option<ProfessionalId> {
        match self {
            Self::Any => None,
            Self::One(p) => Some(p),
        }
    }
}

/// A free start with the professional who would treat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// When.
    pub start: DateTime<Utc>,
    /// Who.
    pub professional_id: ProfessionalId,
}

/// The wizard.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Wizard {
    /// Where the patient is.
    pub step: Step,
    /// The chosen treatment.
    pub treatment: Option<TreatmentId>,
    /// The chosen professional, or anyone.
    pub who: Who,
    /// The chosen time, kept for the patient by `hold`.
    pub slot: Option<Slot>,
    /// The server's hold on `slot`.
    pub hold: Option<Hold>,
    /// Someone else took the time the patient had chosen; tell them plainly.
    pub lost: bool,
    /// The booking made.
    pub booked: Option<BookingId>,
}

impl Wizard {
    /// Where a link into the clinic's page starts the wizard, from its `treatment` and
    /// `professional` query parameters (a recall's message sends both): on the times of that
    /// treatment with that professional chosen. A professional the clinic no longer lists, or
    /// who does not perform the treatment, leaves "anyone" chosen; a treatment the clinic does
    /// not book online (or no treatment) starts at the beginning, whatever the professional.
    pub fn from_link(profile: &ClinicProfile, treatment: Option<&str>, professional: Option<&str>) -> Self {
        let mut wizard = Self::default();
        let Some(treatment) = treatment
            .and_then(|t| t.trim().parse::<TreatmentId>().ok())
            .filter(|id| profile.treatments.iter().any(|t| t.id == *id && t.active))
        else {
            return wizard;
        };
        wizard.choose_treatment(treatment);
        let performer = professional
            .and_then(|p| p.trim().parse::<ProfessionalId>().ok())
            .filter(|id| {
                profile
                    .professionals
                    .iter()
                    .any(|p| p.id == *id && p.treatments.contains(&treatment))
            });
        if let Some(performer) = performer {
            wizard.choose_who(Who::One(performer));
        }
        wizard
    }

    /// Chooses the treatment; the times shown depend on it, so any chosen time goes.
    pub fn choose_treatment(&mut self, treatment: TreatmentId) {
        *self = Self {
            step: Step::Time,
            treatment: Some(treatment),
            ..Self::default()
        };
    }

    /// Chooses the professional (or anyone).
    pub fn choose_who(&mut self, who: Who) {
        self.who = who;
        self.release();
    }

    /// The server holds `slot`: on to the details.
    pub fn held(&mut self, slot: Slot, hold: Hold) {
        self.slot = Some(slot);
        self.hold = Some(hold);
        self.lost = false;
        self.step = Step::Details;
    }

    /// Someone else took the chosen time: back to choosing one, saying so.
    pub fn taken(&mut self) {
        self.release();
        self.lost = true;
        self.step = Step::Time;
    }

    /// The booking is made.
    pub fn booked(&mut self, booking: BookingId) {
        self.booked = Some(booking);
        self.hold = None;
        self.step = Step::Booked;
    }

    /// One step back; a held time is let go.
    pub fn back(&mut self) {
        self.step = match self.step {
            Step::Treatment | Step::Time => Step::Treatment,
            Step::Details => Step::Time,
            Step::Booked => Step::Booked,
        };
        self.release();
        self.lost = false;
    }

    /// Seconds the hold still keeps the time at `now` (zero once lapsed).
    pub fn hold_left(&self, now: DateTime<Utc>) -> Option<i64> {
        self.hold.as_ref().map(|h| (h.held_until - now).num_seconds().max(0))
    }

    fn release(&mut self) {
        self.slot = None;
        self.hold = None;
    }
}

/// The free times to offer, grouped by the clinic's day. For "anyone", each start is
/// offered once, with the first professional (in the clinic's order) free then.
pub fn slots_by_day(availability: &Availability, who: Who, zone: &str) -> BTreeMap<NaiveDate, Vec<Slot>> {
    let mut starts: BTreeMap<DateTime<Utc>, ProfessionalId> = BTreeMap::new();
    for free in &availability.professionals {
        if matches!(who, Who::One(p) if p != free.professional_id) {
            continue;
        }
        for start in &free.starts {
            starts.entry(*start).or_insert(free.professional_id);
        }
    }
    let mut days: BTreeMap<NaiveDate, Vec<Slot>> = BTreeMap::new();
    for (start, professional_id) in starts {
        days.entry(to_local(zone, start).date())
            .or_default()
            .push(Slot { start, professional_id });
    }
    days
}

#[cfg(test)]
mod tests {
    use turnaki_shared::api::bookings::FreeTimes;
    use turnaki_shared::api::clinics::PublicProfessional;
    use turnaki_shared::domain::{Locale, Money, Treatment};

    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn hold(until: &str) -> Hold {
        Hold {
            id: Default::default(),
            professional_id: ProfessionalId::new(),
            chair_id: None,
            treatment_id: TreatmentId::new(),
            start: at("2026-03-03T13:00:00Z"),
            held_until: at(until),
        }
    }

    fn availability(ana: ProfessionalId, luis: ProfessionalId) -> Availability {
        Availability {
            time_zone: "America/Santiago".parse().unwrap(),
            treatment_id: TreatmentId::new(),
            professionals: vec![
                FreeTimes {
                    professional_id: ana,
                    starts: vec![at("2026-03-03T13:00:00Z"), at("2026-03-04T02:30:00Z")],
                },
                FreeTimes {
                    professional_id: luis,
                    starts: vec![at("2026-03-03T13:00:00Z"), at("2026-03-03T14:00:00Z")],
                },
            ],
        }
    }

    #[test]
    fn anyone_offers_each_time_once_with_the_first_free_professional() {
        let (ana, luis) = (ProfessionalId::new(), ProfessionalId::new());
        let days = slots_by_day(&availability(ana, luis), Who::Any, "America/Santiago");
        let tuesday: Vec<_> = days[&"2026-03-03".parse().unwrap()]
            .iter()
            .map(|s| s.professional_id)
            .collect();
        // 10:00 (Ana first), 11:00 (Luis), and 23:30 local is still Tuesday in Santiago.
        assert_eq!(tuesday, [ana, luis, ana]);
        assert_eq!(days.len(), 1);
    }

    #[test]
    fn choosing_a_professional_offers_only_their_times() {
        let (ana, luis) = (ProfessionalId::new(), ProfessionalId::new());
        let days = slots_by_day(&availability(ana, luis), Who::One(luis), "America/Santiago");
        let all: Vec<_> = days.values().flatten().map(|s| s.start).collect();
        assert_eq!(all, [at("2026-03-03T13:00:00Z"), at("2026-03-03T14:00:00Z")]);
    }

    #[test]
    fn a_patient_goes_through_three_steps_to_a_booking() {
        let mut w = Wizard::default();
        assert_eq!(w.step.number(), 1);
        w.choose_treatment(TreatmentId::new());
        assert_eq!(w.step, Step::Time);
        let slot = Slot {
            start: at("2026-03-03T13:00:00Z"),
            professional_id: ProfessionalId::new(),
        };
        w.held(slot, hold("2026-03-03T12:10:00Z"));
        assert_eq!(
            (w.step, w.hold_left(at("2026-03-03T12:00:00Z"))),
            (Step::Details, Some(600))
        );
        let id = BookingId::new();
        w.booked(id);
        assert_eq!((w.step, w.booked, w.hold.is_none()), (Step::Booked, Some(id), true));
    }

    #[test]
    fn a_patient_whose_time_was_taken_is_sent_back_to_choose_and_told() {
        let mut w = Wizard::default();
        w.choose_treatment(TreatmentId::new());
        let slot = Slot {
            start: at("2026-03-03T13:00:00Z"),
            professional_id: ProfessionalId::new(),
        };
        w.held(slot, hold("2026-03-03T12:10:00Z"));
        w.taken();
        assert_eq!(
            (w.step, w.lost, w.slot, w.hold.is_none()),
            (Step::Time, true, None, true)
        );
        // Choosing again clears the warning.
        w.held(slot, hold("2026-03-03T12:20:00Z"));
        assert!(!w.lost);
    }

    #[test]
    fn going_back_lets_the_held_time_go_and_a_lapsed_hold_shows_zero() {
        let mut w = Wizard::default();
        w.choose_treatment(TreatmentId::new());
        let slot = Slot {
            start: at("2026-03-03T13:00:00Z"),
            professional_id: ProfessionalId::new(),
        };
        w.held(slot, hold("2026-03-03T12:10:00Z"));
        assert_eq!(w.hold_left(at("2026-03-03T12:30:00Z")), Some(0));
        w.back();
        assert_eq!((w.step, w.hold.is_none()), (Step::Time, true));
        w.back();
        assert_eq!(w.step, Step::Treatment);
    }

    /// A clinic with a cleaning Ana performs, a whitening nobody books online any more, and
    /// Luis, who does neither.
    fn clinic() -> ClinicProfile {
        let price = Money::new(25_000, "CLP").unwrap();
        let cleaning = Treatment::new("Limpieza", 30, 0, price.clone()).unwrap();
        let whitening = Treatment {
            active: false,
            ..Treatment::new("Blanqueamiento", 60, 0, price).unwrap()
        };
        let professional = |name: &str, treatments| PublicProfessional {
            id: ProfessionalId::new(),
            name: name.into(),
            specialty: "Odontología general".into(),
            treatments,
        };
        ClinicProfile {
            slug: "sonrisa".parse().unwrap(),
            name: "Sonrisa".into(),
            address: String::new(),
            time_zone: "America/Santiago".parse().unwrap(),
            locale: Locale::Es,
            granularity_minutes: 15,
            cancellation_window_hours: 24,
            texts: false,
            professionals: vec![
                professional("Ana", vec![cleaning.id, whitening.id]),
                professional("Luis", vec![]),
            ],
            treatments: vec![cleaning, whitening],
        }
    }

    #[test]
    fn a_recall_link_opens_the_times_of_its_treatment_with_its_professional() {
        let p = clinic();
        let (cleaning, ana) = (p.treatments[0].id.to_string(), p.professionals[0].id.to_string());
        let w = Wizard::from_link(&p, Some(&cleaning), Some(&ana));
        assert_eq!(
            (w.step, w.treatment, w.who),
            (Step::Time, Some(p.treatments[0].id), Who::One(p.professionals[0].id))
        );
    }

    #[test]
    fn a_link_naming_what_the_clinic_does_not_offer_is_ignored() {
        let p = clinic();
        let cleaning = p.treatments[0].id.to_string();
        let (whitening, luis) = (p.treatments[1].id.to_string(), p.professionals[1].id.to_string());
        let anyone = |professional: Option<&str>| {
            let w = Wizard::from_link(&p, Some(&cleaning), professional);
            (w.step, w.who)
        };
        assert_eq!(anyone(None), (Step::Time, Who::Any));
        assert_eq!(anyone(Some(&luis)), (Step::Time, Who::Any), "Luis does no cleaning");
        let stranger = ProfessionalId::new().to_string();
        assert_eq!(anyone(Some(&stranger)), (Step::Time, Who::Any), "not the clinic's");
        assert_eq!(anyone(Some("ana")), (Step::Time, Who::Any));
        let ana = p.professionals[0].id.to_string();
        for treatment in [None, Some(whitening.as_str()), Some("limpieza"), Some("")] {
            assert_eq!(
                Wizard::from_link(&p, treatment, Some(&ana)),
                Wizard::default(),
                "{treatment:?}"
            );
        }
    }
}
