//! Dates from far outside the years Turnaki books in (signed years chrono accepts, such as
//! `+262142`) on every date and instant parameter of every route get a 422 naming the
//! field and write nothing: they used to overflow and abort the server. A clinic in a zone
//! that skipped a whole day answers cleanly for that day.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use turnaki_shared::keys;
use turnaki_shared::store::{Index, Query, SortKey, query_all};

use crate::helpers::{Clinic, StoreKind, TestApp, expect, expect_problem, spawn_app};
turnaki_testkit::each_adapter! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    cases in {super}: [
        every_date_and_instant_outside_the_era_is_refused_by_name_and_writes_nothing,
        a_clinic_in_samoa_asking_about_the_day_samoa_skipped_gets_a_clean_empty_answer,
    ];
    sqlite: |case| case(crate::helpers::StoreKind::Sqlite).await;
    dynamodb: |case| case(crate::helpers::StoreKind::Dynamodb).await;
}

/// Dates outside 2000–2200: signed, negative, just before and just after, and Manila's
/// skipped day.
const BAD_DATES: [&str; 5] = ["+262142-12-31", "-0001-01-01", "1999-12-31", "2201-01-01", "1844-12-31"];
/// Instants outside the era, the first being the one that aborted the time-off list.
const BAD_INSTANTS: [&str; 4] = [
    "+262142-06-01T00:00:00Z",
    "-0001-01-01T00:00:00Z",
    "1999-12-31T23:59:59Z",
    "2201-01-01T00:00:00Z",
];
/// Months outside the era.
const BAD_MONTHS: [&str; 4] = ["+262142-12", "-0001-01", "1999-12", "2201-01"];

/// How many items the clinic has.
async fn footprint(app: &TestApp, clinic: &Clinic) -> usize {
    let tenant = clinic.tenant_id.parse().unwrap();
    let query = Query::new(Index::Table, keys::tenant_partition(tenant), SortKey::Any);
    query_all(app.store.as_ref(), &query).await.unwrap().len()
}

/// A query value with its `+` escaped, as a browser sends it.
fn q(value: &str) -> String {
    value.replace('+', "%2B")
}

/// Asserts a 422 `validation_failed` whose errors name `field` with `out_of_range`.
async fn refused(answer: reqwest::Response, field: &str, what: &str) {
    let problem = expect_problem(answer, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let errors = problem["errors"].as_array().expect("field errors");
    assert!(
        errors
            .iter()
            .any(|e| e["field"] == field && e["code"] == "out_of_range"),
        "{what}: {field} not named out of range in {problem}"
    );
}

async fn every_date_and_instant_outside_the_era_is_refused_by_name_and_writes_nothing(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let c = app.clinic("sonrisa").await;
    let before = footprint(&app, &c).await;
    let day = app.day();
    let good_day = day.date().format("%Y-%m-%d").to_string();
    let good_at = day.at(10, 0).to_rfc3339();
    let mut asked = 0;
    // Queries: each bound alone out of the era, the other one fine.
    for bad in BAD_DATES {
        for (field, from, to) in [("from", bad, good_day.as_str()), ("to", good_day.as_str(), bad)] {
            let (from, to) = (q(from), q(to));
            let availability = format!(
                "/v1/public/clinics/{}/availability?treatment_id={}&from={from}&to={to}",
                c.slug, c.treatment_id
            );
            refused(app.get(&availability, None).await, field, &availability).await;
            let calendar = format!("/v1/bookings?from={from}&to={to}");
            refused(app.get(&calendar, Some(&c.reception)).await, field, &calendar).await;
            asked += 2;
        }
    }
    for bad in BAD_INSTANTS {
        let time_off = format!("/v1/professionals/{}/time-off", c.professional_id);
        for (field, query) in [
            ("from", format!("from={}", q(bad))),
            ("from", format!("from={}&to={}", q(bad), q(&good_at))),
            ("to", format!("to={}", q(bad))),
            ("to", format!("from={}&to={}", q(&good_at), q(bad))),
        ] {
            let path = format!("{time_off}?{query}");
            refused(app.get(&path, Some(&c.reception)).await, field, &path).await;
            asked += 1;
        }
    }
    for bad in BAD_MONTHS {
        let path = format!("/v1/usage?month={}", q(bad));
        refused(app.get(&path, Some(&c.admin)).await, "month", &path).await;
        refused(app.get(&path, Some(&c.owner)).await, "month", &path).await;
        asked += 2;
    }
    // Bodies: every instant field of every write route.
    for bad in BAD_INSTANTS {
        let booking = json!({ "treatment_id": c.treatment_id, "professional_id": c.professional_id, "start": bad });
        let writes: [(Method, String, &str, Value, &str); 6] = [
            (
                Method::POST,
                "/v1/bookings".into(),
                c.patient.as_str(),
                booking.clone(),
                "start",
            ),
            (
                Method::POST,
                "/v1/bookings".into(),
                c.reception.as_str(),
                json!({ "treatment_id": c.treatment_id, "professional_id": c.professional_id, "start": bad,
                        "patient_id": c.patient_id }),
                "start",
            ),
            (
                Method::POST,
                format!("/v1/public/clinics/{}/holds", c.slug),
                "",
                booking,
                "start",
            ),
            (
                Method::POST,
                format!("/v1/bookings/{}/reschedule", c.booking_id),
                c.reception.as_str(),
                json!({ "start": bad }),
                "start",
            ),
            (
                Method::POST,
                format!("/v1/professionals/{}/time-off", c.professional_id),
                c.reception.as_str(),
                json!({ "start": bad, "end": good_at }),
                "start",
            ),
            (
                Method::POST,
                "/v1/professionals/clinic/time-off".into(),
                c.admin.as_str(),
                json!({ "start": good_at, "end": bad }),
                "end",
            ),
        ];
        for (method, path, token, body, field) in writes {
            let token = (!token.is_empty()).then_some(token);
            let what = format!("{method} {path} {body}");
            refused(app.call(method, &path, token, Some(&body)).await, field, &what).await;
            asked += 1;
        }
    }
    assert_eq!(footprint(&app, &c).await, before, "a refused request wrote something");
    assert_eq!(asked, 5 * 4 + 4 * 4 + 4 * 2 + 4 * 6);
    // The server is still up and answering.
    expect::<Value>(
        app.get("/v1/bookings?from=2026-03-02&to=2026-03-02", Some(&c.reception))
            .await,
        StatusCode::OK,
    )
    .await;
}

async fn a_clinic_in_samoa_asking_about_the_day_samoa_skipped_gets_a_clean_empty_answer(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let c = app.clinic("sonrisa").await;
    let moved: Value = expect(
        app.patch(
            &format!("/v1/tenants/{}", c.tenant_id),
            Some(&c.admin),
            &json!({ "time_zone": "Pacific/Apia" }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(moved["time_zone"], "Pacific/Apia", "{moved}");
    // 2011-12-30 never happened in Apia. It lies within the supported years, so the
    // answer is an ordinary one: that day (and the past around it) has nothing free and
    // nothing booked.
    for (from, to) in [("2011-12-30", "2011-12-30"), ("2011-12-29", "2011-12-31")] {
        let free: Value = expect(
            app.get(
                &format!(
                    "/v1/public/clinics/{}/availability?treatment_id={}&from={from}&to={to}",
                    c.slug, c.treatment_id
                ),
                None,
            )
            .await,
            StatusCode::OK,
        )
        .await;
        let professionals = free["professionals"].as_array().expect("professionals");
        assert!(!professionals.is_empty(), "{free}");
        assert!(professionals.iter().all(|p| p["starts"] == json!([])), "{free}");
        let calendar: Value = expect(
            app.get(&format!("/v1/bookings?from={from}&to={to}"), Some(&c.reception))
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(calendar["items"], json!([]), "{calendar}");
    }
    // Manila's skipped 1844-12-31 is before the era: refused by name, not computed.
    let manila = format!(
        "/v1/public/clinics/{}/availability?treatment_id={}&from=1844-12-31&to=1844-12-31",
        c.slug, c.treatment_id
    );
    refused(app.get(&manila, None).await, "from", &manila).await;
}
