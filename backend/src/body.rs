//! Request bodies and queries whose rejections are problem answers, not axum's plain text.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON body.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Self(v)),
            Err(rejection) => Err(unreadable(&rejection)),
        }
    }
}

fn unreadable(rejection: &JsonRejection) -> ApiError {
    let status = match rejection {
        JsonRejection::JsonDataError(_) => StatusCode::UNPROCESSABLE_ENTITY,
        other => other.status(),
    };
    ApiError::Unreadable {
        status,
        detail: rejection.body_text(),
    }
}

/// A JSON body that may be left out entirely (an empty body reads as `None`).
pub struct OptionalBody<T>(pub Option<T>);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for OptionalBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let bytes = axum::body::Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(|r| ApiError::Unreadable {
                status: r.status(),
                detail: r.body_text(),
            })?;
        if bytes.is_empty() {
            return Ok(Self(None));
        }
        let Body(value) = Body::<T>::from_request(Request::from_parts(parts, bytes.into()), state).await?;
        Ok(Self(Some(value)))
    }
}

/// A query string.
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Self(v)),
            Err(rejection) => Err(query_unreadable(&rejection)),
        }
    }
}

fn query_unreadable(rejection: &QueryRejection) -> ApiError {
    ApiError::Unreadable {
        status: StatusCode::BAD_REQUEST,
        detail: rejection.body_text(),
    }
}
