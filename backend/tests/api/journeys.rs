//! Each route's happy path, as the clinic's people use them.

use reqwest::StatusCode;
use serde_json::{Value, json};
use turnaki_shared::api::bookings::CalendarQuery;
use turnaki_shared::api::paths::UsageQuery;
use turnaki_shared::api::resources::RangeQuery;
use turnaki_testkit::client::{calendar_between, free_between, page};

use crate::helpers::{OWNER, StoreKind, expect, spawn_app, text};

fn items(v: &Value) -> &Vec<Value> {
    v["items"].as_array().expect("a page")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_owner_pages_through_clinics_and_reads_their_usage_but_no_patient_data() {
    let app = spawn_app(StoreKind::Sqlite).await;
    let a = app.clinic("alameda").await;
    let b = app.clinic("bellavista").await;
    let owner = app.by(&app.sign_in(OWNER).await);
    let first: Value = expect(owner.tenants(&page(1, None)).await, StatusCode::OK).await;
    assert_eq!(items(&first)[0]["slug"], "alameda");
    let cursor = text(&first["cursor"]);
    let second: Value = expect(owner.tenants(&page(1, Some(&cursor))).await, StatusCode::OK).await;
    assert_eq!(items(&second)[0]["slug"], "bellavista");
    assert!(second.get("cursor").is_none(), "the last page has no cursor");
    // Each clinic's booking has a day of its own, which may fall in another month.
    for clinic in [&a, &b] {
        let month = UsageQuery {
            month: Some(
                clinic
                    .booking_start
                    .with_timezone(&chrono_tz::America::Santiago)
                    .format("%Y-%m")
                    .to_string(),
            ),
        };
        let usage: Value = expect(owner.usage(&month).await, StatusCode::OK).await;
        let rows = items(&usage);
        assert_eq!(rows.len(), 2, "every clinic has a row");
        let row = rows
            .iter()
            .find(|r| r["slug"] == clinic.slug.as_str())
            .expect("the clinic's row");
        assert!(row["bookings"] == 1 && row["cancelled"] == 0, "{usage}");
        let admin_usage: Value = expect(clinic.as_admin().usage(&month).await, StatusCode::OK).await;
        assert_eq!(items(&admin_usage).len(), 1, "an admin sees their own clinic only");
    }
    let calendar = owner.calendar(&calendar_between("2026-01-01", "2026-01-02")).await;
    assert_eq!(calendar.status(), StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_admin_configures_the_clinic() {
    let app = spawn_app(StoreKind::Sqlite).await;
    let c = app.clinic("sonrisa").await;
    let admin = c.as_admin();
    let patched: Value = expect(
        admin
            .update_tenant(
                &c.tenant_id,
                &json!({ "name": "Sonrisa Centro", "granularity_minutes": 30, "locale": "en" }),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            patched["name"].as_str(),
            patched["rules"]["granularity"].as_u64(),
            patched["locale"].as_str()
        ),
        (Some("Sonrisa Centro"), Some(30), Some("en"))
    );
    let treatment: Value = expect(
        admin
            .update_treatment(&c.treatment_id, &json!({ "price_minor": 30000 }))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(treatment["price"]["amount_minor"], 30000);
    let listed: Value = expect(c.as_reception().treatments().await, StatusCode::OK).await;
    assert_eq!(items(&listed).len(), 1);
    let professional: Value = expect(
        admin
            .update_professional(&c.professional_id, &json!({ "specialty": "Ortodoncia" }))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(professional["specialty"], "Ortodoncia");
    let read: Value = expect(c.as_dentist().professional(&c.professional_id).await, StatusCode::OK).await;
    assert_eq!(read["weekly_hours"][0][0]["start"], "08:00:00");
    let chair: Value = expect(
        admin.update_chair(&c.chair_id, &json!({ "name": "Box Azul" })).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(chair["name"], "Box Azul");
    let staff: Value = expect(admin.users().await, StatusCode::OK).await;
    let roles: Vec<&str> = items(&staff).iter().map(|u| u["role"].as_str().unwrap()).collect();
    assert_eq!(roles.len(), 3, "admin, reception and dentist: {roles:?}");
    for (what, gone) in [
        ("treatment", admin.archive_treatment(&c.treatment_id).await),
        ("professional", admin.archive_professional(&c.professional_id).await),
        ("chair", admin.archive_chair(&c.chair_id).await),
    ] {
        assert_eq!(gone.status(), StatusCode::NO_CONTENT, "{what}");
    }
    let profile: Value = expect(c.anonymous().clinic(&c.slug).await, StatusCode::OK).await;
    assert!(
        profile["treatments"].as_array().unwrap().is_empty(),
        "archived treatments are not offered"
    );
    assert!(profile["professionals"].as_array().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn reception_records_an_absence_and_a_closure_and_removes_them() {
    let app = spawn_app(StoreKind::Sqlite).await;
    let c = app.clinic("sonrisa").await;
    let away = c.day();
    let day = away.at(0, 0);
    let body = json!({ "start": day.to_rfc3339(), "end": (day + chrono::Duration::days(1)).to_rfc3339(), "reason": "Congreso" });
    let reception = c.as_reception();
    let absence: Value = expect(
        reception.add_time_off(&c.professional_id, &body).await,
        StatusCode::CREATED,
    )
    .await;
    let closure: Value = expect(reception.add_time_off("clinic", &body).await, StatusCode::CREATED).await;
    let local_day = away.date();
    let free: Value = expect(
        c.anonymous()
            .availability(&c.slug, &free_between(&c.treatment_id, local_day, local_day))
            .await,
        StatusCode::OK,
    )
    .await;
    let starts = free["professionals"][0]["starts"].as_array().unwrap();
    assert!(
        starts
            .iter()
            .all(|s| s.as_str().unwrap() >= (day + chrono::Duration::days(1)).to_rfc3339().as_str())
            || starts.is_empty()
    );
    let listed: Value = expect(
        c.as_admin().time_off("clinic", &RangeQuery::default()).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(items(&listed).len(), 1, "only the closure is clinic-wide");
    for (scope, t) in [(c.professional_id.as_str(), &absence), ("clinic", &closure)] {
        let removed = reception.remove_time_off(scope, text(&t["id"])).await;
        assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    }
    let again: Value = expect(
        c.as_admin().time_off("clinic", &RangeQuery::default()).await,
        StatusCode::OK,
    )
    .await;
    assert!(items(&again).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_patient_holds_a_time_books_it_and_moves_it_and_the_dentist_sees_it() {
    let app = spawn_app(StoreKind::Sqlite).await;
    let c = app.clinic("sonrisa").await;
    let day = app.day();
    let start = day.at(16, 0);
    let hold: Value = expect(
        c.anonymous()
            .hold(&c.slug, &json!({ "treatment_id": c.treatment_id, "professional_id": c.professional_id, "start": start.to_rfc3339() }))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let mut body = c.booking_at(start);
    body["hold_id"] = hold["id"].clone();
    body["notes"] = json!("Sensibilidad en muela");
    let booked: Value = expect(c.as_patient().book(&body).await, StatusCode::CREATED).await;
    let id = text(&booked["id"]);
    let moved: Value = expect(
        c.as_patient()
            .reschedule(
                &id,
                &json!({ "start": day.at(17, 0).to_rfc3339(), "version": booked["version"] }),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        moved["start"]
            .as_str()
            .unwrap()
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap(),
        day.at(17, 0)
    );
    let from = app.today();
    let to = from + chrono::Duration::days(14);
    let agenda: Value = expect(
        c.as_dentist().calendar(&calendar_between(from, to)).await,
        StatusCode::OK,
    )
    .await;
    let ids: Vec<&str> = items(&agenda).iter().map(|b| b["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [c.booking_id.as_str(), id.as_str()], "in start order");
    assert!(items(&agenda).iter().all(|b| b["patient_name"] == "Pía Paciente"));
    let first = CalendarQuery {
        limit: Some("1".into()),
        ..calendar_between(from, to)
    };
    let page: Value = expect(c.as_reception().calendar(&first).await, StatusCode::OK).await;
    let next = CalendarQuery {
        cursor: Some(text(&page["cursor"])),
        ..first
    };
    let rest: Value = expect(c.as_reception().calendar(&next).await, StatusCode::OK).await;
    assert_eq!(items(&rest)[0]["id"], id.as_str());
    assert!(rest.get("cursor").is_none());
    let another = CalendarQuery {
        professional_id: Some(ulid::Ulid::generate().to_string()),
        ..calendar_between(from, to)
    };
    let own_only = c.as_dentist().calendar(&another).await;
    assert_eq!(own_only.status(), StatusCode::FORBIDDEN);
}
