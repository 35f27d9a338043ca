//! The one definition of every scenario field: name, kind and range, unit,
//! default (including defaults that follow another field), label, hint, form
//! group, its short form in the summary line, and how to read and write it
//! on a [`Scenario`]. Parsing, defaults, permalinks, ETags, the OpenAPI
//! schema, the form, the CLI's help and the summary line are all derived
//! from this table; a new field is one entry here and one member of `Scenario`.

use super::{AUTO, Scenario};
use crate::money::PlainText;
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
    /// An option id (`nat_gateway`, …), or empty for none. The engine knows the options: it
    /// refuses an id that names none of them.
    OptionId,
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
    /// Under "Requirements": what the answer must meet, not what it costs.
    Requirements,
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

impl Value {
    /// Hands `write` the value's text as a query string or JSON string carries it, put
    /// together without `fmt`'s machinery (a permalink writes about eight values).
    pub fn with_text<R>(&self, write: impl FnOnce(&str) -> R) -> R {
        match self {
            Value::Text(text) => write(text),
            Value::Decimal(d) => write(PlainText::of(*d).as_str()),
            Value::Integer(n) => write(itoa::Buffer::new().format(*n)),
            Value::Bool(b) => write(if *b { "true" } else { "false" }),
        }
    }
}

impl fmt::Display for Value {
    /// The value as a query string or JSON string carries it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_text(|text| f.write_str(text))
    }
}

// A field's value from and into the member that stores it: a setter is only
// given a value of its field's kind, so the other kinds never reach these.

impl From<&String> for Value {
    fn from(text: &String) -> Value {
        Value::Text(text.clone())
    }
}

impl From<&Decimal> for Value {
    fn from(d: &Decimal) -> Value {
        Value::Decimal(*d)
    }
}

impl From<&u32> for Value {
    fn from(n: &u32) -> Value {
        Value::Integer(*n)
    }
}

impl From<&bool> for Value {
    fn from(b: &bool) -> Value {
        Value::Bool(*b)
    }
}

impl From<Value> for String {
    fn from(v: Value) -> String {
        match v {
            Value::Text(t) => t,
            other => other.to_string(),
        }
    }
}

impl From<Value> for Decimal {
    fn from(v: Value) -> Decimal {
        match v {
            Value::Decimal(d) => d,
            _ => Decimal::ZERO,
        }
    }
}

impl From<Value> for u32 {
    fn from(v: Value) -> u32 {
        match v {
            Value::Integer(n) => n,
            _ => 0,
        }
    }
}

impl From<Value> for bool {
    fn from(v: Value) -> bool {
        matches!(v, Value::Bool(true))
    }
}

/// A field of the record `$record` stored in its member of the same name:
/// the name and both accessors come from that one member, e.g.
/// `member!(Scenario, azs, "Availability Zones", whole(1, 6))`.
macro_rules! member {
    ($record:ty, $member:ident, $label:expr, $kind:expr) => {
        $crate::scenario::field_of::<$record>(
            stringify!($member),
            $label,
            $kind,
            |r| $crate::scenario::Value::from(&r.$member),
            |r, v| r.$member = v.into(),
        )
    };
}
pub(crate) use member;

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
        matches!(self.default, DefaultValue::SameAs(_))
            || matches!(self.kind, FieldKind::InstanceType | FieldKind::OptionId)
    }
}

impl Field {
    /// This field's default for a scenario whose other fields are as given
    /// (`SameAs` defaults follow their field), or `None` when a `SameAs`
    /// target does not exist.
    pub fn default_for(&self, scenario: &Scenario, table: &PricingTable) -> Option<Value> {
        match self.default {
            DefaultValue::SameAs(other) => Some((field(other)?.get)(scenario)),
            _ => self.fixed_default(table),
        }
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

/// A field with nothing but its name, label, kind and accessors (its
/// default zero, or false for a yes-or-no field); the methods below add the
/// rest, so each table entry says only what is its own.
pub const fn field_of<T>(
    name: &'static str,
    label: &'static str,
    kind: FieldKind,
    get: fn(&T) -> Value,
    set: fn(&mut T, Value),
) -> Field<T> {
    Field {
        name,
        label,
        unit: "",
        hint: "",
        kind,
        default: match kind {
            FieldKind::Bool => DefaultValue::Bool(false),
            _ => DefaultValue::Decimal(0),
        },
        group: Group::Main,
        short: Short::Skip,
        get,
        set,
    }
}

impl<T> Field<T> {
    /// With this unit.
    pub const fn unit(self, unit: &'static str) -> Self {
        Field { unit, ..self }
    }

    /// With this hint.
    pub const fn hint(self, hint: &'static str) -> Self {
        Field { hint, ..self }
    }

    /// With this default.
    pub const fn default_to(self, default: DefaultValue) -> Self {
        Field { default, ..self }
    }

    /// Under the form's "Advanced".
    /// Shown under "Requirements".
    pub const fn requirement(self) -> Self {
        Field {
            group: Group::Requirements,
            ..self
        }
    }

    /// Shown under "Advanced".
    pub const fn advanced(self) -> Self {
        Field {
            group: Group::Advanced,
            ..self
        }
    }

    /// Shown so in the summary line.
    pub const fn summary(self, short: Short) -> Self {
        Field { short, ..self }
    }
}

/// A decimal from 0 to `max`.
pub const fn up_to(max: u32) -> FieldKind {
    FieldKind::Decimal { min: 0, max }
}

/// A whole number from `min` to `max`.
pub const fn whole(min: u32, max: u32) -> FieldKind {
    FieldKind::Integer { min, max }
}

/// `{n} {one|many}` in the summary line.
const fn count(one: &'static str, many: &'static str) -> Short {
    Short::Count { one, many }
}

const fn amount(before: &'static str, after: &'static str) -> Short {
    Short::Amount {
        before,
        after,
        hide_zero: false,
    }
}

/// A scenario field (see [`member!`]).
macro_rules! input {
    ($member:ident, $label:expr, $kind:expr) => {
        member!(Scenario, $member, $label, $kind)
    };
}

/// The share of internet traffic taken as outbound when none is given or measured.
pub const OUTBOUND_PERCENT_DEFAULT: u32 = 50;

/// Every scenario field, in form (and summary) order.
pub const FIELDS: &[Field] = &[
    input!(region, "Region", FieldKind::Region)
        .hint("AWS region of the workload.")
        .default_to(DefaultValue::TableRegion),
    input!(monthly_gb, "Monthly traffic", up_to(1_000_000_000))
        .unit("GB/month")
        .hint("All data leaving or entering the tasks' subnets on the egress path, both directions added (1 GB = 10^9 bytes).")
        .default_to(DefaultValue::Decimal(1000))
        .summary(amount("", " GB/month")),
    input!(s3_percent, "Share to/from S3", up_to(100))
        .unit("%")
        .hint("Traffic to Amazon S3 in the same region. ECR image layers are S3 traffic.")
        .summary(amount("S3 ", "%")),
    input!(aws_percent, "Share to other AWS APIs", up_to(100))
        .unit("%")
        .hint("ECR API, CloudWatch Logs, Secrets Manager, SSM, STS… traffic an interface endpoint can carry. S3 share + this ≤ 100.")
        .summary(amount("AWS APIs ", "%")),
    input!(ipv6_percent, "Internet traffic reachable over IPv6", up_to(100))
        .unit("%")
        .hint("Of the internet traffic, the share whose destinations speak IPv6: dual-stack tasks can send it through a free egress-only internet gateway.")
        .summary(Short::Amount { before: "IPv6 ", after: "%", hide_zero: true }),
    input!(outbound_percent, "Internet traffic that is outbound", up_to(100))
        .unit("%")
        .hint("Of the internet traffic, the share leaving AWS (billed as data transfer out); inbound is free.")
        .default_to(DefaultValue::Decimal(OUTBOUND_PERCENT_DEFAULT))
        .summary(amount("outbound ", "%")),
    input!(azs, "Availability Zones", whole(1, 6))
        .unit("AZs")
        .hint("AZs the tasks run in.")
        .default_to(DefaultValue::Integer(2))
        .summary(count("AZ", "AZs")),
    input!(nat_gateways, "NAT gateways", whole(1, 100))
        .unit("gateways")
        .hint("Each with one Elastic IP. Blank = one per AZ (resilient); fewer than the AZs adds cross-AZ charges.")
        .default_to(DefaultValue::SameAs("azs"))
        .summary(count("NAT gateway", "NAT gateways")),
    input!(interface_endpoints, "Interface endpoints", whole(0, 100))
        .unit("endpoints")
        .hint("A private Fargate task needs ecr.api, ecr.dkr and logs (3), plus secretsmanager / ssm if it uses them. Each is placed in every AZ.")
        .default_to(DefaultValue::Integer(3))
        .summary(count("interface endpoint", "interface endpoints")),
    input!(public_ips, "Tasks with a public IPv4 address", whole(0, 100_000))
        .unit("tasks")
        .hint("For the public-subnet option: one public IPv4 address per running task. Set it to your task count.")
        .default_to(DefaultValue::Integer(2))
        .summary(count("public IP", "public IPs")),
    input!(peak_gbps, "Peak bandwidth", up_to(100_000))
        .unit("Gbps")
        .hint("Peak aggregate bandwidth of the workload, checked against NAT gateway, NAT instance and endpoint ceilings.")
        .default_to(DefaultValue::Decimal(1))
        .summary(amount("peak ", " Gbps")),
    input!(nat_instance_type, "NAT instance type", FieldKind::InstanceType)
        .hint("EC2 type of the NAT instances (fck-nat style), or auto: the cheapest type whose sustained bandwidth carries the peak.")
        .default_to(DefaultValue::Text(AUTO)),
    input!(nat_instances, "NAT instances", whole(1, 100))
        .unit("instances")
        .hint("NAT instances in the NAT-instance option. Blank = one per AZ (resilient); fewer than the AZs adds cross-AZ charges.")
        .default_to(DefaultValue::SameAs("azs"))
        .advanced(),
    input!(shared_vpcs, "VPCs sharing the central egress VPC", whole(1, 1000))
        .unit("VPCs")
        .hint("For the centralized-egress option: VPCs (this one included) attached to one shared egress VPC through a Transit Gateway. Its NAT gateways, their addresses and its attachment are split evenly among them.")
        .default_to(DefaultValue::Integer(1))
        .advanced(),
    input!(hours, "Billed hours in the month", whole(1, 744))
        .unit("hours")
        .hint("The AWS Pricing Calculator uses 730 (365 × 24 / 12).")
        .default_to(DefaultValue::Integer(730))
        .advanced()
        .summary(amount("", " h")),
    input!(dto_free_tier, "Subtract the 100 GB free data transfer out", FieldKind::Bool)
        .hint("AWS's free 100 GB/month is account-wide, so it is off by default.")
        .advanced(),
    input!(current, "Architecture in place today", FieldKind::OptionId)
        .hint("The option running today, if any: every option then says what moving to it saves a month and a year.")
        .default_to(DefaultValue::Text("")),
    input!(sensitive, "Sensitive: no task may have a public address", FieldKind::Bool)
        .hint("Options that give tasks a public IPv4 address are marked as not meeting it, and the answer is the cheapest option that does.")
        .requirement(),
    input!(survive_az_loss, "Egress must survive the loss of one AZ", FieldKind::Bool)
        .hint("Options where an AZ failure cuts egress in other AZs (a NAT shared across AZs, a single NAT instance) are marked as not meeting it. Needs at least 2 AZs.")
        .requirement(),
];
