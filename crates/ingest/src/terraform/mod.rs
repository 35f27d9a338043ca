//! What a Terraform plan says about the scenario (source `"terraform"`): the egress architecture a VPC has
//! (one of the planner's option ids, or why none fits) and the fields the plan fixes (`region`, `azs`,
//! `nat_gateways`, `nat_instances`, `nat_instance_type`, `interface_endpoints`, `public_ips`), each with the
//! resource addresses it came from.
//!
//! Input: the output of `terraform show -json` of a plan file (format version 0.x or 1.x, Terraform 0.12+),
//! or of the state (its `values`), in UTF-8 or UTF-16 with a byte-order mark. The plan has no traffic, so
//! it gives no GB: the interface endpoints' services come back as names ([`PlanReport::services`]).

mod decode;
mod model;

use std::collections::BTreeSet;
use std::fmt;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;

use crate::measured::Derived;
use egress_core::money::words::counted;
use model::{Link, Plan};

/// The source name on every field this module derives.
pub const SOURCE: &str = "terraform";

/// The commands that make the file [`read_plan`] reads.
pub const MAKE_PLAN: &str = "terraform plan -out=tfplan && terraform show -json tfplan > plan.json";

/// Why a file could not be read as a plan.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TerraformError {
    #[error("{file}: not UTF-8 or UTF-16 text: {detail}")]
    Encoding { file: String, detail: String },
    #[error(
        "{file}: line {line}, column {column}: not valid JSON ({detail}); make the plan file with: {MAKE_PLAN}"
    )]
    Json {
        file: String,
        line: usize,
        column: usize,
        detail: String,
    },
    #[error(
        "{file}: this is the JSON Lines log of `terraform plan -json` (objects with \"@level\" and \"type\", one a line), not a plan; make the plan file with: {MAKE_PLAN}"
    )]
    JsonLines { file: String },
    #[error(
        "{file}: not the output of `terraform show -json`: {reason}; make the plan file with: {MAKE_PLAN}"
    )]
    NotShowJson { file: String, reason: String },
    #[error(
        "{file}: format_version \"{version}\" is not supported (this reader knows major versions 0 and 1, Terraform 0.12 and later); make the plan file with a Terraform this reader knows: {MAKE_PLAN}"
    )]
    UnsupportedVersion { file: String, version: String },
    #[error("{file}: {path}: {problem}")]
    Invalid {
        file: String,
        path: String,
        problem: String,
    },
    #[error(
        "{file}: the plan has no VPC egress resources (no aws_nat_gateway, aws_vpc_endpoint, aws_internet_gateway or route to one, NAT instance, aws_egress_only_internet_gateway, aws_ec2_transit_gateway_vpc_attachment or aws_networkfirewall_firewall); plan the configuration that builds the VPC, or its root module"
    )]
    NoEgress { file: String },
}

/// The egress architecture the plan builds: a planner option id, or why it matches none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Current {
    /// One of the planner's option ids (`nat_gateway_all_endpoints`…).
    Option(String),
    /// The plan matches no option; the reason in words.
    None(String),
}

/// For people: the option's name and id (`NAT gateways + … (nat_gateway_all_endpoints)`), or
/// `none of the options (why)`.
impl fmt::Display for Current {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Current::Option(id) => match egress_core::engine::listed(id) {
                Some(listed) => write!(f, "{} ({id})", listed.about.name),
                None => f.write_str(id),
            },
            Current::None(why) => write!(f, "none of the options ({why})"),
        }
    }
}

impl Serialize for Current {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Current::Option(id) => s.serialize_str(id),
            Current::None(reason) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("none", reason)?;
                m.end()
            }
        }
    }
}

/// What the plan builds in one VPC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VpcSummary {
    /// The VPC's resource address (`aws_vpc.main`), or its id when the plan only refers to it.
    pub vpc: String,
    /// Whether the report's fields come from this VPC.
    pub chosen: bool,
    pub current: Current,
    /// Zonal public NAT gateways.
    pub nat_gateways: u32,
    pub regional_nat_gateways: u32,
    pub private_nat_gateways: u32,
    pub nat_instances: u32,
    pub s3_gateway_endpoint: bool,
    pub dynamodb_gateway_endpoint: bool,
    /// The interface endpoints' service names (`logs`, `ecr.api`), in plan order.
    pub interface_endpoints: Vec<String>,
    pub internet_gateway: bool,
    pub egress_only_internet_gateway: bool,
    pub transit_gateway_attachment: bool,
    pub network_firewall: bool,
    pub ecs_services: u32,
    /// The addresses of the resources this summary read.
    pub resources: Vec<String>,
}

/// What a plan determines, as [`read_plan`] answers it.
///
/// Serialized as `{"source": "terraform", "file", "scenario": {field: value…}, "services": [names],
/// "current": "<option id>" | {"none": "<reason>"}, "derivation": [lines], "vpcs": [VpcSummary…]}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanReport {
    pub file: String,
    /// Scenario fields and their derivation (source `"terraform"`).
    pub derived: Derived,
    pub current: Current,
    /// The interface endpoints' services (`svc.<name>` in the planner), names only: a plan has no GB.
    pub services: Vec<String>,
    /// Every VPC the plan builds egress for; the one read is `chosen`.
    pub vpcs: Vec<VpcSummary>,
}

impl Serialize for PlanReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let scenario: serde_json::Map<String, Value> = self
            .derived
            .fields
            .iter()
            .map(|f| (f.name.clone(), Value::String(f.value.clone())))
            .collect();
        let mut m = s.serialize_map(Some(7))?;
        m.serialize_entry("source", SOURCE)?;
        m.serialize_entry("file", &self.file)?;
        m.serialize_entry("scenario", &scenario)?;
        m.serialize_entry("services", &self.services)?;
        m.serialize_entry("current", &self.current)?;
        m.serialize_entry("derivation", &self.derived.derivation)?;
        m.serialize_entry("vpcs", &self.vpcs)?;
        m.end()
    }
}

/// Reads the output of `terraform show -json` (a plan, or a state) named `name` (used in errors).
pub fn read_plan(name: &str, bytes: &[u8]) -> Result<PlanReport, TerraformError> {
    let text = decode::text(name, bytes)?;
    let doc = decode::document(name, &text)?;
    let plan = Plan::new(name, &doc)?;
    analyse(name, &doc, &plan)
}

/// Resource types on a VPC's egress path.
const EGRESS_TYPES: &[&str] = &[
    "aws_nat_gateway",
    "aws_vpc_endpoint",
    "aws_internet_gateway",
    "aws_egress_only_internet_gateway",
    "aws_ec2_transit_gateway_vpc_attachment",
    "aws_networkfirewall_firewall",
];

/// What else the analysis reads: where the egress types stand and what uses them.
const CONTEXT_TYPES: &[&str] = &[
    "aws_vpc",
    "aws_subnet",
    "aws_route",
    "aws_route_table",
    "aws_instance",
    "aws_ecs_service",
];

fn is_nat_instance(plan: &Plan, i: usize) -> bool {
    let r = &plan.res[i];
    r.rtype == "aws_instance" && !r.data && r.bool("source_dest_check") == Some(false)
}

/// The VPC a resource belongs to: its `vpc_id`, or that of its subnet or route table.
fn vpc_of(plan: &Plan, i: usize, depth: u8) -> Option<String> {
    let r = &plan.res[i];
    if depth > 4 {
        return None;
    }
    let via = |path: &[&str]| -> Option<String> {
        plan.links(i, path).into_iter().find_map(|l| match l {
            Link::Res(j) if plan.res[j].rtype == "aws_vpc" => Some(plan.res[j].addr.clone()),
            Link::Res(j) => vpc_of(plan, j, depth + 1),
            Link::External(id) if id.starts_with("vpc-") => Some(id),
            Link::External(_) => None,
        })
    };
    match r.rtype.as_str() {
        "aws_vpc" => Some(r.addr.clone()),
        "aws_nat_gateway" => via(&["vpc_id"]).or_else(|| via(&["subnet_id"])),
        "aws_instance" => {
            via(&["subnet_id"]).or_else(|| via(&["network_interface", "network_interface_id"]))
        }
        "aws_ecs_service" => via(&["network_configuration", "subnets"]),
        "aws_route" => via(&["route_table_id"]),
        "aws_networkfirewall_firewall" => {
            via(&["vpc_id"]).or_else(|| via(&["subnet_mapping", "subnet_id"]))
        }
        "aws_vpc_endpoint" => via(&["vpc_id"]).or_else(|| via(&["subnet_ids"])),
        _ => via(&["vpc_id"]),
    }
}

#[derive(Default)]
struct Group {
    key: String,
    members: Vec<usize>,
}

/// The Availability Zone of a subnet link, when the plan knows it.
fn az_of(plan: &Plan, link: &Link) -> Option<String> {
    match link {
        Link::Res(j) if plan.res[*j].rtype == "aws_subnet" => plan.res[*j]
            .str("availability_zone")
            .or_else(|| plan.res[*j].str("availability_zone_id"))
            .map(str::to_owned),
        _ => None,
    }
}

fn count_of(r: &model::Res) -> u32 {
    r.values
        .get("desired_count")
        .and_then(Value::as_u64)
        .map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// The service part of `com.amazonaws.<region>.<svc>`, and the region.
fn service_of(service_name: &str) -> Option<(&str, &str)> {
    let rest = service_name.strip_prefix("com.amazonaws.")?;
    let (region, svc) = rest.split_once('.')?;
    let regionish = region.contains('-') && region.ends_with(|c: char| c.is_ascii_digit());
    regionish.then_some((region, svc))
}

/// A default route's target kind, from the route's target attributes.
fn route_targets(plan: &Plan, i: usize, block: &[&str], out: &mut BTreeSet<&'static str>) {
    // (attribute, kind) pairs; `gateway_id` is an internet gateway unless it names a virtual private gateway.
    const TARGETS: &[(&str, &str)] = &[
        ("nat_gateway_id", "a NAT gateway"),
        ("transit_gateway_id", "a transit gateway"),
        ("network_interface_id", "an instance"),
        ("instance_id", "an instance"),
        ("vpc_endpoint_id", "a firewall endpoint"),
        ("egress_only_gateway_id", "an egress-only internet gateway"),
        ("gateway_id", "an internet gateway"),
    ];
    for (attr, kind) in TARGETS {
        let mut path: Vec<&str> = block.to_vec();
        path.push(attr);
        let links = plan.links(i, &path);
        let vgw = links.iter().any(|l| match l {
            Link::Res(j) => plan.res[*j].rtype == "aws_vpn_gateway",
            Link::External(id) => id.starts_with("vgw-"),
        });
        let nonempty = links
            .iter()
            .any(|l| !matches!(l, Link::External(id) if id.is_empty()));
        if nonempty && !vgw {
            out.insert(kind);
        }
    }
}

struct Reading {
    summary: VpcSummary,
    derived: Derived,
    services: Vec<String>,
    ecs_tasks: u32,
}

fn analyse(file: &str, doc: &Value, plan: &Plan) -> Result<PlanReport, TerraformError> {
    let relevant: Vec<usize> = (0..plan.res.len())
        .filter(|&i| {
            let r = &plan.res[i];
            let rtype = r.rtype.as_str();
            (EGRESS_TYPES.contains(&rtype) || CONTEXT_TYPES.contains(&rtype))
                && (!r.data || r.rtype == "aws_subnet" || r.rtype == "aws_vpc")
                && (r.rtype != "aws_instance" || is_nat_instance(plan, i))
        })
        .collect();
    let mut groups: Vec<Group> = Vec::new();
    let mut unplaced = Vec::new();
    for &i in &relevant {
        match vpc_of(plan, i, 0) {
            Some(key) => match groups.iter_mut().find(|g| g.key == key) {
                Some(g) => g.members.push(i),
                None => groups.push(Group {
                    key,
                    members: vec![i],
                }),
            },
            None => unplaced.push(i),
        }
    }
    if !unplaced.is_empty() {
        if groups.len() == 1 {
            groups[0].members.extend(unplaced);
            groups[0].members.sort_unstable();
        } else {
            groups.push(Group {
                key: "(a VPC the plan does not name)".into(),
                members: unplaced,
            });
        }
    }
    let has_egress = |g: &Group| {
        g.members.iter().any(|&i| {
            EGRESS_TYPES.contains(&plan.res[i].rtype.as_str()) || is_nat_instance(plan, i)
        })
    };
    groups.retain(|g| has_egress(g));
    if groups.is_empty() {
        return Err(TerraformError::NoEgress {
            file: file.to_owned(),
        });
    }
    let region = find_region(doc, plan);
    let mut readings: Vec<Reading> = groups
        .iter()
        .map(|g| read_vpc(plan, g, region.as_ref()))
        .collect();
    // The VPC with the ECS services (the most tasks), else the first.
    let with_ecs = readings
        .iter()
        .enumerate()
        .filter(|(_, r)| r.summary.ecs_services > 0)
        .max_by(|a, b| a.1.ecs_tasks.cmp(&b.1.ecs_tasks).then(b.0.cmp(&a.0)))
        .map(|(i, _)| i);
    let chosen = with_ecs.unwrap_or(0);
    readings[chosen].summary.chosen = true;
    let mut derived = Derived::default();
    if let Some((code, why)) = &region {
        derived.set(
            SOURCE,
            "region",
            code.clone(),
            format!("region = {code}: {why}."),
        );
    } else {
        derived.derivation.push(
            "region: the plan does not say (no provider `region`, no region in a resource or endpoint service name); the planner's default applies.".into(),
        );
    }
    if readings.len() > 1 {
        let list = readings
            .iter()
            .map(|r| {
                let current = match &r.summary.current {
                    Current::Option(id) => id.clone(),
                    Current::None(_) => "no option".into(),
                };
                format!("{} ({current})", r.summary.vpc)
            })
            .collect::<Vec<_>>()
            .join(", ");
        let why = if with_ecs.is_some() {
            "the one with the ECS services"
        } else {
            "the first; none has ECS services"
        };
        derived.derivation.push(format!(
            "The plan builds egress for {} VPCs: {list}. The fields come from {}, {why}.",
            readings.len(),
            readings[chosen].summary.vpc
        ));
    }
    let r = &readings[chosen];
    for f in &r.derived.fields {
        derived.fields.push(f.clone());
    }
    derived
        .derivation
        .extend(r.derived.derivation.iter().cloned());
    Ok(PlanReport {
        file: file.to_owned(),
        derived,
        current: r.summary.current.clone(),
        services: r.services.clone(),
        vpcs: readings.into_iter().map(|r| r.summary).collect(),
    })
}

fn find_region(doc: &Value, plan: &Plan) -> Option<(String, String)> {
    if let Some(found) = plan.provider_region(doc) {
        return Some(found);
    }
    if let Some(r) = plan
        .res
        .iter()
        .find(|r| !r.data && r.str("region").is_some_and(|s| !s.is_empty()))
    {
        return Some((
            r.str("region")?.to_owned(),
            format!("the `region` attribute of {}", r.addr),
        ));
    }
    for r in plan.res.iter().filter(|r| r.rtype == "aws_vpc_endpoint") {
        if let Some((region, _)) = r.str("service_name").and_then(service_of) {
            return Some((region.to_owned(), format!("the service name of {}", r.addr)));
        }
    }
    for r in plan.res.iter().filter(|r| r.rtype == "aws_subnet") {
        if let Some(az) = r.str("availability_zone") {
            let region = az.trim_end_matches(|c: char| c.is_ascii_lowercase());
            if region.len() < az.len() && region.ends_with(|c: char| c.is_ascii_digit()) {
                return Some((
                    region.to_owned(),
                    format!("the Availability Zone {az} of {}", r.addr),
                ));
            }
        }
    }
    None
}

fn read_vpc(plan: &Plan, g: &Group, region: Option<&(String, String)>) -> Reading {
    let mut d = Derived::default();
    let of = |t: &str| {
        g.members
            .iter()
            .copied()
            .filter(|&i| plan.res[i].rtype == t)
            .collect::<Vec<_>>()
    };
    let addrs = |list: &[usize]| {
        list.iter()
            .map(|&i| plan.res[i].addr.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };

    // NAT gateways.
    let nats = of("aws_nat_gateway");
    let (mut zonal, mut regional, mut private) = (Vec::new(), Vec::new(), Vec::new());
    for &i in &nats {
        let r = &plan.res[i];
        if r.str("connectivity_type") == Some("private") {
            private.push(i);
        } else if r.str("availability_mode") == Some("regional") {
            regional.push(i);
        } else {
            zonal.push(i);
        }
    }
    let nat_instances: Vec<usize> = g
        .members
        .iter()
        .copied()
        .filter(|&i| is_nat_instance(plan, i))
        .collect();

    // Endpoints.
    let mut s3 = Vec::new();
    let mut dynamodb = Vec::new();
    let mut interface = Vec::new();
    let mut services = Vec::new();
    let mut other_interface = Vec::new();
    for i in of("aws_vpc_endpoint") {
        let r = &plan.res[i];
        let kind = r.str("vpc_endpoint_type").unwrap_or("Gateway");
        let svc = r
            .str("service_name")
            .and_then(service_of)
            .map(|(_, s)| s.to_owned());
        match (kind, svc.as_deref()) {
            ("Gateway", Some("s3")) => s3.push(i),
            ("Gateway", Some("dynamodb")) => dynamodb.push(i),
            ("Interface", Some(name)) => {
                interface.push(i);
                if !services.iter().any(|s| s == name) {
                    services.push(name.to_owned());
                }
            }
            ("Interface", None) => {
                interface.push(i);
                other_interface.push(i);
            }
            _ => {}
        }
    }

    // Gateways, attachments, firewalls, services.
    let igws = of("aws_internet_gateway");
    let eigws = of("aws_egress_only_internet_gateway");
    let tgw = of("aws_ec2_transit_gateway_vpc_attachment");
    let firewalls = of("aws_networkfirewall_firewall");
    let ecs = of("aws_ecs_service");

    // Default routes (0.0.0.0/0 and ::/0) and where they lead.
    let mut default_v4 = BTreeSet::new();
    let mut default_v6 = BTreeSet::new();
    for i in of("aws_route") {
        let r = &plan.res[i];
        if r.str("destination_cidr_block") == Some("0.0.0.0/0") {
            route_targets(plan, i, &[], &mut default_v4);
        }
        if r.str("destination_ipv6_cidr_block") == Some("::/0") {
            route_targets(plan, i, &[], &mut default_v6);
        }
    }
    for i in of("aws_route_table") {
        if let Some(routes) = plan.res[i].values.get("route").and_then(Value::as_array) {
            for route in routes {
                let cidr = route.get("cidr_block").and_then(Value::as_str);
                let cidr6 = route.get("ipv6_cidr_block").and_then(Value::as_str);
                let set = match (cidr, cidr6) {
                    (Some("0.0.0.0/0"), _) => &mut default_v4,
                    (_, Some("::/0")) => &mut default_v6,
                    _ => continue,
                };
                for (attr, kind) in [
                    ("nat_gateway_id", "a NAT gateway"),
                    ("transit_gateway_id", "a transit gateway"),
                    ("network_interface_id", "an instance"),
                    ("vpc_endpoint_id", "a firewall endpoint"),
                    ("egress_only_gateway_id", "an egress-only internet gateway"),
                    ("gateway_id", "an internet gateway"),
                ] {
                    if route
                        .get(attr)
                        .and_then(Value::as_str)
                        .is_some_and(|s| !s.is_empty())
                    {
                        set.insert(kind);
                    }
                }
            }
        }
    }

    // ECS services: tasks, public addresses, subnets.
    let mut tasks_public = 0u32;
    let mut tasks_all = 0u32;
    let mut public_services = Vec::new();
    let mut service_azs = BTreeSet::new();
    let mut service_subnets_unknown = false;
    let mut service_subnets = 0usize;
    for &i in &ecs {
        let r = &plan.res[i];
        let n = count_of(r);
        tasks_all = tasks_all.saturating_add(n);
        let public = r
            .values
            .get("network_configuration")
            .and_then(Value::as_array)
            .and_then(|b| b.first())
            .and_then(|b| b.get("assign_public_ip"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if public {
            tasks_public = tasks_public.saturating_add(n);
            public_services.push(i);
        }
        let links = plan.links(i, &["network_configuration", "subnets"]);
        service_subnets += links.len();
        for l in &links {
            match az_of(plan, l) {
                Some(az) => {
                    service_azs.insert(az);
                }
                None => service_subnets_unknown = true,
            }
        }
    }

    // Which option this is.
    let nat_gw = !zonal.is_empty();
    let route_note = |set: &BTreeSet<&str>| set.iter().copied().collect::<Vec<_>>().join(" and ");
    let current = classify(&Shape {
        zonal: zonal.len(),
        regional: regional.len(),
        nat_instances: nat_instances.len(),
        s3: !s3.is_empty(),
        interface: interface.len(),
        eigw: !eigws.is_empty() || default_v6.contains("an egress-only internet gateway"),
        tgw: !tgw.is_empty(),
        firewall: !firewalls.is_empty(),
        igw: !igws.is_empty() || default_v4.contains("an internet gateway"),
        public_tasks: !public_services.is_empty(),
        default_v4: &default_v4,
    });
    let how = match &current {
        Current::Option(id) => format!("current = {id}"),
        Current::None(why) => format!("current: no option matches: {why}"),
    };
    let found: [(&[usize], &str); 9] = [
        (&zonal, "zonal NAT gateways"),
        (&regional, "regional NAT gateway"),
        (&nat_instances, "NAT instances (source_dest_check = false)"),
        (&s3, "S3 gateway endpoint"),
        (&interface, "interface endpoints"),
        (&igws, "internet gateway"),
        (&eigws, "egress-only internet gateway"),
        (&tgw, "transit gateway attachment"),
        (&firewalls, "Network Firewall"),
    ];
    let mut parts: Vec<String> = found
        .iter()
        .filter(|(list, _)| !list.is_empty())
        .map(|(list, what)| format!("{what} {}", addrs(list)))
        .collect();
    for (routes, to) in [(&default_v4, "0.0.0.0/0"), (&default_v6, "::/0")] {
        if !routes.is_empty() {
            parts.push(format!("{to} routed to {}", route_note(routes)));
        }
    }
    d.derivation
        .push(format!("{how}: VPC {} has {}.", g.key, parts.join("; ")));
    if !private.is_empty() {
        d.derivation.push(format!(
            "Private NAT gateways (connectivity_type = \"private\") reach other networks, not the internet; not counted: {}.",
            addrs(&private)
        ));
    }
    if !dynamodb.is_empty() {
        d.derivation.push(format!(
            "DynamoDB gateway endpoint {} is free and outside the planner's options; not counted.",
            addrs(&dynamodb)
        ));
    }

    // azs.
    let subnets = of("aws_subnet");
    let vpc_azs: BTreeSet<String> = subnets
        .iter()
        .filter_map(|&i| az_of(plan, &Link::Res(i)))
        .collect();
    let mut endpoint_azs = 0usize;
    let mut endpoint_from_refs = Vec::new();
    let mut endpoint_lines = Vec::new();
    for &i in &interface {
        let links = plan.links(i, &["subnet_ids"]);
        endpoint_azs = endpoint_azs.max(links.len());
        if plan.via_references(i, &["subnet_ids"]) && !links.is_empty() {
            endpoint_from_refs.push(plan.res[i].addr.clone());
        }
        endpoint_lines.push(format!(
            "{} in {}",
            plan.res[i].addr,
            counted(links.len(), "subnet", "subnets")
        ));
    }
    let azs: Option<(usize, String)> = if !ecs.is_empty()
        && !service_subnets_unknown
        && !service_azs.is_empty()
    {
        Some((
            service_azs.len(),
            format!(
                "the subnets of the ECS services {} are in {}",
                addrs(&ecs),
                service_azs.iter().cloned().collect::<Vec<_>>().join(", ")
            ),
        ))
    } else if endpoint_azs > 0 {
        let mut why = format!(
            "an interface endpoint has one network interface per subnet, one subnet per AZ: {}",
            endpoint_lines.join(", ")
        );
        if !endpoint_from_refs.is_empty() {
            why.push_str(&format!(
                " (subnet ids unknown until apply for {}: counted from the configuration's references, as Infracost does)",
                endpoint_from_refs.join(", ")
            ));
        }
        Some((endpoint_azs, why))
    } else if !vpc_azs.is_empty() {
        Some((
            vpc_azs.len(),
            format!(
                "the VPC's subnets {} are in {}",
                addrs(&subnets),
                vpc_azs.iter().cloned().collect::<Vec<_>>().join(", ")
            ),
        ))
    } else if !firewalls.is_empty() {
        let n = firewalls
            .iter()
            .map(|&i| {
                plan.res[i]
                    .values
                    .get("subnet_mapping")
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len)
            })
            .max()
            .unwrap_or(0);
        (n > 0).then(|| {
            (
                n,
                format!(
                    "Network Firewall {} has {n} subnet mappings, one per AZ",
                    addrs(&firewalls)
                ),
            )
        })
    } else if ecs.is_empty() || service_subnets == 0 {
        None
    } else {
        Some((
            service_subnets,
            format!(
                "the ECS services {} use {service_subnets} subnets (their AZs unknown; counted one per subnet)",
                addrs(&ecs)
            ),
        ))
    };
    match azs {
        Some((n, why)) => d.set(SOURCE, "azs", n.to_string(), format!("azs = {n}: {why}.")),
        None => d.derivation.push(
            "azs: the plan does not show the Availability Zones; the planner's default applies."
                .into(),
        ),
    }

    // nat_gateways / nat_instances.
    if nat_gw {
        let n = zonal.len() as u32;
        d.set(
            SOURCE,
            "nat_gateways",
            n.to_string(),
            format!(
                "nat_gateways = {n}: {} ({}).",
                counted(n, "zonal public NAT gateway", "zonal public NAT gateways"),
                addrs(&zonal)
            ),
        );
    }
    if !regional.is_empty() {
        d.derivation.push(format!(
            "{} is a regional NAT gateway (availability_mode = \"regional\"): billed per AZ it is active in; the planner's `nat_gateways` does not apply.",
            addrs(&regional)
        ));
    }
    if !nat_instances.is_empty() {
        let n = nat_instances.len() as u32;
        d.set(
            SOURCE,
            "nat_instances",
            n.to_string(),
            format!(
                "nat_instances = {n}: aws_instance with source_dest_check = false: {}.",
                addrs(&nat_instances)
            ),
        );
        let types: BTreeSet<&str> = nat_instances
            .iter()
            .filter_map(|&i| plan.res[i].str("instance_type"))
            .collect();
        if types.len() == 1
            && nat_instances
                .iter()
                .all(|&i| plan.res[i].str("instance_type").is_some())
        {
            let t = types.iter().next().copied().unwrap_or_default();
            d.set(
                SOURCE,
                "nat_instance_type",
                t.to_owned(),
                format!(
                    "nat_instance_type = {t}: the instance_type of {}.",
                    addrs(&nat_instances)
                ),
            );
        } else {
            d.derivation.push(format!(
                "nat_instance_type: the NAT instances' types are {} ; not one type, so the planner chooses (auto).",
                if types.is_empty() { "unknown".to_owned() } else { types.into_iter().collect::<Vec<_>>().join(", ") }
            ));
        }
    }

    // interface_endpoints and services.
    if !interface.is_empty()
        || !s3.is_empty()
        || nat_gw
        || !regional.is_empty()
        || !nat_instances.is_empty()
    {
        let n = interface.len() as u32;
        let mut why = format!("interface_endpoints = {n}: ");
        if interface.is_empty() {
            why.push_str("the plan has no interface endpoint.");
        } else {
            why.push_str(&format!("{} ({})", addrs(&interface), services.join(", ")));
            if !other_interface.is_empty() {
                why.push_str(&format!("; {} serve a service outside com.amazonaws.<region>.* (counted, not named in services)", addrs(&other_interface)));
            }
            if services.len() < interface.len() - other_interface.len() {
                why.push_str("; several endpoints for one service are counted each, named once");
            }
            why.push_str(". The plan gives no GB per service: `services` lists their names, to give with svc.<name>=GB instead of interface_endpoints.");
        }
        d.set(SOURCE, "interface_endpoints", n.to_string(), why);
    }
    if let Some((code, _)) = region {
        let wrong: Vec<String> = interface
            .iter()
            .filter_map(|&i| {
                let (r, _) = plan.res[i].str("service_name").and_then(service_of)?;
                (r != code).then(|| plan.res[i].addr.clone())
            })
            .collect();
        if !wrong.is_empty() {
            d.derivation.push(format!(
                "Note: {} name a service in another region than {code}.",
                wrong.join(", ")
            ));
        }
    }

    // public_ips.
    if !ecs.is_empty() {
        if !public_services.is_empty() {
            d.set(
                SOURCE,
                "public_ips",
                tasks_public.to_string(),
                format!(
                    "public_ips = {tasks_public}: the desired_count of the ECS services with assign_public_ip = true ({}), one public IPv4 address per task.",
                    addrs(&public_services)
                ),
            );
        } else {
            d.set(
                SOURCE,
                "public_ips",
                tasks_all.to_string(),
                format!(
                    "public_ips = {tasks_all}: no ECS service assigns public addresses; in public subnets each of the desired_count tasks of {} would need one.",
                    addrs(&ecs)
                ),
            );
        }
    }

    let ecs_tasks = tasks_all;
    let summary = VpcSummary {
        vpc: g.key.clone(),
        chosen: false,
        current,
        nat_gateways: zonal.len() as u32,
        regional_nat_gateways: regional.len() as u32,
        private_nat_gateways: private.len() as u32,
        nat_instances: nat_instances.len() as u32,
        s3_gateway_endpoint: !s3.is_empty(),
        dynamodb_gateway_endpoint: !dynamodb.is_empty(),
        interface_endpoints: interface
            .iter()
            .map(|&i| {
                let r = &plan.res[i];
                r.str("service_name")
                    .and_then(service_of)
                    .map(|(_, s)| s.to_owned())
                    .or_else(|| r.str("service_name").map(str::to_owned))
                    .unwrap_or_else(|| r.addr.clone())
            })
            .collect(),
        internet_gateway: !igws.is_empty(),
        egress_only_internet_gateway: !eigws.is_empty(),
        transit_gateway_attachment: !tgw.is_empty(),
        network_firewall: !firewalls.is_empty(),
        ecs_services: ecs.len() as u32,
        resources: g
            .members
            .iter()
            .map(|&i| plan.res[i].addr.clone())
            .collect(),
    };
    Reading {
        summary,
        derived: d,
        services,
        ecs_tasks,
    }
}

struct Shape<'a> {
    zonal: usize,
    regional: usize,
    nat_instances: usize,
    s3: bool,
    interface: usize,
    eigw: bool,
    tgw: bool,
    firewall: bool,
    igw: bool,
    public_tasks: bool,
    default_v4: &'a BTreeSet<&'static str>,
}

fn classify(s: &Shape) -> Current {
    let opt = |id: &str| Current::Option(id.to_owned());
    let none = |why: String| Current::None(why);
    let nats =
        usize::from(s.zonal > 0) + usize::from(s.regional > 0) + usize::from(s.nat_instances > 0);
    if nats > 1 {
        return none("the VPC mixes zonal NAT gateways, a regional NAT gateway and NAT instances; each option has one kind".into());
    }
    let s3_needed = |id: &str, what: &str| -> Current {
        if s.s3 {
            opt(id)
        } else {
            none(format!(
                "{what} but no S3 gateway endpoint (the nearest option, {id}, has one)"
            ))
        }
    };
    let no_interface = |c: Current, what: &str, id: &str| -> Current {
        if s.interface > 0 {
            none(format!("{what} with interface endpoints ({id} has none)"))
        } else {
            c
        }
    };
    if s.firewall {
        if s.zonal == 0 {
            return none("AWS Network Firewall without NAT gateways behind it (inspected_egress puts one in each AZ)".into());
        }
        let c = s3_needed(
            "inspected_egress",
            "Network Firewall in front of NAT gateways",
        );
        return no_interface(
            c,
            "Network Firewall in front of NAT gateways",
            "inspected_egress",
        );
    }
    if s.tgw && nats == 0 {
        let c = s3_needed(
            "centralized_egress",
            "egress through a transit gateway attachment",
        );
        return no_interface(c, "egress through a transit gateway", "centralized_egress");
    }
    if s.regional > 0 {
        let c = s3_needed("regional_nat_gateway", "a regional NAT gateway");
        return no_interface(c, "a regional NAT gateway", "regional_nat_gateway");
    }
    if s.nat_instances > 0 {
        let c = s3_needed("nat_instance", "NAT instances");
        return no_interface(c, "NAT instances", "nat_instance");
    }
    if s.zonal > 0 {
        if s.eigw {
            let c = s3_needed(
                "nat_gateway_ipv6_egress",
                "NAT gateways with an egress-only internet gateway",
            );
            return no_interface(
                c,
                "NAT gateways and an egress-only internet gateway",
                "nat_gateway_ipv6_egress",
            );
        }
        return match (s.s3, s.interface > 0) {
            (true, true) => opt("nat_gateway_all_endpoints"),
            (true, false) => opt("nat_gateway_s3_endpoint"),
            (false, false) => opt("nat_gateway"),
            (false, true) => none(
                "NAT gateways with interface endpoints but no S3 gateway endpoint (nat_gateway_all_endpoints has one; nat_gateway has no interface endpoints)".into(),
            ),
        };
    }
    if s.tgw {
        return none("a transit gateway attachment beside NAT in the same VPC".into());
    }
    let to_igw = s.default_v4.contains("an internet gateway");
    if s.public_tasks || (s.igw && to_igw) {
        return opt("public_subnet");
    }
    if s.s3 || s.interface > 0 {
        if s.igw {
            return none("an internet gateway with endpoints and no NAT, and no ECS service with public addresses nor 0.0.0.0/0 route to the gateway: the plan does not show which subnets the tasks use".into());
        }
        return s3_needed("endpoints_only", "interface endpoints and no NAT");
    }
    if s.igw {
        return opt("public_subnet");
    }
    if s.eigw {
        return none("only an egress-only internet gateway (IPv6): IPv4 tasks have no way out; every option has one".into());
    }
    none("no NAT, internet gateway or endpoint in this VPC".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_names() {
        assert_eq!(
            service_of("com.amazonaws.eu-west-1.ecr.api"),
            Some(("eu-west-1", "ecr.api"))
        );
        assert_eq!(
            service_of("com.amazonaws.vpce.eu-west-1.vpce-svc-0abc"),
            None
        );
    }
}
