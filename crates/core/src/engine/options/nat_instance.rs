//! Option 7: EC2 NAT instances (fck-nat style) instead of NAT gateways: no
//! per-GB processing charge, but instance hours, a root volume and an
//! address each, sized by sustained bandwidth; S3 through the gateway endpoint.

use super::super::base::{Path, Routes, Way, div, mul, percent_of};
use super::super::context::Context;
use super::super::line::{CostKind, Item, Line};
use super::super::messages::{Azs, Message, OptionVerdict, azs_without, gbps};
use super::super::properties::{
    self as props, Availability, Exposure, Figures, Properties, Property, Statement, Upkeep, source,
};
use super::super::result::{About, InstanceChoice, OptionResult};
use super::lines::{Charge, cross_az_line, push_priced};
use super::option::{EgressOption, Listed, Stop};
use crate::money::TwoPlaces;
use crate::money::words::counted;
use crate::pricing::{Figure, InstanceType, Rate};
use crate::scenario::{AUTO, Scenario};
use rust_decimal::Decimal;
use std::fmt;

/// Option 7.
pub const LISTED: Listed = Listed {
    about: About {
        id: "nat_instance",
        name: "NAT instances + S3 gateway endpoint",
        short_name: "NAT instances",
        summary: "EC2 NAT instances (fck-nat style) instead of NAT gateways: no per-GB processing charge; S3 through the free gateway endpoint.",
    },
    option: &NatInstance,
};

/// GB of the fck-nat image's root volume.
const ROOT_GB: u32 = 4;
/// Hours in the month the gp3 GB-month price is for (the Pricing
/// Calculator's 365 × 24 ÷ 12): it turns the scenario's instance-hours into
/// GB-months, so it is not the scenario's `hours`.
const MONTH_HOURS: u32 = 730;
/// Below this many vCPUs an instance reaches the internet at 5 Gbps at most;
/// from it on, at half its bandwidth (AWS's internet-gateway rule).
const LARGE_VCPUS: u32 = 32;

/// What one is called.
const DEVICE: &str = "NAT instance";
/// EC2 NAT instances: a NAT, one per AZ unless fewer are asked for.
static NAT_INSTANCE_WAY: Way = Way::nat(DEVICE);
const NAT_INSTANCE: Path = Path::of(&NAT_INSTANCE_WAY);

/// Its lines.
const HOURS: &str = "NAT instance hours";
/// The instances' root volumes.
pub(super) const ROOT_VOLUME: &str = "NAT instance root volume (4 GB gp3 each)";
/// The instances' public IPv4 addresses.
const IPV4: &str = "NAT instance public IPv4 (Elastic IP)";

/// A NAT instance is yours to patch and replace.
const UPKEEP: &str = "A NAT instance is yours to patch and replace: a failed instance is replaced in minutes (about 5 with fck-nat's HA mode) and its open connections are cut.";
/// Burst credits and connection tracking.
const LIMITS: &str = "Size on sustained bandwidth: an instance bursts above it for 5 to 60 minutes on network credits, then falls back. Busy NAT instances also hit connection-tracking limits (watch conntrack_allowance_exceeded).";

/// How the priced type carries the peak per instance: decided once, said
/// in the reason, the notes and the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// Within its sustained bandwidth.
    Sustained,
    /// Above it, within its burst (a named type only: `auto` sizes on sustained).
    Burst,
    /// Beyond what it carries: the option is infeasible.
    Short,
}

/// The type priced against the peak per instance.
#[derive(Debug, Clone)]
struct Sizing {
    /// Instance type.
    instance_type: String,
    /// Instances.
    instances: u32,
    /// Chosen by `auto`.
    automatic: bool,
    /// Peak per instance, Gbps.
    per_instance: Decimal,
    /// Sustained internet bandwidth of the type, Gbps.
    sustained: Decimal,
    /// Burst internet bandwidth of the type, Gbps.
    burst: Decimal,
    /// How it carries the peak.
    fit: Fit,
}

/// What the NAT-instance option says.
#[derive(Debug)]
enum Said {
    /// The region's table has no NAT instance prices (region code).
    NoPrices(String),
    /// The type priced and why (a type that carries the peak).
    Chosen(Sizing),
    /// A named type carries the peak only on burst credits.
    OnBurst(Sizing),
    /// The type cannot carry the peak (the reason it is infeasible).
    TooSmall(Sizing),
    /// Fewer instances than AZs.
    AzsWithout {
        /// AZs without an instance.
        without: u32,
        /// AZs.
        azs: u32,
    },
    /// Its bandwidth verdict.
    Carries(Sizing),
}

impl fmt::Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Said::NoPrices(region) => write!(
                f,
                "Not priced: the pricing table has no NAT instance prices for {region}."
            ),
            Said::Chosen(s) if s.automatic => write!(
                f,
                "{}: the cheapest type whose sustained {} Gbps carries {} Gbps per instance.",
                s.instance_type,
                gbps(s.sustained),
                gbps(s.per_instance)
            ),
            Said::Chosen(s) => write!(
                f,
                "{} (as chosen): sustained {} Gbps to the internet for {} Gbps per instance.",
                s.instance_type,
                gbps(s.sustained),
                gbps(s.per_instance)
            ),
            Said::OnBurst(s) => write!(
                f,
                "{} carries {} Gbps per instance only on burst credits: its sustained bandwidth is {} Gbps and its burst {} Gbps lasts minutes, then the instance is throttled.",
                s.instance_type,
                gbps(s.per_instance),
                gbps(s.sustained),
                gbps(s.burst)
            ),
            Said::TooSmall(s) if s.automatic => write!(
                f,
                "No NAT instance type carries {} Gbps per instance (the largest, {}, sustains {} Gbps to the internet): add instances.",
                gbps(s.per_instance),
                s.instance_type,
                gbps(s.sustained)
            ),
            Said::TooSmall(s) => write!(
                f,
                "{} cannot carry {} Gbps per instance: it sustains {} Gbps and bursts to {} Gbps. Choose a larger type or add instances.",
                s.instance_type,
                gbps(s.per_instance),
                gbps(s.sustained),
                gbps(s.burst)
            ),
            Said::AzsWithout { without, azs } => {
                let (they, uses) = azs_without(f, *without, *azs, DEVICE)?;
                write!(f, "the instance {they} {uses}, or its AZ, fails (see Availability).")
            }
            Said::Carries(s) => {
                let instance_type = &s.instance_type;
                let each = counted(s.instances, "instance", "instances");
                match s.fit {
                    Fit::Sustained => write!(
                        f,
                        "Carries the peak: {} Gbps per NAT instance ({each}) is within the {} Gbps a {instance_type} sustains to the internet.",
                        gbps(s.per_instance),
                        gbps(s.sustained)
                    ),
                    Fit::Burst => write!(
                        f,
                        "Carries the peak only on burst credits: {} Gbps per NAT instance ({each}) is above the {} Gbps a {instance_type} sustains, within its {} Gbps burst.",
                        gbps(s.per_instance),
                        gbps(s.sustained),
                        gbps(s.burst)
                    ),
                    Fit::Short => write!(
                        f,
                        "Does not carry the peak: {} Gbps per NAT instance ({each}) is above the {} Gbps a {instance_type} sustains to the internet.",
                        gbps(s.per_instance),
                        gbps(s.sustained)
                    ),
                }
            }
        }
    }
}

/// EC2 NAT instances.
pub struct NatInstance;

/// Sustained and burst internet bandwidth of a type, Gbps.
pub fn internet_gbps(t: &InstanceType) -> (Decimal, Decimal) {
    let sustained = sustained_gbps(t);
    if t.vcpus < LARGE_VCPUS {
        (sustained, t.burst_gbps.min(FIVE_GBPS))
    } else {
        (sustained, sustained)
    }
}

/// The internet bandwidth a type sustains, Gbps: what `auto` compares with the peak.
fn sustained_gbps(t: &InstanceType) -> Decimal {
    if t.vcpus < LARGE_VCPUS {
        t.baseline_gbps.min(FIVE_GBPS)
    } else {
        t.baseline_gbps / Decimal::TWO
    }
}

/// The internet bandwidth of a type below [`LARGE_VCPUS`] at most.
const FIVE_GBPS: Decimal = Decimal::from_parts(5, 0, 0, false, 0);

/// The type to price: the named one, or for `auto` the cheapest priced type
/// whose sustained bandwidth carries `per_instance` (ties: table order),
/// else the one with the most sustained bandwidth.
fn choose<'t>(
    named: &str,
    priced: &'t [(String, Rate)],
    types: &'t [InstanceType],
    per_instance: Decimal,
) -> Option<(&'t InstanceType, &'t Rate)> {
    let with_specs = || {
        priced
            .iter()
            .filter_map(|(name, rate)| types.iter().find(|t| &t.name == name).map(|t| (t, rate)))
    };
    if named != AUTO {
        return with_specs().find(|(t, _)| t.name == named);
    }
    with_specs()
        .filter(|(t, _)| sustained_gbps(t) >= per_instance)
        .min_by_key(|(_, rate)| rate.usd)
        .or_else(|| {
            // max_by_key keeps the last of equals; reversing keeps the first.
            with_specs().rev().max_by_key(|(t, _)| sustained_gbps(t))
        })
}

impl EgressOption for NatInstance {
    fn routes(&self, _: &Scenario) -> Routes {
        Routes::nat_with_s3_endpoint(NAT_INSTANCE)
    }

    fn properties(&self, s: &Scenario, routes: &Routes) -> Properties {
        let mut availability = props::zonal_availability(
            s.nat_instances,
            s.azs,
            DEVICE,
            source::NAT_INSTANCES,
        );
        if s.nat_instances == 1 {
            // One instance is a single point of failure even in one AZ.
            availability = Property::new(
                Availability::SinglePoint,
                Statement::said(
                    Figures::azs(s.azs),
                    |f, out| {
                        write!(
                            out,
                            "1 NAT instance for {}: a single point of failure; if it or its AZ fails, every task loses egress until it is replaced.",
                            Azs(f.azs)
                        )
                    },
                    source::NAT_INSTANCES,
                ),
            );
        }
        Properties {
            availability: availability
                .with([
                    Statement::fixed(
                        "fck-nat's HA mode runs each instance in an Auto Scaling group of one that moves its network interface to the replacement: egress returns in minutes, open connections are cut.",
                        source::FCK_NAT_HA,
                    ),
                    Statement::fixed(
                        "alterNAT keeps a NAT gateway in each AZ as a standby and switches the routes to it when an instance fails its checks.",
                        source::ALTERNAT,
                    ),
                ])
                .with(props::service_availability(routes)),
            security: Property::new(Exposure::NoInbound, props::NAT_NO_INBOUND)
                .and(
                    "The instances are yours to patch: their operating system and NAT software, and the security group that lets only the tasks' subnets through.",
                    source::NAT_INSTANCES,
                )
                .with(props::service_traffic(routes)),
            operations: Property::new(
                Upkeep::SelfManaged,
                Statement::said(
                    Figures {
                        devices: s.nat_instances,
                        device: DEVICE,
                        azs: s.azs,
                    },
                    |f, out| {
                        write!(
                            out,
                            "You run {}: patching, replacement and monitoring.",
                            f.devices()
                        )
                    },
                    source::NAT_INSTANCES,
                ),
            )
            .with([
                Statement::fixed(
                    "Each instance tracks every connection through it; when the table fills, new connections are dropped (watch the conntrack_allowance_exceeded metric).",
                    source::CONNECTION_TRACKING,
                ),
                Statement::fixed(
                    "Instances up to 32 vCPUs burst above their baseline bandwidth on network credits for minutes at a time, then fall back: size on the baseline.",
                    source::INSTANCE_BANDWIDTH,
                ),
            ]),
        }
    }

    fn price(&self, ctx: &Context<'_>, out: &mut OptionResult) -> Result<(), Stop> {
        let s = ctx.scenario;
        let routes = out.routes;
        let no_prices = || Stop::Missing(Message::own(Said::NoPrices(ctx.region.code.clone())));
        let priced = ctx.region.instance_hours();
        if priced.is_empty() {
            return Err(no_prices());
        }
        let instances = Decimal::from(s.nat_instances);
        let share = routes.share_percent(&ctx.shares, NAT_INSTANCE);
        let peak = percent_of(s.peak_gbps, share, "NAT peak")?;
        let per_instance = div(peak, instances, "peak per instance")?;
        let Some((kind, rate)) = choose(
            &s.nat_instance_type,
            priced,
            &ctx.table.nat_instance_types,
            per_instance,
        ) else {
            // The parser refuses a type the region has no price for.
            return Err(no_prices());
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
        let routed_gb = routes.volume(&ctx.volumes, NAT_INSTANCE);
        let lines = &mut out.lines;
        lines.reserve(4 + ctx.dto_lines.len());
        lines.push(Line::new(
            Item::Label(HOURS),
            instance_hours,
            (rate.usd, Figure::NatInstanceHour, &rate.provenance),
            CostKind::Fixed,
        )?);
        push_priced(
            ctx,
            lines,
            [
                Charge::fixed(ROOT_VOLUME, root_gb_months, Figure::Gp3GbMonth),
                Charge::fixed(IPV4, instance_hours, Figure::Ipv4Hour),
            ],
        )?;
        cross_az_line(ctx, routed_gb, s.nat_instances, lines)?;
        lines.extend_from_slice(&ctx.dto_lines);

        let automatic = s.nat_instance_type == AUTO;
        // A named type may run on its burst credits (with a warning); `auto`
        // only chooses a type that carries the peak sustained.
        let fit = if per_instance <= sustained {
            Fit::Sustained
        } else if !automatic && per_instance <= burst {
            Fit::Burst
        } else {
            Fit::Short
        };
        let sizing = || Sizing {
            instance_type: kind.name.clone(),
            instances: s.nat_instances,
            automatic,
            per_instance,
            sustained,
            burst,
            fit,
        };
        if fit == Fit::Short {
            out.infeasible(Message::own(Said::TooSmall(sizing())));
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
            peak_gbps: TwoPlaces(peak),
            peak_per_instance_gbps: TwoPlaces(per_instance),
        });
        out.bandwidth_verdict = Some(OptionVerdict {
            carrier: Message::own(Said::Carries(sizing())),
            endpoints: None,
        });
        match fit {
            Fit::Sustained => out.notes.push(Message::own(Said::Chosen(sizing()))),
            Fit::Burst => {
                out.notes.push(Message::own(Said::Chosen(sizing())));
                out.warnings.push(Message::own(Said::OnBurst(sizing())));
            }
            Fit::Short => {}
        }
        if s.nat_instances < s.azs {
            out.notes.push(Message::own(Said::AzsWithout {
                without: s.azs - s.nat_instances,
                azs: s.azs,
            }));
        }
        out.warnings.push(Message::Text(UPKEEP));
        out.notes.push(Message::Text(LIMITS));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::PricingTable;
    use rust_decimal_macros::dec;

    #[test]
    fn each_fit_has_its_own_verdict() {
        let verdict = |per_instance, fit| {
            Said::Carries(Sizing {
                instance_type: "c6gn.medium".to_owned(),
                instances: 2,
                automatic: true,
                per_instance,
                sustained: dec!(1.6),
                burst: dec!(5),
                fit,
            })
            .to_string()
        };
        assert_eq!(
            verdict(dec!(1), Fit::Sustained),
            "Carries the peak: 1 Gbps per NAT instance (2 instances) is within the 1.6 Gbps a c6gn.medium sustains to the internet."
        );
        assert!(verdict(dec!(3), Fit::Burst).starts_with("Carries the peak only on burst credits"));
        assert!(verdict(dec!(3), Fit::Short).starts_with("Does not carry the peak"));
    }

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
