//! Option 6: one regional NAT gateway (launched 2025-11-19) present in every
//! AZ the tasks use, billed per active AZ-hour, so no traffic crosses AZs;
//! S3 through the free gateway endpoint.

use super::super::base::{Path, Routes, Way};
use super::super::context::Context;
use super::super::load::per_az_load;
use super::super::messages::{Level, Message, PerAz, gbps};
use super::super::properties::{self as props, Properties, source};
use super::super::result::{About, OptionResult};
use super::lines::{Charge, push_priced_and_dto, say_nat_load};
use super::option::{EgressOption, Listed, Stop};
use crate::pricing::Figure;
use crate::scenario::Scenario;
use std::fmt;

/// Option 6.
pub const LISTED: Listed = Listed {
    about: About {
        id: "regional_nat_gateway",
        name: "Regional NAT gateway + S3 gateway endpoint",
        short_name: "Regional NAT",
        summary: "One regional NAT gateway that follows the tasks into every AZ (no cross-AZ traffic); S3 through the free gateway endpoint.",
    },
    option: &RegionalNat,
};

/// The regional NAT gateway: a NAT present in every AZ the tasks use.
static REGIONAL_NAT_WAY: Way = Way::nat("regional NAT gateway");
const REGIONAL_NAT: Path = Path::of(&REGIONAL_NAT_WAY);

/// Regional NAT gateway hours, per active AZ.
const HOURS: &str = "Regional NAT gateway hours (billed in each active AZ)";
/// Its public IPv4 addresses, one per active AZ.
const IPV4: &str = "Regional NAT gateway public IPv4 (assumed one per active AZ)";
/// Its data processing.
const PROCESSING: &str = "Regional NAT gateway data processing";

/// It costs what one zonal gateway per AZ costs.
const LIKE_ZONAL: &str = "Costs the same as one zonal NAT gateway per AZ with an S3 gateway endpoint; it is cheaper than sharing fewer zonal gateways once their cross-AZ charge exceeds the extra AZ-hours, and it needs no public subnet.";
/// A new AZ takes up to an hour to join.
const EXPANSION: &str = "When tasks start in a new AZ, the gateway can take up to 60 minutes to expand there; until then that AZ's traffic crosses AZs (and is charged for it).";

/// What the regional NAT gateway says with figures in it.
#[derive(Debug)]
enum Said {
    /// One address per active AZ is an assumption (AZs).
    Addresses(u32),
    /// Peak per AZ above a zonal gateway's ceiling (assumed per AZ).
    OverMax(PerAz),
    /// Its bandwidth verdict, against a zonal gateway's limits assumed per AZ.
    Carries(PerAz),
}

impl fmt::Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Said::Addresses(azs) => write!(
                f,
                "Priced with one public IPv4 address per active AZ ({azs}): an assumption, as AWS allocates the regional gateway's addresses itself and may use more."
            ),
            Said::OverMax(PerAz { per_az, max, .. }) => write!(
                f,
                "Peak through the regional NAT gateway is {} Gbps per AZ, above the {} Gbps a zonal gateway scales to (AWS states no separate limit for the regional one; this assumes the same per AZ).",
                gbps(per_az),
                gbps(max)
            ),
            Said::Carries(at) if at.level == Level::OverMax => write!(
                f,
                "Does not carry the peak: {} Gbps per AZ through the regional NAT gateway is above the {} Gbps a zonal gateway scales to (assumed to hold per AZ).",
                gbps(at.per_az),
                gbps(at.max)
            ),
            Said::Carries(at) => write!(
                f,
                "Carries the peak: {} Gbps per AZ through the regional NAT gateway, {} (a zonal gateway's limits, assumed per AZ).",
                gbps(at.per_az),
                at.headroom()
            ),
        }
    }
}

/// A regional NAT gateway.
pub struct RegionalNat;

impl EgressOption for RegionalNat {
    fn routes(&self, _: &Scenario) -> Routes {
        Routes::nat_with_s3_endpoint(REGIONAL_NAT)
    }

    fn properties(&self, s: &Scenario, routes: &Routes) -> Properties {
        Properties {
            availability: props::contained(
                props::with_azs!(
                    s.azs,
                    "AWS runs a regional NAT gateway in each AZ the tasks use ({}), with high availability by default: losing one AZ cuts egress only for the tasks in it."
                ),
                source::REGIONAL_NAT,
            )
            .and(
                "It follows the tasks: in an AZ it does not cover yet, it can take up to 60 minutes to expand.",
                source::REGIONAL_NAT,
            )
            .with(props::service_availability(routes)),
            security: props::nat_security(routes).and(
                "It needs no public subnet to host it.",
                source::REGIONAL_NAT,
            ),
            operations: props::nat_gateway_operations(),
        }
    }

    fn price(&self, ctx: &Context<'_>, out: &mut OptionResult) -> Result<(), Stop> {
        let s = ctx.scenario;
        let routes = out.routes;
        let az_hours = ctx.az_hours()?;
        let routed_gb = routes.volume(&ctx.volumes, REGIONAL_NAT);
        let lines = &mut out.lines;
        push_priced_and_dto(
            ctx,
            lines,
            [
                Charge::fixed(HOURS, az_hours, Figure::RegionalNatHour),
                Charge::fixed(IPV4, az_hours, Figure::Ipv4Hour),
                Charge::per_gb(PROCESSING, routed_gb, Figure::RegionalNatGb),
            ],
        )?;
        if !ctx.explains() {
            return Ok(());
        }
        // Its peak per AZ against a zonal gateway's limits (assumed to hold
        // per AZ: AWS states none for the regional one).
        let (mut l, at) = per_az_load(ctx, &routes, REGIONAL_NAT, "AZ")?;
        l.gateways_needed = 1;
        let over_max = || Message::own(Said::OverMax(at));
        say_nat_load(ctx, out, l, over_max, Message::own(Said::Carries(at)));
        out.notes.push(Message::own(Said::Addresses(s.azs)));
        out.notes.push(Message::Text(LIKE_ZONAL));
        out.notes.push(Message::Text(EXPANSION));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn its_verdict_follows_the_load_per_az() {
        let verdict = |per_az| Said::Carries(PerAz::new(per_az, dec!(5), dec!(100))).to_string();
        assert!(verdict(dec!(120)).starts_with("Does not carry the peak: 120 Gbps per AZ"));
        assert!(verdict(dec!(7)).contains(
            "7 Gbps per AZ through the regional NAT gateway, above its 5 Gbps baseline and within the 100 Gbps it scales to"
        ));
        assert!(verdict(dec!(3)).ends_with("within its 5 Gbps baseline (a zonal gateway's limits, assumed per AZ)."));
    }
}
