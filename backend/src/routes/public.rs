//! The clinic's public face, reachable by slug without signing in: its profile, free
//! times, patient registration and short holds. Limited per client address.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use turnaki_shared::accounts::Registration;
use turnaki_shared::api::auth::TokenResponse;
use turnaki_shared::api::bookings::{Availability, AvailabilityQuery, FreeTimes, HoldInput};
use turnaki_shared::api::clinics::{ClinicProfile, PublicProfessional};
use turnaki_shared::api::staff::{PatientRegistration, Registered};
use turnaki_shared::booking::Hold;
use turnaki_shared::domain::{Role, Slug, Tenant};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::body::{Body, Params};
use crate::edge::limited;
use crate::error::{ApiError, ApiResult};
use crate::openapi::{BadRequest, NotFound, PublicWriteErrors, RateLimited, Unavailable, Unprocessable};
use crate::state::App;

/// `/v1/public/clinics/{slug}/…`, every route limited per client address by `app` (none: the
/// routes are built only to be described).
pub fn router(app: Option<&Arc<App>>) -> OpenApiRouter<Arc<App>> {
    let routes = OpenApiRouter::new()
        .routes(routes!(profile))
        .routes(routes!(availability))
        .routes(routes!(register))
        .routes(routes!(hold));
    limited(routes, app)
}

async fn clinic(app: &App, slug: &str) -> ApiResult<Tenant> {
    let slug: Slug = slug.parse().map_err(|_| ApiError::NotFound("clinic"))?;
    app.catalog
        .tenant_by_slug(&slug)
        .await?
        .ok_or(ApiError::NotFound("clinic"))
}

/// What a patient needs to start booking: the clinic, its active treatments and professionals.
#[utoipa::path(
    get,
    path = "/v1/public/clinics/{slug}",
    operation_id = "clinic_profile",
    tag = "public",
    params(("slug" = Slug, Path, description = "The clinic's public name.")),
    responses(
        (status = 200, description = "The clinic's profile.", body = ClinicProfile),
        (status = 404, response = NotFound),
        (status = 429, response = RateLimited),
        (status = 503, response = Unavailable),
    )
)]
async fn profile(State(app): State<Arc<App>>, Path(slug): Path<String>) -> ApiResult<Json<ClinicProfile>> {
    let tenant = clinic(&app, &slug).await?;
    let (treatments, professionals) =
        futures::try_join!(app.catalog.treatments(tenant.id), app.catalog.professionals(tenant.id))?;
    Ok(Json(ClinicProfile {
        slug: tenant.slug,
        name: tenant.name,
        address: tenant.address,
        time_zone: tenant.time_zone,
        locale: tenant.locale,
        granularity_minutes: tenant.rules.granularity().minutes(),
        cancellation_window_hours: tenant.rules.cancellation_window_hours(),
        texts: tenant.channels.any_texts(),
        treatments: treatments.into_iter().filter(|t| t.active).collect(),
        professionals: professionals
            .into_iter()
            .filter(|p| p.active)
            .map(|p| PublicProfessional {
                id: p.id,
                name: p.name,
                specialty: p.specialty,
                treatments: p.treatments,
            })
            .collect(),
    }))
}

/// Free start times for a treatment, per professional, between two days of the clinic's zone.
#[utoipa::path(
    get,
    path = "/v1/public/clinics/{slug}/availability",
    operation_id = "availability",
    tag = "public",
    params(("slug" = Slug, Path, description = "The clinic's public name."), AvailabilityQuery),
    responses(
        (status = 200, description = "Free start times.", body = Availability),
        (status = 400, response = BadRequest),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
        (status = 429, response = RateLimited),
        (status = 503, response = Unavailable),
    )
)]
async fn availability(
    State(app): State<Arc<App>>,
    Path(slug): Path<String>,
    Params(q): Params<AvailabilityQuery>,
) -> ApiResult<Json<Availability>> {
    let tenant = clinic(&app, &slug).await?;
    let (treatment_id, professional, from, to) = q.parse()?;
    let free = app
        .engine
        .availability(&tenant, treatment_id, professional, from, to)
        .await?;
    Ok(Json(Availability {
        time_zone: tenant.time_zone,
        treatment_id,
        professionals: free
            .into_iter()
            .map(|p| FreeTimes {
                professional_id: p.professional_id,
                starts: p.starts,
            })
            .collect(),
    }))
}

/// Creates a patient account for this clinic and signs it in.
#[utoipa::path(
    post,
    path = "/v1/public/clinics/{slug}/register",
    operation_id = "register_patient",
    tag = "public",
    params(("slug" = Slug, Path, description = "The clinic's public name.")),
    request_body = PatientRegistration,
    responses(
        (status = 201, description = "The patient, signed in.", body = Registered),
        PublicWriteErrors,
    )
)]
async fn register(
    State(app): State<Arc<App>>,
    Path(slug): Path<String>,
    Body(req): Body<PatientRegistration>,
) -> ApiResult<(StatusCode, Json<Registered>)> {
    let tenant = clinic(&app, &slug).await?;
    let draft = req.parse(tenant.country)?;
    let Registration { patient, token } = app.accounts.register_patient(&tenant, draft).await?;
    Ok((
        StatusCode::CREATED,
        Json(Registered {
            patient_id: patient.id,
            token: TokenResponse {
                access_token: token.token,
                token_type: "Bearer".into(),
                expires_in: token.expires_in,
                role: Role::Patient,
                tenant_id: Some(tenant.id),
            },
        }),
    ))
}

/// Holds a slot for a few minutes while the patient fills in the form.
///
/// Fails like a booking when the time is taken.
#[utoipa::path(
    post,
    path = "/v1/public/clinics/{slug}/holds",
    operation_id = "hold_slot",
    tag = "public",
    params(("slug" = Slug, Path, description = "The clinic's public name.")),
    request_body = HoldInput,
    responses(
        (status = 201, description = "The hold; name it as `hold_id` when booking.", body = Hold),
        PublicWriteErrors,
    )
)]
async fn hold(
    State(app): State<Arc<App>>,
    Path(slug): Path<String>,
    Body(req): Body<HoldInput>,
) -> ApiResult<(StatusCode, Json<Hold>)> {
    let tenant = clinic(&app, &slug).await?;
    let (treatment, professional, start) = req.parse()?;
    let hold = app.engine.hold(&tenant, professional, treatment, start.at()).await?;
    Ok((StatusCode::CREATED, Json(hold)))
}
