//! `/v1/me/...`: a patient's own appointments, upcoming first, and whether they accept
//! text messages.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use turnaki_shared::api::Page;
use turnaki_shared::api::bookings::{BookingView, MyBookingsQuery};
use turnaki_shared::api::texts::{MyTexts, TextsChoice};
use turnaki_shared::domain::{Patient, Tenant};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::bookings::views;
use super::page_params;
use crate::body::{Body, Params};
use crate::caller::Caller;
use crate::error::ApiResult;
use crate::openapi::{ChangeErrors, QueryErrors, RecordErrors};
use crate::policy::Permission;
use crate::state::App;

/// `/v1/me/bookings` and `/v1/me/texts`.
pub fn router() -> OpenApiRouter<Arc<App>> {
    OpenApiRouter::new()
        .routes(routes!(mine))
        .routes(routes!(texts, answer_texts))
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

/// Whether the signed-in patient accepts text messages, and at which number.
#[utoipa::path(
    get,
    path = "/v1/me/texts",
    operation_id = "my_texts",
    tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The patient's text-message settings.", body = MyTexts),
        RecordErrors,
    )
)]
async fn texts(State(app): State<Arc<App>>, caller: Caller) -> ApiResult<Json<MyTexts>> {
    let tenant = caller.clinic_for(&app, Permission::AnswerTexts).await?;
    let patient = app.accounts.existing_patient(&tenant, caller.patient_id()?).await?;
    Ok(Json(my_texts(&tenant, patient)))
}

/// Accepts or stops text messages.
///
/// Consent is recorded with its time; stopping takes effect for the very next message. A
/// number written without a country code is read in the clinic's country.
#[utoipa::path(
    put,
    path = "/v1/me/texts",
    operation_id = "answer_texts",
    tag = "me",
    security(("bearer" = [])),
    request_body = TextsChoice,
    responses(
        (status = 200, description = "The patient's text-message settings as now recorded.", body = MyTexts),
        ChangeErrors,
    )
)]
async fn answer_texts(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(req): Body<TextsChoice>,
) -> ApiResult<Json<MyTexts>> {
    let tenant = caller.clinic_for(&app, Permission::AnswerTexts).await?;
    let answer = req.parse(tenant.country)?;
    let patient = app
        .accounts
        .answer_texts(&tenant, caller.patient_id()?, &answer)
        .await?;
    Ok(Json(my_texts(&tenant, patient)))
}

fn my_texts(tenant: &Tenant, patient: Patient) -> MyTexts {
    MyTexts {
        phone: patient.phone,
        consent: patient.sms,
        clinic_texts: tenant.channels.any_texts(),
    }
}
