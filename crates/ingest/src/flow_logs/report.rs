//! The answer: scenario fields, derivation, coverage and ECS services, as JSON and as text.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use serde::Serialize;
use serde::ser::SerializeMap;

use crate::measured::Derived;
use egress_core::money::words::counted;

/// What was read: files, records, what was skipped and why, the window and the bytes counted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Files read.
    pub files: u64,
    /// Records read (every line after the header, or every Parquet row; aggregate rows' `records`).
    pub records: u64,
    /// Records not counted, by reason.
    pub skipped: BTreeMap<String, u64>,
    /// The first record's start (UTC, RFC 3339).
    pub first: String,
    /// The last record's end.
    pub last: String,
    /// Hours between them (4 places).
    pub observed_hours: String,
    /// GB counted on the egress path (4 places).
    pub observed_gb: String,
    /// Files in the directories walked that are not flow logs by name (not read; a note of the
    /// derivation says how many).
    #[serde(skip)]
    pub ignored_files: u64,
}

/// `coverage: 2 files, 210 records, … to … (1 hour), 2.5 GB counted`, then a line for each reason
/// records were skipped (`  skipped 3: NODATA`), for the text reports.
impl fmt::Display for Coverage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "coverage: {}, {}, {} to {} ({}), {} GB counted",
            counted(self.files, "file", "files"),
            counted(self.records, "record", "records"),
            self.first,
            self.last,
            counted(self.observed_hours.as_str(), "hour", "hours"),
            self.observed_gb
        )?;
        for (reason, n) in &self.skipped {
            write!(f, "\n  skipped {n}: {reason}")?;
        }
        Ok(())
    }
}

/// One ECS service's share of the egress-path bytes of records that name an ECS service (v7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EcsShare {
    /// `ecs-service-name`.
    pub service: String,
    /// Bytes of its task interfaces' records on the egress path.
    pub bytes: u64,
    /// The same in GB (4 places).
    pub gb: String,
    /// Its share of all service-attributed bytes, in percent (4 places).
    pub percent: String,
}

/// Everything a flow-log measurement says. Serializes to
/// `{"scenario": {...}, "derivation": [...], "coverage": {...}, "services_by_ecs": [...]}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowLogReport {
    /// Scenario fields and the derivation.
    pub derived: Derived,
    /// What was read.
    pub coverage: Coverage,
    /// Each ECS service's share (empty without v7 ECS fields), largest first.
    pub ecs_services: Vec<EcsShare>,
}

/// Fields the API takes as integers; the others are text (decimal strings, region).
const INTEGER_FIELDS: [&str; 2] = ["nat_gateways", "hours"];

struct Scenario<'a>(&'a Derived);

impl Serialize for Scenario<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.fields.len()))?;
        for f in &self.0.fields {
            match f.value.parse::<u64>() {
                Ok(n) if INTEGER_FIELDS.contains(&f.name.as_str()) => {
                    map.serialize_entry(&f.name, &n)?
                }
                _ => map.serialize_entry(&f.name, &f.value)?,
            }
        }
        map.end()
    }
}

impl Serialize for FlowLogReport {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(4))?;
        map.serialize_entry("scenario", &Scenario(&self.derived))?;
        map.serialize_entry("derivation", &self.derived.derivation)?;
        map.serialize_entry("coverage", &self.coverage)?;
        map.serialize_entry("services_by_ecs", &self.ecs_services)?;
        map.end()
    }
}

impl FlowLogReport {
    /// The report as text: the derivation, one sentence a line, then coverage and ECS services.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for line in &self.derived.derivation {
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(out, "\n{}", self.coverage);
        if !self.ecs_services.is_empty() {
            let _ = writeln!(
                out,
                "\nECS services (share of the egress-path bytes of task interfaces that name a service):"
            );
            for s in &self.ecs_services {
                let _ = writeln!(out, "  {}: {} GB, {} %", s.service, s.gb, s.percent);
            }
        }
        out
    }
}
