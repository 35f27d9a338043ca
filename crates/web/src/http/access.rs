//! The access log: one line per request, at info, under the target
//! `egress_planner::access`, written when the response has been sent (or
//! abandoned): method, route, status, duration, bytes, client, and the
//! length of the query string, never its values (they are the users' figures).

use crate::server::ClientAddr;
use axum::body::Bytes;
use axum::http::{Method, Request, Response, StatusCode, Uri};
use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Instant;
use tower::Service;

/// The log target of access lines, for filters such as
/// `RUST_LOG=egress_planner=info,egress_planner::access=off`.
pub const TARGET: &str = "egress_planner::access";

/// Longest path written to the log; longer ones are cut.
const MAX_LOGGED_PATH: usize = 100;

/// The access log around a service (its own layer is
/// `tower::layer::layer_fn(AccessLog)`).
#[derive(Debug, Clone)]
pub struct AccessLog<S>(pub S);

/// What is known of a request when it arrives.
#[derive(Debug)]
struct Record {
    method: Method,
    uri: Uri,
    client: Option<ClientAddr>,
    start: Instant,
}

impl<S, B, R> Service<Request<B>> for AccessLog<S>
where
    S: Service<Request<B>, Response = Response<R>>,
{
    type Response = Response<Logged<R>>;
    type Error = S::Error;
    type Future = AccessFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        // Nothing is recorded when nobody listens (benchmarks, RUST_LOG=warn).
        let record = tracing::enabled!(target: TARGET, tracing::Level::INFO).then(|| Record {
            method: request.method().clone(),
            uri: request.uri().clone(),
            client: request.extensions().get::<ClientAddr>().copied(),
            start: Instant::now(),
        });
        AccessFuture {
            inner: self.0.call(request),
            record,
        }
    }
}

pin_project! {
    /// The response future of [`AccessLog`].
    pub struct AccessFuture<F> {
        #[pin]
        inner: F,
        record: Option<Record>,
    }
}

impl<F, R, E> Future for AccessFuture<F>
where
    F: Future<Output = Result<Response<R>, E>>,
{
    type Output = Result<Response<Logged<R>>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let response = ready!(this.inner.poll(cx))?;
        let status = response.status();
        let record = this.record.take();
        let marked = response.extensions().get::<Cut>().cloned();
        Poll::Ready(Ok(response.map(|inner| Logged {
            inner,
            line: record.map(|record| Line {
                record,
                status,
                bytes: 0,
                marked,
                polled: false,
                finished: false,
            }),
        })))
    }
}

/// Put in a response's extensions by a handler whose streamed body may end
/// early (a batch whose request body failed or stalled): once marked, the
/// access line says `cut=true`, though the status was 200.
#[derive(Debug, Clone, Default)]
pub struct Cut(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl Cut {
    /// Records that the response did not give every answer.
    pub fn mark(&self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether [`Cut::mark`] was called.
    pub fn is_marked(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// A response's log line, written when its body is dropped.
struct Line {
    record: Record,
    status: StatusCode,
    bytes: u64,
    /// The handler's own mark, for a body that ended early but cleanly.
    marked: Option<Cut>,
    /// Whether the server started sending the body, and saw its end.
    polled: bool,
    finished: bool,
}

impl Drop for Line {
    fn drop(&mut self) {
        let r = &self.record;
        let path = r.uri.path();
        // Every route is a fixed path, so any answer but 404 names a route; a
        // 404's path is whatever the client made up, and only its length is kept.
        let route = if self.status == StatusCode::NOT_FOUND {
            "(none)"
        } else if path.len() > MAX_LOGGED_PATH {
            path.get(..MAX_LOGGED_PATH).unwrap_or("(long)")
        } else {
            path
        };
        let duration_ms = r.start.elapsed().as_micros() as f64 / 1000.0;
        let query_len = r.uri.query().map_or(0, str::len);
        let client = r
            .client
            .map_or_else(|| "-".to_owned(), |c| c.0.ip().to_string());
        // Cut: the handler said its answer is incomplete, or the body was
        // dropped before its end (the client went away, a write timeout).
        let cut =
            self.marked.as_ref().is_some_and(Cut::is_marked) || (self.polled && !self.finished);
        macro_rules! line {
            ($level:ident) => {
                tracing::$level!(
                    target: TARGET,
                    method = %r.method,
                    route,
                    status = self.status.as_u16(),
                    duration_ms,
                    bytes = self.bytes,
                    query_len,
                    path_len = path.len(),
                    client,
                    cut,
                    "request"
                )
            };
        }
        if self.status.is_server_error() || cut {
            line!(warn);
        } else {
            line!(info);
        }
    }
}

pin_project! {
    /// A response body that counts the bytes sent and logs the request
    /// when the server is done with it.
    pub struct Logged<B> {
        #[pin]
        inner: B,
        line: Option<Line>,
    }
}

impl<B: Default> Default for Logged<B> {
    fn default() -> Self {
        Logged {
            inner: B::default(),
            line: None,
        }
    }
}

impl<B> Body for Logged<B>
where
    B: Body<Data = Bytes>,
{
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let mut this = self.project();
        if let Some(line) = this.line.as_mut() {
            line.polled = true;
        }
        let frame = ready!(this.inner.as_mut().poll_frame(cx));
        if let Some(line) = this.line.as_mut() {
            match &frame {
                Some(Ok(frame)) => {
                    if let Some(data) = frame.data_ref() {
                        line.bytes += data.len() as u64;
                    }
                }
                None => line.finished = true,
                Some(Err(_)) => {}
            }
            // hyper stops polling once the body says it has ended.
            if this.inner.is_end_stream() {
                line.finished = true;
            }
        }
        Poll::Ready(frame)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
