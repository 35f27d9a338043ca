//! A fixed batch of comparisons (and their JSON) for `valgrind --tool=callgrind`:
//! instruction counts are repeatable where wall-clock timings on these
//! machines are not. Run: `cargo build --release --example profile_engine`
//! then `valgrind --tool=callgrind target/release/examples/profile_engine [json|costs]`
//! (`costs`: the options priced alone, as batch summaries, sweeps and charts price them).

use egress_planner::engine::{compare, price_options};
use egress_planner::pricing::PricingTable;
use egress_planner::scenario::Scenario;
use std::hint::black_box;

fn main() {
    let with_json = std::env::args().any(|a| a == "json");
    let costs_only = std::env::args().any(|a| a == "costs");
    let table = PricingTable::bundled().expect("bundled table");
    let scenarios: Vec<Scenario> = (0..64u32)
        .map(|i| {
            let s3 = (i * 7) % 60;
            let query = format!(
                "region={}&monthly_gb={}&s3_percent={s3}&aws_percent={}&interface_endpoints={}&azs={}&nat_gateways={}&public_ips={}&peak_gbps={}",
                table.regions[i as usize % table.regions.len()].code,
                (i + 1) * 7919 % 500_000,
                (i * 13) % (100 - s3),
                i % 6,
                1 + i % 3,
                1 + i % 4,
                i * 3,
                (i * 11) % 250
            );
            Scenario::from_query(&query, &table).expect("valid")
        })
        .collect();
    let mut bytes = 0;
    for round in 0..1000 {
        if costs_only {
            let priced = price_options(black_box(&scenarios[round % scenarios.len()]), &table)
                .expect("prices");
            black_box(&priced);
            continue;
        }
        let comparison =
            compare(black_box(&scenarios[round % scenarios.len()]), &table).expect("computes");
        if with_json {
            bytes += serde_json::to_vec(&comparison).expect("serializes").len();
        }
        black_box(&comparison);
    }
    println!(
        "1000 {}{}",
        if costs_only {
            "pricings"
        } else {
            "comparisons"
        },
        if with_json {
            format!(", {bytes} bytes of JSON")
        } else {
            String::new()
        }
    );
}
