//! Streaming a file's records into the tally: gzip (multi-member) or plain text with a header line,
//! or Parquet; a line at a time into one reused buffer, so memory stays flat whatever the size.

use std::fs::File;
use std::io::{BufRead, BufReader, ErrorKind};
use std::path::Path;

use flate2::bufread::MultiGzDecoder;

use super::format::{At, Layout, rec_from_slots, split_line};
use super::nat::NatGateways;
use super::paths::region_from_path;
use super::tally::Tally;
use super::{FlowLogError, IpRanges};

/// The one region every file must agree on, with where it was first seen.
#[derive(Default)]
pub(crate) struct RegionTracker {
    pub(crate) found: Option<(String, String)>,
}

impl RegionTracker {
    pub(crate) fn observe(
        &mut self,
        region: &str,
        source: impl FnOnce() -> String,
    ) -> Result<(), FlowLogError> {
        match &self.found {
            None => {
                self.found = Some((region.to_owned(), source()));
                Ok(())
            }
            Some((r, _)) if r == region => Ok(()),
            Some((r, s)) => Err(FlowLogError::RegionConflict {
                first: r.clone(),
                first_source: s.clone(),
                second: region.to_owned(),
                second_source: source(),
            }),
        }
    }
}

/// Everything one measurement reads into.
pub(crate) struct Run<'o> {
    pub(crate) ranges: &'o IpRanges,
    pub(crate) nat: &'o NatGateways,
    pub(crate) tally: Tally,
    pub(crate) region: RegionTracker,
    pub(crate) files: u64,
}

const BUFFER: usize = 256 * 1024;

impl Run<'_> {
    /// Reads one file, whatever its kind (told by its first bytes, not its name).
    pub(crate) fn read_file(&mut self, path: &Path) -> Result<(), FlowLogError> {
        let name = path.display().to_string();
        let file = File::open(path).map_err(|source| FlowLogError::Io {
            file: name.clone(),
            source,
        })?;
        if let Some(r) = region_from_path(path) {
            self.region.observe(&r, || format!("{name} (its path)"))?;
        }
        let mut raw = BufReader::with_capacity(BUFFER, file);
        let magic = raw.fill_buf().map_err(|source| FlowLogError::Io {
            file: name.clone(),
            source,
        })?;
        self.files += 1;
        if magic.starts_with(b"PAR1") {
            drop(raw);
            let file = File::open(path).map_err(|source| FlowLogError::Io {
                file: name.clone(),
                source,
            })?;
            super::parquet::read(self, file, &name)
        } else if magic.starts_with(&[0x1f, 0x8b]) {
            self.text(
                BufReader::with_capacity(BUFFER, MultiGzDecoder::new(raw)),
                &name,
                true,
            )
        } else {
            self.text(raw, &name, false)
        }
    }

    fn text(&mut self, mut r: impl BufRead, name: &str, gz: bool) -> Result<(), FlowLogError> {
        let read_error = |e: std::io::Error, line: u64| -> FlowLogError {
            match e.kind() {
                ErrorKind::UnexpectedEof if gz => FlowLogError::TruncatedGzip {
                    file: name.to_owned(),
                    line,
                },
                ErrorKind::InvalidInput | ErrorKind::InvalidData if gz && line == 1 => {
                    FlowLogError::NotAFlowLog {
                        file: name.to_owned(),
                        line,
                        reason: format!("not a readable gzip stream ({e})"),
                    }
                }
                _ => FlowLogError::ReadAt {
                    file: name.to_owned(),
                    line,
                    source: e,
                },
            }
        };
        let mut buf = Vec::with_capacity(4096);
        let n = r
            .read_until(b'\n', &mut buf)
            .map_err(|e| read_error(e, 1))?;
        if n == 0 {
            return Err(FlowLogError::NotAFlowLog {
                file: name.to_owned(),
                line: 1,
                reason: "the file is empty".into(),
            });
        }
        let header =
            std::str::from_utf8(trim_end(&buf)).map_err(|_| FlowLogError::NotAFlowLog {
                file: name.to_owned(),
                line: 1,
                reason: "the first line is not text".into(),
            })?;
        let layout = Layout::from_names(header.split(' '), name, 1)?;
        let mut line: u64 = 1;
        let mut last_region: Vec<u8> = Vec::new();
        loop {
            buf.clear();
            let n = r
                .read_until(b'\n', &mut buf)
                .map_err(|e| read_error(e, line + 1))?;
            if n == 0 {
                break;
            }
            line += 1;
            let text = trim_end(&buf);
            if text.is_empty() {
                continue;
            }
            let at = At { file: name, line };
            let mut slots: [&[u8]; 12] = [b"-"; 12];
            split_line(&layout, text, &mut slots, &at)?;
            self.add_record(&slots, &at, "line", &mut last_region)?;
        }
        Ok(())
    }

    /// Adds the record in `slots` (at `at`, a `unit` of its file: `line`,
    /// `row`) to the tally; its region is checked against the other files'
    /// only when it is not the one `last_region` holds.
    pub(crate) fn add_record(
        &mut self,
        slots: &[&[u8]; 12],
        at: &At<'_>,
        unit: &str,
        last_region: &mut Vec<u8>,
    ) -> Result<(), FlowLogError> {
        let rec = rec_from_slots(slots, at)?;
        if !rec.region.is_empty() && rec.region != last_region.as_slice() {
            let region = String::from_utf8_lossy(rec.region);
            self.region
                .observe(&region, || format!("{}, {unit} {}", at.file, at.line))?;
            *last_region = rec.region.to_vec();
        }
        self.tally
            .add(&rec, self.ranges, self.nat)
            .map_err(|reason| FlowLogError::BadRecord {
                file: at.file.to_owned(),
                line: at.line,
                reason,
            })
    }
}

fn trim_end(line: &[u8]) -> &[u8] {
    let mut end = line.len();
    while end > 0 && matches!(line[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    &line[..end]
}
