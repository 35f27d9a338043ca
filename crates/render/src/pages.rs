//! The HTML pages: the form, the results page, and the page that says an address has no page.

use crate::form::{
    ErrorSummary, FormField, advanced_open, error_summary, form_fields, service_fields,
    services_open,
};
use crate::{Numbers, PAGE_BYTES, Site, images, render};
use askama::Template;
use egress_core::engine::Comparison;
use egress_core::pricing::PricingTable;
use egress_core::scenario::{FIELDS, FieldErrors, Scenario, permalink};
use std::borrow::Cow;

/// A query string as name and value pairs, the user's text kept as typed.
pub type Pairs<'q> = [(Cow<'q, str>, Cow<'q, str>)];

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage<'a> {
    site: Site<'a>,
    form: Vec<FormField>,
    services: Vec<FormField>,
    services_open: bool,
    errors: Option<ErrorSummary>,
    advanced_open: bool,
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage<'a> {
    site: Site<'a>,
    c: &'a Comparison<'a>,
    query: String,
    base: &'a str,
    chart: String,
    form: Vec<FormField>,
    services: Vec<FormField>,
    services_open: bool,
    errors: Option<ErrorSummary>,
    advanced_open: bool,
    /// Public subnets win with the task count at its default: the page says
    /// the price assumes that many tasks.
    public_ips_assumed: bool,
    /// The head's tags for crawlers and chat apps.
    unfurl: images::Unfurl,
}

impl Numbers for ComparePage<'_> {}

/// Longest page title: search results and tabs cut longer ones.
pub const TITLE_MAX: usize = 60;

impl ComparePage<'_> {
    /// `Public $104.60/mo · us-east-1 · egress-planner`, without the app's
    /// name (then the region) when that would pass [`TITLE_MAX`] characters.
    fn title(&self) -> String {
        let o = self.c.cheapest_option();
        let head = format!("{} {}/mo", o.short_name, self.money(&o.monthly_cost));
        [
            format!("{head} · {} · egress-planner", self.c.region),
            format!("{head} · {}", self.c.region),
        ]
        .into_iter()
        .find(|t| t.chars().count() <= TITLE_MAX)
        .unwrap_or(head)
    }

    /// The permalink's pairs, for the decision-record form's hidden inputs.
    fn query_pairs(&self) -> Vec<(String, String)> {
        egress_core::scenario::query_pairs(&self.query)
            .into_iter()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    /// The scenario-wide NAT gateway verdict, unless the headline already
    /// says it word for word.
    fn nat_verdict(&self) -> Option<String> {
        let verdict = self.c.bandwidth.verdict.to_string();
        (verdict != self.c.headline_verdict()).then_some(verdict)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    site: Site<'a>,
    title: &'a str,
    message: &'a str,
}

/// The form, filled from what the user typed, with every error beside its field.
pub fn index(
    site: Site<'_>,
    table: &PricingTable,
    pairs: &Pairs<'_>,
    errors: Option<&FieldErrors>,
) -> Result<String, askama::Error> {
    let page = IndexPage {
        site,
        form: form_fields(table, pairs, errors),
        services: service_fields(pairs),
        services_open: services_open(pairs, errors),
        errors: error_summary(errors, FIELDS),
        advanced_open: advanced_open(pairs, errors),
    };
    render(&page, PAGE_BYTES)
}

/// The results page of a comparison, its links starting with `base` (empty: relative), the form
/// below it filled from what the user typed.
pub fn compare(
    site: Site<'_>,
    table: &PricingTable,
    c: &Comparison<'_>,
    pairs: &Pairs<'_>,
    base: &str,
) -> Result<String, askama::Error> {
    let query = permalink::to_query(&c.scenario, table);
    let unfurl = images::unfurl(c, table, base, &format!("/compare?{query}"));
    let page = ComparePage {
        site,
        c,
        query,
        base,
        chart: images::chart(c, table)?,
        form: form_fields(table, pairs, None),
        services: service_fields(pairs),
        services_open: services_open(pairs, None),
        errors: None,
        advanced_open: advanced_open(pairs, None),
        public_ips_assumed: c.cheapest == "public_subnet"
            && c.scenario.public_ips == Scenario::defaults(table).public_ips,
        unfurl,
    };
    render(&page, PAGE_BYTES)
}

/// A page with a title and one sentence (an address with no page behind it).
pub fn message(site: Site<'_>, title: &str, message: &str) -> Result<String, askama::Error> {
    render(
        &ErrorPage {
            site,
            title,
            message,
        },
        8 * 1024,
    )
}
