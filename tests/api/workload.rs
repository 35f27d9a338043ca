//! The workload builder through the API and its page: the scenario it
//! implies, each derivation line, and a link that compares exactly that.

use super::helpers::{
    assert_members, get, json, post_json, string_list, strings, text, text_with, unprocessable,
};
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_workload_becomes_a_scenario_whose_link_compares_it() {
    // 730 h = 30.41666… days. Image: 100 starts × 30.41666… × 400 MB / 1000
    // = 1,216.6667 GB (4 places); S3 = 1,216.6667 GB.
    // Logs: 2 GB/day × 30.41666… = 60.8333 GB. sts: 0.1 × 30.41666… = 3.0417 GB.
    // Internet: (5 + 15) × 30.41666… = 608.3333 GB; outbound 5/20 = 25%.
    // Monthly: 1,216.6667 + 60.8333 + 3.0417 + 608.3333 = 1,888.875 GB.
    // S3 share: 1,216.6667 / 1,888.875 × 100 = 64.412240…% → 64.4122 (rounded down).
    let body = r#"{"tasks": 10, "task_starts_per_day": 100, "image_mb": 400, "log_gb_per_day": "2",
        "internet_out_gb_per_day": 5, "internet_in_gb_per_day": 15, "services_gb_per_day": {"sts": "0.1"}, "azs": 3}"#;
    let (status, answer) = json(post_json("/api/v1/workload", body).await).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let s = &answer["scenario"];
    assert_members(
        s,
        &[
            ("monthly_gb", json!("1888.875")),
            ("s3_percent", json!("64.4122")),
            ("outbound_percent", json!("25")),
            ("public_ips", json!(10)),
        ],
    );
    assert_eq!(s["services"]["logs"], "60.8333");
    assert_eq!(s["services"]["sts"], "3.0417");
    assert!(s.get("aws_percent").is_none(), "derived from services: {s}");
    let derivation = string_list(&answer["derivation"]);
    assert!(
        derivation.iter().any(|l| l.starts_with(
            "100 task starts a day × 30.42 days × 400 MB = 1,216.67 GB of image layers from S3"
        )),
        "{derivation:?}"
    );
    // The scenario posts back unchanged, and the link compares the same thing.
    let (status, compared) = json(post_json("/api/v1/compare", s.to_string()).await).await;
    assert_eq!(status, StatusCode::OK, "{compared}");
    let url = answer["compare_url"].as_str().unwrap();
    assert!(url.starts_with("/compare?"), "{url}");
    let (status, linked) = json(get(&url.replacen("/compare?", "/api/v1/compare?", 1)).await).await;
    assert_eq!(status, StatusCode::OK, "{linked}");
    assert_eq!(linked["scenario"], compared["scenario"]);
    assert_eq!(linked["options"], compared["options"]);
}

#[tokio::test]
async fn the_builder_names_every_bad_field() {
    let body =
        unprocessable(get("/api/v1/workload?tasks=-1&image_mb=lots&svc.s3=1&colour=red").await)
            .await;
    let fields = strings(&body["errors"], "field");
    for field in ["tasks", "image_mb", "services_gb_per_day", "colour"] {
        assert!(fields.contains(&field), "{field}: {body}");
    }
}

#[tokio::test]
async fn the_builder_page_shows_the_derivation_and_the_link() {
    let html = text(get("/workload").await).await;
    assert!(html.contains(r#"<form method="get" action="/workload""#));
    assert!(html.contains("Fargate keeps no image cache"));
    let response =
        get("/workload?tasks=4&task_starts_per_day=8&image_mb=850&log_gb_per_day=1").await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = text(response).await;
    // 8 × 30.41666… × 850 / 1000 = 206.8333 GB of image layers.
    assert!(
        html.contains("8 task starts a day × 30.42 days × 850 MB = 206.83 GB"),
        "{html}"
    );
    assert!(
        html.contains(r#"href="/compare?region=us-east-1&#38;monthly_gb="#),
        "{html}"
    );
    let html = text_with(
        StatusCode::UNPROCESSABLE_ENTITY,
        get("/workload?tasks=x").await,
    )
    .await;
    assert!(
        html.contains(r##"<a href="#tasks">Running tasks must be"##),
        "{html}"
    );
}
