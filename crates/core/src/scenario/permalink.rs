//! A scenario as a short, stable query string (permalinks, links between
//! views) and as an ETag key, both derived from the field definitions: a
//! field is written only when it differs from its default for that scenario,
//! so a permalink parses back to the same scenario whatever the defaults are.

use super::{FIELDS, SERVICE_PREFIX, Scenario, Value};
use crate::money::Plain;
use crate::pricing::PricingTable;
use std::hash::Hasher;

/// The scenario as a query string: the region, then every field that
/// differs from its default (a default that follows another field, such as
/// one NAT gateway per AZ, is compared with what it follows here).
pub fn to_query(scenario: &Scenario, table: &PricingTable) -> String {
    let mut q = String::with_capacity(160);
    for field in FIELDS {
        let always = field.name == "region";
        if !always && field.is_default(scenario, table) {
            continue;
        }
        if !q.is_empty() {
            q.push('&');
        }
        q.push_str(field.name);
        q.push('=');
        (field.get)(scenario)
            .with_text(|text| q.extend(form_urlencoded::byte_serialize(text.as_bytes())));
    }
    // Per-service traffic replaces aws_percent and interface_endpoints,
    // which are then derived from it and must not be written too.
    if let Some(services) = &scenario.services {
        let mut kept: Vec<&str> = q.split('&').collect();
        kept.retain(|p| !p.starts_with("aws_percent=") && !p.starts_with("interface_endpoints="));
        q = kept.join("&");
        for t in services {
            q.push('&');
            q.push_str(SERVICE_PREFIX);
            q.push_str(&t.service);
            q.push('=');
            q.push_str(&Plain(t.gb).to_string());
        }
    }
    q
}

/// Feeds every field's value to `hasher`: a cheap key for validators such
/// as ETags. Equal values written differently (`1` and `1.0`) feed different
/// bytes; for an ETag that only costs a cache miss.
pub fn fingerprint(scenario: &Scenario, hasher: &mut impl Hasher) {
    // Each value's own bytes (a decimal's mantissa and scale), not its text: every image
    // answer works this out, and writing twenty values as text costs more than the hash.
    for field in FIELDS {
        hasher.write(field.name.as_bytes());
        match (field.get)(scenario) {
            Value::Text(text) => {
                hasher.write_usize(text.len());
                hasher.write(text.as_bytes());
            }
            Value::Decimal(d) => hasher.write(&d.serialize()),
            Value::Integer(n) => hasher.write_u32(n),
            Value::Bool(b) => hasher.write_u8(u8::from(b)),
        }
    }
    for t in scenario.services.iter().flatten() {
        hasher.write(t.service.as_bytes());
        hasher.write(&t.gb.serialize());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_default_scenario_is_just_its_region() {
        let table = PricingTable::bundled().unwrap();
        let d = Scenario::defaults(&table);
        assert_eq!(to_query(&d, &table), "region=us-east-1");
    }

    #[test]
    fn gateways_that_follow_the_azs_are_left_out_and_others_kept() {
        let table = PricingTable::bundled().unwrap();
        let three = Scenario::from_query("azs=3", &table).unwrap();
        assert_eq!(three.nat_gateways, 3);
        assert_eq!(to_query(&three, &table), "region=us-east-1&azs=3");
        let shared = Scenario::from_query("azs=3&nat_gateways=1", &table).unwrap();
        let q = to_query(&shared, &table);
        assert_eq!(q, "region=us-east-1&azs=3&nat_gateways=1");
        assert_eq!(Scenario::from_query(&q, &table).unwrap(), shared);
    }
}
