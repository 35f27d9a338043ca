//! Real-browser tests: Chromium driven through chromedriver against the app on
//! a real socket. Marked `#[ignore]` so a plain `cargo test` needs no browser;
//! CI runs them with `cargo test -- --include-ignored` after installing
//! `chromium` and `chromium-driver`. Screenshots go to `target/screenshots/`.

use super::helpers::{get, json};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use std::net::{SocketAddr, TcpListener as StdListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Starts the app on a free loopback port and returns its base URL.
pub async fn start_app() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let config = egress_planner::Config::for_tests();
    let state =
        egress_planner::AppState::new(egress_planner::load_table(&config).unwrap(), &config);
    tokio::spawn(async move {
        axum::serve(listener, egress_planner::app(state))
            .await
            .unwrap()
    });
    format!("http://{address}")
}

/// A chromedriver process, killed when dropped.
pub struct Driver {
    child: Child,
    pub url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts chromedriver and a headless Chromium session.
pub async fn browser() -> (Driver, Client) {
    let port = free_port();
    let child = Command::new("/usr/bin/chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver is installed (apt-get install chromium chromium-driver)");
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let address: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let started = Instant::now();
    while std::net::TcpStream::connect(address).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "chromedriver did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The no-network flags keep Chromium from reaching for Google's hosts,
    // which this machine's closed network refuses.
    let capabilities = serde_json::json!({
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                     "--no-first-run", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--window-size=1280,900"]
        }
    });
    // chromedriver accepts connections a moment before it can start a
    // session; a session request then sees "connection reset by peer".
    // A few tries, further apart each time, ride that out.
    let mut last_error = None;
    for attempt in 1..=SESSION_TRIES {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities.as_object().unwrap().clone())
            .connect(&driver.url)
            .await
        {
            Ok(client) => return (driver, client),
            Err(e) => {
                last_error = Some(e);
                tokio::time::sleep(Duration::from_millis(250 * attempt)).await;
            }
        }
    }
    panic!(
        "no Chromium session after {SESSION_TRIES} tries: {:?}",
        last_error
    );
}

/// How many times a session is asked for before the test gives up.
const SESSION_TRIES: u64 = 5;

/// Saves a screenshot under target/screenshots/.
pub async fn screenshot(client: &Client, name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = client.screenshot().await.unwrap();
    std::fs::write(dir.join(name), png).unwrap();
}

/// The app on a real socket and a browser session on it: what every
/// browser test starts from.
pub struct Session {
    /// The app's base URL.
    pub base: String,
    pub client: Client,
    // Declared after the client so that, as before, the client goes first.
    _driver: Driver,
}

/// Starts the app, chromedriver and a headless Chromium session.
pub async fn session() -> Session {
    let base = start_app().await;
    let (driver, client) = browser().await;
    Session {
        base,
        client,
        _driver: driver,
    }
}

impl Session {
    /// Ends the browser session; chromedriver stops with the rest.
    pub async fn close(self) {
        self.client.close().await.unwrap();
    }

    /// Loads a path of the app.
    pub async fn open(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap();
    }

    /// Runs a script in the page and returns its value.
    pub async fn run(&self, script: &str) -> serde_json::Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// The first element a locator finds, there now.
    async fn find(&self, locator: Locator<'_>) -> Element {
        self.client.find(locator).await.unwrap()
    }

    /// The first element a locator finds, waiting for it to appear.
    async fn wait_for(&self, locator: Locator<'_>) -> Element {
        self.client.wait().for_element(locator).await.unwrap()
    }

    /// Runs a script every 50 ms until it returns `want`; `what` has failed
    /// if it has not within `limit`.
    async fn run_until(&self, script: &str, want: serde_json::Value, limit: Duration, what: &str) {
        let started = Instant::now();
        loop {
            let got = self.run(script).await;
            if got == want {
                return;
            }
            assert!(started.elapsed() < limit, "{what}: {got}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Types `value` into the input with this id, replacing what was there.
    async fn fill(&self, id: &str, value: &str) {
        let input = self.find(Locator::Id(id)).await;
        input.clear().await.unwrap();
        input.send_keys(value).await.unwrap();
    }

    /// Chooses `value` in the select with this id.
    async fn select(&self, id: &str, value: &str) {
        let select = self.find(Locator::Id(id)).await;
        select.select_by_value(value).await.unwrap();
    }

    /// Waits for the results page's chart image to load.
    async fn chart_loaded(&self) {
        self.run_until(
            "const i = document.querySelector('section.chart img'); return i.complete && i.naturalWidth > 0;",
            serde_json::json!(true),
            Duration::from_secs(10),
            "the chart did not load",
        )
        .await;
    }

    /// Submits the scenario form.
    async fn submit(&self) {
        self.find(Locator::Css("form.scenario button[type=submit]"))
            .await
            .click()
            .await
            .unwrap();
    }

    /// The text of the first element a CSS selector finds.
    async fn text(&self, css: &str) -> String {
        self.find(Locator::Css(css)).await.text().await.unwrap()
    }
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with --include-ignored"]
async fn a_user_fills_the_form_and_reads_the_apis_numbers() {
    let session = session().await;
    let client = &session.client;

    session.open("/").await;
    session.select("region", "eu-west-1").await;
    for (id, value) in [
        ("monthly_gb", "5000"),
        ("s3_percent", "40"),
        ("aws_percent", "20"),
        ("public_ips", "4"),
        ("peak_gbps", "20"),
    ] {
        session.fill(id, value).await;
    }
    session.submit().await;
    session.wait_for(Locator::Css("table.ranked")).await;

    // The page's URL is the permalink; the API answers the same scenario.
    let url = client.current_url().await.unwrap();
    assert_eq!(url.path(), "/compare");
    let query = url.query().unwrap().to_owned();
    assert!(
        query.contains("region=eu-west-1") && query.contains("monthly_gb=5000"),
        "{query}"
    );
    // The page's own JSON link carries the scenario with every field filled in.
    let api_link = session
        .find(Locator::Css("a[href^='/api/v1/compare?']"))
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert!(api_link.contains("region=eu-west-1"), "{api_link}");
    let (_, api) = json(get(&api_link).await).await;
    for option in api["options"].as_array().unwrap() {
        let id = option["id"].as_str().unwrap();
        let shown = session.text(&format!("td[data-option='{id}']")).await;
        // An option the region's table cannot price says so (eu-west-1 has no Transit Gateway
        // or Network Firewall prices).
        let expected = option["monthly_cost"]
            .as_str()
            .map_or_else(|| "not priced".to_owned(), |cost| format!("${cost}"));
        assert_eq!(shown.replace(',', ""), expected, "{id}");
    }
    let first_row = session.find(Locator::Css("table.ranked tbody tr")).await;
    assert_eq!(
        first_row.attr("id").await.unwrap().as_deref(),
        Some(&*format!("row-{}", api["cheapest"].as_str().unwrap()))
    );

    // Opening the permalink in a fresh page gives the same numbers.
    let cheapest_cost = session.text("tr.best td.cost").await;
    client.goto(url.as_str()).await.unwrap();
    assert_eq!(session.text("tr.best td.cost").await, cheapest_cost);

    client.set_window_size(1280, 900).await.unwrap();
    screenshot(client, "results-desktop.png").await;
    client.set_window_size(390, 844).await.unwrap();
    screenshot(client, "results-phone.png").await;

    // "Change the scenario" opens the form filled with this one; a change compares again.
    client.set_window_size(1280, 900).await.unwrap();
    session
        .find(Locator::Css("p.quick a"))
        .await
        .click()
        .await
        .unwrap();
    session.wait_for(Locator::Css("form.scenario")).await;
    assert_eq!(client.current_url().await.unwrap().path(), "/");
    let filled = session
        .run(
            "return ['region', 'monthly_gb', 's3_percent', 'public_ips'].map(id => document.getElementById(id).value);",
        )
        .await;
    assert_eq!(filled, serde_json::json!(["eu-west-1", "5000", "40", "4"]));
    session.fill("monthly_gb", "9000").await;
    session.submit().await;
    session.wait_for(Locator::Css("table.ranked")).await;
    let again = client.current_url().await.unwrap();
    let query = again.query().unwrap();
    assert!(
        query.contains("monthly_gb=9000") && query.contains("region=eu-west-1"),
        "{query}"
    );
    session.close().await;
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with --include-ignored"]
async fn a_bad_value_comes_back_beside_its_field() {
    let session = session().await;
    session.open("/").await;
    session.fill("azs", "9").await;
    session.submit().await;
    let error = session.wait_for(Locator::Id("azs-error")).await;
    assert!(
        error
            .text()
            .await
            .unwrap()
            .contains("Availability Zones must be a whole number from 1 to 6")
    );
    let value = session
        .find(Locator::Id("azs"))
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(value.as_deref(), Some("9"), "the typed value is kept");
    screenshot(&session.client, "form-error.png").await;
    session.close().await;
}

/// Serves `html` at `/` on another port: a wiki page on a different origin.
async fn start_wiki(html: String) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let wiki = axum::Router::new().route(
        "/",
        axum::routing::get(move || async move { axum::response::Html(html) }),
    );
    tokio::spawn(async move { axum::serve(listener, wiki).await.unwrap() });
    format!("http://{address}")
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with --include-ignored"]
async fn a_wiki_on_another_origin_shows_the_iframe_the_chart_and_the_card() {
    let session = session().await;
    let (app, client) = (&session.base, &session.client);
    let query = "region=eu-west-2&monthly_gb=12000&s3_percent=25&aws_percent=5&outbound_percent=30&interface_endpoints=4&azs=3&nat_gateways=1&public_ips=6&peak_gbps=3";
    let wiki = start_wiki(format!(
        r#"<!doctype html><html><body style="font-family:sans-serif">
<h1>ADR 42: egress for the payments service</h1>
<iframe id="planner" src="{app}/embed?{query}" width="600" height="400" style="border:1px solid #ccc" title="egress-planner"></iframe>
<p><img id="chart" src="{app}/chart.svg?{query}" alt="cost chart"></p>
<p><img id="card" src="{app}/card.svg?{query}" alt="comparison card"></p>
</body></html>"#
    ))
    .await;
    assert_ne!(app, &wiki, "two origins");
    client.set_window_size(1280, 1700).await.unwrap();
    client.goto(&format!("{wiki}/")).await.unwrap();

    // Both images decoded: an SVG that failed to load or parse has no natural width.
    session.wait_for(Locator::Css("#card")).await;
    session
        .run_until(
            "return [document.getElementById('chart').naturalWidth, document.getElementById('card').naturalWidth];",
            serde_json::json!([720, 640]),
            Duration::from_secs(10),
            "images did not load",
        )
        .await;

    // The iframe loaded across origins: switch into it and read the cheapest cost.
    session.wait_for(Locator::Id("planner")).await;
    screenshot(client, "wiki-embed.png").await;
    client.enter_frame(0).await.unwrap();
    let cost = session
        .wait_for(Locator::Css("tr.best td.cost"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        cost, "$248.70",
        "London acceptance scenario: public subnets at $248.70"
    );
    client.enter_parent_frame().await.unwrap();
    session.close().await;
}

/// A results page with every option (the hub and the firewall unpriced in
/// Sydney), the advice table and long names: ap-southeast-2, services given
/// one by one, one NAT gateway for three AZs.
pub const EIGHT_OPTIONS: &str = "region=ap-southeast-2&monthly_gb=8000&s3_percent=30&ipv6_percent=20&azs=3&nat_gateways=1&public_ips=40&peak_gbps=20&svc.logs=1200&svc.ecr.api=2&svc.secretsmanager=0.5";

/// Opens every `<details>` on the page.
pub async fn open_all_details(client: &Client) {
    client
        .execute(
            "document.querySelectorAll('details').forEach(d => d.open = true);",
            vec![],
        )
        .await
        .unwrap();
}

/// Sets the viewport (not the window) to `width` CSS pixels.
pub async fn viewport(client: &Client, width: u32, height: u32) {
    client.set_window_size(width, height).await.unwrap();
    // The window includes no chrome in headless mode, but check rather than assume.
    let inner = client
        .execute("return window.innerWidth;", vec![])
        .await
        .unwrap()
        .as_u64()
        .unwrap() as u32;
    if inner != width {
        client
            .set_window_size(width + (width - inner), height)
            .await
            .unwrap();
    }
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with --include-ignored"]
async fn nothing_scrolls_sideways_and_every_cost_is_in_view_on_a_phone_and_a_laptop() {
    let session = session().await;
    let client = &session.client;
    for width in [390, 1280] {
        viewport(client, width, 900).await;
        session.open(&format!("/compare?{EIGHT_OPTIONS}")).await;
        screenshot(client, &format!("eight-options-{width}.png")).await;
        for details_open in [false, true] {
            if details_open {
                open_all_details(client).await;
            }
            let fits = session
                .run(
                    "const d = document.documentElement;
                     const wide = [...document.querySelectorAll('body *')]
                       .filter(e => e.getBoundingClientRect().right > d.clientWidth + 0.5)
                       .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
                     return [d.scrollWidth, d.clientWidth, wide];",
                )
                .await;
            let (scroll, client_width) = (fits[0].as_u64().unwrap(), fits[1].as_u64().unwrap());
            assert!(
                scroll <= client_width,
                "{width}px, details open {details_open}: page {scroll}px wide in a {client_width}px viewport; too wide: {}",
                fits[2]
            );
        }
        let cells = session
            .run(
                "return [...document.querySelectorAll('td[data-option]')].map(td => {
                   const r = td.getBoundingClientRect();
                   return [td.dataset.option, r.left, r.right, r.width, td.textContent];
                 });",
            )
            .await;
        let cells = cells.as_array().unwrap();
        assert_eq!(
            cells.len(),
            egress_planner::engine::OPTIONS.len(),
            "every option"
        );
        for cell in cells {
            let (left, right, w) = (
                cell[1].as_f64().unwrap(),
                cell[2].as_f64().unwrap(),
                cell[3].as_f64().unwrap(),
            );
            assert!(
                left >= 0.0 && right <= f64::from(width) && w > 20.0,
                "{width}px: {cell} is not fully in view"
            );
        }
    }
    viewport(client, 390, 3000).await;
    screenshot(client, "eight-options-390-open.png").await;
    session.close().await;
}

/// Relative luminance of an `rgb(r, g, b)` colour (WCAG 2).
fn luminance(css: &str) -> f64 {
    let channels: Vec<f64> = css
        .trim_start_matches("rgba(")
        .trim_start_matches("rgb(")
        .trim_end_matches(')')
        .split(',')
        .take(3)
        .map(|c| c.trim().parse::<f64>().unwrap() / 255.0)
        .map(|c| {
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        })
        .collect();
    0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
}

fn contrast(a: &str, b: &str) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with --include-ignored"]
async fn focus_rings_targets_arrows_selects_and_links_into_details_work_in_a_browser() {
    let session = session().await;
    let client = &session.client;
    viewport(client, 1280, 900).await;
    // The form a results page's "Change the scenario" opens.
    session.open(&format!("/?{EIGHT_OPTIONS}#scenario")).await;

    // The focus ring: 3px, and 3:1 or better against the white page and the form's panel.
    let ring = session
        .run(
            "const e = document.getElementById('monthly_gb'); e.focus();
             const s = getComputedStyle(e);
             return [s.outlineStyle, s.outlineWidth, s.outlineColor];",
        )
        .await;
    assert_eq!(ring[0], "solid", "{ring}");
    assert_eq!(ring[1], "3px", "{ring}");
    let color = ring[2].as_str().unwrap();
    // The 2px offset puts the ring on the page or panel around a control,
    // never on the blue button itself.
    for background in ["rgb(255, 255, 255)", "rgb(244, 246, 249)"] {
        let ratio = contrast(color, background);
        assert!(ratio >= 3.0, "ring {color} on {background}: {ratio:.2}:1");
    }

    // Every summary on the results page draws its arrow.
    session.open(&format!("/compare?{EIGHT_OPTIONS}")).await;
    let arrows = session
        .run(
            "return [...document.querySelectorAll('summary')].map(s => getComputedStyle(s, '::before').content);",
        )
        .await;
    assert!(arrows.as_array().unwrap().len() >= 10, "{arrows}");
    for arrow in arrows.as_array().unwrap() {
        let arrow = arrow.as_str().unwrap();
        assert!(arrow.contains('▸') || arrow.contains('▾'), "{arrows}");
    }

    // The free-tier checkbox is a 24px target.
    session.open(&format!("/?{EIGHT_OPTIONS}#scenario")).await;
    let size = session
        .run(
            "const r = document.getElementById('dto_free_tier').getBoundingClientRect(); return [r.width, r.height];",
        )
        .await;
    assert!(
        size[0].as_f64().unwrap() >= 24.0 && size[1].as_f64().unwrap() >= 24.0,
        "{size}"
    );

    // The region select is wide enough for its longest choice at 1280px.
    let select = session
        .run(
            "const s = document.getElementById('region');
             const c = document.createElement('canvas').getContext('2d');
             c.font = getComputedStyle(s).font;
             const longest = Math.max(...[...s.options].map(o => c.measureText(o.text).width));
             return [longest, s.clientWidth];",
        )
        .await;
    let (longest, width) = (select[0].as_f64().unwrap(), select[1].as_f64().unwrap());
    assert!(
        longest + 40.0 <= width,
        "longest region {longest}px in a {width}px select (its arrow and padding take ~40px)"
    );

    // A ranked-table link opens its option's closed details.
    session.open(&format!("/compare?{EIGHT_OPTIONS}")).await;
    let closed = "nat_instance";
    let open = format!("return document.getElementById('{closed}').open;");
    assert_eq!(session.run(&open).await, false);
    session
        .find(Locator::Css(&format!("a[href='#lines-{closed}']")))
        .await
        .click()
        .await
        .unwrap();
    session
        .run_until(
            &open,
            serde_json::json!(true),
            Duration::from_secs(5),
            "the link did not open the details",
        )
        .await;

    // The skip link is the first thing Tab reaches.
    session.open("/").await;
    session
        .find(Locator::Css("body"))
        .await
        .send_keys("\u{e004}")
        .await
        .unwrap();
    let focused = session
        .run("return document.activeElement.getAttribute('href');")
        .await;
    assert_eq!(focused, "#main");
    session.close().await;
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with --include-ignored"]
async fn the_results_page_ranks_every_option_and_charts_each_feasible_one() {
    let session = session().await;
    let client = &session.client;
    // The small-service scenario: all ten options priced, endpoints-only
    // infeasible (it has internet traffic), so nine lines on the chart.
    session
        .open("/compare?region=us-east-1&monthly_gb=1500&s3_percent=20&aws_percent=5&outbound_percent=40&public_ips=4&peak_gbps=0.1&ipv6_percent=50")
        .await;
    let rows = client
        .find_all(Locator::Css("table.ranked tbody tr"))
        .await
        .unwrap();
    assert_eq!(rows.len(), egress_planner::engine::OPTIONS.len());
    // The chart is an image of /chart.svg for the same scenario, with one line per feasible
    // option; its words are in the alt text and the crossings in a table.
    let src = session
        .run("const i = document.querySelector('section.chart img'); return i.currentSrc;")
        .await;
    let src = src.as_str().unwrap().to_owned();
    assert!(
        src.contains("/chart.svg?") && !src.contains("layout="),
        "{src}"
    );
    let svg = super::helpers::text(
        get(src
            .split_once("127.0.0.1")
            .map_or(&src[..], |(_, r)| &r[r.find('/').unwrap()..]))
        .await,
    )
    .await;
    let mut ids: Vec<String> = svg
        .split("<path class=\"series\"")
        .skip(1)
        .filter_map(|p| {
            p.split("data-option=\"")
                .nth(1)?
                .split('"')
                .next()
                .map(str::to_owned)
        })
        .collect();
    ids.sort();
    let mut expected = vec![
        "nat_gateway",
        "nat_gateway_s3_endpoint",
        "nat_gateway_all_endpoints",
        "public_subnet",
        "regional_nat_gateway",
        "nat_instance",
        "nat_gateway_ipv6_egress",
        "centralized_egress",
        "inspected_egress",
    ];
    expected.sort();
    assert_eq!(ids, expected);
    let alt = session
        .run("return document.querySelector('section.chart img').alt;")
        .await;
    assert!(alt.as_str().unwrap().contains("9 options"), "{alt}");
    session.close().await;
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with --include-ignored"]
async fn on_a_phone_the_chart_is_drawn_for_its_width_and_reads_at_full_size() {
    // At 390 px the 720-unit chart was scaled to half, its 12-unit labels to 6 px. The page
    // now offers the 360-unit layout to narrow screens: drawn about one unit a pixel.
    let session = session().await;
    let client = &session.client;
    for (width, narrow) in [(390, true), (1280, false)] {
        viewport(client, width, 900).await;
        session
            .open("/compare?monthly_gb=5000&s3_percent=40&aws_percent=20&public_ips=4&peak_gbps=20")
            .await;
        session.chart_loaded().await;
        let shown = session
            .run(
                "const i = document.querySelector('section.chart img');
                 return [i.currentSrc, i.naturalWidth, i.getBoundingClientRect().width,
                         document.querySelectorAll('table.crossings tbody tr').length];",
            )
            .await;
        let (src, natural, drawn) = (
            shown[0].as_str().unwrap(),
            shown[1].as_f64().unwrap(),
            shown[2].as_f64().unwrap(),
        );
        assert_eq!(src.contains("layout=narrow"), narrow, "{width}px: {src}");
        let scale = drawn / natural;
        assert!(scale > 0.9, "{width}px: drawn at {scale:.2} of its size");
        assert_eq!(shown[3], 3, "{width}px: the three crossings as a table");
        screenshot(client, &format!("chart-{width}.png")).await;
    }
    session.close().await;
}

/// How many pages a PDF has: its `/Type /Page` objects (not `/Pages`).
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type")
        .filter(|(at, _)| {
            let rest = text[at + 5..].trim_start();
            rest.starts_with("/Page") && !rest.starts_with("/Pages")
        })
        .count()
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with --include-ignored"]
async fn a_results_page_prints_on_one_page_of_a4_and_of_letter() {
    use fantoccini::wd::{PrintConfiguration, PrintMargins, PrintSize};
    let session = session().await;
    // The README's example, and a per-service scenario with the advice table.
    for query in [
        "monthly_gb=5000&s3_percent=40&aws_percent=20&public_ips=4&peak_gbps=20",
        "region=eu-west-1&monthly_gb=25000&s3_percent=40&azs=3&nat_gateways=1&public_ips=30&peak_gbps=2&svc.ecr.api=5&svc.ecr.dkr=50&svc.logs=1500",
    ] {
        session.open(&format!("/compare?{query}")).await;
        // The chart is an image: printed once it has loaded.
        session.chart_loaded().await;
        for (name, size) in [("A4", PrintSize::A4), ("Letter", PrintSize::US_LETTER)] {
            // Chrome's print dialog: the paper, its default margins, nothing scaled to fit.
            let config = PrintConfiguration::builder()
                .size(size)
                .margins(PrintMargins {
                    top: 1.0,
                    bottom: 1.0,
                    left: 1.0,
                    right: 1.0,
                })
                .shrink_to_fit(false)
                .build()
                .unwrap();
            let pdf = session.client.print(config).await.unwrap();
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
            std::fs::create_dir_all(&dir).unwrap();
            let file = format!(
                "print-{}-{name}.pdf",
                if query.contains("svc.") {
                    "services"
                } else {
                    "readme"
                }
            );
            std::fs::write(dir.join(&file), &pdf).unwrap();
            assert_eq!(pdf_pages(&pdf), 1, "{file}: {query}");
        }
    }
    session.close().await;
}
