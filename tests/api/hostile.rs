//! Bad input of every kind, through all three input paths (JSON body, API
//! query string, HTML form): each gets a 4xx that names the field, never a
//! 5xx, a panic or a hang.

use super::helpers::{send, text};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

/// How a case is sent.
enum Via {
    /// `POST /api/v1/compare` with this content type and body.
    Json(&'static str, Vec<u8>),
    /// `GET /api/v1/compare?…`.
    Query(String),
    /// `GET /compare?…`, the HTML form's submission.
    Form(String),
}

struct Case {
    via: Via,
    status: u16,
    /// The field the error must name (None: the body as a whole).
    field: Option<&'static str>,
}

fn json(body: &str, status: u16, field: Option<&'static str>) -> Case {
    Case {
        via: Via::Json("application/json", body.as_bytes().to_vec()),
        status,
        field,
    }
}

fn query(q: &str, field: &'static str) -> Case {
    Case {
        via: Via::Query(q.to_owned()),
        status: 422,
        field: Some(field),
    }
}

fn form(q: &str, field: &'static str) -> Case {
    Case {
        via: Via::Form(q.to_owned()),
        status: 422,
        field: Some(field),
    }
}

fn cases() -> Vec<Case> {
    // As deep as the body limit allows: must be refused, not overflow the stack.
    let nested = format!(
        "{{\"monthly_gb\": {}1{}}}",
        "[".repeat(8000),
        "]".repeat(8000)
    );
    let nested_object = format!("{}1{}", "{\"a\":".repeat(2500), "}".repeat(2500));
    vec![
        // JSON bodies: numbers out of range, not numbers, wrong types.
        json(r#"{"monthly_gb": -1}"#, 422, Some("monthly_gb")),
        json(r#"{"monthly_gb": "NaN"}"#, 422, Some("monthly_gb")),
        json(r#"{"monthly_gb": "Infinity"}"#, 422, Some("monthly_gb")),
        json(r#"{"monthly_gb": 1e400}"#, 422, Some("monthly_gb")),
        json(r#"{"monthly_gb": 1000000001}"#, 422, Some("monthly_gb")),
        json(r#"{"monthly_gb": ""}"#, 422, Some("monthly_gb")),
        json(r#"{"monthly_gb": " 5 5"}"#, 422, Some("monthly_gb")),
        json(r#"{"monthly_gb": "5 000"}"#, 422, Some("monthly_gb")),
        json(
            &format!(r#"{{"monthly_gb": "{}"}}"#, "1".repeat(100)),
            422,
            Some("monthly_gb"),
        ),
        json(r#"{"monthly_gb": null}"#, 422, Some("monthly_gb")),
        json(r#"{"monthly_gb": [1]}"#, 422, Some("monthly_gb")),
        json(r#"{"monthly_gb": {"gb": 1}}"#, 422, Some("monthly_gb")),
        json(r#"{"monthly_gb": true}"#, 422, Some("monthly_gb")),
        json(r#"{"azs": 2.5}"#, 422, Some("azs")),
        json(r#"{"azs": "two"}"#, 422, Some("azs")),
        json(r#"{"azs": 0}"#, 422, Some("azs")),
        json(r#"{"azs": 7}"#, 422, Some("azs")),
        json(r#"{"azs": -1}"#, 422, Some("azs")),
        json(r#"{"azs": 99999999999999999999999}"#, 422, Some("azs")),
        json(r#"{"nat_gateways": 0}"#, 422, Some("nat_gateways")),
        json(r#"{"hours": 745}"#, 422, Some("hours")),
        json(r#"{"public_ips": 100001}"#, 422, Some("public_ips")),
        json(
            r#"{"interface_endpoints": 101}"#,
            422,
            Some("interface_endpoints"),
        ),
        json(r#"{"s3_percent": 101}"#, 422, Some("s3_percent")),
        json(
            r#"{"s3_percent": 60, "aws_percent": 41}"#,
            422,
            Some("aws_percent"),
        ),
        json(
            r#"{"outbound_percent": "50 percent"}"#,
            422,
            Some("outbound_percent"),
        ),
        json(r#"{"peak_gbps": 100000.01}"#, 422, Some("peak_gbps")),
        json(r#"{"region": "mars-1"}"#, 422, Some("region")),
        json(r#"{"region": 5}"#, 422, Some("region")),
        json(r#"{"dto_free_tier": "yes"}"#, 422, Some("dto_free_tier")),
        json(r#"{"dto_free_tier": 1}"#, 422, Some("dto_free_tier")),
        json(r#"{"montly_gb": 5}"#, 422, Some("montly_gb")),
        json(
            r#"{"monthly_gb": 5, "monthly_gb": 6}"#,
            422,
            Some("monthly_gb"),
        ),
        // JSON bodies that are not a scenario object at all.
        json("[1, 2]", 400, None),
        json("{", 400, None),
        json("", 400, None),
        json("{} trailing", 400, None),
        json(&nested, 422, Some("monthly_gb")),
        json(&nested_object, 422, Some("a")),
        Case {
            via: Via::Json("application/json", vec![b'{', 0xff, 0xfe, b'}']),
            status: 400,
            field: None,
        },
        Case {
            via: Via::Json("text/plain", b"{}".to_vec()),
            status: 415,
            field: None,
        },
        Case {
            via: Via::Json(
                "application/x-www-form-urlencoded",
                b"monthly_gb=5".to_vec(),
            ),
            status: 415,
            field: None,
        },
        Case {
            via: Via::Json("application/json", vec![b' '; 20_000]),
            status: 413,
            field: None,
        },
        // API query strings.
        query("monthly_gb=-5", "monthly_gb"),
        query("monthly_gb=1e3", "monthly_gb"),
        query("monthly_gb=", "monthly_gb"),
        query("monthly_gb=%205%205", "monthly_gb"),
        query("monthly_gb=NaN", "monthly_gb"),
        query("monthly_gb=%FF%FE", "monthly_gb"),
        query("azs=2.5", "azs"),
        query("azs=abc", "azs"),
        query("hours=0", "hours"),
        query("region=%3Cscript%3E", "region"),
        query("unknown=1", "unknown"),
        query("monthly_gb=1&monthly_gb=2", "monthly_gb"),
        query("s3_percent=70&aws_percent=40", "aws_percent"),
        query("dto_free_tier=maybe", "dto_free_tier"),
        // The HTML form.
        form("monthly_gb=abc", "monthly_gb"),
        form("azs=9", "azs"),
        form("s3_percent=80&aws_percent=30", "aws_percent"),
        form("region=nowhere", "region"),
        form("hours=1.5", "hours"),
        form("peak_gbps=-1", "peak_gbps"),
        form("montly_gb=1", "montly_gb"),
    ]
}

#[tokio::test]
async fn every_hostile_input_gets_a_4xx_naming_the_field() {
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    for (i, case) in cases.into_iter().enumerate() {
        let (request, label) = match &case.via {
            Via::Json(content_type, body) => (
                Request::post("/api/v1/compare")
                    .header(header::CONTENT_TYPE, *content_type)
                    .body(Body::from(body.clone())),
                format!(
                    "#{i} POST {}",
                    String::from_utf8_lossy(&body[..body.len().min(60)])
                ),
            ),
            Via::Query(q) => (
                Request::get(format!("/api/v1/compare?{q}")).body(Body::empty()),
                format!("#{i} GET api ?{q}"),
            ),
            Via::Form(q) => (
                Request::get(format!("/compare?{q}")).body(Body::empty()),
                format!("#{i} GET form ?{q}"),
            ),
        };
        let response = send(request.unwrap()).await;
        let status = response.status();
        assert_eq!(
            status,
            StatusCode::from_u16(case.status).unwrap(),
            "{label}"
        );
        let body = text(response).await;
        match case.via {
            Via::Form(_) => {
                let field = case.field.unwrap();
                let known = egress_planner::scenario::field(field).is_some();
                if known {
                    assert!(
                        body.contains(&format!(r#"id="{field}-error""#)),
                        "{label}: message beside the field"
                    );
                } else {
                    assert!(
                        body.contains(r#"class="form-error""#) && body.contains(field),
                        "{label}: names the field"
                    );
                }
            }
            _ => {
                let json: serde_json::Value = serde_json::from_str(&body)
                    .unwrap_or_else(|e| panic!("{label}: not JSON ({e}): {body}"));
                let message = json["error"]["message"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{label}: {body}"));
                assert!(!message.is_empty(), "{label}");
                match case.field {
                    Some(field) => {
                        assert_eq!(json["error"]["field"], field, "{label}: {body}");
                        let name =
                            egress_planner::scenario::field(field).map_or(field, |f| f.label);
                        assert!(
                            message.contains(field) || message.contains(name),
                            "{label}: the message names {field}: {message}"
                        );
                    }
                    None => assert!(json["error"]["field"].is_null(), "{label}: {body}"),
                }
            }
        }
    }
}
