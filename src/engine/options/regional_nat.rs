//! Option 6: one regional NAT gateway (launched 2025-11-19) present in every
//! AZ the tasks use, billed per active AZ-hour, so no traffic crosses AZs;
//! S3 through the free gateway endpoint.

use super::super::analysis::{regional_carrier, regional_load};
use super::super::context::Context;
use super::super::messages::{Message, OptionVerdict};
use super::super::model::{CostKind, Item, Line, OptionResult, Path, Routes, mul};
use super::{EgressOption, Stop};
use crate::pricing::Figure;
use crate::scenario::Scenario;
use rust_decimal::Decimal;

/// A regional NAT gateway.
pub struct RegionalNat;

impl EgressOption for RegionalNat {
    fn id(&self) -> &'static str {
        "regional_nat_gateway"
    }
    fn name(&self) -> &'static str {
        "Regional NAT gateway + S3 gateway endpoint"
    }
    fn short_name(&self) -> &'static str {
        "Regional NAT"
    }
    fn summary(&self) -> &'static str {
        "One regional NAT gateway that follows the tasks into every AZ (no cross-AZ traffic); S3 through the free gateway endpoint."
    }

    fn routes(&self, _: &Scenario) -> Routes {
        let nat = Path::RegionalNatGateway;
        Routes {
            s3: Path::S3GatewayEndpoint,
            aws: nat,
            internet: nat,
            ipv6: nat,
        }
    }

    fn price(&self, ctx: &Context<'_>) -> Result<OptionResult, Stop> {
        let s = ctx.scenario;
        let routes = self.routes(s);
        let az_hours = mul(Decimal::from(s.azs), ctx.hours, "regional NAT hours")?;
        let mut lines = Vec::with_capacity(3 + ctx.dto_lines.len());
        lines.push(Line::new(
            Item::RegionalNatHours,
            az_hours,
            "AZ-hours",
            ctx.rate(Figure::RegionalNatHour)?,
            CostKind::Fixed,
        )?);
        lines.push(Line::new(
            Item::RegionalNatIpv4,
            az_hours,
            "address-hours",
            ctx.rate(Figure::Ipv4Hour)?,
            CostKind::Fixed,
        )?);
        lines.push(Line::new(
            Item::RegionalNatProcessing,
            routes.volume(&ctx.volumes, Path::RegionalNatGateway),
            "GB",
            ctx.rate(Figure::RegionalNatGb)?,
            CostKind::PerGb,
        )?);
        lines.extend_from_slice(&ctx.dto_lines);
        let mut out = OptionResult::priced(self, routes, lines)?;
        let share = routes.share_percent(s, Path::RegionalNatGateway);
        let load = regional_load(ctx, share, &mut out.warnings, &mut out.notes)?;
        out.nat_gateways_needed = Some(1);
        out.bandwidth_verdict = Some(OptionVerdict {
            carrier: regional_carrier(ctx, &load),
            endpoints: None,
        });
        out.nat_load = Some(load);
        out.notes.push(Message::RegionalAddresses { azs: s.azs });
        out.notes.push(Message::RegionalLikeZonal);
        out.notes.push(Message::RegionalExpansion);
        Ok(out)
    }
}
