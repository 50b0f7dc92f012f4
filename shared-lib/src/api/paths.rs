//! The API's route paths, one builder per path of the OpenAPI document, for the single-page
//! app and the tests: a caller never spells `/v1/...` itself, so a renamed route breaks the
//! build or `backend/tests/openapi.rs`, not a page at run time. Every parameter and query
//! value is percent-encoded.

use std::fmt::Display;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;

/// Declares one builder per path template, and [`every_builder`] to reach them all: the
/// template is written once, so a builder cannot fill another path than the one it names.
macro_rules! paths {
    ($( #[doc = $doc:literal] $name:ident ( $($arg:ident),* ) = $template:literal; )*) => {
        $(
            #[doc = $doc]
            #[doc = ""]
            #[doc = concat!("`", $template, "`")]
            pub fn $name($($arg: impl Display),*) -> String {
                fill($template, &[$(&$arg as &dyn Display),*])
            }
        )*

        /// Every builder, each parameter set to `value`, beside its template: how the checks
        /// reach all of them (a builder missing from the document, or a documented path
        /// without a builder, fails `backend/tests/openapi.rs`).
        pub fn every_builder(value: &str) -> Vec<(&'static str, String)> {
            vec![$( ($template, $name($( { let _ = stringify!($arg); value } ),*)) ),*]
        }
    };
}

paths! {
    /// Liveness and store reachability.
    health() = "/health";
    /// The embedded sign-in.
    token() = "/v1/auth/token";
    /// The embedded sign-in's signing keys.
    jwks() = "/.well-known/jwks.json";
    /// The single-page app's configuration.
    config() = "/config.json";
    /// The OpenAPI document.
    openapi() = "/v1/openapi.json";
    /// The clinics (the platform owner's list and onboarding).
    tenants() = "/v1/tenants";
    /// One clinic's settings.
    tenant(id) = "/v1/tenants/{id}";
    /// A clinic's treatments.
    treatments() = "/v1/treatments";
    /// One treatment.
    treatment(id) = "/v1/treatments/{id}";
    /// A clinic's professionals.
    professionals() = "/v1/professionals";
    /// One professional.
    professional(id) = "/v1/professionals/{id}";
    /// A professional's time off (`clinic` for the clinic's closures).
    time_off(professional) = "/v1/professionals/{id}/time-off";
    /// One period of time off.
    time_off_period(professional, time_off) = "/v1/professionals/{id}/time-off/{time_off_id}";
    /// A clinic's chairs.
    chairs() = "/v1/chairs";
    /// One chair.
    chair(id) = "/v1/chairs/{id}";
    /// A clinic's staff accounts.
    users() = "/v1/users";
    /// A clinic's public profile.
    clinic(slug) = "/v1/public/clinics/{slug}";
    /// A clinic's free times ([`crate::api::bookings::AvailabilityQuery`]).
    availability(slug) = "/v1/public/clinics/{slug}/availability";
    /// A patient's registration with a clinic.
    register(slug) = "/v1/public/clinics/{slug}/register";
    /// Holding a time while the patient fills the form.
    holds(slug) = "/v1/public/clinics/{slug}/holds";
    /// Booking, and the calendar ([`crate::api::bookings::CalendarQuery`]).
    bookings() = "/v1/bookings";
    /// One booking.
    booking(id) = "/v1/bookings/{id}";
    /// Cancelling a booking.
    cancel(id) = "/v1/bookings/{id}/cancel";
    /// Moving a booking.
    reschedule(id) = "/v1/bookings/{id}/reschedule";
    /// The signed-in patient's bookings ([`crate::api::bookings::MyBookingsQuery`]).
    my_bookings() = "/v1/me/bookings";
    /// Whether the signed-in patient accepts text messages.
    my_texts() = "/v1/me/texts";
    /// The embedded outbox.
    outbox() = "/v1/outbox";
    /// Appointments per clinic per month ([`UsageQuery`]).
    usage() = "/v1/usage";
    /// The booking a message's link opens (the token in the body).
    link(slug, booking) = "/v1/public/clinics/{slug}/bookings/{id}/link";
    /// Acting on a booking from a message's link: `confirm`, `cancel` or `reschedule`.
    link_act(slug, booking, action) = "/v1/public/clinics/{slug}/bookings/{id}/link/{action}";
    /// The signed-in patient's waitlist entries (list and join).
    my_waitlist() = "/v1/me/waitlist";
    /// One of the signed-in patient's waitlist entries (leave).
    my_waitlist_entry(id) = "/v1/me/waitlist/{id}";
    /// The clinic's waitlist (staff: list and add).
    waitlist() = "/v1/waitlist";
    /// One waitlist entry (staff: remove).
    waitlist_entry(id) = "/v1/waitlist/{id}";
    /// The waitlist offer a message's link opens (the token in the body).
    offer_link(slug, offer) = "/v1/public/clinics/{slug}/offers/{id}/link";
    /// Acting on a waitlist offer from a message's link: `take` or `decline`.
    offer_act(slug, offer, action) = "/v1/public/clinics/{slug}/offers/{id}/link/{action}";
    /// One clinic's month of confirmations, no-shows, waitlist fills and recalls ([`UsageQuery`]).
    figures() = "/v1/figures";
    /// The patients due back for a treatment ([`crate::api::recalls::RecallQuery`]).
    recalls() = "/v1/recalls";
    /// Reception's to-call list ([`crate::api::links::ToCallQuery`]).
    to_call() = "/v1/to-call";
    /// Recording that reception phoned the patient about a booking.
    called(id) = "/v1/bookings/{id}/called";
}

/// `template` with each `{name}` replaced by the next of `values`, percent-encoded.
fn fill(template: &str, values: &[&dyn Display]) -> String {
    let mut path = String::with_capacity(template.len());
    let mut values = values.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = open + rest[open..].find('}').expect("a template closes its `{`");
        let value = values.next().expect("a value for every parameter of the template");
        path.push_str(&rest[..open]);
        path.push_str(&encode(&value.to_string()));
        rest = &rest[close + 1..];
    }
    assert!(values.next().is_none(), "more values than parameters in {template}");
    path.push_str(rest);
    path
}

/// `?cursor&limit` of every list.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PageQuery {
    /// From a previous page.
    pub cursor: Option<String>,
    /// Page size (1–200, default 50).
    pub limit: Option<u32>,
}

/// `?month` of [`usage`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UsageQuery {
    /// `YYYY-MM` (default: the current month in each clinic's zone).
    pub month: Option<String>,
}

/// `path` with the fields of `query` that are set appended as `key=value` (after `?`, or
/// `&` when `path` has a query already), in key order, percent-encoded. `query` is a flat
/// struct: the server's own query types, so a key is the name the server reads.
pub fn with_query(path: String, query: &impl Serialize) -> String {
    let Value::Object(fields) = serde_json::to_value(query).expect("a query serialises") else {
        panic!("a query is a struct of plain fields");
    };
    // Sorted, whatever order serde_json keeps (it depends on features other crates turn on),
    // so one query gives one path in every build.
    let mut pairs: Vec<(String, String)> = fields
        .into_iter()
        .filter_map(|(key, value)| match value {
            Value::Null => None,
            Value::String(text) => Some((key, text)),
            Value::Bool(_) | Value::Number(_) => Some((key, value.to_string())),
            Value::Array(_) | Value::Object(_) => panic!("query field `{key}` is not a plain value"),
        })
        .collect();
    pairs.sort();
    let mut path = path;
    for (key, value) in pairs {
        path.push(if path.contains('?') { '&' } else { '?' });
        path.push_str(&encode(&key));
        path.push('=');
        path.push_str(&encode(&value));
    }
    path
}

/// What `encodeURIComponent` leaves as it is: letters, digits and `-_.!~*'()`.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// Percent-encodes a path segment or a query key or value, as `encodeURIComponent` does.
pub fn encode(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::bookings::{AvailabilityQuery, CalendarQuery};

    #[test]
    fn a_builder_encodes_each_parameter_as_one_segment() {
        assert_eq!(
            booking("01ARZ3NDEKTSV4RRFFQ69G5FAV"),
            "/v1/bookings/01ARZ3NDEKTSV4RRFFQ69G5FAV"
        );
        assert_eq!(clinic("a/b?c#d é"), "/v1/public/clinics/a%2Fb%3Fc%23d%20%C3%A9");
        assert_eq!(time_off_period("clinic", 7), "/v1/professionals/clinic/time-off/7");
    }

    #[test]
    fn a_query_keeps_the_fields_that_are_set_encoded_and_in_key_order() {
        let query = AvailabilityQuery {
            treatment_id: Some("t 1".into()),
            professional_id: None,
            from: Some("2026-03-02".into()),
            to: Some("2026-03-02&x=1".into()),
        };
        assert_eq!(
            with_query(availability("sonrisa"), &query),
            "/v1/public/clinics/sonrisa/availability?from=2026-03-02&to=2026-03-02%26x%3D1&treatment_id=t%201"
        );
        assert_eq!(with_query(bookings(), &CalendarQuery::default()), "/v1/bookings");
    }

    #[test]
    fn a_query_on_a_path_with_one_continues_it() {
        let first = with_query(
            outbox(),
            &PageQuery {
                cursor: None,
                limit: Some(50),
            },
        );
        assert_eq!(first, "/v1/outbox?limit=50");
        let next = PageQuery {
            cursor: Some("x+y".into()),
            limit: None,
        };
        assert_eq!(with_query(first, &next), "/v1/outbox?limit=50&cursor=x%2By");
        assert_eq!(with_query(chairs(), &PageQuery::default()), "/v1/chairs");
    }

    #[test]
    fn every_builder_fills_exactly_its_templates_parameters() {
        for (template, path) in every_builder("v") {
            let want: Vec<&str> = template
                .split('/')
                .map(|s| if s.starts_with('{') { "v" } else { s })
                .collect();
            assert_eq!(path.split('/').collect::<Vec<_>>(), want, "{template}");
        }
    }
}
