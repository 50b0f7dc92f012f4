//! Every id a request names is checked against the caller's clinic: a made-up id or another
//! clinic's is a 422 naming the field (and its position in a list), and nothing is written.

use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{StoreKind, expect, expect_problem, spawn_app};
each_store_kind! {
    a_professional_with_made_up_treatments_is_refused_naming_each_one,
    a_thousand_treatments_on_one_professional_are_refused_with_the_limit,
    a_clinic_cannot_give_its_professionals_and_chairs_another_clinics_treatments,
    a_booking_naming_another_clinics_professional_or_chair_is_refused,
    a_hold_or_a_move_to_another_clinics_professional_is_refused,
    a_dentist_account_for_another_clinics_professional_is_refused,
    archived_treatments_stay_on_a_professional_but_archived_things_take_no_bookings,
}

/// A fresh id no clinic has.
fn made_up() -> String {
    ulid::Ulid::generate().to_string()
}

/// Asserts a `validation_failed` answer whose errors are exactly `fields`, each `code`.
async fn refused(answer: reqwest::Response, fields: &[&str], code: &str) -> Value {
    let problem = expect_problem(answer, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let named: Vec<(&str, &str)> = problem["errors"]
        .as_array()
        .expect("field errors")
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    let expected: Vec<(&str, &str)> = fields.iter().map(|f| (*f, code)).collect();
    assert_eq!(named, expected, "{problem}");
    problem
}

/// Asserts that archiving `what` succeeded.
fn archived(answer: &Response, what: &str) {
    assert_eq!(answer.status(), StatusCode::NO_CONTENT, "archiving the {what}");
}

/// The record or list a read answered with.
async fn read(answer: Response) -> Value {
    expect(answer, StatusCode::OK).await
}

async fn a_professional_with_made_up_treatments_is_refused_naming_each_one(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let c = app.clinic("sonrisa").await;
    let before = app.snapshot().await;
    let body = json!({ "name": "Dr. Nuevo", "treatments": [c.treatment_id, made_up(), c.treatment_id, made_up()] });
    let answer = c.as_admin().create_professional(&body).await;
    let problem = refused(answer, &["treatments[1]", "treatments[3]"], "unknown").await;
    assert_eq!(problem["errors"][0]["message"], "no such treatment in this clinic");
    let chair = json!({ "name": "Box 2", "treatments": [made_up()] });
    refused(c.as_admin().create_chair(&chair).await, &["treatments[0]"], "unknown").await;
    before.assert_unchanged(&app.snapshot().await, "refusing the professional and the chair");
}

async fn a_thousand_treatments_on_one_professional_are_refused_with_the_limit(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let c = app.clinic("sonrisa").await;
    let before = app.snapshot().await;
    let thousand: Vec<String> = (0..1000).map(|_| made_up()).collect();
    let admin = c.as_admin();
    let answer = admin
        .create_professional(&json!({ "name": "Dr. Mil", "treatments": thousand }))
        .await;
    let problem = refused(answer, &["treatments"], "too_many").await;
    assert_eq!(problem["errors"][0]["message"], "at most 200 treatments, not 1000");
    let patch = admin
        .update_chair(&c.chair_id, &json!({ "treatments": thousand }))
        .await;
    refused(patch, &["treatments"], "too_many").await;
    before.assert_unchanged(&app.snapshot().await, "refusing a thousand treatments");
}

async fn a_clinic_cannot_give_its_professionals_and_chairs_another_clinics_treatments(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let ours = app.clinic("sonrisa").await;
    let theirs = app.clinic("norte").await;
    let before = app.snapshot().await;
    let admin = ours.as_admin();
    let (professionals_before, chairs_before) = (
        read(admin.professionals().await).await,
        read(admin.chairs().await).await,
    );
    let foreign = json!([theirs.treatment_id]);
    let created = json!({ "name": "Dra. Ajena", "treatments": foreign });
    for answer in [
        admin.create_professional(&created).await,
        admin.create_chair(&created).await,
    ] {
        refused(answer, &["treatments[0]"], "unknown").await;
    }
    let changed = json!({ "treatments": [ours.treatment_id, theirs.treatment_id] });
    for answer in [
        admin.update_professional(&ours.professional_id, &changed).await,
        admin.update_chair(&ours.chair_id, &changed).await,
    ] {
        refused(answer, &["treatments[1]"], "unknown").await;
    }
    assert_eq!(read(admin.professionals().await).await, professionals_before);
    assert_eq!(read(admin.chairs().await).await, chairs_before);
    before.assert_unchanged(&app.snapshot().await, "refusing them");
}

async fn a_booking_naming_another_clinics_professional_or_chair_is_refused(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let ours = app.clinic("sonrisa").await;
    let theirs = app.clinic("norte").await;
    let before = app.snapshot().await;
    let start = app.day().at(11, 0).to_rfc3339();
    let with = |treatment: &str, professional: &str| json!({ "treatment_id": treatment, "professional_id": professional, "start": start });
    let patient = ours.as_patient();
    let answer = patient.book(&with(&ours.treatment_id, &theirs.professional_id)).await;
    refused(answer, &["professional_id"], "unknown").await;
    let answer = patient.book(&with(&theirs.treatment_id, &made_up())).await;
    refused(answer, &["treatment_id", "professional_id"], "unknown").await;
    // Reception booking for the clinic's patient, in another clinic's chair or a made-up one.
    for chair in [&theirs.chair_id, &made_up()] {
        let mut body = with(&ours.treatment_id, &ours.professional_id);
        body["patient_id"] = json!(ours.patient_id);
        body["chair_id"] = json!(chair);
        let answer = ours.as_reception().book(&body).await;
        refused(answer, &["chair_id"], "unknown").await;
    }
    before.assert_unchanged(&app.snapshot().await, "refusing them");
}

async fn a_hold_or_a_move_to_another_clinics_professional_is_refused(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let ours = app.clinic("sonrisa").await;
    let theirs = app.clinic("norte").await;
    let booked = read(ours.as_admin().booking(&ours.booking_id).await).await;
    let before = app.snapshot().await;
    let start = app.day().at(12, 0).to_rfc3339();
    let hold = json!({ "treatment_id": ours.treatment_id, "professional_id": theirs.professional_id, "start": start });
    let answer = ours.anonymous().hold(&ours.slug, &hold).await;
    refused(answer, &["professional_id"], "unknown").await;
    for professional in [&theirs.professional_id, &made_up()] {
        let answer = ours
            .as_reception()
            .reschedule(
                &ours.booking_id,
                &json!({ "start": start, "professional_id": professional }),
            )
            .await;
        refused(answer, &["professional_id"], "unknown").await;
    }
    // Time off names its professional in the path: another clinic's is simply not found.
    let away = json!({ "start": start, "end": app.day().at(0, 0).to_rfc3339(), "reason": "x" });
    let answer = ours.as_reception().add_time_off(&theirs.professional_id, &away).await;
    expect_problem(answer, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(
        read(ours.as_admin().booking(&ours.booking_id).await).await,
        booked,
        "the booking did not move"
    );
    before.assert_unchanged(&app.snapshot().await, "refusing them");
}

async fn a_dentist_account_for_another_clinics_professional_is_refused(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let ours = app.clinic("sonrisa").await;
    let theirs = app.clinic("norte").await;
    let admin = ours.as_admin();
    let staff_before = read(admin.users().await).await;
    for (n, professional) in [&theirs.professional_id, &made_up()].into_iter().enumerate() {
        let email = format!("dentist{n}@sonrisa.test");
        let body = json!({ "email": email, "name": "Dr. Ajeno", "role": "dentist",
                           "password": crate::helpers::PASSWORD, "professional_id": professional });
        refused(admin.create_user(&body).await, &["professional_id"], "unknown").await;
        let sign_in = ours
            .anonymous()
            .request_token(&json!({ "email": email, "password": crate::helpers::PASSWORD }))
            .await;
        assert_eq!(sign_in.status(), StatusCode::UNAUTHORIZED, "no account was made");
    }
    assert_eq!(read(admin.users().await).await, staff_before);
}

async fn archived_treatments_stay_on_a_professional_but_archived_things_take_no_bookings(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let c = app.clinic("sonrisa").await;
    // A second treatment, archived: a professional's list read back and saved unchanged
    // still names it, and that must not fail.
    let admin = c.as_admin();
    let created: Value = expect(
        admin
            .create_treatment(
                &json!({ "name": "Blanqueamiento", "duration_minutes": 60, "price_minor": 90000, "currency": "CLP" }),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let second = created["id"].as_str().unwrap().to_owned();
    let both = json!({ "treatments": [c.treatment_id, second] });
    expect::<Value>(
        admin.update_professional(&c.professional_id, &both).await,
        StatusCode::OK,
    )
    .await;
    archived(&admin.archive_treatment(&second).await, "treatment");
    let saved: Value = expect(
        admin.update_professional(&c.professional_id, &both).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(saved["treatments"], both["treatments"]);
    // Archived chairs and professionals keep their history but take no new bookings.
    let before = app.footprint(&c).await;
    let start = app.day().at(9, 0);
    archived(&admin.archive_chair(&c.chair_id).await, "chair");
    let mut in_chair = c.booking_at(start);
    in_chair["patient_id"] = json!(c.patient_id);
    in_chair["chair_id"] = json!(c.chair_id);
    let answer = c.as_reception().book(&in_chair).await;
    expect_problem(answer, StatusCode::UNPROCESSABLE_ENTITY, "chair_unsuitable").await;
    archived(&admin.archive_professional(&c.professional_id).await, "professional");
    let answer = c.as_patient().book(&c.booking_at(start)).await;
    expect_problem(answer, StatusCode::UNPROCESSABLE_ENTITY, "treatment_not_offered").await;
    // Archiving rewrote the two records in place; no booking was added.
    assert_eq!(app.footprint(&c).await, before);
}
