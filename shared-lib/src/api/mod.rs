//! The HTTP API's request and response bodies (DESIGN §8), shared by the server and the
//! single-page app so the two cannot drift. Requests arrive as plain fields and are parsed
//! into domain values here, collecting every field's problem at once.

pub mod auth;
pub mod bookings;
pub mod clinics;
pub mod fields;
pub mod figures;
pub mod links;
pub mod outbox;
pub mod paths;
pub mod problem;
pub mod problem_code;
pub mod recalls;
pub mod resources;
pub mod staff;
pub mod texts;
pub mod waitlist;

use serde::{Deserialize, Serialize};

/// One page of a list; `cursor` is present only when more items follow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Pass back as `?cursor=` for the next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// The largest page any list returns.
pub const MAX_PAGE_SIZE: usize = 200;
/// The page size when the caller names none.
pub const DEFAULT_PAGE_SIZE: usize = 50;
