//! `pricing import` on the offer-file fixtures (tests/fixtures/pricelist: rows
//! in AWS's JSON and CSV formats for us-east-1, eu-west-2 and eu-north-1):
//! every extracted figure against the fixture's value, a comparison through
//! the API on the imported table with costs worked by hand, and one test per
//! trap of real files.

use super::helpers::{assert_says, json, option, pricelist, repo_path};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use egress_planner::cli::pricing::{import_to_text, write_atomically};
use egress_planner::ingest::pricing::import::{
    Collector, FigureOrigin, ImportReport, Imported, RegionOutcome,
};
use egress_planner::pricing::{Figure, Grade, Price, PricingTable, Status};
use egress_planner::{AppState, Config, app};
use rust_decimal::Decimal;
use std::path::PathBuf;
use std::str::FromStr;
use tower::ServiceExt;

const US_EAST_1: [&str; 3] = [
    "AmazonEC2-us-east-1.json",
    "AmazonVPC-us-east-1.json",
    "AWSDataTransfer-us-east-1.json",
];
const EU_WEST_2: [&str; 3] = [
    "AmazonEC2-eu-west-2.csv",
    "AmazonVPC-eu-west-2.json",
    "AWSDataTransfer-eu-west-2.csv",
];
const EU_NORTH_1: [&str; 3] = [
    "AmazonEC2-eu-north-1.csv",
    "AmazonVPC-eu-north-1.csv",
    "AWSDataTransfer-eu-north-1.csv",
];

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(pricelist(name)).unwrap()
}

/// `import_to_text` over the named fixtures on `base`.
fn import(base: &PricingTable, files: &[&str]) -> Result<(String, ImportReport), String> {
    let paths: Vec<PathBuf> = files.iter().map(|f| pricelist(f)).collect();
    import_to_text(base, &paths)
}

/// The report's outcome for one region.
fn outcome<'a>(report: &'a ImportReport, code: &str) -> &'a RegionOutcome {
    report.regions.iter().find(|r| r.code == code).unwrap()
}

fn collector() -> Collector {
    let base = PricingTable::bundled().unwrap();
    Collector::new(base.nat_instance_types.iter().map(|t| t.name.clone()))
}

fn collect(files: &[&str]) -> Result<Imported, String> {
    let mut c = collector();
    for f in files {
        c.read_path(&pricelist(f)).map_err(|e| e.to_string())?;
    }
    c.finish().map_err(|e| e.to_string())
}

fn collect_text(name: &str, text: &str) -> Result<Imported, String> {
    let mut c = collector();
    c.read(name, text.as_bytes()).map_err(|e| e.to_string())?;
    c.finish().map_err(|e| e.to_string())
}

/// The error collecting the named fixture gives, read as `name`, with the first `from` in it
/// changed `to`.
fn first_changed_error(fixture: &str, (from, to): (&str, &str), name: &str) -> String {
    let text = fixture_text(fixture).replacen(from, to, 1);
    collect_text(name, &text).unwrap_err()
}

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

/// (usd, usage type, SKU) of a one-rate figure.
fn rate(imported: &Imported, region: &str, figure: Figure) -> (Decimal, String, String) {
    let r = &imported.regions[region];
    match &r.figures[&figure] {
        Price::Rate(rate) => {
            let p = &rate.provenance;
            assert_eq!(p.status, Status::Confirmed);
            assert_eq!(p.grade, Grade::A);
            (
                rate.usd,
                p.usage_type.clone().unwrap(),
                p.note.clone().unwrap(),
            )
        }
        other => panic!("{region} {figure}: not a rate: {other:?}"),
    }
}

/// (bound, usd) pairs of a tiered figure.
fn tiers(imported: &Imported, region: &str, figure: Figure) -> Vec<(Option<Decimal>, Decimal)> {
    match &imported.regions[region].figures[&figure] {
        Price::Tiered(t) => t.tiers.iter().map(|t| (t.up_to_gb, t.usd)).collect(),
        other => panic!("{region} {figure}: not tiered: {other:?}"),
    }
}

/// Every one-rate figure the fixtures hold: (region, figure, usd, usage type,
/// SKU), as the files state them.
#[rustfmt::skip]
const RATES: [(&str, Figure, &str, &str, &str); 19] = [
    ("us-east-1", Figure::NatHour, "0.045", "NatGateway-Hours", "M2YSHUBETB3JX4M4"),
    ("us-east-1", Figure::NatGb, "0.045", "NatGateway-Bytes", "NGWBYTESUSE1A0001"),
    ("us-east-1", Figure::RegionalNatHour, "0.045", "RegionalNatGateway-Hours", "KVHMMSJX774M3XRN"),
    ("us-east-1", Figure::RegionalNatGb, "0.045", "RegionalNatGateway-Bytes", "RNGWBYTESUSE1001"),
    ("us-east-1", Figure::Gp3GbMonth, "0.08", "EBS:VolumeUsage.gp3", "JG3KUJMBRGHV3N8G"),
    ("us-east-1", Figure::EndpointHour, "0.01", "USE1-VpcEndpoint-Hours", "VPCEHRSUSE10001"),
    ("us-east-1", Figure::Ipv4Hour, "0.005", "USE1-PublicIPv4:InUseAddress", "IPV4INUSEUSE1001"),
    ("us-east-1", Figure::CrossAzGb, "0.01", "DataTransfer-Regional-Bytes", "REGIONALUSE10001"),
    ("eu-west-2", Figure::NatHour, "0.05", "EUW2-NatGateway-Hours", "D8BXG95NJW6MV3B3"),
    ("eu-west-2", Figure::NatGb, "0.05", "EUW2-NatGateway-Bytes", "ZECE57EY4F96YNAQ"),
    ("eu-west-2", Figure::RegionalNatHour, "0.05", "EUW2-RegionalNatGateway-Hours", "7YHFNHKKMV3Y57SX"),
    ("eu-west-2", Figure::Gp3GbMonth, "0.0928", "EUW2-EBS:VolumeUsage.gp3", "GP3EUW2000000001"),
    ("eu-west-2", Figure::EndpointHour, "0.011", "EUW2-VpcEndpoint-Hours", "VPCEHRSEUW20001"),
    ("eu-west-2", Figure::CrossAzGb, "0.01", "EUW2-DataTransfer-Regional-Bytes", "EUW2REGIONAL0001"),
    ("eu-north-1", Figure::NatHour, "0.046", "EUN1-NatGateway-Hours", "BYQ4CZQVRHZ225T7"),
    ("eu-north-1", Figure::NatGb, "0.046", "EUN1-NatGateway-Bytes", "NGWBYTESEUN10001"),
    ("eu-north-1", Figure::EndpointHour, "0.011", "EUN1-VpcEndpoint-Hours", "VPCEHRSEUN10001"),
    ("eu-north-1", Figure::Ipv4Hour, "0.005", "EUN1-PublicIPv4:InUseAddress", "IPV4INUSEEUN1001"),
    ("eu-north-1", Figure::CrossAzGb, "0.01", "EUN1-DataTransfer-Regional-Bytes", "REGIONALEUN10001"),
];

/// Checks the one-rate figures of `region` that `only` allows against
/// [`RATES`]: price, usage type and SKU.
fn check_rates(imported: &Imported, region: &str, only: impl Fn(Figure) -> bool) {
    let rows = RATES.iter().filter(|row| row.0 == region && only(row.1));
    let mut checked = 0;
    for &(_, figure, usd, usage, sku) in rows {
        let (got, usage_type, note) = rate(imported, region, figure);
        assert_eq!(got, d(usd), "{region} {figure}");
        assert_eq!(usage_type, usage, "{region} {figure}");
        assert!(
            note.contains(&format!("SKU {sku}")),
            "{region} {figure}: {note}"
        );
        checked += 1;
    }
    assert!(checked > 0, "no rate of {region} checked");
}

/// Checks one figure of `region` against [`RATES`].
fn check_rate(imported: &Imported, region: &str, figure: Figure) {
    check_rates(imported, region, |f| f == figure);
}

const DTO: [(Option<&str>, &str); 4] = [
    (Some("10240"), "0.09"),
    (Some("51200"), "0.085"),
    (Some("153600"), "0.07"),
    (None, "0.05"),
];
const ENDPOINT: [(Option<&str>, &str); 3] = [
    (Some("1048576"), "0.01"),
    (Some("5242880"), "0.006"),
    (None, "0.004"),
];

fn expect_tiers(got: Vec<(Option<Decimal>, Decimal)>, want: &[(Option<&str>, &str)]) {
    let want: Vec<(Option<Decimal>, Decimal)> =
        want.iter().map(|(b, u)| (b.map(d), d(u))).collect();
    assert_eq!(got, want);
}

/// Checks every figure of `region` the fixtures hold: the one-rate figures
/// of [`RATES`] and the endpoint and DTO tiers.
fn check_region(imported: &Imported, region: &str) {
    check_rates(imported, region, |_| true);
    expect_tiers(tiers(imported, region, Figure::EndpointGb), &ENDPOINT);
    expect_tiers(tiers(imported, region, Figure::DtoGb), &DTO);
}

#[test]
fn us_east_1_json_figures_match_the_fixture() {
    let i = collect(&US_EAST_1).unwrap();
    check_region(&i, "us-east-1");
    let hours = &i.regions["us-east-1"].instance_hours;
    assert_eq!(hours.len(), 2, "{hours:?}");
    assert_eq!(hours["t4g.nano"].usd, d("0.0042"));
    assert_eq!(hours["t4g.small"].usd, d("0.0168"));
    assert_eq!(
        hours["t4g.nano"].provenance.usage_type.as_deref(),
        Some("BoxUsage:t4g.nano")
    );
    assert_eq!(i.regions["us-east-1"].name, "US East (N. Virginia)");
}

#[test]
fn eu_west_2_csv_and_json_figures_match_the_fixture() {
    let i = collect(&EU_WEST_2).unwrap();
    check_region(&i, "eu-west-2");
    assert_eq!(
        i.regions["eu-west-2"].instance_hours["t4g.nano"].usd,
        d("0.0048")
    );
    // Sourced by offer code, publication date and SKU.
    let (_, _, note) = rate(&i, "eu-west-2", Figure::NatHour);
    assert!(note.contains("AmazonEC2 version 20260904231117"), "{note}");
    match &i.regions["eu-west-2"].figures[&Figure::DtoGb] {
        Price::Tiered(t) => {
            assert_eq!(t.provenance.as_of, "2026-08-31");
            assert_eq!(
                t.provenance.source,
                "price-list-AWSDataTransfer-20260831121448"
            );
        }
        _ => unreachable!(),
    }
}

#[test]
fn eu_north_1_csv_figures_match_the_fixture() {
    let i = collect(&EU_NORTH_1).unwrap();
    check_region(&i, "eu-north-1");
    assert!(i.regions["eu-north-1"].instance_hours.is_empty());
}

/// The imported table for the three regions, loaded as `--pricing` would.
fn imported_table(files: &[&str]) -> (PricingTable, String) {
    let (text, report) = import(&PricingTable::bundled().unwrap(), files).unwrap();
    let report = report.to_string();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("table.toml");
    write_atomically(&out, &text).unwrap();
    let config = Config {
        pricing: Some(out),
        ..Config::for_tests()
    };
    let table = egress_planner::load_table(&config).unwrap();
    (table, report)
}

async fn compare(table: PricingTable, input: serde_json::Value) -> serde_json::Value {
    let response = app(AppState::new(table, &Config::for_tests()))
        .oneshot(
            Request::post("/api/v1/compare")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(input.to_string()))
                .unwrap(),
        )
        .await
        .unwrap();
    let (status, body) = json(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn cost(body: &serde_json::Value, id: &str) -> serde_json::Value {
    option(body, id)["monthly_cost"].clone()
}

#[tokio::test]
async fn a_new_region_imported_from_csv_is_compared_with_hand_worked_costs() {
    let mut files = Vec::new();
    files.extend(US_EAST_1);
    files.extend(EU_WEST_2);
    files.extend(EU_NORTH_1);
    let (table, report) = imported_table(&files);
    assert!(table.region("eu-north-1").is_some(), "{report}");
    assert!(
        report.contains("gp3_gb_month                     missing"),
        "{report}"
    );
    // 30,000 GB a month, all internet, half of it outbound; 2 AZs, 1 NAT gateway.
    let body = compare(
        table,
        serde_json::json!({
            "region": "eu-north-1",
            "monthly_gb": "30000",
            "s3_percent": "0",
            "aws_percent": "0",
            "outbound_percent": "50",
            "azs": 2,
            "nat_gateways": 1,
            "interface_endpoints": 0,
        }),
    )
    .await;
    // NAT gateway, from the fixture's EUN1 prices, 730 hours:
    //   hours       730 × 0.046                       =    33.58
    //   its IPv4    730 × 0.005                       =     3.65
    //   processing  30,000 GB × 0.046                 = 1,380.00
    //   cross-AZ    30,000 × 1/2 × 2 (out + in) × 0.01 =   300.00
    //   DTO         10,240 × 0.09 + 4,760 × 0.085     = 1,326.20
    //                                                   --------
    //                                                   3,043.43
    assert_eq!(cost(&body, "nat_gateway"), "3043.43", "{body}");
    // No NAT instance prices in the files nor the base for this new region.
    assert_eq!(cost(&body, "nat_instance"), serde_json::Value::Null);
}

#[tokio::test]
async fn us_east_1_imported_from_json_prices_the_acceptance_scenario_the_same() {
    let (table, _) = imported_table(&US_EAST_1);
    let path = repo_path("tests/acceptance/fargate-review-us-east-1.json");
    let scenario: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let body = compare(table, scenario["input"].clone()).await;
    for (id, expected) in scenario["expect"]["monthly_cost"].as_object().unwrap() {
        assert_eq!(&cost(&body, id), expected, "{id}");
    }
}

#[test]
fn the_report_says_which_figures_were_imported_and_which_kept() {
    let (_, report) = import(&PricingTable::bundled().unwrap(), &EU_WEST_2).unwrap();
    let region = outcome(&report, "eu-west-2");
    let origin = |key: &str| {
        region
            .figures
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, o)| o.clone())
            .unwrap()
    };
    // The eu-west-2 AmazonVPC fixture has no public IPv4 row: kept from the base.
    assert_eq!(
        origin("ipv4_hour"),
        FigureOrigin::Base {
            source: "togen-euw2-slices".into()
        }
    );
    match origin("nat_hour") {
        FigureOrigin::Imported { file, usage_type } => {
            assert!(file.ends_with("AmazonEC2-eu-west-2.csv"), "{file}");
            assert_eq!(usage_type, "EUW2-NatGateway-Hours");
        }
        other => panic!("{other:?}"),
    }
    assert!(report.untouched.contains(&"us-east-1".to_owned()));
}

// ---- Traps of real files -------------------------------------------------

#[test]
fn trap_five_metadata_rows_before_the_header() {
    // Read through the fixture's five rows …
    let i = collect(&["AmazonEC2-eu-west-2.csv"]).unwrap();
    assert_eq!(i.files[0].offer_code, "AmazonEC2");
    assert_eq!(i.files[0].version, "20260904231117");
    assert_eq!(i.files[0].publication_date, "2026-09-04T23:11:17Z");
    // … and a file that lacks one is refused at that line.
    let text = fixture_text("AmazonEC2-eu-west-2.csv");
    let without_version: String = text
        .lines()
        .filter(|l| !l.starts_with("\"Version\""))
        .map(|l| format!("{l}\n"))
        .collect();
    let error = collect_text("no-version.csv", &without_version).unwrap_err();
    assert!(error.starts_with("no-version.csv: line 4: "), "{error}");
    assert_says(&error, &["expected the metadata row \"Version\""]);
}

#[test]
fn trap_quoted_fields_with_commas() {
    let text = fixture_text("AmazonEC2-eu-west-2.csv");
    assert!(
        text.contains("\"$0.0500000000 per GB Data Processed by NAT Gateways, Europe (London)\"")
    );
    let i = collect(&["AmazonEC2-eu-west-2.csv"]).unwrap();
    check_rate(&i, "eu-west-2", Figure::NatGb);
}

#[test]
fn trap_tier_ranges_end_in_inf_and_must_follow_each_other() {
    let i = collect(&["AWSDataTransfer-eu-west-2.csv"]).unwrap();
    expect_tiers(tiers(&i, "eu-west-2", Figure::DtoGb), &DTO);
    // A gap between tiers is an error naming the line.
    let text = fixture_text("AWSDataTransfer-eu-west-2.csv")
        .replace("\"51200\",\"153600\"", "\"60000\",\"153600\"");
    let error = collect_text("gap.csv", &text).unwrap_err();
    assert_says(
        &error,
        &["gap.csv: line ", "expected a range starting at 51200"],
    );
    // A last tier that stops short of Inf too.
    let text = fixture_text("AWSDataTransfer-eu-west-2.csv")
        .replace("\"153600\",\"Inf\"", "\"153600\",\"500000\"");
    let error = collect_text("short.csv", &text).unwrap_err();
    assert_says(&error, &["expected the last range to end at Inf"]);
}

#[test]
fn trap_several_rate_codes_per_sku() {
    // The t4g.nano SKU also has reserved-term rate codes (hourly and upfront
    // fee); the endpoint GB SKU has three tier rate codes.
    let text = fixture_text("AmazonEC2-eu-west-2.csv");
    assert!(text.matches("\"T4GNANOEUW200001\"").count() >= 3);
    let i = collect(&["AmazonEC2-eu-west-2.csv", "AmazonVPC-eu-west-2.json"]).unwrap();
    assert_eq!(
        i.regions["eu-west-2"].instance_hours["t4g.nano"].usd,
        d("0.0048")
    );
    expect_tiers(tiers(&i, "eu-west-2", Figure::EndpointGb), &ENDPOINT);
}

#[test]
fn trap_other_families_and_operations_sharing_a_usage_type() {
    // EUW2-NatGateway-Bytes also prices provisioned-bandwidth NAT (operation
    // NatGatewayProvisioned, $0) and a Data Transfer product ($0.01); the
    // instance type has dedicated, SQL and capacity-reservation rows.
    let text = fixture_text("AmazonEC2-eu-west-2.csv");
    assert!(text.contains("\"NatGatewayProvisioned\""));
    assert!(text.contains("\"EUW2-NatGateway-Prvd-Gbps\""));
    let i = collect(&["AmazonEC2-eu-west-2.csv"]).unwrap();
    check_rate(&i, "eu-west-2", Figure::NatGb);
    assert_eq!(i.regions["eu-west-2"].instance_hours.len(), 1);
    // Two SKUs that both pass every rule with different prices: an error, not a pick.
    let doubled = text.replace("\"NatGatewayProvisioned\"", "\"NatGateway\"");
    let error = collect_text("doubled.csv", &doubled).unwrap_err();
    assert_says(&error, &["two SKUs with different prices"]);
}

#[test]
fn trap_other_currencies_and_the_china_term_code() {
    // The eu-west-2 VPC fixture lists CNY beside USD: USD is taken.
    let i = collect(&["AmazonVPC-eu-west-2.json"]).unwrap();
    check_rate(&i, "eu-west-2", Figure::EndpointHour);
    // The China partition's file: term 5Y9WH78GDR, CNY only: nothing kept.
    let i = collect(&["AmazonVPC-cn-north-1.json"]).unwrap();
    assert!(i.regions.is_empty());
    assert_eq!(i.files[0].skipped_other_terms, 5);
    let base = PricingTable::bundled().unwrap();
    let error = import(&base, &["AmazonVPC-cn-north-1.json"]).unwrap_err();
    assert_says(&error, &["no price of a figure found"]);
}

#[test]
fn trap_a_region_file_missing_a_figure() {
    // eu-north-1 new to the base table: without its AmazonVPC file it lacks
    // the endpoint hour ([global] gives it IPv4 and the endpoint tiers) and is
    // left out, and the report says why.
    let mut base = PricingTable::bundled().unwrap();
    base.regions.retain(|r| r.code != "eu-north-1");
    let (text, report) = import(
        &base,
        &["AmazonEC2-eu-north-1.csv", "AWSDataTransfer-eu-north-1.csv"],
    )
    .unwrap();
    let table = PricingTable::parse("out.toml", &text).unwrap();
    assert!(table.region("eu-north-1").is_none());
    let reason = outcome(&report, "eu-north-1").left_out.as_deref().unwrap();
    assert!(
        reason.starts_with("new region without endpoint_hour "),
        "{reason}"
    );
    assert!(reason.contains("AmazonVPC"), "{reason}");
    // An existing region keeps the base's figure (eu-west-2 IPv4, above).
}

#[test]
fn trap_a_truncated_file() {
    let error = collect(&["AmazonEC2-eu-west-2-truncated.csv"]).unwrap_err();
    assert_says(
        &error,
        &[
            "AmazonEC2-eu-west-2-truncated.csv: line ",
            "is the file truncated?",
        ],
    );
    let error = collect(&["AmazonVPC-eu-west-2-truncated.json"]).unwrap_err();
    assert_says(
        &error,
        &[
            "AmazonVPC-eu-west-2-truncated.json: line ",
            "column",
            "truncated",
        ],
    );
}

#[test]
fn errors_name_the_file_the_place_and_what_was_expected() {
    // A wrong unit, in JSON: the JSON path of the price dimension.
    let error = first_changed_error(
        "AmazonVPC-eu-west-2.json",
        ("\"unit\": \"Hrs\"", "\"unit\": \"Hours\""),
        "unit.json",
    );
    assert!(
        error.starts_with("unit.json: terms.OnDemand.VPCEHRSEUW20001."),
        "{error}"
    );
    assert_says(&error, &["expected unit \"Hrs\""]);
    // A price that is not a number, in CSV: the line.
    let text = fixture_text("AmazonEC2-eu-west-2.csv")
        .replace("\"GB\",\"0.0500000000\"", "\"GB\",\"n/a\"");
    let error = collect_text("price.csv", &text).unwrap_err();
    assert_says(&error, &["price.csv: line ", "expected a decimal price"]);
    // Not an offer file at all.
    let error = collect_text("notes.txt", "hello").unwrap_err();
    assert_says(&error, &["expected an AWS Price List offer file"]);
}

#[test]
fn a_failed_import_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pricing.toml");
    let args = egress_planner::cli::pricing::ImportArgs {
        out: Some(out.clone()),
        base: None,
        files: vec![
            pricelist("AmazonVPC-eu-west-2.json"),
            pricelist("AmazonEC2-eu-west-2-truncated.csv"),
        ],
        max_file_bytes: egress_planner::cli::pricing::DEFAULT_MAX_OFFER_BYTES,
    };
    assert!(egress_planner::cli::pricing::import(&args).is_err());
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
    // And a good one writes the table and no temporary file.
    let args = egress_planner::cli::pricing::ImportArgs {
        files: vec![pricelist("AmazonVPC-eu-west-2.json")],
        ..args
    };
    egress_planner::cli::pricing::import(&args).unwrap();
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, vec!["pricing.toml".to_owned()]);
}

// ---- Transit Gateway and Network Firewall --------------------------------

/// The four platform figures each fixture holds, as its rows state them:
/// (file, region, figure, usd, usage type, SKU).
#[rustfmt::skip]
const PLATFORM: [(&str, &str, Figure, &str, &str, &str); 8] = [
    // AmazonVPC-us-east-1.json, operation TransitGatewayVPC
    ("AmazonVPC-us-east-1.json", "us-east-1", Figure::TgwAttachmentHour, "0.05", "USE1-TransitGateway-Hours", "TGWVPCHRSUSE1001"),
    ("AmazonVPC-us-east-1.json", "us-east-1", Figure::TgwGb, "0.02", "USE1-TransitGateway-Bytes", "TGWVPCBYTESUSE101"),
    // AmazonVPC-us-east-2-tgw.csv, operation TransitGatewayVPC
    ("AmazonVPC-us-east-2-tgw.csv", "us-east-2", Figure::TgwAttachmentHour, "0.05", "USE2-TransitGateway-Hours", "TGWVPCHRSUSE2001"),
    ("AmazonVPC-us-east-2-tgw.csv", "us-east-2", Figure::TgwGb, "0.02", "USE2-TransitGateway-Bytes", "TGWVPCBYTESUSE201"),
    // AWSNetworkFirewall-us-east-1.json and .csv, product family AWS Firewall
    ("AWSNetworkFirewall-us-east-1.json", "us-east-1", Figure::FirewallHour, "0.395", "USE1-Endpoint-Hour", "NFWENDPTHRUSE1001"),
    ("AWSNetworkFirewall-us-east-1.json", "us-east-1", Figure::FirewallGb, "0.065", "USE1-Traffic-GB-Processed", "NFWTRAFFICUSE1001"),
    ("AWSNetworkFirewall-us-east-1.csv", "us-east-1", Figure::FirewallHour, "0.395", "USE1-Endpoint-Hour", "NFWENDPTHRUSE1001"),
    ("AWSNetworkFirewall-us-east-1.csv", "us-east-1", Figure::FirewallGb, "0.065", "USE1-Traffic-GB-Processed", "NFWTRAFFICUSE1001"),
];

#[test]
fn transit_gateway_and_firewall_figures_match_the_fixtures_in_json_and_csv() {
    for file in [
        "AmazonVPC-us-east-1.json",
        "AmazonVPC-us-east-2-tgw.csv",
        "AWSNetworkFirewall-us-east-1.json",
        "AWSNetworkFirewall-us-east-1.csv",
    ] {
        let i = collect(&[file]).unwrap();
        let rows: Vec<_> = PLATFORM.iter().filter(|r| r.0 == file).collect();
        assert_eq!(rows.len(), 2, "{file}");
        for &&(_, region, figure, usd, usage, sku) in &rows {
            let (got, usage_type, note) = rate(&i, region, figure);
            assert_eq!(got, d(usd), "{file}: {region} {figure}");
            assert_eq!(usage_type, usage, "{file}: {region} {figure}");
            assert!(note.contains(&format!("SKU {sku}")), "{file}: {note}");
        }
    }
    // The offer and version are the firewall file's own.
    let i = collect(&["AWSNetworkFirewall-us-east-1.csv"]).unwrap();
    match &i.regions["us-east-1"].figures[&Figure::FirewallGb] {
        Price::Rate(r) => {
            assert_eq!(
                r.provenance.source,
                "price-list-AWSNetworkFirewall-20260604000000"
            );
            assert_eq!(r.provenance.as_of, "2026-06-04");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn trap_other_attachment_types_and_advanced_inspection_share_the_usage_types() {
    // The us-east-2 file prices a Direct Connect attachment hour and a peering
    // GB ($0) under the VPC attachment's usage types, and the firewall file
    // prices Advanced Inspection ($0): none of them may be taken.
    let i = collect(&["AmazonVPC-us-east-2-tgw.csv"]).unwrap();
    assert_eq!(rate(&i, "us-east-2", Figure::TgwGb).0, d("0.02"));
    let i = collect(&["AWSNetworkFirewall-us-east-1.json"]).unwrap();
    assert_eq!(rate(&i, "us-east-1", Figure::FirewallGb).0, d("0.065"));
    assert_eq!(i.regions["us-east-1"].figures.len(), 2);
    // A VPC attachment row of another family, or a firewall row outside the
    // AWS Firewall family, prices nothing.
    let text = fixture_text("AWSNetworkFirewall-us-east-1.csv")
        .replace("\"AWS Firewall\"", "\"AWS Firewall Manager\"");
    assert!(collect_text("nfw.csv", &text).unwrap().regions.is_empty());
    let text = fixture_text("AmazonVPC-us-east-2-tgw.csv")
        .replace("\"TransitGatewayVPC\"", "\"TransitGatewayConnect\"");
    assert!(collect_text("tgw.csv", &text).unwrap().regions.is_empty());
}

#[test]
fn an_import_of_the_platform_files_writes_a_table_that_loads_with_the_four_figures() {
    // Four files: `imported_table` names its output by the file count, and
    // no other test imports four.
    let (table, _) = imported_table(&[
        "AmazonVPC-us-east-1.json",
        "AWSNetworkFirewall-us-east-1.json",
        "AWSDataTransfer-us-east-1.json",
        "AmazonVPC-us-east-2-tgw.csv",
    ]);
    let usd = |code: &str, figure: Figure| table.region(code).unwrap().rate(figure).unwrap().usd;
    assert_eq!(usd("us-east-1", Figure::TgwAttachmentHour), d("0.05"));
    assert_eq!(usd("us-east-1", Figure::TgwGb), d("0.02"));
    assert_eq!(usd("us-east-1", Figure::FirewallHour), d("0.395"));
    assert_eq!(usd("us-east-1", Figure::FirewallGb), d("0.065"));
    assert_eq!(usd("us-east-2", Figure::TgwAttachmentHour), d("0.05"));
    assert_eq!(usd("us-east-2", Figure::TgwGb), d("0.02"));
    let p = &table
        .region("us-east-1")
        .unwrap()
        .rate(Figure::FirewallHour)
        .unwrap()
        .provenance;
    assert_eq!((p.status, p.grade), (Status::Confirmed, Grade::A));
}

#[test]
fn a_firewall_hour_in_an_unknown_unit_is_refused() {
    let error = first_changed_error(
        "AWSNetworkFirewall-us-east-1.csv",
        (
            "\"Inf\",\"Hrs\",\"0.3950000000\"",
            "\"Inf\",\"Days\",\"0.3950000000\"",
        ),
        "nfw.csv",
    );
    assert_says(
        &error,
        &[
            "nfw.csv: line 7",
            "expected unit \"Hrs\" or",
            "found \"Days\"",
        ],
    );
}
