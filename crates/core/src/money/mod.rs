//! Money and numbers: full precision inside, rounded half away from zero to two places
//! only when shown; JSON carries it as a decimal string; [`words`] writes numbers for people.

pub mod words;

use arrayvec::ArrayString;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::fmt;

/// Rounds to `dp` places, half away from zero (never banker's rounding: 0.125 → 0.13),
/// and always shows exactly `dp` places ("306.80", not "306.8").
pub fn round_half_away(value: Decimal, dp: u32) -> Decimal {
    let scale = value.scale();
    let mantissa = value.mantissa();
    // Integer arithmetic on the mantissa: the same result as
    // `round_dp_with_strategy(dp, MidpointAwayFromZero)` then `rescale(dp)`, several times
    // faster, which matters because every amount shown is rounded here. Amounts fit in 64
    // bits, whose multiplication and division are single instructions (128-bit division is a
    // call), and the power of ten comes from a table.
    if let Ok(magnitude) = u64::try_from(mantissa.unsigned_abs())
        && dp <= MAX_SCALE
    {
        if scale <= dp {
            // More places, the same digits: the sign stays as it is, as `rescale` keeps it.
            if let Some(widened) = POWERS_OF_TEN
                .get((dp - scale) as usize)
                .and_then(|power| magnitude.checked_mul(*power))
            {
                return from_u64(widened, value.is_sign_negative(), dp);
            }
        } else if let Some(&divisor) = POWERS_OF_TEN.get((scale - dp) as usize) {
            let (quotient, remainder) = (magnitude / divisor, magnitude % divisor);
            let rounded = quotient + u64::from(remainder >= divisor - remainder);
            return from_u64(rounded, mantissa < 0 && rounded != 0, dp);
        }
    }
    if scale <= dp {
        let mut widened = value;
        widened.rescale(dp);
        return widened;
    }
    let magnitude = mantissa.unsigned_abs();
    let divisor = 10u128.pow(scale - dp);
    let (quotient, remainder) = (magnitude / divisor, magnitude % divisor);
    let rounded = quotient + u128::from(remainder >= divisor - remainder);
    // At most the magnitude: it fits an i128.
    let rounded = i128::try_from(rounded).unwrap_or(i128::MAX);
    Decimal::from_i128_with_scale(if mantissa < 0 { -rounded } else { rounded }, dp)
}

/// The most places a `Decimal` holds.
const MAX_SCALE: u32 = 28;

/// 10⁰ to 10¹⁹: every power of ten that fits 64 bits.
const POWERS_OF_TEN: [u64; 20] = {
    let mut powers = [1u64; 20];
    let mut k = 1;
    while k < powers.len() {
        powers[k] = powers[k - 1] * 10;
        k += 1;
    }
    powers
};

/// A decimal of a 64-bit magnitude, its sign and its places.
fn from_u64(magnitude: u64, negative: bool, scale: u32) -> Decimal {
    Decimal::from_parts(
        magnitude as u32,
        (magnitude >> 32) as u32,
        0,
        negative,
        scale,
    )
}

/// How [`decimal_text`] writes a decimal.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    /// A `$` after the sign.
    pub dollars: bool,
    /// The whole part in groups of three (`12,000`).
    pub grouped: bool,
    /// The fraction's trailing zeros dropped (`12,000`, `0.045`), which is what
    /// `Decimal::normalize` would leave, without its division loop.
    pub trimmed: bool,
}

/// A decimal's text put together on the stack from its mantissa's digits (`itoa`) and its
/// scale, without `fmt`'s machinery (formatting decimals was the largest single cost of
/// serializing a comparison, and a page shows hundreds of amounts). At most a sign, a `$`, 29
/// digits, 9 commas and a point, or a sign, a `$`, `0.` and 28 places: every piece fits.
#[inline(always)]
pub(crate) fn decimal_text(value: Decimal, style: Style) -> ArrayString<48> {
    let mantissa = value.mantissa();
    let (mut small, mut large) = (itoa::Buffer::new(), itoa::Buffer::new());
    // Nearly every amount fits 64 bits, whose digits itoa writes several times faster.
    let mut digits = match u64::try_from(mantissa.unsigned_abs()) {
        Ok(m) => small.format(m),
        Err(_) => large.format(mantissa.unsigned_abs()),
    };
    let mut scale = value.scale() as usize;
    if style.trimmed {
        if mantissa == 0 {
            scale = 0;
        }
        while scale > 0 && digits.ends_with('0') {
            digits = &digits[..digits.len() - 1];
            scale -= 1;
        }
    }
    let mut text = ArrayString::new();
    let mut put = |piece: &str| {
        let _ = text.try_push_str(piece);
    };
    if mantissa < 0 {
        put("-");
    }
    if style.dollars {
        put("$");
    }
    if digits.len() <= scale {
        // Below one: a zero, the point, zeros, then the digits (`0.045`).
        put("0.");
        put(ZEROS.get(..scale - digits.len()).unwrap_or(ZEROS));
        put(digits);
        return text;
    }
    let (whole, fraction) = digits.split_at(digits.len() - scale);
    if style.grouped {
        // The first group one to three digits long, then groups of three.
        let first = match whole.len() % 3 {
            0 => 3,
            n => n,
        };
        put(&whole[..first]);
        let mut rest = &whole[first..];
        while let Some((group, after)) = rest.split_at_checked(3) {
            put(",");
            put(group);
            rest = after;
        }
    } else {
        put(whole);
    }
    if scale > 0 {
        put(".");
        put(fraction);
    }
    text
}

/// The zeros after the point of a fraction smaller than its last digit's place, at most 28.
const ZEROS: &str = "0000000000000000000000000000";

/// A decimal as plain digits with its scale (`1460`, `0.045`, `306.80`): the same text as
/// rust_decimal's `Display` for these values, put together by [`decimal_text`].
pub(crate) struct PlainText(ArrayString<48>);

impl PlainText {
    /// The text of `value`.
    pub(crate) fn of(value: Decimal) -> PlainText {
        PlainText(decimal_text(
            value,
            Style {
                dollars: false,
                grouped: false,
                trimmed: false,
            },
        ))
    }

    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// Significant digits of a rate worked out in prose (a per-GB saving, a
/// billed unit price).
pub const RATE_DIGITS: u32 = 4;

/// Rounds to `places` significant digits, half away from zero, for a rate
/// worked out in prose (`0.0133333…` → `0.01333`): the reader needs its size,
/// not thirty digits. Integer digits are never dropped (`12345.6` → `12346`),
/// and trailing zeros go (`0.05000` → `0.05`).
pub fn significant(value: Decimal, places: u32) -> Decimal {
    if value.is_zero() {
        return Decimal::ZERO;
    }
    let digits = value.mantissa().unsigned_abs().ilog10() + 1;
    // The most significant digit is `integer` places left of the point
    // (negative: that many zeros right of it).
    let integer = i64::from(digits) - i64::from(value.scale());
    let dp = (i64::from(places) - integer).max(0);
    let dp = u32::try_from(dp).unwrap_or(u32::MAX).min(value.scale());
    round_half_away(value, dp).normalize()
}

/// Writes a decimal as plain digits with its scale (`1460`, `0.045`, `306.80`).
pub fn write_plain(value: Decimal, out: &mut (impl fmt::Write + ?Sized)) -> fmt::Result {
    out.write_str(PlainText::of(value).as_str())
}

/// A decimal displayed by [`write_plain`].
pub struct Plain(pub Decimal);

impl fmt::Display for Plain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_plain(self.0, f)
    }
}

/// Serializes a decimal as a JSON string in one piece.
fn serialize_decimal<S: Serializer>(value: Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    // Digits, a sign and a point: nothing to escape.
    crate::json::unescaped(PlainText::of(value).as_str(), serializer)
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

    /// Whole cents, for comparing options the way docs/cost-model.md says (on rounded cents).
    pub fn cents(self) -> i128 {
        self.rounded().mantissa()
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

impl TwoPlaces {
    /// Writes the value rounded to two places as plain digits (`2.50`), without `fmt`'s
    /// machinery (a page writes it straight in).
    pub fn write_to(self, out: &mut (impl fmt::Write + ?Sized)) -> fmt::Result {
        write_plain(round_half_away(self.0, 2), out)
    }
}

impl fmt::Display for TwoPlaces {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl Serialize for TwoPlaces {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_decimal(round_half_away(self.0, 2), serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rounds_half_away_from_zero_not_to_even() {
        // Banker's rounding would give 0.12 and 2.34; docs/cost-model.md wants away from zero.
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
            "-0.0",
            "-3",
            "18446744073709551615",
            "18446744073709551616.5",
            "0.0000000000000000000000000005",
            "79228162514264337593543950335",
        ] {
            let value: Decimal = text.parse().unwrap();
            for dp in [0, 1, 2, 4, 10, 28] {
                let mut expected =
                    value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
                expected.rescale(dp);
                let got = round_half_away(value, dp);
                assert_eq!(
                    (got, got.scale(), got.is_sign_negative()),
                    (expected, expected.scale(), expected.is_sign_negative()),
                    "{text} to {dp} places"
                );
            }
        }
    }

    #[test]
    fn significant_keeps_four_digits_of_a_rate() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        // 0.04 / 3 = 0.013333…: four significant digits are 0.01333.
        assert_eq!(significant(d("0.04") / d("3"), 4).to_string(), "0.01333");
        // 0.051333… rounds up at the fifth digit (3 < 5, so down): 0.05133.
        assert_eq!(significant(d("0.0513333333"), 4).to_string(), "0.05133");
        // Half away from zero at the fifth digit: 0.0123450 → 0.01235.
        assert_eq!(significant(d("0.012345"), 4).to_string(), "0.01235");
        assert_eq!(significant(d("-0.012345"), 4).to_string(), "-0.01235");
        // Short rates stay as they are, trailing zeros dropped.
        assert_eq!(significant(d("0.048"), 4).to_string(), "0.048");
        assert_eq!(significant(d("0.05000"), 4).to_string(), "0.05");
        // Integer digits are never dropped: 12,345.6 → 12,346.
        assert_eq!(significant(d("12345.6"), 4).to_string(), "12346");
        assert_eq!(significant(Decimal::ZERO, 4).to_string(), "0");
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
            "0.0000000000000000000000000001",
            "-0.0000000000000000000000000001",
            "18446744073709551616.5",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "7.9228162514264337593543950335",
        ] {
            let value: Decimal = text.parse().unwrap();
            assert_eq!(Plain(value).to_string(), value.to_string(), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_decimal_is_written_and_rounded_as_rust_decimal_does(
            mantissa in -(1i128 << 96) + 1..(1i128 << 96),
            scale in 0u32..=28,
            dp in 0u32..=4,
        ) {
            use rust_decimal::RoundingStrategy;
            let value = Decimal::from_i128_with_scale(mantissa, scale);
            proptest::prop_assert_eq!(Plain(value).to_string(), value.to_string());
            let mut expected = value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
            expected.rescale(dp);
            let got = round_half_away(value, dp);
            proptest::prop_assert_eq!((got, got.scale()), (expected, expected.scale()));
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
    fn cents_compare_on_rounded_amounts() {
        assert_eq!(Money::new(dec!(1.005)).cents(), 101);
        assert_eq!(Money::new(dec!(1.004)).cents(), 100);
    }
}
