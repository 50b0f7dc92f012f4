//! Bad input on every write route gets a clear 4xx problem and writes nothing: the whole
//! table, every item with every attribute, is the same after each refused request as before
//! the first, on SQLite and on DynamoDB.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use turnaki_shared::api::paths;
use turnaki_shared::keys::{self, Key};
use turnaki_shared::store::Item;

use crate::helpers::{Clinic, StoreKind, expect_problem, spawn_app};
each_store_kind! {
    the_snapshot_sees_an_item_added_outside_the_clinic_and_one_changed_in_place,
    bad_input_on_every_write_route_is_a_4xx_problem_and_writes_nothing,
}

/// A write route and bodies that must each be refused with `(status, code)`.
struct Case {
    method: Method,
    path: String,
    token: Option<String>,
    bad: Vec<(Value, StatusCode, &'static str)>,
}

fn cases(c: &Clinic) -> Vec<Case> {
    let invalid = StatusCode::UNPROCESSABLE_ENTITY;
    let v = "validation_failed";
    let case = |method, path: String, token: &str, bad| Case {
        method,
        path,
        token: (!token.is_empty()).then(|| token.to_owned()),
        bad,
    };
    let day = c.day();
    let start = day.at(10, 0).to_rfc3339();
    vec![
        case(
            Method::POST,
            paths::tenants(),
            &c.owner,
            vec![
                (
                    json!({ "name": "", "slug": "Bad Slug", "time_zone": "Mars/Base", "locale": "fr",
                     "admin_email": "x", "admin_name": "" }),
                    invalid,
                    v,
                ),
                (
                    json!({ "name": "Dup", "slug": c.slug, "time_zone": "America/Santiago", "locale": "es",
                     "admin_email": "dup@x.test", "admin_name": "D", "admin_password": "long enough pw" }),
                    StatusCode::CONFLICT,
                    "slug_taken",
                ),
            ],
        ),
        case(
            Method::PATCH,
            paths::tenant(&c.tenant_id),
            &c.admin,
            vec![
                (json!({ "granularity_minutes": 7 }), invalid, v),
                (json!({ "min_notice_minutes": 100000, "horizon_days": 1 }), invalid, v),
                (json!({ "time_zone": "Nowhere" }), invalid, v),
                (json!({ "confirmation_request_hours": 400 }), invalid, v),
                (json!({ "country": "Atlantis" }), invalid, v),
                (json!({ "channels": { "reminders": "pigeon" } }), invalid, "malformed_body"),
            ],
        ),
        case(
            Method::POST,
            paths::treatments(),
            &c.admin,
            vec![
                (json!({}), invalid, v),
                (
                    json!({ "name": "X", "duration_minutes": 0, "price_minor": -1, "currency": "CLP" }),
                    invalid,
                    v,
                ),
                (
                    json!({ "name": "X", "duration_minutes": 30, "price_minor": 1, "currency": "XXXX" }),
                    invalid,
                    v,
                ),
            ],
        ),
        case(
            Method::PATCH,
            paths::treatment(&c.treatment_id),
            &c.admin,
            vec![
                (json!({ "buffer_minutes": 500 }), invalid, v),
                (json!({ "name": "  " }), invalid, v),
            ],
        ),
        case(
            Method::POST,
            paths::professionals(),
            &c.admin,
            vec![
                (json!({}), invalid, v),
                (json!({ "name": "Dr", "treatments": ["nope"] }), invalid, v),
                (
                    json!({ "name": "Dr", "weekly_hours": [[{ "start": "10:00", "end": "09:00" }], [], [], [], [], [], []] }),
                    invalid,
                    v,
                ),
            ],
        ),
        case(
            Method::POST,
            paths::time_off(&c.professional_id),
            &c.reception,
            vec![
                (
                    json!({ "start": "2027-01-02T00:00:00Z", "end": "2027-01-01T00:00:00Z" }),
                    invalid,
                    v,
                ),
                (json!({ "start": "yesterday", "end": "today" }), invalid, v),
            ],
        ),
        case(
            Method::POST,
            paths::chairs(),
            &c.admin,
            vec![(json!({ "treatments": [] }), invalid, v)],
        ),
        case(
            Method::POST,
            paths::users(),
            &c.admin,
            vec![
                (json!({ "email": "x", "name": "", "role": "owner" }), invalid, v),
                (
                    json!({ "email": "d@x.test", "name": "D", "role": "dentist", "password": "long enough pw" }),
                    invalid,
                    v,
                ),
            ],
        ),
        case(
            Method::POST,
            paths::register(&c.slug),
            "",
            vec![
                (json!({ "name": "", "email": "bad", "password": "short" }), invalid, v),
                (
                    json!({ "name": "Pía", "email": "pia.texts@x.test", "password": "long enough pw", "sms": true }),
                    invalid,
                    v,
                ),
                (
                    json!({ "name": "Pía", "email": "pia.digits@x.test", "password": "long enough pw", "phone": "+56 1" }),
                    invalid,
                    v,
                ),
                (
                    json!({ "name": "Pía", "email": format!("patient@{}.test", c.slug), "password": "long enough pw" }),
                    StatusCode::CONFLICT,
                    "email_taken",
                ),
            ],
        ),
        case(
            Method::PUT,
            paths::my_texts(),
            &c.patient,
            vec![
                (json!({ "accept": true, "phone": "12" }), invalid, v),
                (json!({ "accept": true, "phone": "+1 555 0100" }), invalid, v),
                (json!({ "accept": "yes" }), invalid, "malformed_body"),
                (json!({ "accept": true, "fax": "+56 2 2123 4567" }), invalid, "malformed_body"),
            ],
        ),
        case(
            Method::POST,
            paths::holds(&c.slug),
            "",
            vec![
                (
                    json!({ "treatment_id": c.treatment_id, "professional_id": c.professional_id, "start": "2020-01-01T10:00:00Z" }),
                    invalid,
                    "outside_booking_window",
                ),
                (
                    json!({ "treatment_id": c.treatment_id, "professional_id": c.professional_id, "start": day.at(10, 7).to_rfc3339() }),
                    invalid,
                    "off_grid",
                ),
            ],
        ),
        case(
            Method::POST,
            paths::bookings(),
            &c.patient,
            vec![
                (
                    json!({ "treatment_id": c.treatment_id, "professional_id": c.professional_id, "start": "soon" }),
                    invalid,
                    v,
                ),
                (
                    json!({ "treatment_id": c.treatment_id, "professional_id": c.professional_id, "start": day.at(3, 0).to_rfc3339() }),
                    invalid,
                    "outside_hours",
                ),
                (
                    json!({ "treatment_id": c.treatment_id, "professional_id": c.professional_id, "start": start,
                     "patient_id": c.patient_id }),
                    StatusCode::FORBIDDEN,
                    "forbidden",
                ),
            ],
        ),
        case(
            Method::POST,
            paths::bookings(),
            &c.reception,
            vec![
                (
                    json!({ "treatment_id": c.treatment_id, "professional_id": c.professional_id, "start": start }),
                    invalid,
                    v,
                ),
                (
                    json!({ "treatment_id": c.treatment_id, "professional_id": c.professional_id, "start": start,
                     "patient": { "name": "", "email": "nope" } }),
                    invalid,
                    v,
                ),
            ],
        ),
        case(
            Method::PATCH,
            paths::booking(&c.booking_id),
            &c.reception,
            vec![
                (json!({}), invalid, v),
                (json!({ "status": "cancelled" }), invalid, v),
                (
                    json!({ "status": "completed" }),
                    StatusCode::CONFLICT,
                    "illegal_transition",
                ),
            ],
        ),
        case(
            Method::POST,
            paths::reschedule(&c.booking_id),
            &c.reception,
            vec![
                (json!({ "start": "later" }), invalid, v),
                (json!({ "start": start, "professional_id": "x" }), invalid, v),
            ],
        ),
    ]
    .into_iter()
    .chain(link_cases(c, &start))
    .chain(waitlist_cases(c))
    .collect()
}

/// Joining the waitlist (issue 16 §2) and the links of its offers.
fn waitlist_cases(c: &Clinic) -> Vec<Case> {
    let (invalid, v) = (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let today = c.today();
    let (from, to) = (today.to_string(), (today + chrono::Duration::days(14)).to_string());
    let yesterday = (today - chrono::Duration::days(1)).to_string();
    let unknown = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
    let offer = |action: &str| match action {
        "" => paths::offer_link(&c.slug, unknown),
        action => paths::offer_act(&c.slug, unknown, action),
    };
    vec![
        Case {
            method: Method::POST,
            path: paths::my_waitlist(),
            token: Some(c.patient.clone()),
            bad: vec![
                (
                    json!({ "treatment_id": "x", "earliest": "2026-02-30", "latest": "soon" }),
                    invalid,
                    v,
                ),
                (
                    json!({ "treatment_id": unknown, "earliest": from, "latest": to }),
                    invalid,
                    v,
                ),
                (
                    json!({ "treatment_id": c.treatment_id, "earliest": from, "latest": yesterday }),
                    invalid,
                    v,
                ),
                (
                    json!({ "treatment_id": c.treatment_id, "earliest": to, "latest": from }),
                    invalid,
                    v,
                ),
                (
                    json!({ "treatment_id": c.treatment_id, "earliest": from, "latest": to, "weekdays": ["funday"] }),
                    invalid,
                    v,
                ),
                (
                    json!({ "treatment_id": c.treatment_id, "earliest": from, "latest": to, "patient_id": c.patient_id }),
                    StatusCode::FORBIDDEN,
                    "forbidden",
                ),
            ],
        },
        Case {
            method: Method::POST,
            path: paths::waitlist(),
            token: Some(c.reception.clone()),
            bad: vec![
                (
                    json!({ "treatment_id": c.treatment_id, "earliest": from, "latest": to }),
                    invalid,
                    v,
                ),
                (
                    json!({ "treatment_id": c.treatment_id, "earliest": from, "latest": to,
                        "patient": { "name": "", "email": "nope" } }),
                    invalid,
                    v,
                ),
            ],
        },
        Case {
            method: Method::POST,
            path: offer(""),
            token: None,
            bad: vec![
                (json!({ "token": "" }), invalid, v),
                (json!({ "token": "junk" }), StatusCode::UNAUTHORIZED, "link_invalid"),
            ],
        },
        Case {
            method: Method::POST,
            path: offer("take"),
            token: None,
            bad: vec![
                (json!({ "token": "junk", "start": from }), invalid, v),
                (
                    json!({ "token": "v1.junk~AAAA" }),
                    StatusCode::UNAUTHORIZED,
                    "link_invalid",
                ),
            ],
        },
        Case {
            method: Method::POST,
            path: offer("confirm"),
            token: None,
            bad: vec![(json!({ "token": "junk" }), StatusCode::NOT_FOUND, "not_found")],
        },
    ]
}

/// The public link routes (issue 16 §1): bad tokens and fields, without signing in.
fn link_cases(c: &Clinic, start: &str) -> Vec<Case> {
    let (invalid, v) = (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let unauthorized = StatusCode::UNAUTHORIZED;
    let case = |action: &str, bad| Case {
        method: Method::POST,
        path: match action {
            "" => paths::link(&c.slug, &c.booking_id),
            action => paths::link_act(&c.slug, &c.booking_id, action),
        },
        token: None,
        bad,
    };
    vec![
        case(
            "",
            vec![
                (json!({ "token": "" }), invalid, v),
                (json!({ "token": "x".repeat(300) }), invalid, v),
                (json!({ "token": "v1.junk~AAAA" }), unauthorized, "link_invalid"),
            ],
        ),
        case(
            "confirm",
            vec![
                (json!({ "token": "junk" }), unauthorized, "link_invalid"),
                (json!({ "token": "junk", "start": start }), invalid, v),
            ],
        ),
        case("cancel", vec![(json!({ "token": "  " }), invalid, v)]),
        case(
            "reschedule",
            vec![
                (json!({ "token": "junk" }), invalid, v),
                (json!({ "token": "junk", "start": "later" }), invalid, v),
                (json!({ "token": "junk", "start": start }), unauthorized, "link_invalid"),
            ],
        ),
        case(
            "pay",
            vec![(json!({ "token": "junk" }), StatusCode::NOT_FOUND, "not_found")],
        ),
    ]
}

/// What the suite relies on: a write anywhere, even one attribute rewritten in place, shows.
async fn the_snapshot_sees_an_item_added_outside_the_clinic_and_one_changed_in_place(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let clinic = app.clinic("sonrisa").await;
    let before = app.snapshot().await;
    let stray = Key {
        pk: "SLUG#stray".into(),
        sk: "TENANT".into(),
    };
    app.store.put(Item::new(stray.clone()), None).await.unwrap();
    let added = before.changes(&app.snapshot().await);
    assert!(
        added.len() == 1 && added[0].starts_with("added") && added[0].contains("SLUG#stray"),
        "{added:?}"
    );
    app.store.delete(&stray, None).await.unwrap();
    before.assert_unchanged(&app.snapshot().await, "removing the stray item");
    let tenant = keys::tenant(clinic.tenant_id.parse().unwrap());
    let stored = app.store.get(&tenant).await.unwrap().expect("the clinic's item");
    app.store.put(stored.clone().with("name", "Otra"), None).await.unwrap();
    let changed = before.changes(&app.snapshot().await);
    assert!(
        changed.len() == 1 && changed[0].starts_with("changed") && changed[0].contains("Otra"),
        "{changed:?}"
    );
    app.store.put(stored, None).await.unwrap();
    before.assert_unchanged(&app.snapshot().await, "restoring the clinic");
}

async fn bad_input_on_every_write_route_is_a_4xx_problem_and_writes_nothing(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let clinic = app.clinic("sonrisa").await;
    let before = app.snapshot().await;
    // The clinic, its slug, its accounts and the fixture's booking at least: a snapshot that
    // saw nothing would prove nothing.
    assert!(before.len() > 10, "{before:?}");
    let mut refused = 0;
    for case in cases(&clinic) {
        let api = app.with_token(case.token.as_deref());
        for (body, status, code) in &case.bad {
            let answer = api.call(case.method.clone(), &case.path, Some(body)).await;
            let problem = expect_problem(answer, *status, code).await;
            if *code == "validation_failed" {
                assert!(!problem["errors"].as_array().unwrap().is_empty(), "{problem}");
            }
            // After each request, so a write is pinned to the request that made it.
            let after = format!("{} {} {body}", case.method, case.path);
            before.assert_unchanged(&app.snapshot().await, &after);
            refused += 1;
        }
        // The same route with unreadable bodies.
        for (raw, content_type, status, code) in [
            ("{", "application/json", StatusCode::BAD_REQUEST, "malformed_body"),
            (
                r#"{"name": 5, "start": 5, "email": 5}"#,
                "application/json",
                StatusCode::UNPROCESSABLE_ENTITY,
                "malformed_body",
            ),
            (
                "name=x",
                "text/plain",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
            ),
        ] {
            let request = api
                .request(case.method.clone(), &case.path)
                .header("content-type", content_type)
                .body(raw);
            expect_problem(request.send().await.unwrap(), status, code).await;
            let after = format!("{} {} {raw} as {content_type}", case.method, case.path);
            before.assert_unchanged(&app.snapshot().await, &after);
            refused += 1;
        }
    }
    assert!(refused > 60, "{refused}");
}
