//! The cost-against-traffic chart's geometry: the range, round ticks, one
//! styled line per feasible option, crossover labels placed inside the canvas
//! and clear of each other, a two-column legend. Every cost and crossing
//! comes from the engine (`engine::samples`, `engine::crossings`); this
//! module only places them.
//!
//! Each option's cost is linear in `monthly_gb` between tier boundaries, so
//! evaluating the engine at the ends of the range and at the boundaries inside
//! it draws the curves exactly, and crossovers are exact within each segment.

use egress_core::engine::{self, Comparison, EngineError, Money};
use egress_core::money::words::human;
use egress_core::pricing::PricingTable;
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
const LEGEND_TOP: usize = 372;

/// Colour, dash and marker per option position: Okabe–Ito's colour-blind-safe
/// palette, with dashes and marker shapes as second and third cues. Beyond
/// the table, [`style`] combines its colours with the others' dashes.
const STYLES: [(&str, &str, Marker); 10] = [
    ("#0072b2", "", Marker::Circle),
    ("#d55e00", "8 4", Marker::Square),
    ("#009e73", "2 3", Marker::Triangle),
    ("#cc79a7", "10 3 2 3", Marker::Diamond),
    ("#555f6d", "4 4", Marker::Circle),
    ("#b07800", "1 2", Marker::Square),
    ("#3a8fc4", "12 4", Marker::Triangle),
    ("#1b2430", "6 2 2 2", Marker::Diamond),
    ("#8a3ffc", "3 2 8 2", Marker::Square),
    ("#a4161a", "14 3 3 3 3 3", Marker::Circle),
];

/// The style of the option at `index`, distinct for any number of options
/// up to `STYLES.len()²`: the table's entry, then its colours again, each
/// with another entry's dash and marker (shifted by one more each round).
fn style(index: usize) -> (&'static str, &'static str, Marker) {
    let n = STYLES.len();
    let (round, at) = (index / n, index % n);
    let (color, _, _) = STYLES[at];
    let (_, dash, marker) = STYLES[(at + round) % n];
    (color, dash, marker)
}

/// A marker shape, drawn at an option's cost for the scenario's volume.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

fn marker_path(kind: Marker, x: f64, y: f64) -> String {
    let mut path = String::with_capacity(48);
    // Each corner is a command letter and a point offset from (x, y).
    let corners: &[(char, f64, f64)] = match kind {
        Marker::Circle => &[('M', -4.0, 0.0)],
        Marker::Square => &[('M', -3.5, -3.5)],
        Marker::Triangle => &[('M', 0.0, -5.0), ('L', 4.5, 3.5), ('L', -4.5, 3.5)],
        Marker::Diamond => &[
            ('M', 0.0, -5.0),
            ('L', 5.0, 0.0),
            ('L', 0.0, 5.0),
            ('L', -5.0, 0.0),
        ],
    };
    for (k, &(command, dx, dy)) in corners.iter().enumerate() {
        if k > 0 {
            path.push(' ');
        }
        path.push(command);
        Coord(x + dx).push_to(&mut path);
        path.push(' ');
        Coord(y + dy).push_to(&mut path);
    }
    path.push_str(match kind {
        Marker::Circle => " a4 4 0 1 0 8 0 a4 4 0 1 0 -8 0Z",
        Marker::Square => " h7 v7 h-7Z",
        Marker::Triangle | Marker::Diamond => "Z",
    });
    path
}

/// Crossovers labelled at most (more would crowd the plot).
const MAX_CROSSOVERS: usize = 4;
/// Width of one character of an 11-unit label, a generous estimate.
const LABEL_CHAR: f64 = 6.5;

/// An SVG coordinate, written to one decimal place. Formatting floats with
/// `{:.1}` was the largest cost of drawing a chart; tenths as an integer are
/// exact for a 720-unit canvas and cheap to write.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coord(pub f64);

impl Coord {
    /// Writes the coordinate without `fmt`'s machinery: a path has hundreds
    /// of them, and formatting each was the largest part of drawing a line.
    fn write_to<W: std::fmt::Write + ?Sized>(self, out: &mut W) -> std::fmt::Result {
        let tenths = (self.0 * 10.0).round() as i64;
        if tenths < 0 {
            out.write_char('-')?;
        }
        let tenths = tenths.unsigned_abs();
        out.write_str(itoa::Buffer::new().format(tenths / 10))?;
        out.write_char('.')?;
        out.write_char(char::from(b'0' + (tenths % 10) as u8))
    }

    /// Appends the coordinate to a path.
    pub fn push_to(self, out: &mut String) {
        // Writing to a String cannot fail.
        let _ = self.write_to(out);
    }
}

impl std::fmt::Display for Coord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write_to(f)
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
    /// Short name for the legend.
    pub short_name: &'static str,
    /// Cost at the scenario's volume, for the legend.
    pub cost: Money,
    /// Marker at the scenario's volume, as SVG path data.
    pub marker: String,
    /// Legend position.
    pub legend: (Coord, Coord),
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
    /// The options that meet there, space-separated ids: two, or more when
    /// some cost the same all along (their lines lie on each other).
    pub between: String,
    /// The label: every option meeting there, the volume and the cost.
    pub label: String,
    /// Where the label's text starts (or ends, with `anchor` end).
    pub label_at: (Coord, Coord),
    /// `start` or `end`.
    pub anchor: &'static str,
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
    /// Label of that marker ("you: 5,000 GB").
    pub marker_label: String,
    /// Where that label is centred: over the marker, moved in as far as it
    /// takes to stay right of the cost axis's tick labels and inside the canvas.
    pub marker_label_x: Coord,
    /// Crossings inside the range.
    pub crossovers: Vec<Crossover>,
    /// Title line.
    pub title: String,
    /// Options not drawn, and why, for the note under the legend: its lines,
    /// each with its baseline.
    pub left_out: Vec<(u32, String)>,
    /// The image's height: [`HEIGHT`], or more when the legend needs more rows.
    pub height: u32,
}

/// A round tick step (1, 2 or 5 × a power of ten) giving at most five
/// intervals up to `value`.
fn tick_step(value: f64) -> f64 {
    if value <= 0.0 || !value.is_finite() {
        return 1.0;
    }
    let rough = value / 5.0;
    let power = 10f64.powf(rough.log10().floor());
    for step in [1.0, 2.0, 5.0, 10.0] {
        if step * power >= rough * 0.999_999 {
            return step * power;
        }
    }
    10.0 * power
}

/// A tick value with at most two decimals and a k/M/G suffix, after `prefix`:
/// "$2.5k". Written as integer hundredths: float formatting cost more than
/// the rest of a tick.
fn short_number(prefix: &str, value: f64) -> String {
    let (scaled, suffix) = if value >= 1e9 {
        (value / 1e9, "G")
    } else if value >= 1e6 {
        (value / 1e6, "M")
    } else if value >= 1e3 {
        (value / 1e3, "k")
    } else {
        (value, "")
    };
    let hundredths = (scaled.max(0.0) * 100.0).round() as u64;
    let mut digits = itoa::Buffer::new();
    let mut text = String::with_capacity(prefix.len() + 12);
    text.push_str(prefix);
    text.push_str(digits.format(hundredths / 100));
    let cents = hundredths % 100;
    if cents != 0 {
        text.push('.');
        text.push(char::from(b'0' + (cents / 10) as u8));
        if !cents.is_multiple_of(10) {
            text.push(char::from(b'0' + (cents % 10) as u8));
        }
    }
    text.push_str(suffix);
    text
}

/// Where two or more options cost the same, for one crossover label.
#[derive(Debug, Clone, PartialEq)]
struct Meeting {
    gb: Decimal,
    cost: Money,
    /// Positions in the comparison's options, ascending.
    options: Vec<usize>,
}

/// The engine's crossings (sorted by volume), one meeting a point. Options
/// whose costs are equal all along (the regional NAT gateway and one zonal
/// gateway per AZ, or IPv6 egress with no IPv6 traffic, beside NAT + S3) lie
/// on one line and cross a third at one point; three options can also meet
/// at one point, or so near it that their labels would read the same; and
/// one point comes out of two pairs a rounding step apart. So crossings
/// within a GB and a cent of a meeting join it (comparing rounded cents
/// split a half-cent cost into two labels).
fn meetings(crossings: Vec<engine::Crossing>) -> Vec<Meeting> {
    let mut meetings: Vec<Meeting> = Vec::new();
    for crossing in crossings {
        let near = |m: &Meeting| {
            (m.gb - crossing.gb).abs() < Decimal::ONE
                && (m.cost.exact() - crossing.cost.exact()).abs() < Decimal::new(1, 2)
        };
        let k = match meetings.iter().position(near) {
            Some(k) => k,
            None => {
                meetings.push(Meeting {
                    gb: crossing.gb,
                    cost: crossing.cost,
                    options: Vec::with_capacity(2),
                });
                meetings.len() - 1
            }
        };
        let (i, j) = crossing.options;
        for option in [i, j] {
            if let Err(place) = meetings[k].options.binary_search(&option) {
                meetings[k].options.insert(place, option);
            }
        }
    }
    meetings
}

/// "A = B = C" and `tail` (": 4,171 GB, $241.94"), naming as many options as
/// fit the canvas and "+ N more" for the rest.
fn crossover_label(short_names: &[&str], tail: &str) -> String {
    let room = ((f64::from(WIDTH) - 8.0) / LABEL_CHAR) as usize;
    let tail_chars = tail.chars().count();
    let mut label = String::with_capacity(96);
    let mut chars = 0;
    for (k, name) in short_names.iter().enumerate() {
        let separator = if k == 0 { "" } else { " = " };
        // Room for " + 9 more" unless this is the last name.
        let left_after = short_names.len() - k - 1;
        let reserve = if left_after > 0 { " + 9 more".len() } else { 0 };
        let name_chars = name.chars().count();
        if k > 0 && chars + separator.len() + name_chars + reserve + tail_chars > room {
            let _ = write!(label, " + {} more", short_names.len() - k);
            break;
        }
        label.push_str(separator);
        label.push_str(name);
        chars += separator.len() + name_chars;
    }
    label.push_str(tail);
    label
}

/// "A and B", "A, B and C".
fn and_list(names: &[&str]) -> String {
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((only, _)) => (*only).to_owned(),
        None => String::new(),
    }
}

/// A decimal as a float, for placing it on the canvas (never for money).
fn coordinate(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// Builds the chart for a scenario whose comparison is `comparison`.
pub fn build(comparison: &Comparison<'_>, table: &PricingTable) -> Result<Chart, EngineError> {
    let scenario = &comparison.scenario;
    let limit = Decimal::from(1_000_000_000);
    let drawn: Vec<usize> = (0..comparison.options.len())
        .filter(|&i| comparison.options[i].feasible)
        .collect();

    // The range: past the scenario's volume and past the crossings within
    // twenty times it, found exactly by the engine over that wide range.
    let probe = scenario.monthly_gb.max(Decimal::from(1000));
    let wide = (probe * Decimal::from(20)).min(limit);
    let wide_samples = engine::samples(scenario, table, &[Decimal::ZERO, wide])?;
    let mut wanted = coordinate(scenario.monthly_gb) * 1.25;
    for crossing in engine::crossings(&wide_samples, &drawn)? {
        wanted = wanted.max(coordinate(crossing.gb) * 1.15);
    }
    let x_step = tick_step(wanted.max(100.0));
    let x_max = ((wanted.max(100.0) / x_step).ceil() * x_step).min(1e9);
    let x_max_dec = Decimal::try_from(x_max).unwrap_or(limit).min(limit);

    // The drawn range is usually inside the wide one: its points then come
    // from the wide samples (costs are linear between them), not a second pass.
    let mut volumes = vec![Decimal::ZERO, x_max_dec];
    if scenario.monthly_gb < x_max_dec {
        volumes.push(scenario.monthly_gb);
    }
    let samples = match engine::narrowed(&wide_samples, x_max_dec, &volumes[2..])? {
        Some(samples) => samples,
        None => engine::samples(scenario, table, &volumes)?,
    };

    let y_top = samples
        .iter()
        .flat_map(|(_, c)| drawn.iter().filter_map(move |&i| c[i].map(coordinate)))
        .fold(0.0, f64::max)
        .max(1.0);
    let y_step = tick_step(y_top);
    let y_max = (y_top / y_step).ceil() * y_step;
    let sx = |gb: f64| PLOT_LEFT + (gb / x_max) * (PLOT_RIGHT - PLOT_LEFT);
    let sy = |usd: f64| PLOT_BOTTOM - (usd / y_max) * (PLOT_BOTTOM - PLOT_TOP);

    let series: Vec<Series> = drawn
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let option = &comparison.options[i];
            let (color, dash, marker) = style(i);
            let mut path = String::with_capacity(samples.len() * 16);
            for (k, (gb, costs)) in samples.iter().enumerate() {
                path.push_str(if k == 0 { "M" } else { " L" });
                Coord(sx(coordinate(*gb))).push_to(&mut path);
                path.push(' ');
                Coord(sy(costs[i].map_or(0.0, coordinate))).push_to(&mut path);
            }
            let cost = option.monthly_cost.unwrap_or_default();
            Series {
                id: option.id,
                name: option.name,
                short_name: option.short_name,
                color,
                dash,
                path,
                cost,
                marker: marker_path(
                    marker,
                    sx(coordinate(scenario.monthly_gb).min(x_max)),
                    sy(coordinate(cost.exact())),
                ),
                legend: (
                    Coord(if n % 2 == 0 { PLOT_LEFT } else { 390.0 }),
                    Coord(LEGEND_TOP as f64 + (n / 2) as f64 * 18.0),
                ),
            }
        })
        .collect();

    let meetings = meetings(engine::crossings(&samples, &drawn)?);

    // Labels: right of the point, or left when they would leave the canvas,
    // or across it when too long for either side; moved a line at a time
    // while they overlap a label already placed or cover their own point.
    let mut placed: Vec<(f64, f64, f64)> = Vec::new();
    let crossovers: Vec<Crossover> = meetings
        .into_iter()
        .take(MAX_CROSSOVERS)
        .map(|Meeting { gb, cost, options }| {
            let options: Vec<_> = options.iter().map(|&i| &comparison.options[i]).collect();
            let (x, y) = (sx(coordinate(gb)), sy(coordinate(cost.exact())));
            let right_edge = f64::from(WIDTH) - 4.0;
            let short_names: Vec<&str> = options.iter().map(|o| o.short_name).collect();
            let label = crossover_label(
                &short_names,
                &format!(": {} GB, {}", human(gb.round()), cost.display()),
            );
            let width = label.chars().count() as f64 * LABEL_CHAR;
            let (left, anchor, text_x) = if x + 7.0 + width <= right_edge {
                (x + 7.0, "start", x + 7.0)
            } else if x - 7.0 - width >= 4.0 {
                (x - 7.0 - width, "end", x - 7.0)
            } else {
                // Too long for either side of the point (several options
                // named): as far right as the canvas lets it start.
                let left = (right_edge - width).max(4.0);
                (left, "start", left)
            };
            // Lines below, then above, alternately, staying inside the plot so
            // a label never sits on the axis's tick labels.
            let start = (y - 20.0).clamp(PLOT_TOP, PLOT_BOTTOM - 16.0);
            let across = left <= x + 6.0 && x - 6.0 <= left + width;
            let clear = |top: f64| {
                let on_point = across && top < y + 7.0 && y - 7.0 < top + 14.0;
                !on_point
                    && !placed.iter().any(|&(l, t, w)| {
                        left < l + w && l < left + width && (top - t).abs() < 14.0
                    })
            };
            let top = (0..40)
                .map(|k| {
                    let step = f64::from((k + 1) / 2) * 14.0;
                    if k % 2 == 1 {
                        start + step
                    } else {
                        start - step
                    }
                })
                .filter(|&top| (PLOT_TOP..=PLOT_BOTTOM - 16.0).contains(&top))
                .find(|&top| clear(top))
                .unwrap_or(start);
            placed.push((left, top, width));
            let names: Vec<&str> = options.iter().map(|o| o.name).collect();
            Crossover {
                x: Coord(x),
                y: Coord(y),
                gb,
                cost,
                between: options.iter().map(|o| o.id).collect::<Vec<_>>().join(" "),
                label,
                label_at: (Coord(text_x), Coord(top + 11.0)),
                anchor,
                title: format!(
                    "{} cost the same, {} a month, at {} GB a month",
                    and_list(&names),
                    cost.display(),
                    human(gb.round())
                ),
            }
        })
        .collect();

    let ticks = |step: f64, max: f64, to: &dyn Fn(f64) -> f64, prefix: &str| {
        let count = (max / step).round() as u32;
        (0..=count)
            .map(|k| {
                let value = step * f64::from(k);
                Tick {
                    at: Coord(to(value)),
                    label: short_number(prefix, value),
                }
            })
            .collect::<Vec<_>>()
    };
    let marker_x = sx(coordinate(scenario.monthly_gb).min(x_max));
    let marker_label = format!("{} GB", human(scenario.monthly_gb));
    // "you: " and the volume, in bold: half a unit wider a character than
    // LABEL_CHAR.
    let marker_half_width = (5 + marker_label.chars().count()) as f64 * (LABEL_CHAR + 0.5) / 2.0;
    let left_out: Vec<String> = comparison
        .options
        .iter()
        .filter(|o| !o.feasible)
        .map(|o| {
            let why = if o.monthly_cost.is_none() {
                "not priced"
            } else {
                "not feasible"
            };
            format!("{} ({why})", o.short_name)
        })
        .collect();
    // Not drawn, and why, wrapped to the canvas (6.5 units a character).
    let left_out_text = if left_out.is_empty() {
        String::new()
    } else {
        format!("Not drawn: {}.", left_out.join(", "))
    };
    let left_out_lines = wrap(&left_out_text, 95);
    let extra = u32::try_from(left_out_lines.len().saturating_sub(1)).unwrap_or(0);
    // Two legend entries a row, 18 units apart, then the note's lines, 14 apart.
    let rows = u32::try_from(series.len().div_ceil(2)).unwrap_or(u32::MAX);
    let height = HEIGHT.max(
        (LEGEND_TOP as u32)
            .saturating_add(rows.saturating_mul(18))
            .saturating_add(8)
            .saturating_add(extra * 14),
    );
    let last = u32::try_from(left_out_lines.len()).unwrap_or(0);
    let left_out = left_out_lines
        .into_iter()
        .zip(0u32..)
        .map(|(line, k)| (height - 8 - (last - 1 - k) * 14, line))
        .collect();
    Ok(Chart {
        height,
        series,
        x_ticks: ticks(x_step, x_max, &sx, ""),
        y_ticks: ticks(y_step, y_max, &sy, "$"),
        marker_x: Coord(marker_x),
        marker_label_x: Coord(
            marker_x
                .max(PLOT_LEFT + marker_half_width)
                .min(f64::from(WIDTH) - 4.0 - marker_half_width),
        ),
        marker_label,
        crossovers,
        title: format!(
            "Monthly cost by traffic · {} ({})",
            comparison.region_name, comparison.region
        ),
        left_out,
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
    use rust_decimal_macros::dec;

    #[test]
    fn every_option_position_has_its_own_style() {
        // Ten options today: the table's ten entries, each colour once.
        let colors: std::collections::HashSet<_> = (0..10).map(|i| style(i).0).collect();
        assert_eq!(colors.len(), 10);
        // Beyond the table, colour and dash together stay distinct.
        let n = STYLES.len() * STYLES.len();
        let styles: std::collections::HashSet<_> =
            (0..n).map(|i| (style(i).0, style(i).1)).collect();
        assert_eq!(styles.len(), n);
    }

    #[test]
    fn coordinates_have_one_decimal_place() {
        assert_eq!(Coord(72.0).to_string(), "72.0");
        assert_eq!(Coord(123.456).to_string(), "123.5");
        assert_eq!(Coord(-0.04).to_string(), "0.0");
        assert_eq!(Coord(-3.25).to_string(), "-3.3");
    }

    #[test]
    fn tick_steps_are_one_two_or_five_times_a_power_of_ten() {
        // At most five intervals: 730 → 200 (0…800), 6,250 → 2,000, 1,000 → 200.
        assert_eq!(tick_step(730.0), 200.0);
        assert_eq!(tick_step(6250.0), 2000.0);
        assert_eq!(tick_step(1000.0), 200.0);
        assert_eq!(tick_step(2100.0), 500.0);
        assert_eq!(tick_step(0.0), 1.0);
    }

    #[test]
    fn crossings_at_one_point_make_one_meeting() {
        let crossing = |i, j, gb, cost| engine::Crossing {
            options: (i, j),
            gb,
            cost: Money::new(cost),
        };
        let found = meetings(vec![
            // Options 1, 5 and 7 on one line, crossed by option 2 at one point;
            // worked from the other side, the cost is a rounding step apart.
            crossing(1, 2, dec!(4171.428), dec!(241.935)),
            crossing(2, 5, dec!(4171.428), dec!(241.935)),
            crossing(2, 7, dec!(4171.428), dec!(241.934_999_999)),
            // Another pair at the same volume but another cost: another point.
            crossing(0, 3, dec!(4171.428), dec!(500)),
            // A third option within a GB and a cent of the first meeting.
            crossing(5, 6, dec!(4171.9), dec!(241.94)),
        ]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].options, vec![1, 2, 5, 6, 7]);
        assert_eq!(found[1].options, vec![0, 3]);
    }

    #[test]
    fn a_label_names_the_options_that_fit_and_counts_the_rest() {
        let tail = ": 4,171 GB, $241.94";
        assert_eq!(
            crossover_label(&["NAT+S3", "Regional NAT"], tail),
            "NAT+S3 = Regional NAT: 4,171 GB, $241.94"
        );
        // 712 units of canvas at 6.5 a character leave room for 109; ten
        // 12-character names with their separators need 147.
        let names = ["NAT gateways"; 10];
        let label = crossover_label(&names, tail);
        assert!(label.ends_with(" more: 4,171 GB, $241.94"), "{label}");
        assert!(label.chars().count() <= 109, "{label}");
        let (named, more) = label
            .trim_end_matches(" more: 4,171 GB, $241.94")
            .rsplit_once(" + ")
            .unwrap();
        let shown = named.split(" = ").count();
        assert_eq!(shown + more.parse::<usize>().unwrap(), 10, "{label}");
    }

    #[test]
    fn short_numbers_use_suffixes() {
        assert_eq!(short_number("", 2500.0), "2.5k");
        assert_eq!(short_number("", 1_000_000.0), "1M");
        assert_eq!(short_number("", 0.0), "0");
        assert_eq!(short_number("$", 0.6000000000000001), "$0.6");
        assert_eq!(short_number("$", 0.25), "$0.25");
        assert_eq!(short_number("", 1_050_000.0), "1.05M");
        assert_eq!(short_number("", 20_000_000_000.0), "20G");
    }
}
