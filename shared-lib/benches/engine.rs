//! Booking engine benchmarks on the embedded store (not tests: they print figures).
//!
//! `cargo bench -p turnaki-shared --bench engine -- [availability|throughput|items|reminders] [seconds]`
//! (`TASKS=n` changes the throughput benchmark's concurrency from 16).
//! (`scripts/bench` runs them all beside the PostgreSQL baseline and records the figures).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use rand::{Rng, SeedableRng, rngs::StdRng};
use turnaki_shared::booking::{BookingEngine, BookingError, BookingRequest};
use turnaki_shared::catalog::Catalog;
use turnaki_shared::clock::{Clock, ManualClock};
use turnaki_shared::domain::{
    BookingRules, BookingRulesParts, Chair, Granularity, Money, Patient, Professional, Tenant, Treatment, WeeklyHours,
    WorkInterval,
};
use turnaki_shared::ids::{ChairId, PatientId, ProfessionalId, TenantId};
use turnaki_shared::notification::{Letterhead, Notifier, OutboxMailer, ReminderJob, RunReport};
use turnaki_shared::store::Store;
use turnaki_shared::store::sqlite::SqliteStore;

/// Every benchmark's "now": a stopped clock at a fixed instant, so each books the same
/// days (the December after it) whatever the date it runs on. The throughput benchmark
/// booked from 2026-12-01 on the system clock and failed from 2026-12-02 on: its first
/// day had passed.
fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::at("2026-11-30T00:00:00Z".parse().expect("instant")))
}

struct Clinic {
    engine: BookingEngine,
    tenant: Tenant,
    treatments: Vec<Treatment>,
    professionals: Vec<ProfessionalId>,
}

fn all_day_every_day() -> WeeklyHours {
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).expect("time");
    let day = vec![WorkInterval {
        start: t(6),
        end: t(23),
    }];
    WeeklyHours::try_from(std::array::from_fn(|_| day.clone())).expect("hours")
}

/// A clinic in UTC with `professionals`, `chairs` and 30/45/60-minute treatments.
async fn clinic(store: Arc<dyn Store>, clock: Arc<dyn Clock>, professionals: usize, chairs: usize) -> Clinic {
    let catalog = Catalog::new(Arc::clone(&store));
    let rules = BookingRules::try_from(BookingRulesParts {
        granularity: Granularity::QUARTER_HOUR,
        min_notice_minutes: 0,
        horizon_days: 730,
        cancellation_window_hours: 24,
        reminder_hours_before: 24,
        same_day_reminder_hours: None,
        confirmation_request_hours: None,
        waitlist_offer_minutes: 15,
        recall_follow_up_weeks: None,
    })
    .expect("rules");
    let tenant = Tenant {
        id: TenantId::new(),
        slug: "bench".parse().expect("slug"),
        name: "Bench".into(),
        address: String::new(),
        time_zone: "UTC".parse().expect("zone"),
        locale: Default::default(),
        rules,
        country: None,
        channels: Default::default(),
        created_at: clock.now(),
    };
    catalog
        .create_tenant(&tenant, &turnaki_testkit::clinic::admin_of(&tenant))
        .await
        .expect("tenant");
    let treatments: Vec<Treatment> = [30, 45, 60]
        .into_iter()
        .map(|m| Treatment::new(&format!("T{m}"), m, 0, Money::new(0, "EUR").expect("money")).expect("treatment"))
        .collect();
    for t in &treatments {
        catalog.put_treatment(tenant.id, t).await.expect("treatment");
    }
    let mut ids = Vec::new();
    for n in 0..professionals {
        let p = Professional {
            id: ProfessionalId::new(),
            name: format!("P{n}"),
            specialty: String::new(),
            treatments: treatments.iter().map(|t| t.id).collect(),
            weekly_hours: all_day_every_day(),
            active: true,
        };
        catalog.put_professional(tenant.id, &p).await.expect("professional");
        ids.push(p.id);
    }
    for n in 0..chairs {
        let chair = Chair {
            id: ChairId::new(),
            name: format!("C{n}"),
            treatments: treatments.iter().map(|t| t.id).collect(),
            active: true,
        };
        catalog.put_chair(tenant.id, &chair).await.expect("chair");
    }
    Clinic {
        engine: BookingEngine::new(store, clock),
        tenant,
        treatments,
        professionals: ids,
    }
}

fn request(professional: ProfessionalId, treatment: &Treatment, start: DateTime<Utc>) -> BookingRequest {
    BookingRequest::new(PatientId::new(), professional, treatment.id, start)
}

fn percentile(sorted: &[StdDuration], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize].as_secs_f64() * 1000.0
}

/// One month × 20 professionals × 3 chairs, 2,000 bookings: the whole clinic's month.
async fn availability(dir: &std::path::Path) {
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(dir).expect("store"));
    let clinic = clinic(store, clock(), 20, 3).await;
    let month = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let mut rng = StdRng::seed_from_u64(7);
    // Three chairs open 17 h a day give 1,581 chair-hours a month: 2,000 half-hour visits
    // fill 63% of them, about as busy as random placement on a 15-minute grid allows.
    let mut booked = 0;
    for attempt in 0.. {
        if booked == 2_000 {
            break;
        }
        assert!(attempt < 200_000, "the month filled up after {booked} bookings");
        let p = clinic.professionals[rng.random_range(0..20)];
        let t = &clinic.treatments[0];
        let start = month.and_hms_opt(6, 0, 0).expect("time").and_utc()
            + Duration::days(rng.random_range(0..31))
            + Duration::minutes(15 * rng.random_range(0..66));
        match clinic.engine.book(&clinic.tenant, request(p, t, start), None).await {
            Ok(_) => booked += 1,
            Err(BookingError::SlotTaken { .. } | BookingError::NoChairFree) => {}
            Err(e) => panic!("{e} at {start}"),
        }
    }
    let last = month + Duration::days(30);
    let mut times = Vec::new();
    let mut starts = 0;
    for _ in 0..200 {
        let began = Instant::now();
        let all = clinic
            .engine
            .availability(
                &clinic.tenant,
                clinic.treatments[0].id,
                None,
                month.try_into().expect("a date of the era"),
                last.try_into().expect("a date of the era"),
            )
            .await
            .expect("availability");
        times.push(began.elapsed());
        starts = all.iter().map(|a| a.starts.len()).sum();
    }
    times.sort();
    println!(
        "availability: month x 20 professionals x 3 chairs, 2000 bookings: p50 {:.2} ms, p99 {:.2} ms ({starts} free starts)",
        percentile(&times, 0.5),
        percentile(&times, 0.99)
    );
}

/// The PostgreSQL baseline's workload: 2,000 professionals, 30–60 min on a 15-minute grid,
/// over a year, 16 concurrent tasks, durable commits.
async fn throughput(dir: &std::path::Path, seconds: u64) {
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(dir).expect("store"));
    let clinic = Arc::new(clinic(store, clock(), 2_000, 0).await);
    let (ok, taken) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let deadline = Instant::now() + StdDuration::from_secs(seconds);
    let base: DateTime<Utc> = "2026-12-01T09:00:00Z".parse().expect("instant");
    let tasks = std::env::var("TASKS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16u64);
    let handles: Vec<_> = (0..tasks)
        .map(|seed| {
            let (clinic, ok, taken) = (Arc::clone(&clinic), Arc::clone(&ok), Arc::clone(&taken));
            tokio::spawn(async move {
                let mut rng = StdRng::seed_from_u64(seed);
                while Instant::now() < deadline {
                    let p = clinic.professionals[rng.random_range(0..2_000)];
                    let t = &clinic.treatments[rng.random_range(0..3)];
                    let start = base
                        + Duration::days(rng.random_range(0..365))
                        + Duration::minutes(15 * rng.random_range(0..32));
                    match clinic.engine.book(&clinic.tenant, request(p, t, start), None).await {
                        Ok(_) => ok.fetch_add(1, Ordering::Relaxed),
                        Err(BookingError::SlotTaken { .. }) => taken.fetch_add(1, Ordering::Relaxed),
                        Err(e) => panic!("{e}"),
                    };
                }
            })
        })
        .collect();
    for handle in handles {
        handle.await.expect("task");
    }
    let (ok, taken) = (ok.load(Ordering::Relaxed), taken.load(Ordering::Relaxed));
    println!(
        "embedded booking throughput: {} bookings/s with {tasks} tasks, synchronous=FULL ({ok} booked, {taken} conflicts in {seconds} s)",
        ok / seconds
    );
}

/// Items one booking writes, measured in the embedded store, and what they would cost on
/// DynamoDB on demand: a transactional write is 2 WRU per KB of item, each GSI entry 1 WRU
/// per KB more (item size approximated by its JSON form, which is close to DynamoDB's).
async fn items(dir: &std::path::Path) {
    let price_per_million_wru = 0.625;
    for (n, (minutes, chairs)) in [(30, 0), (30, 1), (60, 0), (60, 1)].into_iter().enumerate() {
        let path = dir.join(format!("items-{n}"));
        let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&path).expect("store"));
        let clinic = clinic(store, clock(), 1, chairs).await;
        let db = rusqlite::Connection::open(path.join("turnaki.sqlite3")).expect("database");
        let rows = |db: &rusqlite::Connection| -> Vec<(String, u32, bool, bool)> {
            let mut stmt = db
                .prepare("SELECT pk || sk, length(attrs), gsi1pk IS NOT NULL, gsi2pk IS NOT NULL FROM items")
                .expect("sql");
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .expect("rows")
                .map(|r| r.expect("row"))
                .collect()
        };
        let before: std::collections::HashSet<String> = rows(&db).into_iter().map(|r| r.0).collect();
        let treatment = clinic
            .treatments
            .iter()
            .find(|t| t.duration_minutes == minutes)
            .expect("treatment");
        let start = "2026-12-01T10:00:00Z".parse().expect("instant");
        clinic
            .engine
            .book(&clinic.tenant, request(clinic.professionals[0], treatment, start), None)
            .await
            .expect("book");
        let written: Vec<_> = rows(&db).into_iter().filter(|r| !before.contains(&r.0)).collect();
        let kb = |bytes: u32| bytes.div_ceil(1024);
        let wru: u32 = written
            .iter()
            .map(|(_, size, g1, g2)| 2 * kb(*size) + (u32::from(*g1) + u32::from(*g2)) * kb(*size))
            .sum();
        println!(
            "{minutes} min{}: {} items, {wru} WRU, ${:.2} per million bookings",
            if chairs > 0 { " with a chair" } else { "" },
            written.len(),
            f64::from(wru) * price_per_million_wru
        );
    }
}

/// 1,000 reminders due at once (100 professionals, one morning's visits a day ahead), sent
/// through the outbox by one run of the reminder job; then a run with nothing due, which is
/// what most 15-minute ticks cost.
async fn reminders(dir: &std::path::Path) {
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(dir).expect("store"));
    let clock = clock();
    let clinic = clinic(Arc::clone(&store), clock.clone(), 100, 0).await;
    let catalog = Catalog::new(Arc::clone(&store));
    let patient = Patient {
        id: PatientId::new(),
        name: "Paciente".into(),
        email: "paciente@bench.example".parse().expect("email"),
        phone: None,
        sms: Default::default(),
        created_at: clock.now(),
    };
    catalog.put_patient(clinic.tenant.id, &patient).await.expect("patient");
    let morning: DateTime<Utc> = "2026-12-01T06:00:00Z".parse().expect("instant");
    for p in &clinic.professionals {
        for slot in 0..10 {
            let start = morning + Duration::minutes(30 * slot);
            let request = BookingRequest::new(patient.id, *p, clinic.treatments[0].id, start);
            clinic
                .engine
                .book(&clinic.tenant, request, None)
                .await
                .expect("booking");
        }
    }
    let letterhead = Letterhead {
        from: "Bench <bench@turnaki.example>".into(),
        public_url: "https://turnaki.example".into(),
    };
    let mailer = OutboxMailer::new(Arc::clone(&store), clock.clone());
    let notifier = Arc::new(Notifier::new(catalog, Arc::new(mailer), letterhead));
    let job = ReminderJob::new(store, notifier, clock.clone());
    clock.advance(Duration::hours(11));
    let started = Instant::now();
    let report = job.run().await.expect("run");
    let busy = started.elapsed();
    assert_eq!(report.sent, 1_000, "{report:?}");
    let started = Instant::now();
    assert_eq!(job.run().await.expect("run"), RunReport::default());
    let idle = started.elapsed();
    println!(
        "reminders: 1,000 due sent through the outbox in {:.2} s ({:.0}/s); a run with none due (7 hours × 16 shards) {:.1} ms",
        busy.as_secs_f64(),
        1_000.0 / busy.as_secs_f64(),
        idle.as_secs_f64() * 1000.0
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let which = args.first().map(String::as_str).unwrap_or("all");
    let seconds = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(20);
    let dir = tempfile::tempdir().expect("temporary directory");
    if matches!(which, "all" | "availability") {
        availability(&dir.path().join("availability")).await;
    }
    if matches!(which, "all" | "throughput") {
        throughput(&dir.path().join("throughput"), seconds).await;
    }
    if matches!(which, "all" | "items") {
        items(&dir.path().join("items")).await;
    }
    if matches!(which, "all" | "reminders") {
        reminders(&dir.path().join("reminders")).await;
    }
}
