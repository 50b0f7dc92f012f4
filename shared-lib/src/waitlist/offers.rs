//! Offers: freed time goes to the first fitting waiting entry as a hold in its patient's
//! name, exactly one at a time. Taking it books through the hold; declining or letting it
//! lapse passes the same time to the next entry, taking over the old offer's granules.
//!
//! An offer is made after the freeing change commits (from its event), never inside it. The
//! hold's granule locks are what make a double offer impossible: a second offer of the same
//! time cannot take them while the first holds them.

use chrono::{DateTime, Duration, Utc};

use super::{Waitlist, WaitlistError, entry_item};
use crate::booking::{BookingError, BookingRequest, HeldSlot};
use crate::domain::{
    Booking, BookingChange, BookingEvent, BookingStatus, EntryState, FreedBy, FreedTime, Grid, Hold, Offer,
    OfferOutcome, Tenant, WaitlistEntry,
};
use crate::ids::{OfferId, TenantId};
use crate::keys;
use crate::store::{Action, Condition, Index, Item, Query, SortKey, StoreError};

/// How long an offer of `tenant` holds its time.
fn held_for(tenant: &Tenant) -> Duration {
    Duration::minutes(i64::from(tenant.rules.waitlist_offer_minutes()))
}

/// Why an offer link did nothing.
pub type OfferFailure = WaitlistError;

/// What one pass over the due offers did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Offers nobody answered in time, recorded as lapsed.
    pub lapsed: usize,
    /// Freed time passed on to a next entry.
    pub passed_on: usize,
    /// Freed time that no waiting entry could take, given back to online booking.
    pub released: usize,
    /// Time freed by removed time off, offered.
    pub offered_freed: usize,
}

/// How long the record that an entry was offered a time is kept after that time.
const OFFERED_TTL: Duration = Duration::days(1);

impl Waitlist {
    /// What a committed booking change means for the list: freed time is offered, and a
    /// patient who booked a treatment stops waiting for it.
    pub async fn on_event(&self, event: &BookingEvent) -> Result<Option<Offer>, WaitlistError> {
        let booking = &event.booking;
        let freed = match event.change {
            BookingChange::Cancelled => FreedTime {
                professional_id: booking.professional_id,
                start: booking.start,
                until: booking.blocked_until,
                by: FreedBy::Booking { booking_id: booking.id },
            },
            BookingChange::Rescheduled {
                from_start,
                from_professional,
            } => FreedTime {
                professional_id: from_professional,
                start: from_start,
                until: from_start + (booking.blocked_until - booking.start),
                by: FreedBy::Booking { booking_id: booking.id },
            },
            BookingChange::Created => {
                self.end_waiting(booking).await?;
                return Ok(None);
            }
            _ => return Ok(None),
        };
        let Some(tenant) = self.engine.catalog().tenant(booking.tenant_id).await? else {
            return Ok(None);
        };
        self.fill(&tenant, freed, None).await
    }

    /// Offers `freed` to the first waiting entry it fits, in the order entries joined:
    /// `None` when none can take it. `taking_over` is the hold of the offer it passes on.
    pub async fn fill(
        &self,
        tenant: &Tenant,
        freed: FreedTime,
        taking_over: Option<&Offer>,
    ) -> Result<Option<Offer>, WaitlistError> {
        if self.notifier.is_none() {
            return Ok(None);
        }
        let now = self.engine.now();
        let today = self.today(tenant);
        let grid = Grid::new(tenant.time_zone, tenant.rules.granularity());
        let Some(professional) = self
            .engine
            .catalog()
            .professional(tenant.id, freed.professional_id)
            .await?
        else {
            return Ok(None);
        };
        let query = Query::new(
            Index::Table,
            keys::tenant_partition(tenant.id),
            SortKey::Prefix(keys::WAITLIST_PREFIX.into()),
        );
        let entries: Vec<WaitlistEntry> = crate::store::query_all(self.engine.store().as_ref(), &query)
            .await?
            .iter()
            .map(Item::record)
            .collect::<Result<_, _>>()?;
        let starts: Vec<DateTime<Utc>> = grid
            .granules(grid.ceil(freed.start), freed.until)
            // Still bookable when the hold lapses: a patient who takes it at the last minute
            // must not meet the clinic's minimum notice.
            .filter(|s| *s >= tenant.rules.earliest_start(now + held_for(tenant)))
            .collect();
        for entry in entries
            .iter()
            .filter(|e| e.waits_on(today) && professional.performs(e.wish.treatment_id))
        {
            let fitting: Vec<_> = starts
                .iter()
                .copied()
                .filter(|s| entry.wish.fits(professional.id, grid.local(*s)))
                .collect();
            let offered = keys::offered(tenant.id, entry.id, freed.by, freed.start);
            if fitting.is_empty() || self.engine.store().get(&offered).await?.is_some() {
                continue;
            }
            for start in fitting {
                if self.busy_then(tenant, entry, start).await? {
                    break;
                }
                match self.offer(tenant, entry, freed, start, taking_over).await {
                    Ok(offer) => {
                        self.send(tenant, &offer).await;
                        return Ok(Some(offer));
                    }
                    Err(BookingError::Store(e)) => return Err(e.into()),
                    // Taken, outside hours or the window, already offered by a racing
                    // worker: this start cannot be offered to this entry.
                    Err(_) => continue,
                }
            }
        }
        Ok(None)
    }

    /// Whether the entry's patient already has a visit holding time around `start`.
    async fn busy_then(
        &self,
        tenant: &Tenant,
        entry: &WaitlistEntry,
        start: DateTime<Utc>,
    ) -> Result<bool, WaitlistError> {
        let Some(treatment) = self
            .engine
            .catalog()
            .treatment(tenant.id, entry.wish.treatment_id)
            .await?
        else {
            return Ok(true);
        };
        let end = start + treatment.duration();
        // Nobody's visit lasts a day: a day before is far enough back to catch one overlapping.
        let query = Query::new(
            Index::Gsi1,
            keys::patient_bookings_partition(tenant.id, entry.patient_id),
            SortKey::Between(
                keys::booking_start_sk(start - Duration::days(1)),
                keys::booking_start_sk(end),
            ),
        );
        let items = crate::store::query_all(self.engine.store().as_ref(), &query).await?;
        for item in &items {
            let booking: Booking = item.record()?;
            if booking.status.holds_time() && booking.start < end && start < booking.end {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Holds `start` for the entry's patient and records the offer, in one transaction.
    async fn offer(
        &self,
        tenant: &Tenant,
        entry: &WaitlistEntry,
        freed: FreedTime,
        start: DateTime<Utc>,
        taking_over: Option<&Offer>,
    ) -> Result<Offer, BookingError> {
        let id = OfferId::new();
        let now = self.engine.now();
        let slot = HeldSlot {
            professional_id: freed.professional_id,
            treatment_id: entry.wish.treatment_id,
            start,
            held_for: held_for(tenant),
            taking_over: taking_over.map(|o| o.hold_id),
        };
        let treatment = self
            .engine
            .catalog()
            .treatment(tenant.id, entry.wish.treatment_id)
            .await?
            .ok_or(BookingError::NotFound("treatment"))?;
        let offer_of = |hold: &Hold| Offer {
            id,
            tenant_id: tenant.id,
            entry_id: entry.id,
            patient_id: entry.patient_id,
            treatment_id: entry.wish.treatment_id,
            professional_id: freed.professional_id,
            chair_id: hold.chair_id,
            start,
            end: start + treatment.duration(),
            hold_id: hold.id,
            held_until: hold.held_until,
            freed,
            made_at: now,
            outcome: OfferOutcome::Open,
            version: 1,
        };
        let hold = self
            .engine
            .hold_with(tenant, slot, |hold| {
                let offer = offer_of(hold);
                let guard = Item::new(keys::offered(tenant.id, entry.id, freed.by, freed.start))
                    .with_expiry((freed.until + OFFERED_TTL).timestamp());
                // One open offer per entry: a second would hold time its patient cannot use.
                let offering =
                    Item::new(keys::entry_offering(tenant.id, entry.id)).with_expiry(hold.held_until.timestamp());
                Ok(vec![
                    Action::Put {
                        item: offer_item(&offer)?,
                        condition: Some(Condition::NotExists),
                    },
                    Action::Put {
                        item: guard,
                        condition: Some(Condition::NotExists),
                    },
                    Action::Put {
                        item: offering,
                        condition: Some(Condition::free_at(now.timestamp())),
                    },
                    Action::Put {
                        item: due_item(&offer, offer.held_until),
                        condition: None,
                    },
                ])
            })
            .await?;
        Ok(offer_of(&hold))
    }

    async fn send(&self, tenant: &Tenant, offer: &Offer) {
        let Some(notifier) = &self.notifier else { return };
        if let Err(e) = notifier.offer(tenant, offer).await {
            // The offer still holds the time: it lapses unanswered and passes on.
            tracing::error!(offer = %offer.id, error = %e, "the waitlist offer could not be sent");
        }
    }

    /// One offer.
    pub async fn offer_by_id(&self, tenant: &Tenant, id: OfferId) -> Result<Offer, WaitlistError> {
        let item = self
            .engine
            .store()
            .get(&keys::offer(tenant.id, id))
            .await?
            .ok_or(WaitlistError::NotFound("offer"))?;
        Ok(item.record()?)
    }

    /// "Take it": books the offered time through its hold, and ends the offer and the entry
    /// in the same transaction. Taking it again answers with the same booking.
    pub async fn take(&self, tenant: &Tenant, id: OfferId) -> Result<(Offer, Booking), WaitlistError> {
        let offer = self.offer_by_id(tenant, id).await?;
        if let OfferOutcome::Taken { booking_id, .. } = offer.outcome {
            let booking = self.engine.booking(tenant, booking_id).await?;
            return Ok((offer, booking));
        }
        if !offer.is_open_at(self.engine.now()) {
            return Err(WaitlistError::OfferEnded);
        }
        let entry = self.entry(tenant, offer.entry_id).await?;
        let mut request = BookingRequest::new(offer.patient_id, offer.professional_id, offer.treatment_id, offer.start);
        request.hold_id = Some(offer.hold_id);
        request.chair_id = offer.chair_id;
        request.status = BookingStatus::Confirmed;
        let at = self.engine.now();
        let ended = |booking: &Booking| -> Result<Vec<Action>, StoreError> {
            let mut taken = offer.clone();
            taken.outcome = OfferOutcome::Taken {
                booking_id: booking.id,
                at,
            };
            taken.version += 1;
            let mut booked = entry.clone();
            booked.state = EntryState::Booked {
                booking_id: booking.id,
                at,
            };
            booked.version += 1;
            Ok(vec![
                Action::Put {
                    item: offer_item(&taken)?,
                    condition: Some(Condition::version_is(offer.version)),
                },
                Action::Put {
                    item: entry_item(&booked)?,
                    condition: Some(Condition::version_is(entry.version)),
                },
                Action::Delete {
                    key: keys::open_offer(tenant.id, offer.id, offer.held_until),
                    condition: None,
                },
            ])
        };
        let booking = self.engine.book_with(tenant, request, None, ended).await?;
        let offer = self.offer_by_id(tenant, id).await?;
        Ok((offer, booking))
    }

    /// "No thanks": ends the offer; the next sweep passes its time on (at once when
    /// embedded: the commit rings the relay). Declining again changes nothing.
    pub async fn decline(&self, tenant: &Tenant, id: OfferId) -> Result<Offer, WaitlistError> {
        let offer = self.offer_by_id(tenant, id).await?;
        if matches!(offer.outcome, OfferOutcome::Declined { .. }) {
            return Ok(offer);
        }
        if offer.outcome != OfferOutcome::Open {
            return Err(WaitlistError::OfferEnded);
        }
        let now = self.engine.now();
        let mut declined = offer.clone();
        declined.outcome = OfferOutcome::Declined { at: now };
        declined.version += 1;
        let actions = vec![
            Action::Put {
                item: offer_item(&declined)?,
                condition: Some(Condition::version_is(offer.version)),
            },
            Action::Delete {
                key: keys::open_offer(tenant.id, offer.id, offer.held_until),
                condition: None,
            },
            // Due now: the sweep passes the time on, or gives it back.
            Action::Put {
                item: due_item(&declined, now),
                condition: None,
            },
            Action::Delete {
                key: keys::hold(tenant.id, offer.hold_id),
                condition: None,
            },
            // The patient may be offered other time at once.
            Action::Delete {
                key: keys::entry_offering(tenant.id, offer.entry_id),
                condition: None,
            },
        ];
        match self.engine.store().transact(actions).await {
            Ok(()) => {
                self.engine.ring_relay();
                Ok(declined)
            }
            Err(StoreError::ConditionFailed { .. } | StoreError::Contention) => Err(BookingError::Stale.into()),
            Err(e) => Err(e.into()),
        }
    }

    /// One pass over the open offers: an unsent one's message is sent, lapsed ones are
    /// recorded, and the time of every lapsed or declined one goes to the next fitting entry,
    /// or back to online booking; then the time freed by removed time off is offered.
    pub async fn sweep(&self) -> Result<SweepReport, WaitlistError> {
        let now = self.engine.now();
        let mut report = SweepReport::default();
        for shard in 0..keys::REMINDER_SHARDS {
            let query = Query::new(
                Index::Table,
                keys::open_offers(shard),
                // Every open offer, not only the lapsed: one whose message failed is sent
                // again on each pass until it goes (the notifier sends each offer once).
                SortKey::Between(String::new(), "~".into()),
            );
            for item in crate::store::query_all(self.engine.store().as_ref(), &query).await? {
                self.advance(&item, now, &mut report).await?;
            }
        }
        report.offered_freed = self.offer_freed().await?;
        Ok(report)
    }

    async fn advance(&self, item: &Item, now: DateTime<Utc>, report: &mut SweepReport) -> Result<(), WaitlistError> {
        let store = self.engine.store();
        let due: Due = item.record()?;
        let Some(tenant) = self.engine.catalog().tenant(due.tenant_id).await? else {
            return Ok(store.delete(&item.key(), None).await?);
        };
        let Ok(mut offer) = self.offer_by_id(&tenant, due.offer_id).await else {
            return Ok(store.delete(&item.key(), None).await?);
        };
        if offer.outcome == OfferOutcome::Open {
            if now < offer.held_until {
                self.send(&tenant, &offer).await;
                return Ok(());
            }
            let mut lapsed = offer.clone();
            lapsed.outcome = OfferOutcome::Lapsed { at: now };
            lapsed.version += 1;
            let actions = vec![
                Action::Put {
                    item: offer_item(&lapsed)?,
                    condition: Some(Condition::version_is(offer.version)),
                },
                Action::Delete {
                    key: keys::hold(tenant.id, offer.hold_id),
                    condition: None,
                },
            ];
            match store.transact(actions).await {
                Ok(()) => report.lapsed += 1,
                // Taken at the last moment: nothing to pass on.
                Err(StoreError::ConditionFailed { .. }) => return Ok(store.delete(&item.key(), None).await?),
                Err(e) => return Err(e.into()),
            }
            offer = lapsed;
        }
        if !matches!(offer.outcome, OfferOutcome::Taken { .. }) {
            match self.fill(&tenant, offer.freed, Some(&offer)).await? {
                Some(_) => report.passed_on += 1,
                None => {
                    let hold = Hold {
                        id: offer.hold_id,
                        professional_id: offer.professional_id,
                        chair_id: offer.chair_id,
                        treatment_id: offer.treatment_id,
                        start: offer.start,
                        held_until: offer.held_until,
                    };
                    self.engine.release_hold(&tenant, &hold).await?;
                    report.released += 1;
                }
            }
        }
        Ok(store.delete(&item.key(), None).await?)
    }

    /// Ends the waiting entries of a booking's patient for its treatment.
    async fn end_waiting(&self, booking: &Booking) -> Result<(), WaitlistError> {
        let Some(tenant) = self.engine.catalog().tenant(booking.tenant_id).await? else {
            return Ok(());
        };
        for entry in self.of_patient(&tenant, booking.patient_id).await? {
            if entry.state != EntryState::Waiting || entry.wish.treatment_id != booking.treatment_id {
                continue;
            }
            let mut booked = entry.clone();
            booked.state = EntryState::Booked {
                booking_id: booking.id,
                at: booking.created_at,
            };
            booked.version += 1;
            match self
                .engine
                .store()
                .put(entry_item(&booked)?, Some(Condition::version_is(entry.version)))
                .await
            {
                Ok(()) | Err(StoreError::ConditionFailed { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }
}

/// The stored form of an offer, with its entry's GSI2 entry.
fn offer_item(offer: &Offer) -> Result<Item, StoreError> {
    Ok(Item::from_record(keys::offer(offer.tenant_id, offer.id), offer)?
        .with_gsi2(keys::offer_by_entry(offer.tenant_id, offer.entry_id, offer.id))
        .with_expiry((offer.end + super::KEPT_AFTER_LAST_DAY).timestamp()))
}

/// What the sweep reads of a due offer.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Due {
    tenant_id: TenantId,
    offer_id: OfferId,
}

/// The sweep's entry of an offer, due at `at`.
fn due_item(offer: &Offer, at: DateTime<Utc>) -> Item {
    Item::new(keys::open_offer(offer.tenant_id, offer.id, at))
        .with("tenant_id", offer.tenant_id.to_string())
        .with("offer_id", offer.id.to_string())
}
