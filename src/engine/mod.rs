//! The cost engine: one [`Scenario`] and one pricing table in, one
//! [`Comparison`] out. Pure and synchronous — no I/O, no web types — so the
//! JSON API, the pages, the embeds and the charts all show this one result.

mod analysis;
pub mod messages;
mod options;
pub mod tiers;

pub use analysis::{Bandwidth, BreakEven, NatLoad, PublicVsNat};
pub use messages::Message;
pub use options::{EgressOption, OPTIONS};

use crate::money::Money;
use crate::pricing::{PricingTable, Provenance, Region};
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::fmt;

/// AWS's free data transfer out, GB per month, aggregated over the account
/// (`Global-DataTransfer-Out-Bytes`, 0–100 GB). Used only with `dto_free_tier`.
pub const DTO_FREE_GB: u32 = 100;

/// A computation that does not fit a decimal. Input ranges and the price cap
/// make this unreachable; it exists so that nothing can panic if they change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the figures are too large to compute ({what})")]
pub struct EngineError {
    /// Which product or sum overflowed.
    pub what: &'static str,
}

impl From<EngineError> for crate::scenario::FieldError {
    /// Reported like bad input: it can only come from values at the edge of their ranges.
    fn from(e: EngineError) -> Self {
        crate::scenario::FieldError::general(e.to_string())
    }
}

pub(crate) fn mul(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, EngineError> {
    a.checked_mul(b).ok_or(EngineError { what })
}

pub(crate) fn div(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, EngineError> {
    a.checked_div(b).ok_or(EngineError { what })
}

/// The traffic volumes derived from the scenario's shares.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct Volumes {
    /// GB per month to/from S3 in the region.
    #[serde(serialize_with = "crate::money::plain")]
    pub s3_gb: Decimal,
    /// GB per month to/from other AWS APIs.
    #[serde(serialize_with = "crate::money::plain")]
    pub aws_gb: Decimal,
    /// GB per month to/from the internet.
    #[serde(serialize_with = "crate::money::plain")]
    pub internet_gb: Decimal,
    /// GB per month leaving AWS to the internet (billed data transfer out).
    #[serde(serialize_with = "crate::money::plain")]
    pub internet_out_gb: Decimal,
}

impl Volumes {
    fn of(s: &Scenario) -> Result<Volumes, EngineError> {
        let hundred = Decimal::ONE_HUNDRED;
        let s3_gb = div(
            mul(s.monthly_gb, s.s3_percent, "S3 volume")?,
            hundred,
            "S3 volume",
        )?;
        let aws_gb = div(
            mul(s.monthly_gb, s.aws_percent, "AWS API volume")?,
            hundred,
            "AWS API volume",
        )?;
        let internet_gb = (s.monthly_gb - s3_gb - aws_gb).max(Decimal::ZERO);
        let internet_out_gb = div(
            mul(internet_gb, s.outbound_percent, "outbound volume")?,
            hundred,
            "outbound volume",
        )?;
        Ok(Volumes {
            s3_gb,
            aws_gb,
            internet_gb,
            internet_out_gb,
        })
    }
}

/// The monthly volumes (total GB) at which some option's cost changes slope:
/// the tier bounds of data transfer out (and the free 100 GB) and of endpoint
/// processing, mapped back through the scenario's shares. Between two of them
/// every option's cost is linear in `monthly_gb`, which is what lets a chart
/// draw exact lines from a few comparisons.
pub fn slope_changes(
    scenario: &Scenario,
    table: &PricingTable,
) -> Result<Vec<Decimal>, EngineError> {
    let region = table.region(&scenario.region).ok_or(EngineError {
        what: "region not in this pricing table",
    })?;
    // The volumes of one GB, by the same arithmetic as every comparison.
    let per_gb = Volumes::of(&Scenario {
        monthly_gb: Decimal::ONE,
        ..scenario.clone()
    })?;
    let free = if scenario.dto_free_tier {
        Decimal::from(DTO_FREE_GB)
    } else {
        Decimal::ZERO
    };
    let mut points = Vec::new();
    if !per_gb.internet_out_gb.is_zero() {
        let dto_bounds = region
            .dto_gb
            .tiers
            .iter()
            .filter_map(|t| t.up_to_gb)
            .map(|b| b + free);
        for bound in (!free.is_zero())
            .then_some(free)
            .into_iter()
            .chain(dto_bounds)
        {
            points.push(div(bound, per_gb.internet_out_gb, "slope change")?);
        }
    }
    if !per_gb.aws_gb.is_zero() {
        for bound in region.endpoint_gb.tiers.iter().filter_map(|t| t.up_to_gb) {
            points.push(div(bound, per_gb.aws_gb, "slope change")?);
        }
    }
    points.sort();
    Ok(points)
}

/// A volume at which two options cost the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crossing {
    /// Positions of the two options in [`OPTIONS`].
    pub options: (usize, usize),
    /// GB per month where their costs meet.
    pub gb: Decimal,
    /// What each costs there.
    pub cost: Money,
}

/// Where the costs of the options in `among` cross. `samples` are
/// `(monthly GB, every option's cost)` in ascending volume, with every
/// [`slope_changes`] point between the ends among them, so each cost is
/// linear between neighbouring samples and every crossing found by
/// interpolation is exact. Sorted by volume.
pub fn crossings(
    samples: &[(Decimal, Vec<Decimal>)],
    among: &[usize],
) -> Result<Vec<Crossing>, EngineError> {
    let mut found = Vec::new();
    for (a, &i) in among.iter().enumerate() {
        for &j in &among[a + 1..] {
            for pair in samples.windows(2) {
                let ((x0, c0), (x1, c1)) = (&pair[0], &pair[1]);
                let d0 = c0[i] - c0[j];
                let d1 = c1[i] - c1[j];
                // A sign change strictly inside the segment; touching at an
                // end is found as the next segment's start, or not at all.
                if d0.is_zero() || d1.is_zero() || d0.is_sign_negative() == d1.is_sign_negative() {
                    continue;
                }
                let t = div(d0, d0 - d1, "crossing")?;
                let gb = *x0 + mul(*x1 - *x0, t, "crossing volume")?;
                let cost = c0[i] + mul(c1[i] - c0[i], t, "crossing cost")?;
                found.push(Crossing {
                    options: (i, j),
                    gb,
                    cost: Money::new(cost),
                });
            }
        }
    }
    found.sort_by_key(|c| c.gb);
    Ok(found)
}

/// What a cost line is for. Tiered items carry their tier bounds in GB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// NAT gateway hours.
    NatHours,
    /// The NAT gateways' Elastic IPs (public IPv4 charge since 2024-02-01).
    NatIpv4,
    /// NAT gateway data processing.
    NatProcessing,
    /// Cross-AZ transfer from AZs without a NAT gateway, both directions.
    CrossAz,
    /// The free 100 GB of data transfer out.
    DtoFree,
    /// Data transfer out to the internet, one tier.
    Dto {
        /// Tier start, GB.
        from_gb: Decimal,
        /// Tier end, GB (`None`: unbounded).
        to_gb: Option<Decimal>,
    },
    /// Interface endpoint hours.
    EndpointHours,
    /// Interface endpoint data processing, one tier.
    EndpointProcessing {
        /// Tier start, GB.
        from_gb: Decimal,
        /// Tier end, GB (`None`: unbounded).
        to_gb: Option<Decimal>,
    },
    /// Public IPv4 addresses of tasks in public subnets.
    PublicIpv4,
}

/// `10240` → `10 TB`, `1048576` → `1 PB`: the price list's binary units.
/// Written straight to the formatter, in integers where the bound is whole
/// (every published bound is): tiered line labels are written on every page.
fn size_label(f: &mut fmt::Formatter<'_>, gb: Decimal) -> fmt::Result {
    use rust_decimal::prelude::ToPrimitive;
    const TB: u64 = 1024;
    const PB: u64 = 1024 * 1024;
    if let Some(whole) = gb.fract().is_zero().then(|| gb.to_u64()).flatten() {
        if whole != 0 && whole.is_multiple_of(PB) {
            return write!(f, "{} PB", whole / PB);
        }
        if whole != 0 && whole.is_multiple_of(TB) {
            return write!(f, "{} TB", whole / TB);
        }
    }
    write!(f, "{} GB", crate::money::human(gb))
}

fn tier_label(f: &mut fmt::Formatter<'_>, from: Decimal, to: Option<Decimal>) -> fmt::Result {
    match to {
        Some(to) if from.is_zero() => {
            f.write_str("first ")?;
            size_label(f, to)
        }
        Some(to) => {
            f.write_str("next ")?;
            size_label(f, to - from)
        }
        None if from.is_zero() => f.write_str("all volumes"),
        None => {
            f.write_str("over ")?;
            size_label(f, from)
        }
    }
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Item::NatHours => f.write_str("NAT gateway hours"),
            Item::NatIpv4 => f.write_str("NAT gateway public IPv4 (Elastic IP)"),
            Item::NatProcessing => f.write_str("NAT gateway data processing"),
            Item::CrossAz => {
                f.write_str("Cross-AZ transfer to a NAT gateway in another AZ (billed out and in)")
            }
            Item::DtoFree => write!(f, "Data transfer out, free {DTO_FREE_GB} GB"),
            Item::Dto { from_gb, to_gb } => {
                f.write_str("Data transfer out to the internet, ")?;
                tier_label(f, from_gb, to_gb)
            }
            Item::EndpointHours => {
                f.write_str("Interface endpoint hours (each endpoint in each AZ)")
            }
            Item::EndpointProcessing { from_gb, to_gb } => {
                f.write_str("Interface endpoint data processing, ")?;
                tier_label(f, from_gb, to_gb)
            }
            Item::PublicIpv4 => f.write_str("Public IPv4 addresses (one per task)"),
        }
    }
}

impl utoipa::PartialSchema for Item {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some(
                "What the line charges for, in words (tiered items name their tier)",
            ))
            .examples(["NAT gateway data processing"])
            .into()
    }
}

impl utoipa::ToSchema for Item {}

impl Serialize for Item {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One priced line: `quantity × unit_price = cost`.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct Line {
    /// What is charged.
    pub item: Item,
    /// How many units.
    #[serde(serialize_with = "crate::money::plain")]
    pub quantity: Decimal,
    /// The unit (`hours`, `GB`, …).
    pub unit: &'static str,
    /// $ per unit, at the table's full precision.
    #[serde(serialize_with = "crate::money::plain")]
    pub unit_price: Decimal,
    /// `quantity × unit_price`, unrounded (shown rounded to cents).
    pub cost: Money,
    /// The pricing-table figure the unit price comes from (`nat_gb`, …).
    pub figure: &'static str,
    /// True when that figure is assumed rather than confirmed for the region.
    pub assumed: bool,
}

impl Line {
    fn new(
        item: Item,
        quantity: Decimal,
        unit: &'static str,
        unit_price: Decimal,
        figure: &'static str,
        provenance: &Provenance,
    ) -> Result<Line, EngineError> {
        let cost = Money::new(mul(quantity, unit_price, "line cost")?);
        Ok(Line {
            item,
            quantity,
            unit,
            unit_price,
            cost,
            figure,
            assumed: provenance.is_assumed(),
        })
    }
}

/// One option's result.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OptionResult {
    /// Fixed id (`nat_gateway`, …).
    pub id: &'static str,
    /// Short name.
    pub name: &'static str,
    /// One-line description of the architecture.
    pub summary: &'static str,
    /// Sum of the unrounded lines (shown rounded to cents).
    pub monthly_cost: Money,
    /// Whether this architecture can carry the scenario's traffic at all.
    pub feasible: bool,
    /// Why not, in words, when `feasible` is false.
    pub infeasible_reason: Option<Message>,
    /// The cost lines.
    pub lines: Vec<Line>,
    /// Things a reviewer must act on.
    pub warnings: Vec<Message>,
    /// Things worth knowing.
    pub notes: Vec<Message>,
    /// NAT gateways the peak needs (options with NAT only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nat_gateways_needed: Option<u32>,
    /// The NAT bandwidth check (options with NAT only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nat_load: Option<NatLoad>,
}

impl OptionResult {
    fn total(lines: &[Line]) -> Result<Money, EngineError> {
        let mut sum = Decimal::ZERO;
        for line in lines {
            sum = sum.checked_add(line.cost.exact()).ok_or(EngineError {
                what: "option total",
            })?;
        }
        Ok(Money::new(sum))
    }
}

/// The table version a comparison used.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PricingUsed<'t> {
    /// Table version.
    pub version: &'t str,
    /// Table as-of date.
    pub as_of: &'t str,
    /// Currency of every amount.
    pub currency: &'t str,
}

/// A figure of the region that no source confirms.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssumedFigure<'t> {
    /// Field name in the pricing table.
    pub figure: &'static str,
    /// What the assumption is based on.
    pub note: &'t str,
}

/// The whole answer for one scenario.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
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
    /// Id of the cheapest feasible option.
    pub cheapest: &'static str,
    /// Break-even figures with their assumptions.
    pub break_even: BreakEven,
    /// Bandwidth ceiling checks.
    pub bandwidth: Bandwidth,
    /// Region figures that are assumed, not confirmed.
    pub assumed_figures: Vec<AssumedFigure<'t>>,
}

impl Comparison<'_> {
    /// The option with this id.
    pub fn option(&self, id: &str) -> Option<&OptionResult> {
        self.options.iter().find(|o| o.id == id)
    }

    /// The cheapest feasible option.
    pub fn cheapest_option(&self) -> &OptionResult {
        self.option(self.cheapest).unwrap_or(&self.options[0])
    }

    /// How much dearer than the cheapest feasible option an option is.
    pub fn over_cheapest(&self, option: &OptionResult) -> Money {
        Money::new(option.monthly_cost.exact() - self.cheapest_option().monthly_cost.exact())
    }

    /// Every option's warnings, each with the option's name.
    pub fn warnings(&self) -> Vec<(&'static str, &Message)> {
        self.options
            .iter()
            .flat_map(|o| o.warnings.iter().map(move |w| (o.name, w)))
            .collect()
    }

    /// Options ordered for a ranked table: feasible ones by cost, then the rest.
    pub fn ranked(&self) -> Vec<&OptionResult> {
        let mut ranked: Vec<&OptionResult> = self.options.iter().collect();
        // A stable sort keeps the contract's order among equal costs.
        ranked.sort_by_cached_key(|o| (!o.feasible, o.monthly_cost.cents()));
        ranked
    }
}

/// Everything an option needs to price itself.
pub struct Ctx<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Its region's prices.
    pub region: &'a Region,
    /// The table (for limits).
    pub table: &'a PricingTable,
    /// Billed hours as a decimal.
    pub hours: Decimal,
    /// Derived volumes.
    pub volumes: Volumes,
    /// The data-transfer-out lines, the same for every option with an
    /// internet path, so computed once.
    pub dto_lines: Vec<Line>,
    /// Peak interface-endpoint load per AZ, Gbps, which several checks use.
    pub endpoint_peak_per_az: Decimal,
}

/// The context every option prices itself in.
fn context<'a>(scenario: &'a Scenario, table: &'a PricingTable) -> Result<Ctx<'a>, EngineError> {
    // A Scenario is parsed against a table; a region missing here means it was
    // parsed against another one, which is a programming error we still answer.
    let region = table.region(&scenario.region).ok_or(EngineError {
        what: "region not in this pricing table",
    })?;
    let mut ctx = Ctx {
        scenario,
        region,
        table,
        hours: Decimal::from(scenario.hours),
        volumes: Volumes::of(scenario)?,
        dto_lines: Vec::new(),
        endpoint_peak_per_az: Decimal::ZERO,
    };
    ctx.dto_lines = options::dto_lines(&ctx)?;
    ctx.endpoint_peak_per_az = analysis::endpoint_peak_per_az(&ctx)?;
    Ok(ctx)
}

/// Every option priced, in the order of [`OPTIONS`].
fn price_all(ctx: &Ctx<'_>) -> Result<Vec<OptionResult>, EngineError> {
    OPTIONS.iter().map(|option| option.price(ctx)).collect()
}

/// Each option's unrounded monthly cost, in the order of [`OPTIONS`]: the
/// same pricing as [`compare`] without the analysis around it, for charts
/// that need the totals at several volumes.
pub fn option_costs(
    scenario: &Scenario,
    table: &PricingTable,
) -> Result<Vec<Decimal>, EngineError> {
    let ctx = context(scenario, table)?;
    Ok(price_all(&ctx)?
        .iter()
        .map(|o| o.monthly_cost.exact())
        .collect())
}

/// Compares every option for `scenario` using `table`.
pub fn compare<'t>(
    scenario: &Scenario,
    table: &'t PricingTable,
) -> Result<Comparison<'t>, EngineError> {
    let ctx = context(scenario, table)?;
    // The same region as the context's, borrowed for as long as the table.
    let region = table.region(&scenario.region).ok_or(EngineError {
        what: "region not in this pricing table",
    })?;
    let options = price_all(&ctx)?;
    let cheapest = options
        .iter()
        .filter(|o| o.feasible)
        .min_by_key(|o| o.monthly_cost.cents())
        .map_or(options[0].id, |o| o.id);
    let break_even = analysis::break_even(&ctx, &options)?;
    let bandwidth = analysis::bandwidth(&ctx, &options)?;
    let assumed_figures = region
        .figures()
        .into_iter()
        .filter(|(_, p)| p.is_assumed())
        .map(|(figure, p)| AssumedFigure {
            figure,
            note: p.note.as_deref().unwrap_or(""),
        })
        .collect();
    Ok(Comparison {
        region: &region.code,
        region_name: &region.name,
        pricing: PricingUsed {
            version: &table.meta.version,
            as_of: &table.meta.as_of,
            currency: &table.meta.currency,
        },
        scenario: scenario.clone(),
        volumes: ctx.volumes,
        options,
        cheapest,
        break_even,
        bandwidth,
        assumed_figures,
    })
}

#[cfg(test)]
mod tests;
