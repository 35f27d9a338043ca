//! The short answer for one priced scenario: the cheapest option, each option's cost and
//! feasibility, and, when the scenario sets a requirement, which options meet it. A batch
//! summary and every point of a sweep carry it, so both say the same.

use egress_core::engine::{Money, Priced};
use serde::Serialize;
use utoipa::ToSchema;

/// Option id → a value, in the order of docs/cost-model.md.
type ById<V> = Vec<(&'static str, V)>;

/// What one priced scenario comes to, option by option.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Costs {
    /// Id of the cheapest feasible option that meets the scenario's requirements (the cheapest
    /// feasible one when none meets them).
    pub cheapest: &'static str,
    /// Each option's monthly cost by option id (null: not priced in the region).
    #[serde(serialize_with = "by_id")]
    #[schema(schema_with = super::openapi::schemas::cost_map)]
    pub monthly_cost: ById<Option<Money>>,
    /// Whether each option is feasible, by option id.
    #[serde(serialize_with = "by_id")]
    #[schema(value_type = std::collections::BTreeMap<String, bool>)]
    pub feasible: ById<bool>,
    /// Whether each option meets every requirement the scenario sets (`sensitive`,
    /// `survive_az_loss`), by option id; present only when it sets one. A cheaper feasible
    /// option that does not is passed over for `cheapest`.
    #[serde(serialize_with = "some_by_id", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<std::collections::BTreeMap<String, bool>>)]
    pub meets_requirements: Option<ById<bool>>,
}

impl From<&Priced> for Costs {
    fn from(priced: &Priced) -> Costs {
        let options = &priced.options;
        let set = options.iter().any(|o| !o.requirements.is_empty());
        Costs {
            cheapest: priced.cheapest,
            monthly_cost: options.iter().map(|o| (o.id, o.monthly_cost)).collect(),
            feasible: options.iter().map(|o| (o.id, o.feasible)).collect(),
            meets_requirements: set.then(|| {
                options
                    .iter()
                    .map(|o| (o.id, o.meets_requirements()))
                    .collect()
            }),
        }
    }
}

fn by_id<S: serde::Serializer, V: Serialize>(
    entries: &[(&'static str, V)],
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_map(entries.iter().map(|(k, v)| (k, v)))
}

fn some_by_id<S: serde::Serializer>(entries: &Option<ById<bool>>, s: S) -> Result<S::Ok, S::Error> {
    by_id(entries.as_deref().unwrap_or_default(), s)
}
