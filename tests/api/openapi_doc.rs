//! The OpenAPI document stays in step with the routes and the fields.

use super::helpers::{get, json, post_json};
use axum::http::StatusCode;
use egress_planner::scenario::{FIELDS, FieldKind};

#[tokio::test]
async fn the_document_is_openapi_3_1_and_lists_every_api_route() {
    let (status, doc) = json(get("/api/v1/openapi.json").await).await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    let expected = [
        ("/api/v1/compare", "get"),
        ("/api/v1/compare", "post"),
        ("/api/v1/compare/batch", "post"),
        ("/api/v1/sweep", "get"),
        ("/api/v1/regions", "get"),
        ("/api/v1/pricing", "get"),
        ("/healthz", "get"),
    ];
    for (path, method) in expected {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} documented"
        );
    }
    // And every documented operation answers (none is a 404 or 405).
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            // The batch takes an array; a sweep needs its range.
            let response = match (method.as_str(), path.as_str()) {
                ("get", "/api/v1/sweep") => get("/api/v1/sweep?vary=monthly_gb&from=0&to=10").await,
                // oEmbed needs the address of a comparison on the host asked.
                ("get", "/oembed") => {
                    super::helpers::send(
                        axum::http::Request::get("/oembed?url=http%3A%2F%2Fplanner.test%2Fcompare")
                            .header(axum::http::header::HOST, "planner.test")
                            .body(axum::body::Body::empty())
                            .unwrap(),
                    )
                    .await
                }
                ("get", _) => get(path).await,
                ("post", "/api/v1/compare/batch") => post_json(path, "[]").await,
                ("post", _) => post_json(path, "{}").await,
                (other, _) => panic!("undocumented method kind {other}"),
            };
            assert_eq!(response.status(), StatusCode::OK, "{method} {path}");
        }
    }
}

#[tokio::test]
async fn every_field_is_documented_with_its_range_default_and_unit() {
    let (_, doc) = json(get("/api/v1/openapi.json").await).await;
    let input = &doc["components"]["schemas"]["ScenarioInput"];
    assert_eq!(
        input["additionalProperties"], false,
        "unknown fields are rejected"
    );
    let params = doc["paths"]["/api/v1/compare"]["get"]["parameters"]
        .as_array()
        .unwrap();
    for spec in FIELDS {
        let property = &input["properties"][spec.name];
        let description = property["description"].as_str().unwrap();
        assert!(description.contains(spec.hint), "{}", spec.name);
        if !spec.unit.is_empty() {
            assert!(description.contains(spec.unit), "{} unit", spec.name);
        }
        match spec.kind {
            FieldKind::Integer { min, max } => {
                assert_eq!(property["minimum"], min, "{}", spec.name);
                assert_eq!(property["maximum"], max, "{}", spec.name);
            }
            FieldKind::Decimal { max, .. } => {
                let number = &property["oneOf"][0];
                assert_eq!(number["type"], "number");
                assert_eq!(number["maximum"], max, "{}", spec.name);
                assert_eq!(
                    property["oneOf"][1]["type"], "string",
                    "decimals also as strings"
                );
            }
            _ => {}
        }
        assert!(
            params.iter().any(|p| p["name"] == spec.name),
            "query parameter {}",
            spec.name
        );
    }
    // Money is typed as a decimal string.
    assert_eq!(doc["components"]["schemas"]["Money"]["type"], "string");
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
}
