//! Option 9: this VPC attached to a Transit Gateway, its internet and AWS
//! API traffic sent to a central egress VPC whose NAT gateways (one per AZ)
//! are shared by `shared_vpcs` VPCs; S3 stays on this VPC's own free gateway
//! endpoint (a gateway endpoint cannot be reached through a Transit Gateway).
//!
//! Also here: the break-even of centralizing against a regional NAT gateway
//! in this VPC (option 6), which the option says in a note and the analysis
//! reports in `break_even`.

use super::super::base::{EngineError, Path, Routes, Way, div, mul};
use super::super::context::Context;
use super::super::load::per_az_load;
use super::super::messages::{Level, Message, PerAz, gbps};
use super::super::result::{About, OptionResult};
use super::lines::{Charge, push_priced_and_dto, say_nat_load};
use super::option::{EgressOption, Listed, Stop};
use crate::money::Money;
use crate::money::words::{counted, gb};
use crate::pricing::Figure;
use super::super::properties::{self as props, Properties, source};
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::fmt;

/// Option 9.
pub const LISTED: Listed = Listed {
    about: About {
        id: "centralized_egress",
        name: "Centralized egress VPC through a Transit Gateway",
        short_name: "Central egress",
        summary: "Internet and AWS API traffic through a Transit Gateway to a shared egress VPC with one NAT gateway per AZ, its costs split among the VPCs sharing it; S3 through this VPC's free gateway endpoint.",
    },
    option: &CentralizedEgress,
};

/// The shared egress VPC's NAT gateways, reached through the Transit Gateway.
static HUB_NAT_WAY: Way = Way::nat("central egress VPC's NAT gateways");
const HUB_NAT: Path = Path::of(&HUB_NAT_WAY);

/// This VPC's own attachment.
const ATTACHMENT: &str = "Transit Gateway attachment of this VPC";
/// The egress VPC's attachment, divided among the sharing VPCs.
const HUB_ATTACHMENT: &str =
    "Egress VPC's Transit Gateway attachment, this VPC's share (÷ sharing VPCs)";
/// The egress VPC's NAT gateway hours, divided among the sharing VPCs.
const HUB_NAT_HOURS: &str =
    "Egress VPC NAT gateway hours (one per AZ), this VPC's share (÷ sharing VPCs)";
/// Their Elastic IPs, divided among the sharing VPCs.
const HUB_NAT_IPV4: &str =
    "Egress VPC NAT gateway public IPv4 (Elastic IP), this VPC's share (÷ sharing VPCs)";
/// Transit Gateway processing, once per GB where it enters the gateway.
const TGW_PROCESSING: &str =
    "Transit Gateway data processing (requests from this VPC, answers from the egress VPC)";
/// NAT processing in the egress VPC.
const HUB_NAT_PROCESSING: &str = "NAT gateway data processing (in the egress VPC)";

/// S3 cannot ride the Transit Gateway to a gateway endpoint.
const S3_LOCAL: &str = "S3 stays on this VPC's own free S3 gateway endpoint: a gateway endpoint cannot be reached through a Transit Gateway.";
/// No cross-AZ line.
const NO_CROSS_AZ: &str = "No cross-AZ charge: the Transit Gateway keeps a flow in the AZ it entered, and the egress VPC has a NAT gateway in each AZ.";

/// A Transit Gateway VPC attachment's bandwidth per AZ, Gbps: assumed, as
/// AWS states it for Cloud WAN VPC attachments.
const ATTACHMENT_GBPS_PER_AZ: Decimal = Decimal::ONE_HUNDRED;
/// The most sharing VPCs the input allows; a break-even beyond it is "never".
const MAX_SHARED_VPCS: u32 = 1000;

/// What the centralized egress says with figures in it.
#[derive(Debug)]
enum Said {
    /// How the egress VPC's costs are split.
    Split {
        /// The egress VPC's fixed monthly cost.
        shared: Decimal,
        /// NAT gateways in it (one per AZ).
        azs: u32,
        /// VPCs sharing it.
        vpcs: u32,
    },
    /// Peak per AZ above a NAT gateway's ceiling.
    NatOverMax {
        /// The peak per AZ against a NAT gateway's limits.
        at: PerAz,
        /// NAT gateways per AZ the peak needs.
        needed: u32,
    },
    /// Peak per AZ above the attachment's assumed ceiling.
    AttachmentOverMax {
        /// Peak per AZ, Gbps.
        per_az: Decimal,
    },
    /// Its bandwidth verdict.
    Carries(PerAz),
}

impl fmt::Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Said::Split { shared, azs, vpcs } => write!(
                f,
                "The egress VPC's fixed costs, {} a month (its Transit Gateway attachment, {} and their public IPv4 addresses), are split evenly among {}: {} for this VPC. Splitting by each VPC's traffic is the other common convention.",
                Money::new(shared).display(),
                counted(azs, "NAT gateway", "NAT gateways"),
                counted(vpcs, "sharing VPC", "sharing VPCs"),
                Money::new(shared / Decimal::from(vpcs)).display(),
            ),
            Said::NatOverMax {
                at: PerAz { per_az, max, .. },
                needed,
            } => write!(
                f,
                "This VPC alone sends {} Gbps per AZ to the egress VPC's NAT gateway in that AZ, above the {} Gbps a NAT gateway scales to: the egress VPC needs {needed} NAT gateways per AZ in separate subnets (before the other sharing VPCs' traffic).",
                gbps(per_az),
                gbps(max)
            ),
            Said::AttachmentOverMax { per_az } => write!(
                f,
                "This VPC's Transit Gateway attachment would carry {} Gbps per AZ, above the {} Gbps per AZ assumed for a VPC attachment (AWS states it for Cloud WAN VPC attachments).",
                gbps(per_az),
                gbps(ATTACHMENT_GBPS_PER_AZ)
            ),
            Said::Carries(at) => {
                if at.per_az > ATTACHMENT_GBPS_PER_AZ || at.level == Level::OverMax {
                    write!(
                        f,
                        "Does not carry the peak: {} Gbps per AZ is above the {} Gbps a NAT gateway scales to and the {} Gbps per AZ assumed for a Transit Gateway VPC attachment (AWS states it for Cloud WAN).",
                        gbps(at.per_az),
                        gbps(at.max),
                        gbps(ATTACHMENT_GBPS_PER_AZ)
                    )
                } else {
                    write!(
                        f,
                        "Carries the peak: {} Gbps per AZ through this VPC's Transit Gateway attachment (up to {} Gbps per AZ, assumed: AWS states it for Cloud WAN VPC attachments) and the egress VPC's NAT gateway in that AZ, {}; the other sharing VPCs' traffic goes through the same gateways.",
                        gbps(at.per_az),
                        gbps(ATTACHMENT_GBPS_PER_AZ),
                        at.headroom()
                    )
                }
            }
        }
    }
}

/// The hub's monthly cost for one VPC, in parts: what this VPC pays
/// whatever the number of VPCs sharing the egress VPC, and the egress VPC's
/// fixed cost that they split. Data transfer out is left out: it is the
/// same with or without the hub.
#[derive(Debug, Clone, Copy)]
struct HubParts {
    /// This VPC's attachment, `hours × tgw_attachment_hour`.
    own_fixed: Decimal,
    /// The egress VPC's attachment, NAT gateways and their addresses:
    /// `hours × tgw_attachment_hour + azs × hours × (nat_hour + ipv4_hour)`.
    shared_fixed: Decimal,
    /// $ per GB through the hub: `tgw_gb + nat_gb`.
    per_gb: Decimal,
}

impl HubParts {
    fn of(ctx: &Context<'_>) -> Result<HubParts, Stop> {
        let attachment = ctx.usd(Figure::TgwAttachmentHour)?;
        let tgw_gb = ctx.usd(Figure::TgwGb)?;
        let nat_hour = ctx.usd(Figure::NatHour)?;
        let nat_gb = ctx.usd(Figure::NatGb)?;
        let ipv4 = ctx.usd(Figure::Ipv4Hour)?;
        let own_fixed = mul(ctx.hours, attachment, "attachment hours")?;
        let gateways = mul(ctx.az_hours()?, nat_hour + ipv4, "egress VPC hours")?;
        Ok(HubParts {
            own_fixed,
            shared_fixed: own_fixed + gateways,
            per_gb: tgw_gb + nat_gb,
        })
    }
}

/// The centralized egress VPC.
pub struct CentralizedEgress;

impl EgressOption for CentralizedEgress {
    fn properties(&self, s: &Scenario, routes: &Routes) -> Properties {
        Properties {
            availability: props::contained(
                props::with_azs!(
                    s.azs,
                    "The egress VPC has a NAT gateway in each AZ the tasks use ({}) and the Transit Gateway keeps a flow in the AZ it entered: losing one AZ cuts egress only for the tasks in it."
                ),
                source::CENTRALIZED_EGRESS,
            )
            .and(
                "The egress VPC is shared: a mistake in its routes or a limit it reaches stops egress for every VPC attached to it.",
                source::CENTRALIZED_EGRESS,
            )
            .with(props::service_availability(routes)),
            security: props::nat_security(routes).and(
                "One egress VPC is one place to filter, inspect and log the egress of every VPC attached.",
                source::CENTRALIZED_EGRESS,
            ),
            operations: props::nat_gateway_operations().and(
                "The Transit Gateway, its route tables and the egress VPC are run by the platform team for every VPC that shares them.",
                source::CENTRALIZED_EGRESS,
            ),
        }
    }

    fn routes(&self, _: &Scenario) -> Routes {
        Routes::nat_with_s3_endpoint(HUB_NAT)
    }

    fn price(&self, ctx: &Context<'_>, out: &mut OptionResult) -> Result<(), Stop> {
        let s = ctx.scenario;
        let routes = out.routes;
        let routed_gb = routes.volume(&ctx.volumes, HUB_NAT);
        let az_hours = ctx.az_hours()?;
        let lines = &mut out.lines;
        // The egress VPC's charges are split evenly among the sharing VPCs.
        push_priced_and_dto(
            ctx,
            lines,
            [
                Charge::fixed(ATTACHMENT, ctx.hours, Figure::TgwAttachmentHour),
                Charge::fixed(HUB_ATTACHMENT, ctx.hours, Figure::TgwAttachmentHour)
                    .split(s.shared_vpcs),
                Charge::fixed(HUB_NAT_HOURS, az_hours, Figure::NatHour).split(s.shared_vpcs),
                Charge::fixed(HUB_NAT_IPV4, az_hours, Figure::Ipv4Hour).split(s.shared_vpcs),
                Charge::per_gb(TGW_PROCESSING, routed_gb, Figure::TgwGb),
                Charge::per_gb(HUB_NAT_PROCESSING, routed_gb, Figure::NatGb),
            ],
        )?;
        if !ctx.explains() {
            return Ok(());
        }
        // One NAT gateway per AZ in the egress VPC carries this VPC's peak
        // in that AZ, as does this VPC's attachment.
        let (l, at) = per_az_load(ctx, &routes, HUB_NAT, "gateway")?;
        let needed = div(at.per_az, at.max, "NAT gateways per AZ")?
            .ceil()
            .try_into()
            .unwrap_or(u32::MAX);
        let over_max = || Message::own(Said::NatOverMax { at, needed });
        say_nat_load(ctx, out, l, over_max, Message::own(Said::Carries(at)));
        if at.per_az > ATTACHMENT_GBPS_PER_AZ {
            out.warnings
                .push(Message::own(Said::AttachmentOverMax { per_az: at.per_az }));
        }
        let parts = HubParts::of(ctx)?;
        out.notes.push(Message::own(Said::Split {
            shared: parts.shared_fixed,
            azs: s.azs,
            vpcs: s.shared_vpcs,
        }));
        out.notes.push(Message::own(centralizing(ctx)?.vpcs_sentence()));
        out.notes.push(Message::Text(S3_LOCAL));
        out.notes.push(Message::Text(NO_CROSS_AZ));
        Ok(())
    }
}

/// A regional NAT gateway in this VPC (option 6), the rival the hub is
/// measured against: its fixed cost and $ per GB (data transfer out left
/// out, the same in both).
#[derive(Debug, Clone, Copy)]
struct LocalParts {
    /// `azs × hours × (regional_nat_hour + ipv4_hour)`.
    fixed: Decimal,
    /// `regional_nat_gb`.
    per_gb: Decimal,
}

impl LocalParts {
    fn of(ctx: &Context<'_>) -> Result<LocalParts, Stop> {
        let hour = ctx.usd(Figure::RegionalNatHour)? + ctx.usd(Figure::Ipv4Hour)?;
        Ok(LocalParts {
            fixed: mul(ctx.az_hours()?, hour, "regional NAT hours")?,
            per_gb: ctx.usd(Figure::RegionalNatGb)?,
        })
    }
}

/// From how many sharing VPCs the hub costs less, at this traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vpcs {
    /// From this many (at most the input's 1,000).
    From(u32),
    /// Never: this VPC's own hub charges already reach the rival's.
    Never,
    /// Only beyond the 1,000 sharing VPCs the input allows.
    Beyond,
}

/// Up to which traffic the hub costs less, for the scenario's sharing VPCs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Traffic {
    /// Below this many GB/month of `monthly_gb`.
    Below(Decimal),
    /// At no traffic.
    Never,
    /// At any traffic (its fixed share is lower and no GB costs more).
    Always,
}

/// The break-even of centralizing against a regional NAT gateway in this
/// VPC (option 6), for the scenario's traffic and sharing VPCs.
#[derive(Debug, Clone)]
pub enum Centralizing {
    /// The table lacks a figure one of the two needs (the reason).
    Unpriced(Message),
    /// Both priced.
    Priced {
        /// Sharing VPCs in the scenario.
        shared_vpcs: u32,
        /// GB/month through the hub (or the regional gateway).
        routed_gb: Decimal,
        /// This VPC's own hub charges at this traffic (its attachment and
        /// per-GB processing).
        own: Decimal,
        /// The egress VPC's fixed cost, split among the sharing VPCs.
        shared: Decimal,
        /// The regional NAT gateway's charges at this traffic.
        local: Decimal,
        /// From how many sharing VPCs the hub costs less.
        vpcs: Vpcs,
        /// Up to which traffic it costs less with `shared_vpcs`.
        traffic: Traffic,
    },
}

/// Computes [`Centralizing`] for the scenario: with `N` sharing VPCs the hub
/// costs `own + shared ÷ N` against the regional gateway's `local`; the
/// least `N` with `shared ÷ N < local − own`, and the `monthly_gb` at which
/// `own + shared ÷ N = local` for the scenario's `N` (both lines straight in
/// `monthly_gb`: the NAT-routed share is `1 − s3_percent/100` in both).
pub fn centralizing(ctx: &Context<'_>) -> Result<Centralizing, EngineError> {
    let parts = HubParts::of(ctx).and_then(|hub| Ok((hub, LocalParts::of(ctx)?)));
    let (hub, local) = match parts {
        Ok(parts) => parts,
        Err(Stop::Engine(e)) => return Err(e),
        Err(Stop::Missing(reason)) => return Ok(Centralizing::Unpriced(reason)),
    };
    let s = ctx.scenario;
    let routed_gb = Routes::nat_with_s3_endpoint(HUB_NAT).volume(&ctx.volumes, HUB_NAT);
    let own = hub.own_fixed + mul(routed_gb, hub.per_gb, "hub processing")?;
    let local_cost = local.fixed + mul(routed_gb, local.per_gb, "regional NAT processing")?;
    let margin = local_cost - own;
    let vpcs = if margin <= Decimal::ZERO {
        Vpcs::Never
    } else {
        // The least whole N with shared ÷ N < margin.
        let n = div(hub.shared_fixed, margin, "sharing VPCs")?.floor() + Decimal::ONE;
        match u32::try_from(n) {
            Ok(n) if n <= MAX_SHARED_VPCS => Vpcs::From(n),
            _ => Vpcs::Beyond,
        }
    };
    // Against monthly_gb: fixed difference + gb × routed share × per-GB difference.
    let fixed_gap = hub.own_fixed
        + div(
            hub.shared_fixed,
            Decimal::from(s.shared_vpcs),
            "egress VPC share",
        )?
        - local.fixed;
    let routed_share = Decimal::ONE - s.s3_percent / Decimal::ONE_HUNDRED;
    let slope = routed_share * (hub.per_gb - local.per_gb);
    let traffic = if fixed_gap >= Decimal::ZERO {
        // Dearer with no traffic; a cheaper GB (no table has one) would
        // make it pay only above some traffic, which is not this question.
        Traffic::Never
    } else if slope <= Decimal::ZERO {
        Traffic::Always
    } else {
        Traffic::Below(div(-fixed_gap, slope, "break-even traffic")?)
    };
    Ok(Centralizing::Priced {
        shared_vpcs: s.shared_vpcs,
        routed_gb,
        own,
        shared: hub.shared_fixed,
        local: local_cost,
        vpcs,
        traffic,
    })
}

impl Centralizing {
    /// From how many sharing VPCs the hub costs less (null when never, or
    /// when not priced).
    pub fn vpcs(&self) -> Option<u32> {
        match self {
            Centralizing::Priced {
                vpcs: Vpcs::From(n),
                ..
            } => Some(*n),
            _ => None,
        }
    }

    /// The `monthly_gb` below which the hub costs less for the scenario's
    /// sharing VPCs (null when never, always, or not priced).
    pub fn max_gb(&self) -> Option<Decimal> {
        match self {
            Centralizing::Priced {
                traffic: Traffic::Below(gb),
                ..
            } => Some(*gb),
            _ => None,
        }
    }

    /// The option's own note: from how many sharing VPCs it pays.
    fn vpcs_sentence(&self) -> VpcsSentence {
        VpcsSentence(self.clone())
    }
}

/// The hub's note on sharing VPCs.
#[derive(Debug)]
struct VpcsSentence(Centralizing);

impl fmt::Display for VpcsSentence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Centralizing::Unpriced(reason) => write!(
                f,
                "Not compared with a regional NAT gateway in this VPC. {reason}"
            ),
            &Centralizing::Priced {
                shared_vpcs,
                own,
                local,
                vpcs,
                ..
            } => match vpcs {
                Vpcs::From(n) => write!(
                    f,
                    "At this traffic the hub costs less than a regional NAT gateway in this VPC from {n} sharing VPCs ({shared_vpcs} in the scenario)."
                ),
                Vpcs::Never => write!(
                    f,
                    "At this traffic the hub never costs less than a regional NAT gateway in this VPC, however many VPCs share it: this VPC's own attachment and processing ({}) already reach that gateway's {}.",
                    Money::new(own).display(),
                    Money::new(local).display()
                ),
                Vpcs::Beyond => write!(
                    f,
                    "At this traffic the hub would cost less than a regional NAT gateway in this VPC only with more than {MAX_SHARED_VPCS} sharing VPCs."
                ),
            },
        }
    }
}

impl fmt::Display for Centralizing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let &Centralizing::Priced {
            shared_vpcs,
            routed_gb,
            own,
            shared,
            local,
            traffic,
            ..
        } = self
        else {
            return VpcsSentence(self.clone()).fmt(f);
        };
        write!(
            f,
            "Centralized egress against a regional NAT gateway in this VPC, with data transfer out the same in both: at {} GB/month through NAT, this VPC pays {} of its own on the hub (its Transit Gateway attachment, Transit Gateway and NAT processing) plus its share of the egress VPC's {} a month, against {} for the regional gateway. ",
            gb(routed_gb),
            Money::new(own).display(),
            Money::new(shared).display(),
            Money::new(local).display()
        )?;
        VpcsSentence(self.clone()).fmt(f)?;
        let vpcs = counted(shared_vpcs, "sharing VPC", "sharing VPCs");
        match traffic {
            Traffic::Below(gb_month) => write!(
                f,
                " With {vpcs}, it costs less below {} GB/month of traffic and more above it.",
                gb(gb_month)
            ),
            Traffic::Never => write!(
                f,
                " With {vpcs}, its fixed share alone is above the regional gateway's fixed cost: it costs more at any traffic."
            ),
            Traffic::Always => write!(f, " With {vpcs}, it costs less at any traffic."),
        }?;
        f.write_str(" The egress VPC's costs are split evenly; split by traffic, the figures differ.")
    }
}

impl Serialize for Centralizing {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn the_split_names_the_share() {
        let said = Said::Split {
            shared: dec!(109.5),
            azs: 2,
            vpcs: 3,
        }
        .to_string();
        assert!(said.starts_with("The egress VPC's fixed costs, $109.50 a month (its Transit Gateway attachment, 2 NAT gateways"));
        assert!(said.contains("among 3 sharing VPCs: $36.50 for this VPC"));
    }

    #[test]
    fn its_verdict_says_the_attachment_ceiling_is_assumed() {
        let carries = |per_az| Said::Carries(PerAz::new(per_az, dec!(5), dec!(100))).to_string();
        assert!(carries(dec!(3)).contains("assumed: AWS states it for Cloud WAN"));
        assert!(carries(dec!(3)).contains("within its 5 Gbps baseline"));
        assert!(carries(dec!(7)).contains("above its 5 Gbps baseline and within the 100 Gbps"));
        assert!(carries(dec!(120)).starts_with("Does not carry the peak: 120 Gbps per AZ"));
    }
}
