//! `GET /api/v1/sweep`: the costs at each step are those of single
//! comparisons at that value, the crossings are the engine's, and the CSV
//! carries the same figures.

use super::helpers::{get, json, send, strings, text};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use egress_planner::engine::{self, OPTIONS};
use egress_planner::pricing::PricingTable;
use egress_planner::scenario::Scenario;
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;

/// The public scenario fargate-review-us-east-1, without its volume.
const FARGATE: &str = "region=us-east-1&s3_percent=40&aws_percent=20&outbound_percent=50&interface_endpoints=3&azs=2&public_ips=4&peak_gbps=20";

async fn single(query: &str) -> Value {
    let (status, body) = json(get(&format!("/api/v1/compare?{query}")).await).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// Every point's costs, feasibility and cheapest against a single comparison.
async fn points_match_single_comparisons(sweep: &Value, base: &str) {
    let vary = sweep["vary"].as_str().unwrap();
    for point in sweep["points"].as_array().unwrap() {
        let value = point["value"].as_str().unwrap();
        let body = single(&format!("{base}&{vary}={value}")).await;
        assert_eq!(point["cheapest"], body["cheapest"], "{vary}={value}");
        for option in body["options"].as_array().unwrap() {
            let id = option["id"].as_str().unwrap();
            assert_eq!(
                point["monthly_cost"][id], option["monthly_cost"],
                "{id} at {value}"
            );
            assert_eq!(point["feasible"][id], option["feasible"], "{id} at {value}");
        }
    }
}

#[tokio::test]
async fn monthly_gb_sweep_matches_single_comparisons_and_the_engines_crossings() {
    let query = format!("{FARGATE}&vary=monthly_gb&from=0&to=250000&steps=10");
    let (status, sweep) = json(get(&format!("/api/v1/sweep?{query}")).await).await;
    assert_eq!(status, StatusCode::OK, "{sweep}");
    let points = sweep["points"].as_array().unwrap();
    assert_eq!(points.len(), 11);
    assert_eq!(points[0]["value"], "0");
    assert_eq!(points[4]["value"], "100000");
    assert_eq!(points[10]["value"], "250000");
    points_match_single_comparisons(&sweep, FARGATE).await;
    // At 5,000 GB the public scenario's expect: public_subnet 104.60.
    let (_, at_5000) = json(
        get(&format!(
            "/api/v1/sweep?{FARGATE}&vary=monthly_gb&from=0&to=10000&steps=2"
        ))
        .await,
    )
    .await;
    assert_eq!(
        at_5000["points"][1]["monthly_cost"]["public_subnet"],
        "104.60"
    );
    assert_eq!(
        at_5000["points"][1]["monthly_cost"]["nat_gateway"],
        "388.00"
    );

    // The engine's own crossings over the same points.
    let table = PricingTable::bundled().unwrap();
    let scenario = Scenario::from_query(&format!("{FARGATE}&monthly_gb=0"), &table).unwrap();
    let volumes: Vec<Decimal> = points
        .iter()
        .map(|p| Decimal::from_str(p["value"].as_str().unwrap()).unwrap())
        .collect();
    let samples = engine::samples(&scenario, &table, &volumes).unwrap();
    let among: Vec<usize> = (0..OPTIONS.len()).collect();
    // Only crossings between options feasible at the points around them
    // (the points' feasibility is checked against single comparisons above).
    let feasible_at =
        |k: usize, option: usize| points[k]["feasible"][OPTIONS[option].about.id] == true;
    let expected: Vec<_> = engine::crossings(&samples, &among)
        .unwrap()
        .into_iter()
        .filter(|c| {
            let below = volumes.iter().rposition(|v| *v <= c.gb).unwrap();
            let above = volumes.iter().position(|v| *v >= c.gb).unwrap();
            [below, above]
                .iter()
                .all(|&k| feasible_at(k, c.options.0) && feasible_at(k, c.options.1))
        })
        .collect();
    let got = sweep["crossings"].as_array().unwrap();
    assert!(!expected.is_empty(), "this range has crossings");
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(&expected) {
        // At most four places: a ten-thousandth of a GB, rounded half away from zero.
        let value = g["value"].as_str().unwrap();
        assert!(
            value.split('.').nth(1).is_none_or(|f| f.len() <= 4),
            "{value}"
        );
        assert_eq!(
            Decimal::from_str(value).unwrap(),
            egress_planner::money::round_half_away(e.gb, 4).normalize()
        );
        assert_eq!(g["options"][0], OPTIONS[e.options.0].about.id);
        assert_eq!(g["options"][1], OPTIONS[e.options.1].about.id);
        assert_eq!(g["monthly_cost"], e.cost.to_string());
    }
    assert_eq!(sweep["crossings_exact"], true);
}

#[tokio::test]
async fn crossings_leave_out_an_option_that_cannot_carry_the_traffic() {
    // 40 % of the traffic goes to the internet, so endpoints-only is not
    // feasible anywhere above 0 GB: its flat $48.18 (3 endpoints × 2 AZs ×
    // 730 h × $0.011 in London) crosses public subnets' rising cost near 900 GB,
    // but no one can choose it there.
    let query =
        "region=eu-west-2&s3_percent=40&aws_percent=20&vary=monthly_gb&from=0&to=20000&steps=4";
    let (status, sweep) = json(get(&format!("/api/v1/sweep?{query}")).await).await;
    assert_eq!(status, StatusCode::OK, "{sweep}");
    assert_eq!(sweep["points"][1]["feasible"]["endpoints_only"], false);
    for c in sweep["crossings"].as_array().unwrap() {
        assert!(
            c["options"][0] != "endpoints_only" && c["options"][1] != "endpoints_only",
            "{c}"
        );
    }
}

#[tokio::test]
async fn other_decimal_fields_sweep_too() {
    // s3_percent from 0 to 80 with aws_percent 20: every point sums to ≤ 100.
    let base = "monthly_gb=5000&aws_percent=20&public_ips=4&peak_gbps=20";
    let (status, sweep) = json(
        get(&format!(
            "/api/v1/sweep?{base}&vary=s3_percent&from=0&to=80&steps=3"
        ))
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{sweep}");
    let values = strings(&sweep["points"], "value");
    // 80 / 3 = 26.666…, kept to the 10 decimal places the grammar accepts.
    assert_eq!(values, ["0", "26.6666666667", "53.3333333333", "80"]);
    points_match_single_comparisons(&sweep, base).await;
    assert_eq!(sweep["crossings_exact"], false);
}

#[tokio::test]
async fn csv_has_a_row_per_step_then_the_crossings() {
    let query = format!("{FARGATE}&vary=monthly_gb&from=0&to=250000&steps=10");
    let (_, sweep) = json(get(&format!("/api/v1/sweep?{query}")).await).await;
    for request in [
        Request::get(format!("/api/v1/sweep?{query}&format=csv"))
            .body(Body::empty())
            .unwrap(),
        Request::get(format!("/api/v1/sweep?{query}"))
            .header(header::ACCEPT, "text/csv")
            .body(Body::empty())
            .unwrap(),
    ] {
        let response = send(request).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/csv; charset=utf-8"
        );
        let body = text(response).await;
        let mut reader = csv::Reader::from_reader(body.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(header[..3], ["kind", "monthly_gb", "cheapest"]);
        assert_eq!(
            header[3 + OPTIONS.len()..],
            ["crossing", "infeasible", "fails"]
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let steps: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[0] == "step").collect();
        let crossings: Vec<&csv::StringRecord> =
            rows.iter().filter(|r| &r[0] == "crossing").collect();
        assert_eq!(steps.len(), 11);
        assert_eq!(
            crossings.len(),
            sweep["crossings"].as_array().unwrap().len()
        );
        for (row, point) in steps.iter().zip(sweep["points"].as_array().unwrap()) {
            assert_eq!(&row[1], point["value"].as_str().unwrap());
            assert_eq!(&row[2], point["cheapest"].as_str().unwrap());
            let mut infeasible = vec![];
            for (i, id) in header[3..3 + OPTIONS.len()].iter().enumerate() {
                assert_eq!(
                    &row[3 + i],
                    point["monthly_cost"][id].as_str().unwrap_or(""),
                    "{id}"
                );
                if point["feasible"][id] == false {
                    infeasible.push(id.as_str());
                }
            }
            assert_eq!(&row[4 + OPTIONS.len()], infeasible.join(" "));
            // No requirement set: every option meets them, and the JSON says nothing of them.
            assert_eq!(&row[5 + OPTIONS.len()], "");
            assert!(point.get("meets_requirements").is_none(), "{point}");
        }
    }
}

/// With `sensitive` set, each point says which options meet it, the cheapest there is the
/// cheapest feasible option that does, and the CSV's last column names those that do not.
#[tokio::test]
async fn a_sweep_with_a_requirement_passes_over_options_that_fail_it() {
    let query = "vary=monthly_gb&from=1000&to=20000&steps=4&s3_percent=40&sensitive=true";
    let (status, sweep) = json(get(&format!("/api/v1/sweep?{query}")).await).await;
    assert_eq!(status, StatusCode::OK, "{sweep}");
    let cost = |point: &Value, id: &str| {
        Decimal::from_str(point["monthly_cost"][id].as_str().unwrap()).unwrap()
    };
    let points = sweep["points"].as_array().unwrap();
    for point in points {
        let meets = point["meets_requirements"].as_object().unwrap();
        assert_eq!(meets.len(), OPTIONS.len(), "{point}");
        // Every task with a public address is reachable from the internet.
        assert_eq!(meets["public_subnet"], false, "{point}");
        let cheapest = point["cheapest"].as_str().unwrap();
        assert_eq!(meets[cheapest], true, "{point}");
        for (id, met) in meets {
            if met == true && point["feasible"][id] == true {
                assert!(cost(point, cheapest) <= cost(point, id), "{id}: {point}");
            }
        }
    }
    // Public subnets are the cheapest feasible option here (only addresses and data transfer
    // out), so the requirement is what passes them over.
    let open = format!("/api/v1/sweep?{}", query.replace("&sensitive=true", ""));
    let (_, without) = json(get(&open).await).await;
    for (point, open) in points.iter().zip(without["points"].as_array().unwrap()) {
        assert_eq!(open["cheapest"], "public_subnet", "{open}");
        assert_eq!(point["monthly_cost"], open["monthly_cost"]);
        assert_ne!(point["cheapest"], "public_subnet");
    }
    let csv = text(get(&format!("/api/v1/sweep?{query}&format=csv")).await).await;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(reader.headers().unwrap().iter().next_back(), Some("fails"));
    let steps: Vec<csv::StringRecord> = reader
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[0] == "step")
        .collect();
    assert_eq!(steps.len(), points.len());
    for (row, point) in steps.iter().zip(points) {
        assert_eq!(row.iter().next_back(), Some("public_subnet"), "{point}");
    }
}

#[tokio::test]
async fn bad_sweeps_name_the_parameter() {
    let cases = [
        // A field that is not a number cannot be swept.
        ("vary=region&from=1&to=3", "vary"),
        ("vary=azs&from=1.5&to=3", "from"),
        ("from=1&to=3", "vary"),
        ("vary=monthly_gb&to=3", "from"),
        ("vary=monthly_gb&from=0&to=3&steps=1001", "steps"),
        ("vary=monthly_gb&from=0&to=3&steps=0", "steps"),
        ("vary=s3_percent&from=0&to=101", "to"),
        ("vary=monthly_gb&from=0&to=3&format=xml", "format"),
        ("vary=monthly_gb&from=0&to=3&azs=9", "azs"),
        // At s3_percent=100, 100% + 20% is over 100: named where it happens.
        (
            "vary=s3_percent&from=0&to=100&aws_percent=20",
            "aws_percent",
        ),
    ];
    for (query, field) in cases {
        let (status, body) = json(get(&format!("/api/v1/sweep?{query}")).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        assert_eq!(body["error"]["field"], field, "{query}: {body}");
    }
    let (_, body) =
        json(get("/api/v1/sweep?vary=s3_percent&from=0&to=100&aws_percent=20").await).await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("at s3_percent=100: "),
        "{body}"
    );
    // 1,000 intervals is the most: 1,001 points.
    let (status, body) =
        json(get("/api/v1/sweep?vary=monthly_gb&from=0&to=1000&steps=1000").await).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["points"].as_array().unwrap().len(), 1001);
}

#[tokio::test]
async fn the_varied_field_given_as_well_is_refused_not_ignored() {
    let (status, body) = super::helpers::json(
        super::helpers::get("/api/v1/sweep?vary=peak_gbps&from=1&to=2&peak_gbps=5").await,
    )
    .await;
    assert_eq!(
        status,
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        "{body}"
    );
    assert_eq!(body["error"]["field"], "peak_gbps");
}

#[tokio::test]
async fn a_sweep_over_sharing_vpcs_shows_where_the_hub_starts_to_pay() {
    // us-east-1, 1,000 GB, 2 AZs, all of it through the NAT. Regional NAT: 2 × 730 × 0.045 = 65.70
    // hours + 2 × 730 × 0.005 = 7.30 addresses + 1,000 × 0.045 = 45 processing + 500 × 0.09 = 45
    // out = 163.00. The hub: 730 × 0.05 = 36.50 own attachment + (36.50 + 65.70 + 7.30) ÷ N shared
    // + 1,000 × 0.02 = 20 Transit Gateway + 45 NAT processing + 45 out = 146.50 + 109.50 ÷ N:
    // 164.75 with 6 VPCs, 162.14 with 7, so it starts to pay at 7.
    let (status, sweep) =
        json(get("/api/v1/sweep?vary=shared_vpcs&from=1&to=10&steps=9&monthly_gb=1000").await)
            .await;
    assert_eq!(status, StatusCode::OK, "{sweep}");
    let points = sweep["points"].as_array().unwrap();
    let values: Vec<&str> = points
        .iter()
        .map(|p| p["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    let cost = |n: usize, id: &str| {
        points[n - 1]["monthly_cost"][id]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(cost(1, "centralized_egress"), "256.00");
    assert_eq!(cost(6, "centralized_egress"), "164.75");
    assert_eq!(cost(7, "centralized_egress"), "162.14");
    assert_eq!(cost(7, "regional_nat_gateway"), "163.00");
    // Whole values only: more steps than values give each value once.
    let (_, dense) = json(get("/api/v1/sweep?vary=shared_vpcs&from=1&to=3&steps=10").await).await;
    let values: Vec<&str> = dense["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["1", "2", "3"]);
}
