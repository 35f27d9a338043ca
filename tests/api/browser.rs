//! Real-browser tests: Chromium driven through chromedriver against the app on
//! a real socket. Marked `#[ignore]` so a plain `cargo test` needs no browser;
//! CI runs them with `cargo test -- --include-ignored` after installing
//! `chromium` and `chromium-driver`. Screenshots go to `target/screenshots/`.

use super::helpers::{get, json};
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
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities.as_object().unwrap().clone())
        .connect(&driver.url)
        .await
        .expect("a Chromium session");
    (driver, client)
}

/// Saves a screenshot under target/screenshots/.
pub async fn screenshot(client: &Client, name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = client.screenshot().await.unwrap();
    std::fs::write(dir.join(name), png).unwrap();
}

async fn fill(client: &Client, id: &str, value: &str) {
    let input = client.find(Locator::Id(id)).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys(value).await.unwrap();
}

async fn submit(client: &Client) {
    let button = client
        .find(Locator::Css("form.scenario button[type=submit]"))
        .await
        .unwrap();
    button.click().await.unwrap();
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with --include-ignored"]
async fn a_user_fills_the_form_and_reads_the_apis_numbers() {
    let base = start_app().await;
    let (_driver, client) = browser().await;

    client.goto(&format!("{base}/")).await.unwrap();
    client
        .find(Locator::Id("region"))
        .await
        .unwrap()
        .select_by_value("eu-west-1")
        .await
        .unwrap();
    fill(&client, "monthly_gb", "5000").await;
    fill(&client, "s3_percent", "40").await;
    fill(&client, "aws_percent", "20").await;
    fill(&client, "public_ips", "4").await;
    fill(&client, "peak_gbps", "20").await;
    submit(&client).await;
    client
        .wait()
        .for_element(Locator::Css("table.ranked"))
        .await
        .unwrap();

    // The page's URL is the permalink; the API answers the same scenario.
    let url = client.current_url().await.unwrap();
    assert_eq!(url.path(), "/compare");
    let query = url.query().unwrap().to_owned();
    assert!(
        query.contains("region=eu-west-1") && query.contains("monthly_gb=5000"),
        "{query}"
    );
    // The page's own JSON link carries the scenario with every field filled in.
    let api_link = client
        .find(Locator::Css("a[href^='/api/v1/compare?']"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert!(api_link.contains("region=eu-west-1"), "{api_link}");
    let (_, api) = json(get(&api_link).await).await;
    for option in api["options"].as_array().unwrap() {
        let id = option["id"].as_str().unwrap();
        let cell = client
            .find(Locator::Css(&format!("td[data-option='{id}']")))
            .await
            .unwrap();
        let shown = cell.text().await.unwrap();
        let expected = format!("${}", option["monthly_cost"].as_str().unwrap());
        assert_eq!(shown.replace(',', ""), expected, "{id}");
    }
    let first_row = client
        .find(Locator::Css("table.ranked tbody tr"))
        .await
        .unwrap();
    assert_eq!(
        first_row.attr("id").await.unwrap().as_deref(),
        Some(&*format!("row-{}", api["cheapest"].as_str().unwrap()))
    );

    // Opening the permalink in a fresh page gives the same numbers.
    let cheapest_cost = client
        .find(Locator::Css("tr.best td.cost"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    client.goto(url.as_str()).await.unwrap();
    assert_eq!(
        client
            .find(Locator::Css("tr.best td.cost"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        cheapest_cost
    );

    client.set_window_size(1280, 900).await.unwrap();
    screenshot(&client, "results-desktop.png").await;
    client.set_window_size(390, 844).await.unwrap();
    screenshot(&client, "results-phone.png").await;
    client.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs chromium and chromedriver; run with --include-ignored"]
async fn a_bad_value_comes_back_beside_its_field() {
    let base = start_app().await;
    let (_driver, client) = browser().await;
    client.goto(&format!("{base}/")).await.unwrap();
    fill(&client, "azs", "9").await;
    submit(&client).await;
    let error = client
        .wait()
        .for_element(Locator::Id("azs-error"))
        .await
        .unwrap();
    assert!(
        error
            .text()
            .await
            .unwrap()
            .contains("Availability Zones must be a whole number from 1 to 6")
    );
    let value = client
        .find(Locator::Id("azs"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(value.as_deref(), Some("9"), "the typed value is kept");
    screenshot(&client, "form-error.png").await;
    client.close().await.unwrap();
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
    let app = start_app().await;
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
    assert_ne!(app, wiki, "two origins");
    let (_driver, client) = browser().await;
    client.set_window_size(1280, 1700).await.unwrap();
    client.goto(&format!("{wiki}/")).await.unwrap();

    // Both images decoded: an SVG that failed to load or parse has no natural width.
    client
        .wait()
        .for_element(Locator::Css("#card"))
        .await
        .unwrap();
    let started = Instant::now();
    loop {
        let widths = client
            .execute("return [document.getElementById('chart').naturalWidth, document.getElementById('card').naturalWidth];", vec![])
            .await
            .unwrap();
        if widths == serde_json::json!([720, 640]) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "images did not load: {widths}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // The iframe loaded across origins: switch into it and read the cheapest cost.
    client
        .wait()
        .for_element(Locator::Id("planner"))
        .await
        .unwrap();
    screenshot(&client, "wiki-embed.png").await;
    client.enter_frame(0).await.unwrap();
    let cost = client
        .wait()
        .for_element(Locator::Css("tr.best td.cost"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        cost, "$248.70",
        "London acceptance scenario: public subnets at $248.70"
    );
    client.enter_parent_frame().await.unwrap();
    client.close().await.unwrap();
}
