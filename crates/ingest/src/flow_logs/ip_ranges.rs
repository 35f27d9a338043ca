//! AWS's ip-ranges.json: which service and region a remote address belongs to (longest-prefix match).

use std::io::Read;
use std::net::IpAddr;

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use prefix_trie::PrefixMap;
use serde::Deserialize;

use super::FlowLogError;

/// What a remote address is, for the scenario, once the workload's region is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    /// Amazon S3 in the workload's region: gateway-endpoint traffic (`s3_percent`).
    S3,
    /// Another AWS service's API in the workload's region (`aws_percent`).
    Aws,
    /// Everything else: the internet, EC2 and CloudFront addresses, AWS in other regions.
    Internet,
}

/// One distinct prefix of the file:  the service that ranks first among those listed for it.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub(crate) service: String,
    pub(crate) region: String,
}

/// A loaded ip-ranges.json: every IPv4 and IPv6 prefix with its best-ranked service and region.
#[derive(Clone, Debug)]
pub struct IpRanges {
    create_date: String,
    entries: Vec<Entry>,
    v4: PrefixMap<Ipv4Net, u32>,
    v6: PrefixMap<Ipv6Net, u32>,
}

#[derive(Deserialize)]
struct File {
    #[serde(rename = "createDate")]
    create_date: String,
    prefixes: Vec<V4>,
    #[serde(default)]
    ipv6_prefixes: Vec<V6>,
}

#[derive(Deserialize)]
struct V4 {
    ip_prefix: String,
    region: String,
    service: String,
}

#[derive(Deserialize)]
struct V6 {
    ipv6_prefix: String,
    region: String,
    service: String,
}

/// The rank of a service among those listed for one prefix: S3 first, then every other specific
/// service, then EC2, then AMAZON (the superset every prefix is also listed under).
fn rank(service: &str) -> u8 {
    match service {
        "S3" => 0,
        "AMAZON" => 3,
        "EC2" => 2,
        _ => 1,
    }
}

/// Services whose addresses are customers' or content delivery, not AWS APIs: internet traffic.
fn is_not_an_api(service: &str) -> bool {
    matches!(
        service,
        "EC2"
            | "CLOUDFRONT"
            | "CLOUDFRONT_ORIGIN_FACING"
            | "GLOBALACCELERATOR"
            | "ROUTE53_HEALTHCHECKS"
    )
}

impl IpRanges {
    /// Reads the ip-ranges.json at `path`; errors name the file.
    pub fn from_path(path: &std::path::Path) -> Result<Self, FlowLogError> {
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| {
            FlowLogError::beside(&name, "ip-ranges")(format!("cannot read the file: {e}"))
        })?;
        IpRanges::from_reader(&name, file)
    }

    /// Reads ip-ranges.json (`createDate`, `prefixes[].ip_prefix`, `ipv6_prefixes[].ipv6_prefix`, each
    /// with `region` and `service`). `name` is used in errors.
    pub fn from_reader(name: &str, reader: impl Read) -> Result<Self, FlowLogError> {
        let err = FlowLogError::beside(name, "ip-ranges");
        let file: File = serde_json::from_reader(std::io::BufReader::new(reader))
            .map_err(|e| err(format!("not AWS's ip-ranges.json format: {e}")))?;
        let mut ranges = IpRanges {
            create_date: file.create_date,
            entries: Vec::new(),
            v4: PrefixMap::new(),
            v6: PrefixMap::new(),
        };
        let v4 = file.prefixes.into_iter();
        let v4 = v4.map(|p| ("IPv4", p.ip_prefix, p.service, p.region));
        let v6 = file.ipv6_prefixes.into_iter();
        let v6 = v6.map(|p| ("IPv6", p.ipv6_prefix, p.service, p.region));
        for (family, prefix, service, region) in v4.chain(v6) {
            let next = ranges.entries.len() as u32;
            let id = match (family, prefix.parse()) {
                ("IPv4", Ok(IpNet::V4(net))) => *ranges.v4.entry(net.trunc()).or_insert(next),
                ("IPv6", Ok(IpNet::V6(net))) => *ranges.v6.entry(net.trunc()).or_insert(next),
                _ => return Err(err(format!("`{prefix}` is not an {family} prefix"))),
            };
            ranges.add(id, service, region);
        }
        if ranges.entries.is_empty() {
            return Err(err("no prefixes".into()));
        }
        Ok(ranges)
    }

    fn add(&mut self, id: u32, service: String, region: String) {
        let id = id as usize;
        if id == self.entries.len() {
            self.entries.push(Entry { service, region });
        } else if rank(&service) < rank(&self.entries[id].service) {
            self.entries[id].service = service;
            self.entries[id].region = region;
        }
    }

    /// The file's `createDate` (`yyyy-mm-dd-hh-mm-ss`), to say which snapshot classified the traffic.
    pub fn create_date(&self) -> &str {
        &self.create_date
    }

    /// The number of distinct prefixes (IPv4 and IPv6).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no prefixes (never true for a loaded file).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The index of the longest prefix holding `addr`, if any: `len()` stands for "in no prefix".
    pub(crate) fn lookup(&self, addr: IpAddr) -> usize {
        let hit = match addr {
            IpAddr::V4(a) => self.v4.get_lpm(&Ipv4Net::from(a)).map(|(_, id)| *id),
            IpAddr::V6(a) => self.v6.get_lpm(&Ipv6Net::from(a)).map(|(_, id)| *id),
        };
        hit.map_or(self.entries.len(), |id| id as usize)
    }

    pub(crate) fn entry(&self, index: usize) -> Option<&Entry> {
        self.entries.get(index)
    }

    /// The class of the prefix at `index` for a workload in `region`.
    pub(crate) fn class_of(&self, index: usize, region: &str) -> Class {
        match self.entries.get(index) {
            None => Class::Internet,
            Some(e) if e.region != region || is_not_an_api(&e.service) => Class::Internet,
            Some(e) if e.service == "S3" => Class::S3,
            Some(_) => Class::Aws,
        }
    }

    /// Classifies one address for a workload in `region` (longest prefix, best-ranked service).
    pub fn classify(&self, addr: IpAddr, region: &str) -> Class {
        self.class_of(self.lookup(addr), region)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The crate's small ip-ranges file of its own (not AWS's), shared with its integration tests.
    const FILE: &str = include_str!("../../tests/data/ip-ranges.json");

    fn ranges() -> IpRanges {
        IpRanges::from_reader("t.json", FILE.as_bytes()).unwrap()
    }

    #[test]
    fn classifies_ipv4_and_ipv6_by_longest_prefix_then_service_rank() {
        let r = ranges();
        assert_eq!(r.create_date(), "2026-01-02-03-04-05");
        for (addr, region, class) in [
            // 52.216.0.0/15 is listed as AMAZON and S3: S3 ranks first.
            ("52.217.1.1", "us-east-1", Class::S3),
            // The longer 52.216.8.0/24 lists AMAZON only: the longest prefix wins, so an AWS API.
            ("52.216.8.9", "us-east-1", Class::Aws),
            // AMAZON+EC2: EC2 ranks above AMAZON, and EC2 is customers' instances: internet.
            ("3.5.1.1", "us-east-1", Class::Internet),
            // AMAZON+EC2+S3 in eu-west-1: S3, but for a us-east-1 workload it is another region: internet.
            ("16.15.157.1", "eu-west-1", Class::S3),
            ("16.15.157.1", "us-east-1", Class::Internet),
            ("13.33.0.1", "us-east-1", Class::Internet),
            ("8.8.8.8", "us-east-1", Class::Internet),
            // IPv6.
            ("2600:1fa0:8001::1", "us-east-1", Class::S3),
            ("2600:1f18::1", "us-east-1", Class::Aws),
            ("2001:db8::1", "us-east-1", Class::Internet),
        ] {
            assert_eq!(
                r.classify(addr.parse().unwrap(), region),
                class,
                "{addr} {region}"
            );
        }
    }

    #[test]
    fn bad_files_are_named() {
        let e = IpRanges::from_reader("x.json", &b"{}"[..])
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("x.json: ip-ranges:"), "{e}");
        let e = IpRanges::from_reader(
            "y.json",
            &br#"{"createDate":"x","prefixes":[{"ip_prefix":"nope","region":"r","service":"S3"}]}"#
                [..],
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("`nope` is not an IPv4 prefix"), "{e}");
    }
}
