//! Reception's to-call list: a day's appointments whose patients have not confirmed from
//! their messages, with each patient's phone, and the record that someone called.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use turnaki_shared::api::bookings::BookingView;
use turnaki_shared::api::links::{ToCallEntry, ToCallList, ToCallQuery};
use turnaki_shared::ids::BookingId;
use turnaki_shared::links::desk::{to_call, tomorrow};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::bookings::views;
use super::path_id;
use crate::body::Params;
use crate::caller::Caller;
use crate::error::ApiResult;
use crate::openapi::{ConflictingChangeErrors, QueryErrors};
use crate::policy::Permission;
use crate::state::App;

/// `/v1/to-call` and `/v1/bookings/{id}/called`.
pub fn router() -> OpenApiRouter<Arc<App>> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(called))
}

/// The patients to phone: a day's appointments still unconfirmed by their patients.
///
/// Tomorrow on the clinic's calendar unless `date` names another day. Pending and
/// confirmed appointments only, by start, each with its last recorded call.
#[utoipa::path(
    get,
    path = "/v1/to-call",
    operation_id = "to_call",
    tag = "calls",
    security(("bearer" = [])),
    params(ToCallQuery),
    responses(
        (status = 200, description = "The day and its appointments to phone about.", body = ToCallList),
        QueryErrors,
    )
)]
async fn list(
    State(app): State<Arc<App>>,
    caller: Caller,
    Params(q): Params<ToCallQuery>,
) -> ApiResult<Json<ToCallList>> {
    let tenant = caller.clinic_for(&app, Permission::CallPatients).await?;
    let date = q.parse()?.unwrap_or_else(|| tomorrow(&tenant, app.engine.now()));
    let items = to_call(&app.engine, &tenant, date)
        .await?
        .into_iter()
        .map(|line| ToCallEntry {
            booking_id: line.booking.id,
            version: line.booking.version,
            start: line.booking.start,
            professional_id: line.booking.professional_id,
            treatment_id: line.booking.treatment_id,
            status: line.booking.status,
            patient_name: line.patient.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
            phone: line
                .patient
                .as_ref()
                .and_then(|p| p.phone.as_ref())
                .map(ToString::to_string),
            email: line.patient.as_ref().map(|p| p.email.to_string()).unwrap_or_default(),
            called: line.booking.called,
        })
        .collect();
    Ok(Json(ToCallList { date, items }))
}

/// Records that the caller phoned the patient about this appointment (who and when).
///
/// Calling again replaces the record with the newer call. No body.
#[utoipa::path(
    post,
    path = "/v1/bookings/{id}/called",
    operation_id = "record_call",
    tag = "calls",
    security(("bearer" = [])),
    params(("id" = BookingId, Path, description = "The booking.")),
    responses(
        (status = 200, description = "The booking with the call recorded.", body = BookingView),
        ConflictingChangeErrors,
    )
)]
async fn called(State(app): State<Arc<App>>, caller: Caller, Path(id): Path<String>) -> ApiResult<Json<BookingView>> {
    let tenant = caller.clinic_for(&app, Permission::CallPatients).await?;
    let id: BookingId = path_id(&id, "booking")?;
    let booking = app
        .engine
        .record_call(&tenant, id, caller.0.subject.clone(), caller.role())
        .await?;
    let mut one = views(&app, &caller, &tenant, vec![booking]).await?;
    Ok(Json(one.remove(0)))
}
