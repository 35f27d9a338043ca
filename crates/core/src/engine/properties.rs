//! What an option is like beside its cost: how it fares when an AZ fails
//! (availability), what can reach the tasks and where AWS-service traffic
//! goes (security), and what someone must run and watch (operations). Each
//! statement carries its source. An option states its own in
//! `EgressOption::properties` (one function in its file); the statements
//! several options share are here. The requirements a scenario can set
//! (`sensitive`, `survive_az_loss`) are checked against these verdicts,
//! the same way for every option.

use super::base::{Path, Routes};
use super::messages::{Azs, agreeing};
use crate::scenario::Scenario;
use serde::{Serialize, Serializer};
use smallvec::SmallVec;
use std::fmt;

/// The pages the statements rest on.
pub mod source {
    /// NAT gateway basics: zonal redundancy, shared gateways across AZs, 55,000 connections per address.
    pub const NAT_GATEWAY_BASICS: &str =
        "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html";
    /// NAT gateways: outbound only; the internet cannot start a connection.
    pub const NAT_GATEWAY: &str =
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html";
    /// Regional NAT gateways for automatic multi-AZ expansion.
    pub const REGIONAL_NAT: &str =
        "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateways-regional.html";
    /// NAT gateway CloudWatch metrics (`ErrorPortAllocation`, `PacketsDropCount`).
    pub const NAT_METRICS: &str =
        "https://docs.aws.amazon.com/vpc/latest/userguide/metrics-dimensions-nat-gateway.html";
    /// NAT instances: yours to launch, patch and replace.
    pub const NAT_INSTANCES: &str =
        "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html";
    /// Egress-only internet gateways (IPv6).
    pub const EGRESS_ONLY: &str =
        "https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html";
    /// Internet gateways: horizontally scaled, redundant, highly available.
    pub const INTERNET_GATEWAY: &str =
        "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html";
    /// Gateway endpoints (S3): route-table entries.
    pub const GATEWAY_ENDPOINTS: &str =
        "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html";
    /// Endpoint policies.
    pub const ENDPOINT_POLICIES: &str =
        "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html";
    /// Interface endpoints (AWS PrivateLink) to AWS services.
    pub const INTERFACE_ENDPOINTS: &str =
        "https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html";
    /// Security groups.
    pub const SECURITY_GROUPS: &str =
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html";
    /// Fargate task networking: public addresses, dual-stack.
    pub const FARGATE_NETWORKING: &str =
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html";
    /// EC2 instance network bandwidth: baseline, burst on credits.
    pub const INSTANCE_BANDWIDTH: &str =
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-network-bandwidth.html";
    /// Security group connection tracking.
    pub const CONNECTION_TRACKING: &str = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html";
    /// fck-nat's high-availability mode.
    pub const FCK_NAT_HA: &str = "https://fck-nat.dev/stable/features/#high-availability-mode";
    /// alterNAT: NAT instances that fail over to NAT gateways.
    pub const ALTERNAT: &str = "https://github.com/chime/terraform-aws-alternat";
    /// The multi-VPC whitepaper: NAT gateways centralized behind a Transit Gateway.
    pub const CENTRALIZED_EGRESS: &str = "https://docs.aws.amazon.com/whitepapers/latest/building-scalable-secure-multi-vpc-network-infrastructure/using-nat-gateway-for-centralized-egress.html";
    /// The multi-VPC whitepaper: NAT gateways behind AWS Network Firewall.
    pub const INSPECTED_EGRESS: &str = "https://docs.aws.amazon.com/whitepapers/latest/building-scalable-secure-multi-vpc-network-infrastructure/using-nat-gateway-with-firewall.html";
}

/// A short title of a source page, for a link's text (`NAT gateway basics`).
pub fn source_title(url: &str) -> &'static str {
    match url {
        source::NAT_GATEWAY_BASICS => "NAT gateway basics",
        source::NAT_GATEWAY => "NAT gateways",
        source::REGIONAL_NAT => "Regional NAT gateways",
        source::NAT_METRICS => "NAT gateway metrics",
        source::NAT_INSTANCES => "NAT instances",
        source::EGRESS_ONLY => "Egress-only internet gateways",
        source::INTERNET_GATEWAY => "Internet gateways",
        source::GATEWAY_ENDPOINTS => "Gateway endpoints",
        source::ENDPOINT_POLICIES => "Endpoint policies",
        source::INTERFACE_ENDPOINTS => "Interface endpoints",
        source::SECURITY_GROUPS => "Security groups",
        source::FARGATE_NETWORKING => "Fargate task networking",
        source::INSTANCE_BANDWIDTH => "EC2 network bandwidth",
        source::CONNECTION_TRACKING => "Connection tracking",
        source::FCK_NAT_HA => "fck-nat HA mode",
        source::ALTERNAT => "alterNAT",
        source::CENTRALIZED_EGRESS => "Centralized egress (whitepaper)",
        source::INSPECTED_EGRESS => "NAT gateway with Network Firewall (whitepaper)",
        _ => "source",
    }
}

impl Statement {
    /// Its source's short title.
    pub fn source_title(&self) -> &'static str {
        source_title(self.source)
    }
}

/// What the loss of one AZ does to the tasks in the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Availability {
    /// Only the failed AZ's tasks lose egress.
    Contained,
    /// Some other AZs' tasks lose egress with it.
    Partial,
    /// One component carries every AZ's egress: its failure cuts them all.
    SinglePoint,
}

impl Availability {
    /// A word or two for a matrix cell.
    pub fn word(self) -> &'static str {
        match self {
            Availability::Contained => "Contained",
            Availability::Partial => "Partial",
            Availability::SinglePoint => "Single point",
        }
    }
}

/// What can reach the tasks from the internet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Exposure {
    /// Each task has a public address: reachable unless its security group denies it.
    PublicAddress,
    /// Outbound only: nothing outside can start a connection to a task.
    NoInbound,
    /// No internet path at all.
    NoInternet,
}

impl Exposure {
    /// A word or two for a matrix cell.
    pub fn word(self) -> &'static str {
        match self {
            Exposure::PublicAddress => "Public IPs",
            Exposure::NoInbound => "No inbound",
            Exposure::NoInternet => "No internet",
        }
    }
}

/// Who runs the egress path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Upkeep {
    /// AWS runs every component; you set alarms.
    Managed,
    /// You run instances: patching, replacement, monitoring.
    SelfManaged,
}

impl Upkeep {
    /// A word or two for a matrix cell.
    pub fn word(self) -> &'static str {
        match self {
            Upkeep::Managed => "AWS-managed",
            Upkeep::SelfManaged => "You patch",
        }
    }
}

/// One statement and the page it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Statement {
    /// The statement.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub text: Words,
    /// An AWS documentation URL (or fck-nat's, alterNAT's).
    #[serde(serialize_with = "crate::json::fixed")]
    pub source: &'static str,
}

impl Statement {
    /// A fixed statement.
    pub const fn fixed(text: &'static str, source: &'static str) -> Statement {
        Statement {
            text: Words::Fixed(text),
            source,
        }
    }

    /// A statement with figures of the scenario, written by `write` when it is shown.
    pub fn said(figures: Figures, write: Writer, source: &'static str) -> Statement {
        Statement {
            text: Words::Written(figures, write),
            source,
        }
    }
}

/// The scenario's figures a statement can be written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figures {
    /// NAT devices (gateways or instances).
    pub devices: u32,
    /// What one is called (`NAT gateway`).
    pub device: &'static str,
    /// The scenario's AZs.
    pub azs: u32,
}

impl Figures {
    /// `1 NAT gateway` / `2 NAT gateways`.
    pub fn devices(&self) -> impl fmt::Display + use<> {
        struct Devices(u32, &'static str);
        impl fmt::Display for Devices {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let plural = if self.0 == 1 { "" } else { "s" };
                write!(f, "{} {}{plural}", self.0, self.1)
            }
        }
        Devices(self.devices, self.device)
    }

    /// The scenario's AZs alone.
    pub fn azs(azs: u32) -> Figures {
        Figures {
            devices: 0,
            device: "",
            azs,
        }
    }
}

/// Writes a statement from its figures.
pub type Writer = fn(&Figures, &mut fmt::Formatter<'_>) -> fmt::Result;

/// The figures and writer of a statement that puts the scenario's `$azs` (`1 AZ`, `3 AZs`)
/// where `{}` stands in `$text`.
macro_rules! with_azs {
    ($azs:expr, $text:literal) => {
        (
            $crate::engine::properties::Figures::azs($azs),
            |figures: &$crate::engine::properties::Figures, out: &mut ::std::fmt::Formatter<'_>| {
                write!(out, $text, $crate::engine::messages::Azs(figures.azs))
            },
        )
    };
}
pub(crate) use with_azs;

/// A statement's words: a fixed text, or one written from the scenario's figures only when
/// a view shows it (the headline views price every option and show none of these).
#[derive(Clone, Copy)]
pub enum Words {
    /// The same for every scenario.
    Fixed(&'static str),
    /// Written from these figures.
    Written(Figures, Writer),
}

impl fmt::Display for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Words::Fixed(text) => f.write_str(text),
            Words::Written(figures, write) => write(figures, f),
        }
    }
}

impl fmt::Debug for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string(), f)
    }
}

/// Two statements are equal when they read the same.
impl PartialEq for Words {
    fn eq(&self, other: &Words) -> bool {
        match (self, other) {
            (Words::Fixed(a), Words::Fixed(b)) => a == b,
            // The same writer with the same figures writes the same words. (Two writers that
            // share an address share their code, so a false match is impossible; a missed one
            // only costs writing both.)
            (Words::Written(a, write_a), Words::Written(b, write_b))
                if a == b && std::ptr::fn_addr_eq(*write_a, *write_b) =>
            {
                true
            }
            _ => self.to_string() == other.to_string(),
        }
    }
}

impl Eq for Words {}

impl Serialize for Words {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Words::Fixed(text) => crate::json::fixed_text(text, serializer),
            Words::Written(..) => serializer.collect_str(self),
        }
    }
}

/// One aspect: its verdict, the statement that decides it, and more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Property<V> {
    /// The verdict (`contained`, `no_inbound`, `managed`, …).
    pub verdict: V,
    /// The statement behind the verdict, with its source.
    #[serde(flatten)]
    pub lead: Statement,
    /// Further statements, each with its source.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Statement>))]
    pub details: SmallVec<[Statement; 4]>,
}

impl<V> Property<V> {
    /// A property with its deciding statement and no others yet.
    pub fn new(verdict: V, lead: Statement) -> Property<V> {
        Property {
            verdict,
            lead,
            details: SmallVec::new(),
        }
    }

    /// Adds statements.
    pub fn with(mut self, more: impl IntoIterator<Item = Statement>) -> Property<V> {
        self.details.extend(more);
        self
    }

    /// Adds one fixed statement.
    pub fn and(self, text: &'static str, source: &'static str) -> Property<V> {
        self.with([Statement::fixed(text, source)])
    }
}

/// An option's properties for one scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Properties {
    /// What the loss of an AZ does.
    pub availability: Property<Availability>,
    /// Inbound exposure, where AWS-service traffic goes, what you patch.
    pub security: Property<Exposure>,
    /// Limits, alarms and upkeep.
    pub operations: Property<Upkeep>,
}

/// A requirement a scenario can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = RequirementName))]
pub enum Requirement {
    /// No task may have a public address (`sensitive`).
    Sensitive,
    /// Egress must survive the loss of one AZ (`survive_az_loss`).
    SurviveAzLoss,
}

impl Requirement {
    /// Every requirement, in the order they are checked and shown.
    pub const ALL: [Requirement; 2] = [Requirement::Sensitive, Requirement::SurviveAzLoss];

    /// The requirements `scenario` sets.
    pub fn given(scenario: &Scenario) -> Vec<Requirement> {
        Requirement::ALL
            .into_iter()
            .filter(|r| r.set_by(scenario))
            .collect()
    }

    /// Whether `scenario` sets any requirement.
    pub fn any(scenario: &Scenario) -> bool {
        Requirement::ALL.into_iter().any(|r| r.set_by(scenario))
    }

    /// Whether `scenario` sets this requirement.
    fn set_by(self, scenario: &Scenario) -> bool {
        match self {
            Requirement::Sensitive => scenario.sensitive,
            Requirement::SurviveAzLoss => scenario.survive_az_loss,
        }
    }

    /// Its field name (`sensitive`, `survive_az_loss`).
    pub fn name(self) -> &'static str {
        match self {
            Requirement::Sensitive => "sensitive",
            Requirement::SurviveAzLoss => "survive_az_loss",
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Requirement::Sensitive => "No task may have a public address",
            Requirement::SurviveAzLoss => "Egress survives the loss of one AZ",
        }
    }
}

/// Whether an option meets one requirement, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequirementCheck {
    /// The requirement.
    pub requirement: Requirement,
    /// Whether the option meets it.
    pub met: bool,
    /// Why (or why not): the property's deciding statement.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub reason: Words,
    /// The reason's source.
    #[serde(serialize_with = "crate::json::fixed")]
    pub source: &'static str,
}

impl Properties {
    /// Whether these properties meet `requirement`: `sensitive` fails on a
    /// public address, `survive_az_loss` on anything but a contained AZ loss.
    pub fn check(&self, requirement: Requirement) -> RequirementCheck {
        let (met, lead) = match requirement {
            Requirement::Sensitive => (
                self.security.verdict != Exposure::PublicAddress,
                &self.security.lead,
            ),
            Requirement::SurviveAzLoss => (
                self.availability.verdict == Availability::Contained,
                &self.availability.lead,
            ),
        };
        RequirementCheck {
            requirement,
            met,
            reason: lead.text,
            source: lead.source,
        }
    }
}

/// The AZs whose tasks lose egress with the worst single AZ failure when
/// `devices` NAT devices (one per AZ at most) serve `zones` AZs, beyond the
/// failed AZ itself: the AZs without a device are spread over the devices,
/// so the busiest device carries `ceil((zones - devices) / devices)` of them.
pub fn azs_cut_off(devices: u32, zones: u32) -> u32 {
    if devices == 0 || devices >= zones {
        0
    } else {
        (zones - devices).div_ceil(devices)
    }
}

/// Availability of `devices` zonal NAT devices (`device`: "NAT gateway") for
/// the scenario's AZs, in the words of `source`.
pub fn zonal_availability(
    devices: u32,
    zones: u32,
    device: &'static str,
    source: &'static str,
) -> Property<Availability> {
    let figures = Figures {
        devices,
        device,
        azs: zones,
    };
    let lost = azs_cut_off(devices, zones);
    let (verdict, write): (Availability, Writer) = if lost == 0 && zones == 1 {
        (Availability::Contained, |f, out| {
            write!(
                out,
                "{} in the 1 AZ: losing the AZ stops its tasks and their egress together.",
                f.devices()
            )
        })
    } else if lost == 0 {
        (Availability::Contained, |f, out| {
            write!(
                out,
                "{}, one in each of the {} AZs: losing an AZ cuts egress only for the tasks in it; none of the other AZs lose egress.",
                f.devices(),
                f.azs
            )
        })
    } else if devices == 1 {
        (Availability::SinglePoint, |f, out| {
            let lost = Azs(azs_cut_off(f.devices, f.azs));
            write!(
                out,
                "{} for {} AZs: if its AZ fails, the tasks in the other {lost} lose egress too.",
                f.devices(),
                f.azs
            )
        })
    } else {
        (Availability::Partial, |f, out| {
            let without = f.azs - f.devices;
            let lost = Azs(azs_cut_off(f.devices, f.azs));
            let [have, their, ..] = agreeing(without);
            write!(
                out,
                "{} for {} AZs: {} {have} none of {their} own, so if an AZ with a {} fails, the tasks in up to {lost} more lose egress.",
                f.devices(),
                f.azs,
                Azs(without),
                f.device
            )
        })
    };
    Property::new(verdict, Statement::said(figures, write, source))
}

/// What holds of the endpoints `routes` take: `s3` when S3 traffic takes
/// the gateway endpoint, `aws` when AWS API traffic takes interface endpoints.
fn on_endpoints(
    routes: &Routes,
    s3: Statement,
    aws: Statement,
) -> impl Iterator<Item = Statement> + use<> {
    let s3 = (routes.s3 == Path::S3_GATEWAY_ENDPOINT).then_some(s3);
    let aws = (routes.aws == Path::INTERFACE_ENDPOINT).then_some(aws);
    s3.into_iter().chain(aws)
}

/// Availability when losing an AZ cuts egress only for the tasks in it, in words written
/// from the scenario's figures (`with_azs!`).
pub fn contained(
    (figures, write): (Figures, Writer),
    source: &'static str,
) -> Property<Availability> {
    Property::new(
        Availability::Contained,
        Statement::said(figures, write, source),
    )
}

/// Availability of the scenario's zonal NAT gateways, and where the
/// endpoints `routes` take stand.
pub fn nat_gateway_availability(s: &Scenario, routes: &Routes) -> Property<Availability> {
    zonal_availability(
        s.nat_gateways,
        s.azs,
        "NAT gateway",
        source::NAT_GATEWAY_BASICS,
    )
    .with(service_availability(routes))
}

/// Where S3 and AWS API traffic goes, for the security property: through an
/// endpoint (on the AWS network, limited by an endpoint policy) or not.
pub fn service_traffic(routes: &Routes) -> impl Iterator<Item = Statement> + use<> {
    let on = on_endpoints(
        routes,
        Statement::fixed(
            "S3 traffic takes the gateway endpoint: it stays on the AWS network, and an endpoint policy can limit which buckets the tasks reach.",
            source::ENDPOINT_POLICIES,
        ),
        Statement::fixed(
            "AWS API traffic takes interface endpoints: it stays on the AWS network, and each endpoint's policy can limit the actions and resources it allows.",
            source::ENDPOINT_POLICIES,
        ),
    );
    let public = match (
        routes.s3 == Path::S3_GATEWAY_ENDPOINT,
        routes.aws == Path::INTERFACE_ENDPOINT,
    ) {
        (false, false) => Some(
            "S3 and AWS API traffic goes to the services' public endpoints: no endpoint policy can limit it.",
        ),
        (true, false) => Some(
            "AWS API traffic other than S3 goes to the services' public endpoints: no endpoint policy can limit it.",
        ),
        (false, true) => {
            Some("S3 traffic goes to S3's public endpoints: no endpoint policy can limit it.")
        }
        (true, true) => None,
    };
    on.chain(public.map(|text| Statement::fixed(text, source::GATEWAY_ENDPOINTS)))
}

/// Where the endpoints stand when an AZ fails, for the availability property.
pub fn service_availability(routes: &Routes) -> impl Iterator<Item = Statement> + use<> {
    on_endpoints(
        routes,
        Statement::fixed(
            "The S3 gateway endpoint is a route-table entry, not a device in an AZ: an AZ failure leaves it working for the others.",
            source::GATEWAY_ENDPOINTS,
        ),
        Statement::fixed(
            "Interface endpoints have a network interface in every AZ: an AZ failure cuts only that AZ's.",
            source::INTERFACE_ENDPOINTS,
        ),
    )
}

/// What a NAT device says of inbound traffic.
pub const NAT_NO_INBOUND: Statement = Statement::fixed(
    "Tasks have private addresses only: the NAT lets them start connections out, and nothing on the internet can start one to them.",
    source::NAT_GATEWAY,
);

/// The NAT gateway's operations: AWS runs it; the connection limit and the alarms.
pub fn nat_gateway_operations() -> Property<Upkeep> {
    Property::new(
        Upkeep::Managed,
        Statement::fixed(
            "AWS runs and patches the NAT gateway. Each of its addresses carries up to 55,000 simultaneous connections to one destination (address, port and protocol); more addresses (up to 8) raise that.",
            source::NAT_GATEWAY_BASICS,
        ),
    )
    .with([Statement::fixed(
        "Alarm on the CloudWatch metrics ErrorPortAllocation (no source port left: add addresses) and PacketsDropCount (packets dropped).",
        source::NAT_METRICS,
    )])
}

/// The NAT gateway's security: no inbound, and where AWS-service traffic goes.
pub fn nat_security(routes: &Routes) -> Property<Exposure> {
    Property::new(Exposure::NoInbound, NAT_NO_INBOUND).with(service_traffic(routes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_gateway_cuts_the_other_azs() {
        assert_eq!(azs_cut_off(1, 3), 2);
        assert_eq!(azs_cut_off(3, 3), 0);
        assert_eq!(azs_cut_off(2, 3), 1);
        assert_eq!(azs_cut_off(2, 6), 2);
        assert_eq!(azs_cut_off(4, 3), 0);
        for (gateways, verdict, says) in [
            (1, Availability::SinglePoint, "the other 2 AZs lose egress"),
            (
                3,
                Availability::Contained,
                "none of the other AZs lose egress",
            ),
            (2, Availability::Partial, "up to 1 AZ more lose egress"),
        ] {
            let p = zonal_availability(gateways, 3, "NAT gateway", source::NAT_GATEWAY_BASICS);
            assert_eq!(p.verdict, verdict, "{gateways} of 3");
            let text = p.lead.text.to_string();
            assert!(text.contains(says), "{text}");
            assert_eq!(p.lead.source, source::NAT_GATEWAY_BASICS);
        }
        // The AZs without a gateway of their own, one or several.
        for (gateways, zones, says) in [
            (2, 3, "1 AZ has none of its own"),
            (2, 6, "4 AZs have none of their own"),
        ] {
            let p = zonal_availability(gateways, zones, "NAT gateway", source::NAT_GATEWAY_BASICS);
            let text = p.lead.text.to_string();
            assert!(text.contains(says), "{text}");
        }
    }

    #[test]
    fn statements_are_equal_when_they_read_the_same() {
        // What the results page relies on to say "As for …" rather than repeat a statement.
        let three: (Figures, Writer) = with_azs!(3, "In each AZ ({}).");
        let also_three: (Figures, Writer) = with_azs!(3, "In each AZ ({}).");
        let four: (Figures, Writer) = with_azs!(4, "In each AZ ({}).");
        let written = |(figures, write): (Figures, Writer)| Words::Written(figures, write);
        assert_eq!(written(three), written(three));
        assert_eq!(written(three), written(also_three));
        assert_ne!(written(three), written(four));
        assert_eq!(written(three), Words::Fixed("In each AZ (3 AZs)."));
        assert_ne!(Words::Fixed("In each AZ (4 AZs)."), written(three));
        let one: (Figures, Writer) = with_azs!(1, "In each AZ ({}).");
        assert_eq!(written(one), Words::Fixed("In each AZ (1 AZ)."));
    }

    #[test]
    fn requirements_follow_the_verdicts() {
        let routes = Routes::nat_with_s3_endpoint(Path::NAT_GATEWAY);
        let p = Properties {
            availability: zonal_availability(1, 3, "NAT gateway", source::NAT_GATEWAY_BASICS),
            security: nat_security(&routes),
            operations: nat_gateway_operations(),
        };
        let az = p.check(Requirement::SurviveAzLoss);
        assert!(!az.met);
        assert!(az.reason.to_string().contains("other 2 AZs"));
        assert!(p.check(Requirement::Sensitive).met);
    }

    #[test]
    fn endpoints_keep_service_traffic_on_aws() {
        let routes = Routes::nat_with_s3_endpoint(Path::NAT_GATEWAY);
        let said: Vec<Statement> = service_traffic(&routes).collect();
        assert!(
            said[0]
                .text
                .to_string()
                .contains("endpoint policy can limit which buckets")
        );
        assert!(said[1].text.to_string().contains("public endpoints"));
        assert_eq!(said[1].source_title(), "Gateway endpoints");
    }
}
