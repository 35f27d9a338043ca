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
    let cases: [(&str, Edit, &[&str]); 14] = [
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
            "a confirmed figure graded C",
            Once(
                r#"dto_gb = { tiers = [{ up_to_gb = "10240", usd = "0.12" }, { up_to_gb = "51200", usd = "0.085" }, { up_to_gb = "153600", usd = "0.082" }, { usd = "0.08" }], source = "aps1-dto-2026-08-12", as_of = 2026-08-12, status = "confirmed", grade = "B""#,
                r#"dto_gb = { tiers = [{ up_to_gb = "10240", usd = "0.12" }, { up_to_gb = "51200", usd = "0.085" }, { up_to_gb = "153600", usd = "0.082" }, { usd = "0.08" }], source = "aps1-dto-2026-08-12", as_of = 2026-08-12, status = "confirmed", grade = "C""#,
            ),
            &[
                "region ap-southeast-1",
                "dto_gb.status",
                "\"confirmed\"",
                "grade C",
                "needs grade A or B",
            ],
        ),
        (
            "a confirmed figure with no grade",
            Once(
                r#"tgw_gb = { usd = "0.02", source = "tgw-pricing-ohio-example", as_of = 2026-09-20, status = "confirmed", grade = "B""#,
                r#"tgw_gb = { usd = "0.02", source = "tgw-pricing-ohio-example", as_of = 2026-09-20, status = "confirmed", grade = "none""#,
            ),
            &[
                "region us-east-2",
                "tgw_gb.status",
                "grade none",
                "needs grade A or B",
            ],
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

#[test]
fn every_confirmed_figure_of_the_bundled_table_is_graded_a_or_b() {
    use egress_planner::pricing::{Grade, Status};
    let table = PricingTable::bundled().unwrap();
    for region in &table.regions {
        for (key, p) in region.provenances() {
            if p.status == Status::Confirmed {
                assert!(
                    matches!(p.grade, Grade::A | Grade::B),
                    "{} {key}: confirmed but graded {:?}",
                    region.code,
                    p.grade
                );
            }
        }
    }
    // The figure the rule was found on: a third-party test seed.
    let gp3 = table
        .region("eu-west-1")
        .unwrap()
        .rate(egress_planner::pricing::Figure::Gp3GbMonth)
        .unwrap();
    assert_eq!(gp3.provenance.status, Status::Assumed);
    assert_eq!(gp3.provenance.grade, Grade::C);
}

#[test]
fn transit_gateway_and_firewall_figures_are_priced_only_where_a_source_gives_them() {
    use egress_planner::pricing::Figure;
    let table = PricingTable::bundled().unwrap();
    let usd = |code: &str, figure: Figure| {
        table
            .region(code)
            .unwrap()
            .rate(figure)
            .ok()
            .map(|r| r.usd.to_string())
    };
    assert_eq!(
        usd("us-east-1", Figure::TgwAttachmentHour).as_deref(),
        Some("0.05")
    );
    assert_eq!(usd("us-east-1", Figure::TgwGb).as_deref(), Some("0.02"));
    assert_eq!(
        usd("us-east-1", Figure::FirewallHour).as_deref(),
        Some("0.395")
    );
    assert_eq!(
        usd("us-east-1", Figure::FirewallGb).as_deref(),
        Some("0.065")
    );
    assert_eq!(
        usd("us-east-2", Figure::TgwAttachmentHour).as_deref(),
        Some("0.05")
    );
    // No source gives these: left out, so the options show unpriced.
    assert_eq!(usd("eu-west-1", Figure::TgwAttachmentHour), None);
    assert_eq!(usd("us-east-2", Figure::FirewallHour), None);
    for figure in [
        Figure::TgwAttachmentHour,
        Figure::TgwGb,
        Figure::FirewallHour,
        Figure::FirewallGb,
    ] {
        assert!(!figure.spec().required, "{figure}");
    }
}
