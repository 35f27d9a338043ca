//! Option 5: tasks in public subnets, each with a public IPv4 address,
//! through the free internet gateway.

use super::super::context::Context;
use super::super::messages::{Carrier, Message, OptionVerdict};
use super::super::model::{CostKind, Item, OptionResult, Path, Routes, mul};
use super::lines::push_priced;
use super::{EgressOption, Stop};
use crate::pricing::Figure;
use crate::scenario::Scenario;
use rust_decimal::Decimal;

/// Public subnets, a public IPv4 address per task, the free internet gateway.
pub struct PublicSubnet;

impl EgressOption for PublicSubnet {
    fn routes(&self, _: &Scenario) -> Routes {
        // Same-region S3 and AWS API traffic through an internet gateway is
        // not data transfer out, and no gateway processes it.
        let igw = Path::InternetGateway;
        Routes {
            s3: igw,
            aws: igw,
            internet: igw,
            ipv6: igw,
        }
    }

    fn price(&self, ctx: &Context<'_>, out: &mut OptionResult) -> Result<(), Stop> {
        let s = ctx.scenario;
        let address_hours = mul(Decimal::from(s.public_ips), ctx.hours, "public IPv4 hours")?;
        let lines = &mut out.lines;
        lines.reserve(1 + ctx.dto_lines.len());
        push_priced(
            ctx,
            lines,
            [(
                Item::PublicIpv4,
                address_hours,
                "address-hours",
                Figure::Ipv4Hour,
                CostKind::Fixed,
            )],
        )?;
        lines.extend_from_slice(&ctx.dto_lines);
        if !ctx.explains() {
            return Ok(());
        }
        out.warnings.push(Message::PublicExposure);
        if s.public_ips == 0 && !s.monthly_gb.is_zero() {
            out.warnings.push(Message::PublicWithoutAddresses);
        }
        out.bandwidth_verdict = Some(OptionVerdict {
            carrier: Carrier::InternetGateway { peak: s.peak_gbps },
            endpoints: None,
        });
        out.notes.push(Message::PublicAwsTrafficFree);
        Ok(())
    }
}
