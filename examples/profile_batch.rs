//! Prices an NDJSON file of scenarios through the batch endpoint's per-line
//! work (parse, compare, summary JSON) in process, for timing and for
//! `valgrind --tool=callgrind`. Run: `cargo build --release --example
//! profile_batch`, then `target/release/examples/profile_batch FILE [full]`.

use egress_planner::http::batch::{Detail, answer};
use egress_planner::pricing::PricingTable;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("an NDJSON file of scenarios");
    let detail = if args.any(|a| a == "full") {
        Detail::Full
    } else {
        Detail::Summary
    };
    let table = PricingTable::bundled().expect("bundled table");
    let input = std::fs::read(&path).expect("readable file");
    let lines: Vec<&[u8]> = input
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let (mut out, mut scratch) = (Vec::new(), Vec::new());
    let start = Instant::now();
    for (index, line) in lines.iter().enumerate() {
        answer(&mut out, &mut scratch, index, line, detail, &table);
        out.push(b'\n');
    }
    let elapsed = start.elapsed();
    if std::env::var_os("SPLIT").is_some() {
        use egress_planner::scenario::Scenario;
        let t = Instant::now();
        let parsed: Vec<Scenario> = lines
            .iter()
            .filter_map(|l| Scenario::from_json(l, &table).ok())
            .collect();
        let parse = t.elapsed();
        let t = Instant::now();
        for s in &parsed {
            std::hint::black_box(egress_planner::engine::compare(s, &table).ok());
        }
        let compare = t.elapsed();
        println!(
            "parse {:.2} µs, compare {:.2} µs each",
            parse.as_secs_f64() * 1e6 / lines.len() as f64,
            compare.as_secs_f64() * 1e6 / lines.len() as f64
        );
    }
    println!(
        "{} scenarios in {:.3} s: {:.2} µs each, {:.0} per second, {} bytes out",
        lines.len(),
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e6 / lines.len() as f64,
        lines.len() as f64 / elapsed.as_secs_f64(),
        out.len()
    );
}
