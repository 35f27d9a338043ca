//! The workload builder over HTTP: `GET`/`POST /api/v1/workload` (JSON) and
//! the `/workload` page with its own form. Each parses, asks
//! [`egress_core::workload`] for the scenario and renders it with a link to the
//! comparison that carries exactly its values.

use super::AppState;
use super::api::json;
use super::error::ApiError;
use super::markup::html;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use egress_core::pricing::PricingTable;
use egress_core::scenario::{FIELDS, FieldErrors, Input, QueryPairs, Scenario, Value, permalink};
use egress_core::workload::{Built, Workload};
use serde_json::{Map, Value as Json, json};

/// The scenario as the JSON API takes it: every field with a value (the AWS
/// API share and endpoint count left out when services give them).
fn scenario_json(s: &Scenario) -> Json {
    let mut object = Map::new();
    for f in FIELDS {
        if s.services.is_some() && matches!(f.name, "aws_percent" | "interface_endpoints") {
            continue;
        }
        let value = match (f.get)(s) {
            Value::Integer(n) => json!(n),
            Value::Bool(b) => json!(b),
            other => json!(other.to_string()),
        };
        object.insert(f.name.to_owned(), value);
    }
    if let Some(services) = &s.services {
        let map: Map<String, Json> = services
            .iter()
            .map(|t| {
                (
                    t.service.clone(),
                    json!(egress_core::money::Plain(t.gb).to_string()),
                )
            })
            .collect();
        object.insert("services".to_owned(), Json::Object(map));
    }
    Json::Object(object)
}

/// The link to the comparison of exactly the built scenario.
fn compare_url(built: &Built, table: &PricingTable) -> String {
    format!("/compare?{}", permalink::to_query(&built.scenario, table))
}

fn answer(built: &Built, table: &PricingTable) -> Json {
    json!({
        "scenario": scenario_json(&built.scenario),
        "derivation": built.derivation,
        "compare_url": compare_url(built, table),
    })
}

fn build(state: &AppState, workload: Result<Workload, FieldErrors>) -> Result<Built, FieldErrors> {
    workload?.build(&state.table)
}

/// The workload a query string's pairs give, built.
fn build_from_query(state: &AppState, pairs: &QueryPairs<'_>) -> Result<Built, FieldErrors> {
    let pairs = pairs
        .iter()
        .map(|(k, v)| (k.as_ref(), Input::Text(v.as_ref())));
    build(state, Workload::parse(pairs, &state.table))
}

/// `GET /api/v1/workload?…`: the scenario a workload implies.
#[utoipa::path(get, path = "/api/v1/workload", tag = "workload",
    summary = "The scenario an ECS/Fargate workload implies, with its derivation",
    description = "Fields: tasks, task_starts_per_day, image_mb, log_gb_per_day, internet_out_gb_per_day, internet_in_gb_per_day, s3_gb_per_day, svc.<service>=GB a day, region, azs, hours.",
    responses(
        (status = 200, description = "The scenario, each derivation step and the comparison link", body = super::openapi::schemas::WorkloadAnswer),
        (status = 422, description = "A field is unknown, empty, repeated or out of range", body = super::error::ErrorBody<'static>),
    ))]
pub async fn workload_get(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let pairs = egress_core::scenario::query_pairs(query.as_deref().unwrap_or(""));
    match build_from_query(&state, &pairs) {
        Ok(built) => json(StatusCode::OK, &answer(&built, &state.table)),
        Err(e) => ApiError::from(e).into_response(),
    }
}

/// `POST /api/v1/workload` with a JSON object of workload fields.
#[utoipa::path(post, path = "/api/v1/workload", tag = "workload",
    summary = "The scenario an ECS/Fargate workload implies, with its derivation",
    responses(
        (status = 200, description = "The scenario, each derivation step and the comparison link", body = super::openapi::schemas::WorkloadAnswer),
        super::api::NotAJsonObject,
        (status = 422, description = "A field is unknown, of the wrong type or out of range", body = super::error::ErrorBody<'static>),
    ))]
pub async fn workload_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    let body = super::api::json_body(&headers, body)?;
    let members = egress_core::scenario::parse_json_object(&body).map_err(ApiError::from)?;
    let parsed = Workload::parse(
        members.iter().map(|(k, v)| (k.as_ref(), Input::Json(v))),
        &state.table,
    );
    let built = build(&state, parsed)?;
    Ok(json(StatusCode::OK, &answer(&built, &state.table)))
}

/// `GET /workload?…`: the builder's form, and with a query, its answer.
pub async fn workload_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let pairs = egress_core::scenario::query_pairs(query.as_deref().unwrap_or(""));
    let (status, built, errors) = if pairs.is_empty() {
        (StatusCode::OK, None, None)
    } else {
        match build_from_query(&state, &pairs) {
            Ok(built) => (StatusCode::OK, Some(built), None),
            Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, None, Some(e)),
        }
    };
    let compare_url = built
        .as_ref()
        .map_or_else(String::new, |b| compare_url(b, &state.table));
    // A built workload unfurls as its comparison: the card, and the results page as og:url.
    let unfurl = built.as_ref().and_then(|b| {
        let ranking = egress_core::engine::rank(&b.scenario, &state.table).ok()?;
        let base = super::pages::base_url(&state, &headers);
        let path = format!("/workload?{}", query.as_deref().unwrap_or(""));
        Some(egress_render::images::unfurl(
            ranking.headline(),
            &state.table,
            &base,
            &path,
        ))
    });
    let body = egress_render::workload::page(
        state.site(),
        &state.table,
        &pairs,
        built.as_ref(),
        errors.as_ref(),
        &compare_url,
        unfurl.as_ref(),
    );
    let mut response = html(status, body);
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}
