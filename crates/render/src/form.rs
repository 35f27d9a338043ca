//! The forms as rendered: each field with the user's text kept as typed, its hint, its default as a
//! placeholder and its error beside it; the per-service inputs; the error summary above the form.

use egress_core::engine;
use egress_core::money::words::human;
use egress_core::pricing::PricingTable;
use egress_core::scenario::{
    self, FIELDS, FieldErrors, FieldKind, Group, Scenario, instance_type_choices,
};
use std::borrow::Cow;

/// One form field as rendered: the user's text kept as typed.
pub struct FormField {
    /// The query parameter's name.
    pub name: &'static str,
    /// The label shown.
    pub label: &'static str,
    /// The unit after the input.
    pub unit: &'static str,
    /// One sentence of help under the label.
    pub hint: &'static str,
    /// `text`, `select` or `checkbox`.
    pub control: &'static str,
    /// The default, shown when the input is empty.
    pub placeholder: String,
    /// Whether it sits under "Advanced".
    pub advanced: bool,
    /// Whether it sits under "Requirements".
    pub requirement: bool,
    /// What the user typed, or the default.
    pub value: String,
    /// For a select: (value, text) pairs.
    pub choices: Vec<(String, String)>,
    /// The error beside it.
    pub error: Option<String>,
}

/// The form's fields filled from the raw query pairs (defaults where absent)
/// with each error placed beside its field.
pub fn form_fields(
    table: &PricingTable,
    pairs: &[(Cow<'_, str>, Cow<'_, str>)],
    errors: Option<&FieldErrors>,
) -> Vec<FormField> {
    let defaults = Scenario::defaults(table);
    inputs(table, FIELDS, &defaults, pairs, errors)
}

/// The inputs of any field table (the scenario's, the workload builder's),
/// filled from the raw query pairs, defaults from `defaults`.
pub fn inputs<T>(
    table: &PricingTable,
    fields: &[scenario::Field<T>],
    defaults: &T,
    pairs: &[(Cow<'_, str>, Cow<'_, str>)],
    errors: Option<&FieldErrors>,
) -> Vec<FormField> {
    let region = pairs
        .iter()
        .find(|(k, _)| k == "region")
        .map_or(table.meta.default_region.as_str(), |(_, v)| v.as_ref());
    // The month the labels price: the hours typed, when they are a valid count.
    let hours = pairs
        .iter()
        .find(|(k, _)| k == "hours")
        .zip(scenario::field("hours"))
        .and_then(|((_, v), spec)| {
            scenario::parse_field_value(spec, scenario::Input::Text(v), table).ok()
        })
        .and_then(|v| match v {
            scenario::Value::Integer(h) => Some(h),
            _ => None,
        })
        .unwrap_or(Scenario::defaults(table).hours);
    // Once a service's GB is given, the AWS API share and the endpoint count follow from the
    // services (and the query string ignores them): the form shows them empty, saying so.
    let per_service = pairs
        .iter()
        .any(|(k, v)| k.starts_with(scenario::SERVICE_PREFIX) && !v.is_empty());
    let from_services =
        |name: &str| per_service && matches!(name, "aws_percent" | "interface_endpoints");
    fields
        .iter()
        .map(|spec| {
            let given = if from_services(spec.name) {
                Some(String::new())
            } else {
                pairs
                    .iter()
                    .find(|(k, _)| k == spec.name)
                    .map(|(_, v)| v.to_string())
            };
            let blank_default = spec.blank_means_default();
            let default_text = if blank_default {
                String::new()
            } else {
                (spec.get)(defaults).to_string()
            };
            let choices = match spec.kind {
                FieldKind::Region => table
                    .regions
                    .iter()
                    .map(|r| (r.code.clone(), format!("{} — {}", r.code, r.name)))
                    .collect(),
                FieldKind::InstanceType => instance_type_choices(table, region)
                    .into_iter()
                    .map(|t| (t.to_owned(), instance_label(table, region, hours, t)))
                    .collect(),
                FieldKind::OptionId => std::iter::once((String::new(), "none given".to_owned()))
                    .chain(
                        engine::OPTIONS
                            .iter()
                            .map(|o| (o.about.id.to_owned(), o.about.name.to_owned())),
                    )
                    .collect(),
                _ => Vec::new(),
            };
            FormField {
                name: spec.name,
                label: spec.label,
                unit: spec.unit,
                hint: spec.hint,
                control: match spec.kind {
                    FieldKind::Region | FieldKind::InstanceType | FieldKind::OptionId => "select",
                    FieldKind::Bool => "checkbox",
                    FieldKind::Decimal { .. } | FieldKind::Integer { .. } => "text",
                },
                placeholder: if from_services(spec.name) {
                    "set by the services below".to_owned()
                } else if blank_default {
                    "one per AZ".to_owned()
                } else {
                    default_text.clone()
                },
                advanced: spec.group == Group::Advanced,
                requirement: spec.group == Group::Requirements,
                value: given.unwrap_or(default_text),
                choices,
                error: errors
                    .and_then(|e| e.for_field(spec.name))
                    .map(|e| e.message.clone()),
            }
        })
        .collect()
}

/// One GB input per known interface-endpoint service (`svc.<name>`), for
/// the form's "Traffic by service" group; empty means "not used".
pub fn service_fields(pairs: &[(Cow<'_, str>, Cow<'_, str>)]) -> Vec<FormField> {
    scenario::KNOWN_SERVICES
        .iter()
        .map(|known| {
            let name = format!("{}{}", scenario::SERVICE_PREFIX, known.name);
            let value = pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
                .unwrap_or_default();
            FormField {
                name: known.name,
                label: known.name,
                unit: "GB/month",
                hint: known.description,
                control: "text",
                placeholder: "not used".to_owned(),
                advanced: false,
                requirement: false,
                value,
                choices: Vec::new(),
                error: None,
            }
        })
        .collect()
}

/// `c6gn.medium — 1.6 Gbps sustained, $31.54/month` for the type select, over the scenario's hours.
fn instance_label(table: &PricingTable, region: &str, hours: u32, name: &str) -> String {
    let (Some(t), Some(rate)) = (
        table.instance_type(name),
        table.region(region).and_then(|r| r.instance_hour(name)),
    ) else {
        return "auto — the cheapest type that carries the peak".to_owned();
    };
    let (sustained, _) = engine::instance_internet_gbps(t);
    let Some(month) = rate.usd.checked_mul(rust_decimal::Decimal::from(hours)) else {
        return name.to_owned();
    };
    let month = engine::Money::new(month);
    format!(
        "{name} — {} Gbps sustained, {}/month",
        human(sustained),
        month.display()
    )
}

/// The summary above the form: every error, each linking to its field.
pub struct ErrorSummary {
    /// (field id or empty, message).
    pub items: Vec<(String, String)>,
}

/// The error summary of a form built from `fields`, if there are errors.
pub fn error_summary<T>(
    errors: Option<&FieldErrors>,
    fields: &[scenario::Field<T>],
) -> Option<ErrorSummary> {
    let errors = errors?;
    Some(ErrorSummary {
        items: errors
            .all()
            .iter()
            .map(|e| {
                let anchor = e
                    .field
                    .as_deref()
                    .filter(|f| fields.iter().any(|spec| spec.name == *f))
                    .unwrap_or("")
                    .to_owned();
                (anchor, e.message.clone())
            })
            .collect(),
    })
}

/// Whether the per-service group opens: a service is filled in, or `services` has an error.
pub fn services_open(pairs: &[(Cow<'_, str>, Cow<'_, str>)], errors: Option<&FieldErrors>) -> bool {
    errors.is_some_and(|e| e.for_field("services").is_some())
        || pairs
            .iter()
            .any(|(k, v)| k.starts_with(scenario::SERVICE_PREFIX) && !v.is_empty())
}

/// Whether "Advanced" opens: one of its fields is filled in or has an error.
pub fn advanced_open(pairs: &[(Cow<'_, str>, Cow<'_, str>)], errors: Option<&FieldErrors>) -> bool {
    let is_advanced =
        |name: &str| scenario::field(name).is_some_and(|f| f.group == Group::Advanced);
    errors.is_some_and(|e| {
        e.all()
            .iter()
            .any(|e| e.field.as_deref().is_some_and(is_advanced))
    }) || pairs.iter().any(|(k, v)| !v.is_empty() && is_advanced(k))
}
