//! Option 8: dual-stack tasks behind NAT gateways; the internet traffic that
//! can go over IPv6 leaves through a free egress-only internet gateway, the
//! rest (and AWS API traffic) still through the NAT; S3 through the gateway endpoint.

use super::super::context::Context;
use super::super::messages::Message;
use super::super::model::{CostKind, Item, OptionResult, Path, Routes};
use super::lines::{nat_gateway_lines, push_priced};
use super::nat_gateway::nat_gateway_notes;
use super::{EgressOption, Stop};
use crate::pricing::Figure;
use crate::scenario::Scenario;
use rust_decimal::Decimal;

/// NAT gateways plus an egress-only internet gateway for IPv6.
pub struct Ipv6Egress;

impl EgressOption for Ipv6Egress {
    fn routes(&self, _: &Scenario) -> Routes {
        Routes {
            s3: Path::S3GatewayEndpoint,
            aws: Path::NatGateway,
            internet: Path::NatGateway,
            ipv6: Path::EgressOnlyGateway,
        }
    }

    fn price(&self, ctx: &Context<'_>, out: &mut OptionResult) -> Result<(), Stop> {
        let s = ctx.scenario;
        let routes = self.routes(s);
        let lines = &mut out.lines;
        lines.reserve(6 + ctx.dto_lines.len());
        nat_gateway_lines(ctx, &routes, lines)?;
        // One gateway per VPC; its price is a sourced zero, shown so the
        // reader sees it was not forgotten.
        push_priced(
            ctx,
            lines,
            [(
                Item::EgressOnlyGateway,
                ctx.hours,
                "gateway-hours",
                Figure::EigwHour,
                CostKind::Fixed,
            )],
        )?;
        lines.extend_from_slice(&ctx.dto_lines);
        if !ctx.explains() {
            return Ok(());
        }
        nat_gateway_notes(ctx, routes, out)?;
        if s.ipv6_percent == Decimal::ZERO {
            out.notes.push(Message::Ipv6None);
        } else {
            out.notes.push(Message::Ipv6Moved {
                ipv6_gb: ctx.volumes.ipv6_gb,
            });
        }
        out.notes.push(Message::Ipv6StillNeedsNat);
        out.notes.push(Message::EcrNoDualStackPrivateLink);
        Ok(())
    }
}
