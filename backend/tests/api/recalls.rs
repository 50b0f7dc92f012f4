//! The recall list over HTTP (issue 16 §3): a treatment recalled every six months, a visit
//! completed by reception, and the patient listed as due back six months after that day;
//! an unknown status is a 422 that names the field.

use reqwest::StatusCode;
use serde_json::{Value, json};
use turnaki_shared::api::recalls::RecallQuery;

use crate::helpers::{StoreKind, expect, expect_problem, spawn_app};

each_store_kind! {
    reception_sees_the_patient_of_a_completed_cleaning_due_back_in_six_months,
}

fn status(s: &str) -> RecallQuery {
    RecallQuery {
        status: Some(s.into()),
        ..RecallQuery::default()
    }
}

async fn reception_sees_the_patient_of_a_completed_cleaning_due_back_in_six_months(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let c = app.clinic("sonrisa").await;
    let treatment: Value = expect(
        c.as_admin()
            .update_treatment(&c.treatment_id, &json!({ "recall_months": 6 }))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(treatment["recall_months"], 6);
    let reception = c.as_reception();
    for step in ["arrived", "completed"] {
        let body = json!({ "status": step });
        expect::<Value>(reception.update_booking(&c.booking_id, &body).await, StatusCode::OK).await;
    }
    let listed: Value = expect(reception.recalls(&RecallQuery::default()).await, StatusCode::OK).await;
    let recall = &listed["items"][0];
    let visited = c
        .booking_start
        .with_timezone(&chrono_tz::America::Santiago)
        .date_naive();
    let due = visited.checked_add_months(chrono::Months::new(6)).expect("a day");
    assert_eq!(recall["due"], due.to_string());
    assert_eq!(
        (recall["status"].as_str(), recall["patient_id"].as_str()),
        (Some("upcoming"), Some(c.patient_id.as_str()))
    );
    assert_eq!(recall["last_visit"], c.booking_id.as_str());
    let booked: Value = expect(reception.recalls(&status("booked")).await, StatusCode::OK).await;
    assert_eq!(booked["items"], json!([]));
    let problem = expect_problem(
        reception.recalls(&status("late")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "status");
    expect_problem(
        c.as_dentist().recalls(&RecallQuery::default()).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}
