//! The EventBridge adapter (AWS column): booking events go to the platform's bus, where a
//! rule routes them to the `send-notification` function.

use async_trait::async_trait;
use aws_sdk_eventbridge::Client;
use aws_sdk_eventbridge::types::PutEventsRequestEntry;

use super::{BusError, EventBus};
use crate::domain::BookingEvent;

/// The `source` of every event Turnaki publishes.
pub const SOURCE: &str = "turnaki.bookings";

/// Publishes to one EventBridge bus with `PutEvents`.
#[derive(Debug, Clone)]
pub struct EventBridgeBus {
    client: Client,
    bus_name: String,
}

impl EventBridgeBus {
    /// The adapter publishing to `bus_name` (a name or an ARN).
    pub fn new(client: Client, bus_name: impl Into<String>) -> Self {
        Self {
            client,
            bus_name: bus_name.into(),
        }
    }
}

#[async_trait]
impl EventBus for EventBridgeBus {
    async fn publish(&self, event: &BookingEvent) -> Result<(), BusError> {
        let detail = serde_json::to_string(event).map_err(|e| BusError::Unavailable(e.to_string()))?;
        let entry = PutEventsRequestEntry::builder()
            .event_bus_name(&self.bus_name)
            .source(SOURCE)
            .detail_type(event.change.name())
            .detail(detail)
            .build();
        let out = self
            .client
            .put_events()
            .entries(entry)
            .send()
            .await
            .map_err(|e| BusError::Unavailable(aws_sdk_eventbridge::error::DisplayErrorContext(&e).to_string()))?;
        // PutEvents answers 200 even when an entry failed; the count says so.
        match out.failed_entry_count() {
            0 => Ok(()),
            _ => {
                let why = out
                    .entries()
                    .iter()
                    .filter_map(|e| e.error_message())
                    .collect::<Vec<_>>()
                    .join("; ");
                Err(BusError::Unavailable(format!("EventBridge refused the event: {why}")))
            }
        }
    }
}
