//! RFC 7807 problem details: the body of every error answer, with a stable `code`.

use serde::{Deserialize, Serialize};

use super::fields::FieldError;
pub use super::problem_code::ProblemCode;

/// The media type of problem answers.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the kind of problem (`about:blank` style, stable per `code`).
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary for people.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// A stable machine-readable code (`slot_taken`, `validation_failed`, ...).
    // A `ProblemCode` as text, so that a code this build does not know still reads.
    pub code: String,
    /// What happened in this case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Per-field problems of a request body or query.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl Problem {
    /// A problem with its status, stable code and title.
    pub fn new(status: u16, code: ProblemCode, title: &str) -> Self {
        Self {
            kind: format!("https://turnaki.app/problems/{}", code.as_str().replace('_', "-")),
            title: title.to_owned(),
            status,
            code: code.as_str().to_owned(),
            detail: None,
            errors: Vec::new(),
        }
    }

    /// The code, if this build knows it (`None` for a newer server's code).
    pub fn problem_code(&self) -> Option<ProblemCode> {
        self.code.parse().ok()
    }

    /// Adds the case's detail.
    pub fn detail(self, detail: impl Into<String>) -> Self {
        Self {
            detail: Some(detail.into()),
            ..self
        }
    }

    /// Adds field problems.
    pub fn fields(self, errors: Vec<FieldError>) -> Self {
        Self { errors, ..self }
    }
}
