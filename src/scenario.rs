//! The scenario a user describes (the contract's inputs), the table of its
//! fields (names, units, ranges, defaults, hints) and the one parser that every
//! input path uses: JSON bodies, query strings and HTML forms. A [`Scenario`]
//! only exists once every field is in range, so the engine never re-checks.

use crate::pricing::PricingTable;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// Longest text accepted for one value; longer input is an error, not a truncation.
pub const MAX_VALUE_LEN: usize = 64;

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
}

/// One input field: the single description used by the parser, the form, the
/// error messages and the API documentation.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// Name in JSON, query strings and forms.
    pub name: &'static str,
    /// Form label.
    pub label: &'static str,
    /// Unit shown beside the value.
    pub unit: &'static str,
    /// One-line hint for the form and the API docs.
    pub hint: &'static str,
    /// Value kind and range.
    pub kind: FieldKind,
    /// Default, as text (empty: derived, see the hint).
    pub default: &'static str,
    /// Shown in the form's "Advanced" group.
    pub advanced: bool,
}

/// Every scenario field, in form order.
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "region",
        label: "Region",
        unit: "",
        hint: "AWS region of the workload.",
        kind: FieldKind::Region,
        default: "us-east-1",
        advanced: false,
    },
    FieldSpec {
        name: "monthly_gb",
        label: "Monthly traffic",
        unit: "GB/month",
        hint: "All data leaving or entering the tasks' subnets on the egress path, both directions added (1 GB = 10^9 bytes).",
        kind: FieldKind::Decimal {
            min: 0,
            max: 1_000_000_000,
        },
        default: "1000",
        advanced: false,
    },
    FieldSpec {
        name: "s3_percent",
        label: "Share to/from S3",
        unit: "%",
        hint: "Traffic to Amazon S3 in the same region. ECR image layers are S3 traffic.",
        kind: FieldKind::Decimal { min: 0, max: 100 },
        default: "0",
        advanced: false,
    },
    FieldSpec {
        name: "aws_percent",
        label: "Share to other AWS APIs",
        unit: "%",
        hint: "ECR API, CloudWatch Logs, Secrets Manager, SSM, STS… traffic an interface endpoint can carry. S3 share + this ≤ 100.",
        kind: FieldKind::Decimal { min: 0, max: 100 },
        default: "0",
        advanced: false,
    },
    FieldSpec {
        name: "outbound_percent",
        label: "Internet traffic that is outbound",
        unit: "%",
        hint: "Of the remaining internet traffic, the share leaving AWS (billed as data transfer out); inbound is free.",
        kind: FieldKind::Decimal { min: 0, max: 100 },
        default: "50",
        advanced: false,
    },
    FieldSpec {
        name: "interface_endpoints",
        label: "Interface endpoints",
        unit: "endpoints",
        hint: "A private Fargate task needs ecr.api, ecr.dkr and logs (3), plus secretsmanager / ssm if it uses them. Each is placed in every AZ.",
        kind: FieldKind::Integer { min: 0, max: 100 },
        default: "3",
        advanced: false,
    },
    FieldSpec {
        name: "azs",
        label: "Availability Zones",
        unit: "AZs",
        hint: "AZs the tasks run in.",
        kind: FieldKind::Integer { min: 1, max: 6 },
        default: "2",
        advanced: false,
    },
    FieldSpec {
        name: "public_ips",
        label: "Public IPv4 addresses",
        unit: "addresses",
        hint: "For the public-subnet option: one per running task.",
        kind: FieldKind::Integer {
            min: 0,
            max: 100_000,
        },
        default: "2",
        advanced: false,
    },
    FieldSpec {
        name: "peak_gbps",
        label: "Peak bandwidth",
        unit: "Gbps",
        hint: "Peak aggregate bandwidth of the workload, checked against NAT gateway and endpoint ceilings.",
        kind: FieldKind::Decimal {
            min: 0,
            max: 100_000,
        },
        default: "1",
        advanced: false,
    },
    FieldSpec {
        name: "nat_gateways",
        label: "NAT gateways",
        unit: "gateways",
        hint: "Each with one Elastic IP. Blank = one per AZ (resilient); fewer than the AZs adds cross-AZ charges.",
        kind: FieldKind::Integer { min: 1, max: 100 },
        default: "",
        advanced: true,
    },
    FieldSpec {
        name: "hours",
        label: "Billed hours in the month",
        unit: "hours",
        hint: "The AWS Pricing Calculator uses 730 (365 × 24 / 12).",
        kind: FieldKind::Integer { min: 1, max: 744 },
        default: "730",
        advanced: true,
    },
    FieldSpec {
        name: "dto_free_tier",
        label: "Subtract the 100 GB free data transfer out",
        unit: "",
        hint: "AWS's free 100 GB/month is account-wide, so it is off by default.",
        kind: FieldKind::Bool,
        default: "false",
        advanced: true,
    },
];

/// Looks a field up by name.
pub fn field(name: &str) -> Option<&'static FieldSpec> {
    FIELDS.iter().find(|f| f.name == name)
}

/// Bad input, naming the field (or `None` when no single field is at fault).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FieldError {
    /// The offending field.
    pub field: Option<String>,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl FieldError {
    /// An error about one field.
    pub fn new(field: &str, message: impl Into<String>) -> FieldError {
        FieldError {
            field: Some(field.to_owned()),
            message: message.into(),
        }
    }

    /// An error about the input as a whole.
    pub fn general(message: impl Into<String>) -> FieldError {
        FieldError {
            field: None,
            message: message.into(),
        }
    }
}

/// One value as it arrived.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    /// Text from a query string or a form.
    Text(&'a str),
    /// A JSON value, still in its source text so numbers keep every digit.
    Json(&'a RawValue),
}

/// How empty text values are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Empty {
    /// An empty value is an error (the API: a typo must not become a default).
    Reject,
    /// An empty value means "use the default" (HTML forms leave fields blank).
    Default,
}

/// A valid scenario: every field present and in range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
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
    /// Share of internet traffic that leaves AWS, 0–100.
    #[serde(serialize_with = "crate::money::plain")]
    pub outbound_percent: Decimal,
    /// Interface endpoints, each in every AZ.
    pub interface_endpoints: u32,
    /// Availability Zones.
    pub azs: u32,
    /// NAT gateways.
    pub nat_gateways: u32,
    /// Public IPv4 addresses for the public-subnet option.
    pub public_ips: u32,
    /// Peak aggregate bandwidth, Gbps.
    #[serde(serialize_with = "crate::money::plain")]
    pub peak_gbps: Decimal,
    /// Billed hours in the month.
    pub hours: u32,
    /// Subtract the 100 GB free data transfer out.
    pub dto_free_tier: bool,
}

enum Value {
    Region(String),
    Decimal(Decimal),
    Integer(u32),
    Bool(bool),
}

fn range_text(spec: &FieldSpec) -> String {
    let unit = if spec.unit.is_empty() {
        String::new()
    } else {
        format!(" ({})", spec.unit)
    };
    match spec.kind {
        FieldKind::Decimal { min, max } => format!("a number from {min} to {max}{unit}"),
        FieldKind::Integer { min, max } => format!("a whole number from {min} to {max}{unit}"),
        FieldKind::Bool => "true or false".to_owned(),
        FieldKind::Region => "a region code".to_owned(),
    }
}

/// Quotes user text for a message, shortened so an error never echoes a huge value.
fn shown(text: &str) -> String {
    let short: String = text.chars().take(24).collect();
    if short.len() < text.len() {
        format!("{short:?}…")
    } else {
        format!("{short:?}")
    }
}

fn bad(spec: &FieldSpec, got: &str) -> FieldError {
    FieldError::new(
        spec.name,
        format!(
            "{} must be {}; got {}",
            spec.name,
            range_text(spec),
            shown(got)
        ),
    )
}

/// Most fraction digits a decimal given as text may have.
pub const MAX_FRACTION_DIGITS: usize = 10;

/// Reads a decimal given as text (a query string, a form, a JSON string):
/// digits, optionally a point and 1 to [`MAX_FRACTION_DIGITS`] digits, no
/// sign, no exponent, no leading zeros, at most as many integer digits as
/// `max` has. Exactly the strings [`decimal_pattern`] describes, so the
/// published schema and the parser agree.
fn decimal_text(text: &str, max: u32) -> Option<Decimal> {
    let (int, frac) = match text.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (text, None),
    };
    let int_ok = !int.is_empty()
        && int.len() <= digit_count(max)
        && int.bytes().all(|b| b.is_ascii_digit())
        && (int == "0" || !int.starts_with('0'));
    let frac_ok = frac.is_none_or(|f| {
        !f.is_empty() && f.len() <= MAX_FRACTION_DIGITS && f.bytes().all(|b| b.is_ascii_digit())
    });
    if !(int_ok && frac_ok) {
        return None;
    }
    Decimal::from_str_exact(text).ok()
}

/// How many decimal digits `n` has.
fn digit_count(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// The regular expression of the decimal text [`decimal_text`] accepts for a
/// field whose maximum is `max` (a power of ten), for the API documentation.
pub fn decimal_pattern(max: u32) -> String {
    let digits = max.to_string().len();
    format!(
        "^(?:{max}(?:\\.0{{1,{MAX_FRACTION_DIGITS}}})?|(?:0|[1-9][0-9]{{0,{}}})(?:\\.[0-9]{{1,{MAX_FRACTION_DIGITS}}})?)$",
        digits - 2
    )
}

/// Reads a JSON number (already checked to be one by the JSON parser),
/// exponents included: `5000`, `12.5`, `1.5e3`, `1e-300`. Digits beyond what a
/// decimal holds are rounded; a value too large for one is `None`.
fn json_number(text: &str) -> Option<Decimal> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], text[i + 1..].parse::<i64>().ok()?),
        None => (text, 0),
    };
    let mut value = mantissa.parse::<Decimal>().ok()?;
    if value.is_zero() {
        return Some(Decimal::ZERO);
    }
    if exponent > 0 {
        // Past 10^40 every value is far out of every range.
        if exponent > 40 {
            return None;
        }
        for _ in 0..exponent {
            value = value.checked_mul(Decimal::TEN)?;
        }
    } else {
        // Each division rounds at 28 places; past 60 the value is zero.
        for _ in 0..(-exponent).min(60) {
            value /= Decimal::TEN;
        }
    }
    Some(if value.is_zero() {
        Decimal::ZERO
    } else {
        value
    })
}

fn parse_value(
    spec: &FieldSpec,
    input: Input<'_>,
    table: &PricingTable,
) -> Result<Value, FieldError> {
    // Turn JSON into the text the field kind reads, enforcing JSON types:
    // decimals take numbers or strings, integers take integers, booleans booleans.
    let owned;
    let (text, json_kind) = match input {
        Input::Text(text) => (text, None),
        Input::Json(raw) => {
            let src = raw.get();
            match src.as_bytes().first() {
                Some(b'"') => {
                    owned = serde_json::from_str::<String>(src).map_err(|_| bad(spec, src))?;
                    (owned.as_str(), Some("string"))
                }
                Some(b'-' | b'0'..=b'9') => (src, Some("number")),
                Some(b't' | b'f') => (src, Some("boolean")),
                Some(b'n') => (src, Some("null")),
                Some(b'[') => (src, Some("array")),
                _ => (src, Some("object")),
            }
        }
    };
    let wrong_type = |expected: &str, got: &str| {
        FieldError::new(
            spec.name,
            format!("{} must be {expected}; got a JSON {got}", spec.name),
        )
    };
    match spec.kind {
        FieldKind::Region => {
            if let Some(kind) = json_kind.filter(|k| *k != "string") {
                return Err(wrong_type("a region code as a string", kind));
            }
            match table.region(text) {
                Some(region) => Ok(Value::Region(region.code.clone())),
                None => {
                    let codes: Vec<&str> = table.regions.iter().map(|r| r.code.as_str()).collect();
                    Err(FieldError::new(
                        spec.name,
                        format!(
                            "unknown region {}; the pricing table has {}",
                            shown(text),
                            codes.join(", ")
                        ),
                    ))
                }
            }
        }
        FieldKind::Decimal { min, max } => {
            if let Some(kind) = json_kind.filter(|k| *k != "string" && *k != "number") {
                return Err(wrong_type(
                    &format!("{} (a JSON number or decimal string)", range_text(spec)),
                    kind,
                ));
            }
            let value = match json_kind {
                Some("number") => json_number(text),
                _ => decimal_text(text, max),
            }
            .ok_or_else(|| bad(spec, text))?;
            if value < Decimal::from(min) || value > Decimal::from(max) {
                return Err(bad(spec, text));
            }
            Ok(Value::Decimal(value))
        }
        FieldKind::Integer { min, max } => {
            if let Some(kind) = json_kind.filter(|k| *k != "number") {
                return Err(wrong_type(&range_text(spec), kind));
            }
            let value = if json_kind == Some("number") {
                // JSON Schema's integers include 2.0; nothing with a real
                // fraction, however small, is one (so no rounding here).
                let whole = match text.split_once('.') {
                    Some((int, frac)) if !frac.is_empty() && frac.bytes().all(|b| b == b'0') => int,
                    Some(_) => "",
                    None => text,
                };
                let digits = !whole.is_empty()
                    && whole.len() <= MAX_VALUE_LEN
                    && whole.bytes().all(|b| b.is_ascii_digit());
                digits.then(|| whole.parse::<u32>().ok()).flatten()
            } else {
                let digits = !text.is_empty()
                    && text.len() <= MAX_VALUE_LEN
                    && text.bytes().all(|b| b.is_ascii_digit());
                digits.then(|| text.parse::<u32>().ok()).flatten()
            }
            .ok_or_else(|| bad(spec, text))?;
            if value < min || value > max {
                return Err(bad(spec, text));
            }
            Ok(Value::Integer(value))
        }
        FieldKind::Bool => {
            if let Some(kind) = json_kind.filter(|k| *k != "boolean") {
                return Err(wrong_type("true or false", kind));
            }
            match text {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err(bad(spec, text)),
            }
        }
    }
}

/// The scenario in one line for people, as the results page and the
/// Markdown summary show it: `12,000 GB/month · S3 25% · AWS APIs 5% ·
/// outbound 30% · 3 AZs · 1 NAT gateway · 4 interface endpoints · 6 public
/// IPs · peak 3 Gbps · 730 h`.
pub struct Summary<'a>(pub &'a Scenario);

impl std::fmt::Display for Summary<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::money::human;
        let s = self.0;
        let count = |f: &mut std::fmt::Formatter<'_>, n: u32, what: &str| {
            write!(f, " · {n} {what}{}", if n == 1 { "" } else { "s" })
        };
        write!(
            f,
            "{} GB/month · S3 {}% · AWS APIs {}% · outbound {}%",
            human(s.monthly_gb),
            human(s.s3_percent),
            human(s.aws_percent),
            human(s.outbound_percent)
        )?;
        count(f, s.azs, "AZ")?;
        count(f, s.nat_gateways, "NAT gateway")?;
        count(f, s.interface_endpoints, "interface endpoint")?;
        count(f, s.public_ips, "public IP")?;
        write!(f, " · peak {} Gbps · {} h", human(s.peak_gbps), s.hours)
    }
}

impl Scenario {
    /// Parses named values against `table`. Unknown and repeated names are
    /// errors; omitted fields take their defaults.
    pub fn parse<'a>(
        fields: impl IntoIterator<Item = (&'a str, Input<'a>)>,
        table: &PricingTable,
        empty: Empty,
    ) -> Result<Scenario, FieldError> {
        let mut values: [Option<Value>; FIELDS.len()] = Default::default();
        for (name, input) in fields {
            let Some(index) = FIELDS.iter().position(|f| f.name == name) else {
                let known: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
                return Err(FieldError::new(
                    name.char_indices()
                        .nth(64)
                        .map_or(name, |(i, _)| &name[..i]),
                    format!(
                        "unknown field {}; the fields are {}",
                        shown(name),
                        known.join(", ")
                    ),
                ));
            };
            let spec = &FIELDS[index];
            if values[index].is_some() {
                return Err(FieldError::new(
                    spec.name,
                    format!("{} is given more than once", spec.name),
                ));
            }
            if let Input::Text("") = input {
                match empty {
                    Empty::Default => continue,
                    Empty::Reject => return Err(bad(spec, "")),
                }
            }
            values[index] = Some(parse_value(spec, input, table)?);
        }
        Self::from_values(values, table)
    }

    fn from_values(
        values: [Option<Value>; FIELDS.len()],
        table: &PricingTable,
    ) -> Result<Scenario, FieldError> {
        let [
            region,
            monthly_gb,
            s3,
            aws,
            outbound,
            endpoints,
            azs,
            public_ips,
            peak,
            nat,
            hours,
            free,
        ] = values;
        let dec = |v: Option<Value>, default: u32| match v {
            Some(Value::Decimal(d)) => d,
            _ => Decimal::from(default),
        };
        let int = |v: Option<Value>, default: u32| match v {
            Some(Value::Integer(i)) => i,
            _ => default,
        };
        let azs = int(azs, 2);
        let scenario = Scenario {
            region: match region {
                Some(Value::Region(code)) => code,
                _ => table.meta.default_region.clone(),
            },
            monthly_gb: dec(monthly_gb, 1000),
            s3_percent: dec(s3, 0),
            aws_percent: dec(aws, 0),
            outbound_percent: dec(outbound, 50),
            interface_endpoints: int(endpoints, 3),
            azs,
            public_ips: int(public_ips, 2),
            peak_gbps: dec(peak, 1),
            nat_gateways: int(nat, azs),
            hours: int(hours, 730),
            dto_free_tier: matches!(free, Some(Value::Bool(true))),
        };
        if scenario.s3_percent + scenario.aws_percent > Decimal::ONE_HUNDRED {
            return Err(FieldError::new(
                "aws_percent",
                format!(
                    "s3_percent + aws_percent must be at most 100; got {} + {} = {}",
                    scenario.s3_percent,
                    scenario.aws_percent,
                    scenario.s3_percent + scenario.aws_percent
                ),
            ));
        }
        Ok(scenario)
    }

    /// Parses a JSON object body.
    pub fn from_json(body: &[u8], table: &PricingTable) -> Result<Scenario, FieldError> {
        let fields = json_object(body)?;
        Scenario::parse(
            fields.iter().map(|(k, v)| (k.as_str(), Input::Json(v))),
            table,
            Empty::Reject,
        )
    }

    /// Parses an `application/x-www-form-urlencoded` string (query or form body).
    pub fn from_query(
        query: &str,
        table: &PricingTable,
        empty: Empty,
    ) -> Result<Scenario, FieldError> {
        let pairs = query_pairs(query);
        Scenario::parse(
            pairs
                .iter()
                .map(|(k, v)| (k.as_ref(), Input::Text(v.as_ref()))),
            table,
            empty,
        )
    }

    /// The scenario as a short query string: the region, then every field
    /// that differs from its contract default (the defaults are part of the
    /// contract, so a permalink keeps its meaning).
    pub fn to_query(&self) -> String {
        let mut q = String::with_capacity(160);
        q.push_str("region=");
        q.push_str(&self.region);
        // One buffer for every value: this runs for every image's ETag.
        let mut value = String::with_capacity(40);
        for spec in &FIELDS[1..] {
            value.clear();
            self.write_value(spec.name, &mut value);
            let is_default = if spec.name == "nat_gateways" {
                self.nat_gateways == self.azs
            } else {
                value == spec.default
            };
            if !is_default {
                q.push('&');
                q.push_str(spec.name);
                q.push('=');
                q.push_str(&value);
            }
        }
        q
    }

    /// Feeds every field, exactly as represented, to `hasher`: a cheap key for
    /// validators such as ETags. Equal values written differently (`1` and
    /// `1.0`) feed different bytes, so this is not a `Hash` implementation
    /// (that must agree with equality); for an ETag it only costs a cache miss.
    pub fn fingerprint(&self, hasher: &mut impl std::hash::Hasher) {
        hasher.write(self.region.as_bytes());
        for value in [
            self.monthly_gb,
            self.s3_percent,
            self.aws_percent,
            self.outbound_percent,
            self.peak_gbps,
        ] {
            hasher.write(&value.serialize());
        }
        for value in [
            self.interface_endpoints,
            self.azs,
            self.nat_gateways,
            self.public_ips,
            self.hours,
        ] {
            hasher.write_u32(value);
        }
        hasher.write_u8(u8::from(self.dto_free_tier));
    }

    /// The scenario in one line for people (see [`Summary`]).
    pub fn summary(&self) -> Summary<'_> {
        Summary(self)
    }

    /// The value of a field as text, for re-filling a form.
    pub fn value_text(&self, name: &str) -> String {
        let mut text = String::new();
        self.write_value(name, &mut text);
        text
    }

    fn write_value(&self, name: &str, out: &mut String) {
        let decimal = |value: Decimal, out: &mut String| {
            let _ = crate::money::write_plain(value, out);
        };
        let integer = |value: u32, out: &mut String| {
            out.push_str(itoa::Buffer::new().format(value));
        };
        match name {
            "region" => out.push_str(&self.region),
            "monthly_gb" => decimal(self.monthly_gb, out),
            "s3_percent" => decimal(self.s3_percent, out),
            "aws_percent" => decimal(self.aws_percent, out),
            "outbound_percent" => decimal(self.outbound_percent, out),
            "interface_endpoints" => integer(self.interface_endpoints, out),
            "azs" => integer(self.azs, out),
            "nat_gateways" => integer(self.nat_gateways, out),
            "public_ips" => integer(self.public_ips, out),
            "peak_gbps" => decimal(self.peak_gbps, out),
            "hours" => integer(self.hours, out),
            "dto_free_tier" => out.push_str(if self.dto_free_tier { "true" } else { "false" }),
            _ => {}
        }
    }
}

/// Splits a query string into decoded pairs. Invalid percent-encoding and
/// invalid UTF-8 decode to U+FFFD, which no field accepts, so they are reported
/// against their field rather than dropped.
/// Pairs borrow from the query string unless decoding changed them.
pub fn query_pairs(query: &str) -> QueryPairs<'_> {
    form_urlencoded::parse(query.as_bytes()).collect()
}

/// Decoded `name=value` pairs of a query string, in order.
pub type QueryPairs<'q> = Vec<(Cow<'q, str>, Cow<'q, str>)>;

/// Reads a JSON object into its members, keeping each value's source text and
/// the members' order, so repeated names can be reported.
fn json_object(body: &[u8]) -> Result<Vec<(String, &RawValue)>, FieldError> {
    use serde::de::{Deserializer, MapAccess, Visitor};
    struct Members;
    impl<'de> Visitor<'de> for Members {
        type Value = Vec<(String, &'de RawValue)>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object of scenario fields")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some((key, value)) = map.next_entry::<String, &'de RawValue>()? {
                out.push((key, value));
            }
            Ok(out)
        }
    }
    let text = std::str::from_utf8(body)
        .map_err(|_| FieldError::general("the request body is not valid UTF-8"))?;
    let mut de = serde_json::Deserializer::from_str(text);
    let members = de
        .deserialize_map(Members)
        .and_then(|m| de.end().map(|()| m))
        .map_err(|e| {
            FieldError::general(format!("the request body is not a valid JSON object: {e}"))
        })?;
    Ok(members)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_line_groups_numbers_and_pluralises_counts() {
        let table = PricingTable::bundled().unwrap();
        let london = Scenario::from_query(
            "region=eu-west-2&monthly_gb=12000&s3_percent=25&aws_percent=5&outbound_percent=30&interface_endpoints=4&azs=3&nat_gateways=1&public_ips=6&peak_gbps=3",
            &table,
            Empty::Reject,
        )
        .unwrap();
        assert_eq!(
            london.summary().to_string(),
            "12,000 GB/month · S3 25% · AWS APIs 5% · outbound 30% · 3 AZs · 1 NAT gateway · 4 interface endpoints · 6 public IPs · peak 3 Gbps · 730 h"
        );
        let single = Scenario::from_query(
            "monthly_gb=0.5&azs=1&interface_endpoints=1&public_ips=1&peak_gbps=0.25&hours=1",
            &table,
            Empty::Reject,
        )
        .unwrap();
        // nat_gateways defaults to one per AZ: 1. outbound defaults to 50.
        assert_eq!(
            single.summary().to_string(),
            "0.5 GB/month · S3 0% · AWS APIs 0% · outbound 50% · 1 AZ · 1 NAT gateway · 1 interface endpoint · 1 public IP · peak 0.25 Gbps · 1 h"
        );
    }

    #[test]
    fn decimal_text_is_plain_digits_within_the_integer_width() {
        assert_eq!(decimal_text("12.5", 100), Some(Decimal::new(125, 1)));
        assert_eq!(decimal_text("0", 100), Some(Decimal::ZERO));
        assert_eq!(decimal_text("100.0", 100), Some(Decimal::ONE_HUNDRED));
        for bad in [
            "",
            " 5",
            "5 ",
            "-1",
            "+5",
            "1e2",
            "05",
            ".5",
            "5.",
            "1,000",
            "NaN",
            "inf",
            "1.12345678901",
            "1000",
        ] {
            assert_eq!(decimal_text(bad, 100), None, "{bad:?}");
        }
    }

    #[test]
    fn json_numbers_take_exponents_and_round_tiny_values() {
        assert_eq!(json_number("1.5e3"), Some(Decimal::from(1500)));
        assert_eq!(json_number("5E-1"), Some(Decimal::new(5, 1)));
        assert_eq!(json_number("1e-300"), Some(Decimal::ZERO));
        assert_eq!(json_number("0e999"), Some(Decimal::ZERO));
        assert_eq!(json_number("1e400"), None);
        assert_eq!(json_number("-0"), Some(Decimal::ZERO));
    }

    #[test]
    fn json_integers_may_have_a_zero_fraction_but_no_other() {
        let table = PricingTable::bundled().unwrap();
        let azs = |body: &str| Scenario::from_json(body.as_bytes(), &table).map(|s| s.azs);
        assert_eq!(azs(r#"{"azs": 3}"#), Ok(3));
        assert_eq!(azs(r#"{"azs": 3.0}"#), Ok(3));
        assert!(azs(r#"{"azs": 2.5}"#).is_err());
        assert!(azs(r#"{"azs": 2.5e-42}"#).is_err());
        assert!(azs(r#"{"azs": 30}"#).is_err());
        assert!(azs(r#"{"azs": -1}"#).is_err());
    }

    #[test]
    fn the_published_pattern_describes_the_text_grammar() {
        assert_eq!(
            decimal_pattern(100),
            "^(?:100(?:\\.0{1,10})?|(?:0|[1-9][0-9]{0,1})(?:\\.[0-9]{1,10})?)$"
        );
    }
}
