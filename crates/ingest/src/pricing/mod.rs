//! AWS's Price List: reading its offer files into the planner's figures, and downloading them.

pub mod fetch;
pub mod import;
