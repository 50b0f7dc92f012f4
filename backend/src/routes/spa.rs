//! The single-page app's files from `frontend/dist`. A path without a file extension gets
//! `index.html`, so the app's own router can answer deep links (as CloudFront's function
//! does); a missing file is a 404, never the page in its place. Files named by their
//! content's hash are kept for a year; everything else is revalidated on every load, so a
//! new release shows up on the next visit. Every answer carries the security headers
//! CloudFront adds in AWS: no page can be framed but the booking widget.

use std::convert::Infallible;
use std::path::PathBuf;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower::{ServiceExt, service_fn};
use tower_http::services::{ServeDir, ServeFile};

use crate::edge::status_problem;

/// Serves the app in `dir`, each answer with its cache policy.
pub fn service(dir: PathBuf) -> Router {
    let index = ServeFile::new(dir.join("index.html"));
    let page_or_missing = service_fn(move |request: Request| {
        let index = index.clone();
        async move {
            if has_extension(request.uri().path()) {
                return Ok::<_, Infallible>(status_problem(StatusCode::NOT_FOUND));
            }
            Ok(index.oneshot(request).await.into_response())
        }
    });
    Router::new()
        .fallback_service(ServeDir::new(dir).fallback(page_or_missing))
        .layer(middleware::from_fn(cache_policy))
        .layer(middleware::from_fn(security_headers))
}

/// The app's Content-Security-Policy with the given `frame-ancestors`: its own scripts,
/// plus compiling its WebAssembly. CloudFront sends the same
/// (terraform/modules/s3-cloudfront), with Cognito and the HTTPS upgrade added.
macro_rules! content_security_policy {
    ($frame_ancestors:literal) => {
        concat!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; ",
            "style-src 'self'; img-src 'self' data:; font-src 'self'; ",
            "connect-src 'self'; form-action 'self'; base-uri 'self'; object-src 'none'; ",
            "frame-ancestors ",
            $frame_ancestors
        )
    };
}

/// Staff screens act on patients' bookings: no other site may frame them (clickjacking).
const PAGE_POLICY: &str = content_security_policy!("'none'");
/// The booking widget exists to be framed by the clinic's own website, wherever it is.
const WIDGET_POLICY: &str = content_security_policy!("*");

async fn security_headers(request: Request, next: Next) -> Response {
    let widget = is_widget(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let policy = if widget { WIDGET_POLICY } else { PAGE_POLICY };
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(policy));
    if !widget {
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    response
}

/// `/<clinic>/embed`, the path CloudFront's `/*/embed` behaviour serves with the same rule.
fn is_widget(path: &str) -> bool {
    path.strip_suffix("/embed")
        .is_some_and(|clinic| clinic.len() > 1 && clinic.starts_with('/'))
}

async fn cache_policy(request: Request, next: Next) -> Response {
    let policy = cache_control(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// How long a browser may keep the file at `path` without asking again.
fn cache_control(path: &str) -> &'static str {
    if is_content_hashed(last_segment(path)) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// `patient-0123456789ab.wasm`: a name, a dash and the 12 hex digits of
/// `scripts/build-frontend.sh`, then an extension.
fn is_content_hashed(name: &str) -> bool {
    let Some((stem, _)) = name.rsplit_once('.') else {
        return false;
    };
    let Some((_, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    hash.len() == 12 && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn has_extension(path: &str) -> bool {
    last_segment(path).contains('.')
}

fn last_segment(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    async fn get(dir: &std::path::Path, path: &str) -> Response {
        let request = Request::get(path).body(Body::empty()).unwrap();
        service(dir.to_path_buf()).oneshot(request).await.unwrap()
    }

    fn header(response: &Response, name: header::HeaderName) -> Option<&str> {
        response.headers().get(name).map(|v| v.to_str().unwrap())
    }

    fn cache(response: &Response) -> Option<&str> {
        header(response, header::CACHE_CONTROL)
    }

    fn dist() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<!doctype html><title>Turnaki</title>").unwrap();
        std::fs::write(dir.path().join("sw.js"), "// service worker").unwrap();
        std::fs::write(dir.path().join("patient-0123456789ab.wasm"), b"\0asm").unwrap();
        dir
    }

    #[tokio::test]
    async fn a_content_hashed_file_is_kept_for_a_year() {
        let dir = dist();
        let response = get(dir.path(), "/patient-0123456789ab.wasm").await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(cache(&response), Some("public, max-age=31536000, immutable"));
    }

    #[tokio::test]
    async fn the_page_and_the_service_worker_are_checked_on_every_load() {
        let dir = dist();
        for path in ["/", "/sw.js", "/sonrisa/appointments/01JD0000000000000000000000"] {
            let response = get(dir.path(), path).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert_eq!(cache(&response), Some("no-cache"), "{path}");
        }
    }

    #[tokio::test]
    async fn a_file_of_an_older_release_is_missing_not_replaced_by_the_page() {
        let dir = dist();
        let response = get(dir.path(), "/patient-ffffffffffff.js").await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/problem+json");
        assert_eq!(cache(&response), None);
    }

    #[tokio::test]
    async fn no_other_site_can_frame_the_reception_calendar() {
        let dir = dist();
        let response = get(dir.path(), "/reception").await;
        let policy = header(&response, header::CONTENT_SECURITY_POLICY).unwrap();
        assert!(policy.ends_with("frame-ancestors 'none'"), "{policy}");
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval'"), "{policy}");
        assert_eq!(header(&response, header::X_FRAME_OPTIONS), Some("DENY"));
        assert_eq!(header(&response, header::X_CONTENT_TYPE_OPTIONS), Some("nosniff"));
    }

    #[tokio::test]
    async fn a_clinic_website_can_frame_the_booking_widget() {
        let dir = dist();
        let response = get(dir.path(), "/sonrisa/embed").await;
        assert_eq!(response.status(), StatusCode::OK);
        let policy = header(&response, header::CONTENT_SECURITY_POLICY).unwrap();
        assert!(policy.ends_with("frame-ancestors *"), "{policy}");
        assert_eq!(header(&response, header::X_FRAME_OPTIONS), None);
    }

    #[test]
    fn only_a_clinics_embed_path_is_the_widget() {
        assert!(is_widget("/sonrisa/embed"));
        assert!(!is_widget("/embed"));
        assert!(!is_widget("/sonrisa/embedded"));
        assert!(!is_widget("/sonrisa"));
    }

    #[test]
    fn only_build_outputs_count_as_content_hashed() {
        assert!(is_content_hashed("boot-94f9865a77dc.js"));
        assert!(!is_content_hashed("sw.js"));
        assert!(!is_content_hashed("icon-192.png"));
        assert!(!is_content_hashed("patient-0123456789AB.wasm"));
        assert!(!is_content_hashed("sonrisa-0123456789ab"));
    }
}
