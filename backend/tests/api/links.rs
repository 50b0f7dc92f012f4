//! Acting from the message over HTTP (issue 16 §1): the patient answers with the links of the
//! confirmation in the outbox, without signing in; refused tokens get 401/403 and change
//! nothing; the cancellation window binds links as it binds "my appointments"; reception's
//! to-call list. Expiry is proved with a moved clock in shared-lib's link stories (the apps
//! here run on the real one).

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Clinic, StoreKind, TestApp, expect, expect_problem, spawn_app, text};

turnaki_testkit::each_adapter! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    cases in {super}: [
        a_patient_confirms_from_the_outbox_link_and_reception_sees_it,
        tampered_and_foreign_links_get_401_and_403_and_change_nothing,
        cancel_by_link_inside_the_window_is_refused_as_in_my_appointments,
        reception_lists_the_unconfirmed_and_records_the_call,
    ];
    sqlite: |case| case(crate::helpers::StoreKind::Sqlite).await;
    dynamodb: |case| case(crate::helpers::StoreKind::Dynamodb).await;
}

/// The label of each link in the Spanish test clinics' plain-text body.
fn label(action: &str) -> &'static str {
    match action {
        "confirm" => "Asistiré",
        "cancel" => "Cancelar",
        "reschedule" => "Elegir otra hora",
        other => panic!("no link {other}"),
    }
}

/// The token of the `action` link in the confirmation of `booking`, read from the outbox as
/// the clinic's admin sees it (it is sent in the background).
pub async fn link_token(app: &TestApp, clinic: &Clinic, booking: &str, action: &str) -> String {
    let page = format!("http://turnaki.test/{}/appointments/{booking}/link#", clinic.slug);
    let prefix = format!("{}: {page}", label(action));
    for _ in 0..100 {
        let outbox: Value = expect(
            app.get("/v1/outbox?limit=200", Some(&clinic.admin)).await,
            StatusCode::OK,
        )
        .await;
        let found = outbox["items"].as_array().into_iter().flatten().find_map(|m| {
            let about = m["booking_id"] == booking && m["kind"] == "confirmation";
            let text = m["text"].as_str().filter(|_| about)?;
            text.lines().find_map(|l| l.strip_prefix(&prefix)).map(str::to_owned)
        });
        if let Some(token) = found {
            return token;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no {action} link for {booking} in the outbox");
}

fn link_path(slug: &str, booking: &str, action: Option<&str>) -> String {
    let base = format!("/v1/public/clinics/{slug}/bookings/{booking}/link");
    action.map_or(base.clone(), |a| format!("{base}/{a}"))
}

async fn a_patient_confirms_from_the_outbox_link_and_reception_sees_it(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let c = app.clinic("sonrisa").await;
    let token = link_token(&app, &c, &c.booking_id, "confirm").await;
    let body = json!({ "token": token });

    let page: Value = expect(
        app.post(&link_path(&c.slug, &c.booking_id, None), None, &body).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (page["action"].as_str(), page["answer"]["state"].as_str()),
        (Some("confirm"), Some("unconfirmed"))
    );
    assert_eq!(page["treatment_name"], "Limpieza");
    assert_eq!(page["time_zone"], "America/Santiago");
    assert!(
        page.get("patient_name").is_none(),
        "a forwarded link shows no patient: {page}"
    );

    let confirm = link_path(&c.slug, &c.booking_id, Some("confirm"));
    let confirmed: Value = expect(app.post(&confirm, None, &body).await, StatusCode::OK).await;
    assert_eq!(confirmed["answer"]["state"], "confirmed");
    let again: Value = expect(app.post(&confirm, None, &body).await, StatusCode::OK).await;
    assert_eq!(again, confirmed, "a second use changes nothing");

    let seen: Value = expect(
        app.get(&format!("/v1/bookings/{}", c.booking_id), Some(&c.reception))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(seen["answer"]["state"], "confirmed");
    assert_eq!(seen["answer"]["at"], confirmed["answer"]["at"]);
    assert_eq!(seen["version"], 2, "one write for two uses");
    let day = c
        .booking_start
        .with_timezone(&chrono_tz::America::Santiago)
        .date_naive();
    let calendar: Value = expect(
        app.get(&format!("/v1/bookings?from={day}&to={day}"), Some(&c.reception))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(calendar["items"][0]["answer"]["state"], "confirmed", "{calendar}");
}

async fn tampered_and_foreign_links_get_401_and_403_and_change_nothing(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let c = app.clinic("sonrisa").await;
    let other_clinic = app.clinic("norte").await;
    let second: Value = expect(
        app.post("/v1/bookings", Some(&c.patient), &c.booking_at(c.day().at(11, 0)))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let second = text(&second["id"]);
    let confirm = link_token(&app, &c, &c.booking_id, "confirm").await;
    link_token(&app, &c, &second, "confirm").await;
    let before = app.footprint(&c).await;
    let (payload, mac) = confirm.split_once('~').expect("payload~mac");
    let flipped = if mac.starts_with('A') { 'B' } else { 'A' };
    let tampered = [
        format!("{payload}~{flipped}{}", &mac[1..]),
        format!("{}~{mac}", payload.replace("confirm", "cancel")),
        "nonsense".to_owned(),
    ];
    for token in &tampered {
        for action in [None, Some("confirm")] {
            let answer = app
                .post(
                    &link_path(&c.slug, &c.booking_id, action),
                    None,
                    &json!({ "token": token }),
                )
                .await;
            expect_problem(answer, StatusCode::UNAUTHORIZED, "link_invalid").await;
        }
    }
    let body = json!({ "token": confirm });
    // Another booking's page, another clinic's, another action.
    for path in [
        link_path(&c.slug, &second, Some("confirm")),
        link_path(&other_clinic.slug, &c.booking_id, Some("confirm")),
        link_path(&c.slug, &c.booking_id, Some("cancel")),
    ] {
        expect_problem(
            app.post(&path, None, &body).await,
            StatusCode::FORBIDDEN,
            "link_mismatch",
        )
        .await;
    }
    let reschedule = json!({ "token": confirm, "start": c.day().at(15, 0).to_rfc3339() });
    let answer = app
        .post(
            &link_path(&c.slug, &c.booking_id, Some("reschedule")),
            None,
            &reschedule,
        )
        .await;
    expect_problem(answer, StatusCode::FORBIDDEN, "link_mismatch").await;
    assert_eq!(app.footprint(&c).await, before, "a refused link wrote something");
    let seen: Value = expect(
        app.get(&format!("/v1/bookings/{}", c.booking_id), Some(&c.reception))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (seen["answer"]["state"].as_str(), seen["version"].as_u64()),
        (Some("unconfirmed"), Some(1))
    );
}

async fn cancel_by_link_inside_the_window_is_refused_as_in_my_appointments(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let c = app.clinic("sonrisa").await;
    // Two weeks' window: the fixture's booking, a few days ahead, is inside it.
    let rules = json!({ "cancellation_window_hours": 336 });
    expect::<Value>(
        app.patch(&format!("/v1/tenants/{}", c.tenant_id), Some(&c.admin), &rules)
            .await,
        StatusCode::OK,
    )
    .await;
    let cancel = link_token(&app, &c, &c.booking_id, "cancel").await;
    let before = app.footprint(&c).await;
    let by_link = app
        .post(
            &link_path(&c.slug, &c.booking_id, Some("cancel")),
            None,
            &json!({ "token": cancel }),
        )
        .await;
    let problem = expect_problem(by_link, StatusCode::CONFLICT, "outside_cancellation_window").await;
    let mine = app
        .post(
            &format!("/v1/bookings/{}/cancel", c.booking_id),
            Some(&c.patient),
            &json!({}),
        )
        .await;
    let theirs = expect_problem(mine, StatusCode::CONFLICT, "outside_cancellation_window").await;
    assert_eq!(problem["detail"], theirs["detail"], "the same rule, in the same words");
    let page: Value = expect(
        app.post(
            &link_path(&c.slug, &c.booking_id, None),
            None,
            &json!({ "token": cancel }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["may_change"], false, "the page tells the patient to call");
    assert_eq!(app.footprint(&c).await, before, "nothing changed");
}

async fn reception_lists_the_unconfirmed_and_records_the_call(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let c = app.clinic("sonrisa").await;
    let day = c
        .booking_start
        .with_timezone(&chrono_tz::America::Santiago)
        .date_naive();
    let list_path = format!("/v1/to-call?date={day}");
    let list: Value = expect(app.get(&list_path, Some(&c.reception)).await, StatusCode::OK).await;
    assert_eq!(list["date"], day.to_string());
    let ids: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["booking_id"].as_str())
        .collect();
    assert_eq!(ids, [c.booking_id.as_str()]);
    assert_eq!(list["items"][0]["patient_name"], "Pía Paciente");

    let called: Value = expect(
        app.post(
            &format!("/v1/bookings/{}/called", c.booking_id),
            Some(&c.reception),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(called["called"]["role"], "reception");
    let list: Value = expect(app.get(&list_path, Some(&c.reception)).await, StatusCode::OK).await;
    assert_eq!(list["items"][0]["called"], called["called"], "the call sticks");

    // Once the patient confirms, nobody needs to call.
    let token = link_token(&app, &c, &c.booking_id, "confirm").await;
    let confirm = link_path(&c.slug, &c.booking_id, Some("confirm"));
    expect::<Value>(
        app.post(&confirm, None, &json!({ "token": token })).await,
        StatusCode::OK,
    )
    .await;
    let list: Value = expect(app.get(&list_path, Some(&c.admin)).await, StatusCode::OK).await;
    assert_eq!(list["items"], json!([]), "{list}");
    let tomorrow: Value = expect(app.get("/v1/to-call", Some(&c.reception)).await, StatusCode::OK).await;
    assert_eq!(tomorrow["date"], (c.today() + chrono::Duration::days(1)).to_string());
}
