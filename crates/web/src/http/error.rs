//! The API's error body, `{"error": {"field", "message"}, "errors": […]}`
//! (`error` is the first of `errors`, for clients that read one), and how
//! every kind of bad request maps onto it.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use egress_core::engine::EngineError;
use egress_core::scenario::{FieldError, FieldErrors};
use serde::Serialize;

/// A JSON API error.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status (4xx for anything the caller sent).
    pub status: StatusCode,
    /// Every error, the first one first; never empty.
    pub errors: Vec<FieldError>,
}

/// The body of every API error.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(example = json!({"error": {"field": "azs", "message": "Availability Zones must be a whole number from 1 to 6 AZs; got \"9\""}, "errors": [{"field": "azs", "message": "Availability Zones must be a whole number from 1 to 6 AZs; got \"9\""}]}))]
pub struct ErrorBody<'a> {
    /// What went wrong first.
    pub error: ErrorDetail<'a>,
    /// Everything that went wrong, in field order.
    pub errors: Vec<ErrorDetail<'a>>,
}

/// What went wrong, and where.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail<'a> {
    /// The offending field, or null when no single field is at fault.
    pub field: Option<&'a str>,
    /// What is wrong and what to do instead.
    pub message: &'a str,
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
        fn detail(e: &FieldError) -> ErrorDetail<'_> {
            ErrorDetail {
                field: e.field.as_deref(),
                message: &e.message,
            }
        }
        ErrorBody {
            error: detail(&self.errors[0]),
            errors: self.errors.iter().map(detail).collect(),
        }
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
    fn from(e: EngineError) -> ApiError {
        ApiError::general(StatusCode::UNPROCESSABLE_ENTITY, e.to_string())
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
