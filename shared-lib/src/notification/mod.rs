//! Notifications (DESIGN §7): booking changes become emails in the clinic's language and
//! zone, sent from the change's event once it is stored; reminders go out from the due
//! buckets.
//!
//! Ports: [`Mailer`] (SES in AWS, the outbox with optional SMTP relay when embedded) and
//! [`Texter`] (SNS in AWS, the outbox with optional SMS gateway when embedded); the clinic's
//! channels and the patient's consent decide which a message takes. The events travel
//! through the store itself ([`relay`]).

#[cfg(test)]
mod fixture;
pub mod gateway;
mod ics;
mod letter;
mod mailer;
mod message;
pub mod outbox;
pub mod relay;
mod reminders;
#[cfg(feature = "ses")]
pub mod ses;
#[cfg(feature = "sns")]
pub mod sns;
mod texter;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

pub use gateway::SmsGateway;
pub use letter::Letter;
pub use mailer::{Attachment, MailError, Mailer, Message, MessageKind};
pub use message::{RenderError, render, render_text};
pub use outbox::{OutboxMailer, OutboxTexter};
pub use reminders::{CLAIM_LEASE, MAX_ATTEMPTS, ReminderEntry, ReminderJob, RunReport, states as reminder_states};
pub use texter::{TextError, TextMessage, Texter};

use crate::catalog::{Catalog, CatalogError};
use crate::domain::{
    Booking, BookingChange, BookingEvent, BookingStatus, Channel, LinkAction, LinkClaims, Offer, Recall, ReminderKind,
    Tenant,
};
use crate::ids::MessageId;
use crate::keys;
use crate::links::{Links, SignerUnavailable};
use crate::store::Item;

/// How long the record that a change's message was sent is kept: longer than any
/// redelivery of its event can come.
const SENT_RECORD_TTL: chrono::Duration = chrono::Duration::days(30);

/// Why a notification was not sent.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    /// Something the message names is gone (the clinic, patient, treatment…).
    #[error("the {0} of the booking no longer exists")]
    Missing(&'static str),
    /// The message could not be rendered.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// Every attempt to send failed.
    #[error(transparent)]
    Mail(#[from] MailError),
    /// Every attempt to send the text failed.
    #[error(transparent)]
    Text(#[from] TextError),
    /// The clinic's data could not be read.
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    /// The message's links could not be signed.
    #[error(transparent)]
    Links(#[from] SignerUnavailable),
}

impl NotifyError {
    /// Whether handling the same event again may succeed: the mail service or the store
    /// failed for a moment, as opposed to a message that can never be sent.
    pub const fn is_transient(&self) -> bool {
        match self {
            Self::Mail(e) => e.is_transient(),
            Self::Text(e) => e.is_transient(),
            Self::Catalog(CatalogError::Store(e)) => e.is_transient(),
            Self::Links(_) => true,
            Self::Missing(_) | Self::Render(_) | Self::Catalog(_) => false,
        }
    }
}

/// Who messages are from, and where patients manage their bookings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letterhead {
    /// Sender, `Name <address>` or a bare address.
    pub from: String,
    /// The app's public address, such as `https://turnaki.example`.
    pub public_url: String,
}

impl Letterhead {
    /// The page where the patient manages one booking.
    pub fn manage_url(&self, tenant: &Tenant, booking: &Booking) -> String {
        format!(
            "{}/{}/appointments/{}",
            self.public_url.trim_end_matches('/'),
            tenant.slug,
            booking.id
        )
    }

    /// The clinic's booking page.
    pub fn clinic_url(&self, tenant: &Tenant) -> String {
        format!("{}/{}", self.public_url.trim_end_matches('/'), tenant.slug)
    }

    /// The wizard with a recall's treatment and professional chosen.
    pub fn book_url(&self, tenant: &Tenant, recall: &Recall) -> String {
        format!(
            "{}?treatment={}&professional={}",
            self.clinic_url(tenant),
            recall.treatment_id,
            recall.professional_id
        )
    }

    /// The page a waitlist offer's link opens, token in the fragment.
    pub fn offer_url(&self, tenant: &Tenant, offer: &Offer, token: &str) -> String {
        format!("{}/offers/{}#{token}", self.clinic_url(tenant), offer.id)
    }

    /// The page a link of a message opens: the token rides in the fragment, which browsers
    /// never send to a server, so it lands in no access log.
    pub fn link_url(&self, tenant: &Tenant, booking: &Booking, token: &str) -> String {
        format!("{}/link#{token}", self.manage_url(tenant, booking))
    }
}

/// What a letter says beyond who it goes to and what about: the parts that differ between a
/// booking's messages, an offer and a recall.
struct Envelope<'a> {
    kind: MessageKind,
    /// Names the patient, treatment and professional, and the time shown.
    booking: &'a Booking,
    previous_start: Option<DateTime<Utc>>,
    manage_url: &'a str,
    actions: &'a [ActionLink],
    held_until: Option<DateTime<Utc>>,
}

/// One "act from the message" link of an email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionLink {
    /// What it does.
    pub action: LinkAction,
    /// Where it goes (absolute URL, token in the fragment).
    pub url: String,
}

/// How often a failing send is tried, and how long to wait before the first retry (it
/// doubles after each failure).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// Tries in all, at least one.
    pub attempts: u32,
    /// Wait before the second try.
    pub backoff: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Self {
            attempts: 3,
            backoff: Duration::from_millis(500),
        }
    }
}

/// Renders and sends the messages booking changes and reminders call for.
pub struct Notifier {
    catalog: Catalog,
    mailer: Arc<dyn Mailer>,
    texter: Option<Arc<dyn Texter>>,
    letterhead: Letterhead,
    retry: Retry,
    links: Option<Links>,
}

impl Notifier {
    /// A notifier reading the clinic's data from `catalog` and sending through `mailer`.
    pub fn new(catalog: Catalog, mailer: Arc<dyn Mailer>, letterhead: Letterhead) -> Self {
        Self {
            catalog,
            mailer,
            texter: None,
            letterhead,
            retry: Retry::default(),
            links: None,
        }
    }

    /// Sends texts through `texter` where the clinic's channels and the patient's consent
    /// call for them; without, every message is an email.
    pub fn with_texter(self, texter: Arc<dyn Texter>) -> Self {
        Self {
            texter: Some(texter),
            ..self
        }
    }

    /// Signs the "I'll be there", "Cancel" and "Choose another time" links of
    /// confirmations and reminders with `links`; without, messages carry the manage link only.
    pub fn with_links(self, links: Links) -> Self {
        Self {
            links: Some(links),
            ..self
        }
    }

    /// Changes how failing sends are retried.
    pub fn with_retry(self, retry: Retry) -> Self {
        Self { retry, ..self }
    }

    /// Sends the message `event` calls for, if any; `None` when it calls for none (a
    /// patient arriving, say). Handling the same event again sends nothing: the message's
    /// id comes from the booking, its version and the kind, and its sending is recorded.
    pub async fn handle(&self, event: &BookingEvent) -> Result<Option<MessageId>, NotifyError> {
        let Some((kind, previous_start)) = message_for(&event.change, &event.booking) else {
            return Ok(None);
        };
        let id = change_message_id(event, kind);
        let tenant = self.tenant_of(&event.booking).await?;
        if self.already_sent(&tenant, id).await? {
            return Ok(Some(id));
        }
        self.notify(kind, &tenant, &event.booking, previous_start, id).await?;
        self.record_sent(&tenant, id, event.at).await?;
        Ok(Some(id))
    }

    /// Sends the reminder of a visit, or the request to confirm it (the reminder job makes
    /// sure it is sent once).
    pub async fn remind(
        &self,
        tenant: &Tenant,
        booking: &Booking,
        kind: ReminderKind,
    ) -> Result<MessageId, NotifyError> {
        let id = MessageId::new();
        let message = match kind {
            ReminderKind::Confirm => MessageKind::ConfirmationRequest,
            ReminderKind::Ahead | ReminderKind::SameDay => MessageKind::Reminder,
        };
        self.notify(message, tenant, booking, None, id).await?;
        Ok(id)
    }

    /// Sends a waitlist offer with its "Take it" and "No thanks" links: one message per
    /// offer, whatever retries it takes.
    pub async fn offer(&self, tenant: &Tenant, offer: &Offer) -> Result<MessageId, NotifyError> {
        let id = MessageId::from_ulid(offer.id.ulid());
        if self.already_sent(tenant, id).await? {
            return Ok(id);
        }
        let links = self.links.as_ref().ok_or(NotifyError::Missing("link signer"))?;
        let mut actions = Vec::with_capacity(LinkAction::ON_OFFER.len());
        for action in LinkAction::ON_OFFER {
            let token = links.issue(&LinkClaims::for_offer(offer, action)).await?;
            actions.push(ActionLink {
                action,
                url: self.letterhead.offer_url(tenant, offer, &token),
            });
        }
        let envelope = Envelope {
            kind: MessageKind::WaitlistOffer,
            booking: &provisional_booking(tenant, offer),
            previous_start: None,
            manage_url: &self.letterhead.clinic_url(tenant),
            actions: &actions,
            held_until: Some(offer.held_until),
        };
        self.send_letter(tenant, envelope, id).await?;
        self.record_sent(tenant, id, offer.made_at).await?;
        Ok(id)
    }

    /// Sends the `nth` (1 or 2) recall of `recall`: its link opens the wizard with the
    /// treatment and the last professional chosen. One message per recall and `nth`.
    pub async fn recall(&self, tenant: &Tenant, recall: &Recall, nth: u8) -> Result<MessageId, NotifyError> {
        let name = format!(
            "recall#{}#{}#{}#{nth}",
            recall.patient_id, recall.treatment_id, recall.due
        );
        let stamp = recall.contacted.last().copied().unwrap_or(recall.last_visit_at);
        let id = named_message_id(&name, stamp);
        if self.already_sent(tenant, id).await? {
            return Ok(id);
        }
        let visit = self
            .catalog
            .store()
            .get(&keys::booking(tenant.id, recall.last_visit))
            .await
            .map_err(CatalogError::Store)?
            .ok_or(NotifyError::Missing("last visit"))?;
        // The visit that set the recall names its patient, treatment and professional.
        let visit: Booking = visit.record().map_err(CatalogError::Store)?;
        let envelope = Envelope {
            kind: MessageKind::Recall,
            booking: &visit,
            previous_start: None,
            manage_url: &self.letterhead.book_url(tenant, recall),
            actions: &[],
            held_until: None,
        };
        self.send_letter(tenant, envelope, id).await?;
        self.record_sent(tenant, id, stamp).await?;
        Ok(id)
    }

    /// The signed links a message of `kind` carries: none for requests and cancellations,
    /// and none without a signer.
    async fn action_links(
        &self,
        kind: MessageKind,
        tenant: &Tenant,
        booking: &Booking,
    ) -> Result<Vec<ActionLink>, SignerUnavailable> {
        let carries = matches!(
            kind,
            MessageKind::Confirmation
                | MessageKind::Reschedule
                | MessageKind::Reminder
                | MessageKind::ConfirmationRequest
        );
        let Some(links) = self.links.as_ref().filter(|_| carries) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::with_capacity(LinkAction::ON_BOOKING.len());
        for action in LinkAction::ON_BOOKING {
            let token = links.issue(&LinkClaims::for_booking(booking, action)).await?;
            out.push(ActionLink {
                action,
                url: self.letterhead.link_url(tenant, booking, &token),
            });
        }
        Ok(out)
    }

    async fn tenant_of(&self, booking: &Booking) -> Result<Tenant, NotifyError> {
        self.catalog
            .tenant(booking.tenant_id)
            .await?
            .ok_or(NotifyError::Missing("clinic"))
    }

    async fn notify(
        &self,
        kind: MessageKind,
        tenant: &Tenant,
        booking: &Booking,
        previous_start: Option<DateTime<Utc>>,
        id: MessageId,
    ) -> Result<(), NotifyError> {
        let manage_url = self.letterhead.manage_url(tenant, booking);
        let actions = self.action_links(kind, tenant, booking).await?;
        let envelope = Envelope {
            kind,
            booking,
            previous_start,
            manage_url: &manage_url,
            actions: &actions,
            held_until: None,
        };
        self.send_letter(tenant, envelope, id).await
    }

    /// Renders and sends the letter `envelope` asks for, to the booking's patient, about its
    /// treatment and professional.
    async fn send_letter(&self, tenant: &Tenant, envelope: Envelope<'_>, id: MessageId) -> Result<(), NotifyError> {
        let (t, booking) = (tenant.id, envelope.booking);
        let (patient, treatment, professional) = futures::try_join!(
            self.catalog.patient(t, booking.patient_id),
            self.catalog.treatment(t, booking.treatment_id),
            self.catalog.professional(t, booking.professional_id),
        )?;
        let patient = patient.ok_or(NotifyError::Missing("patient"))?;
        let letter = Letter {
            kind: envelope.kind,
            tenant,
            booking,
            patient: &patient,
            treatment: &treatment.ok_or(NotifyError::Missing("treatment"))?,
            professional: &professional.ok_or(NotifyError::Missing("professional"))?,
            previous_start: envelope.previous_start,
            manage_url: envelope.manage_url,
            actions: envelope.actions,
            from: &self.letterhead.from,
            held_until: envelope.held_until,
        };
        let number = patient.phone.as_ref().filter(|_| patient.sms.allows_texts());
        let texting = self.texter.as_ref().zip(number);
        for channel in tenant.channels.of(envelope.kind).channels(texting.is_some()) {
            match (channel, texting) {
                (Channel::Sms, Some((texter, to))) => {
                    let text = render_text(&letter, text_id(id), to.clone());
                    self.retrying(text.id, || texter.send(&text), TextError::is_transient)
                        .await?;
                }
                _ => {
                    let email = render(&letter, id)?;
                    self.retrying(id, || self.mailer.send(&email), MailError::is_transient)
                        .await?;
                }
            }
        }
        Ok(())
    }

    /// Whether message `id` of `tenant` was sent already (a redelivery, a retried run).
    async fn already_sent(&self, tenant: &Tenant, id: MessageId) -> Result<bool, NotifyError> {
        let sent = keys::sent_message(tenant.id, id);
        Ok(self
            .catalog
            .store()
            .get(&sent)
            .await
            .map_err(CatalogError::Store)?
            .is_some())
    }

    /// Records that message `id`, made at `at`, was sent, for as long as a redelivery can come.
    async fn record_sent(&self, tenant: &Tenant, id: MessageId, at: DateTime<Utc>) -> Result<(), NotifyError> {
        let record = Item::new(keys::sent_message(tenant.id, id)).with_expiry((at + SENT_RECORD_TTL).timestamp());
        self.catalog
            .store()
            .put(record, None)
            .await
            .map_err(CatalogError::Store)?;
        Ok(())
    }

    /// Sends with bounded retries; a message that can never be sent is not retried.
    async fn retrying<E, F>(&self, id: MessageId, send: impl Fn() -> F, is_transient: fn(&E) -> bool) -> Result<(), E>
    where
        E: std::fmt::Display,
        F: Future<Output = Result<(), E>>,
    {
        let mut wait = self.retry.backoff;
        let mut attempt = 1;
        loop {
            match send().await {
                Ok(()) => return Ok(()),
                Err(e) if is_transient(&e) && attempt < self.retry.attempts => {
                    tracing::warn!(message = %id, attempt, error = %e, "send failed; retrying");
                    tokio::time::sleep(wait).await;
                    wait *= 2;
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }
}

/// The id of the text that goes with email `id`: its own outbox entry, as stable as the
/// email's across redeliveries.
fn text_id(id: MessageId) -> MessageId {
    let ulid = id.ulid();
    MessageId::from_ulid(ulid::Ulid::from_parts(ulid.timestamp_ms(), ulid.random() ^ 1))
}

/// The offered time as a booking-shaped record, for the message's details only: it is not
/// stored, and the message names no booking.
fn provisional_booking(tenant: &Tenant, offer: &Offer) -> Booking {
    Booking {
        id: crate::ids::BookingId::from_ulid(offer.id.ulid()),
        tenant_id: tenant.id,
        patient_id: offer.patient_id,
        professional_id: offer.professional_id,
        chair_id: offer.chair_id,
        treatment_id: offer.treatment_id,
        start: offer.start,
        end: offer.end,
        blocked_until: offer.end,
        granule_minutes: tenant.rules.granularity().minutes(),
        reminders: Vec::new(),
        status: BookingStatus::Pending,
        notes: String::new(),
        answer: crate::domain::PatientAnswer::Unconfirmed,
        called: None,
        created_at: offer.made_at,
        version: 1,
    }
}

/// The id of the message a change calls for: one per booking version and kind, so every
/// delivery of the same event names the same message. It sorts by the change's time, as
/// the outbox lists messages.
fn change_message_id(event: &BookingEvent, kind: MessageKind) -> MessageId {
    let name = format!("{}#{}#{kind:?}", event.booking.id, event.booking.version);
    named_message_id(&name, event.at)
}

/// The id of the message called `name`, sorting by `at`: the same name, the same id.
fn named_message_id(name: &str, at: DateTime<Utc>) -> MessageId {
    let high = u128::from(keys::fnv1a(name, 0));
    let low = u128::from(keys::fnv1a(name, 1));
    let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
    MessageId::from_ulid(ulid::Ulid::from_parts(millis, (high << 64) | low))
}

/// The message a change calls for, and the former start of a moved booking.
fn message_for(change: &BookingChange, booking: &Booking) -> Option<(MessageKind, Option<DateTime<Utc>>)> {
    match change {
        BookingChange::Created if booking.status == BookingStatus::Pending => Some((MessageKind::Request, None)),
        BookingChange::Created => Some((MessageKind::Confirmation, None)),
        BookingChange::Rescheduled { from_start, .. } => Some((MessageKind::Reschedule, Some(*from_start))),
        BookingChange::Cancelled => Some((MessageKind::Cancellation, None)),
        BookingChange::StatusChanged {
            from: BookingStatus::Pending,
        } if booking.status == BookingStatus::Confirmed => Some((MessageKind::Confirmation, None)),
        BookingChange::StatusChanged { .. } | BookingChange::Confirmed | BookingChange::Called => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ProfessionalId;
    use crate::store::StoreError;

    fn booking(status: BookingStatus) -> Booking {
        let start = "2026-03-02T13:00:00Z".parse().unwrap();
        Booking {
            id: crate::ids::BookingId::new(),
            tenant_id: crate::ids::TenantId::new(),
            patient_id: crate::ids::PatientId::new(),
            professional_id: ProfessionalId::new(),
            chair_id: None,
            treatment_id: crate::ids::TreatmentId::new(),
            start,
            end: start,
            blocked_until: start,
            granule_minutes: 15,
            reminders: Vec::new(),
            status,
            notes: String::new(),
            answer: crate::domain::PatientAnswer::Unconfirmed,
            called: None,
            created_at: start,
            version: 1,
        }
    }

    #[test]
    fn a_store_or_mail_outage_is_worth_a_retry_and_a_vanished_clinic_is_not() {
        let store_down = NotifyError::Catalog(CatalogError::Store(StoreError::Unavailable("timeout".into())));
        assert!(store_down.is_transient());
        assert!(NotifyError::Catalog(CatalogError::Store(StoreError::Contention)).is_transient());
        assert!(NotifyError::Mail(MailError::Unavailable("throttled".into())).is_transient());
        assert!(!NotifyError::Mail(MailError::Invalid("no address".into())).is_transient());
        assert!(!NotifyError::Missing("clinic").is_transient());
        assert!(!NotifyError::Catalog(CatalogError::Store(StoreError::Corrupt("bad item".into()))).is_transient());
    }

    #[test]
    fn a_pending_request_is_acknowledged_and_confirmed_when_staff_confirm_it() {
        let pending = booking(BookingStatus::Pending);
        assert_eq!(
            message_for(&BookingChange::Created, &pending),
            Some((MessageKind::Request, None))
        );
        let confirmed = booking(BookingStatus::Confirmed);
        let from = BookingStatus::Pending;
        assert_eq!(
            message_for(&BookingChange::StatusChanged { from }, &confirmed),
            Some((MessageKind::Confirmation, None))
        );
    }

    #[test]
    fn arrivals_and_no_shows_send_nothing() {
        let from = BookingStatus::Confirmed;
        for status in [BookingStatus::Arrived, BookingStatus::NoShow] {
            assert_eq!(
                message_for(&BookingChange::StatusChanged { from }, &booking(status)),
                None
            );
        }
    }

    #[test]
    fn a_moved_booking_names_its_former_time() {
        let moved = booking(BookingStatus::Confirmed);
        let change = BookingChange::Rescheduled {
            from_start: "2026-03-01T13:00:00Z".parse().unwrap(),
            from_professional: ProfessionalId::new(),
        };
        assert_eq!(
            message_for(&change, &moved),
            Some((MessageKind::Reschedule, Some("2026-03-01T13:00:00Z".parse().unwrap())))
        );
    }
}
