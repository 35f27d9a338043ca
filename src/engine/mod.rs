//! The cost engine: one [`Scenario`] and one pricing table in, one
//! [`Comparison`] out. Pure and synchronous — no I/O, no web types — so the
//! JSON API, the pages, the embeds, the charts and the CLI all show this one result.

pub mod advice;
mod analysis;
mod context;
pub mod curve;
pub mod messages;
pub mod model;
pub mod money;
mod options;
pub mod tiers;
pub mod words;

pub use analysis::{Bandwidth, BreakEven, NatLoad, PublicVsNat};
pub use curve::{Crossing, crossings, option_costs, samples, slope_changes};
pub use messages::Message;
pub use model::{
    AssumedFigure, Comparison, CostKind, EngineError, InstanceChoice, Item, Line, OptionResult,
    Path, PricingUsed, Routes, Volumes,
};
pub use money::Money;
pub use options::{EgressOption, OPTIONS, internet_gbps as instance_internet_gbps};

use crate::pricing::PricingTable;
use crate::scenario::Scenario;
use context::Context;
use money::Money as Amount;

/// Compares every option for `scenario` using `table`.
pub fn compare<'t>(
    scenario: &Scenario,
    table: &'t PricingTable,
) -> Result<Comparison<'t>, EngineError> {
    let ctx = Context::new(scenario, table)?;
    // The same region as the context's, borrowed for as long as the table.
    let region = table.region(&scenario.region).ok_or(EngineError {
        what: "region not in this pricing table",
    })?;
    let mut options = OPTIONS
        .iter()
        .map(|o| options::price(*o, &ctx))
        .collect::<Result<Vec<_>, _>>()?;
    let cheapest = options
        .iter()
        .filter(|o| o.feasible)
        .min_by_key(|o| o.cents())
        .map_or(options[0].id, |o| o.id);
    let cheapest_cost = options
        .iter()
        .find(|o| o.id == cheapest)
        .and_then(|o| o.monthly_cost);
    for o in &mut options {
        if let (true, Some(cost), Some(best)) = (o.feasible, o.monthly_cost, cheapest_cost) {
            // On the rounded amounts people see, so the difference adds up on the page.
            o.over_cheapest = Some(Amount::new(cost.rounded() - best.rounded()));
        }
    }
    let break_even = analysis::break_even(&ctx, &options)?;
    let bandwidth = analysis::bandwidth(&ctx, &options);
    let endpoint_advice = advice::endpoint_advice(&ctx)?;
    let assumed_figures = region
        .assumed()
        .into_iter()
        .map(|(figure, note)| AssumedFigure { figure, note })
        .collect();
    Ok(Comparison {
        region: &region.code,
        region_name: &region.name,
        pricing: PricingUsed::of(table),
        scenario: scenario.clone(),
        volumes: ctx.volumes,
        options,
        cheapest,
        break_even,
        bandwidth,
        assumed_figures,
        endpoint_advice,
    })
}

#[cfg(test)]
mod tests;
