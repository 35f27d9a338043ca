//! Options 1–3: private subnets behind zonal NAT gateways, with or without
//! the free S3 gateway endpoint and interface endpoints.

use super::super::analysis::{endpoint_load, endpoint_verdict, gateways_carrier, nat_load};
use super::super::context::Context;
use super::super::messages::Message;
use super::super::messages::OptionVerdict;
use super::super::model::{OptionResult, Path, Routes};
use super::lines::{endpoint_lines, nat_gateway_lines};
use super::{About, EgressOption, Stop};
use crate::scenario::Scenario;

/// Private subnets behind NAT gateways, with or without endpoints.
pub struct NatGateway {
    about: About,
    /// S3 traffic takes a (free) S3 gateway endpoint instead of the NAT.
    s3_gateway_endpoint: bool,
    /// AWS API traffic takes interface endpoints (when there are any).
    interface_endpoints: bool,
}

/// Option 1.
pub static PLAIN: NatGateway = NatGateway {
    about: About {
        id: "nat_gateway",
        name: "NAT gateways",
        short_name: "NAT",
        summary: "Private subnets; all traffic, S3 and AWS APIs included, goes through NAT gateways.",
    },
    s3_gateway_endpoint: false,
    interface_endpoints: false,
};

/// Option 2.
pub static S3_ENDPOINT: NatGateway = NatGateway {
    about: About {
        id: "nat_gateway_s3_endpoint",
        name: "NAT gateways + S3 gateway endpoint",
        short_name: "NAT+S3",
        summary: "As above, but S3 traffic (ECR image layers too) takes the free S3 gateway endpoint.",
    },
    s3_gateway_endpoint: true,
    interface_endpoints: false,
};

/// Option 3.
pub static ALL_ENDPOINTS: NatGateway = NatGateway {
    about: About {
        id: "nat_gateway_all_endpoints",
        name: "NAT gateways + S3 gateway + interface endpoints",
        short_name: "NAT+endpoints",
        summary: "S3 through the free gateway endpoint, AWS APIs through interface endpoints in every AZ; only internet traffic uses NAT.",
    },
    s3_gateway_endpoint: true,
    interface_endpoints: true,
};

impl EgressOption for NatGateway {
    fn about(&self) -> About {
        self.about
    }

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

    fn price(&self, ctx: &Context<'_>) -> Result<OptionResult, Stop> {
        let s = ctx.scenario;
        let routes = self.routes(s);
        let routed_gb = routes.volume(&ctx.volumes, Path::NatGateway);
        let mut lines = Vec::with_capacity(8 + ctx.dto_lines.len());
        nat_gateway_lines(ctx, routed_gb, &mut lines)?;
        lines.extend_from_slice(&ctx.dto_lines);
        if routes.aws == Path::InterfaceEndpoint {
            endpoint_lines(ctx, ctx.volumes.aws_gb, &mut lines)?;
        }
        let mut out = OptionResult::priced(self, routes, lines)?;
        nat_gateway_notes(ctx, routes, &mut out)?;
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
        Ok(out)
    }
}

/// The bandwidth check and layout notes every zonal-NAT option carries.
pub fn nat_gateway_notes(
    ctx: &Context<'_>,
    routes: Routes,
    out: &mut OptionResult,
) -> Result<(), Stop> {
    let s = ctx.scenario;
    let share = routes.share_percent(s, Path::NatGateway);
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
