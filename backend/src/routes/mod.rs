//! One router per resource (DESIGN §8). Handlers are thin: parse, check the policy, call
//! the catalog or the engine, answer.

pub mod auth;
pub mod bookings;
pub mod calls;
pub mod chairs;
pub mod figures;
pub mod health;
pub mod links;
pub mod me;
pub mod openapi;
pub mod outbox;
pub mod professionals;
pub mod public;
pub mod recalls;
pub mod spa;
pub mod tenants;
pub mod treatments;
pub mod usage;
pub mod users;
pub mod waitlist;

use std::str::FromStr;

use serde::Deserialize;
use utoipa::IntoParams;

use turnaki_shared::api::bookings::page_size;
use turnaki_shared::api::fields::Fields;
use turnaki_shared::store::Cursor;

use crate::error::{ApiError, ApiResult};

/// An id from the path; one that cannot name anything is simply not found.
pub fn path_id<T: FromStr>(text: &str, what: &'static str) -> ApiResult<T> {
    text.parse().map_err(|_| ApiError::NotFound(what))
}

/// `?cursor&limit` of a store-paged list: the cursor to continue after and the page size.
pub fn page_params(cursor: Option<&str>, limit: Option<&str>) -> ApiResult<(Option<Cursor>, u32)> {
    let mut f = Fields::default();
    let limit = page_size(&mut f, limit);
    let cursor = f.parse_opt("cursor", cursor);
    f.done(|| Some((cursor?, u32::try_from(limit?).ok()?)))
        .map_err(ApiError::from)
}

/// `?cursor&limit` of a list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// From a previous page.
    pub cursor: Option<String>,
    /// Page size (1–200, default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
}
