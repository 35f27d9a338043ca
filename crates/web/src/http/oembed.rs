//! oEmbed 1.0 (<https://oembed.com>): `GET /oembed?url=…` answers, for one of this service's
//! permalinks (`/compare?…` or `/embed?…`), a `rich` response whose HTML is the `/embed` iframe,
//! with the card PNG as its thumbnail. Pages point at it with `<link rel="alternate">` and an
//! HTTP `Link` header, so consumers (Slack, WordPress, Discourse, Iframely) discover it.

use super::AppState;
use super::error::ApiError;
use super::pages::{base_url, rank_page_query};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use egress_core::engine::Headline;
use egress_core::scenario::{FieldError, FieldErrors, permalink};
use egress_render::images::{CARD_PNG_HEIGHT, CARD_PNG_WIDTH};
use serde::Serialize;

/// The iframe's size when the consumer sets no bound: the embed snippet's.
const FRAME: (u32, u32) = (600, 400);

/// How long a consumer may keep the answer, seconds (the images' cache lifetime).
const CACHE_AGE: u32 = 3600;

/// A `rich` oEmbed response.
#[derive(Serialize, utoipa::ToSchema)]
pub struct OEmbed {
    /// Always `rich`.
    #[serde(rename = "type")]
    #[schema(example = "rich")]
    pub kind: &'static str,
    /// Always `1.0`.
    #[schema(example = "1.0")]
    pub version: &'static str,
    /// The cheapest option and its monthly cost, as the page's og:title.
    pub title: String,
    /// `egress-planner`.
    pub provider_name: &'static str,
    /// This service's address.
    pub provider_url: String,
    /// Seconds the consumer may cache this answer.
    pub cache_age: u32,
    /// The `/embed` iframe for the permalink.
    pub html: String,
    /// The iframe's width, within `maxwidth`.
    pub width: u32,
    /// The iframe's height, within `maxheight`.
    pub height: u32,
    /// The card PNG, when one fits within `maxwidth`/`maxheight`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumbnail_url: Option<String>,
    /// The card PNG's width.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumbnail_width: Option<u32>,
    /// The card PNG's height.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumbnail_height: Option<u32>,
}

/// What the request asked for.
struct Request {
    url: String,
    format: Option<String>,
    max_width: Option<u32>,
    max_height: Option<u32>,
}

fn parse(query: Option<&str>) -> Result<Request, ApiError> {
    let mut request = Request {
        url: String::new(),
        format: None,
        max_width: None,
        max_height: None,
    };
    let bound = |name: &str, value: &str| -> Result<Option<u32>, ApiError> {
        match value.parse::<u32>() {
            Ok(n) if n > 0 => Ok(Some(n)),
            _ => Err(ApiError {
                status: StatusCode::BAD_REQUEST,
                errors: vec![FieldError::new(
                    name,
                    format!(
                        "{name} must be a whole number of pixels above 0; got {:?}",
                        value.chars().take(20).collect::<String>()
                    ),
                )],
            }),
        }
    };
    // Unknown parameters are ignored, as oEmbed asks of providers.
    let mut url_given = false;
    for (k, v) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
        match k.as_ref() {
            "url" => {
                url_given = true;
                request.url = v.into_owned();
            }
            "format" => request.format = Some(v.into_owned()),
            "maxwidth" => request.max_width = bound("maxwidth", &v)?,
            "maxheight" => request.max_height = bound("maxheight", &v)?,
            _ => {}
        }
    }
    // An empty url is no permalink of this service: answered 404 with the others.
    if !url_given {
        return Err(ApiError {
            status: StatusCode::BAD_REQUEST,
            errors: vec![FieldError::new(
                "url",
                "url is required: the permalink of a comparison, /compare?… or /embed?…",
            )],
        });
    }
    Ok(request)
}

/// The origin (`scheme://host`) and the query of `url` when it is one of this service's
/// permalinks: on the public base URL when there is one, else on the host the request came to.
fn ours<'u>(state: &AppState, headers: &HeaderMap, url: &'u str) -> Option<(String, &'u str)> {
    let url = url.split('#').next().unwrap_or(url);
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let host_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (host, path_query) = rest.split_at(host_end);
    let origin = format!("{scheme}://{host}");
    let base = base_url(state, headers);
    let known = if base.is_empty() {
        headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .is_some_and(|h| !host.is_empty() && h.eq_ignore_ascii_case(host))
    } else {
        origin.eq_ignore_ascii_case(&base)
    };
    if !known {
        return None;
    }
    let (path, query) = path_query.split_once('?').unwrap_or((path_query, ""));
    matches!(path, "/compare" | "/embed").then_some((origin, query))
}

fn not_found(url: &str) -> ApiError {
    ApiError {
        status: StatusCode::NOT_FOUND,
        errors: vec![FieldError::new(
            "url",
            format!(
                "not a comparison on this service: {:?}; give the address of a /compare or /embed page here",
                url.chars().take(200).collect::<String>()
            ),
        )],
    }
}

/// `&`, `<`, `>` and `"` as entities, for an attribute of the iframe.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn answer(c: Headline<'_, '_>, state: &AppState, origin: &str, request: &Request) -> OEmbed {
    let query = permalink::to_query(c.scenario, &state.table);
    let title = egress_render::images::unfurl_title(c);
    let width = request.max_width.map_or(FRAME.0, |m| m.min(FRAME.0));
    let height = request.max_height.map_or(FRAME.1, |m| m.min(FRAME.1));
    let html = format!(
        "<iframe src=\"{}\" width=\"{width}\" height=\"{height}\" style=\"border:0\" title=\"egress-planner comparison\"></iframe>",
        attribute(&format!("{origin}/embed?{query}"))
    );
    // The card at the largest width within both bounds, if the PNG route can draw that.
    let fits_height = request.max_height.map_or(CARD_PNG_WIDTH, |h| {
        (u64::from(h) * u64::from(CARD_PNG_WIDTH) / u64::from(CARD_PNG_HEIGHT)) as u32
    });
    let thumb_width = CARD_PNG_WIDTH
        .min(request.max_width.unwrap_or(CARD_PNG_WIDTH))
        .min(fits_height);
    let thumbnail = super::embed::PNG_WIDTHS.contains(&thumb_width).then(|| {
        let url = if thumb_width == CARD_PNG_WIDTH {
            format!("{origin}/card.png?{query}")
        } else {
            format!("{origin}/card.png?{query}&width={thumb_width}")
        };
        let height = (u64::from(thumb_width) * u64::from(CARD_PNG_HEIGHT)
            / u64::from(CARD_PNG_WIDTH)) as u32;
        (url, thumb_width, height)
    });
    OEmbed {
        kind: "rich",
        version: "1.0",
        title,
        provider_name: "egress-planner",
        provider_url: format!("{origin}/"),
        cache_age: CACHE_AGE,
        html,
        width,
        height,
        thumbnail_width: thumbnail.as_ref().map(|t| t.1),
        thumbnail_height: thumbnail.as_ref().map(|t| t.2),
        thumbnail_url: thumbnail.map(|t| t.0),
    }
}

/// `GET /oembed?url=…&format=json&maxwidth=&maxheight=`.
#[utoipa::path(get, path = "/oembed", tag = "oembed",
    summary = "oEmbed 1.0: a comparison's permalink as an embeddable iframe",
    description = "For the address of a /compare or /embed page of this service, a `rich` oEmbed response: the /embed iframe within maxwidth × maxheight, and the 1200 × 630 card PNG (or a smaller one within the bounds) as its thumbnail. Pages advertise it with <link rel=\"alternate\" type=\"application/json+oembed\"> and a Link header.",
    params(
        ("url" = String, Query, description = "The permalink: https://<this service>/compare?… or /embed?…"),
        ("format" = Option<String>, Query, description = "`json` (the default); `xml` is answered 501", pattern = "^json$"),
        ("maxwidth" = Option<u32>, Query, description = "Largest width of the iframe and the thumbnail, pixels", minimum = 1),
        ("maxheight" = Option<u32>, Query, description = "Largest height of the iframe and the thumbnail, pixels", minimum = 1),
    ),
    responses(
        (status = 200, description = "The rich oEmbed response", body = OEmbed),
        (status = 400, description = "url is missing, or maxwidth/maxheight is not a positive whole number", body = super::error::ErrorBody<'static>),
        (status = 404, description = "url is not a comparison on this service", body = super::error::ErrorBody<'static>),
        (status = 422, description = "The permalink's scenario is not valid, or format is neither json nor xml; `field` names what to fix", body = super::error::ErrorBody<'static>),
        (status = 501, description = "A format other than json was asked for", body = super::error::ErrorBody<'static>),
    ))]
pub async fn oembed(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let request = match parse(query.as_deref()) {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    // oEmbed's other format, XML, is not implemented (501, as the spec says); anything else is
    // no format at all.
    if let Some(format) = request.format.as_deref().filter(|f| *f != "json") {
        return ApiError {
            status: if format == "xml" {
                StatusCode::NOT_IMPLEMENTED
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            },
            errors: vec![FieldError::new(
                "format",
                format!(
                    "only format=json is answered; got {:?}",
                    format.chars().take(20).collect::<String>()
                ),
            )],
        }
        .into_response();
    }
    let Some((origin, page_query)) = ours(&state, &headers, &request.url) else {
        return not_found(&request.url).into_response();
    };
    let ranking = match rank_page_query(&state, Some(page_query)) {
        Ok(ranking) => ranking,
        Err(e) => return unprocessable(&e),
    };
    let answer = answer(ranking.headline(), &state, &origin, &request);
    let mut response = super::api::json(StatusCode::OK, &answer);
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

/// A bad scenario in the permalink: 422 with the API's error body.
fn unprocessable(errors: &FieldErrors) -> Response {
    ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        errors: errors.all().to_vec(),
    }
    .into_response()
}

/// The `Link` header that points oEmbed consumers at `/oembed` for a comparison page, when the
/// service knows its public address (oEmbed addresses are absolute).
pub fn link_header(
    c: Headline<'_, '_>,
    state: &AppState,
    headers: &HeaderMap,
) -> Option<HeaderValue> {
    let base = base_url(state, headers);
    if base.is_empty() {
        return None;
    }
    let query = permalink::to_query(c.scenario, &state.table);
    let links = egress_render::images::unfurl_links(&query, &base)?;
    HeaderValue::from_str(&format!(
        "<{}>; rel=\"alternate\"; type=\"application/json+oembed\"",
        links.oembed
    ))
    .ok()
}
