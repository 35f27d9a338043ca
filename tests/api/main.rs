//! The integration tests, one binary: each module drives the app through
//! `tower::ServiceExt::oneshot` (or a real socket where that is the point).

mod a11y;
mod acceptance;
mod batch;
mod browser;
mod cache;
mod check;
mod cli;
mod compare_api;
mod embed;
mod helpers;
mod hostile;
mod limits;
mod links;
mod measure;
mod measure_cli;
mod metrics;
mod openapi_doc;
mod pages;
mod pricing_fetch;
mod pricing_file;
mod pricing_import;
mod pricing_regions;
mod properties;
mod readme;
mod reliability;
mod review;
mod server;
mod staleness;
mod sweep;
mod unfurl;
mod workload;
