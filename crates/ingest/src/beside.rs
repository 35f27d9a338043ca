//! The bill beside the model: for the option in place today, each priced figure's modelled cost
//! next to what the bill charged for the same usage, and why the two differ where that can be said.

use crate::bill::{BilledRegion, QuantityKind};
use egress_core::engine::Comparison;
use egress_core::money::words::human;
use egress_core::money::{Money, RATE_DIGITS, round_half_away, significant};
use egress_core::pricing::Figure;
use rust_decimal::Decimal;
use serde::Serialize;

/// One figure of today's option: modelled, billed, and the difference explained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Beside {
    /// The pricing table's figure (`nat_hour`, `dto_gb`…).
    pub figure: &'static str,
    /// What the model charges for it a month.
    pub modelled: Money,
    /// What the bill charged for the same usage (null: the bill has no such line).
    pub billed: Option<Money>,
    /// Billed minus modelled.
    pub difference: Option<Money>,
    /// Why they differ, where the planner can say.
    pub why: Vec<String>,
}

/// The bill's usage kinds a figure's lines correspond to.
fn kinds(figure: Figure) -> &'static [QuantityKind] {
    use QuantityKind::*;
    match figure {
        Figure::NatHour => &[NatGatewayHours],
        Figure::NatGb => &[NatGatewayGb],
        Figure::RegionalNatHour => &[RegionalNatGatewayHours],
        Figure::RegionalNatGb => &[RegionalNatGatewayGb],
        Figure::EndpointHour => &[EndpointHours],
        Figure::EndpointGb => &[EndpointGb],
        Figure::Ipv4Hour => &[PublicIpv4InUseHours, PublicIpv4IdleHours],
        Figure::CrossAzGb => &[CrossAzGb],
        Figure::DtoGb => &[InternetOutGb],
        Figure::TgwAttachmentHour => &[TransitGatewayHours],
        Figure::TgwGb => &[TransitGatewayGb],
        Figure::FirewallHour => &[FirewallEndpointHours],
        Figure::FirewallGb => &[FirewallGb],
        _ => &[],
    }
}

/// Each priced figure of `option` in `c`, beside the bill's lines for `region` (the model's month
/// is `hours` long; the bill's, `billed_hours`).
pub fn billed_beside_modelled(
    c: &Comparison<'_>,
    option: &str,
    region: &BilledRegion,
    billed_hours: Option<u32>,
) -> Vec<Beside> {
    let Some(o) = c.option(option) else {
        return Vec::new();
    };
    let mut figures: Vec<Figure> = Vec::new();
    for line in &o.lines {
        if !figures.contains(&line.figure) {
            figures.push(line.figure);
        }
    }
    figures
        .into_iter()
        .map(|figure| {
            let lines: Vec<_> = o.lines.iter().filter(|l| l.figure == figure).collect();
            let modelled: Decimal = lines.iter().map(|l| l.cost.exact()).sum();
            let quantity: Decimal = lines.iter().map(|l| l.quantity).sum();
            let unit_price = lines.first().map_or(Decimal::ZERO, |l| l.unit_price);
            let billed_lines: Vec<_> = region
                .lines
                .iter()
                .filter(|l| kinds(figure).contains(&l.quantity_kind))
                .collect();
            let (billed, billed_quantity) = if billed_lines.is_empty() {
                (None, Decimal::ZERO)
            } else {
                (
                    Some(billed_lines.iter().map(|l| l.cost).sum::<Decimal>()),
                    billed_lines.iter().map(|l| l.quantity).sum::<Decimal>(),
                )
            };
            let mut why = Vec::new();
            let difference = billed.map(|b| b - round_half_away(modelled, 2));
            if let (Some(b), Some(d)) = (billed, difference)
                && d.abs() >= Decimal::new(1, 2)
            {
                if billed_quantity > quantity && !quantity.is_zero() {
                    why.push(format!(
                        "the bill counts {} {} where the model counts {}: other resources of the account in the region use the same usage type",
                        human(round_half_away(billed_quantity, 2)),
                        lines.first().map_or("units", |l| l.unit),
                        human(round_half_away(quantity, 2)),
                    ));
                } else if quantity.is_zero() {
                    why.push(format!(
                        "the scenario has none of this usage and the bill has {} {}: the traffic mix comes from flow logs, which were not given",
                        human(round_half_away(billed_quantity, 2)),
                        billed_lines.first().map_or("units", |l| l.unit.as_str()),
                    ));
                } else if billed_quantity < quantity {
                    why.push(format!(
                        "the bill counts {} {} where the model counts {}: fewer resources or less traffic than the scenario, or a month the bill covers only in part",
                        human(round_half_away(billed_quantity, 2)),
                        lines.first().map_or("units", |l| l.unit),
                        human(round_half_away(quantity, 2)),
                    ));
                }
                if !billed_quantity.is_zero() && !unit_price.is_zero() {
                    let billed_price = b / billed_quantity;
                    let drift = ((billed_price - unit_price) / unit_price).abs();
                    if drift > Decimal::new(5, 3) && figure != Figure::DtoGb {
                        why.push(format!(
                            "the bill's price is ${} a unit where the table's is ${}: the price changed since the table's date, or a discount applies",
                            human(significant(billed_price, RATE_DIGITS)),
                            human(unit_price)
                        ));
                    }
                }
                if figure == Figure::DtoGb {
                    why.push(
                        "data transfer out is tiered across the whole account, and the first 100 GB a month are free account-wide".to_owned(),
                    );
                }
                if let Some(h) = billed_hours
                    && h != c.scenario.hours
                {
                    why.push(format!(
                        "the bill covers {h} hours, the model {} hours",
                        c.scenario.hours
                    ));
                }
            }
            Beside {
                figure: figure.key(),
                modelled: Money::new(modelled),
                billed: billed.map(Money::new),
                difference: difference.map(Money::new),
                why,
            }
        })
        .collect()
}
