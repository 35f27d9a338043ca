//! `GET /metrics` in the Prometheus text format, `GET /readyz`, and the layer
//! that times every request.
//!
//! - `http_server_request_duration_seconds`: a histogram by
//!   `http_request_method`, `http_route` and `http_response_status_code`
//!   (OpenTelemetry's `http.server.request.duration`, its advised buckets).
//!   The route is axum's [`MatchedPath`], the template and never the URI;
//!   requests no route matched share `http_route="unmatched"`, so a scan of
//!   random paths adds one series, not one per path.
//! - `http_server_active_requests`, the connections refused or closed by each
//!   limit of [`crate::server`], the pricing table's version and age, and the
//!   process's resident memory and open descriptors.
//!
//! The recorder belongs to the [`AppState`], not to the process (no global
//! recorder): tests build many apps in one process, and each has its own
//! figures. The counters of the connection layer are process-wide statics,
//! since the connection layer has no state of its own.

use super::AppState;
use super::cache::ResponseCache;
use axum::extract::{MatchedPath, State};
use axum::http::{HeaderValue, Method, Request, Response, StatusCode, header};
use axum::response::IntoResponse;
use egress_core::pricing::{Date, TableMeta};
use metrics::{Key, KeyName, Label, Recorder, SharedString, Unit};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusRecorder};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Instant;

/// The request duration histogram's name.
pub const REQUEST_DURATION: &str = "http_server_request_duration_seconds";

/// The label of requests no route matched.
pub const UNMATCHED: &str = "unmatched";

/// OpenTelemetry's advised buckets for `http.server.request.duration`, seconds.
const BUCKETS: [f64; 14] = [
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
];

/// Pending histogram samples are folded into their buckets every this many
/// requests, so memory stays flat when nothing scrapes `/metrics`.
const UPKEEP_EVERY: u64 = 4096;

/// A limit of the connection layer that refused or closed a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// `--max-connections-per-ip`: refused with 429.
    PerAddress,
    /// `--max-connections`: refused with 503.
    Total,
    /// `--header-timeout`: closed before its request head was complete.
    HeaderTimeout,
    /// `--write-timeout`: closed while its response waited on the client.
    WriteTimeout,
}

impl Limit {
    const ALL: [Limit; 4] = [
        Limit::PerAddress,
        Limit::Total,
        Limit::HeaderTimeout,
        Limit::WriteTimeout,
    ];
}

/// Connections refused or closed by each [`Limit`], since the process started.
static REFUSED: [AtomicU64; 4] = [const { AtomicU64::new(0) }; 4];

/// Counts a connection the connection layer refused or closed by `limit`.
pub fn refused(limit: Limit) {
    REFUSED[limit as usize].fetch_add(1, Ordering::Relaxed);
}

/// The figures of one app: its recorder and what `/metrics` reports.
pub struct Metrics {
    recorder: PrometheusRecorder,
    cache: Arc<ResponseCache>,
    active: AtomicI64,
    requests: AtomicU64,
    table_as_of: Option<Date>,
}

impl Metrics {
    /// A fresh recorder for an app serving the table described by `meta`, reporting `cache`.
    pub fn new(meta: &TableMeta, cache: Arc<ResponseCache>) -> Metrics {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(REQUEST_DURATION.to_owned()), &BUCKETS)
            .unwrap_or_else(|_| PrometheusBuilder::new())
            .build_recorder();
        let describe = |name: &'static str, unit: Option<Unit>, text: &'static str| {
            recorder.describe_gauge(KeyName::from_const_str(name), unit, text.into());
        };
        recorder.describe_histogram(
            KeyName::from_const_str(REQUEST_DURATION),
            Some(Unit::Seconds),
            "Duration of HTTP server requests, by method, route template and status.".into(),
        );
        describe(
            "http_server_active_requests",
            None,
            "HTTP requests being handled.",
        );
        recorder.describe_counter(
            KeyName::from_const_str("egress_planner_connections_refused_total"),
            None,
            "Connections refused or closed by a limit (per_address, total, header_timeout, write_timeout).".into(),
        );
        describe(
            "egress_planner_pricing_table_info",
            None,
            "The pricing table in use: its version and as-of date as labels.",
        );
        describe(
            "egress_planner_pricing_table_age_days",
            None,
            "Days since the pricing table's as-of date.",
        );
        describe(
            "process_resident_memory_bytes",
            Some(Unit::Bytes),
            "Resident memory size in bytes.",
        );
        describe("process_open_fds", None, "Number of open file descriptors.");
        for (name, text) in CACHE_COUNTERS {
            recorder.describe_counter(KeyName::from_const_str(name), None, text.into());
        }
        describe(
            "egress_planner_response_cache_bytes",
            Some(Unit::Bytes),
            "Bytes the answers kept by the response cache count for.",
        );
        describe(
            "egress_planner_response_cache_entries",
            None,
            "Answers kept by the response cache (a gzip twin counts as one).",
        );
        describe(
            "egress_planner_response_cache_capacity_bytes",
            Some(Unit::Bytes),
            "The response cache's bound (--cache-bytes; 0: off).",
        );
        let version = meta.version.clone();
        let as_of = meta.as_of.clone();
        let info = Key::from_parts(
            "egress_planner_pricing_table_info",
            vec![Label::new("version", version), Label::new("as_of", as_of)],
        );
        recorder.register_gauge(&info, metadata()).set(1.0);
        Metrics {
            recorder,
            cache,
            active: AtomicI64::new(0),
            requests: AtomicU64::new(0),
            table_as_of: Date::parse(&meta.as_of),
        }
    }

    /// The text exposition of every figure, as of now.
    pub fn render(&self) -> String {
        self.render_at(Date::today())
    }

    /// The text exposition with the table's age counted to `today`.
    pub fn render_at(&self, today: Date) -> String {
        let gauge = |name: &'static str, value: f64| {
            self.recorder
                .register_gauge(&Key::from_static_name(name), metadata())
                .set(value);
        };
        gauge(
            "http_server_active_requests",
            self.active.load(Ordering::Relaxed) as f64,
        );
        if let Some(as_of) = self.table_as_of {
            gauge(
                "egress_planner_pricing_table_age_days",
                today.days_since(as_of) as f64,
            );
        }
        if let Some(bytes) = resident_memory_bytes() {
            gauge("process_resident_memory_bytes", bytes as f64);
        }
        if let Some(open) = open_descriptors() {
            gauge("process_open_fds", open as f64);
        }
        let cache = self.cache.stats();
        let counts = [cache.hits, cache.misses, cache.evictions];
        for ((name, _), count) in CACHE_COUNTERS.into_iter().zip(counts) {
            self.recorder
                .register_counter(&Key::from_static_name(name), metadata())
                .absolute(count);
        }
        gauge("egress_planner_response_cache_bytes", cache.bytes as f64);
        gauge(
            "egress_planner_response_cache_entries",
            cache.entries as f64,
        );
        gauge(
            "egress_planner_response_cache_capacity_bytes",
            cache.capacity as f64,
        );
        for limit in Limit::ALL {
            let key = Key::from_static_parts(
                "egress_planner_connections_refused_total",
                LIMIT_LABELS[limit as usize],
            );
            self.recorder
                .register_counter(&key, metadata())
                .absolute(REFUSED[limit as usize].load(Ordering::Relaxed));
        }
        self.recorder.handle().render()
    }

    fn record(&self, method: &'static str, route: SharedString, status: StatusCode, seconds: f64) {
        let key = Key::from_parts(
            REQUEST_DURATION,
            vec![
                Label::from_static_parts("http_request_method", method),
                Label::new("http_route", route),
                Label::from_static_parts("http_response_status_code", status_label(status)),
            ],
        );
        self.recorder
            .register_histogram(&key, metadata())
            .record(seconds);
        if self.requests.fetch_add(1, Ordering::Relaxed) % UPKEEP_EVERY == UPKEEP_EVERY - 1 {
            self.recorder.handle().run_upkeep();
        }
    }
}

/// The response cache's counters, in the order of [`ResponseCache::stats`]' hits, misses and
/// evictions, with their help text.
const CACHE_COUNTERS: [(&str, &str); 3] = [
    (
        "egress_planner_response_cache_hits_total",
        "GET requests answered from the response cache.",
    ),
    (
        "egress_planner_response_cache_misses_total",
        "Cacheable GET requests the handler answered.",
    ),
    (
        "egress_planner_response_cache_evictions_total",
        "Answers dropped from the response cache to stay within its bound.",
    ),
];

const LIMIT_LABELS: [&[Label]; 4] = [
    &[Label::from_static_parts("limit", "per_address")],
    &[Label::from_static_parts("limit", "total")],
    &[Label::from_static_parts("limit", "header_timeout")],
    &[Label::from_static_parts("limit", "write_timeout")],
];

fn metadata() -> &'static metrics::Metadata<'static> {
    static METADATA: metrics::Metadata<'static> =
        metrics::Metadata::new(module_path!(), metrics::Level::INFO, None);
    &METADATA
}

/// OpenTelemetry's method label: the known methods, `_OTHER` for the rest.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        Method::PATCH => "PATCH",
        Method::CONNECT => "CONNECT",
        Method::TRACE => "TRACE",
        _ => "_OTHER",
    }
}

/// The status as a label, without formatting it on every request.
fn status_label(status: StatusCode) -> &'static str {
    static LABELS: OnceLock<Vec<String>> = OnceLock::new();
    let labels = LABELS.get_or_init(|| (0..1000).map(|c| c.to_string()).collect());
    labels
        .get(usize::from(status.as_u16()))
        .map_or("_OTHER", String::as_str)
}

/// Resident memory from `/proc/self/statm` (Linux), bytes.
fn resident_memory_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    // SAFETY: sysconf only reads a system setting.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    Some(pages * u64::try_from(page).ok()?)
}

/// Open descriptors: the entries of `/proc/self/fd` (Linux), less the one
/// the listing itself holds open.
fn open_descriptors() -> Option<usize> {
    let entries = std::fs::read_dir("/proc/self/fd").ok()?;
    Some(entries.count().saturating_sub(1))
}

/// `GET /metrics`: the Prometheus text exposition.
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        state.metrics.render(),
    )
}

/// `GET /readyz`: 200 while the server takes new work; 503 once it drains
/// after SIGTERM, so load balancers stop sending before it stops.
/// `/healthz` stays 200 until the end: the process is alive while it drains.
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    if state.draining.load(Ordering::Relaxed) {
        (StatusCode::SERVICE_UNAVAILABLE, "draining\n")
    } else {
        (StatusCode::OK, "ready\n")
    }
}

/// The app for `--metrics-listen`: `/metrics` alone, on its own port.
pub fn router(state: AppState) -> axum::Router {
    axum::Router::new()
        .route("/metrics", axum::routing::get(metrics))
        .with_state(state)
}

/// Where the route layer leaves the matched route for the [`layer`]:
/// set when the router picks a route, before the handler runs, so requests
/// that time out or panic still carry their route.
#[derive(Clone, Default)]
struct RouteSlot(Arc<OnceLock<MatchedPath>>);

/// The layer that times every request (outside the router, so 404s,
/// timeouts and panics are counted too) and counts those in flight.
pub fn layer<S>(
    metrics: Arc<Metrics>,
) -> impl tower::Layer<S, Service = MetricsService<S>> + Clone {
    tower::layer::layer_fn(move |inner| MetricsService {
        inner,
        metrics: metrics.clone(),
    })
}

/// The service of [`layer`].
#[derive(Clone)]
pub struct MetricsService<S> {
    inner: S,
    metrics: Arc<Metrics>,
}

impl<S, B, R> tower::Service<Request<B>> for MetricsService<S>
where
    S: tower::Service<Request<B>, Response = Response<R>>,
{
    type Response = Response<R>;
    type Error = S::Error;
    type Future = Timed<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        let slot = RouteSlot::default();
        request.extensions_mut().insert(slot.clone());
        let method = method_label(request.method());
        self.metrics.active.fetch_add(1, Ordering::Relaxed);
        Timed {
            inner: self.inner.call(request),
            guard: Some(InFlight {
                metrics: self.metrics.clone(),
                method,
                slot,
                start: Instant::now(),
            }),
        }
    }
}

/// One request in flight: recorded when its response is ready, and only
/// uncounted (not recorded) when it is dropped unanswered.
struct InFlight {
    metrics: Arc<Metrics>,
    method: &'static str,
    slot: RouteSlot,
    start: Instant,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.metrics.active.fetch_sub(1, Ordering::Relaxed);
    }
}

pin_project_lite::pin_project! {
    /// The response future of [`MetricsService`].
    pub struct Timed<F> {
        #[pin]
        inner: F,
        guard: Option<InFlight>,
    }
}

impl<F, R, E> Future for Timed<F>
where
    F: Future<Output = Result<Response<R>, E>>,
{
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let output = std::task::ready!(this.inner.poll(cx));
        if let (Some(guard), Ok(response)) = (this.guard.take(), &output) {
            let route: SharedString = match guard.slot.0.get() {
                Some(path) => SharedString::from_owned(path.as_str().to_owned()),
                None => SharedString::const_str(UNMATCHED),
            };
            let seconds = guard.start.elapsed().as_secs_f64();
            guard
                .metrics
                .record(guard.method, route, response.status(), seconds);
        }
        Poll::Ready(output)
    }
}

/// Around the routes (its layer is `tower::layer::layer_fn(RouteTag)`):
/// hands the matched route to the [`layer`] through the request's
/// [`RouteSlot`]. Cheap: it only copies an `Arc<str>`.
#[derive(Clone)]
pub struct RouteTag<S>(pub S);

impl<S, B> tower::Service<Request<B>> for RouteTag<S>
where
    S: tower::Service<Request<B>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> S::Future {
        if let (Some(slot), Some(path)) = (
            request.extensions().get::<RouteSlot>(),
            request.extensions().get::<MatchedPath>(),
        ) {
            let _ = slot.0.set(path.clone());
        }
        self.0.call(request)
    }
}
