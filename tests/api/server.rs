//! The server as a process and over real sockets: graceful shutdown, panics,
//! compression, and start-up with a bad pricing file.

use super::helpers::{send, wait_for};
use axum::body::Body;
use axum::http::{Request, header};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

fn state() -> egress_planner::AppState {
    let config = egress_planner::Config::for_tests();
    egress_planner::AppState::new(egress_planner::load_table(&config).unwrap(), &config)
}

/// Reads a whole HTTP/1.1 response from a connection the server closes.
fn read_response(stream: &mut TcpStream) -> String {
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads one response head (an interim `100 Continue`, say), and no further.
fn read_head(stream: &mut TcpStream) -> String {
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            other => panic!("the connection ended in a head ({other:?}): {head:?}"),
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_in_flight_requests_and_refuses_new_connections() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(egress_planner::serve_until(listener, state(), async move {
        let _ = stopped.await;
    }));

    // A request in flight: its head and half of its body sent. Its
    // `Expect: 100-continue` makes the server say when the handler has
    // started to read the body: the event that the request is in flight.
    let body = r#"{"monthly_gb": "5000", "s3_percent": "40", "aws_percent": "20", "public_ips": 4, "peak_gbps": "20"}"#;
    let (first, second) = body.split_at(body.len() / 2);
    let mut in_flight = TcpStream::connect(address).unwrap();
    write!(
        in_flight,
        "POST /api/v1/compare HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n{first}",
        body.len()
    )
    .unwrap();
    let (mut in_flight, interim) = tokio::task::spawn_blocking(move || {
        let interim = read_head(&mut in_flight);
        (in_flight, interim)
    })
    .await
    .unwrap();
    assert_eq!(interim, "HTTP/1.1 100 Continue\r\n\r\n");

    stop.send(()).unwrap();
    // The server closes its listener once it has seen the signal; until
    // then a connection may still be made (and is dropped at once, so the
    // server does not wait for it). The limit only bounds a failure.
    tokio::task::spawn_blocking(move || {
        wait_for(
            "new connections are refused after the signal",
            Duration::from_secs(30),
            || TcpStream::connect(address).err(),
        )
    })
    .await
    .unwrap();

    // The in-flight request still gets its whole answer.
    in_flight.write_all(second.as_bytes()).unwrap();
    let response = tokio::task::spawn_blocking(move || read_response(&mut in_flight))
        .await
        .unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(
        response.contains(r#""monthly_cost":"388.00""#),
        "the fargate acceptance total: {response}"
    );
    // Bounds only a server that never stops.
    tokio::time::timeout(Duration::from_secs(30), server)
        .await
        .expect("the server stops")
        .unwrap()
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_becomes_a_logged_500_not_a_dropped_connection() {
    let routes = axum::Router::new().route(
        "/boom",
        axum::routing::get(|| async {
            if true {
                panic!("deliberate test panic");
            }
            "unreachable"
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, egress_planner::http::with_layers(routes))
            .await
            .unwrap()
    });
    let response = tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(address).unwrap();
        write!(
            stream,
            "GET /boom HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        read_response(&mut stream)
    })
    .await
    .unwrap();
    assert!(response.starts_with("HTTP/1.1 500"), "{response}");
    assert!(
        response
            .to_ascii_lowercase()
            .contains("x-content-type-options: nosniff"),
        "security headers on errors too"
    );
    assert!(
        response.contains(
            r#"{"error":{"field":null,"message":"something went wrong; the error was logged"},"errors":[{"field":null,"message":"something went wrong; the error was logged"}]}"#
        ),
        "{response}"
    );
}

#[tokio::test]
async fn large_responses_are_compressed_and_small_ones_are_not() {
    let gzip = |uri: &str| {
        Request::get(uri)
            .header(header::ACCEPT_ENCODING, "gzip")
            .body(Body::empty())
            .unwrap()
    };
    let large = send(gzip("/api/v1/pricing")).await;
    assert_eq!(
        large
            .headers()
            .get(header::CONTENT_ENCODING)
            .map(|v| v.to_str().unwrap()),
        Some("gzip")
    );
    let small = send(gzip("/healthz")).await;
    assert!(
        small.headers().get(header::CONTENT_ENCODING).is_none(),
        "2 bytes are not worth a deflate stream"
    );
    let error = send(gzip("/api/v1/compare?azs=9")).await;
    assert!(error.headers().get(header::CONTENT_ENCODING).is_none());
}

/// Starts the program on a table file holding `text`: whether it succeeded, its standard error,
/// and the file's path.
fn run_with_pricing(text: &str) -> (bool, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("table.toml");
    std::fs::write(&path, text).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_egress-planner"))
        .args(["--pricing", path.to_str().unwrap(), "--port", "0"])
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        path.display().to_string(),
    )
}

#[test]
fn a_bad_pricing_file_stops_the_program_with_a_message_naming_file_region_and_field() {
    let bad = egress_planner::pricing::BUNDLED.replacen(
        r#"nat_gb = { usd = "0.045", source = "infracost-nat-golden""#,
        r#"nat_gb = { usd = "-0.045", source = "infracost-nat-golden""#,
        1,
    );
    let (ok, stderr, path) = run_with_pricing(&bad);
    assert!(!ok, "exits with failure");
    assert!(stderr.contains(&path), "names the file: {stderr}");
    assert!(
        stderr.contains("region us-east-1"),
        "names the region: {stderr}"
    );
    assert!(
        stderr.contains("field nat_gb.usd"),
        "names the field: {stderr}"
    );

    let (ok, stderr, _) = run_with_pricing("this is not toml");
    assert!(!ok);
    assert!(stderr.contains("error: pricing table:"), "{stderr}");

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_egress-planner"))
        .args(["--pricing", "/nonexistent/table.toml"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("/nonexistent/table.toml: cannot read the file")
    );
}

#[test]
fn a_bad_embedding_setting_stops_the_program_instead_of_breaking_embeds_silently() {
    for args in [
        ["--frame-ancestors", "https://wiki.example.com;script-src *"],
        ["--public-url", "wiki.example.com"],
    ] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_egress-planner"))
            .args(args)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(args[0]), "names the option: {stderr}");
    }
}
