//! HEAD answered as GET is, headers and all (the encoding, `Vary`, the
//! length where it is known, the ETag), without the body: RFC 9110 §9.3.2.
//!
//! The router answers HEAD by emptying the body before the compression
//! layer sees it, which would send the plain length and no `Vary` to a HEAD
//! asking for gzip. Here the request goes in as a GET (so the cache answers
//! it too) and the body is dropped on the way out.

use axum::http::{HeaderValue, Method, Request, Response, header};
use futures_util::TryFutureExt;
use futures_util::future::{Either, MapOk};
use http_body::Body;
use std::task::{Context, Poll};
use tower::Service;

/// The service; its layer is `tower::layer::layer_fn(HeadAsGet)`.
#[derive(Debug, Clone)]
pub struct HeadAsGet<S>(pub S);

impl<S, B, R> Service<Request<B>> for HeadAsGet<S>
where
    S: Service<Request<B>, Response = Response<R>>,
    R: Body + Default,
{
    type Response = Response<R>;
    type Error = S::Error;
    type Future = Either<S::Future, MapOk<S::Future, fn(Response<R>) -> Response<R>>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        if request.method() != Method::HEAD {
            return Either::Left(self.0.call(request));
        }
        *request.method_mut() = Method::GET;
        Either::Right(self.0.call(request).map_ok(without_body::<R> as fn(_) -> _))
    }
}

/// The GET's response with its body dropped, its length kept when known.
fn without_body<R: Body + Default>(mut response: Response<R>) -> Response<R> {
    let length = response.body().size_hint().exact();
    let headers = response.headers_mut();
    if let Some(length) = length.filter(|_| !headers.contains_key(header::CONTENT_LENGTH)) {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    *response.body_mut() = R::default();
    response
}
