//! Writes a [`PricingTable`] back in the TOML format `load.rs` reads, in the
//! bundled file's layout (one inline table per figure), so an imported table
//! can be read, diffed and edited like the bundled one. A region's figure that
//! is exactly its `[global]` figure is not repeated in the region.

use super::{InstanceType, Limit, LimitChange, Price, PricingTable, Provenance, Rate};
use std::fmt::Write;

/// A TOML basic string, escaped.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A bare key when TOML allows one, a quoted key otherwise (`"t4g.nano"`).
fn key(text: &str) -> String {
    if !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        text.to_owned()
    } else {
        quote(text)
    }
}

fn provenance(p: &Provenance) -> String {
    let (status, grade) = (p.status.as_str(), p.grade.as_str());
    let mut out = format!(
        "source = {}, as_of = {}, status = \"{status}\", grade = \"{grade}\"",
        quote(&p.source),
        p.as_of
    );
    if let Some(usage_type) = &p.usage_type {
        let _ = write!(out, ", usage_type = {}", quote(usage_type));
    }
    if let Some(note) = &p.note {
        let _ = write!(out, ", note = {}", quote(note));
    }
    out
}

fn rate(r: &Rate) -> String {
    format!("{{ usd = \"{}\", {} }}", r.usd, provenance(&r.provenance))
}

/// One figure as an inline table; per-type rates are written by the caller.
pub(crate) fn price(p: &Price) -> String {
    match p {
        Price::Rate(r) => rate(r),
        Price::Tiered(t) => {
            let tiers: Vec<String> = t
                .tiers
                .iter()
                .map(|tier| match tier.up_to_gb {
                    Some(bound) => format!("{{ up_to_gb = \"{bound}\", usd = \"{}\" }}", tier.usd),
                    None => format!("{{ usd = \"{}\" }}", tier.usd),
                })
                .collect();
            format!(
                "{{ tiers = [{}], {} }}",
                tiers.join(", "),
                provenance(&t.provenance)
            )
        }
        Price::PerInstanceType(rates) => {
            let items: Vec<String> = rates
                .iter()
                .map(|(t, r)| format!("{} = {}", key(t), rate(r)))
                .collect();
            format!("{{ {} }}", items.join(", "))
        }
    }
}

fn limit(l: &Limit) -> String {
    format!(
        "{{ value = \"{}\", {} }}",
        l.value,
        provenance(&l.provenance)
    )
}

fn history(out: &mut String, changes: &[LimitChange]) {
    out.push_str("history = [\n");
    for c in changes {
        let _ = writeln!(out, "  {{ date = {}, text = {} }},", c.date, quote(&c.text));
    }
    out.push_str("]\n");
}

fn instance_type(out: &mut String, t: &InstanceType) {
    let _ = writeln!(out, "\n[[nat_instance_type]]");
    let _ = writeln!(out, "name = {}", quote(&t.name));
    let _ = writeln!(out, "vcpus = {}", t.vcpus);
    let _ = writeln!(out, "baseline_gbps = \"{}\"", t.baseline_gbps);
    let _ = writeln!(out, "burst_gbps = \"{}\"", t.burst_gbps);
    // The same fields as a figure's provenance, one per line.
    for field in provenance(&t.provenance).split(", ").map(str::to_owned) {
        let _ = writeln!(out, "{field}");
    }
}

/// The table as TOML that [`PricingTable::parse`] reads back to the same table;
/// `header` is written first as `#` comment lines.
pub fn to_toml(table: &PricingTable, header: &str) -> String {
    let mut out = String::new();
    for line in header.lines() {
        let _ = writeln!(out, "# {line}").map(|_| ());
    }
    let m = &table.meta;
    let _ = write!(
        out,
        "\n[table]\nversion = {}\nas_of = {}\ncurrency = {}\ndefault_region = {}\n",
        quote(&m.version),
        m.as_of,
        quote(&m.currency),
        quote(&m.default_region)
    );
    out.push_str("\n[sources]\n");
    for (k, s) in &table.sources {
        let _ = writeln!(
            out,
            "{} = {{ title = {}, url = {}, date = {} }}",
            key(k),
            quote(&s.title),
            quote(&s.url),
            s.date
        );
    }
    let nat = &table.limits.nat_gateway;
    out.push_str("\n[limits.nat_gateway]\n");
    for (name, l) in [
        ("baseline_gbps", &nat.baseline_gbps),
        ("max_gbps", &nat.max_gbps),
        ("baseline_pps", &nat.baseline_pps),
        ("max_pps", &nat.max_pps),
        (
            "connections_per_destination_per_ip",
            &nat.connections_per_destination_per_ip,
        ),
        ("max_ips", &nat.max_ips),
    ] {
        let _ = writeln!(out, "{name} = {}", limit(l));
    }
    history(&mut out, &nat.history);
    let endpoint = &table.limits.interface_endpoint;
    out.push_str("\n[limits.interface_endpoint]\n");
    let _ = writeln!(
        out,
        "baseline_gbps_per_az = {}",
        limit(&endpoint.baseline_gbps_per_az)
    );
    let _ = writeln!(
        out,
        "max_gbps_per_az = {}",
        limit(&endpoint.max_gbps_per_az)
    );
    history(&mut out, &endpoint.history);

    if !table.global.is_empty() {
        out.push_str("\n[global]\n");
        for (figure, p) in &table.global {
            let _ = writeln!(out, "{} = {}", figure.key(), price(p));
        }
    }
    for t in &table.nat_instance_types {
        instance_type(&mut out, t);
    }
    for region in &table.regions {
        let _ = write!(
            out,
            "\n[[region]]\ncode = {}\nname = {}\n",
            quote(&region.code),
            quote(&region.name)
        );
        let mut per_type = None;
        for (figure, p) in &region.figures {
            let text = price(p);
            if table.global.get(figure).map(price).as_deref() == Some(text.as_str()) {
                continue;
            }
            if let Price::PerInstanceType(rates) = p {
                per_type = Some((figure.key(), rates));
                continue;
            }
            let _ = writeln!(out, "{} = {text}", figure.key());
        }
        // A sub-table must come after the region's plain keys.
        if let Some((name, rates)) = per_type {
            let _ = writeln!(out, "[region.{name}]");
            for (t, r) in rates {
                let _ = writeln!(out, "{} = {}", key(t), rate(r));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_table_survives_a_round_trip() {
        let table = PricingTable::bundled().unwrap();
        let text = to_toml(&table, "round trip");
        let again = PricingTable::parse("written.toml", &text).unwrap();
        assert_eq!(
            serde_json::to_value(&table).unwrap(),
            serde_json::to_value(&again).unwrap()
        );
        assert_eq!(table.global.len(), again.global.len());
        // Written twice, the text is the same: the format is stable.
        assert_eq!(text, to_toml(&again, "round trip"));
    }

    #[test]
    fn awkward_strings_are_escaped() {
        assert_eq!(quote("a \"b\"\n"), r#""a \"b\"\n""#);
        assert_eq!(key("t4g.nano"), "\"t4g.nano\"");
        assert_eq!(key("nat_gb"), "nat_gb");
    }
}
