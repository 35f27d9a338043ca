//! The integration tests, one binary: each module drives the app through
//! `tower::ServiceExt::oneshot` (or a real socket where that is the point).

mod acceptance;
mod batch;
mod browser;
mod check;
mod cli;
mod compare_api;
mod embed;
mod helpers;
mod hostile;
mod openapi_doc;
mod pages;
mod pricing_file;
mod properties;
mod server;
mod sweep;
