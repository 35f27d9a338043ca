//! The response shapes no type of ours is serialized as: a batch answer (one of three types, or a
//! comparison with its index spliced in), the workload and pricing answers (built as JSON values),
//! and the cost map's pattern. Everything else derives its schema on the type it is written from
//! (the engine's behind `egress-core`'s `openapi` feature), so a member added there is in the
//! document, and schemathesis checks every response of the real server against it.
#![allow(dead_code)]

use egress_core::engine::Comparison;
use utoipa::ToSchema;

/// The builder's answer: the scenario (as `POST /api/v1/compare` takes
/// it), each derivation step, and the comparison page with exactly those values.
#[derive(ToSchema)]
pub struct WorkloadAnswer {
    #[schema(value_type = Object)]
    scenario: serde_json::Value,
    derivation: Vec<String>,
    /// `/compare?…`
    compare_url: String,
}

/// The pricing table: sources, limits, NAT instance types and regions, every
/// figure with its source, date, status and grade.
#[derive(ToSchema)]
pub struct PricingTable {
    #[schema(value_type = Object)]
    table: serde_json::Value,
    #[schema(value_type = Object)]
    sources: serde_json::Value,
    #[schema(value_type = Object)]
    limits: serde_json::Value,
    #[schema(value_type = Vec<Object>)]
    nat_instance_types: serde_json::Value,
    #[schema(value_type = Vec<Object>)]
    regions: serde_json::Value,
}

/// Option id → monthly cost as money, or null when the option is not priced.
pub fn cost_map() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(
            "Option id → monthly cost (null: not priced in the region)",
        ))
        .additional_properties(Some(
            ObjectBuilder::new()
                .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
                .pattern(Some(r"^-?[0-9]+\.[0-9]{2}$")),
        ))
        .build()
}

/// One answer of a batch: the comparison with its index, the summary, or an error.
#[derive(ToSchema)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)] // Never built: it only describes JSON.
pub enum BatchAnswer {
    /// The full comparison (default detail), with the scenario's index.
    #[schema(title = "BatchComparison")]
    Full(BatchComparison),
    /// `detail=summary`.
    #[schema(title = "BatchSummary")]
    Summary(crate::http::batch::Summary),
    /// A scenario that could not be compared.
    #[schema(title = "BatchError")]
    Error(crate::http::batch::ErrorEntry<'static>),
}

/// A full comparison in a batch answer.
#[derive(ToSchema)]
pub struct BatchComparison {
    /// 0-based position of the scenario in the request.
    index: u64,
    #[serde(flatten)]
    comparison: Comparison<'static>,
}
