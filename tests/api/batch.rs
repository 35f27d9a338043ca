//! `POST /api/v1/compare/batch`: JSON arrays and NDJSON, full and summary
//! answers checked against the public acceptance scenarios' `expect`, bad
//! scenarios answered in place, the size and count limits, and NDJSON
//! answers that start before the request body has ended.

use super::acceptance::{check, scenarios};
use super::helpers::{app_with, json, send, test_app, text, text_with};
use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode, header};
use egress_planner::Config;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

fn request(uri: &str, content_type: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, content_type)
        .body(body.into())
        .unwrap()
}

/// The acceptance inputs with a bad scenario after the second.
fn mixed() -> (Vec<(String, Value)>, Vec<Value>) {
    let good = scenarios();
    let mut inputs: Vec<Value> = good.iter().map(|(_, s)| s["input"].clone()).collect();
    inputs.insert(2, json!({"azs": 9, "monthly_gb": "12"}));
    (good, inputs)
}

/// Checks answers against the scenarios: index 2 is the bad one.
fn check_answers(good: &[(String, Value)], answers: &[Value], summary: bool) {
    assert_eq!(answers.len(), good.len() + 1);
    for (i, answer) in answers.iter().enumerate() {
        assert_eq!(answer["index"], i, "{answer}");
    }
    assert_eq!(answers[2]["error"]["field"], "azs");
    assert_eq!(
        answers[2]["error"]["message"],
        "Availability Zones must be a whole number from 1 to 6 AZs; got \"9\""
    );
    let answered = answers[..2].iter().chain(&answers[3..]);
    for ((name, scenario), answer) in good.iter().zip(answered) {
        let expect = &scenario["expect"];
        if summary {
            let mut keys: Vec<&String> = answer.as_object().unwrap().keys().collect();
            keys.sort();
            assert_eq!(
                keys,
                ["cheapest", "feasible", "index", "monthly_cost"],
                "{name}"
            );
            assert_eq!(answer["cheapest"], expect["cheapest"], "{name}");
            // Every option the scenario names as expected; one it leaves out
            // (options 9 and 10 in a region without their prices) is unpriced.
            for key in ["monthly_cost", "feasible"] {
                let got = answer[key].as_object().unwrap();
                assert_eq!(got.len(), egress_planner::engine::OPTIONS.len(), "{name}");
                for (id, value) in got {
                    match expect[key].get(id) {
                        Some(expected) => assert_eq!(value, expected, "{name}: {key} of {id}"),
                        None => assert_eq!(
                            (
                                key,
                                answer["monthly_cost"][id].is_null(),
                                &answer["feasible"][id]
                            ),
                            (key, true, &Value::Bool(false)),
                            "{name}: {id} is not in the scenario, so it must be unpriced"
                        ),
                    }
                }
            }
        } else {
            check(name, expect, answer);
        }
    }
}

#[tokio::test]
async fn a_json_array_is_answered_in_order_summary_and_full() {
    let (good, inputs) = mixed();
    let body = serde_json::to_string(&inputs).unwrap();
    for (query, summary) in [
        ("?detail=summary", true),
        ("", false),
        ("?detail=full", false),
    ] {
        let response = send(request(
            &format!("/api/v1/compare/batch{query}"),
            "application/json",
            body.clone(),
        ))
        .await;
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
        let (status, answers) = json(response).await;
        assert_eq!(status, StatusCode::OK);
        check_answers(&good, answers.as_array().unwrap(), summary);
    }
}

/// A summary says which options meet the scenario's requirements, so a script sees why a cheaper
/// feasible option is not `cheapest`; a scenario without one has no such member.
#[tokio::test]
async fn a_summary_says_which_options_meet_the_requirements() {
    let open = json!({"monthly_gb": 5000, "s3_percent": 40});
    let mut sensitive = open.clone();
    sensitive["sensitive"] = json!(true);
    let body = json!([open, sensitive]).to_string();
    let uri = "/api/v1/compare/batch?detail=summary";
    let (status, answers) = json(send(request(uri, "application/json", body)).await).await;
    assert_eq!(status, StatusCode::OK, "{answers}");
    let [open, sensitive] = answers.as_array().unwrap().as_slice() else {
        panic!("two answers: {answers}");
    };
    assert!(open.get("meets_requirements").is_none(), "{open}");
    // Public subnets pay only for addresses and data transfer out: the cheapest feasible option.
    assert_eq!(open["cheapest"], "public_subnet");
    assert_eq!(open["monthly_cost"], sensitive["monthly_cost"]);
    let meets = sensitive["meets_requirements"].as_object().unwrap();
    assert_eq!(meets.len(), egress_planner::engine::OPTIONS.len());
    // Every task with a public address is reachable from the internet.
    assert_eq!(meets["public_subnet"], false);
    let cost = |id: &str| {
        let text = sensitive["monthly_cost"][id].as_str().unwrap();
        text.parse::<rust_decimal::Decimal>().unwrap()
    };
    let cheapest = sensitive["cheapest"].as_str().unwrap();
    assert_eq!(meets[cheapest], true);
    for (id, met) in meets {
        if met == true && sensitive["feasible"][id] == true {
            assert!(cost(cheapest) <= cost(id), "{id}: {sensitive}");
        }
    }
}

#[tokio::test]
async fn a_full_answer_is_the_single_comparison_with_its_index() {
    let (_, scenario) = scenarios().remove(0);
    let input = scenario["input"].to_string();
    let single = text(super::helpers::post_json("/api/v1/compare", input.clone()).await).await;
    let batch = text(
        send(request(
            "/api/v1/compare/batch",
            "application/json",
            format!("[{input}]"),
        ))
        .await,
    )
    .await;
    assert_eq!(batch, format!("[{{\"index\":0,{}]", &single[1..]));
}

#[tokio::test]
async fn ndjson_is_answered_line_by_line_summary_and_full() {
    let (good, inputs) = mixed();
    // CRLF line ends, a blank line and no final newline are all fine.
    let mut body = inputs
        .iter()
        .map(Value::to_string)
        .collect::<Vec<_>>()
        .join("\r\n");
    body.insert(0, '\n');
    for (query, summary) in [("?detail=summary", true), ("", false)] {
        let response = send(request(
            &format!("/api/v1/compare/batch{query}"),
            "application/x-ndjson",
            body.clone(),
        ))
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/x-ndjson"
        );
        let text = text(response).await;
        assert!(text.ends_with('\n'));
        let answers: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        check_answers(&good, &answers, summary);
    }
}

#[tokio::test]
async fn ndjson_answers_leave_before_the_request_ends() {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    // The answer starts once the first chunk is in (reading it is what
    // answers a client's `Expect: 100-continue`), long before the body ends.
    let response = tokio::spawn(test_app().oneshot(request(
        "/api/v1/compare/batch?detail=summary",
        "application/x-ndjson",
        Body::from_stream(stream),
    )));
    // The first scenario, split across two chunks.
    tx.send(Ok(Bytes::from_static(b"{\"monthly_gb\": 1")))
        .await
        .unwrap();
    let response = response.await.unwrap().unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let mut body = response.into_body();
    tx.send(Ok(Bytes::from_static(b"00}\n{\"azs\": 1}")))
        .await
        .unwrap();
    let first = tokio::time::timeout(std::time::Duration::from_secs(5), body.frame())
        .await
        .expect("the first answer arrives while the request is still open")
        .unwrap()
        .unwrap()
        .into_data()
        .unwrap();
    let first: Value = serde_json::from_slice(first.strip_suffix(b"\n").unwrap()).unwrap();
    assert_eq!(first["index"], 0);
    assert!(first["monthly_cost"]["nat_gateway"].is_string());
    // The second line is answered once the body ends (it has no newline).
    drop(tx);
    let rest = body.collect().await.unwrap().to_bytes();
    let second: Value = serde_json::from_slice(rest.strip_suffix(b"\n").unwrap()).unwrap();
    assert_eq!(second["index"], 1);
    assert_eq!(second["cheapest"], "public_subnet");
}

#[tokio::test]
async fn the_batch_body_limit_is_configurable_and_answers_413() {
    let config = Config {
        batch_max_bytes: 1000,
        ..Config::for_tests()
    };
    let scenario = r#"{"monthly_gb": 100, "azs": 2}"#; // 29 bytes
    let over = format!("[{}]", vec![scenario; 40].join(",")); // 1,200 bytes
    let under = format!("[{}]", vec![scenario; 30].join(",")); // 900 bytes
    let app = app_with(&config);
    let (status, body) = json(
        app.clone()
            .oneshot(request(
                "/api/v1/compare/batch?detail=summary",
                "application/json",
                over.clone(),
            ))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("1000 bytes")
    );
    let (status, body) = json(
        app.clone()
            .oneshot(request(
                "/api/v1/compare/batch?detail=summary",
                "application/json",
                under,
            ))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.as_array().unwrap().len(), 30);

    // NDJSON with a declared length is refused before anything is read.
    let lines = vec![scenario; 40].join("\n");
    let response = app
        .clone()
        .oneshot(request(
            "/api/v1/compare/batch",
            "application/x-ndjson",
            lines.clone(),
        ))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);

    // A streamed body of unknown length is answered up to the limit, then
    // ends with an error line (the 200 has already been sent).
    let chunks: Vec<Result<Bytes, std::io::Error>> = lines
        .as_bytes()
        .chunks(300)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    let text = text_with(
        StatusCode::OK,
        app.oneshot(request(
            "/api/v1/compare/batch?detail=summary",
            "application/x-ndjson",
            Body::from_stream(futures_util::stream::iter(chunks)),
        ))
        .await
        .unwrap(),
    )
    .await;
    let answers: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let last = answers.last().unwrap();
    assert_eq!(last["index"], Value::Null);
    assert!(
        last["error"]["message"]
            .as_str()
            .unwrap()
            .contains("larger than 1000 bytes")
    );
    // 900 bytes were read: 30 lines of 30 bytes, all answered.
    assert_eq!(answers.len(), 31, "{text}");

    // The single-scenario limit is unchanged by the batch's.
    let big = format!("{{\"monthly_gb\": 1{}}}", " ".repeat(20_000));
    let response = super::helpers::post_json("/api/v1/compare", big).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_json_array_holds_at_most_10000_scenarios() {
    let at_limit = format!("[{}]", vec!["{}"; 10_000].join(","));
    let response = send(request(
        "/api/v1/compare/batch?detail=summary",
        "application/json",
        at_limit,
    ))
    .await;
    let (status, body) = json(response).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.as_array().unwrap().len(), 10_000);
    assert_eq!(body[9999]["index"], 9999);

    let over = format!("[{}]", vec!["{}"; 10_001].join(","));
    let (status, body) =
        json(send(request("/api/v1/compare/batch", "application/json", over)).await).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("at most 10000 scenarios; got 10001"),
        "{body}"
    );
}

#[tokio::test]
async fn bad_requests_are_refused_whole() {
    let cases = [
        (
            "/api/v1/compare/batch",
            "text/plain",
            "[]",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            None,
        ),
        (
            "/api/v1/compare/batch",
            "application/json",
            "{}",
            StatusCode::BAD_REQUEST,
            None,
        ),
        (
            "/api/v1/compare/batch?detail=some",
            "application/json",
            "[]",
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("detail"),
        ),
        (
            "/api/v1/compare/batch?azs=2",
            "application/json",
            "[]",
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("azs"),
        ),
    ];
    for (uri, content_type, body, expected, field) in cases {
        let (status, answer) = json(send(request(uri, content_type, body)).await).await;
        assert_eq!(status, expected, "{uri} {content_type}: {answer}");
        if let Some(field) = field {
            assert_eq!(answer["error"]["field"], field);
        }
    }
    let (status, answer) =
        json(send(request("/api/v1/compare/batch", "application/json", "[]")).await).await;
    assert_eq!((status, answer), (StatusCode::OK, json!([])));
}
