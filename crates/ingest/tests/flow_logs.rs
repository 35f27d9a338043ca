//! Flow-log measurement end to end, on files the tests write: every expected figure worked out by hand.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use egress_ingest::flow_logs::{
    FlowLogError, FlowLogOptions, IpRanges, NatGateways, measure_aggregate, measure_paths,
};
use flate2::Compression;
use flate2::write::GzEncoder;

/// 2026-01-02T00:00:00Z, a whole minute.
const T0: i64 = 1_767_312_000;

/// A small ip-ranges file of our own (not AWS's): S3 and AMAZON in us-east-1, S3 in eu-west-1, EC2.
const RANGES: &str = include_str!("data/ip-ranges.json");

const DESCRIBE: &str = r#"{"NatGateways":[
  {"NatGatewayId":"nat-a","SubnetId":"subnet-a","ConnectivityType":"public","State":"available",
   "NatGatewayAddresses":[{"NetworkInterfaceId":"eni-nat-a","PrivateIp":"10.0.1.10","PublicIp":"198.51.100.10"}]},
  {"NatGatewayId":"nat-b","SubnetId":"subnet-b","ConnectivityType":"public","State":"available",
   "NatGatewayAddresses":[{"NetworkInterfaceId":"eni-nat-b","PrivateIp":"10.0.2.10","PublicIp":"198.51.100.20"}]}]}"#;

const V2: &str = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";

fn ranges() -> IpRanges {
    IpRanges::from_reader("ranges.json", RANGES.as_bytes()).unwrap()
}

fn opts_describe() -> FlowLogOptions {
    FlowLogOptions::new(
        NatGateways::from_describe_json("nat.json", DESCRIBE.as_bytes()).unwrap(),
        ranges(),
    )
}

fn opts_ip(ip: &str) -> FlowLogOptions {
    FlowLogOptions::new(
        NatGateways::from_private_ips(&[ip.parse().unwrap()]),
        ranges(),
    )
}

fn gz(text: &str) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(text.as_bytes()).unwrap();
    e.finish().unwrap()
}

fn write(path: &Path, bytes: &[u8]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// A default-format (v2) record.
fn v2(eni: &str, src: &str, dst: &str, bytes: u64, start: i64, end: i64) -> String {
    format!("2 111122223333 {eni} {src} {dst} 40000 443 6 10 {bytes} {start} {end} ACCEPT OK\n")
}

/// NAT a's record of its own traffic out to `dst`.
fn nat_a_out(dst: &str, bytes: u64, start: i64, end: i64) -> String {
    v2("eni-nat-a", "10.0.1.10", dst, bytes, start, end)
}

/// NAT a's record of traffic in from `src`.
fn nat_a_in(src: &str, bytes: u64, start: i64, end: i64) -> String {
    v2("eni-nat-a", src, "10.0.1.10", bytes, start, end)
}

/// Each of `expected`'s fields is derived with its value.
fn assert_fields(r: &egress_ingest::flow_logs::FlowLogReport, expected: &[(&str, &str)]) {
    for (name, value) in expected {
        assert_eq!(field(r, name), *value, "{name}");
    }
}

fn field<'a>(r: &'a egress_ingest::flow_logs::FlowLogReport, name: &str) -> &'a str {
    r.derived
        .get(name)
        .unwrap_or_else(|| panic!("no {name} in {:?}", r.derived.fields))
}

/// The v2 scenario: two files in AWS's plain key layout, one a multi-member gzip, in a directory that
/// also holds a file that is not a flow log.
fn write_v2_tree(root: &Path) {
    let dir = root.join("AWSLogs/111122223333/vpcflowlogs/us-east-1/2026/01/02");
    let mut a = format!("{V2}\n");
    // NAT a → S3 in us-east-1 (52.216.0.0/15 is S3): 3 GB outbound, minute 0.
    a += &nat_a_out("52.216.1.1", 3_000_000_000, T0, T0 + 60);
    // The same bytes' inside leg, task → NAT private IP: not counted again.
    a += &nat_a_in("10.0.3.5", 3_000_000_000, T0, T0 + 60);
    // Internet → NAT a: 4 GB inbound, minute 1.
    a += &nat_a_in("8.8.8.8", 4_000_000_000, T0 + 60, T0 + 120);
    // Private traffic between two tasks: not on the egress path.
    a += &v2("eni-task1", "10.0.3.5", "10.0.4.6", 999, T0, T0 + 60);
    a += &format!(
        "2 111122223333 eni-x - - - - - - - {T0} {} - NODATA\n",
        T0 + 60
    );
    write(
        &dir.join("111122223333_vpcflowlogs_us-east-1_fl-1_20260102T0000Z_aaaa.log.gz"),
        &gz(&a),
    );

    // Second file: two gzip members, as concatenated deliveries can be.
    let m1 = format!(
        "{V2}\n{}",
        v2(
            "eni-nat-b",
            "10.0.2.10",
            "52.94.1.1",
            2_000_000_000,
            T0 + 120,
            T0 + 180
        )
    );
    let m2 = v2(
        "eni-nat-b",
        "10.0.2.10",
        "8.8.4.4",
        1_000_000_000,
        T0 + 3540,
        T0 + 3600,
    );
    let mut both = gz(&m1);
    both.extend(gz(&m2));
    write(
        &dir.join("111122223333_vpcflowlogs_us-east-1_fl-1_20260102T0100Z_bbbb.log.gz"),
        &both,
    );
    write(
        &root.join("AWSLogs/111122223333/vpcflowlogs/manifest.json"),
        b"{}",
    );
}

#[test]
fn v2_default_format_two_files_multi_member_gzip() {
    let dir = tempfile::tempdir().unwrap();
    write_v2_tree(dir.path());
    let r = measure_paths(&opts_describe(), &[dir.path().to_path_buf()]).unwrap();
    // Counted: S3 3 GB, AWS (52.94.0.0/22 AMAZON) 2 GB, internet 4 GB in + 1 GB out = 5 GB; total 10 GB.
    assert_fields(
        &r,
        &[
            ("region", "us-east-1"), // from the paths
            // 10 GB over T0..T0+3600 = 1 hour → 10 × 730 / 1 = 7300 GB.
            ("monthly_gb", "7300"),
            // 3 GB to S3 of 10 GB → 30 %.
            ("s3_percent", "30"),
            // 2 GB to AWS APIs of 10 GB → 20 %.
            ("aws_percent", "20"),
            // Of 5 GB internet, 1 GB leaves → 20 %.
            ("outbound_percent", "20"),
            // No IPv6 → 0 %.
            ("ipv6_percent", "0"),
            // Both gateways carried traffic.
            ("nat_gateways", "2"),
            // Busiest minute: minute 1 with 4 GB → 4 × 8 / 60 = 0.5333… Gbps.
            ("peak_gbps", "0.5333"),
        ],
    );
    assert!(
        !r.derived
            .derivation
            .iter()
            .any(|l| l.contains("lower bound")),
        "1-minute records: exact"
    );
    assert_eq!(r.coverage.files, 2);
    // 5 records in the first file, 2 in the second.
    assert_eq!(r.coverage.records, 7);
    assert_eq!(r.coverage.skipped["NODATA"], 1);
    assert_eq!(
        r.coverage.skipped["NAT gateway inside leg (counted on its outside leg)"],
        1
    );
    assert_eq!(r.coverage.skipped["private traffic (no public end)"], 1);
    assert_eq!(r.coverage.ignored_files, 1);
    assert_eq!(r.coverage.first, "2026-01-02T00:00:00Z");
    assert_eq!(r.coverage.last, "2026-01-02T01:00:00Z");
    assert_eq!(r.coverage.observed_hours, "1");
    assert_eq!(r.coverage.observed_gb, "10");
    assert!(r.ecs_services.is_empty());

    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["scenario"]["monthly_gb"], "7300");
    assert_eq!(json["scenario"]["nat_gateways"], 2);
    assert_eq!(json["coverage"]["files"], 2);
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["coverage", "derivation", "scenario", "services_by_ecs"]
    );
    let text = r.to_text();
    assert!(
        // 10 GB in one hour: 10 × 730 × 3600 / 3600 = 7300.
        text.contains("monthly_gb: 10 GB on the egress path observed over 3600 s (")
            && text.contains("1 hour) → 10 × 730 × 3600 / 3600 = 7300 GB in a 730-hour month."),
        "{text}"
    );
    assert!(
        text.contains("Not read, as not flow logs by name: 1 file in the folders given."),
        "{text}"
    );
    // Counts of two in the plural, a window of one hour in the singular.
    assert!(
        text.contains("nat_gateways: 2 NAT gateways of the 2 given carried traffic")
            && text.contains("coverage: 2 files, 7 records, 2026-01-02T00:00:00Z to 2026-01-02T01:00:00Z (1 hour)"),
        "{text}"
    );
}

const V7: &str = "start end bytes srcaddr dstaddr interface-id region flow-direction log-status action ecs-service-name ecs-task-id version";

#[allow(clippy::too_many_arguments)]
fn v7(
    start: i64,
    end: i64,
    bytes: &str,
    src: &str,
    dst: &str,
    eni: &str,
    dir: &str,
    status: &str,
    action: &str,
    svc: &str,
) -> String {
    let task = if svc == "-" { "-" } else { "task1" };
    format!(
        "{start} {end} {bytes} {src} {dst} {eni} us-east-1 {dir} {status} {action} {svc} {task} 7\n"
    )
}

/// NAT a's accepted v7 record of its own traffic out to `dst`.
fn nat_a_egress(dst: &str, bytes: &str, start: i64, end: i64) -> String {
    v7(
        start,
        end,
        bytes,
        "10.0.1.10",
        dst,
        "eni-nat-a",
        "egress",
        "OK",
        "ACCEPT",
        "-",
    )
}

/// NAT a's v7 record of traffic in from `src`, accepted or rejected (`action`).
fn nat_a_ingress(src: &str, bytes: &str, start: i64, end: i64, action: &str) -> String {
    v7(
        start,
        end,
        bytes,
        src,
        "10.0.1.10",
        "eni-nat-a",
        "ingress",
        "OK",
        action,
        "-",
    )
}

/// The custom-format scenario (fields in another order, v5–v7 fields), in the Hive-style key layout.
fn write_v7_tree(root: &Path) -> PathBuf {
    let dir = root.join(
        "AWSLogs/aws-account-id=111122223333/aws-service=vpcflowlogs/aws-region=us-east-1/year=2026/month=01/day=02",
    );
    let mut t = format!("{V7}\n");
    // NAT a → S3 us-east-1, 6 GB over 10 minutes (0.6 GB a minute, minutes 0–9).
    t += &nat_a_egress("52.216.9.9", "6000000000", T0, T0 + 600);
    // NAT a → S3 in eu-west-1: internet (no gateway endpoint reaches it), 2 GB out, 0.2 GB a minute.
    t += &nat_a_egress("3.5.140.7", "2000000000", T0, T0 + 600);
    // A dual-stack task sends 1 GB over IPv6 directly (egress-only IGW); both ends public, egress.
    t += &v7(
        T0 + 600,
        T0 + 1200,
        "1000000000",
        "2600:1f18:aaaa::5",
        "2001:db8:1::1",
        "eni-task2",
        "egress",
        "OK",
        "ACCEPT",
        "web",
    );
    // A task's inside leg to NAT a: 8 GB, not counted again, but it is service api's traffic.
    t += &v7(
        T0,
        T0 + 600,
        "8000000000",
        "10.0.3.5",
        "10.0.1.10",
        "eni-task1",
        "egress",
        "OK",
        "ACCEPT",
        "api",
    );
    // Internet → NAT a: 1 GB in over minutes 10–19.
    t += &nat_a_ingress("9.9.9.9", "1000000000", T0 + 600, T0 + 1200, "ACCEPT");
    t += &v7(
        T0 + 1200,
        T0 + 1800,
        "-",
        "-",
        "-",
        "eni-nat-a",
        "-",
        "NODATA",
        "-",
        "-",
    );
    t += &nat_a_ingress("8.8.8.8", "500", T0, T0 + 600, "REJECT");
    write(
        &dir.join("111122223333_vpcflowlogs_us-east-1_fl-2_20260102T0000Z_cccc.log.gz"),
        &gz(&t),
    );
    root.join("AWSLogs")
}

#[test]
fn custom_v7_format_hive_layout_two_s3_regions_ipv6_and_ecs_services() {
    let dir = tempfile::tempdir().unwrap();
    let root = write_v7_tree(dir.path());
    let r = measure_paths(&opts_ip("10.0.1.10"), &[root]).unwrap();
    // Counted: S3 us-east-1 6 GB; internet: 2 GB out (S3 eu-west-1) + 1 GB out IPv6 + 1 GB in = 4 GB; 10 GB.
    assert_fields(
        &r,
        &[
            ("region", "us-east-1"),
            // 10 GB over T0..T0+1800 (the NODATA record ends last) = 0.5 h → 10 × 730 / 0.5 = 14600 GB.
            ("monthly_gb", "14600"),
            // 6 of 10 → 60 %; the eu-west-1 S3 is internet.
            ("s3_percent", "60"),
            ("aws_percent", "0"),
            // Of 4 GB internet, 3 GB out → 75 %.
            ("outbound_percent", "75"),
            // Of 4 GB internet, 1 GB IPv6 → 25 %.
            ("ipv6_percent", "25"),
            ("nat_gateways", "1"),
            // Minutes 0–9 carry 0.6 + 0.2 = 0.8 GB each → 0.8 × 8 / 60 = 0.10666… → 0.1067 Gbps, a lower bound.
            ("peak_gbps", "0.1067"),
        ],
    );
    assert!(
        r.derived
            .derivation
            .iter()
            .any(|l| l.contains("lower bound"))
    );
    assert!(
        r.derived
            .derivation
            .iter()
            .any(|l| l.contains("S3 in other regions, 2 GB"))
    );
    assert_eq!(r.coverage.records, 7);
    assert_eq!(r.coverage.skipped["REJECT"], 1);
    assert_eq!(r.coverage.skipped["NODATA"], 1);
    // ECS: api 8 GB (inside leg), web 1 GB (direct) of 9 GB → 88.8889 % and 11.1111 %.
    assert_eq!(r.ecs_services.len(), 2);
    assert_eq!(
        (
            r.ecs_services[0].service.as_str(),
            r.ecs_services[0].percent.as_str()
        ),
        ("api", "88.8889")
    );
    assert_eq!(
        (
            r.ecs_services[1].service.as_str(),
            r.ecs_services[1].gb.as_str()
        ),
        ("web", "1")
    );
    assert_eq!(r.ecs_services[1].percent, "11.1111");
}

#[test]
fn aggregate_csv_gives_the_same_scenario_as_the_raw_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = write_v7_tree(dir.path());
    let raw = measure_paths(&opts_ip("10.0.1.10"), &[root]).unwrap();
    // What the query in docs/flow-logs.md outputs for the same records (worked out by hand above).
    let end = T0 + 1800;
    let csv = format!(
        "region,class,direction,ip_version,bytes,records,first_start,last_end,nat_gateways,peak_minute_bytes,max_span_minutes\n\
         us-east-1,s3,out,4,6000000000,1,{T0},{end},1,800000000,10\n\
         us-east-1,internet,out,4,2000000000,1,{T0},{end},1,800000000,10\n\
         us-east-1,internet,out,6,1000000000,1,{T0},{end},1,800000000,10\n\
         us-east-1,internet,in,4,1000000000,1,{T0},{end},1,800000000,10\n"
    );
    let agg = measure_aggregate(&opts_ip("10.0.1.10"), "athena.csv", csv.as_bytes()).unwrap();
    assert_eq!(agg.derived.fields, raw.derived.fields);
    assert_eq!(agg.coverage.observed_gb, "10");
    // The remote-address form (what the DuckDB and Athena queries output): this crate classifies
    // each remote with the same ip-ranges code, so the scenario is the same again.
    let by_remote = format!(
        "region,remote,direction,bytes,records,first_start,last_end,nat_gateways,peak_minute_bytes,max_span_minutes\n\
         us-east-1,52.216.9.9,out,6000000000,1,{T0},{end},1,800000000,10\n\
         us-east-1,3.5.140.7,out,2000000000,1,{T0},{end},1,800000000,10\n\
         us-east-1,2001:db8:1::1,out,1000000000,1,{T0},{end},1,800000000,10\n\
         us-east-1,9.9.9.9,in,1000000000,1,{T0},{end},1,800000000,10\n"
    );
    let agg = measure_aggregate(&opts_ip("10.0.1.10"), "duckdb.csv", by_remote.as_bytes()).unwrap();
    assert_eq!(agg.derived.fields, raw.derived.fields);
    assert!(
        agg.derived
            .derivation
            .iter()
            .any(|l| l.contains("S3 in other regions, 2 GB"))
    );
    let bad_remote = by_remote.replace("9.9.9.9", "9.9.9");
    assert_eq!(
        aggregate_error("duckdb.csv", &bad_remote),
        "duckdb.csv, line 5: `remote` is `9.9.9`, not an IP address"
    );
    let e = aggregate_error("athena.csv", &csv.replace("class,", "klass,"));
    assert!(
        e.contains("neither a `remote` column nor `class` and `ip_version`"),
        "{e}"
    );
    let e = aggregate_error("athena.csv", "region,class\nus-east-1,s3\n");
    assert!(
        e.starts_with("athena.csv, line 1: aggregate: no `direction` column"),
        "{e}"
    );
    assert_eq!(
        aggregate_error("athena.csv", &csv.replace("6000000000", "6e9")),
        "athena.csv, line 2: `bytes` is `6e9`, not a number"
    );
}

/// What measuring the aggregate `text`, a file named `name`, says is wrong with it.
fn aggregate_error(name: &str, text: &str) -> String {
    measure_aggregate(&opts_ip("10.0.1.10"), name, text.as_bytes())
        .unwrap_err()
        .to_string()
}

#[test]
fn plain_text_and_region_option() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("flows.log");
    let mut t = format!("{V2}\r\n");
    // 1 GB out to 54.1.2.3 (AMAZON+EC2 → EC2 → internet) over T0..T0+7200 (2 h, two records).
    t += &nat_a_out("54.1.2.3", 500_000_000, T0, T0 + 60);
    t += &nat_a_out("54.1.2.3", 500_000_000, T0 + 7140, T0 + 7200);
    write(&f, t.as_bytes());
    let mut o = opts_ip("10.0.1.10");
    o.region = Some("us-east-1".into());
    o.hours = 744;
    let r = measure_paths(&o, std::slice::from_ref(&f)).unwrap();
    // 1 GB over 2 h → 1 × 744 / 2 = 372 GB.
    assert_fields(
        &r,
        &[
            ("monthly_gb", "372"),
            ("hours", "744"),
            // EC2 addresses are customers' instances: internet, not AWS APIs.
            ("aws_percent", "0"),
            ("outbound_percent", "100"),
        ],
    );
    // Without the option there is no region to be had.
    let e = measure_paths(&opts_ip("10.0.1.10"), &[f]).unwrap_err();
    assert!(matches!(e, FlowLogError::NoRegion), "{e}");
}

#[test]
fn parquet_with_gzip_pages() {
    use parquet::basic::Compression as PqCompression;
    use parquet::data_type::{ByteArray, ByteArrayType, Int32Type, Int64Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::parser::parse_message_type;
    use std::sync::Arc;

    let dir = tempfile::tempdir().unwrap();
    let path = dir
        .path()
        .join("111122223333_vpcflowlogs_us-east-1_fl-3_20260102T0000Z_dddd.log.gz.parquet");
    let schema = Arc::new(
        parse_message_type(
            "message schema { required int32 version; required binary interface_id (UTF8);
             optional binary srcaddr (UTF8); optional binary dstaddr (UTF8); optional int64 bytes;
             required int64 start; required int64 end; optional binary action (UTF8); required binary log_status (UTF8); }",
        )
        .unwrap(),
    );
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(PqCompression::GZIP(Default::default()))
            .build(),
    );
    let mut w = SerializedFileWriter::new(fs::File::create(&path).unwrap(), schema, props).unwrap();
    let mut rg = w.next_row_group().unwrap();
    let ba = |v: &[&str]| v.iter().map(|s| ByteArray::from(*s)).collect::<Vec<_>>();
    // Rows: NAT → S3 3 GB (minute 0); internet → NAT 1 GB (minute 59); a NODATA row with nulls.
    let mut col = 0;
    while let Some(mut c) = rg.next_column().unwrap() {
        match col {
            0 => c
                .typed::<Int32Type>()
                .write_batch(&[2, 2, 2], None, None)
                .unwrap(),
            1 => c
                .typed::<ByteArrayType>()
                .write_batch(&ba(&["eni-nat-a"; 3]), None, None)
                .unwrap(),
            2 => c
                .typed::<ByteArrayType>()
                .write_batch(&ba(&["10.0.1.10", "8.8.8.8"]), Some(&[1, 1, 0]), None)
                .unwrap(),
            3 => c
                .typed::<ByteArrayType>()
                .write_batch(&ba(&["52.216.1.1", "10.0.1.10"]), Some(&[1, 1, 0]), None)
                .unwrap(),
            4 => c
                .typed::<Int64Type>()
                .write_batch(&[3_000_000_000, 1_000_000_000], Some(&[1, 1, 0]), None)
                .unwrap(),
            5 => c
                .typed::<Int64Type>()
                .write_batch(&[T0, T0 + 3540, T0], None, None)
                .unwrap(),
            6 => c
                .typed::<Int64Type>()
                .write_batch(&[T0 + 60, T0 + 3600, T0 + 60], None, None)
                .unwrap(),
            7 => c
                .typed::<ByteArrayType>()
                .write_batch(&ba(&["ACCEPT", "ACCEPT"]), Some(&[1, 1, 0]), None)
                .unwrap(),
            _ => c
                .typed::<ByteArrayType>()
                .write_batch(&ba(&["OK", "OK", "NODATA"]), None, None)
                .unwrap(),
        };
        c.close().unwrap();
        col += 1;
    }
    rg.close().unwrap();
    w.close().unwrap();

    let r = measure_paths(&opts_ip("10.0.1.10"), &[dir.path().to_path_buf()]).unwrap();
    // 4 GB over 1 h → 4 × 730 = 2920 GB; S3 3 of 4 → 75 %; internet 1 GB, all inbound → 0 % out.
    assert_fields(
        &r,
        &[
            ("region", "us-east-1"), // from the file name
            ("monthly_gb", "2920"),
            ("s3_percent", "75"),
            ("outbound_percent", "0"),
            // Busiest minute 3 GB → 3 × 8 / 60 = 0.4 Gbps.
            ("peak_gbps", "0.4"),
        ],
    );
    assert_eq!(r.coverage.records, 3);
    assert_eq!(r.coverage.skipped["NODATA"], 1);
}

fn err_for(name: &str, bytes: &[u8], opts: &FlowLogOptions) -> (String, FlowLogError) {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join(name);
    write(&f, bytes);
    let e = measure_paths(opts, std::slice::from_ref(&f)).unwrap_err();
    (f.display().to_string(), e)
}

/// What measuring a default-format file `name` of one `record` says is
/// wrong, the file named by its name alone.
fn record_error(name: &str, record: &str, opts: &FlowLogOptions) -> String {
    let (f, e) = err_for(name, format!("{V2}\n{record}").as_bytes(), opts);
    e.to_string().replace(&f, name)
}

#[test]
fn bad_inputs_name_file_and_line() {
    let o = opts_ip("10.0.1.10");
    let good = format!(
        "{V2}\n{}{}{}",
        nat_a_out("8.8.8.8", 1, T0, T0 + 60),
        nat_a_out("8.8.8.8", 1, T0, T0 + 60),
        nat_a_out("8.8.8.8", 1, T0, T0 + 60)
    );

    // Truncated gzip: a long file cut in the middle.
    let mut long = format!("{V2}\n");
    for i in 0..20_000 {
        long += &nat_a_out(
            &format!("8.8.{}.{}", i % 200, i % 250),
            1000 + i,
            T0,
            T0 + 60,
        );
    }
    let z = gz(&long);
    let (f, e) = err_for("cut.log.gz", &z[..z.len() / 2], &o);
    match &e {
        FlowLogError::TruncatedGzip { file, line } => {
            assert_eq!(file, &f);
            assert!(*line > 2 && *line < 20_002, "{line}");
        }
        other => panic!("{other}"),
    }
    assert!(e.to_string().contains("the gzip stream ends early"), "{e}");

    let (f, e) = err_for("nobytes.log", b"version srcaddr dstaddr start end\n", &o);
    assert_eq!(
        e.to_string(),
        format!("{f}, line 1: the header has no `bytes` field, which the measurement needs")
    );

    let (f, e) = err_for("noaddr.log", "version bytes start end\n".as_bytes(), &o);
    assert_eq!(
        e.to_string(),
        format!("{f}, line 1: the header has no `srcaddr` field, which the measurement needs")
    );

    // Line 2 (the first record) has 13 fields.
    let short = good.replacen(" ACCEPT OK\n2", " OK\n2", 1);
    let (f, e) = err_for("short.log", short.as_bytes(), &o);
    assert_eq!(
        e.to_string(),
        format!("{f}, line 2: 13 fields where the header names 14")
    );

    let nan = good
        .replacen(" 1 1767312000", " 12x 1767312000", 2)
        .replacen(" 12x ", " 1 ", 1);
    let (f, e) = err_for("nan.log", nan.as_bytes(), &o);
    assert_eq!(
        e.to_string(),
        format!("{f}, line 3: `bytes` is `12x`, not a number")
    );

    let (f, e) = err_for("html.log", b"<html><body>hello</body></html>\n", &o);
    assert!(
        e.to_string()
            .starts_with(&format!("{f}, line 1: not a flow log")),
        "{e}"
    );

    let (f, e) = err_for("empty.log.gz", &gz(""), &o);
    assert_eq!(
        e.to_string(),
        format!("{f}, line 1: not a flow log: the file is empty")
    );

    let (_, e) = err_for("a.log", good.as_bytes(), &opts_ip("10.0.9.9"));
    assert_eq!(
        e.to_string(),
        "NAT gateway 10.0.9.9 (private IP 10.0.9.9) appears in no flow-log record: wrong gateway, or its ENI is not logged"
    );
    let (_, e) = err_for("a.log", good.as_bytes(), &opts_describe());
    assert!(
        e.to_string()
            .starts_with("NAT gateway nat-b (private IP 10.0.2.10) appears in no flow-log record"),
        "{e}"
    );
}

#[test]
fn two_regions_are_an_error_naming_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!("{V2}\n{}", nat_a_out("8.8.8.8", 1, T0, T0 + 60));
    let a = dir
        .path()
        .join("1_vpcflowlogs_eu-west-1_fl-1_20260102T0000Z_a.log");
    let b = dir
        .path()
        .join("1_vpcflowlogs_us-east-1_fl-1_20260102T0000Z_b.log");
    write(&a, body.as_bytes());
    write(&b, body.as_bytes());
    let e = measure_paths(&opts_ip("10.0.1.10"), &[dir.path().to_path_buf()]).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "the flow logs span two regions: {} (its path) says eu-west-1, {} (its path) says us-east-1",
            a.display(),
            b.display()
        )
    );
    // A region option that the paths contradict is an error too.
    let mut o = opts_ip("10.0.1.10");
    o.region = Some("us-west-2".into());
    let e = measure_paths(&o, std::slice::from_ref(&b)).unwrap_err();
    assert!(
        e.to_string()
            .ends_with("says us-east-1, the region option says us-west-2"),
        "{e}"
    );
}

#[test]
fn odd_records_are_errors_or_counted_skips() {
    let o = opts_ip("10.0.1.10");
    // A record that ends before it starts: an error, not a guess.
    let backwards = nat_a_out("8.8.8.8", 1, T0 + 60, T0);
    assert_eq!(
        record_error("back.log", &backwards, &o),
        "back.log, line 2: end 1767312000 is before start 1767312060"
    );
    // An address that is not one.
    let bad_ip = v2("eni-nat-a", "10.0.1.300", "8.8.8.8", 1, T0, T0 + 60);
    assert_eq!(
        record_error("ip.log", &bad_ip, &o),
        "ip.log, line 2: `srcaddr` is `10.0.1.300`, not an IP address"
    );
    // SKIPDATA is counted as skipped; the other record is measured: 2 GB over 1 minute →
    // 2 × 730 / (1/60) = 87600 GB.
    let skip = format!(
        "{V2}\n2 111122223333 eni-nat-a - - - - - - - {T0} {} - SKIPDATA\n{}",
        T0 + 60,
        nat_a_in("8.8.8.8", 2_000_000_000, T0, T0 + 60)
    );
    let dir = tempfile::tempdir().unwrap();
    let p = dir
        .path()
        .join("1_vpcflowlogs_us-east-1_fl-1_20260102T0000Z_a.log");
    write(&p, skip.as_bytes());
    let r = measure_paths(&o, &[p]).unwrap();
    assert_eq!(r.coverage.skipped["SKIPDATA"], 1);
    // Lost flows make every figure a floor, and the text says so beside the skip count.
    let text = r.to_text();
    assert!(
        text.contains("SKIPDATA in 1 record: AWS could not capture some flows")
            && text.contains("the volume and the peak are lower bounds")
            && text.contains("\n  skipped 1: SKIPDATA\n"),
        "{text}"
    );
    assert_eq!(field(&r, "monthly_gb"), "87600");
    // 2 GB in one minute → 2 × 8 / 60 = 0.2666… → 0.2667 Gbps.
    assert_eq!(field(&r, "peak_gbps"), "0.2667");
}

#[test]
fn ecs_services_appear_in_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let root = write_v7_tree(dir.path());
    let r = measure_paths(&opts_ip("10.0.1.10"), &[root]).unwrap();
    let text = r.to_text();
    assert!(text.contains("  api: 8 GB, 88.8889 %"), "{text}");
    assert!(text.contains("skipped 1: REJECT"), "{text}");
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["services_by_ecs"][1]["service"], "web");
    assert_eq!(json["scenario"]["ipv6_percent"], "25");
}
