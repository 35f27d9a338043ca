//! The egress options. Each is one value implementing [`EgressOption`]; the
//! views only iterate over [`OPTIONS`], so a new option (NAT instance, IPv6
//! egress-only gateway, Regional NAT) is one more entry here.

use super::messages::Message;
use super::{Ctx, EngineError, Item, Line, OptionResult, analysis, mul, tiers};
use rust_decimal::Decimal;

/// One way for tasks to reach the internet and AWS services.
pub trait EgressOption: Sync {
    /// Fixed id used by the API (`nat_gateway`, …).
    fn id(&self) -> &'static str;
    /// Prices the option for a scenario.
    fn price(&self, ctx: &Ctx<'_>) -> Result<OptionResult, EngineError>;
}

/// Every option, in the contract's order (which also breaks cost ties).
pub static OPTIONS: &[&dyn EgressOption] = &[
    &NatOption {
        id: "nat_gateway",
        name: "NAT gateways",
        summary: "Private subnets; all traffic, S3 and AWS APIs included, goes through NAT gateways.",
        s3_gateway_endpoint: false,
        interface_endpoints: false,
    },
    &NatOption {
        id: "nat_gateway_s3_endpoint",
        name: "NAT gateways + S3 gateway endpoint",
        summary: "As above, but S3 traffic (ECR image layers too) takes the free S3 gateway endpoint.",
        s3_gateway_endpoint: true,
        interface_endpoints: false,
    },
    &NatOption {
        id: "nat_gateway_all_endpoints",
        name: "NAT gateways + S3 gateway + interface endpoints",
        summary: "S3 through the free gateway endpoint, AWS APIs through interface endpoints in every AZ; only internet traffic uses NAT.",
        s3_gateway_endpoint: true,
        interface_endpoints: true,
    },
    &EndpointsOnly,
    &PublicSubnet,
];

/// Data transfer out lines: the optional free 100 GB, then the tiers.
pub(super) fn dto_lines(ctx: &Ctx<'_>) -> Result<Vec<Line>, EngineError> {
    let mut lines = Vec::with_capacity(1 + ctx.region.dto_gb.tiers.len());
    let rate = &ctx.region.dto_gb;
    let out = ctx.volumes.internet_out_gb;
    let billable = if ctx.scenario.dto_free_tier {
        let free = out.min(Decimal::from(super::DTO_FREE_GB));
        lines.push(Line::new(
            Item::DtoFree,
            free,
            "GB",
            Decimal::ZERO,
            "dto_gb",
            &rate.provenance,
        )?);
        out - free
    } else {
        out
    };
    for slice in tiers::split(billable, &rate.tiers) {
        let item = Item::Dto {
            from_gb: slice.from_gb,
            to_gb: slice.to_gb,
        };
        lines.push(Line::new(
            item,
            slice.gb,
            "GB",
            slice.usd,
            "dto_gb",
            &rate.provenance,
        )?);
    }
    Ok(lines)
}

/// Interface endpoint lines: hours in every AZ, then tiered processing of `aws_gb`.
fn endpoint_lines(ctx: &Ctx<'_>, lines: &mut Vec<Line>) -> Result<(), EngineError> {
    let s = ctx.scenario;
    let r = ctx.region;
    let endpoint_az_hours = mul(
        Decimal::from(s.interface_endpoints * s.azs),
        ctx.hours,
        "endpoint hours",
    )?;
    lines.push(Line::new(
        Item::EndpointHours,
        endpoint_az_hours,
        "endpoint-AZ-hours",
        r.endpoint_hour.usd,
        "endpoint_hour",
        &r.endpoint_hour.provenance,
    )?);
    for slice in tiers::split(ctx.volumes.aws_gb, &r.endpoint_gb.tiers) {
        let item = Item::EndpointProcessing {
            from_gb: slice.from_gb,
            to_gb: slice.to_gb,
        };
        lines.push(Line::new(
            item,
            slice.gb,
            "GB",
            slice.usd,
            "endpoint_gb",
            &r.endpoint_gb.provenance,
        )?);
    }
    Ok(())
}

fn result(
    id: &'static str,
    name: &'static str,
    summary: &'static str,
    lines: Vec<Line>,
) -> Result<OptionResult, EngineError> {
    Ok(OptionResult {
        id,
        name,
        summary,
        monthly_cost: OptionResult::total(&lines)?,
        feasible: true,
        infeasible_reason: None,
        lines,
        warnings: Vec::new(),
        notes: Vec::new(),
        nat_gateways_needed: None,
        nat_load: None,
    })
}

/// Private subnets behind NAT gateways, with or without gateway and interface endpoints.
pub struct NatOption {
    id: &'static str,
    name: &'static str,
    summary: &'static str,
    /// S3 traffic takes a (free) S3 gateway endpoint instead of the NAT.
    s3_gateway_endpoint: bool,
    /// AWS API traffic takes interface endpoints (when there are any).
    interface_endpoints: bool,
}

impl EgressOption for NatOption {
    fn id(&self) -> &'static str {
        self.id
    }

    fn price(&self, ctx: &Ctx<'_>) -> Result<OptionResult, EngineError> {
        let s = ctx.scenario;
        let r = ctx.region;
        let v = ctx.volumes;
        let uses_endpoints = self.interface_endpoints && s.interface_endpoints > 0;

        // What still rides the NAT, as volume and as a share (the share also
        // applies to the peak, so it is defined when monthly_gb is zero).
        let mut routed_gb = s.monthly_gb;
        let mut routed_percent = Decimal::ONE_HUNDRED;
        if self.s3_gateway_endpoint {
            routed_gb -= v.s3_gb;
            routed_percent -= s.s3_percent;
        }
        if uses_endpoints {
            routed_gb -= v.aws_gb;
            routed_percent -= s.aws_percent;
        }

        let gateway_hours = mul(Decimal::from(s.nat_gateways), ctx.hours, "NAT hours")?;
        // Sized exactly: small vectors come from the allocator's fast path.
        let endpoint_lines_max = if uses_endpoints {
            1 + r.endpoint_gb.tiers.len()
        } else {
            0
        };
        let mut lines = Vec::with_capacity(4 + ctx.dto_lines.len() + endpoint_lines_max);
        lines.push(Line::new(
            Item::NatHours,
            gateway_hours,
            "gateway-hours",
            r.nat_hour.usd,
            "nat_hour",
            &r.nat_hour.provenance,
        )?);
        lines.push(Line::new(
            Item::NatIpv4,
            gateway_hours,
            "address-hours",
            r.ipv4_hour.usd,
            "ipv4_hour",
            &r.ipv4_hour.provenance,
        )?);
        lines.push(Line::new(
            Item::NatProcessing,
            routed_gb,
            "GB",
            r.nat_gb.usd,
            "nat_gb",
            &r.nat_gb.provenance,
        )?);
        if s.nat_gateways < s.azs {
            // Tasks in the AZs without a gateway send their NAT traffic across
            // AZs; AWS bills it leaving one AZ and again entering the other.
            let crossing = mul(
                routed_gb,
                Decimal::from(s.azs - s.nat_gateways),
                "cross-AZ volume",
            )?;
            let crossing = super::div(crossing, Decimal::from(s.azs), "cross-AZ volume")?;
            let billed = mul(crossing, Decimal::TWO, "cross-AZ volume")?;
            lines.push(Line::new(
                Item::CrossAz,
                billed,
                "GB (out + in)",
                r.cross_az_gb.usd,
                "cross_az_gb",
                &r.cross_az_gb.provenance,
            )?);
        }
        lines.extend_from_slice(&ctx.dto_lines);
        if uses_endpoints {
            endpoint_lines(ctx, &mut lines)?;
        }

        let mut out = result(self.id, self.name, self.summary, lines)?;
        let load = analysis::nat_load(ctx, routed_percent, &mut out.warnings, &mut out.notes)?;
        out.nat_gateways_needed = Some(load.gateways_needed);
        out.nat_load = Some(load);
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
        if self.interface_endpoints {
            if uses_endpoints {
                analysis::endpoint_load(ctx, &mut out.warnings, &mut out.notes)?;
            } else {
                out.notes.push(Message::NoInterfaceEndpoints);
            }
        }
        Ok(out)
    }
}

/// No NAT: an S3 gateway endpoint and interface endpoints only.
pub struct EndpointsOnly;

impl EgressOption for EndpointsOnly {
    fn id(&self) -> &'static str {
        "endpoints_only"
    }

    fn price(&self, ctx: &Ctx<'_>) -> Result<OptionResult, EngineError> {
        let s = ctx.scenario;
        let v = ctx.volumes;
        let mut lines = Vec::with_capacity(1 + ctx.region.endpoint_gb.tiers.len());
        endpoint_lines(ctx, &mut lines)?;
        let mut out = result(
            self.id(),
            "Endpoints only (no NAT)",
            "No internet path: S3 through the free gateway endpoint, AWS APIs through interface endpoints in every AZ.",
            lines,
        )?;
        if !v.internet_gb.is_zero() {
            out.feasible = false;
            out.infeasible_reason = Some(Message::InternetWithoutNat {
                internet_gb: v.internet_gb,
            });
        } else if !v.aws_gb.is_zero() && s.interface_endpoints == 0 {
            out.feasible = false;
            out.infeasible_reason = Some(Message::AwsWithoutEndpoints { aws_gb: v.aws_gb });
        } else {
            out.notes.push(Message::NoInternetAccess);
        }
        if s.interface_endpoints > 0 {
            analysis::endpoint_load(ctx, &mut out.warnings, &mut out.notes)?;
        }
        Ok(out)
    }
}

/// Public subnets, a public IPv4 address per task, the free internet gateway.
pub struct PublicSubnet;

impl EgressOption for PublicSubnet {
    fn id(&self) -> &'static str {
        "public_subnet"
    }

    fn price(&self, ctx: &Ctx<'_>) -> Result<OptionResult, EngineError> {
        let s = ctx.scenario;
        let r = ctx.region;
        let address_hours = mul(Decimal::from(s.public_ips), ctx.hours, "public IPv4 hours")?;
        let mut lines = Vec::with_capacity(1 + ctx.dto_lines.len());
        lines.push(Line::new(
            Item::PublicIpv4,
            address_hours,
            "address-hours",
            r.ipv4_hour.usd,
            "ipv4_hour",
            &r.ipv4_hour.provenance,
        )?);
        lines.extend_from_slice(&ctx.dto_lines);
        let mut out = result(
            self.id(),
            "Public subnets with public IPv4",
            "Tasks in public subnets, each with a public IPv4 address, through the free internet gateway.",
            lines,
        )?;
        out.warnings.push(Message::PublicExposure);
        if s.public_ips == 0 && !s.monthly_gb.is_zero() {
            out.warnings.push(Message::PublicWithoutAddresses);
        }
        out.notes.push(Message::PublicAwsTrafficFree);
        out.notes.push(Message::PublicNoCeiling);
        Ok(out)
    }
}
