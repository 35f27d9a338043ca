//! The HTML pages: the form, the results page (a GET permalink), its Markdown
//! twin for review documents, the stylesheet and the not-found page. Each
//! handler parses, calls the engine once and renders the result.

use super::AppState;
use crate::engine::{self, Comparison};
use crate::money::{Grouped, human, two_places};
use crate::pricing::{Region, TableMeta};
use crate::scenario::{self, Empty, FIELDS, FieldError, FieldKind, Input, QueryPairs, Scenario};
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_decimal::Decimal;
use std::borrow::Cow;

/// The stylesheet, compiled in so the binary serves it from anywhere.
const CSS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/static/app.css"));

/// One form field as rendered: the user's text kept as typed.
pub struct FormField {
    name: &'static str,
    label: &'static str,
    unit: &'static str,
    hint: &'static str,
    control: &'static str,
    placeholder: &'static str,
    advanced: bool,
    value: String,
    error: Option<String>,
}

/// The form's fields filled from the raw query pairs (defaults where absent)
/// with `error` placed beside its field.
pub fn form_fields(
    pairs: &[(Cow<'_, str>, Cow<'_, str>)],
    error: Option<&FieldError>,
) -> Vec<FormField> {
    FIELDS
        .iter()
        .map(|spec| {
            let given = pairs
                .iter()
                .find(|(k, _)| k == spec.name)
                .map(|(_, v)| v.to_string());
            FormField {
                name: spec.name,
                label: spec.label,
                unit: spec.unit,
                hint: spec.hint,
                control: match spec.kind {
                    FieldKind::Region => "select",
                    FieldKind::Bool => "checkbox",
                    FieldKind::Decimal { .. } | FieldKind::Integer { .. } => "text",
                },
                placeholder: if spec.name == "nat_gateways" {
                    "one per AZ"
                } else {
                    spec.default
                },
                advanced: spec.advanced,
                value: given.unwrap_or_else(|| spec.default.to_owned()),
                error: error
                    .filter(|e| e.field.as_deref() == Some(spec.name))
                    .map(|e| e.message.clone()),
            }
        })
        .collect()
}

/// The message to show above the form when no field of the form is at fault.
fn form_error(error: Option<&FieldError>) -> Option<String> {
    let error = error?;
    Some(match error.field.as_deref().and_then(scenario::field) {
        // The message itself sits beside the field; the summary says where to look.
        Some(spec) => format!("Please correct “{}” below.", spec.label),
        None => error.message.clone(),
    })
}

fn advanced_open(pairs: &[(Cow<'_, str>, Cow<'_, str>)], error: Option<&FieldError>) -> bool {
    let is_advanced = |name: &str| scenario::field(name).is_some_and(|f| f.advanced);
    error
        .and_then(|e| e.field.as_deref())
        .is_some_and(is_advanced)
        || pairs.iter().any(|(k, v)| !v.is_empty() && is_advanced(k))
}

/// Decimal formatting helpers shared by the result templates.
pub trait Figures {
    /// A quantity for people: `12,000`, `0.5`.
    fn qty(&self, value: &Decimal) -> Grouped {
        human(*value)
    }
    /// A GB figure with two places and separators: `1,251.43`.
    fn gb(&self, value: &Decimal) -> Grouped {
        two_places(*value)
    }
}

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage<'a> {
    meta: &'a TableMeta,
    regions: &'a [Region],
    form: Vec<FormField>,
    form_error: Option<String>,
    advanced_open: bool,
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage<'a> {
    meta: &'a TableMeta,
    regions: &'a [Region],
    c: &'a Comparison<'a>,
    query: String,
    base: String,
    form: Vec<FormField>,
    form_error: Option<String>,
    advanced_open: bool,
}

impl Figures for ComparePage<'_> {}

#[derive(Template)]
#[template(path = "compare.md")]
struct MarkdownPage<'a> {
    c: &'a Comparison<'a>,
    query: String,
    base: String,
}

impl Figures for MarkdownPage<'_> {}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    meta: &'a TableMeta,
    title: &'a str,
    message: &'a str,
}

/// Output buffer for an HTML page: a results page is about 23 KB.
const PAGE_CAPACITY: usize = 32 * 1024;

/// Renders a template as an HTML response, or a logged 500 if rendering fails.
pub fn html(status: StatusCode, page: &impl Template) -> Response {
    super::markup::respond(status, "text/html; charset=utf-8", page, PAGE_CAPACITY)
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

/// Parses a page's query string (blank fields mean "default") and compares
/// it: the one path from a page's URL to the engine. Returns the raw pairs too,
/// so a form can be re-filled with what the user typed.
pub fn compare_page_query<'s, 'q>(
    state: &'s AppState,
    query: Option<&'q str>,
) -> (QueryPairs<'q>, Result<Comparison<'s>, FieldError>) {
    let (pairs, parsed) = parse_page_query(state, query);
    let compared = parsed.and_then(|s| Ok(engine::compare(&s, &state.table)?));
    (pairs, compared)
}

/// Parses a page's query string (blank fields mean "default").
pub fn parse_page_query<'q>(
    state: &AppState,
    query: Option<&'q str>,
) -> (QueryPairs<'q>, Result<Scenario, FieldError>) {
    let pairs = scenario::query_pairs(query.unwrap_or(""));
    let parsed = Scenario::parse(
        pairs
            .iter()
            .map(|(k, v)| (k.as_ref(), Input::Text(v.as_ref()))),
        &state.table,
        Empty::Default,
    );
    (pairs, parsed)
}

fn form_page(
    state: &AppState,
    status: StatusCode,
    pairs: &[(Cow<'_, str>, Cow<'_, str>)],
    error: Option<&FieldError>,
) -> Response {
    let page = IndexPage {
        meta: &state.table.meta,
        regions: &state.table.regions,
        form: form_fields(pairs, error),
        form_error: form_error(error),
        advanced_open: advanced_open(pairs, error),
    };
    html(status, &page)
}

/// `GET /`: the form with its defaults.
pub async fn index(State(state): State<AppState>) -> Response {
    form_page(&state, StatusCode::OK, &[], None)
}

/// `GET /compare?…`: the results page, or the form again with the error (422).
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
    let page = ComparePage {
        meta: &state.table.meta,
        regions: &state.table.regions,
        c: &comparison,
        query: comparison.scenario.to_query(),
        base: base_url(&state, &headers),
        form: form_fields(&pairs, None),
        form_error: None,
        advanced_open: advanced_open(&pairs, None),
    };
    html(StatusCode::OK, &page)
}

/// `GET /compare.md?…`: the ranked table and verdicts as Markdown.
pub async fn compare_markdown(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let comparison = match compare_page_query(&state, query.as_deref()).1 {
        Ok(c) => c,
        Err(e) => return super::ApiError::from(e).into_response(),
    };
    let page = MarkdownPage {
        c: &comparison,
        query: comparison.scenario.to_query(),
        base: base_url(&state, &headers),
    };
    super::markup::respond(
        StatusCode::OK,
        "text/markdown; charset=utf-8",
        &page,
        4 * 1024,
    )
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
