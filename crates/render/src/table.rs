//! The comparison for a terminal and a spreadsheet: the ranked options in aligned columns (coloured
//! on request) with the bandwidth verdict and warnings, and CSV with one row per option.

use egress_core::engine::{Comparison, Money};

fn money(value: Option<Money>) -> String {
    value.map_or_else(String::new, |m| m.to_string())
}

/// One row per option: id, name, monthly_cost, over_cheapest, feasible, infeasible_reason, and
/// `fails`, the requirements it does not meet (a feasible option cheaper than the answer is one).
pub fn csv(comparison: &Comparison<'_>) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "id",
        "name",
        "monthly_cost",
        "over_cheapest",
        "feasible",
        "infeasible_reason",
        "fails",
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
            &crate::sentences::unmet(o),
        ])?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

const BOLD_GREEN: &str = "\x1b[1;32m";
const DIM: &str = "\x1b[2m";
const YELLOW: &str = "\x1b[33m";
const RESET: &str = "\x1b[0m";

/// Each column's width in characters (so `—` and `·` count one): its
/// widest cell, the header's included.
pub fn column_widths<'r, const N: usize>(
    header: &[&str; N],
    rows: impl IntoIterator<Item = &'r [String; N]>,
) -> [usize; N] {
    let mut widths = header.map(|h| h.chars().count());
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    widths
}

/// The ranked options in aligned columns, then the bandwidth verdict and
/// the warnings. Widths count characters, so `—` and `·` align too.
pub fn text_table(c: &Comparison<'_>, colour: bool) -> String {
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
        let over = crate::sentences::over_cheapest(c, o).to_string();
        let unmet = crate::sentences::unmet(o);
        let feasible = if o.feasible && unmet.is_empty() {
            "yes".to_owned()
        } else if o.feasible {
            format!("yes; fails {unmet}")
        } else {
            match &o.infeasible_reason {
                Some(reason) => format!("no: {reason}"),
                None => "no".to_owned(),
            }
        };
        let style = if o.id == c.cheapest {
            BOLD_GREEN
        } else if !o.qualifies() {
            DIM
        } else {
            ""
        };
        let cost = o
            .monthly_cost
            .map_or_else(|| "not priced".to_owned(), |m| m.display().to_string());
        let name = if c.current == Some(o.id) {
            format!("{} (today)", o.name)
        } else {
            o.name.to_owned()
        };
        rows.push(([(n + 1).to_string(), name, cost, over, feasible], style));
    }
    let widths = column_widths(&header, rows.iter().map(|(r, _)| r));
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
    if let Some(today) = &c.today {
        out.push_str(today);
        out.push_str("\n\n");
    }
    out.push_str(&paint(DIM, line(header)));
    out.push('\n');
    for (cells, style) in &rows {
        let text = line([&cells[0], &cells[1], &cells[2], &cells[3], &cells[4]]);
        out.push_str(&paint(style, text));
        out.push('\n');
    }
    if let Some(given) = crate::sentences::requirements(&c.scenario) {
        out.push_str(&format!("\nRequirements: {given}\n"));
    }
    if let Some(passed) = crate::sentences::passed_over(c) {
        out.push_str(&format!("Passed over: {passed}\n"));
    }
    out.push_str("\nAvailability when an AZ fails · security · operations:\n");
    let name_width = rows
        .iter()
        .map(|(r, _)| r[1].chars().count())
        .max()
        .unwrap_or(0);
    for o in c.ranked() {
        let Some(p) = &o.properties else { continue };
        let fill = " ".repeat(name_width.saturating_sub(o.name.chars().count()));
        out.push_str(&format!(
            "  {}{fill}  {} · {} · {}\n",
            o.name,
            p.availability.verdict.word(),
            p.security.verdict.word(),
            p.operations.verdict.word()
        ));
    }
    let cheapest = c.cheapest_option();
    if let Some(p) = &cheapest.properties {
        out.push_str(&format!(
            "{}: {}\n",
            cheapest.name, p.availability.lead.text
        ));
    }
    // The same sentence the pages, Markdown, embed and card lead with.
    out.push_str(&format!(
        "\nBandwidth ({}): {}\n",
        c.cheapest_option().short_name,
        c.headline_verdict()
    ));
    out.push_str(&format!(
        "Break-even: {}\nS3 gateway endpoint: {}\n",
        crate::sentences::interface_break_even(c),
        crate::sentences::s3_saving(c)
    ));
    if let Some(advice) = &c.endpoint_advice {
        out.push_str(&format!(
            "Which interface endpoints pay: {}\n",
            crate::sentences::advice_lead(advice)
        ));
        let rows: Vec<[String; 5]> = advice
            .services
            .iter()
            .map(|s| {
                [
                    s.service.clone(),
                    egress_core::money::words::gb(s.gb.0).to_string(),
                    s.endpoint_cost.display().to_string(),
                    s.nat_cost.display().to_string(),
                    match s.verdict {
                        egress_core::engine::advice::Verdict::Create => "create".to_owned(),
                        egress_core::engine::advice::Verdict::Skip => "skip".to_owned(),
                    },
                ]
            })
            .collect();
        let head = [
            "Service",
            "GB/month",
            "Endpoint a month",
            "Through the NAT",
            "Verdict",
        ];
        let widths = column_widths(&head, &rows);
        let row = |cells: [&str; 5]| {
            let mut line = String::new();
            for (i, cell) in cells.iter().enumerate() {
                let fill = " ".repeat(widths[i].saturating_sub(cell.chars().count()));
                // Names left, figures right.
                if i == 0 || i == 4 {
                    line.push_str(&format!("  {cell}{fill}"));
                } else {
                    line.push_str(&format!("  {fill}{cell}"));
                }
            }
            line.trim_end().to_owned()
        };
        out.push_str(&paint(DIM, row(head)));
        out.push('\n');
        for r in &rows {
            out.push_str(&row([&r[0], &r[1], &r[2], &r[3], &r[4]]));
            out.push('\n');
        }
    }
    out.push_str(&format!(
        "Public subnets vs NAT: {}\n",
        c.break_even.public_subnet_vs_nat.explanation
    ));
    out.push_str(&format!(
        "Centralized egress vs a regional NAT gateway: {}\n",
        crate::sentences::centralizing(c)
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
