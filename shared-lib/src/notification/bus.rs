//! The event bus port: booking changes announced after they are stored, and the
//! in-process adapter `turnaki serve` uses.

use std::sync::Arc;

use async_trait::async_trait;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::Notifier;
use crate::domain::BookingEvent;

/// Why an event could not be published.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BusError {
    /// The bus refused the event or could not be reached.
    #[error("the event bus failed: {0}")]
    Unavailable(String),
}

/// Where booking events go: EventBridge in AWS, a task of the same process when embedded.
#[async_trait]
pub trait EventBus: Send + Sync {
    /// Publishes one event.
    async fn publish(&self, event: &BookingEvent) -> Result<(), BusError>;
}

/// Hands events to a background task that notifies patients, one event at a time so
/// a booking's messages go out in the order its changes happened.
#[derive(Debug, Clone)]
pub struct InProcessBus {
    queue: mpsc::UnboundedSender<BookingEvent>,
}

impl InProcessBus {
    /// Starts the task; it ends once every clone of the bus is dropped and the queue drained.
    pub fn start(notifier: Arc<Notifier>) -> (Self, JoinHandle<()>) {
        let (queue, mut events) = mpsc::unbounded_channel::<BookingEvent>();
        let worker = tokio::spawn(async move {
            while let Some(event) = events.recv().await {
                if let Err(e) = notifier.handle(&event).await {
                    tracing::error!(booking = %event.booking.id, change = event.change.name(), error = %e, "notification failed");
                }
            }
        });
        (Self { queue }, worker)
    }
}

#[async_trait]
impl EventBus for InProcessBus {
    async fn publish(&self, event: &BookingEvent) -> Result<(), BusError> {
        self.queue
            .send(event.clone())
            .map_err(|_| BusError::Unavailable("the notification task has stopped".into()))
    }
}
