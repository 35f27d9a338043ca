//! Rendering askama templates into responses, with one answer for a
//! template that fails to render: a logged 500 that names no internals.

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Renders a template as a response with `status` and `content_type`.
pub fn respond(
    status: StatusCode,
    content_type: &'static str,
    template: &impl Template,
) -> Response {
    match template.render() {
        Ok(body) => (status, [(header::CONTENT_TYPE, content_type)], body).into_response(),
        Err(e) => failed(&e),
    }
}

/// The answer when a template cannot be rendered.
pub fn failed(error: &askama::Error) -> Response {
    tracing::error!(error = %error, "template rendering failed");
    (StatusCode::INTERNAL_SERVER_ERROR, "something went wrong").into_response()
}
