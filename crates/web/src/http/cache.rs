//! The response cache: the 200 answer of every GET view, kept whole (headers and body, and its
//! gzip beside it once a client asks for gzip) under everything the answer depends on, so a
//! permalink asked for again (a wiki's embed, a card, a results page shared in a meeting) costs
//! what a static file costs. Bounded in bytes (`--cache-bytes`); the least recently used answer
//! goes first.
//!
//! It is a route layer: it sees the matched route and sits inside the compression layer, which
//! adds `Vary` to the plain answers it keeps and negotiates what the cache leaves to it.

use super::gzip::{self, Wanted};
use super::{AppState, embed, pages, sweep};
use axum::body::{Body, Bytes};
use axum::extract::MatchedPath;
use axum::http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode, header};
use axum::response::IntoResponse;
use futures_util::future::{BoxFuture, Either, FutureExt, Ready, ready};
use http_body::Body as _;
use lru::LruCache;
use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use tower_http::compression::predicate::Predicate;

/// The default bound of the cache, bytes.
pub const DEFAULT_CACHE_BYTES: usize = 64 * 1024 * 1024;

/// What a route's answer depends on besides the pricing table and the base of its links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Depends {
    /// Nothing the request says: the route ignores its query string.
    Nothing,
    /// The query string as sent: the pages echo what the user typed, and a permalink is
    /// requested again with the same text.
    Query,
    /// The query string and whether `Accept` asks for CSV (the sweep).
    QueryAndAccept,
    /// The query string and the `Host` header (oEmbed knows this service's permalinks by the
    /// host they were sent to when there is no public URL).
    QueryAndHost,
}

/// The routes whose GET answers are kept, and what each reads from the request. A route not
/// named here is never cached: `/healthz`, `/readyz` and `/metrics` change while their request
/// stays the same, and a new route is cached only once what it reads is written here.
fn depends(route: &str) -> Option<Depends> {
    Some(match route {
        "/measure"
        | "/api/v1/regions"
        | "/api/v1/pricing"
        | "/api/v1/openapi.json"
        | "/static/app.css"
        | "/favicon.svg"
        | "/favicon.ico" => Depends::Nothing,
        "/" | "/compare" | "/compare.md" | "/decision.md" | "/pricing" | "/workload" | "/embed"
        | "/chart.svg" | "/card.svg" | "/chart.png" | "/card.png" | "/api/v1/compare"
        | "/api/v1/workload" => Depends::Query,
        "/api/v1/sweep" => Depends::QueryAndAccept,
        "/oembed" => Depends::QueryAndHost,
        _ => return None,
    })
}

/// The first byte of a key: which twin of an answer it keeps.
const PLAIN: u8 = b'p';
const GZIP: u8 = b'g';

/// Where an answer is kept: the twin, then the pricing table's version (the image ETags hold
/// the same bytes to the same version), the route, the base of its links, what else the route
/// reads from the request, each after its length, and the query string.
fn key(version: &str, route: &str, base: &str, extra: &[u8], query: &str) -> Vec<u8> {
    let parts = [version.as_bytes(), route.as_bytes(), base.as_bytes(), extra];
    let length = 1 + parts.iter().map(|p| p.len() + 4).sum::<usize>() + query.len();
    let mut key = Vec::with_capacity(length);
    key.push(PLAIN);
    for part in parts {
        key.extend_from_slice(&u32::try_from(part.len()).unwrap_or(u32::MAX).to_le_bytes());
        key.extend_from_slice(part);
    }
    key.extend_from_slice(query.as_bytes());
    key
}

/// Bytes an entry takes besides its key, body and header text: the list's node and the
/// table's slot, the entry and its header map, and the allocator's headers of each.
const ENTRY_OVERHEAD: usize = 512;

/// Bytes each header takes besides its name and value.
const HEADER_OVERHEAD: usize = 96;

/// One kept answer: a 200's headers and body.
struct Entry {
    headers: HeaderMap,
    body: Bytes,
    /// Whether the compression layer compresses this answer, so a gzip twin is kept for it.
    compressible: bool,
    /// What it counts for against the bound.
    weight: usize,
}

impl Entry {
    fn new(headers: HeaderMap, body: Bytes, compressible: bool, key: &[u8]) -> Entry {
        let header_bytes: usize = headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len() + HEADER_OVERHEAD)
            .sum();
        let weight = ENTRY_OVERHEAD + key.len() + body.len() + header_bytes;
        Entry {
            headers,
            body,
            compressible,
            weight,
        }
    }

    fn response(&self) -> Response<Body> {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.headers_mut() = self.headers.clone();
        response
    }

    /// Whether the request revalidates this answer and its ETag matches: the handler then
    /// answers 304 as it does without the cache.
    fn revalidated_by(&self, request: &HeaderMap) -> bool {
        self.headers
            .get(header::ETAG)
            .and_then(|tag| tag.to_str().ok())
            .is_some_and(|tag| embed::etag_matches(request, tag))
    }
}

/// The kept answers and the bytes they count for.
struct Kept {
    entries: LruCache<Box<[u8]>, Arc<Entry>>,
    bytes: usize,
}

/// The cache of one app.
pub struct ResponseCache {
    capacity: usize,
    kept: Mutex<Kept>,
    hits: AtomicU64,
    misses: AtomicU64,
    evictions: AtomicU64,
    /// Bytes dropped since the freed memory was last handed back to the system.
    dropped: AtomicUsize,
}

/// What `/metrics` reports of the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    /// Requests answered from the cache.
    pub hits: u64,
    /// Cacheable requests the handler answered.
    pub misses: u64,
    /// Answers dropped to stay within the bound.
    pub evictions: u64,
    /// Bytes the kept answers count for.
    pub bytes: usize,
    /// Answers kept (a gzip twin counts as one).
    pub entries: usize,
    /// The bound, bytes (0: off).
    pub capacity: usize,
}

impl ResponseCache {
    /// A cache of at most `capacity` bytes; 0 keeps nothing.
    pub fn new(capacity: usize) -> ResponseCache {
        ResponseCache {
            capacity,
            kept: Mutex::new(Kept {
                entries: LruCache::unbounded(),
                bytes: 0,
            }),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            evictions: AtomicU64::new(0),
            dropped: AtomicUsize::new(0),
        }
    }

    /// Whether it keeps anything.
    pub fn enabled(&self) -> bool {
        self.capacity > 0
    }

    /// The figures `/metrics` reports.
    pub fn stats(&self) -> CacheStats {
        let kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            evictions: self.evictions.load(Ordering::Relaxed),
            bytes: kept.bytes,
            entries: kept.entries.len(),
            capacity: self.capacity,
        }
    }

    fn get(&self, key: &[u8]) -> Option<Arc<Entry>> {
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        kept.entries.get(key).cloned()
    }

    /// Keeps `entry`, then drops the least recently used answers until the bound holds. An
    /// answer larger than an eighth of the bound is not kept, so a few large ones cannot
    /// flush the rest.
    ///
    /// Answers are made on every worker thread, and glibc keeps the memory each thread frees
    /// in that thread's arena: with the answers churning, each arena grows towards the whole
    /// bound. So once a quarter of the bound has been dropped, the freed memory is handed back
    /// to the system (about 0.5 ms): after 200,000 distinct scenarios with the default 64 MiB,
    /// 85 MB resident instead of 107 MB (`bench/cache_memory.sh`).
    fn put(&self, key: Vec<u8>, entry: Arc<Entry>) {
        if entry.weight > self.capacity / 8 {
            return;
        }
        let mut dropped = Vec::new();
        {
            let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
            kept.bytes += entry.weight;
            if let Some(old) = kept.entries.put(key.into_boxed_slice(), entry) {
                kept.bytes -= old.weight;
            }
            while kept.bytes > self.capacity {
                let Some((_, entry)) = kept.entries.pop_lru() else {
                    break;
                };
                kept.bytes -= entry.weight;
                dropped.push(entry);
            }
        }
        if dropped.is_empty() {
            return;
        }
        self.evictions
            .fetch_add(dropped.len() as u64, Ordering::Relaxed);
        let bytes: usize = dropped.iter().map(|e| e.weight).sum();
        // Freed here, outside the lock.
        drop(dropped);
        let since = self.dropped.fetch_add(bytes, Ordering::Relaxed) + bytes;
        if since >= self.capacity / 4 {
            self.dropped.store(0, Ordering::Relaxed);
            crate::server::return_free_memory();
        }
    }

    /// The gzip twin of a kept plain answer, compressed now and kept beside it.
    fn gzip_twin(&self, plain: &Entry, mut key: Vec<u8>) -> Option<Arc<Entry>> {
        let body = Bytes::from(gzip::compress(&plain.body)?);
        key[0] = GZIP;
        let twin = Arc::new(Entry::new(
            gzip::encoded_headers(&plain.headers),
            body,
            false,
            &key,
        ));
        self.put(key, twin.clone());
        Some(twin)
    }
}

struct Shared {
    cache: Arc<ResponseCache>,
    state: AppState,
}

/// The route layer that answers from `state`'s cache ([`ResponseCache`]);
/// `None` when the cache is off.
pub fn layer<S>(
    state: &AppState,
) -> Option<impl tower::Layer<S, Service = CacheService<S>> + Clone + use<S>> {
    let shared = state.cache.enabled().then(|| {
        Arc::new(Shared {
            cache: state.cache.clone(),
            state: state.clone(),
        })
    })?;
    Some(tower::layer::layer_fn(move |inner| CacheService {
        inner,
        shared: shared.clone(),
    }))
}

/// The service of [`layer`].
#[derive(Clone)]
pub struct CacheService<S> {
    inner: S,
    shared: Arc<Shared>,
}

/// What the cache makes of a request.
enum Lookup {
    /// Not cacheable, or a revalidation the handler answers: straight to the handler.
    Pass,
    /// Answered from the cache.
    Hit(Response<Body>),
    /// The handler answers, and a 200 is kept under `key`.
    Miss { key: Vec<u8>, wanted: Wanted },
}

impl Shared {
    fn look_up(&self, request: &Request<Body>) -> Lookup {
        if request.method() != Method::GET {
            return Lookup::Pass;
        }
        let Some(route) = request.extensions().get::<MatchedPath>() else {
            return Lookup::Pass;
        };
        let Some(depends) = depends(route.as_str()) else {
            return Lookup::Pass;
        };
        let headers = request.headers();
        let query = match depends {
            Depends::Nothing => "",
            _ => request.uri().query().unwrap_or(""),
        };
        let extra: &[u8] = match depends {
            Depends::QueryAndAccept if sweep::csv_by_accept(headers) => b"csv",
            Depends::QueryAndHost => headers
                .get(header::HOST)
                .map_or(&[][..], HeaderValue::as_bytes),
            _ => &[],
        };
        let base = pages::base_url(&self.state, headers);
        let mut key = key(
            &self.state.table.meta.version,
            route.as_str(),
            &base,
            extra,
            query,
        );
        let wanted = gzip::wanted(headers);
        if wanted == Wanted::Gzip {
            key[0] = GZIP;
            if let Some(twin) = self.cache.get(&key) {
                return self.hit(&twin, headers);
            }
            key[0] = PLAIN;
        }
        let Some(plain) = self.cache.get(&key) else {
            self.cache.misses.fetch_add(1, Ordering::Relaxed);
            return Lookup::Miss { key, wanted };
        };
        if wanted == Wanted::Gzip
            && plain.compressible
            && !plain.revalidated_by(headers)
            && let Some(twin) = self.cache.gzip_twin(&plain, key)
        {
            return self.hit(&twin, headers);
        }
        self.hit(&plain, headers)
    }

    fn hit(&self, entry: &Entry, headers: &HeaderMap) -> Lookup {
        if entry.revalidated_by(headers) {
            return Lookup::Pass;
        }
        self.cache.hits.fetch_add(1, Ordering::Relaxed);
        Lookup::Hit(entry.response())
    }

    /// Keeps the handler's answer when it is a 200 with its whole body in memory, and answers
    /// with it (its gzip twin when the request wants gzip and the layer would compress it).
    async fn keep(
        self: Arc<Self>,
        response: Response<Body>,
        key: Vec<u8>,
        wanted: Wanted,
    ) -> Response<Body> {
        if response.status() != StatusCode::OK || response.body().size_hint().exact().is_none() {
            return response;
        }
        let (parts, body) = response.into_parts();
        let body = match axum::body::to_bytes(body, usize::MAX).await {
            Ok(body) => exact(body),
            Err(e) => {
                tracing::error!(error = %e, "could not read a response body to cache it");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        };
        let response = Response::from_parts(parts, Body::from(body.clone()));
        let compressible = gzip::compress_when().should_compress(&response);
        let plain = Arc::new(Entry::new(
            response.headers().clone(),
            body,
            compressible,
            &key,
        ));
        self.cache.put(key.clone(), plain.clone());
        if wanted == Wanted::Gzip
            && compressible
            && let Some(twin) = self.cache.gzip_twin(&plain, key)
        {
            return twin.response();
        }
        response
    }
}

/// `body` in an allocation of its own length, so what an entry counts for is what it holds:
/// the handler's buffer shrunk in place (copying it costs an instruction a byte).
fn exact(body: Bytes) -> Bytes {
    let mut bytes = Vec::from(body);
    bytes.shrink_to_fit();
    Bytes::from(bytes)
}

impl<S> tower::Service<Request<Body>> for CacheService<S>
where
    S: tower::Service<Request<Body>, Response = Response<Body>, Error = Infallible>,
    S::Future: Send + 'static,
{
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = Either<
        Either<S::Future, Ready<Result<Response<Body>, Infallible>>>,
        BoxFuture<'static, Result<Response<Body>, Infallible>>,
    >;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        match self.shared.look_up(&request) {
            Lookup::Pass => Either::Left(Either::Left(self.inner.call(request))),
            Lookup::Hit(response) => Either::Left(Either::Right(ready(Ok(response)))),
            Lookup::Miss { key, wanted } => {
                let answer = self.inner.call(request);
                let shared = self.shared.clone();
                Either::Right(
                    async move {
                        let Ok(response) = answer.await;
                        Ok(shared.keep(response, key, wanted).await)
                    }
                    .boxed(),
                )
            }
        }
    }
}
