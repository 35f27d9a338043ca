//! Option 10: as option 2 (S3 through the free gateway endpoint, not
//! inspected), with AWS Network Firewall in front of the NAT gateways: one
//! firewall endpoint and one NAT gateway in each AZ. AWS waives NAT gateway
//! hours and data processing one-to-one against the firewall's endpoint
//! hours and processed GB, so with an endpoint and a gateway per AZ all of
//! both are waived; the lines show them at $0.00 so the waiver is visible.

use super::super::base::{Path, Routes, Way};
use super::super::context::Context;
use super::super::load::per_az_load;
use super::super::messages::{Level, Message, PerAz, gbps};
use super::super::result::{About, OptionResult};
use super::lines::{Charge, push_priced_and_dto, say_nat_load};
use super::option::{EgressOption, Listed, Stop};
use crate::pricing::Figure;
use super::super::properties::{self as props, Properties, source};
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use std::fmt;

/// Option 10.
pub const LISTED: Listed = Listed {
    about: About {
        id: "inspected_egress",
        name: "Network Firewall + NAT gateways + S3 gateway endpoint",
        short_name: "Firewall+NAT",
        summary: "Internet and AWS API traffic inspected by AWS Network Firewall (an endpoint per AZ) before a NAT gateway per AZ, whose hours and processing the firewall waives; S3 through the free gateway endpoint.",
    },
    option: &InspectedEgress,
};

/// Through a firewall endpoint, then the NAT gateway in the same AZ.
static FIREWALL_NAT_WAY: Way = Way::nat("Network Firewall, then NAT gateway");
const FIREWALL_NAT: Path = Path::of(&FIREWALL_NAT_WAY);

/// Firewall endpoint hours, one endpoint per AZ.
const FIREWALL_HOURS: &str = "Network Firewall endpoint hours (one per AZ)";
/// Firewall processing, both directions.
const FIREWALL_PROCESSING: &str = "Network Firewall data processing (both directions)";
/// NAT gateway hours, waived.
const NAT_HOURS_WAIVED: &str =
    "NAT gateway hours (one per AZ): waived with Network Firewall, one-to-one against its endpoint hours";
/// NAT processing, waived.
const NAT_PROCESSING_WAIVED: &str =
    "NAT gateway data processing: waived with Network Firewall, one-to-one against its processed GB";
/// The NAT gateways' addresses, not waived.
const NAT_IPV4: &str = "NAT gateway public IPv4 (Elastic IP, not waived)";

/// The waiver, in AWS's words.
const WAIVER: &str = "NAT gateway hours and data processing are waived with Network Firewall: AWS waives \"standard NAT gateway processing and per-hour usage charges … on a one-to-one basis with the processing per GB and usage hours charged for your firewall\". With a firewall endpoint and a NAT gateway in each AZ, all of both are waived (the lines show them at $0.00; the bill shows a bundled discount). The gateways' public IPv4 addresses are not waived.";
/// S3 is not inspected.
const S3_NOT_INSPECTED: &str = "S3 traffic takes the free gateway endpoint and is not inspected by the firewall.";

/// A firewall endpoint's throughput per AZ, Gbps (AWS's whitepaper: "up to
/// 100 Gbps throughput per Availability Zone").
const FIREWALL_GBPS_PER_AZ: Decimal = Decimal::ONE_HUNDRED;

/// What the inspected egress says with figures in it.
#[derive(Debug)]
enum Said {
    /// Peak per AZ above the firewall endpoint's throughput.
    FirewallOverMax(Decimal),
    /// Peak per AZ above a NAT gateway's ceiling.
    NatOverMax(PerAz),
    /// Its bandwidth verdict.
    Carries(PerAz),
}

impl fmt::Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Said::FirewallOverMax(per_az) => write!(
                f,
                "Peak through the firewall is {} Gbps per AZ, above the {} Gbps a firewall endpoint handles per AZ.",
                gbps(per_az),
                gbps(FIREWALL_GBPS_PER_AZ)
            ),
            Said::NatOverMax(PerAz { per_az, max, .. }) => write!(
                f,
                "Peak through the NAT gateway in each AZ is {} Gbps, above the {} Gbps a NAT gateway scales to.",
                gbps(per_az),
                gbps(max)
            ),
            Said::Carries(at) => {
                if at.per_az > FIREWALL_GBPS_PER_AZ || at.level == Level::OverMax {
                    return write!(
                        f,
                        "Does not carry the peak: {} Gbps per AZ is above the {} Gbps a firewall endpoint handles per AZ and the {} Gbps a NAT gateway scales to.",
                        gbps(at.per_az),
                        gbps(FIREWALL_GBPS_PER_AZ),
                        gbps(at.max)
                    );
                }
                write!(
                    f,
                    "Carries the peak: {} Gbps per AZ through the firewall endpoint (up to {} Gbps per AZ) and the NAT gateway in that AZ, {}.",
                    gbps(at.per_az),
                    gbps(FIREWALL_GBPS_PER_AZ),
                    at.headroom()
                )
            }
        }
    }
}

/// Network Firewall in front of a NAT gateway per AZ.
pub struct InspectedEgress;

impl EgressOption for InspectedEgress {
    fn properties(&self, s: &Scenario, routes: &Routes) -> Properties {
        Properties {
            availability: props::contained(
                props::with_azs!(
                    s.azs,
                    "A firewall endpoint and a NAT gateway in each AZ the tasks use ({}): losing one AZ cuts egress only for the tasks in it."
                ),
                source::INSPECTED_EGRESS,
            )
            .with(props::service_availability(routes)),
            security: props::nat_security(routes).and(
                "AWS Network Firewall inspects every flow to the internet before the NAT gateway: rules can allow only known domains and drop the rest.",
                source::INSPECTED_EGRESS,
            ),
            operations: props::nat_gateway_operations().and(
                "Its rule groups are yours to write and keep: a rule that is too strict stops the tasks' egress.",
                source::INSPECTED_EGRESS,
            ),
        }
    }

    fn routes(&self, _: &Scenario) -> Routes {
        Routes::nat_with_s3_endpoint(FIREWALL_NAT)
    }

    fn price(&self, ctx: &Context<'_>, out: &mut OptionResult) -> Result<(), Stop> {
        let routes = out.routes;
        let routed_gb = routes.volume(&ctx.volumes, FIREWALL_NAT);
        let az_hours = ctx.az_hours()?;
        let lines = &mut out.lines;
        // The NAT gateway's hours and processing are waived: shown with
        // their quantities and unit prices, at no cost.
        push_priced_and_dto(
            ctx,
            lines,
            [
                Charge::fixed(FIREWALL_HOURS, az_hours, Figure::FirewallHour),
                Charge::per_gb(FIREWALL_PROCESSING, routed_gb, Figure::FirewallGb),
                Charge::fixed(NAT_HOURS_WAIVED, az_hours, Figure::NatHour).waived(),
                Charge::per_gb(NAT_PROCESSING_WAIVED, routed_gb, Figure::NatGb).waived(),
                Charge::fixed(NAT_IPV4, az_hours, Figure::Ipv4Hour),
            ],
        )?;
        if !ctx.explains() {
            return Ok(());
        }
        let (l, at) = per_az_load(ctx, &routes, FIREWALL_NAT, "gateway")?;
        if at.per_az > FIREWALL_GBPS_PER_AZ {
            out.warnings
                .push(Message::own(Said::FirewallOverMax(at.per_az)));
        }
        let over_max = || Message::own(Said::NatOverMax(at));
        say_nat_load(ctx, out, l, over_max, Message::own(Said::Carries(at)));
        out.notes.push(Message::Text(WAIVER));
        out.notes.push(Message::Text(S3_NOT_INSPECTED));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn its_verdict_names_the_firewall_ceiling() {
        let carries = |per_az| Said::Carries(PerAz::new(per_az, dec!(5), dec!(100))).to_string();
        assert!(carries(dec!(3)).ends_with("within its 5 Gbps baseline."));
        assert!(carries(dec!(50)).contains("(up to 100 Gbps per AZ)"));
        assert!(carries(dec!(101)).starts_with("Does not carry the peak: 101 Gbps per AZ"));
    }
}
