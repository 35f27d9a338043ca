//! Option 6: one regional NAT gateway (launched 2025-11-19) present in every
//! AZ the tasks use, billed per active AZ-hour, so no traffic crosses AZs;
//! S3 through the free gateway endpoint.

use super::super::analysis::{regional_carrier, regional_load};
use super::super::context::Context;
use super::super::messages::{Message, OptionVerdict};
use super::super::model::{CostKind, Item, OptionResult, Path, Routes, mul};
use super::lines::push_priced;
use super::{EgressOption, Stop};
use crate::pricing::Figure;
use crate::scenario::Scenario;
use rust_decimal::Decimal;

/// A regional NAT gateway.
pub struct RegionalNat;

impl EgressOption for RegionalNat {
    fn routes(&self, _: &Scenario) -> Routes {
        Routes::nat_with_s3_endpoint(Path::RegionalNatGateway)
    }

    fn price(&self, ctx: &Context<'_>, out: &mut OptionResult) -> Result<(), Stop> {
        let s = ctx.scenario;
        let routes = self.routes(s);
        let az_hours = mul(Decimal::from(s.azs), ctx.hours, "regional NAT hours")?;
        let lines = &mut out.lines;
        lines.reserve(3 + ctx.dto_lines.len());
        let routed_gb = routes.volume(&ctx.volumes, Path::RegionalNatGateway);
        push_priced(
            ctx,
            lines,
            [
                (
                    Item::RegionalNatHours,
                    az_hours,
                    "AZ-hours",
                    Figure::RegionalNatHour,
                    CostKind::Fixed,
                ),
                (
                    Item::RegionalNatIpv4,
                    az_hours,
                    "address-hours",
                    Figure::Ipv4Hour,
                    CostKind::Fixed,
                ),
                (
                    Item::RegionalNatProcessing,
                    routed_gb,
                    "GB",
                    Figure::RegionalNatGb,
                    CostKind::PerGb,
                ),
            ],
        )?;
        lines.extend_from_slice(&ctx.dto_lines);
        if !ctx.explains() {
            return Ok(());
        }
        let share = routes.share_percent(&ctx.shares, Path::RegionalNatGateway);
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
        Ok(())
    }
}
