//! `POST /api/v1/compare/batch`: many scenarios in one request, as a JSON
//! array (answered as a JSON array) or as NDJSON (answered as NDJSON, line
//! by line while the request is still arriving). Each answer is the full
//! comparison or, with `?detail=summary`, the costs alone; a bad scenario
//! gets its own `{index, error}` entry and the others are still answered.
//!
//! Bounded work and memory: at most `--batch-max-in-flight` batches are
//! computed at once (past it, 503 with Retry-After); each is computed on a
//! blocking thread (with its gzip), never on the async workers, and writes
//! its answers in 64 KiB chunks into a channel of four that backs the
//! response body, so a client that stops reading stops its computation.

use super::AppState;
use super::access::Cut;
use super::costs::Costs;
use super::error::{ApiError, ErrorBody, ErrorDetail};
use super::request::{ContentType, declared_length, too_large_message};
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use egress_core::engine;
use egress_core::pricing::PricingTable;
use egress_core::scenario::{FieldError, Scenario};
use flate2::Compression;
use flate2::write::GzEncoder;
use futures_util::StreamExt;
use serde::Serialize;
use serde_json::value::RawValue;
use std::io::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, oneshot};
use utoipa::ToSchema;

/// Most scenarios in one JSON-array batch (an NDJSON batch is bounded by
/// its size and `--batch-max-ndjson-scenarios`: it is answered as it is
/// read, never held whole).
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
#[derive(Serialize, ToSchema)]
#[schema(as = BatchError)]
pub struct ErrorEntry<'a> {
    /// 0-based position of the scenario (null for an error of the batch itself,
    /// such as an NDJSON body past the size limit).
    index: Option<usize>,
    /// The first error, as `POST /api/v1/compare` would answer it.
    error: ErrorDetail<'a>,
}

/// `{index, cheapest, monthly_cost: {option: cost}, feasible: {option: bool}}`, with
/// `meets_requirements` when the scenario sets a requirement.
#[derive(Serialize, ToSchema)]
#[schema(as = BatchSummary)]
pub struct Summary {
    /// 0-based position of the scenario in the request.
    index: usize,
    #[serde(flatten)]
    costs: Costs,
}

fn write_summary(out: &mut Vec<u8>, index: usize, priced: &engine::Priced) {
    // Writing into a Vec cannot fail.
    let summary = Summary {
        index,
        costs: Costs::from(priced),
    };
    let _ = serde_json::to_writer(&mut *out, &summary);
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
        "{} (the batch limit; the server's --batch-max-bytes)",
        too_large_message(limit)
    ))
}

/// The server-wide bounds on batch work: how many batches are computed at
/// once, and how many scenarios one NDJSON batch may hold; with counters
/// that tests and operators can read.
#[derive(Debug)]
pub struct Batches {
    permits: Arc<Semaphore>,
    max_in_flight: usize,
    max_ndjson_scenarios: usize,
    answered: AtomicU64,
    stopped: AtomicU64,
}

impl Batches {
    /// Bounds from the server's limits.
    pub fn new(limits: &crate::config::ServerLimits) -> Batches {
        let max_in_flight = limits.batch_max_in_flight.max(1);
        Batches {
            permits: Arc::new(Semaphore::new(max_in_flight)),
            max_in_flight,
            max_ndjson_scenarios: limits.batch_max_ndjson_scenarios.max(1),
            answered: AtomicU64::new(0),
            stopped: AtomicU64::new(0),
        }
    }

    /// Batches being computed now.
    pub fn in_flight(&self) -> usize {
        self.max_in_flight - self.permits.available_permits()
    }

    /// Scenarios answered by every batch since the start.
    pub fn answered(&self) -> u64 {
        self.answered.load(Ordering::Relaxed)
    }

    /// Batches whose computation stopped before the end because the client
    /// went away or stopped reading.
    pub fn stopped(&self) -> u64 {
        self.stopped.load(Ordering::Relaxed)
    }
}

/// Size of the chunks an answer is sent in; with [`QUEUED_CHUNKS`] of them
/// queued, what one batch holds of its answer while the client reads.
const CHUNK_BYTES: usize = 64 * 1024;

/// Answer chunks queued ahead of the client; past them the computation waits.
const QUEUED_CHUNKS: usize = 4;

/// Seconds a client refused for too many batches in flight is told to wait.
const RETRY_AFTER_SECS: &str = "1";

/// The response header stating the NDJSON scenario cap.
pub const MAX_SCENARIOS_HEADER: header::HeaderName =
    header::HeaderName::from_static("x-batch-max-scenarios");

/// Answer bytes written by the computation (on a blocking thread), sent to
/// the response body in chunks through a bounded channel: when the client
/// does not read, the channel fills, the send waits, and so does the work.
struct ChunkWriter<'a> {
    buffer: Vec<u8>,
    tx: mpsc::Sender<Bytes>,
    batches: &'a Batches,
    /// The response is gone (counted once in [`Batches::stopped`]).
    gone: bool,
}

impl<'a> ChunkWriter<'a> {
    fn new(tx: mpsc::Sender<Bytes>, batches: &'a Batches) -> ChunkWriter<'a> {
        ChunkWriter {
            buffer: Vec::with_capacity(CHUNK_BYTES),
            tx,
            batches,
            gone: false,
        }
    }

    /// Sends what is buffered; an error once the response is gone.
    fn send(&mut self) -> std::io::Result<()> {
        let gone = || std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away");
        if self.gone {
            return Err(gone());
        }
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK_BYTES));
        self.tx.blocking_send(Bytes::from(chunk)).map_err(|_| {
            self.gone = true;
            self.batches.stopped.fetch_add(1, Ordering::Relaxed);
            gone()
        })
    }
}

impl std::io::Write for ChunkWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK_BYTES {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// The response body fed by a [`ChunkWriter`].
fn channel_body(rx: mpsc::Receiver<Bytes>) -> Body {
    Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|bytes| (Ok::<_, std::convert::Infallible>(bytes), rx))
    }))
}

/// Whether the client takes a gzip-encoded answer (`Accept-Encoding`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            let quality = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .next()
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip"))
                && quality > 0.0
        })
}

/// `POST /api/v1/compare/batch`.
#[utoipa::path(post, path = "/api/v1/compare/batch", tag = "compare",
    summary = "Compare many scenarios in one request (JSON array or NDJSON)",
    description = "The body is a JSON array of scenarios (each a ScenarioInput object, at most 10,000) answered as a JSON array in the same order, or NDJSON (Content-Type: application/x-ndjson, one scenario object per line, at most 25,000 unless the server is configured otherwise: --batch-max-ndjson-scenarios, stated in the X-Batch-Max-Scenarios header) answered as NDJSON, each line as soon as it is computed: the first answers leave before the last scenario is read. Each answer is the full comparison with its `index` (0-based), or with detail=summary `{index, cheapest, monthly_cost: {option: cost}, feasible: {option: bool}}`. A bad scenario is answered `{index, error: {field, message}}` and the others are still answered. An NDJSON answer that cannot be completed (the body stalled past the server's --body-timeout, could not be read, was over the size limit, or held too many scenarios) ends with `{\"index\": null, \"error\": {field, message}}` saying why. Answers are computed as the client reads them; a client that stops reading stops its batch. The body may be at most 4 MiB unless the server is configured otherwise (--batch-max-bytes). At most 8 batches are computed at once (--batch-max-in-flight); past that the answer is 503 with Retry-After.",
    params(("detail" = Option<String>, Query, description = "full (default): each answer is the whole comparison; summary: index, cheapest, monthly_cost and feasible only", pattern = "^(full|summary)$")),
    responses(
        (status = 200, description = "One answer per scenario, in order (NDJSON when the request was NDJSON)", body = Vec<super::openapi::schemas::BatchAnswer>),
        (status = 400, description = "The body is not a JSON array", body = ErrorBody<'static>),
        (status = 413, description = "The body is larger than the batch limit, or the array holds more than 10,000 scenarios", body = ErrorBody<'static>),
        (status = 415, description = "The body is neither application/json nor application/x-ndjson", body = ErrorBody<'static>),
        (status = 422, description = "An unknown query parameter or detail value", body = ErrorBody<'static>),
        (status = 503, description = "The server is computing as many batches as it may (--batch-max-in-flight); retry after the Retry-After seconds", body = ErrorBody<'static>),
    )
)]
pub async fn compare_batch(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let content_type = ContentType::of(&headers);
    let ndjson = if content_type.is("application/json") {
        false
    } else if content_type.is(NDJSON) {
        true
    } else {
        return Err(content_type.refused(|got| format!(
            "send a JSON array of scenarios (Content-Type: application/json) or one scenario per line (Content-Type: {NDJSON}); got {got}"
        )));
    };
    let detail = detail(query.as_deref())?;
    let limit = state.web.batch_max_bytes;
    // A declared length past the limit is refused before anything is read.
    let declared =
        declared_length(&headers).or_else(|| axum::body::HttpBody::size_hint(&body).exact());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            errors: vec![too_large(limit)],
        });
    }
    // The server-wide cap: a batch past it is refused before its body is read.
    let Ok(permit) = state.web.batches.permits.clone().try_acquire_owned() else {
        let mut response = ApiError::general(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the server is computing as many batches as it may at once ({}, its --batch-max-in-flight); retry in a moment",
                state.web.batches.max_in_flight
            ),
        )
        .into_response();
        response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from_static(RETRY_AFTER_SECS),
        );
        return Ok(response);
    };
    if ndjson {
        Ok(stream_ndjson(state, body, detail, limit, permit).await)
    } else {
        let gzip = accepts_gzip(&headers);
        json_array(state, body, detail, limit, gzip, permit).await
    }
}

/// Reads the whole body (at most `limit` bytes), then answers the array on
/// a blocking thread, sending the answer as it is written (gzipped there
/// too when the client takes it, so no async worker does the deflating).
async fn json_array(
    state: AppState,
    body: Body,
    detail: Detail,
    limit: usize,
    gzip: bool,
    permit: OwnedSemaphorePermit,
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
    let (tx, rx) = mpsc::channel::<Bytes>(QUEUED_CHUNKS);
    let (parsed_tx, parsed_rx) = oneshot::channel::<Result<(), ApiError>>();
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let batches = &state.web.batches;
        let scenarios = match parse_array(&bytes) {
            Ok(scenarios) => scenarios,
            Err(e) => {
                let _ = parsed_tx.send(Err(e));
                return;
            }
        };
        if parsed_tx.send(Ok(())).is_err() {
            return;
        }
        let writer = ChunkWriter::new(tx, batches);
        let table = &state.table;
        // An error here is a client gone: nothing is left to tell.
        let _ = if gzip {
            let mut encoder = GzEncoder::new(writer, Compression::fast());
            write_array(&mut encoder, &scenarios, detail, table, batches)
                .and_then(|()| encoder.finish())
                .and_then(|mut writer| writer.flush())
        } else {
            let mut writer = writer;
            write_array(&mut writer, &scenarios, detail, table, batches)
                .and_then(|()| writer.flush())
        };
    });
    match parsed_rx.await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(e),
        Err(_) => {
            return Err(ApiError::general(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the batch could not be computed",
            ));
        }
    }
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        channel_body(rx),
    )
        .into_response();
    if gzip {
        let h = response.headers_mut();
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    Ok(response)
}

/// The scenarios of a JSON array batch, each as its JSON text.
fn parse_array(bytes: &[u8]) -> Result<Vec<&RawValue>, ApiError> {
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
    Ok(scenarios)
}

/// Answers each scenario in order into `out`, as a JSON array; stops at the
/// first write error (the client went away).
fn write_array(
    out: &mut impl std::io::Write,
    scenarios: &[&RawValue],
    detail: Detail,
    table: &PricingTable,
    batches: &Batches,
) -> std::io::Result<()> {
    let (mut answer_buffer, mut scratch) = (Vec::new(), Vec::new());
    out.write_all(b"[")?;
    for (index, scenario) in scenarios.iter().enumerate() {
        answer_buffer.clear();
        if index > 0 {
            answer_buffer.push(b',');
        }
        answer(
            &mut answer_buffer,
            &mut scratch,
            index,
            scenario.get().as_bytes(),
            detail,
            table,
        );
        batches.answered.fetch_add(1, Ordering::Relaxed);
        out.write_all(&answer_buffer)?;
    }
    out.write_all(b"]")
}

/// Answers NDJSON as it arrives, on a blocking thread that reads the body,
/// answers each complete line and writes the answers into a bounded
/// channel backing the response body: answers leave as they are computed,
/// and a client that does not read holds the computation still.
///
/// The first chunk is awaited before the response starts: reading the body
/// is what makes the server answer `Expect: 100-continue` (which curl sends
/// with any body over 1 MiB), and a client that gets the final response
/// first waits a second before sending anything.
async fn stream_ndjson(
    state: AppState,
    body: Body,
    detail: Detail,
    limit: usize,
    permit: OwnedSemaphorePermit,
) -> Response {
    let (tx, rx) = mpsc::channel::<Bytes>(QUEUED_CHUNKS);
    let mut stream = body.into_data_stream();
    let first = stream.next().await;
    let cut = Cut::default();
    let max_scenarios = state.web.batches.max_ndjson_scenarios;
    let handle = tokio::runtime::Handle::current();
    let marker = cut.clone();
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let batches = &state.web.batches;
        let mut out = ChunkWriter::new(tx, batches);
        let mut ndjson = NdjsonAnswers {
            detail,
            table: &state.table,
            batches,
            max_scenarios,
            index: 0,
            scratch: Vec::new(),
            answer: Vec::new(),
        };
        let mut stream = futures_util::stream::iter(first).chain(stream);
        let mut partial: Vec<u8> = Vec::new();
        let mut read = 0usize;
        let ended = loop {
            // Everything answered so far leaves before the next read waits.
            if out.flush().is_err() {
                return;
            }
            let chunk = match handle.block_on(stream.next()) {
                None => break None,
                Some(Err(e)) => break Some(read_error(&e)),
                Some(Ok(chunk)) => chunk,
            };
            if read + chunk.len() > limit {
                break Some(too_large(limit));
            }
            read += chunk.len();
            let mut rest: &[u8] = &chunk;
            let mut stop = None;
            while let Some(end) = rest.iter().position(|&b| b == b'\n') {
                let answered = if partial.is_empty() {
                    ndjson.line(&mut out, &rest[..end])
                } else {
                    partial.extend_from_slice(&rest[..end]);
                    let line = std::mem::take(&mut partial);
                    ndjson.line(&mut out, &line)
                };
                match answered {
                    Ok(None) => {}
                    Ok(Some(error)) => {
                        stop = Some(error);
                        break;
                    }
                    Err(_) => return,
                }
                rest = &rest[end + 1..];
            }
            if stop.is_some() {
                break stop;
            }
            partial.extend_from_slice(rest);
        };
        let ended = match ended {
            Some(error) => Some(error),
            // The last line may have no newline.
            None => match ndjson.line(&mut out, &partial) {
                Ok(error) => error,
                Err(_) => return,
            },
        };
        if let Some(error) = ended {
            marker.mark();
            let mut line = Vec::new();
            write_error(&mut line, None, &error);
            line.push(b'\n');
            let _ = std::io::Write::write_all(&mut out, &line);
        }
        let _ = out.flush();
    });
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, NDJSON)],
        channel_body(rx),
    )
        .into_response();
    response.headers_mut().insert(
        MAX_SCENARIOS_HEADER,
        HeaderValue::from(max_scenarios as u64),
    );
    response.extensions_mut().insert(cut);
    response
}

/// Why a body could not be read, as the error line that ends the answer.
fn read_error(error: &axum::Error) -> FieldError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if let Some(timeout) = e.downcast_ref::<crate::server::BodyTimeout>() {
            return FieldError::general(format!(
                "the answer is incomplete: the server received no bytes of the request body for {:?} (its --body-timeout); the scenarios after the last answer were not read",
                timeout.0
            ));
        }
        source = e.source();
    }
    FieldError::general(format!(
        "the answer is incomplete: could not read the request body: {error}"
    ))
}

/// The state of one NDJSON batch's answers.
struct NdjsonAnswers<'a> {
    detail: Detail,
    table: &'a PricingTable,
    batches: &'a Batches,
    max_scenarios: usize,
    index: usize,
    scratch: Vec<u8>,
    answer: Vec<u8>,
}

impl NdjsonAnswers<'_> {
    /// Answers one line into `out`; `Ok(Some(error))` when the batch must
    /// end (too many scenarios), `Err` when the client went away.
    fn line(
        &mut self,
        out: &mut ChunkWriter<'_>,
        line: &[u8],
    ) -> std::io::Result<Option<FieldError>> {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        if self.index >= self.max_scenarios {
            return Ok(Some(FieldError::general(format!(
                "the answer is incomplete: an NDJSON batch answers at most {} scenarios (the server's --batch-max-ndjson-scenarios); the scenarios from index {} on were not read (send them in another batch)",
                self.max_scenarios, self.index
            ))));
        }
        self.answer.clear();
        answer(
            &mut self.answer,
            &mut self.scratch,
            self.index,
            line,
            self.detail,
            self.table,
        );
        self.answer.push(b'\n');
        self.index += 1;
        self.batches.answered.fetch_add(1, Ordering::Relaxed);
        std::io::Write::write_all(out, &self.answer)?;
        Ok(None)
    }
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
