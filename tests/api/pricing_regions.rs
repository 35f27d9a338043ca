//! The bundled table region by region: every region prices every public
//! acceptance scenario (its region swapped) without an error, the options a
//! region cannot price say why, and no assumed figure lacks its note.

use super::helpers::{json, post_json};
use axum::http::StatusCode;
use egress_planner::pricing::PricingTable;
use std::path::Path;

fn inputs() -> Vec<(String, serde_json::Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/acceptance");
    let mut out: Vec<(String, serde_json::Value)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                v["input"].clone(),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 6);
    out
}

#[tokio::test]
async fn every_region_prices_every_public_scenario() {
    let table = PricingTable::bundled().unwrap();
    assert!(table.regions.len() >= 30, "{}", table.regions.len());
    let inputs = inputs();
    for region in &table.regions {
        for (name, input) in &inputs {
            let mut input = input.clone();
            input["region"] = serde_json::Value::String(region.code.clone());
            let (status, body) = json(post_json("/api/v1/compare", input.to_string()).await).await;
            assert_eq!(status, StatusCode::OK, "{} {name}: {body}", region.code);
            let options = body["options"].as_array().unwrap();
            assert!(!options.is_empty(), "{} {name}", region.code);
            // The NAT gateway needs only required figures: always priced.
            let nat = options.iter().find(|o| o["id"] == "nat_gateway").unwrap();
            assert!(
                nat["monthly_cost"].is_string(),
                "{} {name}: {nat}",
                region.code
            );
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
