//! Views for wikis over HTTP: the chrome-less `/embed` page for iframes, and the `/chart.svg` and
//! `/card.svg` images. They may be framed by the configured origins; the SVGs carry a strict CSP
//! and an ETag so wiki page views are cheap.

use super::AppState;
use super::markup::{failed, html, problem};
use super::pages::{base_url, compare_page_query, parse_page_query};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use egress_core::engine::{self, Comparison};
use egress_core::scenario::{FieldError, FieldErrors, Scenario, permalink};
use egress_render::problem::Face;
use std::hash::{Hash, Hasher};

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
        Ok(c) => html(
            StatusCode::OK,
            egress_render::embed::page(&c, &state.table, &base_url(&state, &headers)),
        ),
        Err(e) => problem(StatusCode::UNPROCESSABLE_ENTITY, &e, Face::Embed),
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
    body: Result<String, egress_render::Error>,
    etag: Option<String>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(e) => return failed(&e),
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
    draw: impl FnOnce(&Comparison<'_>) -> Result<String, egress_render::Error>,
) -> Response {
    let scenario = match parse_page_query(state, query).1 {
        Ok(s) => s,
        Err(e) => return svg_error(state, &e),
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
            return svg_error(state, &FieldErrors::from(FieldError::from(e)));
        }
    };
    svg_response(state, StatusCode::OK, body, Some(tag))
}

/// A bad scenario as an image that says what to fix (422), with the images' policy.
fn svg_error(state: &AppState, errors: &FieldErrors) -> Response {
    let mut response = problem(StatusCode::UNPROCESSABLE_ENTITY, errors, Face::Svg);
    let h = response.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, csp(state, SVG_POLICY));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /chart.svg?…`: monthly cost against monthly traffic.
pub async fn chart_svg(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let table = state.table.clone();
    image(&state, &headers, query.as_deref(), "chart", |c| {
        egress_render::images::chart(c, &table)
    })
}

/// `GET /card.svg?…`: the ranked comparison as an image.
pub async fn card_svg(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    image(
        &state,
        &headers,
        query.as_deref(),
        "card",
        egress_render::images::card,
    )
}
