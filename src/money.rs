//! Money and other presented decimals: full precision inside, rounded half away
//! from zero to two places only when shown (JSON, HTML, SVG, Markdown).

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::fmt;

/// Rounds to `dp` places, half away from zero (never banker's rounding: 0.125 → 0.13),
/// and always shows exactly `dp` places ("306.80", not "306.8").
pub fn round_half_away(value: Decimal, dp: u32) -> Decimal {
    let scale = value.scale();
    if scale <= dp {
        let mut widened = value;
        widened.rescale(dp);
        return widened;
    }
    // Integer arithmetic on the mantissa: the same result as
    // `round_dp_with_strategy(dp, MidpointAwayFromZero)`, several times faster,
    // which matters because every amount shown is rounded here.
    let mantissa = value.mantissa();
    let divisor = 10i128.pow(scale - dp);
    let (quotient, remainder) = (mantissa / divisor, mantissa % divisor);
    let rounded = if remainder.abs() * 2 >= divisor {
        quotient + mantissa.signum()
    } else {
        quotient
    };
    Decimal::from_i128_with_scale(rounded, dp)
}

/// Writes a decimal as plain digits with its scale (`1460`, `0.045`, `306.80`).
/// The same text as rust_decimal's `Display` for these values, written with
/// `itoa` on the mantissa: formatting decimals was the largest single cost
/// of serializing a comparison.
pub fn write_plain(value: Decimal, out: &mut impl fmt::Write) -> fmt::Result {
    let mantissa = value.mantissa();
    let scale = value.scale() as usize;
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(mantissa.unsigned_abs());
    if mantissa < 0 {
        out.write_char('-')?;
    }
    if scale == 0 {
        return out.write_str(digits);
    }
    if digits.len() > scale {
        let (int, frac) = digits.split_at(digits.len() - scale);
        out.write_str(int)?;
        out.write_char('.')?;
        out.write_str(frac)
    } else {
        out.write_str("0.")?;
        for _ in digits.len()..scale {
            out.write_char('0')?;
        }
        out.write_str(digits)
    }
}

/// A decimal displayed by [`write_plain`].
pub struct Plain(pub Decimal);

impl fmt::Display for Plain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_plain(self.0, f)
    }
}

/// A fixed buffer a decimal is written into before it is serialized as one
/// string: serde's `collect_str` escapes each written fragment separately.
struct StackText {
    bytes: [u8; 64],
    len: usize,
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        self.bytes
            .get_mut(self.len..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Serializes a decimal as a JSON string in one piece.
fn serialize_decimal<S: Serializer>(value: Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    let mut text = StackText {
        bytes: [0; 64],
        len: 0,
    };
    // A Decimal has at most 29 digits, a sign and a point: it always fits.
    match write_plain(value, &mut text) {
        Ok(()) => {
            serializer.serialize_str(std::str::from_utf8(&text.bytes[..text.len]).unwrap_or("0"))
        }
        Err(_) => serializer.collect_str(&Plain(value)),
    }
}

/// `serialize_with` for decimals in responses: a JSON string, written fast.
pub fn plain<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    serialize_decimal(*value, serializer)
}

/// A US-dollar amount kept at full precision. It is rounded to cents only by
/// the presentation methods below, so totals are sums of unrounded lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Money(Decimal);

impl Money {
    /// Wraps an unrounded dollar amount.
    pub fn new(usd: Decimal) -> Money {
        Money(usd)
    }

    /// The unrounded amount.
    pub fn exact(self) -> Decimal {
        self.0
    }

    /// The amount rounded to cents, half away from zero, with two places.
    pub fn rounded(self) -> Decimal {
        round_half_away(self.0, 2)
    }

    /// Whole cents, for comparing options the way the contract says (on rounded cents).
    pub fn cents(self) -> i128 {
        self.rounded().mantissa()
    }

    /// `$1,234.56`: thousands separators and a currency sign, for pages and images.
    pub fn display(self) -> Grouped {
        Grouped {
            value: self.rounded(),
            dollars: true,
        }
    }
}

impl fmt::Display for Money {
    /// Plain two-place decimal, e.g. `306.80` (the JSON form).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_plain(self.rounded(), f)
    }
}

impl Serialize for Money {
    /// Money travels as a decimal string with two places: `"306.80"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_decimal(self.rounded(), serializer)
    }
}

/// A decimal presented with two places (GB figures such as break-even volumes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TwoPlaces(pub Decimal);

impl fmt::Display for TwoPlaces {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_plain(round_half_away(self.0, 2), f)
    }
}

impl Serialize for TwoPlaces {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_decimal(round_half_away(self.0, 2), serializer)
    }
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

/// A string schema for the API documentation.
fn string_schema(
    description: &str,
    pattern: &str,
    example: &str,
) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .pattern(Some(pattern))
        .examples([example])
        .into()
}

impl utoipa::PartialSchema for Money {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        string_schema(
            "US dollars, rounded half away from zero to cents, as a decimal string",
            r"^-?[0-9]+\.[0-9]{2}$",
            "306.80",
        )
    }
}

impl utoipa::ToSchema for Money {}

impl utoipa::PartialSchema for TwoPlaces {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        string_schema(
            "A decimal rounded half away from zero to two places, as a string",
            r"^-?[0-9]+\.[0-9]{2}$",
            "1251.43",
        )
    }
}

impl utoipa::ToSchema for TwoPlaces {}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rounds_half_away_from_zero_not_to_even() {
        // Banker's rounding would give 0.12 and 2.34; the contract wants away from zero.
        assert_eq!(Money::new(dec!(0.125)).to_string(), "0.13");
        assert_eq!(Money::new(dec!(2.345)).to_string(), "2.35");
        assert_eq!(Money::new(dec!(2.344999)).to_string(), "2.34");
    }

    #[test]
    fn fast_rounding_agrees_with_rust_decimal_half_away_from_zero() {
        use rust_decimal::RoundingStrategy;
        for text in [
            "0.125",
            "-0.125",
            "2.345",
            "2.3449999",
            "1.005",
            "0.004999",
            "-7.5",
            "123456789.123456789",
            "0.5",
            "12",
            "0.1",
        ] {
            let value: Decimal = text.parse().unwrap();
            for dp in [0, 1, 2] {
                let mut expected =
                    value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
                expected.rescale(dp);
                let got = round_half_away(value, dp);
                assert_eq!(
                    (got, got.scale()),
                    (expected, expected.scale()),
                    "{text} to {dp} places"
                );
            }
        }
    }

    #[test]
    fn plain_writing_matches_rust_decimals_display() {
        for text in [
            "0",
            "1460",
            "0.045",
            "306.80",
            "-12.5",
            "0.0001",
            "1000000000.1234567890",
            "-0.5",
        ] {
            let value: Decimal = text.parse().unwrap();
            assert_eq!(Plain(value).to_string(), value.to_string(), "{text}");
        }
    }

    #[test]
    fn always_shows_two_places() {
        assert_eq!(Money::new(dec!(306.8)).to_string(), "306.80");
        assert_eq!(Money::new(dec!(0)).to_string(), "0.00");
        assert_eq!(
            serde_json::to_string(&Money::new(dec!(41))).unwrap(),
            "\"41.00\""
        );
    }

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
    fn cents_compare_on_rounded_amounts() {
        assert_eq!(Money::new(dec!(1.005)).cents(), 101);
        assert_eq!(Money::new(dec!(1.004)).cents(), 100);
    }
}
