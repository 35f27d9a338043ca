//! The connection layer over real sockets, at small scale: timeouts, the
//! head size cap, connections per address, a client that does not read,
//! shutdown with a stuck client, and the access log of the real binary.
//!
//! Every wait here is for an event: the server closing a connection, an
//! answer, a line the real binary logs, its exit. None is a guess at how
//! long the server takes. The wall-clock bounds only tell which deadline
//! acted, and hold on a loaded machine: a timeout never acts early, so the
//! lower bounds are exact; the upper bounds are [`LATE`], a third of the
//! [`LONG`] deadline the server would have had to wait for otherwise.

use super::helpers::{read_to_close, wait_for};
use egress_planner::config::ServerLimits;
use socket2::{Domain, Socket, Type};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A timeout that a test waits for.
const SHORT: Duration = Duration::from_secs(1);

/// A timeout or grace period that does not act in a test that passes.
const LONG: Duration = Duration::from_secs(30);

/// The most a passing test waits past a [`SHORT`] deadline, or for what
/// should happen at once: ample on a loaded machine, and a third of
/// [`LONG`], so a server that waited for a long deadline still fails.
const LATE: Duration = Duration::from_secs(10);

/// How long a client's read may block before the test fails: past [`LONG`],
/// so a server that waits for a long deadline fails an assertion that says
/// how long it took rather than the read.
const READ_LIMIT: Duration = Duration::from_secs(60);

/// Limits whose timeouts and grace period ([`LONG`]) do not act unless a
/// test shortens one; caps small enough for tests to reach.
fn patient_limits() -> ServerLimits {
    ServerLimits {
        header_timeout: LONG,
        idle_timeout: LONG,
        write_timeout: LONG,
        max_header_bytes: 4096,
        max_connections_per_ip: 3,
        max_connections: 100,
        grace_period: LONG,
        ..ServerLimits::default()
    }
}

/// Asserts that a wait that began before the server started the clock of
/// a `timeout` ended when that timeout acted: not before it (a timer never
/// fires early) and not [`LATE`] after it, long before any [`LONG`] deadline.
fn assert_acted_at(timeout: Duration, waited: Duration, what: &str) {
    assert!(
        waited >= timeout - Duration::from_millis(100) && waited < timeout + LATE,
        "{what}: {waited:?} for a timeout of {timeout:?}"
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
        let thread = self.thread.take().unwrap();
        // Bounds only a server that never stops; one that waits for a LONG
        // deadline stops before this and fails its caller's assertion.
        wait_for("the server stops", LONG + LATE, || {
            thread.is_finished().then_some(())
        });
        thread.join().unwrap().unwrap();
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
    stream.set_read_timeout(Some(READ_LIMIT)).unwrap();
    stream
}

fn connect(to: SocketAddr) -> TcpStream {
    connect_from("127.0.0.1", to, None)
}

/// Reads until the server closes the connection: what arrived, as text.
/// A reset counts as closed; a read timeout fails the test.
fn read_until_closed(stream: &mut TcpStream) -> String {
    String::from_utf8_lossy(&read_to_close(stream)).into_owned()
}

/// Sends one request on a kept-alive connection and reads its answer's head.
fn try_healthz(stream: &mut TcpStream) -> std::io::Result<String> {
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")?;
    let mut buf = [0u8; 4096];
    let n = stream.read(&mut buf)?;
    Ok(String::from_utf8_lossy(&buf[..n]).into_owned())
}

/// [`try_healthz`] on a connection that must work.
fn healthz(stream: &mut TcpStream) -> String {
    try_healthz(stream).unwrap()
}

/// Returns once the server has accepted every connection made to `address`
/// before the call. The server accepts connections one at a time, in the
/// order the kernel completed them (on loopback, before `connect`
/// returns), so an answer on a connection made after them is the event:
/// by then each earlier one is accepted and served on a task of its own.
/// Returns the probe, kept alive and idle: shutdown closes it at once.
fn wait_until_accepted(address: SocketAddr) -> TcpStream {
    let mut probe = connect(address);
    let answer = healthz(&mut probe);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    probe
}

/// A server that closes a connection whose head has not arrived within
/// [`SHORT`], patient otherwise.
fn quick_to_drop_a_head() -> TestServer {
    TestServer::start(ServerLimits {
        header_timeout: SHORT,
        ..patient_limits()
    })
}

#[test]
fn a_connection_that_sends_nothing_is_closed_after_the_header_timeout() {
    let server = quick_to_drop_a_head();
    // From before connecting: the server starts the clock when it accepts.
    let start = Instant::now();
    let mut silent = connect(server.address);
    let answer = read_until_closed(&mut silent);
    assert_eq!(answer, "", "nothing is sent to a client that asked nothing");
    assert_acted_at(SHORT, start.elapsed(), "header timeout");

    // A kept-alive connection that goes quiet after a request is closed too.
    let server = TestServer::start(ServerLimits {
        idle_timeout: SHORT,
        ..patient_limits()
    });
    let mut kept = connect(server.address);
    // From before the request: the idle clock starts once it is answered.
    let start = Instant::now();
    assert!(healthz(&mut kept).starts_with("HTTP/1.1 200"));
    let answer = read_until_closed(&mut kept);
    assert_eq!(answer, "");
    assert_acted_at(SHORT, start.elapsed(), "idle timeout");
}

#[test]
fn a_slow_header_is_cut_off_after_the_header_timeout() {
    let server = quick_to_drop_a_head();
    let start = Instant::now();
    let mut slow = connect(server.address);
    // Ignored: on a machine so loaded that the header timeout has acted
    // already, the assertions below hold all the same.
    let _ = slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: test\r\n");
    // One more header byte every 100 ms for up to a minute: progress, but
    // never a whole head. These sleeps are the slow client under test, not
    // a wait for the server; the trickle ends when the server closes.
    let trickle = write_meanwhile(&slow, |mut writer| {
        for _ in 0..600 {
            if writer.write_all(b"X").is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    let answer = read_until_closed(&mut slow);
    assert!(!answer.contains("200 OK"), "{answer}");
    assert_acted_at(
        SHORT,
        start.elapsed(),
        "closed at the header timeout from connecting, trickle or not \
         (a trickle that pushed the deadline back would hold it for a minute)",
    );
    trickle.join().unwrap();
}

#[test]
fn a_request_head_over_the_cap_gets_431() {
    let server = TestServer::start(patient_limits());
    let mut big = connect(server.address);
    let filler = "a".repeat(6000);
    write!(
        big,
        "GET /healthz HTTP/1.1\r\nHost: test\r\nX-Filler: {filler}\r\n\r\n"
    )
    .unwrap();
    let answer = read_until_closed(&mut big);
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
    // An answer on each shows the server has admitted it: all three hold
    // their places before the fourth connects.
    for stream in &mut held {
        assert!(healthz(stream).starts_with("HTTP/1.1 200"));
    }
    let started = Instant::now();
    let mut fourth = connect_from("127.0.0.2", server.address, None);
    let answer = read_until_closed(&mut fourth);
    assert!(
        answer.starts_with("HTTP/1.1 429 Too Many Requests"),
        "{answer}"
    );
    let took = started.elapsed();
    assert!(
        took < LATE,
        "refused at once, not admitted and left to the {LONG:?} header timeout: {took:?}"
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
    // Once one closes, the address may connect again. The server closing
    // its end shows it has seen the close…
    let mut closing = held.pop().unwrap();
    closing.shutdown(Shutdown::Write).unwrap();
    read_until_closed(&mut closing);
    // …and it frees the place just after, on the connection's task: until
    // then a new connection is still refused, so retry until one is served.
    wait_for("a connection from 127.0.0.2 is served again", LONG, || {
        let mut again = connect_from("127.0.0.2", server.address, None);
        try_healthz(&mut again)
            .ok()
            .filter(|answer| answer.starts_with("HTTP/1.1 200"))
    });
}

#[test]
fn a_client_that_stops_reading_is_cut_off_after_the_write_timeout() {
    // The real binary, for the line it logs when it gives up on the client.
    let (mut child, lines, address) = spawn_binary(&["--write-timeout", "1s"]);
    // 300 pipelined requests for the 28 KB pricing table, about 8 MB of
    // answers, into a 4 KB receive buffer that is not read until the
    // server has given up, however long that takes on a loaded machine.
    let mut stream = connect_from("127.0.0.1", address, Some(4096));
    let requests = "GET /api/v1/pricing HTTP/1.1\r\nHost: test\r\n\r\n".repeat(300);
    let sender = write_meanwhile(&stream, move |mut writer| {
        let _ = writer.write_all(requests.as_bytes());
    });
    let line = wait_for_line(&lines, "(--write-timeout)");
    assert!(line.contains("did not read its response for 1s"), "{line}");
    let answers = read_until_closed(&mut stream);
    let served = answers.matches("HTTP/1.1 200 OK").count();
    assert!(
        served < 300,
        "the server gave up on the client before sending all 300: {served}"
    );
    sender.join().unwrap();
    sigterm(&child);
    wait_exit(&mut child, LONG);
}

#[test]
fn shutdown_closes_idle_connections_at_once_and_stuck_ones_at_the_grace_period() {
    // Idle connections only: the server stops at once, not at its idle
    // timeout or the end of its grace period (both LONG).
    let server = TestServer::start(patient_limits());
    let mut idle = connect(server.address);
    assert!(healthz(&mut idle).starts_with("HTTP/1.1 200"));
    let took = server.stop();
    assert!(took < LATE, "{took:?}");

    // A head that never ends, with a header timeout (LONG) past the grace period.
    let server = TestServer::start(ServerLimits {
        grace_period: SHORT,
        ..patient_limits()
    });
    let mut stuck = connect(server.address);
    stuck
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: test\r\n")
        .unwrap();
    // Stopped before it is accepted, the server would stop at once.
    let _idle = wait_until_accepted(server.address);
    let took = server.stop();
    assert_acted_at(SHORT, took, "grace period");
    let answer = read_until_closed(&mut stuck);
    assert_eq!(answer, "");
}

#[test]
fn an_oversized_body_is_refused_before_100_continue() {
    let server = TestServer::start(patient_limits());
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
    let server = TestServer::start(patient_limits());
    let mut stream = connect(server.address);
    stream
        .write_all(b"GET /compare HTTP/1.1\r\nHost: planner.internal\r\nHost: evil.example\r\n\r\n")
        .unwrap();
    let answer = read_until_closed(&mut stream);
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
    let line = wait_for_line(&lines, "serving on http://");
    let rest = line.split("serving on http://").nth(1).unwrap();
    let address = rest.split([' ', '"']).next().unwrap().parse().unwrap();
    (child, lines, address)
}

/// Waits for the binary to log a line containing `text`, and returns it.
/// The limit ([`LONG`]) only bounds a failure.
fn wait_for_line(lines: &mpsc::Receiver<String>, text: &str) -> String {
    let deadline = Instant::now() + LONG;
    let mut before = Vec::new();
    loop {
        match lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(line) if line.contains(text) => return line,
            Ok(line) => before.push(line),
            Err(e) => panic!("no line with {text:?} ({e}); the log: {before:#?}"),
        }
    }
}

fn sigterm(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Waits for the process to exit; how long it took. `limit` only bounds a
/// process that does not exit (which is then killed).
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
        // A poll interval, not a guess at how long the exit takes.
        std::thread::sleep(Duration::from_millis(10));
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
    // Signalled before it is accepted, the server would have nothing to cut.
    // The probe is idle, so it is closed at once, and not counted as cut.
    let _idle = wait_until_accepted(address);
    sigterm(&child);
    let (took, status) = wait_exit(&mut child, LONG + LATE);
    assert!(status.success(), "exit 0: {status}");
    assert!(
        took < LATE,
        "grace period 1 s, header timeout 30 s: {took:?}"
    );
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
        let answer = read_until_closed(&mut stream);
        assert!(answer.starts_with("HTTP/1.1 200"));
        // A batch whose body stalls: its answer is cut, and the log says so.
        let mut stalled = connect(address);
        stalled
            .write_all(b"POST /api/v1/compare/batch HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100\r\n\r\n{}\n")
            .unwrap();
        let answer = read_until_closed(&mut stalled);
        assert!(answer.contains("--body-timeout"), "{answer}");
        sigterm(&child);
        wait_exit(&mut child, LONG);
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
