//! Options 1–3: private subnets behind zonal NAT gateways, with or without
//! the free S3 gateway endpoint and interface endpoints.

use super::super::base::{Path, Routes};
use super::super::context::Context;
use super::super::load::endpoint_checks;
use super::super::messages::Message;
use super::super::properties::{self as props, Properties};
use super::super::result::{About, OptionResult};
use super::lines::{endpoint_lines, nat_gateway_lines, nat_gateway_notes};
use super::option::{EgressOption, Listed, Stop};
use crate::scenario::Scenario;

/// Option 1: everything through the NAT gateways.
pub const PLAIN: Listed = Listed {
    about: About {
        id: "nat_gateway",
        name: "NAT gateways",
        short_name: "NAT",
        summary: "Private subnets; all traffic, S3 and AWS APIs included, goes through NAT gateways.",
    },
    option: &NatGateway {
        s3_gateway_endpoint: false,
        interface_endpoints: false,
    },
};

/// Option 2: S3 through the gateway endpoint.
pub const S3_ENDPOINT: Listed = Listed {
    about: About {
        id: "nat_gateway_s3_endpoint",
        name: "NAT gateways + S3 gateway endpoint",
        short_name: "NAT+S3",
        summary: "As above, but S3 traffic (ECR image layers too) takes the free S3 gateway endpoint.",
    },
    option: &NatGateway {
        s3_gateway_endpoint: true,
        interface_endpoints: false,
    },
};

/// Option 3: S3 through the gateway endpoint, AWS APIs through interface endpoints.
pub const ALL_ENDPOINTS: Listed = Listed {
    about: About {
        id: "nat_gateway_all_endpoints",
        name: "NAT gateways + S3 gateway + interface endpoints",
        short_name: "NAT+endpoints",
        summary: "S3 through the free gateway endpoint, AWS APIs through interface endpoints in every AZ; only internet traffic uses NAT.",
    },
    option: &NatGateway {
        s3_gateway_endpoint: true,
        interface_endpoints: true,
    },
};

/// Option 3 with no interface endpoints in the scenario.
const NO_INTERFACE_ENDPOINTS: &str = "With no interface endpoints, AWS API traffic stays on the NAT: this option is the same as NAT + S3 gateway endpoint.";

/// Private subnets behind NAT gateways, with or without endpoints.
pub struct NatGateway {
    /// S3 traffic takes a (free) S3 gateway endpoint instead of the NAT.
    s3_gateway_endpoint: bool,
    /// AWS API traffic takes interface endpoints (when there are any).
    interface_endpoints: bool,
}

impl EgressOption for NatGateway {
    fn routes(&self, s: &Scenario) -> Routes {
        let nat = Path::NAT_GATEWAY;
        Routes {
            s3: if self.s3_gateway_endpoint {
                Path::S3_GATEWAY_ENDPOINT
            } else {
                nat
            },
            // With no interface endpoint there is nothing but the NAT to carry it.
            aws: if self.interface_endpoints && s.interface_endpoints > 0 {
                Path::INTERFACE_ENDPOINT
            } else {
                nat
            },
            internet: nat,
            ipv6: nat,
        }
    }

    fn properties(&self, s: &Scenario, routes: &Routes) -> Properties {
        Properties {
            availability: props::nat_gateway_availability(s, routes),
            security: props::nat_security(routes),
            operations: props::nat_gateway_operations(),
        }
    }

    fn price(&self, ctx: &Context<'_>, out: &mut OptionResult) -> Result<(), Stop> {
        let routes = out.routes;
        let lines = &mut out.lines;
        lines.reserve(8 + ctx.dto_lines.len());
        nat_gateway_lines(ctx, &routes, lines)?;
        lines.extend_from_slice(&ctx.dto_lines);
        if routes.aws == Path::INTERFACE_ENDPOINT {
            endpoint_lines(ctx, ctx.volumes.aws_gb, lines)?;
        }
        if !ctx.explains() {
            return Ok(());
        }
        nat_gateway_notes(ctx, routes, out)?;
        if self.interface_endpoints {
            if routes.aws == Path::INTERFACE_ENDPOINT {
                endpoint_checks(ctx, &mut out.warnings, &mut out.notes);
                if let Some(verdict) = &mut out.bandwidth_verdict {
                    verdict.endpoints = Some(ctx.endpoint_load);
                }
            } else {
                out.notes.push(Message::Text(NO_INTERFACE_ENDPOINTS));
            }
        }
        Ok(())
    }
}
