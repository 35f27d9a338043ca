//! Links in pages come from `--public-url` or a trusted proxy, never from the
//! Host header; and the small answers that were wrong: the SVG 304's
//! headers, the 406's body, the echoed unknown field name.

use super::helpers::{app_with, get, json, send, text};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use egress_planner::Config;
use tower::ServiceExt;

const SCENARIO: &str = "region=eu-west-2&monthly_gb=12000";

async fn page(config: &Config, uri: &str, headers: &[(&str, &str)]) -> String {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app_with(config)
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{uri}");
    text(response).await
}

fn pages() -> [String; 3] {
    [
        format!("/compare?{SCENARIO}"),
        format!("/embed?{SCENARIO}"),
        format!("/compare.md?{SCENARIO}"),
    ]
}

#[tokio::test]
async fn a_host_header_never_reaches_a_page() {
    let hostile = [
        ("host", "evil.example"),
        ("x-forwarded-host", "evil.example"),
        ("x-forwarded-proto", "https"),
        ("forwarded", "host=evil.example;proto=https"),
    ];
    for uri in pages() {
        let body = page(&Config::for_tests(), &uri, &hostile).await;
        assert!(!body.contains("evil.example"), "{uri}: {body}");
        assert!(!body.contains("127.0.0.1"), "{uri}: no made-up host either");
        assert!(
            body.contains(&format!("](/compare?{SCENARIO}"))
                || body.contains("\"/compare?region=eu-west-2&#38;"),
            "{uri}: relative links"
        );
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_its_forwarded_host_and_scheme_make_the_links() {
    let trusting = Config {
        trust_forwarded: true,
        ..Config::for_tests()
    };
    let forwarded = [
        ("host", "10.0.0.7:8080"),
        ("x-forwarded-host", "egress.wiki.example"),
        ("x-forwarded-proto", "https"),
    ];
    for uri in pages() {
        let body = page(&trusting, &uri, &forwarded).await;
        assert!(
            body.contains("https://egress.wiki.example/compare?region=eu-west-2"),
            "{uri}: {body}"
        );
        assert!(!body.contains("10.0.0.7"), "{uri}");
    }
    let body = page(
        &trusting,
        &pages()[0],
        &[(
            "forwarded",
            "for=192.0.2.1;host=planner.internal;proto=https",
        )],
    )
    .await;
    assert!(body.contains(r#"&lt;iframe src="https://planner.internal/embed?"#));
    assert!(
        !body.contains(r#"id="snippet-relative""#),
        "absolute: no note"
    );

    // --public-url wins over anything a request says.
    let configured = Config {
        public_url: Some("https://egress.example.com".into()),
        ..trusting
    };
    let body = page(&configured, &pages()[0], &forwarded).await;
    assert!(body.contains("https://egress.example.com/compare?region=eu-west-2"));
    assert!(!body.contains("egress.wiki.example"));
}

#[tokio::test]
async fn an_svg_304_carries_the_images_headers_not_the_pages() {
    for image in ["/chart.svg", "/card.svg"] {
        let uri = format!("{image}?{SCENARIO}");
        let first = get(&uri).await;
        let tag = first.headers()[header::ETAG].clone();
        let again = send(
            Request::get(&uri)
                .header(header::IF_NONE_MATCH, tag.clone())
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{image}");
        for name in [
            header::ETAG,
            header::CACHE_CONTROL,
            header::CONTENT_SECURITY_POLICY,
        ] {
            assert_eq!(
                again.headers().get(&name),
                first.headers().get(&name),
                "{image}: {name}"
            );
        }
    }
}

#[tokio::test]
async fn a_406_has_no_body() {
    for uri in ["/api/v1/pricing", "/healthz", "/compare?azs=2"] {
        let response = send(
            Request::get(uri)
                .header(header::ACCEPT_ENCODING, "identity;q=0")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(response.status(), StatusCode::NOT_ACCEPTABLE, "{uri}");
        assert!(!response.headers().contains_key(header::CONTENT_TYPE));
        assert_eq!(text(response).await, "", "{uri}");
    }
}

#[tokio::test]
async fn an_unknown_field_name_is_not_echoed_in_full() {
    let name = "x".repeat(60_000);
    let response = get(&format!("/api/v1/compare?{name}=1")).await;
    let (status, body) = json(response).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let answer = body.to_string();
    assert!(answer.len() < 1000, "{} bytes", answer.len());
    assert_eq!(body["error"]["field"].as_str().unwrap().len(), 64);
}
