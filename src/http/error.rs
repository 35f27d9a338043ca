//! The API's error body, `{"error": {"field": …, "message": …}}`, and how
//! every kind of bad request maps onto it.

use crate::engine::EngineError;
use crate::scenario::FieldError;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// A JSON API error.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status (4xx for anything the caller sent).
    pub status: StatusCode,
    /// The offending field, when one is at fault.
    pub field: Option<String>,
    /// What is wrong and what is allowed.
    pub message: String,
}

/// The body of every API error.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(example = json!({"error": {"field": "azs", "message": "azs must be a whole number from 1 to 6 (AZs); got \"9\""}}))]
pub struct ErrorBody<'a> {
    /// What went wrong.
    pub error: ErrorDetail<'a>,
}

/// What went wrong, and where.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail<'a> {
    /// The offending field, or null when no single field is at fault.
    pub field: Option<&'a str>,
    /// What is wrong and what is allowed.
    pub message: &'a str,
}

impl ApiError {
    /// An error with no single field at fault.
    pub fn general(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            field: None,
            message: message.into(),
        }
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> ApiError {
        // A body that is not JSON at all is a 400; a well-formed request with
        // a bad or unknown field is a 422.
        let status = if e.field.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::BAD_REQUEST
        };
        ApiError {
            status,
            field: e.field,
            message: e.message,
        }
    }
}

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> ApiError {
        ApiError::general(StatusCode::UNPROCESSABLE_ENTITY, e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                field: self.field.as_deref(),
                message: &self.message,
            },
        };
        let json = serde_json::to_vec(&body)
            .unwrap_or_else(|_| b"{\"error\":{\"field\":null,\"message\":\"error\"}}".to_vec());
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            json,
        )
            .into_response()
    }
}
