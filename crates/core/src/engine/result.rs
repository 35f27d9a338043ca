//! One option's result: its description, priced lines, total, feasibility,
//! and what it says of them. Built by the option (`options/`), read by the
//! analyses and every view.

use super::base::{EngineError, Routes, add};
use super::line::{CostKind, Line};
use super::load::NatLoad;
use super::messages::{Message, OptionVerdict};
use super::properties::{Properties, Requirement, RequirementCheck};
use crate::money::Money;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt::Write as _;

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

/// How the priced NAT instance type carries the peak (the type itself is
/// the option's `instance_type`).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstanceChoice {
    /// Chosen automatically (`auto`) or named by the scenario.
    pub automatic: bool,
    /// Share of the traffic through the instances, percent.
    #[serde(serialize_with = "crate::money::plain")]
    pub share_percent: Decimal,
    /// Sustained internet bandwidth per instance, Gbps.
    #[serde(serialize_with = "crate::money::plain")]
    pub sustained_gbps: Decimal,
    /// Burst internet bandwidth per instance, Gbps (minutes at a time).
    #[serde(serialize_with = "crate::money::plain")]
    pub burst_gbps: Decimal,
    /// The peak through the instances together, Gbps.
    pub peak_gbps: crate::money::TwoPlaces,
    /// The peak each instance carries, Gbps.
    pub peak_per_instance_gbps: crate::money::TwoPlaces,
}

/// One option's result.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OptionResult {
    /// Fixed id (`nat_gateway`, …).
    #[serde(serialize_with = "crate::json::fixed")]
    pub id: &'static str,
    /// Name.
    #[serde(serialize_with = "crate::json::fixed")]
    pub name: &'static str,
    /// A short name for chart labels.
    #[serde(serialize_with = "crate::json::fixed")]
    pub short_name: &'static str,
    /// One-line description of the architecture.
    #[serde(serialize_with = "crate::json::fixed")]
    pub summary: &'static str,
    /// Sum of the unrounded lines (shown rounded to cents); null when the
    /// pricing table cannot price this option in the region.
    pub monthly_cost: Option<Money>,
    /// How much more than the answer, `cheapest` (null when not feasible;
    /// negative for a cheaper option passed over for a requirement).
    pub over_cheapest: Option<Money>,
    /// Whether this architecture can carry the scenario's traffic (and is priced).
    pub feasible: bool,
    /// Why not, in words, when `feasible` is false.
    pub infeasible_reason: Option<Message>,
    /// The cost lines.
    pub lines: Vec<Line>,
    /// Things a reviewer must act on.
    pub warnings: Vec<Message>,
    /// Things worth knowing.
    pub notes: Vec<Message>,
    /// Whether this option's own path carries the peak, in words (null when
    /// not priced).
    pub bandwidth_verdict: Option<OptionVerdict>,
    /// NAT gateways the peak needs, for bandwidth (options with NAT gateways).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nat_gateways_needed: Option<u32>,
    /// The NAT bandwidth check (options with NAT gateways).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nat_load: Option<NatLoad>,
    /// The NAT instance type priced (the NAT-instance option).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    /// NAT instances priced (the NAT-instance option).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nat_instances: Option<u32>,
    /// The instance choice and its bandwidth (the NAT-instance option).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<InstanceChoice>,
    /// What moving from today's option (the scenario's `current`) to this one saves; null
    /// without `current`, or when either is not priced.
    pub saving: Option<super::today::Saving>,
    // Examined for every comparison; `None` only where the option was priced for its cost
    // alone (`Wanted::Costs`) and the scenario sets no requirement to check them against.
    /// Availability, security and operations for this scenario, each
    /// statement with its source.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Properties, required = true))]
    pub properties: Option<Box<Properties>>,
    /// The scenario's requirements (`sensitive`, `survive_az_loss`) and
    /// whether this option meets each, with the reason (empty when the
    /// scenario sets none).
    pub requirements: Vec<RequirementCheck>,
    /// Which path each kind of traffic takes.
    #[serde(skip)]
    pub routes: Routes,
    /// The total rounded to cents, once, when totalled: ranking, choosing and `over_cheapest`
    /// use it many times.
    #[serde(skip)]
    rounded_total: Option<Decimal>,
}

impl OptionResult {
    /// The option's description with nothing priced or said yet.
    pub fn blank(
        about: About,
        routes: Routes,
        properties: Option<Box<Properties>>,
    ) -> OptionResult {
        OptionResult {
            id: about.id,
            name: about.name,
            short_name: about.short_name,
            summary: about.summary,
            monthly_cost: None,
            rounded_total: None,
            over_cheapest: None,
            feasible: false,
            infeasible_reason: None,
            lines: Vec::new(),
            warnings: Vec::new(),
            notes: Vec::new(),
            bandwidth_verdict: None,
            nat_gateways_needed: None,
            nat_load: None,
            instance_type: None,
            nat_instances: None,
            instance: None,
            saving: None,
            properties,
            requirements: Vec::new(),
            routes,
        }
    }

    /// A result the table cannot price, with the reason.
    pub fn unpriced(
        about: About,
        routes: Routes,
        properties: Option<Box<Properties>>,
        reason: Message,
    ) -> OptionResult {
        OptionResult {
            infeasible_reason: Some(reason),
            ..OptionResult::blank(about, routes, properties)
        }
    }

    /// Checks the scenario's requirements against the properties (which are
    /// examined whenever the scenario sets a requirement).
    pub fn check_requirements(&mut self, scenario: &Scenario) {
        if let Some(properties) = &self.properties {
            self.requirements = Requirement::given(scenario)
                .into_iter()
                .map(|r| properties.check(r))
                .collect();
        }
    }

    /// Whether the option meets every requirement the scenario sets.
    pub fn meets_requirements(&self) -> bool {
        self.requirements.iter().all(|r| r.met)
    }

    /// Whether it can be the answer: it carries the traffic and meets every requirement. The
    /// cheapest such option is the one chosen; views grey out the others.
    pub fn qualifies(&self) -> bool {
        self.feasible && self.meets_requirements()
    }

    /// The requirements it fails, their reasons joined (empty when none).
    pub fn unmet_reason(&self) -> String {
        let mut said = String::new();
        for r in self.requirements.iter().filter(|r| !r.met) {
            if !said.is_empty() {
                said.push(' ');
            }
            let _ = write!(said, "{}: {}", r.requirement.name(), r.reason);
        }
        said
    }

    /// Totals the priced lines: the monthly cost, and feasible unless the
    /// option said why not.
    pub fn total(&mut self) -> Result<(), EngineError> {
        let mut sum = Decimal::ZERO;
        for line in &self.lines {
            sum = add(sum, line.cost.exact(), "option total")?;
        }
        let total = Money::new(sum);
        self.rounded_total = Some(total.rounded());
        self.monthly_cost = Some(total);
        self.feasible = self.infeasible_reason.is_none();
        Ok(())
    }

    /// Marks the option infeasible with a reason.
    pub fn infeasible(&mut self, reason: Message) {
        self.feasible = false;
        self.infeasible_reason = Some(reason);
    }

    /// The unrounded total, zero when unpriced (for sums and curves).
    pub fn cost(&self) -> Decimal {
        self.monthly_cost.map_or(Decimal::ZERO, Money::exact)
    }

    /// Whole cents of the total, for ranking (unpriced sorts last).
    pub fn cents(&self) -> i128 {
        self.rounded_total().map_or(i128::MAX, |d| d.mantissa())
    }

    /// The total rounded to cents (two places), as every view shows it; `None` when unpriced.
    pub fn rounded_total(&self) -> Option<Decimal> {
        debug_assert_eq!(
            self.rounded_total,
            self.monthly_cost.map(Money::rounded),
            "monthly_cost changed after it was totalled"
        );
        self.rounded_total
    }

    /// The sum of the lines that run all month whatever the traffic.
    pub fn fixed_cost(&self) -> Money {
        Money::new(
            self.lines
                .iter()
                .filter(|l| l.kind == CostKind::Fixed)
                .map(|l| l.cost.exact())
                .sum(),
        )
    }
}
