//! Option 4: no NAT at all; S3 through the gateway endpoint, AWS APIs through
//! interface endpoints, and no way to the internet.

use super::super::analysis::{endpoint_load, endpoint_verdict};
use super::super::context::Context;
use super::super::messages::{Carrier, Message, OptionVerdict};
use super::super::model::{OptionResult, Path, Routes};
use super::lines::endpoint_lines;
use super::{EgressOption, Stop};
use crate::scenario::Scenario;

/// No NAT: an S3 gateway endpoint and interface endpoints only.
pub struct EndpointsOnly;

impl EgressOption for EndpointsOnly {
    fn routes(&self, s: &Scenario) -> Routes {
        Routes {
            s3: Path::S3GatewayEndpoint,
            aws: if s.interface_endpoints > 0 {
                Path::InterfaceEndpoint
            } else {
                Path::Nothing
            },
            internet: Path::Nothing,
            ipv6: Path::Nothing,
        }
    }

    fn price(&self, ctx: &Context<'_>, out: &mut OptionResult) -> Result<(), Stop> {
        let s = ctx.scenario;
        let v = ctx.volumes;
        let lines = &mut out.lines;
        lines.reserve(4);
        endpoint_lines(ctx, v.aws_gb, lines)?;
        if !v.internet_gb.is_zero() {
            out.infeasible(Message::InternetWithoutNat {
                internet_gb: v.internet_gb,
            });
        } else if !v.aws_gb.is_zero() && s.interface_endpoints == 0 {
            out.infeasible(Message::AwsWithoutEndpoints { aws_gb: v.aws_gb });
        } else if ctx.explains() {
            out.notes.push(Message::NoInternetAccess);
        }
        if !ctx.explains() {
            return Ok(());
        }
        if s.interface_endpoints > 0 {
            endpoint_load(ctx, &mut out.warnings, &mut out.notes);
        }
        out.bandwidth_verdict = Some(OptionVerdict {
            carrier: Carrier::Nothing,
            endpoints: (s.interface_endpoints > 0).then(|| endpoint_verdict(ctx)),
        });
        Ok(())
    }
}
