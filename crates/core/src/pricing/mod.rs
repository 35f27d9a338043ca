//! The pricing table: regions with their sourced prices, global limits, and
//! where every figure comes from. Built only by [`PricingTable::parse`], which
//! validates, so a table that exists is a valid one.

mod figures;
mod load;
mod staleness;
mod write;

pub use figures::{FIGURES, Figure, FigureSpec, Shape};
pub use load::PricingError;
pub use staleness::{Date, Staleness, staleness};
pub use write::to_toml;

use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// The table compiled into the binary, so the program runs from any directory.
pub const BUNDLED: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../pricing/aws.toml"
));

/// The file name shown in messages about the bundled table.
pub const BUNDLED_NAME: &str = "pricing/aws.toml (bundled)";

/// A validated pricing table.
#[derive(Debug, Clone, Serialize)]
pub struct PricingTable {
    /// Version, date and currency of the table.
    #[serde(rename = "table")]
    pub meta: TableMeta,
    /// Where figures come from, by key.
    pub sources: BTreeMap<String, Source>,
    /// Bandwidth limits, the same in every region.
    pub limits: Limits,
    /// NAT instance types and their network specs, in the table's order
    /// (which breaks price ties when a type is chosen automatically).
    pub nat_instance_types: Vec<InstanceType>,
    /// Regions in the table's order.
    pub regions: Vec<Region>,
    /// The `[global]` figures, which every region lacking its own has (kept
    /// so a written table says them once, and imported new regions get them).
    #[serde(skip)]
    pub global: BTreeMap<Figure, Price>,
}

/// Identifies the table in every response.
#[derive(Debug, Clone, Serialize)]
pub struct TableMeta {
    /// Version string, bumped on every edit.
    pub version: String,
    /// Date of the newest source.
    pub as_of: String,
    /// ISO currency code of every price (USD).
    pub currency: String,
    /// Region used when a scenario names none.
    pub default_region: String,
}

/// One source of figures.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// What the source is.
    pub title: String,
    /// URL, or the price-list usage type where no public URL exists.
    pub url: String,
    /// The source's own date.
    pub date: String,
}

/// Whether a figure is backed by a source for its region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// A source gives this figure for this region.
    Confirmed,
    /// No source confirms it for this region; see the figure's note.
    Assumed,
}

/// The research grade of a figure's source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Grade {
    /// AWS Price List data or AWS documentation.
    A,
    /// A bill line or a dated document built from the Price List.
    B,
    /// A third party without price-list provenance.
    C,
    /// No source at all.
    #[serde(rename = "none")]
    None,
}

impl Status {
    /// As the table file and the API write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Assumed => "assumed",
        }
    }
}

impl Grade {
    /// As the table file and the API write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::None => "none",
        }
    }
}

/// Where a figure comes from and how sure we are of it.
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    /// Key into [`PricingTable::sources`].
    pub source: String,
    /// Date the figure was valid according to its source.
    pub as_of: String,
    /// Confirmed or assumed.
    pub status: Status,
    /// Research grade of the source.
    pub grade: Grade,
    /// AWS Price List usage type the figure corresponds to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage_type: Option<String>,
    /// Why an assumed figure has the value it has, or a caveat.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Provenance {
    /// True when no source confirms the figure for its region.
    pub fn is_assumed(&self) -> bool {
        self.status == Status::Assumed
    }
}

/// A single unit price.
#[derive(Debug, Clone, Serialize)]
pub struct Rate {
    /// US dollars per unit.
    pub usd: Decimal,
    /// Where it comes from.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// One tier of a tiered price: `usd` per GB up to `up_to_gb` (cumulative).
#[derive(Debug, Clone, Serialize)]
pub struct Tier {
    /// Upper bound of the tier in GB; `None` for the last, unbounded tier.
    pub up_to_gb: Option<Decimal>,
    /// US dollars per GB within the tier.
    pub usd: Decimal,
}

/// A per-GB price in ascending tiers; the last tier is unbounded.
#[derive(Debug, Clone, Serialize)]
pub struct TieredRate {
    /// The tiers, in ascending order of their bounds.
    pub tiers: Vec<Tier>,
    /// Where they come from.
    #[serde(flatten)]
    pub provenance: Provenance,
}

impl TieredRate {
    /// The price of the first tier (used by break-even figures).
    pub fn first_price(&self) -> Decimal {
        self.tiers[0].usd
    }
}

/// A priced figure as the table gives it.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Price {
    /// One rate.
    Rate(Rate),
    /// Ascending tiers.
    Tiered(TieredRate),
    /// One rate per NAT instance type, in the table's type order.
    PerInstanceType(#[serde(serialize_with = "per_type")] Vec<(String, Rate)>),
}

fn per_type<S: serde::Serializer>(rates: &[(String, Rate)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(rates.iter().map(|(t, r)| (t, r)))
}

/// A figure the region's table does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the pricing table has no {figure} price for this region")]
pub struct MissingFigure {
    /// The figure.
    pub figure: Figure,
}

/// Prices of one region.
#[derive(Debug, Clone, Serialize)]
pub struct Region {
    /// AWS region code, e.g. `us-east-1`.
    pub code: String,
    /// Human name, e.g. `US East (N. Virginia)`.
    pub name: String,
    /// Its figures, by what they charge for (see [`FIGURES`]).
    #[serde(flatten, serialize_with = "figure_map")]
    pub figures: BTreeMap<Figure, Price>,
}

fn figure_map<S: serde::Serializer>(
    figures: &BTreeMap<Figure, Price>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_map(figures.iter().map(|(f, p)| (f.key(), p)))
}

impl Region {
    /// A one-rate figure.
    pub fn rate(&self, figure: Figure) -> Result<&Rate, MissingFigure> {
        match self.figures.get(&figure) {
            Some(Price::Rate(rate)) => Ok(rate),
            _ => Err(MissingFigure { figure }),
        }
    }

    /// A tiered figure.
    pub fn tiered(&self, figure: Figure) -> Result<&TieredRate, MissingFigure> {
        match self.figures.get(&figure) {
            Some(Price::Tiered(tiers)) => Ok(tiers),
            _ => Err(MissingFigure { figure }),
        }
    }

    /// The hourly price of each NAT instance type the region has, in the table's order.
    pub fn instance_hours(&self) -> &[(String, Rate)] {
        match self.figures.get(&Figure::NatInstanceHour) {
            Some(Price::PerInstanceType(rates)) => rates,
            _ => &[],
        }
    }

    /// The hourly price of one NAT instance type, when the region has it.
    pub fn instance_hour(&self, instance_type: &str) -> Option<&Rate> {
        self.instance_hours()
            .iter()
            .find(|(t, _)| t == instance_type)
            .map(|(_, r)| r)
    }

    /// Every figure's provenance with its figure and, for per-type rates,
    /// the instance type, without building its key (see [`figure_key`]).
    fn each_provenance(&self) -> impl Iterator<Item = (Figure, Option<&str>, &Provenance)> {
        self.figures.iter().flat_map(|(figure, price)| {
            let (single, per_type) = match price {
                Price::Rate(r) => (Some(&r.provenance), &[][..]),
                Price::Tiered(t) => (Some(&t.provenance), &[][..]),
                Price::PerInstanceType(rates) => (None, &rates[..]),
            };
            let single = single.map(|p| (*figure, None, p));
            let per_type = per_type
                .iter()
                .map(|(t, r)| (*figure, Some(t.as_str()), &r.provenance));
            single.into_iter().chain(per_type)
        })
    }

    /// Every figure's provenance, labelled by its key (`nat_gb`, or
    /// `nat_instance_hour.t4g.nano` for per-type rates), for listing assumptions.
    pub fn provenances(&self) -> impl Iterator<Item = (String, &Provenance)> {
        self.each_provenance()
            .map(|(figure, instance_type, p)| (figure_key(figure, instance_type), p))
    }

    /// The figures no source confirms for this region, with what each rests
    /// on. Only their keys are built: this runs on every comparison.
    pub fn assumed(&self) -> Vec<(String, &str)> {
        self.each_provenance()
            .filter(|(_, _, p)| p.is_assumed())
            .map(|(figure, instance_type, p)| {
                (
                    figure_key(figure, instance_type),
                    p.note.as_deref().unwrap_or(""),
                )
            })
            .collect()
    }
}

/// A figure's key in the table: `nat_gb`, or `nat_instance_hour.t4g.nano`
/// for one instance type's rate.
fn figure_key(figure: Figure, instance_type: Option<&str>) -> String {
    match instance_type {
        Some(t) => format!("{}.{t}", figure.key()),
        None => figure.key().to_owned(),
    }
}

/// A NAT instance type's network specs (the same in every region).
#[derive(Debug, Clone, Serialize)]
pub struct InstanceType {
    /// EC2 instance type, e.g. `c6gn.medium`.
    pub name: String,
    /// vCPUs (32 or more changes the internet bandwidth rule).
    pub vcpus: u32,
    /// Sustained (baseline) network bandwidth, Gbps.
    pub baseline_gbps: Decimal,
    /// Burst ("up to") bandwidth, Gbps, for minutes at a time.
    pub burst_gbps: Decimal,
    /// Where the specs come from.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// A limit value with its provenance.
#[derive(Debug, Clone, Serialize)]
pub struct Limit {
    /// The value in the unit its name says.
    pub value: Decimal,
    /// Where it comes from.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// A dated change of a limit.
#[derive(Debug, Clone, Serialize)]
pub struct LimitChange {
    /// When the change took effect or was first documented.
    pub date: String,
    /// What changed.
    pub text: String,
}

/// NAT gateway limits, per gateway.
#[derive(Debug, Clone, Serialize)]
pub struct NatLimits {
    /// Bandwidth a gateway has before it scales up (Gbps).
    pub baseline_gbps: Limit,
    /// Bandwidth a gateway scales up to at most (Gbps).
    pub max_gbps: Limit,
    /// Packets per second before scaling.
    pub baseline_pps: Limit,
    /// Packets per second at most.
    pub max_pps: Limit,
    /// Simultaneous connections to one unique destination per IPv4 address.
    pub connections_per_destination_per_ip: Limit,
    /// IPv4 addresses one gateway can hold.
    pub max_ips: Limit,
    /// How the limits changed over time.
    pub history: Vec<LimitChange>,
}

/// Interface endpoint limits, per endpoint per AZ.
#[derive(Debug, Clone, Serialize)]
pub struct EndpointLimits {
    /// Bandwidth per AZ before scaling (Gbps).
    pub baseline_gbps_per_az: Limit,
    /// Bandwidth per AZ at most (Gbps).
    pub max_gbps_per_az: Limit,
    /// How the limits changed over time.
    pub history: Vec<LimitChange>,
}

/// Global limits.
#[derive(Debug, Clone, Serialize)]
pub struct Limits {
    /// NAT gateway limits.
    pub nat_gateway: NatLimits,
    /// Interface endpoint limits.
    pub interface_endpoint: EndpointLimits,
}

impl PricingTable {
    /// Parses and validates a table; `file` names it in error messages.
    pub fn parse(file: &str, text: &str) -> Result<PricingTable, PricingError> {
        load::parse(file, text)
    }

    /// The table compiled into the binary.
    pub fn bundled() -> Result<PricingTable, PricingError> {
        PricingTable::parse(BUNDLED_NAME, BUNDLED)
    }

    /// The region with this code.
    pub fn region(&self, code: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.code == code)
    }

    /// The index of the region with this code.
    pub fn region_index(&self, code: &str) -> Option<usize> {
        self.regions.iter().position(|r| r.code == code)
    }

    /// The NAT instance type with this name.
    pub fn instance_type(&self, name: &str) -> Option<&InstanceType> {
        self.nat_instance_types.iter().find(|t| t.name == name)
    }

    /// The region used when a scenario names none.
    pub fn default_region_index(&self) -> usize {
        // Validated at load time: the default region exists.
        self.region_index(&self.meta.default_region).unwrap_or(0)
    }
}
