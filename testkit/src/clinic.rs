//! A small clinic to book in, straight on a store (no HTTP): Santiago, 15-minute grid, two
//! professionals, two chairs. The booking-engine and notification suites both use it.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveTime, Utc};
use turnaki_shared::booking::{BookingEngine, BookingError, BookingRequest};
use turnaki_shared::catalog::Catalog;
use turnaki_shared::clock::{Clock, ManualClock};
use turnaki_shared::domain::{
    Booking, BookingRules, Chair, Money, Professional, Role, Tenant, Treatment, User, WeeklyHours, WorkInterval,
};
use turnaki_shared::ids::{ChairId, PatientId, ProfessionalId, TenantId, TreatmentId};
use turnaki_shared::store::Store;

/// Monday 2 March 2026, 08:00 in Santiago (UTC−3): the clinic opens at 09:00.
pub const NOW: &str = "2026-03-02T11:00:00Z";

/// The clinic, its engine and the clock the engine reads, set to [`NOW`].
pub struct Clinic {
    /// The booking engine on the clinic's store.
    pub engine: BookingEngine,
    /// The engine's clock, for moving time.
    pub clock: Arc<ManualClock>,
    /// The clinic.
    pub tenant: Tenant,
    /// 30 minutes and a 10-minute buffer.
    pub cleaning: Treatment,
    /// 60 minutes and a 15-minute buffer.
    pub implant: Treatment,
    /// A professional offering both treatments in office hours.
    pub ana: Professional,
    /// Another one, with the same hours.
    pub bruno: Professional,
    /// The chairs the clinic was opened with.
    pub chairs: Vec<Chair>,
}

fn at(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
}

/// The admin account a test clinic is created with (the catalog writes a clinic and its
/// admin together).
pub fn admin_of(tenant: &Tenant) -> User {
    let email = "admin@clinic.example".parse().expect("email");
    User::staff(tenant, email, "Admin".into(), Role::Admin, None)
}

/// Monday to Friday 09:00–13:00 and 14:00–19:00.
pub fn office_hours() -> WeeklyHours {
    let day = vec![
        WorkInterval {
            start: at(9, 0),
            end: at(13, 0),
        },
        WorkInterval {
            start: at(14, 0),
            end: at(19, 0),
        },
    ];
    WeeklyHours::try_from([day.clone(), day.clone(), day.clone(), day.clone(), day, vec![], vec![]])
        .expect("valid hours")
}

impl Clinic {
    /// Opens the clinic on `store`, with `chairs` chairs (0: the clinic does not use them).
    pub async fn open(store: Arc<dyn Store>, chairs: usize) -> Self {
        let clock = Arc::new(ManualClock::at(NOW.parse().expect("instant")));
        let engine = BookingEngine::new(Arc::clone(&store), clock.clone());
        let catalog = Catalog::new(store);
        let tenant = Tenant {
            id: TenantId::new(),
            slug: format!("c{}", ulid::Ulid::generate().to_string().to_lowercase())
                .parse()
                .expect("slug"),
            name: "Clínica Sonrisa".into(),
            address: "Av. Providencia 1234, Santiago".into(),
            time_zone: "America/Santiago".parse().expect("zone"),
            locale: "es".parse().expect("locale"),
            rules: BookingRules::default(),
            country: None,
            channels: Default::default(),
            created_at: NOW.parse().expect("instant"),
        };
        catalog
            .create_tenant(&tenant, &admin_of(&tenant))
            .await
            .expect("create clinic");
        let price = Money::new(30_000, "CLP").expect("price");
        // 30 min + 10 min buffer: three granules. 60 + 15: five granules.
        let cleaning = Treatment::new("Limpieza", 30, 10, price.clone()).expect("treatment");
        let implant = Treatment::new("Implante", 60, 15, price).expect("treatment");
        for t in [&cleaning, &implant] {
            catalog.put_treatment(tenant.id, t).await.expect("treatment");
        }
        let professional = |name: &str| Professional {
            id: ProfessionalId::new(),
            name: name.into(),
            specialty: "General".into(),
            treatments: vec![cleaning.id, implant.id],
            weekly_hours: office_hours(),
            active: true,
        };
        let (ana, bruno) = (professional("Ana Rojas"), professional("Bruno Díaz"));
        for p in [&ana, &bruno] {
            catalog.put_professional(tenant.id, p).await.expect("professional");
        }
        let chairs: Vec<Chair> = (1..=chairs)
            .map(|n| Chair {
                id: ChairId::new(),
                name: format!("Box {n}"),
                treatments: vec![cleaning.id, implant.id],
                active: true,
            })
            .collect();
        for c in &chairs {
            catalog.put_chair(tenant.id, c).await.expect("chair");
        }
        Self {
            engine,
            clock,
            tenant,
            cleaning,
            implant,
            ana,
            bruno,
            chairs,
        }
    }

    /// A confirmed booking request by a patient.
    pub fn request(
        &self,
        professional: ProfessionalId,
        treatment: TreatmentId,
        start: DateTime<Utc>,
    ) -> BookingRequest {
        BookingRequest::new(PatientId::new(), professional, treatment, start)
    }

    /// A patient books `treatment` with `professional` at `start`, without a key.
    pub async fn book(
        &self,
        professional: ProfessionalId,
        treatment: TreatmentId,
        start: DateTime<Utc>,
    ) -> Result<Booking, BookingError> {
        self.engine
            .book(&self.tenant, self.request(professional, treatment, start), None)
            .await
    }

    /// The clinic clock's instant.
    pub fn clock_now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Tuesday 3 March 2026 at `hh:mm` in Santiago.
    pub fn tuesday(&self, h: u32, m: u32) -> DateTime<Utc> {
        "2026-03-03T00:00:00-03:00".parse::<DateTime<Utc>>().expect("instant")
            + Duration::minutes(i64::from(h * 60 + m))
    }
}
