//! The application state every handler shares: the store, the catalog, the booking engine,
//! accounts, the clock, identity, and the per-client limiter of public routes. It imports no route, so every
//! route can import it.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

use governor::Quota;
use turnaki_shared::accounts::Accounts;
use turnaki_shared::api::auth::ClientConfig;
use turnaki_shared::booking::BookingEngine;
use turnaki_shared::catalog::Catalog;
use turnaki_shared::clock::Clock;
use turnaki_shared::identity::embedded::SigningKey;
use turnaki_shared::identity::{IdentityProvider, TokenVerifier};
use turnaki_shared::links::desk::LinkDesk;
use turnaki_shared::store::Store;
use turnaki_shared::waitlist::Waitlist;

/// Everything a handler needs.
pub struct App {
    /// The single table.
    pub store: Arc<dyn Store>,
    /// Clinic configuration.
    pub catalog: Catalog,
    /// Bookings.
    pub engine: BookingEngine,
    /// Accounts and the records they act as.
    pub accounts: Accounts,
    /// The time every handler reads.
    pub clock: Arc<dyn Clock>,
    /// Creates accounts and signs people in.
    pub identity: Arc<dyn IdentityProvider>,
    /// Checks bearer tokens.
    pub verifier: TokenVerifier,
    /// The embedded provider's key, published as JWKS (none with Cognito).
    pub signing_key: Option<SigningKey>,
    /// What the SPA reads from `/config.json`.
    pub client_config: ClientConfig,
    /// Per-client limit on public routes (none behind API Gateway, where WAF limits).
    pub public_limit: Option<Arc<RateLimiter>>,
    /// Patients waiting for sooner time (makes no offers: the event worker does).
    pub waitlist: Waitlist,
    /// Acts on bookings from the signed links of their messages (none: the link routes
    /// answer that signing is unavailable).
    pub links: Option<LinkDesk>,
}

impl App {
    /// The state for `store`, `identity` and `verifier`, telling time by `clock`.
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        identity: Arc<dyn IdentityProvider>,
        verifier: TokenVerifier,
    ) -> Self {
        let catalog = Catalog::new(Arc::clone(&store));
        Self {
            accounts: Accounts::new(catalog.clone(), Arc::clone(&identity), Arc::clone(&clock)),
            catalog,
            waitlist: Waitlist::new(BookingEngine::new(Arc::clone(&store), Arc::clone(&clock))),
            engine: BookingEngine::new(Arc::clone(&store), Arc::clone(&clock)),
            clock,
            store,
            identity,
            verifier,
            signing_key: None,
            client_config: ClientConfig {
                api_base: String::new(),
                auth: "embedded".into(),
                cognito_domain: None,
                cognito_client_id: None,
            },
            public_limit: None,
            links: None,
        }
    }

    /// Rings `doorbell` after every committed booking change (the embedded event relay's).
    pub fn ring_on_commit(mut self, doorbell: Arc<tokio::sync::Notify>) -> Self {
        self.engine = self.engine.with_doorbell(doorbell);
        self.waitlist = self.waitlist.with_engine(self.engine.clone());
        // The desk changes bookings too, through its own copy of the engine.
        self.links = self.links.map(|desk| desk.with_engine(self.engine.clone()));
        self
    }

    /// Lets links signed by `links` act on this app's bookings, at `clock`'s time.
    pub fn with_links(mut self, links: turnaki_shared::links::Links, clock: Arc<dyn Clock>) -> Self {
        self.links = Some(LinkDesk::new(links, self.engine.clone(), clock));
        self
    }
}

/// A per-client-address limiter.
pub type RateLimiter = governor::DefaultKeyedRateLimiter<IpAddr>;

/// A limiter allowing `per_second` requests per client address, with bursts of three times that.
pub fn rate_limiter(per_second: u32) -> Option<Arc<RateLimiter>> {
    let rate = NonZeroU32::new(per_second)?;
    let burst = NonZeroU32::new(per_second.saturating_mul(3)).unwrap_or(rate);
    Some(Arc::new(governor::RateLimiter::keyed(
        Quota::per_second(rate).allow_burst(burst),
    )))
}
