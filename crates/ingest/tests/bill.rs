//! Reading bills: files written here, each expected value worked by hand.

use std::io::Write;

use egress_ingest::bill::{BillError, BillReport, QuantityKind, read_bill};
use rust_decimal::Decimal;
use serde_json::json;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// Asserts the derivation says each of `parts`.
fn says(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "{part:?} not in:\n{text}");
    }
}

fn field<'a>(r: &'a BillReport, name: &str) -> Option<&'a str> {
    r.derived.get(name)
}

#[test]
fn example_cur_is_a_month_of_one_nat_gateway_and_three_endpoints() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/cur.csv"
    ))
    .unwrap();
    let r = read_bill("cur.csv", &bytes, None, 730).unwrap();
    assert_eq!(r.region, "eu-west-1");
    assert_eq!(field(&r, "region"), Some("eu-west-1"));
    // EU-NatGateway-Bytes: 1850.5 GB.
    assert_eq!(field(&r, "monthly_gb"), Some("1850.5"));
    // November: 2026-11-01 to 2026-12-01 is 30 days = 720 hours; 720 NAT hours ÷ 720 = 1.
    assert_eq!(field(&r, "nat_gateways"), Some("1"));
    // The whole month: no `hours` field.
    assert_eq!(field(&r, "hours"), None);
    // 3 × 2160 = 6480 endpoint-hours ÷ 720 = 9 endpoint-AZs; without the AZs no split.
    assert_eq!(field(&r, "interface_endpoints"), None);
    // One in-use address, and one NAT gateway: public_ips not derived.
    assert_eq!(field(&r, "public_ips"), None);
    let text = r.derived.derivation.join("\n");
    says(
        &text,
        &[
            "interface endpoints × AZs = 9",
            // 720 in-use address-hours ÷ 720 hours = 1 address, one gateway: both in the singular.
            "Public IPv4: 720 in-use address-hours ÷ 720 ≈ 1 address (",
            "; 1 of them is likely the NAT gateway's Elastic IP; public_ips not derived",
        ],
    );
    let eu = &r.billed[0];
    assert_eq!(eu.quantity(QuantityKind::EndpointHours), dec("6480"));
    // 155 + 155 GB across AZs.
    assert_eq!(eu.quantity(QuantityKind::CrossAzGb), dec("310"));
    // 34.56 + 88.824 + 3 × 23.76 + 4.2025 + 3.6 + 1.55 + 1.55 + 57.6 = 263.1665 (Fargate and tax excluded).
    assert_eq!(eu.cost(), dec("263.1665"));
    assert!(text.contains("$263.17"), "{text}");
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["scenario"]["nat_gateways"], "1");
    assert_eq!(json["billed"]["eu-west-1"]["cost"], "263.1665");
    assert_eq!(json["source"], "bill");
}

fn gzip(text: &str) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(text.as_bytes()).unwrap();
    enc.finish().unwrap()
}

const LEGACY_HEADER: &str = "identity/LineItemId,bill/PayerAccountId,bill/BillingPeriodStartDate,bill/BillingPeriodEndDate,lineItem/LineItemType,lineItem/UsageStartDate,lineItem/UsageEndDate,lineItem/ProductCode,lineItem/UsageType,lineItem/UsageAmount,lineItem/UnblendedCost,product/region";

#[test]
fn legacy_gzip_cur_of_a_partial_month() {
    // Usage from 2026-11-01 to 2026-11-16 (15 days = 360 hours) of a 30-day period, us-east-1 with no
    // prefix, two NAT gateways the whole time: 720 NAT hours.
    let csv = format!(
        "{LEGACY_HEADER}\n\
         a,999988887777,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,Usage,2026-11-01T00:00:00Z,2026-11-08T00:00:00Z,AmazonEC2,NatGateway-Hours,336,15.12,us-east-1\n\
         b,999988887777,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,Usage,2026-11-08T00:00:00Z,2026-11-16T00:00:00Z,AmazonEC2,NatGateway-Hours,384,17.28,us-east-1\n\
         c,999988887777,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,Usage,2026-11-01T00:00:00Z,2026-11-16T00:00:00Z,AmazonEC2,NatGateway-Bytes,1000.25,45.01125,us-east-1\n\
         d,999988887777,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,Credit,2026-11-01T00:00:00Z,2026-11-16T00:00:00Z,AmazonEC2,NatGateway-Bytes,1000.25,-10,us-east-1\n"
    );
    let r = read_bill("cur.csv.gz", &gzip(&csv), None, 730).unwrap();
    assert_eq!(r.region, "us-east-1");
    // 15 days × 24 = 360 hours.
    assert_eq!(field(&r, "hours"), Some("360"));
    // (336 + 384) ÷ 360 = 2.
    assert_eq!(field(&r, "nat_gateways"), Some("2"));
    // The credit line's quantity does not count: 1000.25 GB.
    assert_eq!(field(&r, "monthly_gb"), Some("1000.25"));
    // Its cost does: 15.12 + 17.28 + 45.01125 − 10 = 67.41125.
    assert_eq!(r.billed[0].cost(), dec("67.41125"));
    let text = r.derived.derivation.join("\n");
    assert!(
        text.contains("partial month") && text.contains("2026-11-01 to 2026-11-15"),
        "{text}"
    );
    assert!(text.contains("legacy"), "{text}");
}

fn ce(groups: serde_json::Value, start: &str, end: &str) -> Vec<u8> {
    json!({
        "GroupDefinitions": [{"Type": "DIMENSION", "Key": "USAGE_TYPE"}],
        "ResultsByTime": [{"TimePeriod": {"Start": start, "End": end}, "Total": {}, "Groups": groups, "Estimated": false}],
        "DimensionValueAttributes": []
    })
    .to_string()
    .into_bytes()
}

fn group(usage_type: &str, quantity: &str, unit: &str, cost: &str) -> serde_json::Value {
    json!({"Keys": [usage_type], "Metrics": {
        "UnblendedCost": {"Amount": cost, "Unit": "USD"},
        "UsageQuantity": {"Amount": quantity, "Unit": unit}}})
}

#[test]
fn cost_explorer_two_regions_largest_first_or_the_one_asked() {
    let bytes = ce(
        json!([
            // us-east-1 (no prefix): one NAT gateway, 500 GB.
            group("NatGateway-Hours", "720", "Hrs", "32.4"),
            group("NatGateway-Bytes", "500", "GB", "22.5"),
            // eu-central-1: a regional NAT gateway in 3 AZs (3 × 720 = 2160 hours), 2 endpoints × 3 AZs.
            group("EUC1-RegionalNatGateway-Hours", "2160", "Hrs", "112.32"),
            group("EUC1-RegionalNatGateway-Bytes", "3000", "GB", "156"),
            group("EUC1-VpcEndpoint-Hours", "4320", "Hrs", "51.84"),
            group("EUC1-PublicIPv4:InUseAddress", "2160", "Hrs", "10.8"),
            group("EUC1-BoxUsage:t4g.small", "720", "Hrs", "13.82")
        ]),
        "2026-11-01",
        "2026-12-01",
    );
    let r = read_bill("ce.json", &bytes, None, 730).unwrap();
    // eu-central-1: 112.32 + 156 + 51.84 + 10.8 = 330.96 > us-east-1: 32.4 + 22.5 = 54.90.
    assert_eq!(r.region, "eu-central-1");
    assert_eq!(r.billed.len(), 2);
    assert_eq!(r.billed[1].region, "us-east-1");
    // 2160 ÷ 720 = 3 AZs; 4320 ÷ 720 = 6 endpoint-AZs = 2 endpoints × 3.
    assert_eq!(field(&r, "azs"), Some("3"));
    assert_eq!(field(&r, "interface_endpoints"), Some("2"));
    assert_eq!(field(&r, "monthly_gb"), Some("3000"));
    assert_eq!(field(&r, "nat_gateways"), None);
    // 2160 address-hours ÷ 720 = 3 addresses, with no zonal NAT gateway but a regional one: its
    // addresses are among them, so public_ips is not derived.
    assert_eq!(field(&r, "public_ips"), None);
    says(
        &r.derived.derivation.join("\n"),
        &[
            "us-east-1 ($54.90)",
            "≈ 3 addresses (",
            "; the regional NAT gateway's addresses are among them; public_ips not derived",
        ],
    );

    let r = read_bill("ce.json", &bytes, Some("us-east-1"), 730).unwrap();
    assert_eq!(field(&r, "region"), Some("us-east-1"));
    // 720 ÷ 720 = 1.
    assert_eq!(field(&r, "nat_gateways"), Some("1"));
    assert_eq!(field(&r, "monthly_gb"), Some("500"));

    let err = read_bill("ce.json", &bytes, Some("ap-south-1"), 730).unwrap_err();
    assert_eq!(
        err,
        BillError::UnknownRegion {
            file: "ce.json".into(),
            asked: "ap-south-1".into(),
            found: "eu-central-1, us-east-1".into()
        }
    );
}

#[test]
fn refusals() {
    let row = |payer: &str, period: &str, usage_type: &str, amount: &str| {
        format!(
            "x,{payer},{period}T00:00:00Z,,Usage,{period}T00:00:00Z,{period}T01:00:00Z,AmazonEC2,{usage_type},{amount},1,us-east-1\n"
        )
    };
    // What reading a legacy CUR of these rows refuses.
    let refused = |rows: &[String]| {
        let csv = format!("{LEGACY_HEADER}\n{}", rows.concat());
        read_bill("cur.csv", csv.as_bytes(), None, 730).unwrap_err()
    };
    let err = refused(&[
        row("111111111111", "2026-11-01", "NatGateway-Hours", "1"),
        row("222222222222", "2026-11-01", "NatGateway-Hours", "1"),
    ]);
    assert!(
        matches!(&err, BillError::TwoPayers { first, second, .. } if first == "111111111111" && second == "222222222222"),
        "{err}"
    );
    assert!(err.to_string().contains("line 3"), "{err}");

    let err = refused(&[
        row("1", "2026-10-01", "NatGateway-Hours", "1"),
        row("1", "2026-11-01", "NatGateway-Hours", "1"),
    ]);
    assert!(matches!(err, BillError::TwoPeriods { .. }), "{err}");

    let err = refused(&[row("1", "2026-11-01", "BoxUsage:t4g.small", "720")]);
    assert_eq!(
        err,
        BillError::NoEgress {
            file: "cur.csv".into()
        }
    );

    let err = refused(&[row("1", "2026-11-01", "NatGateway-Hours", "lots")]);
    assert_eq!(
        err,
        BillError::BadNumber {
            file: "cur.csv".into(),
            at: "line 2".into(),
            column: "lineItem/UsageAmount".into(),
            value: "lots".into()
        }
    );

    let err = read_bill(
        "cur.csv",
        b"line_item_usage_type,line_item_usage_amount\nNatGateway-Hours,1\n",
        None,
        730,
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            BillError::MissingColumn {
                column: "line_item_unblended_cost",
                ..
            }
        ),
        "{err}"
    );

    let err = read_bill("x.json", br#"{"format_version": "1.2"}"#, None, 730).unwrap_err();
    assert!(matches!(err, BillError::Unrecognized { .. }), "{err}");

    let err = read_bill("x.gz", &[0x1F, 0x8B, 0, 0], None, 730).unwrap_err();
    assert!(matches!(err, BillError::Decompress { .. }), "{err}");
}

#[test]
fn no_dates_divide_by_the_hours_given() {
    // CUR 2.0 columns without dates: 1460 NAT hours ÷ 730 = 2 gateways.
    let csv = "line_item_usage_type,line_item_usage_amount,line_item_unblended_cost\n\
               USE2-NatGateway-Hours,1460,65.7\n";
    let r = read_bill("cur.csv", csv.as_bytes(), None, 730).unwrap();
    assert_eq!(r.region, "us-east-2");
    assert_eq!(field(&r, "nat_gateways"), Some("2"));
}

#[test]
fn cur2_parquet_with_snappy_pages() {
    use parquet::basic::Compression;
    use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use std::sync::Arc;

    let schema = "message cur {
        REQUIRED BYTE_ARRAY line_item_usage_type (UTF8);
        REQUIRED DOUBLE line_item_usage_amount;
        REQUIRED DOUBLE line_item_unblended_cost;
        REQUIRED INT64 line_item_usage_start_date (TIMESTAMP(MILLIS,true));
        REQUIRED INT64 line_item_usage_end_date (TIMESTAMP(MILLIS,true));
        REQUIRED BYTE_ARRAY product_region_code (UTF8);
    }";
    let schema = Arc::new(parquet::schema::parser::parse_message_type(schema).unwrap());
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build(),
    );
    let mut buf = Vec::new();
    let mut writer = SerializedFileWriter::new(&mut buf, schema, props).unwrap();
    let mut group = writer.next_row_group().unwrap();
    // 2026-11-01 is day 20758 since 1970-01-01, 2026-11-11 day 20768: 10 days of a 30-day November.
    let day = 86_400_000i64;
    let (start, end) = (20_758 * day, 20_768 * day);
    let mut column = 0;
    while let Some(mut col) = group.next_column().unwrap() {
        match column {
            0 => {
                let types = ["EUW2-NatGateway-Hours", "EUW2-NatGateway-Bytes"].map(ByteArray::from);
                col.typed::<ByteArrayType>()
                    .write_batch(&types, None, None)
                    .unwrap();
            }
            1 => {
                col.typed::<DoubleType>()
                    .write_batch(&[720.0, 812.5], None, None)
                    .unwrap();
            }
            2 => {
                col.typed::<DoubleType>()
                    .write_batch(&[36.0, 40.625], None, None)
                    .unwrap();
            }
            3 => {
                col.typed::<Int64Type>()
                    .write_batch(&[start, start], None, None)
                    .unwrap();
            }
            4 => {
                col.typed::<Int64Type>()
                    .write_batch(&[end, end], None, None)
                    .unwrap();
            }
            _ => {
                let regions = ["eu-west-2", "eu-west-2"].map(ByteArray::from);
                col.typed::<ByteArrayType>()
                    .write_batch(&regions, None, None)
                    .unwrap();
            }
        }
        col.close().unwrap();
        column += 1;
    }
    group.close().unwrap();
    writer.close().unwrap();

    let r = read_bill("cur.parquet", &buf, None, 730).unwrap();
    assert_eq!(r.region, "eu-west-2");
    // 10 days × 24 = 240 hours, with no billing period column: less than 28 days, a partial month.
    assert_eq!(field(&r, "hours"), Some("240"));
    // 720 NAT hours ÷ 240 = 3 gateways.
    assert_eq!(field(&r, "nat_gateways"), Some("3"));
    assert_eq!(field(&r, "monthly_gb"), Some("812.5"));
    // 36 + 40.625 = 76.625.
    assert_eq!(r.billed[0].cost(), dec("76.625"));
}
