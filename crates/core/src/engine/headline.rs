//! What the headline views show of a comparison (the embed, the SVG and PNG cards, the chart,
//! link previews): every option priced, cheapest first, the answer, today's option, and the
//! answer's bandwidth verdict. [`Headline`] borrows it from a full [`Comparison`] or from a
//! [`Ranking`], which [`rank`] works out without the analyses, the advice and the options'
//! warnings and notes: a view that shows only the headline pays only for it.

use super::analysis;
use super::base::EngineError;
use super::comparison::{Answered, Comparison, PassedOver, PricingUsed, answer, price_all};
use super::context::Wanted;
use super::messages::OptionVerdict;
use super::options;
use super::result::OptionResult;
use crate::pricing::PricingTable;
use crate::scenario::Scenario;

/// The headline of a comparison, borrowed from a [`Comparison`] ([`Comparison::headline`]) or a
/// [`Ranking`] ([`Ranking::headline`]): the same fields, the same values.
#[derive(Debug, Clone, Copy)]
pub struct Headline<'c, 't> {
    /// Region code.
    pub region: &'t str,
    /// Region name.
    pub region_name: &'t str,
    /// Pricing table used.
    pub pricing: &'c PricingUsed<'t>,
    /// The input with defaults filled in.
    pub scenario: &'c Scenario,
    /// Every option, in the fixed order of [`OPTIONS`], priced, with its feasibility, its
    /// requirements checked and its saving against today's option.
    pub options: &'c [OptionResult],
    /// Id of the answer ([`Comparison::cheapest`]).
    pub cheapest: &'static str,
    /// Cheaper options passed over for a requirement.
    pub passed_over: &'c [PassedOver],
    /// The option in place today, if given.
    pub current: Option<&'static str>,
    /// With `current`: what today's option costs and what the cheapest move saves.
    pub today: Option<&'c str>,
    /// The headline's bandwidth verdict: the answer's own, or the scenario-wide NAT gateway
    /// verdict when the answer has none.
    pub verdict: &'c OptionVerdict,
}

impl<'c> Headline<'c, '_> {
    /// The option with this id.
    pub fn option(&self, id: &str) -> Option<&'c OptionResult> {
        self.options.iter().find(|o| o.id == id)
    }

    /// The answer: the cheapest feasible option that meets the requirements.
    pub fn cheapest_option(&self) -> &'c OptionResult {
        answer_of(self.options, self.cheapest)
    }

    /// Options ordered for a ranked table: feasible ones that meet every requirement by cost,
    /// then feasible ones that do not, then the infeasible ones by cost, then the unpriced.
    pub fn ranked(&self) -> Vec<&'c OptionResult> {
        let mut ranked: Vec<&OptionResult> = self.options.iter().collect();
        // Keys computed once per option (cents rounds the total); the sort keeps the order of
        // docs/cost-model.md among equal costs.
        ranked.sort_by_cached_key(|o| (!o.feasible, !o.meets_requirements(), o.cents()));
        ranked
    }
}

impl<'t> Comparison<'t> {
    /// Its headline.
    pub fn headline(&self) -> Headline<'_, 't> {
        let answer = answer_of(&self.options, self.cheapest);
        Headline {
            region: self.region,
            region_name: self.region_name,
            pricing: &self.pricing,
            scenario: &self.scenario,
            options: &self.options,
            cheapest: self.cheapest,
            passed_over: &self.passed_over,
            current: self.current,
            today: self.today.as_deref(),
            verdict: answer
                .bandwidth_verdict
                .as_ref()
                .unwrap_or(&self.bandwidth.verdict),
        }
    }

    /// The cheapest feasible option ([`Headline::cheapest_option`]).
    pub fn cheapest_option(&self) -> &OptionResult {
        self.headline().cheapest_option()
    }

    /// The headline's bandwidth sentence ([`Headline::verdict`]).
    pub fn headline_verdict(&self) -> String {
        self.headline().verdict.to_string()
    }

    /// Options ordered for a ranked table ([`Headline::ranked`]).
    pub fn ranked(&self) -> Vec<&OptionResult> {
        self.headline().ranked()
    }
}

/// The option `cheapest` names among `options` (the first when none is feasible, as the
/// comparison names it then).
fn answer_of<'c>(options: &'c [OptionResult], cheapest: &str) -> &'c OptionResult {
    options
        .iter()
        .find(|o| o.id == cheapest)
        .unwrap_or(&options[0])
}

/// A comparison's headline worked out alone ([`rank`]): what [`Headline`] borrows.
#[derive(Debug)]
pub struct Ranking<'t> {
    pricing: PricingUsed<'t>,
    scenario: Scenario,
    /// The options as [`compare`](super::compare) prices them, without their warnings, notes,
    /// bandwidth checks and NAT-instance sizing details.
    answered: Answered<'t>,
    verdict: OptionVerdict,
}

impl<'t> Ranking<'t> {
    /// Its headline.
    pub fn headline(&self) -> Headline<'_, 't> {
        let a = &self.answered;
        Headline {
            region: &a.region.code,
            region_name: &a.region.name,
            pricing: &self.pricing,
            scenario: &self.scenario,
            options: &a.options,
            cheapest: a.cheapest,
            passed_over: &a.passed_over,
            current: a.current,
            today: a.today.as_deref(),
            verdict: &self.verdict,
        }
    }
}

/// The headline of `scenario`'s comparison, the same as [`Comparison::headline`] gives: the
/// options priced for their costs alone, then the answer priced again with its explanations for
/// its bandwidth verdict.
pub fn rank<'t>(scenario: &Scenario, table: &'t PricingTable) -> Result<Ranking<'t>, EngineError> {
    let (mut ctx, answered) = answer(scenario, table, Wanted::Costs)?;
    ctx.wanted = Wanted::Everything;
    let mut priced = Vec::with_capacity(1);
    if let Some(listed) = options::listed(answered.cheapest) {
        options::price(listed, &ctx, &mut priced)?;
    }
    let verdict = match priced.pop().and_then(|o| o.bandwidth_verdict) {
        Some(verdict) => verdict,
        // The answer says nothing of its bandwidth (it is not priced: no option is): the
        // headline gives the scenario-wide verdict, which weighs every option's NAT load.
        None => {
            let everything = price_all(&ctx)?.options;
            analysis::bandwidth(&ctx, &everything).verdict
        }
    };
    Ok(Ranking {
        pricing: PricingUsed::of(table),
        scenario: scenario.clone(),
        answered,
        verdict,
    })
}
