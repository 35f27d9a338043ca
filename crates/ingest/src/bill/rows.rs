//! From a bill file's bytes to its lines: CUR 2.0 / legacy CUR CSV (plain or gzip), CUR Parquet, and
//! Cost Explorer JSON. Checks one payer and one billing period.

use std::io::Read;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

use super::BillError;
use super::usage::{date_of, hours_of};

/// One line of the bill.
pub(super) struct Row {
    pub usage_type: String,
    pub quantity: Decimal,
    pub cost: Decimal,
    /// `product_region_code`, when the file has it.
    pub region: Option<String>,
    pub product: Option<String>,
    /// Whether the quantity is usage (not a tax, credit, discount or fee line).
    pub counts_usage: bool,
}

pub(super) struct Bill {
    pub rows: Vec<Row>,
    /// First usage hour and the hour after the last, since the epoch.
    pub span: Option<(i64, i64)>,
    /// The billing period, same units.
    pub period: Option<(i64, i64)>,
    /// What the file was, in words.
    pub format: &'static str,
    /// Which lines' quantities count, in words.
    pub quantity_rule: &'static str,
}

pub(super) fn read(file: &str, bytes: &[u8]) -> Result<Bill, BillError> {
    match bytes {
        [0x1F, 0x8B, ..] => {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(bytes)
                .read_to_end(&mut out)
                .map_err(|e| BillError::Decompress {
                    file: file.to_owned(),
                    detail: format!("not a valid gzip file: {e}"),
                })?;
            let mut bill = csv_bill(file, &out)?;
            bill.format = if bill.format == LEGACY {
                "a legacy Cost and Usage Report, gzip CSV"
            } else {
                "a Cost and Usage Report 2.0, gzip CSV"
            };
            Ok(bill)
        }
        [b'P', b'A', b'R', b'1', ..] => parquet_bill(file, bytes),
        [b'P', b'K', 3, 4, ..] => Err(BillError::Unrecognized {
            file: file.to_owned(),
            detail: "a ZIP archive; unzip it and give the CSV inside".into(),
        }),
        _ => {
            let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
            let first = body.iter().find(|b| !b.is_ascii_whitespace());
            if first == Some(&b'{') {
                ce_bill(file, body)
            } else {
                csv_bill(file, body)
            }
        }
    }
}

const LEGACY: &str = "a legacy Cost and Usage Report, CSV";

/// A column by its CUR 2.0 name and its legacy CUR name.
struct Col(&'static str, &'static str);

const USAGE_TYPE: Col = Col("line_item_usage_type", "lineItem/UsageType");
const AMOUNT: Col = Col("line_item_usage_amount", "lineItem/UsageAmount");
const COST: Col = Col("line_item_unblended_cost", "lineItem/UnblendedCost");
const START: Col = Col("line_item_usage_start_date", "lineItem/UsageStartDate");
const END: Col = Col("line_item_usage_end_date", "lineItem/UsageEndDate");
const REGION: Col = Col("product_region_code", "product/regionCode");
const PRODUCT: Col = Col("line_item_product_code", "lineItem/ProductCode");
const PAYER: Col = Col("bill_payer_account_id", "bill/PayerAccountId");
const PERIOD_START: Col = Col(
    "bill_billing_period_start_date",
    "bill/BillingPeriodStartDate",
);
const PERIOD_END: Col = Col("bill_billing_period_end_date", "bill/BillingPeriodEndDate");
const LINE_TYPE: Col = Col("line_item_line_item_type", "lineItem/LineItemType");

const USAGE_LINES: &[&str] = &["Usage", "DiscountedUsage", "SavingsPlanCoveredUsage"];
const USAGE_RULE: &str = "quantities from Usage, DiscountedUsage and SavingsPlanCoveredUsage lines; costs from every line of the usage type, credits and waivers included";

fn number(file: &str, at: &str, column: &str, text: &str) -> Result<Decimal, BillError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(Decimal::ZERO);
    }
    Decimal::from_str(t)
        .or_else(|_| Decimal::from_scientific(t))
        .map_err(|_| BillError::BadNumber {
            file: file.to_owned(),
            at: at.to_owned(),
            column: column.to_owned(),
            value: t.to_owned(),
        })
}

/// The checks every format shares: one payer, one period, the usage span.
#[derive(Default)]
struct Checks {
    payer: Option<First<String>>,
    /// The billing period, compared by its first hour.
    period: Option<First<i64>>,
    /// The hour after the period's last, when the bill says.
    period_end: Option<i64>,
    month: Option<First<String>>,
    span: Option<(i64, i64)>,
}

/// The first of something a bill must give once (a payer, a billing period, a month): what it
/// is compared by, the text it was given as and where.
struct First<K> {
    key: K,
    text: String,
    at: String,
}

/// What a bill must give only one of.
#[derive(Clone, Copy)]
enum One {
    Payer,
    /// A billing period, or a month of usage where the bill has no period.
    Period,
}

/// Keeps in `first` the first `key` a bill gives (as `text`, at `at`); a later, different one is
/// refused, naming both texts and where each was given.
fn only_one<K: PartialEq>(
    one: One,
    first: &mut Option<First<K>>,
    (key, text): (K, &str),
    (file, at): (&str, &str),
) -> Result<(), BillError> {
    let Some(f) = first else {
        *first = Some(First {
            key,
            text: text.to_owned(),
            at: at.to_owned(),
        });
        return Ok(());
    };
    if f.key == key {
        return Ok(());
    }
    let (file, first, second) = (file.to_owned(), f.text.clone(), text.to_owned());
    let at = format!("{}; the other at {at}", f.at);
    Err(match one {
        One::Payer => BillError::TwoPayers {
            file,
            first,
            second,
            at,
        },
        One::Period => BillError::TwoPeriods {
            file,
            first,
            second,
            at,
        },
    })
}

impl Checks {
    fn payer(&mut self, file: &str, at: &str, id: &str) -> Result<(), BillError> {
        if id.is_empty() {
            return Ok(());
        }
        only_one(One::Payer, &mut self.payer, (id.to_owned(), id), (file, at))
    }

    fn period(
        &mut self,
        file: &str,
        at: &str,
        start: &str,
        end: Option<&str>,
    ) -> Result<(), BillError> {
        let Some(h) = hours_of(start) else {
            return Ok(());
        };
        if self.period.is_none() {
            self.period_end = end.and_then(hours_of);
        }
        only_one(One::Period, &mut self.period, (h, start), (file, at))
    }

    /// Usage dates: widen the span; without a period column, one calendar month only.
    fn usage(
        &mut self,
        file: &str,
        at: &str,
        start: Option<&str>,
        end: Option<&str>,
    ) -> Result<(), BillError> {
        let (Some(s), e) = (start.and_then(hours_of), end.and_then(hours_of)) else {
            return Ok(());
        };
        let e = e.filter(|e| *e > s).unwrap_or(s + 1);
        self.span = Some(match self.span {
            None => (s, e),
            Some((a, b)) => (a.min(s), b.max(e)),
        });
        if self.period.is_none() {
            let month = &date_of(s)[..7];
            return only_one(
                One::Period,
                &mut self.month,
                (month.to_owned(), month),
                (file, at),
            );
        }
        Ok(())
    }

    fn period_hours(&self) -> Option<(i64, i64)> {
        let start = self.period.as_ref()?.key;
        let end = self.period_end.or_else(|| {
            // The first hour of the next month.
            let d = date_of(start);
            let (y, m): (i64, i64) = (d[..4].parse().ok()?, d[5..7].parse().ok()?);
            let (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            hours_of(&format!("{y:04}-{m:02}-01"))
        })?;
        Some((start, end))
    }
}

fn csv_bill(file: &str, body: &[u8]) -> Result<Bill, BillError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(body);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| BillError::Csv {
            file: file.to_owned(),
            row: 1,
            detail: e.to_string(),
        })?
        .iter()
        .map(str::to_owned)
        .collect();
    let legacy = headers.iter().any(|h| h.contains('/'));
    let records = reader.into_records().map(|record| {
        let record = record.map_err(|e| BillError::Csv {
            file: file.to_owned(),
            row: e.position().map_or(0, |p| p.line()),
            detail: e.to_string(),
        })?;
        let at = format!("line {}", record.position().map_or(0, |p| p.line()));
        Ok((at, record.iter().map(str::to_owned).collect()))
    });
    let format = if legacy {
        LEGACY
    } else {
        "a Cost and Usage Report 2.0, CSV"
    };
    table_bill(file, &headers, records, format)
}

type Record = Result<(String, Vec<String>), BillError>;

/// The lines of a table with CUR column names, whichever file it came from.
fn table_bill(
    file: &str,
    headers: &[String],
    records: impl Iterator<Item = Record>,
    format: &'static str,
) -> Result<Bill, BillError> {
    let find = |c: &Col| {
        headers
            .iter()
            .position(|h| h.trim() == c.0 || h.trim() == c.1)
    };
    let need = |c: &Col| {
        find(c).ok_or(BillError::MissingColumn {
            file: file.to_owned(),
            column: c.0,
            legacy: c.1,
        })
    };
    let usage_col = match need(&USAGE_TYPE) {
        Ok(i) => i,
        Err(e) => {
            if headers.len() <= 1 {
                return Err(BillError::Unrecognized {
                    file: file.to_owned(),
                    detail: "not JSON, and its first line is not a CSV header of a Cost and Usage Report".into(),
                });
            }
            return Err(e);
        }
    };
    let (amount_col, cost_col) = (need(&AMOUNT)?, need(&COST)?);
    let [start, end, region, product, payer, pstart, pend, ltype] = [
        &START,
        &END,
        &REGION,
        &PRODUCT,
        &PAYER,
        &PERIOD_START,
        &PERIOD_END,
        &LINE_TYPE,
    ]
    .map(find);
    let region = region.or_else(|| headers.iter().position(|h| h.trim() == "product/region"));
    let name = |i: usize| headers.get(i).cloned().unwrap_or_default();
    let mut checks = Checks::default();
    let mut rows = Vec::new();
    for record in records {
        let (at, record) = record?;
        let get = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(String::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        if let Some(p) = get(payer) {
            checks.payer(file, &at, p)?;
        }
        if let Some(p) = get(pstart) {
            checks.period(file, &at, p, get(pend))?;
        }
        checks.usage(file, &at, get(start), get(end))?;
        let usage_type = get(Some(usage_col)).unwrap_or_default();
        if super::usage::split(usage_type, get(product)).is_none() {
            continue;
        }
        rows.push(Row {
            usage_type: usage_type.to_owned(),
            quantity: number(
                file,
                &at,
                &name(amount_col),
                get(Some(amount_col)).unwrap_or_default(),
            )?,
            cost: number(
                file,
                &at,
                &name(cost_col),
                get(Some(cost_col)).unwrap_or_default(),
            )?,
            region: get(region).map(str::to_owned),
            product: get(product).map(str::to_owned),
            counts_usage: get(ltype).is_none_or(|t| USAGE_LINES.contains(&t)),
        });
    }
    Ok(Bill {
        rows,
        span: checks.span,
        period: checks.period_hours(),
        format,
        quantity_rule: if ltype.is_some() {
            USAGE_RULE
        } else {
            "no line item type column: every line's quantity counts"
        },
    })
}

fn ce_bill(file: &str, body: &[u8]) -> Result<Bill, BillError> {
    let doc: Value = serde_json::from_slice(body).map_err(|e| BillError::Json {
        file: file.to_owned(),
        at: format!("line {}, column {}", e.line(), e.column()),
        problem: format!("not valid JSON: {e}"),
    })?;
    let jerr = |at: String, problem: &str| BillError::Json {
        file: file.to_owned(),
        at,
        problem: problem.to_owned(),
    };
    let Some(results) = doc.get("ResultsByTime") else {
        return Err(BillError::Unrecognized {
            file: file.to_owned(),
            detail: "a JSON object without `ResultsByTime`".into(),
        });
    };
    let results = results
        .as_array()
        .ok_or_else(|| jerr("ResultsByTime".into(), "expected an array"))?;
    // Which key of a group is the usage type (and the region, when grouped by it too).
    let defs = doc.get("GroupDefinitions").and_then(Value::as_array);
    let key_index = |key: &str| {
        defs.and_then(|d| {
            d.iter()
                .position(|g| g.get("Key").and_then(Value::as_str) == Some(key))
        })
    };
    let usage_at = match (defs, key_index("USAGE_TYPE")) {
        (_, Some(i)) => i,
        (None, None) => 0,
        (Some(_), None) => {
            return Err(jerr(
                "GroupDefinitions".into(),
                "not grouped by USAGE_TYPE; run with --group-by Type=DIMENSION,Key=USAGE_TYPE",
            ));
        }
    };
    let region_at = key_index("REGION");
    let mut checks = Checks::default();
    let mut rows = Vec::new();
    for (i, result) in results.iter().enumerate() {
        let at = format!("ResultsByTime[{i}]");
        let tp = result.get("TimePeriod");
        let start = tp.and_then(|t| t.get("Start")).and_then(Value::as_str);
        let end = tp.and_then(|t| t.get("End")).and_then(Value::as_str);
        checks.usage(file, &at, start, end)?;
        let Some(groups) = result.get("Groups").and_then(Value::as_array) else {
            continue;
        };
        for (j, g) in groups.iter().enumerate() {
            let gat = format!("{at}.Groups[{j}]");
            let keys = g
                .get("Keys")
                .and_then(Value::as_array)
                .ok_or_else(|| jerr(format!("{gat}.Keys"), "expected an array"))?;
            let key = |k: usize| keys.get(k).and_then(Value::as_str);
            let usage_type = key(usage_at)
                .ok_or_else(|| jerr(format!("{gat}.Keys[{usage_at}]"), "expected a string"))?;
            if super::usage::split(usage_type, None).is_none() {
                continue;
            }
            let metric = |m: &str| -> Result<Decimal, BillError> {
                let path = format!("{gat}.Metrics.{m}.Amount");
                let text = g
                    .get("Metrics")
                    .and_then(|x| x.get(m))
                    .and_then(|x| x.get("Amount"))
                    .and_then(Value::as_str)
                    .ok_or_else(|| {
                        jerr(
                            path.clone(),
                            "missing; run with --metrics UsageQuantity UnblendedCost",
                        )
                    })?;
                number(file, &path, m, text)
            };
            rows.push(Row {
                usage_type: usage_type.to_owned(),
                quantity: metric("UsageQuantity")?,
                cost: metric("UnblendedCost")?,
                region: region_at.and_then(key).map(str::to_owned),
                product: None,
                counts_usage: true,
            });
        }
    }
    // Cost Explorer's periods end on the day after the last; the month is that of the first start.
    let period = checks.span.and_then(|(s, _)| {
        let d = date_of(s);
        let c = Checks {
            period: Some(First {
                key: hours_of(&format!("{}-01", &d[..7]))?,
                text: String::new(),
                at: String::new(),
            }),
            ..Checks::default()
        };
        c.period_hours()
    });
    Ok(Bill {
        rows,
        span: checks.span,
        period,
        format: "Cost Explorer get-cost-and-usage JSON",
        quantity_rule: "UsageQuantity and UnblendedCost per usage type, net of credits as Cost Explorer shows them",
    })
}

fn parquet_bill(file: &str, bytes: &[u8]) -> Result<Bill, BillError> {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let perr = |e: parquet::errors::ParquetError| BillError::Parquet {
        file: file.to_owned(),
        detail: e.to_string(),
    };
    let reader = SerializedFileReader::new(bytes::Bytes::copy_from_slice(bytes)).map_err(perr)?;
    let headers: Vec<String> = reader
        .metadata()
        .file_metadata()
        .schema()
        .get_fields()
        .iter()
        .map(|f| f.name().to_owned())
        .collect();
    let legacy = headers.iter().any(|h| h.contains('/'));
    let rows = reader.get_row_iter(None).map_err(perr)?;
    let records = rows.enumerate().map(|(n, row)| {
        let row = row.map_err(perr)?;
        let mut values = vec![String::new(); headers.len()];
        for (name, field) in row.get_column_iter() {
            if let Some(i) = headers.iter().position(|h| h == name) {
                values[i] = field_text(field);
            }
        }
        Ok((format!("row {}", n + 1), values))
    });
    let format = if legacy {
        "a legacy Cost and Usage Report, Parquet"
    } else {
        "a Cost and Usage Report 2.0, Parquet"
    };
    table_bill(file, &headers, records, format)
}

/// A Parquet value as the CSV report would write it.
fn field_text(field: &parquet::record::Field) -> String {
    use parquet::record::Field;
    let timestamp = |hours: i64, rest_ms: i64| {
        let minutes = rest_ms / 60_000;
        format!(
            "{}T{:02}:{:02}:00Z",
            date_of(hours),
            hours.rem_euclid(24),
            minutes
        )
    };
    match field {
        Field::Str(s) => s.clone(),
        Field::Double(d) => format!("{d}"),
        Field::Float(f) => format!("{f}"),
        Field::Int(n) => n.to_string(),
        Field::Long(n) => n.to_string(),
        // The digits with the point at the column's scale (`720.0000`), as the crate writes it.
        Field::Decimal(_) => field.to_string(),
        Field::Date(days) => date_of(i64::from(*days) * 24),
        Field::TimestampMillis(ms) => timestamp(ms.div_euclid(3_600_000), ms.rem_euclid(3_600_000)),
        Field::TimestampMicros(us) => {
            let ms = us.div_euclid(1000);
            timestamp(ms.div_euclid(3_600_000), ms.rem_euclid(3_600_000))
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parquet::data_type::Decimal;
    use parquet::record::Field;

    #[test]
    fn a_parquet_decimal_is_read_as_its_digits() {
        // A re-exported report may hold DECIMAL(18,4) costs: 7,200,000 at scale 4 is 720.0000.
        let field = Field::Decimal(Decimal::from_i64(7_200_000, 18, 4));
        assert_eq!(field_text(&field), "720.0000");
        let field = Field::Decimal(Decimal::from_i32(-40_625, 9, 3));
        assert_eq!(field_text(&field), "-40.625");
    }
}
