//! Options 1–3: private subnets behind zonal NAT gateways, with or without
//! the free S3 gateway endpoint and interface endpoints.

use super::super::analysis::{endpoint_load, endpoint_verdict, gateways_carrier, nat_load};
use super::super::context::Context;
use super::super::messages::Message;
use super::super::messages::OptionVerdict;
use super::super::model::{OptionResult, Path, Routes};
use super::lines::{endpoint_lines, nat_gateway_lines};
use super::{EgressOption, Stop};
use crate::scenario::Scenario;

/// Private subnets behind NAT gateways, with or without endpoints.
pub struct NatGateway {
    /// S3 traffic takes a (free) S3 gateway endpoint instead of the NAT.
    s3_gateway_endpoint: bool,
    /// AWS API traffic takes interface endpoints (when there are any).
    interface_endpoints: bool,
}

/// Option 1: everything through the NAT gateways.
pub static PLAIN: NatGateway = NatGateway {
    s3_gateway_endpoint: false,
    interface_endpoints: false,
};

/// Option 2: S3 through the gateway endpoint.
pub static S3_ENDPOINT: NatGateway = NatGateway {
    s3_gateway_endpoint: true,
    interface_endpoints: false,
};

/// Option 3: S3 through the gateway endpoint, AWS APIs through interface endpoints.
pub static ALL_ENDPOINTS: NatGateway = NatGateway {
    s3_gateway_endpoint: true,
    interface_endpoints: true,
};

impl EgressOption for NatGateway {
    fn routes(&self, s: &Scenario) -> Routes {
        let nat = Path::NatGateway;
        Routes {
            s3: if self.s3_gateway_endpoint {
                Path::S3GatewayEndpoint
            } else {
                nat
            },
            // With no interface endpoint there is nothing but the NAT to carry it.
            aws: if self.interface_endpoints && s.interface_endpoints > 0 {
                Path::InterfaceEndpoint
            } else {
                nat
            },
            internet: nat,
            ipv6: nat,
        }
    }

    fn price(&self, ctx: &Context<'_>, out: &mut OptionResult) -> Result<(), Stop> {
        let s = ctx.scenario;
        let routes = self.routes(s);
        let lines = &mut out.lines;
        lines.reserve(8 + ctx.dto_lines.len());
        nat_gateway_lines(ctx, &routes, lines)?;
        lines.extend_from_slice(&ctx.dto_lines);
        if routes.aws == Path::InterfaceEndpoint {
            endpoint_lines(ctx, ctx.volumes.aws_gb, lines)?;
        }
        if !ctx.explains() {
            return Ok(());
        }
        nat_gateway_notes(ctx, routes, out)?;
        if self.interface_endpoints {
            if routes.aws == Path::InterfaceEndpoint {
                endpoint_load(ctx, &mut out.warnings, &mut out.notes);
                if let Some(verdict) = &mut out.bandwidth_verdict {
                    verdict.endpoints = Some(endpoint_verdict(ctx));
                }
            } else {
                out.notes.push(Message::NoInterfaceEndpoints);
            }
        }
        Ok(())
    }
}

/// The bandwidth check and layout notes every zonal-NAT option carries.
pub fn nat_gateway_notes(
    ctx: &Context<'_>,
    routes: Routes,
    out: &mut OptionResult,
) -> Result<(), Stop> {
    let s = ctx.scenario;
    let share = routes.share_percent(&ctx.shares, Path::NatGateway);
    let load = nat_load(
        ctx,
        share,
        s.nat_gateways,
        &mut out.warnings,
        &mut out.notes,
    )?;
    out.nat_gateways_needed = Some(load.gateways_needed);
    out.bandwidth_verdict = Some(OptionVerdict {
        carrier: gateways_carrier(ctx, &load),
        endpoints: None,
    });
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
    Ok(())
}
