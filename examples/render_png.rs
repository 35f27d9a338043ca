//! Renders N card PNGs (1200 × 630) for different scenarios and reports the CPU time per card,
//! and where it goes. Run by `bench/png.sh`; or
//! `cargo run --release --example render_png` (`N=…`, default 200).

use egress_planner::engine;
use egress_planner::pricing::PricingTable;
use egress_planner::scenario::{Scenario, query_pairs};
use egress_render::images;
use egress_render::png::{self, Size};
use std::time::Duration;

/// CPU time of this thread so far (from /proc: the process has one thread here).
fn cpu() -> Duration {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    let ns = text
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    Duration::from_nanos(ns)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let n: u32 = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let table = PricingTable::bundled().expect("the bundled table");
    let regions = ["us-east-1", "eu-central-1", "ap-southeast-2", "eu-west-1"];
    let scenarios: Vec<Scenario> = (0..n)
        .map(|i| {
            let query = format!(
                "region={}&monthly_gb={}&s3_percent={}&peak_gbps={}",
                regions[i as usize % regions.len()],
                500 + i * 137,
                i % 60,
                1 + i % 20
            );
            Scenario::from_pairs(&query_pairs(&query), &table).expect("a scenario")
        })
        .collect();
    png::warm_up();
    let (mut total, mut bytes) = (Duration::ZERO, 0);
    for s in &scenarios {
        let c = engine::compare(s, &table).expect("a comparison");
        let start = cpu();
        let png = images::card_png(c.headline(), images::CARD_PNG_WIDTH).expect("a PNG");
        total += cpu() - start;
        bytes += png.len();
    }
    println!(
        "card PNG 1200x630: {:.2} ms CPU per card (mean of {n}), {} bytes on average",
        ms(total) / f64::from(n),
        bytes / n as usize
    );
    // Where the time goes, wall clock per stage on the same cards.
    let mut sum = [Duration::ZERO; 7];
    let mut sizes = [0usize; 3];
    for s in &scenarios {
        let c = engine::compare(s, &table).expect("a comparison");
        let start = std::time::Instant::now();
        let svg = images::card_png_svg(c.headline()).expect("the SVG");
        sum[0] += start.elapsed();
        let p = png::profile(&svg, Size::Canvas(1200, 630)).expect("a profile");
        for (slot, d) in sum[1..].iter_mut().zip([
            p.outline,
            p.parse,
            p.render,
            p.encode_fast,
            p.encode_balanced,
            p.encode_tiny_skia,
        ]) {
            *slot += d;
        }
        for (slot, b) in sizes.iter_mut().zip(p.bytes) {
            *slot += b;
        }
    }
    let per = |d: Duration| ms(d) / f64::from(n);
    println!("  SVG template            {:6.2} ms", per(sum[0]));
    println!("  text as outlines        {:6.2} ms", per(sum[1]));
    println!("  parse (usvg)            {:6.2} ms", per(sum[2]));
    println!("  draw (tiny-skia)        {:6.2} ms", per(sum[3]));
    println!(
        "  encode RGB, Fast        {:6.2} ms  {:>7} B   <- served",
        per(sum[4]),
        sizes[0] / n as usize
    );
    println!(
        "  encode RGB, Balanced    {:6.2} ms  {:>7} B",
        per(sum[5]),
        sizes[1] / n as usize
    );
    println!(
        "  encode RGBA, tiny-skia  {:6.2} ms  {:>7} B",
        per(sum[6]),
        sizes[2] / n as usize
    );
    let mut chart_cpu = Duration::ZERO;
    for s in scenarios.iter().take(50) {
        let c = engine::compare(s, &table).expect("a comparison");
        let start = cpu();
        images::chart_png(
            c.headline(),
            &table,
            egress_render::chart::Layout::Wide,
            1200,
        )
        .expect("a PNG");
        chart_cpu += cpu() - start;
    }
    println!(
        "chart PNG 1200 wide: {:.2} ms CPU per chart (mean of {})",
        ms(chart_cpu) / f64::from(n.min(50)),
        n.min(50)
    );
}
