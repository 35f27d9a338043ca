//! The workload builder's page: its form, and with an answer, the scenario it implies, each
//! derivation step and the link to the comparison.

use crate::form::{ErrorSummary, FormField, error_summary, inputs};
use crate::markup::filters;
use crate::pages::Pairs;
use crate::{Numbers, PAGE_BYTES, Site, render};
use askama::Template;
use egress_core::pricing::PricingTable;
use egress_core::scenario::{FieldErrors, KNOWN_SERVICES, SERVICE_PREFIX};
use egress_core::workload::{Built, WORKLOAD_FIELDS, Workload};

#[derive(Template)]
#[template(path = "workload.html")]
struct WorkloadPage<'a> {
    site: Site<'a>,
    form: Vec<FormField<'a>>,
    services: Vec<(String, String, String)>,
    errors: Option<ErrorSummary>,
    built: Option<&'a Built>,
    compare_url: &'a str,
    /// With a built scenario, the head's tags for its comparison.
    unfurl: Option<&'a crate::images::Unfurl>,
}

impl Numbers for WorkloadPage<'_> {}

/// The builder's page: the form filled from `pairs`, the errors beside their fields, and the
/// built scenario with `compare_url` and the unfurl tags of its comparison when there is one.
pub fn page(
    site: Site<'_>,
    table: &PricingTable,
    pairs: &Pairs<'_>,
    built: Option<&Built>,
    errors: Option<&FieldErrors>,
    compare_url: &str,
    unfurl: Option<&crate::images::Unfurl>,
) -> Result<String, askama::Error> {
    let services = KNOWN_SERVICES
        .iter()
        .filter(|k| k.name != "logs")
        .map(|k| {
            let name = format!("{SERVICE_PREFIX}{}", k.name);
            let value = pairs
                .iter()
                .find(|(p, _)| *p == name)
                .map_or(String::new(), |(_, v)| v.to_string());
            (k.name.to_owned(), k.description.to_owned(), value)
        })
        .collect();
    let page = WorkloadPage {
        site,
        form: inputs(
            site.forms,
            table,
            WORKLOAD_FIELDS,
            &Workload::defaults(table),
            pairs,
            errors,
        ),
        services,
        errors: error_summary(errors, WORKLOAD_FIELDS),
        built,
        compare_url,
        unfurl,
    };
    render(&page, PAGE_BYTES)
}
