//! What the engine says beyond the cost lines: bandwidth ceiling checks and
//! break-even figures, each with its assumption in words.

use super::{Ctx, EngineError, Item, OptionResult, div, mul};
use crate::money::{Money, TwoPlaces, human, round_half_away};
use rust_decimal::Decimal;
use serde::Serialize;

/// A Gbps figure for sentences: two places at most, trailing zeros dropped.
fn gbps(value: Decimal) -> String {
    human(round_half_away(value, 2))
}

/// The NAT bandwidth check of one option.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NatLoad {
    /// Share of the traffic that rides NAT in this option, percent.
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
    warnings: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> Result<NatLoad, EngineError> {
    let limits = &ctx.table.limits.nat_gateway;
    let (baseline, max) = (limits.baseline_gbps.value, limits.max_gbps.value);
    let gateways = ctx.scenario.nat_gateways;
    let peak = div(
        mul(ctx.scenario.peak_gbps, share_percent, "NAT peak")?,
        Decimal::ONE_HUNDRED,
        "NAT peak",
    )?;
    let per_gateway = div(peak, Decimal::from(gateways), "NAT peak per gateway")?;
    let needed = div(peak, max, "NAT gateways needed")?
        .ceil()
        .max(Decimal::ONE);
    let gateways_needed =
        u32::try_from(needed.mantissa() / 10i128.pow(needed.scale())).unwrap_or(u32::MAX);
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
        warnings.push(format!(
            "Peak through NAT is {} Gbps, {} Gbps per gateway with {gateways}: above the {} Gbps a NAT gateway scales to. Needs {gateways_needed} NAT gateways in {gateways_needed} separate subnets, with the tasks' route tables split between them.",
            gbps(peak),
            gbps(per_gateway),
            gbps(max)
        ));
    } else if load.over_baseline {
        notes.push(format!(
            "At {} Gbps per NAT gateway the peak is above the {} Gbps baseline; the gateway scales up on its own to {} Gbps.",
            gbps(per_gateway),
            gbps(baseline),
            gbps(max)
        ));
    }
    Ok(load)
}

/// Peak interface-endpoint load per AZ, Gbps.
fn endpoint_peak_per_az(ctx: &Ctx<'_>) -> Result<Decimal, EngineError> {
    let s = ctx.scenario;
    let peak = div(
        mul(s.peak_gbps, s.aws_percent, "endpoint peak")?,
        Decimal::ONE_HUNDRED,
        "endpoint peak",
    )?;
    div(peak, Decimal::from(s.azs), "endpoint peak per AZ")
}

/// Checks the interface endpoints' per-AZ peak and adds its warning or note.
pub(super) fn endpoint_load(
    ctx: &Ctx<'_>,
    warnings: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> Result<(), EngineError> {
    let limits = &ctx.table.limits.interface_endpoint;
    let per_az = endpoint_peak_per_az(ctx)?;
    if per_az > limits.max_gbps_per_az.value {
        warnings.push(format!(
            "Interface endpoints would carry {} Gbps per AZ, above the {} Gbps per AZ an endpoint scales to: spread the traffic over more AZs or endpoints.",
            gbps(per_az),
            gbps(limits.max_gbps_per_az.value)
        ));
    } else if per_az > limits.baseline_gbps_per_az.value {
        notes.push(format!(
            "Interface endpoints carry {} Gbps per AZ, above the {} Gbps baseline; they scale up on their own to {} Gbps per AZ.",
            gbps(per_az),
            gbps(limits.baseline_gbps_per_az.value),
            gbps(limits.max_gbps_per_az.value)
        ));
    }
    if ctx.scenario.interface_endpoints > 50 {
        notes.push("More than 50 interface endpoints exceeds the default quota per VPC (it can be raised).".to_owned());
    }
    Ok(())
}

/// The scenario-wide bandwidth verdict.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Bandwidth {
    /// The scenario's peak, Gbps.
    pub peak_gbps: Decimal,
    /// A NAT gateway's baseline, Gbps.
    pub nat_baseline_gbps: Decimal,
    /// The most a NAT gateway scales to, Gbps.
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
    pub endpoint_baseline_gbps_per_az: Decimal,
    /// The most an endpoint scales to per AZ, Gbps.
    pub endpoint_max_gbps_per_az: Decimal,
    /// The verdict in one or two sentences.
    pub verdict: String,
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
    let per_az = endpoint_peak_per_az(ctx)?;
    let mut verdict = if needed > s.nat_gateways {
        format!(
            "Needs {needed} NAT gateways in separate subnets: {} Gbps through NAT is {} Gbps per gateway with {}, above the {} Gbps one gateway scales to.",
            gbps(s.peak_gbps),
            gbps(per_gateway),
            s.nat_gateways,
            gbps(nat_limits.max_gbps.value)
        )
    } else if per_gateway > nat_limits.baseline_gbps.value {
        format!(
            "Carries the peak: {} Gbps per NAT gateway is above the {} Gbps baseline and within the {} Gbps a gateway scales to.",
            gbps(per_gateway),
            gbps(nat_limits.baseline_gbps.value),
            gbps(nat_limits.max_gbps.value)
        )
    } else {
        format!(
            "Carries the peak: {} Gbps per NAT gateway is within the {} Gbps baseline.",
            gbps(per_gateway),
            gbps(nat_limits.baseline_gbps.value)
        )
    };
    if s.interface_endpoints > 0 && !s.aws_percent.is_zero() {
        let state = if per_az > endpoint_limits.max_gbps_per_az.value {
            "above the ceiling"
        } else if per_az > endpoint_limits.baseline_gbps_per_az.value {
            "above the baseline, scaling up"
        } else {
            "within the baseline"
        };
        verdict.push_str(&format!(
            " Interface endpoints: {} Gbps per AZ, {state} ({} Gbps, scaling to {}).",
            gbps(per_az),
            gbps(endpoint_limits.baseline_gbps_per_az.value),
            gbps(endpoint_limits.max_gbps_per_az.value)
        ));
    }
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
        verdict,
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
    pub explanation: String,
}

/// Break-even figures.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BreakEven {
    /// AWS-API GB per month at which interface endpoints cost the same as
    /// sending that traffic through the NAT (which stays for the internet).
    pub interface_endpoints_gb: Option<TwoPlaces>,
    /// The assumption behind that figure, and what it means here.
    pub interface_endpoints_explanation: String,
    /// What the S3 gateway endpoint saves a month (option 1 − option 2).
    pub s3_gateway_endpoint_saving: Money,
    /// How that saving arises.
    pub s3_gateway_endpoint_explanation: String,
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
    let endpoints = Decimal::from(s.interface_endpoints);
    let fixed = mul(
        mul(endpoints, Decimal::from(s.azs), "endpoint hours")?,
        ctx.hours,
        "endpoint hours",
    )?;
    let fixed = Money::new(mul(fixed, r.endpoint_hour.usd, "endpoint fixed cost")?);
    let per_gb_saving = r.nat_gb.usd - r.endpoint_gb.first_price();
    let (interface_endpoints_gb, interface_endpoints_explanation) = if s.interface_endpoints == 0 {
        (
            None,
            "No interface endpoints in the scenario, so there is no break-even to compute."
                .to_owned(),
        )
    } else if per_gb_saving <= Decimal::ZERO {
        (None, "NAT processing is not dearer per GB than interface endpoint processing in this region, so endpoints never pay for themselves on traffic.".to_owned())
    } else {
        let gb = div(fixed.exact(), per_gb_saving, "break-even")?;
        let position = if ctx.volumes.aws_gb >= gb {
            format!(
                "This scenario's {} GB/month of AWS API traffic is above it: the endpoints pay for themselves.",
                human(ctx.volumes.aws_gb)
            )
        } else {
            format!(
                "This scenario's {} GB/month of AWS API traffic is below it: on cost alone the NAT is cheaper for that traffic.",
                human(ctx.volumes.aws_gb)
            )
        };
        let cross_az = if s.nat_gateways < s.azs {
            " With fewer NAT gateways than AZs, endpoints also save cross-AZ transfer, so the real break-even is lower."
        } else {
            ""
        };
        (
            Some(TwoPlaces(gb)),
            format!(
                "Assumes the NAT gateway stays for internet traffic and only AWS API traffic moves: {} interface endpoints × {} AZs cost {} a month, recovered at ${} − ${} = ${} per GB moved off the NAT (first-tier endpoint price). Figures published elsewhere differ because some assume the NAT gateway is removed altogether. {position}{cross_az}",
                s.interface_endpoints,
                s.azs,
                fixed.display(),
                r.nat_gb.usd.normalize(),
                r.endpoint_gb.first_price().normalize(),
                per_gb_saving.normalize()
            ),
        )
    };

    let cost_of = |id: &str| {
        options
            .iter()
            .find(|o| o.id == id)
            .map_or(Decimal::ZERO, |o| o.monthly_cost.exact())
    };
    let s3_saving = Money::new(cost_of("nat_gateway") - cost_of("nat_gateway_s3_endpoint"));
    let s3_explanation = if ctx.volumes.s3_gb.is_zero() {
        "No S3 traffic in this scenario; the S3 gateway endpoint is free to add all the same."
            .to_owned()
    } else {
        let extra = if s.nat_gateways < s.azs {
            " and the cross-AZ transfer to reach it"
        } else {
            ""
        };
        format!(
            "The S3 gateway endpoint has no hourly or per-GB charge: it saves the NAT processing of {} GB/month at ${}/GB{extra}, with no fixed cost.",
            human(ctx.volumes.s3_gb),
            r.nat_gb.usd.normalize()
        )
    };

    let nat = options
        .iter()
        .filter(|o| o.nat_load.is_some() && o.feasible)
        .min_by_key(|o| o.monthly_cost.cents())
        .unwrap_or(&options[0]);
    let public = options
        .iter()
        .find(|o| o.id == "public_subnet")
        .unwrap_or(&options[0]);
    let nat_fixed = fixed_cost(nat);
    let public_fixed = fixed_cost(public);
    let difference = Money::new(nat_fixed.exact() - public_fixed.exact());
    let comparison = if difference.exact() >= Decimal::ZERO {
        format!("{} less a month in fixed cost", difference.display())
    } else {
        format!(
            "{} more a month in fixed cost",
            Money::new(-difference.exact()).display()
        )
    };
    let explanation = format!(
        "Public subnets: {} a month fixed ({} addresses) against {} for {}: {comparison}, and no NAT processing charge. What the NAT buys: tasks without public addresses or inbound exposure, and a few stable egress IPs that partners can allow-list.",
        public_fixed.display(),
        s.public_ips,
        nat_fixed.display(),
        nat.name
    );
    Ok(BreakEven {
        interface_endpoints_gb,
        interface_endpoints_explanation,
        s3_gateway_endpoint_saving: s3_saving,
        s3_gateway_endpoint_explanation: s3_explanation,
        public_subnet_vs_nat: PublicVsNat {
            nat_option: nat.id,
            nat_fixed_cost: nat_fixed,
            public_fixed_cost: public_fixed,
            fixed_cost_difference: difference,
            explanation,
        },
    })
}
