//! The comparison as SVG images: the cost-against-traffic chart and the ranked card.

use crate::chart::{self, Chart};
use crate::{Numbers, render};
use askama::Template;
use egress_core::engine::Comparison;
use egress_core::pricing::PricingTable;

#[derive(Template)]
#[template(path = "chart.svg")]
struct ChartSvg<'a> {
    chart: &'a Chart,
    width: u32,
    height: u32,
}

#[derive(Template)]
#[template(path = "card.svg")]
struct CardSvg<'a> {
    c: &'a Comparison<'a>,
    subtitle: Vec<String>,
    rows_top: usize,
    verdict: Vec<String>,
    verdict_top: usize,
    height: usize,
}

impl Numbers for CardSvg<'_> {}

/// The chart of a comparison as SVG markup (the image, and inline on the results page).
pub fn chart(c: &Comparison<'_>, table: &PricingTable) -> Result<String, askama::Error> {
    let chart = chart::build(c, table).map_err(|e| askama::Error::Custom(Box::new(e)))?;
    // About 9–12 KB, with every option drawn and its crossings labelled.
    render(
        &ChartSvg {
            chart: &chart,
            width: chart::WIDTH,
            height: chart::HEIGHT,
        },
        16 * 1024,
    )
}

/// The ranked comparison as a card image.
pub fn card(c: &Comparison<'_>) -> Result<String, askama::Error> {
    let verdict = chart::wrap(&c.headline_verdict(), 86);
    let mut subtitle = chart::wrap(&c.scenario.summary().to_string(), 96);
    if let Some(today) = &c.today {
        subtitle.extend(chart::wrap(today, 96));
    }
    // One 28-unit row per option under the header, then the verdict.
    let rows_top = 76 + subtitle.len() * 16;
    let verdict_top = rows_top + 8 + c.options.len() * 28 + 22;
    let height = verdict_top + verdict.len() * 18 + 24;
    let svg = CardSvg {
        c,
        subtitle,
        rows_top,
        verdict,
        verdict_top,
        height,
    };
    render(&svg, 8 * 1024)
}
