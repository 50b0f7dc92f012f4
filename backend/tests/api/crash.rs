//! A real `turnaki serve` killed with SIGKILL in the middle of a booking storm: after a
//! restart every acknowledged booking is there and has exactly one confirmation, on SQLite
//! and on DynamoDB (the test endpoint).

use std::collections::{HashMap, HashSet};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use turnaki_shared::api::paths;

use turnaki_testkit::client::{ApiClient, free_between, page};

use crate::helpers::StoreKind;

/// Every demo account's password (`turnaki serve --demo`).
const DEMO_PASSWORD: &str = "turnaki-demo-2026";
/// Booking clients at once.
const CLIENTS: usize = 16;
/// The longest the storm runs before the kill (the DynamoDB test endpoint is slow enough
/// never to reach half the times).
const STORM: Duration = Duration::from_secs(12);

struct Server {
    child: Child,
    /// Its API, not signed in.
    api: ApiClient,
}

impl Server {
    /// Starts the server on `data` and `store` (its flags), seeding the demo clinic once.
    async fn start(data: &std::path::Path, port: u16, store: &[String]) -> Self {
        // `TURNAKI_CRASH_BIN` measures another build (docs/benchmarks.md used the release one).
        let binary = std::env::var_os("TURNAKI_CRASH_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_turnaki").into());
        let child = Command::new(binary)
            .args(["serve", "--demo", "--reminder-every", "0", "--public-rate", "0"])
            .args(["--addr", &format!("127.0.0.1:{port}")])
            .arg("--data-dir")
            .arg(data)
            .args(store)
            .arg("--spa-dir")
            .arg(data.join("no-app"))
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("turnaki serve starts");
        let server = Self {
            child,
            api: ApiClient::new(format!("http://127.0.0.1:{port}")),
        };
        for _ in 0..300 {
            // The raw request: `health()` expects an answer, and the server is still starting.
            let health = server.api.request(Method::GET, &paths::health()).send().await;
            if health.is_ok_and(|r| r.status() == StatusCode::OK) {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("turnaki serve did not answer /health");
    }

    async fn sign_in(&self, email: &str) -> String {
        let answer: Value = self
            .api
            .request_token(&json!({ "email": email, "password": DEMO_PASSWORD }))
            .await
            .json()
            .await
            .expect("a token");
        answer["access_token"].as_str().expect("a token").to_owned()
    }

    /// Every confirmation in the demo clinic's outbox, counted per booking.
    async fn confirmations(&self, admin: &str) -> HashMap<String, usize> {
        let mut per_booking = HashMap::new();
        let mut cursor: Option<String> = None;
        loop {
            let page: Value = self
                .api
                .by(admin)
                .outbox(&page(200, cursor.as_deref()))
                .await
                .json()
                .await
                .expect("a page");
            for item in page["items"].as_array().expect("items") {
                if item["kind"] == "confirmation" {
                    let booking = item["booking_id"].as_str().expect("a booking").to_owned();
                    *per_booking.entry(booking).or_insert(0) += 1;
                }
            }
            match page["cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => return per_booking,
            }
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("address")
        .port()
}

/// Free start times of the demo clinic's treatments over the next weeks, spread over its
/// professionals: (treatment, professional, start).
async fn free_times(server: &Server) -> Vec<(String, String, String)> {
    let profile: Value = server.api.clinic("sonrisa").await.json().await.expect("profile JSON");
    let today = Utc::now().with_timezone(&chrono_tz::America::Santiago).date_naive();
    let mut times = Vec::new();
    let treatments = profile["treatments"].as_array().expect("treatments");
    for (treatment, weeks) in treatments.iter().flat_map(|t| (0..4).map(move |w| (t, w))) {
        let treatment = treatment["id"].as_str().expect("a treatment");
        let from = today + chrono::Duration::days(7 * weeks + 1);
        let to = from + chrono::Duration::days(6);
        let free: Value = server
            .api
            .availability("sonrisa", &free_between(treatment, from, to))
            .await
            .json()
            .await
            .expect("availability JSON");
        for professional in free["professionals"].as_array().expect("professionals") {
            let id = professional["professional_id"].as_str().expect("id");
            for start in professional["starts"].as_array().expect("starts") {
                let start = start.as_str().expect("a start").to_owned();
                times.push((treatment.to_owned(), id.to_owned(), start));
            }
        }
    }
    times
}

/// The flags that put `turnaki serve` on `kind` (a fresh table on the test endpoint).
fn store_flags(kind: StoreKind) -> Vec<String> {
    match kind {
        StoreKind::Sqlite => Vec::new(),
        StoreKind::Dynamodb => {
            let endpoint = turnaki_testkit::endpoint("TURNAKI_TEST_DYNAMODB_ENDPOINT");
            let table = format!("turnaki-crash-{}", ulid::Ulid::generate().to_string().to_lowercase());
            [
                "--store",
                "dynamodb",
                "--table",
                &table,
                "--dynamodb-endpoint",
                &endpoint,
            ]
            .map(str::to_owned)
            .to_vec()
        }
    }
}

async fn a_server_killed_mid_storm_confirms_every_acknowledged_booking_exactly_once_after_restart(kind: StoreKind) {
    let data = tempfile::tempdir().expect("data directory");
    let port = free_port();
    let store = store_flags(kind);
    let mut server = Server::start(data.path(), port, &store).await;
    let patient = server.sign_in("paciente@sonrisa.example").await;
    let admin = server.sign_in("admin@sonrisa.example").await;
    let times = free_times(&server).await;
    assert!(
        times.len() > 200,
        "the demo clinic offers enough times: {}",
        times.len()
    );

    // Sixteen clients book free times (some overlap and get 409) until the process dies,
    // which happens when half the times have been tried: in the middle of the storm.
    let half = times.len() / 2;
    let queue = Arc::new(Mutex::new(times));
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let started = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (queue, acknowledged) = (Arc::clone(&queue), Arc::clone(&acknowledged));
            let patient = server.api.by(&patient);
            tokio::spawn(async move {
                loop {
                    let Some((treatment, professional, start)) = queue.lock().expect("queue").pop() else {
                        return;
                    };
                    let body = json!({ "treatment_id": treatment, "professional_id": professional, "start": start });
                    // The raw request: `book()` expects an answer, and the server is killed.
                    let Ok(answer) = patient
                        .request(Method::POST, &paths::bookings())
                        .json(&body)
                        .send()
                        .await
                    else {
                        return; // the server is gone
                    };
                    if answer.status() == StatusCode::CREATED {
                        let Ok(booked) = answer.json::<Value>().await else {
                            return;
                        };
                        let id = booked["id"].as_str().expect("an id").to_owned();
                        acknowledged.lock().expect("list").push(id);
                    }
                }
            })
        })
        .collect();
    while started.elapsed() < STORM && queue.lock().expect("queue").len() > half {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // How far messages trail bookings under the storm, just before the kill.
    let acknowledged_then = acknowledged.lock().expect("list").len();
    let confirmed_then = server.confirmations(&admin).await.len();
    server.child.kill().expect("SIGKILL");
    server.child.wait().expect("reaped");
    let storm = started.elapsed();
    for client in clients {
        client.await.expect("client task");
    }
    let acknowledged: HashSet<String> = acknowledged.lock().expect("list").iter().cloned().collect();
    assert!(
        acknowledged.len() >= 5,
        "the storm booked something: {}",
        acknowledged.len()
    );

    let restarted = Server::start(data.path(), port, &store).await;
    let began = Instant::now();
    let mut confirmations = restarted.confirmations(&admin).await;
    while began.elapsed() < Duration::from_secs(60) && acknowledged.iter().any(|b| !confirmations.contains_key(b)) {
        tokio::time::sleep(Duration::from_millis(200)).await;
        confirmations = restarted.confirmations(&admin).await;
    }
    let missing = acknowledged.iter().filter(|b| !confirmations.contains_key(*b)).count();
    let twice = confirmations.values().filter(|n| **n > 1).count();
    println!(
        "crash on {kind:?}: {confirmed_then} confirmed of {acknowledged_then} acknowledged just before the kill; \
         {} acknowledged in {storm:?}, {} confirmed after restart ({} after {:?}), {missing} missing, {twice} sent twice",
        acknowledged.len(),
        acknowledged.iter().filter(|b| confirmations.contains_key(*b)).count(),
        confirmations.len(),
        began.elapsed(),
    );
    assert_eq!(missing, 0, "every acknowledged booking is confirmed");
    assert_eq!(twice, 0, "no booking is confirmed twice");
    for booking in &acknowledged {
        let answer = restarted.api.by(&admin).booking(booking).await;
        assert_eq!(answer.status(), StatusCode::OK, "booking {booking} survived the crash");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

each_store_kind! {
    a_server_killed_mid_storm_confirms_every_acknowledged_booking_exactly_once_after_restart,
}
