//! The running totals: which records count, bytes by remote prefix and direction, minutes, gateways.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::net::IpAddr;

use super::format::{Direction, Rec, Status};
use super::ip_ranges::IpRanges;
use super::nat::NatGateways;

/// Skip reasons, as they appear in `coverage.skipped`.
pub(crate) const NODATA: &str = "NODATA";
pub(crate) const SKIPDATA: &str = "SKIPDATA";
pub(crate) const REJECT: &str = "REJECT";
pub(crate) const NAT_INSIDE: &str = "NAT gateway inside leg (counted on its outside leg)";
pub(crate) const PRIVATE: &str = "private traffic (no public end)";
pub(crate) const NOT_TASK: &str =
    "public traffic of an interface that is neither a NAT gateway nor an ECS task";
pub(crate) const NO_DIRECTION: &str = "both ends public and no flow-direction";
pub(crate) const NO_BYTES: &str = "no bytes or addresses ('-')";

/// Index into the per-prefix counters: outbound/inbound × IPv4/IPv6.
pub(crate) const OUT: usize = 0;
pub(crate) const IN: usize = 2;

/// A multiply-shift hasher for minute numbers (the standard SipHash is needlessly slow for i64 keys).
#[derive(Default)]
pub(crate) struct MinuteHasher(u64);

impl Hasher for MinuteHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_i64(&mut self, n: i64) {
        self.0 = (n as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
    }
}

/// What the records say so far.
pub(crate) struct Tally {
    pub(crate) records: u64,
    pub(crate) skipped: BTreeMap<&'static str, u64>,
    pub(crate) first: Option<i64>,
    pub(crate) last: Option<i64>,
    /// Per ip-ranges prefix (the last index: in no prefix), bytes `[out v4, out v6, in v4, in v6]`.
    pub(crate) by_prefix: Vec<[u64; 4]>,
    pub(crate) minutes: HashMap<i64, u64, BuildHasherDefault<MinuteHasher>>,
    pub(crate) max_span_minutes: i64,
    pub(crate) nat_bytes: Vec<u64>,
    pub(crate) nat_seen: Vec<bool>,
    /// Bytes on the egress path (NAT inside legs, or direct public traffic) by ECS service.
    pub(crate) ecs: HashMap<Box<[u8]>, u64>,
}

fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => {
            let o = a.octets();
            !(a.is_private()
                || a.is_loopback()
                || a.is_link_local()
                || a.is_unspecified()
                || a.is_broadcast()
                || a.is_multicast()
                || o[0] == 0
                || (o[0] == 100 && (o[1] & 0xC0) == 64))
        }
        IpAddr::V6(a) => {
            let s = a.segments();
            !(a.is_loopback()
                || a.is_unspecified()
                || a.is_multicast()
                || (s[0] & 0xFE00) == 0xFC00
                || (s[0] & 0xFFC0) == 0xFE80)
        }
    }
}

impl Tally {
    pub(crate) fn new(ranges: &IpRanges, nat: &NatGateways) -> Self {
        Tally {
            records: 0,
            skipped: BTreeMap::new(),
            first: None,
            last: None,
            by_prefix: vec![[0; 4]; ranges.len() + 1],
            minutes: HashMap::default(),
            max_span_minutes: 0,
            nat_bytes: vec![0; nat.len()],
            nat_seen: vec![false; nat.len()],
            ecs: HashMap::new(),
        }
    }

    fn skip(&mut self, reason: &'static str) {
        *self.skipped.entry(reason).or_insert(0) += 1;
    }

    fn skipped(&mut self, reason: &'static str) -> Result<(), String> {
        self.skip(reason);
        Ok(())
    }

    fn attribute_ecs(&mut self, r: &Rec<'_>, bytes: u64) {
        if r.ecs_service.is_empty() {
            return;
        }
        match self.ecs.get_mut(r.ecs_service) {
            Some(n) => *n += bytes,
            None => {
                self.ecs.insert(r.ecs_service.into(), bytes);
            }
        }
    }

    /// Adds one record. Errors are sentences about the record (the caller adds file and line).
    #[inline]
    pub(crate) fn add(
        &mut self,
        r: &Rec<'_>,
        ranges: &IpRanges,
        nat: &NatGateways,
    ) -> Result<(), String> {
        self.records += 1;
        if let (Some(start), Some(end)) = (r.start, r.end) {
            if end < start {
                return Err(format!("end {end} is before start {start}"));
            }
            self.first = Some(self.first.map_or(start, |f| f.min(start)));
            self.last = Some(self.last.map_or(end, |l| l.max(end)));
        }
        if !nat.is_empty()
            && let Some(g) = nat.by_interface(r.interface)
        {
            self.nat_seen[g] = true;
        }
        match r.status {
            Status::NoData => return self.skipped(NODATA),
            Status::SkipData => return self.skipped(SKIPDATA),
            Status::Ok => {}
        }
        let (Some(src), Some(dst), Some(bytes), Some(start), Some(end)) =
            (r.src, r.dst, r.bytes, r.start, r.end)
        else {
            return self.skipped(NO_BYTES);
        };
        let nat_src = nat.by_ip(src);
        let nat_dst = nat.by_ip(dst);
        for g in [nat_src, nat_dst].into_iter().flatten() {
            self.nat_seen[g] = true;
        }
        if r.reject {
            return self.skipped(REJECT);
        }
        // Which leg, which remote end, which direction (relative to the workload).
        let (remote, dir, gateway) = match (nat_src, nat_dst) {
            (Some(g), _) if is_public(dst) => (dst, OUT, Some(g)),
            (_, Some(g)) if is_public(src) => (src, IN, Some(g)),
            (Some(_), _) | (_, Some(_)) => {
                self.attribute_ecs(r, bytes);
                return self.skipped(NAT_INSIDE);
            }
            (None, None) => {
                let (sp, dp) = (is_public(src), is_public(dst));
                if !sp && !dp {
                    return self.skipped(PRIVATE);
                }
                if !r.ecs_task {
                    return self.skipped(NOT_TASK);
                }
                match (sp, dp, r.direction) {
                    (false, true, _) | (true, true, Direction::Egress) => (dst, OUT, None),
                    (true, false, _) | (true, true, Direction::Ingress) => (src, IN, None),
                    _ => return self.skipped(NO_DIRECTION),
                }
            }
        };
        let v6 = usize::from(remote.is_ipv6());
        let prefix = ranges.lookup(remote);
        self.by_prefix[prefix][dir + v6] += bytes;
        if let Some(g) = gateway {
            self.nat_bytes[g] += bytes;
        } else {
            self.attribute_ecs(r, bytes);
        }
        self.spread(start, end, bytes)
    }

    /// Spreads a record's bytes evenly over the minutes it spans (a minute holds second 60·m to
    /// 60·m + 59; the end second itself is not counted unless start = end); the remainder of the
    /// integer division goes one byte each to the first minutes.
    fn spread(&mut self, start: i64, end: i64, bytes: u64) -> Result<(), String> {
        let first = start.div_euclid(60);
        let last = if end > start {
            (end - 1).div_euclid(60)
        } else {
            first
        };
        let n = last - first + 1;
        if n > 1440 {
            return Err(format!(
                "the record spans {n} minutes (start {start}, end {end}); flow-log records span at most 10"
            ));
        }
        self.max_span_minutes = self.max_span_minutes.max(n);
        let (q, r) = (bytes / n as u64, bytes % n as u64);
        for (i, m) in (first..=last).enumerate() {
            let add = q + u64::from((i as u64) < r);
            *self.minutes.entry(m).or_insert(0) += add;
        }
        Ok(())
    }

    /// The busiest minute and its bytes.
    pub(crate) fn peak(&self) -> Option<(i64, u64)> {
        self.minutes
            .iter()
            .map(|(m, b)| (*m, *b))
            .max_by_key(|(m, b)| (*b, -m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_addresses() {
        for p in ["8.8.8.8", "52.216.1.1", "2600:1f18::1", "100.128.0.1"] {
            assert!(is_public(p.parse().unwrap()), "{p}");
        }
        for p in [
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "100.64.0.1",
            "169.254.169.254",
            "fd00::1",
            "fe80::1",
        ] {
            assert!(!is_public(p.parse().unwrap()), "{p}");
        }
    }

    #[test]
    fn spreading_keeps_every_byte() {
        let ranges = IpRanges::from_reader(
            "r",
            &br#"{"createDate":"x","prefixes":[{"ip_prefix":"1.0.0.0/8","region":"r","service":"S3"}]}"#[..],
        )
        .unwrap();
        let mut t = Tally::new(&ranges, &NatGateways::default());
        // 1,000 bytes from second 30 to 630: minutes 0..=10 (the end second 630 is in minute 10, and
        // 629 too), 11 minutes: 1000 = 11 × 90 + 10, so the first 10 minutes get 91, the last 90.
        t.spread(30, 630, 1000).unwrap();
        assert_eq!(t.minutes.len(), 11);
        assert_eq!(t.minutes[&0], 91);
        assert_eq!(t.minutes[&10], 90);
        assert_eq!(t.minutes.values().sum::<u64>(), 1000);
        // 60 to 120 is exactly minute 1.
        t.spread(60, 120, 7).unwrap();
        assert_eq!(t.minutes[&1], 98);
        assert_eq!(t.peak(), Some((1, 98)));
    }
}
