//! Views for wikis over HTTP: the chrome-less `/embed` page for iframes, and the `/chart.svg` and
//! `/card.svg` images. They may be framed by the configured origins; the SVGs carry a strict CSP
//! and an ETag so wiki page views are cheap.

use super::AppState;
use super::markup::{failed, html, problem};
use super::pages::{base_url, parse_page_query, rank_page_query, unanswerable};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use egress_core::engine::{self, Headline};
use egress_core::scenario::{FieldError, FieldErrors, Scenario, permalink};
use egress_render::chart::Layout;
use egress_render::problem::Face;
use std::borrow::Cow;
use std::hash::{Hash, Hasher};

/// The Content-Security-Policy headers of the embeddable answers for the configured frame
/// ancestors, written once: every embed and image answer carries one.
#[derive(Debug, Clone)]
pub struct Policies {
    /// The embed page's.
    embed: HeaderValue,
    /// The SVG and PNG images' (and their errors and 304s).
    image: HeaderValue,
}

impl Policies {
    /// The policies letting `frame_ancestors` (CSP sources, space-separated) frame the answers.
    pub fn new(frame_ancestors: &str) -> Policies {
        let csp = |rest: &str| {
            HeaderValue::from_str(&format!("{rest}; frame-ancestors {frame_ancestors}"))
                .unwrap_or_else(|_| {
                    HeaderValue::from_static("default-src 'none'; frame-ancestors 'self'")
                })
        };
        Policies {
            embed: csp(EMBED_POLICY),
            image: csp(SVG_POLICY),
        }
    }
}

fn image_policy(state: &AppState) -> HeaderValue {
    state.web.policies.image.clone()
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
    let mut response = match rank_page_query(&state, query.as_deref()) {
        Ok(ranking) => {
            let c = ranking.headline();
            let mut response = html(
                StatusCode::OK,
                egress_render::embed::page(c, &state.table, &base_url(&state, &headers)),
            );
            if let Some(link) = super::oembed::link_header(c, &state, &headers) {
                response.headers_mut().insert(header::LINK, link);
            }
            response
        }
        Err(e) => problem(StatusCode::UNPROCESSABLE_ENTITY, &e, Face::Embed),
    };
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        state.web.policies.embed.clone(),
    );
    response
}

/// A weak validator for an image: same scenario, table and build → the same image. Weak because
/// its plain and gzip bodies carry the same tag, and a strong tag names one body's exact bytes
/// (RFC 9110 §8.8.3.3); `If-None-Match` compares tags weakly (§13.1.2), so revalidation is as
/// before.
fn etag(kind: &str, scenario: &Scenario, state: &AppState) -> String {
    // The scenario's bytes gathered and hashed at once: a streaming hasher's work per piece
    // cost more than the rest of the card's headers.
    let mut bytes = Gathered(Vec::with_capacity(512));
    (kind, &state.table.meta.version, env!("CARGO_PKG_VERSION")).hash(&mut bytes);
    permalink::fingerprint(scenario, &mut bytes);
    let hash = bytes.finish();
    let mut tag = String::with_capacity(20);
    tag.push_str("W/\"");
    for shift in (0..16).rev() {
        tag.push(char::from(
            b"0123456789abcdef"[(hash >> (shift * 4)) as usize & 0xf],
        ));
    }
    tag.push('"');
    tag
}

/// The bytes handed to a [`Hasher`], kept to be hashed at once.
struct Gathered(Vec<u8>);

impl Hasher for Gathered {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        twox_hash::XxHash64::oneshot(0, &self.0)
    }
}

/// Whether the request's `If-None-Match` names `tag` (or `*`): the client has the image. Tags
/// compare weakly (RFC 9110 §13.1.2): `W/"x"` and `"x"` are the same tag here.
pub fn etag_matches(headers: &HeaderMap, tag: &str) -> bool {
    let tag = tag.strip_prefix("W/").unwrap_or(tag);
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .map(str::trim)
                .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == tag)
        })
}

/// What an image route answers in: the SVG, or the PNG drawn from it for link unfurls.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Svg,
    Png,
}

impl Format {
    fn content_type(self) -> &'static str {
        match self {
            Format::Svg => "image/svg+xml",
            Format::Png => "image/png",
        }
    }
}

/// An image response with the images' policy and caching (an ETag, or `no-store` without one).
fn image_response(
    state: &AppState,
    status: StatusCode,
    format: Format,
    body: Result<Vec<u8>, egress_render::Error>,
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
        HeaderValue::from_static(format.content_type()),
    );
    h.insert(header::CONTENT_SECURITY_POLICY, image_policy(state));
    if let Some(tag) = etag.and_then(|t| HeaderValue::from_str(&t).ok()) {
        h.insert(header::ETAG, tag);
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMAGE_CACHE));
    } else {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Answers an image request: parse, check the ETag, then draw. `kind` names the image and its
/// size in the ETag.
fn image(
    state: &AppState,
    headers: &HeaderMap,
    query: Option<&str>,
    kind: &str,
    format: Format,
    draw: impl FnOnce(Headline<'_, '_>) -> Result<Vec<u8>, egress_render::Error>,
) -> Response {
    let scenario = match parse_page_query(state, query).1 {
        Ok(s) => s,
        Err(e) => return image_error(state, &e, format),
    };
    let tag = etag(kind, &scenario, state);
    if etag_matches(headers, &tag) {
        // A 304 carries the headers the image would (RFC 9110 §15.4.5): its
        // framing policy and caching, not the pages' defaults.
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        let h = response.headers_mut();
        if let Ok(value) = HeaderValue::from_str(&tag) {
            h.insert(header::ETAG, value);
        }
        h.insert(header::CONTENT_SECURITY_POLICY, image_policy(state));
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMAGE_CACHE));
        return response;
    }
    let body = match engine::rank(&scenario, &state.table) {
        Ok(ranking) => draw(ranking.headline()),
        Err(e) => return image_error(state, &unanswerable(e), format),
    };
    image_response(state, StatusCode::OK, format, body, Some(tag))
}

/// A bad scenario as an image that says what to fix (422), with the images' policy: the
/// error SVG, or that SVG drawn as a PNG (an unfurler shows the PNG, not a broken image).
fn image_error(state: &AppState, errors: &FieldErrors, format: Format) -> Response {
    let mut response = match format {
        Format::Svg => problem(StatusCode::UNPROCESSABLE_ENTITY, errors, Face::Svg),
        Format::Png => {
            let png = egress_render::problem::render_errors(errors, Face::Svg).and_then(|r| {
                egress_render::png::from_svg(
                    &r.body,
                    egress_render::png::Size::Width(ERROR_PNG_WIDTH),
                )
                .map_err(egress_render::Error::from)
            });
            image_response(state, StatusCode::UNPROCESSABLE_ENTITY, format, png, None)
        }
    };
    let h = response.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, image_policy(state));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// How wide the PNG of an error is (its SVG is 640 units wide).
const ERROR_PNG_WIDTH: u32 = 1200;

/// Widths `/chart.png` and `/card.png` draw at, pixels.
pub const PNG_WIDTHS: std::ops::RangeInclusive<u32> = 400..=2000;

/// The query without its `name` pairs (a view's own parameter, not a scenario field), and what
/// `parse` makes of the one given: `default` when none is, an error naming `name` when `parse`
/// refuses it (its message) or it is given twice. The query is borrowed when `name` is absent,
/// as it nearly always is.
fn split_param<'q, T>(
    query: Option<&'q str>,
    name: &'static str,
    default: T,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> (Cow<'q, str>, Result<T, FieldErrors>) {
    let query = query.unwrap_or("");
    let is_name = |pair: &&str| pair.split_once('=').map_or(*pair, |(k, _)| k) == name;
    if !query.split('&').any(|pair| is_name(&pair)) {
        return (Cow::Borrowed(query), Ok(default));
    }
    let (given, rest): (Vec<&str>, Vec<&str>) = query.split('&').partition(is_name);
    let value = match given.as_slice() {
        [one] => parse(one.split_once('=').map_or("", |(_, v)| v)),
        _ => Err(format!("{name} is given more than once")),
    };
    let value = value.map_err(|message| FieldErrors::from(FieldError::new(name, message)));
    (Cow::Owned(rest.join("&")), value)
}

/// A PNG width in [`PNG_WIDTHS`], or the message naming `width`.
fn parse_width(value: &str) -> Result<u32, String> {
    match value.parse::<u32>() {
        Ok(w) if PNG_WIDTHS.contains(&w) => Ok(w),
        _ => Err(format!(
            "width must be a whole number of pixels from {} to {}; got {:?}",
            PNG_WIDTHS.start(),
            PNG_WIDTHS.end(),
            value.chars().take(20).collect::<String>()
        )),
    }
}

/// A chart layout (`wide` or `narrow`), or the message naming `layout`.
fn parse_layout(value: &str) -> Result<Layout, String> {
    Layout::parse(value).ok_or_else(|| {
        format!(
            "layout must be wide or narrow; got {:?}",
            value.chars().take(20).collect::<String>()
        )
    })
}

/// The chart's layout from the query (wide when it names none), and the query without it.
fn split_layout(query: Option<&str>) -> (Cow<'_, str>, Result<Layout, FieldErrors>) {
    split_param(query, Layout::PARAMETER, Layout::Wide, parse_layout)
}

/// Takes the chart's layout out of the query and answers with `draw` on the rest; a bad layout
/// is answered with a 422 image in `format` naming `layout`.
fn with_layout(
    state: &AppState,
    query: Option<&str>,
    format: Format,
    draw: impl FnOnce(&str, Layout) -> Response,
) -> Response {
    match split_layout(query) {
        (rest, Ok(layout)) => draw(&rest, layout),
        (_, Err(e)) => image_error(state, &e, format),
    }
}

/// What the cache and the ETag call a chart in `layout`.
fn chart_kind(layout: Layout) -> &'static str {
    match layout {
        Layout::Wide => "chart",
        Layout::Narrow => "chart:narrow",
    }
}

/// A PNG route: the width first (a bad one is a 422 PNG naming `width`), then the image.
fn png_image(
    state: &AppState,
    headers: &HeaderMap,
    query: Option<&str>,
    kind: &str,
    default_width: u32,
    draw: impl FnOnce(Headline<'_, '_>, u32) -> Result<Vec<u8>, egress_render::Error>,
) -> Response {
    let (rest, width) = split_param(query, "width", default_width, parse_width);
    let width = match width {
        Ok(w) => w,
        Err(e) => return image_error(state, &e, Format::Png),
    };
    let kind = format!("{kind}.png:{width}");
    image(state, headers, Some(&rest), &kind, Format::Png, |c| {
        draw(c, width)
    })
}

/// `GET /chart.svg?…[&layout=narrow]`: monthly cost against monthly traffic, 720 units wide, or
/// 360 for a phone.
pub async fn chart_svg(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    with_layout(&state, query.as_deref(), Format::Svg, |rest, layout| {
        image(
            &state,
            &headers,
            Some(rest),
            chart_kind(layout),
            Format::Svg,
            |c| egress_render::images::chart(c, &state.table, layout).map(String::into_bytes),
        )
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
        Format::Svg,
        |c| egress_render::images::card(c).map(String::into_bytes),
    )
}

/// What both PNG routes answer, as [`png_image`] answers for either.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // described in the OpenAPI document, never built
enum PngAnswers {
    #[response(status = 200, description = "The image", content_type = "image/png")]
    Image,
    #[response(
        status = 304,
        description = "Not modified (If-None-Match matched the ETag)"
    )]
    NotModified,
    #[response(
        status = 422,
        description = "A bad scenario or width, as a PNG of the error text",
        content_type = "image/png"
    )]
    Refused,
}

/// The width both PNG routes take, as [`parse_width`] reads it.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // described in the OpenAPI document, never built
struct PngWidth {
    /// Width in pixels, 400 to 2000
    // Left out, it takes the route's default: a query has no null.
    #[param(minimum = 400, maximum = 2000, nullable = false)]
    width: Option<u32>,
}

/// `GET /chart.png?…&width=`: the chart as a PNG, drawn from the SVG `/chart.svg` serves.
#[utoipa::path(get, path = "/chart.png", tag = "images",
    summary = "The cost-against-traffic chart as a PNG",
    description = "Takes the scenario as query parameters, as /compare does, `width` in pixels (400 to 2000, default 1200) and `layout`; the height follows the chart's proportions. Drawn from the same SVG as /chart.svg (with the same `layout`), with an ETag.",
    params(
        PngWidth,
        ("layout" = Option<String>, Query, description = "`wide` (720 units, the default) or `narrow` (360 units, for a phone)", pattern = "^(wide|narrow)$"),
    ),
    responses(PngAnswers))]
pub async fn chart_png(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    blocking(move || {
        with_layout(&state, query.as_deref(), Format::Png, |rest, layout| {
            png_image(
                &state,
                &headers,
                Some(rest),
                chart_kind(layout),
                1200,
                |c, width| egress_render::images::chart_png(c, &state.table, layout, width),
            )
        })
    })
    .await
}

/// `GET /card.png?…`: the ranked comparison as the 1200 × 630 link-preview image.
#[utoipa::path(
    get,
    path = "/card.png",
    tag = "images",
    summary = "The comparison card as a 1200 × 630 PNG (the link-preview image)",
    description = "Takes the scenario as query parameters, as /compare does. `width` (400 to 2000, default 1200) scales it, keeping 1200:630. This is the og:image of the pages and the oEmbed thumbnail.",
    params(PngWidth),
    responses(PngAnswers)
)]
pub async fn card_png(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    blocking(move || {
        png_image(
            &state,
            &headers,
            query.as_deref(),
            "card",
            egress_render::images::CARD_PNG_WIDTH,
            egress_render::images::card_png,
        )
    })
    .await
}

/// Runs a PNG route off the async workers: drawing and encoding take milliseconds of CPU.
async fn blocking(answer: impl FnOnce() -> Response + Send + 'static) -> Response {
    tokio::task::spawn_blocking(answer)
        .await
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "a PNG could not be drawn");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_width(query: Option<&str>) -> (Cow<'_, str>, Result<u32, FieldErrors>) {
        split_param(query, "width", 1200, parse_width)
    }

    #[test]
    fn width_is_taken_out_of_the_scenario_and_checked() {
        let (rest, width) = split_width(Some("region=us-east-1&width=400&azs=2"));
        assert_eq!(rest, "region=us-east-1&azs=2");
        assert_eq!(width.unwrap(), 400);
        assert_eq!(split_width(None).1.unwrap(), 1200);
        for bad in [
            "width=399",
            "width=2001",
            "width=wide",
            "width=400&width=500",
            "width=",
        ] {
            let error = split_width(Some(bad)).1.unwrap_err();
            assert_eq!(error.first().field.as_deref(), Some("width"), "{bad}");
            assert!(error.first().message.contains("width"), "{bad}");
        }
    }

    #[test]
    fn layout_is_taken_out_of_the_scenario_and_checked() {
        let (rest, layout) = split_layout(Some("region=us-east-1&layout=narrow&azs=2"));
        assert_eq!(rest, "region=us-east-1&azs=2");
        assert_eq!(layout.unwrap(), Layout::Narrow);
        let (rest, layout) = split_layout(Some("region=us-east-1"));
        assert_eq!(
            (rest.as_ref(), layout.unwrap()),
            ("region=us-east-1", Layout::Wide)
        );
        assert_eq!(split_layout(None).1.unwrap(), Layout::Wide);
        for bad in ["layout=tall", "layout=", "layout=wide&layout=narrow"] {
            let error = split_layout(Some(bad)).1.unwrap_err();
            assert_eq!(error.first().field.as_deref(), Some("layout"), "{bad}");
            assert!(error.first().message.contains("layout"), "{bad}");
        }
    }
}
