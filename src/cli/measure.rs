//! `egress-planner measure`: the scenario from real data. `measure flow-logs PATH…`, `measure terraform
//! PLAN.json`, `measure bill FILE`, or several at once with `measure --terraform … --bill … --flow-logs …`:
//! the plan gives the layout, the bill the billed volume, the flow logs the mix and the peak (see
//! `egress_ingest::sources`). Prints the derivation and the `compare` command (or JSON with
//! `--format json`), and with `--compare` the comparison itself.
//!
//! `egress-planner ip-ranges fetch` downloads AWS's ip-ranges.json, which the flow logs need and which
//! is not bundled.

use super::output::{self, Format};
use super::{EXIT_BAD_INPUT, EXIT_FAILED};
use crate::engine;
use crate::ingest::bill::read_bill;
use crate::ingest::flow_logs::{
    FlowLogOptions, FlowLogReport, IpRanges, NatGateways, measure_aggregate, measure_paths,
};
use crate::ingest::ip_ranges_fetch::{IP_RANGES_URL, fetch_ip_ranges};
use crate::ingest::sources::{GET_IP_RANGES, Measurement, Sources, ranges_for_aggregate};
use crate::ingest::terraform::read_plan;
use clap::{Args, Subcommand, ValueEnum};
use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// Largest plan or bill read by default: 8 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 8 * 1024 * 1024;

/// `measure`: a subcommand for one source, or the flags for several.
#[derive(Debug, Clone, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_help = "With no subcommand, give any of --terraform, --bill and --flow-logs/--aggregate: the plan gives the layout (region, AZs, NAT gateways, endpoints, public IPs), the bill the billed volume, the flow logs the traffic mix and the peak; disagreements are stated.\nExit codes: 0 measured, 2 bad input (a file that cannot be read or a derived field the planner refuses), 1 the output could not be written."
)]
pub struct MeasureArgs {
    /// One source alone.
    #[command(subcommand)]
    pub command: Option<MeasureCommand>,
    /// The output of `terraform show -json` of a plan (or state).
    #[arg(long, value_name = "PLAN.json")]
    pub terraform: Option<PathBuf>,
    /// A month's bill: a Cost and Usage Report (CSV, gzip CSV, Parquet) or `aws ce get-cost-and-usage` JSON.
    #[arg(long, value_name = "FILE")]
    pub bill: Option<PathBuf>,
    /// Flow-log files or folders (walked recursively).
    #[arg(long = "flow-logs", value_name = "PATH", num_args = 1..)]
    pub flow_logs: Vec<PathBuf>,
    /// Flow-log options.
    #[command(flatten)]
    pub flow: FlowOptions,
    /// Output options.
    #[command(flatten)]
    pub output: OutputOptions,
}

/// One source.
#[derive(Debug, Clone, Subcommand)]
pub enum MeasureCommand {
    /// VPC flow logs (text, gzip or Parquet; files or folders), or the aggregate CSV of the query in
    /// docs/flow-logs.md.
    FlowLogs {
        /// Flow-log files or folders.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Flow-log options.
        #[command(flatten)]
        flow: FlowOptions,
        /// Output options.
        #[command(flatten)]
        output: OutputOptions,
    },
    /// A Terraform plan: `terraform show -json tfplan > plan.json`.
    Terraform {
        /// The plan's JSON.
        #[arg(value_name = "PLAN.json")]
        plan: PathBuf,
        /// Output options.
        #[command(flatten)]
        output: OutputOptions,
    },
    /// A month's bill (Cost and Usage Report or Cost Explorer JSON).
    Bill {
        /// The bill.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The region to read (default: the one with the largest egress cost).
        #[arg(long)]
        region: Option<String>,
        /// Hours in a full month, used when the file has no dates.
        #[arg(long, default_value_t = 730)]
        hours: u32,
        /// Output options.
        #[command(flatten)]
        output: OutputOptions,
    },
}

/// What reading flow logs needs besides the files.
#[derive(Debug, Clone, Args)]
pub struct FlowOptions {
    /// `aws ec2 describe-nat-gateways` output naming the NAT gateways whose traffic is counted.
    #[arg(long, value_name = "FILE")]
    pub nat_gateways: Option<PathBuf>,
    /// A NAT gateway's private IP (instead of --nat-gateways; repeat for each).
    #[arg(long, value_name = "IP")]
    pub nat_ip: Vec<IpAddr>,
    /// AWS's ip-ranges.json (not bundled: `egress-planner ip-ranges fetch --out ip-ranges.json`).
    #[arg(long, value_name = "FILE")]
    pub ip_ranges: Option<PathBuf>,
    /// The workload's region (when the logs do not say; with a bill, the region read from it).
    #[arg(long)]
    pub region: Option<String>,
    /// Hours the month has for the scenario (the observed volume is scaled to it).
    #[arg(long, default_value_t = 730)]
    pub hours: u32,
    /// The aggregate CSV of the Athena/DuckDB query in docs/flow-logs.md, instead of raw files.
    #[arg(long, value_name = "FILE.csv")]
    pub aggregate: Option<PathBuf>,
}

/// How to answer.
#[derive(Debug, Clone, Args)]
pub struct OutputOptions {
    /// text: the derivation and the `compare` command; json: the API's answer.
    #[arg(long, value_enum, default_value_t = MeasureFormat::Text)]
    pub format: MeasureFormat,
    /// Also compare the options for the derived scenario, as `compare` does.
    #[arg(long)]
    pub compare: bool,
    /// Refuse a plan or bill larger than this many bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES, value_name = "BYTES")]
    pub max_bytes: u64,
    /// Use this pricing table file instead of the bundled one.
    #[arg(long, env = "PRICING")]
    pub pricing: Option<PathBuf>,
}

/// `measure`'s output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MeasureFormat {
    /// The derivation, the sources and the command that compares.
    Text,
    /// `{"scenario", "derivation", "sources", "compare_url", …}`.
    Json,
}

/// `ip-ranges`.
#[derive(Debug, Clone, Subcommand)]
pub enum IpRangesCommand {
    /// Download AWS's ip-ranges.json (checked before it is written).
    Fetch {
        /// Write it here.
        #[arg(long, default_value = "ip-ranges.json")]
        out: PathBuf,
        /// Where to download it from.
        #[arg(long, default_value = IP_RANGES_URL)]
        url: String,
        /// Seconds the whole download may take.
        #[arg(long, default_value_t = 60)]
        timeout_secs: u64,
    },
}

/// What `measure` was asked to read.
struct Request<'a> {
    terraform: Option<&'a Path>,
    bill: Option<&'a Path>,
    flow_logs: &'a [PathBuf],
    flow: Option<&'a FlowOptions>,
    bill_region: Option<&'a str>,
    hours: u32,
    output: &'a OutputOptions,
}

/// Runs `measure`: 0 measured, 2 bad input, 1 the output could not be written.
pub fn run(args: &MeasureArgs) -> ExitCode {
    let request = match &args.command {
        Some(MeasureCommand::FlowLogs {
            paths,
            flow,
            output,
        }) => Request {
            terraform: None,
            bill: None,
            flow_logs: paths,
            flow: Some(flow),
            bill_region: None,
            hours: flow.hours,
            output,
        },
        Some(MeasureCommand::Terraform { plan, output }) => Request {
            terraform: Some(plan),
            bill: None,
            flow_logs: &[],
            flow: None,
            bill_region: None,
            hours: 730,
            output,
        },
        Some(MeasureCommand::Bill {
            file,
            region,
            hours,
            output,
        }) => Request {
            terraform: None,
            bill: Some(file),
            flow_logs: &[],
            flow: None,
            bill_region: region.as_deref(),
            hours: *hours,
            output,
        },
        None => Request {
            terraform: args.terraform.as_deref(),
            bill: args.bill.as_deref(),
            flow_logs: &args.flow_logs,
            flow: (!args.flow_logs.is_empty() || args.flow.aggregate.is_some())
                .then_some(&args.flow),
            bill_region: args.flow.region.as_deref(),
            hours: args.flow.hours,
            output: &args.output,
        },
    };
    let table = match super::compare::table(request.output.pricing.as_ref()) {
        Ok(table) => table,
        Err(e) => return fail(EXIT_BAD_INPUT, [format!("pricing table: {e}")]),
    };
    let sources = match read_sources(&request) {
        Ok(sources) => sources,
        Err(message) => return fail(EXIT_BAD_INPUT, [message]),
    };
    let measurement = match sources.merge(&table) {
        Ok(m) => m,
        Err(errors) => return fail(EXIT_BAD_INPUT, errors.into_iter().map(|e| e.message)),
    };
    let text = match render(&measurement, request.output, &table) {
        Ok(text) => text,
        Err((code, message)) => return fail(code, [message]),
    };
    write_stdout(text.as_bytes())
}

fn render(
    m: &Measurement,
    output: &OutputOptions,
    table: &crate::pricing::PricingTable,
) -> Result<String, (u8, String)> {
    let comparison = if output.compare {
        Some(engine::compare(&m.scenario, table).map_err(|e| (EXIT_BAD_INPUT, e.to_string()))?)
    } else {
        None
    };
    match output.format {
        MeasureFormat::Json => {
            // The API's answer as it serializes (fields in the scenario's order), with the comparison
            // as one more member.
            let mut text = serde_json::to_string(m).map_err(|e| (EXIT_FAILED, e.to_string()))?;
            if let Some(c) = &comparison {
                let c = serde_json::to_string(c).map_err(|e| (EXIT_FAILED, e.to_string()))?;
                text.pop();
                text.push_str(",\"comparison\":");
                text.push_str(&c);
                text.push('}');
            }
            text.push('\n');
            Ok(text)
        }
        MeasureFormat::Text => {
            let mut text = m.to_text();
            if let Some(c) = &comparison {
                let terminal = std::io::stdout().is_terminal();
                let table_text = output::render(Format::Table, c, table, "", None, terminal)
                    .map_err(|e| (EXIT_FAILED, e))?;
                text.push('\n');
                text.push_str(&String::from_utf8_lossy(&table_text));
            }
            Ok(text)
        }
    }
}

fn fail(code: u8, messages: impl IntoIterator<Item = String>) -> ExitCode {
    super::compare::report(messages);
    ExitCode::from(code)
}

fn write_stdout(bytes: &[u8]) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(EXIT_FAILED, [format!("cannot write the output: {e}")]),
    }
}

/// Reads a plan or bill: a regular file (or a pipe) of at most `max` bytes, through the bounded
/// reader every command shares; a directory is named as the mistake it usually is.
pub fn read_capped(path: &Path, what: &str, max: u64) -> Result<Vec<u8>, String> {
    if path.is_dir() {
        return Err(format!(
            "{}: is a directory; give the {what} file itself",
            path.display()
        ));
    }
    super::files::read_bounded(path, max, "--max-bytes").map_err(|e| e.0)
}

fn read_sources(r: &Request<'_>) -> Result<Sources, String> {
    let max = r.output.max_bytes;
    let mut sources = Sources::default();
    if let Some(path) = r.terraform {
        let bytes = read_capped(path, "plan", max)?;
        let plan = read_plan(&path.display().to_string(), &bytes).map_err(|e| e.to_string())?;
        sources.terraform = Some(plan);
    }
    if let Some(path) = r.bill {
        let bytes = read_capped(path, "bill", max)?;
        // The bill is read for the region asked for, else the plan's: both describe one VPC.
        let region = r.bill_region.or_else(|| {
            sources
                .terraform
                .as_ref()
                .and_then(|p| p.derived.get("region"))
        });
        let bill = read_bill(&path.display().to_string(), &bytes, region, r.hours)
            .map_err(|e| e.to_string())?;
        sources.bill = Some(bill);
    }
    if let Some(flow) = r.flow {
        sources.flow_logs = Some(read_flow_logs(flow, r.flow_logs)?);
    }
    if sources.terraform.is_none() && sources.bill.is_none() && sources.flow_logs.is_none() {
        return Err("nothing to measure: give --terraform PLAN.json, --bill FILE or --flow-logs PATH (or a subcommand: measure flow-logs|terraform|bill)".into());
    }
    Ok(sources)
}

fn read_flow_logs(flow: &FlowOptions, paths: &[PathBuf]) -> Result<FlowLogReport, String> {
    if paths.is_empty() && flow.aggregate.is_none() {
        return Err("flow logs: give the files or folders to read, or --aggregate FILE.csv".into());
    }
    if !paths.is_empty() && flow.aggregate.is_some() {
        return Err(
            "flow logs: give either files and folders or --aggregate FILE.csv, not both".into(),
        );
    }
    let given = match &flow.ip_ranges {
        Some(path) => Some(Arc::new(
            IpRanges::from_path(path).map_err(|e| e.to_string())?,
        )),
        None => None,
    };
    let ip_ranges = match &flow.aggregate {
        Some(path) => {
            let file = std::fs::File::open(path)
                .map_err(|e| format!("{}: cannot read the aggregate: {e}", path.display()))?;
            let mut header = String::new();
            BufReader::new(file)
                .read_line(&mut header)
                .map_err(|e| format!("{}: cannot read the aggregate: {e}", path.display()))?;
            ranges_for_aggregate(&header, given)
        }
        None => given,
    };
    let Some(ip_ranges) = ip_ranges else {
        return Err(format!(
            "flow logs: --ip-ranges FILE is required to classify the remote addresses (AWS's ip-ranges.json; {GET_IP_RANGES})"
        ));
    };
    let nat = match &flow.nat_gateways {
        Some(path) => {
            let bytes = read_capped(path, "NAT gateway description", DEFAULT_MAX_BYTES)?;
            NatGateways::from_describe_json(&path.display().to_string(), &bytes[..])
                .map_err(|e| e.to_string())?
        }
        None => NatGateways::from_private_ips(&flow.nat_ip),
    };
    let opts = FlowLogOptions {
        region: flow.region.clone(),
        hours: flow.hours,
        ..FlowLogOptions::new(nat, ip_ranges)
    };
    match &flow.aggregate {
        Some(path) => {
            let file = std::fs::File::open(path)
                .map_err(|e| format!("{}: cannot read the aggregate: {e}", path.display()))?;
            measure_aggregate(&opts, &path.display().to_string(), BufReader::new(file))
                .map_err(|e| e.to_string())
        }
        None => measure_paths(&opts, paths).map_err(|e| e.to_string()),
    }
}

/// Runs `ip-ranges fetch`: 0 written, 2 a download that failed or is not ip-ranges.json, 1 the file
/// could not be written.
pub fn run_ip_ranges(command: &IpRangesCommand) -> ExitCode {
    let IpRangesCommand::Fetch {
        out,
        url,
        timeout_secs,
    } = command;
    let downloaded = match fetch_ip_ranges(url, Duration::from_secs((*timeout_secs).max(1))) {
        Ok(d) => d,
        Err(message) => return fail(EXIT_BAD_INPUT, [message]),
    };
    if let Err(message) = super::files::write_out(out, &downloaded.bytes).map_err(|e| e.0) {
        return fail(EXIT_FAILED, [message]);
    }
    eprintln!(
        "wrote {} ({} bytes, createDate {}, {} prefixes)",
        out.display(),
        downloaded.bytes.len(),
        downloaded.create_date,
        downloaded.prefixes
    );
    ExitCode::SUCCESS
}
