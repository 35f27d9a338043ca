//! The bundled table region by region: every region prices every public
//! acceptance scenario (its region swapped) without an error, the options a
//! region cannot price say why, and no assumed figure lacks its note.

use super::acceptance::scenarios;
use super::helpers::{json, option, post_json};
use axum::http::StatusCode;
use egress_planner::pricing::PricingTable;

#[tokio::test]
async fn every_region_prices_every_public_scenario() {
    let table = PricingTable::bundled().unwrap();
    assert!(table.regions.len() >= 30, "{}", table.regions.len());
    let scenarios = scenarios();
    for region in &table.regions {
        for (name, scenario) in &scenarios {
            let mut input = scenario["input"].clone();
            input["region"] = serde_json::Value::String(region.code.clone());
            let (status, body) = json(post_json("/api/v1/compare", input.to_string()).await).await;
            assert_eq!(status, StatusCode::OK, "{} {name}: {body}", region.code);
            // The NAT gateway needs only required figures: always priced.
            let nat = option(&body, "nat_gateway");
            let at = format!("{} {name}", region.code);
            assert!(nat["monthly_cost"].is_string(), "{at}: {nat}");
        }
    }
}

#[test]
fn no_assumed_figure_lacks_a_note_and_every_source_is_listed() {
    let table = PricingTable::bundled().unwrap();
    for region in &table.regions {
        for (key, provenance) in region.provenances() {
            assert!(
                table.sources.contains_key(&provenance.source),
                "{} {key}: {}",
                region.code,
                provenance.source
            );
            if provenance.is_assumed() {
                let note = provenance.note.as_deref().unwrap_or("");
                assert!(
                    note.len() > 20,
                    "{} {key}: assumed without a note",
                    region.code
                );
            }
        }
    }
}

#[test]
fn public_ipv4_is_sourced_once_not_assumed_per_region() {
    let table = PricingTable::bundled().unwrap();
    for region in &table.regions {
        let ipv4 = region
            .rate(egress_planner::pricing::Figure::Ipv4Hour)
            .unwrap();
        assert!(!ipv4.provenance.is_assumed(), "{}", region.code);
        assert_eq!(ipv4.usd.to_string(), "0.005", "{}", region.code);
    }
}

#[test]
fn the_acceptance_constraints_on_the_bundled_table_hold() {
    let table = PricingTable::bundled().unwrap();
    // eu-west-2 has no NAT instance prices (its acceptance scenario expects
    // nat_instance unpriced).
    assert!(
        table
            .region("eu-west-2")
            .unwrap()
            .instance_hours()
            .is_empty()
    );
}
