//! `spawn_app`: a real `turnaki serve` stack on a loopback port with its own store (a
//! temporary SQLite directory or a fresh table on the DynamoDB test endpoint), handing out
//! the test kit's typed client ([`ApiClient`], one method per route), and a clinic fixture
//! built through the API itself that hands out that client per role.
//!
//! This lives here, not in `turnaki_testkit` with the client: it starts
//! `turnaki_backend`'s stack, and the kit is also the store, engine and notification
//! suites' dev-dependency; depending on the HTTP layer would make every one of their
//! builds wait on it, against the rule that dependencies point inward (DESIGN §2).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use reqwest::{Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use turnaki_backend::app::{self, RouteGroup};
use turnaki_backend::edge::EdgeConfig;
use turnaki_backend::serve::{MailOptions, embedded_app, ensure_owner, with_notifications};
use turnaki_shared::api::paths::PageQuery;
use turnaki_shared::clock::{Clock, OffsetClock, SystemClock};
use turnaki_shared::ids::BookingId;
use turnaki_shared::keys;
use turnaki_shared::store::{Index, Query, SortKey, Store, query_all};
pub use turnaki_testkit::client::ApiClient;
use turnaki_testkit::snapshot::{Snapshot, Table};

/// The platform owner every test app has.
pub const OWNER: &str = "owner@turnaki.test";
/// The password of every test account.
pub const PASSWORD: &str = "Correct-Horse-9-battery";

/// Which store the app runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreKind {
    /// SQLite in a temporary directory.
    Sqlite,
    /// A fresh table on the DynamoDB test endpoint (moto).
    Dynamodb,
}

/// A running app.
pub struct TestApp {
    /// The API, not signed in.
    api: ApiClient,
    /// The store underneath, to prove nothing was written.
    pub store: Arc<dyn Store>,
    /// Where it keeps its items, for whole-table snapshots.
    table: Table,
    days: Arc<Days>,
    _dir: tempfile::TempDir,
}

/// Starts an app on `kind`, with the owner account created.
pub async fn spawn_app(kind: StoreKind) -> TestApp {
    spawn_app_limited(kind, 0).await
}

/// Starts an app whose public routes allow `public_rate` requests per second per client.
pub async fn spawn_app_limited(kind: StoreKind, public_rate: u32) -> TestApp {
    spawn_app_with(kind, public_rate, EdgeConfig::default()).await
}

/// Starts an app with its own rate and edge settings.
pub async fn spawn_app_with(kind: StoreKind, public_rate: u32, edge: EdgeConfig) -> TestApp {
    spawn(kind, public_rate, edge, None).await
}

/// Starts an app that relays every message through the SMTP server at `smtp_url`, trusting
/// the certificate authority in `ca_file` as well as the public ones when given.
pub async fn spawn_app_relaying(kind: StoreKind, smtp_url: &str, ca_file: Option<PathBuf>) -> TestApp {
    let relay = Relay {
        url: smtp_url.to_owned(),
        ca_file,
    };
    spawn(kind, 0, EdgeConfig::default(), Some(relay)).await
}

/// Where an app under test relays its messages.
struct Relay {
    url: String,
    ca_file: Option<PathBuf>,
}

async fn spawn(kind: StoreKind, public_rate: u32, edge: EdgeConfig, relay: Option<Relay>) -> TestApp {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (store, table) = match kind {
        StoreKind::Sqlite => (
            turnaki_testkit::sqlite_store_in(dir.path()).await,
            Table::sqlite(dir.path()),
        ),
        StoreKind::Dynamodb => turnaki_testkit::dynamodb_store_and_table().await,
    };
    let clock = test_clock();
    let app = embedded_app(Arc::clone(&store), dir.path(), public_rate, Arc::clone(&clock)).expect("embedded app");
    let mail = MailOptions {
        mail_from: "Turnaki <citas@turnaki.test>".into(),
        public_url: None,
        smtp_url: relay.as_ref().map(|r| r.url.clone()),
        smtp_ca_file: relay.and_then(|r| r.ca_file),
        sms_gateway_url: None,
        sms_gateway_secret: None,
        reminder_every: 0,
    };
    let (app, _notifications) = with_notifications(app, &mail, "http://turnaki.test".into()).expect("notifications");
    ensure_owner(&app, OWNER, PASSWORD).await.expect("owner");
    let service = app::service(Arc::new(app), &RouteGroup::ALL, &edge, None);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        axum::serve(listener, service.into_make_service_with_connect_info::<SocketAddr>())
            .await
            .expect("serve");
    });
    TestApp {
        api: ApiClient::new(address),
        store,
        table,
        days: Arc::new(Days::counting_from(clock.as_ref())),
        _dir: dir,
    }
}

/// The clock tests run on: the system's, or with `TURNAKI_TEST_TODAY=YYYY-MM-DD` one on
/// which today (UTC) is that date, so a run can prove the suite passes on any weekday.
pub fn test_clock() -> Arc<dyn Clock> {
    match std::env::var("TURNAKI_TEST_TODAY") {
        Ok(text) => {
            let today: NaiveDate = text
                .parse()
                .unwrap_or_else(|e| panic!("TURNAKI_TEST_TODAY=`{text}` is not a date (YYYY-MM-DD): {e}"));
            Arc::new(OffsetClock::today_is(today))
        }
        Err(_) => Arc::new(SystemClock),
    }
}

impl TestApp {
    /// A weekday that no other fixture or test of this app has: any time on it is free.
    pub fn day(&self) -> Day {
        self.days.take()
    }

    /// Today in the test clinics' zone, by the app's clock.
    pub fn today(&self) -> NaiveDate {
        self.days.today
    }

    /// Every item of the store with every attribute: equal before and after a request that
    /// wrote nothing anywhere.
    pub async fn snapshot(&self) -> Snapshot {
        self.table.snapshot().await
    }

    /// How many items the clinic has in the store: unchanged after a refused request.
    pub async fn footprint(&self, clinic: &Clinic) -> usize {
        let tenant = clinic.tenant_id.parse().expect("a tenant id");
        let query = Query::new(Index::Table, keys::tenant_partition(tenant), SortKey::Any);
        query_all(self.store.as_ref(), &query)
            .await
            .expect("the clinic's items")
            .len()
    }

    /// The API without signing in.
    pub fn anonymous(&self) -> ApiClient {
        self.api.clone()
    }

    /// The API as the bearer of `token`.
    pub fn by(&self, token: &str) -> ApiClient {
        self.api.by(token)
    }

    /// The API with `token`, or without one (for tables of callers).
    pub fn with_token(&self, token: Option<&str>) -> ApiClient {
        self.api.with_token(token)
    }

    /// Signs in and returns the bearer token.
    pub async fn sign_in(&self, email: &str) -> String {
        let answer = self
            .api
            .request_token(&json!({ "email": email, "password": PASSWORD }))
            .await;
        let body: Value = expect(answer, StatusCode::OK).await;
        body["access_token"].as_str().expect("a token").to_owned()
    }

    /// Onboards a clinic through the API and fills it: a treatment, a professional working
    /// every day 08:00–20:00, a chair, one account per role and one patient booking.
    pub async fn clinic(&self, slug: &str) -> Clinic {
        let owner = self.sign_in(OWNER).await;
        let onboarded: Value = expect(
            self.by(&owner)
                .onboard(&json!({
                    "name": format!("Clínica {slug}"), "slug": slug, "address": "Av. Siempre Viva 742",
                    "time_zone": "America/Santiago", "locale": "es",
                    "admin_email": format!("admin@{slug}.test"), "admin_name": "Ana Admin",
                    "admin_password": PASSWORD,
                }))
                .await,
            StatusCode::CREATED,
        )
        .await;
        let tenant_id = text(&onboarded["tenant"]["id"]);
        let admin = self.sign_in(&format!("admin@{slug}.test")).await;
        let as_admin = self.by(&admin);
        let treatment: Value = expect(
            as_admin
                .create_treatment(
                    &json!({ "name": "Limpieza", "duration_minutes": 30, "buffer_minutes": 0,
                                           "price_minor": 25000, "currency": "CLP" }),
                )
                .await,
            StatusCode::CREATED,
        )
        .await;
        let treatment_id = text(&treatment["id"]);
        let day = vec![json!({ "start": "08:00", "end": "20:00" })];
        let professional: Value = expect(
            as_admin
                .create_professional(&json!({ "name": "Dra. Rojas", "specialty": "General",
                                              "treatments": [treatment_id], "weekly_hours": vec![day; 7] }))
                .await,
            StatusCode::CREATED,
        )
        .await;
        let professional_id = text(&professional["id"]);
        let chair: Value = expect(
            as_admin
                .create_chair(&json!({ "name": "Box 1", "treatments": [treatment_id] }))
                .await,
            StatusCode::CREATED,
        )
        .await;
        for (role, extra) in [("reception", json!(null)), ("dentist", json!(professional_id))] {
            let answer = as_admin
                .create_user(
                    &json!({ "email": format!("{role}@{slug}.test"), "name": role, "role": role,
                                      "password": PASSWORD, "professional_id": extra }),
                )
                .await;
            expect::<Value>(answer, StatusCode::CREATED).await;
        }
        let registered: Value = expect(
            self.api
                .register(
                    slug,
                    &json!({ "name": "Pía Paciente", "email": format!("patient@{slug}.test"), "password": PASSWORD }),
                )
                .await,
            StatusCode::CREATED,
        )
        .await;
        let patient = text(&registered["token"]["access_token"]);
        let booking_start = self.day().at(10, 0);
        let mut clinic = Clinic {
            slug: slug.to_owned(),
            tenant_id,
            treatment_id,
            professional_id,
            chair_id: text(&chair["id"]),
            patient_id: text(&registered["patient_id"]),
            booking_id: String::new(),
            booking_start,
            days: Arc::clone(&self.days),
            api: self.api.clone(),
            owner,
            admin,
            reception: self.sign_in(&format!("reception@{slug}.test")).await,
            dentist: self.sign_in(&format!("dentist@{slug}.test")).await,
            patient,
        };
        let booked: Value = expect(
            clinic.as_patient().book(&clinic.booking_at(booking_start)).await,
            StatusCode::CREATED,
        )
        .await;
        clinic.booking_id = text(&booked["id"]);
        // The confirmation is written in the background (the outbox message, then the record
        // that it was sent, then the event is removed); tests that count the clinic's items
        // must start after all of it. With a relay that is down it stays pending, failed.
        let booking: BookingId = clinic.booking_id.parse().expect("a booking id");
        let event = keys::pending_event(booking, 1);
        for _ in 0..200 {
            if self.store.get(&event).await.expect("the store answers").is_none() {
                return clinic;
            }
            let outbox: Value = expect(clinic.as_admin().outbox(&PageQuery::default()).await, StatusCode::OK).await;
            if outbox["items"][0]["status"] == "failed" {
                return clinic;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        panic!("the booking's confirmation was never delivered");
    }
}

/// One clinic's ids and a token per role.
#[derive(Debug, Clone)]
pub struct Clinic {
    /// Its slug.
    pub slug: String,
    /// Its tenant id.
    pub tenant_id: String,
    /// Its treatment.
    pub treatment_id: String,
    /// Its professional (the dentist account's).
    pub professional_id: String,
    /// Its chair.
    pub chair_id: String,
    /// Its registered patient.
    pub patient_id: String,
    /// The patient's booking.
    pub booking_id: String,
    /// When it starts: 10:00 on a day of its own.
    pub booking_start: DateTime<Utc>,
    days: Arc<Days>,
    api: ApiClient,
    /// The platform owner.
    pub owner: String,
    /// The clinic's admin.
    pub admin: String,
    /// Its receptionist.
    pub reception: String,
    /// Its dentist.
    pub dentist: String,
    /// Its patient.
    pub patient: String,
}

impl Clinic {
    /// A weekday no other fixture or test of the clinic's app has.
    pub fn day(&self) -> Day {
        self.days.take()
    }

    /// Today in the clinic's zone, by its app's clock.
    pub fn today(&self) -> NaiveDate {
        self.days.today
    }

    /// A booking body for the clinic's treatment and professional at `start`.
    pub fn booking_at(&self, start: DateTime<Utc>) -> Value {
        json!({ "treatment_id": self.treatment_id, "professional_id": self.professional_id,
                "start": start.to_rfc3339() })
    }

    /// The API as `role` (`owner`, `admin`, `reception`, `dentist`, `patient`).
    pub fn as_role(&self, role: &str) -> ApiClient {
        self.api.by(self.token(role))
    }

    /// The API as the platform owner.
    pub fn as_owner(&self) -> ApiClient {
        self.api.by(&self.owner)
    }

    /// The API as the clinic's admin.
    pub fn as_admin(&self) -> ApiClient {
        self.api.by(&self.admin)
    }

    /// The API as its receptionist.
    pub fn as_reception(&self) -> ApiClient {
        self.api.by(&self.reception)
    }

    /// The API as its dentist.
    pub fn as_dentist(&self) -> ApiClient {
        self.api.by(&self.dentist)
    }

    /// The API as its patient.
    pub fn as_patient(&self) -> ApiClient {
        self.api.by(&self.patient)
    }

    /// The API without signing in.
    pub fn anonymous(&self) -> ApiClient {
        self.api.clone()
    }

    /// The token of `role` (`owner`, `admin`, `reception`, `dentist`, `patient`).
    pub fn token(&self, role: &str) -> &str {
        match role {
            "owner" => &self.owner,
            "admin" => &self.admin,
            "reception" => &self.reception,
            "dentist" => &self.dentist,
            "patient" => &self.patient,
            other => panic!("no role {other}"),
        }
    }
}

/// The test clinics' zone.
const ZONE: chrono_tz::Tz = chrono_tz::America::Santiago;

/// Hands out weekdays inside the test clinics' booking window, each once, so no two
/// fixtures or tests of an app ever ask for the same time, whatever weekday today is.
#[derive(Debug)]
pub struct Days {
    /// The day the app started, in the clinics' zone.
    today: NaiveDate,
    taken: AtomicU32,
}

impl Days {
    /// Weekdays counted from today by `clock`, in the clinics' zone.
    pub fn counting_from(clock: &dyn Clock) -> Self {
        Self {
            today: clock.now().with_timezone(&ZONE).date_naive(),
            taken: AtomicU32::new(0),
        }
    }

    /// The next weekday nobody has taken.
    pub fn take(&self) -> Day {
        let n = self.taken.fetch_add(1, Ordering::Relaxed);
        // From the day after tomorrow: past the minimum notice at any hour of today.
        let mut weekdays = (self.today + Duration::days(2))
            .iter_days()
            .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun));
        Day(weekdays.nth(n as usize).expect("days enough"))
    }
}

/// A weekday of the test clinics, in their zone; their professional works 08:00–20:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day(NaiveDate);

impl Day {
    /// The day's date in the clinics' zone.
    pub fn date(self) -> NaiveDate {
        self.0
    }

    /// `h:m` on this day, clinic time.
    pub fn at(self, h: u32, m: u32) -> DateTime<Utc> {
        let local = self.0.and_time(NaiveTime::from_hms_opt(h, m, 0).expect("time"));
        // Chile changes its clocks at midnight between Saturday and Sunday: weekdays have
        // every hour.
        ZONE.from_local_datetime(&local)
            .single()
            .expect("weekdays have every hour")
            .with_timezone(&Utc)
    }
}

/// A JSON string field.
pub fn text(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
        .to_owned()
}

/// Asserts the status and decodes the body, printing the body when the status differs.
pub async fn expect<T: DeserializeOwned>(answer: Response, status: StatusCode) -> T {
    let got = answer.status();
    let body = answer.text().await.expect("a body");
    assert_eq!(got, status, "unexpected answer: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// Asserts an RFC 7807 answer with this status and code; returns it.
pub async fn expect_problem(answer: Response, status: StatusCode, code: &str) -> Value {
    let content_type = answer
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(answer.headers().contains_key("x-request-id"), "no x-request-id");
    let problem: Value = expect(answer, status).await;
    assert_eq!(content_type, "application/problem+json", "{problem}");
    assert_eq!(problem["code"], code, "{problem}");
    assert_eq!(problem["status"], status.as_u16(), "{problem}");
    problem
}
