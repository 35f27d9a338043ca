//! The measure page: a form to upload a Terraform plan, a bill and a flow-log aggregate (or paste the
//! aggregate), and with an answer, the derivation, each field's source, the disagreements between sources
//! and the link to the comparison.

use crate::form::ErrorSummary;
use crate::{Numbers, PAGE_BYTES, Site, render};
use askama::Template;

/// What the measurement found, in words the page shows (built by the web layer from the ingest crate's
/// answer, so this crate needs no reader).
#[derive(Debug, Clone, Default)]
pub struct MeasureView {
    /// The scenario in one line (`Scenario::summary`).
    pub summary: String,
    /// Every step of the derivation.
    pub derivation: Vec<String>,
    /// The sentences about sources that disagree.
    pub disagreements: Vec<String>,
    /// (field, value, source) for each derived field.
    pub fields: Vec<(String, String, String)>,
    /// `/compare?…`.
    pub compare_url: String,
    /// The option in place today, per the plan, or why none matches.
    pub current: Option<String>,
    /// The command that compares the same scenario.
    pub compare_command: String,
    /// With a bill and today's option: (figure, modelled, billed, why) for each of its figures.
    pub beside: Vec<(String, String, String, String)>,
}

#[derive(Template)]
#[template(path = "measure.html")]
struct MeasurePage<'a> {
    site: Site<'a>,
    view: Option<&'a MeasureView>,
    errors: Option<ErrorSummary>,
    csv_text: &'a str,
    /// Whether the server classifies aggregates by remote address (it was given ip-ranges.json).
    by_address: bool,
}

impl Numbers for MeasurePage<'_> {}

/// The page: the form (the pasted CSV kept), with the answer or the errors. `errors` are (input id or
/// empty, message); the ids are `terraform`, `bill`, `flow_logs` and `flow_logs_csv`. `by_address`:
/// the server classifies aggregates by remote address too.
pub fn page(
    site: Site<'_>,
    view: Option<&MeasureView>,
    errors: &[(String, String)],
    csv_text: &str,
    by_address: bool,
) -> Result<String, askama::Error> {
    let page = MeasurePage {
        site,
        view,
        errors: (!errors.is_empty()).then(|| ErrorSummary {
            items: errors.to_vec(),
        }),
        csv_text,
        by_address,
    };
    render(&page, PAGE_BYTES)
}
