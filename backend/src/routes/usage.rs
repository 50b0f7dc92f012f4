//! `GET /v1/usage?month=YYYY-MM`: appointments per clinic per month — every clinic for the
//! owner, their own for a clinic admin. Counts only: no patient data.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use chrono::Datelike;
use serde::Deserialize;
use turnaki_shared::api::Page;
use turnaki_shared::api::clinics::UsageRow;
use turnaki_shared::api::fields::Invalid;
use turnaki_shared::domain::{BookingStatus, EraDate, Grid, Role, Tenant};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::body::Params;
use crate::caller::Caller;
use crate::error::ApiResult;
use crate::openapi::{Forbidden, NotFound, Unauthenticated, Unavailable, Unprocessable};
use crate::policy::Permission;
use crate::state::App;

/// `/v1/usage`.
pub fn router() -> OpenApiRouter<Arc<App>> {
    OpenApiRouter::new().routes(routes!(usage))
}

/// `?month=YYYY-MM` (default: this month in each clinic's zone).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UsageQuery {
    /// The month, `YYYY-MM` (default: the current month in each clinic's zone).
    #[param(example = "2026-03")]
    pub month: Option<String>,
}

/// The month's first day, within the supported era (so the month after it exists).
pub fn parse_month(text: &str) -> Result<EraDate, Invalid> {
    EraDate::parse_month(text).map_err(|e| Invalid::one("month", e.code(), e.to_string()))
}

/// Appointments per clinic in one month.
///
/// Every clinic for the owner, their own for a clinic admin. Counts only, no patient data.
#[utoipa::path(
    get,
    path = "/v1/usage",
    operation_id = "usage",
    tag = "usage",
    security(("bearer" = [])),
    params(UsageQuery),
    responses(
        (status = 200, description = "One row per clinic, on one page.", body = Page<UsageRow>),
        (status = 401, response = Unauthenticated),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
        (status = 503, response = Unavailable),
    )
)]
async fn usage(
    State(app): State<Arc<App>>,
    caller: Caller,
    Params(q): Params<UsageQuery>,
) -> ApiResult<Json<Page<UsageRow>>> {
    caller.may(Permission::ReadUsage)?;
    let month = q.month.as_deref().map(parse_month).transpose()?;
    let clinics = if caller.role() == Role::Owner {
        app.catalog.all_tenants().await?
    } else {
        vec![caller.clinic_for(&app, Permission::ReadUsage).await?]
    };
    let rows = futures::future::try_join_all(clinics.iter().map(|t| row(&app, t, month))).await?;
    Ok(Json(Page {
        items: rows,
        cursor: None,
    }))
}

async fn row(app: &App, tenant: &Tenant, month: Option<EraDate>) -> ApiResult<UsageRow> {
    let grid = Grid::new(tenant.time_zone, tenant.rules.granularity());
    let month = match month {
        Some(month) => month,
        None => EraDate::try_from(grid.local_date(app.clock.now()))
            .map_err(|e| Invalid::one("month", e.code(), format!("today is {e}; name a month")))?,
    };
    let first = month.date().with_day(1).expect("every month has a first day");
    let next = month.next_month_start();
    let professionals: Vec<_> = app
        .catalog
        .professionals(tenant.id)
        .await?
        .iter()
        .map(|p| p.id)
        .collect();
    let bookings = app
        .engine
        .starting_between(
            tenant,
            &professionals,
            grid.start_of_day(first),
            grid.start_of_day(next),
        )
        .await?;
    Ok(UsageRow {
        tenant_id: tenant.id,
        slug: tenant.slug.clone(),
        month: first.format("%Y-%m").to_string(),
        bookings: bookings.len() as u64,
        cancelled: bookings.iter().filter(|b| b.status == BookingStatus::Cancelled).count() as u64,
    })
}
