//! The pricing-table validator: one test per kind of bad file, each checking
//! that the message names the file, the region and the field.

use egress_planner::pricing::{BUNDLED, PricingTable};

/// The bundled table with one exact, unique edit.
fn edited(from: &str, to: &str) -> String {
    assert_eq!(
        BUNDLED.matches(from).count(),
        1,
        "the edit {from:?} must match once"
    );
    BUNDLED.replacen(from, to, 1)
}

fn error(text: &str) -> String {
    PricingTable::parse("test.toml", text)
        .expect_err("the table must be rejected")
        .to_string()
}

const US_EAST_1_NAT_GB: &str = r#"nat_gb = { usd = "0.045", source = "infracost-nat-golden""#;

#[test]
fn the_bundled_table_is_valid_and_has_thirty_regions() {
    let table = PricingTable::bundled().unwrap();
    let codes: Vec<&str> = table.regions.iter().map(|r| r.code.as_str()).collect();
    assert!(codes.len() >= 30, "{} regions", codes.len());
    for code in [
        "us-east-1",
        "us-east-2",
        "us-west-1",
        "us-west-2",
        "ca-central-1",
        "eu-west-1",
        "eu-west-2",
        "eu-central-1",
        "ap-south-1",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-northeast-1",
        "sa-east-1",
        "eu-north-1",
        "eu-west-3",
        "ap-northeast-2",
        "ap-southeast-3",
        "eu-central-2",
        "me-south-1",
    ] {
        assert!(codes.contains(&code), "missing {code}");
    }
}

#[test]
fn a_syntax_error_names_the_file_and_line() {
    let message = error(&edited("\n[table]\n", "\n[table\n"));
    assert!(message.starts_with("test.toml: "), "{message}");
    assert!(message.contains("line"), "{message}");
}

#[test]
fn a_missing_field_names_the_region_and_field() {
    let text = edited(
        r#"cross_az_gb = { usd = "0.01", source = "dt-offer-2026-09-16", as_of = 2026-09-16, status = "confirmed", grade = "B", usage_type = "DataTransfer-Regional-Bytes" }
"#,
        "",
    );
    let message = error(&text);
    assert!(message.contains("region us-east-1"), "{message}");
    assert!(message.contains("cross_az_gb"), "{message}");
}

#[test]
fn a_negative_price_is_rejected() {
    let message = error(&edited(
        US_EAST_1_NAT_GB,
        r#"nat_gb = { usd = "-0.045", source = "infracost-nat-golden""#,
    ));
    assert!(message.contains("region us-east-1"), "{message}");
    assert!(message.contains("nat_gb.usd"), "{message}");
    assert!(message.contains("negative"), "{message}");
}

#[test]
fn a_float_instead_of_a_decimal_string_is_rejected() {
    let message = error(&edited(
        US_EAST_1_NAT_GB,
        r#"nat_gb = { usd = 0.045, source = "infracost-nat-golden""#,
    ));
    assert!(message.contains("region us-east-1"), "{message}");
}

#[test]
fn tiers_out_of_order_are_rejected() {
    // us-east-1's DTO tiers are the first 10240/51200 pair in the file.
    let text = BUNDLED.replacen(
        r#"{ up_to_gb = "51200", usd = "0.085" }"#,
        r#"{ up_to_gb = "5120", usd = "0.085" }"#,
        1,
    );
    let message = error(&text);
    assert!(message.contains("region us-east-1"), "{message}");
    assert!(message.contains("dto_gb.tiers[1].up_to_gb"), "{message}");
    assert!(message.contains("out of order"), "{message}");
}

#[test]
fn a_bounded_last_tier_is_rejected() {
    let text = BUNDLED.replacen(
        r#"{ usd = "0.05" }]"#,
        r#"{ up_to_gb = "999999", usd = "0.05" }]"#,
        1,
    );
    let message = error(&text);
    assert!(message.contains("unbounded"), "{message}");
}

#[test]
fn an_unknown_default_region_is_rejected() {
    let message = error(&edited(
        r#"default_region = "us-east-1""#,
        r#"default_region = "us-nowhere-1""#,
    ));
    assert!(message.contains("table.default_region"), "{message}");
    assert!(message.contains("us-nowhere-1"), "{message}");
}

#[test]
fn an_unknown_source_is_rejected() {
    let message = error(&edited(
        US_EAST_1_NAT_GB,
        r#"nat_gb = { usd = "0.045", source = "hearsay""#,
    ));
    assert!(message.contains("nat_gb.source"), "{message}");
    assert!(message.contains("hearsay"), "{message}");
}

#[test]
fn an_unknown_status_is_rejected() {
    let text = BUNDLED.replacen(r#"status = "confirmed""#, r#"status = "probably""#, 1);
    let message = error(&text);
    assert!(message.contains("status"), "{message}");
}

#[test]
fn an_assumed_figure_without_a_note_is_rejected() {
    let text = edited(
        r#"regional_nat_hour = { usd = "0.045", source = "regional-nat-offer-2026-09-04", as_of = 2026-09-04, status = "confirmed""#,
        r#"regional_nat_hour = { usd = "0.045", source = "regional-nat-offer-2026-09-04", as_of = 2026-09-04, status = "assumed""#,
    );
    let message = error(&text);
    assert!(message.contains("regional_nat_hour.note"), "{message}");
}

#[test]
fn a_repeated_region_is_rejected() {
    let text = BUNDLED.replacen(r#"code = "us-east-2""#, r#"code = "us-east-1""#, 1);
    let message = error(&text);
    assert!(message.contains("appears twice"), "{message}");
}

#[test]
fn an_unknown_key_is_rejected() {
    let message = error(&edited(
        US_EAST_1_NAT_GB,
        r#"nat_gb = { usd = "0.045", colour = "red", source = "infracost-nat-golden""#,
    ));
    assert!(message.contains("colour"), "{message}");
}

#[test]
fn an_implausible_price_is_rejected() {
    let message = error(&edited(
        US_EAST_1_NAT_GB,
        r#"nat_gb = { usd = "4500", source = "infracost-nat-golden""#,
    ));
    assert!(message.contains("plausible"), "{message}");
}
