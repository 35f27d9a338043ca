//! Merging imported figures over a base table: an imported figure replaces
//! the base's, a figure the files do not hold keeps the base's (with its own
//! source), and the report says for every region and figure which one won. A
//! region new to the table that still lacks a required figure is left out,
//! and the report says which figures it lacked.

use super::{Imported, OfferFile, PRICE_LIST_HOST};
use egress_core::pricing::{FIGURES, Figure, Price, PricingTable, Rate, Region, Shape, Source};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Where a figure of the written table comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FigureOrigin {
    /// From an offer file: the file, usage type and source key.
    Imported {
        /// The file it was read from.
        file: String,
        /// The usage type of its rows.
        usage_type: String,
    },
    /// Kept from the base table, with the base's source key.
    Base {
        /// Source key in the base table.
        source: String,
    },
    /// Neither the files nor the base have it: options needing it are unpriced.
    Missing,
}

/// What happened to one region.
#[derive(Debug, Clone)]
pub struct RegionOutcome {
    /// Region code.
    pub code: String,
    /// Every figure (per-type rates as `nat_instance_hour.t4g.nano`) and its origin.
    pub figures: Vec<(String, FigureOrigin)>,
    /// Set when the region is new and lacks required figures: it is not written.
    pub left_out: Option<String>,
}

/// The account of an import, printed by `pricing import`.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// The files read.
    pub files: Vec<OfferFile>,
    /// Every region the files touched.
    pub regions: Vec<RegionOutcome>,
    /// Regions of the base table the files did not touch.
    pub untouched: Vec<String>,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for file in &self.files {
            writeln!(
                f,
                "read {} ({}, {} {} published {}): {} rows, {} prices kept, {} skipped as not on-demand USD",
                file.file,
                file.format,
                file.offer_code,
                file.version,
                file.publication_date,
                file.rows,
                file.kept,
                file.skipped_other_terms
            )?;
        }
        for region in &self.regions {
            match &region.left_out {
                Some(reason) => writeln!(f, "{}: LEFT OUT: {reason}", region.code)?,
                None => writeln!(f, "{}:", region.code)?,
            }
            for (figure, origin) in &region.figures {
                match origin {
                    FigureOrigin::Imported { file, usage_type } => {
                        writeln!(f, "  {figure:<32} imported  {usage_type} from {file}")?
                    }
                    FigureOrigin::Base { source } => {
                        writeln!(f, "  {figure:<32} base      source {source}")?
                    }
                    FigureOrigin::Missing => writeln!(
                        f,
                        "  {figure:<32} missing   (options that need it are unpriced)"
                    )?,
                }
            }
        }
        if !self.untouched.is_empty() {
            writeln!(
                f,
                "kept from the base table unchanged: {}",
                self.untouched.join(", ")
            )?;
        }
        Ok(())
    }
}

/// Merges `imported` over `base`. The result still needs validating (the
/// caller writes it and parses it back before renaming it into place).
pub fn merge(base: &PricingTable, imported: Imported) -> (PricingTable, ImportReport) {
    let mut table = base.clone();
    let mut report = ImportReport {
        files: imported.files.clone(),
        ..ImportReport::default()
    };

    // One source per offer version; its regions named in the title.
    let mut regions_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let file_of_source: BTreeMap<String, &OfferFile> =
        imported.files.iter().map(|f| (f.source_key(), f)).collect();
    for (code, region) in &imported.regions {
        let sources = region.figures.values().flat_map(provenances).chain(
            region
                .instance_hours
                .values()
                .map(|r| r.provenance.source.clone()),
        );
        for source in sources {
            regions_of.entry(source).or_default().insert(code.clone());
        }
    }
    for (key, regions) in &regions_of {
        let Some(file) = file_of_source.get(key) else {
            continue;
        };
        let ext = if file.format == "JSON" { "json" } else { "csv" };
        let base_url = format!(
            "{PRICE_LIST_HOST}/offers/v1.0/aws/{}/{}",
            file.offer_code, file.version
        );
        let (url, scope) = if regions.len() == 1 {
            let region = regions.iter().next().map_or("", String::as_str);
            (
                format!("{base_url}/{region}/index.{ext}"),
                region.to_owned(),
            )
        } else {
            (
                format!("{base_url}/"),
                format!(
                    "region files of {}",
                    regions.iter().cloned().collect::<Vec<_>>().join(", ")
                ),
            )
        };
        table.sources.insert(
            key.clone(),
            Source {
                title: format!(
                    "AWS Price List {} version {}, published {} ({scope})",
                    file.offer_code, file.version, file.publication_date
                ),
                url,
                date: file.date().to_owned(),
            },
        );
    }

    for (code, new) in imported.regions {
        let existing = table.region_index(&code);
        let mut figures = match existing {
            Some(i) => table.regions[i].figures.clone(),
            None => table.global.clone(),
        };
        let mut origins: BTreeMap<String, FigureOrigin> = BTreeMap::new();
        for (figure, price) in &new.figures {
            figures.insert(*figure, price.clone());
        }
        if !new.instance_hours.is_empty() {
            let mut rates: BTreeMap<String, Rate> = match figures.get(&Figure::NatInstanceHour) {
                Some(Price::PerInstanceType(rates)) => rates.iter().cloned().collect(),
                _ => BTreeMap::new(),
            };
            rates.extend(new.instance_hours.clone());
            // In the table's type order, which breaks price ties.
            let ordered: Vec<(String, Rate)> = table
                .nat_instance_types
                .iter()
                .filter_map(|t| rates.get(&t.name).map(|r| (t.name.clone(), r.clone())))
                .collect();
            figures.insert(Figure::NatInstanceHour, Price::PerInstanceType(ordered));
        }
        let file_name = |label: &str| new.files.get(label).cloned().unwrap_or_default();
        for spec in FIGURES {
            let label = spec.key.to_owned();
            match figures.get(&spec.figure) {
                Some(Price::PerInstanceType(rates)) => {
                    for (t, r) in rates {
                        let typed = format!("{label}.{t}");
                        let origin = if new.instance_hours.contains_key(t) {
                            FigureOrigin::Imported {
                                file: file_name(&typed),
                                usage_type: r.provenance.usage_type.clone().unwrap_or_default(),
                            }
                        } else {
                            FigureOrigin::Base {
                                source: r.provenance.source.clone(),
                            }
                        };
                        origins.insert(typed, origin);
                    }
                }
                Some(price) => {
                    let p = match price {
                        Price::Rate(r) => &r.provenance,
                        Price::Tiered(t) => &t.provenance,
                        Price::PerInstanceType(_) => unreachable!("matched above"),
                    };
                    let origin = if new.figures.contains_key(&spec.figure) {
                        FigureOrigin::Imported {
                            file: file_name(&label),
                            usage_type: p.usage_type.clone().unwrap_or_default(),
                        }
                    } else {
                        FigureOrigin::Base {
                            source: p.source.clone(),
                        }
                    };
                    origins.insert(label, origin);
                }
                None if spec.shape == Shape::PerInstanceType => {}
                None => {
                    origins.insert(label, FigureOrigin::Missing);
                }
            }
        }
        let lacking: Vec<&str> = FIGURES
            .iter()
            .filter(|s| s.required && !figures.contains_key(&s.figure))
            .map(|s| s.key)
            .collect();
        let left_out = (existing.is_none() && !lacking.is_empty()).then(|| {
            format!(
                "new region without {} in the files or the base table; import its {} file too",
                lacking.join(", "),
                offers_for(&lacking)
            )
        });
        match existing {
            Some(i) => table.regions[i].figures = figures,
            None if left_out.is_none() => table.regions.push(Region {
                code: code.clone(),
                name: if new.name.is_empty() {
                    code.clone()
                } else {
                    new.name.clone()
                },
                figures,
            }),
            None => {}
        }
        // FIGURES order, per-type rates after their figure.
        let mut ordered: Vec<(String, FigureOrigin)> = origins.into_iter().collect();
        ordered.sort_by_key(|(k, _)| {
            let base = k.split('.').next().unwrap_or(k);
            (
                Figure::from_key(base).map_or(usize::MAX, |f| f as usize),
                k.clone(),
            )
        });
        report.regions.push(RegionOutcome {
            code,
            figures: ordered,
            left_out,
        });
    }
    let touched: BTreeSet<&str> = report.regions.iter().map(|r| r.code.as_str()).collect();
    report.untouched = base
        .regions
        .iter()
        .filter(|r| !touched.contains(r.code.as_str()))
        .map(|r| r.code.clone())
        .collect();

    // The table is as of its newest source.
    if let Some(newest) = imported.files.iter().map(OfferFile::date).max() {
        if newest > table.meta.as_of.as_str() {
            table.meta.as_of = newest.to_owned();
        }
        table.meta.version = format!("{}.import", table.meta.as_of);
    }
    (table, report)
}

fn provenances(price: &Price) -> Vec<String> {
    match price {
        Price::Rate(r) => vec![r.provenance.source.clone()],
        Price::Tiered(t) => vec![t.provenance.source.clone()],
        Price::PerInstanceType(rates) => rates
            .iter()
            .map(|(_, r)| r.provenance.source.clone())
            .collect(),
    }
}

/// Which offer files hold these figures.
fn offers_for(keys: &[&str]) -> String {
    let mut offers = BTreeSet::new();
    for key in keys {
        offers.insert(match Figure::from_key(key) {
            Some(Figure::NatHour | Figure::NatGb | Figure::Gp3GbMonth) => "AmazonEC2",
            Some(
                Figure::EndpointHour
                | Figure::EndpointGb
                | Figure::Ipv4Hour
                | Figure::TgwAttachmentHour
                | Figure::TgwGb,
            ) => "AmazonVPC",
            Some(Figure::FirewallHour | Figure::FirewallGb) => "AWSNetworkFirewall",
            _ => "AWSDataTransfer",
        });
    }
    offers.into_iter().collect::<Vec<_>>().join(" and ")
}
