//! The connection layer: accepts TCP connections and serves HTTP/1.1 on them
//! with the limits that keep one client from taking a shared service down.
//!
//! - hyper's HTTP/1 options cap the request head (431 past it, and a small
//!   read buffer, so unfinished heads cost kilobytes, not the ~400 KB
//!   hyper allows by default).
//! - [`Guarded`] wraps each socket with the timeouts hyper does not have in
//!   the form needed: hyper's header timer starts when a kept-alive
//!   connection goes idle, so it cannot give a short header timeout and a
//!   longer keep-alive; and hyper has no write timeout at all.
//! - [`Admission`] caps connections per client address and in all. Past
//!   either cap a new connection is answered at once (429 or 503) and
//!   closed, so it never waits in the accept queue holding a descriptor.
//! - Shutdown uses hyper-util's graceful watcher: no new connections, idle
//!   ones closed, requests in flight finish, and whatever is left when the
//!   grace period ends is closed.

use crate::config::ServerLimits;
use crate::http::metrics::Limit;
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use egress_core::money::words::counted;
use http_body::Body as _;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::unix::AsyncFd;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tokio::time::{Instant, Sleep};
use tower::Service;

/// The client's address, put in every request's extensions for the access log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub SocketAddr);

/// Descriptors kept free below the process limit for everything that is not
/// a client connection: the listener, the pricing file, logs, and the
/// moment a refused connection is open before it is closed.
const RESERVED_DESCRIPTORS: usize = 256;

/// Connections accepted in one go before the loop looks at its other work.
const ACCEPT_BATCH: usize = 128;

/// Pending connections the kernel may queue for `accept` (capped by
/// net.core.somaxconn). Rust's default of 128 overflows at once when one
/// client opens thousands of connections, and then every client's SYN is
/// dropped and retried a second or more later, the health check's too.
pub const BACKLOG: u32 = 4096;

/// Listens on `address` (`host:port`) with a [`BACKLOG`]-deep accept queue.
pub async fn bind(address: &str) -> io::Result<TcpListener> {
    let mut last_error = None;
    for address in tokio::net::lookup_host(address).await? {
        let socket = if address.is_ipv4() {
            tokio::net::TcpSocket::new_v4()?
        } else {
            tokio::net::TcpSocket::new_v6()?
        };
        #[cfg(unix)]
        socket.set_reuseaddr(true)?;
        match socket.bind(address).and_then(|()| socket.listen(BACKLOG)) {
            Ok(listener) => return Ok(listener),
            Err(e) => last_error = Some(e),
        }
    }
    Err(last_error.unwrap_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "the address resolves to nothing",
        )
    }))
}

/// Serves `app` on `listener` with `limits` until `signal` resolves, then
/// shuts down within the grace period. Returns only once every connection
/// is closed.
pub async fn run(
    listener: TcpListener,
    app: Router,
    limits: ServerLimits,
    signal: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let max_connections = fit_to_descriptor_limit(limits.max_connections);
    let admission = Admission::new(max_connections, limits.max_connections_per_ip);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.keep_alive(true)
        .max_header_size(limits.max_header_bytes)
        // hyper's floor for its buffer is 8 KiB; a request head or a
        // 16 KiB JSON body never needs more than the head cap plus that.
        .max_buf_size(limits.max_header_bytes.max(8 * 1024) + 8 * 1024);
    let graceful = GracefulShutdown::new();
    let mut connections = JoinSet::new();
    // SAFETY: the std listener owns its descriptor, and the AsyncFd owns the
    // listener, so the descriptor stays open and the same while registered.
    let listener = unsafe {
        AsyncFd::register_with_interest(listener.into_std()?, tokio::io::Interest::READABLE)
    }
    .map_err(io::Error::from)?;
    let mut signal = std::pin::pin!(signal);

    loop {
        tokio::select! {
            biased;
            () = &mut signal => break,
            ready = listener.readable() => {
                let mut ready = ready?;
                // Take what the kernel has queued, a batch at a time, so a
                // flood is drained at the cost of one wake-up per batch.
                for _ in 0..ACCEPT_BATCH {
                    let (stream, peer) = match ready.get_inner().accept() {
                        Ok(accepted) => accepted,
                        Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                            ready.clear_ready();
                            break;
                        }
                        Err(e) => {
                            accept_failed(&e).await;
                            break;
                        }
                    };
                    // Refused before tokio registers the socket: a refusal
                    // then costs three system calls (accept, send, close).
                    let slot = match admission.admit(peer.ip()) {
                        Ok(slot) => slot,
                        Err(refusal) => {
                            refusal.answer(&stream, peer);
                            continue;
                        }
                    };
                    let stream = match stream
                        .set_nonblocking(true)
                        .and_then(|()| TcpStream::from_std(stream))
                    {
                        Ok(stream) => stream,
                        Err(e) => {
                            accept_failed(&e).await;
                            continue;
                        }
                    };
                    admission.note_open();
                    let connection = http.serve_connection(
                        TokioIo::new(Guarded::new(stream, peer, &limits, slot.busy.clone())),
                        handler(app.clone(), peer, slot.busy.clone(), limits.body_timeout),
                    );
                    let connection = graceful.watch(connection);
                    connections.spawn(async move {
                        let _slot = slot;
                        if let Err(e) = connection.await {
                            closed_with_error(&e, peer);
                        }
                    });
                }
            }
            Some(done) = connections.join_next(), if !connections.is_empty() => {
                if let Err(e) = done {
                    tracing::error!(error = %e, "a connection task failed");
                }
                admission.after_close();
            }
        }
    }

    // New connections are refused from here on.
    drop(listener);
    // A task that has ended but was not yet joined is not an open connection.
    while connections.try_join_next().is_some() {}
    let open = connections.len();
    tracing::info!(
        open_connections = open,
        grace_period_s = limits.grace_period.as_secs_f64(),
        "shutting down: no new connections; requests in flight may finish"
    );
    let finished = tokio::time::timeout(limits.grace_period, async {
        graceful.shutdown().await;
        while connections.join_next().await.is_some() {}
    })
    .await;
    if finished.is_err() {
        // Connections that finished within the grace period were not cut.
        while connections.try_join_next().is_some() {}
        let cut = connections.len();
        connections.abort_all();
        while connections.join_next().await.is_some() {}
        tracing::warn!(
            closed_connections = cut,
            "grace period over: closed {} still open (a request or response unfinished)",
            counted(cut, "connection", "connections")
        );
    } else {
        tracing::info!("every connection finished; stopped");
    }
    Ok(())
}

/// The per-connection service: tags the request with the client address,
/// marks the connection busy while it is handled (no read deadline then;
/// the request timeout applies), and rejects a request with two Host headers.
///
/// A request with a body stays busy until its body is read (or dropped) and
/// its response sent: a streamed answer (NDJSON) starts before the body is
/// read, and the rest of the body must not fall under the header or idle
/// timeouts. The body's own deadline is [`TimedBody`]'s `--body-timeout`.
fn handler(
    app: Router,
    peer: SocketAddr,
    busy: Arc<AtomicBool>,
    body_timeout: Duration,
) -> impl hyper::service::Service<
    Request<Incoming>,
    Response = Response<Body>,
    Error = std::convert::Infallible,
    Future = impl Future<Output = Result<Response<Body>, std::convert::Infallible>> + Send,
> + Clone {
    hyper::service::service_fn(move |mut request: Request<Incoming>| {
        let busy = Arc::new(BusyGuard::new(busy.clone()));
        let mut app = app.clone();
        request.extensions_mut().insert(ClientAddr(peer));
        // RFC 9112 §3.2: a request with more than one Host is answered 400;
        // links must never be built from an ambiguous host.
        let two_hosts = request
            .headers()
            .get_all(header::HOST)
            .iter()
            .nth(1)
            .is_some();
        let has_body = !request.body().is_end_stream();
        async move {
            if two_hosts {
                static TWO_HOSTS: Throttle = Throttle::new();
                TWO_HOSTS.hit(|suppressed| {
                    tracing::warn!(client = %peer.ip(), suppressed, "refused a request with more than one Host header (400)");
                });
                return Ok(plain(
                    StatusCode::BAD_REQUEST,
                    "a request may have only one Host header\n",
                ));
            }
            if !has_body {
                // No body to wait for: busy until the response is ready.
                let response = app.call(request).await;
                drop(busy);
                return response;
            }
            let request = request.map(|body| {
                Body::new(TimedBody {
                    inner: body,
                    timeout: body_timeout,
                    timer: None,
                    done: false,
                    busy: Some(busy.clone()),
                    peer,
                })
            });
            let response = app.call(request).await?;
            Ok(response.map(|body| {
                Body::new(HoldBusy {
                    inner: body,
                    _busy: busy,
                })
            }))
        }
    })
}

/// The body timeout: the server waited this long for the next bytes of a
/// request body.
#[derive(Debug)]
pub struct BodyTimeout(pub Duration);

impl std::fmt::Display for BodyTimeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "no bytes of the request body for {:?} (--body-timeout)",
            self.0
        )
    }
}

impl std::error::Error for BodyTimeout {}

pin_project_lite::pin_project! {
    /// A request body with an idle deadline: while its reader waits for the
    /// next bytes, at most `timeout`; then it fails with [`BodyTimeout`].
    /// Keeps the connection busy until the body ends or is dropped.
    struct TimedBody {
        #[pin]
        inner: Incoming,
        timeout: Duration,
        timer: Option<Pin<Box<Sleep>>>,
        done: bool,
        busy: Option<Arc<BusyGuard>>,
        peer: SocketAddr,
    }
}

impl http_body::Body for TimedBody {
    type Data = axum::body::Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let this = self.project();
        if *this.done {
            return Poll::Ready(None);
        }
        match this.inner.poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                *this.timer = None;
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(other) => {
                *this.done = true;
                *this.timer = None;
                *this.busy = None;
                Poll::Ready(other.map(|r| r.map_err(Into::into)))
            }
            Poll::Pending => {
                let timeout = *this.timeout;
                let timer = this
                    .timer
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
                if timer.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                *this.done = true;
                *this.timer = None;
                *this.busy = None;
                static BODY: Throttle = Throttle::new();
                BODY.hit(|suppressed| {
                    tracing::warn!(
                        client = %this.peer.ip(),
                        suppressed,
                        "ended a request: {}",
                        BodyTimeout(timeout)
                    );
                });
                Poll::Ready(Some(Err(Box::new(BodyTimeout(timeout)))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.done || self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

pin_project_lite::pin_project! {
    /// A response body that keeps its connection busy until it is sent.
    struct HoldBusy {
        #[pin]
        inner: Body,
        _busy: Arc<BusyGuard>,
    }
}

impl http_body::Body for HoldBusy {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        self.project().inner.poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

/// A short plain-text answer made here rather than by the app.
fn plain(status: StatusCode, text: &'static str) -> Response<Body> {
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// Marks a connection busy from the moment hyper hands over a request head
/// until its response is ready (or the request is dropped); shared, for a
/// request with a body, with the body and the response body.
struct BusyGuard(Arc<AtomicBool>);

impl BusyGuard {
    fn new(busy: Arc<AtomicBool>) -> BusyGuard {
        busy.store(true, Ordering::Relaxed);
        BusyGuard(busy)
    }
}

impl Drop for BusyGuard {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Relaxed);
    }
}

/// The connection caps: a semaphore for all connections, a count per address.
struct Admission {
    all: Arc<Semaphore>,
    per_address: Arc<Mutex<HashMap<IpAddr, usize>>>,
    max_per_address: usize,
    max_connections: usize,
    /// The most connections open at once since memory was last trimmed.
    peak: std::sync::atomic::AtomicUsize,
}

/// One admitted connection's place under both caps; freed when dropped.
struct Slot {
    _permit: OwnedSemaphorePermit,
    address: IpAddr,
    per_address: Arc<Mutex<HashMap<IpAddr, usize>>>,
    busy: Arc<AtomicBool>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut counts = self
            .per_address
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = counts.get_mut(&self.address) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.address);
            }
        }
    }
}

/// Why a connection was not admitted.
enum Refusal {
    /// Its address holds its share of connections already.
    PerAddress,
    /// The server holds all the connections it may.
    Full,
}

impl Admission {
    fn new(max_connections: usize, max_per_address: usize) -> Admission {
        Admission {
            all: Arc::new(Semaphore::new(max_connections)),
            per_address: Arc::new(Mutex::new(HashMap::new())),
            max_per_address,
            max_connections,
            peak: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    fn admit(&self, address: IpAddr) -> Result<Slot, Refusal> {
        // An IPv4 client on a dual-stack socket is one client, however written.
        let address = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
            v4 => v4,
        };
        let permit = self
            .all
            .clone()
            .try_acquire_owned()
            .map_err(|_| Refusal::Full)?;
        let mut counts = self
            .per_address
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let count = counts.entry(address).or_insert(0);
        if *count >= self.max_per_address {
            return Err(Refusal::PerAddress);
        }
        *count += 1;
        Ok(Slot {
            _permit: permit,
            address,
            per_address: self.per_address.clone(),
            busy: Arc::new(AtomicBool::new(false)),
        })
    }

    /// Notes how many connections are open, for [`Admission::after_close`].
    fn note_open(&self) {
        let open = self.max_connections - self.all.available_permits();
        self.peak.fetch_max(open, Ordering::Relaxed);
    }

    /// After a connection closes: once a burst of connections is over, hands
    /// the memory it used back to the system. glibc keeps freed memory in
    /// its per-thread arenas, and without this the process stays at the size
    /// of its largest burst (1.5 GB after one probe, before the limits here).
    fn after_close(&self) {
        let open = self.max_connections - self.all.available_permits();
        let peak = self.peak.load(Ordering::Relaxed);
        if peak < TRIM_AFTER_PEAK || open > peak / 8 {
            return;
        }
        self.peak.store(open, Ordering::Relaxed);
        return_free_memory();
    }
}

/// Hands the memory the allocator holds free back to the system: glibc keeps
/// what is freed in the arena of the thread that allocated it, so a process
/// otherwise stays at the size its arenas once reached.
pub(crate) fn return_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory to the system; it may
    // be called at any time from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Open connections at which a later quiet moment returns memory to the system.
const TRIM_AFTER_PEAK: usize = 128;

impl Refusal {
    /// Answers a refused connection without reading from it, then closes it.
    /// The write does not wait: a client too slow to take 100 bytes from an
    /// empty socket buffer only misses the explanation.
    fn answer(&self, stream: &std::net::TcpStream, peer: SocketAddr) {
        static PER_ADDRESS: Throttle = Throttle::new();
        static FULL: Throttle = Throttle::new();
        let (answer, throttle, what): (&[u8], _, _) = match self {
            Refusal::PerAddress => (
                b"HTTP/1.1 429 Too Many Requests\r\ncontent-type: text/plain\r\ncontent-length: 38\r\nretry-after: 5\r\nconnection: close\r\n\r\ntoo many connections from one address\n",
                &PER_ADDRESS,
                "this address holds --max-connections-per-ip connections already (429)",
            ),
            Refusal::Full => (
                b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain\r\ncontent-length: 29\r\nretry-after: 5\r\nconnection: close\r\n\r\nthe server has no free slot\n\n",
                &FULL,
                "the server holds --max-connections connections already (503)",
            ),
        };
        // SAFETY: send only reads `answer`, and the descriptor is open (the
        // stream is borrowed). MSG_DONTWAIT: the socket is a blocking one.
        unsafe {
            libc::send(
                std::os::fd::AsRawFd::as_raw_fd(stream),
                answer.as_ptr().cast(),
                answer.len(),
                libc::MSG_DONTWAIT | libc::MSG_NOSIGNAL,
            );
        }
        crate::http::metrics::refused(match self {
            Refusal::PerAddress => Limit::PerAddress,
            Refusal::Full => Limit::Total,
        });
        throttle.hit(|suppressed| {
            tracing::warn!(client = %peer.ip(), suppressed, "refused a connection: {what}");
        });
    }
}

/// Logs why a connection ended, when that is worth an operator's attention
/// and was not logged where it happened (timeouts are, in [`Guarded`]).
fn closed_with_error(error: &hyper::Error, peer: SocketAddr) {
    static HEAD_TOO_LARGE: Throttle = Throttle::new();
    if error.is_parse_too_large() {
        HEAD_TOO_LARGE.hit(|suppressed| {
            tracing::warn!(
                client = %peer.ip(),
                suppressed,
                "closed a connection: its request head was over --max-header-bytes (431)"
            );
        });
    } else {
        tracing::debug!(client = %peer.ip(), error = %error, "connection closed with an error");
    }
}

/// Logs a failed accept, and waits a little when the process is out of
/// descriptors so the loop does not spin while none can be had.
async fn accept_failed(error: &io::Error) {
    static ACCEPT: Throttle = Throttle::new();
    ACCEPT.hit(|suppressed| {
        tracing::error!(error = %error, suppressed, "could not accept a connection");
    });
    #[cfg(unix)]
    let out_of_descriptors = matches!(error.raw_os_error(), Some(libc::EMFILE | libc::ENFILE));
    #[cfg(not(unix))]
    let out_of_descriptors = true;
    if out_of_descriptors {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Lowers `wanted` below the process's descriptor limit, raising the soft
/// limit towards the hard one first when that is enough.
fn fit_to_descriptor_limit(wanted: usize) -> usize {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit and setrlimit only read and write the struct given.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
            return wanted;
        }
        let needed = (wanted + RESERVED_DESCRIPTORS) as libc::rlim_t;
        if limit.rlim_cur != libc::RLIM_INFINITY && limit.rlim_cur < needed {
            let raised = libc::rlimit {
                rlim_cur: needed.min(limit.rlim_max),
                rlim_max: limit.rlim_max,
            };
            if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
                limit.rlim_cur = raised.rlim_cur;
            }
        }
        if limit.rlim_cur == libc::RLIM_INFINITY {
            return wanted;
        }
        let room = usize::try_from(limit.rlim_cur)
            .unwrap_or(usize::MAX)
            .saturating_sub(RESERVED_DESCRIPTORS)
            .max(1);
        if room < wanted {
            tracing::warn!(
                "--max-connections {wanted} lowered to {room}: the process may open {} files (ulimit -n)",
                limit.rlim_cur
            );
            return room;
        }
        wanted
    }
    #[cfg(not(unix))]
    wanted
}

/// At most one log line a second for one kind of event, with the number of
/// events not logged since, so a flood cannot flood the log too.
struct Throttle {
    next_ms: AtomicU64,
    suppressed: AtomicU64,
}

impl Throttle {
    const fn new() -> Throttle {
        Throttle {
            next_ms: AtomicU64::new(0),
            suppressed: AtomicU64::new(0),
        }
    }

    fn hit(&self, log: impl FnOnce(u64)) {
        static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        let now = START
            .get_or_init(std::time::Instant::now)
            .elapsed()
            .as_millis() as u64;
        let next = self.next_ms.load(Ordering::Relaxed);
        if now < next
            || self
                .next_ms
                .compare_exchange(next, now + 1000, Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
        {
            self.suppressed.fetch_add(1, Ordering::Relaxed);
            return;
        }
        log(self.suppressed.swap(0, Ordering::Relaxed));
    }
}

/// Which deadline closed a connection; carried inside the `io::Error`.
#[derive(Debug)]
enum Timeout {
    Header(Duration),
    Idle(Duration),
    Write(Duration),
}

impl std::fmt::Display for Timeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Timeout::Header(d) => write!(
                f,
                "its request head was not complete within {d:?} (--header-timeout)"
            ),
            Timeout::Idle(d) => write!(f, "no request within {d:?} (--idle-timeout)"),
            Timeout::Write(d) => write!(
                f,
                "it did not read its response for {d:?} (--write-timeout)"
            ),
        }
    }
}

impl std::error::Error for Timeout {}

/// What a connection's reads are waiting for, which sets their deadline.
#[derive(Debug, Clone, Copy)]
enum Waiting {
    /// A new connection: its first request head must be complete in time.
    FirstHead { since: Instant },
    /// Kept alive after a response: the next request must start in time.
    NextRequest { since: Instant },
    /// A later request has started: its head must be complete in time.
    LaterHead { since: Instant },
    /// A request is being handled: no read deadline, the request timeout applies.
    Busy,
}

/// A socket whose reads and writes fail with [`Timeout`] when the client
/// keeps the server waiting too long; hyper then closes the connection.
pub struct Guarded<S> {
    io: S,
    busy: Arc<AtomicBool>,
    waiting: Waiting,
    header: Duration,
    idle: Duration,
    write: Duration,
    read_timer: Option<Pin<Box<Sleep>>>,
    write_timer: Option<Pin<Box<Sleep>>>,
    /// When the current write started to wait for the client.
    write_stalled: Option<Instant>,
    peer: SocketAddr,
}

impl<S> Guarded<S> {
    /// Wraps a just-accepted socket; `busy` is set while a request is handled.
    pub fn new(
        io: S,
        peer: SocketAddr,
        limits: &ServerLimits,
        busy: Arc<AtomicBool>,
    ) -> Guarded<S> {
        Guarded {
            io,
            peer,
            busy,
            waiting: Waiting::FirstHead {
                since: Instant::now(),
            },
            header: limits.header_timeout,
            idle: limits.idle_timeout,
            write: limits.write_timeout,
            read_timer: None,
            write_timer: None,
            write_stalled: None,
        }
    }

    /// The error that makes hyper close the connection, logged here because
    /// hyper drops errors on connections that never sent a byte.
    fn timed_out(&self, timeout: Timeout) -> io::Error {
        static HEADER: Throttle = Throttle::new();
        static WRITE: Throttle = Throttle::new();
        match timeout {
            Timeout::Header(_) => crate::http::metrics::refused(Limit::HeaderTimeout),
            Timeout::Write(_) => crate::http::metrics::refused(Limit::WriteTimeout),
            _ => {}
        }
        let throttle = match timeout {
            Timeout::Header(_) => Some(&HEADER),
            Timeout::Write(_) => Some(&WRITE),
            // Closing a kept-alive connection that went quiet is routine.
            Timeout::Idle(_) => None,
        };
        if let Some(throttle) = throttle {
            throttle.hit(|suppressed| {
                tracing::warn!(client = %self.peer.ip(), suppressed, "closed a connection: {timeout}");
            });
        }
        io::Error::new(io::ErrorKind::TimedOut, timeout)
    }

    /// Follows the request cycle: busy while handled, then waiting for the next.
    fn update(&mut self) {
        if self.busy.load(Ordering::Relaxed) {
            self.waiting = Waiting::Busy;
        } else if let Waiting::Busy = self.waiting {
            self.waiting = Waiting::NextRequest {
                since: Instant::now(),
            };
        }
    }

    fn after_write<T>(
        &mut self,
        cx: &mut Context<'_>,
        poll: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        if poll.is_pending() {
            let since = *self.write_stalled.get_or_insert_with(Instant::now);
            if expired(&mut self.write_timer, since + self.write, cx) {
                return Poll::Ready(Err(self.timed_out(Timeout::Write(self.write))));
            }
            return poll;
        }
        self.write_stalled = None;
        // Time spent sending a response is not idle time.
        if let Waiting::NextRequest { .. } = self.waiting {
            self.waiting = Waiting::NextRequest {
                since: Instant::now(),
            };
        }
        // hyper does not read again after a response until the client sends
        // something, so the idle deadline is set here, on the same task: when
        // it passes, hyper is woken, reads, and gets the timeout.
        self.update();
        if self.read_deadline_passed(cx).is_some() {
            cx.waker().wake_by_ref();
        }
        poll
    }

    /// Sets the read timer to the deadline of what the connection waits for,
    /// and says which deadline has passed, if one has.
    fn read_deadline_passed(&mut self, cx: &mut Context<'_>) -> Option<Timeout> {
        let (deadline, timeout) = match self.waiting {
            // A response the client is slow to take is the write timeout's
            // business, and a request being handled the request timeout's.
            _ if self.write_stalled.is_some() => return None,
            Waiting::Busy => return None,
            Waiting::FirstHead { since } | Waiting::LaterHead { since } => {
                (since + self.header, Timeout::Header(self.header))
            }
            Waiting::NextRequest { since } => (since + self.idle, Timeout::Idle(self.idle)),
        };
        expired(&mut self.read_timer, deadline, cx).then_some(timeout)
    }
}

/// Polls a timer set to `deadline`, creating or moving it as needed.
fn expired(timer: &mut Option<Pin<Box<Sleep>>>, deadline: Instant, cx: &mut Context<'_>) -> bool {
    let sleep = timer.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
    if sleep.deadline() != deadline {
        sleep.as_mut().reset(deadline);
    }
    sleep.as_mut().poll(cx).is_ready()
}

impl<S: AsyncRead + Unpin> AsyncRead for Guarded<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        this.update();
        let before = buf.filled().len();
        let poll = Pin::new(&mut this.io).poll_read(cx, buf);
        match poll {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before
                    && let Waiting::NextRequest { .. } = this.waiting
                {
                    this.waiting = Waiting::LaterHead {
                        since: Instant::now(),
                    };
                }
                poll
            }
            Poll::Ready(Err(_)) => poll,
            Poll::Pending => match this.read_deadline_passed(cx) {
                Some(timeout) => Poll::Ready(Err(this.timed_out(timeout))),
                None => poll,
            },
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Guarded<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.io).poll_write(cx, buf);
        self.after_write(cx, poll)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        self.after_write(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.io).poll_flush(cx);
        self.after_write(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.io).poll_shutdown(cx);
        self.after_write(cx, poll)
    }
}
