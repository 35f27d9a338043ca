//! Lines several options share: data transfer out, interface endpoints,
//! zonal NAT gateways and the cross-AZ leg to a NAT in another AZ.

use super::super::context::Context;
use super::super::model::{CostKind, EngineError, Item, Line, Path, Routes, div, mul};
use super::Stop;
use crate::pricing::{Figure, TieredRate};
use rust_decimal::Decimal;

/// One line to price from a figure: what, how much, in which unit, at
/// which figure's rate, fixed or per GB.
pub type Priced = (Item, Decimal, &'static str, Figure, CostKind);

/// Prices each of `items` at its figure's rate and appends it.
pub fn push_priced<const N: usize>(
    ctx: &Context<'_>,
    lines: &mut Vec<Line>,
    items: [Priced; N],
) -> Result<(), Stop> {
    for (item, quantity, unit, figure, kind) in items {
        lines.push(Line::new(item, quantity, unit, ctx.rate(figure)?, kind)?);
    }
    Ok(())
}

/// Data transfer out lines: the optional free 100 GB, then the tiers.
pub fn dto_lines(ctx: &Context<'_>) -> Result<Vec<Line>, EngineError> {
    let Ok(rate) = ctx.region.tiered(Figure::DtoGb) else {
        return Err(EngineError {
            what: "a region without data transfer out prices",
        });
    };
    let mut lines = Vec::with_capacity(1 + rate.tiers.len());
    let out = ctx.volumes.internet_out_gb;
    let billable = if ctx.scenario.dto_free_tier {
        let free = out.min(Decimal::from(super::super::model::DTO_FREE_GB));
        lines.push(Line::new(
            Item::DtoFree,
            free,
            "GB",
            (Decimal::ZERO, Figure::DtoGb, &rate.provenance),
            CostKind::PerGb,
        )?);
        out - free
    } else {
        out
    };
    tier_lines(
        billable,
        rate,
        Figure::DtoGb,
        &mut lines,
        |from_gb, to_gb| Item::Dto { from_gb, to_gb },
    )?;
    Ok(lines)
}

/// One per-GB line per tier `gb` reaches, each item naming its tier.
fn tier_lines(
    gb: Decimal,
    rate: &TieredRate,
    figure: Figure,
    lines: &mut Vec<Line>,
    item: impl Fn(Decimal, Option<Decimal>) -> Item,
) -> Result<(), EngineError> {
    for slice in super::super::tiers::split(gb, &rate.tiers) {
        lines.push(Line::new(
            item(slice.from_gb, slice.to_gb),
            slice.gb,
            "GB",
            (slice.usd, figure, &rate.provenance),
            CostKind::PerGb,
        )?);
    }
    Ok(())
}

/// Interface endpoint lines: hours in every AZ, then tiered processing of
/// `gb` (none when there are no endpoints: nothing could process it).
pub fn endpoint_lines(ctx: &Context<'_>, gb: Decimal, lines: &mut Vec<Line>) -> Result<(), Stop> {
    let s = ctx.scenario;
    let hour = ctx.rate(Figure::EndpointHour)?;
    // The hours' cost is the context's (the break-even and the advice use it too).
    lines.push(Line::with_cost(
        Item::EndpointHours,
        Decimal::from(s.interface_endpoints * s.azs) * ctx.hours,
        "endpoint-AZ-hours",
        hour,
        CostKind::Fixed,
        ctx.endpoint_fixed,
    ));
    if s.interface_endpoints == 0 {
        return Ok(());
    }
    let tiers = ctx.region.tiered(Figure::EndpointGb)?;
    tier_lines(gb, tiers, Figure::EndpointGb, lines, |from_gb, to_gb| {
        Item::EndpointProcessing { from_gb, to_gb }
    })?;
    Ok(())
}

/// Zonal NAT gateway lines for an option routing traffic as `routes`:
/// hours, their Elastic IPs, processing of what the routes send through the
/// gateways, and the cross-AZ leg when gateways are fewer than AZs.
pub fn nat_gateway_lines(
    ctx: &Context<'_>,
    routes: &Routes,
    lines: &mut Vec<Line>,
) -> Result<(), Stop> {
    let s = ctx.scenario;
    let routed_gb = routes.volume(&ctx.volumes, Path::NatGateway);
    let gateway_hours = mul(Decimal::from(s.nat_gateways), ctx.hours, "NAT hours")?;
    push_priced(
        ctx,
        lines,
        [
            (
                Item::NatHours,
                gateway_hours,
                "gateway-hours",
                Figure::NatHour,
                CostKind::Fixed,
            ),
            (
                Item::NatIpv4,
                gateway_hours,
                "address-hours",
                Figure::Ipv4Hour,
                CostKind::Fixed,
            ),
            (
                Item::NatProcessing,
                routed_gb,
                "GB",
                Figure::NatGb,
                CostKind::PerGb,
            ),
        ],
    )?;
    cross_az_line(ctx, routed_gb, s.nat_gateways, lines)
}

/// The GB that cross AZs to reach `nats` NAT devices placed one per AZ:
/// the share of the tasks' AZs without one, billed out of one AZ and into the other.
pub fn cross_az_gb(
    ctx: &Context<'_>,
    routed_gb: Decimal,
    nats: u32,
) -> Result<Decimal, EngineError> {
    let azs = ctx.scenario.azs;
    if nats >= azs {
        return Ok(Decimal::ZERO);
    }
    let crossing = mul(routed_gb, Decimal::from(azs - nats), "cross-AZ volume")?;
    let crossing = div(crossing, Decimal::from(azs), "cross-AZ volume")?;
    mul(crossing, Decimal::TWO, "cross-AZ volume")
}

/// The cross-AZ line, when `nats` are fewer than the AZs.
pub fn cross_az_line(
    ctx: &Context<'_>,
    routed_gb: Decimal,
    nats: u32,
    lines: &mut Vec<Line>,
) -> Result<(), Stop> {
    if nats < ctx.scenario.azs {
        let gb = cross_az_gb(ctx, routed_gb, nats)?;
        push_priced(
            ctx,
            lines,
            [(
                Item::CrossAz,
                gb,
                "GB (out + in)",
                Figure::CrossAzGb,
                CostKind::PerGb,
            )],
        )?;
    }
    Ok(())
}
