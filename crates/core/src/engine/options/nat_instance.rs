//! Option 7: EC2 NAT instances (fck-nat style) instead of NAT gateways: no
//! per-GB processing charge, but instance hours, a root volume and an
//! address each, sized by sustained bandwidth; S3 through the gateway endpoint.

use super::super::context::Context;
use super::super::messages::{Carrier, Message, OptionVerdict};
use super::super::model::{
    CostKind, InstanceChoice, Item, Line, OptionResult, Path, Routes, div, mul,
};
use super::lines::{cross_az_line, push_priced};
use super::{EgressOption, Stop};
use crate::money::TwoPlaces;
use crate::pricing::{Figure, InstanceType, Rate};
use crate::scenario::{AUTO, Scenario};
use rust_decimal::Decimal;

/// GB of the fck-nat image's root volume.
const ROOT_GB: u32 = 4;
/// Hours the gp3 GB-month price is for (the month the Pricing Calculator uses).
const MONTH_HOURS: u32 = 730;
/// Below this many vCPUs an instance reaches the internet at 5 Gbps at most;
/// from it on, at half its bandwidth (AWS's internet-gateway rule).
const LARGE_VCPUS: u32 = 32;

/// EC2 NAT instances.
pub struct NatInstance;

/// Sustained and burst internet bandwidth of a type, Gbps.
pub fn internet_gbps(t: &InstanceType) -> (Decimal, Decimal) {
    let five = Decimal::from(5);
    if t.vcpus < LARGE_VCPUS {
        (t.baseline_gbps.min(five), t.burst_gbps.min(five))
    } else {
        let sustained = t.baseline_gbps / Decimal::TWO;
        (sustained, sustained)
    }
}

/// The type to price: the named one, or for `auto` the cheapest priced type
/// whose sustained bandwidth carries `per_instance` (ties: table order),
/// else the one with the most sustained bandwidth.
fn choose<'t>(
    named: &str,
    priced: &'t [(String, Rate)],
    types: &'t [InstanceType],
    per_instance: Decimal,
) -> Option<(&'t InstanceType, &'t Rate)> {
    let with_specs = priced
        .iter()
        .filter_map(|(name, rate)| types.iter().find(|t| &t.name == name).map(|t| (t, rate)));
    if named != AUTO {
        return with_specs.into_iter().find(|(t, _)| t.name == named);
    }
    let candidates: Vec<_> = with_specs.collect();
    candidates
        .iter()
        .filter(|(t, _)| internet_gbps(t).0 >= per_instance)
        .min_by_key(|(_, rate)| rate.usd)
        .or_else(|| {
            // max_by_key keeps the last of equals; reversing keeps the first.
            candidates
                .iter()
                .rev()
                .max_by_key(|(t, _)| internet_gbps(t).0)
        })
        .copied()
}

impl EgressOption for NatInstance {
    fn routes(&self, _: &Scenario) -> Routes {
        Routes::nat_with_s3_endpoint(Path::NatInstance)
    }

    fn price(&self, ctx: &Context<'_>, out: &mut OptionResult) -> Result<(), Stop> {
        let s = ctx.scenario;
        let routes = self.routes(s);
        let priced = ctx.region.instance_hours();
        if priced.is_empty() {
            return Err(Stop::Missing(Message::NoInstancePrices {
                region: ctx.region.code.clone(),
            }));
        }
        let instances = Decimal::from(s.nat_instances);
        let share = routes.share_percent(&ctx.shares, Path::NatInstance);
        let peak = mul(
            mul(s.peak_gbps, share, "NAT peak")?,
            super::super::model::PERCENT,
            "NAT peak",
        )?;
        let per_instance = div(peak, instances, "peak per instance")?;
        let Some((kind, rate)) = choose(
            &s.nat_instance_type,
            priced,
            &ctx.table.nat_instance_types,
            per_instance,
        ) else {
            // The parser refuses a type the region has no price for.
            return Err(Stop::Missing(Message::NoInstancePrices {
                region: ctx.region.code.clone(),
            }));
        };
        let (sustained, burst) = internet_gbps(kind);

        let instance_hours = mul(instances, ctx.hours, "instance hours")?;
        let root_gb_months = div(
            mul(
                mul(instances, Decimal::from(ROOT_GB), "root volume")?,
                ctx.hours,
                "root volume",
            )?,
            Decimal::from(MONTH_HOURS),
            "root volume",
        )?;
        let routed_gb = routes.volume(&ctx.volumes, Path::NatInstance);
        let lines = &mut out.lines;
        lines.reserve(4 + ctx.dto_lines.len());
        lines.push(Line::new(
            Item::InstanceHours,
            instance_hours,
            "instance-hours",
            (rate.usd, Figure::NatInstanceHour, &rate.provenance),
            CostKind::Fixed,
        )?);
        push_priced(
            ctx,
            lines,
            [
                (
                    Item::InstanceRootVolume,
                    root_gb_months,
                    "GB-months",
                    Figure::Gp3GbMonth,
                    CostKind::Fixed,
                ),
                (
                    Item::InstanceIpv4,
                    instance_hours,
                    "address-hours",
                    Figure::Ipv4Hour,
                    CostKind::Fixed,
                ),
            ],
        )?;
        cross_az_line(ctx, routed_gb, s.nat_instances, lines)?;
        lines.extend_from_slice(&ctx.dto_lines);

        let automatic = s.nat_instance_type == AUTO;
        // A named type may run on its burst credits (with a warning); `auto`
        // only chooses a type that carries the peak sustained.
        let carries = per_instance <= sustained || (!automatic && per_instance <= burst);
        if !carries {
            out.infeasible(Message::InstanceTooSmall {
                instance_type: kind.name.clone(),
                per_instance,
                sustained,
                burst,
                automatic,
            });
        }
        if !ctx.explains() {
            return Ok(());
        }
        out.instance_type = Some(kind.name.clone());
        out.nat_instances = Some(s.nat_instances);
        out.instance = Some(InstanceChoice {
            automatic,
            share_percent: share,
            sustained_gbps: sustained,
            burst_gbps: burst,
            peak_per_instance_gbps: TwoPlaces(per_instance),
        });
        out.bandwidth_verdict = Some(OptionVerdict {
            carrier: Carrier::Instances {
                instance_type: kind.name.clone(),
                instances: s.nat_instances,
                automatic,
                per_instance,
                sustained,
                burst,
            },
            endpoints: None,
        });
        if carries {
            out.notes.push(Message::InstanceChosen {
                instance_type: kind.name.clone(),
                automatic,
                sustained,
                per_instance,
            });
            if per_instance > sustained {
                out.warnings.push(Message::InstanceOnBurst {
                    instance_type: kind.name.clone(),
                    per_instance,
                    sustained,
                    burst,
                });
            }
        }
        if s.nat_instances < s.azs {
            out.notes.push(Message::AzsWithoutNatInstance {
                without: s.azs - s.nat_instances,
                azs: s.azs,
            });
        }
        out.warnings.push(Message::InstanceUpkeep);
        out.notes.push(Message::InstanceLimits);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::PricingTable;
    use rust_decimal_macros::dec;

    #[test]
    fn internet_bandwidth_follows_the_32_vcpu_rule() {
        let table = PricingTable::bundled().unwrap();
        let gbps = |name: &str| internet_gbps(table.instance_type(name).unwrap());
        // Below 32 vCPUs: min(baseline, 5) sustained, min(burst, 5) burst.
        assert_eq!(gbps("t4g.nano"), (dec!(0.032), dec!(5)));
        assert_eq!(gbps("c7gn.large"), (dec!(5), dec!(5)));
        assert_eq!(gbps("c6gn.medium"), (dec!(1.6), dec!(5)));
        // 32 vCPUs: half the baseline, no burst beyond it.
        assert_eq!(gbps("c6gn.8xlarge"), (dec!(25), dec!(25)));
        assert_eq!(gbps("c7gn.8xlarge"), (dec!(50), dec!(50)));
    }

    #[test]
    fn auto_picks_the_cheapest_type_that_carries_the_peak() {
        let table = PricingTable::bundled().unwrap();
        let region = table.region("us-east-1").unwrap();
        let pick = |per_instance: Decimal| {
            choose(
                AUTO,
                region.instance_hours(),
                &table.nat_instance_types,
                per_instance,
            )
            .unwrap()
            .0
            .name
            .clone()
        };
        // 0.04 Gbps: t4g.nano (0.032) is too small, t4g.micro (0.064) carries it.
        assert_eq!(pick(dec!(0.04)), "t4g.micro");
        // 0.6 Gbps: every t4g is below; c6gn.medium (1.6 Gbps, $0.0432/h) is
        // cheaper than c7gn.medium (3.125, $0.0624).
        assert_eq!(pick(dec!(0.6)), "c6gn.medium");
        // 4 Gbps: c7gn.large (5 Gbps capped, $0.1248) beats c6gn.8xlarge ($1.3824).
        assert_eq!(pick(dec!(4)), "c7gn.large");
        // 30 Gbps: only c7gn.8xlarge (50 Gbps to the internet).
        assert_eq!(pick(dec!(30)), "c7gn.8xlarge");
        // 80 Gbps: nothing carries it; the largest is named (and the option is infeasible).
        assert_eq!(pick(dec!(80)), "c7gn.8xlarge");
    }
}
