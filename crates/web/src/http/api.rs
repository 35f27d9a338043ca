//! The JSON API: compare (POST body or GET query), regions, pricing, health.

use super::AppState;
use super::error::{ApiError, ErrorBody};
use super::request::{ContentType, declared_length, read_body, too_large_message};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use egress_core::engine;
use egress_core::scenario::Scenario;
use serde::Serialize;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Serializes a value as a JSON response.
pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    json_response(status, egress_core::json::to_vec(value, 1024))
}

/// A serialized value as a JSON response (a 500 if it could not be serialized).
fn json_response(status: StatusCode, body: Result<Vec<u8>, serde_json::Error>) -> Response {
    match body {
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

/// The size of the last comparison answered, and a little more: the next one's buffer starts
/// that large (answers differ by a few KB), so it is not copied over and over as it grows.
static COMPARISON_BYTES: AtomicUsize = AtomicUsize::new(48 * 1024);

fn compare(state: &AppState, scenario: &Scenario) -> Result<Response, ApiError> {
    let comparison = engine::compare(scenario, &state.table)?;
    let body = egress_core::json::to_vec(&comparison, COMPARISON_BYTES.load(Ordering::Relaxed));
    if let Ok(body) = &body {
        COMPARISON_BYTES.store(body.len() + body.len() / 8, Ordering::Relaxed);
    }
    Ok(json_response(StatusCode::OK, body))
}

/// What a route taking a JSON object as its body answers when the body is not one: refused by
/// [`json_body`], or not an object. (Responses listed this way register no schema: `ErrorBody`
/// is registered by the document itself, `openapi::ApiDoc`.)
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // described in the OpenAPI document, never built
pub(super) enum NotAJsonObject {
    #[response(status = 400, description = "The body is not a JSON object")]
    NotAnObject(ErrorBody<'static>),
    #[response(status = 415, description = "The body is not sent as application/json")]
    NotJson(ErrorBody<'static>),
}

/// `POST /api/v1/compare` with a JSON object of scenario fields.
#[utoipa::path(post, path = "/api/v1/compare", tag = "compare",
    summary = "Compare the egress options for a scenario given as JSON",
    description = "Takes the scenario as a JSON object (see the ScenarioInput schema). Omitted fields take their defaults; unknown fields are rejected. Decimal fields take a JSON number or a decimal string; integer fields an integer. Also: s3_percent + aws_percent must be at most 100.",
    responses(
        (status = 200, description = "The comparison of every option", body = egress_core::engine::Comparison<'static>),
        NotAJsonObject,
        (status = 413, description = "The body is larger than 16 KiB", body = ErrorBody<'static>),
        (status = 422, description = "A field is unknown, of the wrong type or out of range; `field` names it", body = ErrorBody<'static>),
    )
)]
pub async fn compare_post(
    State(state): State<AppState>,
    _fits: BodyFits,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = json_body(&headers, body)?;
    let scenario = Scenario::from_json(&body, &state.table)?;
    compare(&state, &scenario)
}

/// The body of a JSON request: refused unless sent as `application/json`
/// (a browser cannot send that cross-site without a preflight), or too large.
pub fn json_body(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Bytes, ApiError> {
    let content_type = ContentType::of(headers);
    if !content_type.is("application/json") {
        return Err(content_type.refused(|got| format!(
            "send the scenario as JSON with Content-Type: application/json (got {got}), or use GET /api/v1/compare?field=value"
        )));
    }
    read_body(body, super::MAX_BODY_BYTES)
}

/// Rejects a body whose declared length is over the limit before it is read:
/// reading it would first tell a client that sent `Expect: 100-continue` to
/// go ahead and send it all.
pub struct BodyFits;

impl<S: Sync> axum::extract::FromRequestParts<S> for BodyFits {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<BodyFits, ApiError> {
        match declared_length(&parts.headers) {
            Some(length) if length > super::MAX_BODY_BYTES as u64 => Err(ApiError::general(
                StatusCode::PAYLOAD_TOO_LARGE,
                too_large_message(super::MAX_BODY_BYTES),
            )),
            _ => Ok(BodyFits),
        }
    }
}

/// `GET /api/v1/compare?field=value&…`.
#[utoipa::path(get, path = "/api/v1/compare", tag = "compare",
    summary = "Compare the egress options for a scenario given as a query string",
    description = "The same fields as the JSON body, as query parameters. Decimals are plain digits with an optional fraction (no sign, no exponent). Also: s3_percent + aws_percent must be at most 100.",
    responses(
        (status = 200, description = "The comparison of every option", body = egress_core::engine::Comparison<'static>),
        (status = 422, description = "A parameter is unknown, empty, repeated or out of range; `field` names it", body = ErrorBody<'static>),
    )
)]
pub async fn compare_get(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let scenario = Scenario::from_query(query.as_deref().unwrap_or(""), &state.table)?;
    compare(&state, &scenario)
}

/// A region of the pricing table.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RegionEntry<'a> {
    /// Region code.
    code: &'a str,
    /// Region name.
    name: &'a str,
    /// Figures of this region that are assumed, not confirmed.
    assumed_figures: Vec<String>,
}

/// The regions of the pricing table.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Regions<'a> {
    /// The table.
    #[schema(value_type = egress_core::engine::PricingUsed<'static>)]
    pricing: egress_core::engine::PricingUsed<'a>,
    /// Its regions, in table order.
    regions: Vec<RegionEntry<'a>>,
}

/// `GET /api/v1/regions`: the table's regions.
#[utoipa::path(get, path = "/api/v1/regions", tag = "pricing", summary = "The regions of the pricing table",
    responses((status = 200, description = "The regions", body = Regions<'static>)))]
pub async fn regions(State(state): State<AppState>) -> Response {
    let table = &state.table;
    let regions = table
        .regions
        .iter()
        .map(|r| RegionEntry {
            code: &r.code,
            name: &r.name,
            assumed_figures: r.assumed().into_iter().map(|(f, _)| f).collect(),
        })
        .collect();
    let body = Regions {
        pricing: egress_core::engine::PricingUsed::of(table),
        regions,
    };
    json(StatusCode::OK, &body)
}

/// `GET /api/v1/pricing`: the whole table with every figure's source.
#[utoipa::path(get, path = "/api/v1/pricing", tag = "pricing", summary = "The whole pricing table with every figure's source, date and grade",
    responses((status = 200, description = "The pricing table", body = super::openapi::schemas::PricingTable)))]
pub async fn pricing(State(state): State<AppState>) -> Response {
    json(StatusCode::OK, &*state.table)
}

/// `GET /healthz`: answers without touching the engine.
#[utoipa::path(get, path = "/healthz", tag = "health", summary = "Liveness",
    responses((status = 200, description = "The server is up", body = String, content_type = "text/plain")))]
pub async fn healthz() -> &'static str {
    "ok\n"
}
