//! The egress-planner binary: parse the command line; serve (the default) or
//! run an offline subcommand (`compare`, `check`, `pricing`, `healthcheck`) and exit with its code.

use egress_planner::cli::{self, Command};
use egress_planner::config::LogFormat;
use egress_planner::{AppState, Config, load_table, serve};
use std::io::IsTerminal;
use std::process::ExitCode;

/// Logs go to stderr: info and above from this program (one access line per
/// request included) unless RUST_LOG says otherwise; colours only on a
/// terminal, so files and log shippers get plain text.
fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "egress_planner=info,egress_web=info".into());
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
    let ip_ranges = match egress_planner::load_ip_ranges(&config) {
        Ok(ip_ranges) => ip_ranges,
        Err(e) => {
            eprintln!("error: {e}");
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
    let mut state = AppState::new(table, &config);
    if let Some(ip_ranges) = ip_ranges {
        tracing::info!(
            "classifying flow-log addresses with ip-ranges.json of {} ({} prefixes)",
            ip_ranges.create_date(),
            ip_ranges.len()
        );
        state = state.with_ip_ranges(ip_ranges);
    }
    // `--metrics-listen`: /metrics on its own listener, stopped after the app.
    let (stop_metrics, metrics_stopped) = tokio::sync::oneshot::channel::<()>();
    let metrics = match &config.metrics_listen {
        None => None,
        Some(address) => match egress_planner::server::bind(address).await {
            Ok(listener) => {
                tracing::info!("serving /metrics on http://{address}/metrics");
                let limits = state.web.limits;
                let app = egress_planner::http::metrics::router(state.clone());
                Some(tokio::spawn(egress_planner::server::run(
                    listener,
                    app,
                    limits,
                    async move {
                        let _ = metrics_stopped.await;
                    },
                )))
            }
            Err(e) => {
                eprintln!("error: cannot listen on {address} (--metrics-listen): {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    let served = serve(listener, state).await;
    drop(stop_metrics);
    if let Some(metrics) = metrics {
        let _ = metrics.await;
    }
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: server: {e}");
            ExitCode::FAILURE
        }
    }
}
