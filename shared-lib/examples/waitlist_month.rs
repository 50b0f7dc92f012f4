//! A simulated month of a two-professional clinic like the demo's, on the embedded store with
//! a manual clock: how much of the time cancellations free does the waitlist book again?
//!
//! Not a test and not a benchmark: a seeded model (the same seed, the same month) whose
//! figures `docs/benchmarks.md` records. The model: three quarters of the month's cleaning
//! slots booked ahead; 12 % of bookings cancelled 2–96 hours before the visit; 40 patients
//! joining the waitlist over the month for the two weeks after they join (half any time of
//! day, a quarter mornings, a quarter afternoons); a patient offered time takes it with
//! probability 0.55 within ten minutes, declines with 0.2, and otherwise lets it lapse.
//! Every offer is made by the same calls the event relay makes.
//!
//! Run: `cargo run --release -p turnaki-shared --features sqlite --example waitlist_month [seed]`

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use turnaki_shared::booking::BookingRequest;
use turnaki_shared::catalog::Catalog;
use turnaki_shared::domain::{
    BookingChange, BookingEvent, BookingStatus, FreedBy, Offer, OfferOutcome, PartOfDay, Patient, Tenant, Wish,
};
use turnaki_shared::ids::{BookingId, OfferId, PatientId};
use turnaki_shared::links::{HmacSigner, Links};
use turnaki_shared::notification::{Letterhead, Notifier, OutboxMailer};
use turnaki_shared::waitlist::{JoinRequest, Waitlist};
use turnaki_testkit::clinic::Clinic;

/// Half the waiting patients can come any time of day, a quarter mornings, a quarter afternoons.
const PARTS: [PartOfDay; 4] = [PartOfDay::Morning, PartOfDay::Afternoon, PartOfDay::Any, PartOfDay::Any];

/// What happens next, at its time.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    /// A patient joins, for the part of the day [`PARTS`] names.
    Join(PatientId, usize),
    Cancel(BookingId),
    Answer(OfferId, bool),
    Sweep,
}

#[derive(Default)]
struct Figures {
    bookings: usize,
    cancelled: usize,
    freed_minutes: i64,
    refilled_minutes: i64,
    offers: usize,
    taken: usize,
    declined: usize,
    lapsed: usize,
    fill_minutes: Vec<i64>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let seed: u64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(2026);
    let mut rng = StdRng::seed_from_u64(seed);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = turnaki_testkit::sqlite_store_in(dir.path()).await;
    let clinic = Clinic::open(Arc::clone(&store), 2).await;
    let t = clinic.tenant.clone();
    let catalog = Catalog::new(Arc::clone(&store));
    let mailer = OutboxMailer::new(Arc::clone(&store), clinic.clock.clone());
    let letterhead = Letterhead {
        from: "Clínica Sonrisa <citas@turnaki.example>".into(),
        public_url: "https://turnaki.example".into(),
    };
    let notifier = Notifier::new(catalog.clone(), Arc::new(mailer), letterhead)
        .with_links(Links::new(Arc::new(HmacSigner::generate())));
    let waitlist = Waitlist::new(clinic.engine.clone()).with_notifier(Arc::new(notifier));
    let now = || clinic.clock_now();

    // The month: the four weeks from the Monday after next, cleanings every 45 minutes.
    let first: NaiveDate = "2026-03-09".parse().expect("a date");
    let days: Vec<NaiveDate> = (0..28)
        .map(|d| first + Duration::days(d))
        .filter(|d| chrono::Datelike::weekday(d).num_days_from_monday() < 5)
        .collect();
    let mut steps: BinaryHeap<Reverse<(DateTime<Utc>, Step)>> = BinaryHeap::new();
    let mut figures = Figures::default();
    let mut booked: BTreeMap<BookingId, DateTime<Utc>> = BTreeMap::new();
    for day in &days {
        for professional in [clinic.ana.id, clinic.bruno.id] {
            for (from, to) in [((9, 0), (12, 15)), ((14, 0), (18, 15))] {
                let mut at = local(&t, *day, from);
                while at <= local(&t, *day, to) {
                    if rng.random_bool(0.75) {
                        let patient = patient(&catalog, &t, now()).await;
                        let request = BookingRequest::new(patient, professional, clinic.cleaning.id, at);
                        let booking = clinic.engine.book(&t, request, None).await.expect("a free slot");
                        figures.bookings += 1;
                        booked.insert(booking.id, booking.start);
                        if rng.random_bool(0.12) {
                            let ahead = Duration::minutes(rng.random_range(120..96 * 60));
                            steps.push(Reverse(((booking.start - ahead).max(now()), Step::Cancel(booking.id))));
                        }
                    }
                    at += Duration::minutes(45);
                }
            }
        }
    }
    for _ in 0..40 {
        let joins = local(&t, days[rng.random_range(0..days.len())], (7, 0)) - Duration::days(3);
        let part = rng.random_range(0..PARTS.len());
        let patient = patient(&catalog, &t, now()).await;
        steps.push(Reverse((joins.max(now()), Step::Join(patient, part))));
    }

    let mut offers: BTreeMap<OfferId, Offer> = BTreeMap::new();
    let mut freed_at: BTreeMap<FreedBy, DateTime<Utc>> = BTreeMap::new();
    while let Some(Reverse((at, step))) = steps.pop() {
        if at > now() {
            clinic.clock.advance(at - now());
        }
        let made = match step {
            Step::Join(patient, part) => {
                let today = waitlist.today(&t);
                let request = JoinRequest {
                    patient_id: patient,
                    wish: Wish {
                        treatment_id: clinic.cleaning.id,
                        professional_id: None,
                        earliest: today,
                        latest: today + Duration::days(14),
                        weekdays: Vec::new(),
                        part_of_day: PARTS[part],
                    },
                    by_staff: false,
                };
                waitlist.join(&t, request).await.expect("joined");
                None
            }
            Step::Cancel(id) => {
                let cancelled = clinic.engine.cancel(&t, id, None).await.expect("cancelled");
                figures.cancelled += 1;
                figures.freed_minutes += (cancelled.end - cancelled.start).num_minutes();
                freed_at.insert(FreedBy::Booking { booking_id: id }, now());
                let event = BookingEvent {
                    change: BookingChange::Cancelled,
                    booking: cancelled,
                    at: now(),
                };
                waitlist.on_event(&event).await.expect("the waitlist's pass")
            }
            Step::Answer(id, take) => {
                let offer = &offers[&id];
                if take {
                    let (_, booking) = waitlist.take(&t, id).await.expect("taken through the hold");
                    figures.taken += 1;
                    figures.refilled_minutes += (booking.end - booking.start).num_minutes();
                    figures
                        .fill_minutes
                        .push((now() - freed_at[&offer.freed.by]).num_minutes());
                } else {
                    waitlist.decline(&t, id).await.expect("declined");
                    figures.declined += 1;
                    steps.push(Reverse((now(), Step::Sweep)));
                }
                None
            }
            Step::Sweep => {
                waitlist.sweep().await.expect("a sweep");
                None
            }
        };
        // Offers the sweep or the cancellation made: each gets its answer, or its lapse.
        let mut new = Vec::from_iter(made);
        if new.is_empty() {
            new = open_offers(&waitlist, &t)
                .await
                .into_iter()
                .filter(|o| !offers.contains_key(&o.id))
                .collect();
        }
        for offer in new {
            figures.offers += 1;
            let answer = now() + Duration::minutes(rng.random_range(1..10));
            match rng.random_range(0..100) {
                0..55 => steps.push(Reverse((answer, Step::Answer(offer.id, true)))),
                55..75 => steps.push(Reverse((answer, Step::Answer(offer.id, false)))),
                _ => steps.push(Reverse((offer.held_until + Duration::seconds(1), Step::Sweep))),
            }
            offers.insert(offer.id, offer);
        }
    }
    let (listed, _) = waitlist.page(&t, None, 1_000).await.expect("the list");
    figures.lapsed = listed
        .iter()
        .flat_map(|e| &e.offers)
        .filter(|o| matches!(o.outcome, OfferOutcome::Lapsed { .. }))
        .count();
    audit(&clinic, &booked).await;
    report(seed, &figures);
}

/// The instant of `h:m` on `day` in the clinic's zone.
fn local(t: &Tenant, day: NaiveDate, (h, m): (u32, u32)) -> DateTime<Utc> {
    turnaki_shared::domain::Grid::new(t.time_zone, t.rules.granularity())
        .instant(day, chrono::NaiveTime::from_hms_opt(h, m, 0).expect("a time"))
}

async fn patient(catalog: &Catalog, t: &Tenant, now: DateTime<Utc>) -> PatientId {
    let id = PatientId::new();
    let p = Patient {
        id,
        name: "Paciente".into(),
        email: format!("p{}@example.com", id.to_string().to_lowercase())
            .parse()
            .expect("email"),
        phone: None,
        sms: Default::default(),
        created_at: now,
    };
    catalog.put_patient(t.id, &p).await.expect("patient");
    id
}

async fn open_offers(waitlist: &Waitlist, t: &Tenant) -> Vec<Offer> {
    let (listed, _) = waitlist.page(t, None, 1_000).await.expect("the list");
    listed
        .into_iter()
        .flat_map(|e| e.offers)
        .filter(|o| o.outcome == OfferOutcome::Open)
        .collect()
}

/// No two bookings that hold time overlap for one professional.
async fn audit(clinic: &Clinic, booked: &BTreeMap<BookingId, DateTime<Utc>>) {
    let (from, to) = (
        *booked.values().min().expect("bookings"),
        *booked.values().max().expect("bookings") + Duration::hours(2),
    );
    let all = clinic
        .engine
        .starting_between(&clinic.tenant, &[clinic.ana.id, clinic.bruno.id], from, to)
        .await
        .expect("the month");
    let mut seen: BTreeSet<(String, i64)> = BTreeSet::new();
    for b in all.iter().filter(|b| b.status != BookingStatus::Cancelled) {
        let mut at = b.start;
        while at < b.blocked_until {
            assert!(
                seen.insert((b.professional_id.to_string(), at.timestamp())),
                "overlap at {at}"
            );
            at += Duration::minutes(15);
        }
    }
}

fn report(seed: u64, f: &Figures) {
    let mut fills = f.fill_minutes.clone();
    fills.sort_unstable();
    let median = fills.get(fills.len() / 2).copied().unwrap_or(0);
    let hours = |m: i64| m as f64 / 60.0;
    println!("seed {seed}: a month (20 weekdays) of a two-professional clinic");
    println!(
        "  bookings {}, cancelled {} ({:.1} h freed)",
        f.bookings,
        f.cancelled,
        hours(f.freed_minutes)
    );
    println!(
        "  waitlist offers {}: taken {}, declined {}, lapsed {}",
        f.offers, f.taken, f.declined, f.lapsed
    );
    println!(
        "  refilled {:.1} h of {:.1} h freed ({:.0} %), median time from cancellation to rebooking {median} min",
        hours(f.refilled_minutes),
        hours(f.freed_minutes),
        100.0 * f.refilled_minutes as f64 / f.freed_minutes.max(1) as f64
    );
    println!("  overlap audit: no two bookings share a professional's granule");
}
