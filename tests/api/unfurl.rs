//! Links that unfurl: the pages' Open Graph and Twitter-card tags read the way a crawler reads
//! them (raw HTML, no JavaScript), the card and chart PNGs those tags point at, and oEmbed.

use super::helpers::{get, get_with, json, send_with, text};
use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use egress_planner::Config;
use http_body_util::BodyExt;
use regex::Regex;
use std::collections::HashMap;

const PUBLIC: &str = "https://egress.example.com";
const SCENARIO: &str = "region=eu-central-1&monthly_gb=20000&peak_gbps=3";

fn public() -> Config {
    Config {
        public_url: Some(format!("{PUBLIC}/")),
        ..Config::for_tests()
    }
}

async fn bytes(response: Response<Body>) -> Vec<u8> {
    response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec()
}

/// Undoes the HTML escapes askama writes in attributes, as a crawler's parser does.
fn unescape(text: &str) -> String {
    text.replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// Every `<meta property|name=… content=…>` in the head, first one of each name kept, as
/// Open Graph consumers do; and `<link rel=… href=…>` by rel (plus type).
fn head_tags(html: &str) -> (HashMap<String, String>, HashMap<String, String>) {
    let head = &html[..html.find("</head>").expect("a head")];
    let meta = Regex::new(r#"<meta (?:property|name)="([^"]+)" content="([^"]*)">"#).unwrap();
    let mut metas = HashMap::new();
    for m in meta.captures_iter(head) {
        metas
            .entry(m[1].to_owned())
            .or_insert_with(|| unescape(&m[2]));
    }
    let link = Regex::new(r#"<link rel="([^"]+)"(?: type="([^"]+)")? href="([^"]*)""#).unwrap();
    let mut links = HashMap::new();
    for l in link.captures_iter(head) {
        let key = match l.get(2) {
            Some(t) => format!("{} {}", &l[1], t.as_str()),
            None => l[1].to_owned(),
        };
        links.entry(key).or_insert_with(|| unescape(&l[3]));
    }
    (metas, links)
}

/// Width and height from a PNG's IHDR chunk, after checking the signature.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.len() > 24, "{} bytes", png.len());
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG signature");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

/// The path and query of an absolute URL on the public base.
fn local(url: &str) -> &str {
    url.strip_prefix(PUBLIC)
        .unwrap_or_else(|| panic!("{url} is not on {PUBLIC}"))
}

#[tokio::test]
async fn compare_and_embed_pages_carry_open_graph_tags_whose_image_is_the_card_png() {
    let config = public();
    for page in ["/compare", "/embed"] {
        let response = get_with(&config, &format!("{page}?{SCENARIO}")).await;
        assert_eq!(response.status(), StatusCode::OK);
        let link_header = response
            .headers()
            .get(header::LINK)
            .expect("a Link header")
            .to_str()
            .unwrap()
            .to_owned();
        let html = String::from_utf8(bytes(response).await).unwrap();
        let (meta, links) = head_tags(&html);
        for required in [
            "og:title",
            "og:type",
            "og:image",
            "og:url",
            "og:description",
            "og:site_name",
            "og:image:width",
            "og:image:height",
            "og:image:type",
            "og:image:alt",
            "twitter:card",
            "description",
        ] {
            assert!(
                meta.get(required).is_some_and(|v| !v.is_empty()),
                "{page}: {required} in {meta:?}"
            );
        }
        assert_eq!(meta["og:type"], "website");
        assert_eq!(meta["twitter:card"], "summary_large_image");
        // X reads the rest from Open Graph; its own copies would only repeat them.
        for repeated in ["twitter:title", "twitter:description", "twitter:image"] {
            assert!(!meta.contains_key(repeated), "{page}: {repeated}");
        }
        assert_eq!(meta["og:image:type"], "image/png");
        for absolute in ["og:image", "og:url"] {
            assert!(
                meta[absolute].starts_with(PUBLIC),
                "{absolute}: {}",
                meta[absolute]
            );
        }
        let title = &meta["og:title"];
        assert!(
            title.contains(" cheapest at $")
                && title.contains(&format!(
                    " a month of {} options · eu-central-1",
                    egress_planner::engine::OPTIONS.len()
                )),
            "{title}"
        );
        assert!(meta["og:description"].contains("Bandwidth:"), "{meta:?}");
        assert!(meta["og:url"].starts_with(&format!("{PUBLIC}/compare?region=eu-central-1")));
        assert_eq!(links["canonical"], meta["og:url"], "{page}");
        let oembed = &links["alternate application/json+oembed"];
        assert!(
            oembed.starts_with(&format!("{PUBLIC}/oembed?url=")),
            "{oembed}"
        );
        assert!(oembed.ends_with("&format=json"), "{oembed}");
        assert_eq!(
            link_header,
            format!("<{oembed}>; rel=\"alternate\"; type=\"application/json+oembed\"")
        );

        // The image: a PNG of exactly the stated size.
        let image = get_with(&config, local(&meta["og:image"])).await;
        assert_eq!(image.status(), StatusCode::OK);
        assert_eq!(image.headers()[header::CONTENT_TYPE], "image/png");
        let stated: (u32, u32) = (
            meta["og:image:width"].parse().unwrap(),
            meta["og:image:height"].parse().unwrap(),
        );
        assert_eq!(stated, (1200, 630));
        assert_eq!(png_size(&bytes(image).await), stated);
    }
}

#[tokio::test]
async fn without_a_public_url_the_absolute_tags_are_left_out_and_the_page_says_why() {
    let response = get(&format!("/compare?{SCENARIO}")).await;
    assert!(response.headers().get(header::LINK).is_none());
    let html = String::from_utf8(bytes(response).await).unwrap();
    let (meta, links) = head_tags(&html);
    for absent in ["og:image", "og:url"] {
        assert!(!meta.contains_key(absent), "{absent} without a public URL");
    }
    assert!(!links.contains_key("alternate application/json+oembed"));
    assert!(meta.contains_key("og:title") && meta.contains_key("og:description"));
    assert_eq!(meta["twitter:card"], "summary");
    assert!(links["canonical"].starts_with("/compare?region=eu-central-1"));
    assert!(html.contains(r#"id="unfurl-no-image""#));
    assert!(html.contains("unfurls without the card image"));
    // With one, the page does not say it.
    let html =
        String::from_utf8(bytes(get_with(&public(), &format!("/compare?{SCENARIO}")).await).await)
            .unwrap();
    assert!(!html.contains(r#"id="unfurl-no-image""#));
}

#[tokio::test]
async fn a_trusted_proxy_host_gives_absolute_tags_too() {
    let config = Config {
        trust_forwarded: true,
        ..Config::for_tests()
    };
    let request = Request::get(format!("/embed?{SCENARIO}"))
        .header("x-forwarded-host", "planner.internal.example")
        .header("x-forwarded-proto", "https")
        .body(Body::empty())
        .unwrap();
    let html = String::from_utf8(bytes(send_with(&config, request).await).await).unwrap();
    let (meta, _) = head_tags(&html);
    assert!(meta["og:image"].starts_with("https://planner.internal.example/card.png?"));
}

#[tokio::test]
async fn a_built_workload_unfurls_as_its_comparison() {
    let html = String::from_utf8(
        bytes(get_with(&public(), "/workload?tasks=4&internet_out_gb_per_day=20").await).await,
    )
    .unwrap();
    let (meta, links) = head_tags(&html);
    assert!(meta["og:title"].contains(" cheapest at $"), "{meta:?}");
    assert!(meta["og:image"].starts_with(&format!("{PUBLIC}/card.png?")));
    assert!(links["canonical"].starts_with(&format!("{PUBLIC}/workload?tasks=4")));
    // The empty builder has no comparison to show.
    let html = String::from_utf8(bytes(get_with(&public(), "/workload").await).await).unwrap();
    assert!(!head_tags(&html).0.contains_key("og:image"));
}

#[tokio::test]
async fn png_images_have_etags_sizes_and_errors_as_pngs() {
    let card = get(&format!("/card.png?{SCENARIO}")).await;
    assert_eq!(card.status(), StatusCode::OK);
    assert_eq!(
        card.headers()[header::CACHE_CONTROL],
        "public, max-age=3600"
    );
    let tag = card.headers()[header::ETAG].to_str().unwrap().to_owned();
    assert_eq!(png_size(&bytes(card).await), (1200, 630));
    // Not the SVG card's validator, and revalidated with a 304.
    let svg = get(&format!("/card.svg?{SCENARIO}")).await;
    assert_ne!(svg.headers()[header::ETAG], tag.as_str());
    let config = Config::for_tests();
    let again = send_with(
        &config,
        Request::get(format!("/card.png?{SCENARIO}"))
            .header(header::IF_NONE_MATCH, &tag)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()[header::ETAG], tag.as_str());

    // The chart follows ?width=, and each width has its own validator.
    let chart = get(&format!("/chart.png?{SCENARIO}&width=400")).await;
    assert_eq!(chart.status(), StatusCode::OK);
    let small_tag = chart.headers()[header::ETAG].clone();
    let (w, h) = png_size(&bytes(chart).await);
    assert_eq!(w, 400);
    assert!(h > 100 && h < 400, "{h}");
    let chart = get(&format!("/chart.png?{SCENARIO}")).await;
    assert_ne!(chart.headers()[header::ETAG], small_tag);
    assert_eq!(png_size(&bytes(chart).await).0, 1200);

    // The phone chart as a PNG: the narrow SVG (360 units wide, its height from its
    // viewBox) scaled to 720 pixels, so twice the SVG's height, with its own validator.
    let svg = text(get(&format!("/chart.svg?{SCENARIO}&layout=narrow")).await).await;
    let view_box = svg.split("viewBox=\"0 0 ").nth(1).unwrap();
    let (svg_w, rest) = view_box.split_once(' ').unwrap();
    let svg_h: u32 = rest.split('"').next().unwrap().parse().unwrap();
    assert_eq!(svg_w, "360");
    let narrow = get(&format!("/chart.png?{SCENARIO}&layout=narrow&width=720")).await;
    assert_eq!(narrow.status(), StatusCode::OK);
    assert_ne!(narrow.headers()[header::ETAG], small_tag);
    assert_eq!(png_size(&bytes(narrow).await), (720, svg_h * 2));

    // A width out of bounds, or a bad scenario: 422, a PNG that says what to fix.
    for uri in [
        format!("/chart.png?{SCENARIO}&width=5000"),
        format!("/chart.png?{SCENARIO}&width=wide"),
        format!("/card.png?{SCENARIO}&width=10"),
        "/card.png?azs=9".to_owned(),
        "/chart.png?nope=1".to_owned(),
        format!("/chart.png?{SCENARIO}&layout=tall"),
    ] {
        let response = get(&uri).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{uri}");
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "image/png",
            "{uri}"
        );
        assert_eq!(
            response.headers()[header::CACHE_CONTROL],
            "no-store",
            "{uri}"
        );
        let (w, _) = png_size(&bytes(response).await);
        assert_eq!(w, 1200, "{uri}");
    }
}

fn oembed_uri(url: &str, rest: &str) -> String {
    let encoded: String = form_urlencoded::byte_serialize(url.as_bytes()).collect();
    format!("/oembed?url={encoded}{rest}")
}

#[tokio::test]
async fn oembed_answers_a_rich_response_for_a_permalink() {
    let config = public();
    let url = format!("{PUBLIC}/compare?{SCENARIO}");
    let (status, body) = json(get_with(&config, &oembed_uri(&url, "&format=json")).await).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for field in [
        "type",
        "version",
        "html",
        "width",
        "height",
        "title",
        "provider_name",
        "provider_url",
        "cache_age",
        "thumbnail_url",
        "thumbnail_width",
        "thumbnail_height",
    ] {
        assert!(!body[field].is_null(), "{field} in {body}");
    }
    assert_eq!(body["type"], "rich");
    assert_eq!(body["version"], "1.0");
    assert_eq!(body["provider_name"], "egress-planner");
    assert_eq!(body["provider_url"], format!("{PUBLIC}/"));
    let html = body["html"].as_str().unwrap();
    assert!(
        html.starts_with(&format!("<iframe src=\"{PUBLIC}/embed?region=eu-central-1")),
        "{html}"
    );
    assert!(
        html.contains(&format!(
            "width=\"{}\" height=\"{}\"",
            body["width"], body["height"]
        )),
        "{html}"
    );
    assert_eq!(
        (
            body["thumbnail_width"].as_u64(),
            body["thumbnail_height"].as_u64()
        ),
        (Some(1200), Some(630))
    );
    // The thumbnail is the card, at the stated size.
    let thumb = get_with(&config, local(body["thumbnail_url"].as_str().unwrap())).await;
    assert_eq!(png_size(&bytes(thumb).await), (1200, 630));
    // The title is the page's og:title.
    let page =
        String::from_utf8(bytes(get_with(&config, &format!("/compare?{SCENARIO}")).await).await)
            .unwrap();
    assert_eq!(
        head_tags(&page).0["og:title"],
        body["title"].as_str().unwrap()
    );
    // An /embed address works too, and the format may be left out.
    let (status, _) = json(
        get_with(
            &config,
            &oembed_uri(&format!("{PUBLIC}/embed?{SCENARIO}"), ""),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn oembed_respects_maxwidth_and_maxheight() {
    let config = public();
    let url = format!("{PUBLIC}/compare?{SCENARIO}");
    let (status, body) =
        json(get_with(&config, &oembed_uri(&url, "&maxwidth=500&maxheight=300")).await).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["width"].as_u64().unwrap() <= 500);
    assert!(body["height"].as_u64().unwrap() <= 300);
    let (tw, th) = (
        body["thumbnail_width"].as_u64().unwrap(),
        body["thumbnail_height"].as_u64().unwrap(),
    );
    assert!(tw <= 500 && th <= 300, "{tw}×{th}");
    let thumb = get_with(&config, local(body["thumbnail_url"].as_str().unwrap())).await;
    assert_eq!(png_size(&bytes(thumb).await), (tw as u32, th as u32));
    // Too small for any card: no thumbnail at all (its three fields go together).
    let (_, body) = json(get_with(&config, &oembed_uri(&url, "&maxwidth=200")).await).await;
    assert_eq!(body["width"], 200);
    assert!(body.get("thumbnail_url").is_none() && body.get("thumbnail_width").is_none());
}

#[tokio::test]
async fn oembed_refuses_other_sites_other_formats_and_bad_scenarios() {
    let config = public();
    for url in [
        format!("https://elsewhere.example/compare?{SCENARIO}"),
        format!("{PUBLIC}/pricing?{SCENARIO}"),
        format!("{PUBLIC}.evil.example/compare?{SCENARIO}"),
        "ftp://egress.example.com/compare".to_owned(),
        "/compare".to_owned(),
    ] {
        let response = get_with(&config, &oembed_uri(&url, "")).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{url}");
    }
    let url = format!("{PUBLIC}/compare?{SCENARIO}");
    let (status, body) = json(get_with(&config, &oembed_uri(&url, "&format=xml")).await).await;
    assert_eq!(status, StatusCode::NOT_IMPLEMENTED);
    assert_eq!(body["error"]["field"], "format");
    let (status, body) =
        json(get_with(&config, &oembed_uri(&format!("{PUBLIC}/compare?azs=9"), "")).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "azs");
    let (status, body) = json(get_with(&config, "/oembed").await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["field"], "url");
    let (status, _) = json(get_with(&config, &oembed_uri(&url, "&maxwidth=-3")).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn without_a_public_url_oembed_takes_permalinks_on_the_host_asked() {
    let config = Config::for_tests();
    let url = format!("http://planner.local:8080/compare?{SCENARIO}");
    let request = |host: &str| {
        Request::get(oembed_uri(&url, ""))
            .header(header::HOST, host)
            .body(Body::empty())
            .unwrap()
    };
    let (status, body) = json(send_with(&config, request("planner.local:8080")).await).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body["thumbnail_url"]
            .as_str()
            .unwrap()
            .starts_with("http://planner.local:8080/card.png?")
    );
    let response = send_with(&config, request("other.local")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_new_routes_are_in_the_openapi_document() {
    let (_, doc) = json(get("/api/v1/openapi.json").await).await;
    for path in ["/oembed", "/card.png", "/chart.png"] {
        assert!(doc["paths"][path]["get"].is_object(), "{path}");
    }
}
