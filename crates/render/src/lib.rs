//! Every view of a comparison: the results page and the form, the embed, the chart and card SVGs,
//! the Markdown, the CLI's table and CSV, and a bad request per content type. Each renders the one
//! [`Comparison`](egress_core::engine::Comparison) the engine built; none computes a price.
#![warn(missing_docs)]

mod buffer;
pub mod chart;
pub mod decision;
pub mod embed;
mod font;
pub mod form;
pub mod images;
mod markdown;
pub mod markup;
pub mod measure;
mod numbers;
mod outline;
pub mod pages;
pub mod png;
pub mod problem;
pub mod provenance;
pub mod sentences;
pub mod table;
pub mod workload;

pub use askama::Error;
pub use buffer::{PAGE_BYTES, render};
pub use decision::{DecisionError, decision_record};
pub use markdown::markdown;
pub use numbers::Numbers;

use egress_core::pricing::TableMeta;

/// What every page's frame shows: the pricing table's version and date, and a notice when the
/// table is older than the service was told to accept.
#[derive(Debug, Clone, Copy)]
pub struct Site<'a> {
    /// The table the answers come from.
    pub meta: &'a TableMeta,
    /// "is N days old…", when the server judged the table stale.
    pub stale_notice: Option<&'a str>,
    /// The forms' choices from the same table.
    pub forms: &'a form::FormChoices,
}
