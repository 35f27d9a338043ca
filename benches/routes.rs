//! In-process benchmark of each route through `app().oneshot(…)`: the whole
//! stack (layers, parsing, engine, rendering) without sockets. The answers
//! are computed every time (the response cache off, as its four queries
//! repeat), then the same requests answered from the cache ("cached").

use axum::body::Body;
use axum::http::{Request, header};
use criterion::{Criterion, criterion_group, criterion_main};
use egress_planner::{AppState, Config, app, load_table};
use http_body_util::BodyExt;
use std::hint::black_box;
use tower::ServiceExt;

const QUERIES: [&str; 4] = [
    "region=us-east-1&monthly_gb=5000&s3_percent=40&aws_percent=20&public_ips=4&peak_gbps=20",
    "region=eu-west-2&monthly_gb=12000&s3_percent=25&aws_percent=5&outbound_percent=30&interface_endpoints=4&azs=3&nat_gateways=1&public_ips=6&peak_gbps=3",
    "region=ap-southeast-2&monthly_gb=250000&s3_percent=10&aws_percent=30&azs=3&public_ips=40&peak_gbps=180",
    "region=sa-east-1&monthly_gb=3000&s3_percent=80&aws_percent=20&public_ips=10&peak_gbps=2",
];

fn routes(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let computed = Config {
        cache_bytes: 0,
        ..Config::for_tests()
    };
    let cached = Config::for_tests();
    let mut i = 0;
    for (name, path, gzip, config) in [
        ("healthz", "/healthz", false, &computed),
        ("GET /api/v1/compare", "/api/v1/compare", false, &computed),
        ("GET /compare (HTML)", "/compare", false, &computed),
        ("GET /embed", "/embed", false, &computed),
        ("GET /chart.svg", "/chart.svg", false, &computed),
        ("GET /card.svg", "/card.svg", false, &computed),
        ("GET /compare (HTML, gzip)", "/compare", true, &computed),
        (
            "GET /api/v1/compare, cached",
            "/api/v1/compare",
            false,
            &cached,
        ),
        ("GET /compare (HTML), cached", "/compare", false, &cached),
        (
            "GET /compare (HTML, gzip), cached",
            "/compare",
            true,
            &cached,
        ),
    ] {
        let router = app(AppState::new(load_table(config).unwrap(), config));
        c.bench_function(name, |b| {
            b.iter(|| {
                i = (i + 1) % QUERIES.len();
                let mut request = Request::get(format!("{path}?{}", QUERIES[i]));
                if gzip {
                    request = request.header(header::ACCEPT_ENCODING, "gzip");
                }
                let response = runtime
                    .block_on(router.clone().oneshot(request.body(Body::empty()).unwrap()))
                    .unwrap();
                black_box(runtime.block_on(response.into_body().collect()).unwrap());
            })
        });
    }
}

criterion_group!(benches, routes);
criterion_main!(benches);
