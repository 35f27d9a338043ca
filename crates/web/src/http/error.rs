//! The API's error body, `{"error": {"field", "message"}, "errors": […]}`
//! (`error` is the first of `errors`, for clients that read one), and how
//! every kind of bad request maps onto it.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use egress_core::engine::EngineError;
use egress_core::scenario::{FieldError, FieldErrors};
pub use egress_render::problem::{ErrorBody, ErrorDetail};

/// A JSON API error.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status (4xx for anything the caller sent).
    pub status: StatusCode,
    /// Every error, the first one first; never empty.
    pub errors: Vec<FieldError>,
}

impl ApiError {
    /// An error with no single field at fault.
    pub fn general(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            errors: vec![FieldError::general(message)],
        }
    }

    /// The errors as the body carries them.
    pub fn body(&self) -> ErrorBody<'_> {
        ErrorBody::of(&self.errors)
    }
}

impl From<FieldErrors> for ApiError {
    fn from(e: FieldErrors) -> ApiError {
        // A body that is not JSON at all is a 400; a well-formed request with
        // a bad or unknown field is a 422.
        let status = if e.first().field.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::BAD_REQUEST
        };
        ApiError {
            status,
            errors: e.all().to_vec(),
        }
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> ApiError {
        ApiError::from(FieldErrors::from(e))
    }
}

impl From<EngineError> for ApiError {
    /// A scenario the engine cannot compare is well-formed input it refuses: always 422.
    fn from(e: EngineError) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            errors: vec![FieldError::from(e)],
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let json = serde_json::to_vec(&self.body()).unwrap_or_else(|_| {
            b"{\"error\":{\"field\":null,\"message\":\"error\"},\"errors\":[]}".to_vec()
        });
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            json,
        )
            .into_response()
    }
}
