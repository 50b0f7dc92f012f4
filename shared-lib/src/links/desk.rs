//! The workflows of "act from the message" (DESIGN §11): a link's token is verified, checked
//! to name the clinic and booking it is used on and the action it is used for, and then the
//! booking is changed by the engine under the same rules as "my appointments" — cancel and
//! reschedule only outside the clinic's cancellation window. Using a link twice changes
//! nothing the second time. Also reception's to-call list.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::{LinkRefusal, Links};
use crate::booking::{BookingEngine, BookingError};
use crate::catalog::CatalogError;
use crate::clock::Clock;
use crate::domain::Offer;
use crate::domain::{Booking, BookingStatus, Grid, LinkAction, LinkClaims, Patient, PatientAnswer, Tenant};
use crate::ids::{BookingId, OfferId};
use crate::waitlist::{Waitlist, WaitlistError};

/// Why a link did not act.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkFailure {
    /// The token is not valid, has expired, or could not be checked.
    #[error(transparent)]
    Refused(#[from] LinkRefusal),
    /// A valid token used on another clinic's or another booking's page, or for another
    /// action than the one it was made for.
    #[error("this link is for another appointment or another action")]
    Foreign,
    /// The engine refused (the booking is finished, the new time is taken…).
    #[error(transparent)]
    Booking(#[from] BookingError),
    /// The waitlist refused (the offer ended…).
    #[error(transparent)]
    Offer(#[from] WaitlistError),
}

impl From<CatalogError> for LinkFailure {
    fn from(e: CatalogError) -> Self {
        Self::Booking(e.into())
    }
}

/// A booking as its link shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    /// The booking as it now stands.
    pub booking: Booking,
    /// What the link that opened it does.
    pub action: LinkAction,
    /// Whether the patient may still cancel or move it online.
    pub may_change: bool,
}

/// Acts on bookings from the links in their messages.
#[derive(Clone)]
pub struct LinkDesk {
    links: Links,
    engine: BookingEngine,
    waitlist: Waitlist,
    clock: Arc<dyn Clock>,
}

impl LinkDesk {
    /// A desk verifying with `links`, changing bookings through `engine`, at `clock`'s time.
    pub fn new(links: Links, engine: BookingEngine, clock: Arc<dyn Clock>) -> Self {
        Self {
            links,
            waitlist: Waitlist::new(engine.clone()),
            engine,
            clock,
        }
    }

    /// The same desk changing bookings through `engine` (one that rings a relay, say).
    pub fn with_engine(self, engine: BookingEngine) -> Self {
        Self {
            waitlist: self.waitlist.with_engine(engine.clone()),
            engine,
            ..self
        }
    }

    /// The signer's tokens, for the messages that carry them.
    pub fn links(&self) -> &Links {
        &self.links
    }

    /// The claims of `token` if it is valid now and names `booking` of `tenant`; with
    /// `action`, only a token made for that action.
    async fn claims(
        &self,
        tenant: &Tenant,
        booking: BookingId,
        token: &str,
        action: Option<LinkAction>,
    ) -> Result<LinkClaims, LinkFailure> {
        let claims = self.links.open(token, self.clock.now()).await?;
        let ours =
            claims.tenant_id == tenant.id && claims.names_booking(booking) && action.is_none_or(|a| a == claims.action);
        if ours { Ok(claims) } else { Err(LinkFailure::Foreign) }
    }

    /// The offer `token` opens, if it is valid now and names offer `id` of `tenant`, for
    /// `action` when given.
    async fn offer_claims(
        &self,
        tenant: &Tenant,
        id: OfferId,
        token: &str,
        action: Option<LinkAction>,
    ) -> Result<(), LinkFailure> {
        let claims = match self.links.open(token, self.clock.now()).await {
            // An offer's link ends with its hold: say the offer ended, not that a visit did.
            Err(LinkRefusal::Expired) => return Err(LinkFailure::Offer(WaitlistError::OfferEnded)),
            other => other?,
        };
        let ours = claims.tenant_id == tenant.id && claims.names_offer(id) && action.is_none_or(|a| a == claims.action);
        if ours { Ok(()) } else { Err(LinkFailure::Foreign) }
    }

    /// The waitlist offer a link opens, for its page; changes nothing.
    pub async fn offer(&self, tenant: &Tenant, id: OfferId, token: &str) -> Result<Offer, LinkFailure> {
        self.offer_claims(tenant, id, token, None).await?;
        Ok(self.waitlist.offer_by_id(tenant, id).await?)
    }

    /// "Take it": books the offered time for the patient it was offered to.
    pub async fn take(&self, tenant: &Tenant, id: OfferId, token: &str) -> Result<(Offer, Booking), LinkFailure> {
        self.offer_claims(tenant, id, token, Some(LinkAction::Take)).await?;
        Ok(self.waitlist.take(tenant, id).await?)
    }

    /// "No thanks": passes the offered time on.
    pub async fn decline(&self, tenant: &Tenant, id: OfferId, token: &str) -> Result<Offer, LinkFailure> {
        self.offer_claims(tenant, id, token, Some(LinkAction::Decline)).await?;
        Ok(self.waitlist.decline(tenant, id).await?)
    }

    /// The booking a link opens, for its page; changes nothing (mail scanners open links).
    pub async fn view(&self, tenant: &Tenant, id: BookingId, token: &str) -> Result<Linked, LinkFailure> {
        let claims = self.claims(tenant, id, token, None).await?;
        let booking = self.engine.booking(tenant, id).await?;
        Ok(self.linked(tenant, booking, claims.action))
    }

    /// "I'll be there": records the patient's confirmation.
    pub async fn confirm(&self, tenant: &Tenant, id: BookingId, token: &str) -> Result<Linked, LinkFailure> {
        self.claims(tenant, id, token, Some(LinkAction::Confirm)).await?;
        let booking = self.engine.confirm_attendance(tenant, id).await?;
        Ok(self.linked(tenant, booking, LinkAction::Confirm))
    }

    /// "Cancel": cancels the booking as declined by its patient, outside the window only.
    pub async fn cancel(&self, tenant: &Tenant, id: BookingId, token: &str) -> Result<Linked, LinkFailure> {
        self.claims(tenant, id, token, Some(LinkAction::Cancel)).await?;
        let booking = self.engine.booking(tenant, id).await?;
        // Already cancelled (by this link or by the clinic): nothing more to do.
        if booking.status == BookingStatus::Cancelled {
            return Ok(self.linked(tenant, booking, LinkAction::Cancel));
        }
        self.engine.patient_may_move(tenant, &booking)?;
        let booking = self.engine.decline(tenant, id).await?;
        Ok(self.linked(tenant, booking, LinkAction::Cancel))
    }

    /// "Choose another time": moves the booking to `start` with the same professional,
    /// outside the window only, under the rules patients book by.
    pub async fn reschedule(
        &self,
        tenant: &Tenant,
        id: BookingId,
        token: &str,
        start: DateTime<Utc>,
    ) -> Result<Linked, LinkFailure> {
        self.claims(tenant, id, token, Some(LinkAction::Reschedule)).await?;
        let booking = self.engine.booking(tenant, id).await?;
        // The same move again (a double press, a resent form): it is already done.
        if booking.start == start && booking.status.holds_time() {
            return Ok(self.linked(tenant, booking, LinkAction::Reschedule));
        }
        self.engine.patient_may_move(tenant, &booking)?;
        let booking = self.engine.reschedule(tenant, id, start, None, None, false).await?;
        Ok(self.linked(tenant, booking, LinkAction::Reschedule))
    }

    fn linked(&self, tenant: &Tenant, booking: Booking, action: LinkAction) -> Linked {
        Linked {
            may_change: self.may_change(tenant, &booking),
            booking,
            action,
        }
    }

    fn may_change(&self, tenant: &Tenant, booking: &Booking) -> bool {
        matches!(booking.status, BookingStatus::Pending | BookingStatus::Confirmed)
            && tenant.rules.patient_may_change(booking.start, self.clock.now())
    }
}

/// One line of reception's to-call list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToCall {
    /// The booking, still unconfirmed by its patient.
    pub booking: Booking,
    /// Its patient (none if the record is gone).
    pub patient: Option<Patient>,
}

/// The day the to-call list shows when none is chosen: tomorrow on the clinic's calendar.
pub fn tomorrow(tenant: &Tenant, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&tenant.time_zone.tz()).date_naive() + Duration::days(1)
}

/// The bookings of `day` (the clinic's calendar) whose patients have not said they will
/// come, by start time, with each patient's contact: what reception phones about.
pub async fn to_call(engine: &BookingEngine, tenant: &Tenant, day: NaiveDate) -> Result<Vec<ToCall>, BookingError> {
    let grid = Grid::new(tenant.time_zone, tenant.rules.granularity());
    let professionals: Vec<_> = engine
        .catalog()
        .professionals(tenant.id)
        .await?
        .iter()
        .map(|p| p.id)
        .collect();
    let (from, to) = (grid.start_of_day(day), grid.start_of_day(day + Duration::days(1)));
    let mut bookings: Vec<Booking> = engine
        .starting_between(tenant, &professionals, from, to)
        .await?
        .into_iter()
        .filter(|b| matches!(b.status, BookingStatus::Pending | BookingStatus::Confirmed))
        .filter(|b| b.answer == PatientAnswer::Unconfirmed)
        .collect();
    bookings.sort_by_key(|b| (b.start, b.id));
    let patients = futures::future::try_join_all(
        bookings
            .iter()
            .map(|b| engine.catalog().patient(tenant.id, b.patient_id)),
    )
    .await?;
    Ok(bookings
        .into_iter()
        .zip(patients)
        .map(|(booking, patient)| ToCall { booking, patient })
        .collect())
}
