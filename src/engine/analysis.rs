//! What the engine says beyond the cost lines: bandwidth ceiling checks and
//! break-even figures, each with its assumption (worded in `messages`).

use super::messages::{EndpointsExplanation, Message, PublicExplanation, S3Explanation, Verdict};
use super::{Ctx, EngineError, Item, OptionResult, div, mul};
use crate::money::{Money, TwoPlaces};
use rust_decimal::Decimal;
use serde::Serialize;

/// 1/100 as a decimal: multiplying by it is exact and cheaper than dividing by 100.
const PERCENT: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

/// The NAT bandwidth check of one option.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NatLoad {
    /// Share of the traffic that rides NAT in this option, percent.
    #[serde(serialize_with = "crate::money::plain")]
    pub share_percent: Decimal,
    /// Peak through NAT, Gbps (`peak_gbps × share`).
    pub peak_gbps: TwoPlaces,
    /// NAT gateways in the scenario.
    pub gateways: u32,
    /// Peak per gateway, Gbps.
    pub per_gateway_gbps: TwoPlaces,
    /// `max(1, ceil(peak / max_gbps))`.
    pub gateways_needed: u32,
    /// Per-gateway peak above the baseline (the gateway scales up on its own).
    pub over_baseline: bool,
    /// Per-gateway peak above the most a gateway scales to.
    pub over_max: bool,
}

/// Checks the NAT peak of an option and adds its warning or note.
pub(super) fn nat_load(
    ctx: &Ctx<'_>,
    share_percent: Decimal,
    warnings: &mut Vec<Message>,
    notes: &mut Vec<Message>,
) -> Result<NatLoad, EngineError> {
    let limits = &ctx.table.limits.nat_gateway;
    let (baseline, max) = (limits.baseline_gbps.value, limits.max_gbps.value);
    let gateways = ctx.scenario.nat_gateways;
    let peak = mul(
        mul(ctx.scenario.peak_gbps, share_percent, "NAT peak")?,
        PERCENT,
        "NAT peak",
    )?;
    let per_gateway = div(peak, Decimal::from(gateways), "NAT peak per gateway")?;
    let needed = div(peak, max, "NAT gateways needed")?
        .ceil()
        .max(Decimal::ONE);
    let gateways_needed = u32::try_from(needed).unwrap_or(u32::MAX);
    let load = NatLoad {
        share_percent,
        peak_gbps: TwoPlaces(peak),
        gateways,
        per_gateway_gbps: TwoPlaces(per_gateway),
        gateways_needed,
        over_baseline: per_gateway > baseline,
        over_max: per_gateway > max,
    };
    if load.over_max {
        warnings.push(Message::NatOverMax {
            peak,
            per_gateway,
            gateways,
            max,
            needed: gateways_needed,
        });
    } else if load.over_baseline {
        notes.push(Message::NatOverBaseline {
            per_gateway,
            baseline,
            max,
        });
    }
    Ok(load)
}

/// Peak interface-endpoint load per AZ, Gbps (computed once, kept in [`Ctx`]).
pub(super) fn endpoint_peak_per_az(ctx: &Ctx<'_>) -> Result<Decimal, EngineError> {
    let s = ctx.scenario;
    let peak = mul(
        mul(s.peak_gbps, s.aws_percent, "endpoint peak")?,
        PERCENT,
        "endpoint peak",
    )?;
    div(peak, Decimal::from(s.azs), "endpoint peak per AZ")
}

/// Checks the interface endpoints' per-AZ peak and adds its warning or note.
pub(super) fn endpoint_load(
    ctx: &Ctx<'_>,
    warnings: &mut Vec<Message>,
    notes: &mut Vec<Message>,
) -> Result<(), EngineError> {
    let limits = &ctx.table.limits.interface_endpoint;
    let per_az = ctx.endpoint_peak_per_az;
    let (baseline, max) = (
        limits.baseline_gbps_per_az.value,
        limits.max_gbps_per_az.value,
    );
    if per_az > max {
        warnings.push(Message::EndpointOverMax { per_az, max });
    } else if per_az > baseline {
        notes.push(Message::EndpointOverBaseline {
            per_az,
            baseline,
            max,
        });
    }
    if ctx.scenario.interface_endpoints > 50 {
        notes.push(Message::EndpointQuota);
    }
    Ok(())
}

/// The scenario-wide bandwidth verdict.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Bandwidth {
    /// The scenario's peak, Gbps.
    #[serde(serialize_with = "crate::money::plain")]
    pub peak_gbps: Decimal,
    /// A NAT gateway's baseline, Gbps.
    #[serde(serialize_with = "crate::money::plain")]
    pub nat_baseline_gbps: Decimal,
    /// The most a NAT gateway scales to, Gbps.
    #[serde(serialize_with = "crate::money::plain")]
    pub nat_max_gbps: Decimal,
    /// NAT gateways in the scenario.
    pub nat_gateways: u32,
    /// Gateways the busiest NAT option needs (all traffic through NAT).
    pub nat_gateways_needed: u32,
    /// Per-gateway peak in the busiest NAT option, Gbps.
    pub nat_per_gateway_gbps: TwoPlaces,
    /// Interface endpoint peak per AZ, Gbps (`peak × aws_percent / azs`).
    pub endpoint_per_az_gbps: TwoPlaces,
    /// An endpoint's baseline per AZ, Gbps.
    #[serde(serialize_with = "crate::money::plain")]
    pub endpoint_baseline_gbps_per_az: Decimal,
    /// The most an endpoint scales to per AZ, Gbps.
    #[serde(serialize_with = "crate::money::plain")]
    pub endpoint_max_gbps_per_az: Decimal,
    /// The verdict in one or two sentences.
    pub verdict: Verdict,
}

pub(super) fn bandwidth(ctx: &Ctx<'_>, options: &[OptionResult]) -> Result<Bandwidth, EngineError> {
    let nat_limits = &ctx.table.limits.nat_gateway;
    let endpoint_limits = &ctx.table.limits.interface_endpoint;
    // The plain NAT option carries the most; its load is the conservative verdict.
    let busiest = options
        .iter()
        .filter_map(|o| o.nat_load.as_ref())
        .max_by_key(|l| l.per_gateway_gbps.0);
    let (needed, per_gateway) = busiest.map_or((1, Decimal::ZERO), |l| {
        (l.gateways_needed, l.per_gateway_gbps.0)
    });
    let s = ctx.scenario;
    let per_az = ctx.endpoint_peak_per_az;
    let endpoints_carry = s.interface_endpoints > 0 && !s.aws_percent.is_zero();
    Ok(Bandwidth {
        peak_gbps: s.peak_gbps,
        nat_baseline_gbps: nat_limits.baseline_gbps.value,
        nat_max_gbps: nat_limits.max_gbps.value,
        nat_gateways: s.nat_gateways,
        nat_gateways_needed: needed,
        nat_per_gateway_gbps: TwoPlaces(per_gateway),
        endpoint_per_az_gbps: TwoPlaces(per_az),
        endpoint_baseline_gbps_per_az: endpoint_limits.baseline_gbps_per_az.value,
        endpoint_max_gbps_per_az: endpoint_limits.max_gbps_per_az.value,
        verdict: Verdict {
            peak: s.peak_gbps,
            per_gateway,
            gateways: s.nat_gateways,
            needed,
            nat_baseline: nat_limits.baseline_gbps.value,
            nat_max: nat_limits.max_gbps.value,
            endpoint_per_az: endpoints_carry.then_some(per_az),
            endpoint_baseline: endpoint_limits.baseline_gbps_per_az.value,
            endpoint_max: endpoint_limits.max_gbps_per_az.value,
        },
    })
}

/// Public subnets against the cheapest NAT option.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicVsNat {
    /// The NAT option compared with.
    pub nat_option: &'static str,
    /// Its fixed monthly cost (gateways, their addresses, endpoint hours).
    pub nat_fixed_cost: Money,
    /// The public-subnet option's fixed monthly cost (task addresses).
    pub public_fixed_cost: Money,
    /// `nat_fixed_cost − public_fixed_cost`.
    pub fixed_cost_difference: Money,
    /// The comparison and what the NAT buys, in words.
    pub explanation: PublicExplanation,
}

/// Break-even figures.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BreakEven {
    /// AWS-API GB per month at which interface endpoints cost the same as
    /// sending that traffic through the NAT (which stays for the internet).
    pub interface_endpoints_gb: Option<TwoPlaces>,
    /// The assumption behind that figure, and what it means here.
    pub interface_endpoints_explanation: EndpointsExplanation,
    /// What the S3 gateway endpoint saves a month (option 1 − option 2).
    pub s3_gateway_endpoint_saving: Money,
    /// How that saving arises.
    pub s3_gateway_endpoint_explanation: S3Explanation,
    /// Public subnets against the cheapest NAT option.
    pub public_subnet_vs_nat: PublicVsNat,
}

fn fixed_cost(option: &OptionResult) -> Money {
    let fixed: Decimal = option
        .lines
        .iter()
        .filter(|l| {
            matches!(
                l.item,
                Item::NatHours | Item::NatIpv4 | Item::EndpointHours | Item::PublicIpv4
            )
        })
        .map(|l| l.cost.exact())
        .sum();
    Money::new(fixed)
}

pub(super) fn break_even(
    ctx: &Ctx<'_>,
    options: &[OptionResult],
) -> Result<BreakEven, EngineError> {
    let s = ctx.scenario;
    let r = ctx.region;
    // The endpoints' fixed cost is the hours line the options already priced
    // (endpoints-only always carries it), not a second computation of it.
    let fixed = options
        .iter()
        .flat_map(|o| o.lines.iter())
        .find(|l| l.item == Item::EndpointHours)
        .map_or(Money::default(), |l| l.cost);
    let per_gb_saving = r.nat_gb.usd - r.endpoint_gb.first_price();
    let break_even = if s.interface_endpoints > 0 && per_gb_saving > Decimal::ZERO {
        Some(div(fixed.exact(), per_gb_saving, "break-even")?)
    } else {
        None
    };

    let cost_of = |id: &str| {
        options
            .iter()
            .find(|o| o.id == id)
            .map_or(Decimal::ZERO, |o| o.monthly_cost.exact())
    };
    let s3_saving = Money::new(cost_of("nat_gateway") - cost_of("nat_gateway_s3_endpoint"));

    let nat = options
        .iter()
        .filter(|o| o.nat_load.is_some() && o.feasible)
        .min_by_key(|o| o.monthly_cost.cents())
        .unwrap_or(&options[0]);
    let public = options
        .iter()
        .find(|o| o.id == "public_subnet")
        .unwrap_or(&options[0]);
    let (nat_fixed, public_fixed) = (fixed_cost(nat), fixed_cost(public));
    Ok(BreakEven {
        interface_endpoints_gb: break_even.map(TwoPlaces),
        interface_endpoints_explanation: EndpointsExplanation {
            endpoints: s.interface_endpoints,
            azs: s.azs,
            fixed,
            nat_gb: r.nat_gb.usd,
            endpoint_gb: r.endpoint_gb.first_price(),
            break_even,
            aws_gb: ctx.volumes.aws_gb,
            crosses_az: s.nat_gateways < s.azs,
        },
        s3_gateway_endpoint_saving: s3_saving,
        s3_gateway_endpoint_explanation: S3Explanation {
            s3_gb: ctx.volumes.s3_gb,
            nat_gb: r.nat_gb.usd,
            crosses_az: s.nat_gateways < s.azs,
        },
        public_subnet_vs_nat: PublicVsNat {
            nat_option: nat.id,
            nat_fixed_cost: nat_fixed,
            public_fixed_cost: public_fixed,
            fixed_cost_difference: Money::new(nat_fixed.exact() - public_fixed.exact()),
            explanation: PublicExplanation {
                public_fixed,
                addresses: s.public_ips,
                nat_fixed,
                nat_name: nat.name,
            },
        },
    })
}
