//! egress-planner: compares how AWS ECS/Fargate tasks can reach the internet and
//! AWS services, what each way costs a month, and whether it carries the peak.
//!
//! The binary's library: the command line ([`cli`]). The work is done by the crates under
//! `crates/`: `egress_core` (pricing table, scenario, engine), `egress_ingest` (outside data),
//! `egress_render` (every view) and `egress_web` (the app); they are re-exported here so the
//! integration tests and examples name one crate.
#![warn(missing_docs)]

pub mod cli;

pub use egress_core::{engine, money, pricing, scenario, workload};
pub use egress_ingest as ingest;
pub use egress_web::{
    AppState, Config, app, config, http, load_ip_ranges, load_table, serve, serve_until, server,
    shutdown_signal,
};
