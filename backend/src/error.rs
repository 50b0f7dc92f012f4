//! Every way a request can fail, mapped once to an RFC 7807 answer with a stable code.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use turnaki_shared::accounts::AccountError;
use turnaki_shared::api::fields::Invalid;
use turnaki_shared::api::problem::{PROBLEM_JSON, Problem, ProblemCode};
use turnaki_shared::booking::BookingError;
use turnaki_shared::catalog::CatalogError;
use turnaki_shared::identity::{AuthError, IdentityError};
use turnaki_shared::links::LinkRefusal;
use turnaki_shared::links::desk::LinkFailure;
use turnaki_shared::store::StoreError;
use turnaki_shared::waitlist::WaitlistError;

use ProblemCode as C;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No token, or a bad one.
    #[error(transparent)]
    Unauthenticated(#[from] AuthError),
    /// The caller's role may not do this.
    #[error("your role may not do this")]
    Forbidden,
    /// Nothing of that kind with that id in the caller's clinic.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The body or query has invalid fields.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The request could not be read (malformed JSON, wrong media type, too large).
    #[error("{detail}")]
    Unreadable {
        /// 400, 413, 415 or 422.
        status: StatusCode,
        /// What was wrong.
        detail: String,
    },
    /// The request conflicts with the current state.
    #[error("{detail}")]
    Conflict {
        /// Stable code.
        code: ProblemCode,
        /// What happened.
        detail: String,
    },
    /// The booking engine refused.
    #[error(transparent)]
    Booking(#[from] BookingError),
    /// The catalog refused.
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    /// The identity provider refused.
    #[error(transparent)]
    Identity(#[from] IdentityError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A link from a message did not act.
    #[error(transparent)]
    Link(#[from] LinkFailure),
    /// The waitlist refused.
    #[error(transparent)]
    Waitlist(#[from] WaitlistError),
}

impl From<AccountError> for ApiError {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::Catalog(e) => Self::Catalog(e),
            AccountError::Identity(e) => Self::Identity(e),
        }
    }
}

/// What handlers return.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    fn problem(&self) -> Problem {
        use StatusCode as S;
        let p = |status: S, code: ProblemCode, title: &str| Problem::new(status.as_u16(), code, title);
        match self {
            Self::Unauthenticated(AuthError::KeysUnavailable(_)) => {
                p(S::SERVICE_UNAVAILABLE, C::IdentityUnavailable, "Sign-in is unavailable")
            }
            Self::Unauthenticated(_) => p(S::UNAUTHORIZED, C::Unauthenticated, "Sign in to continue"),
            Self::Forbidden => p(S::FORBIDDEN, C::Forbidden, "Not allowed"),
            Self::NotFound(_) => p(S::NOT_FOUND, C::NotFound, "Not found"),
            Self::Invalid(invalid)
            | Self::Catalog(CatalogError::Invalid(invalid))
            | Self::Booking(BookingError::Invalid(invalid)) => invalid_problem(invalid),
            Self::Unreadable { status, .. } => p(*status, unreadable_code(*status), "The request could not be read"),
            Self::Conflict { code, .. } => p(S::CONFLICT, *code, "Conflict"),
            Self::Booking(e) => booking_problem(e),
            Self::Catalog(CatalogError::SlugTaken(_)) => p(S::CONFLICT, C::SlugTaken, "Address taken"),
            Self::Catalog(CatalogError::EmailTaken) | Self::Identity(IdentityError::EmailTaken) => {
                p(S::CONFLICT, C::EmailTaken, "Email already registered")
            }
            Self::Catalog(CatalogError::NotFound) => p(S::NOT_FOUND, C::NotFound, "Not found"),
            Self::Catalog(CatalogError::Store(e)) | Self::Store(e) => store_problem(e),
            Self::Identity(IdentityError::InvalidCredentials) => {
                p(S::UNAUTHORIZED, C::InvalidCredentials, "Wrong email or password")
            }
            Self::Identity(IdentityError::Refused(_)) => {
                p(S::UNPROCESSABLE_ENTITY, C::AccountRefused, "The account was refused")
            }
            Self::Identity(IdentityError::Unavailable(_)) => {
                p(S::SERVICE_UNAVAILABLE, C::IdentityUnavailable, "Sign-in is unavailable")
            }
            Self::Identity(IdentityError::Store(e)) => store_problem(e),
            Self::Link(e) => link_problem(e),
            Self::Waitlist(e) => waitlist_problem(e),
        }
        .detail(self.to_string())
    }
}

fn invalid_problem(invalid: &Invalid) -> Problem {
    let status = StatusCode::UNPROCESSABLE_ENTITY.as_u16();
    Problem::new(status, C::ValidationFailed, "Some fields are invalid").fields(invalid.0.clone())
}

fn unreadable_code(status: StatusCode) -> ProblemCode {
    match status {
        StatusCode::PAYLOAD_TOO_LARGE => C::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => C::UnsupportedMediaType,
        _ => C::MalformedBody,
    }
}

fn booking_problem(e: &BookingError) -> Problem {
    use BookingError as B;
    use StatusCode as S;
    let (status, code, title) = match e {
        B::SlotTaken { .. } => (S::CONFLICT, C::SlotTaken, "That time was just taken"),
        B::NoChairFree => (S::CONFLICT, C::NoChairFree, "No chair is free then"),
        B::HoldMismatch => (S::CONFLICT, C::HoldMismatch, "The hold does not match"),
        B::IllegalTransition(_) => (S::CONFLICT, C::IllegalTransition, "That status change is not allowed"),
        B::Finished(_) => (S::CONFLICT, C::BookingFinished, "The booking can no longer change"),
        B::OutsideCancellationWindow(_) => (
            S::CONFLICT,
            C::OutsideCancellationWindow,
            "Too close to the visit to change online",
        ),
        B::Stale => (S::CONFLICT, C::StaleVersion, "The booking changed meanwhile"),
        B::NotFound(_) => (S::NOT_FOUND, C::NotFound, "Not found"),
        B::OffGrid(_) => (S::UNPROCESSABLE_ENTITY, C::OffGrid, "Not on the clinic's grid"),
        B::OutsideHours => (S::UNPROCESSABLE_ENTITY, C::OutsideHours, "Outside working hours"),
        B::OutsideBookingWindow => (
            S::UNPROCESSABLE_ENTITY,
            C::OutsideBookingWindow,
            "Outside the booking window",
        ),
        B::TreatmentNotOffered => (S::UNPROCESSABLE_ENTITY, C::TreatmentNotOffered, "Treatment not offered"),
        B::ChairUnsuitable => (S::UNPROCESSABLE_ENTITY, C::ChairUnsuitable, "Chair unsuitable"),
        B::TooLong => (S::UNPROCESSABLE_ENTITY, C::TooLong, "Appointment too long"),
        B::IdempotencyKeyReused => (
            S::UNPROCESSABLE_ENTITY,
            C::IdempotencyKeyReused,
            "Idempotency-Key reused",
        ),
        B::BadRange => (S::BAD_REQUEST, C::BadRange, "Bad date range"),
        B::BadCursor => (S::BAD_REQUEST, C::BadCursor, "Bad cursor"),
        B::Store(e) => return store_problem(e),
        B::Invalid(invalid) => return invalid_problem(invalid),
    };
    Problem::new(status.as_u16(), code, title)
}

fn link_problem(e: &LinkFailure) -> Problem {
    use StatusCode as S;
    let (status, code, title) = match e {
        LinkFailure::Refused(LinkRefusal::Invalid) => (S::UNAUTHORIZED, C::LinkInvalid, "This link is not valid"),
        LinkFailure::Refused(LinkRefusal::Expired) => (S::UNAUTHORIZED, C::LinkExpired, "This link has expired"),
        LinkFailure::Refused(LinkRefusal::Unavailable(_)) => (
            S::SERVICE_UNAVAILABLE,
            C::SigningUnavailable,
            "Links cannot be checked right now",
        ),
        LinkFailure::Foreign => (S::FORBIDDEN, C::LinkMismatch, "This link is for something else"),
        LinkFailure::Booking(e) => return booking_problem(e),
        LinkFailure::Offer(e) => return waitlist_problem(e),
    };
    Problem::new(status.as_u16(), code, title)
}

fn waitlist_problem(e: &WaitlistError) -> Problem {
    use StatusCode as S;
    let (status, code, title) = match e {
        WaitlistError::AlreadyWaiting => (S::CONFLICT, C::AlreadyWaiting, "Already on the waitlist"),
        WaitlistError::Full => (S::CONFLICT, C::WaitlistFull, "Too many waitlist entries"),
        WaitlistError::OfferEnded => (S::CONFLICT, C::OfferEnded, "This offer has ended"),
        WaitlistError::NotFound(_) => (S::NOT_FOUND, C::NotFound, "Not found"),
        WaitlistError::Invalid(invalid) => return invalid_problem(invalid),
        WaitlistError::Booking(e) => return booking_problem(e),
    };
    Problem::new(status.as_u16(), code, title)
}

fn store_problem(e: &StoreError) -> Problem {
    use StatusCode as S;
    let (status, code, title) = match e {
        StoreError::ConditionFailed { .. } | StoreError::Contention => (
            S::CONFLICT,
            C::Contention,
            "Someone else changed this at the same moment; try again",
        ),
        // The only caller-controlled way to reach `Invalid` is a cursor from another list.
        StoreError::Invalid(_) => (S::BAD_REQUEST, C::BadCursor, "Bad cursor"),
        StoreError::Unavailable(_) => (S::SERVICE_UNAVAILABLE, C::StoreUnavailable, "Storage is unavailable"),
        StoreError::Corrupt(_) => (S::INTERNAL_SERVER_ERROR, C::Internal, "Internal error"),
    };
    Problem::new(status.as_u16(), code, title)
}

/// Renders a problem as `application/problem+json`.
pub fn problem_response(problem: &Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(problem).expect("a problem serialises");
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    response
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problem = self.problem();
        if problem.status >= 500 {
            tracing::error!(code = %problem.code, error = %self, "request failed");
        }
        // Internal details stay in the log, not in the answer.
        let problem = if problem.status >= 500 {
            Problem {
                detail: None,
                ..problem
            }
        } else {
            problem
        };
        problem_response(&problem)
    }
}
