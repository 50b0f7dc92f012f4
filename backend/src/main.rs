//! `turnaki`: the whole product on one machine, and its administrative tasks.

mod store_config;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use store_config::StoreOptions;

/// Turnaki: online booking for dental clinics.
#[derive(Debug, Parser)]
#[command(name = "turnaki", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create the table (DynamoDB) or schema (SQLite) when missing.
    Migrate {
        #[command(flatten)]
        store: StoreOptions,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    // clap exits with 2 on usage errors and 0 for --help, as DESIGN §10 asks.
    let cli = Cli::parse();
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
        Command::Migrate { store } => {
            let opened = store.open().await.map_err(|e| e.to_string())?;
            opened
                .migrate()
                .await
                .map_err(|e| format!("migrating {}: {e}", store.describe()))?;
            println!("turnaki: {} is ready", store.describe());
            Ok(())
        }
    }
}
