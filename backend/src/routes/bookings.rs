//! `/v1/bookings`: booking (with `Idempotency-Key`), the calendar, one booking, cancel,
//! reschedule, and status or notes changes.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use turnaki_shared::api::Page;
use turnaki_shared::api::bookings::{
    BookingPatch, BookingView, CalendarQuery, CancelInput, NewBooking, PatientRef, RescheduleInput,
};
use turnaki_shared::api::fields::{FieldCode, Invalid};
use turnaki_shared::booking::{BookingRequest, CalendarCursor, CalendarRange};
use turnaki_shared::domain::{Booking, Grid, Role, Tenant};
use turnaki_shared::ids::{BookingId, PatientId};
use turnaki_shared::notification::reminder_states;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::path_id;
use crate::body::{Body, OptionalBody, Params};
use crate::caller::Caller;
use crate::error::{ApiError, ApiResult};
use crate::openapi::{ConflictingChangeErrors, QueryErrors, RecordErrors};
use crate::policy::Permission;
use crate::state::App;

/// `/v1/bookings`.
pub fn router() -> OpenApiRouter<Arc<App>> {
    OpenApiRouter::new()
        .routes(routes!(calendar, create))
        .routes(routes!(read, change))
        .routes(routes!(cancel))
        .routes(routes!(reschedule))
}

/// Who a request is for: a patient acts for themselves; staff name an existing patient or
/// one new to the clinic (found by email, or created).
pub(super) async fn patient_of(
    app: &App,
    caller: &Caller,
    tenant: &Tenant,
    patient: PatientRef,
) -> ApiResult<PatientId> {
    match (patient, caller.role().is_staff()) {
        (PatientRef::Caller, false) => caller.patient_id(),
        (_, false) => Err(ApiError::Forbidden),
        (PatientRef::Caller, true) => Err(Invalid::one(
            "patient_id",
            FieldCode::Required,
            "name the patient (patient_id or patient)",
        )
        .into()),
        (PatientRef::Existing(id), true) => Ok(app.accounts.existing_patient(tenant, id).await?.id),
        (PatientRef::New { name, email, phone }, true) => {
            Ok(app.accounts.patient_for_booking(tenant, name, email, phone).await?)
        }
    }
}

/// The longest `Idempotency-Key` accepted.
const MAX_IDEMPOTENCY_KEY: usize = 100;

/// The `Idempotency-Key` header of `POST /v1/bookings`, as the document describes it (read
/// by `idempotency_key`; `max_length` is `MAX_IDEMPOTENCY_KEY`).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Header)]
pub struct IdempotencyKeyHeader {
    /// 1 to 100 visible ASCII characters; a retry with the same key gets the same booking
    /// instead of a second one.
    #[param(
        rename = "Idempotency-Key",
        required = false,
        min_length = 1,
        max_length = 100,
        pattern = "^[!-~]+$"
    )]
    pub idempotency_key: String,
}

fn idempotency_key(headers: &HeaderMap) -> ApiResult<Option<String>> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value.to_str().unwrap_or_default().trim();
    if key.is_empty() || key.len() > MAX_IDEMPOTENCY_KEY || !key.chars().all(|c| c.is_ascii_graphic()) {
        return Err(Invalid::one(
            "Idempotency-Key",
            FieldCode::Invalid,
            format!("must be 1 to {MAX_IDEMPOTENCY_KEY} visible ASCII characters"),
        )
        .into());
    }
    Ok(Some(key.to_owned()))
}

/// Books an appointment.
///
/// A patient books for themselves; staff for an existing patient (`patient_id`) or a new one
/// (`patient`). Repeating a request with the same `Idempotency-Key` returns the same booking.
#[utoipa::path(
    post,
    path = "/v1/bookings",
    operation_id = "book",
    tag = "bookings",
    security(("bearer" = [])),
    params(IdempotencyKeyHeader),
    request_body = NewBooking,
    responses(
        (status = 201, description = "The booking.", body = BookingView),
        ConflictingChangeErrors,
    )
)]
async fn create(
    State(app): State<Arc<App>>,
    caller: Caller,
    headers: HeaderMap,
    Body(req): Body<NewBooking>,
) -> ApiResult<(StatusCode, Json<BookingView>)> {
    let tenant = caller.clinic_for(&app, Permission::Book).await?;
    let key = idempotency_key(&headers)?;
    let draft = req.parse(tenant.country)?;
    let by_staff = caller.role().is_staff();
    let patient = patient_of(&app, &caller, &tenant, draft.patient).await?;
    let request = BookingRequest {
        chair_id: draft.chair_id,
        hold_id: draft.hold_id,
        notes: draft.notes,
        by_staff,
        ..BookingRequest::new(patient, draft.professional_id, draft.treatment_id, draft.start.at())
    };
    let booking = app.engine.book(&tenant, request, key.as_deref()).await?;
    let view = view(&app, &caller, &tenant, booking).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// One booking as the caller sees it.
async fn view(app: &App, caller: &Caller, tenant: &Tenant, booking: Booking) -> ApiResult<BookingView> {
    let mut one = views(app, caller, tenant, vec![booking]).await?;
    Ok(one.remove(0))
}

/// Adds patient names and reminder status for staff; patients see their own records only.
pub(super) async fn views(
    app: &App,
    caller: &Caller,
    tenant: &Tenant,
    bookings: Vec<Booking>,
) -> ApiResult<Vec<BookingView>> {
    if !caller.role().is_staff() {
        return Ok(bookings
            .into_iter()
            .map(|booking| BookingView {
                booking,
                patient_name: None,
                reminder_status: Vec::new(),
            })
            .collect());
    }
    let ids: BTreeSet<PatientId> = bookings.iter().map(|b| b.patient_id).collect();
    let patients = futures::future::try_join_all(ids.iter().map(|id| app.catalog.patient(tenant.id, *id))).await?;
    let names: HashMap<PatientId, String> = patients.into_iter().flatten().map(|p| (p.id, p.name)).collect();
    let store = app.store.as_ref();
    let reminders = futures::future::try_join_all(bookings.iter().map(|b| reminder_states(store, b))).await?;
    Ok(bookings
        .into_iter()
        .zip(reminders)
        .map(|(booking, reminder_status)| BookingView {
            patient_name: names.get(&booking.patient_id).cloned(),
            booking,
            reminder_status,
        })
        .collect())
}

/// The calendar.
///
/// Bookings starting between two days of the clinic's zone, by start time; a dentist sees
/// their own column only.
#[utoipa::path(
    get,
    path = "/v1/bookings",
    operation_id = "calendar",
    tag = "bookings",
    security(("bearer" = [])),
    params(CalendarQuery),
    responses(
        (status = 200, description = "One page of the calendar.", body = Page<BookingView>),
        QueryErrors,
    )
)]
async fn calendar(
    State(app): State<Arc<App>>,
    caller: Caller,
    Params(q): Params<CalendarQuery>,
) -> ApiResult<Json<Page<BookingView>>> {
    let tenant = caller.clinic_for(&app, Permission::ReadCalendar).await?;
    let filter = q.parse()?;
    let after = q.cursor.as_deref().map(str::parse::<CalendarCursor>).transpose()?;
    let professionals = match (caller.role(), filter.professional_id) {
        (Role::Dentist, Some(p)) if p != caller.professional_id()? => return Err(ApiError::Forbidden),
        (Role::Dentist, _) => vec![caller.professional_id()?],
        (_, Some(p)) => vec![p],
        (_, None) => app
            .catalog
            .professionals(tenant.id)
            .await?
            .iter()
            .map(|p| p.id)
            .collect(),
    };
    let grid = Grid::new(tenant.time_zone, tenant.rules.granularity());
    let range = CalendarRange {
        professionals: &professionals,
        from: grid.start_of_day(filter.from.date()),
        // An era date always has a day after it.
        to: grid.start_of_day(filter.to.day_after()),
        status: filter.status,
    };
    let (bookings, next) = app.engine.calendar(&tenant, &range, after, filter.limit).await?;
    Ok(Json(Page {
        items: views(&app, &caller, &tenant, bookings).await?,
        cursor: next.map(|c| c.to_string()),
    }))
}

/// The booking `id` if the caller may see it: their own as patient or dentist, any as
/// reception or admin. Others' are simply not found.
async fn visible(app: &App, caller: &Caller, tenant: &Tenant, id: &str) -> ApiResult<Booking> {
    let id: BookingId = path_id(id, "booking")?;
    let booking = app.engine.booking(tenant, id).await?;
    let mine = match caller.role() {
        Role::Patient => caller.patient_id()? == booking.patient_id,
        Role::Dentist => caller.professional_id()? == booking.professional_id,
        Role::Admin | Role::Reception => true,
        Role::Owner => false,
    };
    if mine {
        Ok(booking)
    } else {
        Err(ApiError::NotFound("booking"))
    }
}

/// One booking: a patient's or dentist's own, any for reception and admin.
#[utoipa::path(
    get,
    path = "/v1/bookings/{id}",
    operation_id = "read_booking",
    tag = "bookings",
    security(("bearer" = [])),
    params(("id" = BookingId, Path, description = "The booking.")),
    responses(
        (status = 200, description = "The booking.", body = BookingView),
        RecordErrors,
    )
)]
async fn read(State(app): State<Arc<App>>, caller: Caller, Path(id): Path<String>) -> ApiResult<Json<BookingView>> {
    let tenant = caller.clinic_for(&app, Permission::ReadBooking).await?;
    let booking = visible(&app, &caller, &tenant, &id).await?;
    Ok(Json(view(&app, &caller, &tenant, booking).await?))
}

/// Patients move or cancel only outside the clinic's cancellation window.
fn patient_may_move(app: &App, caller: &Caller, tenant: &Tenant, booking: &Booking) -> ApiResult<()> {
    if caller.role() == Role::Patient {
        app.engine.patient_may_move(tenant, booking)?;
    }
    Ok(())
}

/// Cancels a booking, freeing its time.
///
/// Patients cancel only outside the clinic's cancellation window. The body is optional.
#[utoipa::path(
    post,
    path = "/v1/bookings/{id}/cancel",
    operation_id = "cancel_booking",
    tag = "bookings",
    security(("bearer" = [])),
    params(("id" = BookingId, Path, description = "The booking.")),
    // A reference, not `Option<CancelInput>`: the body may be left out, but `null` is refused.
    // `openapi::base` registers the schema.
    request_body(
        content = ref("#/components/schemas/CancelInput"),
        description = "Optional: the version last read; an empty body cancels whatever the version.",
    ),
    responses(
        (status = 200, description = "The cancelled booking.", body = BookingView),
        ConflictingChangeErrors,
    )
)]
async fn cancel(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    OptionalBody(body): OptionalBody<CancelInput>,
) -> ApiResult<Json<BookingView>> {
    let tenant = caller.clinic_for(&app, Permission::MoveBooking).await?;
    let booking = visible(&app, &caller, &tenant, &id).await?;
    patient_may_move(&app, &caller, &tenant, &booking)?;
    let version = body.and_then(|b| b.version);
    let cancelled = app.engine.cancel(&tenant, booking.id, version).await?;
    Ok(Json(view(&app, &caller, &tenant, cancelled).await?))
}

/// Moves a booking to a new start.
///
/// Optionally to another professional too. Patients move only outside the clinic's
/// cancellation window.
#[utoipa::path(
    post,
    path = "/v1/bookings/{id}/reschedule",
    operation_id = "reschedule_booking",
    tag = "bookings",
    security(("bearer" = [])),
    params(("id" = BookingId, Path, description = "The booking.")),
    request_body = RescheduleInput,
    responses(
        (status = 200, description = "The moved booking.", body = BookingView),
        ConflictingChangeErrors,
    )
)]
async fn reschedule(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    Body(req): Body<RescheduleInput>,
) -> ApiResult<Json<BookingView>> {
    let tenant = caller.clinic_for(&app, Permission::MoveBooking).await?;
    let booking = visible(&app, &caller, &tenant, &id).await?;
    patient_may_move(&app, &caller, &tenant, &booking)?;
    let (start, professional) = req.parse()?;
    let moved = app
        .engine
        .reschedule(
            &tenant,
            booking.id,
            start.at(),
            professional,
            req.version,
            caller.role().is_staff(),
        )
        .await?;
    Ok(Json(view(&app, &caller, &tenant, moved).await?))
}

/// Changes a booking's status (confirmed, arrived, completed, no_show) or notes.
#[utoipa::path(
    patch,
    path = "/v1/bookings/{id}",
    operation_id = "change_booking",
    tag = "bookings",
    security(("bearer" = [])),
    params(("id" = BookingId, Path, description = "The booking.")),
    request_body = BookingPatch,
    responses(
        (status = 200, description = "The booking as changed.", body = BookingView),
        ConflictingChangeErrors,
    )
)]
async fn change(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    Body(req): Body<BookingPatch>,
) -> ApiResult<Json<BookingView>> {
    let tenant = caller.clinic_for(&app, Permission::ChangeBooking).await?;
    let booking = visible(&app, &caller, &tenant, &id).await?;
    let (status, notes) = req.parse()?;
    let changed = app
        .engine
        .change(&tenant, booking.id, status, notes, req.version)
        .await?;
    Ok(Json(view(&app, &caller, &tenant, changed).await?))
}
