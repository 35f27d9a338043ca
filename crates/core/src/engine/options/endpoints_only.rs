//! Option 4: no NAT at all; S3 through the gateway endpoint, AWS APIs through
//! interface endpoints, and no way to the internet.

use super::super::base::{Path, Routes};
use super::super::context::Context;
use super::super::load::endpoint_checks;
use super::super::messages::{Message, OptionVerdict};
use super::super::properties::{self as props, Exposure, Properties, Property, Statement, Upkeep, source};
use super::super::result::{About, OptionResult};
use super::lines::endpoint_lines;
use super::option::{EgressOption, Listed, Stop};
use crate::money::words::gb;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use std::fmt;

/// Option 4.
pub const LISTED: Listed = Listed {
    about: About {
        id: "endpoints_only",
        name: "Endpoints only (no NAT)",
        short_name: "Endpoints only",
        summary: "No internet path: S3 through the free gateway endpoint, AWS APIs through interface endpoints in every AZ.",
    },
    option: &EndpointsOnly,
};

/// What having no internet path means.
const NO_INTERNET_ACCESS: &str = "Tasks have no internet access at all: images must come from ECR (layers through the S3 gateway endpoint), and an ECR pull-through cache's first pull needs internet access.";

/// Its bandwidth verdict: nothing to outgrow.
const NOTHING_TO_OUTGROW: &str =
    "No NAT or internet gateway to outgrow: S3 takes the gateway endpoint.";

/// Why the traffic cannot flow.
#[derive(Debug)]
enum Infeasible {
    /// Internet traffic with no NAT or public address to carry it (GB per month).
    Internet(Decimal),
    /// AWS API traffic with no interface endpoints to carry it (GB per month).
    AwsApis(Decimal),
}

impl fmt::Display for Infeasible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Infeasible::Internet(internet_gb) => write!(
                f,
                "{} GB/month goes to or comes from the internet, and without a NAT gateway or public IPv4 address nothing can carry it.",
                gb(internet_gb)
            ),
            Infeasible::AwsApis(aws_gb) => write!(
                f,
                "{} GB/month goes to AWS APIs, but there are no interface endpoints to carry it.",
                gb(aws_gb)
            ),
        }
    }
}

/// No NAT: an S3 gateway endpoint and interface endpoints only.
pub struct EndpointsOnly;

impl EgressOption for EndpointsOnly {
    fn routes(&self, s: &Scenario) -> Routes {
        Routes {
            s3: Path::S3_GATEWAY_ENDPOINT,
            aws: if s.interface_endpoints > 0 {
                Path::INTERFACE_ENDPOINT
            } else {
                Path::NOTHING
            },
            internet: Path::NOTHING,
            ipv6: Path::NOTHING,
        }
    }

    fn properties(&self, s: &Scenario, routes: &Routes) -> Properties {
        Properties {
            availability: props::contained(
                props::with_azs!(
                    s.azs,
                    "Interface endpoints in each AZ the tasks use ({}) and the route-table based S3 gateway endpoint: losing an AZ cuts only its own tasks."
                ),
                source::INTERFACE_ENDPOINTS,
            )
            .with(props::service_availability(routes)),
            security: Property::new(
                Exposure::NoInternet,
                Statement::fixed(
                    "No route to the internet: tasks reach only S3 and the AWS services with an endpoint, and nothing outside can reach them.",
                    source::INTERFACE_ENDPOINTS,
                ),
            )
            .with(props::service_traffic(routes)),
            operations: Property::new(
                Upkeep::Managed,
                Statement::fixed(
                    "AWS runs the endpoints; every AWS service the tasks call needs its own endpoint, and a missing one shows up as a timeout.",
                    source::INTERFACE_ENDPOINTS,
                ),
            ),
        }
    }

    fn price(&self, ctx: &Context<'_>, out: &mut OptionResult) -> Result<(), Stop> {
        let s = ctx.scenario;
        let v = ctx.volumes;
        let lines = &mut out.lines;
        lines.reserve(4);
        endpoint_lines(ctx, v.aws_gb, lines)?;
        if !v.internet_gb.is_zero() {
            out.infeasible(Message::own(Infeasible::Internet(v.internet_gb)));
        } else if !v.aws_gb.is_zero() && s.interface_endpoints == 0 {
            out.infeasible(Message::own(Infeasible::AwsApis(v.aws_gb)));
        } else if ctx.explains() {
            out.notes.push(Message::Text(NO_INTERNET_ACCESS));
        }
        if !ctx.explains() {
            return Ok(());
        }
        if s.interface_endpoints > 0 {
            endpoint_checks(ctx, &mut out.warnings, &mut out.notes);
        }
        out.bandwidth_verdict = Some(OptionVerdict {
            carrier: Message::Text(NOTHING_TO_OUTGROW),
            endpoints: (s.interface_endpoints > 0).then_some(ctx.endpoint_load),
        });
        Ok(())
    }
}
