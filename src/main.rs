//! The egress-planner server: parse configuration, load the pricing table, serve.

use clap::Parser;
use egress_planner::config::LogFormat;
use egress_planner::{AppState, Config, load_table, serve};
use std::io::IsTerminal;
use std::process::ExitCode;

/// Logs go to stderr: info and above from this program (one access line per
/// request included) unless RUST_LOG says otherwise; colours only on a
/// terminal, so files and log shippers get plain text.
fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "egress_planner=info".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.with_ansi(std::io::stderr().is_terminal()).init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(false)
            .init(),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    // `egress-planner pricing import|fetch` (issue #12). Kept to these lines so
    // it moves into the subcommand enum when the CLI is restructured.
    if std::env::args().nth(1).as_deref() == Some("pricing") {
        return egress_planner::pricing::cli::main_from_args(std::env::args().skip(1));
    }
    let config = Config::parse();
    init_logging(config.log_format);
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
    let listener = match egress_planner::server::bind(&address).await {
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
