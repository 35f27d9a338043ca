//! The egress options, one file each. An option says which path each kind of
//! traffic takes (`Routes`), prices itself from the figures it names, and
//! says what it must in its own words (its line labels, reasons, warnings,
//! notes and bandwidth verdict are written in its file); the analyses and
//! every view work from that. `lines.rs` holds what several options share:
//! data transfer out is the context's, the NAT gateway and endpoint lines,
//! the cross-AZ line and the zonal NAT gateways' notes are here.
//!
//! A new option is one more file here and one more line in `options!`
//! below, naming the file and its [`Listed`] constant(s).

mod lines;
mod option;

use super::base::EngineError;
use super::context::Context;
use super::properties::Requirement;
use super::result::OptionResult;

pub use centralized_egress::{Centralizing, Traffic, Vpcs, centralizing};
pub use nat_instance::internet_gbps;
pub use option::{EgressOption, Listed, Stop};

/// Declares each option's module and lists its [`Listed`] constants in
/// [`OPTIONS`], in the order given.
macro_rules! options {
    ($($module:ident: [$($listed:ident),+ $(,)?]),+ $(,)?) => {
        $(mod $module;)+

        /// Every option, in the order of docs/cost-model.md (which also breaks cost ties).
        pub static OPTIONS: &[Listed] = &[$($($module::$listed),+),+];
    };
}

options! {
    nat_gateway: [PLAIN, S3_ENDPOINT, ALL_ENDPOINTS],
    endpoints_only: [LISTED],
    public_subnet: [LISTED],
    regional_nat: [LISTED],
    nat_instance: [LISTED],
    ipv6_egress: [LISTED],
    centralized_egress: [LISTED],
    inspected_egress: [LISTED],
}

/// The option listed under `id`.
pub fn listed(id: &str) -> Option<&'static Listed> {
    OPTIONS.iter().find(|l| l.about.id == id)
}

/// Prices one option and appends its result to `results`, building it where it is kept (a
/// result is large, and each move of it is a copy). A missing figure makes it an unpriced
/// result.
pub fn price(
    listed: &Listed,
    ctx: &Context<'_>,
    results: &mut Vec<OptionResult>,
) -> Result<(), EngineError> {
    let routes = listed.option.routes(ctx.scenario);
    results.push(OptionResult::blank(listed.about, routes, None));
    let Some(out) = results.last_mut() else {
        unreachable!("a result was just pushed")
    };
    // A price for its cost alone needs the properties only to check requirements against.
    if ctx.explains() || Requirement::any(ctx.scenario) {
        out.properties = Some(Box::new(listed.option.properties(ctx.scenario, &routes)));
    }
    match listed.option.price(ctx, out) {
        Ok(()) => out.total()?,
        Err(Stop::Missing(reason)) => {
            *out = OptionResult::unpriced(listed.about, routes, out.properties.take(), reason);
        }
        Err(Stop::Engine(e)) => {
            results.pop();
            return Err(e);
        }
    }
    out.check_requirements(ctx.scenario);
    Ok(())
}
