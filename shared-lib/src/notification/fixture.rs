//! A clinic in Santiago with one confirmed booking, for the tests of messages and invitations.

use chrono::{DateTime, Utc};
use ulid::Ulid;

use super::letter::Letter;
use crate::domain::{
    Booking, BookingRules, BookingStatus, Locale, Money, Patient, Professional, Tenant, Treatment, WeeklyHours,
};
use crate::ids::{BookingId, MessageId, PatientId, ProfessionalId, TenantId, TreatmentId};
use crate::notification::MessageKind;

/// Where the fixture's patient manages the booking.
pub const MANAGE_URL: &str = "https://turnaki.example/sonrisa/appointments/01JD0000000000000000000000";

/// The fixture's sender.
pub const FROM: &str = "Clínica Sonrisa <citas@turnaki.example>";

/// When the fixture's message was made.
pub const MADE_AT: &str = "2026-11-20T12:00:00Z";

/// Everything a letter borrows, owned.
pub struct Fixture {
    /// Clínica Sonrisa.
    pub tenant: Tenant,
    /// The visit.
    pub booking: Booking,
    /// Ana Pérez.
    pub patient: Patient,
    /// A cleaning.
    pub treatment: Treatment,
    /// Dra. Carmen Soto.
    pub professional: Professional,
}

/// `text` as an instant.
pub fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("an RFC 3339 instant")
}

impl Fixture {
    /// Clínica Sonrisa in Santiago: a 45-minute cleaning on Tuesday 24 November 2026 at
    /// 10:30 local time (13:30Z; Chile is on UTC−3 in its summer).
    pub fn santiago() -> Self {
        let tenant_id = TenantId::new();
        let treatment = Treatment {
            id: TreatmentId::new(),
            name: "Limpieza dental".into(),
            duration_minutes: 45,
            buffer_minutes: 15,
            price: Money::new(35_000, "CLP").expect("a valid price"),
            active: true,
            recall_months: Some(6),
        };
        let professional = Professional {
            id: ProfessionalId::new(),
            name: "Dra. Carmen Soto".into(),
            specialty: "Odontología general".into(),
            treatments: vec![treatment.id],
            weekly_hours: WeeklyHours::default(),
            active: true,
        };
        let patient = Patient {
            id: PatientId::new(),
            name: "Ana Pérez".into(),
            email: "ana.perez@example.cl".parse().expect("a valid email"),
            phone: None,
            sms: Default::default(),
            created_at: at("2026-11-01T12:00:00Z"),
        };
        let start = at("2026-11-24T13:30:00Z");
        let booking = Booking {
            id: BookingId::new(),
            tenant_id,
            patient_id: patient.id,
            professional_id: professional.id,
            chair_id: None,
            treatment_id: treatment.id,
            start,
            end: at("2026-11-24T14:15:00Z"),
            blocked_until: at("2026-11-24T14:30:00Z"),
            granule_minutes: 15,
            reminders: Vec::new(),
            status: BookingStatus::Confirmed,
            notes: String::new(),
            answer: crate::domain::PatientAnswer::Unconfirmed,
            called: None,
            created_at: at("2026-11-20T12:00:00Z"),
            version: 1,
        };
        let tenant = Tenant {
            id: tenant_id,
            slug: "sonrisa".parse().expect("a valid slug"),
            name: "Clínica Sonrisa".into(),
            address: "Av. Providencia 1234, Providencia, Santiago".into(),
            time_zone: "America/Santiago".parse().expect("an IANA zone"),
            locale: Locale::Es,
            rules: BookingRules::default(),
            country: None,
            channels: Default::default(),
            created_at: at("2026-01-01T00:00:00Z"),
        };
        Self {
            tenant,
            booking,
            patient,
            treatment,
            professional,
        }
    }

    /// The same booking at a clinic that writes in English.
    pub fn in_english(mut self) -> Self {
        self.tenant.locale = Locale::En;
        self
    }

    /// The same visit at a clinic in `zone`, starting at `start`.
    pub fn in_zone(mut self, zone: &str, start: &str) -> Self {
        let length = self.booking.end - self.booking.start;
        self.tenant.time_zone = zone.parse().expect("an IANA zone");
        self.booking.start = at(start);
        self.booking.end = self.booking.start + length;
        self.booking.blocked_until = self.booking.end;
        self
    }

    /// The letter of `kind` about the booking.
    pub fn letter(&self, kind: MessageKind) -> Letter<'_> {
        Letter {
            kind,
            tenant: &self.tenant,
            booking: &self.booking,
            patient: &self.patient,
            treatment: &self.treatment,
            professional: &self.professional,
            previous_start: None,
            manage_url: MANAGE_URL,
            actions: &[],
            from: FROM,
            held_until: None,
        }
    }

    /// A message id made at [`MADE_AT`].
    pub fn message_id() -> MessageId {
        let ms = u64::try_from(at(MADE_AT).timestamp_millis()).expect("after 1970");
        MessageId::from_ulid(Ulid::from_parts(ms, 7))
    }
}
