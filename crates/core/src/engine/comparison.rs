//! The whole answer for one scenario ([`Comparison`]) and the two ways to
//! get it: [`compare`] (everything every view shows) and [`price_options`]
//! (costs and feasibility alone). It runs the options, then the analyses and
//! the advice over their results; `headline.rs`, above it, gives what the
//! headline views show.

use super::advice::{self, EndpointAdvice};
use super::analysis::{self, Bandwidth, BreakEven};
use super::base::{EngineError, Volumes};
use super::context::{Context, Wanted};
use super::messages::Message;
use super::options::{self, OPTIONS};
use super::result::OptionResult;
use super::today;
use crate::money::Money;
use crate::pricing::{PricingTable, Region};
use crate::scenario::Scenario;
use serde::Serialize;

/// The table version a comparison used.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PricingUsed<'t> {
    /// Table version.
    pub version: &'t str,
    /// Table as-of date.
    pub as_of: &'t str,
    /// Currency of every amount.
    pub currency: &'t str,
}

impl<'t> PricingUsed<'t> {
    /// The identification of `table`.
    pub fn of(table: &'t PricingTable) -> PricingUsed<'t> {
        PricingUsed {
            version: &table.meta.version,
            as_of: &table.meta.as_of,
            currency: &table.meta.currency,
        }
    }
}

/// A figure of the region that no source confirms.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssumedFigure<'t> {
    /// Figure key in the pricing table (`nat_gb`, `nat_instance_hour.t4g.nano`).
    pub figure: String,
    /// What the assumption is based on.
    pub note: &'t str,
}

/// A cheaper option the answer passed over, and why.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PassedOver {
    /// Its id.
    #[serde(serialize_with = "crate::json::fixed")]
    pub id: &'static str,
    /// The requirements it fails, with their reasons.
    pub reason: String,
}

/// The whole answer for one scenario.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comparison<'t> {
    /// Region code.
    pub region: &'t str,
    /// Region name.
    pub region_name: &'t str,
    /// Pricing table used.
    pub pricing: PricingUsed<'t>,
    /// The input with defaults filled in.
    pub scenario: Scenario,
    /// Derived volumes.
    pub volumes: Volumes,
    /// Every option, in the fixed order of [`OPTIONS`].
    pub options: Vec<OptionResult>,
    /// Id of the cheapest feasible option that meets every requirement the
    /// scenario sets (`sensitive`, `survive_az_loss`); the cheapest feasible
    /// one when none meets them all.
    #[serde(serialize_with = "crate::json::fixed")]
    pub cheapest: &'static str,
    /// Cheaper feasible options passed over because they fail a requirement,
    /// cheapest first, with the reason.
    pub passed_over: Vec<PassedOver>,
    /// Break-even figures with their assumptions.
    pub break_even: BreakEven,
    /// Bandwidth ceiling checks.
    pub bandwidth: Bandwidth,
    /// Region figures that are assumed, not confirmed.
    pub assumed_figures: Vec<AssumedFigure<'t>>,
    /// Which interface endpoints pay for themselves (with per-service traffic only).
    pub endpoint_advice: Option<EndpointAdvice>,
    /// The option in place today (the scenario's `current`), if given.
    pub current: Option<&'static str>,
    /// With `current`: what today's option costs and what the cheapest move saves, in one sentence.
    pub today: Option<String>,
}

impl Comparison<'_> {
    /// The option with this id.
    pub fn option(&self, id: &str) -> Option<&OptionResult> {
        self.headline().option(id)
    }

    /// Every option's warnings, with the option's name.
    pub fn warnings(&self) -> Vec<(&'static str, &Message)> {
        self.options
            .iter()
            .flat_map(|o| o.warnings.iter().map(move |w| (o.name, w)))
            .collect()
    }
}

/// Compares every option for `scenario` using `table`.
pub fn compare<'t>(
    scenario: &Scenario,
    table: &'t PricingTable,
) -> Result<Comparison<'t>, EngineError> {
    let (ctx, a) = answer(scenario, table, Wanted::Everything)?;
    let break_even = analysis::break_even(&ctx, &a.options)?;
    let bandwidth = analysis::bandwidth(&ctx, &a.options);
    let endpoint_advice = advice::endpoint_advice(&ctx)?;
    let assumed_figures = a
        .region
        .assumed()
        .into_iter()
        .map(|(figure, note)| AssumedFigure { figure, note })
        .collect();
    Ok(Comparison {
        region: &a.region.code,
        region_name: &a.region.name,
        pricing: PricingUsed::of(table),
        scenario: scenario.clone(),
        volumes: ctx.volumes,
        options: a.options,
        cheapest: a.cheapest,
        passed_over: a.passed_over,
        break_even,
        bandwidth,
        assumed_figures,
        endpoint_advice,
        current: a.current,
        today: a.today,
    })
}

/// Every option priced against the answer and today's option: what a comparison and its
/// headline ([`rank`](super::rank)) both start from.
#[derive(Debug)]
pub(super) struct Answered<'t> {
    /// The scenario's region, borrowed for as long as the table.
    pub region: &'t Region,
    /// Every option, in the order of [`OPTIONS`], with `over_cheapest` and its saving set.
    pub options: Vec<OptionResult>,
    /// Id of the answer.
    pub cheapest: &'static str,
    /// Cheaper options passed over for a requirement.
    pub passed_over: Vec<PassedOver>,
    /// The option in place today, if given.
    pub current: Option<&'static str>,
    /// With `current`: the sentence on moving from it.
    pub today: Option<String>,
}

/// Prices every option for `scenario` with what `wanted` asks of them, then sets each one's
/// cost over the answer and its saving against today's option; the context it priced in, for
/// what comes after.
pub(super) fn answer<'a, 't: 'a>(
    scenario: &'a Scenario,
    table: &'t PricingTable,
    wanted: Wanted,
) -> Result<(Context<'a>, Answered<'t>), EngineError> {
    let current = today::current_id(&scenario.current)?;
    let ctx = Context::new(scenario, table, wanted)?;
    let region = table
        .region(&scenario.region)
        .ok_or(EngineError::UnknownRegion)?;
    let Priced {
        mut options,
        cheapest,
        passed_over,
    } = price_all(&ctx)?;
    set_over_cheapest(&mut options, cheapest);
    if let Some(id) = current {
        today::set_savings(&mut options, id);
    }
    let today = current.and_then(|id| today::sentence(&options, id, cheapest));
    let answered = Answered {
        region,
        options,
        cheapest,
        passed_over,
        current,
        today,
    };
    Ok((ctx, answered))
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
    /// Cheaper options passed over for a requirement, as [`compare`] lists them.
    pub passed_over: Vec<PassedOver>,
}

/// Prices every option for `scenario`: the same lines, costs, feasibility
/// and cheapest option as [`compare`], for callers that need only those (the
/// batch endpoint's summaries, the chart's and the sweep's samples); the
/// options' warnings, notes, bandwidth checks and NAT-instance sizing details
/// (`instance_type`, `nat_instances`, `instance`) are left empty.
pub fn price_options(scenario: &Scenario, table: &PricingTable) -> Result<Priced, EngineError> {
    today::current_id(&scenario.current)?;
    price_all(&Context::new(scenario, table, Wanted::Costs)?)
}

#[inline]
pub(super) fn price_all(ctx: &Context<'_>) -> Result<Priced, EngineError> {
    let mut options = Vec::with_capacity(OPTIONS.len());
    for listed in OPTIONS {
        options::price(listed, ctx, &mut options)?;
    }
    // Ties go to the order of docs/cost-model.md (min_by_key keeps the first).
    let best = |meeting: bool| {
        options
            .iter()
            .enumerate()
            .filter(|(_, o)| if meeting { o.qualifies() } else { o.feasible })
            .min_by_key(|(_, o)| o.cents())
    };
    let Some((at, chosen)) = best(true).or_else(|| best(false)) else {
        return Ok(Priced {
            cheapest: options[0].id,
            options,
            passed_over: Vec::new(),
        });
    };
    let (cheapest, cents) = (chosen.id, chosen.cents());
    let mut passed: Vec<(usize, &OptionResult)> = options
        .iter()
        .enumerate()
        .filter(|(i, o)| o.feasible && !o.qualifies() && (o.cents(), *i) < (cents, at))
        .collect();
    passed.sort_by_key(|(i, o)| (o.cents(), *i));
    let passed_over = passed
        .into_iter()
        .map(|(_, o)| PassedOver {
            id: o.id,
            reason: o.unmet_reason(),
        })
        .collect();
    Ok(Priced {
        options,
        cheapest,
        passed_over,
    })
}

/// Sets each feasible option's `over_cheapest` against the answer, `cheapest`.
fn set_over_cheapest(options: &mut [OptionResult], cheapest: &str) {
    let best = options
        .iter()
        .find(|o| o.id == cheapest)
        .and_then(OptionResult::rounded_total);
    for o in options {
        if let (true, Some(mine), Some(best)) = (o.feasible, o.rounded_total(), best) {
            // On the rounded amounts people see, so the difference adds up on the page.
            o.over_cheapest = mine.checked_sub(best).map(Money::new);
        }
    }
}
