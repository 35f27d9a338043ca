//! How `compare` writes a comparison: the API's JSON body byte for byte, the
//! results Markdown, CSV with one row per option, or an aligned table for a
//! terminal (coloured only when standard output is one).

use crate::engine::Comparison;
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
    /// An architecture decision record (MADR) for `--chosen` (default: the cheapest), as
    /// `/decision.md` writes it.
    Adr,
}

/// The comparison in `format`; `terminal` adds colour to the table and a
/// final newline to JSON (a pipe gets the API's bytes exactly).
pub fn render(
    format: Format,
    comparison: &Comparison<'_>,
    table: &PricingTable,
    base_url: &str,
    chosen: Option<&str>,
    terminal: bool,
) -> Result<Vec<u8>, String> {
    match format {
        Format::Adr => egress_render::decision_record(
            comparison,
            table,
            chosen.unwrap_or(comparison.cheapest),
            base_url,
        )
        .map(|mut text| {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.into_bytes()
        })
        .map_err(|e| e.to_string()),
        Format::Json => {
            let mut body = serde_json::to_vec(comparison).map_err(|e| e.to_string())?;
            if terminal {
                body.push(b'\n');
            }
            Ok(body)
        }
        Format::Markdown => egress_render::markdown(comparison, table, base_url)
            .map(|mut text| {
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                text.into_bytes()
            })
            .map_err(|e| format!("cannot render the Markdown: {e}")),
        Format::Csv => {
            egress_render::table::csv(comparison).map_err(|e| format!("cannot write the CSV: {e}"))
        }
        Format::Table => Ok(egress_render::table::text_table(comparison, terminal).into_bytes()),
    }
}
