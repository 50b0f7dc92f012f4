//! The parts of the OpenAPI document that are not one route's: its info, the bearer scheme,
//! the tags, and the problem answers every route shares. The routes describe themselves with
//! `#[utoipa::path]` and are collected by `OpenApiRouter` (see `app::routes`), so a route
//! cannot be served without being documented.

use std::collections::BTreeMap;
use turnaki_shared::api::bookings::CancelInput;
use turnaki_shared::api::problem::Problem;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::tag::TagBuilder;
use utoipa::openapi::{ComponentsBuilder, InfoBuilder, OpenApi, OpenApiBuilder};

use utoipa::openapi::{Ref, RefOr, Response};
use utoipa::{IntoResponses, PartialSchema, ToResponse, ToSchema};

/// The name of the security scheme signed-in routes declare.
pub const BEARER: &str = "bearer";

/// The document's skeleton, before any route is added.
pub fn base() -> OpenApi {
    // Problem is every error response's body; CancelInput is referenced by name because its
    // body is optional (`routes::bookings::cancel`).
    let mut schemas = vec![
        (Problem::name().into_owned(), Problem::schema()),
        (CancelInput::name().into_owned(), CancelInput::schema()),
    ];
    Problem::schemas(&mut schemas);
    CancelInput::schemas(&mut schemas);
    let components = ComponentsBuilder::new()
        .security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "A JWT from `POST /v1/auth/token` (embedded sign-in) or from Cognito, sent as \
                         `Authorization: Bearer …`. It names the caller's role and clinic.",
                    ))
                    .build(),
            ),
        )
        .schemas_from_iter(schemas)
        .response_from::<BadRequest>()
        .response_from::<Unauthenticated>()
        .response_from::<Forbidden>()
        .response_from::<NotFound>()
        .response_from::<Conflict>()
        .response_from::<PayloadTooLarge>()
        .response_from::<UnsupportedMediaType>()
        .response_from::<Unprocessable>()
        .response_from::<RateLimited>()
        .response_from::<Unavailable>()
        .build();
    let tag = |name: &str, description: &str| TagBuilder::new().name(name).description(Some(description)).build();
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Turnaki API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "Online booking for dental clinics. JSON with `snake_case` fields; times are RFC 3339 with \
                     an offset and dates `YYYY-MM-DD` in the clinic's zone. Every error is an RFC 7807 \
                     `application/problem+json` answer with a stable `code`, and every answer carries an \
                     `x-request-id` header. Lists page with an opaque `cursor`.",
                ))
                .build(),
        )
        .components(Some(components))
        .tags(Some(vec![
            tag("health", "Liveness and store reachability."),
            tag(
                "auth",
                "Embedded sign-in, its signing keys, and the single-page app's configuration.",
            ),
            tag(
                "tenants",
                "Clinics: onboarding by the platform owner, settings by the clinic's admin.",
            ),
            tag("users", "Staff accounts of a clinic."),
            tag("chairs", "A clinic's operatories and the treatments they host."),
            tag("usage", "Appointments per clinic per month."),
            tag("treatments", "What a clinic offers and how long it takes."),
            tag(
                "professionals",
                "A clinic's professionals, their weekly hours, absences and clinic closures.",
            ),
            tag(
                "public",
                "A clinic's public face by slug, without signing in; limited per client address.",
            ),
            tag("bookings", "Booking, the calendar, and changing one appointment."),
            tag("me", "The signed-in patient's own appointments."),
            tag("meta", "This document."),
        ]))
        .build()
}

/// 400.
#[derive(ToResponse)]
#[response(
    description = "The request could not be read: malformed JSON (`malformed_body`), a query parameter of the \
                   wrong type (`malformed_body`), or a cursor or date range the server refuses (`bad_cursor`, \
                   `bad_range`).",
    content_type = "application/problem+json",
    example = json!({
        "type": "https://turnaki.app/problems/malformed-body",
        "title": "The request could not be read",
        "status": 400,
        "code": "malformed_body",
        "detail": "Failed to parse the request body as JSON: expected value at line 1 column 1"
    })
)]
pub struct BadRequest(pub Problem);

/// 401.
#[derive(ToResponse)]
#[response(
    description = "No bearer token, or an invalid or expired one (`unauthenticated`).",
    content_type = "application/problem+json",
    example = json!({
        "type": "https://turnaki.app/problems/unauthenticated",
        "title": "Sign in to continue",
        "status": 401,
        "code": "unauthenticated",
        "detail": "sign in first: this needs a bearer token"
    })
)]
pub struct Unauthenticated(pub Problem);

/// 403.
#[derive(ToResponse)]
#[response(
    description = "The caller's role may not do this, or the caller acts for no clinic or person (`forbidden`).",
    content_type = "application/problem+json",
    example = json!({
        "type": "https://turnaki.app/problems/forbidden",
        "title": "Not allowed",
        "status": 403,
        "code": "forbidden",
        "detail": "your role may not do this"
    })
)]
pub struct Forbidden(pub Problem);

/// 404.
#[derive(ToResponse)]
#[response(
    description = "Nothing of that kind with that id or slug that the caller may see (`not_found`); text that \
                   cannot be an id is not found either.",
    content_type = "application/problem+json",
    example = json!({
        "type": "https://turnaki.app/problems/not-found",
        "title": "Not found",
        "status": 404,
        "code": "not_found",
        "detail": "booking not found"
    })
)]
pub struct NotFound(pub Problem);

/// 409.
#[derive(ToResponse)]
#[response(
    description = "The request conflicts with the current state. Codes: `slot_taken`, `no_chair_free`, \
                   `hold_mismatch`, `illegal_transition`, `booking_finished`, `stale_version`, \
                   `outside_cancellation_window`, `slug_taken`, `email_taken`, and `contention` (someone else \
                   changed the same data at the same moment; try again).",
    content_type = "application/problem+json",
    example = json!({
        "type": "https://turnaki.app/problems/slot-taken",
        "title": "That time was just taken",
        "status": 409,
        "code": "slot_taken"
    })
)]
pub struct Conflict(pub Problem);

/// 413.
#[derive(ToResponse)]
#[response(
    description = "The body is larger than the server's limit (`payload_too_large`; 64 KiB by default).",
    content_type = "application/problem+json",
    example = json!({
        "type": "https://turnaki.app/problems/payload-too-large",
        "title": "The request could not be read",
        "status": 413,
        "code": "payload_too_large",
        "detail": "Failed to buffer the request body: length limit exceeded"
    })
)]
pub struct PayloadTooLarge(pub Problem);

/// 415.
#[derive(ToResponse)]
#[response(
    description = "The body was not sent as `Content-Type: application/json` (`unsupported_media_type`).",
    content_type = "application/problem+json",
    example = json!({
        "type": "https://turnaki.app/problems/unsupported-media-type",
        "title": "The request could not be read",
        "status": 415,
        "code": "unsupported_media_type",
        "detail": "Expected request with `Content-Type: application/json`"
    })
)]
pub struct UnsupportedMediaType(pub Problem);

/// 422.
#[derive(ToResponse)]
#[response(
    description = "Some fields are invalid (`validation_failed`, one entry per field in `errors`; a body of the \
                   wrong shape is `malformed_body`), or a booking or account rule refused the request: \
                   `off_grid`, `outside_hours`, `outside_booking_window`, `treatment_not_offered`, \
                   `chair_unsuitable`, `too_long`, `idempotency_key_reused`, `account_refused`.",
    content_type = "application/problem+json",
    example = json!({
        "type": "https://turnaki.app/problems/validation-failed",
        "title": "Some fields are invalid",
        "status": 422,
        "code": "validation_failed",
        "detail": "1 field(s) are invalid",
        "errors": [
            {"field": "start", "code": "invalid", "message": "`tomorrow` is not an RFC 3339 time with offset (2026-03-02T10:00:00-03:00)"}
        ]
    })
)]
pub struct Unprocessable(pub Problem);

/// 429.
#[derive(ToResponse)]
#[response(
    description = "Too many requests from this client address (`rate_limited`). Only where the server limits \
                   public routes itself; behind API Gateway the WAF answers instead.",
    content_type = "application/problem+json",
    headers(("Retry-After" = u64, description = "Seconds to wait before trying again.")),
    example = json!({
        "type": "https://turnaki.app/problems/rate-limited",
        "title": "Too many requests; slow down",
        "status": 429,
        "code": "rate_limited"
    })
)]
pub struct RateLimited(pub Problem);

/// 503.
#[derive(ToResponse)]
#[response(
    description = "Storage or sign-in is unavailable for a moment (`store_unavailable`, `identity_unavailable`); \
                   try again later.",
    content_type = "application/problem+json",
    example = json!({
        "type": "https://turnaki.app/problems/store-unavailable",
        "title": "Storage is unavailable",
        "status": 503,
        "code": "store_unavailable"
    })
)]
pub struct Unavailable(pub Problem);

/// References to reusable error responses, keyed by status.
fn errors(statuses: &[(u16, &'static str)]) -> BTreeMap<String, RefOr<Response>> {
    statuses
        .iter()
        .map(|(status, name)| (status.to_string(), RefOr::Ref(Ref::from_response_name(*name))))
        .collect()
}

/// The name under which a reusable response is registered.
fn name<'a, R: ToResponse<'a>>() -> &'a str {
    R::response().0
}

macro_rules! error_set {
    ($(#[$doc:meta])* $set:ident: $($status:literal => $response:ty),+ $(,)?) => {
        $(#[$doc])*
        pub struct $set;

        impl IntoResponses for $set {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                errors(&[$(($status, name::<$response>())),+])
            }
        }
    };
}

error_set!(
    /// The errors of listing a clinic's records.
    ListErrors: 401 => Unauthenticated, 403 => Forbidden, 503 => Unavailable
);
error_set!(
    /// The errors of reading or archiving one record.
    RecordErrors: 401 => Unauthenticated, 403 => Forbidden, 404 => NotFound, 503 => Unavailable
);
error_set!(
    /// The errors of creating a record from a JSON body.
    CreateErrors: 400 => BadRequest, 401 => Unauthenticated, 403 => Forbidden, 413 => PayloadTooLarge,
    415 => UnsupportedMediaType, 422 => Unprocessable, 503 => Unavailable
);
error_set!(
    /// The errors of changing one record with a JSON body.
    ChangeErrors: 400 => BadRequest, 401 => Unauthenticated, 403 => Forbidden, 404 => NotFound,
    413 => PayloadTooLarge, 415 => UnsupportedMediaType, 422 => Unprocessable, 503 => Unavailable
);
error_set!(
    /// The errors of a change that can also conflict with the current state (bookings, accounts).
    ConflictingChangeErrors: 400 => BadRequest, 401 => Unauthenticated, 403 => Forbidden, 404 => NotFound,
    409 => Conflict, 413 => PayloadTooLarge, 415 => UnsupportedMediaType, 422 => Unprocessable,
    503 => Unavailable
);
error_set!(
    /// The errors of a signed-in read with a query string.
    QueryErrors: 400 => BadRequest, 401 => Unauthenticated, 403 => Forbidden, 404 => NotFound,
    422 => Unprocessable, 503 => Unavailable
);
error_set!(
    /// The errors of a public write (registration, holds), limited per client.
    PublicWriteErrors: 400 => BadRequest, 404 => NotFound, 409 => Conflict, 413 => PayloadTooLarge,
    415 => UnsupportedMediaType, 422 => Unprocessable, 429 => RateLimited, 503 => Unavailable
);
