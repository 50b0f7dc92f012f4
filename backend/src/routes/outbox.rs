//! `/v1/outbox` (embedded mode only): every message `turnaki serve` sent or tried to send
//! for the clinic, newest first, with its delivery status.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use turnaki_shared::api::Page;
use turnaki_shared::api::outbox::OutboxMessage;
use turnaki_shared::notification::outbox;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{PageQuery, page_params};
use crate::body::Params;
use crate::caller::Caller;
use crate::error::ApiResult;
use crate::openapi::QueryErrors;
use crate::policy::Permission;
use crate::state::App;

/// `/v1/outbox`.
pub fn router() -> OpenApiRouter<Arc<App>> {
    OpenApiRouter::new().routes(routes!(list))
}

/// The clinic's outbox.
///
/// Confirmations, changes, cancellations and reminders as rendered, newest first, each with
/// its delivery status (`stored`, `relayed` or `failed` with the reason).
#[utoipa::path(
    get,
    path = "/v1/outbox",
    operation_id = "list_outbox",
    tag = "outbox",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "One page of messages.", body = Page<OutboxMessage>),
        QueryErrors,
    )
)]
async fn list(
    State(app): State<Arc<App>>,
    caller: Caller,
    Params(q): Params<PageQuery>,
) -> ApiResult<Json<Page<OutboxMessage>>> {
    let tenant = caller.tenant_for(Permission::ReadOutbox)?;
    let (cursor, limit) = page_params(q.cursor.as_deref(), q.limit.as_deref())?;
    let (items, next) = outbox::page(app.store.as_ref(), tenant, limit, cursor).await?;
    Ok(Json(Page {
        items,
        cursor: next.map(|c| c.to_string()),
    }))
}
