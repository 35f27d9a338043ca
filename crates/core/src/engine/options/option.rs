//! What an option is to the comparison: a type implementing [`EgressOption`],
//! listed with its description ([`Listed`]); and why it may stop ([`Stop`]).

use super::super::base::{EngineError, Routes};
use super::super::context::Context;
use super::super::messages::Message;
use super::super::properties::Properties;
use super::super::result::{About, OptionResult};
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

/// One way for tasks to reach the internet and AWS services.
pub trait EgressOption: Sync {
    /// Which path each kind of traffic takes for this scenario.
    fn routes(&self, scenario: &Scenario) -> Routes;
    /// Prices the option into `out` (blank but for its description and
    /// routes): its lines, and what it says of them. The caller totals the
    /// lines afterwards.
    fn price(&self, ctx: &Context<'_>, out: &mut OptionResult) -> Result<(), Stop>;
    /// What the option is like for this scenario beside its cost: its
    /// availability when an AZ fails, its security and its operations, each
    /// statement with its source (the shared ones are in `properties.rs`).
    /// The requirements (`sensitive`, `survive_az_loss`) are checked
    /// against these verdicts.
    fn properties(&self, scenario: &Scenario, routes: &Routes) -> Properties;
}

/// An option as the comparison lists it: its description and what it does.
pub struct Listed {
    /// Its id, names and description.
    pub about: About,
    /// What it does.
    pub option: &'static dyn EgressOption,
}
