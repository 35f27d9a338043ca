//! Organisation scale: the CSV that the Athena (Trino) or DuckDB query in docs/flow-logs.md outputs,
//! read into the same totals as raw files.
//!
//! Columns (header required, any order): `region,direction,bytes,records,first_start,last_end,
//! nat_gateways,peak_minute_bytes,max_span_minutes`, and either `remote` (the remote address: this
//! crate classifies it with the same ip-ranges code as raw files) or `class,ip_version` (classified by
//! the query against an ip-ranges table). `class` is `s3`, `aws` or `internet`, `direction` `out` or
//! `in`, `ip_version` `4` or `6`; the last six columns are the same on every row.

use std::collections::HashMap;
use std::io::Read;

use super::derive::Totals;
use super::format::parse_addr;
use super::{FlowLogError, IpRanges};

const COLUMNS: [&str; 9] = [
    "region",
    "direction",
    "bytes",
    "records",
    "first_start",
    "last_end",
    "nat_gateways",
    "peak_minute_bytes",
    "max_span_minutes",
];

pub(crate) struct Aggregate {
    pub(crate) totals: Totals,
    pub(crate) records: u64,
    /// Whether rows named remote addresses (classified here) rather than classes.
    pub(crate) by_remote: bool,
}

pub(crate) fn read(
    name: &str,
    reader: impl Read,
    ranges: &IpRanges,
) -> Result<Aggregate, FlowLogError> {
    let err = |line: u64, reason: String| FlowLogError::Aggregate {
        file: name.to_owned(),
        line,
        reason,
    };
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(reader);
    let headers = csv.headers().map_err(|e| err(1, e.to_string()))?.clone();
    let mut index = HashMap::new();
    for c in COLUMNS {
        let i = headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(c))
            .ok_or_else(|| {
                err(
                    1,
                    format!("no `{c}` column (expected {})", COLUMNS.join(",")),
                )
            })?;
        index.insert(c, i);
    }
    let find = |c: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(c));
    let by_remote = match (find("remote"), find("class"), find("ip_version")) {
        (Some(i), _, _) => {
            index.insert("remote", i);
            true
        }
        (None, Some(c), Some(v)) => {
            index.insert("class", c);
            index.insert("ip_version", v);
            false
        }
        _ => {
            return Err(err(
                1,
                "neither a `remote` column nor `class` and `ip_version` columns".into(),
            ));
        }
    };
    let mut by_prefix = vec![[0u64; 4]; if by_remote { ranges.len() + 1 } else { 0 }];
    let mut t = Totals::default();
    let mut records = 0u64;
    let mut rows = 0u64;
    let (mut first, mut last) = (i64::MAX, i64::MIN);
    for (i, row) in csv.records().enumerate() {
        let line = i as u64 + 2;
        let row = row.map_err(|e| err(line, e.to_string()))?;
        let get = |c: &str| row.get(index[c]).unwrap_or("");
        let num = |c: &str| -> Result<u64, FlowLogError> {
            get(c).parse::<u64>().map_err(|_| FlowLogError::NotANumber {
                file: name.to_owned(),
                line,
                field: c.to_owned(),
                value: get(c).to_owned(),
            })
        };
        let region = get("region");
        if region.is_empty() {
            return Err(err(line, "empty `region`".into()));
        }
        if t.region.is_empty() {
            t.region = region.to_owned();
        } else if t.region != region {
            return Err(FlowLogError::RegionConflict {
                first: t.region.clone(),
                first_source: format!("{name}, line 2"),
                second: region.to_owned(),
                second_source: format!("{name}, line {line}"),
            });
        }
        let bytes = num("bytes")?;
        let dir = match get("direction") {
            "out" => 0,
            "in" => 2,
            other => {
                return Err(err(
                    line,
                    format!("`direction` is `{other}`, not out or in"),
                ));
            }
        };
        if by_remote {
            let remote = get("remote");
            let Some(Some(addr)) = parse_addr(remote.as_bytes()) else {
                return Err(FlowLogError::NotAnAddress {
                    file: name.to_owned(),
                    line,
                    field: "remote".into(),
                    value: remote.to_owned(),
                });
            };
            by_prefix[ranges.lookup(addr)][dir + usize::from(addr.is_ipv6())] += bytes;
        } else {
            let v6 = match get("ip_version") {
                "4" => 0,
                "6" => 1,
                other => return Err(err(line, format!("`ip_version` is `{other}`, not 4 or 6"))),
            };
            match get("class") {
                "s3" => t.s3 += bytes,
                "aws" => t.aws += bytes,
                "internet" => t.internet[dir + v6] += bytes,
                other => {
                    return Err(err(
                        line,
                        format!("`class` is `{other}`, not s3, aws or internet"),
                    ));
                }
            }
        }
        records += num("records")?;
        first = first.min(num("first_start")? as i64);
        last = last.max(num("last_end")? as i64);
        t.nat_seen = t.nat_seen.max(num("nat_gateways")? as u32);
        t.peak_bytes = t.peak_bytes.max(num("peak_minute_bytes")?);
        t.max_span_minutes = t.max_span_minutes.max(num("max_span_minutes")? as i64);
        rows += 1;
    }
    if rows == 0 || last <= first {
        return Err(FlowLogError::NoRecords { files: 1 });
    }
    if by_remote {
        super::classify(ranges, &by_prefix, &mut t);
    }
    t.first = first;
    t.last = last;
    t.region_how = format!("from the aggregate's `region` column in {name}");
    Ok(Aggregate {
        totals: t,
        records,
        by_remote,
    })
}
