//! `POST /api/v1/measure/flow-logs`, `POST /api/v1/measure` (multipart built by hand) and the `/measure`
//! page, through `oneshot`. Expected figures are worked out by hand beside each.

use super::helpers::{assert_members, error_message, example, get, json, send, string_list, text};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use egress_planner::{AppState, Config, app, load_ip_ranges, load_table};
use serde_json::json;
use tower::ServiceExt;

use super::measure_cli::{BY_REMOTE, IP_RANGES};

fn data(name: &str) -> Vec<u8> {
    std::fs::read(example(name)).unwrap()
}

const BOUNDARY: &str = "----measure-test-7d3f";

/// A multipart/form-data body of `(part, file name, bytes)`.
fn multipart(parts: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        body.extend_from_slice(
            format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn post_multipart(uri: &str, body: Vec<u8>) -> axum::http::Response<Body> {
    send(
        Request::post(uri)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

async fn post_csv(body: impl Into<Body>) -> axum::http::Response<Body> {
    send(
        Request::post("/api/v1/measure/flow-logs")
            .header(header::CONTENT_TYPE, "text/csv")
            .body(body.into())
            .unwrap(),
    )
    .await
}

/// The example bill with 2160 NAT gateway-hours: three gateways for the 720 hours of November.
fn three_gateway_bill() -> Vec<u8> {
    String::from_utf8(data("cur.csv"))
        .unwrap()
        .replace(",720,0.048,34.56,", ",2160,0.048,103.68,")
        .into_bytes()
}

#[tokio::test]
async fn a_flow_log_aggregate_answers_the_scenario_and_its_sources() {
    let (status, v) = json(post_csv(data("flow-aggregate.csv")).await).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let s = &v["scenario"];
    // One hour of 2.5e9 bytes × 730 hours = 1825 GB a month.
    assert_members(
        s,
        &[
            ("monthly_gb", json!("1825")),
            // S3 1.0e9 / 2.5e9 = 40 %; AWS 0.5e9 / 2.5e9 = 20 %.
            ("s3_percent", json!("40")),
            ("aws_percent", json!("20")),
            // Internet 1.0e9: 0.7e9 out = 70 %, 0.1e9 IPv6 = 10 %.
            ("outbound_percent", json!("70")),
            ("ipv6_percent", json!("10")),
            ("nat_gateways", json!(1)),
            ("region", json!("eu-west-1")),
        ],
    );
    assert_eq!(v["sources"]["monthly_gb"], "flow-logs");
    assert_eq!(v["coverage"]["records"], 210);
    let url = v["compare_url"].as_str().unwrap();
    assert!(
        url.starts_with("/compare?region=eu-west-1&monthly_gb=1825&s3_percent=40&aws_percent=20"),
        "{url}"
    );
    // The URL opens the comparison of the same scenario.
    assert_eq!(get(url).await.status(), StatusCode::OK);
}

/// The app of a server started with `--ip-ranges` naming the test's ip-ranges.json.
fn app_with_ip_ranges() -> axum::Router {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ip-ranges.json");
    std::fs::write(&path, IP_RANGES).unwrap();
    let config = Config {
        ip_ranges: Some(path),
        ..Config::for_tests()
    };
    let ip_ranges = load_ip_ranges(&config).unwrap().unwrap();
    app(AppState::new(load_table(&config).unwrap(), &config).with_ip_ranges(ip_ranges))
}

#[tokio::test]
async fn a_server_given_ip_ranges_classifies_an_aggregate_by_remote_address() {
    let classifying = app_with_ip_ranges();
    let request = Request::post("/api/v1/measure/flow-logs")
        .header(header::CONTENT_TYPE, "text/csv")
        .body(Body::from(BY_REMOTE))
        .unwrap();
    let (status, v) = json(classifying.clone().oneshot(request).await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    // The same rows as the CLI's test: 1e9 bytes in 2 hours → 1e9 × 730 × 3600 / (7200 × 1e9) =
    // 365 GB a month; 52.218.1.1 is S3 in eu-west-1 (0.3e9 of 1e9 = 30 %), 54.239.1.1 AMAZON
    // (10 %); internet 0.6e9, of which 0.45e9 out: 75 %.
    assert_members(
        &v["scenario"],
        &[
            ("monthly_gb", json!("365")),
            ("s3_percent", json!("30")),
            ("aws_percent", json!("10")),
            ("outbound_percent", json!("75")),
            ("region", json!("eu-west-1")),
        ],
    );
    assert!(
        string_list(&v["derivation"])
            .iter()
            .any(|l| l.contains("ip-ranges.json of 2026-11-01-00-00-00")),
        "{v}"
    );
    // The page says it takes rows by remote address; a server without ip-ranges says not.
    let page = |app: axum::Router| async move {
        let response = app
            .oneshot(Request::get("/measure").body(Body::empty()).unwrap())
            .await
            .unwrap();
        text(response).await
    };
    assert!(
        page(classifying)
            .await
            .contains("by remote address (this server classifies them")
    );
    let without = Config::for_tests();
    let plain = app(AppState::new(load_table(&without).unwrap(), &without));
    assert!(!page(plain).await.contains("by remote address"));
}

#[test]
fn an_ip_ranges_file_that_cannot_be_used_stops_the_server_with_its_name() {
    let config = |path: &str| Config {
        ip_ranges: Some(path.into()),
        ..Config::for_tests()
    };
    let missing = load_ip_ranges(&config("no/such/ip-ranges.json"))
        .unwrap_err()
        .to_string();
    assert!(
        missing.starts_with("no/such/ip-ranges.json: ip-ranges: cannot read the file"),
        "{missing}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("not-ranges.json");
    std::fs::write(&path, "{\"prefixes\": 5}").unwrap();
    let wrong = load_ip_ranges(&config(path.to_str().unwrap()))
        .unwrap_err()
        .to_string();
    assert!(wrong.contains(path.to_str().unwrap()), "{wrong}");
    assert!(load_ip_ranges(&Config::for_tests()).unwrap().is_none());
    // The program itself stops before it listens, exit 1, the file named on standard error.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_egress-planner"))
        .args([
            "serve",
            "--port",
            "0",
            "--ip-ranges",
            path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(&format!(
            "error: {}: ip-ranges: not AWS's ip-ranges.json format",
            path.display()
        )),
        "{stderr}"
    );
}

#[tokio::test]
async fn flow_log_errors_name_the_part_and_the_line() {
    let bad = String::from_utf8(data("flow-aggregate.csv"))
        .unwrap()
        .replacen("aws,4,out", "aws,4,sideways", 1);
    let (status, v) = json(post_csv(bad).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["field"], "flow_logs");
    // The header is line 1; the aws row is the fourth line.
    assert!(error_message(&v).contains("line 4"), "{v}");
    // Rows by remote address need ip-ranges.json, which the server does not have.
    let by_remote = "region,remote,direction,bytes,records,first_start,last_end,nat_gateways,peak_minute_bytes,max_span_minutes\neu-west-1,52.218.1.1,out,1,1,0,60,1,1,1\n";
    let (status, v) = json(post_csv(by_remote).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_message(&v).contains("class and ip_version"));
    assert!(error_message(&v).contains("started without an ip-ranges.json (--ip-ranges)"));
    // Not CSV.
    let r = send(
        Request::post("/api/v1/measure/flow-logs")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{}"))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // Over 1 MB (1,048,576 bytes).
    let (status, v) = json(post_csv(vec![b'a'; 1024 * 1024 + 1]).await).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{v}");
}

#[tokio::test]
async fn an_upload_merges_plan_bill_and_flow_logs_and_states_the_disagreement() {
    // The plan is 30,354 bytes: over the app's 16 KiB default, within this route's 8 MB a part.
    let plan = data("plan.json");
    let bill = three_gateway_bill();
    let flows = data("flow-aggregate.csv");
    let body = multipart(&[
        ("terraform", "plan.json", &plan),
        ("bill", "cur.csv", &bill),
        ("flow_logs", "agg.csv", &flows),
    ]);
    let (status, v) = json(post_multipart("/api/v1/measure", body).await).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let s = &v["scenario"];
    // Layout from the plan, volume from the bill, mix from the flow logs.
    assert_eq!(s["nat_gateways"], 1);
    assert_eq!(v["sources"]["nat_gateways"], "terraform");
    assert_eq!(s["monthly_gb"], "1850.5");
    assert_eq!(v["sources"]["monthly_gb"], "bill");
    assert_eq!(s["s3_percent"], "40");
    assert_eq!(v["sources"]["s3_percent"], "flow-logs");
    let d = string_list(&v["disagreements"]);
    // 2160 h ÷ 720 h = 3 on the bill; 1 in the plan and 1 in the aggregate.
    assert!(
        d.iter()
            .any(|l| l
                .starts_with("nat_gateways: the plan says 1, the bill says 3; using the plan's 1")),
        "{d:?}"
    );
    // 1850.5 billed; 2.5e9 bytes an hour × 730 = 1825 measured.
    assert!(
        d.iter()
            .any(|l| l.starts_with("monthly_gb: the bill says 1850.5, the flow logs say 1825")),
        "{d:?}"
    );
    assert_eq!(v["current"], "nat_gateway_all_endpoints");
    assert!(
        v["compare_url"]
            .as_str()
            .unwrap()
            .ends_with("&current=nat_gateway_all_endpoints")
    );
}

#[tokio::test]
async fn upload_errors_name_the_part() {
    let body = multipart(&[("terraform", "plan.json", b"{not json")]);
    let (status, v) = json(post_multipart("/api/v1/measure", body).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["error"]["field"], "terraform");
    // `{not json`: the key is expected at line 1, column 2.
    assert!(
        error_message(&v).starts_with("plan.json: line 1, column 2"),
        "{v}"
    );
    let body = multipart(&[("invoice", "x.csv", b"a")]);
    let (status, v) = json(post_multipart("/api/v1/measure", body).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_message(&v).contains("unknown part"));
    let (status, v) = json(post_multipart("/api/v1/measure", multipart(&[])).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_message(&v).contains("nothing to measure"));
}

#[tokio::test]
async fn the_page_has_a_labelled_upload_form_and_answers_with_the_derivation() {
    let page = text(get("/measure").await).await;
    assert!(page.contains(r#"enctype="multipart/form-data""#));
    for id in ["terraform", "bill", "flow_logs", "flow_logs_csv"] {
        assert!(page.contains(&format!(r#"<label for="{id}""#)), "{id}");
    }
    assert!(!page.contains("<script"));
    assert!(
        text(get("/").await)
            .await
            .contains(r#"<a href="/measure">"#)
    );

    let plan = data("plan.json");
    let bill = three_gateway_bill();
    let body = multipart(&[
        ("terraform", "plan.json", &plan),
        ("bill", "cur.csv", &bill),
    ]);
    let r = post_multipart("/measure", body).await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = text(r).await;
    assert!(page.contains("Compare these options"));
    assert!(page.contains("Where the sources disagree"));
    // Stated once, in the list of disagreements.
    assert_eq!(
        page.matches("nat_gateways: the plan says 1, the bill says 3")
            .count(),
        1
    );
    // Today's option beside the bill: the plan's one gateway, 730 × 0.048 = $35.04 modelled; the
    // bill's three, 2,160 × 0.048 = $103.68.
    assert!(
        page.contains("Today's option: modelled beside billed"),
        "{page}"
    );
    assert!(
        page.contains(
            r#"<code>nat_hour</code></th><td class="num">$35.04</td><td class="num">$103.68</td>"#
        ),
        "{page}"
    );
    // The option in place is named for people, with its id.
    assert!(
        page.contains("In place today, per the plan: NAT gateways + S3 gateway + interface endpoints (nat_gateway_all_endpoints)"),
        "{page}"
    );
    // The link keeps the option in place today (askama escapes `&` in the attribute).
    assert!(
        page.contains(r#"current=nat_gateway_all_endpoints">Compare these options</a>"#),
        "{page}"
    );

    // An error shows the summary, linked to the file input at fault.
    let body = multipart(&[("bill", "notes.txt", b"hello")]);
    let r = post_multipart("/measure", body).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(r).await;
    assert!(page.contains(r##"<a href="#bill">notes.txt"##), "{page}");
}

/// A request to each route that answers 200, for the OpenAPI test.
pub async fn csv_example() -> axum::http::Response<Body> {
    post_csv(data("flow-aggregate.csv")).await
}

/// An upload that answers 200, for the OpenAPI test.
pub async fn upload_example() -> axum::http::Response<Body> {
    let plan = data("plan.json");
    post_multipart(
        "/api/v1/measure",
        multipart(&[("terraform", "plan.json", &plan)]),
    )
    .await
}
