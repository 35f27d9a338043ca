//! Option 8: dual-stack tasks behind NAT gateways; the internet traffic that
//! can go over IPv6 leaves through a free egress-only internet gateway, the
//! rest (and AWS API traffic) still through the NAT; S3 through the gateway endpoint.

use super::super::base::{Path, Routes, Way};
use super::super::context::Context;
use super::super::messages::Message;
use super::super::properties::{self as props, Properties, source};
use super::super::result::{About, OptionResult};
use super::lines::{Charge, nat_gateway_lines, nat_gateway_notes, push_priced_and_dto};
use super::option::{EgressOption, Listed, Stop};
use crate::money::words::gb;
use crate::pricing::Figure;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use std::fmt;

/// Option 8.
pub const LISTED: Listed = Listed {
    about: About {
        id: "nat_gateway_ipv6_egress",
        name: "NAT gateways + S3 gateway + IPv6 egress-only gateway",
        short_name: "NAT+IPv6",
        summary: "Dual-stack tasks: IPv6 destinations through the free egress-only internet gateway, IPv4 still through NAT gateways, S3 through the gateway endpoint.",
    },
    option: &Ipv6Egress,
};

/// The egress-only internet gateway (IPv6 only).
static EGRESS_ONLY_GATEWAY_WAY: Way = Way::new("egress-only internet gateway");
const EGRESS_ONLY_GATEWAY: Path = Path::of(&EGRESS_ONLY_GATEWAY_WAY);

/// Its line: the egress-only internet gateway (free).
const EGRESS_ONLY: &str = "Egress-only internet gateway (IPv6)";

/// With no IPv6 traffic it is option 2.
const NONE: &str = "No internet traffic is reachable over IPv6 in this scenario, so this option costs the same as NAT + S3 gateway endpoint.";
/// Dual-stack Fargate tasks still need IPv4 through NAT.
const STILL_NEEDS_NAT: &str = "Dual-stack Fargate tasks still need an IPv4 route through a NAT gateway: they pull images and read secrets (ECR, SSM, Secrets Manager) over IPv4 when they start.";
/// ECR has no dual-stack PrivateLink.
const ECR_NO_DUAL_STACK: &str = "ECR has no dual-stack PrivateLink endpoint, so image pulls cannot move to IPv6 inside the VPC.";

/// What moved off the NAT, GB per month.
#[derive(Debug)]
struct Moved(Decimal);

impl fmt::Display for Moved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} GB/month to IPv6 destinations leaves through the egress-only internet gateway, with no NAT processing; it is still billed as data transfer out.",
            gb(self.0)
        )
    }
}

/// NAT gateways plus an egress-only internet gateway for IPv6.
pub struct Ipv6Egress;

impl EgressOption for Ipv6Egress {
    fn routes(&self, _: &Scenario) -> Routes {
        Routes {
            s3: Path::S3_GATEWAY_ENDPOINT,
            aws: Path::NAT_GATEWAY,
            internet: Path::NAT_GATEWAY,
            ipv6: EGRESS_ONLY_GATEWAY,
        }
    }

    fn properties(&self, s: &Scenario, routes: &Routes) -> Properties {
        Properties {
            availability: props::nat_gateway_availability(s, routes)
            .and(
                "The egress-only internet gateway is one per VPC, run by AWS across the AZs: IPv6 egress survives an AZ failure; IPv4 depends on the NAT gateways.",
                source::EGRESS_ONLY,
            ),
            security: props::nat_security(routes).and(
                "The egress-only internet gateway lets tasks start IPv6 connections out and stops the internet from starting one to them, though their IPv6 addresses are public.",
                source::EGRESS_ONLY,
            ),
            operations: props::nat_gateway_operations().and(
                "IPv6 egress needs dual-stack: an IPv6 CIDR on the VPC and the tasks' subnets, a ::/0 route to the egress-only internet gateway, and tasks given IPv6 addresses (the ECS dualStackIPv6 account setting).",
                source::FARGATE_NETWORKING,
            ),
        }
    }

    fn price(&self, ctx: &Context<'_>, out: &mut OptionResult) -> Result<(), Stop> {
        let s = ctx.scenario;
        let routes = out.routes;
        let lines = &mut out.lines;
        // Room for the NAT gateway lines (at most four), the gateway's and the data transfer out.
        lines.reserve(5 + ctx.dto_lines.len());
        nat_gateway_lines(ctx, &routes, lines)?;
        // One gateway per VPC; its price is a sourced zero, shown so the
        // reader sees it was not forgotten.
        let gateway = Charge::fixed(EGRESS_ONLY, ctx.hours, Figure::EigwHour);
        push_priced_and_dto(ctx, lines, [gateway])?;
        if !ctx.explains() {
            return Ok(());
        }
        nat_gateway_notes(ctx, routes, out)?;
        if s.ipv6_percent == Decimal::ZERO {
            out.notes.push(Message::Text(NONE));
        } else {
            out.notes.push(Message::own(Moved(ctx.volumes.ipv6_gb)));
        }
        out.notes.push(Message::Text(STILL_NEEDS_NAT));
        out.notes.push(Message::Text(ECR_NO_DUAL_STACK));
        Ok(())
    }
}
