//! The command line: `serve` (the default, so a bare `egress-planner` keeps
//! serving), `compare` (one scenario, no server), `check` (a budget plan
//! for CI) and `pricing import|fetch` (refresh the pricing table). The scenario flags of `compare` are generated from [`FIELDS`] at
//! run time, so the CLI has the API's fields, defaults, grammar and messages.
//!
//! [`FIELDS`]: crate::scenario::FIELDS

pub mod check;
pub mod compare;
pub mod files;
pub mod healthcheck;
pub mod measure;
mod output;
pub mod pricing;

use crate::config::Config;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::ffi::OsString;
use std::process::ExitCode;

/// egress-planner: compare NAT gateways, VPC endpoints and public IPv4 for
/// AWS ECS/Fargate egress, with monthly cost, break-even and bandwidth checks.
/// With no subcommand it serves the web app (the same as `serve`).
#[derive(Debug, Parser)]
#[command(
    name = "egress-planner",
    version,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// What to do; serving when none is given.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The server's settings, for a bare `egress-planner --port …`.
    #[command(flatten)]
    pub serve: Config,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app and the JSON API (the default).
    Serve(Config),
    /// Compare the egress options for one scenario, without a server.
    Compare(compare::CompareArgs),
    /// Check a plan of chosen options against budget limits (for CI).
    Check(check::CheckArgs),
    /// Refresh the pricing table from AWS's Price List (import offer files, or fetch them).
    #[command(subcommand)]
    Pricing(pricing::PricingCommand),
    /// Measure the scenario from real data: flow logs, a Terraform plan, a bill, or several.
    Measure(Box<measure::MeasureArgs>),
    /// AWS's ip-ranges.json, which measuring flow logs needs (not bundled).
    #[command(subcommand, name = "ip-ranges")]
    IpRanges(measure::IpRangesCommand),
    /// Exit 0 when the server's /healthz answers 200 (for container health checks).
    Healthcheck(healthcheck::HealthcheckArgs),
}

/// Exit code for a limit broken by `check`.
pub const EXIT_FAILED: u8 = 1;
/// Exit code for bad input: a bad flag, scenario or plan (clap's own too).
pub const EXIT_BAD_INPUT: u8 = 2;

/// The whole command line, with `compare`'s field flags added from the field table.
pub fn command() -> clap::Command {
    Cli::command().mut_subcommand("compare", compare::with_field_args)
}

/// Parses the process's arguments; prints help, version or a usage error
/// and exits on those (clap's behaviour, exit code 2 for errors).
pub fn parse() -> Command {
    parse_from(std::env::args_os()).unwrap_or_else(|e| e.exit())
}

/// Parses arguments (the first is the program name).
pub fn parse_from<I, T>(args: I) -> Result<Command, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let matches = command().try_get_matches_from(args)?;
    let cli = Cli::from_arg_matches(&matches)?;
    Ok(match cli.command {
        None => Command::Serve(cli.serve),
        Some(Command::Compare(mut args)) => {
            if let Some(sub) = matches.subcommand_matches("compare") {
                args.fields = compare::field_values(sub);
            }
            Command::Compare(args)
        }
        Some(other) => other,
    })
}

/// Runs a command that needs no server; `None` for `serve`.
pub fn run_offline(command: &Command) -> Option<ExitCode> {
    match command {
        Command::Serve(_) => None,
        Command::Compare(args) => Some(compare::run(args)),
        Command::Check(args) => Some(check::run(args)),
        Command::Pricing(command) => Some(pricing::run(pricing::PricingCli {
            command: command.clone(),
        })),
        Command::Measure(args) => Some(measure::run(args)),
        Command::IpRanges(command) => Some(measure::run_ip_ranges(command)),
        Command::Healthcheck(args) => Some(healthcheck::run(args)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_subcommand_serves_with_the_top_level_flags() {
        match parse_from(["egress-planner", "--port", "9000"]).unwrap() {
            Command::Serve(config) => assert_eq!(config.port, 9000),
            other => panic!("expected serve, got {other:?}"),
        }
        assert!(matches!(
            parse_from(["egress-planner", "serve", "--port", "9001"]).unwrap(),
            Command::Serve(Config { port: 9001, .. })
        ));
    }

    #[test]
    fn compare_takes_every_field_by_its_api_name() {
        let Command::Compare(args) = parse_from([
            "egress-planner",
            "compare",
            "--monthly_gb",
            "12.5",
            "--azs",
            "3",
            "--svc.logs",
            "40",
            "--dto_free_tier",
        ])
        .unwrap() else {
            panic!("expected compare")
        };
        assert_eq!(
            args.fields,
            [
                ("monthly_gb".to_owned(), "12.5".to_owned()),
                ("azs".to_owned(), "3".to_owned()),
                ("dto_free_tier".to_owned(), "true".to_owned()),
                ("svc.logs".to_owned(), "40".to_owned()),
            ]
        );
        command().debug_assert();
    }
}
