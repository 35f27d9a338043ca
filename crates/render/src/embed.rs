//! The chrome-less `/embed` view of a comparison, for iframes in wikis.

use crate::markup::{Attr, filters};
use crate::{Numbers, images, render};
use askama::Template;
use egress_core::engine::Headline;
use egress_core::pricing::PricingTable;

#[derive(Template)]
#[template(path = "embed.html")]
struct EmbedPage<'a> {
    c: Headline<'a, 'a>,
    /// The options cheapest first, their costs, the summary line and the headline's verdict.
    shown: images::Shown<'a>,
    /// The permalink's query string and the links' base, each escaped for an attribute once.
    query: String,
    base: String,
    /// The head's tags for crawlers and chat apps (canonical: the results page).
    unfurl: crate::images::Unfurl,
}

impl Numbers for EmbedPage<'_> {}

/// The embed page of a comparison, its link to the full page starting with `base`.
pub fn page(
    c: Headline<'_, '_>,
    table: &PricingTable,
    base: &str,
) -> Result<String, askama::Error> {
    let (query, shown, unfurl) = images::comparison_page(c, table, base);
    let page = EmbedPage {
        c,
        shown,
        query: Attr(&query).to_string(),
        base: Attr(base).to_string(),
        unfurl,
    };
    render(&page, 16 * 1024)
}
