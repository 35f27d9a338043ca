//! Importing AWS Price List offer files (AmazonEC2, AmazonVPC, AWSDataTransfer
//! and AWSNetworkFirewall region files, JSON or CSV) into pricing figures: which rows mean which
//! figure, how a figure's price dimensions become a rate or tiers, and how the
//! result is merged over a base table with a per-figure account of who won.
//!
//! The readers ([`csv`] and [`json`]) stream: they hand every row to
//! [`Collector`], which keeps only the few hundred rows that match a figure.

mod csv;
mod json;
mod merge;

pub use merge::{FigureOrigin, ImportReport, RegionOutcome, merge};

use egress_core::pricing::{
    Figure, Grade, Price, Provenance, Rate, Shape, Status, Tier, TieredRate,
};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::Read;
use std::path::Path;

/// The on-demand term code of AWS's commercial partition. The China partition
/// uses another (`5Y9WH78GDR`) with prices in CNY; those rows are skipped.
pub const ON_DEMAND_TERM: &str = "JRTCKXETXF";

/// Where AWS serves the Price List Bulk API; imported sources cite it.
pub const PRICE_LIST_HOST: &str = "https://pricing.us-east-1.amazonaws.com";

/// An import that cannot go on, and exactly where: the file, the line (CSV)
/// or JSON path, and what was expected there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The file as given on the command line.
    pub file: String,
    /// `line 12`, `line 3 column 7, at products.ABC.attributes`, or empty.
    pub place: String,
    /// What was expected and what was found.
    pub message: String,
}

impl ImportError {
    /// An error in `file` at `place` (empty: the file as a whole).
    pub(crate) fn new(file: &str, place: impl Into<String>, message: impl Into<String>) -> Self {
        ImportError {
            file: file.to_owned(),
            place: place.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.file)?;
        if !self.place.is_empty() {
            write!(f, "{}: ", self.place)?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ImportError {}

/// The attributes a rule can look at, named as in the JSON files (`usagetype`)
/// and as in the CSV files (`usageType`), which spell them differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attr {
    ServiceCode,
    ProductFamily,
    UsageType,
    Operation,
    RegionCode,
    FromRegionCode,
    Location,
    FromLocation,
    LocationType,
    InstanceType,
    OperatingSystem,
    Tenancy,
    PreInstalledSw,
    CapacityStatus,
    VolumeApiName,
    TransferType,
}

impl Attr {
    pub(crate) const ALL: [Attr; 16] = [
        Attr::ServiceCode,
        Attr::ProductFamily,
        Attr::UsageType,
        Attr::Operation,
        Attr::RegionCode,
        Attr::FromRegionCode,
        Attr::Location,
        Attr::FromLocation,
        Attr::LocationType,
        Attr::InstanceType,
        Attr::OperatingSystem,
        Attr::Tenancy,
        Attr::PreInstalledSw,
        Attr::CapacityStatus,
        Attr::VolumeApiName,
        Attr::TransferType,
    ];

    /// Name in a JSON product (`productFamily` sits beside `attributes`).
    pub(crate) fn json(self) -> &'static str {
        match self {
            Attr::ServiceCode => "servicecode",
            Attr::ProductFamily => "productFamily",
            Attr::UsageType => "usagetype",
            Attr::Operation => "operation",
            Attr::RegionCode => "regionCode",
            Attr::FromRegionCode => "fromRegionCode",
            Attr::Location => "location",
            Attr::FromLocation => "fromLocation",
            Attr::LocationType => "locationType",
            Attr::InstanceType => "instanceType",
            Attr::OperatingSystem => "operatingSystem",
            Attr::Tenancy => "tenancy",
            Attr::PreInstalledSw => "preInstalledSw",
            Attr::CapacityStatus => "capacitystatus",
            Attr::VolumeApiName => "volumeApiName",
            Attr::TransferType => "transferType",
        }
    }

    /// Column name in a CSV file's header.
    pub(crate) fn csv(self) -> &'static str {
        match self {
            Attr::ServiceCode => "serviceCode",
            Attr::ProductFamily => "Product Family",
            Attr::UsageType => "usageType",
            Attr::Operation => "operation",
            Attr::RegionCode => "Region Code",
            Attr::FromRegionCode => "From Region Code",
            Attr::Location => "Location",
            Attr::FromLocation => "From Location",
            Attr::LocationType => "Location Type",
            Attr::InstanceType => "Instance Type",
            Attr::OperatingSystem => "Operating System",
            Attr::Tenancy => "Tenancy",
            Attr::PreInstalledSw => "Pre Installed S/W",
            Attr::CapacityStatus => "CapacityStatus",
            Attr::VolumeApiName => "Volume API Name",
            Attr::TransferType => "Transfer Type",
        }
    }
}

/// A product's attributes as a reader sees them; absent ones read as "".
pub(crate) trait Attrs {
    fn get(&self, attr: Attr) -> &str;
}

/// What a product row prices, when it prices one of our figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    pub region: String,
    pub location: String,
    pub figure: Figure,
    /// The NAT instance type, for [`Figure::NatInstanceHour`].
    pub instance_type: Option<String>,
    pub usage_type: String,
    /// The units AWS prices this in (the first is the one seen in real
    /// files); another unit is an error, not a guess.
    pub units: &'static [&'static str],
}

const HRS: &[&str] = &["Hrs"];
const GB: &[&str] = &["GB"];
const GB_MO: &[&str] = &["GB-Mo"];
/// No real AWSNetworkFirewall file was seen, only its usage types and a GB
/// row: its hour unit is taken in the spellings AWS's offers use for hours.
const FIREWALL_HOURS: &[&str] = &["Hrs", "Hours", "hour", "Hour"];

/// The usage type without its region prefix (`EUW2-NatGateway-Hours` →
/// `NatGateway-Hours`). us-east-1 has no prefix in most offers, and a prefix is
/// upper-case letters and digits, so `RegionalNatGateway-Hours` and
/// `Global-DataTransfer-Out-Bytes` keep their first word and match nothing by
/// accident (matching by `contains` or `ends_with` would confuse them).
pub(crate) fn usage_suffix(usage_type: &str) -> &str {
    match usage_type.split_once('-') {
        Some((prefix, rest))
            if !prefix.is_empty()
                && prefix
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) =>
        {
            rest
        }
        _ => usage_type,
    }
}

/// Cheap first look at a usage type, before any other field is decoded: most
/// rows of an EC2 file are instance types we do not price, so this must be fast.
pub(crate) fn may_matter(usage_type: &[u8], instance_types: &BTreeSet<String>) -> bool {
    const SUFFIXES: [&[u8]; 10] = [
        b"NatGateway-Hours",
        b"NatGateway-Bytes",
        b"EBS:VolumeUsage.gp3",
        b"VpcEndpoint-Hours",
        b"VpcEndpoint-Bytes",
        b"PublicIPv4:InUseAddress",
        b"TransitGateway-Hours",
        b"-Endpoint-Hour",
        b"-Traffic-GB-Processed",
        b"-Bytes",
    ];
    if SUFFIXES.iter().any(|s| usage_type.ends_with(s)) {
        return true;
    }
    // `BoxUsage:t4g.nano`, `EU-BoxUsage:t4g.nano`.
    match memchr_colon(usage_type) {
        Some(colon) if usage_type[..colon].ends_with(b"BoxUsage") => {
            let name = &usage_type[colon + 1..];
            instance_types.iter().any(|t| t.as_bytes() == name)
        }
        _ => false,
    }
}

fn memchr_colon(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b':')
}

/// Decides which figure, if any, a product prices. Every rule names the offer,
/// the usage type (without region prefix) and the operation or attributes that
/// tell a figure's rows from others sharing its family or usage type.
pub(crate) fn classify(a: &impl Attrs, instance_types: &BTreeSet<String>) -> Option<Target> {
    let usage_type = a.get(Attr::UsageType);
    let suffix = usage_suffix(usage_type);
    let service = a.get(Attr::ServiceCode);
    let family = a.get(Attr::ProductFamily);
    let operation = a.get(Attr::Operation);
    let (figure, units, instance_type) = match (service, suffix) {
        // NAT gateways: the family also holds provisioned-bandwidth rows
        // (`NatGateway-Prvd-*`), and the operation tells zonal from regional.
        // No other rule takes that family, so a NAT row matched by none of
        // these prices nothing.
        ("AmazonEC2", s) if family == "NAT Gateway" => match (operation, s) {
            ("NatGateway", "NatGateway-Hours") => (Figure::NatHour, HRS, None),
            ("NatGateway", "NatGateway-Bytes") => (Figure::NatGb, GB, None),
            ("RegionalNatGateway", "RegionalNatGateway-Hours") => {
                (Figure::RegionalNatHour, HRS, None)
            }
            ("RegionalNatGateway", "RegionalNatGateway-Bytes") => (Figure::RegionalNatGb, GB, None),
            _ => return None,
        },
        ("AmazonEC2", "EBS:VolumeUsage.gp3")
            if family == "Storage" && a.get(Attr::VolumeApiName) == "gp3" =>
        {
            (Figure::Gp3GbMonth, GB_MO, None)
        }
        // One instance type is priced many ways (OS, tenancy, licence,
        // pre-installed software, capacity reservations): keep plain Linux.
        ("AmazonEC2", s)
            if s.starts_with("BoxUsage:")
                && family == "Compute Instance"
                && operation == "RunInstances"
                && a.get(Attr::OperatingSystem) == "Linux"
                && a.get(Attr::Tenancy) == "Shared"
                && a.get(Attr::PreInstalledSw) == "NA"
                && a.get(Attr::CapacityStatus) == "Used"
                && instance_types.contains(a.get(Attr::InstanceType))
                && s["BoxUsage:".len()..] == *a.get(Attr::InstanceType) =>
        {
            (
                Figure::NatInstanceHour,
                HRS,
                Some(a.get(Attr::InstanceType).to_owned()),
            )
        }
        // Interface endpoints; Gateway Load Balancer and resource endpoints
        // have usage types of their own (`VpcEndpoint-GWLBE-Hours`, …).
        ("AmazonVPC", "VpcEndpoint-Hours") if operation == "VpcEndpoint" => {
            (Figure::EndpointHour, HRS, None)
        }
        ("AmazonVPC", "VpcEndpoint-Bytes") if operation == "VpcEndpoint" => {
            (Figure::EndpointGb, GB, None)
        }
        // Public IPv4 rows have no product family at all.
        ("AmazonVPC", "PublicIPv4:InUseAddress") => (Figure::Ipv4Hour, HRS, None),
        // Transit Gateway: VPN, Direct Connect, Connect and peering
        // attachments share these usage types; the operation names the VPC
        // attachment (`TransitGatewayVPC`).
        ("AmazonVPC", "TransitGateway-Hours") if operation == "TransitGatewayVPC" => {
            (Figure::TgwAttachmentHour, HRS, None)
        }
        ("AmazonVPC", "TransitGateway-Bytes") if operation == "TransitGatewayVPC" => {
            (Figure::TgwGb, GB, None)
        }
        // Network Firewall: Advanced Inspection has usage types of its own
        // (`USE1-Advanced-Inspection-Traffic-GB-Processed`), which keep their
        // first word and so match neither rule.
        ("AWSNetworkFirewall", "Endpoint-Hour") if family == "AWS Firewall" => {
            (Figure::FirewallHour, FIREWALL_HOURS, None)
        }
        ("AWSNetworkFirewall", "Traffic-GB-Processed") if family == "AWS Firewall" => {
            (Figure::FirewallGb, GB, None)
        }
        ("AWSDataTransfer", "DataTransfer-Out-Bytes")
            if a.get(Attr::TransferType) == "AWS Outbound" =>
        {
            (Figure::DtoGb, GB, None)
        }
        ("AWSDataTransfer", "DataTransfer-Regional-Bytes")
            if a.get(Attr::TransferType).starts_with("IntraRegion") =>
        {
            (Figure::CrossAzGb, GB, None)
        }
        _ => return None,
    };
    // Data transfer rows name the region they leave from.
    let (region, location) = if service == "AWSDataTransfer" {
        (a.get(Attr::FromRegionCode), a.get(Attr::FromLocation))
    } else {
        (a.get(Attr::RegionCode), a.get(Attr::Location))
    };
    let location_type = a.get(Attr::LocationType);
    if region.is_empty() || !(location_type.is_empty() || location_type == "AWS Region") {
        // Outposts, Local Zones and Wavelength rows price other places.
        return None;
    }
    Some(Target {
        region: region.to_owned(),
        location: location.to_owned(),
        figure,
        instance_type,
        usage_type: usage_type.to_owned(),
        units,
    })
}

/// One price dimension of a matched product, as read.
#[derive(Debug, Clone)]
pub(crate) struct Dimension<'a> {
    pub sku: &'a str,
    pub term_type: &'a str,
    pub offer_term_code: &'a str,
    pub rate_code: &'a str,
    pub begin: &'a str,
    pub end: &'a str,
    pub unit: &'a str,
    pub currency: &'a str,
    pub usd: &'a str,
    /// `line 12` or a JSON path, for errors.
    pub place: String,
}

/// The metadata every offer file starts with.
#[derive(Debug, Clone, Default)]
pub struct OfferFile {
    /// The file as named on the command line.
    pub file: String,
    /// `AmazonEC2`, …
    pub offer_code: String,
    /// `20260904231117`.
    pub version: String,
    /// `2026-09-04T23:11:17Z`.
    pub publication_date: String,
    /// JSON or CSV.
    pub format: &'static str,
    /// Rows (CSV) or products (JSON) read.
    pub rows: u64,
    /// Price dimensions kept for a figure.
    pub kept: u64,
    /// Matching rows skipped because they are not on-demand USD prices of the
    /// commercial partition (reserved terms, the China partition's term, CNY).
    pub skipped_other_terms: u64,
}

impl OfferFile {
    /// The metadata of a file not yet read, in this format.
    pub(crate) fn new(file: &str, format: &'static str) -> OfferFile {
        OfferFile {
            file: file.to_owned(),
            format,
            ..OfferFile::default()
        }
    }

    /// The date part of the publication date.
    pub fn date(&self) -> &str {
        self.publication_date.get(..10).unwrap_or("")
    }

    /// The key of this offer version in the written table's `[sources]`.
    pub fn source_key(&self) -> String {
        format!("price-list-{}-{}", self.offer_code, self.version)
    }
}

#[derive(Debug, Clone)]
struct Kept {
    sku: String,
    rate_code: String,
    begin: Decimal,
    end: Option<Decimal>,
    usd: Decimal,
    place: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct FigureKey {
    region: String,
    figure: Figure,
    instance_type: Option<String>,
}

#[derive(Debug)]
struct Found {
    location: String,
    usage_type: String,
    file: usize,
    dims: Vec<Kept>,
}

/// Gathers the matching price dimensions of every file read.
#[derive(Debug, Default)]
pub struct Collector {
    instance_types: BTreeSet<String>,
    files: Vec<OfferFile>,
    found: BTreeMap<FigureKey, Found>,
}

/// What the files hold: per region, the figures they price.
#[derive(Debug, Default)]
pub struct Imported {
    /// Every file read, with its metadata and counts.
    pub files: Vec<OfferFile>,
    /// Region code → imported region.
    pub regions: BTreeMap<String, ImportedRegion>,
}

/// One region's imported figures.
#[derive(Debug, Default)]
pub struct ImportedRegion {
    /// The region's name as the files give it (`Europe (London)`).
    pub name: String,
    /// Figures other than NAT instance hours.
    pub figures: BTreeMap<Figure, Price>,
    /// NAT instance hours by type.
    pub instance_hours: BTreeMap<String, Rate>,
    /// Figure label (`nat_gb`, `nat_instance_hour.t4g.nano`) → the file it came from.
    pub files: BTreeMap<String, String>,
}

impl Collector {
    /// A collector that prices these NAT instance types.
    pub fn new(instance_types: impl IntoIterator<Item = String>) -> Collector {
        Collector {
            instance_types: instance_types.into_iter().collect(),
            ..Collector::default()
        }
    }

    /// Reads one offer file, JSON or CSV as its first byte says.
    pub fn read_path(&mut self, path: &Path) -> Result<(), ImportError> {
        let name = path.display().to_string();
        let file = std::fs::File::open(path)
            .map_err(|e| ImportError::new(&name, "", format!("cannot open the file: {e}")))?;
        self.read(&name, file)
    }

    /// Reads one offer file from a reader; `name` names it in errors.
    pub fn read(&mut self, name: &str, reader: impl Read) -> Result<(), ImportError> {
        let mut reader = std::io::BufReader::with_capacity(1 << 20, reader);
        let first = first_byte(name, &mut reader)?;
        let meta = match first {
            Some(b'{') => json::read(name, reader, self)?,
            Some(b'"') | Some(b'F') => csv::read(name, reader, self)?,
            Some(other) => {
                return Err(ImportError::new(
                    name,
                    "line 1",
                    format!(
                        "expected an AWS Price List offer file (JSON starting with `{{` or CSV starting with \"FormatVersion\"), found {:?}",
                        other as char
                    ),
                ));
            }
            None => {
                return Err(ImportError::new(
                    name,
                    "",
                    "the file is empty; expected an AWS Price List offer file",
                ));
            }
        };
        self.files.push(meta);
        Ok(())
    }

    pub(crate) fn instance_types(&self) -> &BTreeSet<String> {
        &self.instance_types
    }

    /// Keeps one price dimension of a matched product of the file being read
    /// (the next in `files`); counts and skips the ones that are not
    /// commercial on-demand USD prices.
    pub(crate) fn dimension(
        &mut self,
        file: &str,
        meta: &mut OfferFile,
        target: &Target,
        d: Dimension<'_>,
    ) -> Result<(), ImportError> {
        let err = |message: String| ImportError::new(file, d.place.clone(), message);
        if d.term_type != "OnDemand" || d.offer_term_code != ON_DEMAND_TERM || d.currency != "USD" {
            meta.skipped_other_terms += 1;
            return Ok(());
        }
        if !target.units.contains(&d.unit) {
            let expected: Vec<String> = target.units.iter().map(|u| format!("{u:?}")).collect();
            return Err(err(format!(
                "expected unit {} for {} (SKU {}), found {:?}",
                expected.join(" or "),
                target.usage_type,
                d.sku,
                d.unit
            )));
        }
        let number = |what: &str, text: &str| {
            Decimal::from_str_exact(text.trim())
                .map(|v| v.normalize())
                .map_err(|_| {
                    err(format!(
                        "expected a decimal {what} for SKU {}, found {text:?}",
                        d.sku
                    ))
                })
        };
        let usd = number("price", d.usd)?;
        if usd.is_sign_negative() && !usd.is_zero() {
            return Err(err(format!(
                "expected a price of at least 0 for SKU {}, found {}",
                d.sku, d.usd
            )));
        }
        let begin = number("range start", d.begin)?;
        let end = match d.end.trim() {
            "Inf" | "" => None,
            text => Some(number("range end", text)?),
        };
        meta.kept += 1;
        let key = FigureKey {
            region: target.region.clone(),
            figure: target.figure,
            instance_type: target.instance_type.clone(),
        };
        let found = self.found.entry(key).or_insert_with(|| Found {
            location: target.location.clone(),
            usage_type: target.usage_type.clone(),
            file: self.files.len(),
            dims: Vec::new(),
        });
        found.dims.push(Kept {
            sku: d.sku.to_owned(),
            rate_code: d.rate_code.to_owned(),
            begin,
            end,
            usd,
            place: d.place.clone(),
        });
        Ok(())
    }

    /// Turns what was gathered into figures: one SKU per figure (several SKUs
    /// with different prices are an error, not a choice), its dimensions
    /// contiguous from 0 to `Inf`, one dimension for a single rate.
    pub fn finish(self) -> Result<Imported, ImportError> {
        let mut imported = Imported {
            files: self.files,
            regions: BTreeMap::new(),
        };
        for (key, found) in self.found {
            let meta = &imported.files[found.file];
            let err = |place: &str, message: String| ImportError::new(&meta.file, place, message);
            let mut by_sku: BTreeMap<&str, Vec<&Kept>> = BTreeMap::new();
            for dim in &found.dims {
                by_sku.entry(dim.sku.as_str()).or_default().push(dim);
            }
            let mut priced: Vec<(&str, Vec<Tier>, String)> = Vec::new();
            for (sku, mut dims) in by_sku {
                dims.sort_by(|a, b| a.begin.cmp(&b.begin).then(a.rate_code.cmp(&b.rate_code)));
                // A row given twice (a file cut and joined, two copies
                // concatenated) is named as such, with both places.
                let mut seen: BTreeMap<&str, &Kept> = BTreeMap::new();
                for dim in &dims {
                    if let Some(first) = seen.insert(dim.rate_code.as_str(), dim) {
                        return Err(err(
                            &dim.place,
                            format!(
                                "{} SKU {sku}: rate code {} appears twice ({} and {}); expected each price dimension once (is the row duplicated?)",
                                found.usage_type, dim.rate_code, first.place, dim.place
                            ),
                        ));
                    }
                }
                let mut tiers = Vec::with_capacity(dims.len());
                let mut expected = Decimal::ZERO;
                let mut open = false;
                for (i, dim) in dims.iter().enumerate() {
                    if open || dim.begin != expected {
                        return Err(err(
                            &dim.place,
                            format!(
                                "{} SKU {sku}: expected a range starting at {expected} (ranges must follow each other up to Inf), found rate code {} starting at {}",
                                found.usage_type, dim.rate_code, dim.begin
                            ),
                        ));
                    }
                    match dim.end {
                        Some(end) if end > dim.begin => expected = end,
                        Some(end) => {
                            return Err(err(
                                &dim.place,
                                format!(
                                    "{} SKU {sku}: expected a range end above its start {}, found {end}",
                                    found.usage_type, dim.begin
                                ),
                            ));
                        }
                        None => open = true,
                    }
                    let _ = i;
                    tiers.push(Tier {
                        up_to_gb: dim.end,
                        usd: dim.usd,
                    });
                }
                if !open {
                    let last = dims.last().map_or("", |d| d.place.as_str());
                    return Err(err(
                        last,
                        format!(
                            "{} SKU {sku}: expected the last range to end at Inf, it ends at {expected}",
                            found.usage_type
                        ),
                    ));
                }
                let rate_codes: Vec<&str> = dims.iter().map(|d| d.rate_code.as_str()).collect();
                priced.push((sku, tiers, rate_codes.join(", ")));
            }
            let (sku, tiers, _) = &priced[0];
            if let Some((other, _, _)) = priced
                .iter()
                .skip(1)
                .find(|(_, t, _)| !same_tiers(t, tiers))
            {
                return Err(err(
                    "",
                    format!(
                        "region {}: {} is priced by two SKUs with different prices ({sku} and {other}); expected one",
                        key.region, found.usage_type
                    ),
                ));
            }
            let provenance = Provenance {
                source: meta.source_key(),
                as_of: meta.date().to_owned(),
                status: Status::Confirmed,
                grade: Grade::A,
                usage_type: Some(found.usage_type.clone()),
                note: Some(format!(
                    "Imported from the AWS Price List: {} version {}, SKU {sku}.",
                    meta.offer_code, meta.version
                )),
            };
            let region = imported.regions.entry(key.region.clone()).or_default();
            if region.name.is_empty() {
                region.name = found.location.clone();
            }
            let label = match &key.instance_type {
                Some(t) => format!("{}.{t}", key.figure.key()),
                None => key.figure.key().to_owned(),
            };
            region.files.insert(label, meta.file.clone());
            let tiered = key.figure.spec().shape == Shape::Tiered;
            if !tiered && tiers.len() != 1 {
                return Err(err(
                    "",
                    format!(
                        "region {}: {} SKU {sku}: expected one price from 0 to Inf, found {} ranges",
                        key.region,
                        found.usage_type,
                        tiers.len()
                    ),
                ));
            }
            let rate = || Rate {
                usd: tiers[0].usd,
                provenance: provenance.clone(),
            };
            match (&key.instance_type, tiered) {
                (Some(t), _) => {
                    region.instance_hours.insert(t.clone(), rate());
                }
                (None, true) => {
                    region.figures.insert(
                        key.figure,
                        Price::Tiered(TieredRate {
                            tiers: tiers.clone(),
                            provenance: provenance.clone(),
                        }),
                    );
                }
                (None, false) => {
                    region.figures.insert(key.figure, Price::Rate(rate()));
                }
            }
        }
        Ok(imported)
    }
}

fn same_tiers(a: &[Tier], b: &[Tier]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.up_to_gb == y.up_to_gb && x.usd == y.usd)
}

/// The first byte that is not white space (or a UTF-8 byte-order mark),
/// without consuming it.
fn first_byte(name: &str, reader: &mut impl std::io::BufRead) -> Result<Option<u8>, ImportError> {
    loop {
        let buf = reader
            .fill_buf()
            .map_err(|e| ImportError::new(name, "", format!("cannot read the file: {e}")))?;
        if buf.is_empty() {
            return Ok(None);
        }
        let skip = if buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
            3
        } else {
            buf.iter().take_while(|b| b.is_ascii_whitespace()).count()
        };
        if skip == 0 {
            return Ok(Some(buf[0]));
        }
        reader.consume(skip);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_prefixes_are_stripped_but_longer_first_words_are_kept() {
        assert_eq!(usage_suffix("EUW2-NatGateway-Hours"), "NatGateway-Hours");
        assert_eq!(usage_suffix("NatGateway-Hours"), "NatGateway-Hours");
        assert_eq!(
            usage_suffix("RegionalNatGateway-Hours"),
            "RegionalNatGateway-Hours"
        );
        assert_eq!(
            usage_suffix("Global-DataTransfer-Out-Bytes"),
            "Global-DataTransfer-Out-Bytes"
        );
        assert_eq!(
            usage_suffix("APS3-PublicIPv4:InUseAddress"),
            "PublicIPv4:InUseAddress"
        );
        assert_eq!(usage_suffix("EU-BoxUsage:t4g.nano"), "BoxUsage:t4g.nano");
        assert_eq!(
            usage_suffix("USE1-Traffic-GB-Processed"),
            "Traffic-GB-Processed"
        );
        assert_eq!(
            usage_suffix("USE1-Advanced-Inspection-Traffic-GB-Processed"),
            "Advanced-Inspection-Traffic-GB-Processed"
        );
        assert_eq!(
            usage_suffix("APS3-TransitGateway-Hours"),
            "TransitGateway-Hours"
        );
    }
}
