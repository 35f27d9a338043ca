//! The connection layer over real sockets, at small scale: timeouts, the
//! head size cap, connections per address, a client that does not read,
//! shutdown with a stuck client, and the access log of the real binary.

use egress_planner::config::ServerLimits;
use socket2::{Domain, Socket, Type};
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Limits small enough for tests to see them act, with wide margins.
fn small_limits() -> ServerLimits {
    ServerLimits {
        header_timeout: Duration::from_millis(600),
        idle_timeout: Duration::from_millis(600),
        write_timeout: Duration::from_millis(600),
        max_header_bytes: 4096,
        max_connections_per_ip: 3,
        max_connections: 100,
        grace_period: Duration::from_secs(2),
        ..ServerLimits::default()
    }
}

/// [`small_limits`] with header and idle timeouts long enough not to act.
fn patient_limits() -> ServerLimits {
    ServerLimits {
        header_timeout: Duration::from_secs(8),
        idle_timeout: Duration::from_secs(8),
        ..small_limits()
    }
}

/// Asserts that a wait ended about when the 600 ms timeouts of
/// [`small_limits`] act, with wide margins.
fn assert_about_600_ms(waited: Duration, what: &str) {
    assert!(
        waited >= Duration::from_millis(400) && waited < Duration::from_secs(4),
        "{what}: {waited:?}"
    );
}

/// Writes on a clone of the stream from another thread, so that the test
/// can read (or not) meanwhile.
fn write_meanwhile(
    stream: &TcpStream,
    write: impl FnOnce(TcpStream) + Send + 'static,
) -> std::thread::JoinHandle<()> {
    let writer = stream.try_clone().unwrap();
    std::thread::spawn(move || write(writer))
}

/// The server on its own runtime and thread, so the tests may block.
struct TestServer {
    address: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl TestServer {
    fn start(limits: ServerLimits) -> TestServer {
        let config = egress_planner::Config {
            limits,
            ..egress_planner::Config::for_tests()
        };
        let state =
            egress_planner::AppState::new(egress_planner::load_table(&config).unwrap(), &config);
        let (address_tx, address_rx) = mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()?;
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
                address_tx.send(listener.local_addr()?).unwrap();
                egress_planner::serve_until(listener, state, async move {
                    let _ = stopped.await;
                })
                .await
            })
        });
        TestServer {
            address: address_rx.recv().expect("the server starts"),
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// Sends the stop signal and returns how long the server took to stop.
    fn stop(mut self) -> Duration {
        let start = Instant::now();
        let _ = self.stop.take().unwrap().send(());
        self.thread.take().unwrap().join().unwrap().unwrap();
        start.elapsed()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A connection from `source` (any 127.x.y.z address is this machine).
fn connect_from(source: &str, to: SocketAddr, receive_buffer: Option<usize>) -> TcpStream {
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    if let Some(size) = receive_buffer {
        socket.set_recv_buffer_size(size).unwrap();
    }
    let source: SocketAddr = format!("{source}:0").parse().unwrap();
    socket.bind(&source.into()).unwrap();
    socket.connect(&to.into()).unwrap();
    let stream: TcpStream = socket.into();
    stream
        .set_read_timeout(Some(Duration::from_secs(8)))
        .unwrap();
    stream
}

fn connect(to: SocketAddr) -> TcpStream {
    connect_from("127.0.0.1", to, None)
}

/// Reads until the server closes the connection; the time that took, and
/// what arrived. A reset counts as closed; a read timeout fails the test.
fn read_until_closed(stream: &mut TcpStream) -> (Duration, String) {
    let start = Instant::now();
    let mut out = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => break,
            Err(e) => panic!("the server did not close the connection: {e}"),
        }
    }
    (start.elapsed(), String::from_utf8_lossy(&out).into_owned())
}

/// Sends one request on a kept-alive connection and reads its answer's head.
fn healthz(stream: &mut TcpStream) -> String {
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
        .unwrap();
    let mut buf = [0u8; 4096];
    let n = stream.read(&mut buf).unwrap();
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

#[test]
fn a_connection_that_sends_nothing_is_closed_after_the_header_timeout() {
    let server = TestServer::start(small_limits());
    let mut silent = connect(server.address);
    let (waited, answer) = read_until_closed(&mut silent);
    assert_eq!(answer, "", "nothing is sent to a client that asked nothing");
    assert_about_600_ms(waited, "closed after about 600 ms");

    // A kept-alive connection that goes quiet after a request is closed too.
    let mut kept = connect(server.address);
    assert!(healthz(&mut kept).starts_with("HTTP/1.1 200"));
    let (waited, _) = read_until_closed(&mut kept);
    assert_about_600_ms(waited, "idle timeout");
}

#[test]
fn a_slow_header_is_cut_off_after_the_header_timeout() {
    let server = TestServer::start(small_limits());
    let mut slow = connect(server.address);
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: test\r\n")
        .unwrap();
    // One more header byte every 100 ms: progress, but never a whole head.
    let trickle = write_meanwhile(&slow, |mut writer| {
        for _ in 0..60 {
            if writer.write_all(b"X").is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    let (waited, answer) = read_until_closed(&mut slow);
    assert!(!answer.contains("200 OK"), "{answer}");
    assert_about_600_ms(
        waited,
        "closed about 600 ms after connecting, trickle or not",
    );
    trickle.join().unwrap();
}

#[test]
fn a_request_head_over_the_cap_gets_431() {
    let server = TestServer::start(small_limits());
    let mut big = connect(server.address);
    let filler = "a".repeat(6000);
    write!(
        big,
        "GET /healthz HTTP/1.1\r\nHost: test\r\nX-Filler: {filler}\r\n\r\n"
    )
    .unwrap();
    let (_, answer) = read_until_closed(&mut big);
    assert!(
        answer.starts_with("HTTP/1.1 431 Request Header Fields Too Large"),
        "{answer}"
    );
    // Under the cap is fine.
    let mut fine = connect(server.address);
    write!(
        fine,
        "GET /healthz HTTP/1.1\r\nHost: test\r\nX-Filler: {}\r\n\r\n",
        &filler[..2000]
    )
    .unwrap();
    let mut buf = [0u8; 64];
    let n = fine.read(&mut buf).unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
}

#[test]
fn one_address_over_its_cap_is_refused_while_others_and_its_open_connections_are_served() {
    let server = TestServer::start(patient_limits());
    let mut held: Vec<TcpStream> = (0..3)
        .map(|_| connect_from("127.0.0.2", server.address, None))
        .collect();
    // Give the server a moment to accept all three before the fourth.
    std::thread::sleep(Duration::from_millis(200));
    let mut fourth = connect_from("127.0.0.2", server.address, None);
    let started = Instant::now();
    let (_, answer) = read_until_closed(&mut fourth);
    assert!(
        answer.starts_with("HTTP/1.1 429 Too Many Requests"),
        "{answer}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "refused at once"
    );

    let mut other = connect_from("127.0.0.1", server.address, None);
    assert!(
        healthz(&mut other).starts_with("HTTP/1.1 200"),
        "another address"
    );
    for stream in &mut held {
        assert!(
            healthz(stream).starts_with("HTTP/1.1 200"),
            "open ones keep working"
        );
    }
    // Once one closes, the address may connect again.
    drop(held.pop());
    std::thread::sleep(Duration::from_millis(200));
    let mut again = connect_from("127.0.0.2", server.address, None);
    assert!(healthz(&mut again).starts_with("HTTP/1.1 200"));
}

#[test]
fn a_client_that_stops_reading_is_cut_off_after_the_write_timeout() {
    let server = TestServer::start(patient_limits());
    // 300 pipelined requests for the 28 KB pricing table, about 8 MB of
    // answers, into a 4 KB receive buffer that is not read for 2 s.
    let mut stream = connect_from("127.0.0.1", server.address, Some(4096));
    let requests = "GET /api/v1/pricing HTTP/1.1\r\nHost: test\r\n\r\n".repeat(300);
    let sender = write_meanwhile(&stream, move |mut writer| {
        let _ = writer.write_all(requests.as_bytes());
    });
    std::thread::sleep(Duration::from_secs(2));
    let (_, answers) = read_until_closed(&mut stream);
    let served = answers.matches("HTTP/1.1 200 OK").count();
    assert!(
        served < 300,
        "the server gave up on the client before sending all 300: {served}"
    );
    sender.join().unwrap();
}

#[test]
fn shutdown_closes_idle_connections_at_once_and_stuck_ones_at_the_grace_period() {
    // Idle connections only: the server stops at once.
    let server = TestServer::start(small_limits());
    let mut idle = connect(server.address);
    assert!(healthz(&mut idle).starts_with("HTTP/1.1 200"));
    let took = server.stop();
    assert!(took < Duration::from_secs(1), "{took:?}");

    // A head that never ends, with timeouts longer than the grace period.
    let server = TestServer::start(ServerLimits {
        header_timeout: Duration::from_secs(30),
        grace_period: Duration::from_secs(1),
        ..small_limits()
    });
    let mut stuck = connect(server.address);
    stuck
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: test\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let took = server.stop();
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(2),
        "grace period 1 s: {took:?}"
    );
    let (_, answer) = read_until_closed(&mut stuck);
    assert_eq!(answer, "");
}

#[test]
fn an_oversized_body_is_refused_before_100_continue() {
    let server = TestServer::start(small_limits());
    let mut stream = connect(server.address);
    stream
        .write_all(
            b"POST /api/v1/compare HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 100000000\r\n\r\n",
        )
        .unwrap();
    let mut buf = [0u8; 1024];
    let n = stream.read(&mut buf).unwrap();
    let answer = String::from_utf8_lossy(&buf[..n]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("larger than 16384 bytes"), "{answer}");
}

#[test]
fn a_request_with_two_host_headers_is_refused() {
    let server = TestServer::start(small_limits());
    let mut stream = connect(server.address);
    stream
        .write_all(b"GET /compare HTTP/1.1\r\nHost: planner.internal\r\nHost: evil.example\r\n\r\n")
        .unwrap();
    let (_, answer) = read_until_closed(&mut stream);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(!answer.contains("evil.example"));
}

/// The real binary with `args`, its stderr lines on a channel, and its address.
fn spawn_binary(args: &[&str]) -> (Child, mpsc::Receiver<String>, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_egress-planner"))
        .args(["--port", "0"])
        .args(args)
        .env("RUST_LOG", "egress_planner=info,egress_web=info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (lines_tx, lines) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    let address = loop {
        let line = lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("the server logs its address");
        if let Some(rest) = line.split("serving on http://").nth(1) {
            let address = rest.split([' ', '"']).next().unwrap();
            break address.parse().unwrap();
        }
    };
    (child, lines, address)
}

fn sigterm(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Waits up to `limit` for the process to exit; how long it took.
fn wait_exit(child: &mut Child, limit: Duration) -> (Duration, std::process::ExitStatus) {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return (start.elapsed(), status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("the server was still running {limit:?} after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn sigterm_with_a_stuck_client_exits_within_the_grace_period() {
    let (mut child, lines, address) =
        spawn_binary(&["--grace-period", "1", "--header-timeout", "30"]);
    let mut stuck = connect(address);
    stuck
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: test\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    sigterm(&child);
    let (took, status) = wait_exit(&mut child, Duration::from_secs(5));
    assert!(status.success(), "exit 0: {status}");
    assert!(took < Duration::from_secs(2), "grace 1 s + 1 s: {took:?}");
    // The process has exited: the reader ends at EOF, so this collects every line.
    let log: Vec<String> = lines.iter().collect();
    assert!(
        log.iter()
            .any(|l| l.contains("grace period over: closed 1 connection")),
        "says what was cut: {log:#?}"
    );
}

#[test]
fn every_request_gets_an_access_log_line_as_text_or_json() {
    for format in ["text", "json"] {
        let (mut child, lines, address) =
            spawn_binary(&["--log-format", format, "--body-timeout", "500ms"]);
        let mut stream = connect(address);
        stream
            .write_all(
                b"GET /healthz?monthly_gb=123456 HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n",
            )
            .unwrap();
        let (_, answer) = read_until_closed(&mut stream);
        assert!(answer.starts_with("HTTP/1.1 200"));
        // A batch whose body stalls: its answer is cut, and the log says so.
        let mut stalled = connect(address);
        stalled
            .write_all(b"POST /api/v1/compare/batch HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100\r\n\r\n{}\n")
            .unwrap();
        let (_, answer) = read_until_closed(&mut stalled);
        assert!(answer.contains("--body-timeout"), "{answer}");
        sigterm(&child);
        wait_exit(&mut child, Duration::from_secs(5));
        // The process has exited: the reader ends at EOF, so this collects every line.
        let log: Vec<String> = lines.iter().collect();
        let line = log
            .iter()
            .find(|l| l.contains("healthz"))
            .unwrap_or_else(|| panic!("{format}: no access line in {log:#?}"));
        assert!(!line.contains("123456"), "no query values: {line}");
        let batch = log
            .iter()
            .find(|l| l.contains("/api/v1/compare/batch"))
            .unwrap_or_else(|| panic!("{format}: no batch line in {log:#?}"));
        if format == "json" {
            let entry: serde_json::Value = serde_json::from_str(batch).unwrap();
            assert_eq!(entry["cut"], true, "{batch}");
            assert_eq!(entry["status"], 200, "{batch}");
            let entry: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(entry["cut"], false, "{line}");
        } else {
            assert!(batch.contains("cut=true"), "{batch}");
            assert!(line.contains("cut=false"), "{line}");
        }
        assert!(!line.contains('\x1b'), "no colours off a terminal: {line}");
        if format == "json" {
            let entry: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(entry["route"], "/healthz", "{line}");
            assert_eq!(entry["method"], "GET");
            assert_eq!(entry["status"], 200);
            assert_eq!(entry["bytes"], 3, "ok and a newline");
            assert_eq!(entry["query_len"], 17);
            assert_eq!(entry["client"], "127.0.0.1");
            assert!(entry["duration_ms"].as_f64().is_some());
        } else {
            for part in [
                "method=GET",
                "route=\"/healthz\"",
                "status=200",
                "bytes=3",
                "query_len=17",
                "duration_ms=",
            ] {
                assert!(line.contains(part), "{part} in {line}");
            }
        }
    }
}
