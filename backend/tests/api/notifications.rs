//! What patients are told, as the clinic's admin sees it in the outbox, and what staff see
//! of reminders.

use std::path::PathBuf;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use turnaki_shared::api::paths::PageQuery;
use turnaki_testkit::client::{ApiClient, page};

use crate::helpers::{StoreKind, expect, expect_problem, spawn_app, spawn_app_relaying};
each_store_kind! {
    a_booking_and_its_cancellation_reach_the_admins_outbox,
    staff_see_where_reminders_stand_and_patients_do_not,
}

/// The outbox's messages once `ready` holds for them (messages go out in the background).
async fn outbox_when(admin: &ApiClient, ready: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    for _ in 0..100 {
        let page: Value = expect(admin.outbox(&page(200, None)).await, StatusCode::OK).await;
        let items = page["items"].as_array().cloned().unwrap_or_default();
        if ready(&items) {
            return items;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the outbox never got there");
}

fn of_kind<'a>(items: &'a [Value], kind: &str) -> Vec<&'a Value> {
    items.iter().filter(|m| m["kind"] == kind).collect()
}

fn calendar(message: &Value) -> String {
    message["attachments"][0]["content"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn a_booking_and_its_cancellation_reach_the_admins_outbox(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let clinic = app.clinic("sonrisa").await;
    let items = outbox_when(&clinic.as_admin(), |m| !of_kind(m, "confirmation").is_empty()).await;
    let confirmation = of_kind(&items, "confirmation")[0].clone();
    assert_eq!(confirmation["booking_id"], clinic.booking_id.as_str());
    assert_eq!(confirmation["status"], "stored");
    assert!(
        confirmation["subject"].as_str().unwrap().contains("Clínica sonrisa"),
        "{confirmation}"
    );
    assert!(confirmation["text"].as_str().unwrap().contains("America/Santiago"));
    let uid = format!("UID:{}@turnaki", clinic.booking_id);
    assert!(calendar(&confirmation).contains("METHOD:REQUEST") && calendar(&confirmation).contains(&uid));

    let cancel = clinic.as_reception().cancel(&clinic.booking_id, &json!({})).await;
    expect::<Value>(cancel, StatusCode::OK).await;
    let items = outbox_when(&clinic.as_admin(), |m| !of_kind(m, "cancellation").is_empty()).await;
    let cancellation = of_kind(&items, "cancellation")[0];
    assert!(calendar(cancellation).contains("METHOD:CANCEL") && calendar(cancellation).contains(&uid));
    assert_eq!(items[0]["kind"], "cancellation", "newest first");

    let admin = clinic.as_admin();
    let first: Value = expect(admin.outbox(&page(1, None)).await, StatusCode::OK).await;
    let cursor = first["cursor"].as_str().expect("a second page");
    let second: Value = expect(admin.outbox(&page(1, Some(cursor))).await, StatusCode::OK).await;
    assert_eq!(second["items"][0]["kind"], "confirmation");
    for role in ["reception", "dentist", "patient"] {
        let answer = clinic.as_role(role).outbox(&PageQuery::default()).await;
        expect_problem(answer, StatusCode::FORBIDDEN, "forbidden").await;
    }
}

async fn staff_see_where_reminders_stand_and_patients_do_not(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let clinic = app.clinic("sonrisa").await;
    let seen: Value = expect(clinic.as_reception().booking(&clinic.booking_id).await, StatusCode::OK).await;
    let reminders = seen["reminder_status"].as_array().expect("reminder status for staff");
    assert_eq!(reminders.len(), 1, "{seen}");
    assert_eq!(reminders[0]["kind"], "ahead");
    assert_eq!(reminders[0]["status"], "pending");
    assert_eq!(reminders[0]["due"], seen["reminders"][0]["due"]);
    let own: Value = expect(clinic.as_patient().booking(&clinic.booking_id).await, StatusCode::OK).await;
    assert!(own.get("reminder_status").is_none(), "{own}");
}

#[tokio::test]
async fn a_relay_that_is_down_leaves_the_booking_and_shows_the_failure() {
    // Nothing listens on port 9 of loopback: every relay attempt is refused.
    let app = spawn_app_relaying(StoreKind::Sqlite, "smtp://127.0.0.1:9", None).await;
    let clinic = app.clinic("sonrisa").await;
    let items = outbox_when(&clinic.as_admin(), |m| m.first().is_some_and(|c| c["attempts"] == 3)).await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["status"], "failed");
    assert!(
        items[0]["last_error"].as_str().unwrap_or_default().contains("SMTP"),
        "{}",
        items[0]
    );
    let booking: Value = expect(clinic.as_reception().booking(&clinic.booking_id).await, StatusCode::OK).await;
    assert_eq!(booking["status"], "confirmed");
}

/// The real SMTP server `scripts/test.sh` starts on loopback (aiosmtpd, STARTTLS required,
/// a certificate from a throwaway CA): its URL, that CA, and the folder it writes messages to.
fn smtp_server() -> (String, PathBuf, PathBuf) {
    let var = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| {
            panic!("{name} is not set: run scripts/test.sh, which starts an SMTP server on loopback")
        })
    };
    (
        var("TURNAKI_TEST_SMTP_URL"),
        var("TURNAKI_TEST_SMTP_CA").into(),
        var("TURNAKI_TEST_SMTP_SPOOL").into(),
    )
}

#[tokio::test]
async fn a_confirmation_is_relayed_over_starttls_to_a_real_smtp_server() {
    let (url, ca, spool) = smtp_server();
    let app = spawn_app_relaying(StoreKind::Sqlite, &url, Some(ca)).await;
    let clinic = app.clinic("sonrisa").await;
    let items = outbox_when(&clinic.as_admin(), |m| {
        m.first().is_some_and(|c| c["status"] == "relayed")
    })
    .await;
    // The message's own id, in its Message-ID header: the body may be encoded.
    let message_id = format!("<{}@turnaki>", items[0]["id"].as_str().expect("an id"));
    let received = (0..100).find_map(|_| {
        let found = std::fs::read_dir(&spool)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|f| f.path().extension().is_some_and(|e| e == "eml"))
            .filter_map(|f| std::fs::read_to_string(f.path()).ok())
            .find(|text| text.contains(&message_id));
        if found.is_none() {
            std::thread::sleep(Duration::from_millis(50));
        }
        found
    });
    let received = received.expect("the SMTP server received the confirmation");
    assert!(received.contains("patient@sonrisa.test"), "{received}");
    assert!(received.contains("Subject: "), "{received}");
    assert_eq!(items[0]["attempts"], 1);
}

#[tokio::test]
async fn a_relay_whose_certificate_no_trusted_authority_issued_is_refused() {
    // The same server without its CA: the public roots do not vouch for it, so TLS fails and
    // nothing is sent in clear instead.
    let (url, _, _) = smtp_server();
    let app = spawn_app_relaying(StoreKind::Sqlite, &url, None).await;
    let clinic = app.clinic("sonrisa").await;
    let items = outbox_when(&clinic.as_admin(), |m| m.first().is_some_and(|c| c["attempts"] == 3)).await;
    assert_eq!(items[0]["status"], "failed", "{}", items[0]);
    let error = items[0]["last_error"].as_str().unwrap_or_default().to_lowercase();
    assert!(error.contains("certificate"), "refused for another reason: {error}");
}
