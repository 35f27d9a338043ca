//! The bandwidth checks options make of their own path: a NAT's peak
//! against a NAT gateway's limits, with the warning or note it earns, and
//! the interface endpoints' warning or note. Where a load stands
//! ([`Level`]) is decided here, once, and carried to every sentence.

use super::base::{EngineError, Path, Routes, div, percent_of};
use super::context::Context;
use super::messages::{Level, Message, NatVerdict, PerAz};
use crate::money::TwoPlaces;
use rust_decimal::Decimal;
use serde::Serialize;

/// The NAT bandwidth check of one option.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NatLoad {
    /// Share of the traffic that rides NAT in this option, percent.
    #[serde(serialize_with = "crate::money::plain")]
    pub share_percent: Decimal,
    /// Peak through NAT, Gbps (`peak_gbps × share`).
    pub peak_gbps: TwoPlaces,
    /// What the peak is shared over: `gateway` (zonal) or `AZ` (regional).
    pub per: &'static str,
    /// Gateways (or AZs of the regional gateway) the scenario runs.
    pub gateways: u32,
    /// Peak per gateway (or per AZ), Gbps.
    pub per_gateway_gbps: TwoPlaces,
    /// Gateways the peak needs for bandwidth: `max(1, ceil(peak / max_gbps))`.
    pub gateways_needed: u32,
    /// Per-gateway peak above the baseline (the gateway scales up on its own).
    pub over_baseline: bool,
    /// Per-gateway peak above the most a gateway scales to.
    pub over_max: bool,
    /// Where the per-gateway peak stands (what the two flags above say).
    #[serde(skip)]
    pub level: Level,
}

/// The load of `share_percent` of the peak spread over `units` NAT gateways
/// (or AZs of a regional one), against a NAT gateway's limits.
pub fn load(
    ctx: &Context<'_>,
    share_percent: Decimal,
    units: u32,
    per: &'static str,
) -> Result<NatLoad, EngineError> {
    let limits = &ctx.table.limits.nat_gateway;
    let (baseline, max) = (limits.baseline_gbps.value, limits.max_gbps.value);
    let peak = percent_of(ctx.scenario.peak_gbps, share_percent, "NAT peak")?;
    let per_unit = div(peak, Decimal::from(units), "NAT peak per gateway")?;
    let needed = div(peak, max, "NAT gateways needed")?
        .ceil()
        .max(Decimal::ONE);
    let level = Level::of(per_unit, baseline, max);
    Ok(NatLoad {
        share_percent,
        peak_gbps: TwoPlaces(peak),
        per,
        gateways: units,
        per_gateway_gbps: TwoPlaces(per_unit),
        gateways_needed: u32::try_from(needed).unwrap_or(u32::MAX),
        over_baseline: level != Level::Within,
        over_max: level == Level::OverMax,
        level,
    })
}

/// The load of what `routes` send through `path`, a NAT in each of the
/// scenario's AZs (counted by `per`), and its peak per AZ.
pub fn per_az_load(
    ctx: &Context<'_>,
    routes: &Routes,
    path: Path,
    per: &'static str,
) -> Result<(NatLoad, PerAz), EngineError> {
    let share = routes.share_percent(&ctx.shares, path);
    let l = load(ctx, share, ctx.scenario.azs, per)?;
    let limits = &ctx.table.limits.nat_gateway;
    let at = PerAz {
        per_az: l.per_gateway_gbps.0,
        baseline: limits.baseline_gbps.value,
        max: limits.max_gbps.value,
        level: l.level,
    };
    Ok((l, at))
}

/// The warning `over_max` when a NAT load is over the ceiling, else the
/// note when it is over the baseline.
pub fn say_load(
    ctx: &Context<'_>,
    l: &NatLoad,
    over_max: impl FnOnce() -> Message,
    warnings: &mut Vec<Message>,
    notes: &mut Vec<Message>,
) {
    let limits = &ctx.table.limits.nat_gateway;
    match l.level {
        Level::OverMax => warnings.push(over_max()),
        Level::OverBaseline => notes.push(Message::NatOverBaseline {
            per_gateway: l.per_gateway_gbps.0,
            baseline: limits.baseline_gbps.value,
            max: limits.max_gbps.value,
        }),
        Level::Within => {}
    }
}

/// Whether zonal NAT gateways carry `peak` as `l` found, for a verdict.
pub fn nat_verdict(ctx: &Context<'_>, peak: Decimal, l: &NatLoad) -> NatVerdict {
    let limits = &ctx.table.limits.nat_gateway;
    NatVerdict {
        peak,
        per_gateway: l.per_gateway_gbps.0,
        gateways: l.gateways,
        needed: l.gateways_needed,
        baseline: limits.baseline_gbps.value,
        max: limits.max_gbps.value,
        level: l.level,
    }
}

/// The interface endpoints' warning or note on their per-AZ peak, and the
/// quota note.
pub fn endpoint_checks(ctx: &Context<'_>, warnings: &mut Vec<Message>, notes: &mut Vec<Message>) {
    let l = ctx.endpoint_load;
    match l.level {
        Level::OverMax => warnings.push(Message::EndpointOverMax {
            per_az: l.per_az,
            max: l.max,
        }),
        Level::OverBaseline => notes.push(Message::EndpointOverBaseline {
            per_az: l.per_az,
            baseline: l.baseline,
            max: l.max,
        }),
        Level::Within => {}
    }
    if ctx.scenario.interface_endpoints > 50 {
        notes.push(Message::EndpointQuota);
    }
}
