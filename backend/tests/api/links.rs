//! Acting from the message over HTTP (issue 16 §1): the patient answers with the links of the
//! confirmation in the outbox, without signing in; refused tokens get 401/403 and change
//! nothing; the cancellation window binds links as it binds "my appointments"; reception's
//! to-call list. Expiry is proved with a moved clock in shared-lib's link stories (the apps
//! here run on the real one).

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use turnaki_shared::api::links::ToCallQuery;
use turnaki_testkit::client::{calendar_between, page};

use crate::helpers::{Clinic, StoreKind, expect, expect_problem, spawn_app, text};

each_store_kind! {
    a_patient_confirms_from_the_outbox_link_and_reception_sees_it,
    tampered_and_foreign_links_get_401_and_403_and_change_nothing,
    cancel_by_link_inside_the_window_is_refused_as_in_my_appointments,
    reception_lists_the_unconfirmed_and_records_the_call,
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
pub async fn link_token(clinic: &Clinic, booking: &str, action: &str) -> String {
    let link_page = format!("http://turnaki.test/{}/appointments/{booking}/link#", clinic.slug);
    let prefix = format!("{}: {link_page}", label(action));
    for _ in 0..100 {
        let outbox: Value = expect(clinic.as_admin().outbox(&page(200, None)).await, StatusCode::OK).await;
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

async fn a_patient_confirms_from_the_outbox_link_and_reception_sees_it(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let c = app.clinic("sonrisa").await;
    let token = link_token(&c, &c.booking_id, "confirm").await;
    let body = json!({ "token": token });

    let public = c.anonymous();
    let page: Value = expect(public.link(&c.slug, &c.booking_id, &body).await, StatusCode::OK).await;
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

    let confirm = || public.link_act(&c.slug, &c.booking_id, "confirm", &body);
    let confirmed: Value = expect(confirm().await, StatusCode::OK).await;
    assert_eq!(confirmed["answer"]["state"], "confirmed");
    let again: Value = expect(confirm().await, StatusCode::OK).await;
    assert_eq!(again, confirmed, "a second use changes nothing");

    let seen: Value = expect(c.as_reception().booking(&c.booking_id).await, StatusCode::OK).await;
    assert_eq!(seen["answer"]["state"], "confirmed");
    assert_eq!(seen["answer"]["at"], confirmed["answer"]["at"]);
    assert_eq!(seen["version"], 2, "one write for two uses");
    let day = c
        .booking_start
        .with_timezone(&chrono_tz::America::Santiago)
        .date_naive();
    let calendar: Value = expect(
        c.as_reception().calendar(&calendar_between(day, day)).await,
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
        c.as_patient().book(&c.booking_at(c.day().at(11, 0))).await,
        StatusCode::CREATED,
    )
    .await;
    let second = text(&second["id"]);
    let confirm = link_token(&c, &c.booking_id, "confirm").await;
    link_token(&c, &second, "confirm").await;
    // The relay removes a booking's pending event only after its message and the waitlist's
    // pass: wait for that too, so the snapshot holds no write still under way.
    for booking in [&c.booking_id, &second] {
        let pending = turnaki_shared::keys::pending_event(booking.parse().expect("an id"), 1);
        for _ in 0..200 {
            if app.store.get(&pending).await.expect("read").is_none() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
    let before = app.snapshot().await;
    let (payload, mac) = confirm.split_once('~').expect("payload~mac");
    let flipped = if mac.starts_with('A') { 'B' } else { 'A' };
    let tampered = [
        format!("{payload}~{flipped}{}", &mac[1..]),
        format!("{}~{mac}", payload.replace("confirm", "cancel")),
        "nonsense".to_owned(),
    ];
    let public = c.anonymous();
    for token in &tampered {
        let token = json!({ "token": token });
        for answer in [
            public.link(&c.slug, &c.booking_id, &token).await,
            public.link_act(&c.slug, &c.booking_id, "confirm", &token).await,
        ] {
            expect_problem(answer, StatusCode::UNAUTHORIZED, "link_invalid").await;
        }
    }
    let body = json!({ "token": confirm });
    // Another booking's page, another clinic's, another action.
    for answer in [
        public.link_act(&c.slug, &second, "confirm", &body).await,
        public
            .link_act(&other_clinic.slug, &c.booking_id, "confirm", &body)
            .await,
        public.link_act(&c.slug, &c.booking_id, "cancel", &body).await,
    ] {
        expect_problem(answer, StatusCode::FORBIDDEN, "link_mismatch").await;
    }
    let reschedule = json!({ "token": confirm, "start": c.day().at(15, 0).to_rfc3339() });
    let answer = public.link_act(&c.slug, &c.booking_id, "reschedule", &reschedule).await;
    expect_problem(answer, StatusCode::FORBIDDEN, "link_mismatch").await;
    before.assert_unchanged(&app.snapshot().await, "refusing the links");
    let seen: Value = expect(c.as_reception().booking(&c.booking_id).await, StatusCode::OK).await;
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
    expect::<Value>(c.as_admin().update_tenant(&c.tenant_id, &rules).await, StatusCode::OK).await;
    let cancel = link_token(&c, &c.booking_id, "cancel").await;
    let before = app.snapshot().await;
    let public = c.anonymous();
    let by_link = public
        .link_act(&c.slug, &c.booking_id, "cancel", &json!({ "token": cancel }))
        .await;
    let problem = expect_problem(by_link, StatusCode::CONFLICT, "outside_cancellation_window").await;
    let mine = c.as_patient().cancel(&c.booking_id, &json!({})).await;
    let theirs = expect_problem(mine, StatusCode::CONFLICT, "outside_cancellation_window").await;
    assert_eq!(problem["detail"], theirs["detail"], "the same rule, in the same words");
    let page: Value = expect(
        public.link(&c.slug, &c.booking_id, &json!({ "token": cancel })).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["may_change"], false, "the page tells the patient to call");
    before.assert_unchanged(&app.snapshot().await, "refusing the cancellation");
}

async fn reception_lists_the_unconfirmed_and_records_the_call(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let c = app.clinic("sonrisa").await;
    let day = c
        .booking_start
        .with_timezone(&chrono_tz::America::Santiago)
        .date_naive();
    let that_day = ToCallQuery {
        date: Some(day.to_string()),
    };
    let reception = c.as_reception();
    let list: Value = expect(reception.to_call(&that_day).await, StatusCode::OK).await;
    assert_eq!(list["date"], day.to_string());
    let ids: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["booking_id"].as_str())
        .collect();
    assert_eq!(ids, [c.booking_id.as_str()]);
    assert_eq!(list["items"][0]["patient_name"], "Pía Paciente");

    let called: Value = expect(reception.called(&c.booking_id, &json!({})).await, StatusCode::OK).await;
    assert_eq!(called["called"]["role"], "reception");
    let list: Value = expect(reception.to_call(&that_day).await, StatusCode::OK).await;
    assert_eq!(list["items"][0]["called"], called["called"], "the call sticks");

    // Once the patient confirms, nobody needs to call.
    let token = link_token(&c, &c.booking_id, "confirm").await;
    expect::<Value>(
        c.anonymous()
            .link_act(&c.slug, &c.booking_id, "confirm", &json!({ "token": token }))
            .await,
        StatusCode::OK,
    )
    .await;
    let list: Value = expect(c.as_admin().to_call(&that_day).await, StatusCode::OK).await;
    assert_eq!(list["items"], json!([]), "{list}");
    let tomorrow: Value = expect(reception.to_call(&ToCallQuery::default()).await, StatusCode::OK).await;
    assert_eq!(tomorrow["date"], (c.today() + chrono::Duration::days(1)).to_string());
}
