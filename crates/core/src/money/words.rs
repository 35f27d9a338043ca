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

/// A fixed buffer a number's text is put together in before it is written once.
struct StackText {
    bytes: [u8; 64],
    len: usize,
}

/// A decimal for people, written with thousands separators (`12,000.5`,
/// `$1,234.56`) straight into the output: no intermediate strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grouped {
    value: Decimal,
    dollars: bool,
}

impl fmt::Display for Grouped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mantissa = self.value.mantissa();
        let scale = self.value.scale() as usize;
        let mut buffer = itoa::Buffer::new();
        let digits = buffer.format(mantissa.unsigned_abs()).as_bytes();
        // At least one integer digit ("0.045"): that many zeros go in front.
        let zeros = (scale + 1).saturating_sub(digits.len());
        let int_len = zeros + digits.len() - scale;
        // The whole text is put together here and written once: a page shows
        // hundreds of amounts, and every write through an escaping template
        // writer has a fixed cost.
        let mut text = StackText {
            bytes: [0; 64],
            len: 0,
        };
        let mut put = |byte: u8| {
            if let Some(slot) = text.bytes.get_mut(text.len) {
                *slot = byte;
                text.len += 1;
            }
        };
        if mantissa < 0 {
            put(b'-');
        }
        if self.dollars {
            put(b'$');
        }
        let all = std::iter::repeat_n(b'0', zeros).chain(digits.iter().copied());
        for (i, byte) in all.enumerate() {
            if i == int_len {
                put(b'.');
            } else if i > 0 && i < int_len && (int_len - i).is_multiple_of(3) {
                put(b',');
            }
            put(byte);
        }
        // At most 29 digits, 9 commas, a sign, a "$" and a point: it fits.
        f.write_str(std::str::from_utf8(&text.bytes[..text.len]).map_err(|_| fmt::Error)?)
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
    fn gb_quantities_show_at_most_two_places() {
        // 20,000 GB × 2/3 × 2 AZ legs, as the cross-AZ line computes it.
        let crossing = dec!(20000) * dec!(2) / dec!(3) * dec!(2) / dec!(2);
        assert_eq!(gb(crossing).to_string(), "13,333.33");
        assert_eq!(gb(dec!(1200)).to_string(), "1,200");
        assert_eq!(gb(dec!(0.005)).to_string(), "0.01");
    }
}
