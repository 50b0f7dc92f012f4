//! `/v1/me/waitlist` (a patient's own entries: list, join, leave) and `/v1/waitlist`
//! (staff: the clinic's list with its offers, a patient added by phone, an entry removed).
//! Offers are made by the event worker, not here.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use turnaki_shared::api::Page;
use turnaki_shared::api::waitlist::{JoinWaitlist, OfferView, WaitlistEntryView, weekday_name};
use turnaki_shared::domain::{EntryState, Patient, Tenant};
use turnaki_shared::ids::WaitlistEntryId;
use turnaki_shared::waitlist::{EntryWithOffers, JoinRequest};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::bookings::patient_of;
use super::{PageQuery, page_params, path_id};
use crate::body::{Body, Params};
use crate::caller::Caller;
use crate::error::ApiResult;
use crate::openapi::{ConflictingChangeErrors, QueryErrors, RecordErrors};
use crate::policy::Permission;
use crate::state::App;

/// `/v1/me/waitlist` and `/v1/waitlist`.
pub fn router() -> OpenApiRouter<Arc<App>> {
    OpenApiRouter::new()
        .routes(routes!(mine, join))
        .routes(routes!(leave))
        .routes(routes!(list, add))
        .routes(routes!(remove))
}

/// An entry as lists show it; `patient` only on staff lists.
fn entry_view(app: &App, tenant: &Tenant, listed: EntryWithOffers, patient: Option<Patient>) -> WaitlistEntryView {
    let EntryWithOffers { entry, offers } = listed;
    WaitlistEntryView {
        id: entry.id,
        patient_id: entry.patient_id,
        patient_name: patient.as_ref().map(|p| p.name.clone()),
        patient_phone: patient.and_then(|p| p.phone).map(|p| p.to_string()),
        treatment_id: entry.wish.treatment_id,
        professional_id: entry.wish.professional_id,
        earliest: entry.wish.earliest,
        latest: entry.wish.latest,
        weekdays: entry
            .wish
            .weekdays
            .iter()
            .map(|d| weekday_name(*d).to_owned())
            .collect(),
        part_of_day: entry.wish.part_of_day,
        joined_at: entry.joined_at,
        by_staff: entry.by_staff,
        status: entry.status_on(app.waitlist.today(tenant)),
        booking_id: match entry.state {
            EntryState::Booked { booking_id, .. } => Some(booking_id),
            _ => None,
        },
        offers: offers
            .into_iter()
            .map(|o| OfferView {
                id: o.id,
                professional_id: o.professional_id,
                start: o.start,
                end: o.end,
                made_at: o.made_at,
                held_until: o.held_until,
                outcome: o.outcome,
            })
            .collect(),
    }
}

async fn with_offers(
    app: &App,
    tenant: &Tenant,
    entry: turnaki_shared::domain::WaitlistEntry,
) -> ApiResult<EntryWithOffers> {
    let offers = app.waitlist.offers_of(tenant, &entry).await?;
    Ok(EntryWithOffers { entry, offers })
}

async fn joined(app: &App, caller: &Caller, tenant: &Tenant, req: &JoinWaitlist) -> ApiResult<WaitlistEntryView> {
    let draft = req.parse(tenant.country)?;
    let patient = patient_of(app, caller, tenant, draft.patient).await?;
    let request = JoinRequest {
        patient_id: patient,
        wish: draft.wish,
        by_staff: caller.role().is_staff(),
    };
    let entry = app.waitlist.join(tenant, request).await?;
    let shown = caller.role().is_staff().then_some(patient);
    let patient = match shown {
        Some(id) => app.catalog.patient(tenant.id, id).await?,
        None => None,
    };
    let listed = EntryWithOffers {
        entry,
        offers: Vec::new(),
    };
    Ok(entry_view(app, tenant, listed, patient))
}

/// The signed-in patient's waitlist entries, in the order they joined, with their offers.
#[utoipa::path(
    get,
    path = "/v1/me/waitlist",
    operation_id = "my_waitlist",
    tag = "waitlist",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every entry of the patient, whatever its status.", body = Vec<WaitlistEntryView>),
        RecordErrors,
    )
)]
async fn mine(State(app): State<Arc<App>>, caller: Caller) -> ApiResult<Json<Vec<WaitlistEntryView>>> {
    let tenant = caller.clinic_for(&app, Permission::JoinWaitlist).await?;
    let patient = caller.patient_id()?;
    let mut views = Vec::new();
    for entry in app.waitlist.of_patient(&tenant, patient).await? {
        let listed = with_offers(&app, &tenant, entry).await?;
        views.push(entry_view(&app, &tenant, listed, None));
    }
    Ok(Json(views))
}

/// Joins the waitlist: tell me if something sooner opens.
///
/// When time frees up that fits the treatment, professional, days and part of day, the
/// patient is offered it by email, in the order patients joined, and it is held for them for
/// the clinic's offer time.
#[utoipa::path(
    post,
    path = "/v1/me/waitlist",
    operation_id = "join_waitlist",
    tag = "waitlist",
    security(("bearer" = [])),
    request_body = JoinWaitlist,
    responses(
        (status = 201, description = "On the list.", body = WaitlistEntryView),
        ConflictingChangeErrors,
    )
)]
async fn join(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(req): Body<JoinWaitlist>,
) -> ApiResult<(StatusCode, Json<WaitlistEntryView>)> {
    let tenant = caller.clinic_for(&app, Permission::JoinWaitlist).await?;
    Ok((StatusCode::CREATED, Json(joined(&app, &caller, &tenant, &req).await?)))
}

/// Leaves the waitlist; leaving twice changes nothing.
#[utoipa::path(
    delete,
    path = "/v1/me/waitlist/{id}",
    operation_id = "leave_waitlist",
    tag = "waitlist",
    security(("bearer" = [])),
    params(("id" = WaitlistEntryId, Path, description = "The entry.")),
    responses(
        (status = 200, description = "The entry, left.", body = WaitlistEntryView),
        ConflictingChangeErrors,
    )
)]
async fn leave(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<WaitlistEntryView>> {
    let tenant = caller.clinic_for(&app, Permission::JoinWaitlist).await?;
    let patient = caller.patient_id()?;
    let entry = app
        .waitlist
        .leave(&tenant, path_id(&id, "waitlist entry")?, Some(patient))
        .await?;
    let listed = with_offers(&app, &tenant, entry).await?;
    Ok(Json(entry_view(&app, &tenant, listed, None)))
}

/// The clinic's waitlist in the order patients joined, each entry with its patient and offers.
#[utoipa::path(
    get,
    path = "/v1/waitlist",
    operation_id = "list_waitlist",
    tag = "waitlist",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "One page of the list.", body = Page<WaitlistEntryView>),
        QueryErrors,
    )
)]
async fn list(
    State(app): State<Arc<App>>,
    caller: Caller,
    Params(q): Params<PageQuery>,
) -> ApiResult<Json<Page<WaitlistEntryView>>> {
    let tenant = caller.clinic_for(&app, Permission::ReadWaitlist).await?;
    let (cursor, limit) = page_params(q.cursor.as_deref(), q.limit.as_deref())?;
    let (listed, next) = app.waitlist.page(&tenant, cursor, limit).await?;
    let patients = futures::future::try_join_all(
        listed
            .iter()
            .map(|l| app.catalog.patient(tenant.id, l.entry.patient_id)),
    )
    .await?;
    Ok(Json(Page {
        items: listed
            .into_iter()
            .zip(patients)
            .map(|(l, p)| entry_view(&app, &tenant, l, p))
            .collect(),
        cursor: next.map(|c| c.to_string()),
    }))
}

/// Adds a patient to the waitlist (reception, for a patient on the phone).
///
/// Name the patient by `patient_id`, or by `patient` details for someone new.
#[utoipa::path(
    post,
    path = "/v1/waitlist",
    operation_id = "add_to_waitlist",
    tag = "waitlist",
    security(("bearer" = [])),
    request_body = JoinWaitlist,
    responses(
        (status = 201, description = "On the list.", body = WaitlistEntryView),
        ConflictingChangeErrors,
    )
)]
async fn add(
    State(app): State<Arc<App>>,
    caller: Caller,
    Body(req): Body<JoinWaitlist>,
) -> ApiResult<(StatusCode, Json<WaitlistEntryView>)> {
    let tenant = caller.clinic_for(&app, Permission::ManageWaitlist).await?;
    Ok((StatusCode::CREATED, Json(joined(&app, &caller, &tenant, &req).await?)))
}

/// Takes an entry off the clinic's waitlist.
#[utoipa::path(
    delete,
    path = "/v1/waitlist/{id}",
    operation_id = "remove_from_waitlist",
    tag = "waitlist",
    security(("bearer" = [])),
    params(("id" = WaitlistEntryId, Path, description = "The entry.")),
    responses(
        (status = 200, description = "The entry, taken off the list.", body = WaitlistEntryView),
        ConflictingChangeErrors,
    )
)]
async fn remove(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<WaitlistEntryView>> {
    let tenant = caller.clinic_for(&app, Permission::ManageWaitlist).await?;
    let entry = app
        .waitlist
        .leave(&tenant, path_id(&id, "waitlist entry")?, None)
        .await?;
    let patient = app.catalog.patient(tenant.id, entry.patient_id).await?;
    let listed = with_offers(&app, &tenant, entry).await?;
    Ok(Json(entry_view(&app, &tenant, listed, patient)))
}
