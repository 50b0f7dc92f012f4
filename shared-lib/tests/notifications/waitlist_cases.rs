//! A waitlist that fills cancellations, on every store: freed time goes to the first fitting
//! entry as a hold in its patient's name, one at a time, and is taken or passed on from the
//! links of the offer message. The clinic's clock stands still (Monday 2 March 2026, 08:00
//! in Santiago) unless a story moves it.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use turnaki_shared::booking::{BookingError, BookingRequest};
use turnaki_shared::catalog::Catalog;
use turnaki_shared::domain::{
    Booking, BookingStatus, EntryStatus, LinkAction, MessageKind, OfferOutcome, PartOfDay, Patient, WaitlistEntry, Wish,
};
use turnaki_shared::ids::{OfferId, PatientId, ProfessionalId};
use turnaki_shared::store::Store;
use turnaki_shared::waitlist::JoinRequest;

use crate::desk::{Desk, Mail};

fn day(text: &str) -> NaiveDate {
    text.parse().expect("date")
}

/// A patient of the clinic with an address of their own.
async fn patient(desk: &Desk, name: &str) -> Patient {
    let p = Patient {
        id: PatientId::new(),
        name: name.into(),
        email: format!(
            "{}.{}@example.com",
            name.to_lowercase(),
            ulid::Ulid::generate().to_string().to_lowercase()
        )
        .parse()
        .expect("email"),
        phone: None,
        sms: Default::default(),
        created_at: desk.clinic.clock_now(),
    };
    Catalog::new(Arc::clone(&desk.store))
        .put_patient(desk.clinic.tenant.id, &p)
        .await
        .expect("patient");
    p
}

/// `who` waits for a cleaning over the next two weeks, at `part` of the day.
async fn join(desk: &Desk, who: &Patient, professional: Option<ProfessionalId>, part: PartOfDay) -> WaitlistEntry {
    let request = JoinRequest {
        patient_id: who.id,
        wish: Wish {
            treatment_id: desk.clinic.cleaning.id,
            professional_id: professional,
            earliest: day("2026-03-02"),
            latest: day("2026-03-16"),
            weekdays: Vec::new(),
            part_of_day: part,
        },
        by_staff: false,
    };
    desk.waitlist.join(&desk.clinic.tenant, request).await.expect("joined")
}

/// `who` books a cleaning with `professional` at `start`.
async fn book(
    desk: &Desk,
    who: &Patient,
    professional: ProfessionalId,
    start: chrono::DateTime<chrono::Utc>,
) -> Result<Booking, BookingError> {
    let request = BookingRequest::new(who.id, professional, desk.clinic.cleaning.id, start);
    desk.engine.book(&desk.clinic.tenant, request, None).await
}

/// The `n`th offer message (oldest first), waited for, with its addressee, offer and token
/// for `action`, as the patient would click it.
async fn offer_link(desk: &Desk, n: usize, action: LinkAction) -> (String, OfferId, String) {
    let messages = desk.wait_for(MessageKind::WaitlistOffer, n + 1).await;
    let message = messages[n].mail();
    let label = match action {
        LinkAction::Take => "La tomo: ",
        _ => "No, gracias: ",
    };
    let url = message
        .text
        .lines()
        .find_map(|line| line.strip_prefix(label))
        .unwrap_or_else(|| panic!("no {action} link in:\n{}", message.text));
    let (page, token) = url.split_once('#').expect("the token rides in the fragment");
    let offer = page.rsplit('/').next().expect("offer id").parse().expect("an offer id");
    assert!(
        message.attachments.is_empty(),
        "an offer is no appointment yet: no calendar file"
    );
    assert_eq!(message.booking_id, None);
    (message.to.clone(), offer, token.to_owned())
}

/// Lets the relay's task deliver what the last change left, then runs one more pass.
async fn settle(desk: &Desk) {
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    desk.relay.run().await.expect("relay pass");
}

pub async fn a_cancellation_is_offered_to_the_first_fitting_entry_and_taken_through_the_hold(store: Arc<dyn Store>) {
    let desk = Desk::open(store).await;
    let (c, t) = (&desk.clinic, &desk.clinic.tenant);
    let ten = c.tuesday(10, 0);
    let freed = desk.book(ten).await;
    let afternoons = patient(&desk, "Diego").await;
    let (first, second) = (patient(&desk, "Elena").await, patient(&desk, "Felipe").await);
    join(&desk, &afternoons, None, PartOfDay::Afternoon).await;
    let elena = join(&desk, &first, None, PartOfDay::Any).await;
    let felipe = join(&desk, &second, Some(c.ana.id), PartOfDay::Morning).await;

    desk.engine.cancel(t, freed.id, None).await.expect("cancelled");
    let (to, offer, token) = offer_link(&desk, 0, LinkAction::Take).await;
    assert!(
        to.contains(first.email.as_str()),
        "Elena joined first among those it fits, not {to}"
    );
    let other = patient(&desk, "Gabriela").await;
    assert!(
        matches!(
            book(&desk, &other, c.ana.id, ten).await,
            Err(BookingError::SlotTaken { .. })
        ),
        "the offered time is held for Elena"
    );

    let (taken, booking) = desk.links.take(t, offer, &token).await.expect("taken");
    assert_eq!(
        (booking.patient_id, booking.start, booking.status),
        (first.id, ten, BookingStatus::Confirmed)
    );
    assert!(matches!(taken.outcome, OfferOutcome::Taken { booking_id, .. } if booking_id == booking.id));
    let (_, again) = desk
        .links
        .take(t, offer, &token)
        .await
        .expect("taking again is harmless");
    assert_eq!(again.id, booking.id, "the same booking, not a second one");
    let today = desk.waitlist.today(t);
    assert_eq!(
        desk.waitlist.entry(t, elena.id).await.unwrap().status_on(today),
        EntryStatus::Booked
    );
    assert!(
        desk.waitlist.offers_of(t, &felipe).await.unwrap().is_empty(),
        "one offer at a time"
    );
    let confirmations = desk.wait_for(MessageKind::Confirmation, 2).await;
    assert!(confirmations.iter().any(|m| m.mail().to.contains(first.email.as_str())));
}

pub async fn declined_and_lapsed_offers_move_to_the_next_entry_and_then_back_to_online_booking(store: Arc<dyn Store>) {
    let desk = Desk::open(store).await;
    let (c, t) = (&desk.clinic, &desk.clinic.tenant);
    let ten = c.tuesday(10, 0);
    let freed = desk.book(ten).await;
    let people = [
        patient(&desk, "Hugo").await,
        patient(&desk, "Irene").await,
        patient(&desk, "Julia").await,
    ];
    let mut entries = Vec::new();
    for who in &people {
        entries.push(join(&desk, who, None, PartOfDay::Any).await);
    }
    desk.engine.cancel(t, freed.id, None).await.expect("cancelled");

    let (to, offer, no_thanks) = offer_link(&desk, 0, LinkAction::Decline).await;
    assert!(to.contains(people[0].email.as_str()));
    desk.links.decline(t, offer, &no_thanks).await.expect("declined");
    desk.links
        .decline(t, offer, &no_thanks)
        .await
        .expect("declining again is harmless");
    settle(&desk).await;
    let (to, _, _) = offer_link(&desk, 1, LinkAction::Take).await;
    assert!(to.contains(people[1].email.as_str()), "the next in line, not {to}");

    // Irene does not answer: after the clinic's 15 minutes the time goes to Julia.
    c.clock.advance(Duration::minutes(16));
    desk.relay.run().await.expect("relay pass");
    let (to, last, no_thanks) = offer_link(&desk, 2, LinkAction::Decline).await;
    assert!(to.contains(people[2].email.as_str()));
    let outcomes: Vec<Vec<OfferOutcome>> =
        futures::future::join_all(entries.iter().map(|e| desk.waitlist.offers_of(t, e)))
            .await
            .into_iter()
            .map(|offers| offers.unwrap().into_iter().map(|o| o.outcome).collect())
            .collect();
    assert!(
        matches!(outcomes[0][..], [OfferOutcome::Declined { .. }]),
        "{outcomes:?}"
    );
    assert!(matches!(outcomes[1][..], [OfferOutcome::Lapsed { .. }]), "{outcomes:?}");
    assert!(matches!(outcomes[2][..], [OfferOutcome::Open]), "{outcomes:?}");

    // Nobody is left who has not been offered it: the time is free to book online again.
    desk.links.decline(t, last, &no_thanks).await.expect("declined");
    settle(&desk).await;
    assert_eq!(
        desk.sent(MessageKind::WaitlistOffer).await.len(),
        3,
        "the same freed time is offered once per entry"
    );
    let walk_up = patient(&desk, "Karla").await;
    book(&desk, &walk_up, c.ana.id, ten)
        .await
        .expect("the time was given back");
}

pub async fn two_cancellations_and_three_waiting_patients_give_no_double_offer_and_no_overlap(store: Arc<dyn Store>) {
    let desk = Desk::open(store).await;
    let (c, t) = (&desk.clinic, &desk.clinic.tenant);
    let ten = c.tuesday(10, 0);
    let other = patient(&desk, "Luis").await;
    let (with_ana, with_bruno) = (
        desk.book(ten).await,
        book(&desk, &other, c.bruno.id, ten).await.unwrap(),
    );
    let people = [
        patient(&desk, "Marta").await,
        patient(&desk, "Nico").await,
        patient(&desk, "Olga").await,
    ];
    let mut entries = Vec::new();
    for who in &people {
        entries.push(join(&desk, who, None, PartOfDay::Any).await);
    }
    let (a, b) = tokio::join!(
        desk.engine.cancel(t, with_ana.id, None),
        desk.engine.cancel(t, with_bruno.id, None)
    );
    a.unwrap();
    b.unwrap();
    // A second worker handles the same events at the same time, as a redelivery would.
    let (one, two) = tokio::join!(desk.relay.run(), desk.relay.run());
    one.unwrap();
    two.unwrap();
    settle(&desk).await;

    let mut open = Vec::new();
    for entry in &entries {
        open.extend(desk.waitlist.offers_of(t, entry).await.unwrap());
    }
    assert_eq!(open.len(), 2, "one offer per freed time: {open:#?}");
    let patients: BTreeSet<_> = open.iter().map(|o| o.patient_id).collect();
    assert_eq!(
        patients,
        BTreeSet::from([people[0].id, people[1].id]),
        "the first two in line, one each"
    );
    let times: BTreeSet<_> = open.iter().map(|o| (o.professional_id, o.start)).collect();
    assert_eq!(times.len(), 2, "never the same time to two patients");
    let mut booked = Vec::new();
    for offer in &open {
        booked.push(desk.waitlist.take(t, offer.id).await.expect("taken").1);
    }
    for (i, x) in booked.iter().enumerate() {
        for y in &booked[i + 1..] {
            assert!(
                x.professional_id != y.professional_id || x.blocked_until <= y.start || y.blocked_until <= x.start,
                "{x:?} overlaps {y:?}"
            );
        }
    }
}

pub async fn an_entry_ends_when_its_patient_books_or_its_last_day_passes(store: Arc<dyn Store>) {
    let desk = Desk::open(store).await;
    let (c, t) = (&desk.clinic, &desk.clinic.tenant);
    let booker = patient(&desk, "Pablo").await;
    let entry = join(&desk, &booker, None, PartOfDay::Any).await;
    book(&desk, &booker, c.bruno.id, c.tuesday(16, 0))
        .await
        .expect("booked");
    settle(&desk).await;
    let today = desk.waitlist.today(t);
    assert_eq!(
        desk.waitlist.entry(t, entry.id).await.unwrap().status_on(today),
        EntryStatus::Booked
    );

    let late = patient(&desk, "Quique").await;
    let short = JoinRequest {
        patient_id: late.id,
        wish: Wish {
            treatment_id: c.cleaning.id,
            professional_id: None,
            earliest: day("2026-03-02"),
            latest: day("2026-03-03"),
            weekdays: Vec::new(),
            part_of_day: PartOfDay::Any,
        },
        by_staff: false,
    };
    let short = desk.waitlist.join(t, short).await.expect("joined");
    c.clock.advance(Duration::days(2));
    let today = desk.waitlist.today(t);
    assert_eq!(short.status_on(today), EntryStatus::Expired);
    let freed = desk.book(c.tuesday(10, 0) + Duration::days(2)).await;
    desk.engine.cancel(t, freed.id, None).await.unwrap();
    settle(&desk).await;
    assert!(
        desk.sent(MessageKind::WaitlistOffer).await.is_empty(),
        "an ended entry is offered nothing"
    );
}

pub async fn a_patient_already_booked_at_that_time_is_skipped(store: Arc<dyn Store>) {
    let desk = Desk::open(store).await;
    let (c, t) = (&desk.clinic, &desk.clinic.tenant);
    let ten = c.tuesday(10, 0);
    let busy = patient(&desk, "Rosa").await;
    let free = patient(&desk, "Sara").await;
    join(&desk, &busy, None, PartOfDay::Any).await;
    join(&desk, &free, None, PartOfDay::Any).await;
    // Rosa books an implant elsewhere at ten: her cleaning entry still waits.
    let implant = BookingRequest::new(busy.id, c.bruno.id, c.implant.id, ten);
    desk.engine.book(t, implant, None).await.expect("implant");
    let freed = desk.book(ten).await;
    desk.engine.cancel(t, freed.id, None).await.unwrap();
    let (to, _, _) = offer_link(&desk, 0, LinkAction::Take).await;
    assert!(
        to.contains(free.email.as_str()),
        "Rosa is at the other chair then: {to}"
    );
}

pub async fn joining_twice_or_for_what_the_clinic_does_not_offer_is_refused(store: Arc<dyn Store>) {
    use turnaki_shared::waitlist::WaitlistError;
    let desk = Desk::open(store).await;
    let (c, t) = (&desk.clinic, &desk.clinic.tenant);
    let who = patient(&desk, "Tomas").await;
    join(&desk, &who, None, PartOfDay::Any).await;
    let again = JoinRequest {
        patient_id: who.id,
        wish: Wish {
            treatment_id: c.cleaning.id,
            professional_id: None,
            earliest: day("2026-03-02"),
            latest: day("2026-03-09"),
            weekdays: Vec::new(),
            part_of_day: PartOfDay::Any,
        },
        by_staff: false,
    };
    assert_eq!(
        desk.waitlist.join(t, again.clone()).await,
        Err(WaitlistError::AlreadyWaiting)
    );
    let past = JoinRequest {
        wish: Wish {
            latest: day("2026-03-01"),
            treatment_id: c.implant.id,
            ..again.wish.clone()
        },
        ..again.clone()
    };
    let Err(WaitlistError::Invalid(invalid)) = desk.waitlist.join(t, past).await else {
        panic!("a last day already past is refused");
    };
    assert_eq!(invalid.0[0].field, "latest");
    let beyond = JoinRequest {
        wish: Wish {
            latest: day("2026-12-01"),
            treatment_id: c.implant.id,
            ..again.wish.clone()
        },
        ..again
    };
    let Err(WaitlistError::Invalid(invalid)) = desk.waitlist.join(t, beyond).await else {
        panic!("a last day beyond the clinic's horizon is refused");
    };
    assert_eq!(invalid.0[0].field, "latest");
}

/// The outbox behind a switch: while `down`, every offer message fails as an unreachable
/// relay (the rest goes through, so the freeing change's own message is delivered).
struct Switch {
    down: std::sync::atomic::AtomicBool,
    outbox: turnaki_shared::notification::OutboxMailer,
}

#[async_trait::async_trait]
impl turnaki_shared::notification::Mailer for Switch {
    async fn send(
        &self,
        email: &turnaki_shared::notification::Message,
    ) -> Result<(), turnaki_shared::notification::MailError> {
        if email.kind == MessageKind::WaitlistOffer && self.down.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(turnaki_shared::notification::MailError::Unavailable(
                "connection refused".into(),
            ));
        }
        self.outbox.send(email).await
    }
}

pub async fn an_offer_whose_message_failed_is_sent_on_the_next_pass_and_only_once(store: Arc<dyn Store>) {
    let clinic = turnaki_testkit::clinic::Clinic::open(Arc::clone(&store), 0).await;
    let switch = Arc::new(Switch {
        down: false.into(),
        outbox: turnaki_shared::notification::OutboxMailer::new(Arc::clone(&store), clinic.clock.clone()),
    });
    let desk = Desk::with_mailer(store, clinic, switch.clone()).await;
    let (c, t) = (&desk.clinic, &desk.clinic.tenant);
    let freed = desk.book(c.tuesday(10, 0)).await;
    desk.wait_for(MessageKind::Confirmation, 1).await;
    let elena = patient(&desk, "Elena").await;
    join(&desk, &elena, None, PartOfDay::Any).await;

    switch.down.store(true, std::sync::atomic::Ordering::SeqCst);
    desk.engine.cancel(t, freed.id, None).await.expect("cancelled");
    settle(&desk).await;
    assert!(
        desk.sent(MessageKind::WaitlistOffer).await.is_empty(),
        "the mail is down"
    );

    switch.down.store(false, std::sync::atomic::Ordering::SeqCst);
    desk.waitlist.sweep().await.expect("sweep");
    let (to, _, _) = offer_link(&desk, 0, LinkAction::Take).await;
    assert!(to.contains(elena.email.as_str()), "{to}");
    desk.waitlist.sweep().await.expect("sweep");
    settle(&desk).await;
    assert_eq!(desk.sent(MessageKind::WaitlistOffer).await.len(), 1, "sent once");
}

pub async fn an_absence_removed_offers_its_time_to_the_waiting_patient_once(store: Arc<dyn Store>) {
    use turnaki_shared::domain::{TimeOff, TimeOffScope};
    use turnaki_shared::waitlist::WaitlistError;
    let desk = Desk::open(store).await;
    let (c, t) = (&desk.clinic, &desk.clinic.tenant);
    let away = TimeOff::new(
        TimeOffScope::Professional(c.ana.id),
        c.tuesday(9, 0),
        c.tuesday(12, 0),
        "course",
    )
    .expect("time off");
    Catalog::new(Arc::clone(&desk.store))
        .add_time_off(t.id, &away)
        .await
        .expect("time off");
    let elena = patient(&desk, "Elena").await;
    join(&desk, &elena, Some(c.ana.id), PartOfDay::Morning).await;
    assert_eq!(desk.waitlist.sweep().await.expect("sweep").offered_freed, 0);

    desk.waitlist.remove_time_off(t, &away).await.expect("removed");
    assert_eq!(
        desk.waitlist.remove_time_off(t, &away).await,
        Err(WaitlistError::NotFound("time off")),
        "removing twice frees nothing twice"
    );
    // This pass offers it, or the relay's own pass did already.
    desk.waitlist.sweep().await.expect("sweep");
    let (to, offer, _) = offer_link(&desk, 0, LinkAction::Take).await;
    assert!(to.contains(elena.email.as_str()), "{to}");
    let offer = desk.waitlist.offer_by_id(t, offer).await.expect("offer");
    assert!(
        (c.tuesday(9, 0)..c.tuesday(12, 0)).contains(&offer.start),
        "within the freed morning: {}",
        offer.start
    );
    assert_eq!(
        desk.waitlist.sweep().await.expect("sweep").offered_freed,
        0,
        "the record is gone"
    );
    settle(&desk).await;
    assert_eq!(desk.sent(MessageKind::WaitlistOffer).await.len(), 1);
}
