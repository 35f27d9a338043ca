//! The chrome-less `/embed` view of a comparison, for iframes in wikis.

use crate::{Numbers, render};
use askama::Template;
use egress_core::engine::Comparison;
use egress_core::pricing::PricingTable;
use egress_core::scenario::permalink;

#[derive(Template)]
#[template(path = "embed.html")]
struct EmbedPage<'a> {
    c: &'a Comparison<'a>,
    query: String,
    base: &'a str,
    /// The head's tags for crawlers and chat apps (canonical: the results page).
    unfurl: crate::images::Unfurl,
}

impl Numbers for EmbedPage<'_> {}

/// The embed page of a comparison, its link to the full page starting with `base`.
pub fn page(c: &Comparison<'_>, table: &PricingTable, base: &str) -> Result<String, askama::Error> {
    let query = permalink::to_query(&c.scenario, table);
    let unfurl = crate::images::unfurl(c, table, base, &format!("/compare?{query}"));
    let page = EmbedPage {
        c,
        query,
        base,
        unfurl,
    };
    render(&page, 16 * 1024)
}
