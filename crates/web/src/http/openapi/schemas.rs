//! The response shapes of the engine's and the pricing table's types, as the
//! OpenAPI document describes them. The engine stays free of documentation
//! types; these mirrors describe its JSON, and schemathesis checks every
//! response of the real server against them.
#![allow(dead_code)]

use utoipa::ToSchema;

/// US dollars, rounded half away from zero to cents, as a decimal string.
#[derive(ToSchema)]
#[schema(value_type = String, pattern = r"^-?[0-9]+\.[0-9]{2}$", example = "306.80")]
pub struct Money(String);

/// A decimal rounded half away from zero to two places, as a string.
#[derive(ToSchema)]
#[schema(value_type = String, pattern = r"^-?[0-9]+\.[0-9]{2}$", example = "1251.43")]
pub struct TwoPlaces(String);

/// A decimal at full precision, as a string.
#[derive(ToSchema)]
#[schema(value_type = String, pattern = r"^-?[0-9]+(\.[0-9]+)?$", example = "0.045")]
pub struct Decimal(String);

/// The table version a comparison used.
#[derive(ToSchema)]
pub struct PricingUsed {
    /// Table version.
    version: String,
    /// Date of the newest source.
    as_of: String,
    /// Currency of every amount (USD).
    currency: String,
}

/// The scenario with every default filled in.
#[derive(ToSchema)]
pub struct Scenario {
    region: String,
    monthly_gb: Decimal,
    s3_percent: Decimal,
    aws_percent: Decimal,
    ipv6_percent: Decimal,
    outbound_percent: Decimal,
    azs: u32,
    nat_gateways: u32,
    interface_endpoints: u32,
    public_ips: u32,
    peak_gbps: Decimal,
    nat_instance_type: String,
    nat_instances: u32,
    hours: u32,
    dto_free_tier: bool,
    /// Requirement: no task may have a public address.
    sensitive: bool,
    /// Requirement: egress must survive the loss of one AZ.
    survive_az_loss: bool,
    /// Per-service AWS API traffic, GB/month by service (null when not given).
    #[schema(value_type = Option<Object>)]
    services: Option<serde_json::Value>,
}

/// The traffic volumes derived from the scenario's shares, GB per month.
#[derive(ToSchema)]
pub struct Volumes {
    s3_gb: Decimal,
    aws_gb: Decimal,
    internet_gb: Decimal,
    internet_out_gb: Decimal,
    ipv6_gb: Decimal,
}

/// One priced line: `quantity × unit_price = cost`.
#[derive(ToSchema)]
pub struct Line {
    /// What the line charges for, in words (tiered items name their tier).
    item: String,
    /// How many units, rounded to at most 4 places (the cost uses the exact value).
    quantity: Decimal,
    /// The unit.
    unit: String,
    /// $ per unit, at the table's full precision.
    unit_price: Decimal,
    /// `quantity × unit_price`.
    cost: Money,
    /// The pricing-table figure the unit price comes from.
    figure: String,
    /// True when that figure is assumed for the region.
    assumed: bool,
    /// `fixed` (runs all month) or `per_gb`.
    #[schema(pattern = "^(fixed|per_gb)$")]
    kind: String,
}

/// The NAT bandwidth check of one option.
#[derive(ToSchema)]
pub struct NatLoad {
    share_percent: Decimal,
    peak_gbps: TwoPlaces,
    /// `gateway` (zonal) or `AZ` (regional).
    per: String,
    gateways: u32,
    per_gateway_gbps: TwoPlaces,
    /// Gateways the peak needs for bandwidth.
    gateways_needed: u32,
    over_baseline: bool,
    over_max: bool,
}

/// The NAT instance type priced, and its bandwidth.
#[derive(ToSchema)]
pub struct InstanceChoice {
    automatic: bool,
    share_percent: Decimal,
    sustained_gbps: Decimal,
    burst_gbps: Decimal,
    peak_per_instance_gbps: TwoPlaces,
}

/// One option's result.
#[derive(ToSchema)]
pub struct OptionResult {
    /// Fixed id.
    id: String,
    name: String,
    short_name: String,
    summary: String,
    /// Null when the pricing table cannot price the option in this region.
    monthly_cost: Option<Money>,
    /// More than the answer, `cheapest` (null when not feasible; negative
    /// for a cheaper option passed over for a requirement).
    over_cheapest: Option<Money>,
    feasible: bool,
    infeasible_reason: Option<String>,
    lines: Vec<Line>,
    warnings: Vec<String>,
    notes: Vec<String>,
    /// Whether this option's own path carries the peak, in words: NAT
    /// gateways against their ceiling, a regional gateway per AZ, NAT
    /// instances against the type's sustained bandwidth, the internet
    /// gateway (no ceiling of its own); null when the option is not priced.
    bandwidth_verdict: Option<String>,
    /// NAT gateways the peak needs (options with NAT gateways).
    #[schema(required = false)]
    nat_gateways_needed: Option<u32>,
    #[schema(required = false)]
    nat_load: Option<NatLoad>,
    /// The NAT instance type priced (NAT-instance option).
    #[schema(required = false)]
    instance_type: Option<String>,
    /// NAT instances priced (NAT-instance option).
    #[schema(required = false)]
    nat_instances: Option<u32>,
    #[schema(required = false)]
    instance: Option<InstanceChoice>,
    properties: Properties,
    /// The scenario's requirements and whether this option meets each
    /// (empty when the scenario sets none).
    requirements: Vec<RequirementCheck>,
}

/// A statement and the page it rests on.
#[derive(ToSchema)]
pub struct Statement {
    text: String,
    /// An AWS documentation URL, or fck-nat's or alterNAT's.
    source: String,
}

/// What the loss of one AZ does to the tasks in the others.
#[derive(ToSchema)]
pub struct AvailabilityProperty {
    #[schema(pattern = "^(contained|partial|single_point)$")]
    verdict: String,
    /// The statement behind the verdict.
    text: String,
    source: String,
    details: Vec<Statement>,
}

/// Inbound exposure, where AWS-service traffic goes, what you patch.
#[derive(ToSchema)]
pub struct SecurityProperty {
    #[schema(pattern = "^(public_address|no_inbound|no_internet)$")]
    verdict: String,
    /// The statement behind the verdict.
    text: String,
    source: String,
    details: Vec<Statement>,
}

/// Limits, alarms and upkeep.
#[derive(ToSchema)]
pub struct OperationsProperty {
    #[schema(pattern = "^(managed|self_managed)$")]
    verdict: String,
    /// The statement behind the verdict.
    text: String,
    source: String,
    details: Vec<Statement>,
}

/// An option's properties for the scenario, beside its cost.
#[derive(ToSchema)]
pub struct Properties {
    availability: AvailabilityProperty,
    security: SecurityProperty,
    operations: OperationsProperty,
}

/// Whether an option meets one of the scenario's requirements.
#[derive(ToSchema)]
pub struct RequirementCheck {
    #[schema(pattern = "^(sensitive|survive_az_loss)$")]
    requirement: String,
    met: bool,
    /// Why (or why not).
    reason: String,
    source: String,
}

/// A cheaper option the answer passed over for a requirement.
#[derive(ToSchema)]
pub struct PassedOver {
    id: String,
    /// The requirements it fails, with their reasons.
    reason: String,
}

/// Public subnets against the cheapest NAT option.
#[derive(ToSchema)]
pub struct PublicVsNat {
    nat_option: String,
    nat_fixed_cost: Money,
    public_fixed_cost: Money,
    fixed_cost_difference: Money,
    explanation: String,
}

/// Break-even figures with their assumptions.
#[derive(ToSchema)]
pub struct BreakEven {
    /// AWS API GB/month at which the interface endpoints pay for themselves.
    interface_endpoints_gb: Option<TwoPlaces>,
    interface_endpoints_explanation: String,
    s3_gateway_endpoint_saving: Money,
    s3_gateway_endpoint_explanation: String,
    public_subnet_vs_nat: PublicVsNat,
}

/// Bandwidth ceiling checks.
#[derive(ToSchema)]
pub struct Bandwidth {
    peak_gbps: Decimal,
    nat_baseline_gbps: Decimal,
    nat_max_gbps: Decimal,
    nat_gateways: u32,
    nat_gateways_needed: u32,
    nat_per_gateway_gbps: TwoPlaces,
    endpoint_per_az_gbps: TwoPlaces,
    endpoint_baseline_gbps_per_az: Decimal,
    endpoint_max_gbps_per_az: Decimal,
    verdict: String,
}

/// A figure of the region that no source confirms.
#[derive(ToSchema)]
pub struct AssumedFigure {
    figure: String,
    note: String,
}

/// The whole answer for one scenario.
#[derive(ToSchema)]
pub struct Comparison {
    region: String,
    region_name: String,
    pricing: PricingUsed,
    scenario: Scenario,
    volumes: Volumes,
    /// Every option, in the contract's order.
    options: Vec<OptionResult>,
    /// Id of the cheapest feasible option that meets every requirement given.
    cheapest: String,
    /// Cheaper feasible options passed over for a requirement, cheapest first.
    passed_over: Vec<PassedOver>,
    break_even: BreakEven,
    bandwidth: Bandwidth,
    assumed_figures: Vec<AssumedFigure>,
    /// Which interface endpoints pay for themselves (null without per-service traffic).
    endpoint_advice: Option<EndpointAdvice>,
}

/// One service's endpoint advice.
#[derive(ToSchema)]
pub struct ServiceAdvice {
    service: String,
    gb: TwoPlaces,
    endpoint_cost: Money,
    nat_cost: Money,
    /// `create` or `skip`.
    #[schema(pattern = "^(create|skip)$")]
    verdict: String,
}

/// What a private task needs without a NAT.
#[derive(ToSchema)]
pub struct Requirement {
    endpoint: String,
    why: String,
}

/// Which interface endpoints pay for themselves.
#[derive(ToSchema)]
pub struct EndpointAdvice {
    break_even_gb_per_endpoint: Option<TwoPlaces>,
    saving: Money,
    services: Vec<ServiceAdvice>,
    required_without_nat: Vec<Requirement>,
}

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
    comparison: Comparison,
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
    pricing: PricingUsed,
    /// Option ids in the contract's order.
    options: Vec<String>,
    /// steps + 1 points, both ends included.
    points: Vec<SweepPoint>,
    /// Crossings between from and to, by value.
    crossings: Vec<SweepCrossing>,
    /// True when varying monthly_gb (every tier boundary is sampled).
    crossings_exact: bool,
}
