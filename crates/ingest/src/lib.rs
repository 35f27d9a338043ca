//! Reading the outside world into the planner's terms: what a VPC's flow logs, a Terraform plan or a
//! bill say about the scenario, each figure with the steps that led to it; and AWS's Price List
//! read into the pricing table.

pub mod beside;
pub mod bill;
pub mod flow_logs;
pub mod ip_ranges_fetch;
pub mod measured;
pub mod pricing;
pub mod sources;
pub mod terraform;

pub use measured::{Derived, Field};
