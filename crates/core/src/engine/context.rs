//! What every option prices itself in: the scenario, its region's prices,
//! the derived volumes, and the pieces several options share (the
//! data-transfer-out lines, the endpoints' fixed cost), computed once.

use super::model::{EngineError, Line, PERCENT, Shares, Volumes, div, mul};
use super::options::dto_lines;
use crate::pricing::{Figure, MissingFigure, PricingTable, Provenance, Region};
use crate::scenario::Scenario;
use rust_decimal::Decimal;

/// What the options are asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// Lines, totals and feasibility only: what batch summaries and the
    /// chart's samples use, at a fraction of the work.
    Costs,
    /// Everything a comparison shows: also warnings, notes and bandwidth checks.
    Everything,
}

/// The scenario and the prices an option needs.
pub struct Context<'a> {
    /// What the options are asked for.
    pub wanted: Wanted,
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Its region's prices.
    pub region: &'a Region,
    /// The table (for limits and instance types).
    pub table: &'a PricingTable,
    /// Billed hours as a decimal.
    pub hours: Decimal,
    /// Derived volumes.
    pub volumes: Volumes,
    /// The traffic's split by kind, percent.
    pub shares: Shares,
    /// The data-transfer-out lines, the same for every option with an
    /// internet path, so computed once.
    pub dto_lines: Vec<Line>,
    /// Peak interface-endpoint load per AZ, Gbps.
    pub endpoint_peak_per_az: Decimal,
    /// The interface endpoints' monthly hours cost
    /// (`interface_endpoints × azs × hours × endpoint_hour`), unrounded.
    pub endpoint_fixed: Decimal,
}

impl<'a> Context<'a> {
    /// The context of `scenario` priced with `table`.
    pub fn new(
        scenario: &'a Scenario,
        table: &'a PricingTable,
        wanted: Wanted,
    ) -> Result<Context<'a>, EngineError> {
        // A Scenario is parsed against a table; a region missing here means it
        // was parsed against another one, which is a programming error we still answer.
        let region = table.region(&scenario.region).ok_or(EngineError {
            what: "region not in this pricing table",
        })?;
        let s = scenario;
        let hours = Decimal::from(s.hours);
        let endpoint_hour = region
            .rate(Figure::EndpointHour)
            .map_or(Decimal::ZERO, |r| r.usd);
        let endpoint_fixed = mul(
            mul(
                Decimal::from(s.interface_endpoints * s.azs),
                hours,
                "endpoint hours",
            )?,
            endpoint_hour,
            "endpoint hours",
        )?;
        let peak = mul(
            mul(s.peak_gbps, s.aws_percent, "endpoint peak")?,
            PERCENT,
            "endpoint peak",
        )?;
        let mut ctx = Context {
            wanted,
            scenario,
            region,
            table,
            hours,
            volumes: Volumes::of(scenario)?,
            shares: Shares::of(scenario),
            dto_lines: Vec::new(),
            endpoint_peak_per_az: div(peak, Decimal::from(s.azs), "endpoint peak per AZ")?,
            endpoint_fixed,
        };
        ctx.dto_lines = dto_lines(&ctx)?;
        Ok(ctx)
    }

    /// True when the options should say more than their costs.
    pub fn explains(&self) -> bool {
        self.wanted == Wanted::Everything
    }

    /// A one-rate figure of the region, as a line takes it.
    pub fn rate(&self, figure: Figure) -> Result<(Decimal, Figure, &'a Provenance), MissingFigure> {
        let rate = self.region.rate(figure)?;
        Ok((rate.usd, figure, &rate.provenance))
    }
}
