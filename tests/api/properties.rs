//! Properties of the engine over the whole valid input range, and of the
//! parser over arbitrary input.

use super::helpers::tick_value;
use egress_planner::engine::compare;
use egress_planner::pricing::PricingTable;
use egress_planner::scenario::permalink;
use egress_planner::scenario::{FIELDS, Scenario};
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
        (region, monthly, shares, 0u32..=10_000, 0u32..=10_000),
        (0u32..=100, 1u32..=6, 1u32..=100, 0u32..=100_000, 0u64..=10_000_000),
        (1u32..=744, any::<bool>(), 1u32..=100, 0usize..=10, 1u32..=1000),
    )
        .prop_map(
            |((r, gb, (s3, aws), out, v6), (endpoints, azs, nat, ips, peak), (hours, free, instances, kind, vpcs))| {
                // us-east-1 prices every NAT instance type; elsewhere only auto is sure to be priced.
                let region = &TABLE.regions[r].code;
                let kind = if region == "us-east-1" && kind > 0 {
                    TABLE.nat_instance_types[kind - 1].name.clone()
                } else {
                    "auto".to_owned()
                };
                format!(
                    "region={region}&monthly_gb={}&s3_percent={}&aws_percent={}&outbound_percent={}&ipv6_percent={}&interface_endpoints={endpoints}&azs={azs}&nat_gateways={nat}&public_ips={ips}&peak_gbps={}&hours={hours}&dto_free_tier={free}&nat_instances={instances}&nat_instance_type={kind}&shared_vpcs={vpcs}",
                    Decimal::new(gb as i64, 3),
                    Decimal::new(i64::from(s3), 2),
                    Decimal::new(i64::from(aws), 2),
                    Decimal::new(i64::from(out), 2),
                    Decimal::new(i64::from(v6), 2),
                    Decimal::new(peak as i64, 2),
                )
            },
        )
}

/// A query where each field is, at random, left out, written at its default
/// value, or given the value from `scenario_query`: defaults are where a
/// permalink is most likely to go wrong.
fn mixed_query() -> impl Strategy<Value = String> {
    (
        scenario_query(),
        proptest::collection::vec(0u8..3, FIELDS.len()),
    )
        .prop_map(|(query, choice)| {
            let defaults = Scenario::defaults(&TABLE);
            let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect();
            let mut out = Vec::new();
            for (field, pick) in FIELDS.iter().zip(choice) {
                match pick {
                    0 => {}
                    1 => out.push(format!("{}={}", field.name, defaults.value_text(field))),
                    _ => {
                        if let Some((k, v)) = pairs.iter().find(|(k, _)| k == field.name) {
                            out.push(format!("{k}={v}"));
                        }
                    }
                }
            }
            // A named instance type is only priced in us-east-1.
            let region_given = out
                .iter()
                .any(|p| p.starts_with("region=") && p != "region=us-east-1");
            if region_given {
                out.retain(|p| {
                    !p.starts_with("nat_instance_type=") || p == "nat_instance_type=auto"
                });
            }
            out.join("&")
        })
}

fn parse(query: &str) -> Scenario {
    Scenario::from_query(query, &TABLE).unwrap_or_else(|e| panic!("{query}: {e}"))
}

/// Two costs reached by different arithmetic: both priced and within a millionth of a dollar,
/// or both unpriced. Not equal after rounding: a cost whose last kept place sits on a half
/// rounds both ways when the two differ in their 28th digit.
fn alike(a: Option<Decimal>, b: Option<Decimal>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= Decimal::new(1, 6),
        (a, b) => a.is_none() && b.is_none(),
    }
}

fn cost(c: &egress_planner::engine::Comparison<'_>, id: &str) -> Option<Decimal> {
    c.option(id).unwrap().monthly_cost.map(|m| m.exact())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_valid_scenario_computes_and_totals_are_sums_of_lines(query in scenario_query()) {
        let scenario = parse(&query);
        let comparison = compare(&scenario, &TABLE).expect("no overflow in the valid range");
        prop_assert_eq!(comparison.options.len(), egress_planner::engine::OPTIONS.len());
        for option in &comparison.options {
            let sum: Decimal = option.lines.iter().map(|l| l.cost.exact()).sum();
            if let Some(total) = option.monthly_cost {
                prop_assert_eq!(total.exact(), sum, "{}", option.id);
                prop_assert!(total.exact() >= Decimal::ZERO);
            } else {
                prop_assert!(!option.feasible && option.lines.is_empty(), "{}", option.id);
            }
        }
        let cheapest = comparison.option(comparison.cheapest).unwrap();
        prop_assert!(cheapest.feasible);
    }

    #[test]
    fn pricing_alone_answers_what_the_comparison_answers(query in scenario_query()) {
        // Batch summaries, sweeps and the chart price without the options'
        // warnings, notes and bandwidth checks: their costs, feasibility and
        // cheapest option must be the comparison's.
        let scenario = parse(&query);
        let full = compare(&scenario, &TABLE).expect("computes");
        let priced = egress_planner::engine::price_options(&scenario, &TABLE).expect("computes");
        prop_assert_eq!(priced.cheapest, full.cheapest);
        prop_assert_eq!(priced.options.len(), full.options.len());
        for (p, f) in priced.options.iter().zip(&full.options) {
            prop_assert_eq!(p.id, f.id);
            prop_assert_eq!(p.monthly_cost, f.monthly_cost, "{}", f.id);
            prop_assert_eq!(p.feasible, f.feasible, "{}", f.id);
            prop_assert_eq!(p.lines.len(), f.lines.len(), "{}", f.id);
        }
    }

    #[test]
    fn the_headline_views_draw_the_same_from_the_headline_alone(
        query in scenario_query(),
        current in proptest::option::of(0..egress_planner::engine::OPTIONS.len()),
        sensitive in any::<bool>(),
        survive_az_loss in any::<bool>(),
    ) {
        // The embed, the cards and the chart are drawn from `rank`, which prices the options
        // without their explanations and the answer again with them: each must come out as it
        // does from the full comparison the results page shows.
        let mut scenario = parse(&query);
        scenario.current = current
            .map_or("", |i| egress_planner::engine::OPTIONS[i].about.id)
            .to_owned();
        scenario.sensitive = sensitive;
        // In one AZ the requirement is refused: nothing survives its loss.
        scenario.survive_az_loss = survive_az_loss && scenario.azs > 1;
        let full = compare(&scenario, &TABLE).expect("computes");
        let ranking = egress_planner::engine::rank(&scenario, &TABLE).expect("computes");
        let (f, r) = (full.headline(), ranking.headline());
        prop_assert_eq!(r.verdict.to_string(), f.verdict.to_string());
        prop_assert_eq!(r.today, f.today);
        let ids = |h: &egress_planner::engine::Headline<'_, '_>| {
            h.ranked().iter().map(|o| o.id).collect::<Vec<_>>()
        };
        prop_assert_eq!(ids(&r), ids(&f));
        prop_assert_eq!(
            egress_render::embed::page(r, &TABLE, "https://egress.example").unwrap(),
            egress_render::embed::page(f, &TABLE, "https://egress.example").unwrap()
        );
        prop_assert_eq!(
            egress_render::images::card(r).unwrap(),
            egress_render::images::card(f).unwrap()
        );
        prop_assert_eq!(
            egress_render::images::card_png_svg(r).unwrap(),
            egress_render::images::card_png_svg(f).unwrap()
        );
        let layout = egress_render::chart::Layout::Wide;
        prop_assert_eq!(
            egress_render::images::chart(r, &TABLE, layout).unwrap(),
            egress_render::images::chart(f, &TABLE, layout).unwrap()
        );
    }

    #[test]
    fn the_s3_endpoint_option_never_costs_more_than_plain_nat(query in scenario_query()) {
        let c = compare(&parse(&query), &TABLE).unwrap();
        prop_assert!(cost(&c, "nat_gateway_s3_endpoint") <= cost(&c, "nat_gateway"));
    }

    #[test]
    fn regional_nat_costs_what_one_gateway_per_az_costs(query in scenario_query()) {
        let mut scenario = parse(&query);
        scenario.nat_gateways = scenario.azs;
        let c = compare(&scenario, &TABLE).unwrap();
        // Equal where the table's regional rates equal the zonal ones (every bundled region).
        prop_assert_eq!(cost(&c, "regional_nat_gateway"), cost(&c, "nat_gateway_s3_endpoint"));
    }

    #[test]
    fn ipv6_egress_never_costs_more_than_the_s3_endpoint_option(query in scenario_query()) {
        let mut scenario = parse(&query);
        let c = compare(&scenario, &TABLE).unwrap();
        prop_assert!(cost(&c, "nat_gateway_ipv6_egress") <= cost(&c, "nat_gateway_s3_endpoint"));
        scenario.ipv6_percent = Decimal::ZERO;
        let c = compare(&scenario, &TABLE).unwrap();
        prop_assert_eq!(cost(&c, "nat_gateway_ipv6_egress"), cost(&c, "nat_gateway_s3_endpoint"));
    }

    #[test]
    fn one_vpc_never_makes_the_hub_or_the_firewall_cheaper_than_regional_nat(query in scenario_query()) {
        // With no VPC to share it, the hub adds two attachments and Transit
        // Gateway processing to what a regional NAT gateway charges; the
        // firewall's hours and GB cost more than the NAT charges they waive.
        let mut scenario = parse(&query);
        scenario.shared_vpcs = 1;
        let c = compare(&scenario, &TABLE).unwrap();
        if let (Some(hub), Some(local)) = (cost(&c, "centralized_egress"), cost(&c, "regional_nat_gateway")) {
            prop_assert!(hub >= local, "hub {hub} < regional {local}");
        }
        if let (Some(inspected), Some(local)) = (cost(&c, "inspected_egress"), cost(&c, "regional_nat_gateway")) {
            prop_assert!(inspected >= local, "inspected {inspected} < regional {local}");
        }
    }

    #[test]
    fn the_break_even_of_centralizing_agrees_with_the_priced_options(query in scenario_query()) {
        let mut scenario = parse(&query);
        let c = compare(&scenario, &TABLE).unwrap();
        let hub_at = |scenario: &Scenario, n: u32| {
            let mut s = scenario.clone();
            s.shared_vpcs = n;
            let c = compare(&s, &TABLE).unwrap();
            (cost(&c, "centralized_egress").unwrap(), cost(&c, "regional_nat_gateway").unwrap())
        };
        if let Some(n) = c.break_even.centralized_egress_vpcs {
            let (hub, local) = hub_at(&scenario, n);
            prop_assert!(hub < local, "{n} VPCs: hub {hub} ≥ regional {local}");
            if n > 1 {
                let (hub, local) = hub_at(&scenario, n - 1);
                prop_assert!(hub >= local, "{} VPCs: hub {hub} < regional {local}", n - 1);
            }
        }
        if let Some(max) = c.break_even.centralized_egress_max_gb {
            // Below it the hub costs less, above it more (DTO is the same in both).
            let max = max.0;
            for (gb, cheaper) in [(max * Decimal::new(9, 1), true), (max * Decimal::new(11, 1) + Decimal::ONE, false)] {
                if gb > Decimal::from(1_000_000_000) || gb.is_zero() {
                    continue;
                }
                scenario.monthly_gb = gb.round_dp(3);
                if scenario.services.is_some() {
                    continue;
                }
                let c = compare(&scenario, &TABLE).unwrap();
                let (hub, local) = (cost(&c, "centralized_egress").unwrap(), cost(&c, "regional_nat_gateway").unwrap());
                prop_assert_eq!(hub < local, cheaper, "at {} GB: hub {} regional {}", gb, hub, local);
            }
        }
    }

    #[test]
    fn auto_never_picks_a_type_too_small_when_one_would_do(query in scenario_query()) {
        let mut scenario = parse(&query);
        scenario.region = "us-east-1".into();
        scenario.nat_instance_type = "auto".into();
        let c = compare(&scenario, &TABLE).unwrap();
        let option = c.option("nat_instance").unwrap();
        let choice = option.instance.as_ref().unwrap();
        let largest = TABLE
            .nat_instance_types
            .iter()
            .map(|t| egress_planner::engine::instance_internet_gbps(t).0)
            .max()
            .unwrap();
        if choice.peak_per_instance_gbps.0 <= largest {
            prop_assert!(choice.sustained_gbps >= choice.peak_per_instance_gbps.0, "{:?}", choice);
            prop_assert!(option.feasible);
        } else {
            prop_assert!(!option.feasible);
        }
    }

    #[test]
    fn costs_never_decrease_when_traffic_grows(query in scenario_query(), extra in 0u64..=10_000_000_000) {
        let smaller = parse(&query);
        let mut larger = smaller.clone();
        larger.monthly_gb = (smaller.monthly_gb + Decimal::new(extra as i64, 3)).min(Decimal::from(1_000_000_000));
        let a = compare(&smaller, &TABLE).unwrap();
        let b = compare(&larger, &TABLE).unwrap();
        for (x, y) in a.options.iter().zip(&b.options) {
            prop_assert!(x.monthly_cost <= y.monthly_cost, "{}: {:?} > {:?}", x.id, x.monthly_cost, y.monthly_cost);
        }
    }

    #[test]
    fn a_permalink_query_means_the_same_scenario(query in mixed_query()) {
        let scenario = parse(&query);
        prop_assert_eq!(parse(&permalink::to_query(&scenario, &TABLE)), scenario);
    }

    #[test]
    fn any_query_string_parses_or_names_a_problem(query in ".{0,200}") {
        if let Err(e) = Scenario::from_query(&query, &TABLE) {
            prop_assert!(e.all().iter().all(|e| !e.message.is_empty()));
        }
    }

    #[test]
    fn any_body_parses_or_names_a_problem(body in proptest::collection::vec(any::<u8>(), 0..300)) {
        if let Err(e) = Scenario::from_json(&body, &TABLE) {
            prop_assert!(!e.first().message.is_empty());
        }
    }

    #[test]
    fn any_json_number_for_a_decimal_field_is_accepted_or_refused_cleanly(n in any::<f64>()) {
        let body = format!("{{\"peak_gbps\": {}}}", serde_json::to_string(&n).unwrap_or_else(|_| "null".into()));
        match Scenario::from_json(body.as_bytes(), &TABLE) {
            // A negative number is refused however small (-0 is zero).
            Ok(s) => prop_assert!(n >= 0.0 && s.peak_gbps >= Decimal::ZERO && s.peak_gbps <= Decimal::from(100_000), "{n} accepted"),
            Err(e) => prop_assert_eq!(e.first().field.as_deref(), Some("peak_gbps")),
        }
    }
}

#[test]
fn a_permalink_survives_a_change_of_a_default() {
    // Why the old property missed a changed default: it always sent every
    // field with a random value, so no scenario ever sat at a default. Here
    // every field at its default gives just the region, which parses back to
    // the same scenario (mixed_query also mixes defaults in at random).
    let defaults = Scenario::defaults(&TABLE);
    let q = permalink::to_query(&defaults, &TABLE);
    assert_eq!(q, format!("region={}", TABLE.meta.default_region));
    assert_eq!(parse(&q), defaults);
    for field in FIELDS {
        let query = format!("{}={}", field.name, defaults.value_text(field));
        assert_eq!(parse(&query), defaults, "{query}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(800))]

    #[test]
    fn the_published_pattern_is_exactly_what_the_parser_accepts(
        text in "[0-9,. \tgGbB/%monthMpsTt-]{0,16}",
        which in 0usize..3,
    ) {
        // The OpenAPI document promises this grammar to clients (and
        // schemathesis checks the server against it): they must agree.
        let name = ["monthly_gb", "s3_percent", "peak_gbps"][which];
        let field = egress_planner::scenario::field(name).unwrap();
        let egress_planner::scenario::FieldKind::Decimal { max, .. } = field.kind else { unreachable!() };
        let pattern = regex::Regex::new(&egress_planner::scenario::decimal_pattern(max, field.unit)).unwrap();
        let query = format!("{name}={}", form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>());
        let accepted = Scenario::from_query(&query, &TABLE).is_ok();
        prop_assert_eq!(pattern.is_match(&text), accepted, "{:?}", text);
    }
}

/// Per-service traffic for a scenario: up to five known services whose GB
/// fit in what S3 leaves, as `svc.<name>=GB` pairs.
fn services_query() -> impl Strategy<Value = (String, Vec<(String, Decimal)>)> {
    (
        scenario_query(),
        proptest::collection::vec(
            (
                0usize..egress_planner::scenario::KNOWN_SERVICES.len(),
                0u32..=1000,
            ),
            1..5,
        ),
    )
        .prop_map(|(query, picks)| {
            let mut services: Vec<(String, Decimal)> = Vec::new();
            for (i, thousandths) in picks {
                let name = egress_planner::scenario::KNOWN_SERVICES[i].name.to_owned();
                if services.iter().all(|(n, _)| *n != name) {
                    // A thousandth of what S3 leaves each, at most: they always fit.
                    services.push((name, Decimal::new(i64::from(thousandths), 3)));
                }
            }
            (query, services)
        })
}

/// A scenario's query, with its AWS API traffic as a share or, half the time, per service.
fn lumped_or_services_query() -> impl Strategy<Value = String> {
    (scenario_query(), services_query(), any::<bool>()).prop_map(
        |(query, (with_services, _), per_service)| if per_service { with_services } else { query },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn services_price_like_the_lumped_share_and_the_advice_holds(
        (query, picks) in services_query()
    ) {
        let base = parse(&query);
        let s3_left = base.monthly_gb - base.monthly_gb * base.s3_percent / Decimal::ONE_HUNDRED;
        let services: Vec<(String, Decimal)> = picks
            .iter()
            .map(|(n, f)| (n.clone(), (s3_left * f / Decimal::from(5)).round_dp(4)))
            .collect();
        let mut with = query
            .split('&')
            .filter(|p| !p.starts_with("aws_percent=") && !p.starts_with("interface_endpoints="))
            .collect::<Vec<_>>()
            .join("&");
        for (n, gb) in &services {
            with.push_str(&format!("&svc.{n}={gb}"));
        }
        let Ok(per_service) = Scenario::from_query(&with, &TABLE) else {
            // Rounding to 4 places can only overshoot by a hair: skip those.
            return Ok(());
        };
        let total: Decimal = services.iter().map(|(_, g)| *g).sum();
        let mut lumped = per_service.clone();
        lumped.services = None;
        lumped.interface_endpoints = services.len() as u32;
        lumped.aws_percent = if lumped.monthly_gb.is_zero() { Decimal::ZERO } else { total * Decimal::ONE_HUNDRED / lumped.monthly_gb };
        let a = compare(&per_service, &TABLE).unwrap();
        let b = compare(&lumped, &TABLE).unwrap();
        // The lumped share is the services' GB divided by the volume, so its costs can differ
        // in the 28th digit.
        for (x, y) in a.options.iter().zip(&b.options) {
            let (p, l) = (x.monthly_cost.map(|m| m.exact()), y.monthly_cost.map(|m| m.exact()));
            prop_assert!(alike(p, l), "{}: {:?} against {:?}", x.id, p, l);
        }
        let advice = a.endpoint_advice.as_ref().unwrap();
        prop_assert!(advice.saving.exact() >= Decimal::ZERO);
        if let Some(be) = &advice.break_even_gb_per_endpoint {
            for s in &advice.services {
                if s.gb.0 > be.0 {
                    prop_assert_eq!(s.verdict, egress_planner::engine::advice::Verdict::Create, "{}", s.service);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn the_charts_samples_are_the_engines_costs_at_their_volumes(
        query in lumped_or_services_query(),
    ) {
        // The chart takes the comparison's own costs as one sample and, with the AWS API
        // traffic as a share, the lines that run all month as the cost at no traffic: every
        // sample must still be what pricing at its volume gives (to a millionth of a dollar).
        let Ok(scenario) = Scenario::from_query(&query, &TABLE) else { return Ok(()); };
        let c = compare(&scenario, &TABLE).unwrap();
        let to = (scenario.monthly_gb * Decimal::new(25, 1)).round().max(Decimal::ONE_HUNDRED).min(Decimal::from(1_000_000_000u64));
        let samples = egress_planner::engine::samples_knowing(&scenario, &c.options, &TABLE, to).unwrap();
        for (gb, costs) in &samples {
            let mut at = scenario.clone();
            at.monthly_gb = *gb;
            let direct = egress_planner::engine::option_costs(&at, &TABLE).unwrap();
            for ((got, want), o) in costs.iter().zip(&direct).zip(&c.options) {
                // A sample taken on the line between two points differs from pricing in its
                // 28th digit.
                prop_assert!(alike(*got, *want), "{} at {} GB: {:?} against {:?}: {}", o.id, gb, got, want, query);
            }
        }
    }

    #[test]
    fn chart_ticks_step_by_one_two_two_and_a_half_or_five_and_the_axis_runs_around_the_volume(
        query in lumped_or_services_query(),
    ) {
        let Ok(scenario) = Scenario::from_query(&query, &TABLE) else { return Ok(()); };
        let c = compare(&scenario, &TABLE).unwrap();
        for layout in [egress_render::chart::Layout::Wide, egress_render::chart::Layout::Narrow] {
            let svg = egress_render::images::chart(c.headline(), &TABLE, layout).unwrap();
            let doc = roxmltree::Document::parse(&svg).unwrap();
            for class in ["tick traffic-tick", "tick cost-tick"] {
                let values: Vec<f64> = doc
                    .descendants()
                    .filter(|n| n.attribute("class") == Some(class))
                    .map(|n| tick_value(n.text().unwrap()))
                    .collect();
                prop_assert!(values.len() >= 3, "{}: {:?}", class, values);
                prop_assert_eq!(values[0], 0.0);
                let step = values[1] - values[0];
                let power = 10f64.powf(step.log10().floor());
                let mantissa = (step / power * 1000.0).round() / 1000.0;
                prop_assert!([1.0, 2.0, 2.5, 5.0].contains(&mantissa), "{}: step {} in {:?}", class, step, values);
                for pair in values.windows(2) {
                    prop_assert!(((pair[1] - pair[0]) - step).abs() < step * 1e-9, "{}: {:?}", class, values);
                }
                if class == "tick traffic-tick" {
                    // The volume sits three tenths to two fifths along the axis (the axis is at
                    // least 100 GB and at most the most a scenario takes).
                    let volume: f64 = scenario.monthly_gb.to_string().parse().unwrap();
                    let along = volume / values[values.len() - 1];
                    if (40.0..=4e8).contains(&volume) {
                        prop_assert!((0.29..=0.41).contains(&along), "{} GB at {} of {:?}", volume, along, values);
                    }
                }
            }
        }
    }
}
