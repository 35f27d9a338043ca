//! Per-service AWS API traffic (`services`): the interface-endpoint services
//! the planner knows, with a line on what each carries, and the rules for
//! naming them. Names are AWS's endpoint service names without the
//! `com.amazonaws.<region>.` prefix.

use rust_decimal::Decimal;

/// A known interface-endpoint service.
#[derive(Debug, Clone, Copy)]
pub struct KnownService {
    /// Endpoint service name, e.g. `logs`.
    pub name: &'static str,
    /// What it carries, for people.
    pub description: &'static str,
}

/// The interface-endpoint services the form lists and the parser accepts.
pub const KNOWN_SERVICES: &[KnownService] = &[
    known(
        "ecr.api",
        "ECR API: image manifests and authorization (image layers come from S3)",
    ),
    known(
        "ecr.dkr",
        "ECR Docker registry: the pull requests themselves",
    ),
    known("logs", "CloudWatch Logs: the awslogs log driver"),
    known("monitoring", "CloudWatch metrics (PutMetricData)"),
    known(
        "secretsmanager",
        "Secrets Manager: secrets injected into task definitions",
    ),
    known(
        "ssm",
        "Systems Manager Parameter Store: parameters in task definitions",
    ),
    known("ssmmessages", "Systems Manager messages: ECS Exec sessions"),
    known("sts", "Security Token Service: role credentials"),
    known(
        "kms",
        "Key Management Service: decrypting secrets and data keys",
    ),
    known("sqs", "Simple Queue Service"),
    known("sns", "Simple Notification Service"),
    known("ecs", "ECS API"),
    known("ecs-agent", "ECS agent communication (EC2 launch type)"),
    known("ecs-telemetry", "ECS telemetry (EC2 launch type)"),
    known("elasticloadbalancing", "Elastic Load Balancing API"),
    known("dynamodb-streams", "DynamoDB Streams"),
    known("execute-api", "API Gateway private APIs"),
    known("kinesis-streams", "Kinesis Data Streams"),
    known("xray", "AWS X-Ray traces"),
];

const fn known(name: &'static str, description: &'static str) -> KnownService {
    KnownService { name, description }
}

/// Services that have gateway endpoints, not interface endpoints.
pub const GATEWAY_SERVICES: &[&str] = &["s3", "dynamodb"];

/// One service's monthly GB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceTraffic {
    /// Endpoint service name.
    pub service: String,
    /// GB per month.
    pub gb: Decimal,
}

/// Why a service name is not accepted, or `None` when it is known.
pub fn name_problem(name: &str) -> Option<String> {
    if KNOWN_SERVICES.iter().any(|s| s.name == name) {
        return None;
    }
    if GATEWAY_SERVICES.contains(&name) {
        return Some(format!(
            "{name} is reached through a free gateway endpoint, not an interface endpoint; give its traffic as s3_percent (S3) or leave it out (DynamoDB)"
        ));
    }
    let known: Vec<&str> = KNOWN_SERVICES.iter().map(|s| s.name).collect();
    Some(format!(
        "unknown interface endpoint service {}; the known ones are {}",
        super::parse::shown(name),
        known.join(", ")
    ))
}
