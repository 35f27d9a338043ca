//! Reading a pricing table file: the raw TOML shape, and its conversion into
//! the validated [`PricingTable`], with errors that name the file, the region
//! and the field.

use super::{
    EndpointLimits, FIGURES, Figure, Grade, InstanceType, Limit, LimitChange, Limits, NatLimits,
    Price, PricingTable, Provenance, Rate, Region, Shape, Source, Status, TableMeta, Tier,
    TieredRate,
};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use toml::value::Datetime;

/// No AWS unit price in this domain comes near this many dollars; a larger
/// value is a typo (a price in cents, or a misplaced decimal point). The cap
/// also keeps every product of a price and an input far from overflow.
const MAX_PRICE_USD: u32 = 1_000;

/// A pricing file that cannot be used, and exactly where it is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct PricingError {
    /// The file, as given on the command line (or the bundled name).
    pub file: String,
    /// The region the problem is in, when it is in one.
    pub region: Option<String>,
    /// The field, dotted (`nat_gb.usd`), when known.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for PricingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.file)?;
        if let Some(region) = &self.region {
            write!(f, "region {region}: ")?;
        }
        if let Some(field) = &self.field {
            write!(f, "field {field}: ")?;
        }
        f.write_str(&self.message)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    table: RawMeta,
    sources: BTreeMap<String, RawSource>,
    limits: RawLimits,
    /// Figures that apply to every region that does not set its own.
    #[serde(default)]
    global: BTreeMap<String, toml::Value>,
    #[serde(default)]
    nat_instance_type: Vec<RawInstanceType>,
    region: Vec<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstanceType {
    name: String,
    vcpus: u32,
    baseline_gbps: String,
    burst_gbps: String,
    source: String,
    as_of: Datetime,
    status: String,
    grade: String,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    version: String,
    as_of: Datetime,
    currency: String,
    default_region: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    title: String,
    url: String,
    date: Datetime,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    nat_gateway: RawNatLimits,
    interface_endpoint: RawEndpointLimits,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNatLimits {
    baseline_gbps: RawFigure,
    max_gbps: RawFigure,
    baseline_pps: RawFigure,
    max_pps: RawFigure,
    connections_per_destination_per_ip: RawFigure,
    max_ips: RawFigure,
    history: Vec<RawChange>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEndpointLimits {
    baseline_gbps_per_az: RawFigure,
    max_gbps_per_az: RawFigure,
    history: Vec<RawChange>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChange {
    date: Datetime,
    text: String,
}

/// Any figure as written: a rate (`usd`), a tier list (`tiers`) or a limit
/// (`value`); which one a field needs is checked when it is converted.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFigure {
    usd: Option<String>,
    tiers: Option<Vec<RawTier>>,
    value: Option<String>,
    source: String,
    as_of: Datetime,
    status: String,
    grade: String,
    usage_type: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    up_to_gb: Option<String>,
    usd: String,
}

/// Carries the file and region being read, to build errors that name them.
struct Reader<'a> {
    file: &'a str,
    region: Option<String>,
    sources: &'a BTreeMap<String, RawSource>,
}

impl Reader<'_> {
    fn err(&self, field: impl Into<String>, message: impl Into<String>) -> PricingError {
        PricingError {
            file: self.file.to_owned(),
            region: self.region.clone(),
            field: Some(field.into()),
            message: message.into(),
        }
    }

    fn date(&self, field: &str, value: &Datetime) -> Result<String, PricingError> {
        match (value.date, value.time) {
            (Some(date), None) => Ok(date.to_string()),
            _ => Err(self.err(
                field,
                format!("must be a date like 2026-09-17, got {value}"),
            )),
        }
    }

    fn decimal(&self, field: &str, text: &str) -> Result<Decimal, PricingError> {
        let value = Decimal::from_str_exact(text.trim()).map_err(|_| {
            self.err(
                field,
                format!("must be a decimal number in a string, got {text:?}"),
            )
        })?;
        if value.is_sign_negative() && !value.is_zero() {
            return Err(self.err(field, format!("must not be negative, got {text}")));
        }
        Ok(value)
    }

    fn price(&self, field: &str, text: &str) -> Result<Decimal, PricingError> {
        let value = self.decimal(field, text)?;
        if value > Decimal::from(MAX_PRICE_USD) {
            return Err(self.err(
                field,
                format!("{text} is not a plausible price in dollars (at most {MAX_PRICE_USD})"),
            ));
        }
        Ok(value)
    }

    fn provenance(&self, field: &str, raw: &RawFigure) -> Result<Provenance, PricingError> {
        if !self.sources.contains_key(&raw.source) {
            return Err(self.err(
                format!("{field}.source"),
                format!("unknown source {:?}; add it to [sources]", raw.source),
            ));
        }
        let status = match raw.status.as_str() {
            "confirmed" => Status::Confirmed,
            "assumed" => Status::Assumed,
            other => {
                return Err(self.err(
                    format!("{field}.status"),
                    format!("must be \"confirmed\" or \"assumed\", got {other:?}"),
                ));
            }
        };
        let grade = match raw.grade.as_str() {
            "A" => Grade::A,
            "B" => Grade::B,
            "C" => Grade::C,
            "none" => Grade::None,
            other => {
                return Err(self.err(
                    format!("{field}.grade"),
                    format!("must be \"A\", \"B\", \"C\" or \"none\", got {other:?}"),
                ));
            }
        };
        // A third party or no source cannot confirm a price (see [`Status`]).
        if status == Status::Confirmed && !matches!(grade, Grade::A | Grade::B) {
            return Err(self.err(
                format!("{field}.status"),
                format!(
                    "{field} has status \"confirmed\" but grade {}; \"confirmed\" needs grade A or B \
                     (AWS data, a bill line or a dated Price-List-derived document): mark it \"assumed\" \
                     with a note, or regrade it",
                    raw.grade
                ),
            ));
        }
        if status == Status::Assumed && raw.note.is_none() {
            return Err(self.err(
                format!("{field}.note"),
                "an assumed figure needs a note saying what the assumption is based on",
            ));
        }
        Ok(Provenance {
            source: raw.source.clone(),
            as_of: self.date(&format!("{field}.as_of"), &raw.as_of)?,
            status,
            grade,
            usage_type: raw.usage_type.clone(),
            note: raw.note.clone(),
        })
    }

    fn only(&self, field: &str, raw: &RawFigure, wanted: &str) -> Result<(), PricingError> {
        let present = [
            ("usd", raw.usd.is_some()),
            ("tiers", raw.tiers.is_some()),
            ("value", raw.value.is_some()),
        ];
        for (name, is_present) in present {
            if name != wanted && is_present {
                return Err(self.err(
                    format!("{field}.{name}"),
                    format!("not allowed here; this figure takes `{wanted}`"),
                ));
            }
        }
        Ok(())
    }

    /// The value of `key`, the one key of this figure's kind: refused when
    /// the figure has another kind's key, or lacks this one.
    fn sole<'r, T: ?Sized>(
        &self,
        field: &str,
        raw: &RawFigure,
        key: &str,
        value: Option<&'r T>,
    ) -> Result<&'r T, PricingError> {
        self.only(field, raw, key)?;
        value.ok_or_else(|| self.err(format!("{field}.{key}"), "missing"))
    }

    fn rate(&self, field: &str, raw: &RawFigure) -> Result<Rate, PricingError> {
        let usd = self.sole(field, raw, "usd", raw.usd.as_deref())?;
        Ok(Rate {
            usd: self.price(&format!("{field}.usd"), usd)?,
            provenance: self.provenance(field, raw)?,
        })
    }

    fn tiered(&self, field: &str, raw: &RawFigure) -> Result<TieredRate, PricingError> {
        let raw_tiers = self.sole(field, raw, "tiers", raw.tiers.as_deref())?;
        if raw_tiers.is_empty() {
            return Err(self.err(format!("{field}.tiers"), "needs at least one tier"));
        }
        let mut tiers = Vec::with_capacity(raw_tiers.len());
        let mut previous_bound = Decimal::ZERO;
        for (i, tier) in raw_tiers.iter().enumerate() {
            let name = format!("{field}.tiers[{i}]");
            let last = i + 1 == raw_tiers.len();
            let up_to_gb = match (&tier.up_to_gb, last) {
                (Some(text), false) => {
                    let bound = self.decimal(&format!("{name}.up_to_gb"), text)?;
                    if bound <= previous_bound {
                        return Err(self.err(
                            format!("{name}.up_to_gb"),
                            format!("tiers out of order: {bound} GB is not above the previous bound {previous_bound} GB"),
                        ));
                    }
                    previous_bound = bound;
                    Some(bound)
                }
                (None, false) => {
                    return Err(self.err(
                        format!("{name}.up_to_gb"),
                        "missing; only the last tier is unbounded",
                    ));
                }
                (Some(_), true) => {
                    return Err(self.err(
                        format!("{name}.up_to_gb"),
                        "the last tier must be unbounded (no up_to_gb)",
                    ));
                }
                (None, true) => None,
            };
            tiers.push(Tier {
                up_to_gb,
                usd: self.price(&format!("{name}.usd"), &tier.usd)?,
            });
        }
        Ok(TieredRate {
            tiers,
            provenance: self.provenance(field, raw)?,
        })
    }

    fn limit(&self, field: &str, raw: &RawFigure) -> Result<Limit, PricingError> {
        let text = self.sole(field, raw, "value", raw.value.as_deref())?;
        let value = self.decimal(&format!("{field}.value"), text)?;
        if value.is_zero() {
            return Err(self.err(format!("{field}.value"), "a limit must be above zero"));
        }
        Ok(Limit {
            value,
            provenance: self.provenance(field, raw)?,
        })
    }

    /// Reads one figure of the shape its spec says.
    fn figure(
        &self,
        field: &str,
        figure: Figure,
        value: &toml::Value,
        types: &[InstanceType],
    ) -> Result<Price, PricingError> {
        let raw = |field: &str, value: &toml::Value| -> Result<RawFigure, PricingError> {
            value
                .clone()
                .try_into()
                .map_err(|e: toml::de::Error| self.err(field, e.message().to_owned()))
        };
        Ok(match figure.spec().shape {
            Shape::Rate => Price::Rate(self.rate(field, &raw(field, value)?)?),
            Shape::Tiered => Price::Tiered(self.tiered(field, &raw(field, value)?)?),
            Shape::PerInstanceType => {
                let table = value.as_table().ok_or_else(|| {
                    self.err(field, "must be a table of instance type = { usd = … }")
                })?;
                for name in table.keys() {
                    if !types.iter().any(|t| &t.name == name) {
                        return Err(self.err(
                            format!("{field}.{name}"),
                            "not a [[nat_instance_type]] of this table",
                        ));
                    }
                }
                let mut rates = Vec::with_capacity(table.len());
                for t in types {
                    if let Some(value) = table.get(&t.name) {
                        let name = format!("{field}.{}", t.name);
                        rates.push((t.name.clone(), self.rate(&name, &raw(&name, value)?)?));
                    }
                }
                Price::PerInstanceType(rates)
            }
        })
    }

    fn history(&self, field: &str, raw: &[RawChange]) -> Result<Vec<LimitChange>, PricingError> {
        raw.iter()
            .enumerate()
            .map(|(i, change)| {
                Ok(LimitChange {
                    date: self.date(&format!("{field}[{i}].date"), &change.date)?,
                    text: change.text.clone(),
                })
            })
            .collect()
    }
}

/// Reads a whole table.
pub(super) fn parse(file: &str, text: &str) -> Result<PricingTable, PricingError> {
    let whole = |message: String| PricingError {
        file: file.to_owned(),
        region: None,
        field: None,
        message,
    };
    let raw: RawFile =
        toml::from_str(text).map_err(|e| whole(e.to_string().trim_end().to_owned()))?;
    let mut ctx = Reader {
        file,
        region: None,
        sources: &raw.sources,
    };

    let mut sources = BTreeMap::new();
    for (key, source) in &raw.sources {
        let date = ctx.date(&format!("sources.{key}.date"), &source.date)?;
        sources.insert(
            key.clone(),
            Source {
                title: source.title.clone(),
                url: source.url.clone(),
                date,
            },
        );
    }

    let nat = &raw.limits.nat_gateway;
    let endpoint = &raw.limits.interface_endpoint;
    let limits = Limits {
        nat_gateway: NatLimits {
            baseline_gbps: ctx.limit("limits.nat_gateway.baseline_gbps", &nat.baseline_gbps)?,
            max_gbps: ctx.limit("limits.nat_gateway.max_gbps", &nat.max_gbps)?,
            baseline_pps: ctx.limit("limits.nat_gateway.baseline_pps", &nat.baseline_pps)?,
            max_pps: ctx.limit("limits.nat_gateway.max_pps", &nat.max_pps)?,
            connections_per_destination_per_ip: ctx.limit(
                "limits.nat_gateway.connections_per_destination_per_ip",
                &nat.connections_per_destination_per_ip,
            )?,
            max_ips: ctx.limit("limits.nat_gateway.max_ips", &nat.max_ips)?,
            history: ctx.history("limits.nat_gateway.history", &nat.history)?,
        },
        interface_endpoint: EndpointLimits {
            baseline_gbps_per_az: ctx.limit(
                "limits.interface_endpoint.baseline_gbps_per_az",
                &endpoint.baseline_gbps_per_az,
            )?,
            max_gbps_per_az: ctx.limit(
                "limits.interface_endpoint.max_gbps_per_az",
                &endpoint.max_gbps_per_az,
            )?,
            history: ctx.history("limits.interface_endpoint.history", &endpoint.history)?,
        },
    };
    if limits.nat_gateway.max_gbps.value < limits.nat_gateway.baseline_gbps.value {
        return Err(ctx.err(
            "limits.nat_gateway.max_gbps",
            "must not be below baseline_gbps",
        ));
    }
    if limits.interface_endpoint.max_gbps_per_az.value
        < limits.interface_endpoint.baseline_gbps_per_az.value
    {
        return Err(ctx.err(
            "limits.interface_endpoint.max_gbps_per_az",
            "must not be below baseline_gbps_per_az",
        ));
    }

    let mut nat_instance_types: Vec<InstanceType> = Vec::with_capacity(raw.nat_instance_type.len());
    for (i, t) in raw.nat_instance_type.iter().enumerate() {
        let field = format!("nat_instance_type[{i}]");
        if nat_instance_types.iter().any(|seen| seen.name == t.name) {
            return Err(ctx.err(
                format!("{field}.name"),
                format!("{:?} appears twice", t.name),
            ));
        }
        let baseline_gbps = ctx.decimal(&format!("{field}.baseline_gbps"), &t.baseline_gbps)?;
        let burst_gbps = ctx.decimal(&format!("{field}.burst_gbps"), &t.burst_gbps)?;
        if baseline_gbps.is_zero() || t.vcpus == 0 {
            return Err(ctx.err(&field, "vcpus and baseline_gbps must be above zero"));
        }
        if burst_gbps < baseline_gbps {
            return Err(ctx.err(
                format!("{field}.burst_gbps"),
                "must not be below baseline_gbps",
            ));
        }
        let as_figure = RawFigure {
            usd: None,
            tiers: None,
            value: None,
            source: t.source.clone(),
            as_of: t.as_of,
            status: t.status.clone(),
            grade: t.grade.clone(),
            usage_type: None,
            note: t.note.clone(),
        };
        nat_instance_types.push(InstanceType {
            name: t.name.clone(),
            vcpus: t.vcpus,
            baseline_gbps,
            burst_gbps,
            provenance: ctx.provenance(&field, &as_figure)?,
        });
    }

    let mut global = BTreeMap::new();
    for (key, value) in &raw.global {
        let figure = Figure::from_key(key)
            .ok_or_else(|| ctx.err(format!("global.{key}"), "unknown figure"))?;
        let price = ctx.figure(&format!("global.{key}"), figure, value, &nat_instance_types)?;
        global.insert(figure, price);
    }

    if raw.region.is_empty() {
        return Err(ctx.err("region", "the table has no [[region]]"));
    }
    let mut regions = Vec::with_capacity(raw.region.len());
    let mut seen = HashSet::new();
    for (i, value) in raw.region.iter().enumerate() {
        // Name the region by its code when it has one, by its position otherwise.
        let label = value
            .get("code")
            .and_then(|c| c.as_str())
            .map(str::to_owned)
            .unwrap_or_else(|| format!("#{} (no code)", i + 1));
        ctx.region = Some(label.clone());
        let table = value
            .as_table()
            .ok_or_else(|| ctx.err("region", "must be a table"))?;
        let text = |key: &str| match table.get(key) {
            Some(toml::Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(ctx.err(key, "must be a string")),
            None => Err(ctx.err(key, "missing")),
        };
        let (code, name) = (text("code")?, text("name")?);
        if !seen.insert(code.clone()) {
            return Err(ctx.err("code", "this region appears twice"));
        }
        let mut figures = global.clone();
        for (key, value) in table {
            if key == "code" || key == "name" {
                continue;
            }
            let figure = Figure::from_key(key).ok_or_else(|| {
                let known: Vec<&str> = FIGURES.iter().map(|f| f.key).collect();
                ctx.err(
                    key.as_str(),
                    format!(
                        "unknown field `{key}`; a region has code, name and {}",
                        known.join(", ")
                    ),
                )
            })?;
            figures.insert(figure, ctx.figure(key, figure, value, &nat_instance_types)?);
        }
        if let Some(missing) = FIGURES
            .iter()
            .find(|f| f.required && !figures.contains_key(&f.figure))
        {
            return Err(ctx.err(missing.key, "missing"));
        }
        regions.push(Region {
            code,
            name,
            figures,
        });
    }
    ctx.region = None;

    if !seen.contains(&raw.table.default_region) {
        return Err(ctx.err(
            "table.default_region",
            format!(
                "unknown region {:?}: no [[region]] has that code",
                raw.table.default_region
            ),
        ));
    }
    let meta = TableMeta {
        as_of: ctx.date("table.as_of", &raw.table.as_of)?,
        version: raw.table.version,
        currency: raw.table.currency,
        default_region: raw.table.default_region,
    };
    if meta.currency != "USD" {
        return Err(ctx.err(
            "table.currency",
            format!("only USD is supported, got {:?}", meta.currency),
        ));
    }
    Ok(PricingTable {
        meta,
        sources,
        limits,
        nat_instance_types,
        regions,
        global,
    })
}
