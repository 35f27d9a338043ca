//! Usage types: the region prefix and the egress kinds the planner reads, and dates.

use egress_core::pricing::Date;
use serde::Serialize;

/// What a billed quantity measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuantityKind {
    /// `NatGateway-Hours`: zonal NAT gateway hours.
    NatGatewayHours,
    /// `NatGateway-Bytes`: GB processed by zonal NAT gateways.
    NatGatewayGb,
    /// `RegionalNatGateway-Hours`: regional NAT gateway hours, one per active AZ.
    RegionalNatGatewayHours,
    /// `RegionalNatGateway-Bytes`.
    RegionalNatGatewayGb,
    /// `VpcEndpoint-Hours`: interface endpoint hours, one per endpoint per AZ.
    EndpointHours,
    /// `VpcEndpoint-Bytes`: GB processed by interface endpoints.
    EndpointGb,
    /// `PublicIPv4:InUseAddress`: hours of public IPv4 addresses in use.
    PublicIpv4InUseHours,
    /// `PublicIPv4:IdleAddress`: hours of Elastic IPs allocated but not in use.
    PublicIpv4IdleHours,
    /// `DataTransfer-Regional-Bytes`: GB across AZs (billed in each direction).
    CrossAzGb,
    /// `DataTransfer-Out-Bytes`: GB out to the internet.
    InternetOutGb,
    /// `TransitGateway-Hours`: Transit Gateway attachment hours.
    TransitGatewayHours,
    /// `TransitGateway-Bytes`: GB processed by a Transit Gateway.
    TransitGatewayGb,
    /// Network Firewall `Endpoint-Hour`.
    FirewallEndpointHours,
    /// Network Firewall `Traffic-GB-Processed`.
    FirewallGb,
    /// Network Firewall `Advanced-Inspection-Traffic-GB-Processed`.
    FirewallAdvancedGb,
}

impl QuantityKind {
    /// The kind of a usage type without its region prefix; `product` is the product code when known.
    pub fn of(base: &str, product: Option<&str>) -> Option<Self> {
        use QuantityKind::*;
        let firewall = product.is_none_or(|p| p == "AWSNetworkFirewall");
        Some(match base {
            "NatGateway-Hours" => NatGatewayHours,
            "NatGateway-Bytes" => NatGatewayGb,
            "RegionalNatGateway-Hours" => RegionalNatGatewayHours,
            "RegionalNatGateway-Bytes" => RegionalNatGatewayGb,
            "VpcEndpoint-Hours" => EndpointHours,
            "VpcEndpoint-Bytes" => EndpointGb,
            "PublicIPv4:InUseAddress" => PublicIpv4InUseHours,
            "PublicIPv4:IdleAddress" => PublicIpv4IdleHours,
            "DataTransfer-Regional-Bytes" => CrossAzGb,
            "DataTransfer-Out-Bytes" => InternetOutGb,
            "TransitGateway-Hours" => TransitGatewayHours,
            "TransitGateway-Bytes" => TransitGatewayGb,
            "Endpoint-Hour" if firewall => FirewallEndpointHours,
            "Traffic-GB-Processed" if firewall => FirewallGb,
            "Advanced-Inspection-Traffic-GB-Processed" if firewall => FirewallAdvancedGb,
            _ => return None,
        })
    }

    pub fn unit(self) -> &'static str {
        use QuantityKind::*;
        match self {
            NatGatewayHours
            | RegionalNatGatewayHours
            | EndpointHours
            | PublicIpv4InUseHours
            | PublicIpv4IdleHours
            | TransitGatewayHours
            | FirewallEndpointHours => "Hrs",
            _ => "GB",
        }
    }
}

/// Usage-type prefixes and their regions (as in the bundled pricing table's usage types).
const PREFIXES: &[(&str, &str)] = &[
    ("USE1", "us-east-1"),
    ("USE2", "us-east-2"),
    ("USW1", "us-west-1"),
    ("USW2", "us-west-2"),
    ("CAN1", "ca-central-1"),
    ("CAW1", "ca-west-1"),
    ("EU", "eu-west-1"),
    ("EUW1", "eu-west-1"),
    ("EUW2", "eu-west-2"),
    ("EUW3", "eu-west-3"),
    ("EUC1", "eu-central-1"),
    ("EUC2", "eu-central-2"),
    ("EUN1", "eu-north-1"),
    ("EUS1", "eu-south-1"),
    ("EUS2", "eu-south-2"),
    ("APN1", "ap-northeast-1"),
    ("APN2", "ap-northeast-2"),
    ("APN3", "ap-northeast-3"),
    ("APS1", "ap-southeast-1"),
    ("APS2", "ap-southeast-2"),
    ("APS3", "ap-south-1"),
    ("APS4", "ap-southeast-3"),
    ("APS5", "ap-south-2"),
    ("APS6", "ap-southeast-4"),
    ("APS7", "ap-southeast-5"),
    ("APE1", "ap-east-1"),
    ("SAE1", "sa-east-1"),
    ("MES1", "me-south-1"),
    ("MEC1", "me-central-1"),
    ("AFS1", "af-south-1"),
    ("ILC1", "il-central-1"),
    ("UGW1", "us-gov-west-1"),
    ("UGE1", "us-gov-east-1"),
];

/// Splits a usage type into its region (from the prefix; none means us-east-1) and its base, when the base
/// is one the planner reads. An unknown prefix gives the region `None`.
pub fn split(
    usage_type: &str,
    product: Option<&str>,
) -> Option<(Option<&'static str>, QuantityKind)> {
    if let Some(kind) = QuantityKind::of(usage_type, product) {
        return Some((Some("us-east-1"), kind));
    }
    let (prefix, base) = usage_type.split_once('-')?;
    let kind = QuantityKind::of(base, product)?;
    Some((
        PREFIXES.iter().find(|(p, _)| *p == prefix).map(|(_, r)| *r),
        kind,
    ))
}

/// Hours since 1970-01-01T00:00Z of an ISO date or date-time (`2026-11-01`, `2026-11-01T00:00:00Z`,
/// `2026-11-01T00:00:00.000Z`, `2026-11-01 00:00:00`); offsets other than Z are not read.
pub fn hours_of(text: &str) -> Option<i64> {
    let t = text.trim();
    let (date, time) = match t.find(['T', ' ']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let mut parts = date.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let hour: i64 = match time {
        Some(tm) if !tm.is_empty() => tm.get(..2)?.parse().ok()?,
        _ => 0,
    };
    Some(Date::from_civil(y, m, d).days() * 24 + hour)
}

/// The date (`YYYY-MM-DD`) of an hour count since the epoch.
pub fn date_of(hours: i64) -> String {
    Date::from_days(hours.div_euclid(24)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_dates() {
        assert_eq!(
            split("NatGateway-Hours", None),
            Some((Some("us-east-1"), QuantityKind::NatGatewayHours))
        );
        assert_eq!(
            split("EU-NatGateway-Bytes", None),
            Some((Some("eu-west-1"), QuantityKind::NatGatewayGb))
        );
        assert_eq!(
            split("APN1-RegionalNatGateway-Hours", None),
            Some((
                Some("ap-northeast-1"),
                QuantityKind::RegionalNatGatewayHours
            ))
        );
        assert_eq!(split("USE1-EUC1-AWS-Out-Bytes", None), None);
        assert_eq!(split("USE1-Endpoint-Hour", Some("AmazonSageMaker")), None);
        // 1970-01-02T05 is 29 hours after the epoch.
        assert_eq!(hours_of("1970-01-02T05:00:00Z"), Some(29));
        assert_eq!(
            date_of(hours_of("2026-11-30T23:00:00Z").unwrap()),
            "2026-11-30"
        );
        // November 2026 has 30 days: 720 hours.
        assert_eq!(
            hours_of("2026-12-01").unwrap() - hours_of("2026-11-01").unwrap(),
            720
        );
    }
}
