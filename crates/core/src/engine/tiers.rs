//! Splitting a monthly volume over a tiered per-GB price, cumulative from the first GB.

use crate::pricing::Tier;
use rust_decimal::Decimal;

/// The part of a volume that falls in one tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slice {
    /// Index of the tier in the schedule.
    pub tier: usize,
    /// GB where the tier starts.
    pub from_gb: Decimal,
    /// GB where it ends; `None` for the unbounded last tier.
    pub to_gb: Option<Decimal>,
    /// GB of the volume in this tier.
    pub gb: Decimal,
    /// $ per GB in this tier.
    pub usd: Decimal,
}

/// The slices of `volume` over `tiers`: one per tier the volume reaches. A
/// zero volume gives the first tier with zero GB, so the price still shows.
pub fn split(volume: Decimal, tiers: &[Tier]) -> impl Iterator<Item = Slice> + '_ {
    let mut from = Decimal::ZERO;
    let mut done = false;
    tiers.iter().enumerate().map_while(move |(i, tier)| {
        if done || (i > 0 && volume <= from) {
            return None;
        }
        let gb = match tier.up_to_gb {
            Some(to) => volume.min(to) - from,
            None => volume - from,
        };
        let slice = Slice {
            tier: i,
            from_gb: from,
            to_gb: tier.up_to_gb,
            gb: gb.max(Decimal::ZERO),
            usd: tier.usd,
        };
        match tier.up_to_gb {
            Some(to) => from = to,
            None => done = true,
        }
        Some(slice)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn dto() -> Vec<Tier> {
        vec![
            Tier {
                up_to_gb: Some(dec!(10240)),
                usd: dec!(0.09),
            },
            Tier {
                up_to_gb: Some(dec!(51200)),
                usd: dec!(0.085),
            },
            Tier {
                up_to_gb: Some(dec!(153600)),
                usd: dec!(0.07),
            },
            Tier {
                up_to_gb: None,
                usd: dec!(0.05),
            },
        ]
    }

    #[test]
    fn a_volume_inside_the_first_tier_is_one_slice() {
        let s: Vec<_> = split(dec!(1000), &dto()).collect();
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].gb, s[0].usd), (dec!(1000), dec!(0.09)));
    }

    #[test]
    fn a_volume_across_tiers_is_split_at_the_price_list_bounds() {
        // 200,000 GB: 10,240 @0.09, 40,960 @0.085, 102,400 @0.07, 46,400 @0.05.
        let s: Vec<_> = split(dec!(200000), &dto()).collect();
        let gbs: Vec<_> = s.iter().map(|x| x.gb).collect();
        assert_eq!(
            gbs,
            vec![dec!(10240), dec!(40960), dec!(102400), dec!(46400)]
        );
        let cost: Decimal = s.iter().map(|x| x.gb * x.usd).sum();
        // 921.60 + 3,481.60 + 7,168.00 + 2,320.00 = 13,891.20
        assert_eq!(cost, dec!(13891.20));
    }

    #[test]
    fn exactly_on_a_bound_stays_in_the_lower_tier() {
        let s: Vec<_> = split(dec!(10240), &dto()).collect();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].gb, dec!(10240));
    }

    #[test]
    fn zero_volume_shows_the_first_tier_price() {
        let s: Vec<_> = split(dec!(0), &dto()).collect();
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].gb, s[0].usd), (dec!(0), dec!(0.09)));
    }
}
