//! What a request's headers say about its body (its media type, its declared length), and the
//! body as read, each refused with an error that names what was sent.

use super::error::ApiError;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};

/// A request's `Content-Type`.
pub struct ContentType<'a> {
    /// As sent (empty when absent or not text).
    sent: &'a str,
    /// The media type: what comes before any parameter, trimmed.
    media: &'a str,
}

impl<'a> ContentType<'a> {
    pub fn of(headers: &'a HeaderMap) -> ContentType<'a> {
        let sent = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let media = sent.split(';').next().unwrap_or("").trim();
        ContentType { sent, media }
    }

    /// Whether the media type is `media` (in any case).
    pub fn is(&self, media: &str) -> bool {
        self.media.eq_ignore_ascii_case(media)
    }

    /// 415, saying what to send: `say` is given what was sent, quoted and cut to 60 characters.
    pub fn refused(&self, say: impl FnOnce(&str) -> String) -> ApiError {
        let got = format!("{:?}", self.sent.chars().take(60).collect::<String>());
        ApiError::general(StatusCode::UNSUPPORTED_MEDIA_TYPE, say(&got))
    }
}

/// The body's length as its `Content-Length` declares it, if it does.
pub fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
}

/// What a body of more than `limit` bytes is told.
pub fn too_large_message(limit: usize) -> String {
    format!("the request body is larger than {limit} bytes")
}

/// The body as read under a limit of `limit` bytes, or the error saying why it could not be.
pub fn read_body(body: Result<Bytes, BytesRejection>, limit: usize) -> Result<Bytes, ApiError> {
    body.map_err(|rejection| {
        let status = rejection.status();
        let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
            too_large_message(limit)
        } else {
            format!("could not read the request body: {}", rejection.body_text())
        };
        ApiError::general(status, message)
    })
}
