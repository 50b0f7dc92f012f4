//! HTTP load against a running `turnaki serve` (benchmark, not a test): public availability
//! for a week, bookings on distinct slots with one token per client, and a same-slot storm.
//! Usage: `http_load <base-url> <seconds> <owner-email> <owner-password>`; `scripts/bench`
//! starts the server and passes these.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::{Days, NaiveTime, Utc};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use tokio::sync::Barrier;

const CLIENTS: usize = 32;
const STORM: usize = 100;
const PROFESSIONALS: usize = 20;
const PASSWORD: &str = "bench-password-2026";
/// 5-minute starts from 00:00 to 23:50: each professional works 00:00–23:55 every day.
const STARTS_PER_DAY: usize = 287;

struct Bench {
    base: String,
    http: Client,
}

impl Bench {
    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let answer = request.send().await.expect("the server answers");
        let status = answer.status();
        (status, answer.json().await.unwrap_or(Value::Null))
    }

    async fn must(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Value,
        want: StatusCode,
    ) -> Value {
        let (status, value) = self.send(method, path, token, Some(&body)).await;
        assert_eq!(status, want, "{path}: {value}");
        value
    }

    async fn token(&self, email: &str, password: &str) -> String {
        let v = self
            .must(
                reqwest::Method::POST,
                "/v1/auth/token",
                None,
                json!({ "email": email, "password": password }),
                StatusCode::OK,
            )
            .await;
        v["access_token"].as_str().expect("token").to_owned()
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn report(name: &str, mut latencies: Vec<Duration>, elapsed: Duration, statuses: &[(u16, usize)]) {
    latencies.sort_unstable();
    println!(
        "{name:<44} {:>8} req  {:>9.0} req/s  p50 {:>6.2} ms  p99 {:>6.2} ms  max {:>7.2} ms  statuses {statuses:?}",
        latencies.len(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0),
    );
}

fn tally(statuses: impl IntoIterator<Item = u16>) -> Vec<(u16, usize)> {
    let mut counts = std::collections::BTreeMap::new();
    for s in statuses {
        *counts.entry(s).or_insert(0) += 1;
    }
    counts.into_iter().collect()
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, base, seconds, owner_email, owner_password, ..] = args.as_slice() else {
        eprintln!("usage: http_load <base-url> <seconds> <owner-email> <owner-password>");
        std::process::exit(2);
    };
    let seconds: u64 = seconds.parse().expect("seconds");
    let bench = Arc::new(Bench {
        base: base.clone(),
        http: Client::builder().pool_max_idle_per_host(256).build().expect("client"),
    });
    let owner = bench.token(owner_email, owner_password).await;
    let slug = format!("bench-{}", Utc::now().timestamp());
    let admin_email = format!("admin@{slug}.example");
    let post = reqwest::Method::POST;
    let onboarded = bench
        .must(
            post.clone(),
            "/v1/tenants",
            Some(&owner),
            json!({ "name": "Bench", "slug": slug, "time_zone": "UTC", "locale": "en", "admin_email": admin_email,
                    "admin_name": "Bench", "admin_password": PASSWORD }),
            StatusCode::CREATED,
        )
        .await;
    let tenant = onboarded["tenant"]["id"].as_str().unwrap().to_owned();
    let admin = bench.token(&admin_email, PASSWORD).await;
    bench
        .must(
            reqwest::Method::PATCH,
            &format!("/v1/tenants/{tenant}"),
            Some(&admin),
            json!({ "granularity_minutes": 5, "min_notice_minutes": 0, "horizon_days": 730 }),
            StatusCode::OK,
        )
        .await;
    let treatment = bench
        .must(
            post.clone(),
            "/v1/treatments",
            Some(&admin),
            json!({ "name": "Check", "duration_minutes": 5, "price_minor": 1, "currency": "CLP" }),
            StatusCode::CREATED,
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let day = vec![json!({ "start": "00:00", "end": "23:55" })];
    let mut professionals = Vec::new();
    for i in 0..PROFESSIONALS {
        let p = bench
            .must(
                post.clone(),
                "/v1/professionals",
                Some(&admin),
                json!({ "name": format!("Dr {i}"), "treatments": [treatment], "weekly_hours": vec![day.clone(); 7] }),
                StatusCode::CREATED,
            )
            .await;
        professionals.push(p["id"].as_str().unwrap().to_owned());
    }
    let mut patients = Vec::new();
    for i in 0..STORM.max(CLIENTS) {
        let r = bench
            .must(
                post.clone(),
                &format!("/v1/public/clinics/{slug}/register"),
                None,
                json!({ "name": format!("Patient {i}"), "email": format!("p{i}@{slug}.example"), "password": PASSWORD }),
                StatusCode::CREATED,
            )
            .await;
        patients.push(r["token"]["access_token"].as_str().unwrap().to_owned());
    }

    // Public availability for a week of the demo clinic: any professional, one treatment.
    let (_, profile) = bench
        .send(reqwest::Method::GET, "/v1/public/clinics/sonrisa", None, None)
        .await;
    let cleaning = profile["treatments"]
        .as_array()
        .and_then(|t| t.iter().find(|t| t["name"] == "Limpieza dental"))
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .expect("the demo clinic (turnaki serve --demo)");
    let from = Utc::now().date_naive() + Days::new(1);
    let week = format!(
        "/v1/public/clinics/sonrisa/availability?treatment_id={cleaning}&from={from}&to={}",
        from + Days::new(6)
    );
    let run_for = Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let bench = Arc::clone(&bench);
            let week = week.clone();
            tokio::spawn(async move {
                let mut seen = Vec::new();
                while started.elapsed() < run_for {
                    let t = Instant::now();
                    let (status, _) = bench.send(reqwest::Method::GET, &week, None, None).await;
                    seen.push((t.elapsed(), status.as_u16()));
                }
                seen
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut statuses = Vec::new();
    for task in tasks {
        for (d, s) in task.await.unwrap() {
            latencies.push(d);
            statuses.push(s);
        }
    }
    report(
        "availability, demo clinic, one week",
        latencies,
        started.elapsed(),
        &tally(statuses),
    );

    // Bookings on distinct slots: client c takes slot numbers c, c + 32, c + 64, ...
    let first_day = Utc::now().date_naive() + Days::new(2);
    let slot = move |k: usize| {
        let prof = k % PROFESSIONALS;
        let rest = k / PROFESSIONALS;
        let day = first_day + Days::new((rest / STARTS_PER_DAY) as u64);
        let minutes = (rest % STARTS_PER_DAY) as u32 * 5;
        let start = day
            .and_time(NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).unwrap())
            .and_utc();
        (prof, start)
    };
    let professionals = Arc::new(professionals);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let bench = Arc::clone(&bench);
            let token = patients[c].clone();
            let professionals = Arc::clone(&professionals);
            let treatment = treatment.clone();
            let next = Arc::clone(&next);
            tokio::spawn(async move {
                let mut seen = Vec::new();
                while started.elapsed() < run_for {
                    let (p, start) = slot(next.fetch_add(1, Ordering::Relaxed));
                    let body = json!({ "treatment_id": treatment, "professional_id": professionals[p], "start": start.to_rfc3339() });
                    let t = Instant::now();
                    let (status, _) = bench.send(reqwest::Method::POST, "/v1/bookings", Some(&token), Some(&body)).await;
                    seen.push((t.elapsed(), status.as_u16()));
                }
                seen
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut statuses = Vec::new();
    for task in tasks {
        for (d, s) in task.await.unwrap() {
            latencies.push(d);
            statuses.push(s);
        }
    }
    report(
        "bookings, distinct slots, 32 clients",
        latencies,
        started.elapsed(),
        &tally(statuses),
    );

    // The storm: 100 patients, one slot, released together.
    let (p, start) = slot(next.load(Ordering::Relaxed) + PROFESSIONALS * STARTS_PER_DAY * 30);
    let body = Arc::new(
        json!({ "treatment_id": treatment, "professional_id": professionals[p], "start": start.to_rfc3339() }),
    );
    let gate = Arc::new(Barrier::new(STORM));
    let started = Instant::now();
    let tasks: Vec<_> = patients
        .iter()
        .take(STORM)
        .cloned()
        .map(|token| {
            let (bench, body, gate) = (Arc::clone(&bench), Arc::clone(&body), Arc::clone(&gate));
            tokio::spawn(async move {
                gate.wait().await;
                let t = Instant::now();
                let (status, v) = bench
                    .send(reqwest::Method::POST, "/v1/bookings", Some(&token), Some(&body))
                    .await;
                (
                    t.elapsed(),
                    status.as_u16(),
                    v["code"].as_str().unwrap_or_default().to_owned(),
                )
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut statuses = Vec::new();
    let mut codes = Vec::new();
    for task in tasks {
        let (d, s, code) = task.await.unwrap();
        latencies.push(d);
        statuses.push(s);
        codes.push(code);
    }
    let summary = tally(statuses);
    report("same-slot storm, 100 clients", latencies, started.elapsed(), &summary);
    let won = summary.iter().find(|(s, _)| *s == 201).map_or(0, |(_, n)| *n);
    let lost = summary.iter().find(|(s, _)| *s == 409).map_or(0, |(_, n)| *n);
    println!(
        "storm verdict: {won} × 201, {lost} × 409 ({} slot_taken), other {} — {}",
        codes.iter().filter(|c| *c == "slot_taken").count(),
        STORM - won - lost,
        if won == 1 && lost == STORM - 1 {
            "as required"
        } else {
            "NOT as required"
        }
    );
}
