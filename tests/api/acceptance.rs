//! The public acceptance scenarios (copied from shared/acceptance as data),
//! each sent through `POST /api/v1/compare` and through the GET form.

use super::helpers::{get, json, post_json};
use axum::http::StatusCode;
use serde_json::Value;
use std::path::Path;

fn scenarios() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/acceptance");
    let mut out: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .expect("tests/acceptance exists")
        .map(|entry| {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                serde_json::from_str(&text).unwrap(),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(
        out.len() >= 4,
        "expected the four public scenarios, found {}",
        out.len()
    );
    out
}

fn check(name: &str, expect: &Value, body: &Value) {
    let option = |id: &str| {
        body["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == id)
            .unwrap_or_else(|| panic!("{name}: no option {id}"))
    };
    for (id, cost) in expect["monthly_cost"].as_object().unwrap() {
        assert_eq!(
            &option(id)["monthly_cost"],
            cost,
            "{name}: monthly_cost of {id}"
        );
    }
    for (id, feasible) in expect["feasible"].as_object().unwrap() {
        assert_eq!(
            &option(id)["feasible"],
            feasible,
            "{name}: feasible of {id}"
        );
    }
    for (id, needed) in expect["nat_gateways_needed"].as_object().unwrap() {
        assert_eq!(
            &option(id)["nat_gateways_needed"],
            needed,
            "{name}: nat_gateways_needed of {id}"
        );
    }
    assert_eq!(body["cheapest"], expect["cheapest"], "{name}: cheapest");
    assert_eq!(
        body["break_even"]["interface_endpoints_gb"], expect["break_even_interface_endpoints_gb"],
        "{name}: interface endpoint break-even"
    );
}

#[tokio::test]
async fn every_acceptance_scenario_matches_through_post() {
    for (name, scenario) in scenarios() {
        let (status, body) =
            json(post_json("/api/v1/compare", scenario["input"].to_string()).await).await;
        assert_eq!(status, StatusCode::OK, "{name}: {body}");
        check(&name, &scenario["expect"], &body);
    }
}

#[tokio::test]
async fn every_acceptance_scenario_matches_through_get() {
    for (name, scenario) in scenarios() {
        let query: Vec<String> = scenario["input"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| {
                format!(
                    "{k}={}",
                    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
                )
            })
            .collect();
        let (status, body) = json(get(&format!("/api/v1/compare?{}", query.join("&"))).await).await;
        assert_eq!(status, StatusCode::OK, "{name}: {body}");
        check(&name, &scenario["expect"], &body);
    }
}
