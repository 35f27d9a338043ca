//! `egress-planner check PLAN.toml`: a budget check for CI. Each
//! `[[scenario]]` names the option the team chose and its limits; the
//! scenario's input is priced by the engine and the chosen option must stay
//! within `max_monthly` and/or `within_percent_of_cheapest`. Exit 0 when all
//! hold (and the chosen option can carry the traffic), 1 when a limit is broken, 2 when the
//! plan itself is wrong, with every problem it has; inside GitHub Actions each problem is also an
//! `::error` annotation, elsewhere a plain `error:` line.

use super::compare::table;
use super::{EXIT_BAD_INPUT, EXIT_FAILED};
use crate::engine::{self, Money, OPTIONS};
use crate::money::words::counted;
use crate::pricing::PricingTable;
use crate::scenario::Scenario;
use clap::Args;
use rust_decimal::Decimal;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// `check`'s arguments.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
The plan is TOML:

  [[scenario]]
  name = \"api\"
  chosen = \"nat_gateway_s3_endpoint\"     # an option id
  max_monthly = 400                      # USD a month, and/or:
  within_percent_of_cheapest = 25        # at most 25% above the cheapest feasible option
  [scenario.input]                       # the scenario, as the JSON API takes it, with any
                                         # requirement (sensitive, survive_az_loss) the
                                         # chosen option must meet
  region = \"us-east-1\"
  monthly_gb = 5000
  s3_percent = 40

Exit codes: 0 every limit holds, 1 a limit is broken, 2 the plan is wrong.")]
pub struct CheckArgs {
    /// The plan file (TOML), or `-` for standard input.
    #[arg(value_name = "PLAN.toml")]
    pub plan: PathBuf,

    /// Use this pricing table file instead of the bundled one.
    #[arg(long, env = "PRICING")]
    pub pricing: Option<PathBuf>,

    /// Largest plan read, in bytes or with K, M or G; a larger plan is
    /// refused (exit 2), as is a device such as /dev/zero.
    #[arg(long, value_parser = super::files::parse_size, default_value = "16M", value_name = "SIZE")]
    pub max_file_bytes: u64,
}

/// One scenario of a plan, checked for types and names but not yet priced.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The scenario's name.
    pub name: String,
    /// The option id the team chose.
    pub chosen: &'static str,
    /// Most the chosen option may cost a month, USD.
    pub max_monthly: Option<Decimal>,
    /// Most the chosen option may cost above the cheapest, percent.
    pub within_percent: Option<Decimal>,
    /// The parsed scenario.
    pub scenario: Scenario,
}

/// A value as the plan writes it, for an error: `"lots"`, `-5`, or its kind (`an array`).
fn as_written(value: &toml::Value) -> String {
    match value {
        toml::Value::String(text) => format!("{text:?}"),
        toml::Value::Integer(n) => n.to_string(),
        toml::Value::Float(x) => x.to_string(),
        toml::Value::Array(_) => "an array".to_owned(),
        other => format!("a {}", other.type_str()),
    }
}

/// A plan that cannot be checked, naming the scenario and field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError(pub String);

/// The outcome of one scenario.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The scenario's name.
    pub name: String,
    /// The chosen option's id and monthly cost (none when unpriced).
    pub chosen: (&'static str, Option<Money>),
    /// The cheapest feasible option's id and cost.
    pub cheapest: (&'static str, Option<Money>),
    /// Each broken limit, in words (empty: passed).
    pub failures: Vec<String>,
    /// What holds but deserves a look.
    pub warnings: Vec<String>,
}

fn number(value: &toml::Value) -> Option<Decimal> {
    match value {
        toml::Value::Integer(n) => Some(Decimal::from(*n)),
        toml::Value::Float(f) => Decimal::from_str_exact(&f.to_string()).ok(),
        toml::Value::String(s) => Decimal::from_str_exact(s.trim()).ok(),
        _ => None,
    }
}

/// Turns TOML into the JSON the API takes (numbers stay numbers; the
/// scenario parser reads them with every digit).
fn to_json(value: &toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => serde_json::Value::String(s.clone()),
        toml::Value::Integer(n) => serde_json::Value::from(*n),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        toml::Value::Table(table) => {
            serde_json::Value::Object(table.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

/// Reads a plan: every `[[scenario]]` with its name, chosen option, limits
/// and input, or the first thing wrong with it.
pub fn parse_plan(text: &str, table: &PricingTable) -> Result<Vec<Planned>, Vec<PlanError>> {
    let document: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        vec![PlanError(format!("the plan is not valid TOML: {e}"))]
    })?;
    let mut errors: Vec<PlanError> = document
        .keys()
        .filter(|k| *k != "scenario")
        .map(|key| {
            PlanError(format!(
                "unknown top-level key {key:?}; a plan is [[scenario]] tables"
            ))
        })
        .collect();
    let list = match document.get("scenario") {
        Some(toml::Value::Array(list)) if !list.is_empty() => list.as_slice(),
        _ => {
            errors.push(PlanError(
                "the plan has no [[scenario]] tables: nothing to check".to_owned(),
            ));
            return Err(errors);
        }
    };
    let mut planned: Vec<Planned> = Vec::with_capacity(list.len());
    for (index, entry) in list.iter().enumerate() {
        match parse_entry(index, entry, &planned, table) {
            Ok(p) => planned.push(p),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(planned)
    } else {
        Err(errors)
    }
}

/// One `[[scenario]]`, with every problem it has (not only the first).
fn parse_entry(
    index: usize,
    entry: &toml::Value,
    before: &[Planned],
    table: &PricingTable,
) -> Result<Planned, Vec<PlanError>> {
    let position = format!("scenario {}", index + 1);
    let toml::Value::Table(entry) = entry else {
        return Err(vec![PlanError(format!("{position}: must be a table"))]);
    };
    let name = match entry.get("name") {
        Some(toml::Value::String(name)) if !name.trim().is_empty() => name.clone(),
        Some(_) => {
            return Err(vec![PlanError(format!(
                "{position}: name must be a non-empty string"
            ))]);
        }
        None => return Err(vec![PlanError(format!("{position}: name is missing"))]),
    };
    let at =
        |field: &str, message: String| PlanError(format!("scenario {name:?}: {field}: {message}"));
    let mut errors = Vec::new();
    if before.iter().any(|p| p.name == name) {
        errors.push(at("name", "another scenario has this name".to_owned()));
    }
    for key in entry.keys() {
        if ![
            "name",
            "chosen",
            "max_monthly",
            "within_percent_of_cheapest",
            "input",
        ]
        .contains(&key.as_str())
        {
            errors.push(at(
                key,
                "unknown key; a scenario has name, chosen, max_monthly, within_percent_of_cheapest and input".to_owned(),
            ));
        }
    }
    let ids: Vec<&str> = OPTIONS.iter().map(|o| o.about.id).collect();
    let chosen = match entry.get("chosen") {
        Some(toml::Value::String(id)) => {
            ids.iter().find(|known| **known == id).copied().or_else(|| {
                errors.push(at(
                    "chosen",
                    format!("unknown option {id:?}; the options are {}", ids.join(", ")),
                ));
                None
            })
        }
        Some(_) => {
            errors.push(at(
                "chosen",
                format!("must be an option id: one of {}", ids.join(", ")),
            ));
            None
        }
        None => {
            errors.push(at(
                "chosen",
                format!(
                    "is missing; name the option you chose: one of {}",
                    ids.join(", ")
                ),
            ));
            None
        }
    };
    let mut limit = |key: &str| -> Option<Decimal> {
        let value = entry.get(key)?;
        match number(value) {
            Some(n) if n >= Decimal::ZERO => Some(n),
            _ => {
                errors.push(at(
                    key,
                    format!("must be a number of at least 0; got {}", as_written(value)),
                ));
                None
            }
        }
    };
    let max_monthly = limit("max_monthly");
    let within_percent = limit("within_percent_of_cheapest");
    if !entry.contains_key("max_monthly") && !entry.contains_key("within_percent_of_cheapest") {
        errors.push(at(
            "max_monthly",
            "give max_monthly (USD a month), within_percent_of_cheapest, or both".to_owned(),
        ));
    }
    let input = match entry.get("input") {
        Some(value @ toml::Value::Table(_)) => Some(to_json(value)),
        Some(_) => {
            errors.push(at(
                "input",
                "must be a table of scenario fields ([scenario.input])".to_owned(),
            ));
            None
        }
        // Every field at its default is a scenario too.
        None => Some(serde_json::Value::Object(serde_json::Map::new())),
    };
    let scenario = input.and_then(|input| {
        let body = serde_json::to_vec(&input).ok()?;
        Scenario::from_json(&body, table)
            .map_err(|field_errors| {
                for e in field_errors.all() {
                    let field = e
                        .field
                        .as_deref()
                        .map_or_else(|| "input".to_owned(), |f| format!("input.{f}"));
                    errors.push(at(&field, e.message.clone()));
                }
            })
            .ok()
    });
    match (chosen, scenario) {
        (Some(chosen), Some(scenario)) if errors.is_empty() => Ok(Planned {
            name,
            chosen,
            max_monthly,
            within_percent,
            scenario,
        }),
        _ => Err(errors),
    }
}

/// Prices one planned scenario and checks its limits.
pub fn evaluate(plan: &Planned, table: &PricingTable) -> Result<Outcome, PlanError> {
    let comparison = engine::compare(&plan.scenario, table)
        .map_err(|e| PlanError(format!("scenario {:?}: {e}", plan.name)))?;
    let chosen = comparison
        .option(plan.chosen)
        .ok_or_else(|| PlanError(format!("scenario {:?}: chosen: no such option", plan.name)))?;
    let cheapest = comparison.cheapest_option();
    let mut failures = Vec::new();
    let warnings = Vec::new();
    if chosen.monthly_cost.is_some() && !chosen.feasible {
        // An option that cannot carry the traffic breaks the plan whatever it costs.
        let reason = chosen
            .infeasible_reason
            .as_ref()
            .map_or_else(String::new, |r| format!(": {r}"));
        failures.push(format!("{} cannot carry this scenario{reason}", chosen.id));
    } else if !chosen.meets_requirements() {
        // The scenario's own requirements (`sensitive`, `survive_az_loss`) are limits too.
        failures.push(format!(
            "{} fails the scenario's requirements: {}",
            chosen.id,
            chosen.unmet_reason()
        ));
    }
    match chosen.monthly_cost {
        None => failures.push(format!(
            "{} is not priced in {}, so its limits cannot be checked",
            chosen.id, comparison.region
        )),
        Some(cost) => {
            // On the rounded cents people see, like the comparison's ranking.
            let cost_cents = cost.rounded();
            if let Some(max) = plan.max_monthly
                && cost_cents > max
            {
                failures.push(format!(
                    "{} costs {} a month, over max_monthly {} by {}",
                    chosen.id,
                    cost.display(),
                    Money::new(max).display(),
                    Money::new(cost_cents - max).display()
                ));
            }
            if let (Some(percent), Some(best)) = (plan.within_percent, cheapest.monthly_cost) {
                let allowed =
                    best.rounded() * (Decimal::ONE_HUNDRED + percent) / Decimal::ONE_HUNDRED;
                if cost_cents > allowed {
                    let over = if best.rounded().is_zero() {
                        String::new()
                    } else {
                        format!(
                            " ({}% more)",
                            crate::money::words::human(
                                ((cost_cents - best.rounded()) * Decimal::ONE_HUNDRED
                                    / best.rounded())
                                .round_dp(1)
                            )
                        )
                    };
                    failures.push(format!(
                        "{} costs {} a month, more than {}% over the cheapest, {} at {}{over}",
                        chosen.id,
                        cost.display(),
                        crate::money::words::human(percent),
                        cheapest.id,
                        best.display()
                    ));
                }
            }
        }
    }
    Ok(Outcome {
        name: plan.name.clone(),
        chosen: (chosen.id, chosen.monthly_cost),
        cheapest: (cheapest.id, cheapest.monthly_cost),
        failures,
        warnings,
    })
}

/// Escapes text for a workflow command's message (`%`, CR, LF); any other control character
/// (a terminal escape code) becomes a space.
fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for a workflow command's property (also `:` and `,`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One GitHub Actions annotation line: `::error title=…::…`.
pub fn annotation(level: &str, title: &str, message: &str) -> String {
    format!(
        "::{level} title={}::{}",
        escape_property(title),
        escape_data(message)
    )
}

/// The results as an aligned table.
pub fn results_table(outcomes: &[Outcome], colour: bool) -> String {
    let cost =
        |m: Option<Money>| m.map_or_else(|| "not priced".to_owned(), |m| m.display().to_string());
    let header = ["Scenario", "Chosen", "Cost", "Cheapest", "Cost", "Verdict"];
    let rows: Vec<[String; 6]> = outcomes
        .iter()
        .map(|o| {
            let verdict = if o.failures.is_empty() {
                if o.warnings.is_empty() {
                    "ok".to_owned()
                } else {
                    "ok (warning)".to_owned()
                }
            } else {
                format!("FAIL: {}", clean(&o.failures.join("; ")))
            };
            [
                clean(&o.name),
                o.chosen.0.to_owned(),
                cost(o.chosen.1),
                o.cheapest.0.to_owned(),
                cost(o.cheapest.1),
                verdict,
            ]
        })
        .collect();
    let widths = egress_render::table::column_widths(&header, &rows);
    let line = |cells: [&str; 6]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let fill = widths[i].saturating_sub(cell.chars().count());
            // Money is right-aligned, names left-aligned.
            if i == 2 || i == 4 {
                text.push_str(&" ".repeat(fill));
                text.push_str(cell);
            } else {
                text.push_str(cell);
                if i < 5 {
                    text.push_str(&" ".repeat(fill));
                }
            }
            if i < 5 {
                text.push_str("  ");
            }
        }
        text
    };
    let mut out = line(header);
    out.push('\n');
    for (row, outcome) in rows.iter().zip(outcomes) {
        let text = line([&row[0], &row[1], &row[2], &row[3], &row[4], &row[5]]);
        let style = if !outcome.failures.is_empty() {
            "\x1b[1;31m"
        } else {
            "\x1b[32m"
        };
        if colour {
            out.push_str(&format!("{style}{text}\x1b[0m\n"));
        } else {
            out.push_str(&text);
            out.push('\n');
        }
    }
    out
}

/// Reads the plan (`-`: standard input), at most `limit` bytes of UTF-8.
fn read_plan(path: &std::path::Path, limit: u64) -> Result<String, PlanError> {
    super::files::read_text_bounded(path, limit, "--max-file-bytes").map_err(|e| PlanError(e.0))
}

/// How `check` reports a problem: as a GitHub Actions annotation inside a workflow
/// (`GITHUB_ACTIONS=true`), as a plain `error:` line anywhere else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reporter {
    /// `::error title=…::…` lines, escaped by the workflow-command rules.
    GitHub,
    /// `error: title: message` lines on standard error only, control characters removed.
    Plain,
}

impl Reporter {
    /// The reporter for this environment.
    pub fn from_env() -> Reporter {
        if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
            Reporter::GitHub
        } else {
            Reporter::Plain
        }
    }

    /// Reports one problem: `level: title: message` on standard error for people, and inside
    /// GitHub Actions the annotation on standard output too.
    pub fn report(self, stdout: &mut impl Write, level: &str, title: &str, message: &str) {
        let _ = writeln!(
            std::io::stderr(),
            "{level}: {}: {}",
            clean(title),
            clean(message)
        );
        if self == Reporter::GitHub {
            let _ = writeln!(stdout, "{}", annotation(level, title, message));
        }
    }
}

/// Text for a terminal: every control character (escape codes, line breaks) becomes a space,
/// so a scenario's name can neither colour the terminal nor start a line of its own.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Runs `check`: 0 when every limit holds, 1 when one is broken, 2 on a bad plan.
pub fn run(args: &CheckArgs) -> ExitCode {
    let reporter = Reporter::from_env();
    let mut stdout = std::io::stdout().lock();
    let bad_plan = |stdout: &mut std::io::StdoutLock<'_>, errors: Vec<PlanError>| {
        for e in errors {
            reporter.report(stdout, "error", "Bad egress plan", &e.0);
        }
        ExitCode::from(EXIT_BAD_INPUT)
    };
    let table = match table(args.pricing.as_ref()) {
        Ok(table) => table,
        Err(e) => {
            return bad_plan(&mut stdout, vec![PlanError(format!("pricing table: {e}"))]);
        }
    };
    let planned = match read_plan(&args.plan, args.max_file_bytes)
        .map_err(|e| vec![e])
        .and_then(|text| parse_plan(&text, &table))
    {
        Ok(planned) => planned,
        Err(e) => return bad_plan(&mut stdout, e),
    };
    let outcomes = match planned
        .iter()
        .map(|p| evaluate(p, &table))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(outcomes) => outcomes,
        Err(e) => return bad_plan(&mut stdout, vec![e]),
    };
    let colour = std::io::stdout().is_terminal();
    let _ = stdout.write_all(results_table(&outcomes, colour).as_bytes());
    let mut failed = 0usize;
    for outcome in &outcomes {
        let title = format!("Egress budget {}", outcome.name);
        for failure in &outcome.failures {
            failed += 1;
            reporter.report(&mut stdout, "error", &title, failure);
        }
        for warning in &outcome.warnings {
            reporter.report(&mut stdout, "warning", &title, warning);
        }
    }
    let _ = writeln!(
        stdout,
        "{} checked, {} broken",
        counted(outcomes.len(), "scenario", "scenarios"),
        counted(failed, "limit", "limits")
    );
    let _ = stdout.flush();
    if failed > 0 {
        ExitCode::from(EXIT_FAILED)
    } else {
        ExitCode::SUCCESS
    }
}
