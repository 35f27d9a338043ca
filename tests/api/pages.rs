//! The HTML pages and the Markdown view, through oneshot.

use super::helpers::{form_behind, get, header_text, json, option, text, text_with, typed_text};
use axum::http::{StatusCode, header};

const FARGATE: &str = "monthly_gb=5000&s3_percent=40&aws_percent=20&public_ips=4&peak_gbps=20";

#[tokio::test]
async fn the_form_has_every_field_labelled_with_defaults_and_all_regions() {
    let html = text_with(StatusCode::OK, get("/").await).await;
    for name in egress_planner::scenario::FIELDS.iter().map(|f| f.name) {
        assert!(
            html.contains(&format!(r#"<label for="{name}">"#)),
            "label for {name}"
        );
        assert!(
            html.contains(&format!(r#"id="{name}-hint""#)),
            "hint for {name}"
        );
    }
    // Every region, then auto and the 10 NAT instance types us-east-1 prices, then "none given"
    // and every option for today's architecture.
    let regions = egress_planner::pricing::PricingTable::bundled()
        .unwrap()
        .regions
        .len();
    let options = egress_planner::engine::OPTIONS.len();
    assert_eq!(
        html.matches("<option value=").count(),
        regions + 11 + 1 + options
    );
    assert!(
        html.contains(r#"value="1000""#),
        "monthly_gb default is filled in"
    );
    assert!(
        html.contains(r#"<form method="get" action="/compare""#),
        "GET form: the URL is the permalink"
    );
    assert!(html.contains("ecr.api, ecr.dkr and logs"), "endpoint hint");
}

#[tokio::test]
async fn the_results_page_shows_the_apis_numbers_ranked() {
    let (_, api) = json(get(&format!("/api/v1/compare?{FARGATE}")).await).await;
    let html = text_with(StatusCode::OK, get(&format!("/compare?{FARGATE}")).await).await;
    // Acceptance totals: public_subnet $104.60 < all endpoints $306.80 < NAT
    // $388.00; endpoints-only last (infeasible). The S3-endpoint option, not in
    // the acceptance file, is NAT less 40% × 5,000 = 2,000 GB × $0.045 = $90.00
    // of processing (one NAT per AZ, so no cross-AZ leg): $298.00.
    let order: Vec<usize> = [
        "public_subnet",
        "nat_gateway_s3_endpoint",
        "nat_gateway_all_endpoints",
        "nat_gateway\"",
        "endpoints_only",
    ]
    .iter()
    .map(|id| {
        html.find(&format!("data-option=\"{id}"))
            .unwrap_or_else(|| panic!("row {id}"))
    })
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "ranked order: {order:?}"
    );
    for option in api["options"].as_array().unwrap() {
        let cost: rust_decimal::Decimal = option["monthly_cost"].as_str().unwrap().parse().unwrap();
        let shown = egress_planner::engine::Money::new(cost)
            .display()
            .to_string();
        let id = option["id"].as_str().unwrap();
        assert!(
            html.contains(&format!(r#"data-option="{id}">{shown}<"#)),
            "{id} shows {shown}"
        );
    }
    assert!(html.contains("1,251.43 GB/month"), "break-even sentence");
    assert!(
        html.contains("Every task has a public IPv4 address and is reachable from the internet"),
        "security warning"
    );
    let meta = egress_planner::pricing::PricingTable::bundled()
        .unwrap()
        .meta;
    assert!(html.contains(&meta.version), "pricing version");
}

#[tokio::test]
async fn assumed_prices_are_marked() {
    let html = text(get("/compare?region=us-west-1").await).await;
    assert!(html.contains(r#"class="assumed""#));
    assert!(html.contains("Assumed prices in us-west-1"));
    // eu-west-1's table confirms every figure it has but the gp3 price (a
    // third-party seed, graded C, so assumed): only the NAT instance's root
    // volume line is marked.
    let html = text(get("/compare?region=eu-west-1").await).await;
    let marks: Vec<&str> = html
        .match_indices("<abbr class=\"assumed\" title=\"")
        .map(|(i, m)| &html[i + m.len()..])
        .collect();
    assert!(!marks.is_empty());
    for mark in marks {
        assert!(
            mark.starts_with("Assumed: no source confirms this gp3_gb_month price"),
            "{}",
            &mark[..80.min(mark.len())]
        );
    }
}

#[tokio::test]
async fn bad_input_re_renders_the_form_with_the_message_beside_the_field() {
    let html = text_with(
        StatusCode::UNPROCESSABLE_ENTITY,
        get("/compare?monthly_gb=%3Cb%3Eabc&azs=3").await,
    )
    .await;
    assert!(html.contains(r#"<p class="error" id="monthly_gb-error">Monthly traffic must be a number from 0 to 1,000,000,000 GB/month"#), "{html}");
    assert!(
        html.contains(r#"value="&lt;b>abc""#),
        "the typed value is kept, escaped"
    );
    assert!(!html.contains("<b>abc"), "never unescaped");
    assert!(
        html.contains(r#"id="azs" name="azs" value="3""#),
        "other values are kept"
    );
}

#[tokio::test]
async fn blank_fields_are_errors_except_those_that_follow_the_azs() {
    // The contract's second edition: an empty value names its field, except
    // nat_gateways, nat_instances (one per AZ) and nat_instance_type (auto).
    let response = get(
        "/compare?region=us-east-1&monthly_gb=1000&nat_gateways=&nat_instances=&nat_instance_type=",
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = text_with(
        StatusCode::UNPROCESSABLE_ENTITY,
        get("/compare?monthly_gb=&hours=").await,
    )
    .await;
    assert!(
        html.contains(r#"id="monthly_gb-error">Monthly traffic: enter a value"#),
        "{html}"
    );
    assert!(
        html.contains(r#"id="hours-error">Billed hours in the month: enter a value"#),
        "{html}"
    );
    // The API reads blanks the same way, so a results page's URL works there.
    let (status, _) = json(get("/api/v1/compare?monthly_gb=1000&nat_gateways=").await).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_markdown_view_has_the_ranked_table() {
    let md = typed_text(
        StatusCode::OK,
        "text/markdown",
        get(&format!("/compare.md?{FARGATE}")).await,
    )
    .await;
    assert!(
        md.contains("| 1 | **Public subnets with public IPv4** | $104.60 | cheapest | yes |"),
        "{md}"
    );
    assert!(
        // After NAT + S3 endpoint, regional NAT and IPv6 egress ($298.00 each)
        // and NAT + endpoints ($306.80): 388.00 − 104.60 = 283.40 over cheapest.
        md.contains("| 6 | NAT gateways | $388.00 | +$283.40 | yes |"),
        "{md}"
    );
}

#[tokio::test]
async fn pages_carry_security_headers_and_are_not_frameable_by_others() {
    let response = get("/").await;
    let csp = header_text(&response, header::CONTENT_SECURITY_POLICY);
    assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
    assert_eq!(
        response.headers()[header::X_CONTENT_TYPE_OPTIONS],
        "nosniff"
    );
    assert!(response.headers().contains_key(header::REFERRER_POLICY));
    assert!(!response.headers().contains_key(header::X_FRAME_OPTIONS));
}

#[tokio::test]
async fn the_stylesheet_is_served_and_small() {
    let css = typed_text(StatusCode::OK, "text/css", get("/static/app.css").await).await;
    assert!(css.contains("@media print"));
    let page = results_page(FARGATE).await;
    // Ten options with their lines and statements, the decision matrix, the chart as an image
    // with its crossings as a table, the share and embed links: under 40 KB of HTML. The form
    // is a link away (15 KB of choices and hints the reader of a result does not need), and
    // the options' lines (21 KB) are most of what is left.
    assert!(page.len() < 40 * 1024, "page {} bytes", page.len());
    let per_service = results_page(
        "region=eu-west-1&monthly_gb=25000&s3_percent=40&azs=3&nat_gateways=1&public_ips=30&peak_gbps=2&svc.ecr.api=5&svc.ecr.dkr=50&svc.logs=1500",
    )
    .await;
    assert!(per_service.contains("Per-service mode"));
    assert!(
        per_service.len() < 40 * 1024,
        "per-service page {} bytes",
        per_service.len()
    );
    assert!(css.len() < 20 * 1024, "css {} bytes", css.len());
}

#[tokio::test]
async fn an_unknown_page_is_a_404_page() {
    let response = get("/nope").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(text(response).await.contains("Page not found"));
    let (status, body) = json(get("/api/v1/nope").await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["error"]["message"].is_string());
}

#[tokio::test]
async fn the_form_switches_to_per_service_mode_and_the_page_shows_the_advice() {
    // The form always sends aws_percent and interface_endpoints; with a
    // service filled in they are derived from the services instead.
    let html = text_with(StatusCode::OK, get(
        "/compare?monthly_gb=8000&s3_percent=30&aws_percent=0&interface_endpoints=3&azs=3&nat_gateways=1&svc.logs=1200&svc.sts=&svc.ecr.api=2",
    )
    .await).await;
    assert!(html.contains("Per-service mode"), "{html}");
    // logs, 3 AZs, one NAT gateway: endpoint 21.90 + 12.00 = 33.90 against
    // 1,200 × (0.045 + 2 × 0.01 × 2/3) = 70.00 through the NAT.
    assert!(html.contains(r#"<tr data-service="logs">"#));
    assert!(html.contains("$33.90") && html.contains("$70.00"), "{html}");
    assert!(html.contains("<strong>create</strong>"));
    // The form it links to keeps the services in their group, open, and leaves out what
    // per-service mode replaces.
    let form = form_behind(&html).await;
    assert!(form.contains(r#"name="svc.logs" value="1200""#), "{form}");
    assert!(form.contains(r#"name="svc.ecr.api" value="2""#), "{form}");
    assert!(form.contains(r#"<details class="services" open>"#));
    assert!(
        form.contains(r#"id="aws_percent" name="aws_percent" value="""#),
        "{form}"
    );
    let md =
        text(get("/compare.md?monthly_gb=8000&azs=3&nat_gateways=1&svc.logs=1200").await).await;
    assert!(
        md.contains("| `logs` | 1,200 | $33.90 | $70.00 | **create** |"),
        "{md}"
    );
}

#[tokio::test]
async fn bad_per_service_traffic_comes_back_on_the_form() {
    for (query, needle) in [
        ("svc.s3=5", "gateway endpoint"),
        ("svc.logz=5", "unknown interface endpoint service"),
        (
            "monthly_gb=100&svc.logs=500",
            "more than the 100 GB/month left after S3",
        ),
        ("svc.logs=lots", "logs:"),
    ] {
        let response = get(&format!("/compare?{query}")).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}"
        );
        let html = text(response).await;
        assert!(html.contains(needle), "{query}: {html}");
        assert!(
            html.contains(r#"<details class="services" open>"#),
            "{query}: the group is open"
        );
    }
}

#[tokio::test]
async fn a_bad_scenario_is_a_422_in_every_routes_own_format() {
    // The same bad input everywhere: one status, each route's own format.
    for (path, content_type) in [
        ("/api/v1/compare", "application/json"),
        ("/compare", "text/html"),
        ("/compare.md", "text/markdown"),
        ("/embed", "text/html"),
        ("/chart.svg", "image/svg+xml"),
        ("/card.svg", "image/svg+xml"),
    ] {
        let response = get(&format!("{path}?azs=9&monthly_gb=-1")).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}"
        );
        let got = super::helpers::content_type(&response);
        assert!(got.starts_with(content_type), "{path}: {got}");
        let body = text(response).await;
        assert!(
            body.contains("Availability Zones must be a whole number from 1 to 6"),
            "{path}: {body}"
        );
        if path != "/chart.svg" && path != "/card.svg" {
            assert!(
                body.contains("Monthly traffic must be a number"),
                "{path}: every error, {body}"
            );
        }
    }
    let md = text(get("/compare.md?azs=9").await).await;
    assert!(
        md.starts_with("## egress-planner cannot compare this scenario"),
        "{md}"
    );
    assert!(md.contains("- `azs`: Availability Zones"), "{md}");
}

/// The text of the first element that opens with `open` (up to its `close`).
/// The results page for a query.
async fn results_page(query: &str) -> String {
    text(get(&format!("/compare?{query}")).await).await
}

/// What follows `open`, up to `close`.
fn inside<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    &element(html, open, close)[open.len()..]
}

fn element<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let start = html
        .find(open)
        .unwrap_or_else(|| panic!("no {open} in the page"));
    let end = html[start..].find(close).expect("closed") + start;
    &html[start..end]
}

#[tokio::test]
async fn the_headline_gives_the_cheapest_options_own_bandwidth_verdict() {
    // Public subnets win: the headline speaks of the internet gateway, not NAT gateways.
    let html = results_page(FARGATE).await;
    let verdict = element(&html, r#"<p class="verdict">"#, "</p>");
    assert!(
        verdict.contains("20 Gbps leaves through the internet gateway")
            && verdict.contains("no bandwidth ceiling of its own"),
        "{verdict}"
    );
    assert!(!verdict.contains("per NAT gateway"), "{verdict}");
    // The NAT gateway options' verdict is still on the page, once.
    let nat = "Carries the peak: 10 Gbps per NAT gateway is above the 5 Gbps baseline";
    assert_eq!(html.matches(nat).count(), 1, "{html}");

    // NAT instances win once 40 tasks make public addresses dear.
    let small = "region=us-east-1&monthly_gb=1500&s3_percent=20&aws_percent=5&outbound_percent=40&interface_endpoints=3&azs=2&public_ips=40&peak_gbps=0.1&ipv6_percent=50";
    let html = results_page(small).await;
    assert!(html.contains(r#"<tr id="row-nat_instance" class="best">"#));
    let verdict = element(&html, r#"<p class="verdict">"#, "</p>");
    assert!(
        verdict.contains(
            "0.04 Gbps per NAT instance (2 instances) is within the 0.06 Gbps a t4g.micro sustains"
        ) && verdict.contains("sustains to the internet"),
        "{verdict}"
    );
}

/// Results pages whose sentences and titles run long: Fargate, a peak over
/// every NAT's bandwidth, NAT instances, and two huge scenarios whose costs
/// run long.
const EDGE_SCENARIOS: [&str; 5] = [
    FARGATE,
    "monthly_gb=20000&peak_gbps=300&azs=2&nat_gateways=2&public_ips=500",
    "monthly_gb=100&public_ips=200&nat_instances=1&azs=1&nat_gateways=1",
    "region=ap-southeast-2&monthly_gb=1000000000&public_ips=100000&peak_gbps=1000",
    "region=ap-southeast-2&monthly_gb=900000000&s3_percent=10&public_ips=100000&nat_instances=50",
];

#[tokio::test]
async fn every_bandwidth_sentence_appears_once_on_the_results_page() {
    for query in EDGE_SCENARIOS {
        let html = results_page(query).await;
        let verdict = inside(
            &html,
            r#"<p class="verdict"><strong>Bandwidth:</strong> "#,
            "</p>",
        );
        assert!(verdict.len() > 20, "{query}: {verdict}");
        // Once in what people read; the head's description tags for unfurlers repeat it.
        let body = &html[html.find("<body").unwrap()..];
        assert_eq!(body.matches(verdict).count(), 1, "{query}: {verdict}");
    }
}

#[tokio::test]
async fn public_subnets_at_the_default_task_count_say_so_and_link_to_the_field() {
    // Public subnets win with public_ips at its default of 2.
    let html =
        text(get("/compare?monthly_gb=5000&s3_percent=40&aws_percent=20&peak_gbps=2").await).await;
    assert!(html.contains(r#"<tr id="row-public_subnet" class="best">"#));
    let line = element(&html, r#"<p class="assumption""#, "</p>");
    assert!(line.contains("assumes 2 running tasks"), "{line}");
    assert!(
        line.contains(r##"#public_ips">Tasks with a public IPv4 address</a>"##),
        "{line}"
    );
    let form = form_behind(&html).await;
    assert!(
        form.contains(r#"id="public_ips""#),
        "the link's target is on the form it opens"
    );
    assert!(
        line.contains(r#"<a href="/?region=us-east-1&amp;monthly_gb=5000&amp;"#),
        "{line}"
    );
    // A task count given by the user is not an assumption.
    let html = results_page(FARGATE).await;
    assert!(!html.contains(r#"class="assumption""#));
}

#[tokio::test]
async fn every_page_has_a_description_a_favicon_and_a_skip_link_to_main() {
    for uri in [
        "/",
        &format!("/compare?{FARGATE}"),
        "/compare?azs=9",
        "/workload",
        "/nope",
    ] {
        let html = text(get(uri).await).await;
        assert!(
            html.contains(r#"<meta name="description" content=""#),
            "{uri}: description"
        );
        assert!(
            html.contains(r#"<link rel="icon" href="/favicon.svg" type="image/svg+xml">"#),
            "{uri}: favicon"
        );
        let body = &html[html.find("<body").unwrap()..];
        let first_link = element(body, "<a ", ">");
        assert_eq!(
            first_link, r##"<a class="skip" href="#main""##,
            "{uri}: the skip link comes first"
        );
        assert!(html.contains(r#"<main id="main">"#), "{uri}");
    }
    let embed = text(get(&format!("/embed?{FARGATE}")).await).await;
    assert!(embed.contains(r#"<meta name="description" content=""#));
    assert!(embed.contains("<main>") && embed.contains(r#"<h1 class="embed-head">"#));
}

#[tokio::test]
async fn the_favicon_is_a_small_svg_at_both_addresses() {
    for uri in ["/favicon.svg", "/favicon.ico"] {
        let response = get(uri).await;
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "image/svg+xml");
        let svg = text(response).await;
        assert!(svg.len() < 1024, "{uri}: {} bytes", svg.len());
        roxmltree::Document::parse(&svg).expect("well-formed SVG");
    }
}

#[tokio::test]
async fn a_page_with_errors_says_error_in_its_title() {
    let html = text(get("/compare?azs=9").await).await;
    let title = element(&html, "<title>", "</title>");
    assert!(title.starts_with("<title>Error: "), "{title}");
    let html = text(get("/").await).await;
    assert!(!element(&html, "<title>", "</title>").contains("Error"));
}

#[tokio::test]
async fn results_titles_stay_within_60_characters() {
    for query in EDGE_SCENARIOS {
        let html = results_page(query).await;
        let title = inside(&html, "<title>", "</title>");
        let title = title.replace("&#43;", "+");
        assert!(title.chars().count() <= 60, "{query}: {title}");
        assert!(title.contains("/mo"), "{title}");
    }
    let html = results_page(FARGATE).await;
    assert!(html.contains("<title>Public $104.60/mo · us-east-1 · egress-planner</title>"));
}

#[tokio::test]
async fn results_tables_reflow_on_phones_and_their_links_open_the_details() {
    let html = results_page(FARGATE).await;
    assert!(
        !html.contains(r#"class="scroll""#),
        "no sideways-scrolling wrappers"
    );
    // Every column of the stacked tables is named for the phone layout: by the stylesheet, with
    // the name its header has, rather than in every cell.
    let css = text(get("/static/app.css").await).await;
    for (table, first_cell) in [("lines", 1), ("bandwidth", 1), ("matrix", 2)] {
        let open = html
            .find(&format!(
                r#"<table class="{}"#,
                if table == "matrix" {
                    "ranked matrix"
                } else {
                    table
                }
            ))
            .unwrap_or_else(|| panic!("a {table} table"));
        let head = element(&html[open..], "<thead>", "</thead>");
        let names: Vec<&str> = head
            .split("</th>")
            .filter_map(|cell| cell.rsplit_once('>').map(|(_, name)| name))
            .filter(|name| !name.is_empty())
            .collect();
        // The first header names the row (the item, the option); after the matrix's rank.
        for (k, name) in names.iter().enumerate().skip(first_cell) {
            let rule = format!(
                "main table.{table} td:nth-of-type({})::before {{ content: \"{name}\"; }}",
                k + 1 - first_cell + usize::from(table == "matrix"),
            );
            assert!(css.contains(&rule), "{table}: no {rule}");
        }
        assert!(
            !element(&html[open..], "<tbody>", "</table>").contains("data-label"),
            "{table}"
        );
    }
    assert!(css.contains("figure img { display: block; max-width: 100%; height: auto; }"));
    // The ranked table links into each option's details, so a closed one opens.
    let api = json(get(&format!("/api/v1/compare?{FARGATE}")).await)
        .await
        .1;
    for option in api["options"].as_array().unwrap() {
        let id = option["id"].as_str().unwrap();
        assert!(
            html.contains(&format!(r##"<a href="#lines-{id}" class="name">"##)),
            "{id}"
        );
        let details = element(&html, &format!(r#"<details id="{id}""#), "</details>");
        assert!(
            details.contains(&format!(r#"id="lines-{id}""#)),
            "{id}: target inside the details"
        );
    }
    // A quick link to the form, filled with this scenario.
    assert!(html.contains(r#"<a href="/?region="#) && html.contains("Change the scenario</a>"));
    let form = form_behind(&html).await;
    assert!(form.contains(r#"id="scenario""#));
}

#[tokio::test]
async fn focus_rings_are_dark_and_summaries_draw_their_arrows() {
    let css = text(get("/static/app.css").await).await;
    // #1b2430 on white is 15.6:1; the old #ffbf47 was 1.6:1.
    assert!(css.contains("--focus: #1b2430"), "{css}");
    assert!(
        css.contains(":focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }")
    );
    assert!(css.contains(r#"summary::before { content: "▸""#));
    assert!(css.contains(r#"details[open] > summary::before { content: "▾""#));
    assert!(css.contains(".field.check input[type=checkbox] { width: 1.5rem; height: 1.5rem;"));
}

#[tokio::test]
async fn each_option_carries_its_own_bandwidth_verdict_in_the_json() {
    let api = json(get(&format!("/api/v1/compare?{FARGATE}")).await)
        .await
        .1;
    let verdict = |id: &str| {
        option(&api, id)["bandwidth_verdict"]
            .as_str()
            .unwrap_or_else(|| panic!("{id} has a verdict"))
            .to_owned()
    };
    assert!(verdict("nat_gateway").contains("10 Gbps per NAT gateway"));
    assert!(verdict("nat_gateway_all_endpoints").contains("Interface endpoints: 2 Gbps per AZ"));
    assert!(
        verdict("regional_nat_gateway").contains("6 Gbps per AZ through the regional NAT gateway")
    );
    assert!(verdict("nat_instance").contains("per NAT instance"));
    assert!(verdict("public_subnet").contains("internet gateway"));
    assert!(verdict("endpoints_only").starts_with("No NAT or internet gateway"));
}

#[tokio::test]
async fn the_prices_page_lists_each_figure_with_its_source_assumed_first() {
    let page = text(get("/pricing?region=EU-WEST-1").await).await;
    assert!(
        page.contains("<h1>Prices in Europe (Ireland) (eu-west-1)</h1>"),
        "{page}"
    );
    // eu-west-1's gp3 price rests on a third party: assumed, grade C, listed before the confirmed.
    let assumed = page.find("Assumed prices (1)").expect("an assumed section");
    let confirmed = page.find("Confirmed prices").expect("a confirmed section");
    let gp3 = page.find("<code>gp3_gb_month</code>").unwrap();
    let nat = page.find("<code>nat_hour</code>").unwrap();
    assert!(assumed < gp3 && gp3 < confirmed && confirmed < nat);
    // The figures eu-west-1 has no price for are named, between the two: what leaves the
    // Transit Gateway and Network Firewall options unpriced there.
    let missing = page
        .find("Not in the table (4)")
        .expect("a missing section");
    assert!(gp3 < missing && missing < confirmed);
    assert!(page.contains("No price for eu-west-1: <code>tgw_attachment_hour</code>, <code>tgw_gb</code>, <code>firewall_hour</code>, <code>firewall_gb</code>."), "{page}");
    // The results page links an unpriced option's reason to that section.
    let results = text(get("/compare?region=eu-west-1").await).await;
    assert!(
        results.contains(r##"no tgw_attachment_hour price for this region. <a href="/pricing?region=eu-west-1#missing-h">Prices in eu-west-1</a>."##),
        "{results}"
    );
    // A region with every figure has no such section.
    let full = text(get("/pricing?region=us-east-1").await).await;
    assert!(!full.contains("Not in the table"), "{full}");
    // Every row says its status and grade, and a confirmed one is never graded C.
    for row in page
        .split("<tr>")
        .skip(1)
        .filter(|r| r.contains("data-label=\"Status\""))
    {
        let confirmed = row.contains(">confirmed<");
        assert!(
            !(confirmed && row.contains("data-label=\"Grade\">C<")),
            "{row}"
        );
    }
    // A region the table does not have is said, not silently replaced.
    let page = text_with(StatusCode::NOT_FOUND, get("/pricing?region=mars-1").await).await;
    assert!(
        page.contains(
            "The pricing table has no region &#34;mars-1&#34;; these are the prices of us-east-1."
        ),
        "{page}"
    );
    let page = text(get("/pricing?region=EU-WEST-1").await).await;
    // The footer links here rather than to the raw JSON.
    assert!(page.contains(r#"<a href="/pricing">every price with its source</a>"#));
}
