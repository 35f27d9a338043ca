//! `egress-planner measure` and `ip-ranges fetch` driven as a user runs them, on the example plan and bill
//! that ship in crates/ingest/examples/data and on small files the tests write. Every expected figure is
//! worked out by hand beside it.

use super::cli::run;
use super::helpers::{assert_members, assert_says, example, string_list};
use serde_json::json;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;

fn data(name: &str) -> String {
    example(name).display().to_string()
}

/// The example bill with three NAT gateways for the month instead of one: 2160 NAT gateway-hours.
fn bill_with_three_gateways(folder: &Path) -> String {
    let cur = std::fs::read_to_string(data("cur.csv")).unwrap();
    let line = ",EU-NatGateway-Hours,NatGateway,arn:aws:ec2:eu-west-1:111122223333:natgateway/nat-0a1b2c3d4e5f60718,720,0.048,34.56,";
    assert!(cur.contains(line));
    let three = cur.replace(
        line,
        ",EU-NatGateway-Hours,NatGateway,arn:aws:ec2:eu-west-1:111122223333:natgateway/nat-0a1b2c3d4e5f60718,2160,0.048,103.68,",
    );
    let path = folder.join("cur3.csv");
    std::fs::write(&path, three).unwrap();
    path.display().to_string()
}

pub(crate) const IP_RANGES: &str = r#"{"createDate": "2026-11-01-00-00-00", "prefixes": [
 {"ip_prefix": "52.218.0.0/17", "region": "eu-west-1", "service": "AMAZON"},
 {"ip_prefix": "52.218.0.0/17", "region": "eu-west-1", "service": "S3"},
 {"ip_prefix": "54.239.0.0/16", "region": "eu-west-1", "service": "AMAZON"}
], "ipv6_prefixes": []}"#;

/// Rows by remote address over a 2-hour window (1793491200 = 2026-11-01T00:00:00Z, + 7200 s).
pub(crate) const BY_REMOTE: &str = "region,remote,direction,bytes,records,first_start,last_end,nat_gateways,peak_minute_bytes,max_span_minutes
eu-west-1,52.218.1.1,out,300000000,10,1793491200,1793498400,2,300000000,1
eu-west-1,54.239.1.1,out,100000000,10,1793491200,1793498400,2,300000000,1
eu-west-1,93.184.216.34,out,450000000,10,1793491200,1793498400,2,300000000,1
eu-west-1,93.184.216.34,in,150000000,10,1793491200,1793498400,2,300000000,1
";

/// `measure ARGS --format json`, asserting success: the answer.
fn measure_json(args: &[&str]) -> serde_json::Value {
    let r = run(&[&["measure"], args, &["--format", "json"]].concat(), None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

#[test]
fn plan_bill_and_flow_logs_merge_with_each_source_named() {
    let v = measure_json(&[
        "--terraform",
        &data("plan.json"),
        "--bill",
        &data("cur.csv"),
        "--aggregate",
        &data("flow-aggregate.csv"),
    ]);
    let s = &v["scenario"];
    // The plan: provider region eu-west-1, 3 AZs, one NAT gateway, three interface endpoints, 6 tasks.
    assert_members(
        s,
        &[
            ("region", json!("eu-west-1")),
            ("azs", json!(3)),
            ("nat_gateways", json!(1)),
            ("interface_endpoints", json!(3)),
            ("public_ips", json!(6)),
            // The bill: 1850.5 GB of EU-NatGateway-Bytes in November.
            ("monthly_gb", json!("1850.5")),
            // The flow logs (one hour, 2.5e9 bytes): S3 1.0e9 → 40 %, AWS 0.5e9 → 20 %; internet 1.0e9 of which
            // 0.7e9 out → 70 % and 0.1e9 over IPv6 → 10 %; peak 150e6 bytes × 8 / 60 s = 0.02 Gbps.
            ("s3_percent", json!("40")),
            ("aws_percent", json!("20")),
            ("outbound_percent", json!("70")),
            ("ipv6_percent", json!("10")),
            ("peak_gbps", json!("0.02")),
        ],
    );
    let src = &v["sources"];
    assert_members(
        src,
        &[
            ("region", json!("terraform")),
            ("nat_gateways", json!("terraform")),
            ("monthly_gb", json!("bill")),
            ("s3_percent", json!("flow-logs")),
            ("peak_gbps", json!("flow-logs")),
        ],
    );
    // The flow logs scale 2.5e9 bytes an hour to 730 hours: 1825 GB, not the billed 1850.5.
    let disagreements = v["disagreements"].as_array().unwrap();
    assert_eq!(disagreements.len(), 1, "{disagreements:?}");
    let d = disagreements[0].as_str().unwrap();
    assert!(
        d.starts_with(
            "monthly_gb: the bill says 1850.5, the flow logs say 1825; using the bill's 1850.5"
        ),
        "{d}"
    );
    // One NAT gateway in the plan, 720 h ÷ 720 h = 1 on the bill, 1 in the aggregate: agreed.
    let derivation = string_list(&v["derivation"]);
    assert!(
        derivation.contains(&"nat_gateways = 1: the plan and the bill and the flow logs agree."),
        "{derivation:?}"
    );
    let url = v["compare_url"].as_str().unwrap();
    assert!(
        url.starts_with("/compare?region=eu-west-1&monthly_gb=1850.5&"),
        "{url}"
    );
    assert!(url.ends_with("&current=nat_gateway_all_endpoints"), "{url}");
    assert_eq!(v["current"], "nat_gateway_all_endpoints");
    assert!(v["coverage"]["records"].as_u64().is_some());
    // 40 + 60 + 50 + 30 + 20 + 10 records in the aggregate.
    assert_eq!(v["coverage"]["records"], 210);
    assert!(v["billed"]["eu-west-1"]["cost"].is_string());
}

#[test]
fn a_bill_of_three_gateways_and_a_plan_of_one_keeps_the_plan_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let bill = bill_with_three_gateways(dir.path());
    let r = run(
        &[
            "measure",
            "--terraform",
            &data("plan.json"),
            "--bill",
            &bill,
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_says(
        &r.stdout,
        &[
            // 2160 NAT gateway-hours ÷ 720 hours in November = 3 gateways on the bill; the plan builds 1.
            "nat_gateways: the plan says 1, the bill says 3; using the plan's 1: the plan gives the layout",
            // The text ends with the command that compares the merged scenario, fields in the scenario's order.
            "compare: egress-planner compare --region eu-west-1 --monthly_gb 1850.5 --azs 3 --nat_gateways 1 --interface_endpoints 3 --public_ips 6 --current nat_gateway_all_endpoints\n",
            // The option in place is named for people, with its id.
            "in place today: NAT gateways + S3 gateway + interface endpoints (nat_gateway_all_endpoints)",
        ],
    );
}

#[test]
fn compare_prints_the_comparison_as_compare_does() {
    let measured = run(
        &["measure", "terraform", &data("plan.json"), "--compare"],
        None,
    );
    assert_eq!(measured.code, 0, "{}", measured.stderr);
    // The same scenario through `compare` prints the same table.
    let compared = run(
        &[
            "compare",
            "--region",
            "eu-west-1",
            "--azs",
            "3",
            "--nat_gateways",
            "1",
            "--interface_endpoints",
            "3",
            "--public_ips",
            "6",
            "--current",
            "nat_gateway_all_endpoints",
        ],
        None,
    );
    assert_eq!(compared.code, 0, "{}", compared.stderr);
    assert!(
        measured.stdout.ends_with(&compared.stdout),
        "{}",
        measured.stdout
    );
    assert!(measured.stdout.contains("Monthly cost"));
}

#[test]
fn flow_logs_by_remote_address_are_classified_with_the_ip_ranges_given() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ip-ranges.json"), IP_RANGES).unwrap();
    std::fs::write(dir.path().join("agg.csv"), BY_REMOTE).unwrap();
    let agg = dir.path().join("agg.csv").display().to_string();
    let ranges = dir.path().join("ip-ranges.json").display().to_string();
    let v = measure_json(&["flow-logs", "--aggregate", &agg, "--ip-ranges", &ranges]);
    let s = &v["scenario"];
    // 1e9 bytes in 2 hours → 1e9 × 730 × 3600 / (7200 × 1e9) = 365 GB a month.
    assert_members(
        s,
        &[
            ("monthly_gb", json!("365")),
            // 52.218.1.1 is S3 in eu-west-1 (S3 ranks before AMAZON): 0.3e9 of 1e9 = 30 %.
            ("s3_percent", json!("30")),
            // 54.239.1.1 is AMAZON in eu-west-1: 10 %.
            ("aws_percent", json!("10")),
            // Internet 0.6e9, of which 0.45e9 out: 75 %; none over IPv6.
            ("outbound_percent", json!("75")),
            ("ipv6_percent", json!("0")),
            ("nat_gateways", json!(2)),
            // 300e6 bytes in the busiest minute × 8 / 60 s = 0.04 Gbps.
            ("peak_gbps", json!("0.04")),
        ],
    );
    assert_eq!(v["sources"]["monthly_gb"], "flow-logs");
    assert!(v.get("current").is_none());
    assert!(
        v["compare_url"]
            .as_str()
            .unwrap()
            .starts_with("/compare?region=eu-west-1&monthly_gb=365&s3_percent=30&aws_percent=10")
    );

    // Without --ip-ranges the remote addresses cannot be classified: the error says how to get it.
    run(&["measure", "flow-logs", "--aggregate", &agg], None).assert_fails(
        2,
        &[
            "curl -O https://ip-ranges.amazonaws.com/ip-ranges.json",
            "egress-planner ip-ranges fetch --out ip-ranges.json",
        ],
    );
}

/// Raw flow logs in a folder with a stray file: the text says what was skipped and why, and that
/// lost records (SKIPDATA) make the figures a floor, where a reader of the terminal sees them.
#[test]
fn raw_flow_logs_say_what_they_skipped_and_what_they_did_not_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ip-ranges.json"), IP_RANGES).unwrap();
    let logs = dir.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    std::fs::write(logs.join("README.txt"), "not a flow log").unwrap();
    // 1793491200 = 2026-11-01T00:00:00Z. The NAT gateway (private IP 10.0.1.10) sends 1e9 bytes
    // to 93.184.216.34 in the first minute; the interface then loses a minute's records, and
    // logs an empty one.
    let t0 = 1_793_491_200u64;
    let log = format!(
        "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status
2 111122223333 eni-nat 10.0.1.10 93.184.216.34 40000 443 6 1000 1000000000 {t0} {} ACCEPT OK
2 111122223333 eni-nat - - - - - - - {} {} - SKIPDATA
2 111122223333 eni-nat - - - - - - - {} {} - NODATA
",
        t0 + 60,
        t0 + 60,
        t0 + 120,
        t0 + 120,
        t0 + 180
    );
    let name = "111122223333_vpcflowlogs_eu-west-1_fl-1_20261101T0000Z_a.log";
    std::fs::write(logs.join(name), log).unwrap();
    let ranges = dir.path().join("ip-ranges.json").display().to_string();
    let logs = logs.display().to_string();
    let args = [
        "measure",
        "flow-logs",
        &logs,
        "--nat-ip",
        "10.0.1.10",
        "--ip-ranges",
        &ranges,
    ];
    let r = run(&args, None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_says(
        &r.stdout,
        &[
            "Not read, as not flow logs by name: 1 file in the folders given.",
            "SKIPDATA in 1 record: AWS could not capture some flows of an interface in an interval",
            "the volume and the peak are lower bounds",
            // Three records from the first start to the last end, 3 minutes: 0.05 hours.
            "coverage: 1 file, 3 records, 2026-11-01T00:00:00Z to 2026-11-01T00:03:00Z (0.05 hours), 1 GB counted\n  skipped 1: NODATA\n  skipped 1: SKIPDATA\n",
        ],
    );
}

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    // A directory for a plan.
    let fails = |args: &[&str], part: &str| run(args, None).assert_fails(2, &[part]);
    fails(
        &["measure", "terraform", &dir.path().display().to_string()],
        "is a directory; give the plan file itself",
    );
    // A plan over the cap (the example is 30,354 bytes).
    fails(
        &[
            "measure",
            "terraform",
            &data("plan.json"),
            "--max-bytes",
            "1000",
        ],
        "is larger than 1000 bytes (the limit; raise it with --max-bytes)",
    );
    // A bill that is not one.
    std::fs::write(dir.path().join("notes.txt"), "hello\n").unwrap();
    let notes = dir.path().join("notes.txt").display().to_string();
    fails(&["measure", "bill", &notes], "notes.txt");
    // Nothing to measure.
    fails(&["measure"], "nothing to measure");
    // A derived field the planner refuses names the field and its source: a region the pricing table
    // does not have.
    std::fs::write(
        dir.path().join("agg.csv"),
        std::fs::read_to_string(data("flow-aggregate.csv"))
            .unwrap()
            .replace("eu-west-1,", "mars-east-1,"),
    )
    .unwrap();
    let agg = dir.path().join("agg.csv").display().to_string();
    fails(
        &["measure", "flow-logs", "--aggregate", &agg],
        "error: region = mars-east-1 (from the flow logs): ",
    );
}

/// Serves `body` for every request on 127.0.0.1, `n` times.
fn serve(body: &'static str, n: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/ip-ranges.json", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(n) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
            }
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    url
}

#[test]
fn ip_ranges_fetch_checks_the_body_and_writes_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ip-ranges.json");
    let fetch = |body, out: &Path| {
        let url = serve(body, 1);
        let out = out.display().to_string();
        run(&["ip-ranges", "fetch", "--url", &url, "--out", &out], None)
    };
    let r = fetch(IP_RANGES, &out);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), IP_RANGES);
    // Three entries, two of them the same prefix: two distinct prefixes.
    assert!(
        r.stderr
            .contains("createDate 2026-11-01-00-00-00, 2 prefixes"),
        "{}",
        r.stderr
    );

    // A page that is not ip-ranges.json is refused, and nothing is written.
    let other = dir.path().join("other.json");
    fetch("<html>maintenance</html>", &other).assert_fails(2, &["not AWS's ip-ranges.json format"]);
    assert!(!other.exists());
    // A directory is not written over.
    fetch(IP_RANGES, dir.path()).assert_fails(1, &["refused to write: it is a directory"]);
    // Plain HTTP is only for loopback test servers.
    let plain = "http://ip-ranges.amazonaws.com/ip-ranges.json";
    run(&["ip-ranges", "fetch", "--url", plain], None).assert_fails(2, &["only https:// URLs"]);
}

#[test]
fn with_a_bill_todays_option_is_modelled_beside_what_was_billed() {
    let answer = measure_json(&[
        "--terraform",
        &data("plan.json"),
        "--bill",
        &data("cur.csv"),
    ]);
    let rows = answer["billed_beside_modelled"].as_array().unwrap();
    let row = |figure: &str| rows.iter().find(|b| b["figure"] == figure).unwrap().clone();
    // eu-west-1 at $0.048 a NAT GB: the bill's 1,850.5 GB is the scenario's, so both are
    // 1,850.5 × 0.048 = 88.824 → $88.82, with nothing to explain.
    let gb = row("nat_gb");
    assert_eq!(
        (gb["modelled"].as_str(), gb["billed"].as_str()),
        (Some("88.82"), Some("88.82"))
    );
    assert!(gb["why"].as_array().unwrap().is_empty());
    // One gateway: the model's 730 hours × 0.048 = 35.04; November's bill 720 × 0.048 = 34.56,
    // 0.48 less, and the reason names both hour counts.
    let hours = row("nat_hour");
    assert_eq!(hours["modelled"], "35.04");
    assert_eq!(hours["billed"], "34.56");
    assert_eq!(hours["difference"], "-0.48");
    let why = hours["why"][0].as_str().unwrap();
    assert!(why.contains("720") && why.contains("730"), "{why}");
}
