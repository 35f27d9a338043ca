//! The planner's core: the pricing table, the scenario, and the engine that compares every way out.
//!
//! Pure and synchronous: no web, template, command-line or network crate, and no I/O beyond
//! reading the text it is handed. Every view renders the [`engine::Comparison`] this crate builds.
#![warn(missing_docs)]

pub mod engine;
pub mod json;
pub mod money;
pub mod pricing;
pub mod scenario;
#[cfg(feature = "openapi")]
mod schema;
pub mod workload;
