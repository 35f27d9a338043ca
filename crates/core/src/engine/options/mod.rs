//! The egress options, one file each. An option says which path each kind of
//! traffic takes ([`Routes`]) and prices itself from the figures it names;
//! the analyses and every view work from that, so a new option is one more
//! file here and one more entry, with its names, in [`OPTIONS`].

mod endpoints_only;
mod ipv6_egress;
mod lines;
mod nat_gateway;
mod nat_instance;
mod public_subnet;
mod regional_nat;

pub use lines::dto_lines;
pub use nat_instance::internet_gbps;

use super::context::Context;
use super::messages::Message;
use super::model::{EngineError, OptionResult, Routes};
use crate::pricing::MissingFigure;
use crate::scenario::Scenario;

/// Why an option could not be priced: a figure the region lacks (the option
/// is shown unpriced, with that reason), or arithmetic that overflowed.
#[derive(Debug)]
pub enum Stop {
    /// The region's table lacks a figure the option needs.
    Missing(Message),
    /// A computation overflowed.
    Engine(EngineError),
}

impl From<EngineError> for Stop {
    fn from(e: EngineError) -> Stop {
        Stop::Engine(e)
    }
}

impl From<MissingFigure> for Stop {
    fn from(e: MissingFigure) -> Stop {
        Stop::Missing(Message::NoPrice { figure: e.figure })
    }
}

/// What an option is called and how it is described.
#[derive(Debug, Clone, Copy)]
pub struct About {
    /// Fixed id used by the API (`nat_gateway`, …).
    pub id: &'static str,
    /// Name for people.
    pub name: &'static str,
    /// A short name for chart labels and legends.
    pub short_name: &'static str,
    /// One-line description.
    pub summary: &'static str,
}

/// One way for tasks to reach the internet and AWS services.
pub trait EgressOption: Sync {
    /// Which path each kind of traffic takes for this scenario.
    fn routes(&self, scenario: &Scenario) -> Routes;
    /// Prices the option into `out` (blank but for its description and
    /// routes): its lines, and what it says of them. The caller totals the
    /// lines afterwards.
    fn price(&self, ctx: &Context<'_>, out: &mut OptionResult) -> Result<(), Stop>;
}

/// An option as the comparison lists it: its description and what it does.
pub struct Listed {
    /// Its id, names and description.
    pub about: About,
    /// What it does.
    pub option: &'static dyn EgressOption,
}

/// Every option, in the contract's order (which also breaks cost ties).
pub static OPTIONS: &[Listed] = &[
    Listed {
        about: About {
            id: "nat_gateway",
            name: "NAT gateways",
            short_name: "NAT",
            summary: "Private subnets; all traffic, S3 and AWS APIs included, goes through NAT gateways.",
        },
        option: &nat_gateway::PLAIN,
    },
    Listed {
        about: About {
            id: "nat_gateway_s3_endpoint",
            name: "NAT gateways + S3 gateway endpoint",
            short_name: "NAT+S3",
            summary: "As above, but S3 traffic (ECR image layers too) takes the free S3 gateway endpoint.",
        },
        option: &nat_gateway::S3_ENDPOINT,
    },
    Listed {
        about: About {
            id: "nat_gateway_all_endpoints",
            name: "NAT gateways + S3 gateway + interface endpoints",
            short_name: "NAT+endpoints",
            summary: "S3 through the free gateway endpoint, AWS APIs through interface endpoints in every AZ; only internet traffic uses NAT.",
        },
        option: &nat_gateway::ALL_ENDPOINTS,
    },
    Listed {
        about: About {
            id: "endpoints_only",
            name: "Endpoints only (no NAT)",
            short_name: "Endpoints only",
            summary: "No internet path: S3 through the free gateway endpoint, AWS APIs through interface endpoints in every AZ.",
        },
        option: &endpoints_only::EndpointsOnly,
    },
    Listed {
        about: About {
            id: "public_subnet",
            name: "Public subnets with public IPv4",
            short_name: "Public",
            summary: "Tasks in public subnets, each with a public IPv4 address, through the free internet gateway.",
        },
        option: &public_subnet::PublicSubnet,
    },
    Listed {
        about: About {
            id: "regional_nat_gateway",
            name: "Regional NAT gateway + S3 gateway endpoint",
            short_name: "Regional NAT",
            summary: "One regional NAT gateway that follows the tasks into every AZ (no cross-AZ traffic); S3 through the free gateway endpoint.",
        },
        option: &regional_nat::RegionalNat,
    },
    Listed {
        about: About {
            id: "nat_instance",
            name: "NAT instances + S3 gateway endpoint",
            short_name: "NAT instances",
            summary: "EC2 NAT instances (fck-nat style) instead of NAT gateways: no per-GB processing charge; S3 through the free gateway endpoint.",
        },
        option: &nat_instance::NatInstance,
    },
    Listed {
        about: About {
            id: "nat_gateway_ipv6_egress",
            name: "NAT gateways + S3 gateway + IPv6 egress-only gateway",
            short_name: "NAT+IPv6",
            summary: "Dual-stack tasks: IPv6 destinations through the free egress-only internet gateway, IPv4 still through NAT gateways, S3 through the gateway endpoint.",
        },
        option: &ipv6_egress::Ipv6Egress,
    },
];

/// Prices one option and appends its result to `results` (built in place
/// and moved once: a result is large). A missing figure makes it an
/// unpriced result.
pub fn price(
    listed: &Listed,
    ctx: &Context<'_>,
    results: &mut Vec<OptionResult>,
) -> Result<(), EngineError> {
    let routes = listed.option.routes(ctx.scenario);
    let mut out = OptionResult::blank(listed.about, routes);
    match listed.option.price(ctx, &mut out) {
        Ok(()) => out.total()?,
        Err(Stop::Missing(reason)) => out = OptionResult::unpriced(listed.about, routes, reason),
        Err(Stop::Engine(e)) => return Err(e),
    }
    results.push(out);
    Ok(())
}
