//! Acting from the message: the patient answers with the links of the email itself, on
//! every store, with the clinic's clock standing still (Monday 2 March 2026, 08:00 in
//! Santiago) unless a story moves it.

use std::sync::Arc;

use chrono::Duration;
use turnaki_shared::booking::BookingError;
use turnaki_shared::domain::{
    Booking, BookingRules, BookingRulesParts, BookingStatus, LinkAction, MessageKind, PatientAnswer, Role,
};
use turnaki_shared::links::desk::{LinkDesk, LinkFailure, to_call};
use turnaki_shared::links::{HmacSigner, LinkRefusal, Links};
use turnaki_shared::store::Store;

use crate::desk::{Desk, Mail};
use turnaki_testkit::clinic::Clinic;

/// The label of each link in a Spanish clinic's plain-text body.
fn label(action: LinkAction) -> &'static str {
    match action {
        LinkAction::Confirm => "Asistiré",
        LinkAction::Cancel => "Cancelar",
        LinkAction::Reschedule => "Elegir otra hora",
        LinkAction::Take => "La tomo",
        LinkAction::Decline => "No, gracias",
    }
}

/// The token of the `action` link in the newest message of `kind` about `booking`, as the
/// patient would click it: the URL after its label, the token after its `#`.
async fn token_from_message(desk: &Desk, kind: MessageKind, booking: &Booking, action: LinkAction) -> String {
    // Each booking's message is sent by the relay's task after its commit: wait for it.
    let mut found = None;
    for _ in 0..200 {
        let messages = desk.sent(kind).await;
        found = messages
            .into_iter()
            .rev()
            .find(|m| m.mail().booking_id == Some(booking.id));
        if found.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let message = found.unwrap_or_else(|| panic!("no {kind:?} message about the booking"));
    let prefix = format!("{}: ", label(action));
    let url = message
        .mail()
        .text
        .lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no {action} link in:\n{}", message.mail().text));
    let page = format!(
        "https://turnaki.example/{}/appointments/{}/link#",
        desk.clinic.tenant.slug, booking.id
    );
    assert!(url.starts_with(&page), "{url} does not open the booking's page");
    assert!(
        message.mail().html.contains(url),
        "the HTML has another link than the text"
    );
    url[page.len()..].to_owned()
}

async fn stored(desk: &Desk, booking: &Booking) -> Booking {
    desk.engine
        .booking(&desk.clinic.tenant, booking.id)
        .await
        .expect("the booking")
}

pub async fn a_patient_confirms_with_the_link_of_the_confirmation_message(store: Arc<dyn Store>) {
    let desk = Desk::open(store).await;
    let booking = desk.book(desk.clinic.tuesday(10, 0)).await;
    let token = token_from_message(&desk, MessageKind::Confirmation, &booking, LinkAction::Confirm).await;
    let tenant = &desk.clinic.tenant;

    // Opening the page (a mail scanner's prefetch too) changes nothing.
    let seen = desk
        .links
        .view(tenant, booking.id, &token)
        .await
        .expect("the link opens");
    assert_eq!(
        (seen.action, seen.booking.answer),
        (LinkAction::Confirm, PatientAnswer::Unconfirmed)
    );
    assert!(seen.may_change, "a visit a day ahead is outside the 24 h window");
    assert_eq!(stored(&desk, &booking).await, booking);

    let confirmed = desk.links.confirm(tenant, booking.id, &token).await.expect("confirmed");
    let now = desk.clinic.clock_now();
    assert_eq!(confirmed.booking.answer, PatientAnswer::Confirmed { at: now });
    assert_eq!(confirmed.booking.version, booking.version + 1);
    assert_eq!(stored(&desk, &booking).await, confirmed.booking);

    // The same link again, later: harmless, and the first answer's time stays.
    desk.clinic.clock.advance(Duration::minutes(5));
    let again = desk
        .links
        .confirm(tenant, booking.id, &token)
        .await
        .expect("still fine");
    assert_eq!(again.booking, confirmed.booking);
    // The answer's event was delivered and called for no message.
    desk.relay.run().await.expect("relay");
    assert_eq!(desk.outbox().await.len(), 1, "only the confirmation was sent");
}

pub async fn tampered_expired_and_foreign_links_are_refused_and_change_nothing(store: Arc<dyn Store>) {
    let desk = Desk::open(Arc::clone(&store)).await;
    let booking = desk.book(desk.clinic.tuesday(10, 0)).await;
    let other = desk.book(desk.clinic.tuesday(11, 0)).await;
    let confirm = token_from_message(&desk, MessageKind::Confirmation, &booking, LinkAction::Confirm).await;
    let cancel = token_from_message(&desk, MessageKind::Confirmation, &booking, LinkAction::Cancel).await;
    let tenant = &desk.clinic.tenant;
    let refused = |r: LinkRefusal| Err::<(), _>(LinkFailure::Refused(r));
    let outcome = |r: Result<turnaki_shared::links::desk::Linked, LinkFailure>| r.map(|_| ());

    // Tampered: another booking's id in the payload, or a changed MAC.
    let swapped = confirm.replace(&booking.id.to_string(), &other.id.to_string());
    assert_eq!(
        outcome(desk.links.confirm(tenant, other.id, &swapped).await),
        refused(LinkRefusal::Invalid)
    );
    let (payload, mac) = confirm.split_once('~').expect("payload~mac");
    let flipped = if mac.starts_with('A') { 'B' } else { 'A' };
    let bad_mac = format!("{payload}~{flipped}{}", &mac[1..]);
    assert_eq!(
        outcome(desk.links.confirm(tenant, booking.id, &bad_mac).await),
        refused(LinkRefusal::Invalid)
    );
    assert_eq!(
        outcome(desk.links.confirm(tenant, booking.id, "junk").await),
        refused(LinkRefusal::Invalid)
    );
    // Signed with another server's key.
    let stranger = LinkDesk::new(
        Links::new(Arc::new(HmacSigner::generate())),
        desk.engine.clone(),
        desk.clinic.clock.clone(),
    );
    assert_eq!(
        outcome(stranger.confirm(tenant, booking.id, &confirm).await),
        refused(LinkRefusal::Invalid)
    );

    // Foreign: used on another booking's page, another clinic's, or for another action.
    assert_eq!(
        outcome(desk.links.confirm(tenant, other.id, &confirm).await),
        Err(LinkFailure::Foreign)
    );
    let elsewhere = Clinic::open(store, 0).await.tenant;
    assert_eq!(
        outcome(desk.links.confirm(&elsewhere, booking.id, &confirm).await),
        Err(LinkFailure::Foreign)
    );
    assert_eq!(
        outcome(desk.links.cancel(tenant, booking.id, &confirm).await),
        Err(LinkFailure::Foreign)
    );
    assert_eq!(
        outcome(desk.links.confirm(tenant, booking.id, &cancel).await),
        Err(LinkFailure::Foreign)
    );
    let later = desk.clinic.tuesday(15, 0);
    assert_eq!(
        outcome(desk.links.reschedule(tenant, booking.id, &cancel, later).await),
        Err(LinkFailure::Foreign)
    );

    // Expired: the visit (10:00–10:30) has ended.
    desk.clinic.clock.advance(booking.end - desk.clinic.clock_now());
    assert_eq!(
        outcome(desk.links.confirm(tenant, booking.id, &confirm).await),
        refused(LinkRefusal::Expired)
    );
    assert_eq!(
        outcome(desk.links.view(tenant, booking.id, &cancel).await),
        refused(LinkRefusal::Expired)
    );

    assert_eq!(stored(&desk, &booking).await, booking, "nothing changed");
    assert_eq!(stored(&desk, &other).await, other, "nothing changed");
}

pub async fn a_cancel_link_used_twice_cancels_once_and_frees_the_time(store: Arc<dyn Store>) {
    let desk = Desk::open(store).await;
    let start = desk.clinic.tuesday(10, 0);
    let booking = desk.book(start).await;
    let token = token_from_message(&desk, MessageKind::Confirmation, &booking, LinkAction::Cancel).await;
    let tenant = &desk.clinic.tenant;
    let cancelled = desk.links.cancel(tenant, booking.id, &token).await.expect("cancelled");
    assert_eq!(cancelled.booking.status, BookingStatus::Cancelled);
    assert_eq!(
        cancelled.booking.answer,
        PatientAnswer::Declined {
            at: desk.clinic.clock_now()
        }
    );
    assert!(!cancelled.may_change);
    let again = desk.links.cancel(tenant, booking.id, &token).await.expect("harmless");
    assert_eq!(again.booking, cancelled.booking, "the second use changed nothing");
    assert_eq!(desk.wait_for(MessageKind::Cancellation, 1).await.len(), 1);
    desk.relay.run().await.expect("relay");
    assert_eq!(
        desk.sent(MessageKind::Cancellation).await.len(),
        1,
        "one cancellation message"
    );
    // The time is free again at once.
    desk.book(start).await;
    // A cancelled booking cannot be confirmed any more.
    let confirm = token_from_message(&desk, MessageKind::Confirmation, &booking, LinkAction::Confirm).await;
    assert_eq!(
        desk.links.confirm(tenant, booking.id, &confirm).await.map(|_| ()),
        Err(LinkFailure::Booking(BookingError::Finished(BookingStatus::Cancelled)))
    );
}

pub async fn cancel_and_reschedule_by_link_inside_the_window_are_refused(store: Arc<dyn Store>) {
    let desk = Desk::open(store).await;
    // Monday 15:00, seven hours away: inside the clinic's 24-hour window.
    let soon = desk.clinic.tuesday(15, 0) - Duration::days(1);
    let booking = desk.book(soon).await;
    let tenant = &desk.clinic.tenant;
    let cancel = token_from_message(&desk, MessageKind::Confirmation, &booking, LinkAction::Cancel).await;
    let move_it = token_from_message(&desk, MessageKind::Confirmation, &booking, LinkAction::Reschedule).await;
    let window = Err(LinkFailure::Booking(BookingError::OutsideCancellationWindow(24)));
    assert_eq!(desk.links.cancel(tenant, booking.id, &cancel).await.map(|_| ()), window);
    let later = desk.clinic.tuesday(16, 0);
    assert_eq!(
        desk.links
            .reschedule(tenant, booking.id, &move_it, later)
            .await
            .map(|_| ()),
        window
    );
    let seen = desk
        .links
        .view(tenant, booking.id, &cancel)
        .await
        .expect("the page opens");
    assert!(!seen.may_change, "the page says it is too late to change online");
    assert_eq!(stored(&desk, &booking).await, booking, "nothing changed");
    // Saying one will come is still welcome.
    let confirm = token_from_message(&desk, MessageKind::Confirmation, &booking, LinkAction::Confirm).await;
    let confirmed = desk
        .links
        .confirm(tenant, booking.id, &confirm)
        .await
        .expect("confirmed");
    assert!(confirmed.booking.answer.is_confirmed());
}

pub async fn a_reschedule_link_moves_the_booking_once(store: Arc<dyn Store>) {
    let desk = Desk::open(store).await;
    let booking = desk.book(desk.clinic.tuesday(10, 0)).await;
    let tenant = &desk.clinic.tenant;
    let token = token_from_message(&desk, MessageKind::Confirmation, &booking, LinkAction::Reschedule).await;
    let later = desk.clinic.tuesday(16, 0);
    let moved = desk
        .links
        .reschedule(tenant, booking.id, &token, later)
        .await
        .expect("moved");
    assert_eq!(
        (moved.booking.start, moved.booking.version),
        (later, booking.version + 1)
    );
    let again = desk
        .links
        .reschedule(tenant, booking.id, &token, later)
        .await
        .expect("harmless");
    assert_eq!(again.booking, moved.booking);
    // The move's message carries fresh links, for the new time.
    let fresh = token_from_message(&desk, MessageKind::Reschedule, &booking, LinkAction::Confirm).await;
    assert!(desk.links.confirm(tenant, booking.id, &fresh).await.is_ok());
}

pub async fn reception_calls_the_days_unconfirmed_patients_and_the_call_sticks(store: Arc<dyn Store>) {
    let desk = Desk::open(store).await;
    let tenant = &desk.clinic.tenant;
    let unconfirmed = desk.book(desk.clinic.tuesday(9, 0)).await;
    let confirmed = desk.book(desk.clinic.tuesday(10, 0)).await;
    let cancelled = desk.book(desk.clinic.tuesday(11, 0)).await;
    let wednesday = desk.book(desk.clinic.tuesday(9, 0) + Duration::days(1)).await;
    let token = token_from_message(&desk, MessageKind::Confirmation, &confirmed, LinkAction::Confirm).await;
    desk.links
        .confirm(tenant, confirmed.id, &token)
        .await
        .expect("confirmed");
    desk.engine.cancel(tenant, cancelled.id, None).await.expect("cancelled");

    let tuesday = desk
        .clinic
        .tuesday(0, 0)
        .with_timezone(&tenant.time_zone.tz())
        .date_naive();
    assert_eq!(
        turnaki_shared::links::desk::tomorrow(tenant, desk.clinic.clock_now()),
        tuesday
    );
    let list = to_call(&desk.engine, tenant, tuesday).await.expect("the list");
    assert_eq!(
        list.iter().map(|l| l.booking.id).collect::<Vec<_>>(),
        vec![unconfirmed.id]
    );
    assert_eq!(list[0].patient.as_ref().map(|p| p.id), Some(desk.patient.id));

    let called = desk
        .engine
        .record_call(tenant, unconfirmed.id, "reception-1".into(), Role::Reception)
        .await
        .expect("call recorded");
    let call = called.called.clone().expect("a call");
    assert_eq!(
        (call.by.as_str(), call.role, call.at),
        ("reception-1", Role::Reception, desk.clinic.clock_now())
    );
    let list = to_call(&desk.engine, tenant, tuesday).await.expect("the list");
    assert_eq!(
        list[0].booking.called,
        Some(call),
        "the call sticks and the booking stays listed"
    );
    let next_day = to_call(&desk.engine, tenant, tuesday + Duration::days(1))
        .await
        .expect("the list");
    assert_eq!(
        next_day.iter().map(|l| l.booking.id).collect::<Vec<_>>(),
        vec![wednesday.id]
    );
}

pub async fn a_clinic_that_asks_sends_the_confirmation_request_to_patients_yet_to_answer(store: Arc<dyn Store>) {
    let mut desk = Desk::open(store).await;
    desk.set_rules(BookingRulesParts {
        confirmation_request_hours: Some(48),
        ..BookingRules::default().parts()
    })
    .await;
    // Thursday 10:00 and 11:00: asked on Tuesday at the same hours.
    let thursday = |h| desk.clinic.tuesday(h, 0) + Duration::days(2);
    let (quiet, eager) = (desk.book(thursday(10)).await, desk.book(thursday(11)).await);
    let token = token_from_message(&desk, MessageKind::Confirmation, &eager, LinkAction::Confirm).await;
    desk.links
        .confirm(&desk.clinic.tenant, eager.id, &token)
        .await
        .expect("confirmed");
    desk.clinic
        .clock
        .advance(desk.clinic.tuesday(11, 30) - desk.clinic.clock_now());
    desk.job().run().await.expect("the job runs");
    let asked = desk.sent(MessageKind::ConfirmationRequest).await;
    assert_eq!(
        asked.iter().map(|m| m.mail().booking_id).collect::<Vec<_>>(),
        vec![Some(quiet.id)]
    );
    assert!(
        asked[0].mail().subject.starts_with("Confirme su cita: "),
        "{}",
        asked[0].mail().subject
    );
    let token = token_from_message(&desk, MessageKind::ConfirmationRequest, &quiet, LinkAction::Confirm).await;
    assert!(desk.links.confirm(&desk.clinic.tenant, quiet.id, &token).await.is_ok());
}
