//! The pricing-table validator: one case per kind of bad file, each checking
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

/// One edit of the bundled table.
enum Edit {
    /// Replaces text that must occur exactly once.
    Once(&'static str, &'static str),
    /// Replaces the first of several occurrences.
    First(&'static str, &'static str),
}

#[test]
fn each_kind_of_bad_table_is_rejected_naming_the_region_and_field() {
    use Edit::{First, Once};
    // (kind of bad table, the edit, what the message must say)
    let cases: [(&str, Edit, &[&str]); 12] = [
        (
            "a missing field",
            Once(
                r#"cross_az_gb = { usd = "0.01", source = "dt-offer-2026-09-16", as_of = 2026-09-16, status = "confirmed", grade = "B", usage_type = "DataTransfer-Regional-Bytes" }
"#,
                "",
            ),
            &["region us-east-1", "cross_az_gb"],
        ),
        (
            "a negative price",
            Once(
                US_EAST_1_NAT_GB,
                r#"nat_gb = { usd = "-0.045", source = "infracost-nat-golden""#,
            ),
            &["region us-east-1", "nat_gb.usd", "negative"],
        ),
        (
            "a float instead of a decimal string",
            Once(
                US_EAST_1_NAT_GB,
                r#"nat_gb = { usd = 0.045, source = "infracost-nat-golden""#,
            ),
            &["region us-east-1"],
        ),
        (
            // us-east-1's DTO tiers are the first 10240/51200 pair in the file.
            "tiers out of order",
            First(
                r#"{ up_to_gb = "51200", usd = "0.085" }"#,
                r#"{ up_to_gb = "5120", usd = "0.085" }"#,
            ),
            &[
                "region us-east-1",
                "dto_gb.tiers[1].up_to_gb",
                "out of order",
            ],
        ),
        (
            "a bounded last tier",
            First(
                r#"{ usd = "0.05" }]"#,
                r#"{ up_to_gb = "999999", usd = "0.05" }]"#,
            ),
            &["unbounded"],
        ),
        (
            "an unknown default region",
            Once(
                r#"default_region = "us-east-1""#,
                r#"default_region = "us-nowhere-1""#,
            ),
            &["table.default_region", "us-nowhere-1"],
        ),
        (
            "an unknown source",
            Once(
                US_EAST_1_NAT_GB,
                r#"nat_gb = { usd = "0.045", source = "hearsay""#,
            ),
            &["nat_gb.source", "hearsay"],
        ),
        (
            "an unknown status",
            First(r#"status = "confirmed""#, r#"status = "probably""#),
            &["status"],
        ),
        (
            "an assumed figure without a note",
            Once(
                r#"regional_nat_hour = { usd = "0.045", source = "regional-nat-offer-2026-09-04", as_of = 2026-09-04, status = "confirmed""#,
                r#"regional_nat_hour = { usd = "0.045", source = "regional-nat-offer-2026-09-04", as_of = 2026-09-04, status = "assumed""#,
            ),
            &["regional_nat_hour.note"],
        ),
        (
            "a repeated region",
            First(r#"code = "us-east-2""#, r#"code = "us-east-1""#),
            &["appears twice"],
        ),
        (
            "an unknown key",
            Once(
                US_EAST_1_NAT_GB,
                r#"nat_gb = { usd = "0.045", colour = "red", source = "infracost-nat-golden""#,
            ),
            &["colour"],
        ),
        (
            "an implausible price",
            Once(
                US_EAST_1_NAT_GB,
                r#"nat_gb = { usd = "4500", source = "infracost-nat-golden""#,
            ),
            &["plausible"],
        ),
    ];
    for (kind, edit, says) in cases {
        let text = match edit {
            Once(from, to) => edited(from, to),
            First(from, to) => BUNDLED.replacen(from, to, 1),
        };
        let message = error(&text);
        for part in says {
            assert!(message.contains(part), "{kind}: {part:?} not in {message}");
        }
    }
}
