//! `egress-planner compare`: one scenario from flags and/or a JSON file,
//! compared by the engine and printed as a table, JSON, Markdown or CSV.
//! The flags are the API's field names, read as text by the API's parser.

use super::files;
use super::output::{self, Format};
use super::{EXIT_BAD_INPUT, EXIT_FAILED};
use crate::engine;
use crate::money::words::human;
use crate::pricing::{PricingError, PricingTable};
use crate::scenario::{
    DefaultValue, FIELDS, Field, FieldErrors, FieldKind, Input, KNOWN_SERVICES, SERVICE_PREFIX,
    Scenario, json_object,
};
use clap::{Arg, ArgAction, ArgMatches, Args};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// `compare`'s own options; the scenario flags are added by [`with_field_args`].
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Every field is optional and takes its default when omitted. With --file, the flags override the file's fields.\nExit codes: 0 compared, 2 bad input (the message is the API's)."
)]
pub struct CompareArgs {
    /// Read the scenario as a JSON object (the API's POST body) from this
    /// file, or from standard input with `-`.
    #[arg(long, value_name = "FILE|-")]
    pub file: Option<PathBuf>,

    /// Output format: an aligned table, the API's JSON body, the results
    /// Markdown, or CSV with one row per option.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Largest --file read, in bytes or with K, M or G; a larger file is
    /// refused (exit 2), as is a device such as /dev/zero.
    #[arg(long, value_parser = files::parse_size, default_value = "1M", value_name = "SIZE")]
    pub max_file_bytes: u64,

    /// Use this pricing table file instead of the bundled one.
    #[arg(long, env = "PRICING")]
    pub pricing: Option<PathBuf>,

    /// Base URL of the "Open in egress-planner" link in Markdown (empty: a relative link).
    #[arg(long, env = "PUBLIC_URL", default_value = "")]
    pub base_url: String,

    /// With --format adr: the option the decision record chooses (an option id; default: the
    /// cheapest that meets the requirements).
    #[arg(long, value_name = "ID")]
    pub chosen: Option<String>,

    /// The scenario fields given as flags, `(name, text)` in field order.
    #[arg(skip)]
    pub fields: Vec<(String, String)>,
}

/// The unit or kind of value a field's flag takes, for the usage line.
fn value_name(field: &Field) -> &'static str {
    match field.kind {
        FieldKind::Region => "REGION",
        FieldKind::InstanceType => "TYPE",
        FieldKind::OptionId => "OPTION",
        FieldKind::Bool => "true|false",
        FieldKind::Decimal { .. } => "NUMBER",
        FieldKind::Integer { .. } => "COUNT",
    }
}

/// Help for one field, from its definition: label, hint, unit, range, default.
fn field_help(field: &Field) -> String {
    let unit = if field.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", field.unit)
    };
    let range = match field.kind {
        FieldKind::Decimal { min, max } => {
            format!("{} to {}{unit}", human(min.into()), human(max.into()))
        }
        FieldKind::Integer { min, max } => format!(
            "whole number, {} to {}{unit}",
            human(min.into()),
            human(max.into())
        ),
        FieldKind::Bool => "true or false".to_owned(),
        FieldKind::Region => "a region code of the pricing table".to_owned(),
        FieldKind::InstanceType => "auto or a NAT instance type".to_owned(),
        FieldKind::OptionId => format!(
            "one of {}",
            crate::engine::OPTIONS
                .iter()
                .map(|o| o.about.id)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let blank = if matches!(field.default, DefaultValue::SameAs(_)) {
        " (empty: the default)"
    } else {
        ""
    };
    format!(
        "{}: {} [range: {range}] [default: {}{blank}]",
        field.label,
        field.hint,
        field.default_text()
    )
}

/// Adds one `--NAME VALUE` flag per scenario field and per known
/// interface-endpoint service (`--svc.NAME GB`).
pub fn with_field_args(mut command: clap::Command) -> clap::Command {
    for field in FIELDS {
        let mut arg = Arg::new(field.name)
            .long(field.name)
            .value_name(value_name(field))
            .help(field_help(field))
            .help_heading("Scenario fields")
            // `--monthly_gb -5` reaches the parser, which says what is wrong.
            .allow_hyphen_values(true)
            .action(ArgAction::Set);
        if field.name.contains('_') {
            // Most command lines spell flags with hyphens: `--monthly-gb` is the same flag.
            arg = arg.alias(field.name.replace('_', "-"));
        }
        if field.kind == FieldKind::Bool {
            // `--dto_free_tier` alone means true, as a checkbox would.
            arg = arg.num_args(0..=1).default_missing_value("true");
        }
        command = command.arg(arg);
    }
    for service in KNOWN_SERVICES {
        let name = format!("{SERVICE_PREFIX}{}", service.name);
        command = command.arg(
            Arg::new(name.clone())
                .long(name)
                .value_name("GB")
                .help(format!(
                    "{} [GB/month; with any of these, aws_percent and interface_endpoints are derived]",
                    service.description
                ))
                .help_heading("Traffic by service (optional)")
                .allow_hyphen_values(true)
                .action(ArgAction::Set),
        );
    }
    command
}

/// The field flags that were given, in field order, then the services.
pub fn field_values(matches: &ArgMatches) -> Vec<(String, String)> {
    let names = FIELDS.iter().map(|f| f.name.to_owned()).chain(
        KNOWN_SERVICES
            .iter()
            .map(|s| format!("{SERVICE_PREFIX}{}", s.name)),
    );
    names
        .filter_map(|name| {
            let value = matches.get_one::<String>(&name)?.clone();
            Some((name, value))
        })
        .collect()
}

/// Loads the bundled table or the file named by `--pricing`.
pub(super) fn table(pricing: Option<&PathBuf>) -> Result<PricingTable, PricingError> {
    let config = crate::Config {
        pricing: pricing.cloned(),
        ..crate::Config::for_tests()
    };
    crate::load_table(&config)
}

/// Reads `--file` (or standard input for `-`), at most `limit` bytes.
fn read_file(path: &std::path::Path, limit: u64) -> Result<Vec<u8>, String> {
    files::read_bounded(path, limit, "--max-file-bytes").map_err(|e| e.0)
}

/// The scenario from the file's JSON members and the flags; a flag replaces
/// the file's member of the same name (`--svc.*` flags replace `services`).
pub fn scenario(
    args: &CompareArgs,
    file: Option<&[u8]>,
    table: &PricingTable,
) -> Result<Scenario, FieldErrors> {
    let members = match file {
        Some(body) => json_object(body)?,
        None => Vec::new(),
    };
    let flagged = |name: &str| {
        args.fields.iter().any(|(flag, _)| {
            flag == name || (name == "services" && flag.starts_with(SERVICE_PREFIX))
        })
    };
    let pairs = members
        .iter()
        .filter(|(name, _)| !flagged(name))
        .map(|(name, value)| (name.as_ref(), Input::Json(value)))
        .chain(
            args.fields
                .iter()
                .map(|(name, value)| (name.as_str(), Input::Text(value.as_str()))),
        );
    Scenario::parse(pairs, table)
}

/// Prints each message as `error: …` on standard error.
pub(super) fn report(messages: impl IntoIterator<Item = String>) {
    let mut stderr = std::io::stderr().lock();
    for message in messages {
        let _ = writeln!(stderr, "error: {message}");
    }
}

/// Runs `compare`: 0 on success, 2 on bad input, 1 when the output cannot be written.
pub fn run(args: &CompareArgs) -> ExitCode {
    let table = match table(args.pricing.as_ref()) {
        Ok(table) => table,
        Err(e) => {
            report([format!("pricing table: {e}")]);
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let file = match args
        .file
        .as_ref()
        .map(|path| read_file(path, args.max_file_bytes))
        .transpose()
    {
        Ok(file) => file,
        Err(message) => {
            report([message]);
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let scenario = match scenario(args, file.as_deref(), &table) {
        Ok(scenario) => scenario,
        Err(errors) => {
            report(errors.all().iter().map(|e| e.message.clone()));
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let comparison = match engine::compare(&scenario, &table) {
        Ok(comparison) => comparison,
        Err(e) => {
            report([e.to_string()]);
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    if let Some(chosen) = &args.chosen
        && comparison.option(chosen).is_none()
    {
        let ids: Vec<&str> = comparison.options.iter().map(|o| o.id).collect();
        report([format!(
            "The chosen option {chosen:?} is not one of the options: {}",
            ids.join(", ")
        )]);
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let text = match output::render(
        args.format,
        &comparison,
        &table,
        &args.base_url,
        args.chosen.as_deref(),
        terminal,
    ) {
        Ok(text) => text,
        Err(message) => {
            report([message]);
            return ExitCode::from(EXIT_FAILED);
        }
    };
    let mut out = stdout.lock();
    match out.write_all(&text).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            report([format!("cannot write the output: {e}")]);
            ExitCode::from(EXIT_FAILED)
        }
    }
}
