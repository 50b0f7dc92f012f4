//! `/v1/public/clinics/{slug}/bookings/{id}/link…`: the page a message's link opens reads
//! the booking and acts on it, without signing in. Every route is a POST because the token
//! travels in the body (kept out of access logs); reading the booking changes nothing, and
//! only the explicit action routes do. Limited per client address like the other public routes.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use turnaki_shared::api::links::{LinkAct, LinkActInput, LinkInput, LinkView};
use turnaki_shared::domain::{LinkAction, Slug, Tenant};
use turnaki_shared::ids::BookingId;
use turnaki_shared::links::desk::{LinkDesk, Linked};
use turnaki_shared::links::{LinkRefusal, SignerUnavailable};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::path_id;
use crate::body::Body;
use crate::edge::limited;
use crate::error::{ApiError, ApiResult};
use crate::openapi::LinkErrors;
use crate::state::App;

/// The link routes, limited per client address by `app` (none: only described).
pub fn router(app: Option<&Arc<App>>) -> OpenApiRouter<Arc<App>> {
    let routes = OpenApiRouter::new().routes(routes!(open)).routes(routes!(act));
    limited(routes, app)
}

/// The clinic of the page, the booking it names, and the desk; unknown ones are not found.
async fn target<'a>(app: &'a App, slug: &str, id: &str) -> ApiResult<(&'a LinkDesk, Tenant, BookingId)> {
    let desk = app
        .links
        .as_ref()
        .ok_or_else(|| LinkRefusal::Unavailable(SignerUnavailable("this server has no link key".into())));
    let desk = desk.map_err(|e| ApiError::Link(e.into()))?;
    let slug: Slug = slug.parse().map_err(|_| ApiError::NotFound("clinic"))?;
    let tenant = app
        .catalog
        .tenant_by_slug(&slug)
        .await?
        .ok_or(ApiError::NotFound("clinic"))?;
    Ok((desk, tenant, path_id(id, "booking")?))
}

/// What the page shows of a booking: names instead of ids, times on the clinic's clock.
async fn view(app: &App, tenant: &Tenant, linked: Linked) -> ApiResult<Json<LinkView>> {
    let b = &linked.booking;
    let (treatment, professional) = futures::try_join!(
        app.catalog.treatment(tenant.id, b.treatment_id),
        app.catalog.professional(tenant.id, b.professional_id),
    )?;
    Ok(Json(LinkView {
        booking_id: b.id,
        slug: tenant.slug.clone(),
        clinic_name: tenant.name.clone(),
        time_zone: tenant.time_zone,
        locale: tenant.locale,
        treatment_id: b.treatment_id,
        treatment_name: treatment.map(|t| t.name).unwrap_or_default(),
        professional_id: b.professional_id,
        professional_name: professional.map(|p| p.name).unwrap_or_default(),
        start: b.start,
        end: b.end,
        status: b.status,
        answer: b.answer,
        action: linked.action,
        may_change: linked.may_change,
        cancellation_window_hours: tenant.rules.cancellation_window_hours(),
    }))
}

/// The appointment a link opens, and what the link may do; changes nothing.
///
/// Any of the appointment's links opens it. A POST only so that the token travels in the body.
#[utoipa::path(
    post,
    path = "/v1/public/clinics/{slug}/bookings/{id}/link",
    operation_id = "open_link",
    tag = "links",
    params(
        ("slug" = Slug, Path, description = "The clinic's public name."),
        ("id" = BookingId, Path, description = "The booking."),
    ),
    request_body = LinkInput,
    responses(
        (status = 200, description = "The appointment as the link shows it.", body = LinkView),
        LinkErrors,
    )
)]
async fn open(
    State(app): State<Arc<App>>,
    Path((slug, id)): Path<(String, String)>,
    Body(req): Body<LinkInput>,
) -> ApiResult<Json<LinkView>> {
    let (desk, tenant, id) = target(&app, &slug, &id).await?;
    let token = req.parse()?;
    let linked = desk.view(&tenant, id, &token).await?;
    view(&app, &tenant, linked).await
}

/// Acts on the appointment: `confirm` ("I'll be there"), `cancel`, or `reschedule` to `start`.
///
/// The token must be the appointment's link for that action. Cancel and reschedule only
/// outside the clinic's cancellation window, as in "my appointments"; a cancellation is
/// recorded as declined by the patient, and a new time obeys the clinic's notice and
/// horizon. Using the same link again changes nothing.
#[utoipa::path(
    post,
    path = "/v1/public/clinics/{slug}/bookings/{id}/link/{action}",
    operation_id = "act_by_link",
    tag = "links",
    params(
        ("slug" = Slug, Path, description = "The clinic's public name."),
        ("id" = BookingId, Path, description = "The booking."),
        ("action" = LinkAction, Path, description = "What to do."),
    ),
    request_body = LinkActInput,
    responses(
        (status = 200, description = "The appointment after the act.", body = LinkView),
        LinkErrors,
    )
)]
async fn act(
    State(app): State<Arc<App>>,
    Path((slug, id, action)): Path<(String, String, String)>,
    Body(req): Body<LinkActInput>,
) -> ApiResult<Json<LinkView>> {
    let (desk, tenant, id) = target(&app, &slug, &id).await?;
    let action = LinkAction::ON_BOOKING
        .into_iter()
        .find(|a| a.as_str() == action)
        .ok_or(ApiError::NotFound("link action"))?;
    let (token, act) = req.parse(action)?;
    let linked = match act {
        LinkAct::Confirm => desk.confirm(&tenant, id, &token).await?,
        LinkAct::Cancel => desk.cancel(&tenant, id, &token).await?,
        LinkAct::Reschedule(start) => desk.reschedule(&tenant, id, &token, start.at()).await?,
        // Only a booking's actions are looked up above.
        LinkAct::Take | LinkAct::Decline => return Err(ApiError::NotFound("link action")),
    };
    view(&app, &tenant, linked).await
}
