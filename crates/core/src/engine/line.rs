//! Priced lines: what a line is for ([`Item`]), fixed or per GB, and
//! `quantity × unit price = cost`; and the one way a volume becomes lines
//! over a tiered price.

use super::base::{EngineError, mul};
use crate::money::Money;
use crate::pricing::{Figure, Provenance, TieredRate};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::fmt;

/// What a cost line is for, as people read it. The label is written where
/// the line is priced: in the option's own file, or in `options/lines.rs`
/// for the lines several options share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// A fixed label (`"NAT gateway hours"`).
    Label(&'static str),
    /// One tier of a tiered figure: `"{what}, first 10 TB"`, `"{what}, next 40 TB"`,
    /// `"{what}, over 150 TB"`, `"{what}, all volumes"`.
    Tier {
        /// What is charged (`"Data transfer out to the internet"`).
        what: &'static str,
        /// Tier start, GB.
        from_gb: Decimal,
        /// Tier end, GB (`None`: unbounded).
        to_gb: Option<Decimal>,
    },
    /// A free allowance of a figure: `"{what}, free {gb} GB"`.
    Free {
        /// What is free (`"Data transfer out"`).
        what: &'static str,
        /// GB free.
        gb: u32,
    },
}

/// `10240` → `10 TB`, `1048576` → `1 PB`: the price list's binary units.
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
    write!(f, "{} GB", crate::money::words::human(gb))
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
            Item::Label(label) => f.write_str(label),
            Item::Tier {
                what,
                from_gb,
                to_gb,
            } => {
                f.write_str(what)?;
                f.write_str(", ")?;
                tier_label(f, from_gb, to_gb)
            }
            Item::Free { what, gb } => write!(f, "{what}, free {gb} GB"),
        }
    }
}

impl Serialize for Item {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Item::Label(label) => crate::json::fixed_text(label, serializer),
            _ => serializer.collect_str(self),
        }
    }
}

/// Whether a line's cost is there whatever the traffic, or grows with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CostKind {
    /// Hours of something that runs all month.
    Fixed,
    /// Per GB.
    PerGb,
}

/// Decimal places of a quantity in the JSON (costs use the unrounded value).
pub const QUANTITY_PLACES: u32 = 4;

fn quantity<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    crate::money::plain(
        &crate::money::round_half_away(*value, QUANTITY_PLACES).normalize(),
        serializer,
    )
}

/// One priced line: `quantity × unit_price = cost`.
#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Line {
    /// What is charged.
    pub item: Item,
    /// How many units (shown rounded; the cost uses the exact value).
    #[serde(serialize_with = "quantity")]
    pub quantity: Decimal,
    /// The unit (`hours`, `GB`, …).
    #[serde(serialize_with = "crate::json::fixed")]
    pub unit: &'static str,
    /// $ per unit, at the table's full precision.
    #[serde(serialize_with = "crate::money::plain")]
    pub unit_price: Decimal,
    /// `quantity × unit_price`, unrounded (shown rounded to cents).
    pub cost: Money,
    /// The pricing-table figure the unit price comes from.
    pub figure: Figure,
    /// True when that figure is assumed rather than confirmed for the region.
    pub assumed: bool,
    /// Fixed (runs all month) or per GB.
    pub kind: CostKind,
}

impl Line {
    /// A line priced from a figure's rate, its quantity in the figure's units.
    pub fn new(
        item: Item,
        quantity: Decimal,
        rate: (Decimal, Figure, &Provenance),
        kind: CostKind,
    ) -> Result<Line, EngineError> {
        let cost = mul(quantity, rate.0, "line cost")?;
        Ok(Line::with_cost(item, quantity, rate, kind, cost))
    }

    /// A line whose cost (`quantity × unit price`) is already known, its quantity in the
    /// figure's units.
    pub fn with_cost(
        item: Item,
        quantity: Decimal,
        (unit_price, figure, provenance): (Decimal, Figure, &Provenance),
        kind: CostKind,
        cost: Decimal,
    ) -> Line {
        Line {
            item,
            quantity,
            unit: figure.spec().units,
            unit_price,
            cost: Money::new(cost),
            figure,
            assumed: provenance.is_assumed(),
            kind,
        }
    }

    /// The same line with its quantity counted otherwise than the figure's units say.
    pub fn in_units(self, unit: &'static str) -> Line {
        Line { unit, ..self }
    }
}

/// One per-GB line per tier `gb` reaches, each labelled `"{what}, <tier>"`.
pub fn tier_lines(
    gb: Decimal,
    rate: &TieredRate,
    figure: Figure,
    what: &'static str,
    lines: &mut Vec<Line>,
) -> Result<(), EngineError> {
    for slice in super::tiers::split(gb, &rate.tiers) {
        lines.push(Line::new(
            Item::Tier {
                what,
                from_gb: slice.from_gb,
                to_gb: slice.to_gb,
            },
            slice.gb,
            (slice.usd, figure, &rate.provenance),
            CostKind::PerGb,
        )?);
    }
    Ok(())
}
