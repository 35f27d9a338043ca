//! Streaming reader of Price List CSV offer files: five metadata rows
//! (`"FormatVersion","v1.0"` …), then a header row naming the columns, then one
//! row per price dimension. Rows are read into one reused byte record, and a
//! row's usage type is looked at before anything else is decoded, so a
//! multi-GB EC2 file is read at the speed of the CSV parser.

use super::{Attr, Attrs, Collector, Dimension, ImportError, OfferFile, classify, may_matter};
use csv::{ByteRecord, ReaderBuilder};
use std::io::Read;

/// The metadata rows, in the order AWS writes them.
const METADATA: [&str; 5] = [
    "FormatVersion",
    "Disclaimer",
    "Publication Date",
    "Version",
    "OfferCode",
];

/// Longest row read, in bytes (an EC2 row is about 2 KB): a longer one is
/// refused before the CSV parser holds it, so a file of one huge field or
/// a header of millions of columns costs at most this much memory.
pub const MAX_ROW_BYTES: u64 = 1024 * 1024;

/// Most columns a header may name (AWS's offers have about a hundred).
pub const MAX_COLUMNS: usize = 4096;

/// Passes a CSV file through, failing once a row (outside quotes, up to its
/// newline) is longer than `limit` bytes.
struct RowLimit<R> {
    inner: R,
    limit: u64,
    row: u64,
    quoted: bool,
}

impl<R: Read> Read for RowLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            match b {
                b'"' => self.quoted = !self.quoted,
                b'\n' if !self.quoted => {
                    self.row = 0;
                    continue;
                }
                _ => {}
            }
            self.row += 1;
            if self.row > self.limit {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "a row is longer than {} bytes (an offer file's rows are a few KB; is this a Price List CSV?)",
                        self.limit
                    ),
                ));
            }
        }
        Ok(n)
    }
}

/// Columns of the price dimension itself (the same in every offer).
const SKU: &str = "SKU";
const TERM_COLUMNS: [&str; 9] = [
    "OfferTermCode",
    "RateCode",
    "TermType",
    "StartingRange",
    "EndingRange",
    "Unit",
    "PricePerUnit",
    "Currency",
    "usageType",
];

struct Row<'a> {
    record: &'a ByteRecord,
    columns: &'a [Option<usize>; Attr::ALL.len()],
}

impl Attrs for Row<'_> {
    fn get(&self, attr: Attr) -> &str {
        self.columns[attr as usize]
            .and_then(|i| self.record.get(i))
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }
}

pub(super) fn read(
    name: &str,
    reader: impl Read,
    collector: &mut Collector,
) -> Result<OfferFile, ImportError> {
    let err = |line: u64, message: String| {
        let place = if line == 0 {
            String::new()
        } else {
            format!("line {line}")
        };
        ImportError::new(name, place, message)
    };
    let mut csv = ReaderBuilder::new()
        .has_headers(false)
        // The metadata rows have two fields and the header many.
        .flexible(true)
        .buffer_capacity(1 << 20)
        .from_reader(RowLimit {
            inner: reader,
            limit: MAX_ROW_BYTES,
            row: 0,
            quoted: false,
        });
    let mut record = ByteRecord::new();
    let mut meta = OfferFile::new(name, "CSV");
    let mut next = |record: &mut ByteRecord, line: u64| -> Result<bool, ImportError> {
        csv.read_byte_record(record).map_err(|e| {
            let line = e.position().map_or(line, |p| p.line());
            err(line, format!("expected a CSV row: {e}"))
        })
    };
    for (i, key) in METADATA.iter().enumerate() {
        let line = i as u64 + 1;
        if !next(&mut record, line)? {
            return Err(err(
                line,
                format!("the file ends early: expected the metadata row \"{key}\""),
            ));
        }
        let text =
            |j: usize| String::from_utf8_lossy(record.get(j).unwrap_or_default()).into_owned();
        if text(0) != *key || record.len() < 2 {
            return Err(err(
                line,
                format!(
                    "expected the metadata row \"{key}\",<value> (an AWS Price List CSV starts with five such rows), found {:?}",
                    text(0)
                ),
            ));
        }
        match i {
            2 => meta.publication_date = text(1),
            3 => meta.version = text(1),
            4 => meta.offer_code = text(1),
            _ => {}
        }
    }
    if !next(&mut record, 6)? {
        return Err(err(
            6,
            "the file ends early: expected the header row".into(),
        ));
    }
    if record.len() > MAX_COLUMNS {
        return Err(err(
            6,
            format!(
                "expected a header row of at most {MAX_COLUMNS} columns, found {}",
                record.len()
            ),
        ));
    }
    let header: Vec<String> = record
        .iter()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    let column = |name: &str| header.iter().position(|h| h == name);
    let required = |name: &str| {
        column(name).ok_or_else(|| {
            err(
                6,
                format!("expected a column named {name:?} in the header row"),
            )
        })
    };
    let sku = required(SKU)?;
    let mut term = [0usize; TERM_COLUMNS.len()];
    for (slot, name) in term.iter_mut().zip(TERM_COLUMNS) {
        *slot = required(name)?;
    }
    let [
        offer_term,
        rate_code,
        term_type,
        begin,
        end,
        unit,
        price,
        currency,
        usage,
    ] = term;
    let mut columns = [None; Attr::ALL.len()];
    for attr in Attr::ALL {
        columns[attr as usize] = column(attr.csv());
    }
    let width = header.len();

    loop {
        let line = record.position().map_or(0, |p| p.line()) + 1;
        if !next(&mut record, line)? {
            break;
        }
        meta.rows += 1;
        let line = record.position().map_or(line, |p| p.line());
        if record.len() != width {
            return Err(err(
                line,
                format!(
                    "expected {width} fields as in the header, found {} (is the file truncated?)",
                    record.len()
                ),
            ));
        }
        if !may_matter(&record[usage], collector.instance_types()) {
            continue;
        }
        let row = Row {
            record: &record,
            columns: &columns,
        };
        let Some(target) = classify(&row, collector.instance_types()) else {
            continue;
        };
        let field = |i: usize| std::str::from_utf8(&record[i]).unwrap_or("");
        let dimension = Dimension {
            sku: field(sku),
            term_type: field(term_type),
            offer_term_code: field(offer_term),
            rate_code: field(rate_code),
            begin: field(begin),
            end: field(end),
            unit: field(unit),
            currency: field(currency),
            usd: field(price),
            place: format!("line {line}"),
        };
        collector.dimension(name, &mut meta, &target, dimension)?;
    }
    Ok(meta)
}
