//! What the engine says in words. The engine records facts (numbers and
//! which case applies, each decided once where it is computed); the
//! sentences are written only when a view shows them, so computing a
//! comparison — many times over, for a chart — never pays for text nobody
//! reads. Here are the sentences more than one option (or the analyses)
//! say; a sentence only one option says is written in that option's file,
//! as [`Message::Text`] or its own [`Sentence`] type in [`Message::Own`].

use crate::money::words::{Grouped, gb, human};
use crate::money::{Money, RATE_DIGITS, round_half_away, significant};
use crate::pricing::Figure;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

/// A Gbps figure for sentences: two places at most, trailing zeros dropped.
pub fn gbps(value: Decimal) -> Grouped {
    human(round_half_away(value, 2))
}

/// `1 AZ` / `2 AZs`.
#[derive(Debug, Clone, Copy)]
pub struct Azs(pub u32);

impl fmt::Display for Azs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("1 AZ"),
            n => write!(f, "{n} AZs"),
        }
    }
}

/// The words a sentence about `count` AZs takes: `has`, `its`, `it`, `loses`, `uses` for one;
/// `have`, `their`, `they`, `lose`, `use` for several.
pub fn agreeing(count: u32) -> [&'static str; 5] {
    if count == 1 {
        ["has", "its", "it", "loses", "uses"]
    } else {
        ["have", "their", "they", "lose", "use"]
    }
}

/// Writes "`without` of `azs` AZs have no `device` of their own: their traffic crosses AZs (the
/// cross-AZ line), and they lose egress when ", in words that agree with `without` (`1 of 3 AZs
/// has … its … it loses`), and gives the rest of the sentence its `they` and `use`.
pub fn azs_without(
    f: &mut fmt::Formatter<'_>,
    without: u32,
    azs: u32,
    device: &str,
) -> Result<(&'static str, &'static str), fmt::Error> {
    let [have, their, they, lose, uses] = agreeing(without);
    write!(
        f,
        "{without} of {azs} AZs {have} no {device} of {their} own: {their} traffic crosses AZs (the cross-AZ line), and {they} {lose} egress when "
    )?;
    Ok((they, uses))
}

/// A sentence an option writes in its own words: a type of the option's
/// file whose `Display` is the sentence.
pub trait Sentence: fmt::Display + fmt::Debug + Send + Sync {}

impl<T: fmt::Display + fmt::Debug + Send + Sync> Sentence for T {}

/// A warning, note, reason or verdict attached to an option. Serialized as
/// its sentence.
#[derive(Debug, Clone)]
pub enum Message {
    /// The NAT peak per gateway is above the most a gateway scales to.
    NatOverMax {
        /// Peak through NAT, Gbps.
        peak: Decimal,
        /// Peak per gateway, Gbps.
        per_gateway: Decimal,
        /// Gateways in the scenario.
        gateways: u32,
        /// Ceiling per gateway, Gbps.
        max: Decimal,
        /// Gateways needed.
        needed: u32,
    },
    /// The NAT peak per gateway (or per AZ of a regional gateway) is above
    /// the baseline (it scales on its own).
    NatOverBaseline {
        /// Peak per gateway, Gbps.
        per_gateway: Decimal,
        /// Baseline, Gbps.
        baseline: Decimal,
        /// Ceiling, Gbps.
        max: Decimal,
    },
    /// Fewer NAT gateways than AZs.
    AzsWithoutNat {
        /// AZs without a gateway.
        without: u32,
        /// AZs.
        azs: u32,
    },
    /// More NAT gateways than AZs.
    ExtraGateways {
        /// Gateways.
        gateways: u32,
        /// AZs.
        azs: u32,
    },
    /// Interface endpoints above their per-AZ ceiling.
    EndpointOverMax {
        /// Peak per AZ, Gbps.
        per_az: Decimal,
        /// Ceiling per AZ, Gbps.
        max: Decimal,
    },
    /// Interface endpoints above their per-AZ baseline.
    EndpointOverBaseline {
        /// Peak per AZ, Gbps.
        per_az: Decimal,
        /// Baseline per AZ, Gbps.
        baseline: Decimal,
        /// Ceiling per AZ, Gbps.
        max: Decimal,
    },
    /// More interface endpoints than the default VPC quota.
    EndpointQuota,
    /// The region's table lacks a figure the option needs.
    NoPrice {
        /// The figure.
        figure: Figure,
    },
    /// Whether zonal NAT gateways carry the peak.
    NatGatewaysCarry(NatVerdict),
    /// A sentence with no figures in it, written in the one option's file that says it.
    Text(&'static str),
    /// A sentence with figures, of a type in the one option's file that says it.
    Own(Arc<dyn Sentence>),
}

impl Message {
    /// An option's own sentence.
    pub fn own(sentence: impl Sentence + 'static) -> Message {
        Message::Own(Arc::new(sentence))
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Message::NatOverMax { peak, per_gateway, gateways, max, needed } => write!(
                f,
                "Peak through NAT is {} Gbps, {} Gbps per gateway with {gateways}: above the {} Gbps a NAT gateway scales to. Needs {needed} NAT gateways in {needed} separate subnets, with the tasks' route tables split between them.",
                gbps(peak),
                gbps(per_gateway),
                gbps(max)
            ),
            Message::NatOverBaseline { per_gateway, baseline, max } => write!(
                f,
                "At {} Gbps per NAT gateway the peak is above the {} Gbps baseline; the gateway scales up on its own to {} Gbps.",
                gbps(per_gateway),
                gbps(baseline),
                gbps(max)
            ),
            Message::AzsWithoutNat { without, azs } => {
                let (they, uses) = azs_without(f, without, azs, "NAT gateway")?;
                write!(f, "the AZ whose gateway {they} {uses} fails (see Availability).")
            }
            Message::ExtraGateways { gateways, azs } => write!(
                f,
                "{gateways} NAT gateways over {}: traffic is split between gateways by giving subnets different route tables.",
                Azs(azs)
            ),
            Message::EndpointOverMax { per_az, max } => write!(
                f,
                "Interface endpoints would carry {} Gbps per AZ, above the {} Gbps per AZ an endpoint scales to: spread the traffic over more AZs or endpoints.",
                gbps(per_az),
                gbps(max)
            ),
            Message::EndpointOverBaseline { per_az, baseline, max } => write!(
                f,
                "Interface endpoints carry {} Gbps per AZ, above the {} Gbps baseline; they scale up on their own to {} Gbps per AZ.",
                gbps(per_az),
                gbps(baseline),
                gbps(max)
            ),
            Message::EndpointQuota => {
                f.write_str("More than 50 interface endpoints exceeds the default quota per VPC (it can be raised).")
            }
            Message::NoPrice { figure } => write!(
                f,
                "Not priced: the pricing table has no {figure} price for this region."
            ),
            Message::NatGatewaysCarry(ref verdict) => verdict.fmt(f),
            Message::Text(text) => f.write_str(text),
            Message::Own(ref sentence) => sentence.fmt(f),
        }
    }
}

/// Serializes any Display value as a JSON string.
macro_rules! serialize_as_text {
    ($($t:ty),*) => {$(
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
    )*};
}

impl Serialize for Message {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Message::Text(text) => crate::json::fixed_text(text, serializer),
            _ => serializer.collect_str(self),
        }
    }
}

serialize_as_text!(
    OptionVerdict,
    EndpointsExplanation,
    S3Explanation,
    PublicExplanation
);

/// Where a load stands against its limits, decided once where the load is
/// computed and carried to every sentence about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Within the baseline.
    Within,
    /// Above the baseline, within the ceiling (it scales up on its own).
    OverBaseline,
    /// Above the ceiling.
    OverMax,
}

impl Level {
    /// Where `load` stands against `baseline` and `max` (`max ≥ baseline`,
    /// as the table's loader checks).
    pub fn of(load: Decimal, baseline: Decimal, max: Decimal) -> Level {
        if load > max {
            Level::OverMax
        } else if load > baseline {
            Level::OverBaseline
        } else {
            Level::Within
        }
    }
}

/// Whether zonal NAT gateways carry a peak: an option's, or the busiest
/// option's in the scenario-wide verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NatVerdict {
    /// Peak through NAT, Gbps.
    pub peak: Decimal,
    /// Peak per gateway, Gbps.
    pub per_gateway: Decimal,
    /// Gateways in the scenario.
    pub gateways: u32,
    /// Gateways the peak needs.
    pub needed: u32,
    /// Baseline per gateway, Gbps.
    pub baseline: Decimal,
    /// Most a gateway scales to, Gbps.
    pub max: Decimal,
    /// Where the peak per gateway stands.
    pub level: Level,
}

impl fmt::Display for NatVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self {
            peak,
            per_gateway,
            gateways,
            needed,
            baseline,
            max,
            level,
        } = *self;
        match level {
            Level::OverMax => write!(
                f,
                "Needs {needed} NAT gateways in separate subnets: {} Gbps through NAT is {} Gbps per gateway with {gateways}, above the {} Gbps one gateway scales to.",
                gbps(peak),
                gbps(per_gateway),
                gbps(max)
            ),
            Level::OverBaseline => write!(
                f,
                "Carries the peak: {} Gbps per NAT gateway is above the {} Gbps baseline and within the {} Gbps a gateway scales to.",
                gbps(per_gateway),
                gbps(baseline),
                gbps(max)
            ),
            Level::Within => write!(
                f,
                "Carries the peak: {} Gbps per NAT gateway is within the {} Gbps baseline.",
                gbps(per_gateway),
                gbps(baseline)
            ),
        }
    }
}

/// The peak per AZ through a NAT present in every AZ, against a NAT
/// gateway's limits: what such an option's verdict and warnings say.
#[derive(Debug, Clone, Copy)]
pub struct PerAz {
    /// Peak per AZ, Gbps.
    pub per_az: Decimal,
    /// A NAT gateway's baseline, Gbps.
    pub baseline: Decimal,
    /// A NAT gateway's ceiling, Gbps.
    pub max: Decimal,
    /// Where the peak per AZ stands against them.
    pub level: Level,
}

impl PerAz {
    /// How a NAT gateway in each AZ (a regional one's, or one behind a
    /// firewall endpoint or a Transit Gateway attachment) carries this
    /// peak, to end the option's verdict: "above its 5 Gbps baseline and within
    /// the 100 Gbps it scales to", or "within its 5 Gbps baseline". A peak
    /// above its ceiling is the option's own "does not carry" sentence.
    pub fn headroom(self) -> NatHeadroom {
        NatHeadroom(self)
    }
}

#[cfg(test)]
impl PerAz {
    /// `per_az` Gbps against `baseline` and `max`, for the options' tests.
    pub fn new(per_az: Decimal, baseline: Decimal, max: Decimal) -> PerAz {
        PerAz {
            per_az,
            baseline,
            max,
            level: Level::of(per_az, baseline, max),
        }
    }
}

/// [`PerAz::headroom`], in words.
#[derive(Debug, Clone, Copy)]
pub struct NatHeadroom(PerAz);

impl fmt::Display for NatHeadroom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.0;
        if at.level == Level::OverBaseline {
            write!(
                f,
                "above its {} Gbps baseline and within the {} Gbps it scales to",
                gbps(at.baseline),
                gbps(at.max)
            )
        } else {
            write!(f, "within its {} Gbps baseline", gbps(at.baseline))
        }
    }
}

/// Interface endpoints' load per AZ against their limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndpointLoad {
    /// Peak per AZ, Gbps.
    pub per_az: Decimal,
    /// Baseline per AZ, Gbps.
    pub baseline: Decimal,
    /// Ceiling per AZ, Gbps.
    pub max: Decimal,
    /// Where the peak per AZ stands.
    pub level: Level,
}

impl fmt::Display for EndpointLoad {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match self.level {
            Level::OverMax => "above the ceiling",
            Level::OverBaseline => "above the baseline, scaling up",
            Level::Within => "within the baseline",
        };
        write!(
            f,
            "Interface endpoints: {} Gbps per AZ, {state} ({} Gbps, scaling to {}).",
            gbps(self.per_az),
            gbps(self.baseline),
            gbps(self.max)
        )
    }
}

/// Whether a path carries the scenario's peak, in words: one option's own
/// path (a NAT gateway's ceiling, a regional gateway's per-AZ load, an
/// instance type's sustained bandwidth, or none at all), or, scenario-wide,
/// the busiest option's NAT gateways.
#[derive(Debug, Clone)]
pub struct OptionVerdict {
    /// What carries the internet peak, and whether it does.
    pub carrier: Message,
    /// The interface endpoints' load, when the option sends AWS API traffic through them.
    pub endpoints: Option<EndpointLoad>,
}

impl fmt::Display for OptionVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.carrier.fmt(f)?;
        if let Some(endpoints) = self.endpoints {
            write!(f, " {endpoints}")?;
        }
        Ok(())
    }
}

/// The interface-endpoint break-even and its assumption, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointsExplanation {
    /// Interface endpoints.
    pub endpoints: u32,
    /// AZs.
    pub azs: u32,
    /// Their fixed monthly cost.
    pub fixed: Money,
    /// NAT $/GB.
    pub nat_gb: Decimal,
    /// Cross-AZ $/GB a GB no longer pays on its way to a NAT in another AZ.
    pub cross_leg: Decimal,
    /// Endpoint first-tier $/GB.
    pub endpoint_gb: Decimal,
    /// `nat_gb + cross_leg − endpoint_gb`.
    pub per_gb_saving: Decimal,
    /// The break-even, GB/month, when there is one.
    pub break_even: Option<Decimal>,
    /// The scenario's AWS API GB/month.
    pub aws_gb: Decimal,
}

impl fmt::Display for EndpointsExplanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.endpoints == 0 {
            return f.write_str(
                "No interface endpoints in the scenario, so there is no break-even to compute.",
            );
        }
        let Some(break_even) = self.break_even else {
            return f.write_str(
                "Sending a GB through the NAT is not dearer than through an interface endpoint in this region, so endpoints never pay for themselves on traffic.",
            );
        };
        write!(
            f,
            "Assumes the NAT gateway stays for internet traffic and only AWS API traffic moves: {} interface endpoints × {} cost {} a month, recovered at ${}",
            self.endpoints,
            Azs(self.azs),
            self.fixed.display(),
            self.nat_gb.normalize(),
        )?;
        if !self.cross_leg.is_zero() {
            write!(
                f,
                " + ${} cross-AZ (the GB no longer crosses to a NAT gateway in another AZ)",
                significant(self.cross_leg, RATE_DIGITS)
            )?;
        }
        write!(
            f,
            " − ${} = ${} per GB moved off the NAT (first-tier endpoint price). Figures published elsewhere differ because some assume the NAT gateway is removed altogether, or leave out the cross-AZ leg. ",
            self.endpoint_gb.normalize(),
            significant(self.per_gb_saving, RATE_DIGITS)
        )?;
        if self.aws_gb >= break_even {
            write!(
                f,
                "This scenario's {} GB/month of AWS API traffic is above it: the endpoints pay for themselves.",
                gb(self.aws_gb)
            )
        } else {
            write!(
                f,
                "This scenario's {} GB/month of AWS API traffic is below it: on cost alone the NAT is cheaper for that traffic.",
                gb(self.aws_gb)
            )
        }
    }
}

/// What the S3 gateway endpoint saves, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Explanation {
    /// S3 GB/month.
    pub s3_gb: Decimal,
    /// NAT $/GB.
    pub nat_gb: Decimal,
    /// Fewer NAT gateways than AZs (the saving includes cross-AZ transfer).
    pub crosses_az: bool,
}

impl fmt::Display for S3Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.s3_gb.is_zero() {
            return f.write_str("No S3 traffic in this scenario; the S3 gateway endpoint is free to add all the same.");
        }
        let extra = if self.crosses_az {
            " and the cross-AZ transfer to reach it"
        } else {
            ""
        };
        write!(
            f,
            "The S3 gateway endpoint has no hourly or per-GB charge: it saves the NAT processing of {} GB/month at ${}/GB{extra}, with no fixed cost.",
            gb(self.s3_gb),
            self.nat_gb.normalize()
        )
    }
}

/// Public subnets against the cheapest NAT option, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicExplanation {
    /// Fixed cost of the public option.
    pub public_fixed: Money,
    /// Its addresses.
    pub addresses: u32,
    /// Fixed cost of the NAT option.
    pub nat_fixed: Money,
    /// Name of the NAT option.
    pub nat_name: &'static str,
    /// `nat_fixed − public_fixed`.
    pub difference: Money,
}

impl fmt::Display for PublicExplanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let difference = self.difference.exact();
        let (amount, direction) = if difference >= Decimal::ZERO {
            (difference, "less")
        } else {
            (-difference, "more")
        };
        write!(
            f,
            "Public subnets: {} a month fixed ({} addresses) against {} for {}: {} {direction} a month in fixed cost, and no NAT processing charge. What the NAT buys: tasks without public addresses or inbound exposure, and a few stable egress IPs that partners can allow-list.",
            self.public_fixed.display(),
            self.addresses,
            self.nat_fixed.display(),
            self.nat_name,
            Money::new(amount).display()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn nat_gateways_have_one_verdict_per_level() {
        let verdict = |per_gateway, needed| {
            OptionVerdict {
                carrier: Message::NatGatewaysCarry(NatVerdict {
                    peak: dec!(150),
                    per_gateway,
                    gateways: 1,
                    needed,
                    baseline: dec!(5),
                    max: dec!(100),
                    level: Level::of(per_gateway, dec!(5), dec!(100)),
                }),
                endpoints: None,
            }
            .to_string()
        };
        assert_eq!(
            verdict(dec!(150), 2),
            "Needs 2 NAT gateways in separate subnets: 150 Gbps through NAT is 150 Gbps per gateway with 1, above the 100 Gbps one gateway scales to."
        );
        assert!(verdict(dec!(7), 1).contains("above the 5 Gbps baseline and within"));
        assert!(verdict(dec!(3), 1).ends_with("within the 5 Gbps baseline."));
        let endpoints = OptionVerdict {
            carrier: Message::Text(
                "No NAT or internet gateway to outgrow: S3 takes the gateway endpoint.",
            ),
            endpoints: Some(EndpointLoad {
                per_az: dec!(12),
                baseline: dec!(10),
                max: dec!(100),
                level: Level::of(dec!(12), dec!(10), dec!(100)),
            }),
        };
        assert_eq!(
            endpoints.to_string(),
            "No NAT or internet gateway to outgrow: S3 takes the gateway endpoint. Interface endpoints: 12 Gbps per AZ, above the baseline, scaling up (10 Gbps, scaling to 100)."
        );
    }
}
