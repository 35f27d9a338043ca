//! Measuring the scenario from real data: `POST /api/v1/measure/flow-logs` (a flow-log aggregate CSV),
//! `POST /api/v1/measure` (multipart: a Terraform plan, a bill, a flow-log aggregate) and the `/measure`
//! page. The readers are the ingest crate's; the merge and the parse are `egress_ingest::sources`.
//!
//! No ip-ranges.json is bundled: a flow-log aggregate comes classified by the query (`class` and
//! `ip_version` columns), or by remote address when the server was given one (`--ip-ranges`).

use super::AppState;
use super::api::json;
use super::error::{ApiError, ErrorBody};
use super::markup::html;
use super::request::{ContentType, read_body};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Multipart, State, multipart::MultipartRejection};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use egress_core::pricing::PricingTable;
use egress_core::scenario::FieldError;
use egress_ingest::bill::read_bill;
use egress_ingest::flow_logs::{
    FlowLogOptions, FlowLogReport, IpRanges, NatGateways, measure_aggregate,
};
use egress_ingest::sources::{Measurement, Sources, ranges_for_aggregate};
use egress_ingest::terraform::read_plan;
use egress_render::measure::MeasureView;
use std::sync::Arc;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Largest flow-log aggregate body (`POST /api/v1/measure/flow-logs`, and the page's pasted CSV).
pub const FLOW_LOGS_MAX_BYTES: usize = 1024 * 1024;
/// Largest part of a multipart upload.
pub const PART_MAX_BYTES: usize = 8 * 1024 * 1024;
/// Largest multipart body: three parts, the pasted CSV and the framing.
pub const UPLOAD_MAX_BYTES: usize = 3 * PART_MAX_BYTES + FLOW_LOGS_MAX_BYTES + 64 * 1024;

/// The parts a multipart upload may have.
const PARTS: [&str; 4] = ["terraform", "bill", "flow_logs", "flow_logs_csv"];

/// The API routes, each with its own body limit (the app's default is 16 KiB).
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(
            OpenApiRouter::new()
                .routes(routes!(measure_flow_logs))
                .layer(DefaultBodyLimit::max(FLOW_LOGS_MAX_BYTES)),
        )
        .merge(
            OpenApiRouter::new()
                .routes(routes!(measure_upload))
                .layer(DefaultBodyLimit::max(UPLOAD_MAX_BYTES)),
        )
}

/// An error about one part (`terraform`, `bill`, `flow_logs`): `field` names the part.
fn part_error(part: &str, message: impl Into<String>) -> FieldError {
    FieldError::new(part, message)
}

/// The part a source's errors belong to.
fn part_of(source: &str) -> &'static str {
    match source {
        "terraform" => "terraform",
        "bill" => "bill",
        "flow-logs" => "flow_logs",
        _ => "input",
    }
}

/// One uploaded file: its name (for messages) and bytes.
#[derive(Default)]
struct Upload {
    terraform: Option<(String, Vec<u8>)>,
    bill: Option<(String, Vec<u8>)>,
    flow_logs: Option<(String, Vec<u8>)>,
    /// The page's textarea.
    flow_logs_csv: String,
}

/// Reads a flow-log aggregate: classified by the query (`class` and `ip_version` columns), or by
/// remote address when the server has an ip-ranges.json to classify them with.
fn read_aggregate(
    part: &str,
    name: &str,
    bytes: &[u8],
    ip_ranges: Option<&Arc<IpRanges>>,
) -> Result<FlowLogReport, FieldError> {
    let header = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let Some(ip_ranges) =
        ranges_for_aggregate(&String::from_utf8_lossy(header), ip_ranges.cloned())
    else {
        return Err(part_error(
            part,
            format!(
                "{name}, line 1: the aggregate must name the classes (columns class and ip_version, see docs/flow-logs.md): this server was started without an ip-ranges.json (--ip-ranges) to classify remote addresses; for rows by remote address use the CLI: egress-planner measure flow-logs --aggregate {name} --ip-ranges ip-ranges.json"
            ),
        ));
    };
    let opts = FlowLogOptions::new(NatGateways::default(), ip_ranges);
    measure_aggregate(&opts, name, bytes).map_err(|e| part_error(part, e.to_string()))
}

/// Reads the parts given, the plan first (the bill is read for the plan's region), and merges them.
fn measure(
    upload: &Upload,
    table: &PricingTable,
    ip_ranges: Option<&Arc<IpRanges>>,
) -> Result<Measurement, Vec<FieldError>> {
    let mut sources = Sources::default();
    let mut errors = Vec::new();
    if let Some((name, bytes)) = &upload.terraform {
        match read_plan(name, bytes) {
            Ok(p) => sources.terraform = Some(p),
            Err(e) => errors.push(part_error("terraform", e.to_string())),
        }
    }
    if let Some((name, bytes)) = &upload.bill {
        let region = sources
            .terraform
            .as_ref()
            .and_then(|p| p.derived.get("region"))
            .map(str::to_owned);
        match read_bill(name, bytes, region.as_deref(), 730) {
            Ok(b) => sources.bill = Some(b),
            Err(e) => errors.push(part_error("bill", e.to_string())),
        }
    }
    let csv = upload.flow_logs.as_ref().map_or_else(
        || {
            (!upload.flow_logs_csv.trim().is_empty()).then_some((
                "flow_logs_csv",
                "pasted CSV",
                upload.flow_logs_csv.as_bytes(),
            ))
        },
        |(name, bytes)| Some(("flow_logs", name.as_str(), bytes.as_slice())),
    );
    if let Some((part, name, bytes)) = csv {
        match read_aggregate(part, name, bytes, ip_ranges) {
            Ok(f) => sources.flow_logs = Some(f),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if sources.terraform.is_none() && sources.bill.is_none() && sources.flow_logs.is_none() {
        return Err(vec![FieldError::general(
            "nothing to measure: upload a Terraform plan (part terraform), a bill (part bill) or a flow-log aggregate CSV (part flow_logs)",
        )]);
    }
    sources.merge(table).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| part_error(part_of(e.source), e.message))
            .collect()
    })
}

/// Reads every part, each at most [`PART_MAX_BYTES`]; an empty file input counts as not given.
async fn read_upload(mut multipart: Multipart) -> Result<Upload, ApiError> {
    let mut upload = Upload::default();
    let mut seen: Vec<String> = Vec::new();
    let bad = |status: StatusCode, e: FieldError| ApiError {
        status,
        errors: vec![e],
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Err(multipart_error(e.status(), &e.body_text())),
        };
        let part = field.name().unwrap_or("").to_owned();
        if !PARTS.contains(&part.as_str()) {
            return Err(bad(
                StatusCode::UNPROCESSABLE_ENTITY,
                FieldError::general(format!(
                    "unknown part {:?}; the parts are terraform, bill and flow_logs (and flow_logs_csv, the page's pasted CSV)",
                    part.chars().take(40).collect::<String>()
                )),
            ));
        }
        if seen.contains(&part) {
            return Err(bad(
                StatusCode::UNPROCESSABLE_ENTITY,
                part_error(&part, format!("the part {part} is given more than once")),
            ));
        }
        seen.push(part.clone());
        let file_name = field
            .file_name()
            .filter(|n| !n.is_empty())
            .map(|n| n.chars().take(100).collect::<String>())
            .unwrap_or_else(|| part.clone());
        let limit = if part == "flow_logs_csv" {
            FLOW_LOGS_MAX_BYTES
        } else {
            PART_MAX_BYTES
        };
        let mut field = field;
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > limit {
                        return Err(bad(
                            StatusCode::PAYLOAD_TOO_LARGE,
                            part_error(
                                &part,
                                format!(
                                    "{file_name}: the part {part} is larger than {limit} bytes"
                                ),
                            ),
                        ));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Err(multipart_error(e.status(), &e.body_text())),
            }
        }
        if bytes.is_empty() {
            continue;
        }
        match part.as_str() {
            "terraform" => upload.terraform = Some((file_name, bytes)),
            "bill" => upload.bill = Some((file_name, bytes)),
            "flow_logs" => upload.flow_logs = Some((file_name, bytes)),
            _ => {
                upload.flow_logs_csv = String::from_utf8(bytes).map_err(|_| {
                    bad(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        part_error("flow_logs_csv", "the pasted CSV is not UTF-8 text"),
                    )
                })?;
            }
        }
    }
    if upload.flow_logs.is_some() && !upload.flow_logs_csv.trim().is_empty() {
        return Err(bad(
            StatusCode::UNPROCESSABLE_ENTITY,
            part_error(
                "flow_logs_csv",
                "give the flow-log aggregate once: as a file (flow_logs) or pasted (flow_logs_csv), not both",
            ),
        ));
    }
    Ok(upload)
}

fn multipart_error(status: StatusCode, text: &str) -> ApiError {
    let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
        format!(
            "the upload is larger than {UPLOAD_MAX_BYTES} bytes (each part at most {PART_MAX_BYTES})"
        )
    } else {
        format!("could not read the multipart/form-data body: {text}")
    };
    ApiError::general(status, message)
}

/// Runs the readers off the async workers (a bill of 8 MB takes a moment).
async fn measured(state: &AppState, upload: Upload) -> Result<(Measurement, Upload), ApiError> {
    let table = state.table.clone();
    let ip_ranges = state.ip_ranges.clone();
    tokio::task::spawn_blocking(move || {
        let m = measure(&upload, &table, ip_ranges.as_ref());
        (m, upload)
    })
    .await
    .map_err(|e| {
        ApiError::general(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the measurement failed: {e}"),
        )
    })
    .and_then(|(m, upload)| match m {
        Ok(m) => Ok((m, upload)),
        Err(errors) => Err(ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            errors,
        }),
    })
}

/// The measure answer, for the OpenAPI document.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct MeasureAnswer {
    /// The derived fields as `POST /api/v1/compare` takes them (whole numbers as numbers).
    #[schema(value_type = Object)]
    scenario: (),
    /// Every step of the derivation, then how the sources were merged.
    derivation: Vec<String>,
    /// The sentences about sources that give a field different values: which one is used and why.
    disagreements: Vec<String>,
    /// Each field's source: `terraform`, `bill` or `flow-logs`.
    #[schema(value_type = Object)]
    sources: (),
    /// `/compare?…` for the derived scenario, with `&current=<option id>` when the plan names the option in place.
    compare_url: String,
    /// With a plan: the option id in place today, or `{"none": reason}`.
    #[schema(value_type = Option<Object>)]
    current: (),
    /// With flow logs: what was read (records, window, GB counted).
    #[schema(value_type = Option<Object>)]
    coverage: (),
    /// With a bill: each region's egress lines and costs.
    #[schema(value_type = Option<Object>)]
    billed: (),
    /// With a bill and the option in place today: each of its figures, modelled beside billed, with
    /// why they differ.
    #[schema(value_type = Option<Vec<Object>>)]
    billed_beside_modelled: (),
}

/// The multipart parts, for the OpenAPI document.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct MeasureUpload {
    /// `terraform show -json` of a plan or state (at most 8 MB).
    #[schema(value_type = Option<String>, format = Binary)]
    terraform: (),
    /// A month's Cost and Usage Report (CSV, gzip CSV, Parquet) or Cost Explorer JSON (at most 8 MB).
    #[schema(value_type = Option<String>, format = Binary)]
    bill: (),
    /// A flow-log aggregate CSV with class and ip_version columns, or by remote address when the
    /// server was started with --ip-ranges (at most 8 MB).
    #[schema(value_type = Option<String>, format = Binary)]
    flow_logs: (),
}

/// `POST /api/v1/measure/flow-logs`: a flow-log aggregate CSV.
#[utoipa::path(post, path = "/api/v1/measure/flow-logs", tag = "measure",
    summary = "Measure the scenario from a flow-log aggregate CSV",
    description = "The body is the CSV the Athena or DuckDB query in docs/flow-logs.md outputs, classified by the query (columns region,class,ip_version,direction,bytes,records,first_start,last_end,nat_gateways,peak_minute_bytes,max_span_minutes) or, when the server was started with --ip-ranges, by remote address (column remote in place of class and ip_version), at most 1 MB, sent as text/csv. The answer is the derived scenario (monthly_gb, s3_percent, aws_percent, outbound_percent, ipv6_percent, nat_gateways, peak_gbps, region), its derivation, each field's source, the coverage and the /compare URL.",
    request_body(content = String, content_type = "text/csv", description = "The aggregate CSV"),
    responses(
        (status = 200, description = "The derived scenario", body = MeasureAnswer),
        (status = 413, description = "The body is larger than 1 MB", body = ErrorBody<'static>),
        (status = 415, description = "The body is not sent as text/csv", body = ErrorBody<'static>),
        (status = 422, description = "The CSV cannot be read (the message names the line) or a derived field is refused", body = ErrorBody<'static>),
    )
)]
pub async fn measure_flow_logs(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let content_type = ContentType::of(&headers);
    if !content_type.is("text/csv") {
        return Err(content_type.refused(|got| format!(
            "send the flow-log aggregate as CSV with Content-Type: text/csv (got {got}); for a plan or a bill use POST /api/v1/measure (multipart/form-data)"
        )));
    }
    let body = read_body(body, FLOW_LOGS_MAX_BYTES)?;
    let upload = Upload {
        flow_logs: Some(("flow_logs".to_owned(), body.to_vec())),
        ..Upload::default()
    };
    let (m, _) = measured(&state, upload).await?;
    Ok(json(StatusCode::OK, &m))
}

/// `POST /api/v1/measure`: a plan, a bill and a flow-log aggregate, any of them.
#[utoipa::path(post, path = "/api/v1/measure", tag = "measure",
    summary = "Measure the scenario from a Terraform plan, a bill and flow logs",
    description = "multipart/form-data with any of the parts terraform (terraform show -json), bill (a Cost and Usage Report or Cost Explorer JSON) and flow_logs (an aggregate CSV with class and ip_version columns, or by remote address when the server was started with --ip-ranges), each at most 8 MB. The plan gives the layout (region, azs, nat_gateways, nat_instances, interface_endpoints, public_ips), the bill the billed volume (monthly_gb), the flow logs the traffic mix and the peak; where sources disagree, `disagreements` says which one is used and why. Errors name the part in `field` and the file and line in `message`.",
    request_body(content = MeasureUpload, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "The merged scenario", body = MeasureAnswer),
        (status = 400, description = "The body is not multipart/form-data or cannot be read", body = ErrorBody<'static>),
        (status = 413, description = "A part is larger than 8 MB", body = ErrorBody<'static>),
        (status = 422, description = "A part cannot be read, an unknown part, no part, or a derived field is refused; `field` names the part", body = ErrorBody<'static>),
    )
)]
pub async fn measure_upload(
    State(state): State<AppState>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    let multipart = multipart.map_err(|r| {
        ApiError::general(
            StatusCode::BAD_REQUEST,
            format!(
                "send the files as multipart/form-data with parts terraform, bill and flow_logs: {}",
                r.body_text()
            ),
        )
    })?;
    let upload = read_upload(multipart).await?;
    let (m, _) = measured(&state, upload).await?;
    Ok(json(StatusCode::OK, &m))
}

/// What the page shows of a measurement.
fn view(m: &Measurement) -> MeasureView {
    MeasureView {
        summary: m.scenario.summary().to_string(),
        // The disagreements have their own list above the derivation: not twice.
        derivation: m
            .derivation
            .iter()
            .filter(|l| !m.disagreements.contains(l))
            .cloned()
            .collect(),
        disagreements: m.disagreements.clone(),
        fields: m
            .fields
            .iter()
            .map(|f| {
                (
                    f.name.clone(),
                    f.value.clone(),
                    egress_ingest::sources::label(f.source)
                        .trim_start_matches("the ")
                        .to_owned(),
                )
            })
            .collect(),
        compare_url: m.compare_url(),
        current: m.sources.terraform.as_ref().map(|p| p.current.to_string()),
        compare_command: m.compare_command(),
        beside: m
            .beside
            .iter()
            .map(|b| {
                (
                    b.figure.to_owned(),
                    b.modelled.display().to_string(),
                    b.billed
                        .map_or_else(|| "not on the bill".to_owned(), |c| c.display().to_string()),
                    b.why.join("; "),
                )
            })
            .collect(),
    }
}

fn page_response(
    state: &AppState,
    status: StatusCode,
    view: Option<&MeasureView>,
    errors: &[FieldError],
    csv_text: &str,
) -> Response {
    let items: Vec<(String, String)> = errors
        .iter()
        .map(|e| {
            let anchor = e
                .field
                .as_deref()
                .filter(|f| PARTS.contains(f))
                .unwrap_or("")
                .to_owned();
            (anchor, e.message.clone())
        })
        .collect();
    let mut response = html(
        status,
        egress_render::measure::page(
            state.site(),
            view,
            &items,
            csv_text,
            state.ip_ranges.is_some(),
        ),
    );
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

/// `GET /measure`: the form.
pub async fn page_get(State(state): State<AppState>) -> Response {
    page_response(&state, StatusCode::OK, None, &[], "")
}

/// `POST /measure`: the form's upload, answered with the derivation or the errors.
pub async fn page_post(
    State(state): State<AppState>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let multipart = match multipart {
        Ok(m) => m,
        Err(r) => {
            let e = FieldError::general(format!(
                "the form must be sent as multipart/form-data: {}",
                r.body_text()
            ));
            return page_response(&state, StatusCode::BAD_REQUEST, None, &[e], "");
        }
    };
    let upload = match read_upload(multipart).await {
        Ok(u) => u,
        Err(e) => return page_response(&state, e.status, None, &e.errors, ""),
    };
    let csv_text = upload.flow_logs_csv.clone();
    match measured(&state, upload).await {
        Ok((m, _)) => page_response(&state, StatusCode::OK, Some(&view(&m)), &[], &csv_text),
        Err(e) => page_response(&state, e.status, None, &e.errors, &csv_text),
    }
}

/// The page's route limit, for the router.
pub fn page_body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(UPLOAD_MAX_BYTES)
}
