//! This month's figures of the loop around a booking (issue 16 §5), computed from booking,
//! offer and recall items by range queries, never from counters written inside booking
//! transactions (DESIGN §11).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::api::figures::MonthFigures;
use crate::booking::{BookingEngine, BookingError};
use crate::domain::{Booking, BookingStatus, Grid, Offer, OfferOutcome, PatientAnswer, Recall, Tenant};
use crate::keys;
use crate::recall::Recalls;
use crate::store::{Index, Item, Query, SortKey, query_all};

/// The month `[from, to)` of `tenant` (clinic calendar), from its stored items.
pub async fn month(
    engine: &BookingEngine,
    recalls: &Recalls,
    tenant: &Tenant,
    first: chrono::NaiveDate,
    next: chrono::NaiveDate,
) -> Result<MonthFigures, BookingError> {
    let grid = Grid::new(tenant.time_zone, tenant.rules.granularity());
    let (from, to) = (grid.start_of_day(first), grid.start_of_day(next));
    let professionals: Vec<_> = engine
        .catalog()
        .professionals(tenant.id)
        .await?
        .iter()
        .map(|p| p.id)
        .collect();
    let bookings = engine.starting_between(tenant, &professionals, from, to).await?;
    let items = |prefix: &str| {
        Query::new(
            Index::Table,
            keys::tenant_partition(tenant.id),
            SortKey::Prefix(prefix.into()),
        )
    };
    let store = engine.store().as_ref();
    let offers: Vec<Offer> = query_all(store, &items("OFFER#"))
        .await?
        .iter()
        .map(Item::record)
        .collect::<Result<_, _>>()?;
    let all_recalls: Vec<Recall> = query_all(store, &items(keys::RECALL_PREFIX))
        .await?
        .iter()
        .map(Item::record)
        .collect::<Result<_, _>>()?;
    let within = |at: DateTime<Utc>| from <= at && at < to;
    let mut recalls_booked = 0;
    let contacted: Vec<&Recall> = all_recalls
        .iter()
        .filter(|r| r.contacted.iter().any(|at| within(*at)))
        .collect();
    for recall in &contacted {
        if recall.booked.is_some() || recalls.booked_since(recall).await?.is_some() {
            recalls_booked += 1;
        }
    }
    let mut figures = count(&bookings, &offers, within, engine.now());
    figures.month = first.format("%Y-%m").to_string();
    figures.recalls_sent = all_recalls
        .iter()
        .flat_map(|r| &r.contacted)
        .filter(|at| within(**at))
        .count() as u64;
    figures.recalls_booked = recalls_booked;
    Ok(figures)
}

/// The booking and offer figures, for offers made while `within` holds.
fn count(
    bookings: &[Booking],
    offers: &[Offer],
    within: impl Fn(DateTime<Utc>) -> bool,
    now: DateTime<Utc>,
) -> MonthFigures {
    let held: Vec<&Booking> = bookings
        .iter()
        .filter(|b| b.status != BookingStatus::Cancelled)
        .collect();
    let confirmed = |b: &&&Booking| matches!(b.answer, PatientAnswer::Confirmed { .. });
    let seen = |b: &&&Booking| {
        matches!(
            b.status,
            BookingStatus::Arrived | BookingStatus::Completed | BookingStatus::NoShow
        ) && b.start <= now
    };
    let no_show = |b: &&&Booking| b.status == BookingStatus::NoShow;
    let rate = |part: u64, whole: u64| (whole > 0).then(|| part as f64 / whole as f64);
    let n = |it: Vec<&&Booking>| it.len() as u64;
    let seen_confirmed = n(held.iter().filter(seen).filter(confirmed).collect());
    let seen_unconfirmed = n(held.iter().filter(seen).filter(|b| !confirmed(b)).collect());
    let no_shows_confirmed = n(held.iter().filter(seen).filter(confirmed).filter(no_show).collect());
    let no_shows_unconfirmed = n(held
        .iter()
        .filter(seen)
        .filter(|b| !confirmed(b))
        .filter(no_show)
        .collect());
    let confirmed_count = n(held.iter().filter(confirmed).collect());
    let made: Vec<&Offer> = offers.iter().filter(|o| within(o.made_at)).collect();
    // A freed time's first offer: its later ones are the same time passed on.
    let mut first_offer: BTreeMap<(crate::domain::FreedBy, DateTime<Utc>), DateTime<Utc>> = BTreeMap::new();
    for o in offers {
        let first = first_offer.entry((o.freed.by, o.freed.start)).or_insert(o.made_at);
        *first = (*first).min(o.made_at);
    }
    let mut fill_minutes: Vec<i64> = made
        .iter()
        .filter_map(|o| match o.outcome {
            OfferOutcome::Taken { at, .. } => Some((at - first_offer[&(o.freed.by, o.freed.start)]).num_minutes()),
            _ => None,
        })
        .collect();
    fill_minutes.sort_unstable();
    MonthFigures {
        month: String::new(),
        bookings: held.len() as u64,
        confirmed: confirmed_count,
        confirmation_rate: rate(confirmed_count, held.len() as u64),
        seen_confirmed,
        no_shows_confirmed,
        no_show_rate_confirmed: rate(no_shows_confirmed, seen_confirmed),
        seen_unconfirmed,
        no_shows_unconfirmed,
        no_show_rate_unconfirmed: rate(no_shows_unconfirmed, seen_unconfirmed),
        offers: made.len() as u64,
        fills: fill_minutes.len() as u64,
        median_fill_minutes: fill_minutes.get(fill_minutes.len() / 2).copied(),
        recalls_sent: 0,
        recalls_booked: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::FreedTime;
    use crate::ids::{
        BookingId, ChairId, HoldId, OfferId, PatientId, ProfessionalId, TenantId, TreatmentId, WaitlistEntryId,
    };

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn booking(status: BookingStatus, answered: bool) -> Booking {
        let start = at("2026-03-10T13:00:00Z");
        Booking {
            id: BookingId::new(),
            tenant_id: TenantId::new(),
            patient_id: PatientId::new(),
            professional_id: ProfessionalId::new(),
            chair_id: None::<ChairId>,
            treatment_id: TreatmentId::new(),
            start,
            end: start,
            blocked_until: start,
            granule_minutes: 15,
            reminders: Vec::new(),
            status,
            notes: String::new(),
            answer: if answered {
                PatientAnswer::Confirmed {
                    at: at("2026-03-08T12:00:00Z"),
                }
            } else {
                PatientAnswer::Unconfirmed
            },
            called: None,
            created_at: start,
            version: 1,
        }
    }

    fn offer(freed: FreedTime, made: &str, outcome: OfferOutcome) -> Offer {
        Offer {
            id: OfferId::new(),
            tenant_id: TenantId::new(),
            entry_id: WaitlistEntryId::new(),
            patient_id: PatientId::new(),
            treatment_id: TreatmentId::new(),
            professional_id: freed.professional_id,
            chair_id: None,
            start: freed.start,
            end: freed.until,
            hold_id: HoldId::new(),
            held_until: at(made) + chrono::Duration::minutes(15),
            freed,
            made_at: at(made),
            outcome,
            version: 1,
        }
    }

    #[test]
    fn no_shows_are_counted_apart_for_patients_who_confirmed_and_who_did_not() {
        use BookingStatus::{Cancelled, Completed, Confirmed, NoShow};
        let bookings = [
            booking(Completed, true),
            booking(Completed, true),
            booking(NoShow, true),
            booking(NoShow, false),
            booking(Completed, false),
            booking(Confirmed, false),
            booking(Cancelled, true),
        ];
        let f = count(&bookings, &[], |_| true, at("2026-03-31T00:00:00Z"));
        assert_eq!((f.bookings, f.confirmed), (6, 3), "a cancelled booking is not counted");
        assert_eq!((f.seen_confirmed, f.no_shows_confirmed), (3, 1));
        assert_eq!((f.seen_unconfirmed, f.no_shows_unconfirmed), (2, 1));
        assert_eq!(f.confirmation_rate, Some(0.5));
        assert_eq!(f.no_show_rate_unconfirmed, Some(0.5));
    }

    #[test]
    fn a_fill_counts_from_the_freed_times_first_offer() {
        let freed = FreedTime {
            professional_id: ProfessionalId::new(),
            start: at("2026-03-10T13:00:00Z"),
            until: at("2026-03-10T13:40:00Z"),
            by: crate::domain::FreedBy::Booking {
                booking_id: BookingId::new(),
            },
        };
        let taken = OfferOutcome::Taken {
            booking_id: BookingId::new(),
            at: at("2026-03-09T10:25:00Z"),
        };
        let offers = [
            offer(
                freed,
                "2026-03-09T10:00:00Z",
                OfferOutcome::Declined {
                    at: at("2026-03-09T10:05:00Z"),
                },
            ),
            offer(freed, "2026-03-09T10:05:00Z", taken),
        ];
        let f = count(&[], &offers, |_| true, at("2026-03-31T00:00:00Z"));
        assert_eq!((f.offers, f.fills, f.median_fill_minutes), (2, 1, Some(25)));
        assert_eq!(f.confirmation_rate, None, "no bookings, no rate");
    }
}
