//! The architecture in place today: what moving from it to each option saves, and the one sentence
//! every view leads with. A layer above the options, below nothing but the comparison.

use super::base::EngineError;
use super::options::OPTIONS;
use super::result::OptionResult;
use crate::money::Money;
use rust_decimal::Decimal;
use serde::Serialize;

/// Months in a year, for the yearly figure.
const MONTHS: u32 = 12;

/// What moving from today's option to another saves (negative: it costs more).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Saving {
    /// A month: today's cost minus this option's, on the rounded cents people see.
    pub monthly: Money,
    /// A year: twelve months of it.
    pub yearly: Money,
}

impl Saving {
    /// The saving of moving from a cost of `today` to one of `to`.
    pub fn between(today: Money, to: Money) -> Saving {
        let monthly = today.rounded() - to.rounded();
        Saving {
            monthly: Money::new(monthly),
            yearly: Money::new(monthly * Decimal::from(MONTHS)),
        }
    }
}

/// The option id a scenario's `current` names, if any, or the error naming the field.
pub fn current_id(current: &str) -> Result<Option<&'static str>, EngineError> {
    if current.is_empty() {
        return Ok(None);
    }
    OPTIONS
        .iter()
        .map(|o| o.about.id)
        .find(|id| *id == current)
        .map(Some)
        .ok_or_else(|| EngineError::UnknownCurrent {
            id: current.to_owned(),
            known: OPTIONS
                .iter()
                .map(|o| o.about.id)
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// Sets each option's saving against today's option (none when today's is not priced).
pub fn set_savings(options: &mut [OptionResult], current: &str) {
    let today = options
        .iter()
        .find(|o| o.id == current)
        .and_then(|o| o.monthly_cost);
    for o in options.iter_mut() {
        o.saving = today
            .zip(o.monthly_cost)
            .map(|(t, c)| Saving::between(t, c));
    }
}

/// The sentence a comparison with today's option leads with: what the cheapest feasible move saves
/// a month and a year, or that today's option already is the cheapest.
pub fn sentence(options: &[OptionResult], current: &str, cheapest: &str) -> Option<String> {
    let today = options.iter().find(|o| o.id == current)?;
    let best = options.iter().find(|o| o.id == cheapest)?;
    let Some(cost) = today.monthly_cost else {
        return Some(format!(
            "Today: {}, which the pricing table cannot price in this region.",
            today.name
        ));
    };
    let today_text = format!("Today: {} at {} a month", today.name, cost.display());
    if !today.feasible {
        let why = today
            .infeasible_reason
            .as_ref()
            .map_or_else(String::new, |r| format!(" ({r})"));
        return Some(match best.monthly_cost {
            Some(best_cost) if best.id != today.id && best.feasible => format!(
                "{today_text}, which cannot carry this scenario{why}. The cheapest option that can, {}, costs {} a month.",
                best.name,
                best_cost.display(),
            ),
            _ => format!("{today_text}, which cannot carry this scenario{why}."),
        });
    }
    match best.saving {
        Some(s) if best.id != today.id && s.monthly.exact() > Decimal::ZERO => Some(format!(
            "{today_text}. Moving to {} saves {} a month, {} a year.",
            best.name,
            s.monthly.display(),
            s.yearly.display()
        )),
        _ => Some(format!(
            "{today_text}: already the cheapest option that carries this scenario."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_saving_is_todays_cost_minus_the_options_on_rounded_cents() {
        // 388.004 rounds to 388.00 and 104.596 to 104.60: 283.40 a month, × 12 = 3,400.80 a year.
        let s = Saving::between(Money::new(dec!(388.004)), Money::new(dec!(104.596)));
        assert_eq!(s.monthly.to_string(), "283.40");
        assert_eq!(s.yearly.to_string(), "3400.80");
        // Moving to a dearer option: negative.
        let s = Saving::between(Money::new(dec!(104.60)), Money::new(dec!(388.00)));
        assert_eq!(s.monthly.to_string(), "-283.40");
    }

    #[test]
    fn an_unknown_current_names_the_options() {
        let e = current_id("nat_gatway").unwrap_err();
        assert_eq!(e.field(), Some("current"));
        assert!(e.to_string().contains("nat_gateway, "), "{e}");
        assert_eq!(current_id("").unwrap(), None);
        assert_eq!(current_id("public_subnet").unwrap(), Some("public_subnet"));
    }
}
