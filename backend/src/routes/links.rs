//! `/v1/public/clinics/{slug}/bookings/{id}/link…`: the page a message's link opens reads
//! the booking and acts on it, without signing in. Every route is a POST because the token
//! travels in the body (kept out of access logs); reading the booking changes nothing, and
//! only the explicit action routes do. Limited per client address like the other public routes.

use std::str::FromStr;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use turnaki_shared::api::links::{LinkAct, LinkActInput, LinkInput, LinkView};
use turnaki_shared::api::waitlist::OfferLinkView;
use turnaki_shared::domain::Offer;
use turnaki_shared::domain::{LinkAction, Slug, Tenant};
use turnaki_shared::ids::{BookingId, OfferId, ProfessionalId, TreatmentId};
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
    let routes = OpenApiRouter::new()
        .routes(routes!(open))
        .routes(routes!(act))
        .routes(routes!(open_offer))
        .routes(routes!(act_on_offer));
    limited(routes, app)
}

/// The clinic of the page, the booking or offer it names, and the desk; unknown ones are
/// not found.
async fn target<'a, T: FromStr>(
    app: &'a App,
    slug: &str,
    id: &str,
    what: &'static str,
) -> ApiResult<(&'a LinkDesk, Tenant, T)> {
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
    Ok((desk, tenant, path_id(id, what)?))
}

/// The action of a link's path among those its subject takes; any other is not found.
fn action_among(actions: &[LinkAction], action: &str) -> ApiResult<LinkAction> {
    actions
        .iter()
        .copied()
        .find(|a| a.as_str() == action)
        .ok_or(ApiError::NotFound("link action"))
}

/// The names a link's page shows for a treatment and a professional (empty if gone).
async fn names(
    app: &App,
    tenant: &Tenant,
    treatment: TreatmentId,
    professional: ProfessionalId,
) -> ApiResult<(String, String)> {
    let (treatment, professional) = futures::try_join!(
        app.catalog.treatment(tenant.id, treatment),
        app.catalog.professional(tenant.id, professional),
    )?;
    Ok((
        treatment.map(|t| t.name).unwrap_or_default(),
        professional.map(|p| p.name).unwrap_or_default(),
    ))
}

/// What the page shows of a booking: names instead of ids, times on the clinic's clock.
async fn view(app: &App, tenant: &Tenant, linked: Linked) -> ApiResult<Json<LinkView>> {
    let b = &linked.booking;
    let (treatment_name, professional_name) = names(app, tenant, b.treatment_id, b.professional_id).await?;
    Ok(Json(LinkView {
        booking_id: b.id,
        slug: tenant.slug.clone(),
        clinic_name: tenant.name.clone(),
        time_zone: tenant.time_zone,
        locale: tenant.locale,
        treatment_id: b.treatment_id,
        treatment_name,
        professional_id: b.professional_id,
        professional_name,
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
    let (desk, tenant, id) = target(&app, &slug, &id, "booking").await?;
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
    let (desk, tenant, id) = target(&app, &slug, &id, "booking").await?;
    let action = action_among(&LinkAction::ON_BOOKING, &action)?;
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

/// What the page of a waitlist offer shows: names instead of ids, times on the clinic's clock.
async fn offer_view(
    app: &App,
    tenant: &Tenant,
    offer: Offer,
    booking: Option<BookingId>,
) -> ApiResult<Json<OfferLinkView>> {
    let (treatment_name, professional_name) = names(app, tenant, offer.treatment_id, offer.professional_id).await?;
    Ok(Json(OfferLinkView {
        offer_id: offer.id,
        slug: tenant.slug.clone(),
        clinic_name: tenant.name.clone(),
        time_zone: tenant.time_zone,
        locale: tenant.locale,
        treatment_name,
        professional_name,
        start: offer.start,
        end: offer.end,
        held_until: offer.held_until,
        outcome: offer.outcome,
        open: offer.is_open_at(app.clock.now()),
        booking_id: booking,
    }))
}

/// The freed time a waitlist offer's link opens, and whether it is still kept; changes nothing.
#[utoipa::path(
    post,
    path = "/v1/public/clinics/{slug}/offers/{id}/link",
    operation_id = "open_offer_link",
    tag = "links",
    params(
        ("slug" = Slug, Path, description = "The clinic's public name."),
        ("id" = OfferId, Path, description = "The offer."),
    ),
    request_body = LinkInput,
    responses(
        (status = 200, description = "The offer as its link shows it.", body = OfferLinkView),
        LinkErrors,
    )
)]
async fn open_offer(
    State(app): State<Arc<App>>,
    Path((slug, id)): Path<(String, String)>,
    Body(req): Body<LinkInput>,
) -> ApiResult<Json<OfferLinkView>> {
    let (desk, tenant, id) = target(&app, &slug, &id, "offer").await?;
    let token = req.parse()?;
    let offer = desk.offer(&tenant, id, &token).await?;
    offer_view(&app, &tenant, offer, None).await
}

/// Takes the offered time (`take`: it is booked through the offer's hold) or passes it on
/// (`decline`: the next patient on the waitlist is offered it).
///
/// The token must be the offer's link for that action. Taking or declining again changes
/// nothing; an offer that lapsed, or was declined, can no longer be taken (409 `offer_ended`).
#[utoipa::path(
    post,
    path = "/v1/public/clinics/{slug}/offers/{id}/link/{action}",
    operation_id = "act_on_offer",
    tag = "links",
    params(
        ("slug" = Slug, Path, description = "The clinic's public name."),
        ("id" = OfferId, Path, description = "The offer."),
        ("action" = LinkAction, Path, description = "`take` or `decline`."),
    ),
    request_body = LinkActInput,
    responses(
        (status = 200, description = "The offer after the act.", body = OfferLinkView),
        LinkErrors,
    )
)]
async fn act_on_offer(
    State(app): State<Arc<App>>,
    Path((slug, id, action)): Path<(String, String, String)>,
    Body(req): Body<LinkActInput>,
) -> ApiResult<Json<OfferLinkView>> {
    let (desk, tenant, id) = target(&app, &slug, &id, "offer").await?;
    let action = action_among(&LinkAction::ON_OFFER, &action)?;
    let (token, act) = req.parse(action)?;
    let (offer, booking) = match act {
        LinkAct::Take => {
            let (offer, booking) = desk.take(&tenant, id, &token).await?;
            (offer, Some(booking.id))
        }
        LinkAct::Decline => (desk.decline(&tenant, id, &token).await?, None),
        // Only an offer's actions are looked up above.
        LinkAct::Confirm | LinkAct::Cancel | LinkAct::Reschedule(_) => return Err(ApiError::NotFound("link action")),
    };
    offer_view(&app, &tenant, offer, booking).await
}
