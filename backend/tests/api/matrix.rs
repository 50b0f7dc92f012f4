//! Every role against every signed-in route, in its own clinic and with a foreign clinic's
//! ids: the policy decides in the own clinic, and a foreign id never yields data or a write.
//! The routes are the OpenAPI document's: one documented without a row here fails.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU32, Ordering};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use turnaki_backend::policy::{Permission, allows};
use turnaki_shared::domain::Role;

use turnaki_shared::api::links::ToCallQuery;
use turnaki_shared::api::paths;
use turnaki_shared::api::resources::RangeQuery;
use turnaki_testkit::client::{calendar_between, page};

use crate::helpers::{Clinic, PASSWORD, StoreKind, expect, expect_problem, spawn_app, text};
each_store_kind! {
    every_role_meets_the_policy_and_never_reaches_a_foreign_clinic,
    every_signed_in_route_refuses_a_missing_or_forged_token,
}

/// One route: how to call it with a clinic's ids, which permission it needs and what an
/// allowed call answers.
struct Route {
    method: Method,
    /// The path as the OpenAPI document spells it.
    template: &'static str,
    /// The path for a clinic; the `&str` is the id of the route's `subject`, if it has one.
    path: fn(&Clinic, &str) -> String,
    body: fn(&Clinic, Role) -> Option<Value>,
    permission: Permission,
    /// Whether the path names the clinic's records (so a foreign variant exists).
    has_ids: bool,
    /// The status every allowed call answers.
    allowed: StatusCode,
    /// A record the call uses up (removes or cancels): each allowed call gets a fresh one.
    subject: Option<Subject>,
}

/// A record a route uses up.
#[derive(Debug, Clone, Copy)]
enum Subject {
    Booking,
    Chair,
    Professional,
    Treatment,
    TimeOff,
    /// An entry of the clinic's waitlist (reception added, for a new patient).
    WaitlistEntry,
    /// The clinic's patient's own waiting entry.
    OwnWaitlistEntry,
}

/// A waitlist request for the clinic's treatment over the next two weeks.
fn wait_for(c: &Clinic) -> Value {
    json!({ "treatment_id": c.treatment_id, "earliest": c.today().to_string(),
        "latest": (c.today() + chrono::Duration::days(14)).to_string() })
}

fn none(_: &Clinic, _: Role) -> Option<Value> {
    None
}

fn routes() -> Vec<Route> {
    use Permission as P;
    const OK: StatusCode = StatusCode::OK;
    const CREATED: StatusCode = StatusCode::CREATED;
    const NO_CONTENT: StatusCode = StatusCode::NO_CONTENT;
    let r = |method, template, path, body, permission, has_ids, allowed| Route {
        method,
        template,
        path,
        body,
        permission,
        has_ids,
        allowed,
        subject: None,
    };
    let used_up = |method, template, path, permission, allowed, subject| Route {
        method,
        template,
        path,
        body: none,
        permission,
        has_ids: true,
        allowed,
        subject: Some(subject),
    };
    vec![
        r(
            Method::GET,
            "/v1/tenants",
            |_, _| paths::tenants(),
            none,
            P::ReadClinic,
            false,
            OK,
        ),
        r(
            Method::POST,
            "/v1/tenants",
            |_, _| paths::tenants(),
            |_, role| {
                Some(
                    json!({ "name": "Nueva", "slug": format!("nueva-{role}"), "time_zone": "America/Santiago",
                    "locale": "es", "admin_email": format!("admin@nueva-{role}.test"), "admin_name": "A",
                    "admin_password": PASSWORD }),
                )
            },
            P::ManageClinics,
            false,
            CREATED,
        ),
        r(
            Method::GET,
            "/v1/tenants/{id}",
            |c, _| paths::tenant(&c.tenant_id),
            none,
            P::ReadClinic,
            true,
            OK,
        ),
        r(
            Method::PATCH,
            "/v1/tenants/{id}",
            |c, _| paths::tenant(&c.tenant_id),
            |_, _| Some(json!({ "horizon_days": 60 })),
            P::UpdateClinic,
            true,
            OK,
        ),
        r(
            Method::GET,
            "/v1/treatments",
            |_, _| paths::treatments(),
            none,
            P::ReadCatalog,
            false,
            OK,
        ),
        r(
            Method::POST,
            "/v1/treatments",
            |_, _| paths::treatments(),
            |_, _| Some(json!({ "name": "Control", "duration_minutes": 20, "price_minor": 1, "currency": "CLP" })),
            P::EditCatalog,
            false,
            CREATED,
        ),
        r(
            Method::GET,
            "/v1/treatments/{id}",
            |c, _| paths::treatment(&c.treatment_id),
            none,
            P::ReadCatalog,
            true,
            OK,
        ),
        r(
            Method::PATCH,
            "/v1/treatments/{id}",
            |c, _| paths::treatment(&c.treatment_id),
            |_, _| Some(json!({ "buffer_minutes": 0 })),
            P::EditCatalog,
            true,
            OK,
        ),
        r(
            Method::GET,
            "/v1/professionals",
            |_, _| paths::professionals(),
            none,
            P::ReadCatalog,
            false,
            OK,
        ),
        r(
            Method::POST,
            "/v1/professionals",
            |_, _| paths::professionals(),
            |_, _| Some(json!({ "name": "Dr. Nuevo" })),
            P::EditCatalog,
            false,
            CREATED,
        ),
        r(
            Method::GET,
            "/v1/professionals/{id}",
            |c, _| paths::professional(&c.professional_id),
            none,
            P::ReadCatalog,
            true,
            OK,
        ),
        r(
            Method::PATCH,
            "/v1/professionals/{id}",
            |c, _| paths::professional(&c.professional_id),
            |_, _| Some(json!({ "specialty": "General" })),
            P::EditCatalog,
            true,
            OK,
        ),
        r(
            Method::GET,
            "/v1/professionals/{id}/time-off",
            |c, _| paths::time_off(&c.professional_id),
            none,
            P::ReadCatalog,
            true,
            OK,
        ),
        r(
            Method::POST,
            "/v1/professionals/{id}/time-off",
            |c, _| paths::time_off(&c.professional_id),
            |_, _| {
                Some(json!({ "start": "2027-09-18T00:00:00-03:00", "end": "2027-09-19T00:00:00-03:00", "reason": "x" }))
            },
            P::ManageTimeOff,
            true,
            CREATED,
        ),
        r(
            Method::GET,
            "/v1/chairs",
            |_, _| paths::chairs(),
            none,
            P::ReadCatalog,
            false,
            OK,
        ),
        r(
            Method::POST,
            "/v1/chairs",
            |_, _| paths::chairs(),
            |_, _| Some(json!({ "name": "Box 9" })),
            P::ManageChairs,
            false,
            CREATED,
        ),
        r(
            Method::PATCH,
            "/v1/chairs/{id}",
            |c, _| paths::chair(&c.chair_id),
            |_, _| Some(json!({ "name": "Box 1" })),
            P::ManageChairs,
            true,
            OK,
        ),
        r(
            Method::GET,
            "/v1/users",
            |_, _| paths::users(),
            none,
            P::ManageStaff,
            false,
            OK,
        ),
        r(
            Method::POST,
            "/v1/users",
            |_, _| paths::users(),
            |c, role| {
                Some(
                    json!({ "email": format!("staff-{role}@{}.test", c.slug), "name": "R", "role": "reception",
                    "password": PASSWORD }),
                )
            },
            P::ManageStaff,
            false,
            CREATED,
        ),
        r(
            Method::POST,
            "/v1/bookings",
            |_, _| paths::bookings(),
            |c, role| {
                let mut body = c.booking_at(c.day().at(10, 0));
                if role.is_staff() {
                    body["patient_id"] = json!(c.patient_id);
                }
                Some(body)
            },
            P::Book,
            true,
            CREATED,
        ),
        r(
            Method::GET,
            "/v1/bookings",
            |c, _| {
                let from = c.today();
                let calendar = calendar_between(from, from + chrono::Duration::days(20));
                paths::with_query(paths::bookings(), &calendar)
            },
            none,
            P::ReadCalendar,
            false,
            OK,
        ),
        r(
            Method::GET,
            "/v1/bookings/{id}",
            |c, _| paths::booking(&c.booking_id),
            none,
            P::ReadBooking,
            true,
            OK,
        ),
        r(
            Method::PATCH,
            "/v1/bookings/{id}",
            |c, _| paths::booking(&c.booking_id),
            |_, _| Some(json!({ "notes": "ok" })),
            P::ChangeBooking,
            true,
            OK,
        ),
        r(
            Method::POST,
            "/v1/bookings/{id}/reschedule",
            |c, _| paths::reschedule(&c.booking_id),
            |c, _| Some(json!({ "start": c.day().at(10, 30).to_rfc3339() })),
            P::MoveBooking,
            true,
            OK,
        ),
        r(
            Method::GET,
            "/v1/me/bookings",
            |_, _| paths::my_bookings(),
            none,
            P::ReadOwnBookings,
            false,
            OK,
        ),
        r(
            Method::GET,
            "/v1/me/texts",
            |_, _| paths::my_texts(),
            none,
            P::AnswerTexts,
            false,
            OK,
        ),
        r(
            Method::PUT,
            "/v1/me/texts",
            |_, _| paths::my_texts(),
            |_, _| Some(json!({ "accept": true, "phone": "+56 9 6123 4567" })),
            P::AnswerTexts,
            false,
            OK,
        ),
        r(
            Method::GET,
            "/v1/usage",
            |_, _| paths::usage(),
            none,
            P::ReadUsage,
            false,
            OK,
        ),
        r(
            Method::GET,
            "/v1/outbox",
            |_, _| paths::outbox(),
            none,
            P::ReadOutbox,
            false,
            OK,
        ),
        r(
            Method::GET,
            "/v1/to-call",
            |c, _| {
                let day = ToCallQuery {
                    date: Some((c.today() + chrono::Duration::days(2)).to_string()),
                };
                paths::with_query(paths::to_call(), &day)
            },
            none,
            P::CallPatients,
            false,
            OK,
        ),
        r(
            Method::POST,
            "/v1/bookings/{id}/called",
            |c, _| paths::called(&c.booking_id),
            none,
            P::CallPatients,
            true,
            OK,
        ),
        r(
            Method::GET,
            "/v1/me/waitlist",
            |_, _| paths::my_waitlist(),
            none,
            P::JoinWaitlist,
            false,
            OK,
        ),
        r(
            Method::POST,
            "/v1/me/waitlist",
            |_, _| paths::my_waitlist(),
            |c, _| Some(wait_for(c)),
            P::JoinWaitlist,
            false,
            CREATED,
        ),
        r(
            Method::GET,
            "/v1/figures",
            |_, _| paths::figures(),
            none,
            P::ReadFigures,
            false,
            OK,
        ),
        r(
            Method::GET,
            "/v1/recalls",
            |_, _| paths::recalls(),
            none,
            P::ReadRecalls,
            false,
            OK,
        ),
        r(
            Method::GET,
            "/v1/waitlist",
            |_, _| paths::waitlist(),
            none,
            P::ReadWaitlist,
            false,
            OK,
        ),
        r(
            Method::POST,
            "/v1/waitlist",
            |_, _| paths::waitlist(),
            |c, role| {
                let mut body = wait_for(c);
                body["patient"] = json!({ "name": "Por teléfono", "email": format!("phone-{role}@{}.test", c.slug) });
                Some(body)
            },
            P::ManageWaitlist,
            false,
            CREATED,
        ),
        used_up(
            Method::DELETE,
            "/v1/waitlist/{id}",
            |_, id| paths::waitlist_entry(id),
            P::ManageWaitlist,
            OK,
            Subject::WaitlistEntry,
        ),
        used_up(
            Method::DELETE,
            "/v1/me/waitlist/{id}",
            |_, id| paths::my_waitlist_entry(id),
            P::JoinWaitlist,
            OK,
            Subject::OwnWaitlistEntry,
        ),
        Route {
            body: |_, _| Some(json!({})),
            ..used_up(
                Method::POST,
                "/v1/bookings/{id}/cancel",
                |_, id| paths::cancel(id),
                P::MoveBooking,
                OK,
                Subject::Booking,
            )
        },
        used_up(
            Method::DELETE,
            "/v1/chairs/{id}",
            |_, id| paths::chair(id),
            P::ManageChairs,
            NO_CONTENT,
            Subject::Chair,
        ),
        used_up(
            Method::DELETE,
            "/v1/professionals/{id}/time-off/{time_off_id}",
            |c, id| paths::time_off_period(&c.professional_id, id),
            P::ManageTimeOff,
            NO_CONTENT,
            Subject::TimeOff,
        ),
        used_up(
            Method::DELETE,
            "/v1/professionals/{id}",
            |_, id| paths::professional(id),
            P::EditCatalog,
            NO_CONTENT,
            Subject::Professional,
        ),
        used_up(
            Method::DELETE,
            "/v1/treatments/{id}",
            |_, id| paths::treatment(id),
            P::EditCatalog,
            NO_CONTENT,
            Subject::Treatment,
        ),
    ]
}

const ROLES: [Role; 5] = [Role::Owner, Role::Admin, Role::Reception, Role::Dentist, Role::Patient];

/// Every operation of the OpenAPI document that needs a signed-in caller, as
/// `METHOD /path/{param}`.
fn documented_signed_in_routes() -> BTreeSet<String> {
    let document: Value = serde_json::from_str(
        &turnaki_backend::app::openapi()
            .to_json()
            .expect("the document serialises"),
    )
    .expect("the document is JSON");
    let mut found = BTreeSet::new();
    for (path, operations) in document["paths"].as_object().expect("paths") {
        for (method, operation) in operations.as_object().expect("operations") {
            if operation["security"].as_array().is_some_and(|s| !s.is_empty()) {
                found.insert(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    found
}

#[test]
fn the_matrix_has_exactly_the_documents_signed_in_routes() {
    let documented = documented_signed_in_routes();
    let rows: Vec<String> = routes()
        .iter()
        .map(|route| format!("{} {}", route.method, route.template))
        .collect();
    let matrix: BTreeSet<String> = rows.iter().cloned().collect();
    assert_eq!(rows.len(), matrix.len(), "a route has two rows: {rows:?}");
    let missing: Vec<_> = documented.difference(&matrix).collect();
    let unknown: Vec<_> = matrix.difference(&documented).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "signed-in routes without a matrix row: {missing:?}; rows the document does not have: {unknown:?}"
    );
    assert!(!documented.is_empty(), "the document has no signed-in routes");
}

#[tokio::test]
async fn every_row_calls_the_path_its_template_names() {
    let app = spawn_app(StoreKind::Sqlite).await;
    let clinic = app.clinic("sonrisa").await;
    for route in routes() {
        let path = (route.path)(&clinic, "01ARZ3NDEKTSV4RRFFQ69G5FAV");
        let path = path.split('?').next().expect("a path");
        let (got, want): (Vec<_>, Vec<_>) = (path.split('/').collect(), route.template.split('/').collect());
        assert_eq!(got.len(), want.len(), "{path} is not {}", route.template);
        for (g, w) in got.iter().zip(&want) {
            assert!(
                g == w || (w.starts_with('{') && !g.is_empty()),
                "{path} is not {}",
                route.template
            );
        }
    }
}

/// A fresh record for a route that uses one up, made by the clinic's admin; its id.
async fn fresh(c: &Clinic, subject: Subject) -> String {
    static MADE: AtomicU32 = AtomicU32::new(0);
    let n = MADE.fetch_add(1, Ordering::Relaxed);
    let admin = c.as_admin();
    let made = match subject {
        Subject::Booking => {
            let mut body = c.booking_at(c.day().at(10, 0));
            body["patient_id"] = json!(c.patient_id);
            admin.book(&body).await
        }
        Subject::Chair => admin.create_chair(&json!({ "name": format!("Box fresh {n}") })).await,
        Subject::Professional => {
            admin
                .create_professional(&json!({ "name": format!("Dr. Fresh {n}") }))
                .await
        }
        Subject::Treatment => admin
            .create_treatment(
                &json!({ "name": format!("Fresh {n}"), "duration_minutes": 20, "price_minor": 1, "currency": "CLP" }),
            )
            .await,
        Subject::TimeOff => admin
            .add_time_off(
                &c.professional_id,
                &json!({ "start": "2027-10-18T00:00:00-03:00", "end": "2027-10-19T00:00:00-03:00", "reason": "fresh" }),
            )
            .await,
        Subject::WaitlistEntry => {
            let mut body = wait_for(c);
            body["patient"] = json!({ "name": "Fresh", "email": format!("fresh-{n}@{}.test", c.slug) });
            c.as_reception().add_to_waitlist(&body).await
        }
        Subject::OwnWaitlistEntry => return own_waiting_entry(c).await,
    };
    let made: Value = expect(made, StatusCode::CREATED).await;
    text(&made["id"])
}

/// The patient's waiting entry: joined now, or the one that already waits (a patient waits
/// once per treatment).
async fn own_waiting_entry(c: &Clinic) -> String {
    let patient = c.as_patient();
    let joined = patient.join_waitlist(&wait_for(c)).await;
    if joined.status() == StatusCode::CREATED {
        let entry: Value = joined.json().await.expect("an entry");
        return text(&entry["id"]);
    }
    expect_problem(joined, StatusCode::CONFLICT, "already_waiting").await;
    let mine: Value = expect(patient.my_waitlist().await, StatusCode::OK).await;
    let waiting = mine
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["status"] == "waiting");
    text(&waiting.expect("a waiting entry")["id"])
}

/// The records of a clinic that refused and foreign calls name, and that must stay.
struct Standing {
    time_off: String,
    entry: String,
    own_entry: String,
}

impl Standing {
    /// A clinic whose calls are refused or foreign: its records stay as they are.
    async fn of(c: &Clinic, own_entry: bool) -> Self {
        let entry = fresh(c, Subject::WaitlistEntry).await;
        Self {
            time_off: fresh(c, Subject::TimeOff).await,
            // The clinic whose patient joins in the matrix must not be waiting already.
            own_entry: if own_entry {
                own_waiting_entry(c).await
            } else {
                entry.clone()
            },
            entry,
        }
    }
}

/// The id a foreign or unsigned call names for `subject`: the clinic's standing record.
fn standing(c: &Clinic, subject: Option<Subject>, standing: &Standing) -> String {
    let time_off_id = standing.time_off.as_str();
    match subject {
        None => String::new(),
        Some(Subject::WaitlistEntry) => standing.entry.clone(),
        Some(Subject::OwnWaitlistEntry) => standing.own_entry.clone(),
        Some(Subject::Booking) => c.booking_id.clone(),
        Some(Subject::Chair) => c.chair_id.clone(),
        Some(Subject::Professional) => c.professional_id.clone(),
        Some(Subject::Treatment) => c.treatment_id.clone(),
        Some(Subject::TimeOff) => time_off_id.to_owned(),
    }
}

async fn every_role_meets_the_policy_and_never_reaches_a_foreign_clinic(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let ours = app.clinic("sonrisa").await;
    let theirs = app.clinic("norte").await;
    let their_standing = Standing::of(&theirs, true).await;
    let our_standing = Standing::of(&ours, false).await;
    let their_time_off = their_standing.time_off.clone();
    let mut checked = 0;
    for route in routes() {
        for role in ROLES {
            let token = ours.token(role.as_str());
            let foreign_path = (route.path)(&theirs, &standing(&theirs, route.subject, &their_standing));
            if route.has_ids && !(role == Role::Owner && foreign_path.starts_with(&paths::tenants())) {
                // Foreign first: it must not change anything the own-clinic call then sees.
                let answer = app
                    .by(token)
                    .call(
                        route.method.clone(),
                        &foreign_path,
                        (route.body)(&theirs, role).as_ref(),
                    )
                    .await;
                let status = answer.status();
                assert!(
                    matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND)
                        // Booking with a foreign clinic's ids in the body: its patient is unknown here.
                        || (status == StatusCode::UNPROCESSABLE_ENTITY && foreign_path == paths::bookings()),
                    "{role} {} {foreign_path} on a foreign clinic answered {status}: {}",
                    route.method,
                    answer.text().await.unwrap()
                );
            }
            let allowed = allows(role, route.permission);
            let subject = match route.subject {
                Some(subject) if allowed => fresh(&ours, subject).await,
                // Refused: on the clinic's standing record, which must stay.
                other => standing(&ours, other, &our_standing),
            };
            let path = (route.path)(&ours, &subject);
            let answer = app
                .by(token)
                .call(route.method.clone(), &path, (route.body)(&ours, role).as_ref())
                .await;
            let status = answer.status();
            if allowed {
                assert_eq!(
                    status,
                    route.allowed,
                    "{role} {} {path} is allowed but answered {status}: {}",
                    route.method,
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
    let booking: Value = expect(theirs.as_reception().booking(&theirs.booking_id).await, StatusCode::OK).await;
    assert_eq!(
        (booking["status"].as_str(), booking["notes"].as_str()),
        (Some("confirmed"), Some(""))
    );
    let treatment: Value = expect(theirs.as_admin().treatment(&theirs.treatment_id).await, StatusCode::OK).await;
    assert_eq!(
        (treatment["active"].as_bool(), treatment["buffer_minutes"].as_u64()),
        (Some(true), Some(0))
    );
    let clinic: Value = expect(theirs.as_admin().tenant(&theirs.tenant_id).await, StatusCode::OK).await;
    assert_eq!(clinic["rules"]["horizon_days"], 90);
    let time_off: Value = expect(
        theirs
            .as_admin()
            .time_off(&theirs.professional_id, &RangeQuery::default())
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        time_off["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|t| t["id"] == their_time_off.as_str()),
        "the foreign clinic's time off is gone: {time_off}"
    );
    let waiting: Value = expect(theirs.as_reception().waitlist(&page(200, None)).await, StatusCode::OK).await;
    let still = |id: &str| {
        waiting["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|e| e["id"] == id && e["status"] == "waiting")
    };
    assert!(
        still(&their_standing.entry) && still(&their_standing.own_entry),
        "the foreign clinic's waitlist changed: {waiting}"
    );
}

async fn every_signed_in_route_refuses_a_missing_or_forged_token(kind: StoreKind) {
    let app = spawn_app(kind).await;
    let clinic = app.clinic("sonrisa").await;
    let forged = {
        let mut parts: Vec<String> = clinic.patient.split('.').map(str::to_owned).collect();
        parts[2] = parts[2].chars().rev().collect();
        parts.join(".")
    };
    let standing_records = Standing::of(&clinic, false).await;
    for route in routes() {
        let path = (route.path)(&clinic, &standing(&clinic, route.subject, &standing_records));
        for token in [None, Some(forged.as_str()), Some("not-a-jwt")] {
            let answer = app
                .with_token(token)
                .call(route.method.clone(), &path, (route.body)(&clinic, Role::Admin).as_ref())
                .await;
            expect_problem(answer, StatusCode::UNAUTHORIZED, "unauthenticated").await;
        }
    }
}
