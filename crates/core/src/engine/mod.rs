//! The cost engine: one [`Scenario`] and one pricing table in, one
//! [`Comparison`] out. Pure and synchronous — no I/O, no web types — so the
//! JSON API, the pages, the embeds, the charts and the CLI all show this one result.

pub mod advice;
mod analysis;
mod context;
pub mod curve;
pub mod messages;
pub mod model;
mod options;
pub mod tiers;

pub use crate::money::Money;
pub use analysis::{Bandwidth, BreakEven, NatLoad, PublicVsNat};
pub use curve::{Crossing, crossings, narrowed, option_costs, samples, slope_changes};
pub use messages::Message;
pub use model::{
    AssumedFigure, Comparison, CostKind, EngineError, InstanceChoice, Item, Line, OptionResult,
    Path, PricingUsed, Routes, Volumes,
};
pub use options::{About, EgressOption, Listed, OPTIONS, internet_gbps as instance_internet_gbps};

use crate::money::Money as Amount;
use crate::pricing::PricingTable;
use crate::scenario::Scenario;
use context::{Context, Wanted};

/// Compares every option for `scenario` using `table`.
pub fn compare<'t>(
    scenario: &Scenario,
    table: &'t PricingTable,
) -> Result<Comparison<'t>, EngineError> {
    let ctx = Context::new(scenario, table, Wanted::Everything)?;
    // The same region as the context's, borrowed for as long as the table.
    let region = table.region(&scenario.region).ok_or(EngineError {
        what: "region not in this pricing table",
    })?;
    let Priced {
        mut options,
        cheapest,
    } = price_all(&ctx)?;
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

/// Every option priced, and the cheapest feasible one: what a comparison's
/// summary needs, without the analyses (break-even, bandwidth, advice) and
/// without the options' warnings, notes and bandwidth checks.
#[derive(Debug, Clone)]
pub struct Priced {
    /// Every option, in the order of [`OPTIONS`] (`over_cheapest` not set).
    pub options: Vec<OptionResult>,
    /// Id of the cheapest feasible option, as [`compare`] chooses it.
    pub cheapest: &'static str,
}

/// Prices every option for `scenario`: the same lines, costs, feasibility
/// and cheapest option as [`compare`], for callers that need only those (the
/// batch endpoint's summaries, the chart's and the sweep's samples); the
/// options' warnings, notes, bandwidth checks and NAT-instance sizing details
/// (`instance_type`, `nat_instances`, `instance`) are left empty.
pub fn price_options(scenario: &Scenario, table: &PricingTable) -> Result<Priced, EngineError> {
    price_all(&Context::new(scenario, table, Wanted::Costs)?)
}

#[inline]
fn price_all(ctx: &Context<'_>) -> Result<Priced, EngineError> {
    let mut options = Vec::with_capacity(OPTIONS.len());
    for listed in OPTIONS {
        options::price(listed, ctx, &mut options)?;
    }
    // Ties go to the contract's order (min_by_key keeps the first).
    let cheapest = options
        .iter()
        .filter(|o| o.feasible)
        .min_by_key(|o| o.cents())
        .map_or(options[0].id, |o| o.id);
    Ok(Priced { options, cheapest })
}

#[cfg(test)]
mod tests;
