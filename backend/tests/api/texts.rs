//! Text messages over HTTP (issue 16 §4): a patient in Chile registers with the mobile as
//! they dial it and accepts texts; the clinic texts confirmations, so the booking's
//! confirmation lands in the outbox as a text with its segments; the patient stops texts
//! from their account and the next message is an email only.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use turnaki_shared::api::paths::PageQuery;

use crate::helpers::{Clinic, PASSWORD, StoreKind, expect, expect_problem, spawn_app};

each_store_kind! {
    a_patient_in_chile_accepts_texts_gets_the_confirmation_by_text_and_stops_them,
}

/// The outbox's entries of `kind` about `booking`, waiting (up to 10 s) until there are
/// `count`: messages are sent in the background after each change, the text after the email.
async fn outbox_of(c: &Clinic, kind: &str, booking: &Value, count: usize) -> Vec<Value> {
    for _ in 0..200 {
        let outbox: Value = expect(
            c.as_admin()
                .outbox(&PageQuery {
                    limit: Some(200),
                    cursor: None,
                })
                .await,
            StatusCode::OK,
        )
        .await;
        let found: Vec<Value> = outbox["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|m| m["kind"] == kind && m["booking_id"] == *booking)
            .cloned()
            .collect();
        if found.len() >= count {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("fewer than {count} {kind} messages in the outbox");
}

async fn a_patient_in_chile_accepts_texts_gets_the_confirmation_by_text_and_stops_them(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let c = app.clinic("sonrisa").await;
    let settings = json!({ "country": "cl", "channels": { "confirmations": "both" } });
    let clinic: Value = expect(
        c.as_admin().update_tenant(&c.tenant_id, &settings).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (clinic["country"].as_str(), clinic["channels"]["confirmations"].as_str()),
        (Some("CL"), Some("both"))
    );

    // As dialled in Chile, without +56; a number outside the plan is refused by name.
    let patient = json!({ "name": "Pía Soto", "email": "pia@sonrisa.test", "password": PASSWORD,
                          "phone": "9 6123 4567", "sms": true });
    let bad = json!({ "name": "Pía Soto", "email": "pia@sonrisa.test", "password": PASSWORD,
                      "phone": "9 1234", "sms": true });
    let problem = expect_problem(
        c.anonymous().register(&c.slug, &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "phone", "{problem}");
    let registered: Value = expect(c.anonymous().register(&c.slug, &patient).await, StatusCode::CREATED).await;
    let pia = app.by(registered["token"]["access_token"].as_str().expect("a token"));
    let texts: Value = expect(pia.my_texts().await, StatusCode::OK).await;
    assert_eq!(texts["phone"], "+56961234567");
    assert_eq!(texts["consent"]["state"], "given");
    assert_eq!(texts["clinic_texts"], true);

    let booking: Value = expect(pia.book(&c.booking_at(c.day().at(11, 0))).await, StatusCode::CREATED).await;
    let confirmations = outbox_of(&c, "confirmation", &booking["id"], 2).await;
    let text = confirmations
        .iter()
        .find(|m| m["body"].is_string())
        .unwrap_or_else(|| panic!("no text among {confirmations:#?}"));
    assert_eq!(text["to"], "+56961234567");
    assert_eq!(text["booking_id"], booking["id"]);
    let body = text["body"].as_str().unwrap_or_default();
    assert!(body.starts_with("Clínica sonrisa: "), "{body}");
    assert!(!body.contains("Limpieza"), "no treatment in a text: {body}");
    assert!(text["segments"]["count"].as_u64().is_some_and(|n| n >= 1), "{text}");
    assert!(
        confirmations.iter().any(|m| m["subject"].is_string()),
        "the email goes too"
    );

    // Stopping is at once: the next message is an email only.
    let stopped: Value = expect(pia.answer_texts(&json!({ "accept": false })).await, StatusCode::OK).await;
    assert_eq!(stopped["consent"]["state"], "withdrawn");
    expect::<Value>(
        pia.cancel(booking["id"].as_str().unwrap(), &json!({})).await,
        StatusCode::OK,
    )
    .await;
    let cancellations = outbox_of(&c, "cancellation", &booking["id"], 1).await;
    assert!(
        cancellations.iter().all(|m| m["subject"].is_string()),
        "{cancellations:#?}"
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        outbox_of(&c, "cancellation", &booking["id"], 1).await.len(),
        1,
        "no text after stopping"
    );
}
