//! The engine's ground floor: errors and checked arithmetic, traffic volumes
//! and shares, the paths traffic takes and the cross-AZ leg to a NAT in
//! another AZ. It imports nothing from the rest of the engine.

use crate::scenario::Scenario;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;

/// AWS's free data transfer out, GB per month, aggregated over the account
/// (`Global-DataTransfer-Out-Bytes`, 0–100 GB). Used only with `dto_free_tier`.
pub const DTO_FREE_GB: u32 = 100;

/// A computation that does not fit a decimal. Input ranges and the price cap
/// make this unreachable; it exists so that nothing can panic if they change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    /// A product or sum overflowed (or a division by zero).
    #[error("the figures are too large to compute ({what})")]
    Overflow {
        /// Which product or sum overflowed.
        what: &'static str,
    },
    /// The scenario's region is not in the table it is compared with.
    #[error("region not in this pricing table")]
    UnknownRegion,
    /// The scenario's `current` names no option.
    #[error("Architecture in place today must be one of the option ids ({known}); got {id:?}")]
    UnknownCurrent {
        /// What the scenario gave.
        id: String,
        /// The option ids, comma-separated.
        known: String,
    },
}

impl From<EngineError> for crate::scenario::FieldError {
    /// An engine error as the error of the field it names (or of no field).
    fn from(e: EngineError) -> crate::scenario::FieldError {
        match e.field() {
            Some(field) => crate::scenario::FieldError::new(field, e.to_string()),
            None => crate::scenario::FieldError::general(e.to_string()),
        }
    }
}

impl EngineError {
    /// The scenario field at fault, when one is.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            EngineError::UnknownCurrent { .. } => Some("current"),
            _ => None,
        }
    }
}

/// `a × b`, or an error naming what overflowed.
pub fn mul(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, EngineError> {
    a.checked_mul(b).ok_or(EngineError::Overflow { what })
}

/// `a ÷ b`, or an error naming what overflowed (or divided by zero).
pub fn div(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, EngineError> {
    a.checked_div(b).ok_or(EngineError::Overflow { what })
}

/// `a + b`, or an error naming what overflowed.
pub fn add(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, EngineError> {
    a.checked_add(b).ok_or(EngineError::Overflow { what })
}

/// 1/100 as a decimal: multiplying by it is exact and cheaper than dividing.
pub const PERCENT: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

/// `amount × percent ÷ 100`: a percentage of an amount.
pub fn percent_of(
    amount: Decimal,
    percent: Decimal,
    what: &'static str,
) -> Result<Decimal, EngineError> {
    mul(mul(amount, percent, what)?, PERCENT, what)
}

/// The cross-AZ leg of `amount` sent from tasks spread evenly over `azs`
/// AZs to `nats` NAT devices placed one per AZ: the share from AZs without
/// one, billed out of one AZ and into the other,
/// `2 × amount × (azs − nats) ÷ azs` (multiplied before dividing; zero when
/// every AZ has its own). `amount` is GB (the cross-AZ line's quantity),
/// dollars (`gb × cross_az_gb`: what that traffic pays) or a rate (the
/// leg's $ per GB routed).
pub fn cross_az_leg(amount: Decimal, azs: u32, nats: u32) -> Result<Decimal, EngineError> {
    if nats >= azs {
        return Ok(Decimal::ZERO);
    }
    let both_ways = mul(Decimal::TWO, amount, "cross-AZ leg")?;
    let crossing = mul(both_ways, Decimal::from(azs - nats), "cross-AZ leg")?;
    div(crossing, Decimal::from(azs), "cross-AZ leg")
}

/// The traffic volumes derived from the scenario's shares.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Volumes {
    /// GB per month to/from S3 in the region.
    #[serde(serialize_with = "crate::money::plain")]
    pub s3_gb: Decimal,
    /// GB per month to/from other AWS APIs.
    #[serde(serialize_with = "crate::money::plain")]
    pub aws_gb: Decimal,
    /// GB per month to/from the internet.
    #[serde(serialize_with = "crate::money::plain")]
    pub internet_gb: Decimal,
    /// GB per month leaving AWS to the internet (billed data transfer out).
    #[serde(serialize_with = "crate::money::plain")]
    pub internet_out_gb: Decimal,
    /// Of the internet GB, those reachable over IPv6.
    #[serde(serialize_with = "crate::money::plain")]
    pub ipv6_gb: Decimal,
}

impl Volumes {
    /// The volumes of a scenario.
    pub fn of(s: &Scenario) -> Result<Volumes, EngineError> {
        let s3_gb = percent_of(s.monthly_gb, s.s3_percent, "S3 volume")?;
        // Per-service traffic is given in GB: its sum, not a share of it.
        let aws_gb = match &s.services {
            Some(services) => services.iter().map(|t| t.gb).sum(),
            None => percent_of(s.monthly_gb, s.aws_percent, "AWS API volume")?,
        };
        let internet_gb = (s.monthly_gb - s3_gb - aws_gb).max(Decimal::ZERO);
        Ok(Volumes {
            s3_gb,
            aws_gb,
            internet_gb,
            internet_out_gb: percent_of(internet_gb, s.outbound_percent, "outbound volume")?,
            ipv6_gb: percent_of(internet_gb, s.ipv6_percent, "IPv6 volume")?,
        })
    }
}

/// The scenario's traffic by kind, percent of all traffic. It reads only
/// the percentages, so it is defined when `monthly_gb` is zero.
#[derive(Debug, Clone, Copy)]
pub struct Shares {
    /// S3 in the region.
    pub s3: Decimal,
    /// Other AWS APIs.
    pub aws: Decimal,
    /// Internet traffic over IPv4.
    pub internet_ipv4: Decimal,
    /// Internet traffic whose destinations speak IPv6.
    pub ipv6: Decimal,
}

impl Shares {
    /// The shares of a scenario.
    pub fn of(s: &Scenario) -> Shares {
        let internet = (Decimal::ONE_HUNDRED - s.s3_percent - s.aws_percent).max(Decimal::ZERO);
        let ipv6 = internet * s.ipv6_percent * PERCENT;
        Shares {
            s3: s.s3_percent,
            aws: s.aws_percent,
            internet_ipv4: internet - ipv6,
            ipv6,
        }
    }
}

/// What a [`Path`] is: a name and whether it translates addresses. Each is
/// a `static`, so that a path is its address.
#[derive(Debug)]
pub struct Way {
    /// What it is, for people reading the code and debug output.
    name: &'static str,
    /// It translates addresses for private tasks (a NAT).
    nat: bool,
}

impl Way {
    /// A way that does not translate addresses.
    pub const fn new(name: &'static str) -> Way {
        Way { name, nat: false }
    }

    /// A way that translates addresses for private tasks: the break-even
    /// and public-vs-NAT analyses treat it as a NAT.
    pub const fn nat(name: &'static str) -> Way {
        Way { name, nat: true }
    }
}

static NAT_GATEWAY: Way = Way::nat("NAT gateway");
static S3_GATEWAY_ENDPOINT: Way = Way::new("S3 gateway endpoint");
static INTERFACE_ENDPOINT: Way = Way::new("interface endpoint");
static INTERNET_GATEWAY: Way = Way::new("internet gateway");
static NOTHING: Way = Way::new("nothing");

/// What carries one kind of traffic in an option: a pointer to a `static`
/// [`Way`], compared by address (one word, one comparison). The paths
/// several options or the analyses name are the constants here; a path only
/// one option takes is declared in that option's file:
/// `static MINE: Way = Way::nat("…"); const MY_PATH: Path = Path::of(&MINE);`.
#[derive(Clone, Copy)]
pub struct Path(&'static Way);

impl Path {
    /// Zonal NAT gateways.
    pub const NAT_GATEWAY: Path = Path(&NAT_GATEWAY);
    /// The free S3 gateway endpoint.
    pub const S3_GATEWAY_ENDPOINT: Path = Path(&S3_GATEWAY_ENDPOINT);
    /// Interface endpoints (PrivateLink).
    pub const INTERFACE_ENDPOINT: Path = Path(&INTERFACE_ENDPOINT);
    /// The internet gateway, from tasks with public IPv4 addresses.
    pub const INTERNET_GATEWAY: Path = Path(&INTERNET_GATEWAY);
    /// Nothing: the traffic cannot flow.
    pub const NOTHING: Path = Path(&NOTHING);

    /// The path of a `static` way.
    pub const fn of(way: &'static Way) -> Path {
        Path(way)
    }

    /// True for the paths that translate addresses for private tasks.
    pub fn is_nat(self) -> bool {
        self.0.nat
    }

    /// What it is.
    pub fn name(self) -> &'static str {
        self.0.name
    }
}

impl PartialEq for Path {
    fn eq(&self, other: &Path) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Path {}

impl fmt::Debug for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name)
    }
}

/// Which path each kind of traffic takes in an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Routes {
    /// S3 in the region (ECR image layers too).
    pub s3: Path,
    /// Other AWS APIs.
    pub aws: Path,
    /// Internet traffic over IPv4.
    pub internet: Path,
    /// Internet traffic whose destinations speak IPv6.
    pub ipv6: Path,
}

impl Routes {
    /// S3 through the free gateway endpoint, everything else through `nat`.
    pub fn nat_with_s3_endpoint(nat: Path) -> Routes {
        Routes {
            s3: Path::S3_GATEWAY_ENDPOINT,
            aws: nat,
            internet: nat,
            ipv6: nat,
        }
    }

    /// The share of all traffic (percent) that takes `path`.
    pub fn share_percent(&self, shares: &Shares, path: Path) -> Decimal {
        let mut share = Decimal::ZERO;
        for (p, part) in [
            (self.s3, shares.s3),
            (self.aws, shares.aws),
            (self.internet, shares.internet_ipv4),
            (self.ipv6, shares.ipv6),
        ] {
            if p == path {
                share += part;
            }
        }
        share
    }

    /// The GB per month that take `path`.
    pub fn volume(&self, v: &Volumes, path: Path) -> Decimal {
        let mut gb = Decimal::ZERO;
        for (p, part) in [
            (self.s3, v.s3_gb),
            (self.aws, v.aws_gb),
            (self.internet, v.internet_gb - v.ipv6_gb),
            (self.ipv6, v.ipv6_gb),
        ] {
            if p == path {
                gb += part;
            }
        }
        gb
    }

    /// The NAT path this option uses for internet traffic, if any.
    pub fn nat(&self) -> Option<Path> {
        [self.internet, self.ipv6, self.aws, self.s3]
            .into_iter()
            .find(|p| p.is_nat())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_path_is_its_way() {
        static OTHER: Way = Way::nat("NAT gateway");
        assert_eq!(Path::NAT_GATEWAY, Path::NAT_GATEWAY);
        // The same name and kind, another way.
        assert_ne!(Path::NAT_GATEWAY, Path::of(&OTHER));
        assert!(Path::of(&OTHER).is_nat());
        assert!(!Path::INTERNET_GATEWAY.is_nat());
        assert_eq!(format!("{:?}", Path::NOTHING), "nothing");
    }

    #[test]
    fn the_cross_az_leg_multiplies_before_it_divides() {
        // 3 GB from 3 AZs to one NAT: 2 × 3 × (3 − 1) ÷ 3 = 4 GB, exactly.
        assert_eq!(cross_az_leg(dec!(3), 3, 1).unwrap(), dec!(4));
        // At $0.01/GB each way: 2 × 0.03 × 2 ÷ 3 = $0.04, exactly; the leg per
        // GB first (2 × 0.01 × 2 ÷ 3 = 0.0133…) times 3 GB gives 0.0399…9.
        assert_eq!(cross_az_leg(dec!(0.03), 3, 1).unwrap(), dec!(0.04));
        let per_gb = cross_az_leg(dec!(0.01), 3, 1).unwrap();
        assert!(per_gb * dec!(3) < dec!(0.04));
        assert_eq!(cross_az_leg(dec!(3), 3, 3).unwrap(), Decimal::ZERO);
        assert_eq!(cross_az_leg(dec!(3), 2, 5).unwrap(), Decimal::ZERO);
    }
}
