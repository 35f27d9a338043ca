//! The response cache's compressor against zlib-rs at its fastest level, on 200 answers of one
//! route (the modest scenarios `profile_route` sends).
//!
//! `cargo build --release --example gzip_compare`, then
//! - `MODE=time target/release/examples/gzip_compare /embed`: microseconds a body for each,
//!   the median of seven rounds that alternate between them;
//! - `MODE=ours` or `MODE=zlib` under `valgrind --tool=callgrind`, less a `MODE=none` run
//!   (the answers alone), for instructions; each mode prints the bytes it wrote.

use axum::body::Body;
use axum::http::Request;
use egress_planner::{AppState, Config, app, load_table};
use egress_web::deflate::Deflater;
use flate2::{Compress, Compression, FlushCompress};
use http_body_util::BodyExt;
use std::time::Instant;
use tower::ServiceExt;

#[path = "shared/modest.rs"]
mod modest;

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/compare".to_owned());
    let mode = std::env::var("MODE").unwrap_or_default();
    let bodies = answers(&path);
    let plain: usize = bodies.iter().map(Vec::len).sum();
    let mut ours = Deflater::new();
    let mut zlib = Compress::new_gzip(Compression::fast(), 15);
    let mut with_ours = |body: &[u8]| {
        let mut out = Vec::with_capacity(body.len() / 2 + 64);
        ours.gzip(body, &mut out);
        out.len()
    };
    let mut with_zlib = |body: &[u8]| {
        zlib.reset();
        let mut out = Vec::with_capacity(body.len() + 64);
        zlib.compress_vec(body, &mut out, FlushCompress::Finish)
            .expect("zlib-rs");
        out.len()
    };
    match mode.as_str() {
        "time" => {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            for _ in 0..7 {
                a.push(seconds(|| bodies.iter().map(|x| with_ours(x)).sum()));
                b.push(seconds(|| bodies.iter().map(|x| with_zlib(x)).sum()));
            }
            let median = |mut v: Vec<f64>| {
                v.sort_by(f64::total_cmp);
                v[3] / (20.0 * bodies.len() as f64) * 1e6
            };
            println!(
                "{path}: this compressor {:.1} µs a body, zlib-rs {:.1} µs",
                median(a),
                median(b)
            );
        }
        "ours" => {
            let gz: usize = bodies.iter().map(|x| with_ours(x)).sum();
            println!("{path}: {plain} bytes, {gz} gzipped by this compressor");
        }
        "zlib" => {
            let gz: usize = bodies.iter().map(|x| with_zlib(x)).sum();
            println!("{path}: {plain} bytes, {gz} gzipped by zlib-rs");
        }
        _ => println!("{path}: {plain} bytes"),
    }
}

/// Seconds for 20 passes of `pass`.
fn seconds(mut pass: impl FnMut() -> usize) -> f64 {
    let start = Instant::now();
    for _ in 0..20 {
        std::hint::black_box(pass());
    }
    start.elapsed().as_secs_f64()
}

/// 200 answers of `path`, with the cache off.
fn answers(path: &str) -> Vec<Vec<u8>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut config = Config::for_tests();
    config.cache_bytes = 0;
    let router = app(AppState::new(
        load_table(&config).expect("bundled table"),
        &config,
    ));
    (0..200u32)
        .map(|i| {
            let request = Request::get(format!("{path}?{}", modest::query(i)))
                .body(Body::empty())
                .expect("request");
            let response = runtime
                .block_on(router.clone().oneshot(request))
                .expect("response");
            runtime
                .block_on(response.into_body().collect())
                .expect("body")
                .to_bytes()
                .to_vec()
        })
        .collect()
}
