//! Which interface endpoints pay for themselves, service by service (with
//! per-service traffic): each endpoint's monthly cost against the same
//! traffic through the NAT, the verdict, the break-even per endpoint and the
//! saving of creating just the ones that pay; and what a private task with
//! no NAT needs whatever the cost.

use super::analysis::{break_even_gb, endpoint_gb, nat_path_per_gb};
use super::base::{EngineError, add, cross_az_leg, mul};
use super::context::Context;
use crate::money::{Money, TwoPlaces};
use crate::pricing::Figure;
use rust_decimal::Decimal;
use serde::Serialize;

/// Create the endpoint, or leave the traffic on the NAT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Verdict {
    /// The endpoint costs less than the NAT for this traffic.
    Create,
    /// The NAT is cheaper for this traffic.
    Skip,
}

/// One service's advice.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceAdvice {
    /// Endpoint service name.
    pub service: String,
    /// GB per month.
    pub gb: TwoPlaces,
    /// The endpoint in every AZ plus its processing: `azs × hours × endpoint_hour + gb × endpoint_gb`.
    pub endpoint_cost: Money,
    /// The same traffic through the NAT: `gb × nat_gb` plus its cross-AZ
    /// leg, `2 × gb × cross_az_gb × (azs − nat_gateways) ÷ azs`.
    pub nat_cost: Money,
    /// `create` when the endpoint costs less.
    pub verdict: Verdict,
}

/// What a private task needs without a NAT, whatever the cost.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Requirement {
    /// Endpoint (service name, or `s3 (gateway)`).
    pub endpoint: &'static str,
    /// When and why.
    pub why: &'static str,
}

/// The advice for a scenario with per-service traffic.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndpointAdvice {
    /// GB per month at which one endpoint pays for itself (the same for every
    /// service); null when the NAT is not dearer per GB.
    pub break_even_gb_per_endpoint: Option<TwoPlaces>,
    /// Σ over `create` services of `nat_cost − endpoint_cost`.
    pub saving: Money,
    /// Each service, in the order given.
    pub services: Vec<ServiceAdvice>,
    /// What a task with no NAT at all needs (AWS ECR and ECS documentation).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Requirement>))]
    pub required_without_nat: &'static [Requirement],
}

/// Sourced from the Amazon ECR user guide ("Amazon ECR interface VPC
/// endpoints (AWS PrivateLink)": tasks on Fargate platform 1.4.0+ need
/// `ecr.dkr`, `ecr.api` and the S3 gateway endpoint for image layers, plus
/// `logs` for the awslogs driver) and the ECS guide (secrets from Secrets
/// Manager or SSM Parameter Store need those endpoints).
pub const REQUIRED_WITHOUT_NAT: &[Requirement] = &[
    Requirement {
        endpoint: "ecr.api",
        why: "to pull images from ECR (manifests, authorization)",
    },
    Requirement {
        endpoint: "ecr.dkr",
        why: "to pull images from ECR (the registry API)",
    },
    Requirement {
        endpoint: "s3 (gateway, free)",
        why: "ECR serves image layers from S3",
    },
    Requirement {
        endpoint: "logs",
        why: "when tasks use the awslogs log driver",
    },
    Requirement {
        endpoint: "secretsmanager",
        why: "when the task definition injects Secrets Manager secrets",
    },
    Requirement {
        endpoint: "ssm",
        why: "when the task definition injects SSM parameters",
    },
];

/// The advice, when the scenario gives per-service traffic.
pub(super) fn endpoint_advice(ctx: &Context<'_>) -> Result<Option<EndpointAdvice>, EngineError> {
    let s = ctx.scenario;
    let Some(services) = &s.services else {
        return Ok(None);
    };
    let hour = ctx.usd(Figure::EndpointHour).unwrap_or(Decimal::ZERO);
    let per_endpoint = mul(ctx.az_hours()?, hour, "endpoint hours")?;
    let (nat_gb, cross_leg) = nat_path_per_gb(ctx)?;
    let cross_az_gb = ctx.usd(Figure::CrossAzGb).unwrap_or(Decimal::ZERO);
    let endpoint_gb = endpoint_gb(ctx);
    let mut saving = Decimal::ZERO;
    let mut advice = Vec::with_capacity(services.len());
    for t in services {
        let endpoint_cost = per_endpoint + mul(t.gb, endpoint_gb, "endpoint processing")?;
        // The cross-AZ leg of this service's dollars, multiplied before it
        // divides (not `gb × (nat_gb + cross_leg)`, whose leg per GB is
        // already rounded: 0.0133… × 3 GB gives 0.0399…9, not 0.04).
        let crossing = cross_az_leg(
            mul(t.gb, cross_az_gb, "NAT cost of a service")?,
            s.azs,
            s.nat_gateways,
        )?;
        let nat_cost = add(
            mul(t.gb, nat_gb, "NAT cost of a service")?,
            crossing,
            "NAT cost of a service",
        )?;
        let verdict = if endpoint_cost < nat_cost {
            saving += nat_cost - endpoint_cost;
            Verdict::Create
        } else {
            Verdict::Skip
        };
        advice.push(ServiceAdvice {
            service: t.service.clone(),
            gb: TwoPlaces(t.gb),
            endpoint_cost: Money::new(endpoint_cost),
            nat_cost: Money::new(nat_cost),
            verdict,
        });
    }
    Ok(Some(EndpointAdvice {
        break_even_gb_per_endpoint: break_even_gb(per_endpoint, nat_gb + cross_leg - endpoint_gb)?
            .map(TwoPlaces),
        saving: Money::new(saving),
        services: advice,
        required_without_nat: REQUIRED_WITHOUT_NAT,
    }))
}
