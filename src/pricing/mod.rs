//! The pricing table: regions with their sourced prices, global limits, and
//! where every figure comes from. Built only by [`PricingTable::parse`], which
//! validates, so a table that exists is a valid one.

mod load;

pub use load::PricingError;

use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// The table compiled into the binary, so the program runs from any directory.
pub const BUNDLED: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/pricing/aws.toml"));

/// The file name shown in messages about the bundled table.
pub const BUNDLED_NAME: &str = "pricing/aws.toml (bundled)";

/// A validated pricing table.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PricingTable {
    /// Version, date and currency of the table.
    #[serde(rename = "table")]
    pub meta: TableMeta,
    /// Where figures come from, by key.
    pub sources: BTreeMap<String, Source>,
    /// Bandwidth limits, the same in every region.
    pub limits: Limits,
    /// Regions in the table's order.
    pub regions: Vec<Region>,
}

/// Identifies the table in every response.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
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
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Source {
    /// What the source is.
    pub title: String,
    /// URL, or the price-list usage type where no public URL exists.
    pub url: String,
    /// The source's own date.
    pub date: String,
}

/// Whether a figure is backed by a source for its region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// A source gives this figure for this region.
    Confirmed,
    /// No source confirms it for this region; see the figure's note.
    Assumed,
}

/// The research grade of a figure's source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
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

/// Where a figure comes from and how sure we are of it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
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
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Rate {
    /// US dollars per unit.
    pub usd: Decimal,
    /// Where it comes from.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// One tier of a tiered price: `usd` per GB up to `up_to_gb` (cumulative).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Tier {
    /// Upper bound of the tier in GB; `None` for the last, unbounded tier.
    pub up_to_gb: Option<Decimal>,
    /// US dollars per GB within the tier.
    pub usd: Decimal,
}

/// A per-GB price in ascending tiers; the last tier is unbounded.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
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

/// Prices of one region.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Region {
    /// AWS region code, e.g. `us-east-1`.
    pub code: String,
    /// Human name, e.g. `US East (N. Virginia)`.
    pub name: String,
    /// NAT gateway, $ per gateway-hour.
    pub nat_hour: Rate,
    /// NAT gateway data processing, $ per GB (both directions, any destination).
    pub nat_gb: Rate,
    /// Interface endpoint, $ per endpoint per AZ per hour.
    pub endpoint_hour: Rate,
    /// Interface endpoint data processing, $ per GB, tiered.
    pub endpoint_gb: TieredRate,
    /// Public IPv4 address, $ per address-hour (in use or idle).
    pub ipv4_hour: Rate,
    /// Cross-AZ data transfer, $ per GB in each direction.
    pub cross_az_gb: Rate,
    /// Data transfer out to the internet, $ per GB, tiered.
    pub dto_gb: TieredRate,
}

impl Region {
    /// Each figure of the region with its field name, for listing assumptions.
    pub fn figures(&self) -> [(&'static str, &Provenance); 7] {
        [
            ("nat_hour", &self.nat_hour.provenance),
            ("nat_gb", &self.nat_gb.provenance),
            ("endpoint_hour", &self.endpoint_hour.provenance),
            ("endpoint_gb", &self.endpoint_gb.provenance),
            ("ipv4_hour", &self.ipv4_hour.provenance),
            ("cross_az_gb", &self.cross_az_gb.provenance),
            ("dto_gb", &self.dto_gb.provenance),
        ]
    }
}

/// A limit value with its provenance.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Limit {
    /// The value in the unit its name says.
    pub value: Decimal,
    /// Where it comes from.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// A dated change of a limit.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LimitChange {
    /// When the change took effect or was first documented.
    pub date: String,
    /// What changed.
    pub text: String,
}

/// NAT gateway limits, per gateway.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
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
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EndpointLimits {
    /// Bandwidth per AZ before scaling (Gbps).
    pub baseline_gbps_per_az: Limit,
    /// Bandwidth per AZ at most (Gbps).
    pub max_gbps_per_az: Limit,
    /// How the limits changed over time.
    pub history: Vec<LimitChange>,
}

/// Global limits.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
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

    /// The region used when a scenario names none.
    pub fn default_region_index(&self) -> usize {
        // Validated at load time: the default region exists.
        self.region_index(&self.meta.default_region).unwrap_or(0)
    }
}
