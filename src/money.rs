//! Money and other presented decimals: full precision inside, rounded half away
//! from zero to two places only when shown (JSON, HTML, SVG, Markdown).

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Serialize, Serializer};
use std::fmt;

/// Rounds to `dp` places, half away from zero (never banker's rounding: 0.125 → 0.13).
pub fn round_half_away(value: Decimal, dp: u32) -> Decimal {
    let mut rounded = value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    // Always show exactly `dp` places ("306.80", not "306.8").
    rounded.rescale(dp);
    rounded
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
    pub fn display(self) -> String {
        let rounded = self.rounded();
        let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
            "-"
        } else {
            ""
        };
        format!("{sign}${}", group_thousands(&rounded.abs().to_string()))
    }
}

impl fmt::Display for Money {
    /// Plain two-place decimal, e.g. `306.80` (the JSON form).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.rounded(), f)
    }
}

impl Serialize for Money {
    /// Money travels as a decimal string with two places: `"306.80"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.rounded())
    }
}

/// A decimal presented with two places (GB figures such as break-even volumes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TwoPlaces(pub Decimal);

impl fmt::Display for TwoPlaces {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&round_half_away(self.0, 2), f)
    }
}

impl Serialize for TwoPlaces {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Inserts thousands separators into the integer part of a plain decimal string.
pub fn group_thousands(plain: &str) -> String {
    let (int_part, frac) = match plain.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (plain, None),
    };
    let mut out = String::with_capacity(plain.len() + int_part.len() / 3);
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// A decimal for people: trailing zeros dropped, thousands grouped (`12,000`, `0.045`).
pub fn human(value: Decimal) -> String {
    group_thousands(&value.normalize().to_string())
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
        assert_eq!(Money::new(dec!(1234567.891)).display(), "$1,234,567.89");
        assert_eq!(Money::new(dec!(999.995)).display(), "$1,000.00");
        assert_eq!(Money::new(dec!(12)).display(), "$12.00");
        assert_eq!(human(dec!(12000.00)), "12,000");
        assert_eq!(human(dec!(0.0450)), "0.045");
    }

    #[test]
    fn cents_compare_on_rounded_amounts() {
        assert_eq!(Money::new(dec!(1.005)).cents(), 101);
        assert_eq!(Money::new(dec!(1.004)).cents(), 100);
    }
}
