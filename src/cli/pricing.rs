//! The `egress-planner pricing import|fetch` commands: read AWS Price List
//! offer files (or download them first), merge them over a base table, and
//! write a table that `--pricing FILE` loads. The output is written to a
//! temporary file, validated by loading it back, and only then renamed into
//! place, so a failed import leaves nothing behind; `--out` replaces only a
//! regular file (never a link, device or directory). Offer files are read
//! with a size limit (`--max-file-bytes`), and devices are refused.

use super::files::{self, FileError};
use clap::{Args, Parser, Subcommand};
use egress_core::pricing::{Date, PricingTable, to_toml};
use egress_ingest::pricing::fetch::{self, FetchOptions, Regions};
use egress_ingest::pricing::import::{Collector, ImportReport, merge};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// Refresh the pricing table from AWS's Price List.
#[derive(Debug, Parser)]
#[command(
    name = "egress-planner pricing",
    bin_name = "egress-planner pricing",
    version
)]
pub struct PricingCli {
    /// What to do.
    #[command(subcommand)]
    pub command: PricingCommand,
}

/// The pricing subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum PricingCommand {
    /// Build a table from downloaded region offer files (AmazonEC2, AmazonVPC,
    /// AWSDataTransfer, AWSNetworkFirewall; JSON or CSV, any number of regions).
    #[command(after_help = "\
Where the files come from: AWS's Price List Bulk API publishes one per service and region, e.g.
  https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/eu-north-1/index.csv
and the same for AmazonVPC, AWSDataTransfer and AWSNetworkFirewall (index.json works too).
`egress-planner pricing fetch` downloads them for you where the machine has internet.

Example:
  egress-planner pricing import --out pricing.toml \\
      AmazonEC2-eu-north-1.csv AmazonVPC-eu-north-1.csv AWSDataTransfer-eu-north-1.csv
  egress-planner --pricing pricing.toml

Exit codes: 0 written, 2 a file or flag that cannot be used (nothing written), 1 the table could not be written.")]
    Import(ImportArgs),
    /// Download the current region offer files from AWS's Price List Bulk API
    /// and import them.
    #[command(
        after_help = "Exit codes: 0 written, 2 a flag that cannot be used (an unknown region, a base table that does not load), 1 a download failed or the table could not be written (nothing written)."
    )]
    Fetch(FetchArgs),
}

/// `pricing import`.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// Write the table here (default: standard output).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Table whose figures are kept where the files have none (default: the bundled table).
    #[arg(long)]
    pub base: Option<PathBuf>,
    /// Region offer files (index.json or index.csv of a region).
    #[arg(required = true, value_name = "OFFER_FILE")]
    pub files: Vec<PathBuf>,
    /// Largest offer file read, in bytes or with K, M or G (an EC2 region
    /// CSV is a few hundred MB); a larger file is refused (exit 2).
    #[arg(long, value_parser = files::parse_size, default_value = "8G", value_name = "SIZE")]
    pub max_file_bytes: u64,
}

/// Default of `pricing import --max-file-bytes`.
pub const DEFAULT_MAX_OFFER_BYTES: u64 = 8 * 1024 * files::MIB;

/// Largest base table read (the bundled one is about 100 KB).
const MAX_BASE_BYTES: u64 = 64 * files::MIB;

/// `pricing fetch`.
#[derive(Debug, Clone, Args)]
pub struct FetchArgs {
    /// Scheme and host of the Price List Bulk API.
    #[arg(long, default_value = fetch::DEFAULT_BASE_URL)]
    pub base_url: String,
    /// `all`, or region codes separated by commas.
    #[arg(long, default_value = "all")]
    pub regions: String,
    /// Write the table here.
    #[arg(long)]
    pub out: PathBuf,
    /// Table whose figures are kept where the files have none (default: the bundled table).
    #[arg(long)]
    pub base: Option<PathBuf>,
    /// Seconds to wait to connect and for a response's headers.
    #[arg(long, default_value_t = 30)]
    pub timeout_secs: u64,
    /// Seconds allowed for one whole body (a region file is hundreds of MB).
    #[arg(long, default_value_t = 1800)]
    pub body_timeout_secs: u64,
    /// Seconds a download may go without receiving a byte before it fails.
    #[arg(long, default_value_t = 60)]
    pub idle_timeout_secs: u64,
    /// Further attempts after a failed download.
    #[arg(long, default_value_t = 3)]
    pub retries: u32,
    /// Keep the downloaded files in this directory (default: a temporary one, removed).
    #[arg(long)]
    pub keep_files: Option<PathBuf>,
    /// No progress output.
    #[arg(long)]
    pub quiet: bool,
}

/// Why a pricing command failed, which decides its exit code: the same
/// convention as `compare` and `check`.
#[derive(Debug)]
pub enum Failure {
    /// A file or flag given that cannot be used (an offer file that is not
    /// one, a base table that does not load, an unknown region): exit 2.
    BadInput(String),
    /// The work could not be done (a download, writing `--out`): exit 1.
    Failed(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::BadInput(message) | Failure::Failed(message) => f.write_str(message),
        }
    }
}

/// Runs a parsed command; errors go to standard error.
pub fn run(cli: PricingCli) -> ExitCode {
    // Input files that cannot be read as offer files are bad input (exit 2),
    // found before anything is read.
    if let PricingCommand::Import(args) = &cli.command
        && let Err(e) = check_inputs(&args.files, args.max_file_bytes)
    {
        eprintln!("error: {e}");
        return ExitCode::from(super::EXIT_BAD_INPUT);
    }
    let result = match cli.command {
        PricingCommand::Import(args) => import(&args).map(|report| eprint!("{report}")),
        PricingCommand::Fetch(args) => fetch(&args).map(|report| eprint!("{report}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("error: {failure}");
            ExitCode::from(match failure {
                Failure::BadInput(_) => super::EXIT_BAD_INPUT,
                Failure::Failed(_) => super::EXIT_FAILED,
            })
        }
    }
}

/// Each file can be opened, is a regular file (or a pipe) and within the limit.
fn check_inputs(paths: &[PathBuf], limit: u64) -> Result<(), FileError> {
    for path in paths {
        files::open_bounded(path, limit, "--max-file-bytes")?;
    }
    Ok(())
}

fn load_base(base: Option<&Path>) -> Result<PricingTable, String> {
    match base {
        None => PricingTable::bundled().map_err(|e| e.to_string()),
        Some(path) => {
            let name = path.display().to_string();
            let text = files::read_text_bounded(path, MAX_BASE_BYTES, "a smaller base table")
                .map_err(|e| format!("the base table: {e}"))?;
            PricingTable::parse(&name, &text).map_err(|e| e.to_string())
        }
    }
}

/// Reads the files, merges them over the base, and writes the table.
pub fn import(args: &ImportArgs) -> Result<ImportReport, Failure> {
    let base = load_base(args.base.as_deref()).map_err(Failure::BadInput)?;
    let (text, report) =
        import_files(&base, &args.files, args.max_file_bytes).map_err(Failure::BadInput)?;
    match &args.out {
        Some(out) => write_atomically(out, &text).map_err(Failure::Failed)?,
        // A closed standard output is an error with a message, not a panic.
        None => files::write_stdout(text.as_bytes()).map_err(|e| Failure::Failed(e.to_string()))?,
    }
    Ok(report)
}

/// The imported table as validated TOML, and the report.
pub fn import_to_text(
    base: &PricingTable,
    files: &[PathBuf],
) -> Result<(String, ImportReport), String> {
    import_files(base, files, DEFAULT_MAX_OFFER_BYTES)
}

/// [`import_to_text`] with each file read up to `limit` bytes.
pub fn import_files(
    base: &PricingTable,
    paths: &[PathBuf],
    limit: u64,
) -> Result<(String, ImportReport), String> {
    let files = paths;
    let mut collector = Collector::new(base.nat_instance_types.iter().map(|t| t.name.clone()));
    for path in paths {
        let reader =
            files::open_bounded(path, limit, "--max-file-bytes").map_err(|e| e.to_string())?;
        collector
            .read(&path.display().to_string(), reader)
            .map_err(|e| e.to_string())?;
    }
    let imported = collector.finish().map_err(|e| e.to_string())?;
    if imported.regions.is_empty() {
        return Err(format!(
            "no price of a figure found in {} file(s); expected AWS Price List region files of AmazonEC2, AmazonVPC, AWSDataTransfer or AWSNetworkFirewall",
            files.len()
        ));
    }
    let (table, report) = merge(&base.clone(), imported);
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let header = format!(
        "egress-planner pricing table, written by `egress-planner pricing import` on {}.\nFrom: {}\nEvery figure carries its source; imported ones cite the offer, version, usage type and SKU.\nLoad it with `egress-planner --pricing FILE`.",
        Date::today(),
        names.join(", ")
    );
    let text = to_toml(&table, &header);
    // What is written must load: check before anything touches the disk.
    PricingTable::parse("the imported table", &text)
        .map_err(|e| format!("the imported table does not validate: {e}"))?;
    Ok((text, report))
}

/// Writes `text` to a temporary file beside `out`, then renames it over
/// `out`: only when `out` is absent or a regular file ([`files::write_out`]).
pub fn write_atomically(out: &Path, text: &str) -> Result<(), String> {
    files::write_out(out, text.as_bytes()).map_err(|e| e.to_string())
}

/// Downloads, imports and writes.
pub fn fetch(args: &FetchArgs) -> Result<ImportReport, Failure> {
    let base = load_base(args.base.as_deref()).map_err(Failure::BadInput)?;
    let options = FetchOptions {
        base_url: args.base_url.clone(),
        regions: Regions::parse(&args.regions).map_err(Failure::BadInput)?,
        timeout: Duration::from_secs(args.timeout_secs.max(1)),
        body_timeout: Duration::from_secs(args.body_timeout_secs.max(1)),
        idle_timeout: Duration::from_secs(args.idle_timeout_secs.max(1)),
        retries: args.retries,
        progress: !args.quiet,
        ..FetchOptions::default()
    };
    // Without --keep-files, a new directory of its own, removed when the fetch ends however it ends.
    let scratch;
    let dir = match &args.keep_files {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| {
                Failure::Failed(format!(
                    "{}: cannot create the directory: {e}",
                    dir.display()
                ))
            })?;
            dir.as_path()
        }
        None => {
            scratch = tempfile::Builder::new()
                .prefix("egress-planner-fetch-")
                .tempdir()
                .map_err(|e| {
                    Failure::Failed(format!("cannot create a temporary directory: {e}"))
                })?;
            scratch.path()
        }
    };
    let result = fetch::download(&options, dir)
        .map_err(|e| e.to_string())
        .and_then(|files| import_to_text(&base, &files))
        .and_then(|(text, report)| write_atomically(&args.out, &text).map(|()| report));
    result.map_err(Failure::Failed)
}
