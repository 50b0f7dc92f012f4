//! Booking and tenancy stories, run on the embedded store and on DynamoDB.

use reqwest::StatusCode;
use serde_json::{Value, json};

use turnaki_shared::api::bookings::MyBookingsQuery;
use turnaki_testkit::client::{calendar_between, free_between};

use crate::helpers::{StoreKind, expect, expect_problem, spawn_app, text};
each_store_kind! {
    a_patient_books_and_finds_it_in_my_appointments,
    two_patients_racing_for_ten_oclock_one_wins_one_gets_409,
    a_retried_booking_with_the_same_idempotency_key_is_booked_once,
    a_receptionist_cannot_see_another_clinics_bookings,
    reception_books_a_walk_in_and_marks_them_arrived,
    a_cancelled_time_is_offered_again,
}

async fn a_patient_books_and_finds_it_in_my_appointments(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let clinic = app.clinic("sonrisa").await;
    let mine: Value = expect(
        clinic.as_patient().my_bookings(&MyBookingsQuery::default()).await,
        StatusCode::OK,
    )
    .await;
    let items = mine["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], clinic.booking_id.as_str());
    assert_eq!(items[0]["status"], "confirmed");
    let one: Value = expect(clinic.as_patient().booking(&clinic.booking_id).await, StatusCode::OK).await;
    assert_eq!(one["patient_id"], clinic.patient_id.as_str());
    assert!(one.get("patient_name").is_none(), "patients are not shown names: {one}");
}

async fn two_patients_racing_for_ten_oclock_one_wins_one_gets_409(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let clinic = app.clinic("sonrisa").await;
    let mut tokens = vec![clinic.patient.clone()];
    let registered: Value = expect(
        clinic
            .anonymous()
            .register(
                &clinic.slug,
                &json!({ "name": "Otro Paciente", "email": "otro@sonrisa.test", "password": crate::helpers::PASSWORD }),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    tokens.push(text(&registered["token"]["access_token"]));
    let body = clinic.booking_at(app.day().at(10, 0));
    let callers: Vec<_> = tokens.iter().map(|t| app.by(t)).collect();
    let answers = futures::future::join_all(callers.iter().map(|api| api.book(&body))).await;
    let mut statuses: Vec<u16> = answers.iter().map(|a| a.status().as_u16()).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409]);
    let loser = answers
        .into_iter()
        .find(|a| a.status() == StatusCode::CONFLICT)
        .unwrap();
    expect_problem(loser, StatusCode::CONFLICT, "slot_taken").await;
}

async fn a_retried_booking_with_the_same_idempotency_key_is_booked_once(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let clinic = app.clinic("sonrisa").await;
    let day = app.day();
    let body = clinic.booking_at(day.at(9, 0));
    let patient = clinic.as_patient();
    let first: Value = expect(patient.book_once(&body, "retry-7f3a").await, StatusCode::CREATED).await;
    let again: Value = expect(patient.book_once(&body, "retry-7f3a").await, StatusCode::CREATED).await;
    assert_eq!(first["id"], again["id"]);
    let mine: Value = expect(patient.my_bookings(&MyBookingsQuery::default()).await, StatusCode::OK).await;
    assert_eq!(
        mine["items"].as_array().unwrap().len(),
        2,
        "the fixture's booking and this one"
    );
    let other = clinic.booking_at(day.at(11, 0));
    let reused = patient.book_once(&other, "retry-7f3a").await;
    expect_problem(reused, StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused").await;
}

async fn a_receptionist_cannot_see_another_clinics_bookings(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let ours = app.clinic("sonrisa").await;
    let theirs = app.clinic("norte").await;
    let foreign = ours.as_reception().booking(&theirs.booking_id).await;
    expect_problem(foreign, StatusCode::NOT_FOUND, "not_found").await;
    let from = app.today();
    let to = from + chrono::Duration::days(30);
    let calendar: Value = expect(
        ours.as_reception().calendar(&calendar_between(from, to)).await,
        StatusCode::OK,
    )
    .await;
    let ids: Vec<&str> = calendar["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [ours.booking_id.as_str()]);
    let cancel = ours.as_reception().cancel(&theirs.booking_id, &json!({})).await;
    expect_problem(cancel, StatusCode::NOT_FOUND, "not_found").await;
    let still: Value = expect(theirs.as_reception().booking(&theirs.booking_id).await, StatusCode::OK).await;
    assert_eq!(still["status"], "confirmed");
}

async fn reception_books_a_walk_in_and_marks_them_arrived(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let clinic = app.clinic("sonrisa").await;
    let mut body = clinic.booking_at(app.day().at(15, 0));
    body["patient"] = json!({ "name": "Luis Walk-in", "email": "luis@example.com", "phone": "+56 9 8765 4321" });
    body["chair_id"] = json!(clinic.chair_id);
    let reception = clinic.as_reception();
    let booked: Value = expect(reception.book(&body).await, StatusCode::CREATED).await;
    assert_eq!(booked["patient_name"], "Luis Walk-in");
    assert_eq!(booked["chair_id"], clinic.chair_id.as_str());
    let id = text(&booked["id"]);
    let arrived: Value = expect(
        reception
            .update_booking(&id, &json!({ "status": "arrived", "version": booked["version"] }))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(arrived["status"], "arrived");
    let stale = reception
        .update_booking(&id, &json!({ "notes": "late", "version": booked["version"] }))
        .await;
    expect_problem(stale, StatusCode::CONFLICT, "stale_version").await;
}

async fn a_cancelled_time_is_offered_again(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let clinic = app.clinic("sonrisa").await;
    let start = clinic.booking_start;
    let day = start.with_timezone(&chrono_tz::America::Santiago).date_naive();
    let free = free_between(&clinic.treatment_id, day, day);
    let offered = |v: &Value| {
        v["professionals"][0]["starts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s.as_str().unwrap().parse::<chrono::DateTime<chrono::Utc>>().unwrap() == start)
    };
    let public = clinic.anonymous();
    let before: Value = expect(public.availability(&clinic.slug, &free).await, StatusCode::OK).await;
    assert!(!offered(&before), "the fixture's booking holds 10:00");
    let cancelled: Value = expect(
        clinic.as_patient().cancel(&clinic.booking_id, &json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(cancelled["status"], "cancelled");
    let after: Value = expect(public.availability(&clinic.slug, &free).await, StatusCode::OK).await;
    assert!(offered(&after), "10:00 is free again");
}
