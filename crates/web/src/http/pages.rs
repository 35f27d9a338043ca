//! The HTML pages: the form, the results page (a GET permalink), its Markdown
//! twin for review documents, the stylesheet and the not-found page. Each
//! handler parses, calls the engine once and renders the result.

use super::AppState;
use super::permalink;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use egress_core::engine::{self, Comparison};
use egress_core::money::words::{Grouped, gb, human};
use egress_core::pricing::TableMeta;
use egress_core::scenario::{
    self, FIELDS, FieldErrors, FieldKind, Group, Input, QueryPairs, Scenario, instance_type_choices,
};
use std::borrow::Cow;

/// The stylesheet, compiled in so the binary serves it from anywhere.
const CSS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../static/app.css"));

/// One form field as rendered: the user's text kept as typed.
pub struct FormField {
    pub(super) name: &'static str,
    pub(super) label: &'static str,
    pub(super) unit: &'static str,
    pub(super) hint: &'static str,
    pub(super) control: &'static str,
    pub(super) placeholder: String,
    pub(super) advanced: bool,
    pub(super) value: String,
    /// For a select: (value, text) pairs.
    pub(super) choices: Vec<(String, String)>,
    pub(super) error: Option<String>,
}

/// The form's fields filled from the raw query pairs (defaults where absent)
/// with each error placed beside its field.
pub fn form_fields(
    state: &AppState,
    pairs: &[(Cow<'_, str>, Cow<'_, str>)],
    errors: Option<&FieldErrors>,
) -> Vec<FormField> {
    let defaults = Scenario::defaults(&state.table);
    inputs(state, FIELDS, &defaults, pairs, errors)
}

/// The inputs of any field table (the scenario's, the workload builder's),
/// filled from the raw query pairs, defaults from `defaults`.
pub fn inputs<T>(
    state: &AppState,
    fields: &[scenario::Field<T>],
    defaults: &T,
    pairs: &[(Cow<'_, str>, Cow<'_, str>)],
    errors: Option<&FieldErrors>,
) -> Vec<FormField> {
    let table = &state.table;
    let region = pairs
        .iter()
        .find(|(k, _)| k == "region")
        .map_or(table.meta.default_region.as_str(), |(_, v)| v.as_ref());
    fields
        .iter()
        .map(|spec| {
            let given = pairs
                .iter()
                .find(|(k, _)| k == spec.name)
                .map(|(_, v)| v.to_string());
            let blank_default = spec.blank_means_default();
            let default_text = if blank_default {
                String::new()
            } else {
                (spec.get)(defaults).to_string()
            };
            let choices = match spec.kind {
                FieldKind::Region => table
                    .regions
                    .iter()
                    .map(|r| (r.code.clone(), format!("{} — {}", r.code, r.name)))
                    .collect(),
                FieldKind::InstanceType => instance_type_choices(table, region)
                    .into_iter()
                    .map(|t| (t.to_owned(), instance_label(state, region, t)))
                    .collect(),
                _ => Vec::new(),
            };
            FormField {
                name: spec.name,
                label: spec.label,
                unit: spec.unit,
                hint: spec.hint,
                control: match spec.kind {
                    FieldKind::Region | FieldKind::InstanceType => "select",
                    FieldKind::Bool => "checkbox",
                    FieldKind::Decimal { .. } | FieldKind::Integer { .. } => "text",
                },
                placeholder: if blank_default {
                    "one per AZ".to_owned()
                } else {
                    default_text.clone()
                },
                advanced: spec.group == Group::Advanced,
                value: given.unwrap_or(default_text),
                choices,
                error: errors
                    .and_then(|e| e.for_field(spec.name))
                    .map(|e| e.message.clone()),
            }
        })
        .collect()
}

/// One GB input per known interface-endpoint service (`svc.<name>`), for
/// the form's "Traffic by service" group; empty means "not used".
pub fn service_fields(pairs: &[(Cow<'_, str>, Cow<'_, str>)]) -> Vec<FormField> {
    scenario::KNOWN_SERVICES
        .iter()
        .map(|known| {
            let name = format!("{}{}", scenario::SERVICE_PREFIX, known.name);
            let value = pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
                .unwrap_or_default();
            FormField {
                name: known.name,
                label: known.name,
                unit: "GB/month",
                hint: known.description,
                control: "text",
                placeholder: "not used".to_owned(),
                advanced: false,
                value,
                choices: Vec::new(),
                error: None,
            }
        })
        .collect()
}

/// `c6gn.medium — 1.6 Gbps sustained, $31.54/month` for the type select.
fn instance_label(state: &AppState, region: &str, name: &str) -> String {
    let table = &state.table;
    let (Some(t), Some(rate)) = (
        table.instance_type(name),
        table.region(region).and_then(|r| r.instance_hour(name)),
    ) else {
        return "auto — the cheapest type that carries the peak".to_owned();
    };
    let (sustained, _) = engine::instance_internet_gbps(t);
    let month = engine::Money::new(rate.usd * rust_decimal::Decimal::from(730u32));
    format!(
        "{name} — {} Gbps sustained, {}/month",
        human(sustained),
        month.display()
    )
}

/// The summary above the form: every error, each linking to its field.
pub struct ErrorSummary {
    /// (field id or empty, message).
    pub items: Vec<(String, String)>,
}

pub fn error_summary<T>(
    errors: Option<&FieldErrors>,
    fields: &[scenario::Field<T>],
) -> Option<ErrorSummary> {
    let errors = errors?;
    Some(ErrorSummary {
        items: errors
            .all()
            .iter()
            .map(|e| {
                let anchor = e
                    .field
                    .as_deref()
                    .filter(|f| fields.iter().any(|spec| spec.name == *f))
                    .unwrap_or("")
                    .to_owned();
                (anchor, e.message.clone())
            })
            .collect(),
    })
}

fn services_open(pairs: &[(Cow<'_, str>, Cow<'_, str>)], errors: Option<&FieldErrors>) -> bool {
    errors.is_some_and(|e| e.for_field("services").is_some())
        || pairs
            .iter()
            .any(|(k, v)| k.starts_with(scenario::SERVICE_PREFIX) && !v.is_empty())
}

fn advanced_open(pairs: &[(Cow<'_, str>, Cow<'_, str>)], errors: Option<&FieldErrors>) -> bool {
    let is_advanced =
        |name: &str| scenario::field(name).is_some_and(|f| f.group == Group::Advanced);
    errors.is_some_and(|e| {
        e.all()
            .iter()
            .any(|e| e.field.as_deref().is_some_and(is_advanced))
    }) || pairs.iter().any(|(k, v)| !v.is_empty() && is_advanced(k))
}

/// How the result templates write numbers.
pub trait Numbers {
    /// A quantity for people: GB to two places, counts whole (`13,333.33`).
    fn qty(&self, value: &rust_decimal::Decimal) -> Grouped {
        gb(*value)
    }
    /// A price or a share as given, trailing zeros dropped (`0.045`).
    fn exact(&self, value: &rust_decimal::Decimal) -> Grouped {
        human(*value)
    }
    /// An option's total, or why there is none (`$306.80`, `not priced`).
    fn money(&self, value: &Option<engine::Money>) -> String {
        value.map_or_else(|| "not priced".to_owned(), |m| m.display().to_string())
    }
}

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage<'a> {
    meta: &'a TableMeta,
    form: Vec<FormField>,
    services: Vec<FormField>,
    services_open: bool,
    errors: Option<ErrorSummary>,
    advanced_open: bool,
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage<'a> {
    meta: &'a TableMeta,
    c: &'a Comparison<'a>,
    query: String,
    base: String,
    chart: String,
    form: Vec<FormField>,
    services: Vec<FormField>,
    services_open: bool,
    errors: Option<ErrorSummary>,
    advanced_open: bool,
    /// Public subnets win with the task count at its default: the page says
    /// the price assumes that many tasks.
    public_ips_assumed: bool,
}

impl Numbers for ComparePage<'_> {}

/// Longest page title: search results and tabs cut longer ones.
pub const TITLE_MAX: usize = 60;

impl ComparePage<'_> {
    /// `Public $104.60/mo · us-east-1 · egress-planner`, without the app's
    /// name (then the region) when that would pass [`TITLE_MAX`] characters.
    fn title(&self) -> String {
        let o = self.c.cheapest_option();
        let head = format!("{} {}/mo", o.short_name, self.money(&o.monthly_cost));
        [
            format!("{head} · {} · egress-planner", self.c.region),
            format!("{head} · {}", self.c.region),
        ]
        .into_iter()
        .find(|t| t.chars().count() <= TITLE_MAX)
        .unwrap_or(head)
    }

    /// The peak through an option's NAT instances, Gbps, two places.
    fn instance_peak(&self, i: &engine::InstanceChoice) -> String {
        let peak = self.c.scenario.peak_gbps * i.share_percent / rust_decimal::Decimal::ONE_HUNDRED;
        egress_core::money::TwoPlaces(peak).to_string()
    }

    /// The scenario-wide NAT gateway verdict, unless the headline already
    /// says it word for word.
    fn nat_verdict(&self) -> Option<String> {
        let verdict = self.c.bandwidth.verdict.to_string();
        (verdict != self.c.headline_verdict()).then_some(verdict)
    }
}

#[derive(Template)]
#[template(path = "compare.md")]
struct MarkdownPage<'a> {
    c: &'a Comparison<'a>,
    query: String,
    base: String,
}

impl Numbers for MarkdownPage<'_> {}

/// A comparison as the Markdown `/compare.md` answers, its link to the
/// results page starting with `base` (empty: a relative link). The CLI's
/// `--format markdown` renders through here, so both show the same text.
pub fn markdown(
    comparison: &Comparison<'_>,
    table: &egress_core::pricing::PricingTable,
    base: &str,
) -> Result<String, askama::Error> {
    MarkdownPage {
        query: permalink::to_query(&comparison.scenario, table),
        c: comparison,
        base: base.trim_end_matches('/').to_owned(),
    }
    .render()
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    meta: &'a TableMeta,
    title: &'a str,
    message: &'a str,
}

/// Renders a template as an HTML response, or a logged 500 if rendering fails.
pub fn html(status: StatusCode, page: &impl Template) -> Response {
    super::markup::respond(status, "text/html; charset=utf-8", page)
}

/// The base of the links in pages: `--public-url`; behind a proxy trusted
/// with `--trust-forwarded`, the host and scheme it forwards; otherwise
/// empty, so links are relative. Never the Host header: any client sets it.
pub fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.web.public_url {
        return url.clone();
    }
    if state.web.trust_forwarded {
        return super::forwarded::base(headers).unwrap_or_default();
    }
    String::new()
}

/// Parses a page's query string and compares it: the one path from a page's
/// URL to the engine. Returns the raw pairs too, so a form can be re-filled
/// with what the user typed.
pub fn compare_page_query<'s, 'q>(
    state: &'s AppState,
    query: Option<&'q str>,
) -> (QueryPairs<'q>, Result<Comparison<'s>, FieldErrors>) {
    let (pairs, parsed) = parse_page_query(state, query);
    let compared = parsed.and_then(|s| {
        engine::compare(&s, &state.table)
            .map_err(|e| FieldErrors::from(scenario::FieldError::general(e.to_string())))
    });
    (pairs, compared)
}

/// Parses a page's query string.
pub fn parse_page_query<'q>(
    state: &AppState,
    query: Option<&'q str>,
) -> (QueryPairs<'q>, Result<Scenario, FieldErrors>) {
    let pairs = scenario::query_pairs(query.unwrap_or(""));
    // The form always sends the AWS API share and the endpoint count; once a
    // service's GB is filled in, they are derived from the services instead
    // (the form says so), so the page drops them rather than refusing both.
    let per_service = pairs
        .iter()
        .any(|(k, v)| k.starts_with(scenario::SERVICE_PREFIX) && !v.is_empty());
    let parsed = Scenario::parse(
        pairs
            .iter()
            .filter(|(k, _)| !(per_service && (k == "aws_percent" || k == "interface_endpoints")))
            .map(|(k, v)| (k.as_ref(), Input::Text(v.as_ref()))),
        &state.table,
    );
    (pairs, parsed)
}

fn form_page(
    state: &AppState,
    status: StatusCode,
    pairs: &[(Cow<'_, str>, Cow<'_, str>)],
    errors: Option<&FieldErrors>,
) -> Response {
    let page = IndexPage {
        meta: &state.table.meta,
        form: form_fields(state, pairs, errors),
        services: service_fields(pairs),
        services_open: services_open(pairs, errors),
        errors: error_summary(errors, FIELDS),
        advanced_open: advanced_open(pairs, errors),
    };
    html(status, &page)
}

/// `GET /`: the form with its defaults.
pub async fn index(State(state): State<AppState>) -> Response {
    form_page(&state, StatusCode::OK, &[], None)
}

/// `GET /compare?…`: the results page, or the form again with every error (422).
pub async fn compare(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let (pairs, compared) = compare_page_query(&state, query.as_deref());
    let comparison = match compared {
        Ok(c) => c,
        Err(e) => return form_page(&state, StatusCode::UNPROCESSABLE_ENTITY, &pairs, Some(&e)),
    };
    let chart = match super::embed::chart_markup(&comparison, &state.table) {
        Ok(svg) => svg,
        Err(e) => return super::markup::failed(&e),
    };
    let page = ComparePage {
        meta: &state.table.meta,
        c: &comparison,
        query: permalink::to_query(&comparison.scenario, &state.table),
        base: base_url(&state, &headers),
        chart,
        form: form_fields(&state, &pairs, None),
        services: service_fields(&pairs),
        services_open: services_open(&pairs, None),
        errors: None,
        advanced_open: advanced_open(&pairs, None),
        public_ips_assumed: comparison.cheapest == "public_subnet"
            && comparison.scenario.public_ips == Scenario::defaults(&state.table).public_ips,
    };
    html(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "error.md")]
struct MarkdownError<'a> {
    errors: &'a FieldErrors,
}

/// `GET /compare.md?…`: the ranked table and verdicts as Markdown (and a
/// bad scenario as a Markdown list of what to fix, 422).
pub async fn compare_markdown(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    const MARKDOWN: &str = "text/markdown; charset=utf-8";
    let comparison = match compare_page_query(&state, query.as_deref()).1 {
        Ok(c) => c,
        Err(e) => {
            let page = MarkdownError { errors: &e };
            return super::markup::respond(StatusCode::UNPROCESSABLE_ENTITY, MARKDOWN, &page);
        }
    };
    let page = MarkdownPage {
        query: permalink::to_query(&comparison.scenario, &state.table),
        c: &comparison,
        base: base_url(&state, &headers),
    };
    super::markup::respond(StatusCode::OK, MARKDOWN, &page)
}

/// `GET /static/app.css`.
pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        CSS,
    )
        .into_response()
}

/// The favicon, compiled in like the stylesheet.
const FAVICON: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../static/favicon.svg"
));

/// `GET /favicon.svg` and `GET /favicon.ico` (browsers ask for the latter
/// on their own; an SVG answers both).
pub async fn favicon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        FAVICON,
    )
        .into_response()
}

/// Anything else: a 404 page (JSON under `/api/`).
pub async fn not_found(State(state): State<AppState>, uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        return super::ApiError::general(
            StatusCode::NOT_FOUND,
            format!("no such endpoint: {}", uri.path()),
        )
        .into_response();
    }
    let page = ErrorPage {
        meta: &state.table.meta,
        title: "Page not found",
        message: "There is no page at this address.",
    };
    html(StatusCode::NOT_FOUND, &page)
}
