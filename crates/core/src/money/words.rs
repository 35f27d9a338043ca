//! Numbers for people: thousands separators, trailing zeros dropped or two
//! places, a dollar sign for money, a count with the noun that agrees with
//! it. Used by the engine's sentences and by every view, so a number reads
//! the same everywhere.

use super::{Money, Style, decimal_text, round_half_away};
use rust_decimal::Decimal;
use std::fmt;

impl Money {
    /// `$1,234.56`: thousands separators and a currency sign, for pages and images.
    pub fn display(self) -> Grouped {
        dollars(self.rounded())
    }
}

/// A decimal for people, written with thousands separators (`12,000.5`,
/// `$1,234.56`) straight into the output: no intermediate strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grouped {
    value: Decimal,
    dollars: bool,
    /// The fraction's trailing zeros dropped when written (see [`Style`]).
    trimmed: bool,
}

impl Grouped {
    /// Hands `write` the text, put together on the stack and written once: every write
    /// through a template's writer has a fixed cost.
    fn with_text<R>(self, write: impl FnOnce(&str) -> R) -> R {
        write(&decimal_text(
            self.value,
            Style {
                dollars: self.dollars,
                grouped: true,
                trimmed: self.trimmed,
            },
        ))
    }

    /// Writes the number without `fmt`'s machinery (a template writes it straight into a page).
    pub fn write_to(self, out: &mut (impl fmt::Write + ?Sized)) -> fmt::Result {
        self.with_text(|text| out.write_str(text))
    }
}

impl fmt::Display for Grouped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_text(|text| f.write_str(text))
    }
}

/// A decimal for people: trailing zeros dropped, thousands grouped (`12,000`, `0.045`).
pub fn human(value: Decimal) -> Grouped {
    Grouped {
        value,
        dollars: false,
        trimmed: true,
    }
}

/// A decimal rounded half away from zero to two places, grouped (`1,251.43`).
pub fn two_places(value: Decimal) -> Grouped {
    Grouped {
        value: round_half_away(value, 2),
        dollars: false,
        trimmed: false,
    }
}

/// Dollars for people: `$1,234.56` (the value is shown as given).
pub fn dollars(value: Decimal) -> Grouped {
    Grouped {
        value,
        dollars: true,
        trimmed: false,
    }
}

/// A GB quantity for people: two places at most, grouped (`13,333.33`).
pub fn gb(value: Decimal) -> Grouped {
    human(round_half_away(value, 2))
}

/// `n` and the noun that agrees with it: `1 subnet`, `2 subnets`, `0.2331 hours`.
pub fn counted<'a, N: Count>(n: N, one: &'a str, many: &'a str) -> Counted<'a, N> {
    Counted { n, one, many }
}

/// [`counted`], written when shown.
#[derive(Debug, Clone, Copy)]
pub struct Counted<'a, N> {
    n: N,
    one: &'a str,
    many: &'a str,
}

impl<N: Count> fmt::Display for Counted<'_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = if self.n.is_one() { self.one } else { self.many };
        write!(f, "{} {noun}", self.n)
    }
}

/// A number a noun agrees with, as it is written: one, or not.
pub trait Count: fmt::Display {
    /// Whether it is written `1`.
    fn is_one(&self) -> bool;
}

impl Count for u32 {
    fn is_one(&self) -> bool {
        *self == 1
    }
}

impl Count for u64 {
    fn is_one(&self) -> bool {
        *self == 1
    }
}

impl Count for usize {
    fn is_one(&self) -> bool {
        *self == 1
    }
}

impl Count for Decimal {
    fn is_one(&self) -> bool {
        *self == Decimal::ONE
    }
}

/// A number already written for people (`fmt4`'s `0.2331`).
impl Count for &str {
    fn is_one(&self) -> bool {
        *self == "1"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;
    use rust_decimal_macros::dec;

    #[test]
    fn display_groups_thousands_with_a_dollar_sign() {
        assert_eq!(
            Money::new(dec!(1234567.891)).display().to_string(),
            "$1,234,567.89"
        );
        assert_eq!(Money::new(dec!(999.995)).display().to_string(), "$1,000.00");
        assert_eq!(Money::new(dec!(12)).display().to_string(), "$12.00");
        assert_eq!(
            Money::new(dec!(-1234.5)).display().to_string(),
            "-$1,234.50"
        );
        assert_eq!(Money::new(dec!(0.004)).display().to_string(), "$0.00");
        assert_eq!(human(dec!(12000.00)).to_string(), "12,000");
        assert_eq!(human(dec!(0.0450)).to_string(), "0.045");
        assert_eq!(human(dec!(123)).to_string(), "123");
        assert_eq!(two_places(dec!(1251.428571)).to_string(), "1,251.43");
        // Group edges: 3, 4, 6 and 7 integer digits; none; tiny and huge values.
        assert_eq!(human(dec!(999)).to_string(), "999");
        assert_eq!(human(dec!(1000)).to_string(), "1,000");
        assert_eq!(human(dec!(100000.5)).to_string(), "100,000.5");
        assert_eq!(human(dec!(1048576)).to_string(), "1,048,576");
        assert_eq!(human(dec!(0)).to_string(), "0");
        assert_eq!(human(dec!(0.000)).to_string(), "0");
        assert_eq!(human(dec!(-0.00)).to_string(), "0");
        assert_eq!(human(dec!(1200.00)).to_string(), "1,200");
        assert_eq!(human(dec!(0.0500)).to_string(), "0.05");
        assert_eq!(human(dec!(0.0000001)).to_string(), "0.0000001");
        assert_eq!(human(dec!(-0.5)).to_string(), "-0.5");
        assert_eq!(
            human(Decimal::MAX).to_string(),
            "79,228,162,514,264,337,593,543,950,335"
        );
    }

    #[test]
    fn any_decimal_reads_as_its_digits_grouped_in_threes() {
        // Against a plain reference: rust_decimal's own text, its whole part grouped.
        let reference = |value: Decimal, dollars: bool| {
            let text = value.abs().to_string();
            let (whole, fraction) = text
                .split_once('.')
                .map_or((&text[..], None), |(w, f)| (w, Some(f)));
            let mut grouped = String::new();
            for (i, c) in whole.chars().enumerate() {
                if i > 0 && (whole.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            if let Some(fraction) = fraction {
                grouped.push('.');
                grouped.push_str(fraction);
            }
            let sign = if value.is_sign_negative() && !value.is_zero() {
                "-"
            } else {
                ""
            };
            format!("{sign}{}{grouped}", if dollars { "$" } else { "" })
        };
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..5000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let mantissa = (seed >> 1) as i64 >> (seed % 60);
            let scale = ((seed >> 8) % 12) as u32;
            let value = Decimal::new(mantissa, scale);
            assert_eq!(
                human(value).to_string(),
                reference(value.normalize(), false),
                "{value}"
            );
            assert_eq!(
                dollars(value).to_string(),
                reference(value, true),
                "{value}"
            );
        }
    }

    #[test]
    fn gb_quantities_show_at_most_two_places() {
        // 20,000 GB × 2/3 × 2 AZ legs, as the cross-AZ line computes it.
        let crossing = dec!(20000) * dec!(2) / dec!(3) * dec!(2) / dec!(2);
        assert_eq!(gb(crossing).to_string(), "13,333.33");
        assert_eq!(gb(dec!(1200)).to_string(), "1,200");
        assert_eq!(gb(dec!(0.005)).to_string(), "0.01");
    }

    #[test]
    fn a_count_takes_the_noun_that_agrees_with_it() {
        assert_eq!(counted(1u32, "subnet", "subnets").to_string(), "1 subnet");
        assert_eq!(counted(0usize, "file", "files").to_string(), "0 files");
        assert_eq!(counted(2u64, "record", "records").to_string(), "2 records");
        assert_eq!(counted("1", "hour", "hours").to_string(), "1 hour");
        assert_eq!(
            counted("0.2331", "hour", "hours").to_string(),
            "0.2331 hours"
        );
    }
}
