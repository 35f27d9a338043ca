//! The one error type of flow-log reading: each variant names the file, the line (1-based) and the problem.

use thiserror::Error;

/// What went wrong, where. `file` is the path as given (or the name passed to `measure_aggregate`);
/// `line` is 1-based (a Parquet row number for Parquet files).
#[derive(Debug, Error)]
pub enum FlowLogError {
    /// The file could not be opened or read.
    #[error("{file}: cannot read it: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    /// A read failed in the middle of a file (other than a truncated gzip stream).
    #[error("{file}, line {line}: read failed: {source}")]
    ReadAt {
        file: String,
        line: u64,
        #[source]
        source: std::io::Error,
    },
    /// The gzip stream ends before its end marker: the file was cut short (an interrupted download?).
    #[error("{file}, line {line}: the gzip stream ends early (truncated file)")]
    TruncatedGzip { file: String, line: u64 },
    /// The file is not a flow log (no header naming flow-log fields, a corrupt gzip header, empty…).
    #[error("{file}, line {line}: not a flow log: {reason}")]
    NotAFlowLog {
        file: String,
        line: u64,
        reason: String,
    },
    /// The header names flow-log fields but lacks one the measurement needs.
    #[error("{file}, line {line}: the header has no `{field}` field, which the measurement needs")]
    MissingField {
        file: String,
        line: u64,
        field: &'static str,
    },
    /// A record with more or fewer fields than its header.
    #[error("{file}, line {line}: {found} fields where the header names {expected}")]
    FieldCount {
        file: String,
        line: u64,
        expected: usize,
        found: usize,
    },
    /// A count or time that is not a whole number.
    #[error("{file}, line {line}: `{field}` is `{value}`, not a number")]
    NotANumber {
        file: String,
        line: u64,
        field: String,
        value: String,
    },
    /// An address field that is not an IP address.
    #[error("{file}, line {line}: `{field}` is `{value}`, not an IP address")]
    NotAnAddress {
        file: String,
        line: u64,
        field: String,
        value: String,
    },
    /// A record whose times make no sense (end before start, a span longer than a day).
    #[error("{file}, line {line}: {reason}")]
    BadRecord {
        file: String,
        line: u64,
        reason: String,
    },
    /// Two files (or a file and the option) name different regions.
    #[error(
        "the flow logs span two regions: {first_source} says {first}, {second_source} says {second}"
    )]
    RegionConflict {
        first: String,
        first_source: String,
        second: String,
        second_source: String,
    },
    /// No record, path or option says which region the workload is in.
    #[error(
        "no region: the records have no `region` field, no file path names one, and none was given"
    )]
    NoRegion,
    /// A NAT gateway named by the describe JSON or an IP that no record mentions.
    #[error(
        "NAT gateway {gateway} (private IP {ip}) appears in no flow-log record: wrong gateway, or its ENI is not logged"
    )]
    NatNotSeen { gateway: String, ip: String },
    /// A file read beside the records (`what`: the NAT gateways'
    /// description, ip-ranges) could not be used.
    #[error("{file}: {what}: {reason}")]
    Beside {
        file: String,
        what: &'static str,
        reason: String,
    },
    /// A Parquet file could not be decoded.
    #[error("{file}, row {line}: Parquet: {reason}")]
    Parquet {
        file: String,
        line: u64,
        reason: String,
    },
    /// No data records at all: nothing to measure a window over.
    #[error("no flow-log records with a time window in {files} file(s)")]
    NoRecords { files: u64 },
    /// The aggregate CSV (the Athena/DuckDB query's output) is malformed.
    #[error("{file}, line {line}: aggregate: {reason}")]
    Aggregate {
        file: String,
        line: u64,
        reason: String,
    },
}

impl FlowLogError {
    /// How `file`, read beside the records as `what`, is refused for a reason.
    pub(crate) fn beside(file: &str, what: &'static str) -> impl Fn(String) -> FlowLogError {
        let file = file.to_owned();
        move |reason| FlowLogError::Beside {
            file: file.clone(),
            what,
            reason,
        }
    }
}
