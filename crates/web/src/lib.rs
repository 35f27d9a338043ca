//! The planner's web app: the axum router and its handlers ([`http`]), the connection layer
//! ([`server`]), the server's configuration ([`config`]) and the response cache's gzip
//! compressor ([`deflate`]). [`app`] builds the whole app without
//! a socket, so tests drive it with `tower::ServiceExt::oneshot`.
#![warn(missing_docs)]

pub mod config;
pub mod deflate;
pub mod http;
pub mod server;

pub use config::Config;
pub use http::{AppState, app};

use egress_core::pricing::{PricingError, PricingTable};
use egress_ingest::flow_logs::{FlowLogError, IpRanges};

/// Loads the pricing table the configuration names (the bundled one by default).
pub fn load_table(config: &Config) -> Result<PricingTable, PricingError> {
    match &config.pricing {
        None => PricingTable::bundled(),
        Some(path) => {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|e| PricingError {
                file: name.clone(),
                region: None,
                field: None,
                message: format!("cannot read the file: {e}"),
            })?;
            PricingTable::parse(&name, &text)
        }
    }
}

/// Loads the ip-ranges.json the configuration names, if any; an error names the file.
pub fn load_ip_ranges(config: &Config) -> Result<Option<IpRanges>, FlowLogError> {
    config
        .ip_ranges
        .as_deref()
        .map(IpRanges::from_path)
        .transpose()
}

/// Serves the app until Ctrl-C or SIGTERM, then lets in-flight requests
/// finish for up to the grace period.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    serve_until(listener, state, shutdown_signal()).await
}

/// Serves the app with the connection limits in `state` until `signal`
/// resolves; then the listener closes (new connections are refused), idle
/// connections close, and in-flight requests have the grace period to finish
/// before the connections left are closed.
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    state: AppState,
    signal: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = state.web.limits;
    // On the signal /readyz turns 503; new connections are still served for
    // the drain window, so load balancers see it before the listener closes.
    let (draining, window) = (state.draining.clone(), state.web.drain_window);
    let signal = async move {
        signal.await;
        draining.store(true, std::sync::atomic::Ordering::Relaxed);
        tracing::info!(
            drain_window_s = window.as_secs_f64(),
            "draining: /readyz answers 503"
        );
        tokio::time::sleep(window).await;
    };
    server::run(listener, app(state), limits, signal).await
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("received the signal to stop");
}
