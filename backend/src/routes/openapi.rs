//! `GET /v1/openapi.json`: the document describing every route this service serves, built
//! from the routes themselves (`app::service` hands it over as an extension).

use std::sync::Arc;

use axum::Extension;
use axum::body::Bytes;
use axum::http::header;
use axum::response::IntoResponse;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::App;

/// The service's OpenAPI document, serialised once.
#[derive(Debug, Clone)]
pub struct Document(pub Bytes);

/// `/v1/openapi.json`.
pub fn router() -> OpenApiRouter<Arc<App>> {
    OpenApiRouter::new().routes(routes!(openapi))
}

/// This document: OpenAPI 3.1, generated from the code.
#[utoipa::path(
    get,
    path = "/v1/openapi.json",
    operation_id = "openapi",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI document of this service.", body = Object))
)]
async fn openapi(Extension(document): Extension<Document>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], document.0)
}
