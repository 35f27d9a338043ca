//! A [`Plan`] drawn in a [`Layout`]: round ticks, one styled line and marker per option drawn,
//! each crossing numbered beside its point where the number covers the fewest lines and listed
//! in words under the legend, the legend saying which lines lie on another's, and what is not
//! drawn.

use super::layout::{Frame, Layout};
use super::text::{Coord, line_count, short_number, wrap};
use super::{MAX_INTERVALS, Meeting, Plan, coordinate, round_up, tick_step};
use egress_core::engine::Money;
use egress_core::money::words::human;
use rust_decimal::Decimal;

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

/// SVG path data, a marker's or a tick's label: letters, digits, points, signs, `$` and spaces
/// only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathData(pub String);

impl std::fmt::Display for PathData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Built from coordinates and command letters: nothing a template needs to escape.
impl askama::filters::HtmlSafe for PathData {}

impl askama::FastWritable for PathData {
    fn write_into(
        &self,
        dest: &mut dyn std::fmt::Write,
        _: &dyn askama::Values,
    ) -> askama::Result<()> {
        Ok(dest.write_str(&self.0)?)
    }
}

/// One option's line.
#[derive(Debug, Clone)]
pub struct Series {
    /// Option id.
    pub id: &'static str,
    /// Option name.
    pub name: &'static str,
    /// Short name for the legend.
    pub short_name: &'static str,
    /// Stroke colour.
    pub color: &'static str,
    /// Stroke dash pattern (empty: solid).
    pub dash: &'static str,
    /// SVG path data.
    pub path: PathData,
    /// Cost at the scenario's volume, for the legend.
    pub cost: Money,
    /// Marker at the scenario's volume, as SVG path data.
    pub marker: PathData,
    /// Legend position.
    pub legend: (Coord, Coord),
    /// Under its legend entry: "same as NAT+S3" when its line lies on that option's.
    pub same_as: Option<&'static str>,
}

/// An axis tick.
#[derive(Debug, Clone)]
pub struct Tick {
    /// Position along the axis, in SVG units.
    pub at: Coord,
    /// Label: digits, a point, a k/M/G suffix, a `$`.
    pub label: PathData,
}

/// A point where two or more options cost the same: a circle and its number in the plot, the
/// number and the words under the legend.
#[derive(Debug, Clone)]
pub struct Crossover {
    /// Its number, from 1, in order of volume.
    pub number: usize,
    /// The point.
    pub x: Coord,
    /// The point.
    pub y: Coord,
    /// Where the number beside the point is centred (its baseline).
    pub key_at: (Coord, Coord),
    /// GB per month at the crossing.
    pub gb: Decimal,
    /// Cost there.
    pub cost: Money,
    /// The options that meet there, space-separated ids: two, or more when
    /// some cost the same all along (their lines lie on each other).
    pub between: String,
    /// Every option meeting there, the volume and the cost.
    pub label: String,
    /// That label's lines under the legend, each with its baseline.
    pub lines: Vec<(Coord, String)>,
    /// The crossing in words, for the tooltip.
    pub title: String,
}

/// Everything the SVG template draws.
#[derive(Debug, Clone)]
pub struct Chart {
    /// The image's width, units.
    pub width: u32,
    /// The image's height: as much as the legend and the lists under it need.
    pub height: u32,
    /// The plot's edges.
    pub left: Coord,
    /// The plot's edges.
    pub right: Coord,
    /// The plot's edges.
    pub top: Coord,
    /// The plot's edges.
    pub bottom: Coord,
    /// Lines, one per feasible option.
    pub series: Vec<Series>,
    /// X ticks (GB per month).
    pub x_ticks: Vec<Tick>,
    /// Y ticks ($ per month).
    pub y_ticks: Vec<Tick>,
    /// X position of the scenario's volume.
    pub marker_x: Coord,
    /// Label of that marker ("5,000 GB", after "you: ").
    pub marker_label: String,
    /// Where that label is centred: over the marker, moved in as far as it
    /// takes to stay right of the cost axis's tick labels and inside the canvas.
    pub marker_label_x: Coord,
    /// That label's baseline: in the band between the heading and the plot.
    pub marker_label_y: Coord,
    /// The crossings, numbered.
    pub crossovers: Vec<Crossover>,
    /// Where the crossings' numbers and words start under the legend.
    pub list_x: (Coord, Coord),
    /// The chart's name (region name and code), for its `<title>`.
    pub title: String,
    /// The heading drawn (the region's code alone in the narrow layout), its size and baseline.
    pub heading: String,
    /// See [`Chart::heading`].
    pub heading_size: u32,
    /// See [`Chart::heading`].
    pub heading_y: Coord,
    /// The cost axis's name: where it is centred.
    pub cost_axis: (Coord, Coord),
    /// Where the cost axis's tick labels end.
    pub cost_labels_x: Coord,
    /// Where the traffic axis's tick marks end.
    pub tick_end: Coord,
    /// Where the traffic axis's tick labels and name sit (baselines).
    pub traffic_labels_y: Coord,
    /// Where the traffic axis's name is centred.
    pub traffic_axis_x: Coord,
    /// See [`Chart::traffic_labels_y`].
    pub traffic_axis_y: Coord,
    /// Where each legend entry's cost ends, from its left edge.
    pub legend_cost_x: Coord,
    /// Options not drawn, and why, for the note at the bottom: its lines, each with its baseline.
    pub left_out: Vec<(Coord, String)>,
}

/// A rectangle: left, right, top, bottom.
type Rect = (f64, f64, f64, f64);

/// A point on the canvas, and a line between two.
type Point = (f64, f64);
type Segment = (Point, Point);

/// Whether the segment from `a` to `b` passes through `r` (Liang–Barsky clipping).
fn crosses(a: (f64, f64), b: (f64, f64), r: Rect) -> bool {
    // Most segments lie wholly to one side of a small box.
    if a.0.max(b.0) < r.0 || a.0.min(b.0) > r.1 || a.1.max(b.1) < r.2 || a.1.min(b.1) > r.3 {
        return false;
    }
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut low, mut high) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-dx, a.0 - r.0),
        (dx, r.1 - a.0),
        (-dy, a.1 - r.2),
        (dy, r.3 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                low = low.max(t);
            } else {
                high = high.min(t);
            }
            if low > high {
                return false;
            }
        }
    }
    true
}

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.1 && b.0 < a.1 && a.2 < b.3 && b.2 < a.3
}

/// Where a crossing's number goes: beside its point, on the side where it covers the fewest
/// lines, never on another number or crossing and never outside the plot.
fn key_place(
    point: (f64, f64),
    digits: usize,
    frame: &Frame,
    segments: &[Segment],
    taken: &[Rect],
) -> (f64, f64) {
    let half_width = 3.5 * digits as f64 + 1.5;
    const OFFSETS: [(f64, f64); 8] = [
        (-10.0, -10.0),
        (10.0, -10.0),
        (-10.0, 10.0),
        (10.0, 10.0),
        (0.0, -14.0),
        (0.0, 14.0),
        (-15.0, 0.0),
        (15.0, 0.0),
    ];
    let mut best = (usize::MAX, point);
    for (dx, dy) in OFFSETS {
        let (cx, cy) = (point.0 + dx, point.1 + dy);
        let r = (cx - half_width, cx + half_width, cy - 6.5, cy + 6.5);
        if r.0 < frame.left || r.1 > frame.right || r.2 < frame.top || r.3 > frame.bottom {
            continue;
        }
        let blocked = taken.iter().filter(|t| overlaps(**t, r)).count();
        let lines = segments.iter().filter(|(a, b)| crosses(*a, *b, r)).count();
        let score = blocked * 100 + lines;
        if score < best.0 {
            best = (score, (cx, cy));
            if score == 0 {
                break;
            }
        }
    }
    best.1
}

/// Baselines of the legend rows, and of the lines under them.
const LEGEND_ROW: f64 = 18.0;
/// A legend row with a "same as" line under an entry.
const LEGEND_ROW_WITH_NOTE: f64 = 31.0;
const LIST_LINE: f64 = 15.0;
const NOTE_LINE: f64 = 14.0;

/// What goes under the plot, placed: the legend, the crossings' words, the note (each text as
/// its lines, or nothing when only the height is wanted).
struct Below<T> {
    legend: Vec<(f64, f64)>,
    list: Vec<T>,
    left_out: T,
    height: f64,
}

/// Where the next line of text below the plot goes, and where the last one went.
struct Pen {
    y: f64,
    last: f64,
}

impl Pen {
    /// Places `lines` one under another, `step` apart.
    fn lines(&mut self, lines: Vec<String>, step: f64) -> Vec<(f64, String)> {
        lines
            .into_iter()
            .map(|line| {
                let at = self.y;
                self.last = at;
                self.y += step;
                (at, line)
            })
            .collect()
    }

    /// Moves past `count` lines, `step` apart, as [`Pen::lines`] would place them.
    fn skip(&mut self, count: usize, step: f64) {
        for _ in 0..count {
            self.last = self.y;
            self.y += step;
        }
    }
}

impl Plan<'_> {
    /// The options not drawn, and why, as a sentence.
    fn left_out_text(&self) -> String {
        let mut text = String::new();
        for o in self.comparison.options.iter().filter(|o| !o.feasible) {
            text.push_str(if text.is_empty() { "Not drawn: " } else { ", " });
            text.push_str(o.short_name);
            text.push_str(if o.monthly_cost.is_none() {
                " (not priced)"
            } else {
                " (not feasible)"
            });
        }
        if !text.is_empty() {
            text.push('.');
        }
        text
    }

    /// Places the legend, the crossings' words and the note for `frame`, each text with
    /// `place` (given the pen, the text, its width in characters and its line spacing).
    fn below<T>(
        &self,
        frame: &Frame,
        mut place: impl FnMut(&mut Pen, &str, usize, f64) -> T,
    ) -> Below<T> {
        let columns = frame.legend_x.len();
        let mut pen = Pen {
            y: frame.bottom + 68.0,
            last: frame.bottom + 68.0,
        };
        let mut legend = Vec::with_capacity(self.drawn.len());
        for row in self.same_as.chunks(columns) {
            for (column, _) in row.iter().enumerate() {
                legend.push((frame.legend_x[column], pen.y));
            }
            pen.last = pen.y;
            pen.y += if row.iter().any(Option::is_some) {
                LEGEND_ROW_WITH_NOTE
            } else {
                LEGEND_ROW
            };
        }
        pen.y += 6.0;
        let list: Vec<T> = self
            .labels
            .iter()
            .map(|label| place(&mut pen, label, frame.text_chars - 3, LIST_LINE))
            .collect();
        pen.y += 4.0;
        let left_out = place(&mut pen, &self.left_out_text(), frame.text_chars, NOTE_LINE);
        Below {
            legend,
            list,
            left_out,
            height: (pen.last + 12.0).ceil(),
        }
    }

    /// The image's width and height in each layout, wide then narrow, as [`Plan::draw`] makes
    /// them.
    pub fn sizes(&self) -> [(u32, u32); 2] {
        [Layout::Wide, Layout::Narrow].map(|layout| {
            let frame = layout.frame();
            // Only the height: the lines are counted, not written.
            let below = self.below(frame, |pen, text, width, step| {
                pen.skip(line_count(text, width), step);
            });
            (frame.width as u32, below.height as u32)
        })
    }

    /// The chart in `layout`.
    pub fn draw(&self, layout: Layout) -> Chart {
        let frame = layout.frame();
        let c = self.comparison;
        let scenario = &c.scenario;
        let (x_max, x_step) = (self.x_max, self.x_step);
        let y_top = self
            .samples
            .iter()
            .flat_map(|(_, costs)| self.drawn.iter().filter_map(|&i| costs[i].map(coordinate)))
            .fold(0.0, f64::max)
            .max(1.0);
        let y_step = tick_step(y_top, MAX_INTERVALS);
        let y_max = round_up(y_top, y_step);
        let sx = |gb: f64| frame.left + (gb / x_max) * (frame.right - frame.left);
        let sy = |usd: f64| frame.bottom - (usd / y_max) * (frame.bottom - frame.top);

        let below = self.below(frame, |pen, text, width, step| {
            pen.lines(wrap(text, width), step)
        });
        let volume = coordinate(scenario.monthly_gb).min(x_max);
        let marker_x = sx(volume);

        // Every line's segments on the canvas, and the volume marker's, for placing numbers.
        let mut segments: Vec<Segment> =
            Vec::with_capacity(self.drawn.len() * self.samples.len() + 1);
        segments.push(((marker_x, frame.top), (marker_x, frame.bottom)));
        let series: Vec<Series> = self
            .lines()
            .enumerate()
            .map(|(n, (i, same_as))| {
                let option = &c.options[i];
                let (color, dash, marker) = style(i);
                let mut path = String::with_capacity(self.samples.len() * 16);
                let mut previous = None;
                for (k, (gb, costs)) in self.samples.iter().enumerate() {
                    let point = (sx(coordinate(*gb)), sy(costs[i].map_or(0.0, coordinate)));
                    path.push_str(if k == 0 { "M" } else { " L" });
                    Coord(point.0).push_to(&mut path);
                    path.push(' ');
                    Coord(point.1).push_to(&mut path);
                    if let Some(previous) = previous {
                        segments.push((previous, point));
                    }
                    previous = Some(point);
                }
                let cost = option.monthly_cost.unwrap_or_default();
                let (x, y) = below.legend[n];
                Series {
                    id: option.id,
                    name: option.name,
                    short_name: option.short_name,
                    color,
                    dash,
                    path: PathData(path),
                    cost,
                    marker: PathData(marker_path(marker, marker_x, sy(coordinate(cost.exact())))),
                    legend: (Coord(x), Coord(y)),
                    same_as: same_as.map(|j| c.options[j].short_name),
                }
            })
            .collect();

        let points: Vec<(f64, f64)> = self
            .meetings
            .iter()
            .map(|m| (sx(coordinate(m.gb)), sy(coordinate(m.cost.exact()))))
            .collect();
        // A number goes on no crossing's circle but its own, and on no number placed before it.
        let circles: Vec<Rect> = points
            .iter()
            .map(|&(x, y)| (x - 6.0, x + 6.0, y - 6.0, y + 6.0))
            .collect();
        let mut keys: Vec<Rect> = Vec::with_capacity(points.len());
        let crossovers = self
            .meetings
            .iter()
            .zip(points)
            .zip(&self.labels)
            .zip(below.list)
            .enumerate()
            .map(|(k, (((m, point), label), lines))| {
                let number = k + 1;
                let digits = if number >= 10 { 2 } else { 1 };
                let taken: Vec<Rect> = circles
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != k)
                    .map(|(_, r)| *r)
                    .chain(keys.iter().copied())
                    .collect();
                let key = key_place(point, digits, frame, &segments, &taken);
                let half_width = 3.5 * digits as f64 + 1.5;
                keys.push((
                    key.0 - half_width,
                    key.0 + half_width,
                    key.1 - 6.5,
                    key.1 + 6.5,
                ));
                Crossover {
                    number,
                    x: Coord(point.0),
                    y: Coord(point.1),
                    key_at: (Coord(key.0), Coord(key.1 + 4.0)),
                    gb: m.gb,
                    cost: m.cost,
                    between: meeting_ids(m, c),
                    title: meeting_title(m, c),
                    label: label.clone(),
                    lines: lines
                        .into_iter()
                        .map(|(y, line)| (Coord(y), line))
                        .collect(),
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
                        label: PathData(short_number(prefix, value)),
                    }
                })
                .collect::<Vec<_>>()
        };
        let marker_label = format!("{} GB", human(scenario.monthly_gb));
        // "you: " and the volume, in bold: about 7 units a character.
        let marker_half_width = (5 + marker_label.chars().count()) as f64 * 7.0 / 2.0;
        let title = format!("Monthly cost by traffic · {} ({})", c.region_name, c.region);
        let heading = match layout {
            Layout::Wide => title.clone(),
            Layout::Narrow => format!("Monthly cost by traffic · {}", c.region),
        };
        Chart {
            width: frame.width as u32,
            height: below.height as u32,
            left: Coord(frame.left),
            right: Coord(frame.right),
            top: Coord(frame.top),
            bottom: Coord(frame.bottom),
            series,
            x_ticks: ticks(x_step, x_max, &sx, ""),
            y_ticks: ticks(y_step, y_max, &sy, "$"),
            marker_x: Coord(marker_x),
            marker_label_x: Coord(
                marker_x
                    .max(frame.left + marker_half_width)
                    .min(frame.width - 4.0 - marker_half_width),
            ),
            marker_label_y: Coord(frame.top - 8.0),
            marker_label,
            crossovers,
            list_x: (Coord(frame.text_x), Coord(frame.text_x + 16.0)),
            title,
            heading,
            heading_size: frame.title_size,
            heading_y: Coord(frame.title_y),
            cost_axis: (
                Coord(frame.axis_title_x),
                Coord((frame.top + frame.bottom) / 2.0),
            ),
            cost_labels_x: Coord(frame.left - 8.0),
            tick_end: Coord(frame.bottom + 5.0),
            traffic_labels_y: Coord(frame.bottom + 20.0),
            traffic_axis_x: Coord((frame.left + frame.right) / 2.0),
            traffic_axis_y: Coord(frame.bottom + 40.0),
            legend_cost_x: Coord(frame.legend_cost_x),
            left_out: below
                .left_out
                .into_iter()
                .map(|(y, line)| (Coord(y), line))
                .collect(),
        }
    }
}

/// The ids of the options meeting at a point, space-separated.
fn meeting_ids(m: &Meeting, c: egress_core::engine::Headline<'_, '_>) -> String {
    let mut ids = String::with_capacity(24 * m.options.len());
    for (k, &i) in m.options.iter().enumerate() {
        if k > 0 {
            ids.push(' ');
        }
        ids.push_str(c.options[i].id);
    }
    ids
}

/// "NAT gateways and Public subnets cost the same, $183.38 a month, at 1,752 GB a month".
fn meeting_title(m: &Meeting, c: egress_core::engine::Headline<'_, '_>) -> String {
    use std::fmt::Write as _;
    let mut title = String::with_capacity(64 + 48 * m.options.len());
    let last = m.options.len().saturating_sub(1);
    for (k, &i) in m.options.iter().enumerate() {
        title.push_str(match k {
            0 => "",
            _ if k == last => " and ",
            _ => ", ",
        });
        title.push_str(c.options[i].name);
    }
    // Writing to a String cannot fail.
    let _ = write!(
        title,
        " cost the same, {} a month, at {} GB a month",
        m.cost.display(),
        m.volume()
    );
    title
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_segment_crosses_a_box_only_when_it_passes_through_it() {
        let r = (10.0, 20.0, 10.0, 20.0);
        assert!(crosses((0.0, 15.0), (30.0, 15.0), r), "straight through");
        assert!(crosses((15.0, 15.0), (40.0, 40.0), r), "starts inside");
        assert!(!crosses((0.0, 0.0), (30.0, 5.0), r), "passes above");
        assert!(!crosses((0.0, 30.0), (30.0, 29.0), r), "passes below");
        assert!(!crosses((0.0, 0.0), (9.0, 40.0), r), "ends left of it");
        assert!(crosses((0.0, 0.0), (30.0, 30.0), r), "diagonally");
    }
}
