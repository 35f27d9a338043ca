//! Measures flow logs and prints the report (text, or JSON with `--json`) and the throughput.
//!
//! `measure_flow_logs --ip-ranges FILE (--nat-json FILE | --nat-ip IP…) [--region R] [--hours H]
//! [--json] [--aggregate CSV] PATH…`

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use egress_ingest::flow_logs::{
    FlowLogOptions, IpRanges, NatGateways, measure_aggregate, measure_paths,
};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (
        mut ranges,
        mut nat_json,
        mut nat_ips,
        mut region,
        mut hours,
        mut json,
        mut aggregate,
        mut paths,
    ) = (None, None, Vec::new(), None, 730, false, None, Vec::new());
    while let Some(a) = args.next() {
        match a.as_str() {
            "--ip-ranges" => ranges = args.next(),
            "--nat-json" => nat_json = args.next(),
            "--nat-ip" => nat_ips.push(args.next().ok_or("--nat-ip needs an IP")?.parse()?),
            "--region" => region = args.next(),
            "--hours" => hours = args.next().ok_or("--hours needs a number")?.parse()?,
            "--json" => json = true,
            "--aggregate" => aggregate = args.next(),
            _ => paths.push(PathBuf::from(a)),
        }
    }
    let ranges_path = ranges.ok_or("--ip-ranges FILE is required")?;
    let ip_ranges = IpRanges::from_reader(&ranges_path, std::fs::File::open(&ranges_path)?)?;
    let nat = match nat_json {
        Some(p) => NatGateways::from_describe_json(&p, std::fs::File::open(&p)?)?,
        None => NatGateways::from_private_ips(&nat_ips),
    };
    let opts = FlowLogOptions {
        region,
        hours,
        ..FlowLogOptions::new(nat, ip_ranges)
    };
    let started = Instant::now();
    let report = match aggregate {
        Some(p) => measure_aggregate(&opts, &p, std::fs::File::open(&p)?)?,
        None => measure_paths(&opts, &paths)?,
    };
    let secs = started.elapsed().as_secs_f64();
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.to_text());
    }
    let records = report.coverage.records as f64;
    eprintln!(
        "measured {} records in {:.2} s: {:.0} records/s",
        report.coverage.records,
        secs,
        records / secs.max(1e-9)
    );
    Ok(())
}
