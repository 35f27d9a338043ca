//! A fixed batch of requests to one route through `app().oneshot(…)`, for
//! `valgrind --tool=callgrind`. Run:
//! `cargo build --release --example profile_route` then
//! `valgrind --tool=callgrind target/release/examples/profile_route /compare [gzip]`.
//! `N=…` sets the number of requests (default 200); `N=0` measures start-up
//! alone, to subtract from a run's total.
//!
//! `REPEAT=1` sends the first scenario every time: one request before the
//! count (the miss that fills the cache, part of start-up, so `N=0 REPEAT=1`
//! is what to subtract), then `N` answers from the response cache. Without
//! it every request is a different scenario, so every one is a miss.
//! `CACHE_BYTES=0` turns the cache off, as `--cache-bytes 0` does.

use axum::body::Body;
use axum::http::{Request, header};
use egress_planner::{AppState, Config, app, load_table};
use http_body_util::BodyExt;
use tower::ServiceExt;

#[path = "shared/modest.rs"]
mod modest;

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/compare".to_owned());
    let gzip = std::env::args().any(|a| a == "gzip");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut config = Config::for_tests();
    if let Some(bytes) = std::env::var("CACHE_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        config.cache_bytes = bytes;
    }
    let router = app(AppState::new(
        load_table(&config).expect("bundled table"),
        &config,
    ));
    let n: u32 = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let repeat = std::env::var("REPEAT").is_ok_and(|v| v == "1");
    let answer = |i: u32| {
        let query = modest::query(i);
        let mut request = Request::get(format!("{path}?{query}"));
        if gzip {
            request = request.header(header::ACCEPT_ENCODING, "gzip");
        }
        let response = runtime
            .block_on(
                router
                    .clone()
                    .oneshot(request.body(Body::empty()).expect("request")),
            )
            .expect("response");
        // A count of error answers would measure the wrong work.
        assert!(
            response.status().is_success(),
            "{path}?{query}: {}",
            response.status()
        );
        runtime
            .block_on(response.into_body().collect())
            .expect("body")
            .to_bytes()
            .len()
    };
    if repeat {
        answer(0);
    }
    let bytes: usize = (0..n).map(|i| answer(if repeat { 0 } else { i })).sum();
    let what = if repeat {
        "the same scenario"
    } else {
        "scenarios"
    };
    println!("{n} requests to {path} ({what}): {bytes} bytes");
}
