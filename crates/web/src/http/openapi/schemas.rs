//! The response shapes the engine's types do not describe themselves: the batch, sweep, workload
//! and pricing answers. The comparison and everything in it derive their schemas on the engine's
//! own types (`egress-core`'s `openapi` feature), so a member added there is in the document, and
//! schemathesis checks every response of the real server against it.
#![allow(dead_code)]

use egress_core::engine::{Comparison, PricingUsed};
use egress_core::money::Money;
use utoipa::ToSchema;

/// A decimal at full precision, as a string.
#[derive(ToSchema)]
#[schema(value_type = String, pattern = r"^-?[0-9]+(\.[0-9]+)?$", example = "0.045")]
pub struct Decimal(String);

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
fn cost_map() -> utoipa::openapi::schema::Object {
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
    Summary(BatchSummary),
    /// A scenario that could not be compared.
    #[schema(title = "BatchError")]
    Error(BatchError),
}

/// A full comparison in a batch answer.
#[derive(ToSchema)]
pub struct BatchComparison {
    /// 0-based position of the scenario in the request.
    index: u64,
    #[serde(flatten)]
    comparison: Comparison<'static>,
}

/// A batch answer with `detail=summary`.
#[derive(ToSchema)]
pub struct BatchSummary {
    /// 0-based position of the scenario in the request.
    index: u64,
    /// Id of the cheapest feasible option.
    cheapest: String,
    /// Each option's monthly cost by option id (null: not priced in the region).
    #[schema(schema_with = cost_map)]
    monthly_cost: (),
    /// Whether each option is feasible, by option id.
    feasible: std::collections::BTreeMap<String, bool>,
}

/// What went wrong with one scenario of a batch.
#[derive(ToSchema)]
pub struct BatchError {
    /// 0-based position of the scenario (null for an error of the batch itself,
    /// such as an NDJSON body past the size limit).
    index: Option<u64>,
    /// The first error, as `POST /api/v1/compare` would answer it.
    error: BatchErrorDetail,
}

/// The field at fault and the message.
#[derive(ToSchema)]
pub struct BatchErrorDetail {
    field: Option<String>,
    message: String,
}

/// One point of a sweep.
#[derive(ToSchema)]
pub struct SweepPoint {
    /// The varied field's value.
    value: Decimal,
    /// The cheapest feasible option there.
    cheapest: String,
    /// Each option's monthly cost by id (null: not priced).
    #[schema(schema_with = cost_map)]
    monthly_cost: (),
    /// Whether each option is feasible there, by id.
    feasible: std::collections::BTreeMap<String, bool>,
}

/// Where two options' costs meet.
#[derive(ToSchema)]
pub struct SweepCrossing {
    /// The varied field's value there.
    value: Decimal,
    /// The two option ids.
    options: Vec<String>,
    /// What each costs there.
    monthly_cost: Money,
}

/// A sweep of one field.
#[derive(ToSchema)]
pub struct Sweep {
    vary: String,
    from: Decimal,
    to: Decimal,
    steps: u32,
    pricing: PricingUsed<'static>,
    /// Option ids in the order of docs/cost-model.md.
    options: Vec<String>,
    /// steps + 1 points, both ends included.
    points: Vec<SweepPoint>,
    /// Crossings between from and to, by value.
    crossings: Vec<SweepCrossing>,
    /// True when varying monthly_gb (every tier boundary is sampled).
    crossings_exact: bool,
}
