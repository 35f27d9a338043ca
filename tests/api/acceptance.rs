//! The public acceptance scenarios (data files of expected results),
//! each sent through `POST /api/v1/compare` and through the GET form.

use super::helpers::{get, json, option, post_json, repo_path};
use axum::http::StatusCode;
use serde_json::Value;

pub(super) fn scenarios() -> Vec<(String, Value)> {
    let dir = repo_path("tests/acceptance");
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
        out.len() >= 6,
        "expected the six public scenarios, found {}",
        out.len()
    );
    out
}

pub(super) fn check(name: &str, expect: &Value, body: &Value) {
    let option = |id: &str| option(body, id);
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
    if let Some(kind) = expect.get("nat_instance_type") {
        assert_eq!(
            &option("nat_instance")["instance_type"],
            kind,
            "{name}: nat_instance_type"
        );
    }
    if let Some(advice) = expect.get("endpoint_advice") {
        let got = &body["endpoint_advice"];
        for key in ["saving", "break_even_gb_per_endpoint"] {
            assert_eq!(got[key], advice[key], "{name}: endpoint_advice.{key}");
        }
        let expected = advice["services"].as_array().unwrap();
        let services = got["services"].as_array().unwrap();
        assert_eq!(services.len(), expected.len(), "{name}: advice services");
        // Matched by name: serde_json's Value sorts the input's keys, so the
        // order given is checked by its own test (compare_api).
        for e in expected {
            let g = services
                .iter()
                .find(|g| g["service"] == e["service"])
                .unwrap_or_else(|| panic!("{name}: no advice for {}", e["service"]));
            for (key, value) in e.as_object().unwrap() {
                assert_eq!(&g[key], value, "{name}: advice {} {key}", e["service"]);
            }
        }
    }
    // Every key of expect is checked above.
    for key in expect.as_object().unwrap().keys() {
        assert!(
            [
                "monthly_cost",
                "feasible",
                "nat_gateways_needed",
                "cheapest",
                "break_even_interface_endpoints_gb",
                "nat_instance_type",
                "endpoint_advice"
            ]
            .contains(&key.as_str()),
            "{name}: unchecked key {key}"
        );
    }
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
        let body = compared_through_get(&name, &query_of(&scenario["input"])).await;
        check(&name, &scenario["expect"], &body);
    }
}

/// The comparison `GET /api/v1/compare?{query}` answers for the acceptance
/// scenario `name`, asserting it answered.
pub async fn compared_through_get(name: &str, query: &str) -> Value {
    let (status, body) = json(get(&format!("/api/v1/compare?{query}")).await).await;
    assert_eq!(status, StatusCode::OK, "{name}: {body}");
    body
}

/// The GET query of an acceptance input (per-service traffic travels as
/// `svc.<name>=GB` pairs).
pub fn query_of(input: &Value) -> String {
    let pairs: Vec<String> = input
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(k, v)| {
            if let Some(services) = v.as_object() {
                return services
                    .iter()
                    .map(|(s, gb)| format!("svc.{s}={}", gb.as_str().unwrap()))
                    .collect::<Vec<_>>();
            }
            vec![format!(
                "{k}={}",
                v.as_str().map_or_else(|| v.to_string(), str::to_owned)
            )]
        })
        .collect();
    pairs.join("&")
}
