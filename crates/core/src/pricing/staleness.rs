//! How old the table's prices are: a table whose as-of date is more than a
//! configurable number of days before today gets a notice on the pages and in
//! the `x-pricing-table` header, with the command that refreshes it. Dates are
//! plain civil dates (UTC); no calendar crate is needed for day counts.

use super::TableMeta;
use std::fmt;

/// The command the notice tells people to run.
pub const REFRESH_COMMAND: &str = "egress-planner pricing fetch --out pricing.toml";

/// A civil date, as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(i64);

impl Date {
    /// Parses `2026-10-06`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.get(..10)?.split('-');
        let y: i64 = parts.next()?.parse().ok()?;
        let m: i64 = parts.next()?.parse().ok()?;
        let d: i64 = parts.next()?.parse().ok()?;
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        Some(Date::from_civil(y, m, d))
    }

    /// Year `y`, month `m` (1 to 12), day `d` (1 to 31), in the proleptic
    /// Gregorian calendar (Howard Hinnant's days from civil).
    pub fn from_civil(y: i64, m: i64, d: i64) -> Date {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Date(era * 146_097 + doe - 719_468)
    }

    /// The date `days` after 1970-01-01 (before it when negative).
    pub const fn from_days(days: i64) -> Date {
        Date(days)
    }

    /// Days since 1970-01-01.
    pub const fn days(self) -> i64 {
        self.0
    }

    /// Today in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date((secs / 86_400) as i64)
    }

    /// The date `days` later (earlier when negative).
    pub fn add_days(self, days: i64) -> Date {
        Date(self.0 + days)
    }

    /// Days from `earlier` to `self`.
    pub fn days_since(self, earlier: Date) -> i64 {
        self.0 - earlier.0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Civil from days (the inverse of `parse`).
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// A table older than the configured age.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staleness {
    /// The table's as-of date.
    pub as_of: String,
    /// How many days old it is.
    pub age_days: i64,
    /// The configured limit.
    pub limit_days: u32,
}

impl Staleness {
    /// The notice the pages and the header show.
    pub fn notice(&self) -> String {
        format!(
            "stale: as of {}, older than {} days; run {REFRESH_COMMAND}",
            self.as_of, self.limit_days
        )
    }
}

/// `Some` when the table's as-of date is more than `limit_days` before `today`.
pub fn staleness(meta: &TableMeta, today: Date, limit_days: u32) -> Option<Staleness> {
    let as_of = Date::parse(&meta.as_of)?;
    let age_days = today.days_since(as_of);
    (age_days > i64::from(limit_days)).then(|| Staleness {
        as_of: meta.as_of.clone(),
        age_days,
        limit_days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(as_of: &str) -> TableMeta {
        TableMeta {
            version: "v".into(),
            as_of: as_of.into(),
            currency: "USD".into(),
            default_region: "us-east-1".into(),
        }
    }

    #[test]
    fn dates_count_days_across_months_and_leap_years() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(d("1970-01-01"), Date(0));
        assert_eq!(d("2024-03-01").days_since(d("2024-02-28")), 2);
        assert_eq!(d("2027-01-04").days_since(d("2026-10-06")), 90);
        assert_eq!(d("2026-10-06").to_string(), "2026-10-06");
        assert_eq!(d("2000-02-29").to_string(), "2000-02-29");
        assert_eq!(Date::parse("2026-13-01"), None);
    }

    #[test]
    fn a_table_is_stale_only_past_the_limit() {
        let today = Date::parse("2027-01-04").unwrap();
        assert_eq!(staleness(&meta("2026-10-06"), today, 90), None);
        let stale = staleness(&meta("2026-10-05"), today, 90).unwrap();
        assert_eq!(stale.age_days, 91);
        assert_eq!(
            stale.notice(),
            "stale: as of 2026-10-05, older than 90 days; run egress-planner pricing fetch --out pricing.toml"
        );
        assert!(staleness(&meta("2026-10-05"), today, 120).is_none());
    }
}
