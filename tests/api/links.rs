//! Links in pages come from `--public-url` or a trusted proxy, never from the
//! Host header.

use super::helpers::{app_with, text};
use axum::body::Body;
use axum::http::{Request, StatusCode};
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
