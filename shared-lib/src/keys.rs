//! Every single-table key format in one place (DESIGN §3). Nothing else builds key strings.
//!
//! Times in keys are UTC with a fixed width, so that string order is time order and a
//! `begins_with` on a date prefix selects that day.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{Email, FreedBy, Reminder, Slug};
use crate::ids::{
    BookingId, ChairId, HoldId, MessageId, OfferId, PatientId, ProfessionalId, TenantId, TimeOffId, TreatmentId,
    WaitlistEntryId,
};

/// Number of shards of each reminder hour bucket and of the pending events (the only
/// cross-tenant partitions).
pub const REMINDER_SHARDS: u32 = 16;

/// A primary key (or the key of a GSI entry): partition and sort key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Key {
    /// Partition key.
    pub pk: String,
    /// Sort key.
    pub sk: String,
}

impl Key {
    fn new(pk: String, sk: impl Into<String>) -> Self {
        Self { pk, sk: sk.into() }
    }
}

/// The fixed-width UTC instant used in sort keys: `2026-03-01T13:00:00Z`.
pub fn instant(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A lock granule's start: `2026-03-01T13:15` (UTC, minute precision).
pub fn granule(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M").to_string()
}

fn tenant_pk(t: TenantId) -> String {
    format!("TENANT#{t}")
}

/// The clinic's own item.
pub fn tenant(t: TenantId) -> Key {
    Key::new(tenant_pk(t), "METADATA")
}

/// The partition holding everything of one clinic; query it with the prefixes below.
pub fn tenant_partition(t: TenantId) -> String {
    tenant_pk(t)
}

/// The uniqueness guard of a clinic's slug.
pub fn tenant_slug(slug: &Slug) -> Key {
    Key::new(format!("SLUG#{slug}"), "TENANT")
}

/// A treatment; prefix [`TREATMENT_PREFIX`] lists them.
pub fn treatment(t: TenantId, id: TreatmentId) -> Key {
    Key::new(tenant_pk(t), format!("{TREATMENT_PREFIX}{id}"))
}

/// Sort-key prefix of a clinic's treatments.
pub const TREATMENT_PREFIX: &str = "TREATMENT#";

/// A professional with their weekly hours.
pub fn professional(t: TenantId, id: ProfessionalId) -> Key {
    Key::new(tenant_pk(t), format!("{PROFESSIONAL_PREFIX}{id}"))
}

/// Sort-key prefix of a clinic's professionals.
pub const PROFESSIONAL_PREFIX: &str = "PROFESSIONAL#";

/// A chair (operatory).
pub fn chair(t: TenantId, id: ChairId) -> Key {
    Key::new(tenant_pk(t), format!("{CHAIR_PREFIX}{id}"))
}

/// Sort-key prefix of a clinic's chairs.
pub const CHAIR_PREFIX: &str = "CHAIR#";

/// An absence of a professional (`Some`) or a clinic closure (`None`, stored as `*`).
pub fn time_off(t: TenantId, professional: Option<ProfessionalId>, start: DateTime<Utc>) -> Key {
    Key::new(
        tenant_pk(t),
        format!("{}{}", time_off_prefix(professional), instant(start)),
    )
}

/// Sort-key prefix of every absence and closure of a clinic.
pub const TIME_OFF_PREFIX: &str = "TIMEOFF#";

/// Sort-key prefix of one professional's absences, or of the clinic's closures.
pub fn time_off_prefix(professional: Option<ProfessionalId>) -> String {
    match professional {
        Some(p) => format!("{TIME_OFF_PREFIX}{p}#"),
        None => format!("{TIME_OFF_PREFIX}*#"),
    }
}

/// A patient record.
pub fn patient(t: TenantId, id: PatientId) -> Key {
    Key::new(tenant_pk(t), format!("PATIENT#{id}"))
}

/// GSI1 entry of a patient: found by email within the clinic.
pub fn patient_by_email(t: TenantId, email: &Email, id: PatientId) -> Key {
    Key::new(patient_email_partition(t, email), format!("PATIENT#{id}"))
}

/// GSI1 partition of the patient with this email at this clinic.
pub fn patient_email_partition(t: TenantId, email: &Email) -> String {
    format!("EMAIL#{t}#{email}")
}

/// A booking.
pub fn booking(t: TenantId, id: BookingId) -> Key {
    Key::new(tenant_pk(t), format!("BOOKING#{id}"))
}

/// Sort-key prefix of a clinic's bookings.
pub const BOOKING_PREFIX: &str = "BOOKING#";

/// GSI1 entry of a booking: a patient's appointments by start.
pub fn booking_by_patient(t: TenantId, patient: PatientId, start: DateTime<Utc>) -> Key {
    Key::new(patient_bookings_partition(t, patient), booking_start_sk(start))
}

/// GSI1 partition of one patient's bookings.
pub fn patient_bookings_partition(t: TenantId, patient: PatientId) -> String {
    format!("PATIENT#{t}#{patient}")
}

/// GSI2 entry of a booking: a professional's calendar by start.
pub fn booking_by_professional(t: TenantId, professional: ProfessionalId, start: DateTime<Utc>) -> Key {
    Key::new(
        professional_bookings_partition(t, professional),
        booking_start_sk(start),
    )
}

/// GSI2 partition of one professional's bookings.
pub fn professional_bookings_partition(t: TenantId, professional: ProfessionalId) -> String {
    format!("PROFESSIONAL#{t}#{professional}")
}

/// GSI sort key of a booking starting at `start`; also the bound of a calendar range query.
pub fn booking_start_sk(start: DateTime<Utc>) -> String {
    format!("BOOKING#{}", instant(start))
}

/// The lock of one granule of a professional's time.
pub fn professional_slot(t: TenantId, professional: ProfessionalId, granule_start: DateTime<Utc>) -> Key {
    Key::new(
        tenant_pk(t),
        format!("{}{}", professional_slot_prefix(professional), granule(granule_start)),
    )
}

/// Sort-key prefix of a professional's locks; add a date (`2026-03-01`) to select one day.
pub fn professional_slot_prefix(professional: ProfessionalId) -> String {
    format!("SLOT#{professional}#")
}

/// The lock of one granule of a chair's time.
pub fn chair_slot(t: TenantId, chair: ChairId, granule_start: DateTime<Utc>) -> Key {
    Key::new(
        tenant_pk(t),
        format!("{}{}", chair_slot_prefix(chair), granule(granule_start)),
    )
}

/// Sort-key prefix of a chair's locks.
pub fn chair_slot_prefix(chair: ChairId) -> String {
    format!("SLOT#CHAIR#{chair}#")
}

/// Sort-key prefix of one UTC day under a slot prefix.
pub fn day_prefix(slot_prefix: &str, day: NaiveDate) -> String {
    format!("{slot_prefix}{}", day.format("%Y-%m-%d"))
}

/// A short hold on a slot; expires by its `expires_at`.
pub fn hold(t: TenantId, id: HoldId) -> Key {
    Key::new(tenant_pk(t), format!("HOLD#{id}"))
}

/// One reminder-due entry of a booking, in its UTC hour bucket and shard. The kind ends
/// the sort key: a booking's two reminders may fall in the same hour.
pub fn reminder(t: TenantId, booking: BookingId, start: DateTime<Utc>, reminder: Reminder) -> Key {
    Key::new(
        reminder_bucket(reminder.due, reminder_shard(booking)),
        format!("{}#{t}#{booking}#{}", instant(start), reminder.kind),
    )
}

/// The partition of one shard of one UTC hour of due reminders.
pub fn reminder_bucket(due_hour: DateTime<Utc>, shard: u32) -> String {
    format!("REMINDER#{}#{shard:02}", due_hour.format("%Y-%m-%dT%H"))
}

/// The shard of a booking's reminder: FNV-1a of its id, so it is stable across processes
/// and releases (std's hasher is randomly seeded).
pub fn reminder_shard(booking: BookingId) -> u32 {
    (fnv1a(&booking.to_string(), 0) % u64::from(REMINDER_SHARDS)) as u32
}

/// FNV-1a of `text` after `seed` bytes of zero: stable across processes and releases.
pub(crate) fn fnv1a(text: &str, seed: u8) -> u64 {
    std::iter::repeat_n(0, usize::from(seed))
        .chain(text.bytes())
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
}

/// A waitlist entry; prefix [`WAITLIST_PREFIX`] lists a clinic's entries in the order they
/// joined (ids sort by time).
pub fn waitlist_entry(t: TenantId, id: WaitlistEntryId) -> Key {
    Key::new(tenant_pk(t), format!("{WAITLIST_PREFIX}{id}"))
}

/// Sort-key prefix of a clinic's waitlist entries.
pub const WAITLIST_PREFIX: &str = "WAIT#";

/// GSI1 entry of a waitlist entry: one patient's entries.
pub fn waitlist_entry_by_patient(t: TenantId, patient: PatientId, id: WaitlistEntryId) -> Key {
    Key::new(patient_waitlist_partition(t, patient), format!("{WAITLIST_PREFIX}{id}"))
}

/// GSI1 partition of one patient's waitlist entries.
pub fn patient_waitlist_partition(t: TenantId, patient: PatientId) -> String {
    format!("WAITING#{t}#{patient}")
}

/// An offer of freed time to a waitlist entry.
pub fn offer(t: TenantId, id: OfferId) -> Key {
    Key::new(tenant_pk(t), format!("OFFER#{id}"))
}

/// GSI2 entry of an offer: one entry's offers, oldest first.
pub fn offer_by_entry(t: TenantId, entry: WaitlistEntryId, id: OfferId) -> Key {
    Key::new(entry_offers_partition(t, entry), format!("OFFER#{id}"))
}

/// GSI2 partition of one waitlist entry's offers.
pub fn entry_offers_partition(t: TenantId, entry: WaitlistEntryId) -> String {
    format!("OFFERS#{t}#{entry}")
}

/// The record that the time a booking freed at `start` was offered to this entry, so the
/// same freed time is offered to an entry at most once.
pub fn offered(t: TenantId, entry: WaitlistEntryId, freed_by: FreedBy, start: DateTime<Utc>) -> Key {
    Key::new(tenant_pk(t), format!("OFFERED#{entry}#{freed_by}#{}", instant(start)))
}

/// The lock that keeps an entry to one open offer at a time; it lapses with the offer.
pub fn entry_offering(t: TenantId, entry: WaitlistEntryId) -> Key {
    Key::new(tenant_pk(t), format!("OFFERING#{entry}"))
}

/// An open offer in the list the lapse sweep reads: sharded like reminders, sorted by
/// when it lapses, so one range query per shard finds every lapsed one.
pub fn open_offer(t: TenantId, id: OfferId, held_until: DateTime<Utc>) -> Key {
    Key::new(
        open_offers(offer_shard(id)),
        format!("{}#{t}#{id}", instant(held_until)),
    )
}

/// The partition of one shard of the open offers.
pub fn open_offers(shard: u32) -> String {
    format!("OPENOFFERS#{shard:02}")
}

fn offer_shard(id: OfferId) -> u32 {
    (fnv1a(&id.to_string(), 0) % u64::from(REMINDER_SHARDS)) as u32
}

/// Partition `shard` of the time freed by removed time off, waiting for the waitlist's
/// next pass to offer it.
pub fn freed_times(shard: u32) -> String {
    format!("FREEDTIME#{shard:02}")
}

/// The time `time_off` freed of `professional`, waiting to be offered.
pub fn freed_time(t: TenantId, time_off: TimeOffId, professional: ProfessionalId) -> Key {
    let shard = (fnv1a(&time_off.to_string(), 0) % u64::from(REMINDER_SHARDS)) as u32;
    Key::new(freed_times(shard), format!("{t}#{time_off}#{professional}"))
}

/// When one patient is due back for one treatment; prefix [`RECALL_PREFIX`] lists a
/// clinic's recalls by due date.
pub fn recall(t: TenantId, due: NaiveDate, patient: PatientId, treatment: TreatmentId) -> Key {
    Key::new(
        tenant_pk(t),
        format!("{RECALL_PREFIX}{}#{patient}#{treatment}", due.format("%Y-%m-%d")),
    )
}

/// Sort-key prefix of a clinic's recalls.
pub const RECALL_PREFIX: &str = "RECALL#";

/// GSI1 entry of a recall: one patient's recall for one treatment (a later visit replaces it).
pub fn recall_by_patient(t: TenantId, patient: PatientId, treatment: TreatmentId) -> Key {
    Key::new(format!("RECALLS#{t}#{patient}"), format!("TREATMENT#{treatment}"))
}

/// A committed booking change not yet delivered: written in the change's own transaction,
/// in its booking's shard, and sorted by booking then version so a booking's changes are
/// delivered in the order they happened.
pub fn pending_event(booking: BookingId, version: u64) -> Key {
    Key::new(
        pending_events(reminder_shard(booking)),
        format!("{booking}#{version:010}"),
    )
}

/// The partition of one shard of the pending events.
pub fn pending_events(shard: u32) -> String {
    format!("{PENDING_EVENT_PREFIX}{shard:02}")
}

/// How every pending-event partition key starts (the stream filter in Terraform matches it).
pub const PENDING_EVENT_PREFIX: &str = "EVENT#";

/// The record that one message was sent, so a redelivered event sends nothing twice.
pub fn sent_message(t: TenantId, id: MessageId) -> Key {
    Key::new(tenant_pk(t), format!("SENT#{id}"))
}

/// One message of a clinic's outbox (embedded mode); ids sort by creation time.
pub fn outbox(t: TenantId, id: MessageId) -> Key {
    Key::new(tenant_pk(t), format!("{OUTBOX_PREFIX}{id}"))
}

/// The sort-key prefix of a clinic's outbox.
pub const OUTBOX_PREFIX: &str = "OUTBOX#";

/// The record of an `Idempotency-Key` a client sent.
pub fn idempotency(t: TenantId, key: &str) -> Key {
    Key::new(tenant_pk(t), format!("IDEMPOTENCY#{key}"))
}

/// GSI1 entry of a clinic in the platform's directory of clinics, by slug.
pub fn clinic_directory(slug: &Slug) -> Key {
    Key::new(CLINIC_DIRECTORY.to_owned(), format!("TENANT#{slug}"))
}

/// GSI1 partition listing every clinic (the owner's list; a few thousand items at most).
pub const CLINIC_DIRECTORY: &str = "TENANTS";

/// A staff account in its clinic's directory (both identity columns list staff from here).
pub fn staff(t: TenantId, email: &Email) -> Key {
    Key::new(tenant_pk(t), format!("{STAFF_PREFIX}{email}"))
}

/// Sort-key prefix of a clinic's staff directory.
pub const STAFF_PREFIX: &str = "STAFF#";

/// An item nobody writes, read by `/health` to prove the store answers.
pub fn health_probe() -> Key {
    Key::new("HEALTH".to_owned(), "PROBE")
}

/// An account of the embedded identity provider.
pub fn local_user(email: &Email) -> Key {
    Key::new(format!("USER#{email}"), "PROFILE")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ulid<T: std::str::FromStr>(s: &str) -> T
    where
        T::Err: std::fmt::Debug,
    {
        s.parse().unwrap()
    }

    const T: &str = "01J0000000000000000000TEN1";
    const P: &str = "01J0000000000000000000PRF1";

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn clinics_are_listed_by_slug_and_staff_by_email() {
        let slug: Slug = "sonrisa".parse().unwrap();
        assert_eq!(clinic_directory(&slug), Key::new("TENANTS".into(), "TENANT#sonrisa"));
        let email: Email = "Ana@Sonrisa.cl".parse().unwrap();
        assert_eq!(staff(ulid(T), &email).sk, format!("STAFF#{email}"));
    }

    #[test]
    fn clinic_items_live_in_the_tenant_partition() {
        let t: TenantId = ulid(T);
        assert_eq!(tenant(t), Key::new(format!("TENANT#{T}"), "METADATA"));
        assert_eq!(
            tenant_slug(&"sonrisa".parse().unwrap()),
            Key::new("SLUG#sonrisa".into(), "TENANT")
        );
        assert_eq!(
            treatment(t, ulid("01J0000000000000000000TRT1")).sk,
            "TREATMENT#01J0000000000000000000TRT1"
        );
        assert_eq!(professional(t, ulid(P)).sk, format!("PROFESSIONAL#{P}"));
        assert_eq!(
            chair(t, ulid("01J0000000000000000000CHR1")).sk,
            "CHAIR#01J0000000000000000000CHR1"
        );
        assert_eq!(
            patient(t, ulid("01J0000000000000000000PAT1")).sk,
            "PATIENT#01J0000000000000000000PAT1"
        );
        assert_eq!(
            booking(t, ulid("01J0000000000000000000BKG1")).sk,
            "BOOKING#01J0000000000000000000BKG1"
        );
        assert_eq!(
            hold(t, ulid("01J0000000000000000000HQD1")).sk,
            "HOLD#01J0000000000000000000HQD1"
        );
        assert_eq!(idempotency(t, "abc-123").sk, "IDEMPOTENCY#abc-123");
        for key in [
            treatment(t, TreatmentId::new()),
            hold(t, HoldId::new()),
            idempotency(t, "k"),
        ] {
            assert_eq!(key.pk, tenant_partition(t));
        }
    }

    #[test]
    fn time_off_keys_separate_professionals_from_closures() {
        let t: TenantId = ulid(T);
        let start = at("2026-09-18T03:00:00Z");
        assert_eq!(
            time_off(t, Some(ulid(P)), start).sk,
            format!("TIMEOFF#{P}#2026-09-18T03:00:00Z")
        );
        assert_eq!(time_off(t, None, start).sk, "TIMEOFF#*#2026-09-18T03:00:00Z");
        assert!(time_off(t, None, start).sk.starts_with(&time_off_prefix(None)));
    }

    #[test]
    fn patient_and_booking_index_keys_match_the_design() {
        let t: TenantId = ulid(T);
        let pat: PatientId = ulid("01J0000000000000000000PAT1");
        let email: Email = "ana@example.cl".parse().unwrap();
        assert_eq!(
            patient_by_email(t, &email, pat),
            Key::new(
                format!("EMAIL#{T}#ana@example.cl"),
                "PATIENT#01J0000000000000000000PAT1"
            )
        );
        let start = at("2026-03-02T13:00:00Z");
        assert_eq!(
            booking_by_patient(t, pat, start),
            Key::new(
                format!("PATIENT#{T}#01J0000000000000000000PAT1"),
                "BOOKING#2026-03-02T13:00:00Z"
            )
        );
        assert_eq!(
            booking_by_professional(t, ulid(P), start),
            Key::new(format!("PROFESSIONAL#{T}#{P}"), "BOOKING#2026-03-02T13:00:00Z")
        );
    }

    #[test]
    fn slot_locks_are_per_granule_and_a_day_prefix_selects_them() {
        let t: TenantId = ulid(T);
        let p: ProfessionalId = ulid(P);
        let lock = professional_slot(t, p, at("2026-03-02T13:15:00Z"));
        assert_eq!(lock.sk, format!("SLOT#{P}#2026-03-02T13:15"));
        let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        assert!(lock.sk.starts_with(&day_prefix(&professional_slot_prefix(p), day)));
        let c: ChairId = ulid("01J0000000000000000000CHR1");
        assert_eq!(
            chair_slot(t, c, at("2026-03-02T13:15:00Z")).sk,
            "SLOT#CHAIR#01J0000000000000000000CHR1#2026-03-02T13:15"
        );
        // A chair lock never falls under a professional's prefix, whatever the ids.
        assert!(
            !chair_slot(t, c, at("2026-03-02T13:15:00Z"))
                .sk
                .starts_with(&professional_slot_prefix(p))
        );
    }

    #[test]
    fn reminders_go_to_a_sharded_utc_hour_bucket() {
        let t: TenantId = ulid(T);
        let b: BookingId = ulid("01J0000000000000000000BKG1");
        let due = Reminder {
            kind: crate::domain::ReminderKind::Ahead,
            due: at("2026-03-01T13:40:00Z"),
        };
        let key = reminder(t, b, at("2026-03-02T13:40:00Z"), due);
        let shard = reminder_shard(b);
        assert!(shard < REMINDER_SHARDS);
        assert_eq!(key.pk, format!("REMINDER#2026-03-01T13#{shard:02}"));
        assert_eq!(
            key.sk,
            format!("2026-03-02T13:40:00Z#{T}#01J0000000000000000000BKG1#ahead")
        );
    }

    #[test]
    fn reminder_shards_spread_bookings_evenly() {
        let mut counts = [0u32; REMINDER_SHARDS as usize];
        for _ in 0..1600 {
            counts[reminder_shard(BookingId::new()) as usize] += 1;
        }
        assert!(counts.iter().all(|&c| c > 50), "uneven shards: {counts:?}");
    }

    #[test]
    fn a_bookings_pending_events_share_its_shard_and_sort_by_version() {
        let b: BookingId = ulid("01J0000000000000000000BKG1");
        let (second, tenth) = (pending_event(b, 2), pending_event(b, 10));
        assert_eq!(second.pk, pending_events(reminder_shard(b)));
        assert!(second.pk.starts_with(PENDING_EVENT_PREFIX));
        assert_eq!(second.pk, tenth.pk);
        assert!(second.sk < tenth.sk);
    }

    #[test]
    fn local_users_are_keyed_by_email() {
        assert_eq!(
            local_user(&"ana@example.cl".parse().unwrap()),
            Key::new("USER#ana@example.cl".into(), "PROFILE")
        );
    }

    #[test]
    fn key_times_sort_as_time() {
        assert!(instant(at("2026-03-02T09:00:00Z")) < instant(at("2026-03-02T10:00:00Z")));
        assert!(granule(at("2026-12-31T23:45:00Z")) < granule(at("2027-01-01T00:00:00Z")));
    }
}
