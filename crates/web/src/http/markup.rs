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
    match render(template, PAGE_BYTES) {
        Ok(body) => (status, [(header::CONTENT_TYPE, content_type)], body).into_response(),
        Err(e) => failed(&e),
    }
}

/// The buffer every page starts in: a results page is about 55 KB (eight
/// options and the chart); a smaller page leaves the rest unused.
pub const PAGE_BYTES: usize = 64 * 1024;

/// Renders `template` into a buffer of at least `capacity` bytes: growing a
/// String from askama's small size hint copied a results page over and over
/// (a tenth of its work).
pub fn render<T: Template>(template: &T, capacity: usize) -> Result<String, askama::Error> {
    let mut out = String::with_capacity(capacity.max(T::SIZE_HINT));
    template.render_into(&mut out)?;
    Ok(out)
}

/// The answer when a template cannot be rendered.
pub fn failed(error: &askama::Error) -> Response {
    tracing::error!(error = %error, "template rendering failed");
    (StatusCode::INTERNAL_SERVER_ERROR, "something went wrong").into_response()
}
