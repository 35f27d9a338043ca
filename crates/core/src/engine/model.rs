//! The engine's shared types: errors and checked arithmetic, traffic volumes
//! and the paths traffic takes, priced lines, one option's result and the
//! whole comparison. Every module of the engine builds on these; none of them
//! imports from the modules that use it.

use super::analysis::{Bandwidth, BreakEven, NatLoad};
use super::messages::{Message, OptionVerdict};
use super::options::About;
use crate::money::Money;
use crate::pricing::{Figure, PricingTable, Provenance};
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

/// `a × b`, or an error naming what overflowed.
pub fn mul(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, EngineError> {
    a.checked_mul(b).ok_or(EngineError { what })
}

/// `a ÷ b`, or an error naming what overflowed (or divided by zero).
pub fn div(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, EngineError> {
    a.checked_div(b).ok_or(EngineError { what })
}

/// `a + b`, or an error naming what overflowed.
pub fn add(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, EngineError> {
    a.checked_add(b).ok_or(EngineError { what })
}

/// 1/100 as a decimal: multiplying by it is exact and cheaper than dividing.
pub const PERCENT: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

/// The traffic volumes derived from the scenario's shares.
#[derive(Debug, Clone, Copy, Serialize)]
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
    /// Of the internet GB, those reachable over IPv6.
    #[serde(serialize_with = "crate::money::plain")]
    pub ipv6_gb: Decimal,
}

impl Volumes {
    /// The volumes of a scenario.
    pub fn of(s: &Scenario) -> Result<Volumes, EngineError> {
        let share =
            |gb: Decimal, percent: Decimal, what| mul(mul(gb, percent, what)?, PERCENT, what);
        let s3_gb = share(s.monthly_gb, s.s3_percent, "S3 volume")?;
        // Per-service traffic is given in GB: its sum, not a share of it.
        let aws_gb = match &s.services {
            Some(services) => services.iter().map(|t| t.gb).sum(),
            None => share(s.monthly_gb, s.aws_percent, "AWS API volume")?,
        };
        let internet_gb = (s.monthly_gb - s3_gb - aws_gb).max(Decimal::ZERO);
        Ok(Volumes {
            s3_gb,
            aws_gb,
            internet_gb,
            internet_out_gb: share(internet_gb, s.outbound_percent, "outbound volume")?,
            ipv6_gb: share(internet_gb, s.ipv6_percent, "IPv6 volume")?,
        })
    }
}

/// The scenario's traffic by kind, percent of all traffic. It reads only
/// the percentages, so it is defined when `monthly_gb` is zero.
#[derive(Debug, Clone, Copy)]
pub struct Shares {
    /// S3 in the region.
    pub s3: Decimal,
    /// Other AWS APIs.
    pub aws: Decimal,
    /// Internet traffic over IPv4.
    pub internet_ipv4: Decimal,
    /// Internet traffic whose destinations speak IPv6.
    pub ipv6: Decimal,
}

impl Shares {
    /// The shares of a scenario.
    pub fn of(s: &Scenario) -> Shares {
        let internet = (Decimal::ONE_HUNDRED - s.s3_percent - s.aws_percent).max(Decimal::ZERO);
        let ipv6 = internet * s.ipv6_percent * PERCENT;
        Shares {
            s3: s.s3_percent,
            aws: s.aws_percent,
            internet_ipv4: internet - ipv6,
            ipv6,
        }
    }
}

/// What carries one kind of traffic in an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// Zonal NAT gateways.
    NatGateway,
    /// One regional NAT gateway present in every AZ.
    RegionalNatGateway,
    /// EC2 NAT instances.
    NatInstance,
    /// The free S3 gateway endpoint.
    S3GatewayEndpoint,
    /// Interface endpoints (PrivateLink).
    InterfaceEndpoint,
    /// The internet gateway, from tasks with public IPv4 addresses.
    InternetGateway,
    /// The egress-only internet gateway (IPv6 only).
    EgressOnlyGateway,
    /// Nothing: the traffic cannot flow.
    Nothing,
}

impl Path {
    /// True for the paths that translate addresses for private tasks.
    pub fn is_nat(self) -> bool {
        matches!(
            self,
            Path::NatGateway | Path::RegionalNatGateway | Path::NatInstance
        )
    }
}

/// Which path each kind of traffic takes in an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Routes {
    /// S3 in the region (ECR image layers too).
    pub s3: Path,
    /// Other AWS APIs.
    pub aws: Path,
    /// Internet traffic over IPv4.
    pub internet: Path,
    /// Internet traffic whose destinations speak IPv6.
    pub ipv6: Path,
}

impl Routes {
    /// S3 through the free gateway endpoint, everything else through `nat`.
    pub fn nat_with_s3_endpoint(nat: Path) -> Routes {
        Routes {
            s3: Path::S3GatewayEndpoint,
            aws: nat,
            internet: nat,
            ipv6: nat,
        }
    }

    /// The share of all traffic (percent) that takes `path`.
    pub fn share_percent(&self, shares: &Shares, path: Path) -> Decimal {
        let mut share = Decimal::ZERO;
        for (p, part) in [
            (self.s3, shares.s3),
            (self.aws, shares.aws),
            (self.internet, shares.internet_ipv4),
            (self.ipv6, shares.ipv6),
        ] {
            if p == path {
                share += part;
            }
        }
        share
    }

    /// The GB per month that take `path`.
    pub fn volume(&self, v: &Volumes, path: Path) -> Decimal {
        let mut gb = Decimal::ZERO;
        for (p, part) in [
            (self.s3, v.s3_gb),
            (self.aws, v.aws_gb),
            (self.internet, v.internet_gb - v.ipv6_gb),
            (self.ipv6, v.ipv6_gb),
        ] {
            if p == path {
                gb += part;
            }
        }
        gb
    }

    /// The NAT path this option uses for internet traffic, if any.
    pub fn nat(&self) -> Option<Path> {
        [self.internet, self.ipv6, self.aws, self.s3]
            .into_iter()
            .find(|p| p.is_nat())
    }
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
    /// Regional NAT gateway hours, per active AZ.
    RegionalNatHours,
    /// The regional NAT gateway's public IPv4 addresses, one per active AZ.
    RegionalNatIpv4,
    /// Regional NAT gateway data processing.
    RegionalNatProcessing,
    /// NAT instance hours.
    InstanceHours,
    /// NAT instances' root volumes.
    InstanceRootVolume,
    /// NAT instances' public IPv4 addresses.
    InstanceIpv4,
    /// Cross-AZ transfer to a NAT in another AZ, both directions.
    CrossAz,
    /// The egress-only internet gateway (free).
    EgressOnlyGateway,
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
            Item::NatHours => f.write_str("NAT gateway hours"),
            Item::NatIpv4 => f.write_str("NAT gateway public IPv4 (Elastic IP)"),
            Item::NatProcessing => f.write_str("NAT gateway data processing"),
            Item::RegionalNatHours => {
                f.write_str("Regional NAT gateway hours (billed in each active AZ)")
            }
            Item::RegionalNatIpv4 => {
                f.write_str("Regional NAT gateway public IPv4 (assumed one per active AZ)")
            }
            Item::RegionalNatProcessing => f.write_str("Regional NAT gateway data processing"),
            Item::InstanceHours => f.write_str("NAT instance hours"),
            Item::InstanceRootVolume => f.write_str("NAT instance root volume (4 GB gp3 each)"),
            Item::InstanceIpv4 => f.write_str("NAT instance public IPv4 (Elastic IP)"),
            Item::CrossAz => {
                f.write_str("Cross-AZ transfer to a NAT in another AZ (billed out and in)")
            }
            Item::EgressOnlyGateway => f.write_str("Egress-only internet gateway (IPv6)"),
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

impl Serialize for Item {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Whether a line's cost is there whatever the traffic, or grows with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
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
pub struct Line {
    /// What is charged.
    pub item: Item,
    /// How many units (shown rounded; the cost uses the exact value).
    #[serde(serialize_with = "quantity")]
    pub quantity: Decimal,
    /// The unit (`hours`, `GB`, …).
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
    /// A line priced from a figure's rate.
    pub fn new(
        item: Item,
        quantity: Decimal,
        unit: &'static str,
        (unit_price, figure, provenance): (Decimal, Figure, &Provenance),
        kind: CostKind,
    ) -> Result<Line, EngineError> {
        let cost = mul(quantity, unit_price, "line cost")?;
        Ok(Line::with_cost(
            item,
            quantity,
            unit,
            (unit_price, figure, provenance),
            kind,
            cost,
        ))
    }

    /// A line whose cost (`quantity × unit price`) is already known.
    pub fn with_cost(
        item: Item,
        quantity: Decimal,
        unit: &'static str,
        (unit_price, figure, provenance): (Decimal, Figure, &Provenance),
        kind: CostKind,
        cost: Decimal,
    ) -> Line {
        Line {
            item,
            quantity,
            unit,
            unit_price,
            cost: Money::new(cost),
            figure,
            assumed: provenance.is_assumed(),
            kind,
        }
    }
}

/// How the priced NAT instance type carries the peak (the type itself is
/// the option's `instance_type`).
#[derive(Debug, Clone, Serialize)]
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
    /// The peak each instance carries, Gbps.
    pub peak_per_instance_gbps: crate::money::TwoPlaces,
}

/// One option's result.
#[derive(Debug, Clone, Serialize)]
pub struct OptionResult {
    /// Fixed id (`nat_gateway`, …).
    pub id: &'static str,
    /// Name.
    pub name: &'static str,
    /// A short name for chart labels.
    pub short_name: &'static str,
    /// One-line description of the architecture.
    pub summary: &'static str,
    /// Sum of the unrounded lines (shown rounded to cents); null when the
    /// pricing table cannot price this option in the region.
    pub monthly_cost: Option<Money>,
    /// How much more than the cheapest feasible option (null when not feasible).
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
    /// Which path each kind of traffic takes.
    #[serde(skip)]
    pub routes: Routes,
}

impl OptionResult {
    /// The option's description with nothing priced or said yet.
    pub fn blank(about: About, routes: Routes) -> OptionResult {
        OptionResult {
            id: about.id,
            name: about.name,
            short_name: about.short_name,
            summary: about.summary,
            monthly_cost: None,
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
            routes,
        }
    }

    /// A result the table cannot price, with the reason.
    pub fn unpriced(about: About, routes: Routes, reason: Message) -> OptionResult {
        OptionResult {
            infeasible_reason: Some(reason),
            ..OptionResult::blank(about, routes)
        }
    }

    /// Totals the priced lines: the monthly cost, and feasible unless the
    /// option said why not.
    pub fn total(&mut self) -> Result<(), EngineError> {
        let mut sum = Decimal::ZERO;
        for line in &self.lines {
            sum = add(sum, line.cost.exact(), "option total")?;
        }
        self.monthly_cost = Some(Money::new(sum));
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
        self.monthly_cost.map_or(i128::MAX, Money::cents)
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

/// The table version a comparison used.
#[derive(Debug, Clone, Serialize)]
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
pub struct AssumedFigure<'t> {
    /// Figure key in the pricing table (`nat_gb`, `nat_instance_hour.t4g.nano`).
    pub figure: String,
    /// What the assumption is based on.
    pub note: &'t str,
}

/// The whole answer for one scenario.
#[derive(Debug, Clone, Serialize)]
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
    /// Every option, in the fixed order of [`super::OPTIONS`].
    pub options: Vec<OptionResult>,
    /// Id of the cheapest feasible option.
    pub cheapest: &'static str,
    /// Break-even figures with their assumptions.
    pub break_even: BreakEven,
    /// Bandwidth ceiling checks.
    pub bandwidth: Bandwidth,
    /// Region figures that are assumed, not confirmed.
    pub assumed_figures: Vec<AssumedFigure<'t>>,
    /// Which interface endpoints pay for themselves (with per-service traffic only).
    pub endpoint_advice: Option<super::advice::EndpointAdvice>,
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

    /// The headline's bandwidth sentence: the cheapest option's own verdict
    /// (the scenario-wide NAT gateway verdict if it has none).
    pub fn headline_verdict(&self) -> String {
        match &self.cheapest_option().bandwidth_verdict {
            Some(verdict) => verdict.to_string(),
            None => self.bandwidth.verdict.to_string(),
        }
    }

    /// Every option's warnings, with the option's name.
    pub fn warnings(&self) -> Vec<(&'static str, &Message)> {
        self.options
            .iter()
            .flat_map(|o| o.warnings.iter().map(move |w| (o.name, w)))
            .collect()
    }

    /// Options ordered for a ranked table: feasible ones by cost, then the
    /// infeasible ones by cost, then the unpriced.
    pub fn ranked(&self) -> Vec<&OptionResult> {
        let mut ranked: Vec<&OptionResult> = self.options.iter().collect();
        // A stable sort keeps the contract's order among equal costs.
        ranked.sort_by_key(|o| (!o.feasible, o.cents()));
        ranked
    }
}
