//! `egress-planner check PLAN.toml`: a plan that passes, one breaking each
//! kind of limit (exit 1 and a GitHub Actions annotation), and bad plans
//! (exit 2 naming the scenario and field).
//!
//! The figures are the public scenario fargate-review-us-east-1's (its
//! `expect`): nat_gateway_s3_endpoint costs 298.00, the cheapest feasible
//! option is public_subnet at 104.60.

use super::cli::{run, run_env, temp_file};

const FARGATE_INPUT: &str = r#"
[scenario.input]
region = "us-east-1"
monthly_gb = "5000"
s3_percent = "40"
aws_percent = "20"
outbound_percent = "50"
interface_endpoints = 3
azs = 2
public_ips = 4
peak_gbps = "20"
"#;

fn plan(name: &str, limits: &str) -> String {
    format!(
        "[[scenario]]\nname = \"{name}\"\nchosen = \"nat_gateway_s3_endpoint\"\n{limits}\n{FARGATE_INPUT}"
    )
}

/// `check` as a GitHub Actions step runs it (`GITHUB_ACTIONS=true`).
fn check(file: &str, contents: &str) -> super::cli::Run {
    let path = temp_file(file, contents);
    run_env(
        &["check", path.to_str().unwrap()],
        None,
        &[("GITHUB_ACTIONS", "true")],
    )
}

/// `check` in a terminal or any other CI.
fn check_plain(file: &str, contents: &str) -> super::cli::Run {
    let path = temp_file(file, contents);
    run(&["check", path.to_str().unwrap()], None)
}

#[test]
fn a_plan_within_its_limits_passes() {
    // 298.00 ≤ 300; and 298.00 ≤ 104.60 × (1 + 200%) = 313.80.
    let text = plan("api", "max_monthly = 300\nwithin_percent_of_cheapest = 200")
        + "\n[[scenario]]\nname = \"inbound\"\nchosen = \"public_subnet\"\nmax_monthly = 3.65\n[scenario.input]\nmonthly_gb = 100\noutbound_percent = 0\ninterface_endpoints = 1\nazs = 1\npublic_ips = 1\n";
    let out = check("pass.toml", &text);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(!out.stdout.contains("::error"), "{}", out.stdout);
    let header = out.stdout.lines().next().unwrap();
    for column in ["Scenario", "Chosen", "Cost", "Cheapest", "Verdict"] {
        assert!(header.contains(column), "{header}");
    }
    let api = out.stdout.lines().find(|l| l.starts_with("api ")).unwrap();
    for cell in [
        "nat_gateway_s3_endpoint",
        "$298.00",
        "public_subnet",
        "$104.60",
        "ok",
    ] {
        assert!(api.contains(cell), "{cell} in {api}");
    }
    // one-nat-100gb-inbound's public_subnet: 3.65 exactly, at the limit.
    let inbound = out
        .stdout
        .lines()
        .find(|l| l.starts_with("inbound "))
        .unwrap();
    assert!(
        inbound.contains("$3.65") && inbound.ends_with("ok"),
        "{inbound}"
    );
}

#[test]
fn breaking_max_monthly_fails_with_an_annotation() {
    let out = check("max.toml", &plan("api", "max_monthly = 250"));
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    // 298.00 − 250.00 = 48.00 over.
    assert!(
        out.stdout.lines().any(|l| l
            == "::error title=Egress budget api::nat_gateway_s3_endpoint costs $298.00 a month, over max_monthly $250.00 by $48.00"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("FAIL"), "{}", out.stdout);
}

#[test]
fn breaking_within_percent_of_cheapest_fails_with_an_annotation() {
    // Allowed: 104.60 × 2 = 209.20 < 298.00; (298.00 − 104.60) / 104.60 = 184.9% more.
    // GitHub reads `%25` in an annotation as `%`.
    let out = check(
        "percent.toml",
        &plan(
            "api",
            "max_monthly = 1000\nwithin_percent_of_cheapest = 100",
        ),
    );
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let annotations: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error title=Egress budget api::"))
        .collect();
    assert_eq!(annotations.len(), 1, "{}", out.stdout);
    assert!(
        annotations[0].ends_with(
            "nat_gateway_s3_endpoint costs $298.00 a month, more than 100%25 over the cheapest, public_subnet at $104.60 (184.9%25 more)"
        ),
        "{}",
        annotations[0]
    );
}

#[test]
fn a_bad_plan_exits_2_naming_the_scenario_and_field() {
    let cases = [
        (
            plan("api", "max_monthly = 300").replace("azs = 2", "azs = 9"),
            "scenario \"api\": input.azs: Availability Zones must be a whole number from 1 to 6 AZs; got \"9\"",
        ),
        (
            plan("api", "max_monthly = 300").replace("nat_gateway_s3_endpoint", "nat_gatway"),
            "scenario \"api\": chosen: unknown option \"nat_gatway\"",
        ),
        (
            plan("api", ""),
            "scenario \"api\": max_monthly: give max_monthly",
        ),
        (
            plan("api", "max_monthly = \"lots\""),
            // The value as the plan writes it (TOML), not as the program holds it.
            "scenario \"api\": max_monthly: must be a number of at least 0; got \"lots\"",
        ),
        (
            plan("api", "max_monthly = 300\nmax_montly = 5"),
            "scenario \"api\": max_montly: unknown key",
        ),
        (
            "[[scenario]]\nchosen = \"nat_gateway\"\nmax_monthly = 1\n".to_owned(),
            "scenario 1: name is missing",
        ),
        ("[[scenario]\n".to_owned(), "the plan is not valid TOML"),
        ("".to_owned(), "no [[scenario]] tables"),
    ];
    for (i, (text, expected)) in cases.iter().enumerate() {
        let out = check(&format!("bad-{i}.toml"), text);
        assert_eq!(out.code, 2, "case {i}: {}{}", out.stdout, out.stderr);
        assert!(
            out.stderr.contains(expected),
            "case {i}: {expected:?} not in {}",
            out.stderr
        );
        assert!(
            out.stdout.starts_with("::error title=Bad egress plan::"),
            "case {i}: {}",
            out.stdout
        );
    }
    let missing = run(&["check", "/nonexistent/plan.toml"], None);
    assert_eq!(missing.code, 2);
}

#[test]
fn an_empty_scenario_list_is_a_bad_plan() {
    let out = check_plain("empty-list.toml", "scenario = []\n");
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("nothing to check"), "{}", out.stderr);
}

#[test]
fn a_plan_with_several_problems_names_every_one() {
    // Two scenarios, three problems: a bad AZ count and a bad option in the first, an unknown
    // key in the second.
    let text = plan("api", "max_monthly = 300")
        .replace("azs = 2", "azs = 9")
        .replace("nat_gateway_s3_endpoint", "nat_gatway")
        + &plan("web", "max_monthly = 300\nmax_montly = 5");
    let out = check_plain("several.toml", &text);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    for expected in [
        "scenario \"api\": chosen: unknown option \"nat_gatway\"",
        "scenario \"api\": input.azs: Availability Zones must be a whole number",
        "scenario \"web\": max_montly: unknown key",
    ] {
        assert!(
            out.stderr.contains(expected),
            "{expected:?} not in {}",
            out.stderr
        );
    }
}

#[test]
fn outside_github_actions_problems_are_plain_lines_not_annotations() {
    let out = check_plain("plain.toml", &plan("api", "max_monthly = 250"));
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(!out.stdout.contains("::error"), "{}", out.stdout);
    // 298.00 − 250.00 = 48.00 over.
    assert!(
        out.stderr.lines().any(|l| l
            == "error: Egress budget api: nat_gateway_s3_endpoint costs $298.00 a month, over max_monthly $250.00 by $48.00"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_chosen_option_that_cannot_carry_the_traffic_breaks_the_plan() {
    // endpoints_only with 5,000 GB of which 40 % is internet traffic: no way out for it, so
    // the option is infeasible whatever it costs, and the plan fails (exit 1).
    let text =
        plan("api", "max_monthly = 100000").replace("nat_gateway_s3_endpoint", "endpoints_only");
    fails_with(
        &text,
        "::error title=Egress budget api::endpoints_only cannot carry this scenario",
    );
}

/// Checks `plan` and asserts it fails (exit 1) with an annotation that starts `annotation`.
fn fails_with(plan: &str, annotation: &str) {
    let out = check("failing.toml", plan);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.lines().any(|l| l.starts_with(annotation)),
        "{annotation:?} not in {}",
        out.stdout
    );
}

#[test]
fn a_chosen_option_that_fails_the_scenarios_requirement_breaks_the_plan() {
    // No task may have a public address, and public subnets give each task one: the plan
    // fails (exit 1) however cheap they are.
    let text = plan("api", "max_monthly = 100000")
        .replace("nat_gateway_s3_endpoint", "public_subnet")
        .replace("azs = 2", "azs = 2\nsensitive = true");
    fails_with(
        &text,
        "::error title=Egress budget api::public_subnet fails the scenario's requirements: sensitive: ",
    );
    // Without the requirement the same plan holds.
    let text =
        plan("api", "max_monthly = 100000").replace("nat_gateway_s3_endpoint", "public_subnet");
    assert_eq!(check("no-requirement.toml", &text).code, 0);
}

#[test]
fn a_scenario_name_cannot_forge_an_annotation_or_colour_the_terminal() {
    // A name with a line break and an escape code: GitHub must see one annotation whose title
    // has the line break escaped, and the table must show neither a new line nor the escape.
    let name = "api\\n::error title=forged::all good\\u001b[31m";
    let out = check("forged.toml", &plan(name, "max_monthly = 250"));
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        !out.stdout
            .lines()
            .any(|l| l.starts_with("::error title=forged")),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains('\u{1b}'), "{:?}", out.stdout);
    assert!(
        out.stdout
            .contains("title=Egress budget api%0A%3A%3Aerror title=forged%3A%3Aall good"),
        "{}",
        out.stdout
    );
}

#[test]
fn the_plan_can_come_from_standard_input() {
    let out = run(&["check", "-"], Some(&plan("api", "max_monthly = 300")));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
}
