//! What the engine says beyond the cost lines: bandwidth ceiling checks and
//! break-even figures, each with its assumption (worded in `messages`). The
//! analyses ask the options what they do (their routes, their fixed lines);
//! none names an option.

use super::context::Context;
use super::messages::{
    Carrier, EndpointLoad, EndpointsExplanation, Message, PublicExplanation, S3Explanation, Verdict,
};
use super::model::{EngineError, OptionResult, PERCENT, Path, Routes, div, mul};
use crate::money::{Money, TwoPlaces};
use crate::pricing::Figure;
use rust_decimal::Decimal;
use serde::Serialize;

/// The NAT bandwidth check of one option.
#[derive(Debug, Clone, Serialize)]
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
}

fn load(
    ctx: &Context<'_>,
    share_percent: Decimal,
    units: u32,
    per: &'static str,
) -> Result<NatLoad, EngineError> {
    let limits = &ctx.table.limits.nat_gateway;
    let (baseline, max) = (limits.baseline_gbps.value, limits.max_gbps.value);
    let peak = mul(
        mul(ctx.scenario.peak_gbps, share_percent, "NAT peak")?,
        PERCENT,
        "NAT peak",
    )?;
    let per_unit = div(peak, Decimal::from(units), "NAT peak per gateway")?;
    let needed = div(peak, max, "NAT gateways needed")?
        .ceil()
        .max(Decimal::ONE);
    Ok(NatLoad {
        share_percent,
        peak_gbps: TwoPlaces(peak),
        per,
        gateways: units,
        per_gateway_gbps: TwoPlaces(per_unit),
        gateways_needed: u32::try_from(needed).unwrap_or(u32::MAX),
        over_baseline: per_unit > baseline,
        over_max: per_unit > max,
    })
}

/// Checks the zonal NAT peak of an option and adds its warning or note.
pub(super) fn nat_load(
    ctx: &Context<'_>,
    share_percent: Decimal,
    gateways: u32,
    warnings: &mut Vec<Message>,
    notes: &mut Vec<Message>,
) -> Result<NatLoad, EngineError> {
    let l = load(ctx, share_percent, gateways, "gateway")?;
    let limits = &ctx.table.limits.nat_gateway;
    let over_max = Message::NatOverMax {
        peak: l.peak_gbps.0,
        per_gateway: l.per_gateway_gbps.0,
        gateways,
        max: limits.max_gbps.value,
        needed: l.gateways_needed,
    };
    say_load(ctx, &l, over_max, warnings, notes);
    Ok(l)
}

/// The warning when a NAT load is over the ceiling, else the note when it
/// is over the baseline.
fn say_load(
    ctx: &Context<'_>,
    l: &NatLoad,
    over_max: Message,
    warnings: &mut Vec<Message>,
    notes: &mut Vec<Message>,
) {
    let limits = &ctx.table.limits.nat_gateway;
    if l.over_max {
        warnings.push(over_max);
    } else if l.over_baseline {
        notes.push(Message::NatOverBaseline {
            per_gateway: l.per_gateway_gbps.0,
            baseline: limits.baseline_gbps.value,
            max: limits.max_gbps.value,
        });
    }
}

/// How zonal NAT gateways carry an option's peak, for its verdict.
pub(super) fn gateways_carrier(ctx: &Context<'_>, l: &NatLoad) -> Carrier {
    let limits = &ctx.table.limits.nat_gateway;
    Carrier::Gateways {
        peak: l.peak_gbps.0,
        per_gateway: l.per_gateway_gbps.0,
        gateways: l.gateways,
        needed: l.gateways_needed,
        baseline: limits.baseline_gbps.value,
        max: limits.max_gbps.value,
    }
}

/// How a regional NAT gateway carries an option's peak, per AZ.
pub(super) fn regional_carrier(ctx: &Context<'_>, l: &NatLoad) -> Carrier {
    let limits = &ctx.table.limits.nat_gateway;
    Carrier::Regional {
        per_az: l.per_gateway_gbps.0,
        baseline: limits.baseline_gbps.value,
        max: limits.max_gbps.value,
    }
}

/// The interface endpoints' load per AZ against their limits.
pub(super) fn endpoint_verdict(ctx: &Context<'_>) -> EndpointLoad {
    let limits = &ctx.table.limits.interface_endpoint;
    EndpointLoad {
        per_az: ctx.endpoint_peak_per_az,
        baseline: limits.baseline_gbps_per_az.value,
        max: limits.max_gbps_per_az.value,
    }
}

/// Checks a regional NAT gateway's peak per AZ against the zonal gateway's
/// limits (assumed to hold per AZ: AWS states none for the regional one).
pub(super) fn regional_load(
    ctx: &Context<'_>,
    share_percent: Decimal,
    warnings: &mut Vec<Message>,
    notes: &mut Vec<Message>,
) -> Result<NatLoad, EngineError> {
    let mut l = load(ctx, share_percent, ctx.scenario.azs, "AZ")?;
    l.gateways_needed = 1;
    let over_max = Message::RegionalOverMax {
        per_az: l.per_gateway_gbps.0,
        max: ctx.table.limits.nat_gateway.max_gbps.value,
    };
    say_load(ctx, &l, over_max, warnings, notes);
    Ok(l)
}

/// Checks the interface endpoints' per-AZ peak and adds its warning or note.
pub(super) fn endpoint_load(
    ctx: &Context<'_>,
    warnings: &mut Vec<Message>,
    notes: &mut Vec<Message>,
) {
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
}

/// The scenario-wide bandwidth verdict.
#[derive(Debug, Clone, Serialize)]
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
    /// Gateways the busiest zonal NAT option needs.
    pub nat_gateways_needed: u32,
    /// Per-gateway peak in the busiest zonal NAT option, Gbps.
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

pub(super) fn bandwidth(ctx: &Context<'_>, options: &[OptionResult]) -> Bandwidth {
    let nat_limits = &ctx.table.limits.nat_gateway;
    let endpoint_limits = &ctx.table.limits.interface_endpoint;
    // The option that puts most on zonal gateways gives the conservative verdict.
    let busiest = options
        .iter()
        .filter_map(|o| o.nat_load.as_ref())
        .filter(|l| l.per == "gateway")
        .max_by_key(|l| l.per_gateway_gbps.0);
    let (needed, per_gateway) = busiest.map_or((1, Decimal::ZERO), |l| {
        (l.gateways_needed, l.per_gateway_gbps.0)
    });
    let s = ctx.scenario;
    let per_az = ctx.endpoint_peak_per_az;
    let endpoints_carry = s.interface_endpoints > 0 && !s.aws_percent.is_zero();
    Bandwidth {
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
    }
}

/// Public subnets against the cheapest NAT option.
#[derive(Debug, Clone, Serialize)]
pub struct PublicVsNat {
    /// The NAT option compared with.
    pub nat_option: &'static str,
    /// Its fixed monthly cost (gateways or instances, their addresses, endpoint hours).
    pub nat_fixed_cost: Money,
    /// The public-subnet option's fixed monthly cost (task addresses).
    pub public_fixed_cost: Money,
    /// `nat_fixed_cost − public_fixed_cost`.
    pub fixed_cost_difference: Money,
    /// The comparison and what the NAT buys, in words.
    pub explanation: PublicExplanation,
}

/// Break-even figures.
#[derive(Debug, Clone, Serialize)]
pub struct BreakEven {
    /// AWS-API GB per month at which interface endpoints cost the same as
    /// sending that traffic through the NAT (which stays for the internet).
    pub interface_endpoints_gb: Option<TwoPlaces>,
    /// The assumption behind that figure, and what it means here.
    pub interface_endpoints_explanation: EndpointsExplanation,
    /// What the S3 gateway endpoint saves a month (NAT alone − NAT + S3 endpoint).
    pub s3_gateway_endpoint_saving: Money,
    /// How that saving arises.
    pub s3_gateway_endpoint_explanation: S3Explanation,
    /// Public subnets against the cheapest NAT option.
    pub public_subnet_vs_nat: PublicVsNat,
}

/// $ per GB a GB moved off the NAT onto an in-AZ interface endpoint saves,
/// before the endpoint's own processing: the NAT's processing, plus the
/// cross-AZ leg (`2 × cross_az_gb × (azs − nat_gateways) / azs`) when the
/// gateways are fewer than the AZs.
pub fn nat_path_per_gb(ctx: &Context<'_>) -> Result<(Decimal, Decimal), EngineError> {
    let s = ctx.scenario;
    let nat_gb = ctx
        .region
        .rate(Figure::NatGb)
        .map_or(Decimal::ZERO, |r| r.usd);
    let cross_leg = if s.nat_gateways < s.azs {
        let cross = ctx
            .region
            .rate(Figure::CrossAzGb)
            .map_or(Decimal::ZERO, |r| r.usd);
        div(
            mul(
                mul(Decimal::TWO, cross, "cross-AZ leg")?,
                Decimal::from(s.azs - s.nat_gateways),
                "cross-AZ leg",
            )?,
            Decimal::from(s.azs),
            "cross-AZ leg",
        )?
    } else {
        Decimal::ZERO
    };
    Ok((nat_gb, cross_leg))
}

/// The first-tier interface endpoint price of the region.
pub fn endpoint_gb(ctx: &Context<'_>) -> Decimal {
    ctx.region
        .tiered(Figure::EndpointGb)
        .map_or(Decimal::ZERO, |t| t.first_price())
}

/// GB at which `fixed` dollars a month are recovered at `saving_per_gb`
/// (none when nothing is saved per GB).
pub fn break_even_gb(
    fixed: Decimal,
    saving_per_gb: Decimal,
) -> Result<Option<Decimal>, EngineError> {
    if saving_per_gb > Decimal::ZERO {
        Ok(Some(div(fixed, saving_per_gb, "break-even")?))
    } else {
        Ok(None)
    }
}

pub(super) fn break_even(
    ctx: &Context<'_>,
    options: &[OptionResult],
) -> Result<BreakEven, EngineError> {
    let s = ctx.scenario;
    let (nat_gb, cross_leg) = nat_path_per_gb(ctx)?;
    let endpoint_gb = endpoint_gb(ctx);
    let per_gb_saving = nat_gb + cross_leg - endpoint_gb;
    let fixed = ctx.endpoint_fixed;
    let interface_gb = if s.interface_endpoints > 0 {
        break_even_gb(fixed, per_gb_saving)?
    } else {
        None
    };

    // The S3 endpoint's saving: an option whose S3 traffic rides a NAT
    // against the same option with S3 through the gateway endpoint.
    let s3_pair = options.iter().find_map(|with_nat| {
        if !with_nat.routes.s3.is_nat() {
            return None;
        }
        let wanted = Routes {
            s3: Path::S3GatewayEndpoint,
            ..with_nat.routes
        };
        options
            .iter()
            .find(|o| o.routes == wanted)
            .map(|with_endpoint| (with_nat, with_endpoint))
    });
    let s3_saving = s3_pair.map_or(Decimal::ZERO, |(a, b)| a.cost() - b.cost());

    let nat = options
        .iter()
        .filter(|o| o.routes.internet.is_nat() && o.feasible)
        .min_by_key(|o| o.cents())
        .unwrap_or(&options[0]);
    let public = options
        .iter()
        .find(|o| o.routes.internet == Path::InternetGateway)
        .unwrap_or(&options[0]);
    let (nat_fixed, public_fixed) = (nat.fixed_cost(), public.fixed_cost());
    let difference = Money::new(nat_fixed.exact() - public_fixed.exact());
    Ok(BreakEven {
        interface_endpoints_gb: interface_gb.map(TwoPlaces),
        interface_endpoints_explanation: EndpointsExplanation {
            endpoints: s.interface_endpoints,
            azs: s.azs,
            fixed: Money::new(fixed),
            nat_gb,
            cross_leg,
            endpoint_gb,
            per_gb_saving,
            break_even: interface_gb,
            aws_gb: ctx.volumes.aws_gb,
        },
        s3_gateway_endpoint_saving: Money::new(s3_saving),
        s3_gateway_endpoint_explanation: S3Explanation {
            s3_gb: ctx.volumes.s3_gb,
            nat_gb,
            crosses_az: s.nat_gateways < s.azs,
        },
        public_subnet_vs_nat: PublicVsNat {
            nat_option: nat.id,
            nat_fixed_cost: nat_fixed,
            public_fixed_cost: public_fixed,
            fixed_cost_difference: difference,
            explanation: PublicExplanation {
                public_fixed,
                addresses: s.public_ips,
                nat_fixed,
                nat_name: nat.name,
                difference,
            },
        },
    })
}
