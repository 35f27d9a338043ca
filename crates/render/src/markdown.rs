//! The comparison as Markdown for review documents: `/compare.md` and `compare --format markdown`.

use crate::{Numbers, PAGE_BYTES, render};
use askama::Template;
use egress_core::engine::Comparison;
use egress_core::pricing::PricingTable;
use egress_core::scenario::permalink;

#[derive(Template)]
#[template(path = "compare.md")]
struct MarkdownPage<'a> {
    c: &'a Comparison<'a>,
    query: String,
    base: &'a str,
}

impl Numbers for MarkdownPage<'_> {}

/// A comparison as Markdown, its link to the results page starting with `base` (empty: a
/// relative link).
pub fn markdown(
    comparison: &Comparison<'_>,
    table: &PricingTable,
    base: &str,
) -> Result<String, askama::Error> {
    let page = MarkdownPage {
        query: permalink::to_query(&comparison.scenario, table),
        c: comparison,
        base: base.trim_end_matches('/'),
    };
    render(&page, PAGE_BYTES)
}
