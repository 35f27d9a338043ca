//! The record layout a header names (fields in any order, v2–v7), and one record read by byte splitting.

use std::net::{IpAddr, Ipv4Addr};

use super::FlowLogError;

/// The fields the measurement reads, in slot order.
pub(crate) const SLOT_NAMES: [&str; 12] = [
    "interface-id",
    "srcaddr",
    "dstaddr",
    "bytes",
    "start",
    "end",
    "action",
    "log-status",
    "region",
    "flow-direction",
    "ecs-service-name",
    "ecs-task-id",
];
const INTERFACE: usize = 0;
const SRC: usize = 1;
const DST: usize = 2;
const BYTES: usize = 3;
const START: usize = 4;
const END: usize = 5;
const ACTION: usize = 6;
const STATUS: usize = 7;
const REGION: usize = 8;
const DIRECTION: usize = 9;
const ECS_SERVICE: usize = 10;
const ECS_TASK: usize = 11;
const NONE: u8 = u8::MAX;

/// Every field name AWS documents for flow logs v2–v7 (to tell a flow log from another file).
const KNOWN: [&str; 40] = [
    "version",
    "account-id",
    "interface-id",
    "srcaddr",
    "dstaddr",
    "srcport",
    "dstport",
    "protocol",
    "packets",
    "bytes",
    "start",
    "end",
    "action",
    "log-status",
    "vpc-id",
    "subnet-id",
    "instance-id",
    "tcp-flags",
    "type",
    "pkt-srcaddr",
    "pkt-dstaddr",
    "region",
    "az-id",
    "sublocation-type",
    "sublocation-id",
    "pkt-src-aws-service",
    "pkt-dst-aws-service",
    "flow-direction",
    "traffic-path",
    "ecs-cluster-arn",
    "ecs-cluster-name",
    "ecs-container-instance-arn",
    "ecs-container-instance-id",
    "ecs-container-id",
    "ecs-second-container-id",
    "ecs-service-name",
    "ecs-task-definition-arn",
    "ecs-task-arn",
    "ecs-task-id",
    "reject-reason",
];

/// Which column holds which slot, from a header line (or a Parquet schema).
#[derive(Clone, Debug)]
pub(crate) struct Layout {
    /// For each column, its slot or `NONE`.
    map: Vec<u8>,
}

impl Layout {
    /// Reads field names (text header: `bytes srcaddr …`; Parquet names with `_` are given as `-`).
    pub(crate) fn from_names<'a>(
        names: impl Iterator<Item = &'a str>,
        file: &str,
        line: u64,
    ) -> Result<Layout, FlowLogError> {
        let mut map = Vec::new();
        let mut has = [false; 12];
        let mut known = 0;
        let mut first_unknown = None;
        for name in names {
            let slot = SLOT_NAMES.iter().position(|s| *s == name);
            if KNOWN.contains(&name) {
                known += 1;
            } else if first_unknown.is_none() {
                first_unknown = Some(name.to_owned());
            }
            match slot {
                Some(s) if !has[s] => {
                    has[s] = true;
                    map.push(s as u8);
                }
                _ => map.push(NONE),
            }
        }
        if known == 0 || first_unknown.is_some() && known < 2 {
            return Err(FlowLogError::NotAFlowLog {
                file: file.to_owned(),
                line,
                reason: format!(
                    "the first line names no flow-log fields (e.g. `{}`), expected a header such as `version account-id interface-id srcaddr …`",
                    first_unknown
                        .unwrap_or_default()
                        .chars()
                        .take(40)
                        .collect::<String>()
                ),
            });
        }
        for s in [BYTES, SRC, DST, START, END] {
            if !has[s] {
                return Err(FlowLogError::MissingField {
                    file: file.to_owned(),
                    line,
                    field: SLOT_NAMES[s],
                });
            }
        }
        Ok(Layout { map })
    }

    pub(crate) fn columns(&self) -> usize {
        self.map.len()
    }

    /// The slot of column `i`, if the measurement reads it.
    #[inline]
    pub(crate) fn slot(&self, column: usize) -> Option<usize> {
        match self.map.get(column) {
            Some(&s) if s != NONE => Some(s as usize),
            _ => None,
        }
    }
}

/// A record's status (`log-status`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Status {
    #[default]
    Ok,
    NoData,
    SkipData,
}

/// `flow-direction` (v5+), when present.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Direction {
    #[default]
    Unknown,
    Ingress,
    Egress,
}

/// One record, with the fields the measurement reads; text fields borrow the line.
#[derive(Clone, Debug, Default)]
pub(crate) struct Rec<'a> {
    pub(crate) interface: &'a [u8],
    pub(crate) src: Option<IpAddr>,
    pub(crate) dst: Option<IpAddr>,
    pub(crate) bytes: Option<u64>,
    pub(crate) start: Option<i64>,
    pub(crate) end: Option<i64>,
    pub(crate) status: Status,
    pub(crate) reject: bool,
    /// Empty when absent or `-`.
    pub(crate) region: &'a [u8],
    pub(crate) direction: Direction,
    /// Empty when absent or `-`.
    pub(crate) ecs_service: &'a [u8],
    /// Whether the record is from an ECS task's interface (an `ecs-task-id` or `ecs-service-name`).
    pub(crate) ecs_task: bool,
}

/// Where a field came from, for error messages.
pub(crate) struct At<'f> {
    pub(crate) file: &'f str,
    pub(crate) line: u64,
}

impl At<'_> {
    fn number(&self, slot: usize, value: &[u8]) -> FlowLogError {
        FlowLogError::NotANumber {
            file: self.file.to_owned(),
            line: self.line,
            field: SLOT_NAMES[slot].to_owned(),
            value: String::from_utf8_lossy(value).chars().take(60).collect(),
        }
    }

    fn address(&self, slot: usize, value: &[u8]) -> FlowLogError {
        FlowLogError::NotAnAddress {
            file: self.file.to_owned(),
            line: self.line,
            field: SLOT_NAMES[slot].to_owned(),
            value: String::from_utf8_lossy(value).chars().take(60).collect(),
        }
    }
}

#[inline]
fn parse_u64(s: &[u8]) -> Option<u64> {
    if s.is_empty() || s.len() > 20 {
        return None;
    }
    let mut n: u64 = 0;
    for &b in s {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(d))?;
    }
    Some(n)
}

#[inline]
fn parse_ipv4(s: &[u8]) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut i = 0;
    let mut cur: u32 = 0;
    let mut digits = 0;
    for &b in s {
        if b == b'.' {
            if digits == 0 || i == 3 {
                return None;
            }
            octets[i] = cur as u8;
            i += 1;
            cur = 0;
            digits = 0;
        } else {
            let d = b.wrapping_sub(b'0');
            if d > 9 || digits == 3 {
                return None;
            }
            cur = cur * 10 + u32::from(d);
            if cur > 255 {
                return None;
            }
            digits += 1;
        }
    }
    if i != 3 || digits == 0 {
        return None;
    }
    octets[3] = cur as u8;
    Some(Ipv4Addr::from(octets))
}

/// An address field: `-` is none; IPv4 parsed by hand, IPv6 by the standard library (no allocation).
#[inline]
pub(crate) fn parse_addr(s: &[u8]) -> Option<Option<IpAddr>> {
    if s == b"-" {
        return Some(None);
    }
    if s.contains(&b':') {
        let text = std::str::from_utf8(s).ok()?;
        return text
            .parse::<std::net::Ipv6Addr>()
            .ok()
            .map(|a| Some(IpAddr::V6(a)));
    }
    parse_ipv4(s).map(|a| Some(IpAddr::V4(a)))
}

fn opt_text(s: &[u8]) -> &[u8] {
    if s == b"-" { b"" } else { s }
}

/// Fills a record from the raw bytes of its slots (`-` where absent).
pub(crate) fn rec_from_slots<'a>(v: &[&'a [u8]; 12], at: &At<'_>) -> Result<Rec<'a>, FlowLogError> {
    let num = |slot: usize| -> Result<Option<u64>, FlowLogError> {
        let s = v[slot];
        if s == b"-" {
            return Ok(None);
        }
        parse_u64(s).map(Some).ok_or_else(|| at.number(slot, s))
    };
    let time = |slot: usize| -> Result<Option<i64>, FlowLogError> {
        Ok(match num(slot)? {
            None => None,
            Some(t) => Some(i64::try_from(t).map_err(|_| at.number(slot, v[slot]))?),
        })
    };
    let addr = |slot: usize| parse_addr(v[slot]).ok_or_else(|| at.address(slot, v[slot]));
    let status = match v[STATUS] {
        b"NODATA" => Status::NoData,
        b"SKIPDATA" => Status::SkipData,
        _ => Status::Ok,
    };
    let direction = match v[DIRECTION] {
        b"ingress" => Direction::Ingress,
        b"egress" => Direction::Egress,
        _ => Direction::Unknown,
    };
    let ecs_service = opt_text(v[ECS_SERVICE]);
    Ok(Rec {
        interface: opt_text(v[INTERFACE]),
        src: addr(SRC)?,
        dst: addr(DST)?,
        bytes: num(BYTES)?,
        start: time(START)?,
        end: time(END)?,
        status,
        reject: v[ACTION] == b"REJECT",
        region: opt_text(v[REGION]),
        direction,
        ecs_service,
        ecs_task: !ecs_service.is_empty() || !opt_text(v[ECS_TASK]).is_empty(),
    })
}

/// Splits one text line (no line ending) into the slots the layout reads; errors on a wrong field count.
#[inline]
pub(crate) fn split_line<'a>(
    layout: &Layout,
    line: &'a [u8],
    slots: &mut [&'a [u8]; 12],
    at: &At<'_>,
) -> Result<(), FlowLogError> {
    *slots = [b"-"; 12];
    let mut column = 0;
    let mut from = 0;
    for space in memchr::memchr_iter(b' ', line).chain(std::iter::once(line.len())) {
        if let Some(s) = layout.slot(column) {
            slots[s] = &line[from..space];
        }
        column += 1;
        from = space + 1;
    }
    if column != layout.columns() {
        return Err(FlowLogError::FieldCount {
            file: at.file.to_owned(),
            line: at.line,
            expected: layout.columns(),
            found: column,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_numbers_and_addresses() {
        assert_eq!(parse_u64(b"18446744073709551615"), Some(u64::MAX));
        assert_eq!(parse_u64(b"18446744073709551616"), None);
        assert_eq!(parse_u64(b"12a"), None);
        assert_eq!(parse_u64(b""), None);
        assert_eq!(
            parse_addr(b"10.0.0.1"),
            Some(Some("10.0.0.1".parse().unwrap()))
        );
        assert_eq!(
            parse_addr(b"2001:db8::1"),
            Some(Some("2001:db8::1".parse().unwrap()))
        );
        assert_eq!(parse_addr(b"-"), Some(None));
        for bad in [
            &b"10.0.0"[..],
            b"10.0.0.256",
            b"10.0.0.1.2",
            b"1..2.3",
            b"a.b.c.d",
            b"1.2.3.4444",
            b":::",
        ] {
            assert_eq!(parse_addr(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn header_checks() {
        let l = Layout::from_names("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status".split(' '), "f", 1).unwrap();
        assert_eq!(l.columns(), 14);
        assert_eq!(l.slot(9), Some(BYTES));
        let e =
            Layout::from_names("version srcaddr dstaddr start end".split(' '), "f", 1).unwrap_err();
        assert_eq!(
            e.to_string(),
            "f, line 1: the header has no `bytes` field, which the measurement needs"
        );
        let e = Layout::from_names("<html> <body>".split(' '), "f", 1).unwrap_err();
        assert!(
            e.to_string().starts_with("f, line 1: not a flow log"),
            "{e}"
        );
    }
}
