//! The sources merged into one scenario: the Terraform plan gives the layout (region, AZs, NAT gateways
//! and instances, interface endpoints, public IPs), the bill the billed volume, the flow logs the traffic
//! mix and the peak. Every field keeps its source; when two sources give a field different values the
//! derivation says which one is used and why. The merged fields then go through the planner's own parser
//! (`Scenario::parse`, text input), so they meet the same rules as a form or a query string, and an error
//! names the field and the source it came from.

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use egress_core::pricing::PricingTable;
use egress_core::scenario::{FIELDS, FieldKind, Input, Scenario, permalink};
use rust_decimal::Decimal;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::bill::BillReport;
use crate::flow_logs::{FlowLogReport, IpRanges};
use crate::measured::Field;
use crate::terraform::{Current, PlanReport};

/// The source names, as on [`Field::source`].
pub const TERRAFORM: &str = "terraform";
/// The bill's source name.
pub const BILL: &str = "bill";
/// The flow logs' source name.
pub const FLOW_LOGS: &str = "flow-logs";

/// Fields that describe the VPC's layout: the plan's, when there is one.
const LAYOUT: [&str; 7] = [
    "region",
    "azs",
    "nat_gateways",
    "nat_instances",
    "nat_instance_type",
    "interface_endpoints",
    "public_ips",
];

/// Fields of volume: what was billed, else what the flow logs measured.
const VOLUME: [&str; 2] = ["monthly_gb", "hours"];

/// What each source read, as its reader answered it.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// `terraform show -json` of a plan or state.
    pub terraform: Option<PlanReport>,
    /// A month's bill.
    pub bill: Option<BillReport>,
    /// Flow logs, or the aggregate CSV of the organisation-scale query.
    pub flow_logs: Option<FlowLogReport>,
}

/// The sources' fields merged and parsed into a scenario.
#[derive(Clone, Debug)]
pub struct Measurement {
    /// The field used for each name, in the scenario's field order.
    pub fields: Vec<Field>,
    /// Each source's derivation (prefixed with its source when there are several), then the merge.
    pub derivation: Vec<String>,
    /// The sentences about sources that disagree (also in `derivation`).
    pub disagreements: Vec<String>,
    /// The scenario the fields parse to.
    pub scenario: Scenario,
    /// `permalink::to_query` of the scenario (no leading `?`).
    pub query: String,
    /// What was read.
    pub sources: Sources,
    /// With a bill and the option in place today: each of its figures modelled beside billed.
    pub beside: Vec<crate::beside::Beside>,
}

/// A source that could not be read, or a derived field the planner refuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeasureError {
    /// The source at fault: `terraform`, `bill` or `flow-logs` (or `input` when none is given).
    pub source: &'static str,
    /// The scenario field, when the parser refused one.
    pub field: Option<String>,
    /// What is wrong, naming the file (and line) or the field and its source.
    pub message: String,
}

impl std::fmt::Display for MeasureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The source's name in a sentence.
pub fn label(source: &str) -> &'static str {
    match source {
        TERRAFORM => "the plan",
        BILL => "the bill",
        _ => "the flow logs",
    }
}

fn says(source: &str) -> &'static str {
    match source {
        TERRAFORM => "the plan says",
        BILL => "the bill says",
        _ => "the flow logs say",
    }
}

fn possessive(source: &str) -> &'static str {
    match source {
        TERRAFORM => "the plan's",
        BILL => "the bill's",
        _ => "the flow logs'",
    }
}

/// Which sources give a field, most trusted first, and why.
fn ranking(name: &str) -> ([&'static str; 3], &'static str) {
    if LAYOUT.contains(&name) {
        (
            [TERRAFORM, BILL, FLOW_LOGS],
            "the plan gives the layout (region, AZs, NAT gateways and instances, endpoints, public IPs); the bill and the flow logs give volume and mix",
        )
    } else if VOLUME.contains(&name) {
        (
            [BILL, FLOW_LOGS, TERRAFORM],
            "the bill gives the volume AWS charged for a whole month; flow logs measure a window scaled to the month",
        )
    } else {
        (
            [FLOW_LOGS, BILL, TERRAFORM],
            "the flow logs give the traffic mix and the peak",
        )
    }
}

fn same(a: &str, b: &str) -> bool {
    match (a.parse::<Decimal>(), b.parse::<Decimal>()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

impl Sources {
    fn derived(&self, source: &str) -> Option<&crate::measured::Derived> {
        match source {
            TERRAFORM => self.terraform.as_ref().map(|r| &r.derived),
            BILL => self.bill.as_ref().map(|r| &r.derived),
            _ => self.flow_logs.as_ref().map(|r| &r.derived),
        }
    }

    fn given(&self) -> Vec<&'static str> {
        [TERRAFORM, BILL, FLOW_LOGS]
            .into_iter()
            .filter(|s| self.derived(s).is_some())
            .collect()
    }

    /// The option the plan says is in place, if it names one.
    pub fn current_option(&self) -> Option<&str> {
        match self.terraform.as_ref().map(|p| &p.current) {
            Some(Current::Option(id)) => Some(id),
            _ => None,
        }
    }

    /// Merges the fields, states agreements and disagreements, and parses the scenario against `table`.
    pub fn merge(self, table: &PricingTable) -> Result<Measurement, Vec<MeasureError>> {
        let given = self.given();
        if given.is_empty() {
            return Err(vec![MeasureError {
                source: "input",
                field: None,
                message: "nothing to measure: give a Terraform plan, a bill or flow logs".into(),
            }]);
        }
        let several = given.len() > 1;
        let mut derivation = Vec::new();
        for source in &given {
            if let Some(d) = self.derived(source) {
                for line in &d.derivation {
                    derivation.push(if several {
                        format!("{}: {line}", label(source))
                    } else {
                        line.clone()
                    });
                }
            }
        }
        // Every field any source gave, in the scenario's order (unknown names last, as given).
        let mut names: Vec<String> = Vec::new();
        for source in &given {
            for f in self.derived(source).map_or(&[][..], |d| &d.fields[..]) {
                if !names.contains(&f.name) {
                    names.push(f.name.clone());
                }
            }
        }
        let order = |n: &String| {
            FIELDS
                .iter()
                .position(|f| f.name == n)
                .unwrap_or(FIELDS.len())
        };
        names.sort_by_key(order);

        let mut fields = Vec::new();
        let mut disagreements = Vec::new();
        for name in &names {
            let (rank, why) = ranking(name);
            let offers: Vec<(&'static str, &str)> = rank
                .iter()
                .filter_map(|s| Some((*s, self.derived(s)?.get(name)?)))
                .collect();
            let Some(&(source, value)) = offers.first() else {
                continue;
            };
            let others: Vec<&(&str, &str)> = offers[1..].iter().collect();
            let differ: Vec<String> = others
                .iter()
                .filter(|(_, v)| !same(v, value))
                .map(|(s, v)| format!("{} {v}", says(s)))
                .collect();
            if !differ.is_empty() {
                let sentence = format!(
                    "{name}: {} {value}, {}; using {} {value}: {why}.",
                    says(source),
                    differ.join(", "),
                    possessive(source),
                );
                disagreements.push(sentence.clone());
                derivation.push(sentence);
            } else if !others.is_empty() {
                let agree: Vec<&str> = others.iter().map(|(s, _)| label(s)).collect();
                derivation.push(format!(
                    "{name} = {value}: {} and {} agree.",
                    label(source),
                    agree.join(" and ")
                ));
            }
            fields.push(Field {
                name: name.clone(),
                value: value.to_owned(),
                source,
            });
        }

        // The option the plan shows in place today is a scenario field like any other.
        if let Some(id) = self.current_option() {
            fields.push(Field {
                name: "current".to_owned(),
                value: id.to_owned(),
                source: "terraform",
            });
        }
        let parsed = Scenario::parse(
            fields
                .iter()
                .map(|f| (f.name.as_str(), Input::Text(f.value.as_str()))),
            table,
        );
        let scenario = match parsed {
            Ok(s) => s,
            Err(errors) => {
                return Err(errors
                    .all()
                    .iter()
                    .map(|e| {
                        let from = e
                            .field
                            .as_deref()
                            .and_then(|n| fields.iter().find(|f| f.name == n));
                        match from {
                            Some(f) => MeasureError {
                                source: f.source,
                                field: Some(f.name.clone()),
                                message: format!(
                                    "{} = {} (from {}): {}",
                                    f.name,
                                    f.value,
                                    label(f.source),
                                    e.message
                                ),
                            },
                            None => MeasureError {
                                source: given[0],
                                field: e.field.clone(),
                                message: e.message.clone(),
                            },
                        }
                    })
                    .collect());
            }
        };
        let query = permalink::to_query(&scenario, table);
        let beside = self
            .bill
            .as_ref()
            .filter(|_| !scenario.current.is_empty())
            .and_then(|bill| {
                let region = bill.billed.iter().find(|r| r.region == scenario.region)?;
                let hours = bill
                    .derived
                    .get("hours")
                    .and_then(|h| h.parse::<u32>().ok());
                let c = egress_core::engine::compare(&scenario, table).ok()?;
                Some(crate::beside::billed_beside_modelled(
                    &c,
                    &scenario.current,
                    region,
                    hours,
                ))
            })
            .unwrap_or_default();
        Ok(Measurement {
            fields,
            derivation,
            disagreements,
            scenario,
            query,
            sources: self,
            beside,
        })
    }
}

impl Measurement {
    /// `/compare?…` of the derived scenario (with `current` when the plan names the option in
    /// place today).
    pub fn compare_url(&self) -> String {
        format!("/compare?{}", self.query)
    }

    /// The `egress-planner compare …` command that compares the same scenario.
    pub fn compare_command(&self) -> String {
        let mut cmd = String::from("egress-planner compare");
        for f in &self.fields {
            cmd.push_str(&format!(" --{} {}", f.name, shell_word(&f.value)));
        }
        cmd
    }

    /// Each field's source.
    pub fn field_sources(&self) -> BTreeMap<&str, &str> {
        self.fields
            .iter()
            .map(|f| (f.name.as_str(), f.source))
            .collect()
    }

    /// The derivation, the scenario, the sources and the command, as text.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for line in &self.derivation {
            out.push_str(line);
            out.push('\n');
        }
        if let Some(f) = &self.sources.flow_logs {
            out.push_str(&format!("{}\n", f.coverage));
        }
        out.push_str(&format!("\nscenario: {}\n", self.scenario.summary()));
        let sources: Vec<String> = self
            .fields
            .iter()
            .map(|f| format!("{} {}", f.name, f.source))
            .collect();
        out.push_str(&format!("sources: {}\n", sources.join(", ")));
        if let Some(p) = &self.sources.terraform {
            out.push_str(&format!("in place today: {}\n", p.current));
        }
        if !self.beside.is_empty() {
            out.push_str("today's option, modelled beside billed:\n");
            for b in &self.beside {
                let billed = b
                    .billed
                    .map_or_else(|| "not on the bill".to_owned(), |m| m.display().to_string());
                out.push_str(&format!(
                    "  {}: modelled {}, billed {billed}",
                    b.figure,
                    b.modelled.display()
                ));
                if !b.why.is_empty() {
                    out.push_str(&format!(" ({})", b.why.join("; ")));
                }
                out.push('\n');
            }
        }
        out.push_str(&format!("compare: {}\n", self.compare_command()));
        out
    }
}

/// A value as one shell word (values are plain tokens; quote anything else).
fn shell_word(value: &str) -> String {
    if !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
    {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

/// The fields as the API's JSON body takes them: whole numbers as numbers, the rest as text.
struct ScenarioJson<'a>(&'a [Field]);

impl Serialize for ScenarioJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for f in self.0 {
            let integer = FIELDS
                .iter()
                .find(|spec| spec.name == f.name)
                .is_some_and(|spec| matches!(spec.kind, FieldKind::Integer { .. }));
            match f.value.parse::<u64>() {
                Ok(n) if integer => map.serialize_entry(&f.name, &n)?,
                _ => map.serialize_entry(&f.name, &f.value)?,
            }
        }
        map.end()
    }
}

/// `{"scenario", "derivation", "disagreements", "sources", "compare_url"}`, plus `"current"` (plan),
/// `"coverage"` and `"services_by_ecs"` (flow logs), `"billed"` (bill) when those sources were given.
impl Serialize for Measurement {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("scenario", &ScenarioJson(&self.fields))?;
        m.serialize_entry("derivation", &self.derivation)?;
        m.serialize_entry("disagreements", &self.disagreements)?;
        m.serialize_entry("sources", &self.field_sources())?;
        m.serialize_entry("compare_url", &self.compare_url())?;
        if let Some(p) = &self.sources.terraform {
            m.serialize_entry("current", &p.current)?;
            m.serialize_entry("endpoint_services", &p.services)?;
        }
        if let Some(f) = &self.sources.flow_logs {
            m.serialize_entry("coverage", &f.coverage)?;
            m.serialize_entry("services_by_ecs", &f.ecs_services)?;
        }
        if let Some(b) = &self.sources.bill {
            let value = serde_json::to_value(b).map_err(serde::ser::Error::custom)?;
            m.serialize_entry("billed", &value["billed"])?;
        }
        if !self.beside.is_empty() {
            m.serialize_entry("billed_beside_modelled", &self.beside)?;
        }
        m.end()
    }
}

/// Whether an aggregate CSV's header names the classes (`class`, `ip_version`) rather than remote
/// addresses: then no ip-ranges.json is needed to read it.
fn aggregate_is_classified(header_line: &str) -> bool {
    let cols: Vec<String> = header_line
        .trim_start_matches('\u{feff}')
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    let has = |c: &str| cols.iter().any(|x| x == c);
    !has("remote") && has("class") && has("ip_version")
}

/// The ip-ranges an aggregate whose header is `header_line` is read with: for one its query
/// classified, a stand-in that is never consulted; for one by remote address, `given`, and `None`
/// when none is given.
pub fn ranges_for_aggregate(
    header_line: &str,
    given: Option<Arc<IpRanges>>,
) -> Option<Arc<IpRanges>> {
    if aggregate_is_classified(header_line) {
        Some(NO_IP_RANGES.clone())
    } else {
        given
    }
}

/// The ip-ranges stand-in for an aggregate whose query classified the addresses itself: it is never
/// consulted (the CSV has no addresses), and the derivation says the query classified them. Made
/// once, not for every upload.
static NO_IP_RANGES: LazyLock<Arc<IpRanges>> = LazyLock::new(|| {
    const NONE: &str = r#"{"createDate":"none","prefixes":[{"ip_prefix":"255.255.255.255/32","region":"none","service":"none"}]}"#;
    Arc::new(IpRanges::from_reader("none", NONE.as_bytes()).expect("the stand-in ip-ranges parses"))
});

/// How to get AWS's ip-ranges.json (no copy is bundled).
pub const GET_IP_RANGES: &str = "no copy is bundled; download it with `curl -O https://ip-ranges.amazonaws.com/ip-ranges.json` or `egress-planner ip-ranges fetch --out ip-ranges.json`";
