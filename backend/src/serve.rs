//! `turnaki serve`: the embedded column of DESIGN §1 — the chosen store, the built-in
//! identity provider, every router, and the SPA — on one address.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderValue;
use clap::Args;
use tokio::task::JoinHandle;
use turnaki_shared::clock::{Clock, SystemClock};
use turnaki_shared::domain::Email;
use turnaki_shared::identity::embedded::{EmbeddedIdentity, SigningKey};
use turnaki_shared::links::{HmacSigner, Links};
use turnaki_shared::notification::outbox::Smtp;
use turnaki_shared::notification::relay::EventRelay;
use turnaki_shared::notification::{
    Letterhead, Notifier, OutboxMailer, OutboxTexter, ReminderJob, RunReport, SmsGateway,
};
use turnaki_shared::recall::{RecallJob, RecallReport};
use turnaki_shared::store::Store;
use turnaki_shared::waitlist::Waitlist;

use crate::app::{self, RouteGroup};
use crate::demo;
use crate::edge::EdgeConfig;
use crate::state::{self, App};
use crate::store_config::StoreOptions;

/// Options of `turnaki serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeOptions {
    /// Store options.
    #[command(flatten)]
    pub store: StoreOptions,
    /// Address to listen on.
    #[arg(long, env = "TURNAKI_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Seed the demo clinic `sonrisa` (once) and print its accounts.
    #[arg(long)]
    pub demo: bool,
    /// The built single-page app.
    #[arg(long, env = "TURNAKI_SPA_DIR", default_value = "frontend/dist")]
    pub spa_dir: PathBuf,
    /// Browser origins allowed to call the API (comma-separated).
    #[arg(long, env = "TURNAKI_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,
    /// Requests per second per client address on public routes (0: unlimited).
    #[arg(long, env = "TURNAKI_PUBLIC_RATE", default_value_t = 20)]
    pub public_rate: u32,
    /// The platform owner's email, created on first start.
    #[arg(long, env = "TURNAKI_OWNER_EMAIL")]
    pub owner_email: Option<String>,
    /// The platform owner's password.
    #[arg(long, env = "TURNAKI_OWNER_PASSWORD", hide_env_values = true)]
    pub owner_password: Option<String>,
    /// Mail options.
    #[command(flatten)]
    pub mail: MailOptions,
}

/// How `turnaki serve` sends mail and reminders.
#[derive(Debug, Clone, Args)]
pub struct MailOptions {
    /// Sender of every message.
    #[arg(
        long,
        env = "TURNAKI_MAIL_FROM",
        default_value = "Turnaki <no-reply@turnaki.localhost>"
    )]
    pub mail_from: String,
    /// The app's public address, for the links in messages [default: http://<addr>].
    #[arg(long, env = "TURNAKI_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Relay every message through this SMTP server as well as keeping it in the outbox
    /// (`smtp://user:pass@host:587?tls=required`, `smtps://…`).
    #[arg(long, env = "TURNAKI_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// A PEM certificate authority to trust for the SMTP relay as well as the public ones (a
    /// mail server under the clinic's own CA); TLS is then required.
    #[arg(long, env = "TURNAKI_SMTP_CA_FILE")]
    pub smtp_ca_file: Option<PathBuf>,
    /// Post every text message to this SMS gateway as well as keeping it in the outbox: a
    /// signed JSON POST (see docs/operations.md), so any SMS provider can be connected.
    #[arg(long, env = "TURNAKI_SMS_GATEWAY_URL")]
    pub sms_gateway_url: Option<String>,
    /// The secret the gateway's requests are signed with (32 bytes or more); required with
    /// the gateway.
    #[arg(long, env = "TURNAKI_SMS_GATEWAY_SECRET", hide_env_values = true)]
    pub sms_gateway_secret: Option<String>,
    /// Seconds between runs of the reminder job (0: never).
    #[arg(long, env = "TURNAKI_REMINDER_EVERY", default_value_t = 60)]
    pub reminder_every: u64,
}

/// The embedded notifications: the outbox mailer behind the event relay, and the reminder
/// job the ticker runs.
pub struct Notifications {
    /// The reminder job.
    pub job: Arc<ReminderJob>,
    /// The recall job, run on the same ticker.
    pub recalls: Arc<RecallJob>,
    /// Delivers the booking events waiting in the store.
    pub relay: Arc<EventRelay>,
    /// The task running the relay: at start, after every commit, and every sweep.
    pub worker: JoinHandle<()>,
}

/// How often the relay looks again for events it could not deliver (the mail relay was
/// down, say); new events are delivered at once.
const RELAY_SWEEP: Duration = Duration::from_secs(10);

/// Wires `app` to send emails and texts through the outbox (and `mail.smtp_url` and
/// `mail.sms_gateway_url`, when set), timed by its clock.
pub fn with_notifications(app: App, mail: &MailOptions, public_url: String) -> Result<(App, Notifications), String> {
    let mut mailer = OutboxMailer::new(Arc::clone(&app.store), Arc::clone(&app.clock));
    if let Some(url) = &mail.smtp_url {
        let smtp = match &mail.smtp_ca_file {
            Some(path) => {
                let pem = std::fs::read(path).map_err(|e| format!("TURNAKI_SMTP_CA_FILE {}: {e}", path.display()))?;
                Smtp::from_url_trusting(url, &pem)
            }
            None => Smtp::from_url(url),
        };
        mailer = mailer.with_relay(smtp.map_err(|e| e.to_string())?);
    }
    let mut texter = OutboxTexter::new(Arc::clone(&app.store), Arc::clone(&app.clock));
    match (&mail.sms_gateway_url, &mail.sms_gateway_secret) {
        (Some(url), Some(secret)) => {
            texter = texter.with_relay(SmsGateway::new(url, secret.as_bytes()).map_err(|e| e.to_string())?);
        }
        (Some(_), None) => return Err("TURNAKI_SMS_GATEWAY_URL needs TURNAKI_SMS_GATEWAY_SECRET".into()),
        (None, _) => {}
    }
    let letterhead = Letterhead {
        from: mail.mail_from.clone(),
        public_url,
    };
    let mut notifier = Notifier::new(app.catalog.clone(), Arc::new(mailer), letterhead).with_texter(Arc::new(texter));
    if let Some(desk) = &app.links {
        notifier = notifier.with_links(desk.links().clone());
    }
    let notifier = Arc::new(notifier);
    let job = Arc::new(ReminderJob::new(
        Arc::clone(&app.store),
        Arc::clone(&notifier),
        Arc::clone(&app.clock),
    ));
    // The relay's waitlist makes the offers: after each freeing change, and on each pass for
    // lapsed and declined ones.
    let waitlist = Waitlist::new(app.engine.clone()).with_notifier(Arc::clone(&notifier));
    let recalls = Arc::new(RecallJob::new(app.recalls.clone(), Arc::clone(&notifier)));
    let relay = Arc::new(EventRelay::new(Arc::clone(&app.store), notifier).with_waitlist(waitlist));
    let app = app.ring_on_commit(relay.doorbell());
    let worker = Arc::clone(&relay).start(RELAY_SWEEP);
    Ok((
        app,
        Notifications {
            job,
            recalls,
            relay,
            worker,
        },
    ))
}

/// Runs the reminder and recall jobs every `every` until the process ends.
fn tick(job: Arc<ReminderJob>, recalls: Arc<RecallJob>, every: Duration) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(every);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            match job.run().await {
                Ok(report) if report != RunReport::default() => tracing::info!(?report, "reminders"),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "the reminder job failed; next tick retries"),
            }
            match recalls.run().await {
                Ok(report) if report != RecallReport::default() => tracing::info!(?report, "recalls"),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "the recall job failed; next tick retries"),
            }
        }
    })
}

/// The embedded application on `store`, its signing key and link key kept in `data_dir`, its
/// bookings and links timed by `clock` (sign-in tokens always by the system's, which is what
/// their `exp` is read against).
pub fn embedded_app(
    store: Arc<dyn Store>,
    data_dir: &Path,
    public_rate: u32,
    clock: Arc<dyn Clock>,
) -> Result<App, String> {
    let key_path = data_dir.join("identity").join("signing-key.pem");
    let key = SigningKey::load_or_create(&key_path).map_err(|e| format!("signing key {}: {e}", key_path.display()))?;
    let identity = EmbeddedIdentity::new(Arc::clone(&store), key.clone());
    let link_path = data_dir.join("links").join("link-key");
    let link_key =
        HmacSigner::load_or_create(&link_path).map_err(|e| format!("link key {}: {e}", link_path.display()))?;
    let mut app = App::new(store, Arc::clone(&clock), Arc::new(identity), key.verifier())
        .with_links(Links::new(Arc::new(link_key)), clock);
    app.signing_key = Some(key);
    app.public_limit = state::rate_limiter(public_rate);
    Ok(app)
}

/// Creates the platform owner unless the account exists.
pub async fn ensure_owner(app: &App, email: &str, password: &str) -> Result<(), String> {
    let email: Email = email.parse().map_err(|e| format!("TURNAKI_OWNER_EMAIL: {e}"))?;
    app.accounts
        .ensure_owner(email, password.to_owned())
        .await
        .map_err(|e| format!("creating the owner: {e}"))
}

/// Runs the server until Ctrl-C.
pub async fn run(options: ServeOptions) -> Result<(), String> {
    let store = options.store.open().await.map_err(|e| e.to_string())?;
    store
        .migrate()
        .await
        .map_err(|e| format!("migrating {}: {e}", options.store.describe()))?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let app = embedded_app(store, &options.store.data_dir, options.public_rate, Arc::clone(&clock))?;
    let public_url = options
        .mail
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", options.addr));
    let (app, notifications) = with_notifications(app, &options.mail, public_url)?;
    let ticker = (options.mail.reminder_every > 0).then(|| {
        tick(
            notifications.job,
            notifications.recalls,
            Duration::from_secs(options.mail.reminder_every),
        )
    });
    let app = Arc::new(app);
    if let (Some(email), Some(password)) = (&options.owner_email, &options.owner_password) {
        ensure_owner(&app, email, password).await?;
    }
    if options.demo {
        let accounts = demo::seed(&app).await?;
        println!("{}", demo::describe(accounts, options.addr));
    }
    let cors_origins = options
        .cors_origins
        .iter()
        .filter(|o| !o.trim().is_empty())
        .map(|o| HeaderValue::from_str(o.trim()).map_err(|_| format!("TURNAKI_CORS_ORIGINS: `{o}` is not an origin")))
        .collect::<Result<_, _>>()?;
    let edge_config = EdgeConfig {
        cors_origins,
        ..EdgeConfig::default()
    };
    let spa = options
        .spa_dir
        .join("index.html")
        .is_file()
        .then(|| options.spa_dir.clone());
    let service = app::service(app, &RouteGroup::ALL, &edge_config, spa);
    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .map_err(|e| format!("listening on {}: {e}", options.addr))?;
    println!(
        "turnaki: serving on http://{} ({})",
        options.addr,
        options.store.describe()
    );
    axum::serve(listener, service.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| format!("serving: {e}"))?;
    if let Some(ticker) = ticker {
        ticker.abort();
    }
    // The last requests' events are in the store whatever happens here: one more pass sends
    // them now, and the next start sends whatever this one could not.
    notifications.worker.abort();
    match tokio::time::timeout(SHUTDOWN_GRACE, notifications.relay.run()).await {
        Ok(Ok(report)) if report.deferred == 0 => {}
        _ => eprintln!("turnaki: some messages wait in the store; the next start sends them"),
    }
    Ok(())
}

/// How long shutdown spends sending the last messages.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
