//! The cost engine: one [`Scenario`](crate::scenario::Scenario) and one
//! pricing table in, one [`Comparison`] out. Pure and synchronous — no I/O,
//! no web types — so the JSON API, the pages, the embeds, the charts and
//! the CLI all show this one result.
//!
//! The modules build on each other in one direction, bottom to top (none
//! imports one above it):
//!
//! - `base`: errors and checked arithmetic, volumes and shares, paths and
//!   routes, the cross-AZ leg;
//! - `tiers`: a volume split over a tiered price;
//! - `line`: what a line is for ([`Item`]) and the priced [`Line`];
//! - `messages`: the sentences several options or the analyses share, and
//!   the [`Message`] that carries an option's own;
//! - `context`: what every option prices itself in (volumes, DTO lines,
//!   endpoint hours and load);
//! - `load`: the NAT and endpoint bandwidth checks an option makes;
//! - `result`: one option's [`OptionResult`];
//! - `options`: the options, one file each;
//! - `analysis`, then `advice`: what is said over every option's result;
//! - `comparison`: [`compare`], [`price_options`] and the [`Comparison`];
//! - `headline`: what the headline views show of it ([`Headline`]), and [`rank`], which works
//!   out that alone;
//! - `curve`: cost against traffic, for the chart.

pub mod advice;
mod analysis;
mod base;
mod comparison;
mod context;
pub mod curve;
mod headline;
mod line;
mod load;
pub mod messages;
mod options;
pub mod properties;
mod result;
pub mod tiers;
mod today;

pub use crate::money::Money;
pub use analysis::{Bandwidth, BreakEven, PublicVsNat};
pub use base::{EngineError, Path, Routes, Volumes, Way};
pub use comparison::{
    AssumedFigure, Comparison, PassedOver, Priced, PricingUsed, compare, price_options,
};
pub use curve::{
    Crossing, crossings, narrowed, option_costs, samples, samples_knowing, slope_changes,
};
pub use headline::{Headline, Ranking, rank};
pub use line::{CostKind, Item, Line};
pub use load::NatLoad;
pub use messages::Message;
pub use options::{
    Centralizing, EgressOption, Listed, OPTIONS, Traffic as CentralizingTraffic,
    Vpcs as CentralizingVpcs, internet_gbps as instance_internet_gbps, listed,
};
pub use properties::{Properties, Requirement, RequirementCheck};
pub use result::{About, InstanceChoice, OptionResult};
pub use today::Saving;

#[cfg(test)]
mod tests;
