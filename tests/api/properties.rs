//! Properties of the engine over the whole valid input range, and of the
//! parser over arbitrary input.

use egress_planner::engine::compare;
use egress_planner::pricing::PricingTable;
use egress_planner::scenario::{Empty, Scenario};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::sync::LazyLock;

static TABLE: LazyLock<PricingTable> = LazyLock::new(|| PricingTable::bundled().unwrap());

/// Any valid scenario, as the query string a user would send.
fn scenario_query() -> impl Strategy<Value = String> {
    let region = 0..TABLE.regions.len();
    let monthly = 0u64..=1_000_000_000_000; // thousandths of a GB, up to 1e9 GB
    let shares = (0u32..=10_000).prop_flat_map(|s3| (Just(s3), 0..=10_000 - s3));
    (
        region,
        monthly,
        shares,
        0u32..=10_000,
        0u32..=100,
        1u32..=6,
        1u32..=100,
        0u32..=100_000,
        0u64..=10_000_000,
        1u32..=744,
        any::<bool>(),
    )
        .prop_map(|(r, gb, (s3, aws), out, endpoints, azs, nat, ips, peak, hours, free)| {
            format!(
                "region={}&monthly_gb={}&s3_percent={}&aws_percent={}&outbound_percent={}&interface_endpoints={endpoints}&azs={azs}&nat_gateways={nat}&public_ips={ips}&peak_gbps={}&hours={hours}&dto_free_tier={free}",
                TABLE.regions[r].code,
                Decimal::new(gb as i64, 3),
                Decimal::new(i64::from(s3), 2),
                Decimal::new(i64::from(aws), 2),
                Decimal::new(i64::from(out), 2),
                Decimal::new(peak as i64, 2),
            )
        })
}

fn parse(query: &str) -> Scenario {
    Scenario::from_query(query, &TABLE, Empty::Reject).unwrap_or_else(|e| panic!("{query}: {e}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_api_writes_a_comparison_byte_for_byte_as_serde_json_would(query in scenario_query()) {
        // The API's own JSON writer (src/json.rs) must not change a byte of
        // what the derived Serialize implementations say.
        let comparison = compare(&parse(&query), &TABLE).expect("computes");
        let ours = egress_planner::json::to_vec(&comparison, 0).expect("serializes");
        let reference = serde_json::to_vec(&comparison).expect("serde_json serializes");
        prop_assert_eq!(String::from_utf8(ours).unwrap(), String::from_utf8(reference).unwrap());
    }

    #[test]
    fn every_valid_scenario_computes_and_totals_are_sums_of_lines(query in scenario_query()) {
        let scenario = parse(&query);
        let comparison = compare(&scenario, &TABLE).expect("no overflow in the valid range");
        prop_assert_eq!(comparison.options.len(), 5);
        for option in &comparison.options {
            let sum: Decimal = option.lines.iter().map(|l| l.cost.exact()).sum();
            prop_assert_eq!(option.monthly_cost.exact(), sum, "{}", option.id);
            prop_assert!(option.monthly_cost.exact() >= Decimal::ZERO);
        }
        let cheapest = comparison.option(comparison.cheapest).unwrap();
        prop_assert!(cheapest.feasible);
    }

    #[test]
    fn the_s3_endpoint_option_never_costs_more_than_plain_nat(query in scenario_query()) {
        let scenario = parse(&query);
        let c = compare(&scenario, &TABLE).unwrap();
        prop_assert!(
            c.option("nat_gateway_s3_endpoint").unwrap().monthly_cost <= c.option("nat_gateway").unwrap().monthly_cost
        );
    }

    #[test]
    fn costs_never_decrease_when_traffic_grows(query in scenario_query(), extra in 0u64..=10_000_000_000) {
        let smaller = parse(&query);
        let mut larger = smaller.clone();
        larger.monthly_gb = (smaller.monthly_gb + Decimal::new(extra as i64, 3)).min(Decimal::from(1_000_000_000));
        let a = compare(&smaller, &TABLE).unwrap();
        let b = compare(&larger, &TABLE).unwrap();
        for (x, y) in a.options.iter().zip(&b.options) {
            prop_assert!(x.monthly_cost <= y.monthly_cost, "{}: {} > {}", x.id, x.monthly_cost, y.monthly_cost);
        }
    }

    #[test]
    fn a_permalink_query_means_the_same_scenario(query in scenario_query()) {
        let scenario = parse(&query);
        prop_assert_eq!(parse(&scenario.to_query()), scenario);
    }

    #[test]
    fn any_query_string_parses_or_names_a_problem(query in ".{0,200}") {
        if let Err(e) = Scenario::from_query(&query, &TABLE, Empty::Reject) {
            prop_assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn any_body_parses_or_names_a_problem(body in proptest::collection::vec(any::<u8>(), 0..300)) {
        if let Err(e) = Scenario::from_json(&body, &TABLE) {
            prop_assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn any_json_number_for_a_decimal_field_is_accepted_or_refused_cleanly(n in any::<f64>()) {
        let body = format!("{{\"peak_gbps\": {}}}", serde_json::to_string(&n).unwrap_or_else(|_| "null".into()));
        match Scenario::from_json(body.as_bytes(), &TABLE) {
            Ok(s) => prop_assert!(s.peak_gbps >= Decimal::ZERO && s.peak_gbps <= Decimal::from(100_000)),
            Err(e) => prop_assert_eq!(e.field.as_deref(), Some("peak_gbps")),
        }
    }
}
