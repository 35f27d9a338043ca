//! Reading the outside world into the planner's terms: what a VPC's flow logs, a Terraform plan or a
//! bill say about the scenario, each figure with the steps that led to it.

pub mod flow_logs;
pub mod measured;

pub use measured::{Derived, Field};
