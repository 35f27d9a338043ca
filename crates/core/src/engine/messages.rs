//! What the engine says in words. The engine records facts (numbers and
//! which case applies); the sentences are written only when a view shows
//! them, so computing a comparison — many times over, for a chart — never
//! pays for text nobody reads.

use crate::money::words::{Grouped, gb, human};
use crate::money::{Money, round_half_away};
use crate::pricing::Figure;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::fmt;

/// A Gbps figure for sentences: two places at most, trailing zeros dropped.
fn gbps(value: Decimal) -> Grouped {
    human(round_half_away(value, 2))
}

/// A warning, note or reason attached to an option.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The NAT peak per gateway is above the baseline (it scales on its own).
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
    /// Option 3 without interface endpoints is option 2.
    NoInterfaceEndpoints,
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
    /// Endpoints only: infeasible because of internet traffic.
    InternetWithoutNat {
        /// Internet GB per month.
        internet_gb: Decimal,
    },
    /// Endpoints only: infeasible because nothing carries the AWS API traffic.
    AwsWithoutEndpoints {
        /// AWS API GB per month.
        aws_gb: Decimal,
    },
    /// Endpoints only: what having no internet path means.
    NoInternetAccess,
    /// Public subnets: every task is exposed.
    PublicExposure,
    /// Public subnets without public addresses.
    PublicWithoutAddresses,
    /// Public subnets: same-region AWS traffic is free.
    PublicAwsTrafficFree,
    /// The region's table lacks a figure the option needs.
    NoPrice {
        /// The figure.
        figure: Figure,
    },
    /// The region's table has no NAT instance prices.
    NoInstancePrices {
        /// Region code.
        region: String,
    },
    /// Regional NAT: one address per active AZ is an assumption.
    RegionalAddresses {
        /// AZs.
        azs: u32,
    },
    /// Regional NAT costs what one zonal gateway per AZ costs.
    RegionalLikeZonal,
    /// Regional NAT: a new AZ takes up to an hour to join.
    RegionalExpansion,
    /// Regional NAT: peak per AZ above a zonal gateway's ceiling.
    RegionalOverMax {
        /// Peak per AZ, Gbps.
        per_az: Decimal,
        /// Ceiling, Gbps.
        max: Decimal,
    },
    /// NAT instances: the type priced and why.
    InstanceChosen {
        /// Instance type.
        instance_type: String,
        /// Chosen by `auto`.
        automatic: bool,
        /// Sustained internet bandwidth, Gbps.
        sustained: Decimal,
        /// Peak per instance, Gbps.
        per_instance: Decimal,
    },
    /// NAT instances: a named type carries the peak only on burst credits.
    InstanceOnBurst {
        /// Instance type.
        instance_type: String,
        /// Peak per instance, Gbps.
        per_instance: Decimal,
        /// Sustained, Gbps.
        sustained: Decimal,
        /// Burst, Gbps.
        burst: Decimal,
    },
    /// NAT instances: the type cannot carry the peak.
    InstanceTooSmall {
        /// Instance type.
        instance_type: String,
        /// Peak per instance, Gbps.
        per_instance: Decimal,
        /// Sustained, Gbps.
        sustained: Decimal,
        /// Burst, Gbps.
        burst: Decimal,
        /// Chosen by `auto` (no type could).
        automatic: bool,
    },
    /// NAT instances: fewer than the AZs.
    AzsWithoutNatInstance {
        /// AZs without an instance.
        without: u32,
        /// AZs.
        azs: u32,
    },
    /// NAT instances are yours to patch and replace.
    InstanceUpkeep,
    /// NAT instances: burst credits and connection tracking.
    InstanceLimits,
    /// IPv6 egress with no IPv6 traffic is option 2.
    Ipv6None,
    /// IPv6 egress: what moved off the NAT.
    Ipv6Moved {
        /// GB per month.
        ipv6_gb: Decimal,
    },
    /// Dual-stack Fargate tasks still need IPv4 through NAT.
    Ipv6StillNeedsNat,
    /// ECR has no dual-stack PrivateLink.
    EcrNoDualStackPrivateLink,
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
            Message::AzsWithoutNat { without, azs } => write!(
                f,
                "{without} of {azs} AZs have no NAT gateway of their own: their traffic crosses AZs (the cross-AZ line), and losing the gateway's AZ cuts egress for every AZ."
            ),
            Message::ExtraGateways { gateways, azs } => write!(
                f,
                "{gateways} NAT gateways over {azs} AZs: traffic is split between gateways by giving subnets different route tables."
            ),
            Message::NoInterfaceEndpoints => f.write_str(
                "With no interface endpoints, AWS API traffic stays on the NAT: this option is the same as NAT + S3 gateway endpoint.",
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
            Message::InternetWithoutNat { internet_gb } => write!(
                f,
                "{} GB/month goes to or comes from the internet, and without a NAT gateway or public IPv4 address nothing can carry it.",
                gb(internet_gb)
            ),
            Message::AwsWithoutEndpoints { aws_gb } => write!(
                f,
                "{} GB/month goes to AWS APIs, but there are no interface endpoints to carry it.",
                gb(aws_gb)
            ),
            Message::NoInternetAccess => f.write_str(
                "Tasks have no internet access at all: images must come from ECR (layers through the S3 gateway endpoint), and an ECR pull-through cache's first pull needs internet access.",
            ),
            Message::PublicExposure => f.write_str(
                "Security: every task has a public address and is reachable from the internet unless its security groups allow no inbound traffic.",
            ),
            Message::PublicWithoutAddresses => f.write_str(
                "With no public IPv4 address, tasks in a public subnet cannot reach the internet or AWS APIs (Fargate needs one to pull images).",
            ),
            Message::PublicAwsTrafficFree => f.write_str(
                "S3 and AWS API traffic in the same region costs nothing here: no NAT processing and no data transfer charge.",
            ),
            Message::NoPrice { figure } => write!(
                f,
                "Not priced: the pricing table has no {figure} price for this region."
            ),
            Message::NoInstancePrices { ref region } => write!(
                f,
                "Not priced: the pricing table has no NAT instance prices for {region}."
            ),
            Message::RegionalAddresses { azs } => write!(
                f,
                "Priced with one public IPv4 address per active AZ ({azs}): an assumption, as AWS allocates the regional gateway's addresses itself and may use more."
            ),
            Message::RegionalLikeZonal => f.write_str(
                "Costs the same as one zonal NAT gateway per AZ with an S3 gateway endpoint; it is cheaper than sharing fewer zonal gateways once their cross-AZ charge exceeds the extra AZ-hours, and it needs no public subnet.",
            ),
            Message::RegionalExpansion => f.write_str(
                "When tasks start in a new AZ, the gateway can take up to 60 minutes to expand there; until then that AZ's traffic crosses AZs (and is charged for it).",
            ),
            Message::RegionalOverMax { per_az, max } => write!(
                f,
                "Peak through the regional NAT gateway is {} Gbps per AZ, above the {} Gbps a zonal gateway scales to (AWS states no separate limit for the regional one; this assumes the same per AZ).",
                gbps(per_az),
                gbps(max)
            ),
            Message::InstanceChosen { ref instance_type, automatic, sustained, per_instance } => {
                if automatic {
                    write!(
                        f,
                        "{instance_type}: the cheapest type whose sustained {} Gbps carries {} Gbps per instance.",
                        gbps(sustained),
                        gbps(per_instance)
                    )
                } else {
                    write!(
                        f,
                        "{instance_type} (as chosen): sustained {} Gbps to the internet for {} Gbps per instance.",
                        gbps(sustained),
                        gbps(per_instance)
                    )
                }
            }
            Message::InstanceOnBurst { ref instance_type, per_instance, sustained, burst } => write!(
                f,
                "{instance_type} carries {} Gbps per instance only on burst credits: its sustained bandwidth is {} Gbps and its burst {} Gbps lasts minutes, then the instance is throttled.",
                gbps(per_instance),
                gbps(sustained),
                gbps(burst)
            ),
            Message::InstanceTooSmall { ref instance_type, per_instance, sustained, burst, automatic } => {
                if automatic {
                    write!(
                        f,
                        "No NAT instance type carries {} Gbps per instance (the largest, {instance_type}, sustains {} Gbps to the internet): add instances.",
                        gbps(per_instance),
                        gbps(sustained)
                    )
                } else {
                    write!(
                        f,
                        "{instance_type} cannot carry {} Gbps per instance: it sustains {} Gbps and bursts to {} Gbps. Choose a larger type or add instances.",
                        gbps(per_instance),
                        gbps(sustained),
                        gbps(burst)
                    )
                }
            }
            Message::AzsWithoutNatInstance { without, azs } => write!(
                f,
                "{without} of {azs} AZs have no NAT instance of their own: their traffic crosses AZs (the cross-AZ line), and losing that instance cuts egress for every AZ."
            ),
            Message::InstanceUpkeep => f.write_str(
                "A NAT instance is yours to patch and replace: a failed instance is replaced in minutes (about 5 with fck-nat's HA mode) and its open connections are cut.",
            ),
            Message::InstanceLimits => f.write_str(
                "Size on sustained bandwidth: an instance bursts above it for 5 to 60 minutes on network credits, then falls back. Busy NAT instances also hit connection-tracking limits (watch conntrack_allowance_exceeded).",
            ),
            Message::Ipv6None => f.write_str(
                "No internet traffic is reachable over IPv6 in this scenario, so this option costs the same as NAT + S3 gateway endpoint.",
            ),
            Message::Ipv6Moved { ipv6_gb } => write!(
                f,
                "{} GB/month to IPv6 destinations leaves through the egress-only internet gateway, with no NAT processing; it is still billed as data transfer out.",
                gb(ipv6_gb)
            ),
            Message::Ipv6StillNeedsNat => f.write_str(
                "Dual-stack Fargate tasks still need an IPv4 route through a NAT gateway: they pull images and read secrets (ECR, SSM, Secrets Manager) over IPv4 when they start.",
            ),
            Message::EcrNoDualStackPrivateLink => f.write_str(
                "ECR has no dual-stack PrivateLink endpoint, so image pulls cannot move to IPv6 inside the VPC.",
            ),
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

serialize_as_text!(
    Message,
    Verdict,
    OptionVerdict,
    EndpointsExplanation,
    S3Explanation,
    PublicExplanation
);

/// The scenario-wide bandwidth verdict, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The scenario's peak, Gbps.
    pub peak: Decimal,
    /// Per-gateway peak in the busiest NAT option, Gbps.
    pub per_gateway: Decimal,
    /// Gateways configured.
    pub gateways: u32,
    /// Gateways needed.
    pub needed: u32,
    /// NAT baseline and ceiling, Gbps.
    pub nat_baseline: Decimal,
    /// NAT ceiling, Gbps.
    pub nat_max: Decimal,
    /// Interface endpoint load per AZ, when endpoints carry traffic.
    pub endpoint_per_az: Option<Decimal>,
    /// Endpoint baseline per AZ, Gbps.
    pub endpoint_baseline: Decimal,
    /// Endpoint ceiling per AZ, Gbps.
    pub endpoint_max: Decimal,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.needed > self.gateways {
            write!(
                f,
                "Needs {} NAT gateways in separate subnets: {} Gbps through NAT is {} Gbps per gateway with {}, above the {} Gbps one gateway scales to.",
                self.needed,
                gbps(self.peak),
                gbps(self.per_gateway),
                self.gateways,
                gbps(self.nat_max)
            )?;
        } else if self.per_gateway > self.nat_baseline {
            write!(
                f,
                "Carries the peak: {} Gbps per NAT gateway is above the {} Gbps baseline and within the {} Gbps a gateway scales to.",
                gbps(self.per_gateway),
                gbps(self.nat_baseline),
                gbps(self.nat_max)
            )?;
        } else {
            write!(
                f,
                "Carries the peak: {} Gbps per NAT gateway is within the {} Gbps baseline.",
                gbps(self.per_gateway),
                gbps(self.nat_baseline)
            )?;
        }
        if let Some(per_az) = self.endpoint_per_az {
            let load = EndpointLoad {
                per_az,
                baseline: self.endpoint_baseline,
                max: self.endpoint_max,
            };
            write!(f, " {load}")?;
        }
        Ok(())
    }
}

/// What carries one option's internet peak, with the figures its verdict needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Carrier {
    /// Zonal NAT gateways.
    Gateways {
        /// Peak through NAT, Gbps.
        peak: Decimal,
        /// Peak per gateway, Gbps.
        per_gateway: Decimal,
        /// Gateways in the scenario.
        gateways: u32,
        /// Gateways the peak needs.
        needed: u32,
        /// Baseline per gateway, Gbps.
        baseline: Decimal,
        /// Most a gateway scales to, Gbps.
        max: Decimal,
    },
    /// One regional NAT gateway, its load per AZ.
    Regional {
        /// Peak per AZ, Gbps.
        per_az: Decimal,
        /// A zonal gateway's baseline, assumed per AZ, Gbps.
        baseline: Decimal,
        /// A zonal gateway's ceiling, assumed per AZ, Gbps.
        max: Decimal,
    },
    /// EC2 NAT instances.
    Instances {
        /// Instance type.
        instance_type: String,
        /// Instances.
        instances: u32,
        /// Chosen by `auto` (then the peak must fit the sustained bandwidth).
        automatic: bool,
        /// Peak per instance, Gbps.
        per_instance: Decimal,
        /// Sustained internet bandwidth of the type, Gbps.
        sustained: Decimal,
        /// Burst internet bandwidth of the type, Gbps.
        burst: Decimal,
    },
    /// The internet gateway, from tasks with public addresses.
    InternetGateway {
        /// The scenario's peak, Gbps.
        peak: Decimal,
    },
    /// No NAT and no internet gateway (endpoints only).
    Nothing,
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
}

impl fmt::Display for EndpointLoad {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = if self.per_az > self.max {
            "above the ceiling"
        } else if self.per_az > self.baseline {
            "above the baseline, scaling up"
        } else {
            "within the baseline"
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

/// Whether one option carries the scenario's peak, in words: what its own
/// path is limited by (a NAT gateway's ceiling, a regional gateway's per-AZ
/// load, an instance type's sustained bandwidth, or none at all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionVerdict {
    /// What carries the internet peak.
    pub carrier: Carrier,
    /// The interface endpoints' load, when the option sends AWS API traffic through them.
    pub endpoints: Option<EndpointLoad>,
}

impl fmt::Display for OptionVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.carrier {
            Carrier::Gateways {
                peak,
                per_gateway,
                gateways,
                needed,
                baseline,
                max,
            } => {
                if needed > gateways {
                    write!(
                        f,
                        "Needs {needed} NAT gateways in separate subnets: {} Gbps through NAT is {} Gbps per gateway with {gateways}, above the {} Gbps one gateway scales to.",
                        gbps(peak),
                        gbps(per_gateway),
                        gbps(max)
                    )?;
                } else if per_gateway > baseline {
                    write!(
                        f,
                        "Carries the peak: {} Gbps per NAT gateway is above the {} Gbps baseline and within the {} Gbps a gateway scales to.",
                        gbps(per_gateway),
                        gbps(baseline),
                        gbps(max)
                    )?;
                } else {
                    write!(
                        f,
                        "Carries the peak: {} Gbps per NAT gateway is within the {} Gbps baseline.",
                        gbps(per_gateway),
                        gbps(baseline)
                    )?;
                }
            }
            Carrier::Regional {
                per_az,
                baseline,
                max,
            } => {
                if per_az > max {
                    write!(
                        f,
                        "Does not carry the peak: {} Gbps per AZ through the regional NAT gateway is above the {} Gbps a zonal gateway scales to (assumed to hold per AZ).",
                        gbps(per_az),
                        gbps(max)
                    )?;
                } else if per_az > baseline {
                    write!(
                        f,
                        "Carries the peak: {} Gbps per AZ through the regional NAT gateway is above the {} Gbps baseline and within the {} Gbps it scales to (a zonal gateway's limits, assumed per AZ).",
                        gbps(per_az),
                        gbps(baseline),
                        gbps(max)
                    )?;
                } else {
                    write!(
                        f,
                        "Carries the peak: {} Gbps per AZ through the regional NAT gateway is within the {} Gbps baseline (a zonal gateway's, assumed per AZ).",
                        gbps(per_az),
                        gbps(baseline)
                    )?;
                }
            }
            Carrier::Instances {
                ref instance_type,
                instances,
                automatic,
                per_instance,
                sustained,
                burst,
            } => {
                let each = if instances == 1 {
                    "1 instance".to_owned()
                } else {
                    format!("{instances} instances")
                };
                if per_instance <= sustained {
                    write!(
                        f,
                        "Carries the peak: {} Gbps per NAT instance ({each}) is within the {} Gbps a {instance_type} sustains to the internet.",
                        gbps(per_instance),
                        gbps(sustained)
                    )?;
                } else if !automatic && per_instance <= burst {
                    write!(
                        f,
                        "Carries the peak only on burst credits: {} Gbps per NAT instance ({each}) is above the {} Gbps a {instance_type} sustains, within its {} Gbps burst.",
                        gbps(per_instance),
                        gbps(sustained),
                        gbps(burst)
                    )?;
                } else {
                    write!(
                        f,
                        "Does not carry the peak: {} Gbps per NAT instance ({each}) is above the {} Gbps a {instance_type} sustains to the internet.",
                        gbps(per_instance),
                        gbps(sustained)
                    )?;
                }
            }
            Carrier::InternetGateway { peak } => write!(
                f,
                "Carries the peak: {} Gbps leaves through the internet gateway, which has no bandwidth ceiling of its own; each task's network bandwidth is the limit.",
                gbps(peak)
            )?,
            Carrier::Nothing => f.write_str(
                "No NAT or internet gateway to outgrow: S3 takes the gateway endpoint.",
            )?,
        }
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
            "Assumes the NAT gateway stays for internet traffic and only AWS API traffic moves: {} interface endpoints × {} AZs cost {} a month, recovered at ${}",
            self.endpoints,
            self.azs,
            self.fixed.display(),
            self.nat_gb.normalize(),
        )?;
        if !self.cross_leg.is_zero() {
            write!(
                f,
                " + ${} cross-AZ (the GB no longer crosses to a NAT gateway in another AZ)",
                round_half_away(self.cross_leg, 6).normalize()
            )?;
        }
        write!(
            f,
            " − ${} = ${} per GB moved off the NAT (first-tier endpoint price). Figures published elsewhere differ because some assume the NAT gateway is removed altogether, or leave out the cross-AZ leg. ",
            self.endpoint_gb.normalize(),
            round_half_away(self.per_gb_saving, 6).normalize()
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

    fn verdict(carrier: Carrier) -> String {
        OptionVerdict {
            carrier,
            endpoints: None,
        }
        .to_string()
    }

    #[test]
    fn each_carrier_has_its_own_bandwidth_verdict() {
        let gateways = |per_gateway, needed| Carrier::Gateways {
            peak: dec!(150),
            per_gateway,
            gateways: 1,
            needed,
            baseline: dec!(5),
            max: dec!(100),
        };
        assert_eq!(
            verdict(gateways(dec!(150), 2)),
            "Needs 2 NAT gateways in separate subnets: 150 Gbps through NAT is 150 Gbps per gateway with 1, above the 100 Gbps one gateway scales to."
        );
        assert!(verdict(gateways(dec!(3), 1)).ends_with("within the 5 Gbps baseline."));
        let regional = |per_az| Carrier::Regional {
            per_az,
            baseline: dec!(5),
            max: dec!(100),
        };
        assert!(
            verdict(regional(dec!(120))).starts_with("Does not carry the peak: 120 Gbps per AZ")
        );
        assert!(verdict(regional(dec!(7))).contains(
            "7 Gbps per AZ through the regional NAT gateway is above the 5 Gbps baseline"
        ));
        let instances = |per_instance, automatic| Carrier::Instances {
            instance_type: "c6gn.medium".to_owned(),
            instances: 2,
            automatic,
            per_instance,
            sustained: dec!(1.6),
            burst: dec!(5),
        };
        assert_eq!(
            verdict(instances(dec!(1), true)),
            "Carries the peak: 1 Gbps per NAT instance (2 instances) is within the 1.6 Gbps a c6gn.medium sustains to the internet."
        );
        assert!(
            verdict(instances(dec!(3), false))
                .starts_with("Carries the peak only on burst credits")
        );
        assert!(verdict(instances(dec!(3), true)).starts_with("Does not carry the peak"));
        assert!(
            verdict(Carrier::InternetGateway { peak: dec!(20) }).contains("no bandwidth ceiling")
        );
        let endpoints = OptionVerdict {
            carrier: Carrier::Nothing,
            endpoints: Some(EndpointLoad {
                per_az: dec!(12),
                baseline: dec!(10),
                max: dec!(100),
            }),
        };
        assert_eq!(
            endpoints.to_string(),
            "No NAT or internet gateway to outgrow: S3 takes the gateway endpoint. Interface endpoints: 12 Gbps per AZ, above the baseline, scaling up (10 Gbps, scaling to 100)."
        );
    }
}
