//! A small clinic to book in: Santiago, 15-minute grid, two professionals, two chairs.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveTime, Utc};
use turnaki_shared::booking::{BookingEngine, BookingError, BookingRequest};
use turnaki_shared::catalog::Catalog;
use turnaki_shared::clock::ManualClock;
use turnaki_shared::domain::{
    Booking, BookingRules, Chair, Money, Professional, Role, Tenant, Treatment, User, WeeklyHours, WorkInterval,
};
use turnaki_shared::ids::{ChairId, PatientId, ProfessionalId, TenantId, TreatmentId};
use turnaki_shared::store::Store;

/// Monday 2 March 2026, 08:00 in Santiago (UTC−3): the clinic opens at 09:00.
pub const NOW: &str = "2026-03-02T11:00:00Z";

pub struct Clinic {
    pub engine: BookingEngine,
    pub clock: Arc<ManualClock>,
    pub tenant: Tenant,
    pub cleaning: Treatment,
    pub implant: Treatment,
    pub ana: Professional,
    pub bruno: Professional,
    pub chairs: Vec<Chair>,
}

fn at(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
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
            created_at: NOW.parse().expect("instant"),
        };
        catalog
            .create_tenant(
                &tenant,
                &User::staff(
                    &tenant,
                    "admin@clinic.example".parse().expect("email"),
                    "Admin".into(),
                    Role::Admin,
                    None,
                ),
            )
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

    /// Tuesday 3 March 2026 at `hh:mm` in Santiago.
    pub fn tuesday(&self, h: u32, m: u32) -> DateTime<Utc> {
        "2026-03-03T00:00:00-03:00".parse::<DateTime<Utc>>().expect("instant")
            + Duration::minutes(i64::from(h * 60 + m))
    }
}
