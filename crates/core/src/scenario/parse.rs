//! Reading scenario fields from text (query strings, forms, CLI flags) and
//! JSON: the grammar of each kind of value, every field's error collected at
//! once, and messages that name the field by its label.

use super::fields::{
    DefaultValue, FIELDS, Field, FieldKind, Group, Short, Value, instance_type_choices,
};
use super::services::{ServiceTraffic, name_problem};
use super::{AUTO, Scenario};
use crate::money::words::human;
use crate::pricing::PricingTable;
use rust_decimal::Decimal;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// Longest text accepted for one value; longer input is an error, not a truncation.
pub const MAX_VALUE_LEN: usize = 64;

/// Bad input, naming the field (or `None` when no single field is at fault).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FieldError {
    /// The offending field's name.
    pub field: Option<String>,
    /// What is wrong and what to type instead.
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

/// Every error of one input, in field order; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    /// The first error (what clients that read one error show).
    pub fn first(&self) -> &FieldError {
        &self.0[0]
    }

    /// All of them.
    pub fn all(&self) -> &[FieldError] {
        &self.0
    }

    /// The errors of a list, or `None` when it is empty.
    pub fn from_vec(errors: Vec<FieldError>) -> Option<FieldErrors> {
        (!errors.is_empty()).then_some(FieldErrors(errors))
    }

    /// The error about `field`, if any.
    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field.as_deref() == Some(field))
    }
}

impl From<FieldError> for FieldErrors {
    fn from(e: FieldError) -> FieldErrors {
        FieldErrors(vec![e])
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            f.write_str(&e.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for FieldErrors {}

/// One value as it arrived.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    /// Text from a query string, a form or a command line.
    Text(&'a str),
    /// A JSON value, still in its source text so numbers keep every digit.
    Json(&'a RawValue),
}

/// What a range means in words: `a number from 0 to 1,000,000,000 GB/month`.
fn range_text<T>(spec: &Field<T>) -> String {
    let unit = if spec.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", spec.unit)
    };
    match spec.kind {
        FieldKind::Decimal { min, max } => format!(
            "a number from {} to {}{unit}",
            human(Decimal::from(min)),
            human(Decimal::from(max))
        ),
        FieldKind::Integer { min, max } => format!(
            "a whole number from {} to {}{unit}",
            human(Decimal::from(min)),
            human(Decimal::from(max))
        ),
        FieldKind::Bool => "true or false".to_owned(),
        FieldKind::Region => "a region code".to_owned(),
        FieldKind::InstanceType => "auto or a NAT instance type".to_owned(),
        FieldKind::OptionId => "an option id, or empty for none".to_owned(),
    }
}

/// Quotes user text for a message, shortened so an error never echoes a huge value.
pub fn shown(text: &str) -> String {
    let short: String = text.chars().take(24).collect();
    if short.len() < text.len() {
        format!("{short:?}…")
    } else {
        format!("{short:?}")
    }
}

fn bad<T>(spec: &Field<T>, got: &str) -> FieldError {
    if got.trim().is_empty() {
        return FieldError::new(
            spec.name,
            format!("{}: enter a value ({})", spec.label, range_text(spec)),
        );
    }
    // A yes-or-no field's label is a sentence (`Sensitive: no task may have a public
    // address`): the message leads with the field's name, the label after it.
    if matches!(spec.kind, FieldKind::Bool) {
        return FieldError::new(
            spec.name,
            format!(
                "{} ({}) must be true or false; got {}",
                spec.name,
                spec.label,
                shown(got)
            ),
        );
    }
    FieldError::new(
        spec.name,
        format!(
            "{} must be {}; got {}",
            spec.label,
            range_text(spec),
            shown(got)
        ),
    )
}

use super::grammar::{MAX_FRACTION_DIGITS, Problem, canonical};

/// Reads a decimal given as text (a query string, a form, a JSON string):
/// digits, optionally a point and 1 to [`MAX_FRACTION_DIGITS`] digits, no
/// sign, no exponent, no leading zeros, at most as many integer digits as
/// `max` has: the canonical form [`canonical`] gives any accepted text.
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

/// Below every field's minimum: what a negative number reads as when its value
/// rounds to zero (`-1e-400`), so that the range check refuses it as JSON
/// Schema's `minimum: 0` does.
const SIGNED_ZERO: Decimal = Decimal::from_parts(1, 0, 0, true, 28);

/// Reads a JSON number (already checked to be one by the JSON parser),
/// exponents included: `5000`, `12.5`, `1.5e3`. Digits beyond what a
/// decimal holds are rounded; a value too large for one is `None`. Values are
/// compared as JSON Schema compares them: `-0` is 0, a positive value too
/// small for a decimal is the 0 it rounds to, a negative one stays below zero
/// ([`SIGNED_ZERO`]).
fn json_number(text: &str) -> Option<Decimal> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], text[i + 1..].parse::<i64>().ok()?),
        None => (text, 0),
    };
    let negative = mantissa.starts_with('-');
    let mut value = mantissa.parse::<Decimal>().ok()?;
    if value.is_zero() {
        // -0 is 0: JSON Schema compares numbers by value, so `"minimum": 0` accepts it.
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
    if !value.is_zero() {
        Some(value)
    } else if negative {
        // Rounded away entirely, a negative number is still below every
        // minimum (JSON Schema compares the number itself, so -1e-311 is
        // not ≥ 0): it keeps its sign for the range check to refuse.
        Some(SIGNED_ZERO)
    } else {
        // A positive number too small for 28 decimal places is within every range the document
        // states (≥ 0): it is read as the 0 it rounds to.
        Some(Decimal::ZERO)
    }
}

/// Reads one value of `spec`'s kind from text or JSON, with the field's
/// range and a message that names it by its label.
pub fn parse_value<T>(
    spec: &Field<T>,
    input: Input<'_>,
    table: &PricingTable,
) -> Result<Value, FieldError> {
    // Turn JSON into the text the field kind reads, enforcing JSON types:
    // decimals take numbers or strings, integers take integers or integer
    // strings, booleans booleans, text fields strings.
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
            format!("{} must be {expected}; got a JSON {got}", spec.label),
        )
    };
    match spec.kind {
        FieldKind::Region => {
            if let Some(kind) = json_kind.filter(|k| *k != "string") {
                return Err(wrong_type("a region code as a string", kind));
            }
            // Region codes are lower case; spaces around them and capitals are what people type.
            let code = text.trim().to_ascii_lowercase();
            match table.region(&code) {
                Some(region) => Ok(Value::Text(region.code.clone())),
                None => {
                    let codes: Vec<&str> = table.regions.iter().map(|r| r.code.as_str()).collect();
                    let near = similar_regions(&code, &codes);
                    let hint = if near.is_empty() {
                        String::new()
                    } else {
                        format!("did you mean {}? ", near.join(", "))
                    };
                    Err(FieldError::new(
                        spec.name,
                        format!(
                            "unknown region {}; {hint}the pricing table has {}",
                            shown(text),
                            codes.join(", ")
                        ),
                    ))
                }
            }
        }
        FieldKind::InstanceType => {
            if let Some(kind) = json_kind.filter(|k| *k != "string") {
                return Err(wrong_type("auto or an instance type as a string", kind));
            }
            // Whether the type is known and priced depends on the region,
            // which may come later: checked with the other fields.
            if text.is_empty() || text.len() > MAX_VALUE_LEN {
                return Err(bad(spec, text));
            }
            Ok(Value::Text(text.to_owned()))
        }
        FieldKind::OptionId => {
            if let Some(kind) = json_kind.filter(|k| *k != "string") {
                return Err(wrong_type("an option id as a string", kind));
            }
            let id = text.trim();
            let shaped = id.len() <= 64
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !shaped {
                return Err(FieldError::new(
                    spec.name,
                    format!(
                        "{} must be an option id such as nat_gateway; got {}",
                        spec.label,
                        shown(text)
                    ),
                ));
            }
            Ok(Value::Text(id.to_owned()))
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
                _ => decimal_text(&readable(spec, text, false)?, max),
            }
            .ok_or_else(|| bad(spec, text))?;
            if value < Decimal::from(min) || value > Decimal::from(max) {
                return Err(bad(spec, text));
            }
            Ok(Value::Decimal(value))
        }
        FieldKind::Integer { min, max } => {
            if let Some(kind) = json_kind.filter(|k| *k != "number" && *k != "string") {
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
                whole_number(whole)
            } else {
                whole_number(&readable(spec, text, true)?)
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

/// Query-string prefix of per-service traffic: `svc.logs=900`.
pub const SERVICE_PREFIX: &str = "svc.";

/// How one service's GB is read and described in messages.
const SERVICE_GB: Field = Field {
    name: "services",
    label: "Traffic by service",
    unit: "GB/month",
    hint: "",
    kind: FieldKind::Decimal {
        min: 0,
        max: 1_000_000_000,
    },
    default: DefaultValue::Decimal(0),
    group: Group::Main,
    short: Short::Skip,
    get: |_| Value::Decimal(Decimal::ZERO),
    set: |_, _| {},
};

/// Reads `services` (a JSON object of name → GB) or one `svc.<name>=GB`
/// pair into `out`; an empty text value means the service is not used.
fn parse_services(
    name: &str,
    input: Input<'_>,
    table: &PricingTable,
    out: &mut Vec<ServiceTraffic>,
) -> Result<(), FieldError> {
    let mut add = |service: &str, value: Input<'_>| -> Result<(), FieldError> {
        if let Some(problem) = name_problem(service) {
            return Err(FieldError::new("services", problem));
        }
        if out.iter().any(|s| s.service == service) {
            return Err(FieldError::new(
                "services",
                format!("{service} is given more than once"),
            ));
        }
        let gb = match parse_value(&SERVICE_GB, value, table) {
            Ok(Value::Decimal(d)) => d,
            Ok(_) => Decimal::ZERO,
            Err(e) => {
                return Err(FieldError::new(
                    "services",
                    format!(
                        "{service}: {}",
                        e.message.replacen("Traffic by service", "the GB/month", 1)
                    ),
                ));
            }
        };
        out.push(ServiceTraffic {
            service: service.to_owned(),
            gb,
        });
        Ok(())
    };
    match (name.strip_prefix(SERVICE_PREFIX), input) {
        (Some(_), Input::Text("")) => Ok(()),
        (Some(service), value) => add(service, value),
        (None, Input::Json(raw)) if raw.get().starts_with('{') => {
            for (service, value) in json_object(raw.get().as_bytes()).map_err(|_| {
                FieldError::new(
                    "services",
                    "services must be a JSON object of service name → GB/month",
                )
            })? {
                add(&service, Input::Json(value))?;
            }
            Ok(())
        }
        _ => Err(FieldError::new(
            "services",
            "services must be a JSON object of service name → GB/month (in a query string: svc.<name>=GB)",
        )),
    }
}

/// A number's text in canonical digits, or a message saying what to type.
fn readable<'t, T>(
    spec: &Field<T>,
    text: &'t str,
    integer: bool,
) -> Result<Cow<'t, str>, FieldError> {
    if text.len() > MAX_VALUE_LEN {
        return Err(bad(spec, text));
    }
    canonical(text, spec.unit, integer).map_err(|problem| match problem {
        Problem::Malformed => bad(spec, text),
        Problem::DecimalComma => FieldError::new(
            spec.name,
            format!(
                "{}: use a dot for decimals (e.g. {}); got {}",
                spec.label,
                text.trim().replacen(',', ".", 1),
                shown(text)
            ),
        ),
        Problem::WrongUnit {
            unit,
            converted: Some(converted),
        } => FieldError::new(
            spec.name,
            format!(
                "{}: {} is {converted} {unit}; type {converted}",
                spec.label,
                text.trim(),
            ),
        ),
        Problem::WrongUnit {
            unit,
            converted: None,
        } => FieldError::new(
            spec.name,
            format!(
                "{}: {} has a unit the field does not take: enter {unit}, e.g. {}",
                spec.label,
                text.trim(),
                spec.default_text()
            ),
        ),
        Problem::SpacedDigits { digits } => FieldError::new(
            spec.name,
            format!(
                "{}: no spaces inside a number; type {digits} (or {})",
                spec.label,
                grouped(&digits)
            ),
        ),
    })
}

/// Digits with thousands separators (`25000` → `25,000`), as people write them.
fn grouped(digits: &str) -> String {
    match digits.parse::<Decimal>() {
        Ok(d) => human(d).to_string(),
        Err(_) => digits.to_owned(),
    }
}

/// The regions a mistyped code was probably meant to be: those of the same geography and
/// direction (`eu-west-9` → `eu-west-1`, `eu-west-2`, `eu-west-3`), else those one or two edits
/// away (`us-esat-1` → `us-east-1`).
fn similar_regions<'c>(code: &str, codes: &[&'c str]) -> Vec<&'c str> {
    let stem = code.trim_end_matches(|c: char| c.is_ascii_digit());
    let same_stem: Vec<&str> = codes
        .iter()
        .copied()
        .filter(|c| stem.len() > 3 && c.trim_end_matches(|d: char| d.is_ascii_digit()) == stem)
        .collect();
    if !same_stem.is_empty() {
        return same_stem;
    }
    codes
        .iter()
        .copied()
        .filter(|c| edit_distance(code, c) <= 2)
        .collect()
}

/// Levenshtein distance between two short ASCII strings.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

fn whole_number(text: &str) -> Option<u32> {
    let digits =
        !text.is_empty() && text.len() <= MAX_VALUE_LEN && text.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| text.parse::<u32>().ok()).flatten()
}

impl Scenario {
    /// Parses named values against `table`: omitted fields take their
    /// defaults, an empty text value is an error unless the field's default
    /// follows another field (one per AZ, `auto`). Unknown and repeated names
    /// are errors. Every error is collected, in field order.
    pub fn parse<'a>(
        fields: impl IntoIterator<Item = (&'a str, Input<'a>)>,
        table: &PricingTable,
    ) -> Result<Scenario, FieldErrors> {
        let mut values: Vec<Option<Value>> = vec![None; FIELDS.len()];
        let mut given = vec![false; FIELDS.len()];
        let mut errors: Vec<(usize, FieldError)> = Vec::new();
        let mut services: Vec<ServiceTraffic> = Vec::new();
        let services_at = FIELDS
            .iter()
            .position(|f| f.name == "aws_percent")
            .unwrap_or(0);
        for (name, input) in fields {
            if name == "services" || name.starts_with(SERVICE_PREFIX) {
                if let Err(e) = parse_services(name, input, table, &mut services) {
                    errors.push((services_at, e));
                }
                continue;
            }
            let Some(index) = FIELDS.iter().position(|f| f.name == name) else {
                let known: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
                // `?=5` or `{"": 5}`: quoting an empty name would read as a misprint of ours.
                let what = if name.is_empty() {
                    "a value is given without a field name".to_owned()
                } else {
                    format!("unknown field {}", shown(name))
                };
                errors.push((
                    FIELDS.len(),
                    FieldError::new(
                        &name.chars().take(64).collect::<String>(),
                        format!(
                            "{what}; the fields are {}, and services (in a query string: svc.<name>)",
                            known.join(", ")
                        ),
                    ),
                ));
                continue;
            };
            let spec = &FIELDS[index];
            if given[index] {
                errors.push((
                    index,
                    FieldError::new(spec.name, format!("{} is given more than once", spec.label)),
                ));
                continue;
            }
            given[index] = true;
            if matches!(input, Input::Text("")) && spec.blank_means_default() {
                continue;
            }
            match parse_value(spec, input, table) {
                Ok(value) => values[index] = Some(value),
                Err(e) => errors.push((index, e)),
            }
        }

        let mut scenario = Scenario::fixed_defaults(table);
        let mut follows = Vec::new();
        for (spec, value) in FIELDS.iter().zip(values) {
            match value {
                Some(value) => (spec.set)(&mut scenario, value),
                None if matches!(spec.default, DefaultValue::SameAs(_)) => follows.push(spec),
                None => {}
            }
        }
        // Defaults that follow another field follow its value, given or
        // default (the fixed ones are already in place).
        for spec in follows {
            if let Some(default) = spec.default_for(&scenario, table) {
                (spec.set)(&mut scenario, default);
            }
        }
        // Empty svc.<name> values mean "not used": per-service mode needs one given.
        if !services.is_empty() {
            let given = |name: &str| {
                FIELDS
                    .iter()
                    .position(|f| f.name == name)
                    .is_some_and(|i| given[i])
            };
            for clash in ["aws_percent", "interface_endpoints"] {
                if given(clash) {
                    errors.push((
                        services_at,
                        FieldError::new(
                            clash,
                            format!("give either {clash} or per-service traffic (services), not both: with services, {clash} is derived from them"),
                        ),
                    ));
                }
            }
            errors.extend(scenario.apply_services(services).map(|e| (services_at, e)));
        }
        let failed: Vec<&str> = errors
            .iter()
            .filter_map(|(_, e)| e.field.as_deref())
            .map(|f| FIELDS.iter().find(|s| s.name == f).map_or("", |s| s.name))
            .collect();
        errors.extend(scenario.cross_field_errors(table, |name| failed.contains(&name)));
        if errors.is_empty() {
            return Ok(scenario);
        }
        errors.sort_by_key(|(i, _)| *i);
        Err(FieldErrors(errors.into_iter().map(|(_, e)| e).collect()))
    }

    /// Sets per-service traffic and what it implies (`aws_percent`, one
    /// interface endpoint per service), or says why it cannot be.
    fn apply_services(&mut self, services: Vec<ServiceTraffic>) -> Option<FieldError> {
        let total: Decimal = services.iter().map(|s| s.gb).sum();
        let s3_gb = self.monthly_gb * self.s3_percent / Decimal::ONE_HUNDRED;
        if s3_gb + total > self.monthly_gb {
            return Some(FieldError::new(
                "services",
                format!(
                    "per-service traffic adds up to {} GB/month, more than the {} GB/month left after S3 ({} GB/month in all)",
                    human(total),
                    human(self.monthly_gb - s3_gb),
                    human(self.monthly_gb)
                ),
            ));
        }
        self.aws_percent = if self.monthly_gb.is_zero() {
            Decimal::ZERO
        } else {
            total * Decimal::ONE_HUNDRED / self.monthly_gb
        };
        self.interface_endpoints = u32::try_from(services.len()).unwrap_or(u32::MAX);
        self.services = Some(services);
        None
    }

    /// Rules between fields, each reported against the field to change.
    /// `failed` names the fields whose own value was refused: a rule that
    /// reads one of them would only repeat that error.
    fn cross_field_errors(
        &self,
        table: &PricingTable,
        failed: impl Fn(&str) -> bool,
    ) -> Vec<(usize, FieldError)> {
        let index = |name: &str| FIELDS.iter().position(|f| f.name == name).unwrap_or(0);
        let mut errors = Vec::new();
        let shares_read = !failed("s3_percent") && !failed("aws_percent");
        if shares_read && self.s3_percent + self.aws_percent > Decimal::ONE_HUNDRED {
            errors.push((
                index("aws_percent"),
                FieldError::new(
                    "aws_percent",
                    format!(
                        "Share to other AWS APIs: with {}% to S3 it can be at most {}%; got {}% ({}% + {}% = {}%, over 100%)",
                        human(self.s3_percent),
                        human(Decimal::ONE_HUNDRED - self.s3_percent),
                        human(self.aws_percent),
                        human(self.s3_percent),
                        human(self.aws_percent),
                        human(self.s3_percent + self.aws_percent)
                    ),
                ),
            ));
        }
        if self.nat_instance_type != AUTO && !failed("region") && !failed("nat_instance_type") {
            let priced = table
                .region(&self.region)
                .and_then(|r| r.instance_hour(&self.nat_instance_type))
                .is_some();
            let choices = instance_type_choices(table, &self.region).join(", ");
            let problem = if table.instance_type(&self.nat_instance_type).is_none() {
                Some(format!(
                    "NAT instance type: unknown type {}; in {} choose one of {choices}",
                    shown(&self.nat_instance_type),
                    self.region
                ))
            } else if !priced {
                Some(format!(
                    "NAT instance type: the pricing table has no {} price for {}; choose one of {choices}",
                    self.nat_instance_type, self.region
                ))
            } else {
                None
            };
            if let Some(message) = problem {
                errors.push((
                    index("nat_instance_type"),
                    FieldError::new("nat_instance_type", message),
                ));
            }
        }
        if self.survive_az_loss && self.azs < 2 && !failed("azs") && !failed("survive_az_loss") {
            errors.push((
                index("survive_az_loss"),
                FieldError::new(
                    "survive_az_loss",
                    format!(
                        "Egress must survive the loss of one AZ: the tasks run in {} AZ, so losing it stops them whatever the egress; set Availability Zones to 2 or more, or leave this off",
                        self.azs
                    ),
                ),
            ));
        }
        errors
    }

    /// Parses a JSON object body.
    pub fn from_json(body: &[u8], table: &PricingTable) -> Result<Scenario, FieldErrors> {
        let fields = json_object(body)?;
        Scenario::parse(
            fields.iter().map(|(k, v)| (k.as_ref(), Input::Json(v))),
            table,
        )
    }

    /// Parses an `application/x-www-form-urlencoded` string (query or form).
    pub fn from_query(query: &str, table: &PricingTable) -> Result<Scenario, FieldErrors> {
        Scenario::from_pairs(&query_pairs(query), table)
    }

    /// Parses a query string's decoded pairs, as the pages and `GET /api/v1/compare` read them.
    /// The form always sends the AWS API share and the endpoint count; once a service's GB is
    /// filled in they follow from the services instead (the form says so), so a query string
    /// that names a service drops them rather than refusing both: a results page's URL works
    /// against the API unchanged. (A JSON body that gives both is still refused.)
    pub fn from_pairs(
        pairs: &QueryPairs<'_>,
        table: &PricingTable,
    ) -> Result<Scenario, FieldErrors> {
        let per_service = pairs
            .iter()
            .any(|(k, v)| k.starts_with(SERVICE_PREFIX) && !v.is_empty());
        Scenario::parse(
            pairs
                .iter()
                .filter(|(k, _)| {
                    !(per_service && (k == "aws_percent" || k == "interface_endpoints"))
                })
                .map(|(k, v)| (k.as_ref(), Input::Text(v.as_ref()))),
            table,
        )
    }
}

/// Splits a query string into decoded pairs. Invalid percent-encoding and
/// invalid UTF-8 decode to U+FFFD, which no field accepts, so they are reported
/// against their field rather than dropped.
/// Pairs borrow from the query string unless decoding changed them.
pub fn query_pairs(query: &str) -> QueryPairs<'_> {
    // Most queries have nothing to decode (no `%`, no `+`): their pairs are its slices, split
    // as `form_urlencoded` splits them, without a decoding pass over each name and value.
    let bytes = query.as_bytes();
    if !bytes.contains(&b'%') && !bytes.contains(&b'+') {
        // Room for the fields a scenario has, so the list is not grown as it is filled.
        let mut pairs = Vec::with_capacity(24);
        pairs.extend(
            query
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                    (Cow::Borrowed(name), Cow::Borrowed(value))
                }),
        );
        return pairs;
    }
    form_urlencoded::parse(query.as_bytes()).collect()
}

/// Decoded `name=value` pairs of a query string, in order.
pub type QueryPairs<'q> = Vec<(Cow<'q, str>, Cow<'q, str>)>;

/// Reads a JSON object into its members, keeping each value's source text and
/// the members' order, so repeated names can be reported.
pub fn json_object(body: &[u8]) -> Result<Vec<(Cow<'_, str>, &RawValue)>, FieldError> {
    use serde::de::{Deserializer, MapAccess, Visitor};
    struct Members;
    impl<'de> Visitor<'de> for Members {
        type Value = Vec<(Cow<'de, str>, &'de RawValue)>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object of scenario fields")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(map.size_hint().unwrap_or(16));
            while let Some((Key(key), value)) = map.next_entry::<Key<'de>, &'de RawValue>()? {
                out.push((key, value));
            }
            Ok(out)
        }
    }
    /// A member name, borrowed from the body unless it has escapes.
    struct Key<'de>(Cow<'de, str>);
    impl<'de> serde::Deserialize<'de> for Key<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Name;
            impl<'de> Visitor<'de> for Name {
                type Value = Key<'de>;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a field name")
                }
                fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                    Ok(Key(Cow::Borrowed(v)))
                }
                fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                    Ok(Key(Cow::Owned(v.to_owned())))
                }
            }
            d.deserialize_str(Name)
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

    proptest::proptest! {
        /// Splitting without decoding gives what `form_urlencoded` gives, empty pieces, names
        /// without `=` and repeated `=` included; with `%` or `+` it decodes.
        #[test]
        fn query_pairs_are_form_urlencoded_pairs(query in "[a-z0-9_.=&%+é ]{0,40}") {
            let decoded: QueryPairs<'_> = form_urlencoded::parse(query.as_bytes()).collect();
            proptest::prop_assert_eq!(query_pairs(&query), decoded);
        }
    }

    #[test]
    fn a_yes_or_no_field_given_something_else_is_named_before_its_label() {
        let table = PricingTable::bundled().unwrap();
        let e = Scenario::from_query("sensitive=maybe", &table).unwrap_err();
        assert_eq!(
            e.to_string(),
            "sensitive (Sensitive: no task may have a public address) must be true or false; got \"maybe\""
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
        assert_eq!(json_number("1e-20"), Some(Decimal::new(1, 20)));
        assert_eq!(json_number("0e999"), Some(Decimal::ZERO));
        assert_eq!(json_number("0.0"), Some(Decimal::ZERO));
        assert_eq!(json_number("1e400"), None);
        // A positive number too small for a decimal rounds to 0, which every range takes (the
        // OpenAPI document says `minimum: 0`, and 1e-400 ≥ 0).
        assert_eq!(json_number("1e-300"), Some(Decimal::ZERO));
        assert_eq!(json_number("1e-400"), Some(Decimal::ZERO));
        // The number -0 is 0 (JSON Schema compares values); the text "-0" is refused by the
        // number grammar, which takes no sign, as the document's pattern says.
        assert_eq!(json_number("-0"), Some(Decimal::ZERO));
        assert_eq!(json_number("-0.0e5"), Some(Decimal::ZERO));
        // Too small for a decimal, but below zero all the same.
        assert!(json_number("-2.225073858507e-311").is_some_and(|v| v < Decimal::ZERO));
        assert!(json_number("-1e-300").is_some_and(|v| v < Decimal::ZERO));
    }

    #[test]
    fn numbers_are_read_as_json_schema_reads_them_and_text_takes_no_sign() {
        let table = PricingTable::bundled().unwrap();
        let gb = |value: &str| {
            Scenario::from_json(format!(r#"{{"monthly_gb": {value}}}"#).as_bytes(), &table)
                .map(|s| s.monthly_gb)
        };
        // As numbers, -0 and a positive value too small for a decimal are within `minimum: 0`.
        for zero in ["-0", "-0.0", "1e-400"] {
            assert_eq!(gb(zero), Ok(Decimal::ZERO), "{zero}");
        }
        // Below zero however little, or text with a sign or an exponent: refused.
        for refused in ["\"-0\"", "-1e-400", "\"1e-400\""] {
            let errors = gb(refused).expect_err(refused);
            assert_eq!(
                errors.first().field.as_deref(),
                Some("monthly_gb"),
                "{refused}"
            );
        }
        assert_eq!(gb("0"), Ok(Decimal::ZERO));
        assert_eq!(gb("\"0\""), Ok(Decimal::ZERO));
        assert_eq!(gb("0e5"), Ok(Decimal::ZERO));
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
}
