//! From totals to scenario fields, each with the sentence and numbers behind it (Decimal arithmetic).

use egress_core::pricing::Date;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::measured::Derived;
use egress_core::money::words::counted;

pub(crate) const SOURCE: &str = "flow-logs";

/// What raw files and the aggregate CSV both reduce to; the derivation reads only this.
#[derive(Clone, Debug, Default)]
pub(crate) struct Totals {
    pub(crate) region: String,
    pub(crate) region_how: String,
    pub(crate) first: i64,
    pub(crate) last: i64,
    pub(crate) s3: u64,
    pub(crate) aws: u64,
    /// Internet bytes `[out v4, out v6, in v4, in v6]`.
    pub(crate) internet: [u64; 4],
    /// S3 bytes in other regions (inside `internet`), for the sentence.
    pub(crate) s3_elsewhere: u64,
    /// Gateways that carried traffic, and their bytes where known.
    pub(crate) nat_seen: u32,
    pub(crate) nat_given: u32,
    pub(crate) nat_bytes: Vec<(String, u64)>,
    pub(crate) peak_minute: Option<i64>,
    pub(crate) peak_bytes: u64,
    pub(crate) max_span_minutes: i64,
    pub(crate) notes: Vec<String>,
}

impl Totals {
    pub(crate) fn total(&self) -> u64 {
        self.s3 + self.aws + self.internet.iter().sum::<u64>()
    }

    /// From the first record's start to the last one's end, hours.
    pub(crate) fn observed_hours(&self) -> Decimal {
        Decimal::from(self.last - self.first) / Decimal::from(3600)
    }
}

/// Rounded half away from zero to at most 4 places, without trailing zeros.
pub(crate) fn fmt4(d: Decimal) -> String {
    d.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}

pub(crate) fn gb(bytes: u64) -> Decimal {
    Decimal::from(bytes) / Decimal::from(1_000_000_000u64)
}

/// `part × 100 / whole` (0 when the whole is 0).
pub(crate) fn percent(part: u64, whole: u64) -> Decimal {
    if whole == 0 {
        Decimal::ZERO
    } else {
        Decimal::from(part) * Decimal::from(100) / Decimal::from(whole)
    }
}

/// Unix seconds as `2026-01-02T03:04:05Z` (UTC, proleptic Gregorian).
pub(crate) fn utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        Date::from_days(days),
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Sets a field the flow logs give, its sentence led by the field's name.
fn set(d: &mut Derived, name: &str, value: String, sentence: std::fmt::Arguments<'_>) {
    d.set(SOURCE, name, value, format!("{name}: {sentence}"));
}

/// Sets a share, its sentence working it from the bytes (`part` of `whole`, `of` what) whatever
/// `value` is set (aws_percent may be lowered, as its `note` says).
fn share(
    d: &mut Derived,
    name: &str,
    value: Decimal,
    (part, whole): (u64, u64),
    what: &str,
    of: &str,
    note: &str,
) {
    let p = fmt4(percent(part, whole));
    let (part, whole) = (fmt4(gb(part)), fmt4(gb(whole)));
    let sentence = format_args!("{part} GB {what} of {whole} GB{of} → {p} %{note}.");
    set(d, name, fmt4(value), sentence);
}

pub(crate) fn derive(t: &Totals, hours: u32) -> Derived {
    let mut d = Derived::default();
    set(
        &mut d,
        "region",
        t.region.clone(),
        format_args!("{} ({}).", t.region, t.region_how),
    );

    let total = t.total();
    let window = t.last - t.first;
    // Multiply before dividing: bytes × hours × 3600 / (window seconds × 10^9).
    let monthly = Decimal::from(total) * Decimal::from(hours) * Decimal::from(3600)
        / (Decimal::from(window) * Decimal::from(1_000_000_000u64));
    set(
        &mut d,
        "monthly_gb",
        fmt4(monthly),
        // In seconds, which are exact: hours rounded to four places would not give the result.
        format_args!(
            "{} GB on the egress path observed over {window} s ({} to {}, {}) → {} × {hours} × 3600 / {window} = {} GB in a {hours}-hour month.",
            fmt4(gb(total)),
            utc(t.first),
            utc(t.last),
            counted(fmt4(t.observed_hours()).as_str(), "hour", "hours"),
            fmt4(gb(total)),
            fmt4(monthly)
        ),
    );
    if hours != 730 {
        set(
            &mut d,
            "hours",
            hours.to_string(),
            format_args!("{hours}, as given (the month the volume is scaled to)."),
        );
    }

    let s3p =
        percent(t.s3, total).round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
    let mut awsp =
        percent(t.aws, total).round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
    let mut aws_note = String::new();
    if s3p + awsp > Decimal::from(100) {
        awsp = Decimal::from(100) - s3p;
        aws_note = format!(
            " (lowered to {} so that s3 + aws ≤ 100 after rounding)",
            fmt4(awsp)
        );
    }
    let elsewhere = if t.s3_elsewhere > 0 {
        format!(
            "; S3 in other regions, {} GB, is not reachable through this region's gateway endpoint and counts as internet",
            fmt4(gb(t.s3_elsewhere))
        )
    } else {
        String::new()
    };
    let region = &t.region;
    let s3 = format!("to or from S3 in {region}");
    share(
        &mut d,
        "s3_percent",
        s3p,
        (t.s3, total),
        &s3,
        "",
        &elsewhere,
    );
    let aws = format!(
        "to or from other AWS services in {region} (ip-ranges AMAZON and specific services, not EC2 or CloudFront)"
    );
    share(
        &mut d,
        "aws_percent",
        awsp,
        (t.aws, total),
        &aws,
        "",
        &aws_note,
    );

    let [out4, out6, in4, in6] = t.internet;
    let internet = out4 + out6 + in4 + in6;
    if internet == 0 {
        d.derivation.push(
            "outbound_percent and ipv6_percent: no internet traffic was observed, so neither is derived (the planner's defaults stay).".into(),
        );
    } else {
        let (out, v6) = ((out4 + out6, internet), (out6 + in6, internet));
        let rest = format!(" (the other {} GB comes in)", fmt4(gb(in4 + in6)));
        let traffic = " internet traffic";
        share(
            &mut d,
            "outbound_percent",
            percent(out.0, internet),
            out,
            "leaving AWS (outbound)",
            traffic,
            &rest,
        );
        share(
            &mut d,
            "ipv6_percent",
            percent(v6.0, internet),
            v6,
            "over IPv6",
            traffic,
            "",
        );
    }

    if t.nat_seen > 0 {
        let each = if t.nat_bytes.is_empty() {
            String::new()
        } else {
            let list: Vec<String> = t
                .nat_bytes
                .iter()
                .map(|(id, b)| format!("{id} {} GB", fmt4(gb(*b))))
                .collect();
            format!(": {}", list.join(", "))
        };
        let given = if t.nat_given > 0 {
            format!(" of the {} given", t.nat_given)
        } else {
            String::new()
        };
        set(
            &mut d,
            "nat_gateways",
            t.nat_seen.to_string(),
            format_args!(
                "{}{given} carried traffic{each}.",
                counted(t.nat_seen, "NAT gateway", "NAT gateways")
            ),
        );
    } else {
        d.derivation.push(
            "nat_gateways: no NAT gateway carried traffic in these logs; not derived.".into(),
        );
    }

    let peak = Decimal::from(t.peak_bytes) * Decimal::from(8)
        / (Decimal::from(60) * Decimal::from(1_000_000_000u64));
    let when = t
        .peak_minute
        .map(|m| format!(" ({})", utc(m * 60)))
        .unwrap_or_default();
    let bound = if t.max_span_minutes > 1 {
        format!(
            "; records span up to {} minutes and their bytes are spread evenly over them, so a burst inside a record is flattened: this is a lower bound",
            t.max_span_minutes
        )
    } else {
        String::new()
    };
    set(
        &mut d,
        "peak_gbps",
        fmt4(peak),
        format_args!(
            "the busiest minute{when} carried {} GB → {} × 8 / 60 = {} Gbps{bound}.",
            fmt4(gb(t.peak_bytes)),
            fmt4(gb(t.peak_bytes)),
            fmt4(peak)
        ),
    );
    d.derivation.extend(t.notes.iter().cloned());
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_monthly_volume_is_worked_in_whole_seconds() {
        // 1 GB in 839 s (0.2330555… h): 1 × 730 × 3600 / 839 = 2,628,000 / 839 = 3132.30036 → 3132.3004.
        // With the hours rounded to 0.2331 the sentence would read 1 × 730 / 0.2331 = 3131.70.
        let t = Totals {
            region: "us-east-1".into(),
            first: 1_767_312_000,
            last: 1_767_312_839,
            s3: 1_000_000_000,
            ..Totals::default()
        };
        let d = derive(&t, 730);
        assert_eq!(d.get("monthly_gb"), Some("3132.3004"));
        assert!(
            d.derivation.contains(&"monthly_gb: 1 GB on the egress path observed over 839 s (2026-01-02T00:00:00Z to 2026-01-02T00:13:59Z, 0.2331 hours) → 1 × 730 × 3600 / 839 = 3132.3004 GB in a 730-hour month.".to_owned()),
            "{:?}",
            d.derivation
        );
    }

    #[test]
    fn each_share_is_worked_from_its_bytes() {
        // 2 GB S3 + 1 GB AWS + 1 GB internet (0.6 + 0.15 out, 0.25 in; 0.15 of it IPv6) = 4 GB:
        // S3 2/4 = 50 %, AWS 1/4 = 25 %, outbound 0.75/1 = 75 %, IPv6 0.15/1 = 15 %.
        let t = Totals {
            region: "eu-west-1".into(),
            first: 0,
            last: 3600,
            s3: 2_000_000_000,
            aws: 1_000_000_000,
            internet: [600_000_000, 150_000_000, 250_000_000, 0],
            ..Totals::default()
        };
        let d = derive(&t, 730);
        for (name, value, sentence) in [
            (
                "s3_percent",
                "50",
                "s3_percent: 2 GB to or from S3 in eu-west-1 of 4 GB → 50 %.",
            ),
            (
                "outbound_percent",
                "75",
                "outbound_percent: 0.75 GB leaving AWS (outbound) of 1 GB internet traffic → 75 % (the other 0.25 GB comes in).",
            ),
            (
                "ipv6_percent",
                "15",
                "ipv6_percent: 0.15 GB over IPv6 of 1 GB internet traffic → 15 %.",
            ),
        ] {
            assert_eq!(d.get(name), Some(value));
            assert!(
                d.derivation.iter().any(|s| s == sentence),
                "{sentence}\n{:?}",
                d.derivation
            );
        }
        assert_eq!(d.get("aws_percent"), Some("25"));
    }

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        // 2026-01-02T03:04:05Z: 20,455 days after 1970-01-01 (56 years, 14 leap days) → 1,767,312,000 s, + 11,045 s.
        assert_eq!(utc(1_767_323_045), "2026-01-02T03:04:05Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(fmt4(Decimal::new(123_455, 5)), "1.2346");
        assert_eq!(fmt4(Decimal::new(100_000, 3)), "100");
        assert_eq!(fmt4(percent(1, 3)), "33.3333");
    }
}
