//! The chrome-less `/embed` view of a comparison, for iframes in wikis.

use crate::markup::{Attr, filters};
use crate::{Numbers, images, render};
use askama::Template;
use egress_core::engine::{Comparison, OptionResult};
use egress_core::pricing::PricingTable;
use egress_core::scenario::permalink;

#[derive(Template)]
#[template(path = "embed.html")]
struct EmbedPage<'a> {
    c: &'a Comparison<'a>,
    /// The options cheapest first, and each one's cost as every view writes it.
    ranked: Vec<&'a OptionResult>,
    costs: Vec<String>,
    /// The scenario's one-line summary and the headline's bandwidth sentence, shared with the
    /// unfurl tags.
    summary: String,
    verdict: String,
    /// The permalink's query string and the links' base, each escaped for an attribute once.
    query: String,
    base: String,
    /// The head's tags for crawlers and chat apps (canonical: the results page).
    unfurl: crate::images::Unfurl,
}

impl Numbers for EmbedPage<'_> {}

/// The embed page of a comparison, its link to the full page starting with `base`.
pub fn page(c: &Comparison<'_>, table: &PricingTable, base: &str) -> Result<String, askama::Error> {
    let query = permalink::to_query(&c.scenario, table);
    let ranked = c.ranked();
    let costs: Vec<String> = ranked.iter().map(|o| images::cost_of(o)).collect();
    let summary = c.scenario.summary().to_string();
    let verdict = c.headline_verdict();
    let unfurl = images::unfurl_with(
        c,
        table,
        base,
        &format!("/compare?{query}"),
        images::Shown {
            ranked: &ranked,
            costs: &costs,
            summary: &summary,
            verdict: &verdict,
        },
    );
    let page = EmbedPage {
        c,
        ranked,
        costs,
        summary,
        verdict,
        query: Attr(&query).to_string(),
        base: Attr(base).to_string(),
        unfurl,
    };
    render(&page, 16 * 1024)
}
