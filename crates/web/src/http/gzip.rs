//! gzip for the response cache: which answers are compressed (the compression layer's own rule),
//! whether a request certainly wants gzip, the headers a gzip answer carries, and a compressor
//! per thread that keeps its match table from one body to the next.
//!
//! The compression layer builds a new zlib stream for every response, and allocating and
//! zeroing its window and tables (about 440 KB) costs more than compressing a 5 KB embed. The
//! cache compresses the bodies it keeps with [`crate::deflate`], which clears nothing between
//! bodies, so the layer only compresses what the cache does not answer.

use crate::deflate::{self, Deflater};
use axum::http::{HeaderMap, HeaderValue, header};
use std::cell::RefCell;
use tower_http::compression::predicate::{
    DefaultPredicate, NotForContentType, Predicate, SizeAbove,
};

/// Responses smaller than this are sent uncompressed: setting up a deflate
/// stream costs far more than it saves on a small body.
pub const COMPRESS_ABOVE_BYTES: u64 = 2048;

/// Which responses are compressed: the compression layer's rule, which the cache applies to
/// the answers it compresses itself. Streamed NDJSON batch answers are not compressed: the
/// encoder would hold the first answers back until it had enough to fill a block.
pub fn compress_when() -> impl Predicate {
    DefaultPredicate::new()
        .and(SizeAbove::new(COMPRESS_ABOVE_BYTES))
        .and(NotForContentType::const_new(super::batch::NDJSON))
}

/// What a request's `Accept-Encoding` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// No compression: no header, or one that names no encoding the app has.
    Plain,
    /// gzip, as the compression layer would choose it.
    Gzip,
    /// Weights (`;q=`), a wildcard, several headers or bytes that are not text: the compression
    /// layer negotiates these itself, from the plain answer.
    Negotiate,
}

/// Reads `Accept-Encoding` where the answer is certain: a plain list of encodings (what
/// browsers, curl and HTTP libraries send). gzip is the only encoding the app has, and the
/// compression layer prefers it to identity at equal weight, so a list naming it means gzip.
pub fn wanted(headers: &HeaderMap) -> Wanted {
    let mut values = headers.get_all(header::ACCEPT_ENCODING).iter();
    let Some(value) = values.next() else {
        return Wanted::Plain;
    };
    let (Ok(list), None) = (value.to_str(), values.next()) else {
        return Wanted::Negotiate;
    };
    let mut gzip = false;
    for coding in list.split(',').map(str::trim) {
        if coding.contains(';') || coding == "*" {
            return Wanted::Negotiate;
        }
        gzip |= coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip");
    }
    if gzip { Wanted::Gzip } else { Wanted::Plain }
}

/// The headers of a gzip answer, from those of the plain one: what the compression layer
/// does to the responses it compresses.
pub fn encoded_headers(plain: &HeaderMap) -> HeaderMap {
    let mut headers = plain.clone();
    let varies = headers.get_all(header::VARY).iter().any(|value| {
        value
            .as_bytes()
            .windows(header::ACCEPT_ENCODING.as_str().len())
            .any(|w| w.eq_ignore_ascii_case(header::ACCEPT_ENCODING.as_str().as_bytes()))
    });
    if !varies {
        headers.append(
            header::VARY,
            HeaderValue::from_name(header::ACCEPT_ENCODING),
        );
    }
    headers.remove(header::ACCEPT_RANGES);
    headers.remove(header::CONTENT_LENGTH);
    headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    headers
}

thread_local! {
    /// This thread's compressor, kept with its match table between answers.
    static DEFLATER: RefCell<Deflater> = RefCell::new(Deflater::new());
}

/// `body` gzipped, in an allocation of its length; `None` for a body too large to compress
/// (the plain answer is then sent, which every client that asked for gzip also accepts).
pub fn compress(body: &[u8]) -> Option<Vec<u8>> {
    if body.len() > deflate::MAX_BODY {
        return None;
    }
    // Markup and JSON shrink to a third or less, so the vector does not grow (a copy), and
    // shrinking it afterwards frees its tail in place.
    let mut out = Vec::with_capacity(body.len() / 2 + 64);
    DEFLATER.with_borrow_mut(|deflater| deflater.gzip(body, &mut out));
    out.shrink_to_fit();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn with(values: &[&'static str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append(header::ACCEPT_ENCODING, HeaderValue::from_static(v));
        }
        headers
    }

    #[test]
    fn only_a_plain_list_is_read_and_the_rest_is_left_to_the_compression_layer() {
        assert_eq!(wanted(&with(&[])), Wanted::Plain);
        assert_eq!(wanted(&with(&["gzip, deflate, br, zstd"])), Wanted::Gzip);
        assert_eq!(wanted(&with(&["GZIP"])), Wanted::Gzip);
        assert_eq!(wanted(&with(&["x-gzip"])), Wanted::Gzip);
        assert_eq!(wanted(&with(&["gzip, identity"])), Wanted::Gzip);
        assert_eq!(wanted(&with(&["br, deflate"])), Wanted::Plain);
        assert_eq!(wanted(&with(&["identity"])), Wanted::Plain);
        assert_eq!(wanted(&with(&[""])), Wanted::Plain);
        assert_eq!(wanted(&with(&["gzip;q=0"])), Wanted::Negotiate);
        assert_eq!(wanted(&with(&["identity;q=0"])), Wanted::Negotiate);
        assert_eq!(wanted(&with(&["*"])), Wanted::Negotiate);
        assert_eq!(wanted(&with(&["br", "gzip"])), Wanted::Negotiate);
    }

    #[test]
    fn a_reused_stream_gives_each_body_its_own_whole_gzip() {
        let bodies = [
            "<p>first</p>".repeat(500),
            String::new(),
            "{\"second\": 2}".repeat(3000),
        ];
        for body in bodies.iter().chain(bodies.iter()) {
            let gz = compress(body.as_bytes()).unwrap();
            assert_eq!(gz.len(), gz.capacity());
            let mut back = String::new();
            flate2::read::GzDecoder::new(&gz[..])
                .read_to_string(&mut back)
                .unwrap();
            assert_eq!(&back, body);
        }
    }

    #[test]
    fn a_gzip_answer_varies_on_accept_encoding_once_and_has_no_length() {
        let mut plain = HeaderMap::new();
        plain.insert(header::CONTENT_LENGTH, HeaderValue::from_static("10"));
        plain.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
        let gz = encoded_headers(&plain);
        assert_eq!(gz.get_all(header::VARY).iter().count(), 1);
        assert!(gz.get(header::CONTENT_LENGTH).is_none());
        assert_eq!(gz[header::CONTENT_ENCODING], "gzip");
        let gz = encoded_headers(&HeaderMap::new());
        assert_eq!(gz[header::VARY], "accept-encoding");
    }
}
