//! What several options share: a line priced from a figure ([`Charge`]),
//! interface endpoint lines, zonal NAT gateway lines and their bandwidth
//! check and notes, the cross-AZ leg to a NAT in another AZ, and how an
//! option records its NAT's load and verdict. (Data transfer out is priced
//! once, in the context.)

use super::super::base::{EngineError, Path, Routes, cross_az_leg, div, mul};
use super::super::context::Context;
use super::super::line::{CostKind, Item, Line, tier_lines};
use super::super::load::{NatLoad, load, nat_verdict, say_load};
use super::super::messages::{Message, OptionVerdict};
use super::super::result::OptionResult;
use super::option::Stop;
use crate::pricing::Figure;
use rust_decimal::Decimal;

/// Zonal NAT gateway hours.
pub const NAT_HOURS: &str = "NAT gateway hours";
/// The NAT gateways' Elastic IPs (public IPv4 charge since 2024-02-01).
pub const NAT_IPV4: &str = "NAT gateway public IPv4 (Elastic IP)";
/// Zonal NAT gateway data processing.
pub const NAT_PROCESSING: &str = "NAT gateway data processing";
/// Cross-AZ transfer to a NAT in another AZ, both directions.
pub const CROSS_AZ: &str = "Cross-AZ transfer to a NAT in another AZ (billed out and in)";
/// Interface endpoint hours.
pub const ENDPOINT_HOURS: &str = "Interface endpoint hours (each endpoint in each AZ)";
/// Interface endpoint data processing (one line per tier).
pub const ENDPOINT_PROCESSING: &str = "Interface endpoint data processing";

/// One line to price from a figure: what, how much (in the figure's
/// units), at which figure's rate, fixed or per GB, and how much of it the
/// option pays.
#[derive(Debug, Clone, Copy)]
pub struct Charge {
    label: &'static str,
    quantity: Decimal,
    figure: Figure,
    kind: CostKind,
    part: Part,
}

/// How much of a charge the option pays.
#[derive(Debug, Clone, Copy)]
enum Part {
    /// All of it.
    Whole,
    /// None: AWS waives it.
    Waived,
    /// An even share among this many payers.
    Split(u32),
}

impl Charge {
    /// A charge whatever the traffic: `quantity` of the figure's units (hours, GB-months).
    pub const fn fixed(label: &'static str, quantity: Decimal, figure: Figure) -> Charge {
        Charge {
            label,
            quantity,
            figure,
            kind: CostKind::Fixed,
            part: Part::Whole,
        }
    }

    /// A charge on `gb` of traffic.
    pub const fn per_gb(label: &'static str, gb: Decimal, figure: Figure) -> Charge {
        Charge {
            label,
            quantity: gb,
            figure,
            kind: CostKind::PerGb,
            part: Part::Whole,
        }
    }

    /// The same charge waived: shown with its quantity and unit price, at
    /// no cost, so the waiver is visible.
    pub const fn waived(self) -> Charge {
        Charge {
            part: Part::Waived,
            ..self
        }
    }

    /// An even share of the charge among `payers`: the quantity ÷ payers,
    /// its cost the whole charge ÷ payers (multiplied before divided).
    pub const fn split(self, payers: u32) -> Charge {
        Charge {
            part: Part::Split(payers),
            ..self
        }
    }
}

/// Prices each of `items` at its figure's rate and appends it.
pub fn push_priced<const N: usize>(
    ctx: &Context<'_>,
    lines: &mut Vec<Line>,
    items: [Charge; N],
) -> Result<(), Stop> {
    for c in items {
        let (item, rate) = (Item::Label(c.label), ctx.rate(c.figure)?);
        lines.push(match c.part {
            Part::Whole => Line::new(item, c.quantity, rate, c.kind)?,
            Part::Waived => Line::with_cost(item, c.quantity, rate, c.kind, Decimal::ZERO),
            Part::Split(payers) => {
                let payers = Decimal::from(payers);
                let whole = mul(c.quantity, rate.0, "a shared charge")?;
                let quantity = div(c.quantity, payers, "a shared charge")?;
                let cost = div(whole, payers, "a shared charge")?;
                Line::with_cost(item, quantity, rate, c.kind, cost)
            }
        });
    }
    Ok(())
}

/// An option's own charges, priced as [`push_priced`] prices them, then the data transfer out
/// that every option carrying internet traffic pays (room made for both at once).
pub fn push_priced_and_dto<const N: usize>(
    ctx: &Context<'_>,
    lines: &mut Vec<Line>,
    items: [Charge; N],
) -> Result<(), Stop> {
    lines.reserve(N + ctx.dto_lines.len());
    push_priced(ctx, lines, items)?;
    lines.extend_from_slice(&ctx.dto_lines);
    Ok(())
}

/// Interface endpoint lines: hours in every AZ, then tiered processing of
/// `gb` (none when there are no endpoints: nothing could process it).
pub fn endpoint_lines(ctx: &Context<'_>, gb: Decimal, lines: &mut Vec<Line>) -> Result<(), Stop> {
    let s = ctx.scenario;
    let hour = ctx.rate(Figure::EndpointHour)?;
    // The hours' cost is the context's (the break-even and the advice use it too).
    lines.push(Line::with_cost(
        Item::Label(ENDPOINT_HOURS),
        Decimal::from(s.interface_endpoints * s.azs) * ctx.hours,
        hour,
        CostKind::Fixed,
        ctx.endpoint_fixed,
    ));
    if s.interface_endpoints == 0 {
        return Ok(());
    }
    let tiers = ctx.region.tiered(Figure::EndpointGb)?;
    tier_lines(gb, tiers, Figure::EndpointGb, ENDPOINT_PROCESSING, lines)?;
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
    let routed_gb = routes.volume(&ctx.volumes, Path::NAT_GATEWAY);
    let gateway_hours = mul(Decimal::from(s.nat_gateways), ctx.hours, "NAT hours")?;
    push_priced(
        ctx,
        lines,
        [
            Charge::fixed(NAT_HOURS, gateway_hours, Figure::NatHour),
            Charge::fixed(NAT_IPV4, gateway_hours, Figure::Ipv4Hour),
            Charge::per_gb(NAT_PROCESSING, routed_gb, Figure::NatGb),
        ],
    )?;
    cross_az_line(ctx, routed_gb, s.nat_gateways, lines)
}

/// The cross-AZ line of `routed_gb` sent to `nats` NAT devices placed one
/// per AZ, when they are fewer than the AZs: [`cross_az_leg`] of the GB,
/// priced at the cross-AZ rate (its cost the leg of the dollars, so
/// multiplied before divided).
pub fn cross_az_line(
    ctx: &Context<'_>,
    routed_gb: Decimal,
    nats: u32,
    lines: &mut Vec<Line>,
) -> Result<(), Stop> {
    let azs = ctx.scenario.azs;
    if nats >= azs {
        return Ok(());
    }
    let rate = ctx.rate(Figure::CrossAzGb)?;
    let gb = cross_az_leg(routed_gb, azs, nats)?;
    let cost = cross_az_leg(mul(routed_gb, rate.0, "cross-AZ cost")?, azs, nats)?;
    // Each GB is billed twice, out of one AZ and into the other.
    lines.push(
        Line::with_cost(Item::Label(CROSS_AZ), gb, rate, CostKind::PerGb, cost)
            .in_units("GB (out + in)"),
    );
    Ok(())
}

/// What a NAT's load `l` earns: the warning `over_max` above a NAT
/// gateway's ceiling, or the note above its baseline; then the load, the
/// NAT devices its peak needs and the option's bandwidth verdict, `carrier`,
/// recorded.
pub fn say_nat_load(
    ctx: &Context<'_>,
    out: &mut OptionResult,
    l: NatLoad,
    over_max: impl FnOnce() -> Message,
    carrier: Message,
) {
    say_load(ctx, &l, over_max, &mut out.warnings, &mut out.notes);
    out.nat_gateways_needed = Some(l.gateways_needed);
    out.bandwidth_verdict = Some(OptionVerdict {
        carrier,
        endpoints: None,
    });
    out.nat_load = Some(l);
}

/// The bandwidth check, verdict and layout notes every zonal-NAT option carries.
pub fn nat_gateway_notes(
    ctx: &Context<'_>,
    routes: Routes,
    out: &mut OptionResult,
) -> Result<(), EngineError> {
    let s = ctx.scenario;
    let share = routes.share_percent(&ctx.shares, Path::NAT_GATEWAY);
    let l = load(ctx, share, s.nat_gateways, "gateway")?;
    let (peak, per_gateway, needed) = (l.peak_gbps.0, l.per_gateway_gbps.0, l.gateways_needed);
    let over_max = || Message::NatOverMax {
        peak,
        per_gateway,
        gateways: s.nat_gateways,
        max: ctx.table.limits.nat_gateway.max_gbps.value,
        needed,
    };
    let carrier = Message::NatGatewaysCarry(nat_verdict(ctx, peak, &l));
    say_nat_load(ctx, out, l, over_max, carrier);
    if s.nat_gateways < s.azs {
        out.notes.push(Message::AzsWithoutNat {
            without: s.azs - s.nat_gateways,
            azs: s.azs,
        });
    } else if s.nat_gateways > s.azs {
        out.notes.push(Message::ExtraGateways {
            gateways: s.nat_gateways,
            azs: s.azs,
        });
    }
    Ok(())
}
