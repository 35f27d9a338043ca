//! Engine unit tests. Every expected amount is worked by hand in the comment
//! beside it, from the bundled table's us-east-1 prices: NAT $0.045/h and
//! $0.045/GB, public IPv4 $0.005/h, endpoint $0.01/AZ-h and $0.01/GB (first
//! PB), cross-AZ $0.01/GB each way, DTO 0.09 / 0.085 / 0.07 / 0.05 per GB.

use super::*;
use crate::pricing::PricingTable;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn table() -> PricingTable {
    PricingTable::bundled().expect("the bundled table is valid")
}

fn run(query: &str, check: impl FnOnce(&Comparison<'_>)) {
    let table = table();
    let scenario = Scenario::from_query(query, &table).expect("valid scenario");
    let comparison = compare(&scenario, &table).expect("computes");
    check(&comparison);
}

/// The first line of option `id` whose item is `item`.
fn line<'c>(c: &'c Comparison<'_>, id: &str, item: Item) -> Option<&'c Line> {
    c.option(id)
        .expect("option exists")
        .lines
        .iter()
        .find(|l| l.item == item)
}

/// Line labels, as the options write them.
const CROSS_AZ: Item = Item::Label("Cross-AZ transfer to a NAT in another AZ (billed out and in)");
const NAT_PROCESSING: Item = Item::Label("NAT gateway data processing");
const ROOT_VOLUME: Item = Item::Label("NAT instance root volume (4 GB gp3 each)");
const ENDPOINT_PROCESSING: &str = "Interface endpoint data processing";

fn cost(c: &Comparison<'_>, id: &str) -> String {
    c.option(id)
        .expect("option exists")
        .monthly_cost
        .expect("priced")
        .to_string()
}

/// Whether option `id` can carry the scenario.
fn feasible(c: &Comparison<'_>, id: &str) -> bool {
    c.option(id).expect("option exists").feasible
}

/// Each option of `expected` costs its amount a month.
fn assert_costs(c: &Comparison<'_>, expected: &[(&str, &str)]) {
    for (id, amount) in expected {
        assert_eq!(cost(c, id), *amount, "{id}");
    }
}

/// Why option `id` is infeasible, in words.
fn reason(c: &Comparison<'_>, id: &str) -> String {
    let o = c.option(id).expect("option exists");
    o.infeasible_reason.as_ref().expect("a reason").to_string()
}

/// Option `id` cannot carry the scenario, says why in words that contain
/// `part`, and is not the answer.
fn assert_infeasible(c: &Comparison<'_>, id: &str, part: &str) {
    assert!(!feasible(c, id), "{id}");
    assert!(reason(c, id).contains(part), "{}", reason(c, id));
    assert_ne!(c.cheapest, id);
}

/// Whether one of `said` contains `part`.
fn says(said: &[Message], part: &str) -> bool {
    said.iter().any(|m| m.to_string().contains(part))
}

/// The break-even of centralizing, in words.
fn centralizing(c: &Comparison<'_>) -> String {
    c.break_even.centralized_egress_explanation.to_string()
}

/// Option `id`'s properties, which every comparison examines.
fn examined<'c>(c: &'c Comparison<'_>, id: &str) -> &'c properties::Properties {
    c.option(id)
        .and_then(|o| o.properties.as_ref())
        .unwrap_or_else(|| panic!("{id} is compared with its properties"))
}

/// Option `id`'s availability is `verdict`, for a reason that says `part`.
fn assert_availability(
    c: &Comparison<'_>,
    id: &str,
    verdict: properties::Availability,
    part: &str,
) {
    let a = &examined(c, id).availability;
    assert_eq!(a.verdict, verdict, "{id}");
    let lead = a.lead.text.to_string();
    assert!(lead.contains(part), "{id}: {lead}");
}

/// Whether one of `statements` has `part` in its words or its source.
fn mentions(statements: &[properties::Statement], part: &str) -> bool {
    statements
        .iter()
        .any(|s| s.text.to_string().contains(part) || s.source.contains(part))
}

/// Option `id`'s lines as (item, quantity, cost) are `expected`, in order.
fn assert_lines(c: &Comparison<'_>, id: &str, expected: &[(&str, Decimal, &str)]) {
    let lines = lines_of(c, id);
    assert_eq!(lines.len(), expected.len(), "{lines:?}");
    for ((item, quantity, cost), expected) in lines.iter().zip(expected) {
        assert_eq!((item.as_str(), *quantity, cost.as_str()), *expected);
    }
}

#[test]
fn data_transfer_out_is_tiered_across_the_price_list_bounds() {
    // 100,000 GB all outbound internet, 1 AZ, 1 NAT, no endpoints, no public IPs.
    // DTO: 10,240 × 0.09 = 921.60; 40,960 × 0.085 = 3,481.60; 48,800 × 0.07 = 3,416.00
    //      → 7,819.20
    // NAT: 730 × 0.045 = 32.85 hours; 730 × 0.005 = 3.65 EIP; 100,000 × 0.045 = 4,500
    //      → 4,536.50 + 7,819.20 = 12,355.70
    run(
        "monthly_gb=100000&outbound_percent=100&azs=1&interface_endpoints=0&public_ips=0",
        |c| {
            assert_costs(
                c,
                &[("public_subnet", "7819.20"), ("nat_gateway", "12355.70")],
            );
            let dto: Vec<_> = c
                .option("public_subnet")
                .unwrap()
                .lines
                .iter()
                .skip(1)
                .map(|l| l.quantity)
                .collect();
            assert_eq!(
                dto,
                vec![
                    Decimal::from(10240),
                    Decimal::from(40960),
                    Decimal::from(48800)
                ]
            );
        },
    );
}

#[test]
fn the_free_tier_takes_the_first_100_gb_of_data_transfer_out() {
    // 150 GB outbound, free tier on: 100 GB free, 50 × 0.09 = 4.50; 1 address:
    // 730 × 0.005 = 3.65 → 8.15. Without the free tier: 150 × 0.09 = 13.50 + 3.65 = 17.15.
    run(
        "monthly_gb=150&outbound_percent=100&public_ips=1&dto_free_tier=true",
        |c| {
            assert_eq!(cost(c, "public_subnet"), "8.15");
        },
    );
    run("monthly_gb=150&outbound_percent=100&public_ips=1", |c| {
        assert_eq!(cost(c, "public_subnet"), "17.15");
    });
}

#[test]
fn one_nat_gateway_for_three_azs_pays_cross_az_both_ways() {
    // 3,000 GB, 3 AZs, 1 NAT: 2 of 3 AZs cross → 3,000 × 2/3 = 2,000 GB,
    // billed out and in: 4,000 × 0.01 = 40.00.
    // Total: 32.85 + 3.65 + 3,000 × 0.045 (135.00) + 40.00 + DTO 1,500 × 0.09 (135.00) = 346.50
    run(
        "monthly_gb=3000&azs=3&nat_gateways=1&interface_endpoints=0",
        |c| {
            assert_eq!(cost(c, "nat_gateway"), "346.50");
            let line = line(c, "nat_gateway", CROSS_AZ).unwrap();
            assert_eq!(line.quantity, Decimal::from(4000));
        },
    );
}

#[test]
fn one_nat_gateway_per_az_has_no_cross_az_line() {
    run("monthly_gb=3000&azs=3", |c| {
        assert!(line(c, "nat_gateway", CROSS_AZ).is_none());
    });
}

#[test]
fn interface_endpoint_processing_is_tiered_at_one_petabyte() {
    // 2,097,152 GB (2 PB) all to AWS APIs, 1 endpoint in 1 AZ:
    // 1,048,576 × 0.01 = 10,485.76; 1,048,576 × 0.006 = 6,291.456; hours 730 × 0.01 = 7.30
    // → 16,784.516 → 16,784.52
    run(
        "monthly_gb=2097152&aws_percent=100&interface_endpoints=1&azs=1",
        |c| {
            assert_eq!(cost(c, "endpoints_only"), "16784.52");
            assert!(feasible(c, "endpoints_only"));
        },
    );
}

#[test]
fn without_interface_endpoints_option_three_equals_option_two() {
    run(
        "monthly_gb=5000&s3_percent=40&aws_percent=20&interface_endpoints=0",
        |c| {
            assert_eq!(
                cost(c, "nat_gateway_all_endpoints"),
                cost(c, "nat_gateway_s3_endpoint")
            );
        },
    );
}

#[test]
fn endpoints_only_is_infeasible_with_internet_traffic_and_says_why() {
    run("monthly_gb=100", |c| {
        assert_infeasible(c, "endpoints_only", "100 GB/month");
    });
}

#[test]
fn endpoints_only_is_infeasible_for_aws_traffic_without_endpoints() {
    run(
        "monthly_gb=100&aws_percent=100&interface_endpoints=0",
        |c| {
            assert_infeasible(c, "endpoints_only", "no interface endpoints");
        },
    );
}

#[test]
fn a_peak_above_the_nat_ceiling_asks_for_more_gateways() {
    // 250 Gbps all through NAT: ceil(250 / 100) = 3 gateways; 2 configured → 125 per gateway.
    run("peak_gbps=250&azs=2", |c| {
        let o = c.option("nat_gateway").unwrap();
        assert_eq!(o.nat_gateways_needed, Some(3));
        assert!(
            says(&o.warnings, "Needs 3 NAT gateways"),
            "{:?}",
            o.warnings
        );
        assert!(
            c.bandwidth
                .verdict
                .to_string()
                .starts_with("Needs 3 NAT gateways")
        );
    });
}

#[test]
fn the_nat_peak_share_excludes_traffic_on_endpoints() {
    // 300 Gbps, 50% S3: plain NAT carries 300 → 3 gateways; with the S3 endpoint 150 → 2.
    run("peak_gbps=300&s3_percent=50&monthly_gb=0", |c| {
        assert_eq!(
            c.option("nat_gateway").unwrap().nat_gateways_needed,
            Some(3)
        );
        assert_eq!(
            c.option("nat_gateway_s3_endpoint")
                .unwrap()
                .nat_gateways_needed,
            Some(2)
        );
    });
}

#[test]
fn half_cents_round_away_from_zero() {
    // One address for one hour: 1 × 0.005 = 0.005 → "0.01" (banker's rounding would give 0.00).
    run("monthly_gb=0&public_ips=1&hours=1", |c| {
        assert_eq!(cost(c, "public_subnet"), "0.01");
    });
}

#[test]
fn cheapest_ties_go_to_the_earlier_option() {
    // No S3 traffic: options 1 and 2 cost the same (and so do regional NAT
    // over 2 AZs and IPv6 egress with no IPv6 traffic); with public subnets
    // made dearer (many addresses), endpoints-only infeasible and London's
    // table holding no NAT instance prices, option 1 wins the tie.
    run(
        "region=eu-west-2&monthly_gb=10&public_ips=100000&interface_endpoints=0",
        |c| {
            assert_eq!(cost(c, "nat_gateway"), cost(c, "nat_gateway_s3_endpoint"));
            assert_eq!(c.cheapest, "nat_gateway");
        },
    );
}

#[test]
fn assumed_figures_are_marked_on_lines_and_listed() {
    // us-west-1's NAT per-GB price is assumed in the bundled table.
    run("region=us-west-1", |c| {
        assert!(c.assumed_figures.iter().any(|a| a.figure == "nat_gb"));
        let line = line(c, "nat_gateway", NAT_PROCESSING).unwrap();
        assert!(line.assumed);
    });
    // In us-east-1 only the regional NAT gateway's per-GB rate is assumed
    // (its hourly row was seen, its Bytes row was not).
    run("region=us-east-1", |c| {
        let figures: Vec<&str> = c
            .assumed_figures
            .iter()
            .map(|a| a.figure.as_str())
            .collect();
        assert_eq!(figures, ["regional_nat_gb"]);
    });
}

#[test]
fn slopes_change_at_the_tier_bounds_mapped_through_the_shares() {
    // 50% S3, 20% AWS APIs → internet 30%, half of it outbound: 0.15 GB out per GB.
    // DTO bounds 10,240 / 51,200 / 153,600 GB out → 68,266.67 / 341,333.33 / 1,024,000 GB total.
    // Endpoint bounds 1,048,576 / 5,242,880 GB at 0.2 per GB → 5,242,880 / 26,214,400 GB total.
    let table = table();
    let scenario = Scenario::from_query("s3_percent=50&aws_percent=20", &table).unwrap();
    let points: Vec<String> = slope_changes(&scenario, &table)
        .unwrap()
        .into_iter()
        .map(|p| crate::money::round_half_away(p, 2).to_string())
        .collect();
    assert_eq!(
        points,
        [
            "68266.67",
            "341333.33",
            "1024000.00",
            "5242880.00",
            "26214400.00"
        ]
    );
}

#[test]
fn tier_labels_use_the_price_lists_binary_units() {
    // 10 × 1024 = 10240 GB is 10 TB; 51200 − 10240 = 40960 GB = 40 TB;
    // 150 × 1024 = 153600 GB. Not a multiple of 1024: plain GB, grouped; a
    // fraction stays a fraction.
    for (from_gb, to_gb, tier) in [
        (dec!(0), Some(dec!(10240)), "first 10 TB"),
        (dec!(10240), Some(dec!(51200)), "next 40 TB"),
        (dec!(153600), None, "over 150 TB"),
        (dec!(0), None, "all volumes"),
        (dec!(0), Some(dec!(1500)), "first 1,500 GB"),
        (dec!(0), Some(dec!(1024.5)), "first 1,024.5 GB"),
    ] {
        let label = Item::Tier {
            what: context::DTO,
            from_gb,
            to_gb,
        };
        assert_eq!(
            label.to_string(),
            format!("Data transfer out to the internet, {tier}")
        );
    }
    // 1024 × 1024 = 1048576 GB = 1 PB.
    let endpoint = Item::Tier {
        what: ENDPOINT_PROCESSING,
        from_gb: dec!(0),
        to_gb: Some(dec!(1048576)),
    };
    assert_eq!(
        endpoint.to_string(),
        "Interface endpoint data processing, first 1 PB"
    );
}

#[test]
fn public_explanation_says_which_way_the_fixed_costs_differ() {
    use super::messages::PublicExplanation;
    let text = |public: Decimal, nat: Decimal| {
        PublicExplanation {
            public_fixed: Money::new(public),
            addresses: 3,
            nat_fixed: Money::new(nat),
            nat_name: "NAT gateways",
            difference: Money::new(nat - public),
        }
        .to_string()
    };
    // 109.50 − 10.95 = 98.55 in the NAT's disfavour, then the other way round.
    let cheaper = text(dec!(10.95), dec!(109.50));
    assert!(cheaper.starts_with("Public subnets: $10.95 a month fixed (3 addresses) against $109.50 for NAT gateways: $98.55 less a month in fixed cost,"), "{cheaper}");
    let dearer = text(dec!(109.50), dec!(10.95));
    assert!(
        dearer.contains(": $98.55 more a month in fixed cost,"),
        "{dearer}"
    );
}

#[test]
fn crossings_are_interpolated_exactly_inside_a_segment() {
    // Option 0 rises from $0 to $100 over 0–100 GB; option 1 costs $50 flat:
    // they meet halfway, at 50 GB and $50. Option 2 ($100 flat) only touches
    // option 0 at the end of the range, which is not a crossing inside it.
    let samples = vec![
        (
            dec!(0),
            vec![Some(dec!(0)), Some(dec!(50)), Some(dec!(100))],
        ),
        (
            dec!(100),
            vec![Some(dec!(100)), Some(dec!(50)), Some(dec!(100))],
        ),
    ];
    let found = crossings(&samples, &[0, 1, 2]).unwrap();
    assert_eq!(
        found,
        vec![Crossing {
            options: (0, 1),
            gb: dec!(50),
            cost: Money::new(dec!(50)),
        }]
    );
    // Across two segments (0–40, 40–100 GB), option 0 at 30 then 90 against
    // option 1's 60: the difference −30 → +30 crosses at t = 0.5 of the
    // second segment: 40 + 60 × 0.5 = 70 GB, 30 + 60 × 0.5 = $60.
    let samples = vec![
        (dec!(0), vec![Some(dec!(10)), Some(dec!(60))]),
        (dec!(40), vec![Some(dec!(30)), Some(dec!(60))]),
        (dec!(100), vec![Some(dec!(90)), Some(dec!(60))]),
    ];
    let found = crossings(&samples, &[0, 1]).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].gb, dec!(70));
    assert_eq!(found[0].cost.exact(), dec!(60));
}

#[test]
fn the_regional_nat_gateway_is_billed_per_active_az_with_no_cross_az_line() {
    // us-east-1, 3 AZs, one zonal gateway shared, 10,000 GB, 20% S3, all
    // internet outbound 50%. Regional: 3 × 730 × 0.045 = 98.55 AZ-hours;
    // 3 × 730 × 0.005 = 10.95 addresses; (10,000 − 2,000) × 0.045 = 360.00;
    // DTO 8,000 × 50% = 4,000 × 0.09 = 360.00 → 829.50, and no cross-AZ line.
    // The shared zonal gateway + S3 endpoint: 32.85 + 3.65 + 360.00
    // + 8,000 × 2/3 × 2 × 0.01 = 106.67 (106.666…) + 360.00 = 863.166… → 863.17.
    run(
        "monthly_gb=10000&s3_percent=20&azs=3&nat_gateways=1&interface_endpoints=0",
        |c| {
            assert_costs(
                c,
                &[
                    ("regional_nat_gateway", "829.50"),
                    ("nat_gateway_s3_endpoint", "863.17"),
                ],
            );
            let regional = c.option("regional_nat_gateway").unwrap();
            assert!(regional.lines.iter().all(|l| l.item != CROSS_AZ));
            assert_eq!(regional.nat_gateways_needed, Some(1));
        },
    );
}

#[test]
fn nat_instances_prorate_the_root_volume_and_cross_azs_both_ways() {
    // us-east-1, 365 hours, 3 AZs, 2 named t4g.small instances, 3,000 GB, no
    // S3, 40% outbound, peak 0.1 Gbps (0.05 per instance, within 0.128).
    // Hours: 2 × 365 × 0.0168 = 12.264; root: 2 × 4 GB × 365/730 = 4 GB-months
    // × 0.08 = 0.32; addresses: 2 × 365 × 0.005 = 3.65; cross-AZ: 3,000 × 1/3
    // = 1,000 GB crossing, × 2 directions = 2,000 × 0.01 = 20.00; DTO: 1,200 ×
    // 0.09 = 108.00. Total 12.264 + 0.32 + 3.65 + 20.00 + 108.00 = 144.234 → 144.23.
    run(
        "monthly_gb=3000&outbound_percent=40&azs=3&hours=365&nat_instances=2&nat_instance_type=t4g.small&peak_gbps=0.1",
        |c| {
            let o = c.option("nat_instance").unwrap();
            assert_eq!(cost(c, "nat_instance"), "144.23");
            let root = line(c, "nat_instance", ROOT_VOLUME).unwrap();
            assert_eq!(root.quantity, Decimal::from(4));
            let cross = o.lines.iter().find(|l| l.item == CROSS_AZ).unwrap();
            assert_eq!(cross.quantity, Decimal::from(2000));
            assert_eq!(o.instance_type.as_deref(), Some("t4g.small"));
            assert!(o.feasible);
        },
    );
}

#[test]
fn a_named_instance_type_on_burst_warns_and_above_burst_is_infeasible() {
    // t4g.nano sustains 0.032 Gbps and bursts to 5 (capped at 5 below 32 vCPUs).
    // 1 Gbps over 2 instances = 0.5 each: only on burst credits → a warning.
    run("nat_instance_type=t4g.nano&peak_gbps=1", |c| {
        let o = c.option("nat_instance").unwrap();
        assert!(o.feasible);
        assert!(says(&o.warnings, "only on burst credits"));
    });
    // 12 Gbps over 2 = 6 each, above the 5 Gbps burst: infeasible.
    run("nat_instance_type=t4g.nano&peak_gbps=12", |c| {
        assert!(!feasible(c, "nat_instance"));
    });
}

#[test]
fn a_region_without_instance_prices_leaves_the_option_unpriced() {
    run("region=eu-west-2", |c| {
        let o = c.option("nat_instance").unwrap();
        assert!(o.monthly_cost.is_none() && !o.feasible && o.lines.is_empty());
        assert!(reason(c, "nat_instance").contains("no NAT instance prices for eu-west-2"));
    });
}

#[test]
fn ipv6_destinations_leave_the_nat_path_but_not_data_transfer_out() {
    // 2,000 GB, no S3/AWS, 60% IPv6, 50% outbound, 2 AZs, 2 gateways.
    // NAT processing on 2,000 − 1,200 = 800 GB × 0.045 = 36.00; hours 65.70;
    // addresses 7.30; the egress-only gateway 730 × $0 = 0; DTO 1,000 × 0.09
    // = 90.00 (IPv6 leaves at the same rate). Total 199.00; option 2 pays
    // 2,000 × 0.045 = 90.00 processing instead: 253.00.
    run(
        "monthly_gb=2000&ipv6_percent=60&interface_endpoints=0",
        |c| {
            assert_costs(
                c,
                &[
                    ("nat_gateway_ipv6_egress", "199.00"),
                    ("nat_gateway_s3_endpoint", "253.00"),
                ],
            );
            // 40% of the peak still rides the NAT: 1 Gbps × 40% = 0.4 Gbps.
            let load = c
                .option("nat_gateway_ipv6_egress")
                .unwrap()
                .nat_load
                .as_ref()
                .unwrap();
            assert_eq!(load.share_percent, Decimal::from(40));
        },
    );
}

#[test]
fn the_break_even_counts_the_cross_az_leg() {
    // London, 4 endpoints × 3 AZs × 730 h × 0.011 = 96.36 a month; one NAT
    // gateway for 3 AZs: cross leg 2 × 0.01 × 2/3 = 0.013333…; recovered at
    // 0.05 + 0.013333… − 0.01 = 0.053333… per GB → 96.36 / 0.053333… = 1,806.75 GB.
    run(
        "region=eu-west-2&interface_endpoints=4&azs=3&nat_gateways=1",
        |c| {
            assert_eq!(
                c.break_even.interface_endpoints_gb.unwrap().to_string(),
                "1806.75"
            );
        },
    );
}

#[test]
fn endpoints_only_without_endpoints_costs_nothing_and_processes_nothing() {
    run("s3_percent=100&interface_endpoints=0", |c| {
        let o = c.option("endpoints_only").unwrap();
        assert_eq!(cost(c, "endpoints_only"), "0.00");
        assert!(
            o.lines
                .iter()
                .all(|l| !matches!(l.item, Item::Tier { what, .. } if what == ENDPOINT_PROCESSING))
        );
        assert!(
            o.feasible,
            "all traffic is S3: the free gateway endpoint carries it"
        );
    });
    run("aws_percent=10&interface_endpoints=0", |c| {
        assert!(!feasible(c, "endpoints_only"));
    });
}

#[test]
fn a_services_nat_cost_multiplies_before_it_divides() {
    // 3 GB of Secrets Manager traffic, 3 AZs sharing 1 NAT gateway:
    // processing 3 × 0.045 = 0.135; the cross-AZ leg, from the 2 AZs of 3
    // without the gateway, out and in: 3 × 2 × 0.01 × 2 ÷ 3 = 0.04.
    // 0.135 + 0.04 = 0.175 → $0.18. (The leg per GB first, 0.04 ÷ 3 =
    // 0.0133…, times 3 GB gives 0.17499… → $0.17.)
    run(
        "region=us-east-1&svc.secretsmanager=3&azs=3&nat_gateways=1",
        |c| {
            let advice = c.endpoint_advice.as_ref().expect("per-service traffic");
            let s = &advice.services[0];
            assert_eq!(s.service, "secretsmanager");
            assert_eq!(s.nat_cost.to_string(), "0.18");
            assert_eq!(s.nat_cost.exact(), dec!(0.175));
        },
    );
}

/// The fargate-review acceptance scenario (us-east-1): 5,000 GB, S3 40 %
/// (2,000 GB), AWS APIs 20 % (1,000 GB), internet 2,000 GB of which 1,000 GB
/// out; 2 AZs. NAT-routed GB (all but S3): 3,000. Transit Gateway $0.05 per
/// attachment-hour and $0.02/GB; Network Firewall $0.395 per endpoint-hour
/// and $0.065/GB.
const FARGATE_REVIEW: &str = "monthly_gb=5000&s3_percent=40&aws_percent=20&interface_endpoints=3&azs=2&public_ips=4&peak_gbps=20";

fn lines_of(c: &Comparison<'_>, id: &str) -> Vec<(String, Decimal, String)> {
    c.option(id)
        .unwrap()
        .lines
        .iter()
        .map(|l| (l.item.to_string(), l.quantity, l.cost.to_string()))
        .collect()
}

#[test]
fn centralized_egress_prices_each_line_of_the_hub() {
    run(FARGATE_REVIEW, |c| {
        let expected = [
            // This VPC's attachment: 730 × 0.05 = 36.50
            ("Transit Gateway attachment of this VPC", dec!(730), "36.50"),
            // The egress VPC's share, ÷ 1 VPC: attachment 730 × 0.05 = 36.50,
            // NAT hours 2 × 730 × 0.045 = 65.70, addresses 2 × 730 × 0.005 = 7.30
            // (36.50 + 65.70 + 7.30 = 109.50)
            (
                "Egress VPC's Transit Gateway attachment, this VPC's share (÷ sharing VPCs)",
                dec!(730),
                "36.50",
            ),
            (
                "Egress VPC NAT gateway hours (one per AZ), this VPC's share (÷ sharing VPCs)",
                dec!(1460),
                "65.70",
            ),
            (
                "Egress VPC NAT gateway public IPv4 (Elastic IP), this VPC's share (÷ sharing VPCs)",
                dec!(1460),
                "7.30",
            ),
            // Transit Gateway processing: 3,000 × 0.02 = 60.00
            (
                "Transit Gateway data processing (requests from this VPC, answers from the egress VPC)",
                dec!(3000),
                "60.00",
            ),
            // NAT processing: 3,000 × 0.045 = 135.00
            (
                "NAT gateway data processing (in the egress VPC)",
                dec!(3000),
                "135.00",
            ),
            // DTO: 1,000 × 0.09 = 90.00
            (
                "Data transfer out to the internet, first 10 TB",
                dec!(1000),
                "90.00",
            ),
        ];
        assert_lines(c, "centralized_egress", &expected);
        // 36.50 + 109.50 + 60.00 + 135.00 + 90.00 = 431.00
        assert_eq!(cost(c, "centralized_egress"), "431.00");
        let hub = c.option("centralized_egress").unwrap();
        assert!(hub.feasible);
        assert!(says(
            &hub.notes,
            "split evenly among 1 sharing VPC: $109.50 for this VPC"
        ));
        assert!(says(&hub.notes, "At this traffic the hub never costs less"));
    });
}

#[test]
fn centralized_egress_splits_the_egress_vpc_among_the_sharing_vpcs() {
    // As above with 3 sharing VPCs: the egress VPC's 109.50 ÷ 3 = 36.50
    // (attachment 730 ÷ 3 = 243.3333 h → 12.1667; NAT 1,460 ÷ 3 = 486.6667 h
    // → 21.90; addresses → 2.4333); 36.50 + 36.50 + 60 + 135 + 90 = 358.00.
    run(&format!("{FARGATE_REVIEW}&shared_vpcs=3"), |c| {
        assert_eq!(cost(c, "centralized_egress"), "358.00");
        let lines = lines_of(c, "centralized_egress");
        assert_eq!(lines[1].1.round_dp(4), dec!(243.3333));
        assert_eq!(lines[2].1.round_dp(4), dec!(486.6667));
        assert_eq!(lines[2].2, "21.90");
    });
}

#[test]
fn inspected_egress_shows_the_waived_nat_charges_at_no_cost() {
    run(FARGATE_REVIEW, |c| {
        let expected = [
            // 2 × 730 × 0.395 = 576.70
            (
                "Network Firewall endpoint hours (one per AZ)",
                dec!(1460),
                "576.70",
            ),
            // 3,000 × 0.065 = 195.00
            (
                "Network Firewall data processing (both directions)",
                dec!(3000),
                "195.00",
            ),
            // 2 × 730 gateway-hours at 0.045, waived: 0.00
            (
                "NAT gateway hours (one per AZ): waived with Network Firewall, one-to-one against its endpoint hours",
                dec!(1460),
                "0.00",
            ),
            // 3,000 GB at 0.045, waived: 0.00
            (
                "NAT gateway data processing: waived with Network Firewall, one-to-one against its processed GB",
                dec!(3000),
                "0.00",
            ),
            // 2 × 730 × 0.005 = 7.30 (not waived)
            (
                "NAT gateway public IPv4 (Elastic IP, not waived)",
                dec!(1460),
                "7.30",
            ),
            // 1,000 × 0.09 = 90.00
            (
                "Data transfer out to the internet, first 10 TB",
                dec!(1000),
                "90.00",
            ),
        ];
        assert_lines(c, "inspected_egress", &expected);
        let option = c.option("inspected_egress").unwrap();
        // The waived lines keep the NAT gateway's unit prices.
        assert_eq!(option.lines[2].unit_price, dec!(0.045));
        assert_eq!(option.lines[3].unit_price, dec!(0.045));
        // 576.70 + 7.30 = 584.00 fixed; + 195.00 + 90.00 = 869.00
        assert_eq!(option.fixed_cost().to_string(), "584.00");
        assert_eq!(cost(c, "inspected_egress"), "869.00");
        assert!(says(
            &option.notes,
            "NAT gateway hours and data processing are waived with Network Firewall"
        ));
    });
}

#[test]
fn the_hub_and_the_firewall_are_unpriced_where_the_table_lacks_their_prices() {
    // London has neither; Ohio has Transit Gateway prices but no firewall ones.
    run("region=eu-west-2", |c| {
        for id in ["centralized_egress", "inspected_egress"] {
            let o = c.option(id).unwrap();
            assert!(o.monthly_cost.is_none() && !o.feasible, "{id}");
        }
        assert_eq!(
            reason(c, "centralized_egress"),
            "Not priced: the pricing table has no tgw_attachment_hour price for this region."
        );
        assert_eq!(
            reason(c, "inspected_egress"),
            "Not priced: the pricing table has no firewall_hour price for this region."
        );
        assert_eq!(c.break_even.centralized_egress_vpcs, None);
        assert!(
            centralizing(c).starts_with("Not compared with a regional NAT gateway in this VPC.")
        );
    });
    run("region=us-east-2", |c| {
        assert!(feasible(c, "centralized_egress"));
        assert!(c.option("inspected_egress").unwrap().monthly_cost.is_none());
    });
}

#[test]
fn the_break_even_of_centralizing_counts_vpcs_and_traffic() {
    // Defaults: 1,000 GB, all internet (routed 1,000 GB), 2 AZs, DTO the same in both.
    // Hub, this VPC's own: 730 × 0.05 + 1,000 × (0.02 + 0.045) = 36.50 + 65 = 101.50;
    // egress VPC: 36.50 + 2 × 730 × 0.05 = 109.50, split.
    // Regional NAT: 2 × 730 × (0.045 + 0.005) + 1,000 × 0.045 = 73 + 45 = 118.
    // Least N with 109.50 ÷ N < 118 − 101.50 = 16.50: 109.50 ÷ 16.50 = 6.64 → 7.
    run("shared_vpcs=7", |c| {
        assert_eq!(c.break_even.centralized_egress_vpcs, Some(7));
        // With 7: fixed gap 36.50 + 109.50 ÷ 7 − 73 = −20.857…, per GB 0.02
        // more: pays below 20.857… ÷ 0.02 = 1,042.86 GB/month.
        assert_eq!(
            c.break_even
                .centralized_egress_max_gb
                .map(|g| g.to_string()),
            Some("1042.86".to_owned())
        );
        // 101.50 + 15.64 + DTO 45 = 162.14 against 118 + 45 = 163.00
        assert_costs(
            c,
            &[
                ("centralized_egress", "162.14"),
                ("regional_nat_gateway", "163.00"),
            ],
        );
        let said = centralizing(c);
        assert!(
            said.contains("from 7 sharing VPCs (7 in the scenario)"),
            "{said}"
        );
        assert!(
            said.contains("costs less below 1,042.86 GB/month"),
            "{said}"
        );
    });
    run("shared_vpcs=6", |c| {
        // 101.50 + 18.25 + 45 = 164.75: dearer than 163.00 with one VPC fewer.
        assert_eq!(cost(c, "centralized_egress"), "164.75");
        assert_eq!(c.break_even.centralized_egress_vpcs, Some(7));
    });
    run("shared_vpcs=1", |c| {
        // Fixed 36.50 + 109.50 = 146 against 73: dearer at any traffic.
        assert_eq!(c.break_even.centralized_egress_max_gb, None);
        assert!(centralizing(c).contains("it costs more at any traffic"));
    });
    run(FARGATE_REVIEW, |c| {
        // Own 36.50 + 3,000 × 0.065 = 231.50 ≥ 73 + 3,000 × 0.045 = 208: never.
        assert_eq!(c.break_even.centralized_egress_vpcs, None);
        assert!(centralizing(c).contains("never costs less"));
    });
}

#[test]
fn public_subnets_without_addresses_are_infeasible_unless_only_s3_flows() {
    run("monthly_gb=100&public_ips=0", |c| {
        assert_infeasible(
            c,
            "public_subnet",
            "reach neither the internet nor AWS APIs",
        );
    });
    run("monthly_gb=100&aws_percent=100&public_ips=0", |c| {
        assert!(!feasible(c, "public_subnet"));
    });
    run("monthly_gb=100&s3_percent=100&public_ips=0", |c| {
        assert!(feasible(c, "public_subnet"));
    });
    run("monthly_gb=0&public_ips=0", |c| {
        assert!(feasible(c, "public_subnet"));
    });
}

#[test]
fn each_option_states_its_properties_with_sources() {
    use properties::Availability::{Contained, SinglePoint};
    run("azs=3&nat_gateways=1&nat_instances=1", |c| {
        assert_availability(c, "nat_gateway", SinglePoint, "the other 2 AZs lose egress");
        assert_availability(c, "nat_instance", SinglePoint, "single point of failure");
        assert_availability(c, "public_subnet", Contained, "");
        assert_availability(c, "regional_nat_gateway", Contained, "");
        let nat = examined(c, "nat_gateway");
        let aws_vpc_docs = "https://docs.aws.amazon.com/vpc/";
        assert!(nat.availability.lead.source.starts_with(aws_vpc_docs));
        let connections = nat.operations.lead.text.to_string();
        assert!(connections.contains("55,000 simultaneous connections"));
        let alarms = nat.operations.details[0].text.to_string();
        assert!(alarms.contains("ErrorPortAllocation") && alarms.contains("PacketsDropCount"));
        let instance = examined(c, "nat_instance");
        assert!(mentions(&instance.availability.details, "fck-nat"));
        assert!(mentions(&instance.availability.details, "alternat"));
        assert_eq!(instance.operations.verdict, properties::Upkeep::SelfManaged);
        let public = examined(c, "public_subnet");
        assert_eq!(public.security.verdict, properties::Exposure::PublicAddress);
        let regional = examined(c, "regional_nat_gateway");
        let regional_source = regional.availability.lead.source;
        assert!(regional_source.ends_with("nat-gateways-regional.html"));
        let endpoints = examined(c, "nat_gateway_all_endpoints");
        assert!(mentions(&endpoints.security.details, "endpoint policy"));
        let ipv6 = examined(c, "nat_gateway_ipv6_egress");
        assert!(mentions(&ipv6.operations.details, "dual-stack"));
        for o in &c.options {
            let examined = examined(c, o.id);
            for p in [
                &examined.availability.lead,
                &examined.security.lead,
                &examined.operations.lead,
            ] {
                assert!(p.source.starts_with("https://"), "{}: {}", o.id, p.text);
            }
        }
    });
    run("azs=3&nat_gateways=3&nat_instances=3", |c| {
        assert_availability(
            c,
            "nat_gateway",
            Contained,
            "none of the other AZs lose egress",
        );
        assert_availability(c, "nat_instance", Contained, "");
    });
}

#[test]
fn sensitive_moves_the_answer_past_public_subnets() {
    run("", |c| {
        assert_eq!(c.cheapest, "public_subnet");
        assert!(c.passed_over.is_empty());
        assert!(c.options.iter().all(|o| o.requirements.is_empty()));
    });
    let table = table();
    let scenario = Scenario::from_query("sensitive=true", &table).unwrap();
    let c = compare(&scenario, &table).unwrap();
    assert_ne!(c.cheapest, "public_subnet");
    let public = c.option("public_subnet").unwrap();
    assert!(public.feasible, "it stays in the comparison, feasible");
    assert!(!public.requirements[0].met);
    assert!(
        public.requirements[0]
            .reason
            .to_string()
            .contains("public IPv4 address")
    );
    assert_eq!(c.passed_over.len(), 1);
    assert_eq!(c.passed_over[0].id, "public_subnet");
    assert!(c.passed_over[0].reason.starts_with("sensitive: "));
    assert_eq!(c.ranked()[0].id, c.cheapest);
    // Pricing alone (the embed, the cards, batch summaries) picks the same answer, for the
    // same reasons, with either requirement.
    for query in [
        "sensitive=true",
        "azs=3&nat_gateways=1&survive_az_loss=true",
    ] {
        let scenario = Scenario::from_query(query, &table).unwrap();
        let c = compare(&scenario, &table).unwrap();
        let priced = price_options(&scenario, &table).unwrap();
        assert_eq!(priced.cheapest, c.cheapest, "{query}");
        let ids = |passed: &[PassedOver]| passed.iter().map(|p| p.id).collect::<Vec<_>>();
        assert_eq!(ids(&priced.passed_over), ids(&c.passed_over), "{query}");
        for (alone, compared) in priced.options.iter().zip(&c.options) {
            assert_eq!(
                alone.requirements, compared.requirements,
                "{query}: {}",
                alone.id
            );
        }
    }
}

#[test]
fn surviving_an_az_loss_passes_over_shared_gateways() {
    run(
        "azs=3&nat_gateways=1&survive_az_loss=true&sensitive=true",
        |c| {
            let cheapest = c.cheapest_option();
            assert!(cheapest.meets_requirements(), "{}", cheapest.id);
            assert_eq!(
                examined(c, cheapest.id).availability.verdict,
                properties::Availability::Contained
            );
            let nat = c.option("nat_gateway").unwrap();
            let az = nat
                .requirements
                .iter()
                .find(|r| r.requirement == Requirement::SurviveAzLoss)
                .unwrap();
            assert!(!az.met);
            assert!(az.reason.to_string().contains("other 2 AZs"));
        },
    );
}

#[test]
fn the_nat_instances_say_the_peak_through_them_and_per_instance() {
    // fargate-review: a 20 Gbps peak, 40 % of it to S3 through the gateway endpoint, so
    // 20 × 60 % = 12 Gbps through the NAT instances; two of them (one per AZ): 6 each.
    run(FARGATE_REVIEW, |c| {
        let i = c.option("nat_instance").unwrap().instance.clone().unwrap();
        assert_eq!(i.peak_gbps.to_string(), "12.00");
        assert_eq!(i.peak_per_instance_gbps.to_string(), "6.00");
    });
}

#[test]
fn the_notes_on_azs_without_a_nat_of_their_own_agree_with_how_many() {
    // 3 AZs with 2 gateways or instances leave 3 − 2 = 1 AZ without one; with 1, 2 AZs.
    for (devices, says) in [
        (
            2,
            [
                "1 of 3 AZs has no NAT gateway of its own: its traffic crosses AZs (the cross-AZ line), and it loses egress when the AZ whose gateway it uses fails",
                "1 of 3 AZs has no NAT instance of its own: its traffic crosses AZs (the cross-AZ line), and it loses egress when the instance it uses, or its AZ, fails",
            ],
        ),
        (
            1,
            [
                "2 of 3 AZs have no NAT gateway of their own: their traffic crosses AZs (the cross-AZ line), and they lose egress when the AZ whose gateway they use fails",
                "2 of 3 AZs have no NAT instance of their own: their traffic crosses AZs (the cross-AZ line), and they lose egress when the instance they use, or its AZ, fails",
            ],
        ),
    ] {
        let query = format!(
            "region=us-east-1&monthly_gb=2000&azs=3&nat_gateways={devices}&nat_instances={devices}"
        );
        run(&query, |c| {
            for (id, says) in ["nat_gateway", "nat_instance"].into_iter().zip(says) {
                let o = c.options.iter().find(|o| o.id == id).expect("option");
                let notes: Vec<String> = o.notes.iter().map(|m| m.to_string()).collect();
                assert!(notes.iter().any(|n| n.contains(says)), "{id}: {notes:?}");
            }
        });
    }
}
