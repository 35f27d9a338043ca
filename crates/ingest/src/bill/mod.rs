//! What a month's AWS bill says about the scenario (source `"bill"`): the billed NAT gateway, endpoint,
//! public IPv4, data transfer, Transit Gateway and Network Firewall lines of one region, and the fields they
//! imply (`monthly_gb`, `nat_gateways`, `hours`…), each with its derivation.
//!
//! Inputs: a Cost and Usage Report 2.0 (CSV, gzip CSV, or Parquet), the legacy CUR's CSV
//! (`lineItem/UsageType` headers), or the JSON of `aws ce get-cost-and-usage --group-by
//! Type=DIMENSION,Key=USAGE_TYPE --metrics UsageQuantity UnblendedCost`.

mod rows;
pub mod usage;

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::measured::Derived;
use egress_core::money::words::counted;
pub use usage::QuantityKind;

/// The source name on every field this module derives.
pub const SOURCE: &str = "bill";

/// Why a bill could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BillError {
    #[error(
        "{file}: not a bill this reader knows (a Cost and Usage Report as CSV, gzip CSV or Parquet, or the JSON of `aws ce get-cost-and-usage --group-by Type=DIMENSION,Key=USAGE_TYPE --metrics UsageQuantity UnblendedCost`): {detail}"
    )]
    Unrecognized { file: String, detail: String },
    #[error("{file}: {detail}")]
    Decompress { file: String, detail: String },
    #[error("{file}: row {row}: {detail}")]
    Csv {
        file: String,
        row: u64,
        detail: String,
    },
    #[error("{file}: no column {column} (nor {legacy}); a Cost and Usage Report has it")]
    MissingColumn {
        file: String,
        column: &'static str,
        legacy: &'static str,
    },
    #[error("{file}: {at}: {column} is {value:?}, not a number")]
    BadNumber {
        file: String,
        at: String,
        column: String,
        value: String,
    },
    #[error("{file}: {at}: {problem}")]
    Json {
        file: String,
        at: String,
        problem: String,
    },
    #[error("{file}: Parquet: {detail}")]
    Parquet { file: String, detail: String },
    #[error(
        "{file}: the bill has no egress lines (usage types ending NatGateway-Hours/-Bytes, RegionalNatGateway-…, VpcEndpoint-Hours/-Bytes, PublicIPv4:…, DataTransfer-Regional-Bytes, DataTransfer-Out-Bytes, TransitGateway-…, or Network Firewall's)"
    )]
    NoEgress { file: String },
    #[error(
        "{file}: lines from two payer accounts ({first} and {second}, first at {at}); export one payer's report"
    )]
    TwoPayers {
        file: String,
        first: String,
        second: String,
        at: String,
    },
    #[error(
        "{file}: lines from two billing periods ({first} and {second}, first at {at}); give one month's file"
    )]
    TwoPeriods {
        file: String,
        first: String,
        second: String,
        at: String,
    },
    #[error("{file}: the bill has no egress lines in {asked}; its regions are {found}")]
    UnknownRegion {
        file: String,
        asked: String,
        found: String,
    },
}

/// One usage type's total in a region.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BilledLine {
    pub quantity_kind: QuantityKind,
    /// As on the bill, with its prefix (`EUC1-NatGateway-Bytes`).
    pub usage_type: String,
    #[serde(serialize_with = "decimal_text")]
    pub quantity: Decimal,
    /// `Hrs` or `GB`.
    pub unit: String,
    /// Billed cost, every line of that usage type added (credits and waivers included), unrounded.
    #[serde(serialize_with = "decimal_text")]
    pub cost: Decimal,
}

/// A region's egress lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BilledRegion {
    pub region: String,
    pub lines: Vec<BilledLine>,
}

impl BilledRegion {
    pub fn cost(&self) -> Decimal {
        self.lines.iter().map(|l| l.cost).sum()
    }

    pub fn quantity(&self, kind: QuantityKind) -> Decimal {
        self.lines
            .iter()
            .filter(|l| l.quantity_kind == kind)
            .map(|l| l.quantity)
            .sum()
    }

    fn has(&self, kind: QuantityKind) -> bool {
        self.lines.iter().any(|l| l.quantity_kind == kind)
    }
}

/// What a bill determines, as [`read_bill`] answers it.
///
/// Serialized as `{"source": "bill", "file", "region", "scenario": {field: value…}, "derivation": [lines],
/// "billed": {"<region>": {"cost": "12.34", "lines": [BilledLine…]}…}}`, quantities and costs as decimal
/// strings (costs unrounded, as summed from the file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillReport {
    pub file: String,
    /// The region the fields describe.
    pub region: String,
    pub derived: Derived,
    /// Every region's egress lines, the chosen one first, the others by falling cost.
    pub billed: Vec<BilledRegion>,
}

impl Serialize for BillReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let scenario: serde_json::Map<String, serde_json::Value> = self
            .derived
            .fields
            .iter()
            .map(|f| (f.name.clone(), serde_json::Value::String(f.value.clone())))
            .collect();
        let billed: serde_json::Map<String, serde_json::Value> = self
            .billed
            .iter()
            .map(|r| {
                let v = serde_json::json!({
                    "cost": r.cost().normalize().to_string(),
                    "lines": r.lines,
                });
                (r.region.clone(), v)
            })
            .collect();
        let mut m = s.serialize_map(Some(6))?;
        m.serialize_entry("source", SOURCE)?;
        m.serialize_entry("file", &self.file)?;
        m.serialize_entry("region", &self.region)?;
        m.serialize_entry("scenario", &scenario)?;
        m.serialize_entry("derivation", &self.derived.derivation)?;
        m.serialize_entry("billed", &billed)?;
        m.end()
    }
}

fn decimal_text<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&d.normalize().to_string())
}

/// Money for people: two places, half away from zero.
fn money(d: Decimal) -> String {
    format!(
        "${:.2}",
        d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    )
}

/// A quantity for people and fields: at most four places, half away from zero, no trailing zeros.
fn qty(d: Decimal) -> String {
    d.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}

/// Reads a bill named `name` (used in errors). `region` picks a region (else the one with the largest egress
/// cost); `hours` is the scenario's hours in a full month (730 by default), used when the file has no dates.
pub fn read_bill(
    name: &str,
    bytes: &[u8],
    region: Option<&str>,
    hours: u32,
) -> Result<BillReport, BillError> {
    let bill = rows::read(name, bytes)?;
    summarise(name, bill, region, hours)
}

fn summarise(
    file: &str,
    bill: rows::Bill,
    asked: Option<&str>,
    hours: u32,
) -> Result<BillReport, BillError> {
    // Totals per region and usage type.
    let mut regions: BTreeMap<String, BTreeMap<String, BilledLine>> = BTreeMap::new();
    let mut unknown_prefix = Vec::new();
    for row in &bill.rows {
        let Some((prefix_region, kind)) = usage::split(&row.usage_type, row.product.as_deref())
        else {
            continue;
        };
        let region = match (
            row.region.as_deref().filter(|r| !r.is_empty()),
            prefix_region,
        ) {
            (Some(r), _) => r.to_owned(),
            (None, Some(r)) => r.to_owned(),
            (None, None) => {
                let prefix = row
                    .usage_type
                    .split('-')
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                if !unknown_prefix.contains(&prefix) {
                    unknown_prefix.push(prefix.clone());
                }
                format!("({prefix})")
            }
        };
        let line = regions
            .entry(region)
            .or_default()
            .entry(row.usage_type.clone())
            .or_insert(BilledLine {
                quantity_kind: kind,
                usage_type: row.usage_type.clone(),
                quantity: Decimal::ZERO,
                unit: kind.unit().to_owned(),
                cost: Decimal::ZERO,
            });
        if row.counts_usage {
            line.quantity += row.quantity;
        }
        line.cost += row.cost;
    }
    if regions.is_empty() {
        return Err(BillError::NoEgress {
            file: file.to_owned(),
        });
    }
    let mut billed: Vec<BilledRegion> = regions
        .into_iter()
        .map(|(region, lines)| {
            let mut lines: Vec<BilledLine> = lines.into_values().collect();
            lines.sort_by(|a, b| {
                a.quantity_kind
                    .cmp(&b.quantity_kind)
                    .then(a.usage_type.cmp(&b.usage_type))
            });
            BilledRegion { region, lines }
        })
        .collect();
    billed.sort_by(|a, b| b.cost().cmp(&a.cost()).then(a.region.cmp(&b.region)));
    let chosen = match asked {
        Some(code) => billed
            .iter()
            .position(|r| r.region == code)
            .ok_or_else(|| BillError::UnknownRegion {
                file: file.to_owned(),
                asked: code.to_owned(),
                found: billed
                    .iter()
                    .map(|r| r.region.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })?,
        None => 0,
    };
    let picked = billed.remove(chosen);
    billed.insert(0, picked);
    let r = &billed[0];

    let mut d = Derived::default();
    let region_why = if billed.len() == 1 {
        format!(
            "region = {}: the bill's egress lines are all in it.",
            r.region
        )
    } else {
        let others = billed[1..]
            .iter()
            .map(|o| format!("{} ({})", o.region, money(o.cost())))
            .collect::<Vec<_>>()
            .join(", ");
        let how = if asked.is_some() {
            "the region asked for"
        } else {
            "the region with the largest egress cost"
        };
        format!(
            "region = {}: {how}, {} of egress lines; the bill also has {others}.",
            r.region,
            money(r.cost())
        )
    };
    if r.region.starts_with('(') {
        d.derivation.push(format!(
            "The usage-type prefix {} is not one this reader maps to a region code; those lines are reported under it.",
            r.region
        ));
    } else {
        d.set(SOURCE, "region", r.region.clone(), region_why);
    }
    if !unknown_prefix.is_empty() && !r.region.starts_with('(') {
        d.derivation.push(format!(
            "Usage-type prefixes not mapped to a region: {}.",
            unknown_prefix.join(", ")
        ));
    }
    d.derivation
        .push(format!("Read {} ({}).", bill.format, bill.quantity_rule));

    // The hours the bill covers.
    let divisor: Decimal;
    match bill.span {
        Some((start, end)) if end > start => {
            let covered = end - start;
            let period = bill.period.map(|(a, b)| b - a);
            let full = match period {
                Some(p) => covered >= p,
                None => covered >= 28 * 24,
            };
            divisor = Decimal::from(covered);
            let span = format!("{} to {}", usage::date_of(start), usage::date_of(end - 1));
            if full {
                d.derivation.push(format!(
                    "The bill covers the whole month, {span}: {covered} hours; counts below divide by them (the planner prices a month at its `hours`, {hours})."
                ));
            } else {
                let of = period
                    .map(|p| format!(" of the period's {} days", p / 24))
                    .unwrap_or_default();
                d.set(
                    SOURCE,
                    "hours",
                    covered.to_string(),
                    format!(
                        "hours = {covered}: the usage runs {span}, {} days{of}: a partial month, so the planner should price {covered} hours.",
                        covered / 24
                    ),
                );
            }
        }
        _ => {
            divisor = Decimal::from(hours.max(1));
            d.derivation.push(format!(
                "The file has no usage dates; counts below divide by {hours} hours a month."
            ));
        }
    }

    use QuantityKind::*;
    let line_list = |kinds: &[QuantityKind]| {
        r.lines
            .iter()
            .filter(|l| kinds.contains(&l.quantity_kind))
            .map(|l| {
                format!(
                    "{} {} {} ({})",
                    l.usage_type,
                    qty(l.quantity),
                    l.unit,
                    money(l.cost)
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };

    // monthly_gb: the NAT gateways' processed bytes.
    let nat_gb = r.quantity(NatGatewayGb) + r.quantity(RegionalNatGatewayGb);
    let endpoint_gb = r.quantity(EndpointGb);
    if r.has(NatGatewayGb) || r.has(RegionalNatGatewayGb) {
        let mut why = format!(
            "monthly_gb = {}: GB processed by NAT gateways, both directions, as billed: {}. It counts only traffic through NAT: S3 through a gateway endpoint is not billed and not in it",
            qty(nat_gb),
            line_list(&[NatGatewayGb, RegionalNatGatewayGb])
        );
        if endpoint_gb > Decimal::ZERO {
            why.push_str(&format!(
                ", nor the {} GB interface endpoints processed (AWS API traffic that bypasses the NAT; add it to compare options that send it through the NAT)",
                qty(endpoint_gb)
            ));
        }
        why.push('.');
        d.set(SOURCE, "monthly_gb", qty(nat_gb), why);
    }

    // nat_gateways: zonal NAT hours ÷ hours.
    let count = |h: Decimal| {
        (h / divisor).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
    };
    if r.has(NatGatewayHours) {
        let h = r.quantity(NatGatewayHours);
        let n = count(h);
        d.set(
            SOURCE,
            "nat_gateways",
            n.to_string(),
            format!(
                "nat_gateways = {n}: {} NAT gateway hours ÷ {divisor} hours = {}, rounded ({}).",
                qty(h),
                qty(h / divisor),
                line_list(&[NatGatewayHours])
            ),
        );
    }
    // A regional NAT gateway is billed per AZ it is active in.
    if r.has(RegionalNatGatewayHours) {
        let h = r.quantity(RegionalNatGatewayHours);
        let n = count(h);
        if n > Decimal::ZERO && n <= Decimal::from(6) {
            d.set(
                SOURCE,
                "azs",
                n.to_string(),
                format!(
                    "azs = {n}: a regional NAT gateway bills an hour per active AZ: {} hours ÷ {divisor} = {}, rounded ({}).",
                    qty(h),
                    qty(h / divisor),
                    line_list(&[RegionalNatGatewayHours])
                ),
            );
        } else {
            d.derivation.push(format!(
                "Regional NAT gateway hours {} ÷ {divisor} = {}: more than one regional gateway, or more than 6 AZs; azs not derived.",
                qty(h),
                qty(h / divisor)
            ));
        }
    }

    // Interface endpoints × AZs.
    if r.has(EndpointHours) {
        let h = r.quantity(EndpointHours);
        let n = count(h);
        let split = match d.get("azs").and_then(|a| a.parse::<u32>().ok()) {
            Some(azs) if azs > 0 && (n % Decimal::from(azs)).is_zero() => {
                let e = n / Decimal::from(azs);
                d.fields.push(crate::measured::Field {
                    name: "interface_endpoints".into(),
                    value: e.to_string(),
                    source: SOURCE,
                });
                format!(" With azs = {azs} (above): interface_endpoints = {e}.")
            }
            _ => " The bill cannot split endpoints from AZs: give the plan's azs (or the plan itself) and interface_endpoints = that number ÷ azs.".into(),
        };
        d.derivation.push(format!(
            "interface endpoints × AZs = {n}: {} endpoint-hours ÷ {divisor} = {}, rounded ({}); each interface endpoint bills an hour per AZ.{split}",
            qty(h),
            qty(h / divisor),
            line_list(&[EndpointHours])
        ));
    }
    if r.has(EndpointGb) {
        d.derivation.push(format!(
            "Interface endpoints processed {} GB ({}).",
            qty(endpoint_gb),
            line_list(&[EndpointGb])
        ));
    }

    // Public IPv4.
    if r.has(PublicIpv4InUseHours) || r.has(PublicIpv4IdleHours) {
        let used = r.quantity(PublicIpv4InUseHours);
        let idle = r.quantity(PublicIpv4IdleHours);
        let addrs = count(used);
        let nat = d
            .get("nat_gateways")
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(0);
        let mut why = format!(
            "Public IPv4: {} in-use address-hours ÷ {divisor} ≈ {}",
            qty(used),
            counted(addrs, "address", "addresses")
        );
        if idle > Decimal::ZERO {
            why.push_str(&format!(", plus {} idle Elastic IP hours", qty(idle)));
        }
        why.push_str(&format!(
            " ({})",
            line_list(&[PublicIpv4InUseHours, PublicIpv4IdleHours])
        ));
        if nat == 0 && !r.has(RegionalNatGatewayHours) && addrs > Decimal::ZERO {
            d.set(
                SOURCE,
                "public_ips",
                addrs.to_string(),
                format!("public_ips = {addrs}: {why}; with no NAT gateway on the bill, they are the tasks' and instances' addresses. The account's other public addresses count too."),
            );
        } else {
            let gateways = match nat {
                0 if r.has(RegionalNatGatewayHours) => {
                    "; the regional NAT gateway's addresses are among them".to_owned()
                }
                0 => String::new(),
                1 => "; 1 of them is likely the NAT gateway's Elastic IP".to_owned(),
                n => format!("; {n} of them are likely the NAT gateways' Elastic IPs"),
            };
            d.derivation.push(format!(
                "{why}{gateways}; public_ips not derived (the account's other addresses are in it too)."
            ));
        }
    }

    // Data transfer.
    if r.has(CrossAzGb) {
        d.derivation.push(format!(
            "Cross-AZ: {} GB billed (each GB that crosses is billed out of one AZ and into the other; the whole account's, not only the NAT path) ({}).",
            qty(r.quantity(CrossAzGb)),
            line_list(&[CrossAzGb])
        ));
    }
    if r.has(InternetOutGb) {
        d.derivation.push(format!(
            "Internet out: {} GB ({}); the whole account's traffic out, not only through the NAT.",
            qty(r.quantity(InternetOutGb)),
            line_list(&[InternetOutGb])
        ));
    }
    if r.has(TransitGatewayHours) || r.has(TransitGatewayGb) {
        d.derivation.push(format!(
            "Transit Gateway: {} (≈ {}): centralized egress is in use.",
            line_list(&[TransitGatewayHours, TransitGatewayGb]),
            counted(
                count(r.quantity(TransitGatewayHours)),
                "attachment",
                "attachments"
            )
        ));
    }
    if r.has(FirewallEndpointHours) || r.has(FirewallGb) || r.has(FirewallAdvancedGb) {
        d.derivation.push(format!(
            "Network Firewall: {} (≈ {}): inspected egress; NAT gateway hours and GB up to these are waived (shown as a credit on the NAT lines' cost).",
            line_list(&[FirewallEndpointHours, FirewallGb, FirewallAdvancedGb]),
            counted(count(r.quantity(FirewallEndpointHours)), "firewall endpoint", "firewall endpoints")
        ));
    }
    d.derivation.push(format!(
        "Egress lines in {}: {} in all.",
        r.region,
        money(r.cost())
    ));

    Ok(BillReport {
        file: file.to_owned(),
        region: r.region.clone(),
        derived: d,
        billed,
    })
}
