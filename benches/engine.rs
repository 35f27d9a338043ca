//! In-process benchmark of the engine alone: one comparison (or pricing
//! alone) per iteration, each a different scenario from a fixed, varied set.

use criterion::{Criterion, criterion_group, criterion_main};
use egress_planner::engine::{compare, price_options};
use egress_planner::pricing::PricingTable;
use egress_planner::scenario::Scenario;
use std::hint::black_box;

/// A fixed set of varied scenarios (regions, volumes, shares, AZ layouts).
pub fn scenarios(table: &PricingTable) -> Vec<Scenario> {
    (0..64u32)
        .map(|i| {
            let region = &table.regions[i as usize % table.regions.len()].code;
            let s3 = (i * 7) % 60;
            let aws = (i * 13) % (100 - s3);
            let query = format!(
                "region={region}&monthly_gb={}&s3_percent={s3}&aws_percent={aws}&outbound_percent={}&interface_endpoints={}&azs={}&nat_gateways={}&public_ips={}&peak_gbps={}",
                (i + 1) * 7919 % 500_000,
                (i * 17) % 100,
                i % 6,
                1 + i % 3,
                1 + i % 4,
                i * 3,
                (i * 11) % 250
            );
            Scenario::from_query(&query, table).expect("valid scenario")
        })
        .collect()
}

fn engine(c: &mut Criterion) {
    let table = PricingTable::bundled().unwrap();
    let scenarios = scenarios(&table);
    let mut i = 0;
    c.bench_function("engine::compare (one scenario)", |b| {
        b.iter(|| {
            i = (i + 1) % scenarios.len();
            black_box(compare(black_box(&scenarios[i]), &table).unwrap());
        })
    });
    c.bench_function("engine::price_options (one scenario, pricing alone)", |b| {
        b.iter(|| {
            i = (i + 1) % scenarios.len();
            black_box(price_options(black_box(&scenarios[i]), &table).unwrap());
        })
    });
    c.bench_function("compare + JSON (one scenario)", |b| {
        b.iter(|| {
            i = (i + 1) % scenarios.len();
            let comparison = compare(black_box(&scenarios[i]), &table).unwrap();
            black_box(serde_json::to_vec(&comparison).unwrap());
        })
    });
}

criterion_group!(benches, engine);
criterion_main!(benches);
