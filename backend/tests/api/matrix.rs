//! Every role against every signed-in route, in its own clinic and with a foreign clinic's
//! ids: the policy decides in the own clinic, and a foreign id never yields data or a write.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use turnaki_backend::policy::{Permission, allows};
use turnaki_shared::domain::Role;

use crate::helpers::{Clinic, PASSWORD, StoreKind, expect_problem, spawn_app};

/// One route: how to call it with a clinic's ids, and which permission it needs.
struct Route {
    method: Method,
    path: fn(&Clinic) -> String,
    body: fn(&Clinic, Role) -> Option<Value>,
    permission: Permission,
    /// Whether the path names the clinic's records (so a foreign variant exists).
    has_ids: bool,
}

fn none(_: &Clinic, _: Role) -> Option<Value> {
    None
}

fn routes() -> Vec<Route> {
    use Permission as P;
    let r = |method, path, body, permission, has_ids| Route {
        method,
        path,
        body,
        permission,
        has_ids,
    };
    vec![
        r(Method::GET, |_| "/v1/tenants".into(), none, P::ReadClinic, false),
        r(
            Method::POST,
            |_| "/v1/tenants".into(),
            |_, role| {
                Some(
                    json!({ "name": "Nueva", "slug": format!("nueva-{role}"), "time_zone": "America/Santiago",
                    "locale": "es", "admin_email": format!("admin@nueva-{role}.test"), "admin_name": "A",
                    "admin_password": PASSWORD }),
                )
            },
            P::ManageClinics,
            false,
        ),
        r(
            Method::GET,
            |c| format!("/v1/tenants/{}", c.tenant_id),
            none,
            P::ReadClinic,
            true,
        ),
        r(
            Method::PATCH,
            |c| format!("/v1/tenants/{}", c.tenant_id),
            |_, _| Some(json!({ "horizon_days": 60 })),
            P::UpdateClinic,
            true,
        ),
        r(Method::GET, |_| "/v1/treatments".into(), none, P::ReadCatalog, false),
        r(
            Method::POST,
            |_| "/v1/treatments".into(),
            |_, _| Some(json!({ "name": "Control", "duration_minutes": 20, "price_minor": 1, "currency": "CLP" })),
            P::EditCatalog,
            false,
        ),
        r(
            Method::GET,
            |c| format!("/v1/treatments/{}", c.treatment_id),
            none,
            P::ReadCatalog,
            true,
        ),
        r(
            Method::PATCH,
            |c| format!("/v1/treatments/{}", c.treatment_id),
            |_, _| Some(json!({ "buffer_minutes": 0 })),
            P::EditCatalog,
            true,
        ),
        r(Method::GET, |_| "/v1/professionals".into(), none, P::ReadCatalog, false),
        r(
            Method::POST,
            |_| "/v1/professionals".into(),
            |_, _| Some(json!({ "name": "Dr. Nuevo" })),
            P::EditCatalog,
            false,
        ),
        r(
            Method::GET,
            |c| format!("/v1/professionals/{}", c.professional_id),
            none,
            P::ReadCatalog,
            true,
        ),
        r(
            Method::PATCH,
            |c| format!("/v1/professionals/{}", c.professional_id),
            |_, _| Some(json!({ "specialty": "General" })),
            P::EditCatalog,
            true,
        ),
        r(
            Method::GET,
            |c| format!("/v1/professionals/{}/time-off", c.professional_id),
            none,
            P::ReadCatalog,
            true,
        ),
        r(
            Method::POST,
            |c| format!("/v1/professionals/{}/time-off", c.professional_id),
            |_, _| {
                Some(json!({ "start": "2027-09-18T00:00:00-03:00", "end": "2027-09-19T00:00:00-03:00", "reason": "x" }))
            },
            P::ManageTimeOff,
            true,
        ),
        r(Method::GET, |_| "/v1/chairs".into(), none, P::ReadCatalog, false),
        r(
            Method::POST,
            |_| "/v1/chairs".into(),
            |_, _| Some(json!({ "name": "Box 9" })),
            P::ManageChairs,
            false,
        ),
        r(
            Method::PATCH,
            |c| format!("/v1/chairs/{}", c.chair_id),
            |_, _| Some(json!({ "name": "Box 1" })),
            P::ManageChairs,
            true,
        ),
        r(Method::GET, |_| "/v1/users".into(), none, P::ManageStaff, false),
        r(
            Method::POST,
            |_| "/v1/users".into(),
            |c, role| {
                Some(
                    json!({ "email": format!("staff-{role}@{}.test", c.slug), "name": "R", "role": "reception",
                    "password": PASSWORD }),
                )
            },
            P::ManageStaff,
            false,
        ),
        r(
            Method::POST,
            |_| "/v1/bookings".into(),
            |c, role| {
                let mut body = c.booking_at(c.day().at(10, 0));
                if role.is_staff() {
                    body["patient_id"] = json!(c.patient_id);
                }
                Some(body)
            },
            P::Book,
            true,
        ),
        r(
            Method::GET,
            |c| {
                let from = c.today();
                format!("/v1/bookings?from={from}&to={}", from + chrono::Duration::days(20))
            },
            none,
            P::ReadCalendar,
            false,
        ),
        r(
            Method::GET,
            |c| format!("/v1/bookings/{}", c.booking_id),
            none,
            P::ReadBooking,
            true,
        ),
        r(
            Method::PATCH,
            |c| format!("/v1/bookings/{}", c.booking_id),
            |_, _| Some(json!({ "notes": "ok" })),
            P::ChangeBooking,
            true,
        ),
        r(
            Method::POST,
            |c| format!("/v1/bookings/{}/reschedule", c.booking_id),
            |c, _| Some(json!({ "start": c.day().at(10, 30).to_rfc3339() })),
            P::MoveBooking,
            true,
        ),
        r(
            Method::GET,
            |_| "/v1/me/bookings".into(),
            none,
            P::ReadOwnBookings,
            false,
        ),
        r(Method::GET, |_| "/v1/usage".into(), none, P::ReadUsage, false),
        // Last: these change what the routes above read.
        r(
            Method::POST,
            |c| format!("/v1/bookings/{}/cancel", c.booking_id),
            |_, _| Some(json!({})),
            P::MoveBooking,
            true,
        ),
        r(
            Method::DELETE,
            |c| format!("/v1/chairs/{}", c.chair_id),
            none,
            P::ManageChairs,
            true,
        ),
        r(
            Method::DELETE,
            |c| format!("/v1/professionals/{}", c.professional_id),
            none,
            P::EditCatalog,
            true,
        ),
        r(
            Method::DELETE,
            |c| format!("/v1/treatments/{}", c.treatment_id),
            none,
            P::EditCatalog,
            true,
        ),
    ]
}

const ROLES: [Role; 5] = [Role::Owner, Role::Admin, Role::Reception, Role::Dentist, Role::Patient];

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_role_meets_the_policy_and_never_reaches_a_foreign_clinic() {
    let app = spawn_app(StoreKind::Sqlite).await;
    let ours = app.clinic("sonrisa").await;
    let theirs = app.clinic("norte").await;
    let mut checked = 0;
    for route in routes() {
        for role in ROLES {
            let token = ours.token(role.as_str());
            if route.has_ids && !(role == Role::Owner && (route.path)(&theirs).starts_with("/v1/tenants")) {
                // Foreign first: it must not change anything the own-clinic call then sees.
                let answer = app
                    .call(
                        route.method.clone(),
                        &(route.path)(&theirs),
                        Some(token),
                        (route.body)(&theirs, role).as_ref(),
                    )
                    .await;
                let status = answer.status();
                assert!(
                    matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND)
                        // Booking with a foreign clinic's ids in the body: its patient is unknown here.
                        || (status == StatusCode::UNPROCESSABLE_ENTITY && (route.path)(&theirs) == "/v1/bookings"),
                    "{role} {} {} on a foreign clinic answered {status}: {}",
                    route.method,
                    (route.path)(&theirs),
                    answer.text().await.unwrap()
                );
            }
            let answer = app
                .call(
                    route.method.clone(),
                    &(route.path)(&ours),
                    Some(token),
                    (route.body)(&ours, role).as_ref(),
                )
                .await;
            let status = answer.status();
            let label = format!("{role} {} {}", route.method, (route.path)(&ours));
            if allows(role, route.permission) {
                assert!(
                    !matches!(status.as_u16(), 401 | 403 | 404) && !status.is_server_error(),
                    "{label} is allowed but answered {status}: {}",
                    answer.text().await.unwrap()
                );
            } else {
                expect_problem(answer, StatusCode::FORBIDDEN, "forbidden").await;
            }
            checked += 1;
        }
    }
    assert_eq!(checked, routes().len() * ROLES.len());
    // Nothing of the foreign clinic changed.
    let booking: Value = crate::helpers::expect(
        app.get(&format!("/v1/bookings/{}", theirs.booking_id), Some(&theirs.reception))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (booking["status"].as_str(), booking["notes"].as_str()),
        (Some("confirmed"), Some(""))
    );
    let treatment: Value = crate::helpers::expect(
        app.get(&format!("/v1/treatments/{}", theirs.treatment_id), Some(&theirs.admin))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (treatment["active"].as_bool(), treatment["buffer_minutes"].as_u64()),
        (Some(true), Some(0))
    );
    let clinic: Value = crate::helpers::expect(
        app.get(&format!("/v1/tenants/{}", theirs.tenant_id), Some(&theirs.admin))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(clinic["rules"]["horizon_days"], 90);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_signed_in_route_refuses_a_missing_or_forged_token() {
    let app = spawn_app(StoreKind::Sqlite).await;
    let clinic = app.clinic("sonrisa").await;
    let forged = {
        let mut parts: Vec<String> = clinic.patient.split('.').map(str::to_owned).collect();
        parts[2] = parts[2].chars().rev().collect();
        parts.join(".")
    };
    for route in routes() {
        for token in [None, Some(forged.as_str()), Some("not-a-jwt")] {
            let answer = app
                .call(
                    route.method.clone(),
                    &(route.path)(&clinic),
                    token,
                    (route.body)(&clinic, Role::Admin).as_ref(),
                )
                .await;
            expect_problem(answer, StatusCode::UNAUTHORIZED, "unauthenticated").await;
        }
    }
}
