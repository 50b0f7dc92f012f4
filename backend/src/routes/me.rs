//! `/v1/me/bookings`: a patient's own appointments, upcoming first.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use turnaki_shared::api::Page;
use turnaki_shared::api::bookings::{BookingView, MyBookingsQuery};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::bookings::views;
use super::page_params;
use crate::body::Params;
use crate::caller::Caller;
use crate::error::ApiResult;
use crate::openapi::QueryErrors;
use crate::policy::Permission;
use crate::state::App;

/// `/v1/me/bookings`.
pub fn router() -> OpenApiRouter<Arc<App>> {
    OpenApiRouter::new().routes(routes!(mine))
}

/// The signed-in patient's own appointments.
///
/// Upcoming ones soonest first, or (`past=true`) past ones newest first.
#[utoipa::path(
    get,
    path = "/v1/me/bookings",
    operation_id = "my_bookings",
    tag = "me",
    security(("bearer" = [])),
    params(MyBookingsQuery),
    responses(
        (status = 200, description = "One page of the patient's bookings.", body = Page<BookingView>),
        QueryErrors,
    )
)]
async fn mine(
    State(app): State<Arc<App>>,
    caller: Caller,
    Params(q): Params<MyBookingsQuery>,
) -> ApiResult<Json<Page<BookingView>>> {
    let tenant = caller.clinic_for(&app, Permission::ReadOwnBookings).await?;
    let patient = caller.patient_id()?;
    let (cursor, limit) = page_params(q.cursor.as_deref(), q.limit.as_deref())?;
    let (bookings, next) = app
        .engine
        .patient_bookings(&tenant, patient, q.past.unwrap_or(false), cursor, limit)
        .await?;
    Ok(Json(Page {
        items: views(&app, &caller, &tenant, bookings).await?,
        cursor: next.map(|c| c.to_string()),
    }))
}
