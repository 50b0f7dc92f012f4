//! Slot locks: one item per granule a booking or hold occupies, per professional and chair.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::{Grid, Taken};
use crate::ids::{BookingId, ChairId, HoldId, ProfessionalId, TenantId};
use crate::keys::{self, Key};
use crate::store::{Action, Condition, Index, Item, Query, SortKey, Store, StoreError};

/// Attribute naming the booking that holds a lock.
pub const BOOKING_ID: &str = "booking_id";
/// Attribute naming the hold that holds a lock.
pub const HOLD_ID: &str = "hold_id";

/// What a lock locks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Resource {
    /// A professional's time.
    Professional(ProfessionalId),
    /// A chair's time.
    Chair(ChairId),
}

impl Resource {
    /// The sort-key prefix of this resource's locks.
    fn prefix(self) -> String {
        match self {
            Self::Professional(p) => keys::professional_slot_prefix(p),
            Self::Chair(c) => keys::chair_slot_prefix(c),
        }
    }

    /// The key of one granule's lock.
    pub fn lock_key(self, tenant: TenantId, granule: DateTime<Utc>) -> Key {
        match self {
            Self::Professional(p) => keys::professional_slot(tenant, p, granule),
            Self::Chair(c) => keys::chair_slot(tenant, c, granule),
        }
    }
}

/// Who holds a lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// A booking, for as long as it lives.
    Booking(BookingId),
    /// A hold, until `expires_at` (epoch seconds).
    Hold(HoldId, i64),
}

/// The put that takes one granule for `holder`. It succeeds when the granule is free at
/// `now` (never taken, or a lapsed hold's), or when `converting` names the hold on it.
pub fn take(
    tenant: TenantId,
    resource: Resource,
    granule: DateTime<Utc>,
    holder: Holder,
    converting: Option<HoldId>,
    now: i64,
) -> Action {
    let key = resource.lock_key(tenant, granule);
    let item = match holder {
        Holder::Booking(id) => Item::new(key).with(BOOKING_ID, id.to_string()),
        Holder::Hold(id, expires_at) => Item::new(key).with(HOLD_ID, id.to_string()).with_expiry(expires_at),
    };
    let condition = match converting {
        Some(hold) => Condition::Any(vec![
            Condition::free_at(now),
            Condition::Equals(HOLD_ID.into(), hold.to_string().into()),
        ]),
        None => Condition::free_at(now),
    };
    Action::Put {
        item,
        condition: Some(condition),
    }
}

/// The delete that releases one granule held by `booking` (and nobody else's).
pub fn release(tenant: TenantId, resource: Resource, granule: DateTime<Utc>, booking: BookingId) -> Action {
    Action::Delete {
        key: resource.lock_key(tenant, granule),
        condition: Some(Condition::Equals(BOOKING_ID.into(), booking.to_string().into())),
    }
}

/// The granule a lock's sort key names.
///
/// Parsed by hand: availability reads thousands of locks per call, and the fixed-width
/// form (`2026-03-02T13:15`) does not need a format interpreter.
fn granule_of(sk: &str) -> Option<DateTime<Utc>> {
    let text = sk.rsplit('#').next()?.as_bytes();
    if text.len() != 16 || text[4] != b'-' || text[7] != b'-' || text[10] != b'T' || text[13] != b':' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        text[range]
            .iter()
            .try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(number(0..4)?).ok()?, number(5..7)?, number(8..10)?)?;
    Some(date.and_hms_opt(number(11..13)?, number(14..16)?, 0)?.and_utc())
}

/// The granules of `resource` taken at `now` within `[from, to)`, read with one range query.
pub async fn taken(
    store: &dyn Store,
    grid: &Grid,
    tenant: TenantId,
    resource: Resource,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: i64,
) -> Result<Taken, StoreError> {
    let prefix = resource.prefix();
    let low = format!("{prefix}{}", keys::granule(from));
    // Granule keys have minute precision, so every granule starting before `to` sorts at or
    // below the one a minute earlier.
    // Nothing precedes chrono's first instant, so the range is then empty.
    let last = to
        .checked_sub_signed(chrono::Duration::minutes(1))
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    let high = format!("{prefix}{}", keys::granule(last));
    let mut taken = Taken::new(grid, from);
    let mut cursor = None;
    loop {
        let query = Query::new(
            Index::Table,
            keys::tenant_partition(tenant),
            SortKey::Between(low.clone(), high.clone()),
        )
        .keys_only()
        .after(cursor);
        let page = store.query(&query).await?;
        for lock in page.items.iter().filter(|lock| !lock.is_expired(now)) {
            let sk = lock.string(crate::store::SK).unwrap_or_default();
            let granule = granule_of(sk).ok_or_else(|| StoreError::Corrupt(format!("lock {sk}")))?;
            taken.insert(granule);
        }
        cursor = page.next;
        if cursor.is_none() {
            return Ok(taken);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_key_names_its_granule() {
        let at: DateTime<Utc> = "2026-03-02T13:15:00Z".parse().unwrap();
        let key = Resource::Chair(ChairId::new()).lock_key(TenantId::new(), at);
        assert_eq!(granule_of(&key.sk), Some(at));
        assert_eq!(granule_of("SLOT#x#garbage"), None);
        assert_eq!(granule_of("SLOT#x#2026-02-30T10:00"), None);
        assert_eq!(granule_of("SLOT#x#2026-03-02T1a:00"), None);
    }
}
