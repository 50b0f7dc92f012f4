//! The waitlist over HTTP (issue 16 §2): reception puts a patient on the list by phone,
//! another patient cancels, and the waitlisted patient takes the freed time from the offer's
//! link in the outbox, without signing in; wrong tokens change nothing; patients see and
//! leave their own entries.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use turnaki_shared::api::paths::UsageQuery;
use turnaki_testkit::client::{calendar_between, page};

use crate::helpers::{Clinic, StoreKind, expect, expect_problem, spawn_app, text};

each_store_kind! {
    a_patient_on_the_waitlist_takes_the_freed_time_from_the_offer_link,
    a_patient_joins_sees_and_leaves_their_waitlist_entry,
}

/// The URL of the `label` link of the newest waitlist offer in the outbox (sent in the
/// background after the freeing change).
async fn offer_url(c: &Clinic, label: &str) -> String {
    let prefix = format!("{label}: ");
    for _ in 0..200 {
        let outbox: Value = expect(c.as_admin().outbox(&page(200, None)).await, StatusCode::OK).await;
        let found = outbox["items"].as_array().into_iter().flatten().find_map(|m| {
            let text = m["text"].as_str().filter(|_| m["kind"] == "waitlist_offer")?;
            text.lines().find_map(|l| l.strip_prefix(&prefix)).map(str::to_owned)
        });
        if let Some(url) = found {
            return url;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no waitlist offer in the outbox");
}

/// The offer id and token of a link URL (`…/offers/{id}#{token}`).
fn offer_and_token(url: &str) -> (String, String) {
    let (page, token) = url.split_once('#').expect("the token rides in the fragment");
    (page.rsplit('/').next().expect("an id").to_owned(), token.to_owned())
}

async fn a_patient_on_the_waitlist_takes_the_freed_time_from_the_offer_link(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let c = app.clinic("sonrisa").await;
    let wait = json!({
        "treatment_id": c.treatment_id,
        "earliest": c.today().to_string(),
        "latest": (c.today() + chrono::Duration::days(30)).to_string(),
        "part_of_day": "morning",
        "patient": { "name": "Beatriz Rojas", "email": "beatriz@sonrisa.test", "phone": "+56 9 8765 4321" },
    });
    let entry: Value = expect(c.as_reception().add_to_waitlist(&wait).await, StatusCode::CREATED).await;
    assert_eq!(
        (entry["status"].as_str(), entry["by_staff"].as_bool()),
        (Some("waiting"), Some(true))
    );

    expect::<Value>(c.as_patient().cancel(&c.booking_id, &json!({})).await, StatusCode::OK).await;
    let take = offer_url(&c, "La tomo").await;
    let decline = offer_url(&c, "No, gracias").await;
    let (offer, token) = offer_and_token(&take);
    let (_, no_thanks) = offer_and_token(&decline);
    assert!(
        take.starts_with(&format!("http://turnaki.test/{}/offers/", c.slug)),
        "{take}"
    );

    let public = c.anonymous();
    let other = app.clinic("norte").await;
    let before = app.snapshot().await;
    let (payload, mac) = token.split_once('~').expect("payload~mac");
    let forged = format!(
        "{payload}~{}{}",
        if mac.starts_with('A') { 'B' } else { 'A' },
        &mac[1..]
    );
    for (body, status, code) in [
        (json!({ "token": forged }), StatusCode::UNAUTHORIZED, "link_invalid"),
        (json!({ "token": no_thanks }), StatusCode::FORBIDDEN, "link_mismatch"),
    ] {
        let answer = public.offer_act(&c.slug, &offer, "take", &body).await;
        expect_problem(answer, status, code).await;
    }
    let answer = public.offer_link(&other.slug, &offer, &json!({ "token": token })).await;
    expect_problem(answer, StatusCode::FORBIDDEN, "link_mismatch").await;
    before.assert_unchanged(&app.snapshot().await, "refusing the offer links");

    let body = json!({ "token": token });
    let shown: Value = expect(public.offer_link(&c.slug, &offer, &body).await, StatusCode::OK).await;
    assert_eq!(
        (shown["open"].as_bool(), shown["treatment_name"].as_str()),
        (Some(true), Some("Limpieza"))
    );
    assert_eq!(
        shown["start"],
        c.booking_start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );
    assert!(
        shown.get("patient_name").is_none(),
        "a forwarded link shows no patient: {shown}"
    );

    let taken: Value = expect(public.offer_act(&c.slug, &offer, "take", &body).await, StatusCode::OK).await;
    assert_eq!(taken["outcome"]["state"], "taken");
    let booking = text(&taken["booking_id"]);
    let again: Value = expect(public.offer_act(&c.slug, &offer, "take", &body).await, StatusCode::OK).await;
    assert_eq!(again["booking_id"], booking.as_str(), "taking twice books once");
    let answer = public
        .offer_act(&c.slug, &offer, "decline", &json!({ "token": no_thanks }))
        .await;
    expect_problem(answer, StatusCode::CONFLICT, "offer_ended").await;

    let day = c
        .booking_start
        .with_timezone(&chrono_tz::America::Santiago)
        .date_naive();
    let calendar: Value = expect(
        c.as_reception().calendar(&calendar_between(day, day)).await,
        StatusCode::OK,
    )
    .await;
    let booked = calendar["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|b| b["id"] == booking.as_str());
    assert_eq!(
        booked.unwrap_or_else(|| panic!("{booking} not on {calendar}"))["patient_id"],
        entry["patient_id"]
    );
    let list: Value = expect(c.as_reception().waitlist(&page(50, None)).await, StatusCode::OK).await;
    let listed = &list["items"][0];
    assert_eq!(
        (listed["status"].as_str(), listed["patient_name"].as_str()),
        (Some("booked"), Some("Beatriz Rojas"))
    );
    assert_eq!(listed["offers"][0]["outcome"]["state"], "taken");

    // The admin's figures count the offer made this month and its fill.
    let month = UsageQuery {
        month: Some(c.today().format("%Y-%m").to_string()),
    };
    let figures: Value = expect(c.as_admin().figures(&month).await, StatusCode::OK).await;
    assert_eq!(
        (figures["offers"].as_u64(), figures["fills"].as_u64()),
        (Some(1), Some(1)),
        "{figures}"
    );
    assert!(
        figures["median_fill_minutes"].as_i64().is_some_and(|m| m < 5),
        "{figures}"
    );
    expect_problem(
        c.as_reception().figures(&month).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

async fn a_patient_joins_sees_and_leaves_their_waitlist_entry(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let c = app.clinic("sonrisa").await;
    let patient = c.as_patient();
    let wait = json!({
        "treatment_id": c.treatment_id,
        "professional_id": c.professional_id,
        "earliest": c.today().to_string(),
        "latest": (c.today() + chrono::Duration::days(10)).to_string(),
        "weekdays": ["tue", "thu"],
    });
    let entry: Value = expect(patient.join_waitlist(&wait).await, StatusCode::CREATED).await;
    assert_eq!(entry["weekdays"], json!(["tue", "thu"]));
    assert!(
        entry.get("patient_name").is_none(),
        "a patient's own list names nobody: {entry}"
    );
    expect_problem(
        patient.join_waitlist(&wait).await,
        StatusCode::CONFLICT,
        "already_waiting",
    )
    .await;
    let mine: Vec<Value> = expect(patient.my_waitlist().await, StatusCode::OK).await;
    assert_eq!(mine.len(), 1);
    let id = text(&entry["id"]);
    let left: Value = expect(patient.leave_waitlist(&id).await, StatusCode::OK).await;
    assert_eq!(left["status"], "left");
    let again: Value = expect(patient.leave_waitlist(&id).await, StatusCode::OK).await;
    assert_eq!(again["status"], "left", "leaving twice changes nothing");
    let other = app.clinic("norte").await;
    expect_problem(
        other.as_patient().leave_waitlist(&id).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let rejoined: Value = expect(patient.join_waitlist(&wait).await, StatusCode::CREATED).await;
    assert_ne!(rejoined["id"], entry["id"], "one who left may join again");
}
