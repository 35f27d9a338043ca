//! `egress-planner check PLAN.toml`: a budget check for CI. Each
//! `[[scenario]]` names the option the team chose and its limits; the
//! scenario's input is priced by the engine and the chosen option must stay
//! within `max_monthly` and/or `within_percent_of_cheapest`. Exit 0 when all
//! hold, 1 when a limit is broken, 2 when the plan itself is wrong; each
//! failure is also printed as a GitHub Actions `::error` annotation.

use super::compare::{report, table};
use super::{EXIT_BAD_INPUT, EXIT_FAILED};
use crate::engine::{self, Money, OPTIONS};
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
  [scenario.input]                       # the scenario, as the JSON API takes it
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
    /// What holds but deserves a look (the chosen option is not feasible).
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
pub fn parse_plan(text: &str, table: &PricingTable) -> Result<Vec<Planned>, PlanError> {
    let document: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| PlanError(format!("the plan is not valid TOML: {e}")))?;
    if let Some(key) = document.keys().find(|k| *k != "scenario") {
        return Err(PlanError(format!(
            "unknown top-level key {key:?}; a plan is [[scenario]] tables"
        )));
    }
    let Some(toml::Value::Array(list)) = document.get("scenario") else {
        return Err(PlanError("the plan has no [[scenario]] tables".to_owned()));
    };
    let ids: Vec<&str> = OPTIONS.iter().map(|o| o.about.id).collect();
    let mut planned = Vec::with_capacity(list.len());
    for (index, entry) in list.iter().enumerate() {
        let position = format!("scenario {}", index + 1);
        let toml::Value::Table(entry) = entry else {
            return Err(PlanError(format!("{position}: must be a table")));
        };
        let name = match entry.get("name") {
            Some(toml::Value::String(name)) if !name.trim().is_empty() => name.clone(),
            Some(_) => {
                return Err(PlanError(format!(
                    "{position}: name must be a non-empty string"
                )));
            }
            None => return Err(PlanError(format!("{position}: name is missing"))),
        };
        let at = |field: &str, message: String| {
            PlanError(format!("scenario {name:?}: {field}: {message}"))
        };
        if planned.iter().any(|p: &Planned| p.name == name) {
            return Err(at("name", "another scenario has this name".to_owned()));
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
                return Err(at(
                    key,
                    "unknown key; a scenario has name, chosen, max_monthly, within_percent_of_cheapest and input".to_owned(),
                ));
            }
        }
        let chosen = match entry.get("chosen") {
            Some(toml::Value::String(id)) => {
                *ids.iter().find(|known| **known == id).ok_or_else(|| {
                    at(
                        "chosen",
                        format!("unknown option {id:?}; the options are {}", ids.join(", ")),
                    )
                })?
            }
            Some(_) => {
                return Err(at(
                    "chosen",
                    format!("must be an option id: one of {}", ids.join(", ")),
                ));
            }
            None => {
                return Err(at(
                    "chosen",
                    format!(
                        "is missing; name the option you chose: one of {}",
                        ids.join(", ")
                    ),
                ));
            }
        };
        let limit = |key: &str| -> Result<Option<Decimal>, PlanError> {
            let Some(value) = entry.get(key) else {
                return Ok(None);
            };
            match number(value) {
                Some(n) if n >= Decimal::ZERO => Ok(Some(n)),
                _ => Err(at(
                    key,
                    format!("must be a number of at least 0; got {value:?}"),
                )),
            }
        };
        let max_monthly = limit("max_monthly")?;
        let within_percent = limit("within_percent_of_cheapest")?;
        if max_monthly.is_none() && within_percent.is_none() {
            return Err(at(
                "max_monthly",
                "give max_monthly (USD a month), within_percent_of_cheapest, or both".to_owned(),
            ));
        }
        let input = match entry.get("input") {
            Some(value @ toml::Value::Table(_)) => to_json(value),
            Some(_) => {
                return Err(at(
                    "input",
                    "must be a table of scenario fields ([scenario.input])".to_owned(),
                ));
            }
            // Every field at its default is a scenario too.
            None => serde_json::Value::Object(serde_json::Map::new()),
        };
        let body = serde_json::to_vec(&input).map_err(|e| at("input", e.to_string()))?;
        let scenario = Scenario::from_json(&body, table).map_err(|errors| {
            let first = errors.first();
            let field = first
                .field
                .as_deref()
                .map_or_else(|| "input".to_owned(), |f| format!("input.{f}"));
            at(&field, first.message.clone())
        })?;
        planned.push(Planned {
            name,
            chosen,
            max_monthly,
            within_percent,
            scenario,
        });
    }
    Ok(planned)
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
    let mut warnings = Vec::new();
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
    if !chosen.feasible {
        let reason = chosen
            .infeasible_reason
            .as_ref()
            .map_or_else(String::new, |r| format!(": {r}"));
        warnings.push(format!(
            "{} is not feasible for this scenario{reason}",
            chosen.id
        ));
    }
    Ok(Outcome {
        name: plan.name.clone(),
        chosen: (chosen.id, chosen.monthly_cost),
        cheapest: (cheapest.id, cheapest.monthly_cost),
        failures,
        warnings,
    })
}

/// Escapes text for a workflow command's message (`%`, CR, LF).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
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
                format!("FAIL: {}", o.failures.join("; "))
            };
            [
                o.name.clone(),
                o.chosen.0.to_owned(),
                cost(o.chosen.1),
                o.cheapest.0.to_owned(),
                cost(o.cheapest.1),
                verdict,
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..5)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: [&str; 6]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let fill = widths
                .get(i)
                .map_or(0, |w| w.saturating_sub(cell.chars().count()));
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

fn read_plan(path: &PathBuf) -> Result<String, PlanError> {
    if path.as_os_str() == "-" {
        return std::io::read_to_string(std::io::stdin())
            .map_err(|e| PlanError(format!("cannot read standard input: {e}")));
    }
    std::fs::read_to_string(path)
        .map_err(|e| PlanError(format!("cannot read {}: {e}", path.display())))
}

/// Runs `check`: 0 when every limit holds, 1 when one is broken, 2 on a bad plan.
pub fn run(args: &CheckArgs) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    let bad_plan = |stdout: &mut std::io::StdoutLock<'_>, e: PlanError| {
        report([e.0.clone()]);
        let _ = writeln!(stdout, "{}", annotation("error", "Bad egress plan", &e.0));
        ExitCode::from(EXIT_BAD_INPUT)
    };
    let table = match table(args.pricing.as_ref()) {
        Ok(table) => table,
        Err(e) => return bad_plan(&mut stdout, PlanError(format!("pricing table: {e}"))),
    };
    let planned = match read_plan(&args.plan).and_then(|text| parse_plan(&text, &table)) {
        Ok(planned) => planned,
        Err(e) => return bad_plan(&mut stdout, e),
    };
    let outcomes = match planned
        .iter()
        .map(|p| evaluate(p, &table))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(outcomes) => outcomes,
        Err(e) => return bad_plan(&mut stdout, e),
    };
    let colour = std::io::stdout().is_terminal();
    let _ = stdout.write_all(results_table(&outcomes, colour).as_bytes());
    let mut failed = 0;
    for outcome in &outcomes {
        for failure in &outcome.failures {
            failed += 1;
            let title = format!("Egress budget {}", outcome.name);
            let _ = writeln!(stdout, "{}", annotation("error", &title, failure));
        }
        for warning in &outcome.warnings {
            let title = format!("Egress budget {}", outcome.name);
            let _ = writeln!(stdout, "{}", annotation("warning", &title, warning));
        }
    }
    let _ = writeln!(
        stdout,
        "{} scenario(s) checked, {failed} limit(s) broken",
        outcomes.len()
    );
    let _ = stdout.flush();
    if failed > 0 {
        ExitCode::from(EXIT_FAILED)
    } else {
        ExitCode::SUCCESS
    }
}
