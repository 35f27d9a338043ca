//! Batches and streams that can neither take the service down nor lose an
//! answer: bounded work per batch (a client that does not read stops its
//! computation), a server-wide cap on batches in flight, streams that are
//! not cut by the header timeout and that say so when they are cut, and the
//! NDJSON scenario cap. Every wait is on an event (a counter, a closed
//! connection), with wide deadlines, never on a tight clock.

use super::helpers::read_to_close;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use egress_planner::config::ServerLimits;
use egress_planner::{AppState, Config};
use http_body_util::BodyExt;
use serde_json::Value;
use socket2::{Domain, Socket, Type};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The server on its own runtime and thread, with its state kept for the
/// batch counters.
struct TestServer {
    address: SocketAddr,
    state: AppState,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl TestServer {
    fn start(limits: ServerLimits) -> TestServer {
        let config = Config {
            limits,
            ..Config::for_tests()
        };
        let state = AppState::new(egress_planner::load_table(&config).unwrap(), &config);
        let served = state.clone();
        let (address_tx, address_rx) = mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                address_tx.send(listener.local_addr().unwrap()).unwrap();
                let _ = egress_planner::serve_until(listener, served, async move {
                    let _ = stopped.await;
                })
                .await;
            });
        });
        TestServer {
            address: address_rx.recv().expect("the server starts"),
            state,
            stop: Some(stop),
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Waits (up to a minute: a loaded machine is slow, never wrong) for `done`.
fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "waited a minute for: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A connection with a small receive buffer (a client that reads slowly or not at all).
fn connect(to: SocketAddr, receive_buffer: Option<usize>) -> TcpStream {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    if let Some(size) = receive_buffer {
        socket.set_recv_buffer_size(size).unwrap();
    }
    socket.connect(&to.into()).unwrap();
    let stream: TcpStream = socket.into();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    stream
}

/// Splits a raw HTTP/1.1 response into its head and its de-chunked body;
/// `complete` says whether the chunked body had its final empty chunk.
fn parse_response(raw: &[u8]) -> (String, Vec<u8>, bool) {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut rest = &raw[split + 4..];
    if !head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        return (head, rest.to_vec(), true);
    }
    let mut body = Vec::new();
    loop {
        let Some(end) = rest.windows(2).position(|w| w == b"\r\n") else {
            return (head, body, false);
        };
        let size = usize::from_str_radix(std::str::from_utf8(&rest[..end]).unwrap().trim(), 16)
            .expect("a chunk size");
        rest = &rest[end + 2..];
        if size == 0 {
            return (head, body, true);
        }
        if rest.len() < size + 2 {
            body.extend_from_slice(rest);
            return (head, body, false);
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

/// The head of a chunked NDJSON batch request.
fn ndjson_head(detail: &str) -> String {
    format!(
        "POST /api/v1/compare/batch?detail={detail} HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
}

/// One chunk of a chunked request body.
fn chunk(data: &[u8]) -> Vec<u8> {
    let mut out = format!("{:x}\r\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\r\n");
    out
}

fn lines(body: &[u8]) -> Vec<Value> {
    body.split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect()
}

/// A JSON batch of one default scenario, `query` after its path, on a
/// connection of its own: the answer's head, body, and whether it is whole.
fn one_scenario_batch(to: SocketAddr, query: &str) -> (String, Vec<u8>, bool) {
    let mut stream = connect(to, None);
    write!(
        stream,
        "POST /api/v1/compare/batch{query} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: 4\r\nConnection: close\r\n\r\n[{{}}]"
    )
    .unwrap();
    parse_response(&read_to_close(&mut stream))
}

/// A server whose writes to a client time out after a second.
fn impatient_writer() -> TestServer {
    TestServer::start(ServerLimits {
        write_timeout: Duration::from_secs(1),
        ..ServerLimits::default()
    })
}

/// The batch of `scenarios` on `server`, whose client reads nothing, starts,
/// then stops with fewer than half its answers computed, counted as stopped.
fn assert_stops_unread(server: &TestServer, scenarios: u64) {
    let batches = &server.state.web.batches;
    wait_for("the batch to start", || batches.answered() > 0);
    wait_for("the batch to stop", || batches.in_flight() == 0);
    let answered = batches.answered();
    assert!(
        answered < scenarios / 2,
        "a client that reads nothing got {answered} of {scenarios} answers computed"
    );
    assert_eq!(batches.stopped(), 1, "the batch is counted as stopped");
}

#[test]
fn a_json_batch_whose_client_never_reads_stops_computing() {
    // 10,000 `{}` must not be answered as one buffer built whatever the client does (it was
    // 144 MB): answers are computed as they are sent.
    let server = impatient_writer();
    let body = format!("[{}]", vec!["{}"; 10_000].join(","));
    let mut client = connect(server.address, Some(4096));
    write!(
        client,
        "POST /api/v1/compare/batch HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    // It never reads: the write timeout closes the connection, and the
    // computation, held by the full channel, sees the answer gone and stops.
    assert_stops_unread(&server, 10_000);
    drop(client);
}

#[test]
fn an_ndjson_batch_whose_client_never_reads_stops_computing() {
    // A client that stops reading must not make the server hold every chunk's answers (four
    // queued buffers held ~575 MB for 900 KB unread).
    let server = impatient_writer();
    let client = connect(server.address, Some(4096));
    let mut writer = client.try_clone().unwrap();
    // 20,000 scenarios in 200 KB; the writer stops when the server stops reading.
    let sender = std::thread::spawn(move || {
        let _ = writer.write_all(ndjson_head("full").as_bytes());
        let body = "{}\n".repeat(1000);
        for _ in 0..20 {
            if writer.write_all(&chunk(body.as_bytes())).is_err() {
                return;
            }
        }
        let _ = writer.write_all(b"0\r\n\r\n");
    });
    assert_stops_unread(&server, 20_000);
    drop(client);
    sender.join().unwrap();
}

#[test]
fn past_the_cap_a_batch_gets_503_with_retry_after_and_later_ones_are_served() {
    let server = TestServer::start(ServerLimits {
        batch_max_in_flight: 1,
        ..ServerLimits::default()
    });
    let batches = &server.state.web.batches;
    // One batch in flight: an NDJSON body begun and left open.
    let mut first = connect(server.address, None);
    first.write_all(ndjson_head("summary").as_bytes()).unwrap();
    first.write_all(&chunk(b"{}\n")).unwrap();
    wait_for("the first batch to be answered once", || {
        batches.answered() == 1
    });
    assert_eq!(batches.in_flight(), 1);

    let (head, body, _) = one_scenario_batch(server.address, "");
    assert!(head.starts_with("HTTP/1.1 503"), "{head}");
    assert!(
        head.to_ascii_lowercase().contains("retry-after: 1"),
        "{head}"
    );
    let body: Value = serde_json::from_slice(&body).unwrap();
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("--batch-max-in-flight"), "{message}");

    // The first finishes with both answers; then a batch is served again.
    first.write_all(&chunk(b"{}\n")).unwrap();
    first.write_all(b"0\r\n\r\n").unwrap();
    wait_for("the first batch to end", || batches.in_flight() == 0);
    let (head, body, complete) = one_scenario_batch(server.address, "?detail=summary");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(complete);
    let answers: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(answers[0]["index"], 0);
}

#[test]
fn an_ndjson_exchange_longer_than_the_header_timeout_is_answered_whole() {
    // Once the answer has started, the rest of the body is not under the header timeout, which
    // would cut the stream silently.
    let server = TestServer::start(ServerLimits {
        header_timeout: Duration::from_millis(300),
        body_timeout: Duration::from_secs(30),
        ..ServerLimits::default()
    });
    let mut client = connect(server.address, None);
    let mut writer = client.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        writer.write_all(ndjson_head("summary").as_bytes()).unwrap();
        // 10 pieces, 100 ms apart: a second in all, past the header timeout.
        for _ in 0..10 {
            writer
                .write_all(&chunk("{\"monthly_gb\": \"5000\"}\n".repeat(20).as_bytes()))
                .unwrap();
            std::thread::sleep(Duration::from_millis(100));
        }
        writer.write_all(b"0\r\n\r\n").unwrap();
    });
    // Read the whole answer: it ends with its final chunk, not a close.
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    while !raw.ends_with(b"\r\n0\r\n\r\n") {
        let n = client.read(&mut buf).unwrap();
        assert!(n > 0, "the stream was closed before its end");
        raw.extend_from_slice(&buf[..n]);
    }
    sender.join().unwrap();
    let (head, body, complete) = parse_response(&raw);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(complete);
    let answers = lines(&body);
    assert_eq!(answers.len(), 200);
    assert!(answers.iter().all(|a| a["cheapest"].is_string()));
    assert_eq!(answers[199]["index"], 199);
}

#[test]
fn a_stalled_ndjson_body_ends_the_answer_with_an_error_line() {
    let server = TestServer::start(ServerLimits {
        body_timeout: Duration::from_millis(500),
        ..ServerLimits::default()
    });
    let mut client = connect(server.address, None);
    client.write_all(ndjson_head("summary").as_bytes()).unwrap();
    client.write_all(&chunk(b"{}\n{}\n{}\n")).unwrap();
    // Then nothing: the body timeout ends the request.
    let (head, body, complete) = parse_response(&read_to_close(&mut client));
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(complete, "the answer ends cleanly, with its last line");
    let answers = lines(&body);
    assert_eq!(answers.len(), 4, "{answers:?}");
    assert_eq!(answers[2]["index"], 2);
    let last = &answers[3];
    assert!(last["index"].is_null(), "{last}");
    let message = last["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("incomplete") && message.contains("--body-timeout"),
        "{message}"
    );
}

#[tokio::test]
async fn an_ndjson_batch_over_its_scenario_cap_says_so_in_its_header_and_last_line() {
    let config = Config {
        limits: ServerLimits {
            batch_max_ndjson_scenarios: 3,
            ..ServerLimits::default()
        },
        ..Config::for_tests()
    };
    let response = super::helpers::send_with(
        &config,
        Request::post("/api/v1/compare/batch?detail=summary")
            .header(header::CONTENT_TYPE, "application/x-ndjson")
            .body(Body::from("{}\n".repeat(5)))
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        super::helpers::header_text(
            &response,
            header::HeaderName::from_static("x-batch-max-scenarios")
        ),
        "3"
    );
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let answers = lines(&body);
    assert_eq!(answers.len(), 4);
    assert_eq!(answers[2]["index"], 2);
    assert!(answers[3]["index"].is_null());
    let message = answers[3]["error"]["message"].as_str().unwrap();
    super::helpers::assert_says(
        message,
        &[
            "at most 3 scenarios",
            "--batch-max-ndjson-scenarios",
            "index 3",
        ],
    );
}

#[tokio::test]
async fn a_gzipped_json_batch_is_the_same_answer() {
    let body = format!("[{}]", vec![r#"{"monthly_gb": "5000"}"#; 50].join(","));
    let request = |gzip: bool| {
        let mut request =
            Request::post("/api/v1/compare/batch").header(header::CONTENT_TYPE, "application/json");
        if gzip {
            request = request.header(header::ACCEPT_ENCODING, "br;q=0, gzip");
        }
        request.body(Body::from(body.clone())).unwrap()
    };
    let plain = super::helpers::send(request(false)).await;
    assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    let plain = plain.into_body().collect().await.unwrap().to_bytes();
    let gzipped = super::helpers::send(request(true)).await;
    assert_eq!(
        super::helpers::header_text(&gzipped, header::CONTENT_ENCODING),
        "gzip"
    );
    let gzipped = gzipped.into_body().collect().await.unwrap().to_bytes();
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(&gzipped[..])
        .read_to_end(&mut decoded)
        .unwrap();
    assert_eq!(decoded, plain.to_vec());
    // An answer (about 40 KB) is longer than deflate's 32 KB window, so repeats across answers
    // cannot be found: 4× is what one answer alone compresses to.
    assert!(
        gzipped.len() * 4 < plain.len(),
        "{} of {}",
        gzipped.len(),
        plain.len()
    );
    let answers: Value = serde_json::from_slice(&decoded).unwrap();
    assert_eq!(answers.as_array().unwrap().len(), 50);
}

// ---- Files: inputs with limits, `--out` that writes only a regular file ----

use super::cli::{run, temp_file};
use super::helpers::{assert_says, pricelist};
use std::process::{Command, Stdio};

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(pricelist(name)).unwrap()
}

#[test]
fn compare_and_check_refuse_devices_and_files_over_their_limit_with_exit_2() {
    // A file with no end (`/dev/zero`) is refused, not read until memory runs out.
    for args in [
        &["compare", "--file", "/dev/zero"][..],
        &["check", "/dev/zero"][..],
        &["pricing", "import", "/dev/zero"][..],
    ] {
        let out = run(args, None);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert_says(&out.stderr, &["/dev/zero", "character device"]);
    }
    let big = temp_file(
        "big.json",
        &format!("{{\"monthly_gb\": 5{}}}", " ".repeat(2 << 20)),
    );
    let big = big.to_str().unwrap();
    let out = run(&["compare", "--file", big], None);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_says(&out.stderr, &[big, "larger than 1M", "--max-file-bytes"]);
    let out = run(
        &[
            "compare",
            "--file",
            big,
            "--max-file-bytes",
            "4M",
            "--format",
            "csv",
        ],
        None,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = run(&["check", big, "--max-file-bytes", "1M"], None);
    assert_eq!(out.code, 2);
    assert_says(&out.stderr, &["larger than 1M", "--max-file-bytes"]);

    // Standard input has no size: it is cut at the limit.
    let endless = Command::new(env!("CARGO_BIN_EXE_egress-planner"))
        .args(["compare", "--file", "-", "--max-file-bytes", "64K"])
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .output()
        .unwrap();
    assert_eq!(endless.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&endless.stderr);
    assert_says(&stderr, &["standard input is larger than 64K"]);
}

#[test]
fn pricing_import_exits_2_on_a_file_that_is_not_an_offer_file_and_its_help_shows_how() {
    // One convention with `compare` and `check`: bad input is exit 2, and
    // nothing is written.
    let bad = temp_file("not-an-offer.csv", "nope\n");
    let bad = bad.to_str().unwrap();
    let out_path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("never-written-{}.toml", std::process::id()));
    let out = run(
        &[
            "pricing",
            "import",
            "--out",
            out_path.to_str().unwrap(),
            bad,
        ],
        None,
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_says(
        &out.stderr,
        &[bad, "line 1", "expected an AWS Price List offer file"],
    );
    assert!(!out_path.exists());
    let base = temp_file("bad-base.toml", "[table]\nversion = 1\n");
    let vpc = pricelist("AmazonVPC-eu-west-2.json");
    let out = run(
        &[
            "pricing",
            "import",
            "--base",
            base.to_str().unwrap(),
            vpc.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    let out = run(
        &["pricing", "fetch", "--regions", "mars-1", "--out", "x.toml"],
        None,
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_says(&out.stderr, &["mars-1"]);
    // The help says where the files come from, with an example and the codes.
    let help = run(&["pricing", "import", "--help"], None);
    assert_eq!(help.code, 0);
    assert_says(
        &help.stdout,
        &[
            "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/eu-north-1/index.csv",
            "egress-planner pricing import --out pricing.toml",
            "Exit codes: 0 written, 2",
        ],
    );
}

#[test]
fn pricing_import_to_a_closed_standard_output_fails_with_a_message_not_a_panic() {
    // A closed standard output is an error with a message, not a panic (exit 101).
    let mut child = Command::new(env!("CARGO_BIN_EXE_egress-planner"))
        .args(["pricing", "import"])
        .arg(pricelist("AmazonVPC-eu-west-2.json"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_says(&stderr, &["cannot write to standard output"]);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn pricing_out_writes_only_a_regular_file_and_says_what_it_refused() {
    // --out writes a regular file or refuses: a symlink (to /proc/self/fd/1, say) is not
    // replaced by a file, nor a device or a directory written through.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let link = dir.join("table.toml");
    std::os::unix::fs::symlink("/proc/self/fd/1", &link).unwrap();
    let vpc = pricelist("AmazonVPC-eu-west-2.json");
    let vpc = vpc.to_str().unwrap();
    for (out, what) in [
        (link.to_str().unwrap(), "symbolic link"),
        ("/dev/full", "character device"),
        (dir.to_str().unwrap(), "directory"),
    ] {
        let run = run(&["pricing", "import", "--out", out, vpc], None);
        assert_eq!(run.code, 1, "{out}: {}", run.stderr);
        assert_says(&run.stderr, &[out, "refused to write", what]);
    }
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::metadata("/dev/full")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    // A regular file is replaced, and nothing else is left in the directory.
    let table = dir.join("pricing.toml");
    std::fs::write(&table, "old").unwrap();
    let run = run(
        &["pricing", "import", "--out", table.to_str().unwrap(), vpc],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::read_to_string(&table).unwrap().contains("[table]"));
    assert_eq!(std::fs::read_dir(dir).unwrap().count(), 2);
    use std::os::unix::fs::FileTypeExt;
}

fn import_text(name: &str, text: &str) -> Result<(), String> {
    let mut collector =
        egress_planner::ingest::pricing::import::Collector::new(["t3.nano".to_owned()]);
    collector
        .read(name, text.as_bytes())
        .map_err(|e| e.to_string())?;
    collector.finish().map(|_| ()).map_err(|e| e.to_string())
}

#[test]
fn the_csv_importer_bounds_its_memory_per_row_and_per_header() {
    // A huge header or field fails within bounded memory (a 10-million-column header took
    // 703 MB, a 512 MB field 3.16 GB, before the bounds).
    let csv = fixture_text("AmazonVPC-eu-north-1.csv");
    let mut lines: Vec<&str> = csv.lines().collect();
    let meta = lines[..5].join("\n");
    let wide = format!("{meta}\n{}\n", vec!["\"c\""; 5000].join(","));
    let error = import_text("wide.csv", &wide).unwrap_err();
    assert_says(
        &error,
        &["wide.csv", "line 6", "at most 4096 columns", "5000"],
    );
    let field = "x".repeat(3 << 20);
    let long = format!("{meta}\n{}\n\"{field}\"\n", lines[5]);
    let error = import_text("long.csv", &long).unwrap_err();
    assert_says(&error, &["long.csv", "a row is longer than 1048576 bytes"]);
    // A quoted newline does not end a row: the limit holds inside quotes.
    let quoted = format!("{meta}\n{}\n\"{}\"\n", lines[5], "x\n".repeat(1 << 20));
    let error = import_text("quoted.csv", &quoted).unwrap_err();
    assert_says(&error, &["a row is longer than"]);

    // A duplicated row is named as one, with both lines.
    let row = lines
        .iter()
        .position(|l| l.contains("VpcEndpoint-Hours") && l.contains("OnDemand"))
        .unwrap();
    let copy = lines[row];
    lines.push(copy);
    let error = import_text("dup.csv", &(lines.join("\n") + "\n")).unwrap_err();
    assert_says(
        &error,
        &[
            "dup.csv",
            "appears twice",
            &format!("line {}", row + 1),
            &format!("line {}", lines.len()),
            "duplicated",
        ],
    );
}
