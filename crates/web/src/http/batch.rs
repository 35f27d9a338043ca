//! `POST /api/v1/compare/batch`: many scenarios in one request, as a JSON
//! array (answered as a JSON array) or as NDJSON (answered as NDJSON, line
//! by line while the request is still arriving). Each answer is the full
//! comparison or, with `?detail=summary`, the costs alone; a bad scenario
//! gets its own `{index, error}` entry and the others are still answered.

use super::AppState;
use super::error::{ApiError, ErrorBody, ErrorDetail};
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use egress_core::engine;
use egress_core::pricing::PricingTable;
use egress_core::scenario::{FieldError, Scenario};
use futures_util::StreamExt;
use serde::Serialize;
use serde_json::value::RawValue;

/// Most scenarios in one JSON-array batch (an NDJSON batch is bounded by
/// its size alone: it is answered as it is read, never held whole).
pub const MAX_BATCH_SCENARIOS: usize = 10_000;

/// The NDJSON media type, of requests and of their answers.
pub const NDJSON: &str = "application/x-ndjson";

/// What each answer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// The whole comparison, as `POST /api/v1/compare` answers it, with its index.
    Full,
    /// Index, cheapest option, each option's monthly cost and feasibility.
    Summary,
}

/// Reads `?detail=full|summary` (the only parameter).
fn detail(query: Option<&str>) -> Result<Detail, ApiError> {
    let mut detail = Detail::Full;
    for (name, value) in egress_core::scenario::query_pairs(query.unwrap_or("")) {
        match (name.as_ref(), value.as_ref()) {
            ("detail", "full") => detail = Detail::Full,
            ("detail", "summary") => detail = Detail::Summary,
            ("detail", other) => {
                return Err(FieldError::new(
                    "detail",
                    format!(
                        "detail must be full or summary; got {}",
                        egress_core::scenario::shown(other)
                    ),
                )
                .into());
            }
            (other, _) => {
                return Err(FieldError::new(
                    &other.chars().take(64).collect::<String>(),
                    "unknown parameter; the batch takes only detail=full|summary (the scenarios go in the body)",
                )
                .into());
            }
        }
    }
    Ok(detail)
}

/// `{index, error: {field, message}}`: one scenario that could not be compared.
#[derive(Serialize)]
struct ErrorEntry<'a> {
    index: Option<usize>,
    error: ErrorDetail<'a>,
}

/// `{index, cheapest, monthly_cost: {option: cost}, feasible: {option: bool}}`.
struct Summary<'a> {
    index: usize,
    priced: &'a engine::Priced,
}

impl Serialize for Summary<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let options = &self.priced.options;
        let mut map = s.serialize_map(Some(4))?;
        map.serialize_entry("index", &self.index)?;
        map.serialize_entry("cheapest", self.priced.cheapest)?;
        map.serialize_entry(
            "monthly_cost",
            &Entries(options.iter().map(|o| (o.id, o.monthly_cost))),
        )?;
        map.serialize_entry(
            "feasible",
            &Entries(options.iter().map(|o| (o.id, o.feasible))),
        )?;
        map.end()
    }
}

/// A JSON object of option id → value, written from an iterator.
struct Entries<I>(I);

impl<I, V> Serialize for Entries<I>
where
    I: Iterator<Item = (&'static str, V)> + Clone,
    V: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.clone())
    }
}

fn write_summary(out: &mut Vec<u8>, index: usize, priced: &engine::Priced) {
    // Writing into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, &Summary { index, priced });
}

/// Writes an error entry for `index` (none when the error is the batch's own).
fn write_error(out: &mut Vec<u8>, index: Option<usize>, error: &FieldError) {
    let entry = ErrorEntry {
        index,
        error: ErrorDetail {
            field: error.field.as_deref(),
            message: &error.message,
        },
    };
    // Writing plain structs into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, &entry);
}

/// Answers one scenario given as JSON text into `out` (no separator).
/// `scratch` is reused between scenarios for the full comparison's JSON.
pub fn answer(
    out: &mut Vec<u8>,
    scratch: &mut Vec<u8>,
    index: usize,
    scenario: &[u8],
    detail: Detail,
    table: &PricingTable,
) {
    let scenario = match Scenario::from_json(scenario, table) {
        Ok(scenario) => scenario,
        Err(errors) => return write_error(out, Some(index), errors.first()),
    };
    let engine_error = |out: &mut Vec<u8>, e: engine::EngineError| {
        write_error(out, Some(index), &FieldError::from(e));
    };
    match detail {
        // Only the options' prices: the analyses a summary leaves out are half the work.
        Detail::Summary => match engine::price_options(&scenario, table) {
            Ok(priced) => write_summary(out, index, &priced),
            Err(e) => engine_error(out, e),
        },
        Detail::Full => {
            let comparison = match engine::compare(&scenario, table) {
                Ok(comparison) => comparison,
                Err(e) => return engine_error(out, e),
            };
            // The API's body with the index first: `{"index":3,` + body without its `{`.
            scratch.clear();
            if serde_json::to_writer(&mut *scratch, &comparison).is_err() || scratch.len() < 2 {
                return write_error(
                    out,
                    Some(index),
                    &FieldError::general("could not serialize the comparison"),
                );
            }
            out.extend_from_slice(b"{\"index\":");
            out.extend_from_slice(itoa::Buffer::new().format(index).as_bytes());
            out.push(b',');
            out.extend_from_slice(&scratch[1..]);
        }
    }
}

fn too_large(limit: usize) -> FieldError {
    FieldError::general(format!(
        "the request body is larger than {limit} bytes (the batch limit; the server's --batch-max-bytes)"
    ))
}

/// `POST /api/v1/compare/batch`.
#[utoipa::path(
    post,
    path = "/api/v1/compare/batch",
    tag = "compare",
    summary = "Compare many scenarios in one request (JSON array or NDJSON)",
    description = "The body is a JSON array of scenarios (each a ScenarioInput object, at most 10,000) answered as a JSON array in the same order, or NDJSON (Content-Type: application/x-ndjson, one scenario object per line) answered as NDJSON, each line as soon as it is computed: the first answers leave before the last scenario is read. Each answer is the full comparison with its `index` (0-based), or with detail=summary `{index, cheapest, monthly_cost: {option: cost}, feasible: {option: bool}}`. A bad scenario is answered `{index, error: {field, message}}` and the others are still answered. The body may be at most 4 MiB unless the server is configured otherwise (--batch-max-bytes).",
    params(("detail" = Option<String>, Query, description = "full (default): each answer is the whole comparison; summary: index, cheapest, monthly_cost and feasible only", pattern = "^(full|summary)$")),
    responses(
        (status = 200, description = "One answer per scenario, in order (NDJSON when the request was NDJSON)", body = Vec<super::openapi::schemas::BatchAnswer>),
        (status = 400, description = "The body is not a JSON array", body = ErrorBody<'static>),
        (status = 413, description = "The body is larger than the batch limit, or the array holds more than 10,000 scenarios", body = ErrorBody<'static>),
        (status = 415, description = "The body is neither application/json nor application/x-ndjson", body = ErrorBody<'static>),
        (status = 422, description = "An unknown query parameter or detail value", body = ErrorBody<'static>),
    )
)]
pub async fn compare_batch(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let media_type = content_type.split(';').next().unwrap_or("").trim();
    let ndjson = if media_type.eq_ignore_ascii_case("application/json") {
        false
    } else if media_type.eq_ignore_ascii_case(NDJSON) {
        true
    } else {
        return Err(ApiError::general(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "send a JSON array of scenarios (Content-Type: application/json) or one scenario per line (Content-Type: {NDJSON}); got {:?}",
                content_type.chars().take(60).collect::<String>()
            ),
        ));
    };
    let detail = detail(query.as_deref())?;
    let limit = state.web.batch_max_bytes;
    // A declared length past the limit is refused before anything is read.
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .or_else(|| axum::body::HttpBody::size_hint(&body).exact());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            errors: vec![too_large(limit)],
        });
    }
    if ndjson {
        Ok(stream_ndjson(state, body, detail, limit).await)
    } else {
        json_array(&state, body, detail, limit).await
    }
}

/// Reads the whole body (at most `limit` bytes), then answers the array.
async fn json_array(
    state: &AppState,
    body: Body,
    detail: Detail,
    limit: usize,
) -> Result<Response, ApiError> {
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::general(
                StatusCode::BAD_REQUEST,
                format!("could not read the request body: {e}"),
            )
        })?;
        if bytes.len() + chunk.len() > limit {
            return Err(ApiError {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                errors: vec![too_large(limit)],
            });
        }
        bytes.extend_from_slice(&chunk);
    }
    // Up to 10,000 comparisons take a while: off the async workers, so the
    // server keeps answering other requests meanwhile.
    let table = state.table.clone();
    tokio::task::spawn_blocking(move || answer_array(&bytes, detail, &table))
        .await
        .map_err(|e| {
            ApiError::general(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the batch could not be computed: {e}"),
            )
        })?
}

/// Parses a JSON array of scenarios and answers each, in order.
fn answer_array(bytes: &[u8], detail: Detail, table: &PricingTable) -> Result<Response, ApiError> {
    let scenarios: Vec<&RawValue> = serde_json::from_slice(bytes).map_err(|e| {
        ApiError::general(
            StatusCode::BAD_REQUEST,
            format!("the request body is not a JSON array of scenario objects: {e}"),
        )
    })?;
    if scenarios.len() > MAX_BATCH_SCENARIOS {
        return Err(ApiError::general(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "a batch holds at most {MAX_BATCH_SCENARIOS} scenarios; got {} (split it, or send NDJSON)",
                scenarios.len()
            ),
        ));
    }
    let per = if detail == Detail::Full { 9000 } else { 400 };
    let mut out = Vec::with_capacity(2 + scenarios.len() * per);
    let mut scratch = Vec::new();
    out.push(b'[');
    for (index, scenario) in scenarios.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        answer(
            &mut out,
            &mut scratch,
            index,
            scenario.get().as_bytes(),
            detail,
            table,
        );
    }
    out.push(b']');
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        out,
    )
        .into_response())
}

/// Answers NDJSON as it arrives: each chunk of the request is split into
/// lines, the complete ones answered, and their answers sent on at once
/// through a channel that backs the response body.
///
/// The first chunk is awaited before the response starts: reading the body
/// is what makes the server answer `Expect: 100-continue` (which curl sends
/// with any body over 1 MiB), and a client that gets the final response
/// first waits a second before sending anything.
async fn stream_ndjson(state: AppState, body: Body, detail: Detail, limit: usize) -> Response {
    let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(4);
    let mut stream = body.into_data_stream();
    let first = stream.next().await;
    tokio::spawn(async move {
        let table = &state.table;
        let mut stream = futures_util::stream::iter(first).chain(stream);
        let mut partial: Vec<u8> = Vec::new();
        let mut scratch = Vec::new();
        let mut index = 0usize;
        let mut read = 0usize;
        let mut answer_line = |out: &mut Vec<u8>, line: &[u8], index: &mut usize| {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.iter().all(u8::is_ascii_whitespace) {
                return;
            }
            answer(out, &mut scratch, *index, line, detail, table);
            out.push(b'\n');
            *index += 1;
        };
        while let Some(chunk) = stream.next().await {
            let mut out = Vec::new();
            let mut stop = false;
            match chunk {
                Err(e) => {
                    write_error(
                        &mut out,
                        None,
                        &FieldError::general(format!("could not read the request body: {e}")),
                    );
                    out.push(b'\n');
                    stop = true;
                }
                Ok(chunk) if read + chunk.len() > limit => {
                    write_error(&mut out, None, &too_large(limit));
                    out.push(b'\n');
                    stop = true;
                }
                Ok(chunk) => {
                    read += chunk.len();
                    let mut rest: &[u8] = &chunk;
                    while let Some(end) = rest.iter().position(|&b| b == b'\n') {
                        if partial.is_empty() {
                            answer_line(&mut out, &rest[..end], &mut index);
                        } else {
                            partial.extend_from_slice(&rest[..end]);
                            let line = std::mem::take(&mut partial);
                            answer_line(&mut out, &line, &mut index);
                        }
                        rest = &rest[end + 1..];
                    }
                    partial.extend_from_slice(rest);
                }
            }
            if !out.is_empty() && tx.send(Bytes::from(out)).await.is_err() {
                return; // The client went away.
            }
            if stop {
                return;
            }
        }
        // The last line may have no newline.
        let mut out = Vec::new();
        answer_line(&mut out, &partial, &mut index);
        if !out.is_empty() {
            let _ = tx.send(Bytes::from(out)).await;
        }
    });
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|bytes| (Ok::<_, std::convert::Infallible>(bytes), rx))
    });
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, NDJSON)],
        Body::from_stream(body),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_is_the_comparison_in_brief() {
        let table = PricingTable::bundled().unwrap();
        let body = br#"{"monthly_gb": "5000", "s3_percent": 40, "region": "eu-west-2"}"#;
        let (mut out, mut scratch) = (Vec::new(), Vec::new());
        answer(&mut out, &mut scratch, 7, body, Detail::Summary, &table);
        let summary: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let scenario = Scenario::from_json(body, &table).unwrap();
        let comparison = engine::compare(&scenario, &table).unwrap();
        assert_eq!(summary["index"], 7);
        assert_eq!(summary["cheapest"], comparison.cheapest);
        let costs = summary["monthly_cost"].as_object().unwrap();
        let ids: Vec<&str> = costs.keys().map(String::as_str).collect();
        let mut expected: Vec<&str> = comparison.options.iter().map(|o| o.id).collect();
        expected.sort_unstable();
        assert_eq!(ids, expected);
        for o in &comparison.options {
            let cost = o.monthly_cost.map(|m| m.to_string());
            assert_eq!(costs[o.id].as_str(), cost.as_deref(), "{}", o.id);
            assert_eq!(summary["feasible"][o.id], o.feasible, "{}", o.id);
        }
    }
}
