//! Embedding: the iframe view, the SVG chart and card, their headers, caching
//! and escaping.

use super::helpers::{
    get, get_with, header_text, json, option, send_with, text, text_with, tick_value, typed_text,
};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use egress_planner::Config;

const LONDON: &str = "region=eu-west-2&monthly_gb=12000&s3_percent=25&aws_percent=5&outbound_percent=30&interface_endpoints=4&azs=3&nat_gateways=1&public_ips=6&peak_gbps=3";

/// Every piece of text below a node, in order.
fn texts<'a>(node: roxmltree::Node<'a, '_>) -> Vec<&'a str> {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

/// All the text below a node, run together.
fn all_text(node: roxmltree::Node<'_, '_>) -> String {
    texts(node).concat()
}

async fn api(query: &str) -> serde_json::Value {
    json(get(&format!("/api/v1/compare?{query}")).await).await.1
}

#[tokio::test]
async fn the_chart_is_well_formed_svg_with_one_line_per_feasible_option() {
    let response = get(&format!("/chart.svg?{LONDON}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "image/svg+xml");
    let svg = text(response).await;
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let api = api(LONDON).await;
    let feasible: Vec<&str> = api["options"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["feasible"] == true)
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    let lines: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("path") && n.attribute("class") == Some("series"))
        .map(|n| n.attribute("data-option").unwrap())
        .collect();
    assert_eq!(
        lines, feasible,
        "one line per feasible option, endpoints-only left out"
    );
    // The legend gives each line's cost at the scenario's volume, as the API does.
    for option in api["options"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["feasible"] == true)
    {
        let id = option["id"].as_str().unwrap();
        let legend = doc
            .descendants()
            .find(|n| {
                n.attribute("class") == Some("legend") && n.attribute("data-option") == Some(id)
            })
            .unwrap_or_else(|| panic!("legend for {id}"));
        let label = all_text(legend);
        let cost = option["monthly_cost"].as_str().unwrap();
        let (whole, cents) = cost.split_once('.').unwrap();
        let whole: u64 = whole.parse().unwrap();
        let grouped = if whole >= 1000 {
            format!("{},{:03}", whole / 1000, whole % 1000)
        } else {
            whole.to_string()
        };
        assert!(
            label.contains(&format!("${grouped}.{cents}")),
            "{id}: {label}"
        );
    }
    let chart_text = all_text(doc.root());
    assert!(
        chart_text.contains("you: 12,000 GB"),
        "marker at the scenario's volume"
    );
    assert!(
        chart_text.contains("Traffic, GB per month") && chart_text.contains("Cost, $ per month"),
        "axis units"
    );
    // Plain NAT and NAT + all endpoints cross (London prices, x = GB/month):
    //   NAT:  36.50 + 3.65 + x × (0.05 processing + 2/3 × 0.02 cross-AZ + 0.21 × 0.09 DTO)
    //       = 40.15 + 0.0822333x
    //   all:  40.15 + 96.36 endpoint hours + x × (0.7 × 0.05 + 0.7 × 2/3 × 0.02 + 0.0189 + 0.05 × 0.01)
    //       = 136.51 + 0.0637333x
    //   equal at 0.0185x = 96.36 → x = 5,208.65 GB, cost 40.15 + 0.0822333 × 5,208.65 = $468.47.
    let crossover = doc
        .descendants()
        .find(|n| n.attribute("data-between") == Some("nat_gateway nat_gateway_all_endpoints"))
        .expect("the NAT / all-endpoints crossing is marked");
    let label = all_text(crossover);
    assert!(label.contains("5,209 GB, $468.47"), "{label}");
    assert!(
        label.contains("cost the same"),
        "the tooltip says what the point is: {label}"
    );
}

#[tokio::test]
async fn the_card_shows_the_ranked_costs_region_and_pricing_date() {
    let svg = text_with(StatusCode::OK, get(&format!("/card.svg?{LONDON}")).await).await;
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let rows: Vec<String> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("row"))
        .map(|n| texts(n).join("|"))
        .collect();
    // The London acceptance scenario's totals: $248.70 < $901.31 < $1,026.95,
    // endpoints-only $102.36 but infeasible. The S3-endpoint option is not in
    // the acceptance file: NAT's $1,026.95 less the S3 traffic it no longer
    // carries, 25% × 12,000 = 3,000 GB × $0.05 NAT processing = $150.00, and
    // that traffic's cross-AZ legs from the 2 of 3 AZs without the gateway,
    // 3,000 × 2/3 × 2 ways × $0.01 = $40.00: 1,026.95 − 190.00 = $836.95.
    assert_eq!(
        rows,
        vec![
            // The London acceptance scenario's ten options, ranked; London's table
            // has no NAT instance, Transit Gateway or Network Firewall prices.
            "1. Public subnets with public IPv4|$248.70|yes",
            "2. Regional NAT gateway + S3 gateway endpoint|$797.25|yes",
            "3. NAT gateways + S3 gateway endpoint|$836.95|yes",
            "4. NAT gateways + S3 gateway + IPv6 egress-only gateway|$836.95|yes",
            "5. NAT gateways + S3 gateway + interface endpoints|$901.31|yes",
            "6. NAT gateways|$1,026.95|yes",
            "7. Endpoints only (no NAT)|$102.36|no",
            "8. NAT instances + S3 gateway endpoint|not priced|no",
            "9. Centralized egress VPC through a Transit Gateway|not priced|no",
            "10. Network Firewall + NAT gateways + S3 gateway endpoint|not priced|no",
        ]
    );
    let meta = egress_planner::pricing::PricingTable::bundled()
        .unwrap()
        .meta;
    assert!(svg.contains("eu-west-2") && svg.contains(&format!("prices as of {}", meta.as_of)));
}

#[tokio::test]
async fn hostile_input_comes_back_escaped_in_the_images() {
    for path in ["/chart.svg", "/card.svg"] {
        let response = get(&format!(
            "{path}?monthly_gb=%3Cscript%3Ealert(1)%3C/script%3E"
        ))
        .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "image/svg+xml");
        let svg = text(response).await;
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        assert!(
            !doc.descendants().any(|n| n.has_tag_name("script")),
            "no element injected"
        );
        assert!(
            svg.contains("Monthly traffic must be a number"),
            "the message names the field"
        );
    }
}

#[tokio::test]
async fn images_are_cacheable_and_identical_for_the_same_query() {
    let first = get(&format!("/chart.svg?{LONDON}")).await;
    let tag = first.headers()[header::ETAG].clone();
    assert!(header_text(&first, header::CACHE_CONTROL).contains("max-age"));
    let first = text(first).await;
    let second = text(get(&format!("/chart.svg?{LONDON}")).await).await;
    assert_eq!(first, second);
    let config = Config::for_tests();
    let revalidate = Request::get(format!("/chart.svg?{LONDON}"))
        .header(header::IF_NONE_MATCH, tag)
        .body(Body::empty())
        .unwrap();
    let response = send_with(&config, revalidate).await;
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn a_different_scenario_or_image_gets_a_different_etag() {
    let tag = |uri: String| async move { get(&uri).await.headers()[header::ETAG].clone() };
    let london = tag(format!("/chart.svg?{LONDON}")).await;
    assert_eq!(london, tag(format!("/chart.svg?{LONDON}")).await);
    assert_ne!(london, tag(format!("/chart.svg?{LONDON}&hours=700")).await);
    // Each kind of value counts: a decimal, a text, a yes/no.
    for change in ["ipv6_percent=10", "current=nat_gateway", "sensitive=true"] {
        assert_ne!(
            london,
            tag(format!("/chart.svg?{LONDON}&{change}")).await,
            "{change}"
        );
    }
    assert_ne!(london, tag(format!("/card.svg?{LONDON}")).await);
}

#[tokio::test]
async fn embed_and_images_may_be_framed_by_the_configured_origins_only() {
    let config = Config {
        frame_ancestors: vec!["https://wiki.example.com".into()],
        ..Config::for_tests()
    };
    for path in ["/embed", "/chart.svg", "/card.svg"] {
        let response = get_with(&config, &format!("{path}?{LONDON}")).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let csp = header_text(&response, header::CONTENT_SECURITY_POLICY);
        assert!(
            csp.ends_with("frame-ancestors https://wiki.example.com"),
            "{path}: {csp}"
        );
        assert!(
            !response.headers().contains_key(header::X_FRAME_OPTIONS),
            "{path}"
        );
    }
    let svg = get(&format!("/chart.svg?{LONDON}")).await;
    let csp = header_text(&svg, header::CONTENT_SECURITY_POLICY);
    assert!(
        csp.starts_with("default-src 'none'; style-src 'unsafe-inline'"),
        "{csp}"
    );
    assert!(
        csp.ends_with("frame-ancestors *"),
        "default: any origin, {csp}"
    );
    for path in ["/", "/compare", "/api/v1/regions"] {
        let response = get_with(&config, path).await;
        let csp = header_text(&response, header::CONTENT_SECURITY_POLICY);
        assert!(csp.contains("frame-ancestors 'self'"), "{path}: {csp}");
    }
}

#[tokio::test]
async fn the_embed_view_is_compact_and_links_to_the_full_page() {
    let html = text_with(StatusCode::OK, get(&format!("/embed?{LONDON}")).await).await;
    assert!(
        html.contains(r#"<tr id="row-public_subnet" class="best">"#),
        "cheapest highlighted first"
    );
    assert!(html.contains(r#"data-option="nat_gateway">$1,026.95<"#));
    assert!(html.contains("Open in egress-planner"));
    assert!(
        html.contains("/compare?region=eu-west-2&#38;monthly_gb=12000"),
        "links to the permalink"
    );
    assert!(!html.contains("<form"), "chrome-less: no form");
}

#[tokio::test]
async fn the_results_page_offers_snippets_with_absolute_urls() {
    let config = Config {
        public_url: Some("https://egress.example.com/".into()),
        ..Config::for_tests()
    };
    let html = text(get_with(&config, &format!("/compare?{LONDON}")).await).await;
    assert!(
        html.contains(r#"&lt;iframe src="https://egress.example.com/embed?region=eu-west-2"#),
        "iframe snippet"
    );
    assert!(
        html.contains(
            "[![Egress cost by traffic](https://egress.example.com/chart.svg?region=eu-west-2"
        ),
        "chart markdown"
    );
    assert!(
        html.contains("[![Egress options](https://egress.example.com/card.svg?region=eu-west-2"),
        "card markdown"
    );
    // Without a configured URL the links are relative, never from the Host
    // header, and the snippet box says what to set.
    let request = Request::get(format!("/compare?{LONDON}"))
        .header(header::HOST, "planner.internal:8080")
        .body(Body::empty())
        .unwrap();
    let html = text(send_with(&Config::for_tests(), request).await).await;
    assert!(!html.contains("planner.internal"), "never the Host header");
    assert!(
        html.contains(r#"&lt;iframe src="/embed?region=eu-west-2"#),
        "relative iframe snippet"
    );
    assert!(
        html.contains(r#"id="snippet-relative""#) && html.contains("--public-url"),
        "says to set --public-url"
    );
}

#[tokio::test]
async fn a_bad_embed_query_says_what_is_wrong_in_html() {
    let body = typed_text(
        StatusCode::UNPROCESSABLE_ENTITY,
        "text/html",
        get("/embed?azs=%3Cb%3E9&monthly_gb=x").await,
    )
    .await;
    assert!(body.contains("<main>") && body.contains("<h1"), "{body}");
    // Every error at once, each by the field's label, the input escaped.
    assert!(
        body.contains("Availability Zones must be a whole number from 1 to 6"),
        "{body}"
    );
    assert!(body.contains("Monthly traffic must be a number"), "{body}");
    assert!(!body.contains("<b>9"), "{body}");
}

/// The chart's scenarios for the geometry checks: London, a Fargate
/// review, all eight options in Sydney, a small volume and a huge one.
const CHART_SCENARIOS: &[&str] = &[
    LONDON,
    "monthly_gb=5000&s3_percent=40&aws_percent=20&public_ips=4&peak_gbps=20",
    "region=ap-southeast-2&monthly_gb=8000&s3_percent=30&ipv6_percent=20&azs=3&nat_gateways=1&public_ips=40&peak_gbps=20&svc.logs=1200&svc.ecr.api=2",
    "monthly_gb=10&public_ips=1&peak_gbps=0.1",
    "region=ap-southeast-2&monthly_gb=900000000&s3_percent=10&public_ips=100000&peak_gbps=900&nat_gateways=9&azs=3",
    // Four options meet at one point mid-chart: a label too long for either
    // side of it.
    FOUR_MEET,
    // Two pairs meet at one point whose cost is on a half cent: worked from
    // either side it rounded to $1,385.17 and $1,385.18.
    "region=eu-west-2&monthly_gb=478&ipv6_percent=0&azs=6&nat_gateways=5&interface_endpoints=6",
    // A label placed across its point, whose first free line was on it.
    "region=us-east-2&monthly_gb=2974&s3_percent=40&aws_percent=60&ipv6_percent=40&azs=2&interface_endpoints=0&public_ips=40&peak_gbps=20&nat_instances=2",
    // The most traffic the form takes: the marker at the right edge.
    "monthly_gb=1000000000",
    // NAT gateways, public subnets and the regional NAT gateway all meet
    // within a GB of 1,497 GB at $410.40: one label, not three.
    "region=sa-east-1&monthly_gb=127703.49&s3_percent=46&ipv6_percent=40&outbound_percent=56&azs=4&nat_gateways=3&public_ips=99&peak_gbps=58.62&aws_percent=15&interface_endpoints=0",
];

/// Two AZs, no IPv6 traffic: NAT + S3, the regional NAT gateway and IPv6
/// egress cost the same all along, so their lines lie on each other.
const FOUR_MEET: &str = "monthly_gb=50000&s3_percent=40&aws_percent=30&peak_gbps=20";

/// A number attribute, 0 when absent.
fn number(node: roxmltree::Node<'_, '_>, name: &str) -> f64 {
    node.attribute(name).map_or(0.0, |v| v.parse().unwrap())
}

/// The sum of the `translate(x y)` of a node's ancestors.
fn offset(node: roxmltree::Node<'_, '_>) -> (f64, f64) {
    node.ancestors()
        .filter_map(|a| a.attribute("transform"))
        .filter_map(|t| t.strip_prefix("translate(")?.strip_suffix(')'))
        .map(|xy| {
            let mut it = xy.split([' ', ',']).filter(|s| !s.is_empty());
            let x: f64 = it.next().unwrap().parse().unwrap();
            let y: f64 = it.next().map_or(0.0, |y| y.parse().unwrap());
            (x, y)
        })
        .fold((0.0, 0.0), |(x, y), (dx, dy)| (x + dx, y + dy))
}

/// A node's own text, its children's included.
fn content(node: roxmltree::Node<'_, '_>) -> String {
    node.descendants()
        .filter(|n| n.is_text() && n.parent().is_some_and(|p| p.has_tag_name("text")))
        .filter_map(|n| n.text())
        .collect()
}

#[tokio::test]
async fn every_chart_label_lies_inside_the_canvas() {
    for query in CHART_SCENARIOS {
        let svg = text(get(&format!("/chart.svg?{query}")).await).await;
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        let root = doc.root_element();
        let view: Vec<f64> = root
            .attribute("viewBox")
            .unwrap()
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect();
        let (width, height) = (view[2], view[3]);
        let root_size = number(root, "font-size");
        for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
            let label = content(t);
            let size = t
                .attribute("font-size")
                .map_or(root_size, |s| s.parse().unwrap());
            // 6.5 units a character at 11–12 units, in proportion for larger text.
            let w = label.chars().count() as f64 * 6.5 * size.max(12.0) / 12.0;
            let (dx, dy) = offset(t);
            let (x, y) = (number(t, "x") + dx, number(t, "y") + dy + number(t, "dy"));
            let rotated = t
                .attribute("transform")
                .is_some_and(|r| r.starts_with("rotate(-90"));
            // A label turned a quarter left runs up from its anchor.
            let (left, right, top, bottom) = if rotated {
                (x - size, x, y - w / 2.0, y + w / 2.0)
            } else {
                let left = match t.attribute("text-anchor").unwrap_or("start") {
                    "end" => x - w,
                    "middle" => x - w / 2.0,
                    _ => x,
                };
                (left, left + w, y - size, y)
            };
            assert!(
                left >= 0.0 && right <= width && top >= 0.0 && bottom <= height,
                "{query}: {label:?} at ({left:.0}..{right:.0}, {top:.0}..{bottom:.0}) leaves the {width}×{height} canvas"
            );
        }
    }
}

#[tokio::test]
async fn crossover_labels_name_every_option_meeting_there_once_and_leave_the_point_visible() {
    let mut seen = 0;
    for query in CHART_SCENARIOS {
        let api = api(query).await;
        let short = |id: &str| option(&api, id)["short_name"].as_str().unwrap().to_owned();
        let svg = text(get(&format!("/chart.svg?{query}")).await).await;
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let mut points = Vec::new();
        for g in doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("crossover"))
        {
            let circle = g.descendants().find(|n| n.has_tag_name("circle")).unwrap();
            let (cx, cy) = (number(circle, "cx"), number(circle, "cy"));
            let between: Vec<&str> = g.attribute("data-between").unwrap().split(' ').collect();
            assert!(between.len() >= 2, "{query}: {between:?}");
            let mut distinct = between.clone();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), between.len(), "{query}: {between:?}");
            let label = label_of(g);
            // One label a point: labels that read the same volume at costs
            // a cent apart mark one point, worked out from different pairs.
            let (head, tail) = label.rsplit_once(": ").unwrap();
            let (gb, cost) = tail.split_once(" GB, $").unwrap();
            let cost: f64 = cost.replace(',', "").parse().unwrap();
            assert!(
                !points
                    .iter()
                    .any(|(g, c): &(String, f64)| g == gb && (c - cost).abs() <= 0.011),
                "{query}: two labels for {gb} GB, ${cost}"
            );
            points.push((gb.to_owned(), cost));
            // Every option, or as many as fit and "+ N more" for the rest.
            let names: Vec<String> = between.iter().map(|id| short(id)).collect();
            let (named, more) = head.split_once(" + ").map_or((head, 0), |(named, more)| {
                (named, more.strip_suffix(" more").unwrap().parse().unwrap())
            });
            assert_eq!(
                named,
                names[..names.len() - more].join(" = "),
                "{query}: {label:?} names {names:?}"
            );
            // The label's line (6.5 units a character, 11 high) stays off
            // the circle (radius 5) it labels.
            let text = g
                .descendants()
                .find(|n| n.attribute("class") == Some("crossover-label"))
                .unwrap();
            let width = label.chars().count() as f64 * 6.5;
            let x = number(text, "x");
            let left = if text.attribute("text-anchor") == Some("end") {
                x - width
            } else {
                x
            };
            let bottom = number(text, "y");
            let covers = left < cx + 5.0
                && cx - 5.0 < left + width
                && bottom - 11.0 < cy + 5.0
                && cy - 5.0 < bottom;
            assert!(!covers, "{query}: {label:?} covers its point ({cx}, {cy})");
            seen += 1;
        }
    }
    assert!(seen >= 3, "{seen} crossovers over the scenarios");
}

#[tokio::test]
async fn the_volume_marker_label_stays_clear_of_the_cost_axis_labels() {
    // At 5,000 GB of a 150k range the marker sits 21 units right of the
    // axis; its label centred there ran over "$10k".
    for query in CHART_SCENARIOS {
        let svg = text(get(&format!("/chart.svg?{query}")).await).await;
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let marker = doc
            .descendants()
            .find(|n| n.attribute("class") == Some("marker-label"))
            .unwrap();
        // Bold 12-unit text, about 7 units a character, centred on x.
        let half = content(marker).chars().count() as f64 * 7.0 / 2.0;
        let (left, right) = (number(marker, "x") - half, number(marker, "x") + half);
        let (top, bottom) = (number(marker, "y") - 12.0, number(marker, "y"));
        let ticks: Vec<_> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("tick cost-tick"))
            .collect();
        assert!(ticks.len() >= 3, "{query}: cost ticks");
        for tick in ticks {
            let label = content(tick);
            let x = number(tick, "x");
            let (t_left, t_right) = (x - label.chars().count() as f64 * 6.5, x);
            let t_bottom = number(tick, "y") + offset(tick).1 + number(tick, "dy");
            let overlaps =
                left < t_right && t_left < right && top < t_bottom && t_bottom - 12.0 < bottom;
            assert!(
                !overlaps,
                "{query}: {:?} at {left:.0}..{right:.0} overlaps {label:?} at {t_left:.0}..{t_right:.0}",
                content(marker)
            );
        }
        // Nor with the heading above it: the heading's baseline is above the label's top.
        let heading = doc
            .root_element()
            .children()
            .find(|n| n.has_tag_name("text"))
            .unwrap();
        assert!(
            number(heading, "y") + 3.0 < top,
            "{query}: 'you' runs into the heading"
        );
    }
}

#[tokio::test]
async fn options_that_cost_the_same_share_one_crossover_label() {
    // us-east-1, 2 AZs, 3 interface endpoints, S3 40 %, AWS APIs 30 %,
    // internet 30 % of which half outbound. NAT + endpoints pays
    // 3 × 2 AZs × 730 h × $0.01 = $43.80 more a month than NAT + S3 and saves
    // 30 % × ($0.045 NAT − $0.01 endpoint) = $0.0105 a GB, so they cross at
    // 43.80 / 0.0105 = 4,171.43 GB. There NAT + S3 costs 2 × 730 × ($0.045
    // + $0.005 address) = $73.00, plus NAT processing 60 % × 4,171.43 ×
    // $0.045 = $112.63, plus data out 15 % × 4,171.43 = 625.71 GB × $0.09 =
    // $56.31: $241.94. The regional NAT gateway (two AZs, two AZ-hours) and
    // IPv6 egress (no IPv6 traffic) cost what NAT + S3 does at every volume,
    // so all four meet there: one label, not three stacked on one point.
    let svg = text(get(&format!("/chart.svg?{FOUR_MEET}")).await).await;
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let groups: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("crossover"))
        .collect();
    let at_4171: Vec<_> = groups
        .iter()
        .filter(|g| content(**g).contains("4,171 GB"))
        .collect();
    assert_eq!(at_4171.len(), 1, "{svg}");
    assert_eq!(
        at_4171[0].attribute("data-between"),
        Some(
            "nat_gateway_s3_endpoint nat_gateway_all_endpoints regional_nat_gateway nat_gateway_ipv6_egress"
        )
    );
    assert_eq!(
        label_of(*at_4171[0]),
        "NAT+S3 = NAT+endpoints = Regional NAT = NAT+IPv6: 4,171 GB, $241.94"
    );
    // Their lines lie on NAT + S3's, and the legend says so.
    for id in ["regional_nat_gateway", "nat_gateway_ipv6_egress"] {
        let legend = doc
            .descendants()
            .find(|n| {
                n.attribute("class") == Some("legend") && n.attribute("data-option") == Some(id)
            })
            .unwrap();
        assert!(
            content(legend).contains("same as NAT+S3"),
            "{id}: {}",
            content(legend)
        );
    }
}

/// A crossing's words under the legend, its lines run together.
fn label_of(group: roxmltree::Node<'_, '_>) -> String {
    group
        .descendants()
        .filter(|n| n.attribute("class") == Some("crossover-label"))
        .map(content)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The ticks of one axis of a chart (`traffic-tick` or `cost-tick`), as values.
fn tick_values(doc: &roxmltree::Document<'_>, class: &str) -> Vec<f64> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("class") == Some(class))
        .map(|n| tick_value(&content(n)))
        .collect()
}

/// The step of evenly spaced ticks from zero, checked to be 1, 2, 2.5 or 5 × a power of ten.
fn round_step(values: &[f64], what: &str) -> f64 {
    assert!(values.len() >= 3, "{what}: {values:?}");
    assert_eq!(values[0], 0.0, "{what}: {values:?}");
    let step = values[1] - values[0];
    let power = 10f64.powf(step.log10().floor());
    let mantissa = (step / power * 1000.0).round() / 1000.0;
    assert!(
        [1.0, 2.0, 2.5, 5.0].contains(&mantissa),
        "{what}: step {step} of {values:?}"
    );
    for pair in values.windows(2) {
        assert!(
            ((pair[1] - pair[0]) - step).abs() < step * 1e-9,
            "{what}: uneven ticks {values:?}"
        );
    }
    step
}

#[tokio::test]
async fn the_traffic_axis_runs_around_the_scenarios_volume_in_round_steps() {
    // The README's example: 5,000 GB. The axis ran to 150,000 GB to take in a crossing far
    // beyond it, which crowded the marker and the nearer crossings into the corner; it now
    // runs to 2.5 × 5,000 = 12,500 GB in steps of 2,500.
    let svg = text(
        get("/chart.svg?monthly_gb=5000&s3_percent=40&aws_percent=20&public_ips=4&peak_gbps=20")
            .await,
    )
    .await;
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(
        tick_values(&doc, "tick traffic-tick"),
        vec![0.0, 2500.0, 5000.0, 7500.0, 10000.0, 12500.0]
    );
    for layout in ["", "&layout=narrow"] {
        for query in CHART_SCENARIOS {
            let svg = text(get(&format!("/chart.svg?{query}{layout}")).await).await;
            let doc = roxmltree::Document::parse(&svg).unwrap();
            round_step(&tick_values(&doc, "tick traffic-tick"), query);
            round_step(&tick_values(&doc, "tick cost-tick"), query);
        }
    }
}

#[tokio::test]
async fn the_embed_heading_says_the_whole_scenario_and_the_ranking_scrolls_inside_the_frame() {
    // The scenario a user found overflowing a 600 × 400 frame: its heading now carries the S3
    // share, the AZs and the NAT gateways, and the ranking scrolls in its own region so the
    // verdict and the link stay in view.
    let html = text_with(
        StatusCode::OK,
        get("/embed?region=eu-west-2&monthly_gb=25000&s3_percent=40&azs=3&nat_gateways=1&public_ips=0&peak_gbps=150&aws_percent=30").await,
    )
    .await;
    let head = html
        .split("<h1 class=\"embed-head\">")
        .nth(1)
        .and_then(|h| h.split("</h1>").next())
        .unwrap();
    for part in ["S3 40%", "3 AZs", "1 NAT gateway", "peak 150 Gbps"] {
        assert!(head.contains(part), "{part} in {head}");
    }
    let region = html
        .find(r#"<div class="embed-table" tabindex="0" role="region""#)
        .unwrap();
    let table_end = html.find("</table></div>").unwrap();
    let link = html.find("Open in egress-planner").unwrap();
    assert!(region < table_end && table_end < link);
}
