//! The NAT gateways whose traffic is measured: from `aws ec2 describe-nat-gateways` JSON or a list of IPs.

use std::io::Read;
use std::net::IpAddr;

use serde::Deserialize;

use super::FlowLogError;

/// One NAT gateway: its id (or the IP when only IPs were given) and its private addresses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NatGateway {
    /// `nat-…` from the describe JSON, or the private IP as text when given by `--nat-ip`.
    pub id: String,
    /// Private IPs of the gateway (the first is the one named in errors).
    pub private_ips: Vec<IpAddr>,
    /// Public IPs (Elastic IPs), when known.
    pub public_ips: Vec<IpAddr>,
    /// Its network interfaces (`eni-…`), when known.
    pub interfaces: Vec<String>,
    /// Its subnet, when known.
    pub subnet: Option<String>,
}

/// The gateways whose processed bytes are counted. Private NAT gateways (`ConnectivityType: private`)
/// and deleted ones are left out when read from the describe JSON, and `notes` says so.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NatGateways {
    /// The gateways, in the order given.
    pub gateways: Vec<NatGateway>,
    /// Sentences for the derivation about gateways left out.
    pub notes: Vec<String>,
    v4: Vec<(u32, u32)>,
    v6: Vec<(u128, u32)>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Describe {
    nat_gateways: Vec<DescribeGateway>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeGateway {
    nat_gateway_id: String,
    #[serde(default)]
    subnet_id: Option<String>,
    #[serde(default)]
    connectivity_type: Option<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    nat_gateway_addresses: Vec<DescribeAddress>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeAddress {
    #[serde(default)]
    private_ip: Option<String>,
    #[serde(default)]
    public_ip: Option<String>,
    #[serde(default)]
    network_interface_id: Option<String>,
}

impl NatGateways {
    /// Reads the output of `aws ec2 describe-nat-gateways` (`NatGateways[].NatGatewayId`, `SubnetId`,
    /// `ConnectivityType`, `State`, `NatGatewayAddresses[].PrivateIp/PublicIp/NetworkInterfaceId`).
    pub fn from_describe_json(name: &str, reader: impl Read) -> Result<Self, FlowLogError> {
        let err = FlowLogError::beside(name, "NAT gateways");
        let d: Describe = serde_json::from_reader(std::io::BufReader::new(reader))
            .map_err(|e| err(format!("not describe-nat-gateways output: {e}")))?;
        let mut out = NatGateways::default();
        for g in d.nat_gateways {
            if g.connectivity_type.as_deref() == Some("private") {
                out.notes.push(format!(
                    "NAT gateway {} is a private NAT gateway (no internet egress): left out.",
                    g.nat_gateway_id
                ));
                continue;
            }
            if matches!(g.state.as_deref(), Some("deleted" | "deleting" | "failed")) {
                out.notes.push(format!(
                    "NAT gateway {} is {}: left out.",
                    g.nat_gateway_id,
                    g.state.as_deref().unwrap_or_default()
                ));
                continue;
            }
            let mut gw = NatGateway {
                id: g.nat_gateway_id.clone(),
                private_ips: Vec::new(),
                public_ips: Vec::new(),
                interfaces: Vec::new(),
                subnet: g.subnet_id,
            };
            for a in g.nat_gateway_addresses {
                for (ip, what, ips) in [
                    (a.private_ip, "PrivateIp", &mut gw.private_ips),
                    (a.public_ip, "PublicIp", &mut gw.public_ips),
                ] {
                    if let Some(ip) = ip {
                        ips.push(ip.parse().map_err(|_| {
                            let id = &g.nat_gateway_id;
                            err(format!("{id}: {what} `{ip}` is not an IP address"))
                        })?);
                    }
                }
                if let Some(eni) = a.network_interface_id
                    && !gw.interfaces.contains(&eni)
                {
                    gw.interfaces.push(eni);
                }
            }
            if gw.private_ips.is_empty() {
                return Err(err(format!("{} has no PrivateIp", g.nat_gateway_id)));
            }
            out.push(gw);
        }
        if out.gateways.is_empty() {
            return Err(err("no public NAT gateway in NatGateways".into()));
        }
        Ok(out)
    }

    /// Gateways known only by their private IPs (one gateway per IP).
    pub fn from_private_ips(ips: &[IpAddr]) -> Self {
        let mut out = NatGateways::default();
        for ip in ips {
            out.push(NatGateway {
                id: ip.to_string(),
                private_ips: vec![*ip],
                public_ips: Vec::new(),
                interfaces: Vec::new(),
                subnet: None,
            });
        }
        out
    }

    fn push(&mut self, gw: NatGateway) {
        let index = self.gateways.len() as u32;
        for ip in &gw.private_ips {
            match ip {
                IpAddr::V4(a) => self.v4.push((u32::from(*a), index)),
                IpAddr::V6(a) => self.v6.push((u128::from(*a), index)),
            }
        }
        self.gateways.push(gw);
    }

    /// The gateway whose private IP this is.
    #[inline]
    pub(crate) fn by_ip(&self, ip: IpAddr) -> Option<usize> {
        /// The gateway listed beside `address`.
        fn find<T: PartialEq>(list: &[(T, u32)], address: T) -> Option<usize> {
            list.iter()
                .find(|(x, _)| *x == address)
                .map(|(_, i)| *i as usize)
        }
        match ip {
            IpAddr::V4(a) => find(&self.v4, u32::from(a)),
            IpAddr::V6(a) => find(&self.v6, u128::from(a)),
        }
    }

    /// The gateway owning this network interface id.
    pub(crate) fn by_interface(&self, eni: &[u8]) -> Option<usize> {
        self.gateways
            .iter()
            .position(|g| g.interfaces.iter().any(|i| i.as_bytes() == eni))
    }

    /// The number of gateways.
    pub fn len(&self) -> usize {
        self.gateways.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.gateways.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_describe_json() {
        let json = r#"{"NatGateways":[
          {"NatGatewayId":"nat-a","SubnetId":"subnet-1","ConnectivityType":"public","State":"available",
           "NatGatewayAddresses":[{"AllocationId":"eipalloc-1","NetworkInterfaceId":"eni-a","PrivateIp":"10.0.0.10","PublicIp":"198.51.100.1","IsPrimary":true}]},
          {"NatGatewayId":"nat-p","ConnectivityType":"private","NatGatewayAddresses":[{"PrivateIp":"10.0.0.11"}]},
          {"NatGatewayId":"nat-d","State":"deleted","NatGatewayAddresses":[{"PrivateIp":"10.0.0.12"}]}]}"#;
        let n = NatGateways::from_describe_json("d.json", json.as_bytes()).unwrap();
        assert_eq!(n.len(), 1);
        assert_eq!(n.gateways[0].id, "nat-a");
        assert_eq!(n.gateways[0].subnet.as_deref(), Some("subnet-1"));
        assert_eq!(n.by_ip("10.0.0.10".parse().unwrap()), Some(0));
        assert_eq!(n.by_ip("10.0.0.11".parse().unwrap()), None);
        assert_eq!(n.by_interface(b"eni-a"), Some(0));
        assert_eq!(n.notes.len(), 2);
    }

    #[test]
    fn bad_describe_json_is_named() {
        let e = NatGateways::from_describe_json("d.json", &b"[]"[..])
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("d.json: NAT gateways: not describe-nat-gateways output"),
            "{e}"
        );
        let e = NatGateways::from_describe_json(
            "d.json",
            &br#"{"NatGateways":[{"NatGatewayId":"nat-x","NatGatewayAddresses":[{"PrivateIp":"10.0.0.300"}]}]}"#[..],
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("nat-x: PrivateIp `10.0.0.300` is not an IP address"),
            "{e}"
        );
    }
}
