//! The HTTP API client: JSON over `fetch`, the signed-in person's bearer token, and
//! problem+json answers turned into [`ApiError`]s the pages can put into words.

use serde::Serialize;
use serde::de::DeserializeOwned;
use turnaki_shared::api::paths::{self, PageQuery};
use turnaki_shared::api::problem::{Problem, ProblemCode};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with a problem (4xx or 5xx).
    Problem(Box<Problem>),
    /// No answer, or one that is not what the API promises.
    Network(String),
}

impl ApiError {
    /// The problem's stable code; `None` without an answer, or for a code this build does
    /// not know (a newer server's), which pages treat as a generic failure.
    pub fn code(&self) -> Option<ProblemCode> {
        match self {
            Self::Problem(p) => p.problem_code(),
            Self::Network(_) => None,
        }
    }

    /// The code as the server sent it, or `network` (for `data-code` and logs).
    pub fn code_text(&self) -> &str {
        match self {
            Self::Problem(p) => &p.code,
            Self::Network(_) => "network",
        }
    }

    /// The HTTP status, if the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Problem(p) => Some(p.status),
            Self::Network(_) => None,
        }
    }

    /// The problem's per-field complaints.
    pub fn field_errors(&self) -> &[turnaki_shared::api::fields::FieldError] {
        match self {
            Self::Problem(p) => &p.errors,
            Self::Network(_) => &[],
        }
    }
}

/// Where the API lives and who is calling it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Client {
    /// The API's origin, empty for the page's own.
    pub base: String,
    /// The bearer token of the signed-in person.
    pub token: Option<String>,
}

impl Client {
    /// `GET path`.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.send("GET", path, None, None).await
    }

    /// `POST path` with a JSON body.
    pub async fn post<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ApiError> {
        self.send("POST", path, Some(json(body)?), None).await
    }

    /// `POST path` with a JSON body and an `Idempotency-Key`, so a retried click books once.
    pub async fn post_once<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        key: &str,
    ) -> Result<T, ApiError> {
        self.send("POST", path, Some(json(body)?), Some(key)).await
    }

    /// `PATCH path` with a JSON body.
    pub async fn patch<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ApiError> {
        self.send("PATCH", path, Some(json(body)?), None).await
    }

    /// `PUT path` with a JSON body.
    pub async fn put<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ApiError> {
        self.send("PUT", path, Some(json(body)?), None).await
    }

    /// `DELETE path`; the answer's body, if any, is dropped.
    pub async fn delete(&self, path: &str) -> Result<(), ApiError> {
        self.delete_for::<serde_json::Value>(path).await.map(drop)
    }

    /// `DELETE path`, reading the answer: the record as the deletion left it.
    pub async fn delete_for<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.send("DELETE", path, None, None).await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
        idempotency_key: Option<&str>,
    ) -> Result<T, ApiError> {
        let headers = Headers::new().map_err(js_error)?;
        headers.set("accept", "application/json").map_err(js_error)?;
        if let Some(token) = &self.token {
            headers
                .set("authorization", &format!("Bearer {token}"))
                .map_err(js_error)?;
        }
        if let Some(key) = idempotency_key {
            headers.set("idempotency-key", key).map_err(js_error)?;
        }
        let init = RequestInit::new();
        init.set_method(method);
        if let Some(body) = &body {
            headers.set("content-type", "application/json").map_err(js_error)?;
            init.set_body(&JsValue::from_str(body));
        }
        init.set_headers(&headers);
        let url = format!("{}{path}", self.base);
        let request = Request::new_with_str_and_init(&url, &init).map_err(js_error)?;
        let text = fetch_text(&request).await?;
        decode(text.0, &text.1)
    }
}

/// Fetches `request`, giving the status and the body's text.
pub async fn fetch_text(request: &Request) -> Result<(u16, String), ApiError> {
    let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
    let response: Response = JsFuture::from(window.fetch_with_request(request))
        .await
        .map_err(js_error)?
        .dyn_into()
        .map_err(js_error)?;
    let text = JsFuture::from(response.text().map_err(js_error)?)
        .await
        .map_err(js_error)?;
    Ok((response.status(), text.as_string().unwrap_or_default()))
}

/// Reads an answer: the value on 2xx, the problem otherwise.
pub fn decode<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, ApiError> {
    if (200..300).contains(&status) {
        // A 204 has no body; `null` lets `()`-like types through.
        let body = if body.trim().is_empty() { "null" } else { body };
        return serde_json::from_str(body).map_err(|e| ApiError::Network(format!("unexpected answer: {e}")));
    }
    match serde_json::from_str::<Problem>(body) {
        Ok(problem) => Err(ApiError::Problem(Box::new(problem))),
        Err(_) => Err(ApiError::Network(format!("HTTP {status}"))),
    }
}

fn json<B: Serialize>(body: &B) -> Result<String, ApiError> {
    serde_json::to_string(body).map_err(|e| ApiError::Network(e.to_string()))
}

fn js_error(e: JsValue) -> ApiError {
    ApiError::Network(e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

/// `path` with `cursor=` appended, for the page after `cursor` (the first page without).
pub fn with_cursor(path: &str, cursor: Option<&str>) -> String {
    let query = PageQuery {
        cursor: cursor.map(str::to_owned),
        limit: None,
    };
    paths::with_query(path.to_owned(), &query)
}

/// A fresh `Idempotency-Key`, so a repeated click books once: 128 random bits in hex.
pub fn idempotency_key() -> String {
    // `getRandomValues`, not `randomUUID`: the latter exists only in secure contexts, and
    // the wizard also runs on plain HTTP (a clinic's network, a plain-HTTP site's frame).
    let mut bits = [0u8; 16];
    let random = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bits).is_ok());
    if random {
        bits.iter().map(|b| format!("{b:02x}")).collect()
    } else {
        format!("{}-{}", js_sys::Date::now(), js_sys::Math::random())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_answer_keeps_its_code_and_fields() {
        let body = r#"{"type":"about:blank","title":"Bad input","status":422,"code":"validation_failed",
            "errors":[{"field":"name","code":"required","message":"is required"}]}"#;
        let err = decode::<serde_json::Value>(422, body).unwrap_err();
        assert_eq!(
            (err.code(), err.status()),
            (Some(ProblemCode::ValidationFailed), Some(422))
        );
        assert_eq!(err.field_errors()[0].field, "name");
    }

    #[test]
    fn the_next_page_adds_its_cursor_to_the_query() {
        assert_eq!(with_cursor(&paths::chairs(), None), paths::chairs());
        let first = format!("{}?limit=200", paths::bookings());
        assert_eq!(with_cursor(&first, Some("x")), format!("{first}&cursor=x"));
    }

    #[test]
    fn an_empty_success_reads_as_null_and_garbage_as_network() {
        assert_eq!(decode::<Option<u32>>(204, "").unwrap(), None);
        assert_eq!(
            decode::<u32>(502, "<html>").unwrap_err(),
            ApiError::Network("HTTP 502".into())
        );
    }

    #[test]
    fn a_code_this_build_does_not_know_still_reads_as_a_problem() {
        let body = r#"{"type":"about:blank","title":"New","status":409,"code":"brand_new_rule"}"#;
        let err = decode::<serde_json::Value>(409, body).unwrap_err();
        assert_eq!(
            (err.code(), err.code_text(), err.status()),
            (None, "brand_new_rule", Some(409))
        );
    }
}
