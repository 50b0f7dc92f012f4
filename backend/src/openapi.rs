//! The parts of the OpenAPI document that are not one route's: its info, the bearer scheme,
//! the tags, and the problem answers every route shares. The routes describe themselves with
//! `#[utoipa::path]` and are collected by `OpenApiRouter` (see `app::RouteGroup::routes`), so a route
//! cannot be served without being documented.

use std::collections::BTreeMap;
use turnaki_shared::api::bookings::CancelInput;
use turnaki_shared::api::fields::{FieldCode, FieldError};
use turnaki_shared::api::problem::{PROBLEM_JSON, Problem, ProblemCode};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::tag::TagBuilder;
use utoipa::openapi::{ComponentsBuilder, InfoBuilder, OpenApi, OpenApiBuilder};

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder, Schema};
use utoipa::{IntoResponses, PartialSchema, ToResponse, ToSchema};

use ProblemCode as C;

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
    for (name, schema) in &mut schemas {
        if *name == FieldError::name() {
            describe_field_codes(schema);
        }
    }
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
        .response_from::<WrongCredentials>()
        .response_from::<Forbidden>()
        .response_from::<LinkRefused>()
        .response_from::<LinkForeign>()
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
            tag(
                "links",
                "Acting on one appointment from the links of its messages, without signing in: a signed token \
                 in the body names the clinic, the appointment, the action and when it expires.",
            ),
            tag(
                "calls",
                "Reception's list of patients to phone about unconfirmed appointments.",
            ),
            tag("meta", "This document."),
        ]))
        .build()
}

/// Lists every field code, in its own words, as the description of `FieldError.code`.
fn describe_field_codes(schema: &mut RefOr<Schema>) {
    let RefOr::T(Schema::Object(object)) = schema else {
        panic!("FieldError is an object schema");
    };
    let Some(RefOr::T(Schema::Object(code))) = object.properties.get_mut("code") else {
        panic!("FieldError has a code");
    };
    // `taken` is the app's own (a conflict pointed at its field); the server never sends it.
    let list: Vec<String> = FieldCode::ALL
        .iter()
        .filter(|c| **c != FieldCode::Taken)
        .map(|c| format!("- `{c}`: {}", c.meaning()))
        .collect();
    code.description = Some(format!("A stable machine-readable reason:\n\n{}", list.join("\n")));
}

/// A reusable problem answer: `lead`, then each code it can carry in the code's own words
/// ([`ProblemCode::meaning`]), so the document cannot list a code the server does not have.
fn problem_answer(lead: &str, codes: &[ProblemCode], example: &Problem) -> ResponseBuilder {
    let list: Vec<String> = codes.iter().map(|c| format!("- `{c}`: {}", c.meaning())).collect();
    let example = serde_json::to_value(example).expect("a problem serialises");
    ResponseBuilder::new()
        .description(format!("{lead}\n\n{}", list.join("\n")))
        .content(
            PROBLEM_JSON,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(Problem::name())))
                .example(Some(example))
                .build(),
        )
}

/// Declares a reusable problem answer, registered under its type's name.
macro_rules! problem_answers {
    ($($(#[$doc:meta])* $name:ident => $build:expr;)+) => {
        $(
            $(#[$doc])*
            pub struct $name(pub Problem);

            impl<'a> ToResponse<'a> for $name {
                fn response() -> (&'a str, RefOr<Response>) {
                    (stringify!($name), RefOr::T($build.build()))
                }
            }
        )+
    };
}

problem_answers! {
    /// 400.
    BadRequest => problem_answer(
        "The request could not be read, or the server refuses a cursor or date range in it.",
        &[C::MalformedBody, C::BadCursor, C::BadRange],
        &Problem::new(400, C::MalformedBody, "The request could not be read")
            .detail("Failed to parse the request body as JSON: expected value at line 1 column 1"),
    );
    /// 401.
    Unauthenticated => problem_answer(
        "Sign in first.",
        &[C::Unauthenticated],
        &Problem::new(401, C::Unauthenticated, "Sign in to continue")
            .detail("sign in first: this needs a bearer token"),
    );
    /// 401 from sign-in itself.
    WrongCredentials => problem_answer(
        "The sign-in was refused.",
        &[C::InvalidCredentials],
        &Problem::new(401, C::InvalidCredentials, "Wrong email or password").detail("the email or password is not correct"),
    );
    /// 403.
    Forbidden => problem_answer(
        "Not allowed.",
        &[C::Forbidden],
        &Problem::new(403, C::Forbidden, "Not allowed").detail("your role may not do this"),
    );
    /// 401 from a link's token.
    LinkRefused => problem_answer(
        "The link's token is not valid or has expired; nothing was changed.",
        &[C::LinkInvalid, C::LinkExpired],
        &Problem::new(401, C::LinkInvalid, "This link is not valid").detail("the link is not valid"),
    );
    /// 403 from a link's token.
    LinkForeign => problem_answer(
        "The token is valid, but for another appointment, clinic or action; nothing was changed.",
        &[C::LinkMismatch],
        &Problem::new(403, C::LinkMismatch, "This link is for something else")
            .detail("this link is for another appointment or another action"),
    );
    /// 404.
    NotFound => problem_answer(
        "Not found; text that cannot be an id is not found either.",
        &[C::NotFound],
        &Problem::new(404, C::NotFound, "Not found").detail("booking not found"),
    );
    /// 409.
    Conflict => problem_answer(
        "The request conflicts with the current state.",
        &[
            C::SlotTaken,
            C::NoChairFree,
            C::HoldMismatch,
            C::IllegalTransition,
            C::BookingFinished,
            C::StaleVersion,
            C::OutsideCancellationWindow,
            C::AlreadyWaiting,
            C::WaitlistFull,
            C::OfferEnded,
            C::SlugTaken,
            C::EmailTaken,
            C::Contention,
        ],
        &Problem::new(409, C::SlotTaken, "That time was just taken"),
    );
    /// 413.
    PayloadTooLarge => problem_answer(
        "The body is too large (the limit is 64 KiB by default).",
        &[C::PayloadTooLarge],
        &Problem::new(413, C::PayloadTooLarge, "The request could not be read")
            .detail("Failed to buffer the request body: length limit exceeded"),
    );
    /// 415.
    UnsupportedMediaType => problem_answer(
        "Send the body as `Content-Type: application/json`.",
        &[C::UnsupportedMediaType],
        &Problem::new(415, C::UnsupportedMediaType, "The request could not be read")
            .detail("Expected request with `Content-Type: application/json`"),
    );
    /// 422.
    Unprocessable => problem_answer(
        "Some fields are invalid (one entry per field in `errors`), the body has the wrong shape, or a \
         booking or account rule refused the request.",
        &[
            C::ValidationFailed,
            C::MalformedBody,
            C::OffGrid,
            C::OutsideHours,
            C::OutsideBookingWindow,
            C::TreatmentNotOffered,
            C::ChairUnsuitable,
            C::TooLong,
            C::IdempotencyKeyReused,
            C::AccountRefused,
        ],
        &Problem::new(422, C::ValidationFailed, "Some fields are invalid")
            .detail("1 field(s) are invalid")
            .fields(vec![FieldError::new(
                "start",
                FieldCode::Invalid,
                "`tomorrow` is not an RFC 3339 time with offset (2026-03-02T10:00:00-03:00)",
            )]),
    );
    /// 429.
    RateLimited => problem_answer(
        "Slow down. Only where the server limits public routes itself; behind API Gateway the WAF answers \
         instead.",
        &[C::RateLimited],
        &Problem::new(429, C::RateLimited, "Too many requests; slow down"),
    )
    .header(
        "Retry-After",
        HeaderBuilder::new()
            .schema(u64::schema())
            .description(Some("Seconds to wait before trying again."))
            .build(),
    );
    /// 503.
    Unavailable => problem_answer(
        "A service the API needs is unavailable for a moment; try again later.",
        &[C::StoreUnavailable, C::IdentityUnavailable, C::SigningUnavailable],
        &Problem::new(503, C::StoreUnavailable, "Storage is unavailable"),
    );
}

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
error_set!(
    /// The errors of acting from a message's link: the token refused (401) or for something
    /// else (403), and the booking's own conflicts; limited per client.
    LinkErrors: 400 => BadRequest, 401 => LinkRefused, 403 => LinkForeign, 404 => NotFound,
    409 => Conflict, 413 => PayloadTooLarge, 415 => UnsupportedMediaType, 422 => Unprocessable,
    429 => RateLimited, 503 => Unavailable
);
