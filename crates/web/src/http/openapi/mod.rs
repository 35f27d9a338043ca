//! The OpenAPI 3.1 document of the JSON API. Routes and response types come
//! from the handlers' `#[utoipa::path]` attributes (collected by utoipa-axum
//! when the routes are registered); the scenario's input schema and query
//! parameters are built from [`FIELDS`], the same table the parser reads, so
//! the published ranges, defaults and units cannot drift from the code.

pub mod schemas;

use super::error::ErrorBody;
use egress_core::pricing::PricingTable;
use egress_core::scenario::{FIELDS, Field, FieldKind, MAX_VALUE_LEN, decimal_pattern};
use serde_json::json;
use utoipa::OpenApi;
use utoipa::openapi::content::Content;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, Type,
};
use utoipa::openapi::{RefOr, Required};

/// The static part of the document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "egress-planner",
        description = "Compares how AWS ECS/Fargate tasks reach the internet and AWS services: NAT gateways, S3 gateway and interface endpoints, or public IPv4. Money is a decimal string with two places; unit prices and quantities are decimal strings at full precision.",
        license(name = "MIT")
    ),
    components(schemas(ErrorBody<'static>)),
    tags(
        (name = "compare", description = "Compare the egress options for a scenario"),
        (name = "pricing", description = "The bundled pricing table and its sources"),
        (name = "workload", description = "Turn an ECS/Fargate workload into a scenario"),
        (name = "health", description = "Liveness"),
        (name = "images", description = "The card and the chart as PNG, for link previews"),
        (name = "oembed", description = "oEmbed 1.0 for the comparison pages")
    )
)]
pub struct ApiDoc;

fn description<T>(spec: &Field<T>) -> String {
    let default = format!(" Default: {}.", spec.default_text());
    let unit = if spec.unit.is_empty() {
        String::new()
    } else {
        format!(" Unit: {}.", spec.unit)
    };
    format!("{}{unit}{default}", spec.hint)
}

fn default_value<T>(
    spec: &Field<T>,
    table: &PricingTable,
    as_string: bool,
) -> Option<serde_json::Value> {
    use egress_core::scenario::Value;
    Some(match spec.fixed_default(table)? {
        Value::Integer(n) => json!(n),
        Value::Bool(b) => json!(b),
        Value::Decimal(d) if !as_string => json!(d.to_string().parse::<u64>().unwrap_or(0)),
        other => json!(other.to_string()),
    })
}

/// The schema of one field. In JSON a decimal is a number or a decimal
/// string; in a query string it is the decimal text alone.
fn field_schema<T>(spec: &Field<T>, table: &PricingTable, in_query: bool) -> RefOr<Schema> {
    let base = ObjectBuilder::new().description(Some(description(spec)));
    match spec.kind {
        FieldKind::Region => base
            .schema_type(Type::String)
            .enum_values(Some(table.regions.iter().map(|r| r.code.clone())))
            .default(default_value(spec, table, true))
            .into(),
        FieldKind::Integer { min, max } => {
            let integer = base
                .schema_type(Type::Integer)
                .minimum(Some(min))
                .maximum(Some(max))
                .default(default_value(spec, table, false));
            if in_query && spec.blank_means_default() {
                // In a query string an empty value means "one per AZ".
                let blank = ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some([""]));
                return OneOfBuilder::new()
                    .item(integer)
                    .item(blank)
                    .description(Some(description(spec)))
                    .into();
            }
            integer.into()
        }
        FieldKind::InstanceType => base
            .schema_type(Type::String)
            .enum_values(Some(
                // In a query string an empty value means `auto`.
                (if in_query {
                    vec![String::new()]
                } else {
                    Vec::new()
                })
                .into_iter()
                .chain(std::iter::once(egress_core::scenario::AUTO.to_owned()))
                .chain(table.nat_instance_types.iter().map(|t| t.name.clone())),
            ))
            .default(default_value(spec, table, true))
            .into(),
        FieldKind::OptionId => base
            .schema_type(Type::String)
            .enum_values(Some(
                // Empty: none given (in a query string, and in JSON as "").
                std::iter::once(String::new()).chain(
                    egress_core::engine::OPTIONS
                        .iter()
                        .map(|o| o.about.id.to_owned()),
                ),
            ))
            .into(),
        FieldKind::Bool => base
            .schema_type(Type::Boolean)
            .default(default_value(spec, table, false))
            .into(),
        FieldKind::Decimal { min, max } => {
            let text = ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(decimal_pattern(max, spec.unit)))
                .max_length(Some(MAX_VALUE_LEN))
                .description(Some(format!("A decimal from {min} to {max} as text: digits (thousands may be grouped with commas), optionally a point and up to 10 more digits, optionally the unit ({}); spaces around are ignored", spec.unit)));
            if in_query {
                return text
                    .description(Some(description(spec)))
                    .default(default_value(spec, table, true))
                    .into();
            }
            let number = ObjectBuilder::new()
                .schema_type(Type::Number)
                .minimum(Some(min))
                .maximum(Some(max));
            OneOfBuilder::new()
                .item(number)
                .item(text)
                .description(Some(description(spec)))
                .default(default_value(spec, table, false))
                .into()
        }
    }
}

/// The scenario as a JSON object.
fn scenario_input(table: &PricingTable) -> ObjectBuilder {
    let mut object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(
            "A scenario. Every field is optional and takes its default when omitted; unknown fields are rejected. s3_percent + aws_percent must be at most 100 (a rule JSON Schema cannot state; a request breaking it gets a 422 naming aws_percent).",
        ))
        .additional_properties(Some(AdditionalProperties::FreeForm(false)))
        .examples([json!({"region": "us-east-1", "monthly_gb": "5000", "s3_percent": "40", "aws_percent": "20", "public_ips": 4, "peak_gbps": "20"})]);
    for spec in FIELDS {
        object = object.property(spec.name, field_schema(spec, table, false));
    }
    // Per-service traffic: known interface-endpoint services → GB/month.
    let gb = egress_core::scenario::field("monthly_gb").map(|f| field_schema(f, table, false));
    let mut services = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(
            "Per-service AWS API traffic, GB/month by interface endpoint service (with it, aws_percent and interface_endpoints must not be given: they are derived). Their sum with the S3 GB may not exceed monthly_gb.",
        ))
        .additional_properties(Some(AdditionalProperties::FreeForm(false)));
    if let Some(gb) = gb {
        for known in egress_core::scenario::KNOWN_SERVICES {
            services = services.property(known.name, gb.clone());
        }
    }
    object.property("services", services)
}

fn query_parameters<T>(fields: &[Field<T>], table: &PricingTable) -> Vec<RefOr<Parameter>> {
    fields
        .iter()
        .map(|spec| {
            RefOr::T(
                ParameterBuilder::new()
                    .name(spec.name)
                    .parameter_in(ParameterIn::Query)
                    .required(Required::False)
                    .description(Some(description(spec)))
                    .schema(Some(field_schema(spec, table, true)))
                    .build(),
            )
        })
        .collect()
}

/// A required JSON request body of the named component schema.
fn json_body(description: &str, schema: &str) -> RefOr<utoipa::openapi::request_body::RequestBody> {
    let content = Content::new(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
        schema,
    ))));
    RefOr::T(
        RequestBodyBuilder::new()
            .description(Some(description))
            .content("application/json", content)
            .required(Some(Required::True))
            .build(),
    )
}

/// Adds what the attributes cannot know: the scenario schema and parameters.
pub fn complete(doc: &mut utoipa::openapi::OpenApi, table: &PricingTable) {
    if let Some(get) = doc
        .paths
        .paths
        .get_mut("/api/v1/workload")
        .and_then(|item| item.get.as_mut())
    {
        get.parameters = Some(query_parameters(
            egress_core::workload::WORKLOAD_FIELDS,
            table,
        ));
    }
    let components = doc.components.get_or_insert_with(Default::default);
    let mut workload = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(
            "An ECS/Fargate workload. Every field is optional and takes its default when omitted; unknown fields are rejected.",
        ))
        .additional_properties(Some(AdditionalProperties::FreeForm(false)));
    for spec in egress_core::workload::WORKLOAD_FIELDS {
        workload = workload.property(spec.name, field_schema(spec, table, false));
    }
    components
        .schemas
        .insert("WorkloadInput".to_owned(), workload.into());
    components
        .schemas
        .insert("ScenarioInput".to_owned(), scenario_input(table).into());
    if let Some(post) = doc
        .paths
        .paths
        .get_mut("/api/v1/workload")
        .and_then(|item| item.post.as_mut())
    {
        post.request_body = Some(json_body("The workload", "WorkloadInput"));
    }
    if let Some(item) = doc.paths.paths.get_mut("/api/v1/compare") {
        if let Some(get) = item.get.as_mut() {
            get.parameters = Some(query_parameters(FIELDS, table));
        }
        if let Some(post) = item.post.as_mut() {
            post.request_body = Some(json_body("The scenario", "ScenarioInput"));
        }
    }
    if let Some(post) = doc
        .paths
        .paths
        .get_mut("/api/v1/compare/batch")
        .and_then(|item| item.post.as_mut())
    {
        // NDJSON (one ScenarioInput per line) is described in the operation's
        // text: OpenAPI has no schema for a stream of lines. The items are
        // not constrained: an invalid scenario is answered in place with its
        // error (200), so no item makes the request as a whole invalid; the
        // 10,000-item limit (413) is in the text for the same reason.
        let array = ArrayBuilder::new().items(ObjectBuilder::new().schema_type(utoipa::openapi::schema::SchemaType::AnyValue).description(Some(
            "A scenario (see ScenarioInput); one that is not valid is answered with its own {index, error} entry",
        )));
        post.request_body = Some(RefOr::T(
            RequestBodyBuilder::new()
                .description(Some(
                    "A JSON array of scenarios; or, with Content-Type: application/x-ndjson, one scenario object per line",
                ))
                .content("application/json", Content::new(Some(array)))
                .required(Some(Required::True))
                .build(),
        ));
    }
    if let Some(get) = doc
        .paths
        .paths
        .get_mut("/api/v1/sweep")
        .and_then(|item| item.get.as_mut())
    {
        let decimal_fields = FIELDS
            .iter()
            .filter(|f| matches!(f.kind, FieldKind::Decimal { .. }))
            .map(|f| f.name);
        let parameters = get.parameters.get_or_insert_with(Vec::new);
        for p in parameters.iter_mut() {
            let RefOr::T(p) = p else { continue };
            match p.name.as_str() {
                "vary" => {
                    p.schema = Some(
                        ObjectBuilder::new()
                            .schema_type(Type::String)
                            .enum_values(Some(decimal_fields.clone()))
                            .into(),
                    );
                }
                // The schema states the range every decimal field takes
                // (0–100); wider values are valid for the wider fields
                // (monthly_gb, peak_gbps), as the description says.
                "from" | "to" => {
                    p.schema = Some(
                        ObjectBuilder::new()
                            .schema_type(Type::String)
                            .pattern(Some(decimal_pattern(100, "")))
                            .max_length(Some(MAX_VALUE_LEN))
                            .into(),
                    );
                    p.description = Some(format!(
                        "{} value of the varied field, as decimal text within its range: 0 to 100 for the percentages, up to 1000000000 for monthly_gb and 100000 for peak_gbps",
                        if p.name == "from" { "First" } else { "Last" }
                    ));
                }
                _ => {}
            }
        }
        parameters.extend(query_parameters(FIELDS, table));
    }
}
