//! The cost-against-traffic chart: which volumes to evaluate, the engine's
//! costs at those volumes, where options cross, and the geometry of the SVG.
//! Every cost and crossing comes from the engine; this module only places them.
//!
//! Each option's cost is linear in `monthly_gb` between tier boundaries, so
//! evaluating the engine at the ends of the range and at the boundaries inside
//! it draws the curves exactly, and crossovers are exact within each segment.

use crate::engine::{self, Comparison, EngineError};
use crate::money::{Money, human};
use crate::pricing::PricingTable;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::fmt::Write as _;

/// Chart size in SVG user units.
pub const WIDTH: u32 = 720;
/// Chart height.
pub const HEIGHT: u32 = 470;
const PLOT_LEFT: f64 = 72.0;
const PLOT_RIGHT: f64 = 700.0;
const PLOT_TOP: f64 = 40.0;
const PLOT_BOTTOM: f64 = 316.0;
/// Where the legend starts, below the plot.
pub const LEGEND_TOP: usize = 372;

/// Colour and dash per option position (colour-blind-safe palette, dashes as a second cue).
const STYLES: [(&str, &str); 6] = [
    ("#0b5cad", ""),
    ("#c25400", "8 4"),
    ("#00805a", "2 3"),
    ("#a6437f", "10 3 2 3"),
    ("#555f6d", "4 4"),
    ("#6a3d9a", "1 2"),
];

/// Crossovers labelled at most (more would collide).
const MAX_CROSSOVERS: usize = 4;

/// An SVG coordinate, written to one decimal place. Formatting floats with
/// `{:.1}` was the largest cost of drawing a chart; tenths as an integer are
/// exact for a 720-unit canvas and cheap to write.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coord(pub f64);

impl std::fmt::Display for Coord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = (self.0 * 10.0).round() as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let tenths = tenths.unsigned_abs();
        write!(f, "{sign}{}.{}", tenths / 10, tenths % 10)
    }
}

/// One option's line.
#[derive(Debug, Clone)]
pub struct Series {
    /// Option id.
    pub id: &'static str,
    /// Option name.
    pub name: &'static str,
    /// Stroke colour.
    pub color: &'static str,
    /// Stroke dash pattern (empty: solid).
    pub dash: &'static str,
    /// SVG path data.
    pub path: String,
    /// Cost at the scenario's volume, for the legend.
    pub cost: Money,
    /// Marker position at the scenario's volume.
    pub marker: (Coord, Coord),
}

/// An axis tick.
#[derive(Debug, Clone)]
pub struct Tick {
    /// Position along the axis, in SVG units.
    pub at: Coord,
    /// Label.
    pub label: String,
}

/// A point where two options cost the same.
#[derive(Debug, Clone)]
pub struct Crossover {
    /// Position.
    pub x: Coord,
    /// Position.
    pub y: Coord,
    /// GB per month at the crossing.
    pub gb: Decimal,
    /// Cost there.
    pub cost: Money,
    /// The two options.
    pub between: (&'static str, &'static str),
    /// Short label.
    pub label: String,
    /// The crossing in words, for the tooltip.
    pub title: String,
}

/// Everything the SVG template draws.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Lines, one per feasible option.
    pub series: Vec<Series>,
    /// X ticks (GB per month).
    pub x_ticks: Vec<Tick>,
    /// Y ticks ($ per month).
    pub y_ticks: Vec<Tick>,
    /// X position of the scenario's volume.
    pub marker_x: Coord,
    /// Label of that marker.
    pub marker_label: String,
    /// Crossings inside the range.
    pub crossovers: Vec<Crossover>,
    /// Title line.
    pub title: String,
}

/// A "nice" upper bound for an axis: 1, 2, 2.5 or 5 × a power of ten, ≥ `value`.
fn nice_ceiling(value: f64) -> f64 {
    if value <= 0.0 || !value.is_finite() {
        return 1.0;
    }
    let power = 10f64.powf(value.log10().floor());
    for step in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if step * power >= value * 0.999_999 {
            return step * power;
        }
    }
    10.0 * power
}

fn short_number(value: f64) -> String {
    let (scaled, suffix) = if value >= 1e9 {
        (value / 1e9, "G")
    } else if value >= 1e6 {
        (value / 1e6, "M")
    } else if value >= 1e3 {
        (value / 1e3, "k")
    } else {
        (value, "")
    };
    let text = format!("{scaled:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}{suffix}")
}

fn f(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

fn costs_at(
    scenario: &Scenario,
    table: &PricingTable,
    gb: Decimal,
) -> Result<Vec<Decimal>, EngineError> {
    let mut at = scenario.clone();
    at.monthly_gb = gb;
    engine::option_costs(&at, table)
}

/// Builds the chart for a scenario whose comparison is `comparison`.
pub fn build(comparison: &Comparison<'_>, table: &PricingTable) -> Result<Chart, EngineError> {
    let scenario = &comparison.scenario;
    let limit = Decimal::from(1_000_000_000);
    let drawn: Vec<usize> = (0..comparison.options.len())
        .filter(|&i| comparison.options[i].feasible)
        .collect();

    // Range: past the scenario's volume and past the crossings near it.
    let here = comparison
        .options
        .iter()
        .map(|o| o.monthly_cost.exact())
        .collect::<Vec<_>>();
    let probe = scenario.monthly_gb.max(Decimal::from(1000));
    let at_probe = costs_at(scenario, table, probe)?;
    let at_zero = costs_at(scenario, table, Decimal::ZERO)?;
    let mut wanted = f(scenario.monthly_gb) * 1.25;
    for (a, &i) in drawn.iter().enumerate() {
        for &j in &drawn[a + 1..] {
            // Where the lines through (0, cost) and (probe, cost) cross.
            let slope_i = f(at_probe[i] - at_zero[i]) / f(probe);
            let slope_j = f(at_probe[j] - at_zero[j]) / f(probe);
            if (slope_i - slope_j).abs() > 1e-12 {
                let x = f(at_zero[j] - at_zero[i]) / (slope_i - slope_j);
                if x > 0.0 && x < 20.0 * f(probe) {
                    wanted = wanted.max(x * 1.15);
                }
            }
        }
    }
    let x_max = nice_ceiling(wanted.max(100.0)).min(1e9);
    let x_max_dec = Decimal::try_from(x_max).unwrap_or(limit).min(limit);

    // Evaluate the engine at the ends, the tier boundaries and the scenario.
    let mut volumes = vec![Decimal::ZERO, x_max_dec];
    volumes.extend(
        engine::slope_changes(scenario, table)?
            .into_iter()
            .filter(|gb| *gb < x_max_dec),
    );
    if scenario.monthly_gb < x_max_dec {
        volumes.push(scenario.monthly_gb);
    }
    volumes.sort();
    volumes.dedup();
    let mut samples: Vec<(Decimal, Vec<Decimal>)> = Vec::with_capacity(volumes.len());
    for gb in volumes {
        let costs = if gb.is_zero() {
            at_zero.clone()
        } else if gb == scenario.monthly_gb {
            here.clone()
        } else {
            costs_at(scenario, table, gb)?
        };
        samples.push((gb, costs));
    }

    let y_top = samples
        .iter()
        .flat_map(|(_, c)| drawn.iter().map(move |&i| f(c[i])))
        .fold(0.0, f64::max);
    let y_max = nice_ceiling(y_top.max(1.0));
    let sx = |gb: f64| PLOT_LEFT + (gb / x_max) * (PLOT_RIGHT - PLOT_LEFT);
    let sy = |usd: f64| PLOT_BOTTOM - (usd / y_max) * (PLOT_BOTTOM - PLOT_TOP);

    let series = drawn
        .iter()
        .map(|&i| {
            let option = &comparison.options[i];
            let (color, dash) = STYLES[i % STYLES.len()];
            let mut path = String::with_capacity(samples.len() * 18);
            for (k, (gb, costs)) in samples.iter().enumerate() {
                let command = if k == 0 { 'M' } else { 'L' };
                let _ = write!(
                    path,
                    "{command}{} {} ",
                    Coord(sx(f(*gb))),
                    Coord(sy(f(costs[i])))
                );
            }
            Series {
                id: option.id,
                name: option.name,
                color,
                dash,
                path: path.trim_end().to_owned(),
                cost: option.monthly_cost,
                marker: (
                    Coord(sx(f(scenario.monthly_gb).min(x_max))),
                    Coord(sy(f(option.monthly_cost.exact()))),
                ),
            }
        })
        .collect();

    let crossovers: Vec<Crossover> = engine::crossings(&samples, &drawn)?
        .into_iter()
        .take(MAX_CROSSOVERS)
        .map(|crossing| {
            let (i, j) = crossing.options;
            let (a, b) = (&comparison.options[i], &comparison.options[j]);
            let gb = crossing.gb;
            Crossover {
                x: Coord(sx(f(gb))),
                y: Coord(sy(f(crossing.cost.exact()))),
                gb,
                cost: crossing.cost,
                between: (a.id, b.id),
                label: format!("{} GB", human(gb.round())),
                title: format!(
                    "{} and {} cost the same, {} a month, at {} GB a month",
                    a.name,
                    b.name,
                    crossing.cost.display(),
                    human(gb.round())
                ),
            }
        })
        .collect();

    let ticks = |max: f64, to: &dyn Fn(f64) -> f64, prefix: &str| {
        (0..=4)
            .map(|k| {
                let value = max * f64::from(k) / 4.0;
                Tick {
                    at: Coord(to(value)),
                    label: format!("{prefix}{}", short_number(value)),
                }
            })
            .collect::<Vec<_>>()
    };
    Ok(Chart {
        series,
        x_ticks: ticks(x_max, &sx, ""),
        y_ticks: ticks(y_max, &sy, "$"),
        marker_x: Coord(sx(f(scenario.monthly_gb).min(x_max))),
        marker_label: format!("{} GB", human(scenario.monthly_gb)),
        crossovers,
        title: format!(
            "Monthly cost by traffic · {} · pricing {}",
            comparison.region, comparison.pricing.as_of
        ),
    })
}

/// Splits text into lines of at most `width` characters, at spaces.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::with_capacity(width + 16);
    // Counted as it grows: recounting the line for every word made wrapping
    // a verdict cost a tenth of drawing a whole card.
    let mut chars = 0;
    // The texts wrapped here are the engine's sentences, spaced with ASCII
    // spaces; splitting on those alone skips Unicode's whitespace tables.
    for word in text.split_ascii_whitespace() {
        let word_chars = word.chars().count();
        if chars > 0 && chars + 1 + word_chars > width {
            lines.push(std::mem::replace(
                &mut line,
                String::with_capacity(width + 16),
            ));
            chars = 0;
        }
        if chars > 0 {
            line.push(' ');
            chars += 1;
        }
        line.push_str(word);
        chars += word_chars;
    }
    if chars > 0 {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    #[test]
    fn wrap_breaks_at_spaces_within_the_width() {
        assert_eq!(super::wrap("aa bb cc dd", 5), vec!["aa bb", "cc dd"]);
        assert_eq!(super::wrap("", 5), Vec::<String>::new());
        // Width counts characters, not bytes; a word longer than the width
        // gets a line of its own.
        assert_eq!(super::wrap("ab × cd", 4), vec!["ab ×", "cd"]);
        assert_eq!(super::wrap("a abcdefg b", 3), vec!["a", "abcdefg", "b"]);
    }

    use super::*;

    #[test]
    fn coordinates_have_one_decimal_place() {
        assert_eq!(Coord(72.0).to_string(), "72.0");
        assert_eq!(Coord(123.456).to_string(), "123.5");
        assert_eq!(Coord(-0.04).to_string(), "0.0");
        assert_eq!(Coord(-3.25).to_string(), "-3.3");
    }

    #[test]
    fn nice_ceilings_are_round_numbers() {
        assert_eq!(nice_ceiling(730.0), 1000.0);
        assert_eq!(nice_ceiling(6250.0), 10000.0);
        assert_eq!(nice_ceiling(2100.0), 2500.0);
        assert_eq!(nice_ceiling(0.0), 1.0);
    }

    #[test]
    fn short_numbers_use_suffixes() {
        assert_eq!(short_number(2500.0), "2.5k");
        assert_eq!(short_number(1_000_000.0), "1M");
        assert_eq!(short_number(0.0), "0");
    }
}
