//! `/metrics`, `/readyz` and `healthcheck`: the request histogram's labels,
//! the figures of the process and the connection layer, the second
//! listener, and readiness turning 503 on SIGTERM before the server stops.

use super::helpers::text;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use egress_planner::{AppState, Config, app, load_table};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::atomic::Ordering;
use std::time::Duration;
use tower::ServiceExt;

fn state_with(config: &Config) -> AppState {
    AppState::new(load_table(config).unwrap(), config)
}

async fn get(router: &axum::Router, uri: &str) -> (StatusCode, String) {
    let response = router
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    (status, text(response).await)
}

#[tokio::test]
async fn requests_are_timed_by_method_route_template_and_status() {
    let router = app(state_with(&Config::for_tests()));
    assert_eq!(get(&router, "/healthz").await.0, StatusCode::OK);
    assert_eq!(
        get(&router, "/api/v1/compare?monthly_gb=5000").await.0,
        StatusCode::OK
    );
    for path in ["/wp-login.php", "/random/a1b2c3", "/.env"] {
        assert_eq!(get(&router, path).await.0, StatusCode::NOT_FOUND);
    }
    let (status, body) = get(&router, "/metrics").await;
    assert_eq!(status, StatusCode::OK);
    for line in [
        r#"http_server_request_duration_seconds_bucket{http_request_method="GET",http_route="/healthz",http_response_status_code="200",le="0.005"}"#,
        r#"http_server_request_duration_seconds_count{http_request_method="GET",http_route="/api/v1/compare",http_response_status_code="200"} 1"#,
        r#"http_server_request_duration_seconds_count{http_request_method="GET",http_route="unmatched",http_response_status_code="404"} 3"#,
        "# TYPE http_server_request_duration_seconds histogram",
        "# TYPE egress_planner_connections_refused_total counter",
        r#"egress_planner_connections_refused_total{limit="per_address"}"#,
        r#"egress_planner_connections_refused_total{limit="total"}"#,
        r#"egress_planner_connections_refused_total{limit="header_timeout"}"#,
        r#"egress_planner_connections_refused_total{limit="write_timeout"}"#,
        "egress_planner_pricing_table_info{version=",
        "egress_planner_pricing_table_age_days ",
        "http_server_active_requests ",
        "process_resident_memory_bytes ",
        "process_open_fds ",
    ] {
        assert!(body.contains(line), "no {line} in:\n{body}");
    }
    // The query string and unmatched paths never become labels.
    for absent in ["wp-login", "a1b2c3", "monthly_gb"] {
        assert!(!body.contains(absent), "{absent} became a label:\n{body}");
    }
}

#[tokio::test]
async fn the_table_age_counts_from_its_as_of_date() {
    let state = state_with(&Config::for_tests());
    let as_of = egress_planner::pricing::Date::parse(&state.table.meta.as_of).unwrap();
    let later = egress_planner::pricing::Date::parse("2099-01-01").unwrap();
    let body = state.metrics.render_at(later);
    let line = format!(
        "egress_planner_pricing_table_age_days {}",
        later.days_since(as_of)
    );
    assert!(body.contains(&line), "no {line} in:\n{body}");
    let version = format!(
        r#"egress_planner_pricing_table_info{{version="{}",as_of="{}"}} 1"#,
        state.table.meta.version, state.table.meta.as_of
    );
    assert!(body.contains(&version), "no {version} in:\n{body}");
}

#[tokio::test]
async fn with_metrics_listen_the_main_port_does_not_serve_metrics() {
    let mut config = Config::for_tests();
    config.metrics_listen = Some("127.0.0.1:0".into());
    let state = state_with(&config);
    let main = app(state.clone());
    assert_eq!(get(&main, "/metrics").await.0, StatusCode::NOT_FOUND);
    let (status, body) = get(&egress_planner::http::metrics::router(state), "/metrics").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("process_open_fds"), "{body}");
}

#[tokio::test]
async fn readyz_answers_503_once_the_server_drains() {
    let state = state_with(&Config::for_tests());
    let router = app(state.clone());
    assert_eq!(
        get(&router, "/readyz").await,
        (StatusCode::OK, "ready\n".into())
    );
    state.draining.store(true, Ordering::Relaxed);
    assert_eq!(
        get(&router, "/readyz").await,
        (StatusCode::SERVICE_UNAVAILABLE, "draining\n".into())
    );
    // Liveness is not readiness: the process is alive while it drains.
    assert_eq!(get(&router, "/healthz").await.0, StatusCode::OK);
}

/// Sends one request on a new connection and returns the whole answer.
fn request(address: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    let _ = stream.read_to_string(&mut out);
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_connection_is_counted_by_its_limit() {
    let mut config = Config::for_tests();
    config.limits.max_connections_per_ip = 1;
    let state = state_with(&config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(egress_planner::serve_until(
        listener,
        state.clone(),
        async move {
            let _ = stopped.await;
        },
    ));
    let count = |body: &str| -> u64 {
        body.lines()
            .find_map(|l| {
                l.strip_prefix(r#"egress_planner_connections_refused_total{limit="per_address"} "#)
            })
            .map_or(0, |n| n.parse().unwrap())
    };
    let before = count(&state.metrics.render());
    let address_clone = address.clone();
    let refused = tokio::task::spawn_blocking(move || {
        // The first connection holds the address's one slot.
        let mut held = TcpStream::connect(&address_clone).unwrap();
        held.write_all(b"GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
            .unwrap();
        let mut first = [0u8; 12];
        held.read_exact(&mut first).unwrap();
        // The second is answered at once, before it sends anything.
        let mut second = TcpStream::connect(&address_clone).unwrap();
        second
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut refused = String::new();
        let _ = second.read_to_string(&mut refused);
        drop(held);
        refused
    })
    .await
    .unwrap();
    assert!(refused.starts_with("HTTP/1.1 429"), "{refused}");
    // Other tests may refuse connections in this process too: at least one more.
    assert!(count(&state.metrics.render()) > before);
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// The server binary on a free port, with its log read line by line.
struct Server {
    child: std::process::Child,
    log: std::sync::mpsc::Receiver<String>,
    address: String,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_egress-planner"))
            .args(["--port", "0"])
            .args(args)
            .env_remove("RUST_LOG")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (lines, log) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            log,
            address: String::new(),
        };
        let line = server.wait_for("serving on http://");
        let rest = &line[line.find("serving on http://").unwrap() + 18..];
        server.address = rest.split_whitespace().next().unwrap().to_owned();
        server
    }

    /// The first log line containing `text` (waits for it, up to 30 s).
    fn wait_for(&self, text: &str) -> String {
        loop {
            match self.log.recv_timeout(Duration::from_secs(30)) {
                Ok(line) if line.contains(text) => return line,
                Ok(_) => {}
                Err(e) => panic!("no log line with {text:?}: {e}"),
            }
        }
    }

    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn on_sigterm_readyz_answers_503_while_connections_are_still_served() {
    let mut server = Server::start(&["--drain-window", "3s", "--grace-period", "5s"]);
    assert!(request(&server.address, "/readyz").starts_with("HTTP/1.1 200"));
    server.signal("TERM");
    server.wait_for("draining: /readyz answers 503");
    let ready = request(&server.address, "/readyz");
    assert!(ready.starts_with("HTTP/1.1 503"), "{ready}");
    assert!(request(&server.address, "/healthz").starts_with("HTTP/1.1 200"));
    // After the drain window the listener closes and the process exits 0.
    server.wait_for("every connection finished; stopped");
    let status = server.child.wait().unwrap();
    assert!(status.success(), "{status}");
    assert!(TcpStream::connect(&server.address).is_err());
}

#[test]
fn metrics_listen_serves_metrics_on_its_own_port_only() {
    let metrics_port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let metrics = format!("127.0.0.1:{metrics_port}");
    let server = Server::start(&["--metrics-listen", &metrics]);
    server.wait_for("serving /metrics on");
    assert!(request(&server.address, "/healthz").starts_with("HTTP/1.1 200"));
    assert!(request(&server.address, "/metrics").starts_with("HTTP/1.1 404"));
    let body = request(&metrics, "/metrics");
    assert!(body.starts_with("HTTP/1.1 200"), "{body}");
    assert!(
        body.contains(r#"http_route="/healthz",http_response_status_code="200""#),
        "{body}"
    );
    server.signal("TERM");
    server.wait_for("every connection finished; stopped");
}

#[test]
fn healthcheck_exits_0_on_a_200_and_1_otherwise() {
    let server = Server::start(&[]);
    let check = |url: &str| {
        Command::new(env!("CARGO_BIN_EXE_egress-planner"))
            .args(["healthcheck", "--url", url, "--timeout", "5s"])
            .output()
            .unwrap()
    };
    let ok = check(&format!("http://{}/healthz", server.address));
    assert!(ok.status.success(), "{ok:?}");
    let missing = check(&format!("http://{}/nothing-here", server.address));
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("answered 404"));
    server.signal("TERM");
    server.wait_for("every connection finished; stopped");
    let closed = check(&format!("http://{}/healthz", server.address));
    assert_eq!(closed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&closed.stderr).contains("connect"));
}
