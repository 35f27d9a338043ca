//! The HTML pages: the form, the results page, and the page that says an address has no page.

use crate::chart::Plan;
use crate::form::{
    ErrorSummary, FormField, ServiceInput, advanced_open, error_summary, form_fields,
    service_fields, services_open,
};
use crate::markup::{Attr, filters};
use crate::{Numbers, PAGE_BYTES, Site, images, render};
use askama::Template;
use egress_core::engine::properties::Statement;
use egress_core::engine::{Comparison, Money, OptionResult};
use egress_core::money::words::Grouped;
use egress_core::pricing::PricingTable;
use egress_core::scenario::{FIELDS, FieldErrors};
use std::borrow::Cow;

/// A query string as name and value pairs, the user's text kept as typed.
pub type Pairs<'q> = [(Cow<'q, str>, Cow<'q, str>)];

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage<'a> {
    site: Site<'a>,
    form: Vec<FormField<'a>>,
    services: Vec<ServiceInput<'a>>,
    services_open: bool,
    errors: Option<ErrorSummary>,
    advanced_open: bool,
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage<'a> {
    site: Site<'a>,
    c: &'a Comparison<'a>,
    /// The options cheapest first, their costs, the summary line and the headline's verdict.
    shown: images::Shown<'a>,
    /// For each option in `shown.ranked`, for availability, security and operations: the earlier
    /// option whose deciding statement (and source) is the same, so the page says it once.
    said_before: Vec<[Option<usize>; 3]>,
    /// The permalink's query string, and that escaped for an attribute once (a dozen links
    /// write it).
    permalink: String,
    query: String,
    /// The links' base, escaped for an attribute.
    base: String,
    figure: Figure,
    /// Public subnets win with the task count at its default: the page says
    /// the price assumes that many tasks.
    public_ips_assumed: bool,
    /// The head's tags for crawlers and chat apps.
    unfurl: images::Unfurl,
}

/// The chart as the page shows it: the image (`/chart.svg`, narrower on a phone) with its text
/// alternative, and its numbered crossings as a table.
struct Figure {
    /// Width and height of the wide image and of the narrow one.
    wide: (u32, u32),
    narrow: (u32, u32),
    alt: String,
    crossings: Vec<CrossingRow>,
}

/// One point where options cost the same, as the chart numbers it.
struct CrossingRow {
    number: usize,
    names: String,
    volume: Grouped,
    cost: Money,
}

impl Figure {
    fn of(c: &Comparison<'_>, table: &PricingTable) -> Result<Figure, askama::Error> {
        let c = c.headline();
        let plan = Plan::new(c, table).map_err(|e| askama::Error::Custom(Box::new(e)))?;
        let crossings: Vec<CrossingRow> = plan
            .meetings()
            .iter()
            .enumerate()
            .map(|(k, m)| CrossingRow {
                number: k + 1,
                names: m.names(c),
                volume: m.volume(),
                cost: m.cost,
            })
            .collect();
        let drawn = plan.lines().count();
        let alt = format!(
            "Chart of monthly cost against monthly traffic, 0 to {} GB, one line for each of the {} options that can carry the scenario, marked at its {} GB: their costs there are in the table above{}.",
            plan.range(),
            drawn,
            egress_core::money::words::human(c.scenario.monthly_gb),
            match crossings.len() {
                0 => ", and no two of them cross in this range".to_owned(),
                1 => ", the one point where options cost the same in the table below".to_owned(),
                n => format!(", the {n} points where options cost the same in the table below"),
            }
        );
        let [wide, narrow] = plan.sizes();
        Ok(Figure {
            wide,
            narrow,
            alt,
            crossings,
        })
    }
}

/// For each option of `ranked`, for each of its three properties, the first earlier option
/// whose deciding statement is the same text from the same source.
fn said_before(ranked: &[&OptionResult]) -> Vec<[Option<usize>; 3]> {
    fn leads(o: &OptionResult) -> [Option<&Statement>; 3] {
        let p = o.properties.as_ref();
        [
            p.map(|p| &p.availability.lead),
            p.map(|p| &p.security.lead),
            p.map(|p| &p.operations.lead),
        ]
    }
    ranked
        .iter()
        .enumerate()
        .map(|(k, o)| {
            let mine = leads(o);
            let mut before = [None; 3];
            for (aspect, statement) in mine.iter().enumerate() {
                let Some(statement) = statement else { continue };
                before[aspect] = ranked[..k].iter().position(|e| {
                    leads(e)[aspect].is_some_and(|theirs| {
                        theirs.source == statement.source && theirs.text == statement.text
                    })
                });
            }
            before
        })
        .collect()
}

impl Numbers for ComparePage<'_> {}

/// Longest page title: search results and tabs cut longer ones.
pub const TITLE_MAX: usize = 60;

impl ComparePage<'_> {
    /// `Public $104.60/mo · us-east-1 · egress-planner`, without the app's
    /// name (then the region) when that would pass [`TITLE_MAX`] characters.
    fn title(&self) -> String {
        let o = self.c.cheapest_option();
        let mut title = String::with_capacity(2 * TITLE_MAX);
        title.push_str(o.short_name);
        title.push(' ');
        // Writing into a String cannot fail.
        let _ = self.money(&o.monthly_cost).write_to(&mut title);
        title.push_str("/mo");
        let head = title.len();
        title.push_str(" · ");
        title.push_str(self.c.region);
        let region = title.len();
        title.push_str(" · egress-planner");
        // Each longer than allowed gives way to the next shorter one.
        for end in [region, head] {
            if title.chars().count() > TITLE_MAX {
                title.truncate(end);
            }
        }
        title
    }

    /// The permalink's pairs, for the decision-record form's hidden inputs: split as they are,
    /// or decoded when the permalink has an escaped value.
    fn query_pairs(&self) -> Vec<(Cow<'_, str>, Cow<'_, str>)> {
        if self.permalink.contains(['%', '+']) {
            return egress_core::scenario::query_pairs(&self.permalink);
        }
        self.permalink
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (Cow::Borrowed(k), Cow::Borrowed(v)))
            .collect()
    }

    /// The scenario-wide NAT gateway verdict, unless the headline already
    /// says it word for word.
    fn nat_verdict(&self) -> Option<String> {
        let verdict = self.c.bandwidth.verdict.to_string();
        (verdict != self.shown.verdict).then_some(verdict)
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
        form: form_fields(site.forms, table, pairs, errors),
        services: service_fields(site.forms, pairs),
        services_open: services_open(pairs, errors),
        errors: error_summary(errors, FIELDS),
        advanced_open: advanced_open(pairs, errors),
    };
    render(&page, PAGE_BYTES)
}

/// The results page of a comparison, its links starting with `base` (empty: relative). The form
/// is not on it: "Change the scenario" opens `/` filled with the permalink's scenario, which keeps
/// the page to what it answers.
pub fn compare(
    site: Site<'_>,
    table: &PricingTable,
    c: &Comparison<'_>,
    base: &str,
) -> Result<String, askama::Error> {
    let (query, shown, unfurl) = images::comparison_page(c.headline(), table, base);
    let page = ComparePage {
        site,
        c,
        said_before: said_before(&shown.ranked),
        shown,
        query: Attr(&query).to_string(),
        permalink: query,
        base: Attr(base).to_string(),
        figure: Figure::of(c, table)?,
        public_ips_assumed: c.cheapest == "public_subnet"
            && c.scenario.public_ips == site.forms.defaults().public_ips,
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
