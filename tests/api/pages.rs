//! The HTML pages and the Markdown view, through oneshot.

use super::helpers::{get, json, text};
use axum::http::{StatusCode, header};

const FARGATE: &str = "monthly_gb=5000&s3_percent=40&aws_percent=20&public_ips=4&peak_gbps=20";

#[tokio::test]
async fn the_form_has_every_field_labelled_with_defaults_and_all_regions() {
    let response = get("/").await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = text(response).await;
    for name in egress_planner::scenario::FIELDS.iter().map(|f| f.name) {
        assert!(
            html.contains(&format!(r#"<label for="{name}">"#)),
            "label for {name}"
        );
        assert!(
            html.contains(&format!(r#"id="{name}-hint""#)),
            "hint for {name}"
        );
    }
    // Every region, then auto and the 10 NAT instance types us-east-1 prices.
    let regions = egress_planner::pricing::PricingTable::bundled()
        .unwrap()
        .regions
        .len();
    assert_eq!(html.matches("<option value=").count(), regions + 11);
    assert!(
        html.contains(r#"value="1000""#),
        "monthly_gb default is filled in"
    );
    assert!(
        html.contains(r#"<form method="get" action="/compare""#),
        "GET form: the URL is the permalink"
    );
    assert!(html.contains("ecr.api, ecr.dkr and logs"), "endpoint hint");
}

#[tokio::test]
async fn the_results_page_shows_the_apis_numbers_ranked() {
    let (_, api) = json(get(&format!("/api/v1/compare?{FARGATE}")).await).await;
    let response = get(&format!("/compare?{FARGATE}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = text(response).await;
    // Acceptance totals: public_subnet $104.60 < all endpoints $306.80 < NAT
    // $388.00; endpoints-only last (infeasible). The S3-endpoint option, not in
    // the acceptance file, is NAT less 40% × 5,000 = 2,000 GB × $0.045 = $90.00
    // of processing (one NAT per AZ, so no cross-AZ leg): $298.00.
    let order: Vec<usize> = [
        "public_subnet",
        "nat_gateway_s3_endpoint",
        "nat_gateway_all_endpoints",
        "nat_gateway\"",
        "endpoints_only",
    ]
    .iter()
    .map(|id| {
        html.find(&format!("data-option=\"{id}"))
            .unwrap_or_else(|| panic!("row {id}"))
    })
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "ranked order: {order:?}"
    );
    for option in api["options"].as_array().unwrap() {
        let cost: rust_decimal::Decimal = option["monthly_cost"].as_str().unwrap().parse().unwrap();
        let shown = egress_planner::engine::Money::new(cost)
            .display()
            .to_string();
        let id = option["id"].as_str().unwrap();
        assert!(
            html.contains(&format!(r#"data-option="{id}">{shown}<"#)),
            "{id} shows {shown}"
        );
    }
    assert!(html.contains("1,251.43 GB/month"), "break-even sentence");
    assert!(
        html.contains("Security: every task has a public address"),
        "security warning"
    );
    let meta = egress_planner::pricing::PricingTable::bundled()
        .unwrap()
        .meta;
    assert!(html.contains(&meta.version), "pricing version");
}

#[tokio::test]
async fn assumed_prices_are_marked() {
    let html = text(get("/compare?region=us-west-1").await).await;
    assert!(html.contains(r#"class="assumed""#));
    assert!(html.contains("Assumed prices in us-west-1"));
    // eu-west-1's table confirms every figure it has.
    let html = text(get("/compare?region=eu-west-1").await).await;
    assert!(!html.contains("<abbr class=\"assumed\""));
}

#[tokio::test]
async fn bad_input_re_renders_the_form_with_the_message_beside_the_field() {
    let response = get("/compare?monthly_gb=%3Cb%3Eabc&azs=3").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(response).await;
    assert!(html.contains(r#"<p class="error" id="monthly_gb-error">Monthly traffic must be a number from 0 to 1,000,000,000 GB/month"#), "{html}");
    assert!(
        html.contains(r#"value="&#60;b&#62;abc""#),
        "the typed value is kept, escaped"
    );
    assert!(!html.contains("<b>abc"), "never unescaped");
    assert!(
        html.contains(r#"id="azs" name="azs" value="3""#),
        "other values are kept"
    );
}

#[tokio::test]
async fn blank_fields_are_errors_except_those_that_follow_the_azs() {
    // The contract's second edition: an empty value names its field, except
    // nat_gateways, nat_instances (one per AZ) and nat_instance_type (auto).
    let response = get(
        "/compare?region=us-east-1&monthly_gb=1000&nat_gateways=&nat_instances=&nat_instance_type=",
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = get("/compare?monthly_gb=&hours=").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(response).await;
    assert!(
        html.contains(r#"id="monthly_gb-error">Monthly traffic: enter a value"#),
        "{html}"
    );
    assert!(
        html.contains(r#"id="hours-error">Billed hours in the month: enter a value"#),
        "{html}"
    );
    // The API reads blanks the same way, so a results page's URL works there.
    let (status, _) = json(get("/api/v1/compare?monthly_gb=1000&nat_gateways=").await).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_markdown_view_has_the_ranked_table() {
    let response = get(&format!("/compare.md?{FARGATE}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/markdown")
    );
    let md = text(response).await;
    assert!(
        md.contains("| 1 | **Public subnets with public IPv4** | $104.60 | cheapest | yes |"),
        "{md}"
    );
    assert!(
        // After NAT + S3 endpoint, regional NAT and IPv6 egress ($298.00 each)
        // and NAT + endpoints ($306.80): 388.00 − 104.60 = 283.40 over cheapest.
        md.contains("| 6 | NAT gateways | $388.00 | +$283.40 | yes |"),
        "{md}"
    );
}

#[tokio::test]
async fn pages_carry_security_headers_and_are_not_frameable_by_others() {
    let response = get("/").await;
    let csp = response.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
    assert_eq!(
        response.headers()[header::X_CONTENT_TYPE_OPTIONS],
        "nosniff"
    );
    assert!(response.headers().contains_key(header::REFERRER_POLICY));
    assert!(!response.headers().contains_key(header::X_FRAME_OPTIONS));
}

#[tokio::test]
async fn the_stylesheet_is_served_and_small() {
    let response = get("/static/app.css").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    let css = text(response).await;
    assert!(css.contains("@media print"));
    let page = text(get(&format!("/compare?{FARGATE}")).await).await;
    assert!(
        css.len() + page.len() < 64 * 1024,
        "page {} + css {} bytes",
        page.len(),
        css.len()
    );
}

#[tokio::test]
async fn an_unknown_page_is_a_404_page() {
    let response = get("/nope").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(text(response).await.contains("Page not found"));
    let (status, body) = json(get("/api/v1/nope").await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["error"]["message"].is_string());
}

#[tokio::test]
async fn the_form_switches_to_per_service_mode_and_the_page_shows_the_advice() {
    // The form always sends aws_percent and interface_endpoints; with a
    // service filled in they are derived from the services instead.
    let response = get(
        "/compare?monthly_gb=8000&s3_percent=30&aws_percent=0&interface_endpoints=3&azs=3&nat_gateways=1&svc.logs=1200&svc.sts=&svc.ecr.api=2",
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = text(response).await;
    assert!(html.contains("Per-service mode"), "{html}");
    // logs, 3 AZs, one NAT gateway: endpoint 21.90 + 12.00 = 33.90 against
    // 1,200 × (0.045 + 2 × 0.01 × 2/3) = 70.00 through the NAT.
    assert!(html.contains(r#"<tr data-service="logs">"#));
    assert!(html.contains("$33.90") && html.contains("$70.00"), "{html}");
    assert!(html.contains("<strong>create</strong>"));
    // The form keeps what was typed in the group, open.
    assert!(html.contains(r#"name="svc.logs" value="1200""#), "{html}");
    assert!(html.contains(r#"<details class="services" open>"#));
    let md =
        text(get("/compare.md?monthly_gb=8000&azs=3&nat_gateways=1&svc.logs=1200").await).await;
    assert!(
        md.contains("| `logs` | 1,200 | $33.90 | $70.00 | **create** |"),
        "{md}"
    );
}

#[tokio::test]
async fn bad_per_service_traffic_comes_back_on_the_form() {
    for (query, needle) in [
        ("svc.s3=5", "gateway endpoint"),
        ("svc.logz=5", "unknown interface endpoint service"),
        (
            "monthly_gb=100&svc.logs=500",
            "more than the 100 GB/month left after S3",
        ),
        ("svc.logs=lots", "logs:"),
    ] {
        let response = get(&format!("/compare?{query}")).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}"
        );
        let html = text(response).await;
        assert!(html.contains(needle), "{query}: {html}");
        assert!(
            html.contains(r#"<details class="services" open>"#),
            "{query}: the group is open"
        );
    }
}

#[tokio::test]
async fn a_bad_scenario_is_a_422_in_every_routes_own_format() {
    // The same bad input everywhere: one status, each route's own format.
    for (path, content_type) in [
        ("/api/v1/compare", "application/json"),
        ("/compare", "text/html"),
        ("/compare.md", "text/markdown"),
        ("/embed", "text/html"),
        ("/chart.svg", "image/svg+xml"),
        ("/card.svg", "image/svg+xml"),
    ] {
        let response = get(&format!("{path}?azs=9&monthly_gb=-1")).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}"
        );
        let got = response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(got.starts_with(content_type), "{path}: {got}");
        let body = text(response).await;
        assert!(
            body.contains("Availability Zones must be a whole number from 1 to 6"),
            "{path}: {body}"
        );
        if path != "/chart.svg" && path != "/card.svg" {
            assert!(
                body.contains("Monthly traffic must be a number"),
                "{path}: every error, {body}"
            );
        }
    }
    let md = text(get("/compare.md?azs=9").await).await;
    assert!(
        md.starts_with("## egress-planner cannot compare this scenario"),
        "{md}"
    );
    assert!(md.contains("- `azs`: Availability Zones"), "{md}");
}
