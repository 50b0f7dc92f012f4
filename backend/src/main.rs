//! `turnaki`: the whole product on one machine, and its administrative tasks.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use turnaki_backend::app;
use turnaki_backend::serve::{self, ServeOptions};
use turnaki_backend::store_config::StoreOptions;

/// Turnaki: online booking for dental clinics.
#[derive(Debug, Parser)]
#[command(name = "turnaki", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API and the app on one machine (SQLite and built-in sign-in by default).
    Serve(Box<ServeOptions>),
    /// Create the table (DynamoDB) or schema (SQLite) when missing.
    Migrate {
        #[command(flatten)]
        store: StoreOptions,
    },
    /// Print the API's OpenAPI document (what `/v1/openapi.json` serves) as pretty JSON.
    Openapi,
}

#[tokio::main]
async fn main() -> ExitCode {
    // clap exits with 2 on usage errors and 0 for --help, as DESIGN §10 asks.
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TURNAKI_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info")),
        )
        .with_current_span(true)
        .with_writer(std::io::stderr)
        .init();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(reason) => {
            eprintln!("turnaki: {reason}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Serve(options) => serve::run(*options).await,
        Command::Migrate { store } => {
            let opened = store.open().await.map_err(|e| e.to_string())?;
            opened
                .migrate()
                .await
                .map_err(|e| format!("migrating {}: {e}", store.describe()))?;
            println!("turnaki: {} is ready", store.describe());
            Ok(())
        }
        Command::Openapi => {
            let document = app::openapi().to_pretty_json().map_err(|e| e.to_string())?;
            println!("{document}");
            Ok(())
        }
    }
}
