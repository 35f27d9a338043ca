//! Option 5: tasks in public subnets, each with a public IPv4 address,
//! through the free internet gateway.

use super::super::base::{Path, Routes, mul};
use super::super::context::Context;
use super::super::messages::{Message, OptionVerdict, gbps};
use super::super::properties::{self as props, Availability, Exposure, Properties, Property, Statement, Upkeep, source};
use super::super::result::{About, OptionResult};
use super::lines::{Charge, push_priced_and_dto};
use super::option::{EgressOption, Listed, Stop};
use crate::pricing::Figure;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use std::fmt;

/// Option 5.
pub const LISTED: Listed = Listed {
    about: About {
        id: "public_subnet",
        name: "Public subnets with public IPv4",
        short_name: "Public",
        summary: "Tasks in public subnets, each with a public IPv4 address, through the free internet gateway.",
    },
    option: &PublicSubnet,
};

/// Its one line of its own.
const PUBLIC_IPV4: &str = "Public IPv4 addresses (one per task)";

/// Every task is exposed: its security statement, and a warning.
const EXPOSED: &str = "Every task has a public IPv4 address and is reachable from the internet unless its security group denies the traffic.";
/// Public subnets without public addresses.
const WITHOUT_ADDRESSES: &str = "With no public IPv4 address, tasks in a public subnet cannot reach the internet or AWS APIs (Fargate needs one to pull images).";
/// (3rd ed.) Why it is infeasible without public addresses.
const NO_ADDRESSES: &str = "With no public IPv4 address, tasks in a public subnet reach neither the internet nor AWS APIs (only S3, through a gateway endpoint), and this scenario has internet or AWS API traffic: set the tasks with a public address, or use a NAT option.";
/// Same-region AWS traffic is free.
const AWS_TRAFFIC_FREE: &str = "S3 and AWS API traffic in the same region costs nothing here: no NAT processing and no data transfer charge.";

/// Its bandwidth verdict: the scenario's peak (Gbps) through a gateway with no ceiling.
#[derive(Debug)]
struct Carries(Decimal);

impl fmt::Display for Carries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Carries the peak: {} Gbps leaves through the internet gateway, which has no bandwidth ceiling of its own; each task's network bandwidth is the limit.",
            gbps(self.0)
        )
    }
}

/// Public subnets, a public IPv4 address per task, the free internet gateway.
pub struct PublicSubnet;

impl EgressOption for PublicSubnet {
    fn routes(&self, _: &Scenario) -> Routes {
        // Same-region S3 and AWS API traffic through an internet gateway is
        // not data transfer out, and no gateway processes it.
        let igw = Path::INTERNET_GATEWAY;
        Routes {
            s3: igw,
            aws: igw,
            internet: igw,
            ipv6: igw,
        }
    }

    fn properties(&self, _: &Scenario, routes: &Routes) -> Properties {
        Properties {
            availability: Property::new(
                Availability::Contained,
                Statement::fixed(
                    "No shared egress component: each task leaves through the VPC's internet gateway, which AWS runs redundant and highly available, so losing an AZ cuts only its own tasks.",
                    source::INTERNET_GATEWAY,
                ),
            ),
            security: Property::new(
                Exposure::PublicAddress,
                Statement::fixed(EXPOSED, source::SECURITY_GROUPS),
            )
            .with(props::service_traffic(routes)),
            operations: Property::new(
                Upkeep::Managed,
                Statement::fixed(
                    "Nothing to run or watch on the egress path; keep every task's security group free of inbound rules from the internet.",
                    source::FARGATE_NETWORKING,
                ),
            ),
        }
    }

    fn price(&self, ctx: &Context<'_>, out: &mut OptionResult) -> Result<(), Stop> {
        let s = ctx.scenario;
        let address_hours = mul(Decimal::from(s.public_ips), ctx.hours, "public IPv4 hours")?;
        let lines = &mut out.lines;
        let addresses = Charge::fixed(PUBLIC_IPV4, address_hours, Figure::Ipv4Hour);
        push_priced_and_dto(ctx, lines, [addresses])?;
        // (3rd ed.) Without an address a task reaches only S3.
        let v = &ctx.volumes;
        let unreachable = s.public_ips == 0 && !(v.internet_gb.is_zero() && v.aws_gb.is_zero());
        if unreachable {
            out.infeasible(Message::Text(NO_ADDRESSES));
        }
        if !ctx.explains() {
            return Ok(());
        }
        out.warnings.push(Message::Text(EXPOSED));
        if s.public_ips == 0 && !s.monthly_gb.is_zero() && !unreachable {
            out.warnings.push(Message::Text(WITHOUT_ADDRESSES));
        }
        out.bandwidth_verdict = Some(OptionVerdict {
            carrier: Message::own(Carries(s.peak_gbps)),
            endpoints: None,
        });
        out.notes.push(Message::Text(AWS_TRAFFIC_FREE));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn the_internet_gateway_has_no_ceiling() {
        assert!(
            Carries(dec!(20))
                .to_string()
                .contains("20 Gbps leaves through the internet gateway, which has no bandwidth ceiling")
        );
    }
}
