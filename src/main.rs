//! The egress-planner binary: parse the command line; serve (the default) or
//! run an offline subcommand (`compare`, `check`) and exit with its code.

use egress_planner::cli::{self, Command};
use egress_planner::{AppState, Config, load_table, serve};
use std::process::ExitCode;

fn main() -> ExitCode {
    let command = cli::parse();
    if let Some(code) = cli::run_offline(&command) {
        return code;
    }
    let Command::Serve(config) = command else {
        return ExitCode::FAILURE;
    };
    // Only the server needs a runtime: `compare` starts in a few milliseconds without one.
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(run_server(config)),
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The server: configuration checks, the pricing table, the listener, then serve.
async fn run_server(config: Config) -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "egress_planner=info".into()),
        )
        .init();
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
