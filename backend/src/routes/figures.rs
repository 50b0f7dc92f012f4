//! `GET /v1/figures?month=YYYY-MM`: one clinic's month of confirmations, no-shows, waitlist
//! fills and recalls, for its admin. Counts and rates only: no patient data.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use chrono::Datelike;
use turnaki_shared::api::fields::Invalid;
use turnaki_shared::api::figures::MonthFigures;
use turnaki_shared::domain::{EraDate, Grid};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::usage::{UsageQuery, parse_month};
use crate::body::Params;
use crate::caller::Caller;
use crate::error::ApiResult;
use crate::openapi::QueryErrors;
use crate::policy::Permission;
use crate::state::App;

/// `/v1/figures`.
pub fn router() -> OpenApiRouter<Arc<App>> {
    OpenApiRouter::new().routes(routes!(figures))
}

/// The clinic's month: confirmation rate, no-show rates of confirmed and unconfirmed
/// bookings, waitlist offers and fills with the median time to fill, recalls sent and booked.
///
/// This month on the clinic's calendar unless `month` names another.
#[utoipa::path(
    get,
    path = "/v1/figures",
    operation_id = "figures",
    tag = "figures",
    security(("bearer" = [])),
    params(UsageQuery),
    responses(
        (status = 200, description = "The month's figures.", body = MonthFigures),
        QueryErrors,
    )
)]
async fn figures(
    State(app): State<Arc<App>>,
    caller: Caller,
    Params(q): Params<UsageQuery>,
) -> ApiResult<Json<MonthFigures>> {
    let tenant = caller.clinic_for(&app, Permission::ReadFigures).await?;
    let month = match q.month.as_deref() {
        Some(text) => parse_month(text)?,
        None => {
            let today = Grid::new(tenant.time_zone, tenant.rules.granularity()).local_date(app.clock.now());
            EraDate::try_from(today)
                .map_err(|e| Invalid::one("month", e.code(), format!("today is {e}; name a month")))?
        }
    };
    let first = month.date().with_day(1).expect("every month has a first day");
    let figures =
        turnaki_shared::figures::month(&app.engine, &app.recalls, &tenant, first, month.next_month_start()).await?;
    Ok(Json(figures))
}
