//! Small helpers over `app().oneshot(…)`.

use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use egress_planner::{AppState, Config, app, load_table};
use http_body_util::BodyExt;
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
