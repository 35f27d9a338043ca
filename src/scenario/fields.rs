//! The one definition of every scenario field: name, kind and range, unit,
//! default (including defaults that follow another field), label, hint, form
//! group, its short form in the summary line, and how to read and write it
//! on a [`Scenario`]. Parsing, defaults, permalinks, ETags, the OpenAPI
//! schema, the form, the CLI's help and the summary line are all derived
//! from this table; a new field is one entry here and one member of `Scenario`.

use super::{AUTO, Scenario};
use crate::engine::money::write_plain;
use crate::pricing::PricingTable;
use rust_decimal::Decimal;
use std::fmt;

/// What kind of value a field takes, with its inclusive range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A region code of the pricing table.
    Region,
    /// A decimal number between `min` and `max`.
    Decimal {
        /// Smallest allowed value.
        min: u32,
        /// Largest allowed value.
        max: u32,
    },
    /// A whole number between `min` and `max`.
    Integer {
        /// Smallest allowed value.
        min: u32,
        /// Largest allowed value.
        max: u32,
    },
    /// `true` or `false`.
    Bool,
    /// `auto` or one of the table's NAT instance types.
    InstanceType,
}

/// A field's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultValue {
    /// The pricing table's default region.
    TableRegion,
    /// A fixed decimal.
    Decimal(u32),
    /// A fixed whole number.
    Integer(u32),
    /// A fixed boolean.
    Bool(bool),
    /// Fixed text.
    Text(&'static str),
    /// The value of another (integer) field: one per AZ.
    SameAs(&'static str),
}

/// Where the form shows a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Always visible.
    Main,
    /// Under "Advanced".
    Advanced,
}

/// How a field appears in the one-line summary of a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Short {
    /// Not in the summary.
    Skip,
    /// `{before}{value}{after}`, e.g. `S3 25%`.
    Amount {
        /// Text before the value.
        before: &'static str,
        /// Text after the value.
        after: &'static str,
        /// Left out when the value is zero.
        hide_zero: bool,
    },
    /// `{n} {one|many}`, e.g. `3 AZs`.
    Count {
        /// Singular noun.
        one: &'static str,
        /// Plural noun.
        many: &'static str,
    },
}

/// A field's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A region code or an instance type.
    Text(String),
    /// A decimal.
    Decimal(Decimal),
    /// A whole number.
    Integer(u32),
    /// A boolean.
    Bool(bool),
}

impl fmt::Display for Value {
    /// The value as a query string or JSON string carries it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Text(text) => f.write_str(text),
            Value::Decimal(d) => write_plain(*d, f),
            Value::Integer(n) => write!(f, "{n}"),
            Value::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// One input field of a record `T` (a [`Scenario`], or the workload
/// builder's inputs): the same grammar and messages for both.
pub struct Field<T: 'static = Scenario> {
    /// Name in JSON, query strings, forms and CLI flags.
    pub name: &'static str,
    /// Label for people (forms, messages).
    pub label: &'static str,
    /// Unit shown beside the value (also accepted after a number).
    pub unit: &'static str,
    /// One-line hint for the form, the API docs and the CLI's help.
    pub hint: &'static str,
    /// Value kind and range.
    pub kind: FieldKind,
    /// Default value.
    pub default: DefaultValue,
    /// Where the form shows it.
    pub group: Group,
    /// How the summary line shows it.
    pub short: Short,
    /// Reads the field.
    pub get: fn(&T) -> Value,
    /// Writes the field (the value has this field's kind).
    pub set: fn(&mut T, Value),
}

impl<T> Clone for Field<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Field<T> {}

impl<T> fmt::Debug for Field<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Field").field("name", &self.name).finish()
    }
}

impl<T> Field<T> {
    /// A fixed default as a value (`None` for one that follows another field).
    pub fn fixed_default(&self, table: &PricingTable) -> Option<Value> {
        Some(match self.default {
            DefaultValue::TableRegion => Value::Text(table.meta.default_region.clone()),
            DefaultValue::Decimal(d) => Value::Decimal(Decimal::from(d)),
            DefaultValue::Integer(n) => Value::Integer(n),
            DefaultValue::Bool(b) => Value::Bool(b),
            DefaultValue::Text(t) => Value::Text(t.to_owned()),
            DefaultValue::SameAs(_) => return None,
        })
    }

    /// The default in words, for forms, docs and help.
    pub fn default_text(&self) -> String {
        match self.default {
            DefaultValue::TableRegion => "the table's default region".to_owned(),
            DefaultValue::Decimal(d) => d.to_string(),
            DefaultValue::Integer(n) => n.to_string(),
            DefaultValue::Bool(b) => b.to_string(),
            DefaultValue::Text(t) => t.to_owned(),
            DefaultValue::SameAs(other) => format!("the value of {other} (one per AZ)"),
        }
    }

    /// An empty value means "the default" (a default that follows another
    /// field: one per AZ, or `auto`); for every other field it is an error.
    pub fn blank_means_default(&self) -> bool {
        matches!(self.default, DefaultValue::SameAs(_)) || self.kind == FieldKind::InstanceType
    }
}

impl Field {
    /// This field's default for a scenario whose other fields are as given
    /// (`SameAs` defaults follow their field), or `None` when a `SameAs`
    /// target does not exist.
    pub fn default_for(&self, scenario: &Scenario, table: &PricingTable) -> Option<Value> {
        Some(match self.default {
            DefaultValue::TableRegion => Value::Text(table.meta.default_region.clone()),
            DefaultValue::Decimal(d) => Value::Decimal(Decimal::from(d)),
            DefaultValue::Integer(n) => Value::Integer(n),
            DefaultValue::Bool(b) => Value::Bool(b),
            DefaultValue::Text(t) => Value::Text(t.to_owned()),
            DefaultValue::SameAs(other) => (field(other)?.get)(scenario),
        })
    }

    /// True when the field's value in `scenario` is its default there.
    pub fn is_default(&self, scenario: &Scenario, table: &PricingTable) -> bool {
        self.default_for(scenario, table)
            .is_some_and(|d| d == (self.get)(scenario))
    }
}

/// Looks a field up by name.
pub fn field(name: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.name == name)
}

/// The NAT instance types a region can be given: `auto`, then every type
/// the table prices in that region.
pub fn instance_type_choices<'t>(table: &'t PricingTable, region: &str) -> Vec<&'t str> {
    let mut choices = vec![AUTO];
    if let Some(r) = table.region(region) {
        choices.extend(r.instance_hours().iter().map(|(t, _)| t.as_str()));
    }
    choices
}

fn decimal(v: Value) -> Decimal {
    match v {
        Value::Decimal(d) => d,
        _ => Decimal::ZERO,
    }
}

fn integer(v: Value) -> u32 {
    match v {
        Value::Integer(n) => n,
        _ => 0,
    }
}

fn text(v: Value) -> String {
    match v {
        Value::Text(t) => t,
        other => other.to_string(),
    }
}

const fn amount(before: &'static str, after: &'static str) -> Short {
    Short::Amount {
        before,
        after,
        hide_zero: false,
    }
}

/// Every scenario field, in form (and summary) order.
pub const FIELDS: &[Field] = &[
    Field {
        name: "region",
        label: "Region",
        unit: "",
        hint: "AWS region of the workload.",
        kind: FieldKind::Region,
        default: DefaultValue::TableRegion,
        group: Group::Main,
        short: Short::Skip,
        get: |s| Value::Text(s.region.clone()),
        set: |s, v| s.region = text(v),
    },
    Field {
        name: "monthly_gb",
        label: "Monthly traffic",
        unit: "GB/month",
        hint: "All data leaving or entering the tasks' subnets on the egress path, both directions added (1 GB = 10^9 bytes).",
        kind: FieldKind::Decimal {
            min: 0,
            max: 1_000_000_000,
        },
        default: DefaultValue::Decimal(1000),
        group: Group::Main,
        short: amount("", " GB/month"),
        get: |s| Value::Decimal(s.monthly_gb),
        set: |s, v| s.monthly_gb = decimal(v),
    },
    Field {
        name: "s3_percent",
        label: "Share to/from S3",
        unit: "%",
        hint: "Traffic to Amazon S3 in the same region. ECR image layers are S3 traffic.",
        kind: FieldKind::Decimal { min: 0, max: 100 },
        default: DefaultValue::Decimal(0),
        group: Group::Main,
        short: amount("S3 ", "%"),
        get: |s| Value::Decimal(s.s3_percent),
        set: |s, v| s.s3_percent = decimal(v),
    },
    Field {
        name: "aws_percent",
        label: "Share to other AWS APIs",
        unit: "%",
        hint: "ECR API, CloudWatch Logs, Secrets Manager, SSM, STS… traffic an interface endpoint can carry. S3 share + this ≤ 100.",
        kind: FieldKind::Decimal { min: 0, max: 100 },
        default: DefaultValue::Decimal(0),
        group: Group::Main,
        short: amount("AWS APIs ", "%"),
        get: |s| Value::Decimal(s.aws_percent),
        set: |s, v| s.aws_percent = decimal(v),
    },
    Field {
        name: "ipv6_percent",
        label: "Internet traffic reachable over IPv6",
        unit: "%",
        hint: "Of the internet traffic, the share whose destinations speak IPv6: dual-stack tasks can send it through a free egress-only internet gateway.",
        kind: FieldKind::Decimal { min: 0, max: 100 },
        default: DefaultValue::Decimal(0),
        group: Group::Main,
        short: Short::Amount {
            before: "IPv6 ",
            after: "%",
            hide_zero: true,
        },
        get: |s| Value::Decimal(s.ipv6_percent),
        set: |s, v| s.ipv6_percent = decimal(v),
    },
    Field {
        name: "outbound_percent",
        label: "Internet traffic that is outbound",
        unit: "%",
        hint: "Of the internet traffic, the share leaving AWS (billed as data transfer out); inbound is free.",
        kind: FieldKind::Decimal { min: 0, max: 100 },
        default: DefaultValue::Decimal(50),
        group: Group::Main,
        short: amount("outbound ", "%"),
        get: |s| Value::Decimal(s.outbound_percent),
        set: |s, v| s.outbound_percent = decimal(v),
    },
    Field {
        name: "azs",
        label: "Availability Zones",
        unit: "AZs",
        hint: "AZs the tasks run in.",
        kind: FieldKind::Integer { min: 1, max: 6 },
        default: DefaultValue::Integer(2),
        group: Group::Main,
        short: Short::Count {
            one: "AZ",
            many: "AZs",
        },
        get: |s| Value::Integer(s.azs),
        set: |s, v| s.azs = integer(v),
    },
    Field {
        name: "nat_gateways",
        label: "NAT gateways",
        unit: "gateways",
        hint: "Each with one Elastic IP. Blank = one per AZ (resilient); fewer than the AZs adds cross-AZ charges.",
        kind: FieldKind::Integer { min: 1, max: 100 },
        default: DefaultValue::SameAs("azs"),
        group: Group::Advanced,
        short: Short::Count {
            one: "NAT gateway",
            many: "NAT gateways",
        },
        get: |s| Value::Integer(s.nat_gateways),
        set: |s, v| s.nat_gateways = integer(v),
    },
    Field {
        name: "interface_endpoints",
        label: "Interface endpoints",
        unit: "endpoints",
        hint: "A private Fargate task needs ecr.api, ecr.dkr and logs (3), plus secretsmanager / ssm if it uses them. Each is placed in every AZ.",
        kind: FieldKind::Integer { min: 0, max: 100 },
        default: DefaultValue::Integer(3),
        group: Group::Main,
        short: Short::Count {
            one: "interface endpoint",
            many: "interface endpoints",
        },
        get: |s| Value::Integer(s.interface_endpoints),
        set: |s, v| s.interface_endpoints = integer(v),
    },
    Field {
        name: "public_ips",
        label: "Tasks (public IPv4 addresses)",
        unit: "addresses",
        hint: "For the public-subnet option: one public IPv4 address per running task. Set it to your task count.",
        kind: FieldKind::Integer {
            min: 0,
            max: 100_000,
        },
        default: DefaultValue::Integer(2),
        group: Group::Main,
        short: Short::Count {
            one: "public IP",
            many: "public IPs",
        },
        get: |s| Value::Integer(s.public_ips),
        set: |s, v| s.public_ips = integer(v),
    },
    Field {
        name: "peak_gbps",
        label: "Peak bandwidth",
        unit: "Gbps",
        hint: "Peak aggregate bandwidth of the workload, checked against NAT gateway, NAT instance and endpoint ceilings.",
        kind: FieldKind::Decimal {
            min: 0,
            max: 100_000,
        },
        default: DefaultValue::Decimal(1),
        group: Group::Main,
        short: amount("peak ", " Gbps"),
        get: |s| Value::Decimal(s.peak_gbps),
        set: |s, v| s.peak_gbps = decimal(v),
    },
    Field {
        name: "nat_instance_type",
        label: "NAT instance type",
        unit: "",
        hint: "EC2 type of the NAT instances (fck-nat style), or auto: the cheapest type whose sustained bandwidth carries the peak.",
        kind: FieldKind::InstanceType,
        default: DefaultValue::Text(AUTO),
        group: Group::Main,
        short: Short::Skip,
        get: |s| Value::Text(s.nat_instance_type.clone()),
        set: |s, v| s.nat_instance_type = text(v),
    },
    Field {
        name: "nat_instances",
        label: "NAT instances",
        unit: "instances",
        hint: "NAT instances in the NAT-instance option. Blank = one per AZ (resilient); fewer than the AZs adds cross-AZ charges.",
        kind: FieldKind::Integer { min: 1, max: 100 },
        default: DefaultValue::SameAs("azs"),
        group: Group::Advanced,
        short: Short::Skip,
        get: |s| Value::Integer(s.nat_instances),
        set: |s, v| s.nat_instances = integer(v),
    },
    Field {
        name: "hours",
        label: "Billed hours in the month",
        unit: "hours",
        hint: "The AWS Pricing Calculator uses 730 (365 × 24 / 12).",
        kind: FieldKind::Integer { min: 1, max: 744 },
        default: DefaultValue::Integer(730),
        group: Group::Advanced,
        short: amount("", " h"),
        get: |s| Value::Integer(s.hours),
        set: |s, v| s.hours = integer(v),
    },
    Field {
        name: "dto_free_tier",
        label: "Subtract the 100 GB free data transfer out",
        unit: "",
        hint: "AWS's free 100 GB/month is account-wide, so it is off by default.",
        kind: FieldKind::Bool,
        default: DefaultValue::Bool(false),
        group: Group::Advanced,
        short: Short::Skip,
        get: |s| Value::Bool(s.dto_free_tier),
        set: |s, v| s.dto_free_tier = matches!(v, Value::Bool(true)),
    },
];
