//! The cost-against-traffic chart. What it shows is decided once, as a [`Plan`]: the traffic
//! range around the scenario's volume, each feasible option's cost along it, the points where
//! options cost the same (numbered, and listed in words), and the lines that lie on an earlier
//! option's all along. A plan is then drawn in a [`Layout`] (720 units wide, or 360 for a phone),
//! and the results page lists the same crossings as an HTML table. Every cost and crossing
//! comes from the engine (`engine::samples_knowing`, `engine::crossings`); this module only
//! chooses and places them.
//!
//! Each option's cost is linear in `monthly_gb` between the volumes where some cost changes
//! slope, so the engine's costs at the ends of the range and at those volumes draw the curves
//! exactly, and crossings found within each segment are exact.

mod draw;
mod layout;
mod text;

pub use draw::{Chart, Crossover, Series, Tick};
pub use layout::Layout;
pub use text::{Coord, wrap};

use egress_core::engine::{self, EngineError, Headline, Money};
use egress_core::money::words::{Grouped, human};
use egress_core::pricing::PricingTable;
use rust_decimal::Decimal;

/// The most traffic a scenario may have, GB a month: the axis never runs further.
const MAX_GB: f64 = 1e9;
/// The shortest traffic axis, GB a month.
const MIN_RANGE: f64 = 100.0;
/// The axis runs to the first round number past this many times the scenario's volume, so the
/// volume sits between three tenths and two fifths of the way along and the crossings near it
/// have room on both sides.
const RANGE_TIMES: f64 = 2.5;
/// Most intervals between ticks on either axis.
const MAX_INTERVALS: u32 = 5;
/// Crossings numbered and listed (more would crowd the plot and the list).
const MAX_CROSSINGS: usize = 6;

/// The smallest round step (1, 2, 2.5 or 5 × a power of ten) that reaches `value` in at most
/// `intervals` steps.
fn tick_step(value: f64, intervals: u32) -> f64 {
    if value <= 0.0 || !value.is_finite() {
        return 1.0;
    }
    let rough = value / f64::from(intervals);
    let power = 10f64.powf(rough.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|step| *step >= rough * 0.999_999)
        .unwrap_or(10.0 * power)
}

/// `value` rounded up to a whole number of `step`s.
fn round_up(value: f64, step: f64) -> f64 {
    (value / step - 1e-9).ceil().max(1.0) * step
}

/// The traffic axis for a scenario's volume: its far end and its tick step, GB a month.
fn traffic_axis(volume: f64) -> (f64, f64) {
    let wanted = (volume * RANGE_TIMES).clamp(MIN_RANGE, MAX_GB);
    let step = tick_step(wanted, MAX_INTERVALS);
    (round_up(wanted, step).min(MAX_GB), step)
}

/// A decimal as a float, for placing it on the canvas (never for money): its digits over its
/// power of ten, which is close enough for a tenth of a unit and a tenth of the work of an
/// exact conversion.
fn coordinate(value: Decimal) -> f64 {
    const POWERS: [f64; 29] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28,
    ];
    let scale = value.scale() as usize;
    value.mantissa() as f64 / POWERS.get(scale).copied().unwrap_or(1e28)
}

/// A point where two or more options cost the same.
#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    /// GB a month there.
    pub gb: Decimal,
    /// What each of them costs there.
    pub cost: Money,
    /// Their positions in the comparison's options, ascending.
    pub options: Vec<usize>,
}

impl Meeting {
    /// The volume as the chart and the page write it: whole GB, grouped (`6,257`).
    pub fn volume(&self) -> Grouped {
        human(self.gb.round())
    }

    /// The options' short names: `NAT+S3 = Regional NAT`.
    pub fn names(&self, c: Headline<'_, '_>) -> String {
        let mut names = String::with_capacity(40 + 16 * self.options.len());
        for (k, &i) in self.options.iter().enumerate() {
            if k > 0 {
                names.push_str(" = ");
            }
            names.push_str(c.options[i].short_name);
        }
        names
    }

    /// `NAT+S3 = Regional NAT: 6,257 GB, $354.57`.
    pub fn label(&self, c: Headline<'_, '_>) -> String {
        use std::fmt::Write as _;
        let mut label = self.names(c);
        // Writing to a String cannot fail.
        let _ = write!(label, ": {} GB, {}", self.volume(), self.cost.display());
        label
    }
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

/// What a chart of a comparison shows, before it is drawn in a layout.
#[derive(Debug, Clone)]
pub struct Plan<'c> {
    comparison: Headline<'c, 'c>,
    /// The traffic axis's far end and tick step, GB a month.
    x_max: f64,
    x_step: f64,
    /// The costs at 0, at the far end, at the scenario's volume and where a slope changes.
    samples: Vec<engine::curve::Sample>,
    /// Positions of the options drawn: the feasible ones.
    drawn: Vec<usize>,
    /// For each option drawn (in `drawn`'s order), an earlier one whose cost equals its own at
    /// every volume of the range, so its line lies on that one's.
    same_as: Vec<Option<usize>>,
    meetings: Vec<Meeting>,
    /// Each meeting's label ([`Meeting::label`]).
    labels: Vec<String>,
}

impl<'c> Plan<'c> {
    /// The chart of `comparison`: its own costs, and an engine pass for each volume in the range
    /// where a cost changes slope (none for most scenarios; see `engine::samples_knowing`).
    pub fn new(comparison: Headline<'c, 'c>, table: &PricingTable) -> Result<Self, EngineError> {
        let scenario = comparison.scenario;
        let drawn: Vec<usize> = (0..comparison.options.len())
            .filter(|&i| comparison.options[i].feasible)
            .collect();
        let (x_max, x_step) = traffic_axis(coordinate(scenario.monthly_gb));
        // A whole number of GB: the step is at least 20.
        let to = Decimal::from(x_max as u64).max(scenario.monthly_gb);
        let samples = engine::samples_knowing(scenario, comparison.options, table, to)?;
        let same_as: Vec<Option<usize>> = drawn
            .iter()
            .enumerate()
            .map(|(n, &i)| {
                drawn[..n].iter().copied().find(|&j| {
                    samples
                        .iter()
                        .all(|(_, costs)| costs[i].is_some() && costs[i] == costs[j])
                })
            })
            .collect();
        // A line lying on another's crosses what that one crosses: only the first of them is
        // looked at, and the others join its meetings.
        let distinct: Vec<usize> = drawn
            .iter()
            .zip(&same_as)
            .filter(|(_, same)| same.is_none())
            .map(|(&i, _)| i)
            .collect();
        let mut meetings = meetings(engine::crossings(&samples, &distinct)?);
        meetings.truncate(MAX_CROSSINGS);
        for m in &mut meetings {
            for (&i, same) in drawn.iter().zip(&same_as) {
                if same.is_some_and(|j| m.options.contains(&j))
                    && let Err(place) = m.options.binary_search(&i)
                {
                    m.options.insert(place, i);
                }
            }
        }
        let labels = meetings.iter().map(|m| m.label(comparison)).collect();
        Ok(Plan {
            comparison,
            x_max,
            x_step,
            samples,
            drawn,
            same_as,
            meetings,
            labels,
        })
    }

    /// The points where options cost the same, in the order they are numbered (by volume).
    pub fn meetings(&self) -> &[Meeting] {
        &self.meetings
    }

    /// How far the traffic axis runs, GB a month.
    pub fn range(&self) -> Grouped {
        human(Decimal::from(self.x_max as u64))
    }

    /// The options drawn, each with the option whose line its own lies on, if any.
    pub fn lines(&self) -> impl Iterator<Item = (usize, Option<usize>)> + '_ {
        self.drawn.iter().copied().zip(self.same_as.iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn tick_steps_are_one_two_two_and_a_half_or_five_times_a_power_of_ten() {
        // The smallest round step of at least a fifth: 730 → 200 (0…800), 6,250 → 2,000
        // (0…8,000), 12,500 → 2,500 (five steps), 1,000 → 200, 2,100 → 500, 11 → 2.5.
        assert_eq!(tick_step(730.0, 5), 200.0);
        assert_eq!(tick_step(6250.0, 5), 2000.0);
        assert_eq!(tick_step(12_500.0, 5), 2500.0);
        assert_eq!(tick_step(1000.0, 5), 200.0);
        assert_eq!(tick_step(2100.0, 5), 500.0);
        assert_eq!(tick_step(11.0, 5), 2.5);
        assert_eq!(tick_step(0.0, 5), 1.0);
    }

    #[test]
    fn the_traffic_axis_puts_the_volume_three_tenths_to_two_fifths_along() {
        // 5,000 GB: 2.5 × 5,000 = 12,500 in steps of 2,500. 3,000: 7,500 needs steps of 2,000
        // (2,500 would make 3, 1,500 is no round step), so the axis ends at 8,000.
        assert_eq!(traffic_axis(5000.0), (12_500.0, 2500.0));
        assert_eq!(traffic_axis(3000.0), (8000.0, 2000.0));
        // Little or no traffic: 100 GB at least. The most a scenario takes: 1,000,000,000.
        assert_eq!(traffic_axis(0.0), (100.0, 20.0));
        assert_eq!(traffic_axis(1e9), (1e9, 2e8));
        for volume in [100.0, 777.0, 1234.5, 9999.0, 48_000.0, 3.3e6, 3.9e8] {
            let (max, step) = traffic_axis(volume);
            let along = volume / max;
            assert!((0.29..=0.41).contains(&along), "{volume}: {along} of {max}");
            assert!((max / step).round() <= 5.0, "{volume}: {max} by {step}");
        }
    }

    #[test]
    fn coordinates_read_a_decimal_closely_enough_to_place_it() {
        for value in [
            dec!(0),
            dec!(12500),
            dec!(354.565),
            dec!(-3.25),
            dec!(0.0000001),
        ] {
            let exact: f64 = value.to_string().parse().unwrap();
            assert!(
                (coordinate(value) - exact).abs() <= exact.abs() * 1e-12,
                "{value}"
            );
        }
        let big = Decimal::from(1_000_000_000u64) / dec!(3);
        assert!((coordinate(big) - 333_333_333.333_333_3).abs() < 1e-3);
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
}
