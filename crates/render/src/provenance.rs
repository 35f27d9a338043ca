//! The pricing table for people: `/pricing`, one region's figures with their value, unit, grade,
//! status, source and date, the assumed figures first with what they rest on, then the figures
//! it has no price for.

use crate::{PAGE_BYTES, Site, render};
use askama::Template;
use egress_core::money::words::human;
use egress_core::pricing::{FIGURES, Price, PricingTable, Provenance, Region, Status};

/// One figure (or one NAT instance type's rate) as a row.
pub struct Row {
    /// The figure's key (`nat_hour`, `nat_instance_hour t4g.nano`).
    pub figure: String,
    /// The price in words (`$0.045`, or each tier).
    pub value: String,
    /// What one unit is.
    pub unit: &'static str,
    /// Where it comes from.
    pub provenance: Provenance,
    /// The source's title and address.
    pub source: (String, String),
}

#[derive(Template)]
#[template(path = "pricing.html")]
struct PricingPage<'a> {
    site: Site<'a>,
    table: &'a PricingTable,
    region: &'a Region,
    assumed: Vec<Row>,
    confirmed: Vec<Row>,
    /// The figures the region has no price for (the options that need one are not priced).
    missing: Vec<&'static str>,
    /// Said when the region asked for is not in the table.
    notice: Option<String>,
}

/// `$0.09 up to 10,240 GB, then $0.085 …`.
fn value(price: &Price) -> Vec<(String, String)> {
    match price {
        Price::Rate(r) => vec![(String::new(), format!("${}", human(r.usd)))],
        Price::Tiered(t) => vec![(
            String::new(),
            t.tiers
                .iter()
                .map(|tier| match tier.up_to_gb {
                    Some(up_to) => format!("${} up to {} GB", human(tier.usd), human(up_to)),
                    None => format!("${} beyond", human(tier.usd)),
                })
                .collect::<Vec<_>>()
                .join(", "),
        )],
        Price::PerInstanceType(rates) => rates
            .iter()
            .map(|(kind, r)| (format!(" {kind}"), format!("${}", human(r.usd))))
            .collect(),
    }
}

fn provenance(price: &Price) -> Vec<&Provenance> {
    match price {
        Price::Rate(r) => vec![&r.provenance],
        Price::Tiered(t) => vec![&t.provenance],
        Price::PerInstanceType(rates) => rates.iter().map(|(_, r)| &r.provenance).collect(),
    }
}

/// The page for `region` (the table's default region when it is not in the table).
pub fn page(site: Site<'_>, table: &PricingTable, region: &str) -> Result<String, askama::Error> {
    let asked = region;
    let region = table
        .region(region)
        .or_else(|| table.region(&table.meta.default_region))
        .or(table.regions.first())
        .ok_or_else(|| askama::Error::Custom("the pricing table has no region".into()))?;
    let notice = (region.code != asked).then(|| {
        format!(
            "The pricing table has no region {asked:?}; these are the prices of {}.",
            region.code
        )
    });
    let (mut rows, mut missing) = (Vec::new(), Vec::new());
    for spec in FIGURES {
        let Some(price) = region.figures.get(&spec.figure) else {
            missing.push(spec.key);
            continue;
        };
        for ((suffix, text), p) in value(price).into_iter().zip(provenance(price)) {
            let source = table.sources.get(&p.source).map_or_else(
                || (p.source.clone(), String::new()),
                |s| (s.title.clone(), s.url.clone()),
            );
            rows.push(Row {
                figure: format!("{}{suffix}", spec.key),
                value: text,
                unit: spec.unit,
                provenance: p.clone(),
                source,
            });
        }
    }
    let (assumed, confirmed) = rows
        .into_iter()
        .partition(|r| r.provenance.status == Status::Assumed);
    render(
        &PricingPage {
            site,
            table,
            region,
            assumed,
            confirmed,
            missing,
            notice,
        },
        PAGE_BYTES,
    )
}
