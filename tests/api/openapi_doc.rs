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
                ("post", "/api/v1/measure/flow-logs") => super::measure::csv_example().await,
                ("post", "/api/v1/measure") => super::measure::upload_example().await,
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

/// The schema `schema` points at, with `$ref`s followed.
fn resolve<'a>(doc: &'a serde_json::Value, schema: &'a serde_json::Value) -> &'a serde_json::Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let name = reference.trim_start_matches("#/components/schemas/");
            resolve(doc, &doc["components"]["schemas"][name])
        }
        None => schema,
    }
}

/// Every member of every object in `value` is a property its schema declares: whatever a response
/// carries, the document says.
fn undeclared(
    doc: &serde_json::Value,
    schema: &serde_json::Value,
    value: &serde_json::Value,
    at: &str,
    found: &mut Vec<String>,
) {
    let schema = resolve(doc, schema);
    // allOf: the value has the members of every part (serde's flatten).
    if let Some(parts) = schema["allOf"].as_array() {
        let mut merged = serde_json::Map::new();
        for part in parts {
            let part = resolve(doc, part);
            if let Some(properties) = part["properties"].as_object() {
                merged.extend(properties.clone());
            }
        }
        let merged = serde_json::json!({"properties": merged});
        return undeclared(doc, &merged, value, at, found);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(choices) = schema[key].as_array() {
            // The first choice that describes this value's kind (object or array) decides.
            for choice in choices {
                let c = resolve(doc, choice);
                let fits = match value {
                    serde_json::Value::Object(_) => {
                        c["properties"].is_object() || c["allOf"].is_array()
                    }
                    serde_json::Value::Array(_) => c["items"].is_object(),
                    _ => false,
                };
                if fits {
                    return undeclared(doc, choice, value, at, found);
                }
            }
            return;
        }
    }
    match value {
        serde_json::Value::Object(members) => {
            if schema["additionalProperties"].is_object() && schema["properties"].is_null() {
                return;
            }
            for (name, member) in members {
                let declared = &schema["properties"][name];
                if declared.is_null() {
                    found.push(format!("{at}.{name}"));
                } else {
                    undeclared(doc, declared, member, &format!("{at}.{name}"), found);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                undeclared(doc, &schema["items"], item, &format!("{at}[{i}]"), found);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn every_member_of_a_real_answer_is_in_the_document() {
    // The document's comparison schema is derived from the engine's own types: an answer with
    // every optional part (today's option, per-service advice, a NAT instance choice, assumed
    // prices) has no member the document leaves out.
    let (_, doc) = json(get("/api/v1/openapi.json").await).await;
    let (status, answer) = json(
        get("/api/v1/compare?region=eu-west-1&monthly_gb=25000&s3_percent=40&azs=3&nat_gateways=1&peak_gbps=2&svc.logs=1500&svc.sts=2&current=nat_gateway").await,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let schema = &doc["paths"]["/api/v1/compare"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"];
    assert!(!schema.is_null(), "the answer's schema");
    let mut found = Vec::new();
    undeclared(&doc, schema, &answer, "answer", &mut found);
    assert!(
        found.is_empty(),
        "members the document leaves out: {found:?}"
    );
    // And the check bites: a member the schema does not have is reported.
    let mut extra = answer.clone();
    extra["options"][0]["invented"] = serde_json::json!(1);
    let mut found = Vec::new();
    undeclared(&doc, schema, &extra, "answer", &mut found);
    assert_eq!(found, vec!["answer.options[0].invented".to_owned()]);

    // A sweep's schema is derived from the types it is written from, the points' requirement
    // member included.
    let (status, sweep) =
        json(get("/api/v1/sweep?vary=monthly_gb&from=0&to=5000&steps=1&sensitive=true").await)
            .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        sweep["points"][0]["meets_requirements"].is_object(),
        "{sweep}"
    );
    let schema = &doc["paths"]["/api/v1/sweep"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"];
    let mut found = Vec::new();
    undeclared(&doc, schema, &sweep, "sweep", &mut found);
    assert!(
        found.is_empty(),
        "members the document leaves out: {found:?}"
    );
}
