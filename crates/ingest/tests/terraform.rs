//! Reading `terraform show -json` output: plans written here, each expected value worked by hand.

use egress_ingest::terraform::{Current, PlanReport, TerraformError, read_plan};
use serde_json::{Value, json};

fn read(v: &Value) -> PlanReport {
    read_plan("plan.json", v.to_string().as_bytes()).unwrap_or_else(|e| panic!("{e}"))
}

fn field<'a>(r: &'a PlanReport, name: &str) -> Option<&'a str> {
    r.derived.get(name)
}

fn opt(id: &str) -> Current {
    Current::Option(id.to_owned())
}

/// A planned resource.
fn res(addr: &str, values: Value) -> Value {
    let (head, index) = match addr.find('[') {
        Some(i) => (&addr[..i], Some(&addr[i + 1..addr.len() - 1])),
        None => (addr, None),
    };
    let parts: Vec<&str> = head.split('.').collect();
    let (rtype, name) = (parts[parts.len() - 2], parts[parts.len() - 1]);
    let mut r = json!({"address": addr, "mode": "managed", "type": rtype, "name": name,
        "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0, "values": values});
    if let Some(i) = index {
        r["index"] = match i.parse::<u64>() {
            Ok(n) => json!(n),
            Err(_) => json!(i.trim_matches('"')),
        };
    }
    r
}

fn plan(resources: Vec<Value>) -> Value {
    json!({"format_version": "1.2", "terraform_version": "1.9.8",
        "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {"region": {"constant_value": "us-east-1"}}}}},
        "planned_values": {"root_module": {"resources": resources}}})
}

/// A VPC with known ids: subnets in `azs`, everything else given.
fn vpc_with(azs: &[&str], extra: Vec<Value>) -> Vec<Value> {
    let mut v = vec![res(
        "aws_vpc.main",
        json!({"id": "vpc-1", "cidr_block": "10.0.0.0/16"}),
    )];
    for (i, az) in azs.iter().enumerate() {
        v.push(res(
            &format!("aws_subnet.private[{i}]"),
            json!({"id": format!("subnet-p{i}"), "vpc_id": "vpc-1", "availability_zone": az}),
        ));
    }
    v.extend(extra);
    v
}

fn nat(addr: &str, subnet: &str) -> Value {
    res(
        addr,
        json!({"id": format!("nat-{subnet}"), "subnet_id": subnet, "connectivity_type": "public"}),
    )
}

fn endpoint(addr: &str, kind: &str, svc: &str, subnets: &[&str]) -> Value {
    res(
        addr,
        json!({"vpc_id": "vpc-1", "vpc_endpoint_type": kind, "service_name": format!("com.amazonaws.us-east-1.{svc}"),
            "subnet_ids": subnets}),
    )
}

fn ecs(addr: &str, count: u64, public: bool, subnets: &[&str]) -> Value {
    res(
        addr,
        json!({"desired_count": count, "network_configuration": [{"assign_public_ip": public, "subnets": subnets}]}),
    )
}

#[test]
fn example_plan_is_nat_gateway_with_all_endpoints() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/plan.json"
    ))
    .unwrap();
    let r = read_plan("plan.json", &bytes).unwrap();
    // One zonal NAT gateway, an S3 gateway endpoint and three interface endpoints: option 3.
    assert_eq!(r.current, opt("nat_gateway_all_endpoints"));
    // The provider's region is `var.region`, whose value is "eu-west-1".
    assert_eq!(field(&r, "region"), Some("eu-west-1"));
    // The service's subnets are unknown until apply; its configuration names aws_subnet.private (count 3,
    // eu-west-1a/b/c): 3 AZs.
    assert_eq!(field(&r, "azs"), Some("3"));
    assert_eq!(field(&r, "nat_gateways"), Some("1"));
    // for_each over ecr.api, ecr.dkr, logs: three endpoints.
    assert_eq!(field(&r, "interface_endpoints"), Some("3"));
    assert_eq!(r.services, ["ecr.api", "ecr.dkr", "logs"]);
    // No public addresses assigned: the 6 desired tasks would need one each in public subnets.
    assert_eq!(field(&r, "public_ips"), Some("6"));
    assert_eq!(r.vpcs.len(), 1);
    assert_eq!(r.vpcs[0].vpc, "aws_vpc.main");
    let text = r.derived.derivation.join("\n");
    assert!(text.contains("aws_nat_gateway.main"), "{text}");
    assert!(text.contains("aws_ecs_service.orders"), "{text}");
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["current"], "nat_gateway_all_endpoints");
    assert_eq!(json["scenario"]["azs"], "3");
    assert_eq!(json["source"], "terraform");
}

#[test]
fn count_instances_are_each_a_nat_gateway() {
    let p = plan(vpc_with(
        &["us-east-1a", "us-east-1b"],
        vec![
            nat("aws_nat_gateway.az[0]", "subnet-p0"),
            nat("aws_nat_gateway.az[1]", "subnet-p1"),
            endpoint("aws_vpc_endpoint.s3", "Gateway", "s3", &[]),
        ],
    ));
    let r = read(&p);
    // Two count instances of aws_nat_gateway.az, an S3 gateway endpoint, no interface endpoint: option 2.
    assert_eq!(r.current, opt("nat_gateway_s3_endpoint"));
    assert_eq!(field(&r, "nat_gateways"), Some("2"));
    // Subnets in us-east-1a and us-east-1b, no ECS service or endpoint: 2 AZs from the VPC's subnets.
    assert_eq!(field(&r, "azs"), Some("2"));
    assert_eq!(field(&r, "interface_endpoints"), Some("0"));
    assert_eq!(field(&r, "region"), Some("us-east-1"));
    assert_eq!(field(&r, "public_ips"), None);
}

#[test]
fn nat_with_interface_endpoints_but_no_s3_endpoint_matches_no_option() {
    let p = plan(vpc_with(
        &["us-east-1a", "us-east-1b"],
        vec![
            nat("aws_nat_gateway.main", "subnet-p0"),
            endpoint(
                "aws_vpc_endpoint.logs",
                "Interface",
                "logs",
                &["subnet-p0", "subnet-p1"],
            ),
        ],
    ));
    let r = read(&p);
    match &r.current {
        Current::None(why) => assert!(why.contains("no S3 gateway endpoint"), "{why}"),
        other => panic!("{other:?}"),
    }
    let json = serde_json::to_value(&r).unwrap();
    assert!(
        json["current"]["none"]
            .as_str()
            .unwrap()
            .contains("interface endpoints")
    );
    // The logs endpoint has two subnets: one per AZ, 2 AZs.
    assert_eq!(field(&r, "azs"), Some("2"));
}

#[test]
fn modules_for_each_and_unknown_subnet_ids_follow_references() {
    // module.vpc makes three private subnets (count) whose ids are unknown until apply; module.endpoints
    // makes interface endpoints with for_each over two services, subnet_ids = var.subnet_ids, which the root
    // sets to module.vpc.private_subnets, an output of aws_subnet.private[*].id.
    let mut subnets = Vec::new();
    for (i, az) in ["eu-central-1a", "eu-central-1b", "eu-central-1c"]
        .iter()
        .enumerate()
    {
        subnets.push(res(
            &format!("module.vpc.aws_subnet.private[{i}]"),
            json!({"availability_zone": az}),
        ));
    }
    subnets.push(res(
        "module.vpc.aws_vpc.this",
        json!({"cidr_block": "10.1.0.0/16"}),
    ));
    subnets.push(res(
        "module.vpc.aws_nat_gateway.this[0]",
        json!({"connectivity_type": "public"}),
    ));
    subnets.push(res(
        "module.vpc.aws_vpc_endpoint.s3",
        json!({"service_name": "com.amazonaws.eu-central-1.s3", "vpc_endpoint_type": "Gateway"}),
    ));
    let endpoints: Vec<Value> = ["logs", "sts"]
        .iter()
        .map(|s| {
            res(
                &format!("module.endpoints.aws_vpc_endpoint.this[\"{s}\"]"),
                json!({"service_name": format!("com.amazonaws.eu-central-1.{s}"), "vpc_endpoint_type": "Interface"}),
            )
        })
        .collect();
    let unknown_subnets = |addr: &str| json!({"address": addr, "change": {"actions": ["create"], "after_unknown": {"subnet_ids": true, "vpc_id": true, "id": true}}});
    let p = json!({
        "format_version": "1.1",
        "variables": {"region": {"value": "eu-central-1"}},
        "planned_values": {"root_module": {"child_modules": [
            {"address": "module.vpc", "resources": subnets},
            {"address": "module.endpoints", "resources": endpoints}
        ]}},
        "resource_changes": [unknown_subnets("module.endpoints.aws_vpc_endpoint.this[\"logs\"]"),
                             unknown_subnets("module.endpoints.aws_vpc_endpoint.this[\"sts\"]")],
        "configuration": {
            "provider_config": {"aws": {"name": "aws", "expressions": {"region": {"references": ["var.region"]}}}},
            "root_module": {"module_calls": {
                "vpc": {"module": {
                    "outputs": {"private_subnets": {"expression": {"references": ["aws_subnet.private"]}},
                                "vpc_id": {"expression": {"references": ["aws_vpc.this.id", "aws_vpc.this"]}}},
                    "resources": [
                        {"address": "aws_subnet.private", "mode": "managed", "type": "aws_subnet", "name": "private",
                         "expressions": {"vpc_id": {"references": ["aws_vpc.this.id", "aws_vpc.this"]}}},
                        {"address": "aws_nat_gateway.this", "mode": "managed", "type": "aws_nat_gateway", "name": "this",
                         "expressions": {"subnet_id": {"references": ["aws_subnet.private[0].id", "aws_subnet.private[0]", "aws_subnet.private"]}}},
                        {"address": "aws_vpc_endpoint.s3", "mode": "managed", "type": "aws_vpc_endpoint", "name": "s3",
                         "expressions": {"vpc_id": {"references": ["aws_vpc.this.id", "aws_vpc.this"]}}}
                    ]}},
                "endpoints": {
                    "expressions": {"subnet_ids": {"references": ["module.vpc.private_subnets", "module.vpc"]},
                                    "vpc_id": {"references": ["module.vpc.vpc_id", "module.vpc"]}},
                    "module": {"resources": [
                        {"address": "aws_vpc_endpoint.this", "mode": "managed", "type": "aws_vpc_endpoint", "name": "this",
                         "expressions": {"subnet_ids": {"references": ["var.subnet_ids"]}, "vpc_id": {"references": ["var.vpc_id"]}}}
                    ]}}
            }}
        }
    });
    let r = read(&p);
    // NAT gateway, S3 gateway endpoint, two interface endpoints, all in module.vpc.aws_vpc.this.
    assert_eq!(r.current, opt("nat_gateway_all_endpoints"));
    assert_eq!(r.vpcs.len(), 1);
    assert_eq!(r.vpcs[0].vpc, "module.vpc.aws_vpc.this");
    assert_eq!(field(&r, "region"), Some("eu-central-1"));
    // Each endpoint's subnet_ids → var.subnet_ids → module.vpc.private_subnets → aws_subnet.private: 3 subnets.
    assert_eq!(field(&r, "azs"), Some("3"));
    assert_eq!(field(&r, "interface_endpoints"), Some("2"));
    assert_eq!(r.services, ["logs", "sts"]);
    let text = r.derived.derivation.join("\n");
    assert!(text.contains("configuration's references"), "{text}");
}

#[test]
fn regional_nat_gateway() {
    let p = plan(vpc_with(
        &["us-east-1a", "us-east-1b", "us-east-1c"],
        vec![
            res(
                "aws_nat_gateway.regional",
                json!({"vpc_id": "vpc-1", "availability_mode": "regional", "connectivity_type": "public"}),
            ),
            endpoint("aws_vpc_endpoint.s3", "Gateway", "s3", &[]),
            ecs(
                "aws_ecs_service.api",
                4,
                false,
                &["subnet-p0", "subnet-p1", "subnet-p2"],
            ),
        ],
    ));
    let r = read(&p);
    assert_eq!(r.current, opt("regional_nat_gateway"));
    // The regional gateway is not a zonal one: no nat_gateways field.
    assert_eq!(field(&r, "nat_gateways"), None);
    // The service's three subnets are in us-east-1a/b/c.
    assert_eq!(field(&r, "azs"), Some("3"));
    assert_eq!(r.vpcs[0].regional_nat_gateways, 1);
}

#[test]
fn nat_instances_with_their_type() {
    let p = plan(vpc_with(
        &["us-east-1a", "us-east-1b"],
        vec![
            res(
                "aws_instance.nat[0]",
                json!({"subnet_id": "subnet-p0", "source_dest_check": false, "instance_type": "t4g.nano"}),
            ),
            res(
                "aws_instance.nat[1]",
                json!({"subnet_id": "subnet-p1", "source_dest_check": false, "instance_type": "t4g.nano"}),
            ),
            res(
                "aws_instance.app",
                json!({"subnet_id": "subnet-p1", "source_dest_check": true, "instance_type": "m7g.large"}),
            ),
            endpoint("aws_vpc_endpoint.s3", "Gateway", "s3", &[]),
        ],
    ));
    let r = read(&p);
    assert_eq!(r.current, opt("nat_instance"));
    // Two instances with source_dest_check = false; the third checks its traffic and is not a NAT.
    assert_eq!(field(&r, "nat_instances"), Some("2"));
    assert_eq!(field(&r, "nat_instance_type"), Some("t4g.nano"));
}

#[test]
fn public_subnet_tasks_count_public_addresses() {
    let p = plan(vpc_with(
        &["us-east-1a", "us-east-1b"],
        vec![
            res(
                "aws_internet_gateway.main",
                json!({"id": "igw-1", "vpc_id": "vpc-1"}),
            ),
            res(
                "aws_route.default",
                json!({"route_table_id": "rtb-1", "destination_cidr_block": "0.0.0.0/0", "gateway_id": "igw-1"}),
            ),
            res(
                "aws_route_table.public",
                json!({"id": "rtb-1", "vpc_id": "vpc-1"}),
            ),
            ecs("aws_ecs_service.web", 3, true, &["subnet-p0", "subnet-p1"]),
            ecs("aws_ecs_service.worker", 2, true, &["subnet-p0"]),
        ],
    ));
    let r = read(&p);
    assert_eq!(r.current, opt("public_subnet"));
    // 3 + 2 tasks with assign_public_ip = true.
    assert_eq!(field(&r, "public_ips"), Some("5"));
    assert_eq!(field(&r, "azs"), Some("2"));
}

#[test]
fn ipv6_egress_transit_gateway_and_firewall() {
    let eigw = res(
        "aws_egress_only_internet_gateway.v6",
        json!({"vpc_id": "vpc-1"}),
    );
    let s3 = || endpoint("aws_vpc_endpoint.s3", "Gateway", "s3", &[]);
    let r = read(&plan(vpc_with(
        &["us-east-1a"],
        vec![nat("aws_nat_gateway.a", "subnet-p0"), eigw, s3()],
    )));
    assert_eq!(r.current, opt("nat_gateway_ipv6_egress"));

    let tgw = res(
        "aws_ec2_transit_gateway_vpc_attachment.hub",
        json!({"vpc_id": "vpc-1", "subnet_ids": ["subnet-p0"]}),
    );
    let r = read(&plan(vpc_with(&["us-east-1a"], vec![tgw, s3()])));
    assert_eq!(r.current, opt("centralized_egress"));

    let fw = res(
        "aws_networkfirewall_firewall.main",
        json!({"vpc_id": "vpc-1", "subnet_mapping": [{"subnet_id": "subnet-p0"}, {"subnet_id": "subnet-p1"}]}),
    );
    let r = read(&plan(vpc_with(
        &["us-east-1a", "us-east-1b"],
        vec![
            fw,
            nat("aws_nat_gateway.a", "subnet-p0"),
            nat("aws_nat_gateway.b", "subnet-p1"),
            s3(),
        ],
    )));
    assert_eq!(r.current, opt("inspected_egress"));
}

#[test]
fn two_vpcs_the_one_with_ecs_services_is_read() {
    let mut resources = vpc_with(
        &["us-east-1a"],
        vec![nat("aws_nat_gateway.shared", "subnet-p0")],
    );
    resources.extend([
        res("aws_vpc.app", json!({"id": "vpc-2"})),
        res("aws_subnet.app[0]", json!({"id": "subnet-a0", "vpc_id": "vpc-2", "availability_zone": "us-east-1a"})),
        res("aws_subnet.app[1]", json!({"id": "subnet-a1", "vpc_id": "vpc-2", "availability_zone": "us-east-1b"})),
        res("aws_ec2_transit_gateway_vpc_attachment.app", json!({"vpc_id": "vpc-2"})),
        res(
            "aws_vpc_endpoint.app_s3",
            json!({"vpc_id": "vpc-2", "service_name": "com.amazonaws.us-east-1.s3", "vpc_endpoint_type": "Gateway"}),
        ),
        ecs("aws_ecs_service.app", 4, false, &["subnet-a0", "subnet-a1"]),
    ]);
    let r = read(&plan(resources));
    // aws_vpc.main has the NAT gateway (the egress VPC); aws_vpc.app the attachment and the service.
    assert_eq!(r.vpcs.len(), 2);
    assert_eq!(r.vpcs[0].current, opt("nat_gateway"));
    assert!(!r.vpcs[0].chosen);
    assert!(r.vpcs[1].chosen);
    assert_eq!(r.current, opt("centralized_egress"));
    assert_eq!(field(&r, "azs"), Some("2"));
    assert_eq!(field(&r, "nat_gateways"), None);
    let text = r.derived.derivation.join("\n");
    assert!(
        text.contains("2 VPCs") && text.contains("ECS services"),
        "{text}"
    );
}

#[test]
fn state_values_are_read_too() {
    let state = json!({"format_version": "1.0", "terraform_version": "1.5.7",
        "values": {"root_module": {"resources": vpc_with(&["ap-northeast-1a", "ap-northeast-1c"],
            vec![nat("aws_nat_gateway.main", "subnet-p0")])}}});
    let r = read(&state);
    assert_eq!(r.current, opt("nat_gateway"));
    // No provider configuration: the region comes from a subnet's AZ, ap-northeast-1a.
    assert_eq!(field(&r, "region"), Some("ap-northeast-1"));
}

#[test]
fn utf16_with_byte_order_mark() {
    let p = plan(vpc_with(
        &["us-east-1a"],
        vec![nat("aws_nat_gateway.main", "subnet-p0")],
    ));
    let text = p.to_string();
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        le.extend(unit.to_le_bytes());
        be.extend(unit.to_be_bytes());
    }
    for bytes in [le, be] {
        let r = read_plan("plan.json", &bytes).unwrap();
        assert_eq!(r.current, opt("nat_gateway"));
    }
    let mut bom8 = vec![0xEF, 0xBB, 0xBF];
    bom8.extend(text.as_bytes());
    assert_eq!(
        read_plan("plan.json", &bom8).unwrap().current,
        opt("nat_gateway")
    );
    // An odd number of bytes after a UTF-16 mark is refused.
    let err = read_plan("plan.json", &[0xFF, 0xFE, b'{']).unwrap_err();
    assert!(matches!(err, TerraformError::Encoding { .. }), "{err}");
}

#[test]
fn json_lines_log_is_refused_with_the_command() {
    let log = concat!(
        r#"{"@level":"info","@message":"Terraform 1.9.8","@module":"terraform.ui","@timestamp":"2026-12-06T10:00:00Z","terraform":"1.9.8","type":"version","ui":"1.2"}"#,
        "\n",
        r#"{"@level":"info","@message":"aws_nat_gateway.main: Plan to create","@module":"terraform.ui","type":"planned_change"}"#,
        "\n"
    );
    let err = read_plan("plan.log", log.as_bytes()).unwrap_err();
    assert_eq!(
        err,
        TerraformError::JsonLines {
            file: "plan.log".into()
        }
    );
    let msg = err.to_string();
    assert!(
        msg.contains("terraform show -json tfplan > plan.json"),
        "{msg}"
    );
}

#[test]
fn refusals_name_the_file_and_problem() {
    let err = read_plan(
        "p.json",
        br#"{"format_version": "2.0", "planned_values": {}}"#,
    )
    .unwrap_err();
    assert!(
        matches!(&err, TerraformError::UnsupportedVersion { version, .. } if version == "2.0"),
        "{err}"
    );

    let err = read_plan("p.json", br#"{"resource": {"aws_vpc": {}}}"#).unwrap_err();
    assert!(matches!(&err, TerraformError::NotShowJson { .. }), "{err}");

    let err = read_plan("p.json", b"{\n  \"format_version\": \"1.2\",\n  oops\n}").unwrap_err();
    assert!(
        matches!(&err, TerraformError::Json { line: 3, .. }),
        "{err}"
    );

    let err = read_plan(
        "p.json",
        br#"{"format_version": "1.2", "planned_values": {"root_module": {"resources": {}}}}"#,
    )
    .unwrap_err();
    assert_eq!(
        err,
        TerraformError::Invalid {
            file: "p.json".into(),
            path: "planned_values.root_module.resources".into(),
            problem: "expected an array".into()
        }
    );

    // A plan with only a VPC and an S3 bucket has no egress resources.
    let p = plan(vec![
        res("aws_vpc.main", json!({"id": "vpc-1"})),
        res("aws_s3_bucket.logs", json!({"bucket": "x"})),
    ]);
    let err = read_plan("p.json", p.to_string().as_bytes()).unwrap_err();
    assert_eq!(
        err,
        TerraformError::NoEgress {
            file: "p.json".into()
        }
    );

    assert!(matches!(
        read_plan("p.json", &[0xC3, 0x28]).unwrap_err(),
        TerraformError::Encoding { .. }
    ));
}
