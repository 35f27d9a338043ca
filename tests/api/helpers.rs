//! Small helpers over `app().oneshot(…)`.

use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use egress_planner::{AppState, Config, app, load_table};
use http_body_util::BodyExt;
use std::io::{ErrorKind, Read};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use tower::ServiceExt;

/// The app on the bundled table with the test configuration.
pub fn test_app() -> axum::Router {
    let config = Config::for_tests();
    app(AppState::new(
        load_table(&config).expect("bundled table"),
        &config,
    ))
}

/// Sends one request and returns the response.
pub async fn send(request: Request<Body>) -> Response<Body> {
    test_app().oneshot(request).await.expect("the app answers")
}

/// `GET uri`.
pub async fn get(uri: &str) -> Response<Body> {
    send(Request::get(uri).body(Body::empty()).unwrap()).await
}

/// `POST uri` with a JSON body.
pub async fn post_json(uri: &str, body: impl Into<Body>) -> Response<Body> {
    send(
        Request::post(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(body.into())
            .unwrap(),
    )
    .await
}

/// Sends one request to the app with a custom configuration.
pub async fn send_with(config: &Config, request: Request<Body>) -> Response<Body> {
    app_with(config)
        .oneshot(request)
        .await
        .expect("the app answers")
}

/// `GET uri` from the app with a custom configuration.
pub async fn get_with(config: &Config, uri: &str) -> Response<Body> {
    send_with(config, Request::get(uri).body(Body::empty()).unwrap()).await
}

/// The body as text.
pub async fn text(response: Response<Body>) -> String {
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    String::from_utf8(bytes.to_vec()).expect("utf-8 body")
}

/// Status and body parsed as JSON.
pub async fn json(response: Response<Body>) -> (StatusCode, serde_json::Value) {
    let status = response.status();
    let body = text(response).await;
    (
        status,
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}")),
    )
}

/// The app with a custom configuration.
pub fn app_with(config: &Config) -> axum::Router {
    app(AppState::new(
        load_table(config).expect("bundled table"),
        config,
    ))
}

/// The option with this id in a comparison's JSON.
pub fn option<'a>(body: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    body["options"]
        .as_array()
        .expect("an options array")
        .iter()
        .find(|o| o["id"] == id)
        .unwrap_or_else(|| panic!("no option {id}: {body}"))
}

/// The `key` string of every element of a JSON array.
pub fn strings<'a>(array: &'a serde_json::Value, key: &str) -> Vec<&'a str> {
    array
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {array}"))
        .iter()
        .map(|e| e[key].as_str().unwrap_or_else(|| panic!("no {key}: {e}")))
        .collect()
}

/// A header of the response, as text.
pub fn header_text(response: &Response<Body>, name: header::HeaderName) -> &str {
    response.headers()[&name]
        .to_str()
        .unwrap_or_else(|e| panic!("{name} is not ASCII: {e}"))
}

/// The response's Content-Type.
pub fn content_type(response: &Response<Body>) -> &str {
    header_text(response, header::CONTENT_TYPE)
}

/// The JSON body of a 422 answer (asserting the status).
pub async fn unprocessable(response: Response<Body>) -> serde_json::Value {
    let (status, body) = json(response).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    body
}

/// The body as text, asserting the status first.
pub async fn text_with(status: StatusCode, response: Response<Body>) -> String {
    assert_eq!(response.status(), status);
    text(response).await
}

/// The body as text, asserting the status and how the Content-Type starts.
pub async fn typed_text(status: StatusCode, kind: &str, response: Response<Body>) -> String {
    let got = content_type(&response);
    assert!(got.starts_with(kind), "{got} is not {kind}");
    text_with(status, response).await
}

/// Asserts that an error message says each of `parts`.
pub fn assert_says(error: &str, parts: &[&str]) {
    for part in parts {
        assert!(error.contains(part), "{part:?} not in: {error}");
    }
}

/// Polls `probe` until it gives a value, and returns that value; fails the
/// test naming `what` if `limit` passes first. The limit only bounds a
/// failure, so make it generous: a passing test waits only as long as the
/// condition takes to hold, however loaded the machine.
pub fn wait_for<T>(
    what: &str,
    limit: std::time::Duration,
    mut probe: impl FnMut() -> Option<T>,
) -> T {
    let deadline = std::time::Instant::now() + limit;
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still waiting after {limit:?}: {what}"
        );
        // A poll interval, not a guess at how long the condition takes.
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// A path in the repository, from its root.
pub fn repo_path(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// An example input that ships in crates/ingest/examples/data.
pub fn example(name: &str) -> PathBuf {
    repo_path("crates/ingest/examples/data").join(name)
}

/// A Price List offer file of tests/fixtures/pricelist.
pub fn pricelist(name: &str) -> PathBuf {
    repo_path("tests/fixtures/pricelist").join(name)
}

/// The strings of a JSON array.
pub fn string_list(array: &serde_json::Value) -> Vec<&str> {
    array
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {array}"))
        .iter()
        .map(|e| e.as_str().unwrap_or_else(|| panic!("not a string: {e}")))
        .collect()
}

/// The message of an error answer's JSON.
pub fn error_message(body: &serde_json::Value) -> &str {
    body["error"]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("no error message: {body}"))
}

/// Reads until the server closes the connection: everything that arrived.
/// A reset counts as closed; a read timeout fails the test.
pub fn read_to_close(stream: &mut TcpStream) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => break,
            Err(e) => panic!("the server did not close the connection: {e}"),
        }
    }
    out
}

/// Each member of `object` named in `expected` has its value there.
pub fn assert_members(object: &serde_json::Value, expected: &[(&str, serde_json::Value)]) {
    for (name, value) in expected {
        assert_eq!(&object[name], value, "{name} in {object}");
    }
}

/// The form a results page's "Change the scenario" link opens, fetched from the app: the
/// results page carries a link to the form filled with its scenario, not the form itself.
pub async fn form_behind(results_page: &str) -> String {
    let marker = r#"<p class="quick"><a href=""#;
    let start = results_page
        .find(marker)
        .map(|i| i + marker.len())
        .expect("the results page links to its form");
    let end = results_page[start..].find('"').expect("href closed") + start;
    let href = results_page[start..end].replace("&amp;", "&");
    let (path, fragment) = href.split_once('#').expect("the link jumps to the form");
    assert_eq!(fragment, "scenario", "{href}");
    assert!(path.starts_with("/?"), "{href}");
    text_with(StatusCode::OK, get(path).await).await
}

/// `$2.5k` → 2500, `150k` → 150,000, `1M` → 1,000,000.
pub fn tick_value(label: &str) -> f64 {
    let label = label.trim_start_matches('$');
    let (digits, scale) = match label.chars().last() {
        Some('k') => (&label[..label.len() - 1], 1e3),
        Some('M') => (&label[..label.len() - 1], 1e6),
        Some('G') => (&label[..label.len() - 1], 1e9),
        _ => (label, 1.0),
    };
    digits.parse::<f64>().unwrap() * scale
}
