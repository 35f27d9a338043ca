//! Cost against monthly traffic: where each option's cost changes slope (tier
//! boundaries), the costs at chosen volumes, and where two options cross.
//! Between two slope changes every cost is linear in `monthly_gb`, so a few
//! samples draw the curves exactly and crossings found by interpolation are exact.

use super::base::{DTO_FREE_GB, EngineError, PERCENT, Volumes, div, mul};
use super::comparison::price_options;
use super::result::OptionResult;
use crate::money::Money;
use crate::pricing::{Figure, PricingTable};
use crate::scenario::Scenario;
use rust_decimal::Decimal;

/// One volume and every option's unrounded cost there (`None`: unpriced).
pub type Sample = (Decimal, Vec<Option<Decimal>>);

/// Each option's unrounded monthly cost, in the order of [`OPTIONS`](super::OPTIONS).
pub fn option_costs(
    scenario: &Scenario,
    table: &PricingTable,
) -> Result<Vec<Option<Decimal>>, EngineError> {
    Ok(price_options(scenario, table)?
        .options
        .iter()
        .map(|o| o.monthly_cost.map(Money::exact))
        .collect())
}

/// Every option's cost at each volume of `volumes` (the scenario's other
/// fields unchanged), plus the slope changes between the lowest and the
/// highest, in ascending volume: enough to find every crossing exactly.
pub fn samples(
    scenario: &Scenario,
    table: &PricingTable,
    volumes: &[Decimal],
) -> Result<Vec<Sample>, EngineError> {
    let (Some(low), Some(high)) = (volumes.iter().min(), volumes.iter().max()) else {
        return Ok(Vec::new());
    };
    let mut at: Vec<Decimal> = volumes.to_vec();
    at.extend(
        slope_changes(scenario, table)?
            .into_iter()
            .filter(|gb| gb > low && gb < high),
    );
    at.sort();
    at.dedup();
    at.into_iter()
        .map(|gb| {
            let mut s = scenario.clone();
            s.monthly_gb = gb;
            Ok((gb, option_costs(&s, table)?))
        })
        .collect()
}

/// Every option's cost at 0, at `to`, at each slope change between them and at the scenario's
/// own volume (which lies in `0..=to`), in ascending volume, as [`samples`] would price them but
/// with as few engine passes as the comparison already answers for. `options` are the
/// comparison's, priced at the scenario's volume: that is one sample. On the segment between two
/// slope changes that holds the scenario's volume every cost is a line, so the segment's far end
/// lies on the line through its start and the scenario's point. And when the traffic to AWS APIs
/// is a share (not per-service GB) and no slope changes below the scenario's volume, every
/// per-GB quantity is that volume times a share, so with no traffic only the lines that run all
/// month are left: the start of the first segment is their sum. A scenario in the first segment
/// of a range with no slope change then needs no engine pass at all. The scenario's own volume
/// is a sample only where a slope changes.
pub fn samples_knowing(
    scenario: &Scenario,
    options: &[OptionResult],
    table: &PricingTable,
    to: Decimal,
) -> Result<Vec<Sample>, EngineError> {
    let at = scenario.monthly_gb;
    let changes: Vec<Decimal> = slope_changes(scenario, table)?
        .into_iter()
        .filter(|gb| *gb > Decimal::ZERO && *gb < to)
        .collect();
    let mut points = Vec::with_capacity(changes.len() + 3);
    points.extend([Decimal::ZERO, to, at]);
    points.extend(changes.iter().copied());
    points.sort();
    points.dedup();
    let Some(here) = points.iter().position(|gb| *gb == at) else {
        return samples(scenario, table, &[Decimal::ZERO, to]);
    };
    // The scenario's volume inside a segment (not at one of its ends) is what the two
    // shortcuts need.
    let inside = here > 0 && here + 1 < points.len() && !changes.contains(&at);
    let known: Vec<Option<Decimal>> = options
        .iter()
        .map(|o| o.monthly_cost.map(Money::exact))
        .collect();
    let zero_known = inside && here == 1 && scenario.services.is_none();
    let on_line = inside.then_some(here + 1);
    let mut out: Vec<Sample> = Vec::with_capacity(points.len());
    for (k, &gb) in points.iter().enumerate() {
        let costs = if k == here {
            known.clone()
        } else if k == 0 && zero_known {
            options
                .iter()
                .map(|o| o.monthly_cost.map(|_| o.fixed_cost().exact()))
                .collect()
        } else if Some(k) == on_line {
            let (start, start_costs) = &out[here - 1];
            let t = div(gb - *start, at - *start, "sample on the line")?;
            start_costs
                .iter()
                .zip(&known)
                .map(|(a, b)| match (a, b) {
                    (Some(a), Some(b)) => Ok(Some(*a + mul(*b - *a, t, "sample on the line")?)),
                    _ => Ok(None),
                })
                .collect::<Result<Vec<_>, EngineError>>()?
        } else {
            let mut s = scenario.clone();
            s.monthly_gb = gb;
            option_costs(&s, table)?
        };
        out.push((gb, costs));
    }
    // Inside a segment the scenario's own point adds nothing to a line or a crossing.
    if inside {
        out.remove(here);
    }
    Ok(out)
}

/// `within` (from [`samples`], so with every slope change in its range)
/// cut at `to`, with the costs at `to` and at each of `extra` volumes below
/// it interpolated between their neighbours: exact, as every cost is linear
/// between two such samples, and no second pass of the engine. `None` when
/// `to` lies beyond the samples.
pub fn narrowed(
    within: &[Sample],
    to: Decimal,
    extra: &[Decimal],
) -> Result<Option<Vec<Sample>>, EngineError> {
    if within.last().is_none_or(|(gb, _)| *gb < to) {
        return Ok(None);
    }
    let mut out: Vec<Sample> = within.iter().filter(|(gb, _)| *gb <= to).cloned().collect();
    for &gb in extra.iter().filter(|gb| **gb <= to).chain([&to]) {
        if out.iter().any(|(x, _)| *x == gb) {
            continue;
        }
        // The neighbours in `within` around gb (gb is inside its range).
        let Some(next) = within.iter().position(|(x, _)| *x > gb) else {
            continue;
        };
        if next == 0 {
            continue;
        }
        let ((x0, c0), (x1, c1)) = (&within[next - 1], &within[next]);
        let t = div(gb - *x0, *x1 - *x0, "narrowed sample")?;
        let costs = c0
            .iter()
            .zip(c1)
            .map(|(a, b)| match (a, b) {
                (Some(a), Some(b)) => Ok(Some(*a + mul(*b - *a, t, "narrowed sample")?)),
                _ => Ok(None),
            })
            .collect::<Result<Vec<_>, EngineError>>()?;
        out.push((gb, costs));
    }
    out.sort_by_key(|(gb, _)| *gb);
    Ok(Some(out))
}

/// The monthly volumes (total GB) at which some option's cost changes slope:
/// the tier bounds of data transfer out (and the free 100 GB) and of endpoint
/// processing, mapped back through the scenario's shares. Between two of them
/// every option's cost is linear in `monthly_gb`, which is what lets a chart
/// draw exact lines from a few comparisons.
pub fn slope_changes(
    scenario: &Scenario,
    table: &PricingTable,
) -> Result<Vec<Decimal>, EngineError> {
    let region = table
        .region(&scenario.region)
        .ok_or(EngineError::UnknownRegion)?;
    let (Ok(dto), Ok(endpoint)) = (
        region.tiered(Figure::DtoGb),
        region.tiered(Figure::EndpointGb),
    ) else {
        return Ok(Vec::new());
    };
    // Traffic to AWS APIs given per service is a fixed number of GB, not a share: the internet
    // traffic is then `monthly_gb × (1 − s3 share) − that sum`, an affine function of the
    // volume, zero below the volume that just carries the S3 share and the services.
    let fixed_aws: Decimal = scenario
        .services
        .as_ref()
        .map_or(Decimal::ZERO, |services| {
            services.iter().map(|t| t.gb).sum()
        });
    let aws_share = if scenario.services.is_some() {
        Decimal::ZERO
    } else {
        scenario.aws_percent
    };
    // The volumes of one GB, by the same arithmetic as every comparison.
    let per_gb = Volumes::of(&Scenario {
        monthly_gb: Decimal::ONE,
        aws_percent: aws_share,
        services: None,
        ..scenario.clone()
    })?;
    let internet_per_gb = mul(
        Decimal::ONE_HUNDRED - scenario.s3_percent - aws_share,
        PERCENT,
        "internet share",
    )?;
    // Where the internet traffic starts (with services; zero otherwise).
    let mut points = Vec::new();
    if !fixed_aws.is_zero() && internet_per_gb > Decimal::ZERO {
        points.push(div(fixed_aws, internet_per_gb, "slope change")?);
    }
    // The fixed services' share of the traffic leaving, added back to each bound.
    let fixed_out = mul(
        mul(fixed_aws, scenario.outbound_percent, "slope change")?,
        PERCENT,
        "slope change",
    )?;
    let free = if scenario.dto_free_tier {
        Decimal::from(DTO_FREE_GB)
    } else {
        Decimal::ZERO
    };
    if !per_gb.internet_out_gb.is_zero() {
        let dto_bounds = dto
            .tiers
            .iter()
            .filter_map(|t| t.up_to_gb)
            .map(|b| b + free);
        for bound in (!free.is_zero())
            .then_some(free)
            .into_iter()
            .chain(dto_bounds)
        {
            points.push(div(
                bound + fixed_out,
                per_gb.internet_out_gb,
                "slope change",
            )?);
        }
    }
    // Endpoint processing is tiered on the AWS API traffic, which moves with the volume only
    // when it is a share.
    if !per_gb.aws_gb.is_zero() {
        for bound in endpoint.tiers.iter().filter_map(|t| t.up_to_gb) {
            points.push(div(bound, per_gb.aws_gb, "slope change")?);
        }
    }
    points.sort();
    Ok(points)
}

/// A volume at which two options cost the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crossing {
    /// Positions of the two options in [`OPTIONS`](super::OPTIONS).
    pub options: (usize, usize),
    /// GB per month where their costs meet.
    pub gb: Decimal,
    /// What each costs there.
    pub cost: Money,
}

/// Where the costs of the options in `among` cross. `samples` are
/// `(monthly GB, every option's cost)` in ascending volume, with every
/// [`slope_changes`] point between the ends among them, so each cost is
/// linear between neighbouring samples and every crossing found by
/// interpolation is exact. Sorted by volume.
pub fn crossings(samples: &[Sample], among: &[usize]) -> Result<Vec<Crossing>, EngineError> {
    let mut found = Vec::new();
    for (a, &i) in among.iter().enumerate() {
        for &j in &among[a + 1..] {
            for pair in samples.windows(2) {
                let ((x0, c0), (x1, c1)) = (&pair[0], &pair[1]);
                let (Some(a0), Some(b0), Some(a1), Some(b1)) = (c0[i], c0[j], c1[i], c1[j]) else {
                    continue;
                };
                let d0 = a0 - b0;
                let d1 = a1 - b1;
                // A sign change strictly inside the segment; touching at an
                // end is found as the next segment's start, or not at all.
                if d0.is_zero() || d1.is_zero() || d0.is_sign_negative() == d1.is_sign_negative() {
                    continue;
                }
                let t = div(d0, d0 - d1, "crossing")?;
                let gb = *x0 + mul(*x1 - *x0, t, "crossing volume")?;
                let cost = a0 + mul(a1 - a0, t, "crossing cost")?;
                found.push(Crossing {
                    options: (i, j),
                    gb,
                    cost: Money::new(cost),
                });
            }
        }
    }
    found.sort_by_key(|c| c.gb);
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn narrowed_samples_equal_the_engines_own() {
        // Interpolating between samples that include every slope change gives
        // the engine's costs (to the cent) at any volume in between.
        let table = PricingTable::bundled().unwrap();
        let s = Scenario::from_query("s3_percent=30&aws_percent=10&outbound_percent=80", &table)
            .unwrap();
        let wide = samples(&s, &table, &[dec!(0), dec!(400000)]).unwrap();
        let cut = narrowed(&wide, dec!(150000), &[dec!(12345.6), dec!(77777)])
            .unwrap()
            .unwrap();
        assert_eq!(cut.last().unwrap().0, dec!(150000));
        for (gb, costs) in &cut {
            let mut at = s.clone();
            at.monthly_gb = *gb;
            let direct = option_costs(&at, &table).unwrap();
            for (a, b) in costs.iter().zip(&direct) {
                let (a, b) = (a.unwrap(), b.unwrap());
                assert_eq!(a.round_dp(2), b.round_dp(2), "at {gb} GB");
            }
        }
        assert!(narrowed(&wide, dec!(500000), &[]).unwrap().is_none());
    }

    #[test]
    fn curves_pass_through_the_scenarios_own_point_with_per_service_traffic() {
        // eu-west-1, 25,000 GB, 40 % S3, services 5 + 50 + 1,500 = 1,555 GB fixed: the internet
        // traffic is 25,000 × 0.6 − 1,555 = 13,445 GB, zero below 1,555 ÷ 0.6 = 2,591.67 GB.
        // A line drawn from 0 straight to the far end misses that kink; the samples must not.
        let table = PricingTable::bundled().unwrap();
        let s = Scenario::from_query(
            "region=eu-west-1&monthly_gb=25000&s3_percent=40&azs=3&nat_gateways=1&public_ips=30&peak_gbps=2&svc.ecr.api=5&svc.ecr.dkr=50&svc.logs=1500",
            &table,
        )
        .unwrap();
        let changes = slope_changes(&s, &table).unwrap();
        assert!(
            changes
                .iter()
                .any(|gb| (*gb - dec!(2591.6666)).abs() < dec!(0.001)),
            "{changes:?}"
        );
        let wide = samples(&s, &table, &[dec!(0), dec!(150000)]).unwrap();
        let cut = narrowed(&wide, dec!(100000), &[s.monthly_gb])
            .unwrap()
            .unwrap();
        let (_, at_scenario) = cut.iter().find(|(gb, _)| *gb == s.monthly_gb).unwrap();
        let direct = option_costs(&s, &table).unwrap();
        for (a, b) in at_scenario.iter().zip(&direct) {
            if let (Some(a), Some(b)) = (a, b) {
                assert_eq!(a.round_dp(2), b.round_dp(2));
            }
        }
    }

    #[test]
    fn samples_knowing_the_scenarios_costs_equal_the_engines_own() {
        // The scenario's own costs stand in for one pass; every sample still matches pricing
        // at its volume to the cent, in share mode (a DTO tier bound inside the range: 10 TB out
        // of 30 % × 80 % internet-out per GB is at 41,666.67 GB) and in per-service mode (the
        // internet traffic starts at 1,555 ÷ 0.6 = 2,591.67 GB).
        let table = PricingTable::bundled().unwrap();
        for query in [
            "s3_percent=30&aws_percent=10&outbound_percent=80&monthly_gb=30000",
            "region=eu-west-1&monthly_gb=25000&s3_percent=40&azs=3&nat_gateways=1&svc.ecr.api=5&svc.ecr.dkr=50&svc.logs=1500",
            "monthly_gb=0",
        ] {
            let s = Scenario::from_query(query, &table).unwrap();
            let c = super::super::compare(&s, &table).unwrap();
            let got = samples_knowing(&s, &c.options, &table, dec!(75000)).unwrap();
            assert!(got.first().is_some_and(|(gb, _)| gb.is_zero()), "{query}");
            assert!(
                got.last().is_some_and(|(gb, _)| *gb == dec!(75000)),
                "{query}"
            );
            assert!(got.windows(2).all(|w| w[0].0 < w[1].0), "{query}");
            for (gb, costs) in &got {
                let mut at = s.clone();
                at.monthly_gb = *gb;
                let direct = option_costs(&at, &table).unwrap();
                for (a, b) in costs.iter().zip(&direct) {
                    assert_eq!(
                        a.map(|a| a.round_dp(6)),
                        b.map(|b| b.round_dp(6)),
                        "{query} at {gb} GB"
                    );
                }
            }
        }
    }

    #[test]
    fn unpriced_options_never_cross() {
        let samples: Vec<Sample> = vec![
            (dec!(0), vec![Some(dec!(100)), None]),
            (dec!(100), vec![Some(dec!(200)), None]),
        ];
        assert!(crossings(&samples, &[0, 1]).unwrap().is_empty());
    }
}
