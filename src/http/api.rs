//! The JSON API: compare (POST body or GET query), regions, pricing, health.

use super::AppState;
use super::error::ApiError;
use crate::engine;
use crate::scenario::{Empty, Scenario};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Serializes a value as a JSON response.
pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (status, [(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "could not serialize a response");
            ApiError::general(
                StatusCode::INTERNAL_SERVER_ERROR,
                "could not serialize the response",
            )
            .into_response()
        }
    }
}

fn compare(state: &AppState, scenario: &Scenario) -> Result<Response, ApiError> {
    let comparison = engine::compare(scenario, &state.table)?;
    Ok(json(StatusCode::OK, &comparison))
}

/// `POST /api/v1/compare` with a JSON object of scenario fields.
pub async fn compare_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let media_type = content_type.split(';').next().unwrap_or("").trim();
    if !media_type.eq_ignore_ascii_case("application/json") {
        return Err(ApiError::general(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "send the scenario as JSON with Content-Type: application/json (got {:?}), or use GET /api/v1/compare?field=value",
                content_type.chars().take(60).collect::<String>()
            ),
        ));
    }
    let body = body.map_err(|rejection| {
        let status = rejection.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            format!(
                "the request body is larger than {} bytes",
                super::MAX_BODY_BYTES
            )
        } else {
            format!("could not read the request body: {}", rejection.body_text())
        };
        ApiError::general(status, message)
    })?;
    let scenario = Scenario::from_json(&body, &state.table)?;
    compare(&state, &scenario)
}

/// `GET /api/v1/compare?field=value&…`.
pub async fn compare_get(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let scenario =
        Scenario::from_query(query.as_deref().unwrap_or(""), &state.table, Empty::Reject)?;
    compare(&state, &scenario)
}

#[derive(Serialize)]
struct RegionEntry<'a> {
    code: &'a str,
    name: &'a str,
    assumed_figures: Vec<&'static str>,
}

#[derive(Serialize)]
struct Regions<'a> {
    pricing: crate::engine::PricingUsed<'a>,
    regions: Vec<RegionEntry<'a>>,
}

/// `GET /api/v1/regions`: the table's regions.
pub async fn regions(State(state): State<AppState>) -> Response {
    let table = &state.table;
    let regions = table
        .regions
        .iter()
        .map(|r| RegionEntry {
            code: &r.code,
            name: &r.name,
            assumed_figures: r
                .figures()
                .into_iter()
                .filter(|(_, p)| p.is_assumed())
                .map(|(f, _)| f)
                .collect(),
        })
        .collect();
    let body = Regions {
        pricing: crate::engine::PricingUsed {
            version: &table.meta.version,
            as_of: &table.meta.as_of,
            currency: &table.meta.currency,
        },
        regions,
    };
    json(StatusCode::OK, &body)
}

/// `GET /api/v1/pricing`: the whole table with every figure's source.
pub async fn pricing(State(state): State<AppState>) -> Response {
    json(StatusCode::OK, &*state.table)
}

/// `GET /healthz`: answers without touching the engine.
pub async fn healthz() -> &'static str {
    "ok"
}
