//! `/v1/recalls`: the patients due back for a treatment (reception and admin), soonest due
//! first, with where each recall stands.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use turnaki_shared::api::Page;
use turnaki_shared::api::recalls::{RecallQuery, RecallView};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::page_params;
use crate::body::Params;
use crate::caller::Caller;
use crate::error::ApiResult;
use crate::openapi::QueryErrors;
use crate::policy::Permission;
use crate::state::App;

/// `/v1/recalls`.
pub fn router() -> OpenApiRouter<Arc<App>> {
    OpenApiRouter::new().routes(routes!(list))
}

/// The clinic's recalls: due, overdue, contacted, booked and upcoming.
///
/// Soonest due first; `status` keeps one kind. A patient who booked the treatment since
/// their last visit shows as booked at once, and is sent nothing more.
#[utoipa::path(
    get,
    path = "/v1/recalls",
    operation_id = "list_recalls",
    tag = "recalls",
    security(("bearer" = [])),
    params(RecallQuery),
    responses(
        (status = 200, description = "One page of recalls.", body = Page<RecallView>),
        QueryErrors,
    )
)]
async fn list(
    State(app): State<Arc<App>>,
    caller: Caller,
    Params(q): Params<RecallQuery>,
) -> ApiResult<Json<Page<RecallView>>> {
    let tenant = caller.clinic_for(&app, Permission::ReadRecalls).await?;
    let status = q.status()?;
    let (cursor, limit) = page_params(q.cursor.as_deref(), q.limit.as_deref())?;
    let (lines, next) = app.recalls.page(&tenant, status, cursor, limit).await?;
    Ok(Json(Page {
        items: lines
            .into_iter()
            .map(|line| RecallView {
                patient_id: line.recall.patient_id,
                patient_name: line.patient.as_ref().map(|p| p.name.clone()),
                patient_phone: line.patient.and_then(|p| p.phone).map(|p| p.to_string()),
                treatment_id: line.recall.treatment_id,
                professional_id: line.recall.professional_id,
                last_visit: line.recall.last_visit,
                last_visit_at: line.recall.last_visit_at,
                due: line.recall.due,
                status: line.status,
                contacted: line.recall.contacted,
                booked: line.recall.booked,
            })
            .collect(),
        cursor: next.map(|c| c.to_string()),
    }))
}
