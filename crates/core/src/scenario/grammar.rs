//! The one number grammar of every text input (query strings, forms, CLI
//! flags, JSON strings): surrounding spaces, thousands separators in correct
//! groups and the field's own unit are accepted; anything else is refused
//! with what to type instead. [`decimal_pattern`] publishes exactly this
//! grammar for the API documentation (a test checks the two agree).

use std::borrow::Cow;

/// Most fraction digits a decimal given as text may have.
pub const MAX_FRACTION_DIGITS: usize = 10;

/// What is wrong with a number's text, when it can be said better than
/// "must be a number from … to …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not the number grammar at all (the caller says the range).
    Malformed,
    /// A comma used as the decimal point (`20,5`).
    DecimalComma,
    /// A unit or multiplier the field does not take (`20TB` for a GB field, `1.5k`); what to type.
    WrongUnit {
        /// The unit the field takes.
        unit: &'static str,
        /// The number converted into it, when the unit was convertible.
        converted: Option<String>,
    },
    /// Digits grouped with spaces (`25 000`): the digits to type.
    SpacedDigits {
        /// The digits without the spaces.
        digits: String,
    },
}

/// What a suffix multiplies a number by, as a decimal text, for a field whose unit is `unit`:
/// `k` and `M` on any field, and for a GB field the other byte units (decimal and binary).
fn multiplier(suffix: &str, unit: &str) -> Option<&'static str> {
    let gb = unit.starts_with("GB");
    match suffix {
        "k" => Some("1000"),
        "m" if !gb => Some("1000000"),
        "M" => Some("1000000"),
        _ => match suffix.to_ascii_lowercase().as_str() {
            "tb" if gb => Some("1000"),
            "pb" if gb => Some("1000000"),
            "mb" if gb => Some("0.001"),
            "gib" if gb => Some("1.073741824"),
            "tib" if gb => Some("1099.511627776"),
            "mib" if gb => Some("0.001048576"),
            _ => None,
        },
    }
}

/// The spellings of a field's unit accepted after a number, lower case,
/// longest first: `GB/month` → `gb/month`, `gb`; `AZs` → `azs`, `az`.
pub fn unit_spellings(unit: &str) -> Vec<String> {
    let mut spellings: Vec<String> = Vec::new();
    let lower = unit.to_ascii_lowercase();
    if lower.is_empty() {
        return spellings;
    }
    let mut add = |s: &str| {
        if !s.is_empty() && !spellings.iter().any(|x| x == s) {
            spellings.push(s.to_owned());
        }
    };
    add(&lower);
    let base = lower.split('/').next().unwrap_or("").to_owned();
    add(&base);
    if let Some(singular) = base.strip_suffix("es").filter(|s| s.ends_with("ss")) {
        add(singular);
    } else if let Some(singular) = base.strip_suffix('s') {
        add(singular);
    }
    if base == "hours" {
        add("h");
    }
    spellings.sort_by_key(|s| std::cmp::Reverse(s.len()));
    spellings
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// The plain digits of a number as the field may be given it, or why not.
/// `integer` refuses a fraction.
pub fn canonical<'t>(
    text: &'t str,
    unit: &'static str,
    integer: bool,
) -> Result<Cow<'t, str>, Problem> {
    let mut t = text.trim_matches(is_space);
    // Plain digits, what scripts send, need none of the forgiving grammar:
    // no unit can end them and no comma groups them.
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Ok(Cow::Borrowed(t));
    }
    let lower = t.to_ascii_lowercase();
    for spelling in unit_spellings(unit) {
        if lower.ends_with(&spelling) && lower.len() > spelling.len() {
            t = t[..t.len() - spelling.len()].trim_end_matches(is_space);
            break;
        }
    }
    let number_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(t.len());
    let (number, rest) = t.split_at(number_end);
    let rest = rest.trim_matches(is_space);
    if !rest.is_empty() {
        // `25 000`: thousands grouped with spaces, which the field cannot tell from two numbers.
        let groups: Vec<&str> = t.split(is_space).filter(|g| !g.is_empty()).collect();
        let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
        let last_ok = groups.last().is_some_and(|g| {
            let (int, frac) = g.split_once('.').unwrap_or((g, "0"));
            int.len() == 3 && digits(int) && digits(frac)
        });
        if groups.len() > 1
            && (1..=3).contains(&groups[0].len())
            && digits(groups[0])
            && groups[1..groups.len() - 1]
                .iter()
                .all(|g| g.len() == 3 && digits(g))
            && last_ok
        {
            return Err(Problem::SpacedDigits {
                digits: groups.concat(),
            });
        }
        if rest
            .chars()
            .all(|c| c.is_alphabetic() || c == '%' || c == '/' || is_space(c))
            && !number.is_empty()
        {
            let converted = multiplier(rest, unit).and_then(|factor| {
                let n: rust_decimal::Decimal = number.replace(',', "").parse().ok()?;
                let f: rust_decimal::Decimal = factor.parse().ok()?;
                let value = n.checked_mul(f)?.round_dp(MAX_FRACTION_DIGITS as u32);
                Some(value.normalize().to_string())
            });
            if converted.is_some() || !unit.is_empty() {
                return Err(Problem::WrongUnit {
                    unit: unit.split('/').next().unwrap_or(unit),
                    converted,
                });
            }
        }
        return Err(Problem::Malformed);
    }
    if number.contains(',') {
        let (int, frac) = match number.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (number, None),
        };
        let groups: Vec<&str> = int.split(',').collect();
        let grouped = groups.len() > 1
            && (1..=3).contains(&groups[0].len())
            && !groups[0].starts_with('0')
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
        if grouped {
            let digits: String = groups.concat();
            return Ok(Cow::Owned(match frac {
                Some(f) if !integer => format!("{digits}.{f}"),
                Some(_) => return Err(Problem::Malformed),
                None => digits,
            }));
        }
        let comma_decimal = frac.is_none()
            && groups.len() == 2
            && groups
                .iter()
                .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()));
        return Err(if comma_decimal {
            Problem::DecimalComma
        } else {
            Problem::Malformed
        });
    }
    Ok(Cow::Borrowed(number))
}

/// Case-insensitive regular-expression text for a literal (`gb` → `[Gg][Bb]`).
fn any_case(literal: &str) -> String {
    literal
        .chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase())
            } else if c == '.' {
                "\\.".to_owned()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The regular expression (ECMA 262, as JSON Schema uses) of the decimal
/// text a field whose maximum is `max` (a power of ten) and whose unit is
/// `unit` accepts: exactly what [`canonical`] then the range check accept.
pub fn decimal_pattern(max: u32, unit: &str) -> String {
    let digits = max.to_string().len();
    let frac = format!("(?:\\.[0-9]{{1,{MAX_FRACTION_DIGITS}}})?");
    let zero_frac = format!("(?:\\.0{{1,{MAX_FRACTION_DIGITS}}})?");
    // Below the maximum: at most digits − 1 integer digits, plain or grouped.
    let mut ints = vec![format!("0|[1-9][0-9]{{0,{}}}", digits.saturating_sub(2))];
    for groups in 1.. {
        let rest = (digits - 1) as isize - 3 * groups as isize;
        if rest < 1 {
            break;
        }
        let first = rest.min(3) as usize;
        ints.push(format!(
            "[1-9][0-9]{{0,{}}}(?:,[0-9]{{3}}){{{groups}}}",
            first - 1
        ));
    }
    let max_text = max.to_string();
    let mut max_forms = vec![max_text.clone()];
    let grouped_max = crate::money::words::human(rust_decimal::Decimal::from(max)).to_string();
    if grouped_max != max_text {
        max_forms.push(grouped_max);
    }
    let units: Vec<String> = unit_spellings(unit).iter().map(|u| any_case(u)).collect();
    let unit_part = if units.is_empty() {
        String::new()
    } else {
        format!("(?:[ \\t]*(?:{}))?", units.join("|"))
    };
    format!(
        "^[ \\t]*(?:(?:{}){zero_frac}|(?:{}){frac}){unit_part}[ \\t]*$",
        max_forms.join("|"),
        ints.join("|")
    )
}

#[cfg(test)]
mod typed_tests {
    use super::*;

    #[test]
    fn multipliers_and_other_byte_units_say_exactly_what_to_type() {
        let converted = |text: &str, unit: &'static str| match canonical(text, unit, false) {
            Err(Problem::WrongUnit { converted, .. }) => converted,
            other => panic!("{text}: {other:?}"),
        };
        // 1.5 × 1,000 = 1,500; 2.5 × 1,000 = 2,500; 25 TB = 25 × 1,000 GB.
        assert_eq!(converted("1.5k", "GB/month").as_deref(), Some("1500"));
        assert_eq!(converted("2.5k", "GB/month").as_deref(), Some("2500"));
        assert_eq!(converted("25 TB", "GB/month").as_deref(), Some("25000"));
        // 500 GiB = 500 × 1.073741824 GB = 536.870912 GB; 2 TiB = 2 × 1,099.511627776 GB.
        assert_eq!(
            converted("500 GiB", "GB/month").as_deref(),
            Some("536.870912")
        );
        assert_eq!(
            converted("2 TiB", "GB/month").as_deref(),
            Some("2199.023255552")
        );
        // 1.2M tasks = 1,200,000.
        assert_eq!(converted("1.2M", "addresses").as_deref(), Some("1200000"));
        // A byte unit on a field that is not GB is not converted.
        assert_eq!(converted("5 TB", "Gbps"), None);
    }

    #[test]
    fn digits_grouped_with_spaces_are_named() {
        assert_eq!(
            canonical("25 000", "GB/month", false),
            Err(Problem::SpacedDigits {
                digits: "25000".to_owned()
            })
        );
        assert_eq!(
            canonical("1 250 000.5", "GB/month", false),
            Err(Problem::SpacedDigits {
                digits: "1250000.5".to_owned()
            })
        );
        assert_eq!(
            canonical("25 00", "GB/month", false),
            Err(Problem::Malformed)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_separators_and_the_fields_unit_are_accepted() {
        assert_eq!(canonical(" 20000 ", "GB/month", false), Ok("20000".into()));
        assert_eq!(canonical("20,000", "GB/month", false), Ok("20000".into()));
        assert_eq!(
            canonical("1,000,000.5", "GB/month", false),
            Ok("1000000.5".into())
        );
        assert_eq!(canonical("20000 GB", "GB/month", false), Ok("20000".into()));
        assert_eq!(
            canonical("20000gb/month", "GB/month", false),
            Ok("20000".into())
        );
        assert_eq!(canonical("35 %", "%", false), Ok("35".into()));
        assert_eq!(canonical("35%", "%", false), Ok("35".into()));
        assert_eq!(canonical("8 Gbps", "Gbps", false), Ok("8".into()));
        assert_eq!(canonical("3 AZs", "AZs", true), Ok("3".into()));
        assert_eq!(canonical("1 AZ", "AZs", true), Ok("1".into()));
        assert_eq!(canonical("730 h", "hours", true), Ok("730".into()));
    }

    #[test]
    fn anything_else_says_what_to_type() {
        assert_eq!(
            canonical("20TB", "GB/month", false),
            Err(Problem::WrongUnit {
                unit: "GB",
                converted: Some("20000".into())
            })
        );
        assert_eq!(
            canonical("20,5", "GB/month", false),
            Err(Problem::DecimalComma)
        );
        assert_eq!(
            canonical("2,00,000", "GB/month", false),
            Err(Problem::Malformed)
        );
        assert_eq!(
            canonical("5 Mbps", "Gbps", false).unwrap_err(),
            Problem::WrongUnit {
                unit: "Gbps",
                converted: None
            }
        );
        assert_eq!(canonical("1,000.5", "AZs", true), Err(Problem::Malformed));
        assert_eq!(
            canonical("12abc3", "GB/month", false),
            Err(Problem::Malformed)
        );
    }

    #[test]
    fn the_pattern_for_a_percentage() {
        assert_eq!(
            decimal_pattern(100, "%"),
            "^[ \\t]*(?:(?:100)(?:\\.0{1,10})?|(?:0|[1-9][0-9]{0,1})(?:\\.[0-9]{1,10})?)(?:[ \\t]*(?:%))?[ \\t]*$"
        );
    }
}
