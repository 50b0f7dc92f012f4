//! Dates from far outside the years Turnaki books in (signed years chrono accepts, such as
//! `+262142`) on every date and instant parameter of every route get a 422 naming the
//! field and write nothing: they used to overflow and abort the server. A clinic in a zone
//! that skipped a whole day answers cleanly for that day.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use turnaki_shared::api::paths::{self, UsageQuery};
use turnaki_shared::api::resources::RangeQuery;
use turnaki_testkit::client::{calendar_between, free_between};

use crate::helpers::{StoreKind, expect, expect_problem, spawn_app};
each_store_kind! {
    every_date_and_instant_outside_the_era_is_refused_by_name_and_writes_nothing,
    a_clinic_in_samoa_asking_about_the_day_samoa_skipped_gets_a_clean_empty_answer,
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
    let before = app.snapshot().await;
    let day = app.day();
    let good_day = day.date().format("%Y-%m-%d").to_string();
    let good_at = day.at(10, 0).to_rfc3339();
    let mut asked = 0;
    // Queries: each bound alone out of the era, the other one fine.
    for bad in BAD_DATES {
        for (field, from, to) in [("from", bad, good_day.as_str()), ("to", good_day.as_str(), bad)] {
            let what = format!("{field} {from}..{to}");
            let free = free_between(&c.treatment_id, from, to);
            refused(c.anonymous().availability(&c.slug, &free).await, field, &what).await;
            let calendar = calendar_between(from, to);
            refused(c.as_reception().calendar(&calendar).await, field, &what).await;
            asked += 2;
        }
    }
    for bad in BAD_INSTANTS {
        let (bad, good) = (Some(bad.to_owned()), Some(good_at.clone()));
        for (field, range) in [
            (
                "from",
                RangeQuery {
                    from: bad.clone(),
                    to: None,
                },
            ),
            (
                "from",
                RangeQuery {
                    from: bad.clone(),
                    to: good.clone(),
                },
            ),
            (
                "to",
                RangeQuery {
                    from: None,
                    to: bad.clone(),
                },
            ),
            (
                "to",
                RangeQuery {
                    from: good.clone(),
                    to: bad.clone(),
                },
            ),
        ] {
            let what = format!("time off {range:?}");
            refused(
                c.as_reception().time_off(&c.professional_id, &range).await,
                field,
                &what,
            )
            .await;
            asked += 1;
        }
    }
    for bad in BAD_MONTHS {
        let month = UsageQuery {
            month: Some(bad.to_owned()),
        };
        refused(c.as_admin().usage(&month).await, "month", bad).await;
        refused(c.as_owner().usage(&month).await, "month", bad).await;
        asked += 2;
    }
    // Bodies: every instant field of every write route.
    for bad in BAD_INSTANTS {
        let booking = json!({ "treatment_id": c.treatment_id, "professional_id": c.professional_id, "start": bad });
        let writes: [(Method, String, &str, Value, &str); 6] = [
            (
                Method::POST,
                paths::bookings(),
                c.patient.as_str(),
                booking.clone(),
                "start",
            ),
            (
                Method::POST,
                paths::bookings(),
                c.reception.as_str(),
                json!({ "treatment_id": c.treatment_id, "professional_id": c.professional_id, "start": bad,
                        "patient_id": c.patient_id }),
                "start",
            ),
            (Method::POST, paths::holds(&c.slug), "", booking, "start"),
            (
                Method::POST,
                paths::reschedule(&c.booking_id),
                c.reception.as_str(),
                json!({ "start": bad }),
                "start",
            ),
            (
                Method::POST,
                paths::time_off(&c.professional_id),
                c.reception.as_str(),
                json!({ "start": bad, "end": good_at }),
                "start",
            ),
            (
                Method::POST,
                paths::time_off("clinic"),
                c.admin.as_str(),
                json!({ "start": good_at, "end": bad }),
                "end",
            ),
        ];
        for (method, path, token, body, field) in writes {
            let token = (!token.is_empty()).then_some(token);
            let what = format!("{method} {path} {body}");
            refused(
                app.with_token(token).call(method, &path, Some(&body)).await,
                field,
                &what,
            )
            .await;
            asked += 1;
        }
    }
    before.assert_unchanged(&app.snapshot().await, "refusing every date and instant");
    assert_eq!(asked, 5 * 4 + 4 * 4 + 4 * 2 + 4 * 6);
    // The server is still up and answering.
    expect::<Value>(
        c.as_reception()
            .calendar(&calendar_between("2026-03-02", "2026-03-02"))
            .await,
        StatusCode::OK,
    )
    .await;
}

async fn a_clinic_in_samoa_asking_about_the_day_samoa_skipped_gets_a_clean_empty_answer(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let c = app.clinic("sonrisa").await;
    let moved: Value = expect(
        c.as_admin()
            .update_tenant(&c.tenant_id, &json!({ "time_zone": "Pacific/Apia" }))
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
            c.anonymous()
                .availability(&c.slug, &free_between(&c.treatment_id, from, to))
                .await,
            StatusCode::OK,
        )
        .await;
        let professionals = free["professionals"].as_array().expect("professionals");
        assert!(!professionals.is_empty(), "{free}");
        assert!(professionals.iter().all(|p| p["starts"] == json!([])), "{free}");
        let calendar: Value = expect(
            c.as_reception().calendar(&calendar_between(from, to)).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(calendar["items"], json!([]), "{calendar}");
    }
    // Manila's skipped 1844-12-31 is before the era: refused by name, not computed.
    let manila = free_between(&c.treatment_id, "1844-12-31", "1844-12-31");
    refused(c.anonymous().availability(&c.slug, &manila).await, "from", "1844-12-31").await;
}
