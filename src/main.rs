//! The egress-planner server: parse configuration, load the pricing table, serve.

use clap::Parser;
use egress_planner::{AppState, Config, load_table, serve};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    // `egress-planner pricing import|fetch` (issue #12). Kept to these lines so
    // it moves into the subcommand enum when the CLI is restructured.
    if std::env::args().nth(1).as_deref() == Some("pricing") {
        return egress_planner::pricing::cli::main_from_args(std::env::args().skip(1));
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "egress_planner=info".into()),
        )
        .init();
    let config = Config::parse();
    if let Err(message) = config.validate() {
        eprintln!("error: {message}");
        return ExitCode::FAILURE;
    }
    let table = match load_table(&config) {
        Ok(table) => table,
        Err(e) => {
            eprintln!("error: pricing table: {e}");
            return ExitCode::FAILURE;
        }
    };
    let address = format!("{}:{}", config.host, config.port);
    let listener = match tokio::net::TcpListener::bind(&address).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("error: cannot listen on {address}: {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(
        "serving on http://{} with pricing table {} ({} regions)",
        listener
            .local_addr()
            .map_or(address.clone(), |a| a.to_string()),
        table.meta.version,
        table.regions.len()
    );
    match serve(listener, AppState::new(table, &config)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: server: {e}");
            ExitCode::FAILURE
        }
    }
}
