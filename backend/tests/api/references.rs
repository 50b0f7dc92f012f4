//! Every id a request names is checked against the caller's clinic: a made-up id or another
//! clinic's is a 422 naming the field (and its position in a list), and nothing is written.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Clinic, StoreKind, TestApp, expect, expect_problem, spawn_app};
turnaki_testkit::each_adapter! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    cases in {super}: [
        a_professional_with_made_up_treatments_is_refused_naming_each_one,
        a_thousand_treatments_on_one_professional_are_refused_with_the_limit,
        a_clinic_cannot_give_its_professionals_and_chairs_another_clinics_treatments,
        a_booking_naming_another_clinics_professional_or_chair_is_refused,
        a_hold_or_a_move_to_another_clinics_professional_is_refused,
        a_dentist_account_for_another_clinics_professional_is_refused,
        archived_treatments_stay_on_a_professional_but_archived_things_take_no_bookings,
    ];
    sqlite: |case| case(crate::helpers::StoreKind::Sqlite).await;
    dynamodb: |case| case(crate::helpers::StoreKind::Dynamodb).await;
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

/// Archives the clinic's record at `path`, as its admin.
async fn archive(app: &TestApp, clinic: &Clinic, path: &str) {
    let answer = app.call(Method::DELETE, path, Some(&clinic.admin), None).await;
    assert_eq!(answer.status(), StatusCode::NO_CONTENT, "archiving {path}");
}

/// The clinic's record or list at `path`, as its admin reads it.
async fn read(app: &TestApp, clinic: &Clinic, path: &str) -> Value {
    expect(app.get(path, Some(&clinic.admin)).await, StatusCode::OK).await
}

async fn a_professional_with_made_up_treatments_is_refused_naming_each_one(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let c = app.clinic("sonrisa").await;
    let before = app.footprint(&c).await;
    let body = json!({ "name": "Dr. Nuevo", "treatments": [c.treatment_id, made_up(), c.treatment_id, made_up()] });
    let answer = app.post("/v1/professionals", Some(&c.admin), &body).await;
    let problem = refused(answer, &["treatments[1]", "treatments[3]"], "unknown").await;
    assert_eq!(problem["errors"][0]["message"], "no such treatment in this clinic");
    let chair = json!({ "name": "Box 2", "treatments": [made_up()] });
    refused(
        app.post("/v1/chairs", Some(&c.admin), &chair).await,
        &["treatments[0]"],
        "unknown",
    )
    .await;
    assert_eq!(
        app.footprint(&c).await,
        before,
        "a refused professional or chair was written"
    );
}

async fn a_thousand_treatments_on_one_professional_are_refused_with_the_limit(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let c = app.clinic("sonrisa").await;
    let before = app.footprint(&c).await;
    let thousand: Vec<String> = (0..1000).map(|_| made_up()).collect();
    let answer = app
        .post(
            "/v1/professionals",
            Some(&c.admin),
            &json!({ "name": "Dr. Mil", "treatments": thousand }),
        )
        .await;
    let problem = refused(answer, &["treatments"], "too_many").await;
    assert_eq!(problem["errors"][0]["message"], "at most 200 treatments, not 1000");
    let patch = app
        .patch(
            &format!("/v1/chairs/{}", c.chair_id),
            Some(&c.admin),
            &json!({ "treatments": thousand }),
        )
        .await;
    refused(patch, &["treatments"], "too_many").await;
    assert_eq!(app.footprint(&c).await, before);
}

async fn a_clinic_cannot_give_its_professionals_and_chairs_another_clinics_treatments(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let ours = app.clinic("sonrisa").await;
    let theirs = app.clinic("norte").await;
    let before = (app.footprint(&ours).await, app.footprint(&theirs).await);
    let professional = format!("/v1/professionals/{}", ours.professional_id);
    let chair = format!("/v1/chairs/{}", ours.chair_id);
    let (professionals_before, chairs_before) = (
        read(&app, &ours, "/v1/professionals").await,
        read(&app, &ours, "/v1/chairs").await,
    );
    let foreign = json!([theirs.treatment_id]);
    let created = json!({ "name": "Dra. Ajena", "treatments": foreign });
    for path in ["/v1/professionals", "/v1/chairs"] {
        let answer = app.post(path, Some(&ours.admin), &created).await;
        refused(answer, &["treatments[0]"], "unknown").await;
    }
    let changed = json!({ "treatments": [ours.treatment_id, theirs.treatment_id] });
    for path in [&professional, &chair] {
        let answer = app.patch(path, Some(&ours.admin), &changed).await;
        refused(answer, &["treatments[1]"], "unknown").await;
    }
    assert_eq!(read(&app, &ours, "/v1/professionals").await, professionals_before);
    assert_eq!(read(&app, &ours, "/v1/chairs").await, chairs_before);
    assert_eq!(
        (app.footprint(&ours).await, app.footprint(&theirs).await),
        before,
        "neither clinic changed"
    );
}

async fn a_booking_naming_another_clinics_professional_or_chair_is_refused(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let ours = app.clinic("sonrisa").await;
    let theirs = app.clinic("norte").await;
    let before = (app.footprint(&ours).await, app.footprint(&theirs).await);
    let start = app.day().at(11, 0).to_rfc3339();
    let with = |treatment: &str, professional: &str| json!({ "treatment_id": treatment, "professional_id": professional, "start": start });
    let patient = Some(ours.patient.as_str());
    let answer = app
        .post(
            "/v1/bookings",
            patient,
            &with(&ours.treatment_id, &theirs.professional_id),
        )
        .await;
    refused(answer, &["professional_id"], "unknown").await;
    let answer = app
        .post("/v1/bookings", patient, &with(&theirs.treatment_id, &made_up()))
        .await;
    refused(answer, &["treatment_id", "professional_id"], "unknown").await;
    // Reception booking for the clinic's patient, in another clinic's chair or a made-up one.
    for chair in [&theirs.chair_id, &made_up()] {
        let mut body = with(&ours.treatment_id, &ours.professional_id);
        body["patient_id"] = json!(ours.patient_id);
        body["chair_id"] = json!(chair);
        let answer = app.post("/v1/bookings", Some(&ours.reception), &body).await;
        refused(answer, &["chair_id"], "unknown").await;
    }
    assert_eq!(
        (app.footprint(&ours).await, app.footprint(&theirs).await),
        before,
        "neither clinic changed"
    );
}

async fn a_hold_or_a_move_to_another_clinics_professional_is_refused(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let ours = app.clinic("sonrisa").await;
    let theirs = app.clinic("norte").await;
    let booking = format!("/v1/bookings/{}", ours.booking_id);
    let booked = read(&app, &ours, &booking).await;
    let before = (app.footprint(&ours).await, app.footprint(&theirs).await);
    let start = app.day().at(12, 0).to_rfc3339();
    let hold = json!({ "treatment_id": ours.treatment_id, "professional_id": theirs.professional_id, "start": start });
    let answer = app.post("/v1/public/clinics/sonrisa/holds", None, &hold).await;
    refused(answer, &["professional_id"], "unknown").await;
    for professional in [&theirs.professional_id, &made_up()] {
        let answer = app
            .post(
                &format!("{booking}/reschedule"),
                Some(&ours.reception),
                &json!({ "start": start, "professional_id": professional }),
            )
            .await;
        refused(answer, &["professional_id"], "unknown").await;
    }
    // Time off names its professional in the path: another clinic's is simply not found.
    let away = json!({ "start": start, "end": app.day().at(0, 0).to_rfc3339(), "reason": "x" });
    let answer = app
        .post(
            &format!("/v1/professionals/{}/time-off", theirs.professional_id),
            Some(&ours.reception),
            &away,
        )
        .await;
    expect_problem(answer, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(read(&app, &ours, &booking).await, booked, "the booking did not move");
    assert_eq!(
        (app.footprint(&ours).await, app.footprint(&theirs).await),
        before,
        "neither clinic changed"
    );
}

async fn a_dentist_account_for_another_clinics_professional_is_refused(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let ours = app.clinic("sonrisa").await;
    let theirs = app.clinic("norte").await;
    let staff_before = read(&app, &ours, "/v1/users").await;
    for (n, professional) in [&theirs.professional_id, &made_up()].into_iter().enumerate() {
        let email = format!("dentist{n}@sonrisa.test");
        let body = json!({ "email": email, "name": "Dr. Ajeno", "role": "dentist",
                           "password": crate::helpers::PASSWORD, "professional_id": professional });
        refused(
            app.post("/v1/users", Some(&ours.admin), &body).await,
            &["professional_id"],
            "unknown",
        )
        .await;
        let sign_in = app
            .post(
                "/v1/auth/token",
                None,
                &json!({ "email": email, "password": crate::helpers::PASSWORD }),
            )
            .await;
        assert_eq!(sign_in.status(), StatusCode::UNAUTHORIZED, "no account was made");
    }
    assert_eq!(read(&app, &ours, "/v1/users").await, staff_before);
}

async fn archived_treatments_stay_on_a_professional_but_archived_things_take_no_bookings(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let c = app.clinic("sonrisa").await;
    // A second treatment, archived: a professional's list read back and saved unchanged
    // still names it, and that must not fail.
    let created: Value = expect(
        app.post(
            "/v1/treatments",
            Some(&c.admin),
            &json!({ "name": "Blanqueamiento", "duration_minutes": 60, "price_minor": 90000, "currency": "CLP" }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let archived = created["id"].as_str().unwrap().to_owned();
    let professional = format!("/v1/professionals/{}", c.professional_id);
    let both = json!({ "treatments": [c.treatment_id, archived] });
    expect::<Value>(app.patch(&professional, Some(&c.admin), &both).await, StatusCode::OK).await;
    archive(&app, &c, &format!("/v1/treatments/{archived}")).await;
    let saved: Value = expect(app.patch(&professional, Some(&c.admin), &both).await, StatusCode::OK).await;
    assert_eq!(saved["treatments"], both["treatments"]);
    // Archived chairs and professionals keep their history but take no new bookings.
    let before = app.footprint(&c).await;
    let start = app.day().at(9, 0);
    archive(&app, &c, &format!("/v1/chairs/{}", c.chair_id)).await;
    let mut in_chair = c.booking_at(start);
    in_chair["patient_id"] = json!(c.patient_id);
    in_chair["chair_id"] = json!(c.chair_id);
    let answer = app.post("/v1/bookings", Some(&c.reception), &in_chair).await;
    expect_problem(answer, StatusCode::UNPROCESSABLE_ENTITY, "chair_unsuitable").await;
    archive(&app, &c, &professional).await;
    let answer = app.post("/v1/bookings", Some(&c.patient), &c.booking_at(start)).await;
    expect_problem(answer, StatusCode::UNPROCESSABLE_ENTITY, "treatment_not_offered").await;
    // Archiving rewrote the two records in place; no booking was added.
    assert_eq!(app.footprint(&c).await, before);
}
