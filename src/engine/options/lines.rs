//! Lines several options share: data transfer out, interface endpoints,
//! zonal NAT gateways and the cross-AZ leg to a NAT in another AZ.

use super::super::context::Context;
use super::super::model::{CostKind, EngineError, Item, Line, div, mul};
use super::Stop;
use crate::pricing::Figure;
use rust_decimal::Decimal;

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
    for slice in super::super::tiers::split(billable, &rate.tiers) {
        let item = Item::Dto {
            from_gb: slice.from_gb,
            to_gb: slice.to_gb,
        };
        lines.push(Line::new(
            item,
            slice.gb,
            "GB",
            (slice.usd, Figure::DtoGb, &rate.provenance),
            CostKind::PerGb,
        )?);
    }
    Ok(lines)
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
    for slice in super::super::tiers::split(gb, &tiers.tiers) {
        let item = Item::EndpointProcessing {
            from_gb: slice.from_gb,
            to_gb: slice.to_gb,
        };
        lines.push(Line::new(
            item,
            slice.gb,
            "GB",
            (slice.usd, Figure::EndpointGb, &tiers.provenance),
            CostKind::PerGb,
        )?);
    }
    Ok(())
}

/// Zonal NAT gateway lines: hours, their Elastic IPs, processing of
/// `routed_gb`, and the cross-AZ leg when gateways are fewer than AZs.
pub fn nat_gateway_lines(
    ctx: &Context<'_>,
    routed_gb: Decimal,
    lines: &mut Vec<Line>,
) -> Result<(), Stop> {
    let s = ctx.scenario;
    let gateway_hours = mul(Decimal::from(s.nat_gateways), ctx.hours, "NAT hours")?;
    lines.push(Line::new(
        Item::NatHours,
        gateway_hours,
        "gateway-hours",
        ctx.rate(Figure::NatHour)?,
        CostKind::Fixed,
    )?);
    lines.push(Line::new(
        Item::NatIpv4,
        gateway_hours,
        "address-hours",
        ctx.rate(Figure::Ipv4Hour)?,
        CostKind::Fixed,
    )?);
    lines.push(Line::new(
        Item::NatProcessing,
        routed_gb,
        "GB",
        ctx.rate(Figure::NatGb)?,
        CostKind::PerGb,
    )?);
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
        lines.push(Line::new(
            Item::CrossAz,
            cross_az_gb(ctx, routed_gb, nats)?,
            "GB (out + in)",
            ctx.rate(Figure::CrossAzGb)?,
            CostKind::PerGb,
        )?);
    }
    Ok(())
}
