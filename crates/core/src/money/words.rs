//! Numbers for people: thousands separators, trailing zeros dropped or two
//! places, a dollar sign for money. Used by the engine's sentences and by
//! every view, so a number reads the same everywhere.

use super::{Money, round_half_away};
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
}

impl Grouped {
    /// The text, put together in `buffer` and written once: a page shows hundreds of amounts,
    /// and every write through a template's writer has a fixed cost. At most 29 digits, 9
    /// commas, a sign, a "$" and a point: 41 bytes.
    fn text(self, buffer: &mut [u8; 48]) -> &str {
        let mantissa = self.value.mantissa();
        let scale = self.value.scale() as usize;
        let mut itoa = itoa::Buffer::new();
        // Nearly every amount fits 64 bits, whose digits itoa writes several times faster.
        let digits = match u64::try_from(mantissa.unsigned_abs()) {
            Ok(small) => itoa.format(small),
            Err(_) => itoa.format(mantissa.unsigned_abs()),
        }
        .as_bytes();
        let mut len = 0;
        if mantissa < 0 {
            buffer[len] = b'-';
            len += 1;
        }
        if self.dollars {
            buffer[len] = b'$';
            len += 1;
        }
        if digits.len() <= scale {
            // Below one ("0.045"): a zero, the point, zeros, then the digits.
            let zeros = scale - digits.len();
            buffer[len..len + 2].copy_from_slice(b"0.");
            len += 2;
            buffer[len..len + zeros].fill(b'0');
            len += zeros;
            buffer[len..len + digits.len()].copy_from_slice(digits);
            len += digits.len();
        } else {
            // The whole part in groups of three, the first group one to three digits long.
            let (whole, fraction) = digits.split_at(digits.len() - scale);
            let first = match whole.len() % 3 {
                0 => 3,
                n => n,
            };
            buffer[len..len + first].copy_from_slice(&whole[..first]);
            len += first;
            for group in whole[first..].chunks_exact(3) {
                buffer[len] = b',';
                buffer[len + 1..len + 4].copy_from_slice(group);
                len += 4;
            }
            if scale > 0 {
                buffer[len] = b'.';
                buffer[len + 1..len + 1 + scale].copy_from_slice(fraction);
                len += 1 + scale;
            }
        }
        // Only ASCII digits, signs, commas and a point were written.
        std::str::from_utf8(&buffer[..len]).unwrap_or("0")
    }

    /// Writes the number without `fmt`'s machinery (a template writes it straight into a page).
    pub fn write_to(self, out: &mut (impl fmt::Write + ?Sized)) -> fmt::Result {
        out.write_str(self.text(&mut [0; 48]))
    }
}

impl fmt::Display for Grouped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text(&mut [0; 48]))
    }
}

/// A decimal for people: trailing zeros dropped, thousands grouped (`12,000`, `0.045`).
pub fn human(value: Decimal) -> Grouped {
    Grouped {
        value: value.normalize(),
        dollars: false,
    }
}

/// A decimal rounded half away from zero to two places, grouped (`1,251.43`).
pub fn two_places(value: Decimal) -> Grouped {
    Grouped {
        value: round_half_away(value, 2),
        dollars: false,
    }
}

/// Dollars for people: `$1,234.56` (the value is shown as given).
pub fn dollars(value: Decimal) -> Grouped {
    Grouped {
        value,
        dollars: true,
    }
}

/// A GB quantity for people: two places at most, grouped (`13,333.33`).
pub fn gb(value: Decimal) -> Grouped {
    human(round_half_away(value, 2))
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
}
