//! The forms as rendered: each field with the user's text kept as typed, its hint, its default as a
//! placeholder and its error beside it; the per-service inputs; the error summary above the form.
//! The selects' choices (30 regions, each region's NAT instance types with their monthly price,
//! today's architecture) are written once per pricing table ([`FormChoices`]), not per page.

use crate::markup::{Attr, Text, filters};
use askama::Template;
use egress_core::engine;
use egress_core::money::words::human;
use egress_core::pricing::PricingTable;
use egress_core::scenario::{
    self, FIELDS, FieldErrors, FieldKind, Group, Scenario, instance_type_choices,
};
use std::borrow::Cow;
use std::collections::HashMap;

/// One choice of a select, its markup written once: the value, and `value="…"` and
/// `>text</option>` escaped, for the template to put ` selected` between.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The value, as the form sends it.
    pub value: String,
    /// The value escaped for its attribute.
    pub value_html: String,
    /// `>text</option>`, the text escaped.
    pub rest_html: String,
}

impl Choice {
    fn new(value: &str, text: &str) -> Choice {
        Choice {
            value: value.to_owned(),
            value_html: Attr(value).to_string(),
            rest_html: format!(">{}</option>", Text(text)),
        }
    }
}

/// The choices of the forms' selects for one pricing table, written once when the table is
/// loaded: every page with a form shares them.
#[derive(Debug, Clone)]
pub struct FormChoices {
    regions: Vec<Choice>,
    /// Each region's NAT instance types, labelled with their price over the default month.
    instance_types: HashMap<String, Vec<Choice>>,
    /// Today's architecture: none given, or one of the options.
    today: Vec<Choice>,
    /// The scenario's defaults, for the placeholders.
    defaults: Scenario,
    /// The whole region field with each region chosen, by region code.
    region_fields: HashMap<String, String>,
    /// One row per known service, around where its typed value goes.
    service_rows: Vec<ServiceRow>,
}

/// A row of the per-service traffic, written once: the markup before the input's `value`
/// attribute and after it.
#[derive(Debug, Clone)]
pub struct ServiceRow {
    name: &'static str,
    /// Up to the input's value.
    pub before: String,
    /// From the input's value on.
    pub after: String,
}

#[derive(Template)]
#[template(path = "service_row.html")]
struct ServiceRowHtml {
    name: &'static str,
    hint: &'static str,
    value: &'static str,
}

#[derive(Template)]
#[template(source = "{% include \"field.html\" %}", ext = "html")]
struct FieldHtml<'a, 'c> {
    f: &'a FormField<'c>,
}

/// Where a row's value goes while it is written once.
const SLOT: &str = "\u{0}";

impl FormChoices {
    /// The choices `table` offers.
    pub fn new(table: &PricingTable) -> FormChoices {
        let defaults = Scenario::defaults(table);
        let regions = region_choices(table);
        let region_fields = match FIELDS.iter().find(|f| f.kind == FieldKind::Region) {
            Some(spec) => table
                .regions
                .iter()
                .filter_map(|r| {
                    let mut field = FormField::of(spec, &defaults);
                    field.value = r.code.clone();
                    field.choices = Cow::Borrowed(regions.as_slice());
                    let html = FieldHtml { f: &field }.render().ok()?;
                    Some((r.code.clone(), html))
                })
                .collect(),
            None => HashMap::new(),
        };
        let service_rows = scenario::KNOWN_SERVICES
            .iter()
            .filter_map(|known| {
                let html = ServiceRowHtml {
                    name: known.name,
                    hint: known.description,
                    value: SLOT,
                }
                .render()
                .ok()?;
                let (before, after) = html.split_once(SLOT)?;
                Some(ServiceRow {
                    name: known.name,
                    before: before.to_owned(),
                    after: after.to_owned(),
                })
            })
            .collect();
        FormChoices {
            region_fields,
            service_rows,
            regions,
            instance_types: table
                .regions
                .iter()
                .map(|r| {
                    let choices = instance_choices(table, &r.code, defaults.hours);
                    (r.code.clone(), choices)
                })
                .collect(),
            today: today_choices(),
            defaults,
        }
    }

    /// The scenario's defaults for the table.
    pub fn defaults(&self) -> &Scenario {
        &self.defaults
    }
}

fn region_choices(table: &PricingTable) -> Vec<Choice> {
    table
        .regions
        .iter()
        .map(|r| Choice::new(&r.code, &format!("{} — {}", r.code, r.name)))
        .collect()
}

fn instance_choices(table: &PricingTable, region: &str, hours: u32) -> Vec<Choice> {
    instance_type_choices(table, region)
        .into_iter()
        .map(|t| Choice::new(t, &instance_label(table, region, hours, t)))
        .collect()
}

fn today_choices() -> Vec<Choice> {
    std::iter::once(Choice::new("", "none given"))
        .chain(
            engine::OPTIONS
                .iter()
                .map(|o| Choice::new(o.about.id, o.about.name)),
        )
        .collect()
}

/// One form field as rendered: the user's text kept as typed.
pub struct FormField<'c> {
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
    /// For a select: its choices.
    pub choices: Cow<'c, [Choice]>,
    /// The error beside it.
    pub error: Option<String>,
    /// The whole field, written once for this value (the region select).
    pub prebuilt: Option<&'c str>,
}

impl FormField<'_> {
    /// A field of `spec` at its default, with no choices.
    fn of<T>(spec: &scenario::Field<T>, defaults: &T) -> FormField<'static> {
        let value = (spec.get)(defaults).to_string();
        FormField {
            placeholder: value.clone(),
            value,
            ..FormField::bare(spec)
        }
    }

    /// What a field of `spec` is whatever its value: its names, help and place in the form.
    fn bare<'c, T>(spec: &scenario::Field<T>) -> FormField<'c> {
        FormField {
            name: spec.name,
            label: spec.label,
            unit: spec.unit,
            hint: spec.hint,
            control: control(spec.kind),
            placeholder: String::new(),
            advanced: spec.group == Group::Advanced,
            requirement: spec.group == Group::Requirements,
            value: String::new(),
            choices: Cow::Borrowed(&[]),
            error: None,
            prebuilt: None,
        }
    }
}

/// The control a kind of field is written with: `text`, `select` or `checkbox`.
fn control(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Region | FieldKind::InstanceType | FieldKind::OptionId => "select",
        FieldKind::Bool => "checkbox",
        FieldKind::Decimal { .. } | FieldKind::Integer { .. } => "text",
    }
}

/// The form's fields filled from the raw query pairs (defaults where absent)
/// with each error placed beside its field.
pub fn form_fields<'c>(
    forms: &'c FormChoices,
    table: &PricingTable,
    pairs: &[(Cow<'_, str>, Cow<'_, str>)],
    errors: Option<&FieldErrors>,
) -> Vec<FormField<'c>> {
    inputs(forms, table, FIELDS, &forms.defaults, pairs, errors)
}

/// The inputs of any field table (the scenario's, the workload builder's),
/// filled from the raw query pairs, defaults from `defaults`.
pub fn inputs<'c, T>(
    forms: &'c FormChoices,
    table: &PricingTable,
    fields: &[scenario::Field<T>],
    defaults: &T,
    pairs: &[(Cow<'_, str>, Cow<'_, str>)],
    errors: Option<&FieldErrors>,
) -> Vec<FormField<'c>> {
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
        .unwrap_or(forms.defaults.hours);
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
                FieldKind::Region => Cow::Borrowed(forms.regions.as_slice()),
                FieldKind::InstanceType => match forms.instance_types.get(region) {
                    Some(choices) if hours == forms.defaults.hours => Cow::Borrowed(&choices[..]),
                    _ => Cow::Owned(instance_choices(table, region, hours)),
                },
                FieldKind::OptionId => Cow::Borrowed(forms.today.as_slice()),
                _ => Cow::Borrowed(&[][..]),
            };
            FormField {
                placeholder: if from_services(spec.name) {
                    "set by the services below".to_owned()
                } else if blank_default {
                    "one per AZ".to_owned()
                } else {
                    default_text.clone()
                },
                value: given.unwrap_or(default_text),
                choices,
                error: errors
                    .and_then(|e| e.for_field(spec.name))
                    .map(|e| e.message.clone()),
                ..FormField::bare(spec)
            }
        })
        .map(|mut field| {
            if field.error.is_none() && spec_is_region(field.name) {
                field.prebuilt = forms.region_fields.get(&field.value).map(String::as_str);
            }
            field
        })
        .collect()
}

/// Whether the field of this name is the scenario's region.
fn spec_is_region(name: &str) -> bool {
    scenario::field(name).is_some_and(|f| f.kind == FieldKind::Region)
}

/// One GB input per known interface-endpoint service (`svc.<name>`), for the form's "Traffic
/// by service" group: the row written once and what the user typed (empty means "not used").
pub struct ServiceInput<'c> {
    /// The row around the value.
    pub row: &'c ServiceRow,
    /// What the user typed.
    pub value: String,
}

/// The per-service inputs filled from the raw query pairs.
pub fn service_fields<'c>(
    forms: &'c FormChoices,
    pairs: &[(Cow<'_, str>, Cow<'_, str>)],
) -> Vec<ServiceInput<'c>> {
    forms
        .service_rows
        .iter()
        .map(|row| {
            let value = pairs
                .iter()
                .find(|(k, _)| k.strip_prefix(scenario::SERVICE_PREFIX) == Some(row.name))
                .map(|(_, v)| v.to_string())
                .unwrap_or_default();
            ServiceInput { row, value }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_rows_written_once_equal_those_written_each_time() {
        let table = PricingTable::bundled().unwrap();
        let forms = FormChoices::new(&table);
        for r in &table.regions {
            let pairs = [(Cow::Borrowed("region"), Cow::Borrowed(r.code.as_str()))];
            let mut fields = form_fields(&forms, &table, &pairs, None);
            let region = fields.iter_mut().find(|f| f.name == "region").unwrap();
            let once = region.prebuilt.take().expect("written once");
            assert_eq!(
                once,
                FieldHtml { f: region }.render().unwrap(),
                "{}",
                r.code
            );
        }
        let pairs = [(Cow::Borrowed("svc.logs"), Cow::Borrowed("1 < 2"))];
        let services = service_fields(&forms, &pairs);
        let logs = services.iter().find(|s| s.row.name == "logs").unwrap();
        assert_eq!(logs.value, "1 < 2");
        let each_time = ServiceRowHtml {
            name: "logs",
            hint: scenario::KNOWN_SERVICES
                .iter()
                .find(|k| k.name == "logs")
                .unwrap()
                .description,
            value: "",
        }
        .render()
        .unwrap();
        assert_eq!(format!("{}{}", logs.row.before, logs.row.after), each_time);
    }
}
