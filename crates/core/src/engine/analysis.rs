//! What the engine says beyond the cost lines, over every option's result:
//! the scenario-wide bandwidth verdict and the break-even figures, each with
//! its assumption (worded in `messages`). The analyses ask the options what
//! they do (their routes, their fixed lines, their NAT loads); none names an option.

use super::base::{EngineError, Path, Routes, cross_az_leg, div};
use super::context::Context;
use super::load::nat_verdict;
use super::messages::{
    EndpointsExplanation, Level, Message, NatVerdict, OptionVerdict, PublicExplanation,
    S3Explanation,
};
use super::options::{Centralizing, centralizing};
use super::result::OptionResult;
use crate::money::{Money, TwoPlaces};
use crate::pricing::Figure;
use rust_decimal::Decimal;
use serde::Serialize;

/// The scenario-wide bandwidth verdict.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    pub verdict: OptionVerdict,
}

pub(super) fn bandwidth(ctx: &Context<'_>, options: &[OptionResult]) -> Bandwidth {
    let nat_limits = &ctx.table.limits.nat_gateway;
    let endpoint_limits = &ctx.table.limits.interface_endpoint;
    let s = ctx.scenario;
    // The option that puts most on zonal gateways gives the conservative verdict.
    let busiest = options
        .iter()
        .filter_map(|o| o.nat_load.as_ref())
        .filter(|l| l.per == "gateway")
        .max_by_key(|l| l.per_gateway_gbps.0);
    let nat = match busiest {
        Some(l) => nat_verdict(ctx, s.peak_gbps, l),
        None => NatVerdict {
            peak: s.peak_gbps,
            per_gateway: Decimal::ZERO,
            gateways: s.nat_gateways,
            needed: 1,
            baseline: nat_limits.baseline_gbps.value,
            max: nat_limits.max_gbps.value,
            level: Level::Within,
        },
    };
    let endpoints_carry = s.interface_endpoints > 0 && !s.aws_percent.is_zero();
    Bandwidth {
        peak_gbps: s.peak_gbps,
        nat_baseline_gbps: nat_limits.baseline_gbps.value,
        nat_max_gbps: nat_limits.max_gbps.value,
        nat_gateways: s.nat_gateways,
        nat_gateways_needed: nat.needed,
        nat_per_gateway_gbps: TwoPlaces(nat.per_gateway),
        endpoint_per_az_gbps: TwoPlaces(ctx.endpoint_load.per_az),
        endpoint_baseline_gbps_per_az: endpoint_limits.baseline_gbps_per_az.value,
        endpoint_max_gbps_per_az: endpoint_limits.max_gbps_per_az.value,
        verdict: OptionVerdict {
            carrier: Message::NatGatewaysCarry(nat),
            endpoints: endpoints_carry.then_some(ctx.endpoint_load),
        },
    }
}

/// Public subnets against the cheapest NAT option.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// At this traffic, from how many sharing VPCs the centralized egress
    /// VPC costs less than a regional NAT gateway in this VPC (null: it
    /// never does, or not priced).
    pub centralized_egress_vpcs: Option<u32>,
    /// The `monthly_gb` below which it costs less with the scenario's
    /// `shared_vpcs` (null: at no traffic, at any traffic, or not priced).
    pub centralized_egress_max_gb: Option<TwoPlaces>,
    /// Both figures and what they rest on, in words.
    pub centralized_egress_explanation: Centralizing,
}

/// $ per GB a GB moved off the NAT onto an in-AZ interface endpoint saves,
/// before the endpoint's own processing: the NAT's processing, plus the
/// cross-AZ leg ([`cross_az_leg`] of the cross-AZ rate) when the gateways
/// are fewer than the AZs.
pub fn nat_path_per_gb(ctx: &Context<'_>) -> Result<(Decimal, Decimal), EngineError> {
    let s = ctx.scenario;
    let nat_gb = ctx.usd(Figure::NatGb).unwrap_or(Decimal::ZERO);
    let cross = ctx.usd(Figure::CrossAzGb).unwrap_or(Decimal::ZERO);
    let cross_leg = cross_az_leg(cross, s.azs, s.nat_gateways)?;
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
            s3: Path::S3_GATEWAY_ENDPOINT,
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
        .find(|o| o.routes.internet == Path::INTERNET_GATEWAY)
        .unwrap_or(&options[0]);
    let (nat_fixed, public_fixed) = (nat.fixed_cost(), public.fixed_cost());
    let centralizing = centralizing(ctx)?;
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
        centralized_egress_vpcs: centralizing.vpcs(),
        centralized_egress_max_gb: centralizing.max_gb().map(TwoPlaces),
        centralized_egress_explanation: centralizing,
    })
}
