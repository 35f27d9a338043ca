//! The web layer: application state, the route table and the middleware stack.
//! Handlers only parse input, call the engine and render its result.

pub mod access;
mod api;
pub mod batch;
pub mod cache;
mod costs;
mod embed;
mod error;
mod forwarded;
mod gzip;
mod head;
pub mod markup;
mod measure;
pub mod metrics;
mod oembed;
pub mod openapi;
mod pages;
mod request;
pub mod sweep;
mod workload;

pub use error::ApiError;
pub use gzip::COMPRESS_ABOVE_BYTES;

use crate::config::{Config, ServerLimits};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::routing::get;
use egress_core::pricing::PricingTable;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::CompressionLevel;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Largest request body accepted: a scenario is a few hundred bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// How long one request may take before it is answered 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Shared, read-only state of the app.
#[derive(Clone)]
pub struct AppState {
    /// The pricing table every comparison uses.
    pub table: Arc<PricingTable>,
    /// Web settings derived from the configuration.
    pub web: Arc<WebSettings>,
    /// What `/metrics` reports ([`metrics`]).
    pub metrics: Arc<metrics::Metrics>,
    /// Set once the server drains after SIGTERM: `/readyz` answers 503.
    pub draining: Arc<std::sync::atomic::AtomicBool>,
    /// The answers kept for repeated GET requests ([`cache`]).
    pub cache: Arc<cache::ResponseCache>,
    /// AWS's ip-ranges.json when the server was given one: flow-log aggregates by remote
    /// address are then classified with it ([`AppState::with_ip_ranges`]).
    pub ip_ranges: Option<Arc<egress_ingest::flow_logs::IpRanges>>,
}

/// Settings of the web layer.
#[derive(Debug)]
pub struct WebSettings {
    /// Public base URL for absolute links, without a trailing slash.
    pub public_url: Option<String>,
    /// The Content-Security-Policy headers of the embeddable answers, with the configured
    /// `frame-ancestors` sources.
    pub policies: embed::Policies,
    /// Whether links may be built from X-Forwarded-Host/-Proto.
    pub trust_forwarded: bool,
    /// The connection limits [`crate::serve`] applies.
    pub limits: ServerLimits,
    /// Largest body of a batch request, bytes.
    pub batch_max_bytes: usize,
    /// The server-wide bounds and counters of batch work.
    pub batches: batch::Batches,
    /// "is N days old…" when the table is older than the configured age: the pages and the
    /// `X-Pricing-Table` header say it.
    pub stale_notice: Option<String>,
    /// Whether the main port serves `/metrics` (not with `--metrics-listen`).
    pub metrics_on_main: bool,
    /// After SIGTERM, how long `/readyz` answers 503 while new connections
    /// are still served, before the listener closes.
    pub drain_window: Duration,
    /// The forms' choices from the table, written once.
    pub forms: egress_render::form::FormChoices,
}

impl AppState {
    /// State from a table and the configuration, judged stale against today.
    pub fn new(table: PricingTable, config: &Config) -> AppState {
        AppState::new_at(table, config, egress_core::pricing::Date::today())
    }

    /// State as of `today` (tests inject the date): a table older than
    /// `stale_after_days` carries a notice the pages and the header show.
    pub fn new_at(
        table: PricingTable,
        config: &Config,
        today: egress_core::pricing::Date,
    ) -> AppState {
        let stale_notice =
            egress_core::pricing::staleness(&table.meta, today, config.stale_after_days)
                .map(|s| s.notice());
        let frame_ancestors = if config.frame_ancestors.is_empty() {
            "*".to_owned()
        } else {
            config
                .frame_ancestors
                .iter()
                .flat_map(|s| s.split_whitespace())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let cache = Arc::new(cache::ResponseCache::new(config.cache_bytes));
        let forms = egress_render::form::FormChoices::new(&table);
        AppState {
            metrics: Arc::new(metrics::Metrics::new(&table.meta, cache.clone())),
            draining: Arc::default(),
            cache,
            ip_ranges: None,
            table: Arc::new(table),
            web: Arc::new(WebSettings {
                public_url: config
                    .public_url
                    .as_ref()
                    .map(|u| u.trim_end_matches('/').to_owned()),
                policies: embed::Policies::new(&frame_ancestors),
                trust_forwarded: config.trust_forwarded,
                limits: config.limits,
                batch_max_bytes: config.batch_max_bytes,
                batches: batch::Batches::new(&config.limits),
                stale_notice,
                metrics_on_main: config.metrics_listen.is_none(),
                drain_window: config.drain_window,
                forms,
            }),
        }
    }

    /// The state with `ip_ranges` to classify flow-log aggregates by remote address.
    pub fn with_ip_ranges(self, ip_ranges: egress_ingest::flow_logs::IpRanges) -> AppState {
        AppState {
            ip_ranges: Some(Arc::new(ip_ranges)),
            ..self
        }
    }

    /// What every page's frame shows: the table's version and date, and the stale notice.
    pub fn site(&self) -> egress_render::Site<'_> {
        egress_render::Site {
            meta: &self.table.meta,
            stale_notice: self.web.stale_notice.as_deref(),
            forms: &self.web.forms,
        }
    }
}

/// The default policy: same-origin everything, never framed by others.
const DEFAULT_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'";

/// Builds the whole app, without binding a socket.
pub fn app(state: AppState) -> Router {
    // The PNG images' font, parsed now rather than on the first unfurl.
    egress_render::png::warm_up();
    // The API routes are registered with their documentation, so a route
    // cannot exist without being in the OpenAPI document.
    let (api_routes, mut document) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(api::compare_get, api::compare_post))
        .routes(routes!(workload::workload_get, workload::workload_post))
        .routes(routes!(batch::compare_batch))
        .routes(routes!(sweep::sweep_get))
        .routes(routes!(api::regions))
        .routes(routes!(api::pricing))
        .routes(routes!(api::healthz))
        .merge(measure::api_routes())
        .routes(routes!(embed::card_png))
        .routes(routes!(embed::chart_png))
        .routes(routes!(oembed::oembed))
        .split_for_parts();
    openapi::complete(&mut document, &state.table);
    let mut table_label = format!(
        "{} (prices as of {})",
        state.table.meta.version, state.table.meta.as_of
    );
    if let Some(notice) = &state.web.stale_notice {
        table_label.push_str("; ");
        table_label.push_str(notice);
    }
    let document: Arc<[u8]> = serde_json::to_vec(&document).unwrap_or_default().into();

    let routes = Router::new()
        .merge(api_routes)
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let document = document.clone();
                async move {
                    (
                        [(header::CONTENT_TYPE, "application/json")],
                        axum::body::Bytes::from_owner(document),
                    )
                }
            }),
        )
        .route("/", get(pages::index))
        .route("/compare", get(pages::compare))
        .route("/compare.md", get(pages::compare_markdown))
        .route("/decision.md", get(pages::decision_record))
        .route("/pricing", get(pages::pricing))
        .route("/workload", get(workload::workload_page))
        .route(
            "/measure",
            get(measure::page_get)
                .post(measure::page_post)
                .layer(measure::page_body_limit()),
        )
        .route("/embed", get(embed::embed))
        .route("/chart.svg", get(embed::chart_svg))
        .route("/card.svg", get(embed::card_svg))
        .route("/static/app.css", get(pages::stylesheet))
        .route("/favicon.svg", get(pages::favicon))
        .route("/favicon.ico", get(pages::favicon))
        .route("/readyz", get(metrics::readyz));
    let routes = if state.web.metrics_on_main {
        routes.route("/metrics", get(metrics::metrics))
    } else {
        routes
    };
    // Repeated GET requests answered from the cache; then the matched route, for the
    // request duration histogram's label (hits are timed and labelled like misses).
    let routes = match cache::layer(&state) {
        Some(cache) => routes.route_layer(cache),
        None => routes,
    };
    let routes = routes
        .route_layer(tower::layer::layer_fn(metrics::RouteTag))
        .fallback(pages::not_found)
        .with_state(state.clone());

    // Every response names the pricing table it was computed with.
    let table =
        HeaderValue::from_str(&table_label).unwrap_or_else(|_| HeaderValue::from_static("unknown"));
    layered(routes, Some(table), Some(state.metrics))
}

/// The header that names the pricing table on every response.
pub const PRICING_HEADER: header::HeaderName = header::HeaderName::from_static("x-pricing-table");

/// Wraps a router in the app's middleware stack (public so tests can prove
/// the stack's behaviour with routes of their own, such as one that panics).
pub fn with_layers(routes: Router) -> Router {
    layered(routes, None, None)
}

/// The middleware stack around the whole router, with the pricing-table
/// header when there is a table.
///
/// The stack is built once around the router, not with `Router::layer`:
/// that wraps every route in one boxed service per layer, and axum clones a
/// route's service for every request, which cost ~45 allocations and 18,000
/// instructions per request, half of all the work of answering `/healthz`.
fn layered(
    routes: Router,
    pricing_table: Option<HeaderValue>,
    metrics: Option<Arc<metrics::Metrics>>,
) -> Router {
    // Outermost first. The access log sees everything; security headers are added
    // to every response, including the ones the inner layers make themselves
    // (timeouts, panics, oversized bodies); handlers may set their own CSP.
    // Compression is innermost, so it sees the handler's own content type; the
    // cache inside it hands it gzip answers already made, which it passes on. HEAD
    // becomes GET outside compression (so a HEAD gets the GET's encoding and headers)
    // and inside the access log and metrics (which record it as HEAD).
    let stack = ServiceBuilder::new()
        .layer(tower::layer::layer_fn(access::AccessLog))
        .option_layer(metrics.map(metrics::layer))
        .option_layer(
            pricing_table.map(|table| SetResponseHeaderLayer::overriding(PRICING_HEADER, table)),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DEFAULT_CSP),
        ))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(tower::layer::layer_fn(head::HeadAsGet))
        .map_response(without_body_if_not_acceptable)
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Fastest)
                .compress_when(gzip::compress_when()),
        )
        .service(routes);
    Router::new().fallback_service(stack)
}

/// The compression layer answers 406 when a client refuses every encoding
/// (`Accept-Encoding: identity;q=0`), but after the handler ran, keeping its
/// body: a 406 says only that nothing acceptable can be sent, so send nothing.
fn without_body_if_not_acceptable<B: Default>(
    mut response: axum::http::Response<B>,
) -> axum::http::Response<B> {
    if response.status() == StatusCode::NOT_ACCEPTABLE {
        *response.body_mut() = B::default();
        let h = response.headers_mut();
        h.remove(header::CONTENT_LENGTH);
        h.remove(header::CONTENT_TYPE);
        h.remove(header::ETAG);
    }
    response
}

/// A panic becomes a logged 500 with a JSON body, never a dropped connection.
fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = detail, "a request handler panicked");
    axum::response::IntoResponse::into_response(ApiError::general(
        StatusCode::INTERNAL_SERVER_ERROR,
        "something went wrong; the error was logged",
    ))
}
