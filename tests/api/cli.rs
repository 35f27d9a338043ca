//! The `compare` subcommand run as a script would run it: the real binary,
//! each format on the public acceptance scenarios (costs to the cent from
//! their `expect`), bad input, standard input and the generated help.

use super::acceptance::{check, scenarios};
use super::helpers::{assert_says, option, post_json, text};
use egress_planner::scenario::{FIELDS, KNOWN_SERVICES};
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

/// What one run of the binary gave back.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the run exited with `code` and said each of `parts` on
    /// standard error.
    pub fn assert_fails(&self, code: i32, parts: &[&str]) {
        assert_eq!(self.code, code, "{}", self.stderr);
        assert_says(&self.stderr, parts);
    }
}

/// Runs the binary with `args`, feeding `stdin` when given.
pub fn run(args: &[&str], stdin: Option<&str>) -> Run {
    run_env(args, stdin, &[])
}

/// Runs the binary as [`run`] does, with `env` set (`GITHUB_ACTIONS` is unset unless given).
pub fn run_env(args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_egress-planner"))
        .args(args)
        .env_remove("PRICING")
        .env_remove("PUBLIC_URL")
        .env_remove("GITHUB_ACTIONS")
        .envs(env.iter().copied())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Writes `contents` to a new file of its own (tests running at once never share one) under the
/// target's temp dir, its name ending in `name`; removed when the path is dropped.
pub fn temp_file(name: &str, contents: &str) -> tempfile::TempPath {
    let mut file = tempfile::Builder::new()
        .suffix(&format!("-{name}"))
        .tempfile_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap();
    std::io::Write::write_all(&mut file, contents.as_bytes()).unwrap();
    file.into_temp_path()
}

/// Runs `compare --file - ARGS` with the scenario's input on standard input,
/// asserting success, and returns standard output.
fn compare_stdin(scenario: &Value, args: &[&str]) -> String {
    let mut all = vec!["compare", "--file", "-"];
    all.extend_from_slice(args);
    let out = run(&all, Some(&scenario["input"].to_string()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

/// The scenario's input as `--field value` flags (services as `--svc.NAME GB`).
fn flags(input: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in input.as_object().unwrap() {
        if let Some(services) = v.as_object() {
            for (service, gb) in services {
                out.push(format!("--svc.{service}"));
                out.push(gb.as_str().map_or_else(|| gb.to_string(), str::to_owned));
            }
            continue;
        }
        out.push(format!("--{k}"));
        out.push(v.as_str().map_or_else(|| v.to_string(), str::to_owned));
    }
    out
}

#[test]
fn json_format_prints_the_api_body_for_every_acceptance_scenario() {
    for (name, scenario) in scenarios() {
        let file = temp_file(&name, &scenario["input"].to_string());
        let out = run(
            &[
                "compare",
                "--format",
                "json",
                "--file",
                file.to_str().unwrap(),
            ],
            None,
        );
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        let body: Value = serde_json::from_str(&out.stdout).unwrap();
        check(&name, &scenario["expect"], &body);

        // The same scenario given as flags prints the same bytes.
        let flags = flags(&scenario["input"]);
        let mut args = vec!["compare", "--format", "json"];
        args.extend(flags.iter().map(String::as_str));
        let by_flags = run(&args, None);
        assert_eq!(by_flags.code, 0, "{name}: {}", by_flags.stderr);
        assert_eq!(by_flags.stdout, out.stdout, "{name}: flags and file differ");
    }
}

#[tokio::test]
async fn json_format_is_byte_for_byte_the_api_body() {
    let (_, scenario) = scenarios().remove(0);
    let input = scenario["input"].to_string();
    let api = text(post_json("/api/v1/compare", input.clone()).await).await;
    let cli = run(
        &["compare", "--format", "json", "--file", "-"],
        Some(&input),
    );
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    assert_eq!(cli.stdout, api);
}

/// The public scenario "fargate-review-us-east-1" (expect in its file):
/// public_subnet is cheapest at 104.60; endpoints_only is infeasible.
const FARGATE: &str = "fargate-review-us-east-1.json";

fn fargate() -> Value {
    scenarios()
        .into_iter()
        .find(|(name, _)| name == FARGATE)
        .unwrap()
        .1
}

#[test]
fn csv_format_has_one_row_per_option_with_the_costs_to_the_cent() {
    let scenario = fargate();
    let stdout = compare_stdin(&scenario, &["--format", "csv"]);
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let header: Vec<&str> = reader.headers().unwrap().iter().collect();
    assert_eq!(
        header.join(","),
        "id,name,monthly_cost,over_cheapest,feasible,infeasible_reason,fails"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let expect = &scenario["expect"];
    assert_eq!(
        rows.len(),
        expect["monthly_cost"].as_object().unwrap().len()
    );
    for row in &rows {
        let id = &row[0];
        assert_eq!(
            &row[2],
            expect["monthly_cost"][id].as_str().unwrap(),
            "{id}"
        );
        assert_eq!(
            &row[4],
            expect["feasible"][id].as_bool().unwrap().to_string(),
            "{id}"
        );
    }
    let public = rows.iter().find(|r| &r[0] == "public_subnet").unwrap();
    assert_eq!(&public[3], "0.00", "the cheapest is 0.00 over itself");
    // nat_gateway: 388.00 − 104.60 = 283.40 over the cheapest.
    let nat = rows.iter().find(|r| &r[0] == "nat_gateway").unwrap();
    assert_eq!(&nat[3], "283.40");
    let endpoints = rows.iter().find(|r| &r[0] == "endpoints_only").unwrap();
    assert!(endpoints[5].contains("internet"), "{:?}", &endpoints[5]);
    assert!(
        rows.iter().all(|r| r[6].is_empty()),
        "no requirement is set"
    );
    // With a task address ruled out, the cheaper public subnets say what they fail.
    let stdout = compare_stdin(&scenario, &["--format", "csv", "--sensitive", "true"]);
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let public = rows.iter().find(|r| &r[0] == "public_subnet").unwrap();
    assert_eq!((&public[4], &public[6]), ("true", "sensitive"));
}

#[test]
fn table_format_ranks_the_options_with_their_costs() {
    let scenario = fargate();
    let stdout = compare_stdin(&scenario, &[]);
    assert!(!stdout.contains('\x1b'), "no colour into a pipe");
    let lines: Vec<&str> = stdout.lines().collect();
    // Ranks are right-aligned: " 1" once there are ten options or more.
    let first = lines
        .iter()
        .position(|l| l.trim_start().starts_with("1  "))
        .unwrap();
    assert!(lines[first].contains("Public subnets"), "{}", lines[first]);
    assert!(lines[first].contains("$104.60"), "{}", lines[first]);
    assert!(lines[first].contains("cheapest"), "{}", lines[first]);
    // Every priced option's cost is in the table, aligned in one column.
    let expect = &scenario["expect"]["monthly_cost"];
    let ranked = &lines[first..first + egress_planner::engine::OPTIONS.len()];
    for cost in expect.as_object().unwrap().values() {
        let cost = cost.as_str().unwrap();
        let (whole, cents) = cost.split_once('.').unwrap();
        let grouped = format!(
            "${}.{cents}",
            whole
                .as_bytes()
                .rchunks(3)
                .rev()
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect::<Vec<_>>()
                .join(",")
        );
        assert!(
            ranked.iter().any(|l| l.contains(&grouped)),
            "{grouped} missing:\n{}",
            stdout
        );
    }
    let column = |l: &str| l.find(" $").map(|i| i + l[i..].find('.').unwrap());
    let decimal_points: Vec<Option<usize>> = ranked.iter().map(|l| column(l)).collect();
    assert!(
        decimal_points.windows(2).all(|w| w[0] == w[1]),
        "costs not aligned:\n{}",
        stdout
    );
}

#[test]
fn markdown_format_is_the_results_markdown() {
    let stdout = compare_stdin(
        &fargate(),
        &[
            "--format",
            "markdown",
            "--base-url",
            "https://egress.example.com",
        ],
    );
    assert!(stdout.starts_with("## Egress options: "), "{stdout}");
    assert_says(
        &stdout,
        &[
            "| 1 | **Public subnets with public IPv4** | $104.60 | cheapest | yes |",
            "| NAT gateways | $388.00 | +$283.40 |",
            "[Open in egress-planner](https://egress.example.com/compare?",
        ],
    );
}

#[tokio::test]
async fn bad_input_exits_2_with_the_api_message() {
    let api = text(post_json("/api/v1/compare", r#"{"azs": "9"}"#).await).await;
    let api: Value = serde_json::from_str(&api).unwrap();
    let message = api["error"]["message"].as_str().unwrap();

    let out = run(&["compare", "--azs", "9"], None);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr.trim_end(), format!("error: {message}"));

    // Every error, as the API lists them; unknown fields from a file too.
    let out = run(
        &["compare", "--monthly_gb", "-5", "--file", "-"],
        Some(r#"{"montly_gb": 5, "s3_percent": 101}"#),
    );
    assert_eq!(out.code, 2);
    assert_says(
        &out.stderr,
        &[
            "Monthly traffic must be a number from 0 to 1,000,000,000 GB/month; got \"-5\"",
            "Share to/from S3 must be",
            "unknown field \"montly_gb\"",
        ],
    );

    let out = run(&["compare", "--file", "-"], Some("not json"));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("not a valid JSON object"),
        "{}",
        out.stderr
    );

    let out = run(&["compare", "--no-such-flag", "1"], None);
    assert_eq!(out.code, 2, "clap's usage errors exit 2 too");
}

#[test]
fn flags_override_the_file() {
    // one-nat-100gb-inbound: 100 GB in one AZ, nat_gateway 41.00 (its expect).
    // With --monthly_gb 200 the NAT processes 100 GB more at $0.045:
    // 41.00 + 4.50 = 45.50.
    let (_, scenario) = scenarios()
        .into_iter()
        .find(|(n, _)| n == "one-nat-100gb-inbound.json")
        .unwrap();
    let stdout = compare_stdin(&scenario, &["--format", "json", "--monthly_gb", "200"]);
    let body: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(option(&body, "nat_gateway")["monthly_cost"], "45.50");
    assert_eq!(body["scenario"]["monthly_gb"], "200");
}

#[test]
fn every_field_flag_is_also_spelled_with_hyphens() {
    // The same scenario, once with the fields' own names and once with hyphens: the same answer.
    let underscores = run(
        &[
            "compare",
            "--format",
            "json",
            "--monthly_gb",
            "3000",
            "--s3_percent",
            "40",
            "--nat_gateways",
            "1",
            "--azs",
            "3",
            "--dto_free_tier",
        ],
        None,
    );
    let hyphens = run(
        &[
            "compare",
            "--format",
            "json",
            "--monthly-gb",
            "3000",
            "--s3-percent",
            "40",
            "--nat-gateways",
            "1",
            "--azs",
            "3",
            "--dto-free-tier",
        ],
        None,
    );
    assert_eq!(hyphens.code, 0, "{}", hyphens.stderr);
    assert_eq!(hyphens.stdout, underscores.stdout);
    let body: Value = serde_json::from_str(&hyphens.stdout).unwrap();
    assert_eq!(body["scenario"]["monthly_gb"], "3000");
    assert_eq!(body["scenario"]["dto_free_tier"], true);
    // Given both ways, a field is given twice: refused as clap refuses a repeated flag.
    let twice = run(&["compare", "--monthly_gb", "1", "--monthly-gb", "2"], None);
    twice.assert_fails(
        2,
        &["'--monthly_gb <NUMBER>' cannot be used multiple times"],
    );
}

#[test]
fn help_names_every_field_with_unit_range_and_default() {
    let out = run(&["compare", "--help"], None);
    assert_eq!(out.code, 0);
    for field in FIELDS {
        // `--dto_free_tier [<true|false>]`: alone it means true.
        assert!(
            out.stdout.contains(&format!("--{} <", field.name))
                || out.stdout.contains(&format!("--{} [<", field.name)),
            "--{} missing",
            field.name
        );
        assert!(
            out.stdout.contains(field.label),
            "{} label missing",
            field.name
        );
        assert!(
            out.stdout
                .contains(&format!("[default: {}", field.default_text())),
            "{} default missing",
            field.name
        );
        if !field.unit.is_empty() {
            assert!(
                out.stdout.contains(field.unit),
                "{} unit missing",
                field.name
            );
        }
    }
    assert!(out.stdout.contains("[range: 0 to 1,000,000,000 GB/month]"));
    assert!(out.stdout.contains("[range: whole number, 1 to 6 AZs]"));
    for service in KNOWN_SERVICES {
        assert!(out.stdout.contains(&format!("--svc.{} <GB>", service.name)));
    }
    for format in ["table", "json", "markdown", "csv"] {
        assert!(out.stdout.contains(format));
    }
}

#[test]
fn top_level_help_lists_the_subcommands() {
    let out = run(&["--help"], None);
    assert_eq!(out.code, 0);
    for sub in ["serve", "compare", "check"] {
        assert!(out.stdout.contains(sub), "{sub}: {}", out.stdout);
    }
}
