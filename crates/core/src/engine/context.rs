//! What every option prices itself in: the scenario, its region's prices,
//! the derived volumes, and the pieces several options and the analyses
//! share (the data-transfer-out lines, the endpoints' fixed cost and load),
//! computed once.

use super::base::{DTO_FREE_GB, EngineError, Shares, Volumes, div, mul, percent_of};
use super::line::{CostKind, Item, Line, tier_lines};
use super::messages::{EndpointLoad, Level};
use crate::pricing::{Figure, MissingFigure, PricingTable, Provenance, Region};
use crate::scenario::Scenario;
use rust_decimal::Decimal;

/// What the data-transfer-out lines are for (one per tier).
pub const DTO: &str = "Data transfer out to the internet";
/// What the free allowance of data transfer out is of.
pub const DTO_FREE: &str = "Data transfer out";

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
    /// Peak interface-endpoint load per AZ against the endpoints' limits.
    pub endpoint_load: EndpointLoad,
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
        let region = table
            .region(&scenario.region)
            .ok_or(EngineError::UnknownRegion)?;
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
        let peak = percent_of(s.peak_gbps, s.aws_percent, "endpoint peak")?;
        let per_az = div(peak, Decimal::from(s.azs), "endpoint peak per AZ")?;
        let limits = &table.limits.interface_endpoint;
        let (baseline, max) = (
            limits.baseline_gbps_per_az.value,
            limits.max_gbps_per_az.value,
        );
        let volumes = Volumes::of(scenario)?;
        Ok(Context {
            wanted,
            scenario,
            region,
            table,
            hours,
            volumes,
            shares: Shares::of(scenario),
            dto_lines: dto_lines(region, s, &volumes)?,
            endpoint_load: EndpointLoad {
                per_az,
                baseline,
                max,
                level: Level::of(per_az, baseline, max),
            },
            endpoint_fixed,
        })
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

    /// A one-rate figure of the region: its $ per unit alone.
    pub fn usd(&self, figure: Figure) -> Result<Decimal, MissingFigure> {
        Ok(self.region.rate(figure)?.usd)
    }

    /// The month's hours of one device in each AZ: `azs × hours`.
    pub fn az_hours(&self) -> Result<Decimal, EngineError> {
        mul(
            Decimal::from(self.scenario.azs),
            self.hours,
            "hours in every AZ",
        )
    }
}

/// Data transfer out lines: the optional free 100 GB, then the tiers.
fn dto_lines(region: &Region, s: &Scenario, v: &Volumes) -> Result<Vec<Line>, EngineError> {
    let Ok(rate) = region.tiered(Figure::DtoGb) else {
        return Err(EngineError::Overflow {
            what: "a region without data transfer out prices",
        });
    };
    let mut lines = Vec::with_capacity(1 + rate.tiers.len());
    let out = v.internet_out_gb;
    let billable = if s.dto_free_tier {
        let free = out.min(Decimal::from(DTO_FREE_GB));
        lines.push(Line::new(
            Item::Free {
                what: DTO_FREE,
                gb: DTO_FREE_GB,
            },
            free,
            (Decimal::ZERO, Figure::DtoGb, &rate.provenance),
            CostKind::PerGb,
        )?);
        out - free
    } else {
        out
    };
    tier_lines(billable, rate, Figure::DtoGb, DTO, &mut lines)?;
    Ok(lines)
}
