//! A typed client of the Turnaki API for tests, as zero2prod's test app: one method per route
//! (`book`, `cancel`, `calendar`, `create_treatment`, ...), each built on
//! [`turnaki_shared::api::paths`] and returning the answer for the test to assert on. A test
//! spells no URL, so a renamed route is one change in `paths`, not one in every test.

use std::fmt::Display;

use reqwest::{Method, RequestBuilder, Response};
use serde_json::Value;
use turnaki_shared::api::bookings::{AvailabilityQuery, CalendarQuery, MyBookingsQuery};
use turnaki_shared::api::links::ToCallQuery;
use turnaki_shared::api::paths::{self, PageQuery, UsageQuery, with_query};
use turnaki_shared::api::recalls::RecallQuery;
use turnaki_shared::api::resources::RangeQuery;

/// The API at one address, as one caller: signed in with a bearer token, or not.
#[derive(Debug, Clone)]
pub struct ApiClient {
    http: reqwest::Client,
    address: String,
    token: Option<String>,
}

impl ApiClient {
    /// The API at `address` (`http://host:port`), not signed in.
    pub fn new(address: impl Into<String>) -> Self {
        Self {
            http: reqwest::Client::new(),
            address: address.into(),
            token: None,
        }
    }

    /// The same API as the bearer of `token`.
    pub fn by(&self, token: &str) -> Self {
        self.with_token(Some(token))
    }

    /// The same API with `token`, or signed out without one.
    pub fn with_token(&self, token: Option<&str>) -> Self {
        Self {
            token: token.map(str::to_owned),
            ..self.clone()
        }
    }

    /// A request for `path` with this caller's token, to add headers or a raw body to.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let request = self.http.request(method, format!("{}{path}", self.address));
        match &self.token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    /// Sends `method path`, with `body` as JSON.
    pub async fn call(&self, method: Method, path: &str, body: Option<&Value>) -> Response {
        let mut request = self.request(method, path);
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.expect("the server answers")
    }

    async fn get(&self, path: String) -> Response {
        self.call(Method::GET, &path, None).await
    }

    async fn post(&self, path: String, body: &Value) -> Response {
        self.call(Method::POST, &path, Some(body)).await
    }

    async fn put(&self, path: String, body: &Value) -> Response {
        self.call(Method::PUT, &path, Some(body)).await
    }

    async fn patch(&self, path: String, body: &Value) -> Response {
        self.call(Method::PATCH, &path, Some(body)).await
    }

    async fn delete(&self, path: String) -> Response {
        self.call(Method::DELETE, &path, None).await
    }

    /// `GET /health`.
    pub async fn health(&self) -> Response {
        self.get(paths::health()).await
    }

    /// `POST /v1/auth/token`: signs in with `body` (`email`, `password`).
    pub async fn request_token(&self, body: &Value) -> Response {
        self.post(paths::token(), body).await
    }

    /// `GET /.well-known/jwks.json`.
    pub async fn jwks(&self) -> Response {
        self.get(paths::jwks()).await
    }

    /// `GET /config.json`.
    pub async fn config(&self) -> Response {
        self.get(paths::config()).await
    }

    /// `GET /v1/openapi.json`.
    pub async fn openapi(&self) -> Response {
        self.get(paths::openapi()).await
    }

    /// `GET /v1/tenants`: a page of clinics.
    pub async fn tenants(&self, page: &PageQuery) -> Response {
        self.get(with_query(paths::tenants(), page)).await
    }

    /// `POST /v1/tenants`: onboards a clinic.
    pub async fn onboard(&self, body: &Value) -> Response {
        self.post(paths::tenants(), body).await
    }

    /// `GET /v1/tenants/{id}`.
    pub async fn tenant(&self, id: impl Display) -> Response {
        self.get(paths::tenant(id)).await
    }

    /// `PATCH /v1/tenants/{id}`: changes a clinic's settings.
    pub async fn update_tenant(&self, id: impl Display, body: &Value) -> Response {
        self.patch(paths::tenant(id), body).await
    }

    /// `GET /v1/treatments`.
    pub async fn treatments(&self) -> Response {
        self.get(paths::treatments()).await
    }

    /// `POST /v1/treatments`.
    pub async fn create_treatment(&self, body: &Value) -> Response {
        self.post(paths::treatments(), body).await
    }

    /// `GET /v1/treatments/{id}`.
    pub async fn treatment(&self, id: impl Display) -> Response {
        self.get(paths::treatment(id)).await
    }

    /// `PATCH /v1/treatments/{id}`.
    pub async fn update_treatment(&self, id: impl Display, body: &Value) -> Response {
        self.patch(paths::treatment(id), body).await
    }

    /// `DELETE /v1/treatments/{id}`: archives it.
    pub async fn archive_treatment(&self, id: impl Display) -> Response {
        self.delete(paths::treatment(id)).await
    }

    /// `GET /v1/professionals`.
    pub async fn professionals(&self) -> Response {
        self.get(paths::professionals()).await
    }

    /// `POST /v1/professionals`.
    pub async fn create_professional(&self, body: &Value) -> Response {
        self.post(paths::professionals(), body).await
    }

    /// `GET /v1/professionals/{id}`.
    pub async fn professional(&self, id: impl Display) -> Response {
        self.get(paths::professional(id)).await
    }

    /// `PATCH /v1/professionals/{id}`.
    pub async fn update_professional(&self, id: impl Display, body: &Value) -> Response {
        self.patch(paths::professional(id), body).await
    }

    /// `DELETE /v1/professionals/{id}`: archives them.
    pub async fn archive_professional(&self, id: impl Display) -> Response {
        self.delete(paths::professional(id)).await
    }

    /// `GET /v1/professionals/{id}/time-off` (`clinic`: the closures) within `range`.
    pub async fn time_off(&self, professional: impl Display, range: &RangeQuery) -> Response {
        self.get(with_query(paths::time_off(professional), range)).await
    }

    /// `POST /v1/professionals/{id}/time-off`.
    pub async fn add_time_off(&self, professional: impl Display, body: &Value) -> Response {
        self.post(paths::time_off(professional), body).await
    }

    /// `DELETE /v1/professionals/{id}/time-off/{time_off_id}`.
    pub async fn remove_time_off(&self, professional: impl Display, time_off: impl Display) -> Response {
        self.delete(paths::time_off_period(professional, time_off)).await
    }

    /// `GET /v1/chairs`.
    pub async fn chairs(&self) -> Response {
        self.get(paths::chairs()).await
    }

    /// `POST /v1/chairs`.
    pub async fn create_chair(&self, body: &Value) -> Response {
        self.post(paths::chairs(), body).await
    }

    /// `PATCH /v1/chairs/{id}`.
    pub async fn update_chair(&self, id: impl Display, body: &Value) -> Response {
        self.patch(paths::chair(id), body).await
    }

    /// `DELETE /v1/chairs/{id}`: archives it.
    pub async fn archive_chair(&self, id: impl Display) -> Response {
        self.delete(paths::chair(id)).await
    }

    /// `GET /v1/users`: the clinic's staff.
    pub async fn users(&self) -> Response {
        self.get(paths::users()).await
    }

    /// `POST /v1/users`: a staff account.
    pub async fn create_user(&self, body: &Value) -> Response {
        self.post(paths::users(), body).await
    }

    /// `GET /v1/public/clinics/{slug}`: the clinic's public profile.
    pub async fn clinic(&self, slug: impl Display) -> Response {
        self.get(paths::clinic(slug)).await
    }

    /// `GET /v1/public/clinics/{slug}/availability`.
    pub async fn availability(&self, slug: impl Display, query: &AvailabilityQuery) -> Response {
        self.get(with_query(paths::availability(slug), query)).await
    }

    /// `POST /v1/public/clinics/{slug}/register`: a patient signs up.
    pub async fn register(&self, slug: impl Display, body: &Value) -> Response {
        self.post(paths::register(slug), body).await
    }

    /// `POST /v1/public/clinics/{slug}/holds`.
    pub async fn hold(&self, slug: impl Display, body: &Value) -> Response {
        self.post(paths::holds(slug), body).await
    }

    /// `POST /v1/bookings`.
    pub async fn book(&self, body: &Value) -> Response {
        self.post(paths::bookings(), body).await
    }

    /// `POST /v1/bookings` with an `Idempotency-Key`.
    pub async fn book_once(&self, body: &Value, key: &str) -> Response {
        self.request(Method::POST, &paths::bookings())
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
            .expect("the server answers")
    }

    /// `GET /v1/bookings`: the calendar.
    pub async fn calendar(&self, query: &CalendarQuery) -> Response {
        self.get(with_query(paths::bookings(), query)).await
    }

    /// `GET /v1/bookings/{id}`.
    pub async fn booking(&self, id: impl Display) -> Response {
        self.get(paths::booking(id)).await
    }

    /// `PATCH /v1/bookings/{id}`: its status or notes.
    pub async fn update_booking(&self, id: impl Display, body: &Value) -> Response {
        self.patch(paths::booking(id), body).await
    }

    /// `POST /v1/bookings/{id}/cancel`.
    pub async fn cancel(&self, id: impl Display, body: &Value) -> Response {
        self.post(paths::cancel(id), body).await
    }

    /// `POST /v1/bookings/{id}/reschedule`.
    pub async fn reschedule(&self, id: impl Display, body: &Value) -> Response {
        self.post(paths::reschedule(id), body).await
    }

    /// `POST /v1/public/clinics/{slug}/bookings/{id}/link`: the page a message's link opens.
    pub async fn link(&self, slug: impl Display, booking: impl Display, body: &Value) -> Response {
        self.post(paths::link(slug, booking), body).await
    }

    /// `POST /v1/public/clinics/{slug}/bookings/{id}/link/{action}`: acting from a link.
    pub async fn link_act(&self, slug: impl Display, booking: impl Display, action: &str, body: &Value) -> Response {
        self.post(paths::link_act(slug, booking, action), body).await
    }

    /// `POST /v1/public/clinics/{slug}/offers/{id}/link`: the waitlist offer a link opens.
    pub async fn offer_link(&self, slug: impl Display, offer: impl Display, body: &Value) -> Response {
        self.post(paths::offer_link(slug, offer), body).await
    }

    /// `POST /v1/public/clinics/{slug}/offers/{id}/link/{action}`: take or decline an offer.
    pub async fn offer_act(&self, slug: impl Display, offer: impl Display, action: &str, body: &Value) -> Response {
        self.post(paths::offer_act(slug, offer, action), body).await
    }

    /// `GET /v1/me/waitlist`: the patient's own waitlist entries.
    pub async fn my_waitlist(&self) -> Response {
        self.get(paths::my_waitlist()).await
    }

    /// `POST /v1/me/waitlist`: the patient joins the waitlist.
    pub async fn join_waitlist(&self, body: &Value) -> Response {
        self.post(paths::my_waitlist(), body).await
    }

    /// `DELETE /v1/me/waitlist/{id}`: the patient leaves the waitlist.
    pub async fn leave_waitlist(&self, id: impl Display) -> Response {
        self.delete(paths::my_waitlist_entry(id)).await
    }

    /// `GET /v1/waitlist`: one page of the clinic's waitlist.
    pub async fn waitlist(&self, page: &PageQuery) -> Response {
        self.get(with_query(paths::waitlist(), page)).await
    }

    /// `POST /v1/waitlist`: reception adds a patient to the waitlist.
    pub async fn add_to_waitlist(&self, body: &Value) -> Response {
        self.post(paths::waitlist(), body).await
    }

    /// `DELETE /v1/waitlist/{id}`: staff take an entry off the waitlist.
    pub async fn remove_from_waitlist(&self, id: impl Display) -> Response {
        self.delete(paths::waitlist_entry(id)).await
    }

    /// `GET /v1/figures`: the clinic's month of the loop around its bookings.
    pub async fn figures(&self, query: &UsageQuery) -> Response {
        self.get(with_query(paths::figures(), query)).await
    }

    /// `GET /v1/recalls`: one page of the patients due back.
    pub async fn recalls(&self, query: &RecallQuery) -> Response {
        self.get(with_query(paths::recalls(), query)).await
    }

    /// `GET /v1/to-call`: reception's list of patients to phone.
    pub async fn to_call(&self, query: &ToCallQuery) -> Response {
        self.get(with_query(paths::to_call(), query)).await
    }

    /// `POST /v1/bookings/{id}/called`: records that reception phoned.
    pub async fn called(&self, id: impl Display, body: &Value) -> Response {
        self.post(paths::called(id), body).await
    }

    /// `GET /v1/me/bookings`.
    pub async fn my_bookings(&self, query: &MyBookingsQuery) -> Response {
        self.get(with_query(paths::my_bookings(), query)).await
    }

    /// `GET /v1/me/texts`: whether the signed-in patient accepts texts.
    pub async fn my_texts(&self) -> Response {
        self.get(paths::my_texts()).await
    }

    /// `PUT /v1/me/texts`: accepts or stops texts.
    pub async fn answer_texts(&self, body: &Value) -> Response {
        self.put(paths::my_texts(), body).await
    }

    /// `GET /v1/outbox`.
    pub async fn outbox(&self, page: &PageQuery) -> Response {
        self.get(with_query(paths::outbox(), page)).await
    }

    /// `GET /v1/usage`.
    pub async fn usage(&self, query: &UsageQuery) -> Response {
        self.get(with_query(paths::usage(), query)).await
    }
}

/// The calendar from `from` to `to` (days, `YYYY-MM-DD`), every other field unset.
pub fn calendar_between(from: impl Display, to: impl Display) -> CalendarQuery {
    CalendarQuery {
        from: Some(from.to_string()),
        to: Some(to.to_string()),
        ..CalendarQuery::default()
    }
}

/// The free times of `treatment` with any professional from `from` to `to`.
pub fn free_between(treatment: impl Display, from: impl Display, to: impl Display) -> AvailabilityQuery {
    AvailabilityQuery {
        treatment_id: Some(treatment.to_string()),
        professional_id: None,
        from: Some(from.to_string()),
        to: Some(to.to_string()),
    }
}

/// A page of at most `limit` items, after `cursor`.
pub fn page(limit: u32, cursor: Option<&str>) -> PageQuery {
    PageQuery {
        cursor: cursor.map(str::to_owned),
        limit: Some(limit),
    }
}
