//! Rendered views as responses: a body with its status and content type, the errors of a bad
//! request in the face that fits the route, and one answer for a view that fails to render (a
//! logged 500 that names no internals).

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use egress_core::scenario::FieldErrors;
use egress_render::problem::{self, Face};

/// A rendered body as a response with `status` and `content_type`.
pub fn respond(
    status: StatusCode,
    content_type: &'static str,
    body: Result<String, egress_render::Error>,
) -> Response {
    match body {
        Ok(body) => (status, [(header::CONTENT_TYPE, content_type)], body).into_response(),
        Err(e) => failed(&e),
    }
}

/// A rendered HTML page as a response.
pub fn html(status: StatusCode, body: Result<String, egress_render::Error>) -> Response {
    respond(status, "text/html; charset=utf-8", body)
}

/// The errors of a request, shown as `face` shows them, with `status`.
pub fn problem(status: StatusCode, errors: &FieldErrors, face: Face<'_>) -> Response {
    match problem::render_errors(errors, face) {
        Ok(r) => (status, [(header::CONTENT_TYPE, r.content_type)], r.body).into_response(),
        Err(e) => failed(&e),
    }
}

/// The answer when a view cannot be rendered.
pub fn failed(error: &egress_render::Error) -> Response {
    tracing::error!(error = %error, "template rendering failed");
    (StatusCode::INTERNAL_SERVER_ERROR, "something went wrong").into_response()
}
