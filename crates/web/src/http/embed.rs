//! Views for wikis: the chrome-less `/embed` page for iframes, and the
//! `/chart.svg` and `/card.svg` images. They may be framed by the configured
//! origins; the SVGs carry a strict CSP and an ETag so wiki page views are cheap.

use super::chart::{self, Chart};
use super::pages::{Numbers, base_url, compare_page_query, html, parse_page_query};
use super::{AppState, markup, permalink};
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use egress_core::engine::{self, Comparison};
use egress_core::pricing::PricingTable;
use egress_core::scenario::{FieldErrors, Scenario};
use std::hash::{Hash, Hasher};

#[derive(Template)]
#[template(path = "embed.html")]
struct EmbedPage<'a> {
    c: &'a Comparison<'a>,
    query: String,
    base: String,
}

impl Numbers for EmbedPage<'_> {}

#[derive(Template)]
#[template(path = "embed_error.html")]
struct EmbedError<'a> {
    errors: &'a FieldErrors,
}

#[derive(Template)]
#[template(path = "chart.svg")]
struct ChartSvg<'a> {
    chart: &'a Chart,
    width: u32,
    height: u32,
}

#[derive(Template)]
#[template(path = "card.svg")]
struct CardSvg<'a> {
    c: &'a Comparison<'a>,
    subtitle: Vec<String>,
    rows_top: usize,
    verdict: Vec<String>,
    verdict_top: usize,
    height: usize,
}

impl Numbers for CardSvg<'_> {}

#[derive(Template)]
#[template(path = "error.svg")]
struct ErrorSvg {
    lines: Vec<String>,
}

fn csp(state: &AppState, rest: &str) -> HeaderValue {
    let value = format!("{rest}; frame-ancestors {}", state.web.frame_ancestors);
    HeaderValue::from_str(&value)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'; frame-ancestors 'self'"))
}

/// How long caches may keep an image (its ETag revalidates it after).
const IMAGE_CACHE: &str = "public, max-age=3600";

/// The policy for the SVG images: nothing may load, inline styles only.
const SVG_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'";

/// The policy for the embed page: its own stylesheet, nothing else.
const EMBED_POLICY: &str =
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'";

/// `GET /embed?…`: the compact view for iframes.
pub async fn embed(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let mut response = match compare_page_query(&state, query.as_deref()).1 {
        Ok(c) => {
            let page = EmbedPage {
                c: &c,
                query: permalink::to_query(&c.scenario, &state.table),
                base: base_url(&state, &headers),
            };
            html(StatusCode::OK, &page)
        }
        Err(e) => html(StatusCode::UNPROCESSABLE_ENTITY, &EmbedError { errors: &e }),
    };
    response
        .headers_mut()
        .insert(header::CONTENT_SECURITY_POLICY, csp(&state, EMBED_POLICY));
    response
}

/// A strong validator for an image: same scenario, table and build → same bytes.
fn etag(kind: &str, scenario: &Scenario, state: &AppState) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (kind, &state.table.meta.version, env!("CARGO_PKG_VERSION")).hash(&mut hasher);
    permalink::fingerprint(scenario, &mut hasher);
    format!("\"{:016x}\"", hasher.finish())
}

fn svg_response(
    state: &AppState,
    status: StatusCode,
    body: Result<String, askama::Error>,
    etag: Option<String>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(e) => return markup::failed(&e),
    };
    let mut response = (status, body).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("image/svg+xml"),
    );
    h.insert(header::CONTENT_SECURITY_POLICY, csp(state, SVG_POLICY));
    if let Some(tag) = etag.and_then(|t| HeaderValue::from_str(&t).ok()) {
        h.insert(header::ETAG, tag);
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMAGE_CACHE));
    } else {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Answers an image request: parse, check the ETag, then draw.
fn image(
    state: &AppState,
    headers: &HeaderMap,
    query: Option<&str>,
    kind: &str,
    draw: impl FnOnce(&Comparison<'_>) -> Result<String, askama::Error>,
) -> Response {
    let scenario = match parse_page_query(state, query).1 {
        Ok(s) => s,
        Err(e) => {
            let body = ErrorSvg {
                lines: chart::wrap(&e.to_string(), 90),
            }
            .render();
            return svg_response(state, StatusCode::UNPROCESSABLE_ENTITY, body, None);
        }
    };
    let tag = etag(kind, &scenario, state);
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    if matches {
        // A 304 carries the headers the image would (RFC 9110 §15.4.5): its
        // framing policy and caching, not the pages' defaults.
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        let h = response.headers_mut();
        if let Ok(value) = HeaderValue::from_str(&tag) {
            h.insert(header::ETAG, value);
        }
        h.insert(header::CONTENT_SECURITY_POLICY, csp(state, SVG_POLICY));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMAGE_CACHE));
        return response;
    }
    let body = match engine::compare(&scenario, &state.table) {
        Ok(c) => draw(&c),
        Err(e) => {
            let body = ErrorSvg {
                lines: chart::wrap(&e.to_string(), 90),
            }
            .render();
            return svg_response(state, StatusCode::UNPROCESSABLE_ENTITY, body, None);
        }
    };
    svg_response(state, StatusCode::OK, body, Some(tag))
}

/// The chart of a comparison as SVG markup (the image, and inline on the results page).
pub fn chart_markup(c: &Comparison<'_>, table: &PricingTable) -> Result<String, askama::Error> {
    let chart = chart::build(c, table).map_err(|e| askama::Error::Custom(Box::new(e)))?;
    // About 9–12 KB, with every option drawn and its crossings labelled.
    super::markup::render(
        &ChartSvg {
            chart: &chart,
            width: chart::WIDTH,
            height: chart::HEIGHT,
        },
        16 * 1024,
    )
}

/// `GET /chart.svg?…`: monthly cost against monthly traffic.
pub async fn chart_svg(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let table = state.table.clone();
    image(&state, &headers, query.as_deref(), "chart", |c| {
        chart_markup(c, &table)
    })
}

/// `GET /card.svg?…`: the ranked comparison as an image.
pub async fn card_svg(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    image(&state, &headers, query.as_deref(), "card", |c| {
        let verdict = chart::wrap(&c.headline_verdict(), 86);
        let subtitle = chart::wrap(&c.scenario.summary().to_string(), 96);
        // One 28-unit row per option under the header, then the verdict.
        let rows_top = 76 + subtitle.len() * 16;
        let verdict_top = rows_top + 8 + c.options.len() * 28 + 22;
        let height = verdict_top + verdict.len() * 18 + 24;
        let svg = CardSvg {
            c,
            subtitle,
            rows_top,
            verdict,
            verdict_top,
            height,
        };
        super::markup::render(&svg, 8 * 1024)
    })
}
