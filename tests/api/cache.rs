//! The response cache: a repeated GET is answered with the very bytes and headers of the first
//! answer, a new pricing table never gets an old answer, what the links are built from is part
//! of what an answer is kept under, the bound holds under a flood of distinct queries,
//! `--cache-bytes 0` keeps nothing, and HEAD gets the GET answer's headers.

use super::helpers::{option, text};
use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode};
use clap::Parser;
use egress_planner::pricing::{BUNDLED, PricingTable};
use egress_planner::{AppState, Config, app, load_table};
use http_body_util::BodyExt;
use std::io::Read;
use std::sync::Arc;
use tower::ServiceExt;

fn state_with(config: &Config) -> AppState {
    AppState::new(load_table(config).unwrap(), config)
}

/// The app with the cache on (at the tests' bound) and off, each with its bound.
fn cache_on_and_off() -> [(usize, axum::Router); 2] {
    [Config::for_tests().cache_bytes, 0].map(|cache_bytes| {
        let config = Config {
            cache_bytes,
            ..Config::for_tests()
        };
        (cache_bytes, app(state_with(&config)))
    })
}

/// One answer: status, every header in order, and the body.
#[derive(Debug, PartialEq)]
struct Answer {
    status: StatusCode,
    headers: Vec<(String, Vec<u8>)>,
    body: Bytes,
}

async fn answer(router: &axum::Router, request: Request<Body>) -> Answer {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
        .collect();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body,
    }
}

fn request(uri: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut request = Request::get(uri);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    request.body(Body::empty()).unwrap()
}

async fn get(router: &axum::Router, uri: &str, headers: &[(&str, &str)]) -> Answer {
    answer(router, request(uri, headers)).await
}

impl Answer {
    fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_slice())
    }

    /// Every header but the length, in order of name: a gzip answer made by the cache is
    /// whole, so it has a length where the compression layer's streams have none.
    fn headers_but_length(&self) -> Vec<(String, Vec<u8>)> {
        let mut h = self.headers.clone();
        h.retain(|(k, _)| k != "content-length");
        h.sort();
        h
    }

    /// The body as sent, ungzipped when it was gzipped.
    fn plain_body(&self) -> Vec<u8> {
        if self.header("content-encoding") == Some(b"gzip") {
            let mut plain = Vec::new();
            flate2::read::GzDecoder::new(&self.body[..])
                .read_to_end(&mut plain)
                .unwrap();
            plain
        } else {
            self.body.to_vec()
        }
    }
}

const SCENARIO: &str = "region=us-east-1&monthly_gb=3000&s3_percent=20&aws_percent=20&public_ips=3";

/// A GET on every cached route, and the headers that select a variant of its answer.
fn views() -> Vec<(String, Vec<(&'static str, &'static str)>)> {
    let mut views: Vec<(String, Vec<(&str, &str)>)> = [
        "/".to_owned(),
        // The form filled with a scenario: after the bare form, never answered with it.
        format!("/?{SCENARIO}"),
        format!("/compare?{SCENARIO}"),
        format!("/compare.md?{SCENARIO}"),
        format!("/decision.md?{SCENARIO}&chosen=nat_gateway"),
        format!("/embed?{SCENARIO}"),
        format!("/chart.svg?{SCENARIO}"),
        format!("/card.svg?{SCENARIO}"),
        format!("/card.png?{SCENARIO}&width=400"),
        format!("/api/v1/compare?{SCENARIO}"),
        "/api/v1/workload?tasks=4&image_mb=850".to_owned(),
        "/workload?tasks=4&image_mb=850".to_owned(),
        "/api/v1/sweep?region=eu-west-1&s3_percent=20&vary=monthly_gb&from=0&to=40000&steps=4"
            .to_owned(),
        "/pricing?region=eu-west-1".to_owned(),
        "/api/v1/regions".to_owned(),
        "/api/v1/pricing".to_owned(),
        "/api/v1/openapi.json".to_owned(),
        "/static/app.css".to_owned(),
        "/measure".to_owned(),
    ]
    .into_iter()
    .map(|uri| (uri, vec![]))
    .collect();
    views.push((
        "/api/v1/sweep?monthly_gb=100&vary=s3_percent&from=0&to=40&steps=4".to_owned(),
        vec![("accept", "text/csv")],
    ));
    views.push((
        "/oembed?url=http%3A%2F%2Fplanner.test%2Fcompare%3Fmonthly_gb%3D100".to_owned(),
        vec![("host", "planner.test")],
    ));
    views
}

#[tokio::test]
async fn a_hit_is_the_miss_byte_for_byte_with_the_same_headers() {
    let state = state_with(&Config::for_tests());
    let router = app(state.clone());
    let mut pairs = 0;
    for (uri, headers) in views() {
        for encoding in [None, Some("gzip, deflate, br"), Some("gzip;q=1, br;q=0.5")] {
            let mut headers = headers.clone();
            headers.extend(encoding.map(|e| ("accept-encoding", e)));
            let first = get(&router, &uri, &headers).await;
            let before = state.cache.stats();
            let second = get(&router, &uri, &headers).await;
            let after = state.cache.stats();
            assert_eq!(first.status, StatusCode::OK, "{uri} {headers:?}");
            assert_eq!(first, second, "{uri} {headers:?}");
            assert_eq!(after.hits, before.hits + 1, "{uri} {headers:?}: a hit");
            assert_eq!(after.misses, before.misses, "{uri} {headers:?}: a hit");
            pairs += 1;
        }
    }
    // The gzip twin of an answer is its plain body gzipped: a gzip request after a plain one
    // (made from the kept answer) and one before it (from the handler's) say the same.
    for (uri, headers) in views() {
        let plain = get(&router, &uri, &headers).await;
        let mut gzip_headers = headers.clone();
        gzip_headers.push(("accept-encoding", "gzip"));
        let gzip = get(&router, &uri, &gzip_headers).await;
        assert_eq!(gzip.plain_body(), plain.body, "{uri}");
    }
    assert!(pairs > 50);
}

#[tokio::test]
async fn answers_are_the_same_with_the_cache_as_without_it() {
    let on = app(state_with(&Config::for_tests()));
    let off = app(state_with(&Config {
        cache_bytes: 0,
        ..Config::for_tests()
    }));
    for (uri, headers) in views() {
        for encoding in [None, Some("gzip"), Some("identity;q=0"), Some("gzip;q=0.5")] {
            let mut headers = headers.clone();
            headers.extend(encoding.map(|e| ("accept-encoding", e)));
            let without = get(&off, &uri, &headers).await;
            for _ in 0..2 {
                let with = get(&on, &uri, &headers).await;
                assert_eq!(with.status, without.status, "{uri} {headers:?}");
                assert_eq!(with.plain_body(), without.plain_body(), "{uri} {headers:?}");
                // The bytes of a gzip stream are the compressor's own; what they say is equal.
                let (with_headers, without_headers) =
                    (with.headers_but_length(), without.headers_but_length());
                assert_eq!(with_headers, without_headers, "{uri} {headers:?}");
                if let Some(length) = with.header("content-length") {
                    assert_eq!(length, with.body.len().to_string().as_bytes());
                }
            }
        }
    }
}

#[tokio::test]
async fn an_image_is_revalidated_with_304_whether_or_not_it_is_kept() {
    let state = state_with(&Config::for_tests());
    let router = app(state.clone());
    let uri = format!("/chart.svg?{SCENARIO}");
    let first = get(&router, &uri, &[]).await;
    let tag = String::from_utf8(first.header("etag").unwrap().to_vec()).unwrap();
    let off = app(state_with(&Config {
        cache_bytes: 0,
        ..Config::for_tests()
    }));
    for encoding in ["identity", "gzip"] {
        let headers = [
            ("if-none-match", tag.as_str()),
            ("accept-encoding", encoding),
        ];
        let cached = get(&router, &uri, &headers).await;
        assert_eq!(cached.status, StatusCode::NOT_MODIFIED);
        assert!(cached.body.is_empty());
        assert_eq!(cached, get(&off, &uri, &headers).await);
        // Another tag is not this image's: the kept answer is sent whole.
        let other = get(&router, &uri, &[("if-none-match", "\"0\"")]).await;
        assert_eq!(other, first);
    }
}

#[tokio::test]
async fn an_image_sent_plain_or_gzipped_carries_one_weak_tag_that_either_form_revalidates() {
    // A strong tag names one body's exact bytes, and the plain and gzip bodies differ
    // (RFC 9110 §8.8.3.3): the tag both carry is weak. With the cache on and off alike.
    for (_, router) in cache_on_and_off() {
        let uri = format!("/card.svg?{SCENARIO}");
        let plain = get(&router, &uri, &[]).await;
        let gzipped = get(&router, &uri, &[("accept-encoding", "gzip")]).await;
        assert_eq!(gzipped.header("content-encoding"), Some(&b"gzip"[..]));
        assert_ne!(plain.body, gzipped.body);
        let tag = String::from_utf8(plain.header("etag").unwrap().to_vec()).unwrap();
        assert!(tag.starts_with("W/\"") && tag.ends_with('"'), "{tag}");
        assert_eq!(gzipped.header("etag"), plain.header("etag"));
        // If-None-Match compares weakly (§13.1.2): the tag with or without `W/`, alone or in a
        // list, is this image's.
        let strong = tag.strip_prefix("W/").unwrap();
        let listed = format!("\"0\", {tag}");
        for sent in [tag.as_str(), strong, listed.as_str()] {
            for encoding in ["identity", "gzip"] {
                let again = get(
                    &router,
                    &uri,
                    &[("if-none-match", sent), ("accept-encoding", encoding)],
                )
                .await;
                assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{sent} {encoding}");
                assert_eq!(again.header("etag"), plain.header("etag"));
            }
        }
    }
}

#[tokio::test]
async fn head_gets_the_get_answers_headers_with_no_body() {
    // RFC 9110 §9.3.2: HEAD is answered with the header fields GET would have, the encoding and
    // `Vary` included.
    for (cache_bytes, router) in cache_on_and_off() {
        for (uri, selecting) in views() {
            for encoding in ["identity", "gzip"] {
                let mut headers = selecting.clone();
                headers.push(("accept-encoding", encoding));
                let got = get(&router, &uri, &headers).await;
                let mut head = request(&uri, &headers);
                *head.method_mut() = axum::http::Method::HEAD;
                let head = answer(&router, head).await;
                let what = format!("HEAD {uri} ({encoding}, cache {cache_bytes})");
                assert_eq!(head.status, got.status, "{what}");
                assert!(head.body.is_empty(), "{what}");
                assert_eq!(
                    head.headers_but_length(),
                    got.headers_but_length(),
                    "{what}"
                );
                if let Some(length) = head.header("content-length") {
                    assert_eq!(length, got.body.len().to_string().as_bytes(), "{what}");
                }
            }
        }
    }
}

#[tokio::test]
async fn a_new_pricing_table_never_gets_an_old_answer() {
    let old = state_with(&Config::for_tests());
    // The same table at twice the NAT gateway's data processing price in us-east-1, under a
    // new version: an app serving it shares the old one's cache.
    let us_east_1_nat_gb = r#"nat_gb = { usd = "0.045", source = "infracost-nat-golden""#;
    assert_eq!(BUNDLED.matches(us_east_1_nat_gb).count(), 1);
    let text = BUNDLED
        .replacen(
            us_east_1_nat_gb,
            r#"nat_gb = { usd = "0.09", source = "infracost-nat-golden""#,
            1,
        )
        .replacen(
            &format!("version = \"{}\"", old.table.meta.version),
            "version = \"cache-test.2\"",
            1,
        );
    let new = AppState {
        table: Arc::new(PricingTable::parse("new.toml", &text).unwrap()),
        ..old.clone()
    };
    let (old_app, new_app) = (app(old.clone()), app(new));
    let uri = "/api/v1/compare?region=us-east-1&monthly_gb=1000&s3_percent=0&aws_percent=0";
    let nat_gb = |answer: &Answer| {
        let body: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
        let line = option(&body, "nat_gateway")["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["figure"] == "nat_gb")
            .unwrap();
        (
            body["pricing"]["version"].as_str().unwrap().to_owned(),
            line["cost"].as_str().unwrap().to_owned(),
        )
    };
    for _ in 0..2 {
        // 1,000 GB through the NAT gateway at $0.045 a GB is $45.00; at $0.09, $90.00.
        let first = get(&old_app, uri, &[]).await;
        assert_eq!(
            nat_gb(&first),
            (old.table.meta.version.clone(), "45.00".to_owned())
        );
        let second = get(&new_app, uri, &[]).await;
        assert_eq!(
            nat_gb(&second),
            ("cache-test.2".to_owned(), "90.00".to_owned())
        );
        let card = format!("/card.svg?{SCENARIO}");
        let mut images = Vec::new();
        for app in [&old_app, &new_app, &old_app] {
            images.push(get(app, &card, &[]).await);
        }
        assert_ne!(images[0].header("etag"), images[1].header("etag"));
        assert_eq!(images[0], images[2]);
    }
    let stats = old.cache.stats();
    assert_eq!((stats.misses, stats.entries), (4, 4));
}

#[tokio::test]
async fn what_the_links_are_built_from_is_part_of_the_key() {
    let config = Config {
        trust_forwarded: true,
        ..Config::for_tests()
    };
    let router = app(state_with(&config));
    let uri = format!("/compare?{SCENARIO}");
    for _ in 0..2 {
        for host in ["wiki.one.example", "wiki.two.example"] {
            let page = get(&router, &uri, &[("x-forwarded-host", host)]).await;
            let body = String::from_utf8(page.body.to_vec()).unwrap();
            assert!(body.contains(&format!("http://{host}/")), "{host}");
            let other = if host.contains("one") { "two" } else { "one" };
            assert!(!body.contains(&format!("wiki.{other}.example")), "{host}");
        }
    }
    // oEmbed knows its own permalinks by the Host header when there is no public URL.
    let router = app(state_with(&Config::for_tests()));
    let oembed = "/oembed?url=http%3A%2F%2Fplanner.test%2Fcompare%3Fmonthly_gb%3D100";
    for _ in 0..2 {
        let ours = get(&router, oembed, &[("host", "planner.test")]).await;
        assert_eq!(ours.status, StatusCode::OK);
        let theirs = get(&router, oembed, &[("host", "elsewhere.test")]).await;
        assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    }
    // A sweep answers CSV to `Accept: text/csv` and JSON otherwise, for the same query.
    let sweep = "/api/v1/sweep?monthly_gb=100&vary=s3_percent&from=0&to=40&steps=4";
    for _ in 0..2 {
        let csv = get(&router, sweep, &[("accept", "text/csv")]).await;
        assert_eq!(
            csv.header("content-type"),
            Some(&b"text/csv; charset=utf-8"[..])
        );
        let json = get(&router, sweep, &[]).await;
        assert_eq!(json.header("content-type"), Some(&b"application/json"[..]));
    }
}

#[tokio::test]
async fn only_a_successful_get_or_head_is_kept() {
    let state = state_with(&Config::for_tests());
    let router = app(state.clone());
    for _ in 0..2 {
        let bad = get(&router, "/compare?monthly_gb=-1", &[]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(get(&router, "/healthz", &[]).await.status, StatusCode::OK);
    }
    // A HEAD is answered as its GET: the first one's answer is kept, the second is a hit, and
    // so is a GET after them, with the body.
    let uri = format!("/compare?{SCENARIO}");
    for _ in 0..2 {
        let head = answer(&router, Request::head(&uri).body(Body::empty()).unwrap()).await;
        assert_eq!((head.status, head.body.len()), (StatusCode::OK, 0));
    }
    assert!(!get(&router, &uri, &[]).await.body.is_empty());
    // Misses: the two errors and the first HEAD; hits: the second HEAD and the GET.
    let stats = state.cache.stats();
    assert_eq!((stats.hits, stats.misses, stats.entries), (2, 3, 1));
}

#[tokio::test]
async fn the_bound_holds_under_a_flood_of_distinct_queries() {
    let capacity = 64 * 1024;
    let state = state_with(&Config {
        cache_bytes: capacity,
        ..Config::for_tests()
    });
    let router = app(state.clone());
    let card = |i: usize| format!("/card.svg?monthly_gb={}", 1000 + i);
    let flood = 400;
    for i in 0..flood {
        get(&router, &card(i), &[("accept-encoding", "gzip")]).await;
        let stats = state.cache.stats();
        assert!(stats.bytes <= capacity, "{} bytes after {i}", stats.bytes);
    }
    let stats = state.cache.stats();
    // Each card and its gzip twin, 2 entries a query; the rest were dropped.
    assert_eq!(stats.misses, flood as u64);
    assert_eq!(stats.entries as u64 + stats.evictions, 2 * flood as u64);
    assert!(stats.entries > 4 && stats.entries < 100, "{stats:?}");
    // Least recently used first: the newest are kept, the oldest are gone.
    get(&router, &card(flood - 1), &[]).await;
    assert_eq!(state.cache.stats().hits, 1);
    get(&router, &card(0), &[]).await;
    assert_eq!(state.cache.stats().misses, flood as u64 + 1);
}

#[tokio::test]
async fn cache_bytes_0_keeps_nothing_and_metrics_say_what_it_does() {
    let parsed =
        Config::try_parse_from(["egress-planner", "--cache-bytes", "0"]).expect("the flag");
    assert_eq!(parsed.cache_bytes, 0);
    let defaults = Config::try_parse_from(["egress-planner"]).unwrap();
    assert_eq!(defaults.cache_bytes, 64 * 1024 * 1024);

    let off = state_with(&parsed);
    let router = app(off.clone());
    for _ in 0..3 {
        assert_eq!(
            get(&router, &format!("/compare?{SCENARIO}"), &[])
                .await
                .status,
            StatusCode::OK
        );
    }
    let stats = off.cache.stats();
    assert_eq!(
        (stats.hits, stats.misses, stats.entries, stats.bytes),
        (0, 0, 0, 0)
    );

    let on = state_with(&Config::for_tests());
    let router = app(on.clone());
    for _ in 0..3 {
        get(&router, &format!("/embed?{SCENARIO}"), &[]).await;
    }
    let metrics = text(
        router
            .clone()
            .oneshot(Request::get("/metrics").body(Body::empty()).unwrap())
            .await
            .unwrap(),
    )
    .await;
    let value = |name: &str| {
        metrics
            .lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
            .unwrap_or_else(|| panic!("{name} missing:\n{metrics}"))
            .to_owned()
    };
    assert_eq!(value("egress_planner_response_cache_hits_total"), "2");
    assert_eq!(value("egress_planner_response_cache_misses_total"), "1");
    assert_eq!(value("egress_planner_response_cache_evictions_total"), "0");
    assert_eq!(value("egress_planner_response_cache_entries"), "1");
    assert_eq!(
        value("egress_planner_response_cache_bytes"),
        on.cache.stats().bytes.to_string()
    );
    assert_eq!(
        value("egress_planner_response_cache_capacity_bytes"),
        "67108864"
    );
}
