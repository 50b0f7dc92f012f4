//! The engine cases, written once against `dyn Store`.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use turnaki_shared::api::fields::Invalid;
use turnaki_shared::booking::{BookingError, BookingRequest, Resource};
use turnaki_shared::catalog::{CatalogError, MAX_TREATMENTS};
use turnaki_shared::domain::{Booking, BookingStatus, EraDate, TimeOff, TimeOffScope};
use turnaki_shared::ids::{ProfessionalId, TreatmentId};
use turnaki_shared::keys;
use turnaki_shared::store::{Index, Query, SortKey, Store};

use turnaki_testkit::clinic::Clinic;

type Shared = Arc<dyn Store>;

fn tuesday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 3).expect("date")
}

/// Every live booking of a professional on Tuesday, read back from the store (GSI2).
async fn stored_bookings(clinic: &Clinic, store: &Shared, professional: ProfessionalId) -> Vec<Booking> {
    let query = Query::new(
        Index::Gsi2,
        keys::professional_bookings_partition(clinic.tenant.id, professional),
        SortKey::Prefix("BOOKING#2026-03-03".into()),
    );
    let page = store.query(&query).await.expect("query");
    assert!(page.next.is_none());
    page.items
        .iter()
        .map(|i| i.record::<Booking>().expect("booking"))
        .filter(|b| b.status.holds_time())
        .collect()
}

/// A date the engine accepts: within the supported era.
fn era(date: NaiveDate) -> EraDate {
    EraDate::try_from(date).expect("a date of the era")
}

async fn offered(clinic: &Clinic, professional: ProfessionalId) -> Vec<DateTime<Utc>> {
    let all = clinic
        .engine
        .availability(
            &clinic.tenant,
            clinic.cleaning.id,
            Some(professional),
            era(tuesday()),
            era(tuesday()),
        )
        .await
        .expect("availability");
    all.into_iter().flat_map(|a| a.starts).collect()
}

pub async fn two_patients_racing_for_ten_oclock_one_wins_and_the_rest_hear_it_is_taken(store: Shared) {
    let clinic = Arc::new(Clinic::open(Arc::clone(&store), 0).await);
    let ten = clinic.tuesday(10, 0);
    let racers: Vec<_> = (0..32)
        .map(|_| {
            let clinic = Arc::clone(&clinic);
            tokio::spawn(async move {
                let request = clinic.request(clinic.ana.id, clinic.cleaning.id, ten);
                clinic.engine.book(&clinic.tenant, request, None).await
            })
        })
        .collect();
    let mut wins = 0;
    for racer in racers {
        match racer.await.expect("task") {
            Ok(_) => wins += 1,
            Err(BookingError::SlotTaken { resource, .. }) => {
                assert_eq!(resource, Resource::Professional(clinic.ana.id))
            }
            Err(other) => panic!("a racer got {other}"),
        }
    }
    assert_eq!(wins, 1);
    assert_eq!(stored_bookings(&clinic, &store, clinic.ana.id).await.len(), 1);
}

pub async fn an_hour_at_ten_blocks_half_an_hour_at_half_past_ten(store: Shared) {
    let clinic = Clinic::open(store, 0).await;
    let hour = clinic.request(clinic.ana.id, clinic.implant.id, clinic.tuesday(10, 0));
    clinic
        .engine
        .book(&clinic.tenant, hour, None)
        .await
        .expect("the hour is free");
    let half = clinic.request(clinic.ana.id, clinic.cleaning.id, clinic.tuesday(10, 30));
    let refused = clinic.engine.book(&clinic.tenant, half, None).await.unwrap_err();
    assert_eq!(
        refused,
        BookingError::SlotTaken {
            resource: Resource::Professional(clinic.ana.id),
            granule: clinic.tuesday(10, 30)
        }
    );
    // The implant's 15-minute buffer keeps 11:00–11:15 too; 11:15 is free.
    let after_buffer = clinic.request(clinic.ana.id, clinic.cleaning.id, clinic.tuesday(11, 15));
    clinic
        .engine
        .book(&clinic.tenant, after_buffer, None)
        .await
        .expect("free after the buffer");
    let in_buffer = clinic.request(clinic.bruno.id, clinic.cleaning.id, clinic.tuesday(11, 0));
    clinic
        .engine
        .book(&clinic.tenant, in_buffer, None)
        .await
        .expect("another professional is free");
}

pub async fn a_storm_of_overlapping_bookings_never_double_books_anyone(store: Shared) {
    use rand::{Rng, SeedableRng, rngs::StdRng};

    let clinic = Arc::new(Clinic::open(Arc::clone(&store), 2).await);
    let seed: u64 = rand::random();
    println!("storm seed: {seed}");
    let mut rng = StdRng::seed_from_u64(seed);
    let tasks: Vec<_> = (0..48)
        .map(|_| {
            // Random professionals, durations and starts within one busy morning.
            let professional = if rng.random_bool(0.5) {
                clinic.ana.id
            } else {
                clinic.bruno.id
            };
            let treatment = if rng.random_bool(0.5) {
                clinic.implant.id
            } else {
                clinic.cleaning.id
            };
            let start = clinic.tuesday(9, 0) + Duration::minutes(15 * rng.random_range(0..12));
            let clinic = Arc::clone(&clinic);
            tokio::spawn(async move {
                let request = clinic.request(professional, treatment, start);
                clinic.engine.book(&clinic.tenant, request, None).await
            })
        })
        .collect();
    let mut successes = Vec::new();
    for task in tasks {
        match task.await.expect("task") {
            Ok(booking) => successes.push(booking),
            Err(BookingError::SlotTaken { .. } | BookingError::NoChairFree) => {}
            Err(other) => panic!("unexpected refusal: {other}"),
        }
    }
    assert!(
        successes.len() >= 4,
        "some bookings must succeed, got {}",
        successes.len()
    );
    let mut stored = stored_bookings(&clinic, &store, clinic.ana.id).await;
    stored.extend(stored_bookings(&clinic, &store, clinic.bruno.id).await);
    assert_eq!(stored.len(), successes.len(), "every success is stored, nothing else");
    let mut by_resource: HashMap<String, Vec<&Booking>> = HashMap::new();
    for booking in &stored {
        by_resource
            .entry(booking.professional_id.to_string())
            .or_default()
            .push(booking);
        let chair = booking.chair_id.expect("the clinic uses chairs");
        by_resource.entry(chair.to_string()).or_default().push(booking);
    }
    for (resource, bookings) in by_resource {
        for (i, a) in bookings.iter().enumerate() {
            for b in &bookings[i + 1..] {
                assert!(
                    a.blocked_until <= b.start || b.blocked_until <= a.start,
                    "{resource} double-booked: {}–{} and {}–{}",
                    a.start,
                    a.blocked_until,
                    b.start,
                    b.blocked_until
                );
            }
        }
    }
}

pub async fn with_one_chair_two_professionals_cannot_both_work_at_ten(store: Shared) {
    let clinic = Clinic::open(store, 1).await;
    let ana = clinic.request(clinic.ana.id, clinic.cleaning.id, clinic.tuesday(10, 0));
    let booked = clinic.engine.book(&clinic.tenant, ana, None).await.expect("free");
    assert_eq!(booked.chair_id, Some(clinic.chairs[0].id));
    let bruno = clinic.request(clinic.bruno.id, clinic.cleaning.id, clinic.tuesday(10, 0));
    assert_eq!(
        clinic.engine.book(&clinic.tenant, bruno, None).await,
        Err(BookingError::NoChairFree)
    );
    assert!(!offered(&clinic, clinic.bruno.id).await.contains(&clinic.tuesday(10, 0)));
}

pub async fn with_two_chairs_the_second_booking_takes_the_other_chair(store: Shared) {
    let clinic = Clinic::open(store, 2).await;
    let first = clinic.request(clinic.ana.id, clinic.cleaning.id, clinic.tuesday(10, 0));
    let second = clinic.request(clinic.bruno.id, clinic.cleaning.id, clinic.tuesday(10, 0));
    let a = clinic.engine.book(&clinic.tenant, first, None).await.expect("free");
    let b = clinic
        .engine
        .book(&clinic.tenant, second, None)
        .await
        .expect("the other chair is free");
    assert_ne!(a.chair_id, b.chair_id);
    assert!(a.chair_id.is_some() && b.chair_id.is_some());
}

pub async fn a_hold_keeps_the_slot_until_it_lapses(store: Shared) {
    let clinic = Clinic::open(store, 1).await;
    let ten = clinic.tuesday(10, 0);
    let hold = clinic
        .engine
        .hold(&clinic.tenant, clinic.ana.id, clinic.cleaning.id, ten)
        .await
        .expect("free");
    let other = clinic.request(clinic.ana.id, clinic.cleaning.id, ten);
    assert!(matches!(
        clinic.engine.book(&clinic.tenant, other.clone(), None).await,
        Err(BookingError::SlotTaken { .. })
    ));
    assert!(!offered(&clinic, clinic.ana.id).await.contains(&ten));
    clinic.clock.advance(Duration::minutes(6));
    assert!(
        offered(&clinic, clinic.ana.id).await.contains(&ten),
        "a lapsed hold frees the slot"
    );
    clinic
        .engine
        .book(&clinic.tenant, other, None)
        .await
        .expect("the lapsed hold's time is takeable");
    let mut late = clinic.request(clinic.ana.id, clinic.cleaning.id, ten);
    late.hold_id = Some(hold.id);
    let outcome = clinic.engine.book(&clinic.tenant, late, None).await;
    assert!(matches!(outcome, Err(BookingError::SlotTaken { .. })), "{outcome:?}");
}

pub async fn the_patient_who_holds_a_slot_can_book_it(store: Shared) {
    let clinic = Clinic::open(store, 2).await;
    let ten = clinic.tuesday(10, 0);
    let hold = clinic
        .engine
        .hold(&clinic.tenant, clinic.ana.id, clinic.implant.id, ten)
        .await
        .expect("free");
    let mut request = clinic.request(clinic.ana.id, clinic.implant.id, ten);
    request.hold_id = Some(hold.id);
    clinic.clock.advance(Duration::minutes(3));
    let booking = clinic
        .engine
        .book(&clinic.tenant, request, None)
        .await
        .expect("the holder books");
    assert_eq!(booking.chair_id, hold.chair_id, "the held chair is the booked one");
    clinic.clock.advance(Duration::minutes(10));
    assert!(
        !offered(&clinic, clinic.ana.id).await.contains(&ten),
        "the booking outlives the hold"
    );
    let mut mismatched = clinic.request(clinic.bruno.id, clinic.cleaning.id, clinic.tuesday(15, 0));
    let other_hold = clinic
        .engine
        .hold(
            &clinic.tenant,
            clinic.bruno.id,
            clinic.cleaning.id,
            clinic.tuesday(16, 0),
        )
        .await
        .unwrap();
    mismatched.hold_id = Some(other_hold.id);
    assert_eq!(
        clinic.engine.book(&clinic.tenant, mismatched, None).await,
        Err(BookingError::HoldMismatch)
    );
}

pub async fn an_idempotent_retry_returns_the_original_booking(store: Shared) {
    let clinic = Clinic::open(Arc::clone(&store), 0).await;
    let request = clinic.request(clinic.ana.id, clinic.cleaning.id, clinic.tuesday(10, 0));
    let first = clinic
        .engine
        .book(&clinic.tenant, request.clone(), Some("retry-1"))
        .await
        .expect("free");
    let again = clinic
        .engine
        .book(&clinic.tenant, request, Some("retry-1"))
        .await
        .expect("a retry succeeds");
    assert_eq!(again, first);
    assert_eq!(
        stored_bookings(&clinic, &store, clinic.ana.id).await.len(),
        1,
        "nothing new written"
    );
}

pub async fn the_same_idempotency_key_for_another_request_is_refused(store: Shared) {
    let clinic = Clinic::open(store, 0).await;
    let first = clinic.request(clinic.ana.id, clinic.cleaning.id, clinic.tuesday(10, 0));
    clinic
        .engine
        .book(&clinic.tenant, first, Some("k"))
        .await
        .expect("free");
    let other = clinic.request(clinic.ana.id, clinic.cleaning.id, clinic.tuesday(11, 0));
    assert_eq!(
        clinic.engine.book(&clinic.tenant, other, Some("k")).await,
        Err(BookingError::IdempotencyKeyReused)
    );
}

pub async fn rescheduling_onto_a_taken_slot_leaves_the_booking_untouched(store: Shared) {
    let clinic = Clinic::open(store, 0).await;
    let mine = clinic
        .book(clinic.ana.id, clinic.cleaning.id, clinic.tuesday(10, 0))
        .await
        .unwrap();
    clinic
        .book(clinic.ana.id, clinic.implant.id, clinic.tuesday(11, 0))
        .await
        .unwrap();
    let moved = clinic
        .engine
        .reschedule(&clinic.tenant, mine.id, clinic.tuesday(11, 30), None, None, false)
        .await;
    assert!(matches!(moved, Err(BookingError::SlotTaken { .. })));
    assert_eq!(clinic.engine.booking(&clinic.tenant, mine.id).await.unwrap(), mine);
    assert!(
        !offered(&clinic, clinic.ana.id).await.contains(&clinic.tuesday(10, 0)),
        "the old time is still held"
    );
}

pub async fn rescheduling_frees_the_old_time_and_takes_the_new(store: Shared) {
    let clinic = Clinic::open(store, 1).await;
    let mine = clinic
        .book(clinic.ana.id, clinic.cleaning.id, clinic.tuesday(10, 0))
        .await
        .unwrap();
    // Overlapping its own old time is fine: 10:15 shares granules with 10:00–10:45.
    let moved = clinic
        .engine
        .reschedule(&clinic.tenant, mine.id, clinic.tuesday(10, 15), None, Some(1), false)
        .await
        .unwrap();
    assert_eq!((moved.start, moved.version), (clinic.tuesday(10, 15), 2));
    let free = offered(&clinic, clinic.ana.id).await;
    assert!(!free.contains(&clinic.tuesday(10, 15)));
    // 09:30 ends (with buffer) at 10:10 → needs granules up to 10:15, now free again.
    assert!(free.contains(&clinic.tuesday(9, 30)));
    let to_bruno = clinic
        .engine
        .reschedule(
            &clinic.tenant,
            mine.id,
            clinic.tuesday(15, 0),
            Some(clinic.bruno.id),
            Some(2),
            true,
        )
        .await
        .unwrap();
    assert_eq!(to_bruno.professional_id, clinic.bruno.id);
    assert!(offered(&clinic, clinic.ana.id).await.contains(&clinic.tuesday(10, 15)));
}

pub async fn a_cancelled_time_can_be_booked_again_at_once(store: Shared) {
    let clinic = Clinic::open(store, 1).await;
    let ten = clinic.tuesday(10, 0);
    let first = clinic.book(clinic.ana.id, clinic.implant.id, ten).await.unwrap();
    let cancelled = clinic.engine.cancel(&clinic.tenant, first.id, Some(1)).await.unwrap();
    assert_eq!((cancelled.status, cancelled.version), (BookingStatus::Cancelled, 2));
    clinic
        .book(clinic.ana.id, clinic.cleaning.id, ten)
        .await
        .expect("free again");
    assert!(matches!(
        clinic.engine.cancel(&clinic.tenant, first.id, None).await,
        Err(BookingError::IllegalTransition(_))
    ));
}

pub async fn cancelling_restores_exactly_the_previous_availability(store: Shared) {
    let clinic = Clinic::open(store, 2).await;
    clinic
        .book(clinic.ana.id, clinic.cleaning.id, clinic.tuesday(9, 0))
        .await
        .unwrap();
    let before = offered(&clinic, clinic.ana.id).await;
    let booking = clinic
        .book(clinic.ana.id, clinic.implant.id, clinic.tuesday(15, 30))
        .await
        .unwrap();
    assert_ne!(offered(&clinic, clinic.ana.id).await, before);
    clinic.engine.cancel(&clinic.tenant, booking.id, None).await.unwrap();
    assert_eq!(offered(&clinic, clinic.ana.id).await, before);
}

pub async fn after_a_booking_no_overlapping_start_is_offered(store: Shared) {
    let clinic = Clinic::open(store, 0).await;
    let booking = clinic
        .book(clinic.ana.id, clinic.implant.id, clinic.tuesday(15, 0))
        .await
        .unwrap();
    // A cleaning occupies 40 minutes: any start in (14:20, 16:15) would overlap 15:00–16:15.
    for start in offered(&clinic, clinic.ana.id).await {
        let end = start + Duration::minutes(40);
        assert!(
            end <= booking.start || booking.blocked_until <= start,
            "{start} overlaps the booking"
        );
    }
    let free = offered(&clinic, clinic.ana.id).await;
    assert!(free.contains(&clinic.tuesday(14, 15)) && free.contains(&clinic.tuesday(16, 15)));
    assert!(!free.contains(&clinic.tuesday(14, 30)) && !free.contains(&clinic.tuesday(16, 0)));
}

pub async fn every_offered_start_can_be_booked(store: Shared) {
    let clinic = Clinic::open(store, 1).await;
    clinic
        .book(clinic.bruno.id, clinic.implant.id, clinic.tuesday(11, 0))
        .await
        .unwrap();
    // Book greedily through the day: each offered start must succeed, and afterwards nothing
    // that overlaps it is offered any more.
    let mut booked = 0;
    while let Some(start) = offered(&clinic, clinic.ana.id).await.first().copied() {
        clinic
            .book(clinic.ana.id, clinic.cleaning.id, start)
            .await
            .unwrap_or_else(|e| panic!("offered {start} but booking it failed: {e}"));
        booked += 1;
        assert!(booked < 40, "availability keeps offering taken time");
    }
    // 9 working hours, a 40-minute cleaning on a 15-minute grid: 45-minute steps, and the
    // single chair is busy 11:00–12:15 with Bruno's implant.
    assert!(booked >= 8, "only {booked} bookings fit");
}

pub async fn status_moves_follow_the_state_machine(store: Shared) {
    let clinic = Clinic::open(store, 0).await;
    let mut request = clinic.request(clinic.ana.id, clinic.cleaning.id, clinic.tuesday(10, 0));
    request.status = BookingStatus::Pending;
    let booking = clinic.engine.book(&clinic.tenant, request, None).await.unwrap();
    let engine = &clinic.engine;
    let t = &clinic.tenant;
    assert_eq!(
        engine
            .change(t, booking.id, Some(BookingStatus::Confirmed), None, None)
            .await
            .unwrap()
            .status,
        BookingStatus::Confirmed
    );
    assert!(matches!(
        engine
            .change(t, booking.id, Some(BookingStatus::Completed), None, None)
            .await,
        Err(BookingError::IllegalTransition(_))
    ));
    engine
        .change(
            t,
            booking.id,
            Some(BookingStatus::Arrived),
            Some("trae radiografía".into()),
            None,
        )
        .await
        .unwrap();
    let done = engine
        .change(t, booking.id, Some(BookingStatus::Completed), None, None)
        .await
        .unwrap();
    assert_eq!(
        (done.status, done.notes.as_str(), done.version),
        (BookingStatus::Completed, "trae radiografía", 4)
    );
    assert!(matches!(
        engine.cancel(t, booking.id, None).await,
        Err(BookingError::IllegalTransition(_))
    ));
    assert!(matches!(
        engine
            .reschedule(t, booking.id, clinic.tuesday(15, 0), None, None, false)
            .await,
        Err(BookingError::Finished(BookingStatus::Completed))
    ));
}

pub async fn a_change_based_on_a_stale_version_is_refused(store: Shared) {
    let clinic = Clinic::open(store, 0).await;
    let booking = clinic
        .book(clinic.ana.id, clinic.cleaning.id, clinic.tuesday(10, 0))
        .await
        .unwrap();
    clinic
        .engine
        .change(&clinic.tenant, booking.id, None, Some("primera nota".into()), Some(1))
        .await
        .unwrap();
    assert_eq!(
        clinic.engine.cancel(&clinic.tenant, booking.id, Some(1)).await,
        Err(BookingError::Stale)
    );
    assert_eq!(
        clinic.engine.booking(&clinic.tenant, booking.id).await.unwrap().status,
        BookingStatus::Confirmed
    );
}

pub async fn availability_respects_notice_hours_and_closures(store: Shared) {
    let clinic = Clinic::open(store, 0).await;
    // Monday: it is 08:00 and the notice is an hour, so 09:00 is the first start.
    let monday = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let days = clinic
        .engine
        .availability(
            &clinic.tenant,
            clinic.cleaning.id,
            Some(clinic.ana.id),
            era(monday),
            era(monday),
        )
        .await
        .unwrap();
    let first = days[0].starts.first().copied().unwrap();
    assert_eq!(first, "2026-03-02T12:00:00Z".parse::<DateTime<Utc>>().unwrap());
    // No start where the 40 minutes would run into lunch (13:00) or past 19:00.
    let lunch = clinic.tuesday(12, 30);
    assert!(!offered(&clinic, clinic.ana.id).await.contains(&lunch));
    assert!(offered(&clinic, clinic.ana.id).await.contains(&clinic.tuesday(12, 15)));
    assert!(!offered(&clinic, clinic.ana.id).await.contains(&clinic.tuesday(18, 30)));
    // A clinic closure on Tuesday afternoon removes everyone's afternoon.
    let closure = TimeOff::new(
        TimeOffScope::Clinic,
        clinic.tuesday(14, 0),
        clinic.tuesday(19, 0),
        "Capacitación",
    )
    .unwrap();
    clinic
        .engine
        .catalog()
        .add_time_off(clinic.tenant.id, &closure)
        .await
        .unwrap();
    for professional in [clinic.ana.id, clinic.bruno.id] {
        let free = offered(&clinic, professional).await;
        assert!(
            free.iter().all(|s| *s < clinic.tuesday(14, 0)),
            "afternoon offered despite the closure"
        );
        assert!(!free.is_empty());
    }
    // Saturday and Sunday: nobody works.
    let weekend = clinic
        .engine
        .availability(
            &clinic.tenant,
            clinic.cleaning.id,
            None,
            era(NaiveDate::from_ymd_opt(2026, 3, 7).unwrap()),
            era(NaiveDate::from_ymd_opt(2026, 3, 8).unwrap()),
        )
        .await
        .unwrap();
    assert_eq!(weekend.len(), 2);
    assert!(weekend.iter().all(|a| a.starts.is_empty()));
    let too_long = clinic
        .engine
        .availability(
            &clinic.tenant,
            clinic.cleaning.id,
            None,
            era(monday),
            era(monday + Duration::days(62)),
        )
        .await;
    assert_eq!(too_long, Err(BookingError::BadRange));
}

pub async fn bookings_off_the_grid_or_outside_hours_are_refused(store: Shared) {
    let clinic = Clinic::open(store, 0).await;
    let book = |start| clinic.book(clinic.ana.id, clinic.cleaning.id, start);
    assert_eq!(book(clinic.tuesday(10, 5)).await, Err(BookingError::OffGrid(15)));
    assert_eq!(book(clinic.tuesday(12, 30)).await, Err(BookingError::OutsideHours));
    assert_eq!(book(clinic.tuesday(7, 0)).await, Err(BookingError::OutsideHours));
    assert_eq!(
        book("2026-03-02T11:30:00Z".parse().unwrap()).await,
        Err(BookingError::OutsideBookingWindow)
    );
    assert_eq!(
        book(clinic.tuesday(10, 0) + Duration::days(120)).await,
        Err(BookingError::OutsideBookingWindow)
    );
}

/// Random days of bookings: whatever was booked before, every offered start can be
/// booked, nothing overlapping it is offered afterwards, and cancelling it restores
/// exactly the availability there was.
pub async fn availability_and_booking_agree_whatever_was_booked_before(store: Shared) {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    let handle = tokio::runtime::Handle::current();
    let mut runner = TestRunner::new(Config {
        cases: 6,
        failure_persistence: None,
        ..Config::default()
    });
    let booked_before = prop::collection::vec((any::<bool>(), any::<bool>(), 0u32..40), 0..12);
    let outcome = runner.run(&(booked_before, any::<prop::sample::Index>()), |(earlier, pick)| {
        tokio::task::block_in_place(|| {
            handle.block_on(async {
                let clinic = Clinic::open(Arc::clone(&store), 1).await;
                for (ana, implant, slot) in earlier {
                    let professional = if ana { clinic.ana.id } else { clinic.bruno.id };
                    let treatment = if implant { clinic.implant.id } else { clinic.cleaning.id };
                    let start = clinic.tuesday(9, 0) + Duration::minutes(i64::from(slot) * 15);
                    // Taken, off hours or no chair: all fine, the day just fills up.
                    let _ = clinic.book(professional, treatment, start).await;
                }
                let before = offered(&clinic, clinic.ana.id).await;
                if before.is_empty() {
                    return Ok(());
                }
                let start = before[pick.index(before.len())];
                let booking = clinic
                    .book(clinic.ana.id, clinic.cleaning.id, start)
                    .await
                    .map_err(|e| TestCaseError::fail(format!("offered {start} but booking failed: {e}")))?;
                for other in offered(&clinic, clinic.ana.id).await {
                    prop_assert!(
                        other + Duration::minutes(40) <= booking.start || booking.blocked_until <= other,
                        "{other} overlaps the booking at {start}"
                    );
                }
                clinic
                    .engine
                    .cancel(&clinic.tenant, booking.id, None)
                    .await
                    .expect("cancel");
                prop_assert_eq!(offered(&clinic, clinic.ana.id).await, before);
                Ok(())
            })
        })
    });
    if let Err(e) = outcome {
        panic!("{e}");
    }
}

/// The fields an `Invalid` names, with their codes.
fn named(invalid: &Invalid) -> Vec<(&str, &str)> {
    invalid.0.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect()
}

/// `field:code` of each field the engine refused.
fn refused<T: std::fmt::Debug>(result: Result<T, BookingError>) -> Vec<String> {
    match result {
        Err(BookingError::Invalid(invalid)) => named(&invalid).iter().map(|(f, c)| format!("{f}:{c}")).collect(),
        other => panic!("expected the request's fields to be refused, got {other:?}"),
    }
}

pub async fn nothing_of_another_clinic_can_be_booked_held_or_put_on_a_professional(store: Shared) {
    let ours = Clinic::open(Arc::clone(&store), 1).await;
    let theirs = Clinic::open(store, 1).await;
    let at_ten = ours.tuesday(10, 0);
    let theirs_professional = ours.book(theirs.ana.id, ours.cleaning.id, at_ten).await;
    assert_eq!(refused(theirs_professional), ["professional_id:unknown"]);
    let theirs_both = ours.book(theirs.ana.id, theirs.cleaning.id, at_ten).await;
    assert_eq!(
        refused(theirs_both),
        ["treatment_id:unknown", "professional_id:unknown"]
    );
    let in_their_chair = BookingRequest {
        chair_id: Some(theirs.chairs[0].id),
        ..ours.request(ours.ana.id, ours.cleaning.id, at_ten)
    };
    assert_eq!(
        refused(ours.engine.book(&ours.tenant, in_their_chair, None).await),
        ["chair_id:unknown"]
    );
    let hold = ours
        .engine
        .hold(&ours.tenant, theirs.ana.id, ours.cleaning.id, at_ten)
        .await;
    assert_eq!(refused(hold), ["professional_id:unknown"]);
    assert!(offered(&ours, ours.ana.id).await.contains(&at_ten), "nothing was taken");

    let catalog = ours.engine.catalog();
    let mut ana = ours.ana.clone();
    ana.treatments = vec![ours.cleaning.id, theirs.cleaning.id];
    match catalog.put_professional(ours.tenant.id, &ana).await {
        Err(CatalogError::Invalid(invalid)) => assert_eq!(named(&invalid), [("treatments[1]", "unknown")]),
        other => panic!("another clinic's treatment was accepted: {other:?}"),
    }
    ana.treatments = (0..=MAX_TREATMENTS).map(|_| TreatmentId::new()).collect();
    match catalog.put_professional(ours.tenant.id, &ana).await {
        Err(CatalogError::Invalid(invalid)) => assert_eq!(named(&invalid), [("treatments", "too_many")]),
        other => panic!("{} treatments were accepted: {other:?}", MAX_TREATMENTS + 1),
    }
    let stored = catalog.professional(ours.tenant.id, ours.ana.id).await.expect("read");
    assert_eq!(stored.as_ref(), Some(&ours.ana), "the professional is unchanged");
}
