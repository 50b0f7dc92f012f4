//! The EventBridge adapter: a published event reaches the rule's target intact.

use turnaki_shared::domain::{Booking, BookingChange, BookingEvent, BookingStatus};
use turnaki_shared::ids::{BookingId, PatientId, ProfessionalId, TenantId, TreatmentId};
use turnaki_shared::notification::EventBus;
use turnaki_shared::notification::eventbridge::{EventBridgeBus, SOURCE};

use crate::moto::{Moto, bus_to_queue};

/// An event about a booking on Tuesday 3 March at 13:00 UTC.
fn event(change: BookingChange, status: BookingStatus) -> BookingEvent {
    let start = "2026-03-03T13:00:00Z".parse().unwrap();
    BookingEvent {
        change,
        booking: Booking {
            id: BookingId::new(),
            tenant_id: TenantId::new(),
            patient_id: PatientId::new(),
            professional_id: ProfessionalId::new(),
            chair_id: None,
            treatment_id: TreatmentId::new(),
            start,
            end: start,
            blocked_until: start,
            granule_minutes: 15,
            reminders: Vec::new(),
            status,
            notes: String::new(),
            created_at: start,
            version: 2,
        },
        at: start,
    }
}

#[tokio::test]
async fn a_published_booking_event_reaches_the_rules_target_intact() {
    let moto = Moto::from_env().await;
    let bus = bus_to_queue(&moto).await;
    let publisher = EventBridgeBus::new(aws_sdk_eventbridge::Client::new(&moto.config), bus);
    let moved = BookingChange::Rescheduled {
        from_start: "2026-03-02T13:00:00Z".parse().unwrap(),
        from_professional: ProfessionalId::new(),
    };
    let event = event(moved, BookingStatus::Confirmed);
    publisher.publish(&event).await.expect("published");
    let delivered = moto.events_about(event.booking.id).await;
    assert_eq!(delivered.len(), 1, "{delivered:?}");
    assert_eq!(delivered[0]["source"], SOURCE);
    assert_eq!(delivered[0]["detail-type"], "booking.rescheduled");
    let detail: BookingEvent = serde_json::from_value(delivered[0]["detail"].clone()).expect("the event");
    assert_eq!(detail, event);
}

#[tokio::test]
async fn publishing_to_a_bus_that_does_not_exist_fails_without_panicking() {
    let moto = Moto::from_env().await;
    let publisher = EventBridgeBus::new(aws_sdk_eventbridge::Client::new(&moto.config), "no-such-bus");
    let event = event(BookingChange::Cancelled, BookingStatus::Cancelled);
    assert!(publisher.publish(&event).await.is_err());
}
