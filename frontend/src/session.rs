//! Who is signed in, remembered in `localStorage`, and how to sign in: the embedded
//! identity provider (`POST /v1/auth/token`) or Cognito (`USER_PASSWORD_AUTH`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use turnaki_shared::api::auth::{ClientConfig, TokenRequest, TokenResponse};
use turnaki_shared::api::paths;
use turnaki_shared::domain::Role;
use turnaki_shared::ids::TenantId;
use wasm_bindgen::JsValue;
use web_sys::{Headers, Request, RequestInit};

use crate::api::{ApiError, Client, decode, fetch_text};

/// A signed-in person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// The bearer token.
    pub token: String,
    /// Their role.
    pub role: Role,
    /// Their clinic (none for the platform owner).
    pub tenant_id: Option<TenantId>,
    /// When the token stops working, in milliseconds since the epoch.
    pub expires_at_ms: f64,
    /// The address they signed in with, shown in the header.
    pub email: String,
}

impl Session {
    /// A session from the token answer, signed in at `now_ms`.
    pub fn from_token(answer: TokenResponse, email: &str, now_ms: f64) -> Self {
        Self {
            token: answer.access_token,
            role: answer.role,
            tenant_id: answer.tenant_id,
            // A minute early, so a request never leaves with a token about to lapse.
            expires_at_ms: now_ms + (answer.expires_in.saturating_sub(60) as f64) * 1000.0,
            email: email.to_owned(),
        }
    }

    /// Whether the token still works at `now_ms`.
    pub fn is_live(&self, now_ms: f64) -> bool {
        now_ms < self.expires_at_ms
    }

    /// Where this person starts after signing in.
    pub fn home(&self, clinic_slug: Option<&str>) -> String {
        match self.role {
            Role::Owner => "/owner".into(),
            Role::Admin => "/admin".into(),
            Role::Reception => "/reception".into(),
            Role::Dentist => "/dentist".into(),
            Role::Patient => match clinic_slug {
                Some(slug) => format!("/{slug}/appointments"),
                None => "/".into(),
            },
        }
    }
}

const SESSION_KEY: &str = "turnaki.session";

/// The app's shared state: its configuration and the session.
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    /// `/config.json`.
    pub config: RwSignal<ClientConfig>,
    /// The signed-in person, if any.
    pub session: RwSignal<Option<Session>>,
}

impl AppState {
    /// The stored session, if it still works.
    pub fn start() -> Self {
        let session = storage_get(SESSION_KEY)
            .and_then(|s| serde_json::from_str::<Session>(&s).ok())
            .filter(|s| s.is_live(now_ms()));
        Self {
            config: RwSignal::new(ClientConfig {
                api_base: String::new(),
                auth: "embedded".into(),
                cognito_domain: None,
                cognito_client_id: None,
            }),
            session: RwSignal::new(session),
        }
    }

    /// A client for the API as the current person.
    pub fn client(&self) -> Client {
        Client {
            base: self
                .config
                .with_untracked(|c| c.api_base.trim_end_matches('/').to_owned()),
            token: self.session.with_untracked(|s| s.as_ref().map(|s| s.token.clone())),
        }
    }

    /// Remembers a new session.
    pub fn signed_in(&self, session: Session) {
        if let Ok(json) = serde_json::to_string(&session) {
            storage_set(SESSION_KEY, &json);
        }
        self.session.set(Some(session));
    }

    /// Forgets the session.
    pub fn sign_out(&self) {
        storage_remove(SESSION_KEY);
        self.session.set(None);
    }

    /// Signs in with email and password, the way the configuration says.
    pub async fn sign_in(&self, email: &str, password: &str) -> Result<Session, ApiError> {
        let config = self.config.get_untracked();
        let answer = if config.auth == "cognito" {
            cognito_sign_in(&config, email, password).await?
        } else {
            let request = TokenRequest {
                email: email.to_owned(),
                password: password.to_owned(),
            };
            self.client()
                .post::<_, TokenResponse>(&paths::token(), &request)
                .await?
        };
        let session = Session::from_token(answer, email, now_ms());
        self.signed_in(session.clone());
        Ok(session)
    }
}

/// The shared state (panics outside the app, where there is none).
pub fn state() -> AppState {
    expect_context::<AppState>()
}

/// Reads `/config.json`; the defaults (same origin, embedded sign-in) stand if it is missing.
pub async fn load_config() -> Option<ClientConfig> {
    Client::default().get::<ClientConfig>("/config.json").await.ok()
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CognitoAnswer {
    authentication_result: Option<CognitoTokens>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CognitoTokens {
    id_token: String,
    expires_in: u64,
}

/// The claims of a Cognito ID token the app needs.
#[derive(Debug, Deserialize, PartialEq)]
pub struct CognitoClaims {
    /// `custom:role`.
    #[serde(rename = "custom:role")]
    pub role: Role,
    /// `custom:tenant_id`, absent for the owner.
    #[serde(rename = "custom:tenant_id", default)]
    pub tenant_id: Option<TenantId>,
}

/// Signs in against Cognito's `InitiateAuth` and reads role and clinic from the ID token,
/// which is what the API's JWT authorizer checks.
async fn cognito_sign_in(config: &ClientConfig, email: &str, password: &str) -> Result<TokenResponse, ApiError> {
    let client_id = config.cognito_client_id.clone().unwrap_or_default();
    let region = cognito_region(config.cognito_domain.as_deref().unwrap_or_default());
    let body = serde_json::json!({
        "AuthFlow": "USER_PASSWORD_AUTH",
        "ClientId": client_id,
        "AuthParameters": { "USERNAME": email, "PASSWORD": password },
    });
    let headers = Headers::new().map_err(js)?;
    headers.set("content-type", "application/x-amz-json-1.1").map_err(js)?;
    headers
        .set("x-amz-target", "AWSCognitoIdentityProviderService.InitiateAuth")
        .map_err(js)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&body.to_string()));
    let url = format!("https://cognito-idp.{region}.amazonaws.com/");
    let request = Request::new_with_str_and_init(&url, &init).map_err(js)?;
    let (status, text) = fetch_text(&request).await?;
    if status >= 400 {
        // Cognito's own error body is not problem+json; a 400 is almost always the password.
        return Err(ApiError::Problem(Box::new(turnaki_shared::api::problem::Problem::new(
            401,
            turnaki_shared::api::problem::ProblemCode::InvalidCredentials,
            "Wrong email or password",
        ))));
    }
    let tokens = decode::<CognitoAnswer>(status, &text)?
        .authentication_result
        .ok_or_else(|| ApiError::Network("Cognito asked for another step (MFA is not supported here)".into()))?;
    let claims = id_token_claims(&tokens.id_token).ok_or_else(|| ApiError::Network("unreadable ID token".into()))?;
    Ok(TokenResponse {
        access_token: tokens.id_token,
        token_type: "Bearer".into(),
        expires_in: tokens.expires_in,
        role: claims.role,
        tenant_id: claims.tenant_id,
    })
}

/// The region of a Hosted UI domain such as `turnaki-prd.auth.eu-west-1.amazoncognito.com`.
pub fn cognito_region(domain: &str) -> String {
    domain
        .split('.')
        .skip_while(|part| *part != "auth")
        .nth(1)
        .unwrap_or("us-east-1")
        .to_owned()
}

/// Decodes a JWT's payload (no verification: the API verifies; the app only routes).
pub fn id_token_claims(token: &str) -> Option<CognitoClaims> {
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn js(e: JsValue) -> ApiError {
    ApiError::Network(format!("{e:?}"))
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads a remembered value.
pub fn storage_get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Remembers a value on this device.
pub fn storage_set(key: &str, value: &str) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(key, value);
    }
}

/// Forgets a value.
pub fn storage_remove(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(role: Role) -> TokenResponse {
        TokenResponse {
            access_token: "t".into(),
            token_type: "Bearer".into(),
            expires_in: 3600,
            role,
            tenant_id: None,
        }
    }

    #[test]
    fn a_session_lapses_a_minute_before_its_token() {
        let s = Session::from_token(answer(Role::Patient), "p@x.cl", 1_000.0);
        assert!(s.is_live(1_000.0 + 3_539_000.0));
        assert!(!s.is_live(1_000.0 + 3_540_000.0));
    }

    #[test]
    fn each_role_starts_on_its_own_page() {
        let home = |role| Session::from_token(answer(role), "a@x.cl", 0.0).home(Some("sonrisa"));
        assert_eq!(home(Role::Owner), "/owner");
        assert_eq!(home(Role::Reception), "/reception");
        assert_eq!(home(Role::Patient), "/sonrisa/appointments");
    }

    #[test]
    fn a_cognito_id_token_names_role_and_clinic() {
        // {"custom:role":"admin","custom:tenant_id":"01KAQ0Y5V5J3W8Z5X2N7Q9R4T6"} in base64url.
        let payload = "eyJjdXN0b206cm9sZSI6ImFkbWluIiwiY3VzdG9tOnRlbmFudF9pZCI6IjAxS0FRMFk1VjVKM1c4WjVYMk43UTlSNFQ2In0";
        let claims = id_token_claims(&format!("h.{payload}.s")).unwrap();
        assert_eq!(claims.role, Role::Admin);
        assert_eq!(claims.tenant_id.unwrap().to_string(), "01KAQ0Y5V5J3W8Z5X2N7Q9R4T6");
        assert_eq!(
            cognito_region("turnaki-prd.auth.eu-west-1.amazoncognito.com"),
            "eu-west-1"
        );
    }
}
