//! The clinic's public face, reachable by slug without signing in: its profile, free
//! times, patient registration and short holds. Limited per client address.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router, middleware};
use chrono::Utc;
use turnaki_shared::api::auth::TokenResponse;
use turnaki_shared::api::bookings::{Availability, AvailabilityQuery, FreeTimes, HoldInput};
use turnaki_shared::api::clinics::{ClinicProfile, PublicProfessional};
use turnaki_shared::api::staff::{PatientRegistration, Registered};
use turnaki_shared::booking::Hold;
use turnaki_shared::domain::{Patient, Role, Slug, Tenant};
use turnaki_shared::identity::NewAccount;
use turnaki_shared::ids::PatientId;

use crate::app::App;
use crate::body::{Body, Params};
use crate::edge::limit_public;
use crate::error::{ApiError, ApiResult};

/// `/v1/public/clinics/{slug}/…`.
pub fn router(app: &Arc<App>) -> Router<Arc<App>> {
    Router::new()
        .route("/v1/public/clinics/{slug}", get(profile))
        .route("/v1/public/clinics/{slug}/availability", get(availability))
        .route("/v1/public/clinics/{slug}/register", post(register))
        .route("/v1/public/clinics/{slug}/holds", post(hold))
        .route_layer(middleware::from_fn_with_state(Arc::clone(app), limit_public))
}

async fn clinic(app: &App, slug: &str) -> ApiResult<Tenant> {
    let slug: Slug = slug.parse().map_err(|_| ApiError::NotFound("clinic"))?;
    app.catalog
        .tenant_by_slug(&slug)
        .await?
        .ok_or(ApiError::NotFound("clinic"))
}

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

async fn register(
    State(app): State<Arc<App>>,
    Path(slug): Path<String>,
    Body(req): Body<PatientRegistration>,
) -> ApiResult<(StatusCode, Json<Registered>)> {
    let tenant = clinic(&app, &slug).await?;
    let draft = req.parse()?;
    // Always a fresh patient record: linking to one reception made for the same email
    // would show that person's appointments to whoever typed their address.
    let patient = Patient {
        id: PatientId::new(),
        name: draft.name.clone(),
        email: draft.email.clone(),
        phone: draft.phone,
        created_at: Utc::now(),
    };
    app.identity
        .create_account(&NewAccount {
            email: draft.email.clone(),
            name: draft.name,
            role: Role::Patient,
            tenant: Some(tenant.id),
            person_id: Some(patient.id.to_string()),
            password: Some(draft.password.clone()),
        })
        .await?;
    app.catalog.put_patient(tenant.id, &patient).await?;
    let issued = app.identity.sign_in(&draft.email, &draft.password).await?;
    Ok((
        StatusCode::CREATED,
        Json(Registered {
            patient_id: patient.id,
            token: TokenResponse {
                access_token: issued.token,
                token_type: "Bearer".into(),
                expires_in: issued.expires_in,
                role: Role::Patient,
                tenant_id: Some(tenant.id),
            },
        }),
    ))
}

async fn hold(
    State(app): State<Arc<App>>,
    Path(slug): Path<String>,
    Body(req): Body<HoldInput>,
) -> ApiResult<(StatusCode, Json<Hold>)> {
    let tenant = clinic(&app, &slug).await?;
    let (treatment, professional, start) = req.parse()?;
    let hold = app.engine.hold(&tenant, professional, treatment, start).await?;
    Ok((StatusCode::CREATED, Json(hold)))
}
