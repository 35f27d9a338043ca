//! `pricing fetch` against a local HTTP server on 127.0.0.1 that serves the
//! Price List's service index, region indexes and the fixture region files,
//! and, per test, a 404, a slow response and a cut-off body.

use super::helpers::{assert_says, pricelist};
use egress_planner::cli::pricing::{FetchArgs, fetch};
use egress_planner::ingest::pricing::fetch::{FetchOptions, Regions, download};
use egress_planner::pricing::PricingTable;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone)]
enum Reply {
    Body(Vec<u8>),
    NotFound,
    /// Waits this long before answering.
    Slow(Duration, Vec<u8>),
    /// Declares the whole length, sends half, closes; `n` times, then whole.
    CutOff(usize, Vec<u8>),
    /// No Content-Length: the body, then the connection closes.
    NoLength(Vec<u8>),
    /// A 302 to this location.
    Redirect(String),
    /// Declares the whole length, sends these bytes, then stalls (holding
    /// the connection) for this long.
    Stall(Duration, Vec<u8>, usize),
}

struct Server {
    base: String,
    stop: Arc<AtomicBool>,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

impl Server {
    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(pricelist(name)).unwrap()
}

const OFFERS: [&str; 4] = [
    "AmazonEC2",
    "AmazonVPC",
    "AWSDataTransfer",
    "AWSNetworkFirewall",
];

/// The regions an offer's region index lists: Network Firewall's lists only
/// us-east-1 here, so the others are skipped, not refused.
fn listed(offer: &str) -> &'static [&'static str] {
    match offer {
        "AWSNetworkFirewall" => &["us-east-1"],
        _ => &["eu-west-2", "eu-north-1", "us-east-1", "us-east-1-bos-1"],
    }
}

fn region_file(offer: &str, region: &str) -> String {
    format!("/offers/v1.0/aws/{offer}/20260904231117/{region}/index.csv")
}

/// The Price List below with one path's reply replaced.
fn serve_with(path: &str, reply: Reply) -> Server {
    let mut routes = price_list();
    routes.insert(path.to_owned(), reply);
    serve(routes)
}

/// The Price List as AWS lays it out, for eu-west-2, eu-north-1, us-east-1
/// and a Local Zone that `--regions all` must skip.
fn price_list() -> HashMap<String, Reply> {
    let mut routes = HashMap::new();
    let offers: serde_json::Map<String, serde_json::Value> = OFFERS
        .iter()
        .map(|o| {
            (
                o.to_string(),
                serde_json::json!({
                    "offerCode": o,
                    "currentVersionUrl": format!("/offers/v1.0/aws/{o}/current/index.json"),
                    "currentRegionIndexUrl": format!("/offers/v1.0/aws/{o}/current/region_index.json"),
                }),
            )
        })
        .collect();
    routes.insert(
        "/offers/v1.0/aws/index.json".to_owned(),
        Reply::Body(
            serde_json::json!({"formatVersion": "v1.0", "offers": offers})
                .to_string()
                .into_bytes(),
        ),
    );
    for offer in OFFERS {
        let regions: serde_json::Map<String, serde_json::Value> = listed(offer)
            .iter()
            .map(|r| {
                (
                    r.to_string(),
                    serde_json::json!({
                        "regionCode": r,
                        "currentVersionUrl": region_file(offer, r).replace(".csv", ".json"),
                    }),
                )
            })
            .collect();
        routes.insert(
            format!("/offers/v1.0/aws/{offer}/current/region_index.json"),
            Reply::Body(
                serde_json::json!({"formatVersion": "v1.0", "regions": regions})
                    .to_string()
                    .into_bytes(),
            ),
        );
        // The us-east-1 fixtures are JSON: served under the .csv name, the
        // importer still reads them by their content.
        for (region, ext) in [
            ("eu-west-2", "csv"),
            ("eu-north-1", "csv"),
            ("us-east-1", "json"),
        ] {
            if !listed(offer).contains(&region) {
                continue;
            }
            let name = match (offer, region) {
                ("AmazonVPC", "eu-west-2") => "AmazonVPC-eu-west-2.json".to_owned(),
                _ => format!("{offer}-{region}.{ext}"),
            };
            routes.insert(region_file(offer, region), Reply::Body(fixture(&name)));
        }
    }
    routes
}

fn serve(routes: HashMap<String, Reply>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let stop = Arc::new(AtomicBool::new(false));
    let hits = Arc::new(Mutex::new(HashMap::new()));
    let routes = Arc::new(Mutex::new(routes));
    let (stop2, hits2) = (stop.clone(), hits.clone());
    std::thread::spawn(move || {
        // Stops when the test drops the server, and after a minute at most.
        let started = std::time::Instant::now();
        while !stop2.load(Ordering::SeqCst) && started.elapsed() < Duration::from_secs(60) {
            match listener.accept() {
                Ok((stream, _)) => {
                    let (routes, hits) = (routes.clone(), hits2.clone());
                    std::thread::spawn(move || answer(stream, &routes, &hits));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
    });
    Server { base, stop, hits }
}

fn answer(
    mut stream: TcpStream,
    routes: &Mutex<HashMap<String, Reply>>,
    hits: &Mutex<HashMap<String, usize>>,
) {
    stream.set_nonblocking(false).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .to_owned();
    *hits.lock().unwrap().entry(path.clone()).or_default() += 1;
    let reply = {
        let mut routes = routes.lock().unwrap();
        let reply = routes.get(&path).cloned().unwrap_or(Reply::NotFound);
        // A cut-off body is cut `n` times, then sent whole.
        if let Reply::CutOff(n, body) = &reply {
            let next = if *n <= 1 {
                Reply::Body(body.clone())
            } else {
                Reply::CutOff(n - 1, body.clone())
            };
            routes.insert(path.clone(), next);
        }
        reply
    };
    let head = |status: &str, length: usize| {
        format!("HTTP/1.1 {status}\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n")
    };
    let _ = match reply {
        Reply::Body(body) => stream
            .write_all(head("200 OK", body.len()).as_bytes())
            .and_then(|()| stream.write_all(&body)),
        Reply::NotFound => stream.write_all(head("404 Not Found", 0).as_bytes()),
        Reply::Slow(delay, body) => {
            std::thread::sleep(delay);
            stream
                .write_all(head("200 OK", body.len()).as_bytes())
                .and_then(|()| stream.write_all(&body))
        }
        Reply::CutOff(_, body) => stream
            .write_all(head("200 OK", body.len()).as_bytes())
            .and_then(|()| stream.write_all(&body[..body.len() / 2])),
        Reply::NoLength(body) => stream
            .write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
            .and_then(|()| stream.write_all(&body)),
        Reply::Redirect(location) => stream.write_all(
            format!("HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        ),
        Reply::Stall(hold, body, sent) => {
            let result = stream
                .write_all(head("200 OK", body.len()).as_bytes())
                .and_then(|()| stream.write_all(&body[..sent]))
                .and_then(|()| stream.flush());
            std::thread::sleep(hold);
            result
        }
    };
    let _ = stream.flush();
}

fn options(server: &Server, regions: &str) -> FetchOptions {
    FetchOptions {
        base_url: server.base.clone(),
        regions: Regions::parse(regions).unwrap(),
        timeout: Duration::from_secs(1),
        body_timeout: Duration::from_secs(10),
        idle_timeout: Duration::from_secs(1),
        retries: 2,
        retry_pause: Duration::from_millis(10),
        progress: false,
    }
}

/// `pricing fetch` from the server into `out`: two retries, no files kept.
fn fetch_args(server: &Server, regions: &str, out: &Path) -> FetchArgs {
    FetchArgs {
        base_url: server.base.clone(),
        regions: regions.into(),
        out: out.to_owned(),
        base: None,
        timeout_secs: 5,
        body_timeout_secs: 60,
        idle_timeout_secs: 5,
        retries: 2,
        keep_files: None,
        quiet: true,
    }
}

#[test]
fn fetch_goes_through_the_indexes_and_writes_a_table_that_loads() {
    let server = serve(price_list());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pricing.toml");
    let report = fetch(&FetchArgs {
        retries: 1,
        keep_files: Some(dir.path().join("files")),
        ..fetch_args(&server, "eu-west-2,eu-north-1", &out)
    })
    .unwrap();
    assert_eq!(report.files.len(), 6);
    let text = std::fs::read_to_string(&out).unwrap();
    let table = PricingTable::parse("fetched.toml", &text).unwrap();
    let stockholm = table.region("eu-north-1").unwrap();
    assert_eq!(
        stockholm
            .rate(egress_planner::pricing::Figure::NatHour)
            .unwrap()
            .usd
            .to_string(),
        "0.046"
    );
    // The sources cite the Price List, not the local server.
    assert!(text.contains("https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/"));
    assert!(dir.path().join("files/AmazonEC2-eu-north-1.csv").exists());
    // The region file was asked for as CSV, next to the index's JSON URL.
    assert_eq!(server.hits(&region_file("AmazonEC2", "eu-north-1")), 1);
}

#[test]
fn all_regions_skips_local_zones() {
    let server = serve(price_list());
    let dir = tempfile::tempdir().unwrap();
    let files = download(&options(&server, "all"), dir.path()).unwrap();
    // Three offers in three regions, Network Firewall in one.
    assert_eq!(files.len(), 10, "{files:?}");
    assert_eq!(server.hits(&region_file("AmazonEC2", "us-east-1-bos-1")), 0);
}

#[test]
fn a_404_fails_at_once_naming_the_url_and_writes_nothing() {
    let missing = region_file("AmazonVPC", "eu-north-1");
    let server = serve_with(&missing, Reply::NotFound);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pricing.toml");
    let error = fetch(&fetch_args(&server, "eu-north-1", &out))
        .unwrap_err()
        .to_string();
    let url = format!("GET {}{missing}", server.base);
    assert_says(&error, &[&url, "HTTP 404"]);
    // A missing file will not appear by asking again.
    assert_eq!(server.hits(&missing), 1);
    assert!(!out.exists());
}

#[test]
fn a_slow_response_times_out_after_the_retries() {
    let slow = region_file("AmazonEC2", "eu-west-2");
    let whole = fixture("AmazonEC2-eu-west-2.csv");
    let server = serve_with(&slow, Reply::Slow(Duration::from_secs(3), whole));
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(&server, "eu-west-2");
    opts.retries = 1;
    let error = download(&opts, dir.path()).unwrap_err().to_string();
    assert_says(&error, &[&slow, "timed out", "after 2 attempts"]);
    assert_eq!(server.hits(&slow), 2);
}

#[test]
fn a_cut_off_body_is_retried_and_reported_when_it_stays_cut() {
    // Cut once, then whole: the retry succeeds.
    let cut = region_file("AWSDataTransfer", "eu-west-2");
    let whole = fixture("AWSDataTransfer-eu-west-2.csv");
    let server = serve_with(&cut, Reply::CutOff(1, whole.clone()));
    let dir = tempfile::tempdir().unwrap();
    download(&options(&server, "eu-west-2"), dir.path()).unwrap();
    assert_eq!(server.hits(&cut), 2);
    drop(server);

    // Cut every time: an error saying how much arrived.
    let server = serve_with(&cut, Reply::CutOff(100, whole));
    let error = download(&options(&server, "eu-west-2"), dir.path())
        .unwrap_err()
        .to_string();
    assert_says(&error, &[&cut, "cut off", "after 3 attempts"]);
}

#[test]
fn an_unknown_region_is_refused_before_any_download() {
    let server = serve(price_list());
    let dir = tempfile::tempdir().unwrap();
    let error = download(&options(&server, "eu-west-9"), dir.path())
        .unwrap_err()
        .to_string();
    assert!(error.contains("does not list region eu-west-9"), "{error}");
}

#[test]
fn fetch_downloads_the_network_firewall_offer_and_its_figures_reach_the_table() {
    let server = serve(price_list());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pricing.toml");
    let report = fetch(&fetch_args(&server, "us-east-1", &out)).unwrap();
    assert_eq!(report.files.len(), 4);
    assert_eq!(
        server.hits(&region_file("AWSNetworkFirewall", "us-east-1")),
        1
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let table = PricingTable::parse("fetched.toml", &text).unwrap();
    let virginia = table.region("us-east-1").unwrap();
    use egress_planner::pricing::Figure;
    for (figure, usd) in [
        (Figure::FirewallHour, "0.395"),
        (Figure::FirewallGb, "0.065"),
        (Figure::TgwAttachmentHour, "0.05"),
        (Figure::TgwGb, "0.02"),
    ] {
        assert_eq!(
            virginia.rate(figure).unwrap().usd.to_string(),
            usd,
            "{figure}"
        );
    }
    assert!(text.contains("AWSNetworkFirewall"));
}

// ---- A fetch that cannot be led astray ----

/// Runs `pricing fetch` against `server` into a fresh directory; the error
/// and whether anything was written.
fn fetch_fails(server: &Server) -> (String, bool) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pricing.toml");
    let error = fetch(&FetchArgs {
        retries: 0,
        ..fetch_args(server, "eu-west-2", &out)
    })
    .unwrap_err()
    .to_string();
    let written = std::fs::read_dir(dir.path()).unwrap().next().is_some();
    (error, written)
}

#[test]
fn a_redirect_is_refused_naming_where_it_led() {
    let server = serve_with(
        "/offers/v1.0/aws/index.json",
        Reply::Redirect("http://elsewhere.example/index.json".into()),
    );
    let (error, written) = fetch_fails(&server);
    assert_says(
        &error,
        &[
            "HTTP 302",
            "http://elsewhere.example/index.json",
            "not followed",
        ],
    );
    assert!(!written);
}

#[test]
fn an_index_naming_another_host_is_refused_with_the_url() {
    let mut routes = price_list();
    let index = String::from_utf8(match &routes["/offers/v1.0/aws/index.json"] {
        Reply::Body(body) => body.clone(),
        _ => unreachable!(),
    })
    .unwrap()
    .replace(
        "\"/offers/v1.0/aws/AmazonVPC/current/region_index.json\"",
        "\"https://evil.example/region_index.json\"",
    );
    routes.insert(
        "/offers/v1.0/aws/index.json".into(),
        Reply::Body(index.into_bytes()),
    );
    let server = serve(routes);
    let (error, written) = fetch_fails(&server);
    assert_says(
        &error,
        &[
            "https://evil.example/region_index.json",
            "--base-url",
            "refused",
        ],
    );
    assert!(!written);
    assert_eq!(server.hits(&region_file("AmazonEC2", "eu-west-2")), 0);
}

#[test]
fn a_body_without_a_length_or_whose_last_row_is_cut_is_refused() {
    // An EC2 CSV cut at a row boundary, with no Content-Length: it used to
    // exit 0 with the missing figures kept from the base table.
    let csv = fixture("AmazonEC2-eu-west-2.csv");
    let cut_at = csv.len() / 2;
    let boundary = csv[..cut_at].iter().rposition(|&b| b == b'\n').unwrap() + 1;
    let server = serve_with(
        &region_file("AmazonEC2", "eu-west-2"),
        Reply::NoLength(csv[..boundary].to_vec()),
    );
    let (error, written) = fetch_fails(&server);
    assert_says(&error, &["neither a Content-Length nor chunked", "refused"]);
    assert!(!written);

    // With a length that matches, a last row without its newline is a cut.
    let server = serve_with(
        &region_file("AmazonEC2", "eu-west-2"),
        Reply::Body(csv[..boundary - 1].to_vec()),
    );
    let (error, written) = fetch_fails(&server);
    assert_says(&error, &["cut off", "no newline"]);
    assert!(!written);
}

#[test]
fn a_stalled_body_fails_after_the_idle_timeout() {
    // --timeout-secs covered connecting and headers only: a stalled body hung.
    let csv = fixture("AmazonEC2-eu-west-2.csv");
    let server = serve_with(
        &region_file("AmazonEC2", "eu-west-2"),
        Reply::Stall(Duration::from_secs(20), csv.clone(), 1000),
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pricing.toml");
    let error = fetch(&FetchArgs {
        retries: 0,
        idle_timeout_secs: 1,
        ..fetch_args(&server, "eu-west-2", &out)
    })
    .unwrap_err()
    .to_string();
    assert_says(&error, &["AmazonEC2", "timed out"]);
    assert!(!out.exists());
}
