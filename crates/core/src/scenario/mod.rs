//! The scenario a user describes (the inputs of docs/cost-model.md): the domain type,
//! the one definition of each of its fields, and the one parser every input
//! path uses (JSON bodies, query strings, forms, files). A [`Scenario`] only
//! exists once every field is in range, so the engine never re-checks.

mod fields;
pub mod grammar;
mod parse;
pub mod permalink;
mod services;

pub(crate) use fields::member;
pub use fields::{
    DefaultValue, FIELDS, Field, FieldKind, Group, OUTBOUND_PERCENT_DEFAULT, Short, Value, field,
    field_of, instance_type_choices, up_to, whole,
};
pub use grammar::{MAX_FRACTION_DIGITS, decimal_pattern};
pub use parse::SERVICE_PREFIX;
pub use parse::{FieldError, FieldErrors, Input, MAX_VALUE_LEN, QueryPairs, query_pairs};
pub use parse::{
    json_object as parse_json_object, parse_value as parse_field_value, shown as shown_text,
};
pub use parse::{json_object, shown};
pub use services::{
    GATEWAY_SERVICES, KNOWN_SERVICES, KnownService, ServiceTraffic,
    name_problem as service_name_problem,
};

use crate::money::words::gb;
use crate::pricing::PricingTable;
use rust_decimal::Decimal;
use serde::Serialize;

/// `nat_instance_type` when the engine is to choose the type.
pub const AUTO: &str = "auto";

/// A valid scenario: every field present and in range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Scenario {
    /// Region code (present in the pricing table it was parsed against).
    pub region: String,
    /// GB per month on the egress path, both directions.
    #[serde(serialize_with = "crate::money::plain")]
    pub monthly_gb: Decimal,
    /// Share of `monthly_gb` to/from S3 in the region, 0–100.
    #[serde(serialize_with = "crate::money::plain")]
    pub s3_percent: Decimal,
    /// Share to/from other AWS APIs, 0–100; with `s3_percent` at most 100.
    #[serde(serialize_with = "crate::money::plain")]
    pub aws_percent: Decimal,
    /// Of the internet traffic, the share reachable over IPv6, 0–100.
    #[serde(serialize_with = "crate::money::plain")]
    pub ipv6_percent: Decimal,
    /// Share of internet traffic that leaves AWS, 0–100.
    #[serde(serialize_with = "crate::money::plain")]
    pub outbound_percent: Decimal,
    /// Availability Zones.
    pub azs: u32,
    /// NAT gateways, one Elastic IP each.
    pub nat_gateways: u32,
    /// Interface endpoints, each in every AZ.
    pub interface_endpoints: u32,
    /// Public IPv4 addresses in the public-subnet option (one per task).
    pub public_ips: u32,
    /// Peak aggregate bandwidth, Gbps.
    #[serde(serialize_with = "crate::money::plain")]
    pub peak_gbps: Decimal,
    /// EC2 type of the NAT instances, or `auto`.
    pub nat_instance_type: String,
    /// NAT instances in the NAT-instance option.
    pub nat_instances: u32,
    /// VPCs (this one included) sharing the central egress VPC of the
    /// centralized-egress option, 1–1,000; its shared costs split evenly.
    pub shared_vpcs: u32,
    /// Billed hours in the month.
    pub hours: u32,
    /// Subtract the 100 GB free data transfer out.
    pub dto_free_tier: bool,
    /// The option in place today (an option id), empty when none is given; null in JSON then.
    #[serde(serialize_with = "empty_as_null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub current: String,
    /// Requirement: no task may have a public address.
    pub sensitive: bool,
    /// Requirement: egress must survive the loss of one AZ.
    pub survive_az_loss: bool,
    /// Per-service AWS API traffic, in the order given (`aws_percent` and
    /// `interface_endpoints` are then derived from it).
    #[serde(serialize_with = "services_map")]
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = Option<std::collections::BTreeMap<String, String>>)
    )]
    pub services: Option<Vec<ServiceTraffic>>,
}

fn empty_as_null<S: serde::Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
    if text.is_empty() {
        s.serialize_none()
    } else {
        s.serialize_str(text)
    }
}

fn services_map<S: serde::Serializer>(
    services: &Option<Vec<ServiceTraffic>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match services {
        None => s.serialize_none(),
        Some(list) => s.collect_map(
            list.iter()
                .map(|t| (&t.service, crate::money::Plain(t.gb).to_string())),
        ),
    }
}

impl Scenario {
    /// Every field at its default for `table` (fields that default to
    /// another field's value take it from that field's default).
    pub fn defaults(table: &PricingTable) -> Scenario {
        let mut scenario = Scenario::fixed_defaults(table);
        // Derived defaults read the fixed ones.
        for f in FIELDS {
            if let (DefaultValue::SameAs(_), Some(value)) =
                (f.default, f.default_for(&scenario, table))
            {
                (f.set)(&mut scenario, value);
            }
        }
        scenario
    }

    /// Every field at its fixed default; a field that defaults to another field's value is
    /// left for the caller to derive (parsing derives it from the value given).
    pub(crate) fn fixed_defaults(table: &PricingTable) -> Scenario {
        // Placeholders: every field with a fixed default is set from `FIELDS` below.
        let mut scenario = Scenario {
            region: String::new(),
            monthly_gb: Decimal::ZERO,
            s3_percent: Decimal::ZERO,
            aws_percent: Decimal::ZERO,
            ipv6_percent: Decimal::ZERO,
            outbound_percent: Decimal::ZERO,
            azs: 1,
            nat_gateways: 1,
            interface_endpoints: 0,
            public_ips: 0,
            peak_gbps: Decimal::ZERO,
            nat_instance_type: String::new(),
            nat_instances: 1,
            shared_vpcs: 1,
            hours: 1,
            dto_free_tier: false,
            current: String::new(),
            sensitive: false,
            survive_az_loss: false,
            services: None,
        };
        for f in FIELDS {
            if let Some(value) = f.fixed_default(table) {
                (f.set)(&mut scenario, value);
            }
        }
        scenario
    }

    /// The scenario in one line for people (see [`Summary`]).
    pub fn summary(&self) -> Summary<'_> {
        Summary(self)
    }

    /// The value of a field as text, for re-filling a form or a permalink.
    pub fn value_text(&self, field: &Field) -> String {
        (field.get)(self).to_string()
    }
}

/// The scenario in one line for people, as the results page, the Markdown
/// and the card show it, written from each field's [`Short`] form:
/// `12,000 GB/month · S3 25% · AWS APIs 5% · outbound 30% · 3 AZs · 1 NAT
/// gateway · 4 interface endpoints · 6 public IPs · peak 3 Gbps · 730 h`.
pub struct Summary<'a>(pub &'a Scenario);

impl std::fmt::Display for Summary<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Each piece is written straight to `f` (no string per field): every results page,
        // card and embed shows this line.
        let mut first = true;
        let mut next = |f: &mut std::fmt::Formatter<'_>| {
            let separator = if first { "" } else { " · " };
            first = false;
            f.write_str(separator)
        };
        for field in FIELDS {
            if field.short == Short::Skip {
                continue;
            }
            let value = (field.get)(self.0);
            match (field.short, &value) {
                (Short::Skip, _) => {}
                (
                    Short::Amount {
                        hide_zero: true, ..
                    },
                    Value::Decimal(d),
                ) if d.is_zero() => {}
                (Short::Amount { before, after, .. }, Value::Decimal(d)) => {
                    next(f)?;
                    f.write_str(before)?;
                    // Two places at most: a derived share (per-service mode) can have 28.
                    std::fmt::Display::fmt(&gb(*d), f)?;
                    f.write_str(after)?;
                }
                (Short::Amount { before, after, .. }, _) => {
                    next(f)?;
                    f.write_str(before)?;
                    std::fmt::Display::fmt(&value, f)?;
                    f.write_str(after)?;
                }
                (Short::Count { one, many }, Value::Integer(n)) => {
                    next(f)?;
                    f.write_str(itoa::Buffer::new().format(*n))?;
                    f.write_str(" ")?;
                    f.write_str(if *n == 1 { one } else { many })?;
                }
                (Short::Count { .. }, _) => {
                    next(f)?;
                    std::fmt::Display::fmt(&value, f)?;
                }
            }
        }
        if let Some(services) = &self.0.services {
            let n = services.len();
            write!(
                f,
                " · per-service traffic for {n} {}",
                if n == 1 { "service" } else { "services" }
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_line_groups_numbers_and_pluralises_counts() {
        let table = PricingTable::bundled().unwrap();
        let summary = |query: &str| {
            let scenario = Scenario::from_query(query, &table).unwrap();
            scenario.summary().to_string()
        };
        assert_eq!(
            summary(
                "region=eu-west-2&monthly_gb=12000&s3_percent=25&aws_percent=5&outbound_percent=30&interface_endpoints=4&azs=3&nat_gateways=1&public_ips=6&peak_gbps=3"
            ),
            "12,000 GB/month · S3 25% · AWS APIs 5% · outbound 30% · 3 AZs · 1 NAT gateway · 4 interface endpoints · 6 public IPs · peak 3 Gbps · 730 h"
        );
        // nat_gateways defaults to one per AZ: 1. outbound defaults to 50.
        // IPv6 is named only when some traffic takes it.
        assert_eq!(
            summary(
                "monthly_gb=0.5&azs=1&interface_endpoints=1&public_ips=1&peak_gbps=0.25&hours=1&ipv6_percent=40"
            ),
            "0.5 GB/month · S3 0% · AWS APIs 0% · IPv6 40% · outbound 50% · 1 AZ · 1 NAT gateway · 1 interface endpoint · 1 public IP · peak 0.25 Gbps · 1 h"
        );
    }

    #[test]
    fn defaults_follow_the_field_definitions() {
        let table = PricingTable::bundled().unwrap();
        let d = Scenario::defaults(&table);
        assert_eq!(d.region, table.meta.default_region);
        assert_eq!(d.monthly_gb, Decimal::from(1000));
        assert_eq!((d.azs, d.nat_gateways, d.nat_instances), (2, 2, 2));
        assert_eq!(d.nat_instance_type, AUTO);
        assert_eq!(Scenario::from_query("", &table).unwrap(), d);
    }
}
