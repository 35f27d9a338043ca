//! The JSON API's contract: shapes, money as strings, defaults, and errors
//! that name the field.

use super::helpers::{error_message, get, json, post_json, send, strings, text, unprocessable};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

#[tokio::test]
async fn a_comparison_carries_money_as_two_place_strings_and_the_table_used() {
    let (status, body) = json(
        post_json(
            "/api/v1/compare",
            r#"{"monthly_gb": 5000, "s3_percent": "40"}"#,
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["region"], "us-east-1");
    assert!(body["pricing"]["version"].is_string());
    assert!(body["pricing"]["as_of"].is_string());
    let first = &body["options"][0];
    assert_eq!(first["id"], "nat_gateway");
    let cost = first["monthly_cost"]
        .as_str()
        .expect("monthly_cost is a string");
    assert_eq!(
        cost.split('.').nth(1).map(str::len),
        Some(2),
        "two places: {cost}"
    );
    let line = &first["lines"][0];
    for key in ["item", "quantity", "unit", "unit_price", "cost"] {
        assert!(!line[key].is_null(), "line has {key}");
    }
    // Unit prices keep full precision: $0.045, not $0.05.
    assert_eq!(first["lines"][0]["unit_price"], "0.045");
}

#[tokio::test]
async fn omitted_fields_take_the_contract_defaults() {
    let (_, body) = json(post_json("/api/v1/compare", "{}").await).await;
    let s = &body["scenario"];
    assert_eq!(s["region"], "us-east-1");
    assert_eq!(s["monthly_gb"], "1000");
    assert_eq!(s["outbound_percent"], "50");
    assert_eq!(s["interface_endpoints"], 3);
    assert_eq!(s["azs"], 2);
    assert_eq!(s["nat_gateways"], 2, "defaults to one per AZ");
    assert_eq!(s["hours"], 730);
    assert_eq!(s["dto_free_tier"], false);
    // 1000 GB, 2 NAT: 2 × 730 × (0.045 + 0.005) = 73.00; 1000 × 0.045 = 45.00;
    // DTO 500 × 0.09 = 45.00 → 163.00
    assert_eq!(body["options"][0]["monthly_cost"], "163.00");
}

#[tokio::test]
async fn nat_gateways_default_follows_azs() {
    let (_, body) = json(get("/api/v1/compare?azs=3").await).await;
    assert_eq!(body["scenario"]["nat_gateways"], 3);
}

#[tokio::test]
async fn decimal_strings_keep_every_digit() {
    // 0.1 GB as a string stays exactly 0.1.
    let (_, body) = json(post_json("/api/v1/compare", r#"{"monthly_gb": "0.1"}"#).await).await;
    assert_eq!(body["scenario"]["monthly_gb"], "0.1");
}

async fn error_of(response: axum::http::Response<Body>) -> (StatusCode, Option<String>, String) {
    let (status, body) = json(response).await;
    let field = body["error"]["field"].as_str().map(str::to_owned);
    let message = body["error"]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("error body: {body}"))
        .to_owned();
    (status, field, message)
}

#[tokio::test]
async fn a_bad_request_gets_its_status_the_field_and_what_is_wrong() {
    const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;
    #[derive(Debug)]
    enum Sent {
        Query(&'static str),
        Body(&'static str),
    }
    use Sent::{Body, Query};
    // (GET query or POST body, status, field named, part of the message)
    let cases = [
        // An unknown field is rejected by name; the message lists the real fields.
        (
            Body(r#"{"montly_gb": 5}"#),
            UNPROCESSABLE,
            Some("montly_gb"),
            "monthly_gb",
        ),
        // A value with no name says so, rather than quoting an empty name.
        (
            Query("monthly_gb=5&=3"),
            UNPROCESSABLE,
            Some(""),
            "a value is given without a field name; the fields are region, monthly_gb",
        ),
        (
            Body(r#"{"": 3}"#),
            UNPROCESSABLE,
            Some(""),
            "a value is given without a field name",
        ),
        // An out-of-range value names the field and the range.
        (Query("azs=7"), UNPROCESSABLE, Some("azs"), "1 to 6"),
        // Shares over 100 percent are rejected at the second.
        (
            Query("s3_percent=60&aws_percent=50"),
            UNPROCESSABLE,
            Some("aws_percent"),
            "",
        ),
        // An unknown region lists the known ones.
        (
            Query("region=mars-1"),
            UNPROCESSABLE,
            Some("region"),
            "eu-west-2",
        ),
        // Invalid JSON is a 400 with a JSON error.
        (Body("{not json"), StatusCode::BAD_REQUEST, None, "JSON"),
    ];
    for (request, status, field, says) in cases {
        let response = match request {
            Query(query) => get(&format!("/api/v1/compare?{query}")).await,
            Body(body) => post_json("/api/v1/compare", body).await,
        };
        let (status_got, field_got, message) = error_of(response).await;
        assert_eq!(status_got, status, "{request:?}: {message}");
        assert_eq!(field_got.as_deref(), field, "{request:?}: {message}");
        assert!(message.contains(says), "{request:?}: {message}");
    }
}

#[tokio::test]
async fn an_integer_field_refuses_a_fraction_but_takes_an_integer_string() {
    for body in [r#"{"azs": 2.5}"#, r#"{"azs": "2.5"}"#] {
        let (_, field, _) = error_of(post_json("/api/v1/compare", body).await).await;
        assert_eq!(field.as_deref(), Some("azs"), "{body}");
    }
    // Integer fields take integer strings, as decimal fields take decimal strings.
    let (status, body) = json(post_json("/api/v1/compare", r#"{"azs": "3"}"#).await).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["scenario"]["azs"], 3);
}

#[tokio::test]
async fn the_wrong_content_type_is_a_415() {
    let request = Request::post("/api/v1/compare")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("{}"))
        .unwrap();
    let (status, _, message) = error_of(send(request).await).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(message.contains("application/json"));
}

#[tokio::test]
async fn an_oversized_body_is_a_413_with_a_json_error() {
    let body = format!(r#"{{"region": "{}"}}"#, "x".repeat(100_000));
    let (status, _, message) = error_of(post_json("/api/v1/compare", body).await).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(message.contains("larger than"), "{message}");
}

#[tokio::test]
async fn regions_lists_every_bundled_region_with_assumptions() {
    let (status, body) = json(get("/api/v1/regions").await).await;
    assert_eq!(status, StatusCode::OK);
    let regions = body["regions"].as_array().unwrap();
    let bundled = egress_planner::pricing::PricingTable::bundled().unwrap();
    assert_eq!(regions.len(), bundled.regions.len());
    assert!(regions.len() >= 30);
    let us_west_1 = regions.iter().find(|r| r["code"] == "us-west-1").unwrap();
    assert!(
        us_west_1["assumed_figures"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "nat_gb")
    );
}

#[tokio::test]
async fn pricing_returns_every_figure_with_its_source() {
    let (status, body) = json(get("/api/v1/pricing").await).await;
    assert_eq!(status, StatusCode::OK);
    let sources = body["sources"].as_object().unwrap();
    for region in body["regions"].as_array().unwrap() {
        for figure in [
            "nat_hour",
            "nat_gb",
            "endpoint_hour",
            "endpoint_gb",
            "ipv4_hour",
            "cross_az_gb",
            "dto_gb",
        ] {
            let f = &region[figure];
            let source = f["source"].as_str().unwrap();
            assert!(
                sources.contains_key(source),
                "{} {figure}: unknown source {source}",
                region["code"]
            );
            assert!(f["as_of"].is_string());
            assert!(f["status"] == "confirmed" || f["status"] == "assumed");
        }
    }
    assert_eq!(body["limits"]["nat_gateway"]["max_gbps"]["value"], "100");
}

#[tokio::test]
async fn healthz_answers_ok() {
    let response = get("/healthz").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(text(response).await, "ok\n");
}

#[tokio::test]
async fn every_response_names_the_pricing_table() {
    let meta = egress_planner::pricing::PricingTable::bundled()
        .unwrap()
        .meta;
    let expected = format!("{} (prices as of {})", meta.version, meta.as_of);
    for uri in [
        "/healthz",
        "/api/v1/compare?azs=9",
        "/",
        "/chart.svg",
        "/nope",
    ] {
        let response = get(uri).await;
        let value = response.headers()["x-pricing-table"]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(value, expected, "{uri}");
    }
}

#[tokio::test]
async fn per_service_traffic_is_advised_in_the_order_given() {
    // us-east-1, 3 AZs sharing 1 NAT gateway: cross_leg = 2 × 0.01 × 2/3.
    // One endpoint: 3 × 730 × 0.01 = 21.90 a month; logs 1,200 GB: endpoint
    // 21.90 + 12.00 = 33.90, NAT 1,200 × (0.045 + 0.013333…) = 70.00 → create.
    // sts 1 GB: endpoint 21.91, NAT 0.06 → skip. Saving 70.00 − 33.90 = 36.10.
    let body = r#"{"monthly_gb": "8000", "azs": 3, "nat_gateways": 1, "services": {"sts": "1", "logs": "1200"}}"#;
    let (status, body) = json(post_json("/api/v1/compare", body).await).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let advice = &body["endpoint_advice"];
    assert_eq!(advice["services"][0]["service"], "sts");
    assert_eq!(advice["services"][0]["verdict"], "skip");
    assert_eq!(advice["services"][1]["service"], "logs");
    assert_eq!(advice["services"][1]["endpoint_cost"], "33.90");
    assert_eq!(advice["services"][1]["nat_cost"], "70.00");
    assert_eq!(advice["services"][1]["verdict"], "create");
    assert_eq!(advice["saving"], "36.10");
    // Two services: two interface endpoints, 1,201 GB of AWS API traffic.
    assert_eq!(body["scenario"]["interface_endpoints"], 2);
    assert_eq!(body["volumes"]["aws_gb"], "1201");
    // Without services there is no advice.
    let (_, body) = json(get("/api/v1/compare").await).await;
    assert!(body["endpoint_advice"].is_null());
}

#[tokio::test]
async fn per_service_traffic_is_checked_and_each_problem_named() {
    for (body, field, needle) in [
        (
            r#"{"services": {"logz": "1"}}"#,
            "services",
            "unknown interface endpoint service",
        ),
        (
            r#"{"services": {"s3": "1"}}"#,
            "services",
            "gateway endpoint",
        ),
        (
            r#"{"services": {"dynamodb": "1"}}"#,
            "services",
            "gateway endpoint",
        ),
        (
            r#"{"services": {"logs": "1"}, "aws_percent": "5"}"#,
            "aws_percent",
            "not both",
        ),
        (
            r#"{"services": {"logs": "1"}, "interface_endpoints": 2}"#,
            "interface_endpoints",
            "not both",
        ),
        // 1,000 GB with 50% S3 leaves 500 GB: 600 GB of services do not fit.
        (
            r#"{"s3_percent": "50", "services": {"logs": "600"}}"#,
            "services",
            "more than the 500 GB/month",
        ),
        (r#"{"services": {"logs": "-1"}}"#, "services", "logs"),
        (r#"{"services": ["logs"]}"#, "services", "JSON object"),
    ] {
        let (status, field_got, message) = error_of(post_json("/api/v1/compare", body).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(field_got.as_deref(), Some(field), "{body}: {message}");
        assert!(message.contains(needle), "{body}: {message}");
    }
    // The same through a query string.
    let (status, field, _) = error_of(get("/api/v1/compare?svc.logz=1").await).await;
    assert_eq!(
        (status, field.as_deref()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("services"))
    );
}

#[tokio::test]
async fn numbers_pasted_from_a_spreadsheet_are_read() {
    // Thousands separators, spaces around, the field's own unit.
    let (status, body) = json(
        get("/api/v1/compare?monthly_gb=20%2C000&s3_percent=%2035%25%20&peak_gbps=8%20Gbps&azs=3%20AZs").await,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["scenario"]["monthly_gb"], "20000");
    assert_eq!(body["scenario"]["s3_percent"], "35");
    assert_eq!(body["scenario"]["peak_gbps"], "8");
    assert_eq!(body["scenario"]["azs"], 3);
    // The same grammar in JSON strings.
    let (status, body) =
        json(post_json("/api/v1/compare", r#"{"monthly_gb": " 1,000,000.5 GB "}"#).await).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["scenario"]["monthly_gb"], "1000000.5");
}

#[tokio::test]
async fn a_number_that_cannot_be_read_says_what_to_type() {
    let (_, field, message) = error_of(get("/api/v1/compare?monthly_gb=20TB").await).await;
    assert_eq!(field.as_deref(), Some("monthly_gb"));
    assert!(
        message.contains("20TB is 20000 GB; type 20000"),
        "{message}"
    );
    let (_, _, message) = error_of(get("/api/v1/compare?monthly_gb=20%2C5").await).await;
    assert!(message.contains("use a dot for decimals"), "{message}");
}

#[tokio::test]
async fn every_error_is_reported_at_once() {
    let body =
        unprocessable(get("/api/v1/compare?monthly_gb=20TB&s3_percent=120&azs=0").await).await;
    let fields = strings(&body["errors"], "field");
    assert_eq!(fields, ["monthly_gb", "s3_percent", "azs"]);
    assert_eq!(
        body["error"]["field"], "monthly_gb",
        "the first stays in `error`"
    );
    // Messages people read: the label and grouped numbers.
    assert!(
        body["errors"][1]["message"]
            .as_str()
            .unwrap()
            .starts_with("Share to/from S3 must be a number from 0 to 100 %"),
        "{body}"
    );
}

#[tokio::test]
async fn quantities_are_shown_rounded_but_costs_use_the_exact_values() {
    // 20,000 GB, 35% S3, 15% AWS APIs, 3 AZs, one NAT gateway: the plain NAT
    // option's cross-AZ volume is 20,000 × 2/3 × 2 = 26,666.666… GB.
    let (_, body) = json(
        get("/api/v1/compare?region=eu-central-1&monthly_gb=20000&s3_percent=35&aws_percent=15&interface_endpoints=5&azs=3&peak_gbps=8&nat_gateways=1").await,
    )
    .await;
    let line = body["options"][0]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["item"].as_str().unwrap().starts_with("Cross-AZ"))
        .unwrap()
        .clone();
    assert_eq!(line["quantity"], "26666.6667");
    // 26,666.666… × $0.01 = $266.666… → 266.67 (from the exact quantity).
    assert_eq!(line["cost"], "266.67");
    let html = super::helpers::text(
        get("/compare?region=eu-central-1&monthly_gb=20000&s3_percent=35&aws_percent=15&interface_endpoints=5&azs=3&peak_gbps=8&nat_gateways=1").await,
    )
    .await;
    assert!(html.contains(">26,666.67<"), "GB to two places on the page");
    assert!(
        !html.contains("26,666.6666"),
        "no long fractions on the page"
    );
}

#[tokio::test]
async fn a_results_page_url_with_per_service_traffic_works_against_the_api_unchanged() {
    // What the form sends in per-service mode: the AWS API share and endpoint count it always
    // sends, every service input (most of them empty), and three services filled in.
    let mut query = String::from(
        "region=eu-west-1&monthly_gb=25000&s3_percent=40&aws_percent=0&interface_endpoints=3&azs=3&nat_gateways=1&public_ips=30&peak_gbps=2",
    );
    for (service, gb) in [
        ("ecr.api", "5"),
        ("ecr.dkr", "50"),
        ("logs", "1500"),
        ("sts", ""),
        ("kms", ""),
    ] {
        query.push_str(&format!("&svc.{service}={gb}"));
    }
    let page = get(&format!("/compare?{query}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let (status, body) = json(get(&format!("/api/v1/compare?{query}")).await).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The services give the AWS API traffic: 5 + 50 + 1,500 = 1,555 GB, three endpoints.
    assert_eq!(body["volumes"]["aws_gb"], "1555");
    assert_eq!(body["scenario"]["interface_endpoints"], 3);
}

#[tokio::test]
async fn numbers_and_regions_as_people_type_them() {
    let message = |body: serde_json::Value| body["error"]["message"].as_str().unwrap().to_owned();
    // A region in capitals or with spaces is the region.
    for region in ["EU-WEST-1", "%20eu-west-1", "Eu-West-1%20"] {
        let (status, body) = json(get(&format!("/api/v1/compare?region={region}")).await).await;
        assert_eq!(status, StatusCode::OK, "{region}: {body}");
        assert_eq!(body["region"], "eu-west-1");
    }
    // A mistyped region names the likely ones.
    let body = unprocessable(get("/api/v1/compare?region=eu-west-9").await).await;
    assert!(
        message(body.clone()).contains("did you mean eu-west-1, eu-west-2, eu-west-3?"),
        "{body}"
    );
    // Multipliers and other units: the answer says exactly what to type.
    for (given, expected) in [
        ("1.5k", "1.5k is 1500 GB; type 1500"),
        ("25%20TB", "25 TB is 25000 GB; type 25000"),
        ("500%20GiB", "500 GiB is 536.870912 GB; type 536.870912"),
        (
            "25%20000",
            "no spaces inside a number; type 25000 (or 25,000)",
        ),
    ] {
        let body = unprocessable(get(&format!("/api/v1/compare?monthly_gb={given}")).await).await;
        assert!(message(body.clone()).contains(expected), "{given}: {body}");
    }
    // With 60 % to S3, the AWS API share can be at most 100 − 60 = 40 %.
    let body = unprocessable(get("/api/v1/compare?s3_percent=60&aws_percent=50").await).await;
    assert!(
        message(body.clone()).contains("can be at most 40%"),
        "{body}"
    );
}

#[tokio::test]
async fn todays_option_is_marked_and_every_move_says_what_it_saves() {
    // fargate-review-us-east-1 with NAT gateways in place today: nat_gateway 388.00, public_subnet
    // 104.60 (the cheapest), nat_gateway_s3_endpoint 298.00.
    let query = "monthly_gb=5000&s3_percent=40&aws_percent=20&public_ips=4&peak_gbps=20&current=nat_gateway";
    let (status, body) = json(get(&format!("/api/v1/compare?{query}")).await).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["current"], "nat_gateway");
    assert_eq!(body["scenario"]["current"], "nat_gateway");
    let saving = |id: &str| {
        body["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == id)
            .unwrap()["saving"]
            .clone()
    };
    // 388.00 − 104.60 = 283.40 a month; × 12 = 3,400.80 a year.
    assert_eq!(saving("public_subnet")["monthly"], "283.40");
    assert_eq!(saving("public_subnet")["yearly"], "3400.80");
    // 388.00 − 298.00 = 90.00; today's own saving is 0.
    assert_eq!(saving("nat_gateway_s3_endpoint")["monthly"], "90.00");
    assert_eq!(saving("nat_gateway")["monthly"], "0.00");
    let sentence = "Today: NAT gateways at $388.00 a month. Moving to Public subnets with public IPv4 saves $283.40 a month, $3,400.80 a year.";
    assert_eq!(body["today"], sentence);
    // Every face leads with the same sentence and marks today's option.
    let page = text(get(&format!("/compare?{query}")).await).await;
    assert!(page.contains(sentence), "page");
    assert!(page.contains(r#"NAT gateways</a> <span class="badge">today</span>"#));
    let markdown = text(get(&format!("/compare.md?{query}")).await).await;
    assert!(markdown.contains(&format!("**{sentence}**")), "{markdown}");
    assert!(
        markdown.contains("| NAT gateways (today) | $388.00 | today |"),
        "{markdown}"
    );
    let embed = text(get(&format!("/embed?{query}")).await).await;
    assert!(embed.contains(sentence), "embed");
    let card = text(get(&format!("/card.svg?{query}")).await).await;
    assert!(card.contains("NAT gateways (today)"), "card");
    // Without `current`, no saving anywhere.
    let (_, plain) = json(get("/api/v1/compare?monthly_gb=5000").await).await;
    assert!(plain["current"].is_null() && plain["today"].is_null());
    assert!(plain["options"][0]["saving"].is_null());
    // An unknown option names the field and the options.
    let body = unprocessable(get("/api/v1/compare?current=nat_gatway").await).await;
    assert_eq!(body["error"]["field"], "current");
    assert!(error_message(&body).contains("public_subnet"), "{body}");
}

#[tokio::test]
async fn break_even_prose_gives_worked_rates_to_four_significant_digits() {
    // us-east-1, one NAT gateway for three AZs: two GB in three cross AZs at
    // $0.01 each way, so the cross-AZ leg is 0.02 × 2/3 = $0.013333… a GB,
    // written 0.01333; the saving per GB moved is
    // 0.045 + 0.013333… − 0.01 = 0.048333…, written 0.04833.
    let query = "region=us-east-1&monthly_gb=5000&s3_percent=40&aws_percent=20&azs=3&nat_gateways=1&interface_endpoints=3";
    let worked = "recovered at $0.045 + $0.01333 cross-AZ (the GB no longer crosses to a NAT gateway in another AZ) − $0.01 = $0.04833 per GB moved off the NAT";
    let markdown = text(get(&format!("/compare.md?{query}")).await).await;
    assert!(markdown.contains(worked), "{markdown}");
    let page = text(get(&format!("/compare?{query}")).await).await;
    assert!(page.contains(worked), "the results page");
    let (_, body) = json(get(&format!("/api/v1/compare?{query}")).await).await;
    assert!(body.to_string().contains(worked), "the API");
}
