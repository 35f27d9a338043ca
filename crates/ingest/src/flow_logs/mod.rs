//! VPC flow logs as AWS delivers them (S3 text gzip, Parquet) read into scenario fields: volume, S3 and
//! AWS-API shares, direction, IPv6, NAT gateways and peak, each with its derivation; and the same from
//! the aggregate an Athena or DuckDB query produces at organisation scale (see docs/flow-logs.md).
//!
//! What is counted: every record with a NAT gateway's private IP at one end and a public address at the
//! other (the gateway's *outside* leg, logged once, on the gateway's interface), plus the public
//! traffic of ECS task interfaces (records naming an `ecs-task-id`/`ecs-service-name`: public subnets,
//! gateway endpoints, egress-only internet gateways). The inside legs (task ↔ NAT private IP) carry
//! the same bytes and are not counted again; they give the ECS services' shares.

mod aggregate;
mod derive;
mod error;
mod format;
mod ip_ranges;
mod nat;
mod parquet;
mod paths;
mod read;
mod report;
mod tally;

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use egress_core::money::words::counted;

pub use error::FlowLogError;
pub use ip_ranges::{Class, IpRanges};
pub use nat::{NatGateway, NatGateways};
pub use report::{Coverage, EcsShare, FlowLogReport};

use derive::{Totals, fmt4, gb, percent, utc};
use read::{RegionTracker, Run};
use tally::Tally;

/// What a measurement needs besides the files.
#[derive(Clone, Debug)]
pub struct FlowLogOptions {
    /// The workload's region when neither the records (v4+ `region`) nor the paths name it. When they
    /// do and it differs, that is an error.
    pub region: Option<String>,
    /// Hours in the month the observed volume is scaled to (the planner's default is 730).
    pub hours: u32,
    /// The NAT gateways whose traffic is counted.
    pub nat: NatGateways,
    /// AWS's ip-ranges.json, loaded by the caller (`IpRanges::from_reader`); shared, so a server
    /// loads it once for every request.
    pub ip_ranges: Arc<IpRanges>,
}

impl FlowLogOptions {
    /// Options with the planner's 730-hour month and no region given.
    pub fn new(nat: NatGateways, ip_ranges: impl Into<Arc<IpRanges>>) -> Self {
        FlowLogOptions {
            region: None,
            hours: 730,
            nat,
            ip_ranges: ip_ranges.into(),
        }
    }
}

const COUNTING_RULE: &str = "Counted once per byte: each NAT gateway's outside leg (its private IP ↔ a public address), and the public traffic of ECS task interfaces; the inside legs (task ↔ NAT private IP) carry the same bytes and are not counted again.";

/// Reads flow-log files and directories (walked recursively; `.log.gz`, `.log`, `.parquet`), streaming,
/// and derives the scenario.
pub fn measure_paths(
    opts: &FlowLogOptions,
    paths: &[PathBuf],
) -> Result<FlowLogReport, FlowLogError> {
    let (files, ignored) = paths::collect(paths)?;
    let mut run = Run {
        ranges: &opts.ip_ranges,
        nat: &opts.nat,
        tally: Tally::new(&opts.ip_ranges, &opts.nat),
        region: RegionTracker::default(),
        files: 0,
    };
    for f in &files {
        run.read_file(f)?;
    }
    let Run {
        tally,
        region: tracker,
        files: nfiles,
        ..
    } = run;
    for (i, g) in opts.nat.gateways.iter().enumerate() {
        if !tally.nat_seen[i] {
            return Err(FlowLogError::NatNotSeen {
                gateway: g.id.clone(),
                ip: g.private_ips[0].to_string(),
            });
        }
    }
    let (region, region_how) = resolve_region(tracker, opts.region.as_deref())?;
    let (Some(first), Some(last)) = (tally.first, tally.last) else {
        return Err(FlowLogError::NoRecords { files: nfiles });
    };
    if last <= first {
        return Err(FlowLogError::NoRecords { files: nfiles });
    }

    let mut t = Totals {
        region: region.clone(),
        region_how,
        first,
        last,
        ..Totals::default()
    };
    classify(&opts.ip_ranges, &tally.by_prefix, &mut t);
    t.nat_given = opts.nat.len() as u32;
    t.nat_bytes = opts
        .nat
        .gateways
        .iter()
        .zip(&tally.nat_bytes)
        .map(|(g, b)| (g.id.clone(), *b))
        .collect();
    t.nat_seen = tally.nat_bytes.iter().filter(|b| **b > 0).count() as u32;
    if let Some((minute, bytes)) = tally.peak() {
        t.peak_minute = Some(minute);
        t.peak_bytes = bytes;
    }
    t.max_span_minutes = tally.max_span_minutes;
    t.notes.push(COUNTING_RULE.to_owned());
    t.notes.push(format!(
        "Addresses classified with ip-ranges.json of {} ({} prefixes): longest prefix, S3 before other services, EC2 and CloudFront as internet.",
        opts.ip_ranges.create_date(),
        opts.ip_ranges.len()
    ));
    t.notes.extend(opts.nat.notes.iter().cloned());
    if ignored > 0 {
        t.notes.push(format!(
            "Not read, as not flow logs by name: {} in the folders given.",
            counted(ignored, "file", "files")
        ));
    }
    // AWS writes SKIPDATA when it could not capture an interface's flows in an interval; one
    // such record can stand for many flows, so what was counted falls short by an unknown amount.
    if let Some(&n) = tally.skipped.get(tally::SKIPDATA) {
        t.notes.push(format!(
            "SKIPDATA in {}: AWS could not capture some flows of an interface in an interval (one record can stand for many), so the volume and the peak are lower bounds.",
            counted(n, "record", "records")
        ));
    }

    let derived = derive::derive(&t, opts.hours);
    let coverage = Coverage {
        files: nfiles,
        records: tally.records,
        skipped: tally
            .skipped
            .iter()
            .map(|(k, v)| ((*k).to_owned(), *v))
            .collect(),
        first: utc(first),
        last: utc(last),
        observed_hours: fmt4(t.observed_hours()),
        observed_gb: fmt4(gb(t.total())),
        ignored_files: ignored,
    };
    let ecs_total: u64 = tally.ecs.values().sum();
    let mut ecs_services: Vec<EcsShare> = tally
        .ecs
        .iter()
        .map(|(name, bytes)| EcsShare {
            service: String::from_utf8_lossy(name).into_owned(),
            bytes: *bytes,
            gb: fmt4(gb(*bytes)),
            percent: fmt4(percent(*bytes, ecs_total)),
        })
        .collect();
    ecs_services.sort_by(|a, b| {
        b.bytes
            .cmp(&a.bytes)
            .then_with(|| a.service.cmp(&b.service))
    });
    Ok(FlowLogReport {
        derived,
        coverage,
        ecs_services,
    })
}

/// Adds bytes counted per ip-ranges prefix (`[out v4, out v6, in v4, in v6]`, the last index for "in
/// no prefix") to the totals' classes, for the totals' region.
fn classify(ranges: &IpRanges, by_prefix: &[[u64; 4]], t: &mut Totals) {
    for (index, counts) in by_prefix.iter().enumerate() {
        let sum: u64 = counts.iter().sum();
        if sum == 0 {
            continue;
        }
        match ranges.class_of(index, &t.region) {
            Class::S3 => t.s3 += sum,
            Class::Aws => t.aws += sum,
            Class::Internet => {
                for (total, count) in t.internet.iter_mut().zip(counts) {
                    *total += count;
                }
                if ranges.entry(index).is_some_and(|e| e.service == "S3") {
                    t.s3_elsewhere += sum;
                }
            }
        }
    }
}

fn resolve_region(
    tracker: RegionTracker,
    option: Option<&str>,
) -> Result<(String, String), FlowLogError> {
    match (tracker.found, option) {
        (Some((r, source)), Some(o)) if r != o => Err(FlowLogError::RegionConflict {
            first: r,
            first_source: source,
            second: o.to_owned(),
            second_source: "the region option".into(),
        }),
        (Some((r, source)), _) => Ok((r, format!("from {source}"))),
        (None, Some(o)) => Ok((
            o.to_owned(),
            "as given: no record or file path names a region".into(),
        )),
        (None, None) => Err(FlowLogError::NoRegion),
    }
}

/// Reads the CSV the organisation-scale query in docs/flow-logs.md outputs and derives the same fields.
/// `name` is used in errors. The region option, when given, must match the CSV's.
pub fn measure_aggregate(
    opts: &FlowLogOptions,
    name: &str,
    reader: impl Read,
) -> Result<FlowLogReport, FlowLogError> {
    let agg = aggregate::read(name, reader, &opts.ip_ranges)?;
    let mut t = agg.totals;
    if let Some(o) = opts.region.as_deref()
        && o != t.region
    {
        return Err(FlowLogError::RegionConflict {
            first: t.region,
            first_source: name.to_owned(),
            second: o.to_owned(),
            second_source: "the region option".into(),
        });
    }
    t.notes.push(COUNTING_RULE.to_owned());
    t.notes.push(if agg.by_remote {
        format!(
            "Remote addresses classified with ip-ranges.json of {} ({} prefixes): longest prefix, S3 before other services, EC2 and CloudFront as internet.",
            opts.ip_ranges.create_date(),
            opts.ip_ranges.len()
        )
    } else {
        "Classified by the query (see docs/flow-logs.md) against the ip-ranges table it was given.".into()
    });
    let derived = derive::derive(&t, opts.hours);
    let coverage = Coverage {
        files: 1,
        records: agg.records,
        skipped: Default::default(),
        first: utc(t.first),
        last: utc(t.last),
        observed_hours: fmt4(t.observed_hours()),
        observed_gb: fmt4(gb(t.total())),
        ignored_files: 0,
    };
    Ok(FlowLogReport {
        derived,
        coverage,
        ecs_services: Vec::new(),
    })
}
