//! Reading bookings back: the clinic's calendar (GSI2, one partition per professional,
//! merged by start) and a patient's own appointments (GSI1).

use chrono::{DateTime, Utc};
use futures::future::try_join_all;

use super::{BookingEngine, BookingError};
use crate::domain::{Booking, BookingStatus, Tenant};
use crate::ids::{BookingId, PatientId, ProfessionalId};
use crate::keys;
use crate::store::{Cursor, Index, Item, Query, SortKey, query_all};

/// Where a calendar page ends: the last booking's start and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CalendarCursor {
    start: DateTime<Utc>,
    id: BookingId,
}

impl std::fmt::Display for CalendarCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}~{}", self.start.timestamp(), self.id)
    }
}

impl std::str::FromStr for CalendarCursor {
    type Err = BookingError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (secs, id) = s.split_once('~').ok_or(BookingError::BadCursor)?;
        let start = secs
            .parse()
            .ok()
            .and_then(|secs| DateTime::from_timestamp(secs, 0))
            .ok_or(BookingError::BadCursor)?;
        let id = id.parse().map_err(|_| BookingError::BadCursor)?;
        Ok(Self { start, id })
    }
}

/// What a calendar page selects.
#[derive(Debug, Clone)]
pub struct CalendarRange<'a> {
    /// Whose columns.
    pub professionals: &'a [ProfessionalId],
    /// Bookings starting at or after.
    pub from: DateTime<Utc>,
    /// Bookings starting before.
    pub to: DateTime<Utc>,
    /// Only this status.
    pub status: Option<BookingStatus>,
}

impl BookingEngine {
    /// One page of the calendar, in start order, continuing after `after`.
    pub async fn calendar(
        &self,
        tenant: &Tenant,
        range: &CalendarRange<'_>,
        after: Option<CalendarCursor>,
        limit: usize,
    ) -> Result<(Vec<Booking>, Option<CalendarCursor>), BookingError> {
        let from = after.map_or(range.from, |c| c.start.max(range.from));
        let mut bookings: Vec<Booking> = self
            .starting_between(tenant, range.professionals, from, range.to)
            .await?
            .into_iter()
            .filter(|b| range.status.is_none_or(|s| b.status == s))
            .filter(|b| after.is_none_or(|c| (b.start, b.id) > (c.start, c.id)))
            .collect();
        bookings.sort_by_key(|b| (b.start, b.id));
        let more = bookings.len() > limit;
        bookings.truncate(limit);
        let next = more
            .then(|| {
                bookings.last().map(|b| CalendarCursor {
                    start: b.start,
                    id: b.id,
                })
            })
            .flatten();
        Ok((bookings, next))
    }

    /// Every booking of these professionals starting in `[from, to)`, any status.
    pub async fn starting_between(
        &self,
        tenant: &Tenant,
        professionals: &[ProfessionalId],
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Booking>, BookingError> {
        if to <= from {
            return Ok(Vec::new());
        }
        let columns = professionals.iter().map(|p| {
            let query = Query::new(
                Index::Gsi2,
                keys::professional_bookings_partition(tenant.id, *p),
                SortKey::Between(keys::booking_start_sk(from), keys::booking_start_sk(to)),
            );
            async move { query_all(self.store.as_ref(), &query).await }
        });
        let mut all = Vec::new();
        for item in try_join_all(columns).await?.iter().flatten() {
            let booking: Booking = item.record()?;
            if booking.start < to {
                all.push(booking);
            }
        }
        Ok(all)
    }

    /// One page of a patient's appointments: upcoming soonest first, or past newest first.
    pub async fn patient_bookings(
        &self,
        tenant: &Tenant,
        patient: PatientId,
        past: bool,
        cursor: Option<Cursor>,
        limit: u32,
    ) -> Result<(Vec<Booking>, Option<Cursor>), BookingError> {
        let now = keys::booking_start_sk(self.now());
        let partition = keys::patient_bookings_partition(tenant.id, patient);
        let query = if past {
            Query::new(
                Index::Gsi1,
                partition,
                SortKey::Between(keys::BOOKING_PREFIX.to_owned(), now),
            )
            .descending()
        } else {
            Query::new(
                Index::Gsi1,
                partition,
                SortKey::Between(now, format!("{}~", keys::BOOKING_PREFIX)),
            )
        };
        let page = self.store.query(&query.limit(limit).after(cursor)).await?;
        let bookings = page.items.iter().map(Item::record).collect::<Result<_, _>>()?;
        Ok((bookings, page.next))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_calendar_cursor_round_trips_and_garbage_is_refused() {
        let c = CalendarCursor {
            start: "2026-03-03T13:00:00Z".parse().unwrap(),
            id: BookingId::new(),
        };
        assert_eq!(c.to_string().parse::<CalendarCursor>().unwrap(), c);
        assert_eq!("nonsense".parse::<CalendarCursor>(), Err(BookingError::BadCursor));
        assert_eq!("12~x".parse::<CalendarCursor>(), Err(BookingError::BadCursor));
    }
}
