//! The HTML pages over HTTP: the form, the results page (a GET permalink), its Markdown twin for
//! review documents, the stylesheet, the favicon and the not-found page. Each handler parses,
//! calls the engine once and hands the comparison to `egress_render`.

use super::AppState;
use super::markup::{html, problem, respond};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use egress_core::engine::{self, Comparison, EngineError, Ranking};
use egress_core::scenario::{self, FieldErrors, QueryPairs, Scenario};
use egress_render::problem::Face;

/// The stylesheet, compiled in so the binary serves it from anywhere.
const CSS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../static/app.css"));

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
    let compared = parsed.and_then(|s| engine::compare(&s, &state.table).map_err(unanswerable));
    (pairs, compared)
}

/// Parses a page's query string and works out its comparison's headline alone: what the embed,
/// the cards, the chart and oEmbed show.
pub fn rank_page_query<'s>(
    state: &'s AppState,
    query: Option<&str>,
) -> Result<Ranking<'s>, FieldErrors> {
    let scenario = parse_page_query(state, query).1?;
    engine::rank(&scenario, &state.table).map_err(unanswerable)
}

/// A scenario the engine could not answer, as the field it names.
pub fn unanswerable(e: EngineError) -> FieldErrors {
    FieldErrors::from(scenario::FieldError::from(e))
}

/// Parses a page's query string.
pub fn parse_page_query<'q>(
    state: &AppState,
    query: Option<&'q str>,
) -> (QueryPairs<'q>, Result<Scenario, FieldErrors>) {
    let pairs = scenario::query_pairs(query.unwrap_or(""));
    let parsed = Scenario::from_pairs(&pairs, &state.table);
    (pairs, parsed)
}

/// `GET /`: the form with its defaults, or filled from a scenario's query string (the results
/// page's "Change the scenario" link). What the query holds is only put back in the fields:
/// it is checked when the form is sent to `/compare`.
pub async fn index(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let pairs = scenario::query_pairs(query.as_deref().unwrap_or(""));
    html(
        StatusCode::OK,
        egress_render::pages::index(state.site(), &state.table, &pairs, None),
    )
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
        Err(e) => {
            let face = Face::Form {
                site: state.site(),
                table: &state.table,
                pairs: &pairs,
            };
            return problem(StatusCode::UNPROCESSABLE_ENTITY, &e, face);
        }
    };
    let base = base_url(&state, &headers);
    let mut response = html(
        StatusCode::OK,
        egress_render::pages::compare(state.site(), &state.table, &comparison, &base),
    );
    // oEmbed discovery for consumers that read headers only.
    if let Some(link) = super::oembed::link_header(comparison.headline(), &state, &headers) {
        response.headers_mut().insert(header::LINK, link);
    }
    response
}

/// `GET /compare.md?…`: the ranked table and verdicts as Markdown (and a
/// bad scenario as a Markdown list of what to fix, 422).
pub async fn compare_markdown(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let comparison = match compare_page_query(&state, query.as_deref()).1 {
        Ok(c) => c,
        Err(e) => return problem(StatusCode::UNPROCESSABLE_ENTITY, &e, Face::Markdown),
    };
    let base = base_url(&state, &headers);
    respond(
        StatusCode::OK,
        "text/markdown; charset=utf-8",
        egress_render::markdown(&comparison, &state.table, &base),
    )
}

/// `GET /decision.md?…&chosen=<option id>`: an architecture decision record
/// (MADR) for the chosen option, filled from the comparison; 422 naming
/// `chosen` when it is missing or names no option.
pub async fn decision_record(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let mut pairs = scenario::query_pairs(query.as_deref().unwrap_or(""));
    let chosen: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "chosen")
        .map(|(_, v)| v.to_string())
        .collect();
    pairs.retain(|(k, _)| k != "chosen");
    let comparison = match Scenario::from_pairs(&pairs, &state.table).and_then(|s| {
        engine::compare(&s, &state.table)
            .map_err(|e| FieldErrors::from(scenario::FieldError::general(e.to_string())))
    }) {
        Ok(c) => c,
        Err(e) => return problem(StatusCode::UNPROCESSABLE_ENTITY, &e, Face::Markdown),
    };
    let ids = || {
        comparison
            .options
            .iter()
            .map(|o| o.id)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let refuse = |message: String| {
        problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            &FieldErrors::from(scenario::FieldError::new("chosen", message)),
            Face::Markdown,
        )
    };
    let chosen = match chosen.as_slice() {
        [one] if comparison.option(one).is_some() => one,
        [one] => {
            return refuse(format!(
                "The chosen option {} is not one of the options: {}",
                scenario::shown(one),
                ids()
            ));
        }
        [] => {
            return refuse(format!(
                "The chosen option is missing: name the option the record decides for, one of {}",
                ids()
            ));
        }
        _ => return refuse("The chosen option is given more than once: give it once".to_owned()),
    };
    let base = base_url(&state, &headers);
    match egress_render::decision_record(&comparison, &state.table, chosen, &base) {
        Ok(text) => respond(
            StatusCode::OK,
            "text/markdown; charset=utf-8",
            Ok::<String, egress_render::Error>(text),
        ),
        Err(e) => refuse(e.to_string()),
    }
}

/// `GET /pricing?region=…`: one region's prices with their sources, assumed ones first.
pub async fn pricing(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let pairs = scenario::query_pairs(query.as_deref().unwrap_or(""));
    let region = pairs
        .iter()
        .find(|(k, _)| k == "region")
        .map_or(state.table.meta.default_region.as_str(), |(_, v)| {
            v.as_ref()
        })
        .trim()
        .to_ascii_lowercase();
    // An unknown region is answered 404 with the default region's prices and a sentence saying so.
    let status = if state.table.region(&region).is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    html(
        status,
        egress_render::provenance::page(state.site(), &state.table, &region),
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
    html(
        StatusCode::NOT_FOUND,
        egress_render::pages::message(
            state.site(),
            "Page not found",
            "There is no page at this address.",
        ),
    )
}
