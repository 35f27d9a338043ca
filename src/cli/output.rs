//! How `compare` writes a comparison: the API's JSON body byte for byte, the
//! results Markdown, CSV with one row per option, or an aligned table for a
//! terminal (coloured only when standard output is one).

use crate::engine::{Comparison, Money};
use crate::pricing::PricingTable;
use clap::ValueEnum;

/// Output formats of `compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// Exactly the body of `POST /api/v1/compare`.
    Json,
    /// The Markdown of `/compare.md`.
    Markdown,
    /// One row per option: id, name, monthly_cost, over_cheapest, feasible, infeasible_reason.
    Csv,
}

/// The comparison in `format`; `terminal` adds colour to the table and a
/// final newline to JSON (a pipe gets the API's bytes exactly).
pub fn render(
    format: Format,
    comparison: &Comparison<'_>,
    table: &PricingTable,
    base_url: &str,
    terminal: bool,
) -> Result<Vec<u8>, String> {
    match format {
        Format::Json => {
            let mut body = serde_json::to_vec(comparison).map_err(|e| e.to_string())?;
            if terminal {
                body.push(b'\n');
            }
            Ok(body)
        }
        Format::Markdown => crate::http::markdown(comparison, table, base_url)
            .map(|mut text| {
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                text.into_bytes()
            })
            .map_err(|e| format!("cannot render the Markdown: {e}")),
        Format::Csv => csv(comparison).map_err(|e| format!("cannot write the CSV: {e}")),
        Format::Table => Ok(text_table(comparison, terminal).into_bytes()),
    }
}

fn money(value: Option<Money>) -> String {
    value.map_or_else(String::new, |m| m.to_string())
}

fn csv(comparison: &Comparison<'_>) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "id",
        "name",
        "monthly_cost",
        "over_cheapest",
        "feasible",
        "infeasible_reason",
    ])?;
    for o in &comparison.options {
        out.write_record([
            o.id,
            o.name,
            &money(o.monthly_cost),
            &money(o.over_cheapest),
            if o.feasible { "true" } else { "false" },
            &o.infeasible_reason
                .as_ref()
                .map_or_else(String::new, ToString::to_string),
        ])?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

const BOLD_GREEN: &str = "\x1b[1;32m";
const DIM: &str = "\x1b[2m";
const YELLOW: &str = "\x1b[33m";
const RESET: &str = "\x1b[0m";

/// The ranked options in aligned columns, then the bandwidth verdict and
/// the warnings. Widths count characters, so `—` and `·` align too.
fn text_table(c: &Comparison<'_>, colour: bool) -> String {
    let paint = |style: &str, text: String| {
        if colour && !style.is_empty() {
            format!("{style}{text}{RESET}")
        } else {
            text
        }
    };
    let header = ["#", "Option", "Monthly cost", "Over cheapest", "Feasible"];
    let mut rows: Vec<([String; 5], &str)> = Vec::new();
    for (n, o) in c.ranked().into_iter().enumerate() {
        let over = if o.id == c.cheapest {
            "cheapest".to_owned()
        } else {
            o.over_cheapest
                .map_or_else(|| "—".to_owned(), |m| format!("+{}", m.display()))
        };
        let feasible = if o.feasible {
            "yes".to_owned()
        } else {
            match &o.infeasible_reason {
                Some(reason) => format!("no: {reason}"),
                None => "no".to_owned(),
            }
        };
        let style = if o.id == c.cheapest {
            BOLD_GREEN
        } else if !o.feasible {
            DIM
        } else {
            ""
        };
        let cost = o
            .monthly_cost
            .map_or_else(|| "not priced".to_owned(), |m| m.display().to_string());
        rows.push((
            [(n + 1).to_string(), o.name.to_owned(), cost, over, feasible],
            style,
        ));
    }
    let width = |i: usize| {
        rows.iter()
            .map(|(r, _)| r[i].chars().count())
            .chain([header[i].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..4).map(width).collect();
    let line = |cells: [&str; 5]| {
        let pad = |i: usize, right: bool| {
            let text = cells[i];
            let fill = " ".repeat(widths[i].saturating_sub(text.chars().count()));
            if right {
                format!("{fill}{text}")
            } else {
                format!("{text}{fill}")
            }
        };
        format!(
            "{}  {}  {}  {}  {}",
            pad(0, true),
            pad(1, false),
            pad(2, true),
            pad(3, true),
            cells[4]
        )
    };
    let mut out = format!(
        "{} ({}): {}\n\n",
        c.region_name,
        c.region,
        c.scenario.summary()
    );
    out.push_str(&paint(DIM, line(header)));
    out.push('\n');
    for (cells, style) in &rows {
        let text = line([&cells[0], &cells[1], &cells[2], &cells[3], &cells[4]]);
        out.push_str(&paint(style, text));
        out.push('\n');
    }
    // The same sentence the pages, Markdown, embed and card lead with.
    out.push_str(&format!(
        "\nBandwidth ({}): {}\n",
        c.cheapest_option().short_name,
        c.headline_verdict()
    ));
    for (option, warning) in c.warnings() {
        out.push_str(&paint(YELLOW, format!("Warning ({option}): {warning}")));
        out.push('\n');
    }
    out.push_str(&format!(
        "Pricing table {} (as of {}).\n",
        c.pricing.version, c.pricing.as_of
    ));
    out
}
