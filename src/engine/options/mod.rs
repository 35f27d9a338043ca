//! The egress options, one file each. An option says which path each kind of
//! traffic takes ([`Routes`]) and prices itself from the figures it names;
//! the analyses and every view work from that, so a new option is one more
//! file here and one more entry in [`OPTIONS`].

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
    /// Its id, names and description.
    fn about(&self) -> About;
    /// Which path each kind of traffic takes for this scenario.
    fn routes(&self, scenario: &Scenario) -> Routes;
    /// Prices the option.
    fn price(&self, ctx: &Context<'_>) -> Result<OptionResult, Stop>;
}

/// Every option, in the contract's order (which also breaks cost ties).
pub static OPTIONS: &[&dyn EgressOption] = &[
    &nat_gateway::PLAIN,
    &nat_gateway::S3_ENDPOINT,
    &nat_gateway::ALL_ENDPOINTS,
    &endpoints_only::EndpointsOnly,
    &public_subnet::PublicSubnet,
    &regional_nat::RegionalNat,
    &nat_instance::NatInstance,
    &ipv6_egress::Ipv6Egress,
];

/// Prices one option; a missing figure makes it an unpriced result.
pub fn price(option: &dyn EgressOption, ctx: &Context<'_>) -> Result<OptionResult, EngineError> {
    match option.price(ctx) {
        Ok(result) => Ok(result),
        Err(Stop::Missing(reason)) => Ok(OptionResult::unpriced(
            option,
            option.routes(ctx.scenario),
            reason,
        )),
        Err(Stop::Engine(e)) => Err(e),
    }
}
