//! Downloads the current region offer files from AWS's public Price List Bulk
//! API: the service index names each offer's region index, which names each
//! region's current file (JSON; the CSV beside it is fetched, being smaller
//! and read faster). Every request has timeouts (to connect and for the
//! headers; for a whole body; for each read of it), failed attempts are
//! retried with a growing pause, and progress (files and bytes) goes to
//! standard error.
//!
//! It cannot be led astray: redirects are not followed, an index that names
//! an absolute URL off `--base-url`'s scheme and host is refused (with the
//! URL), the indexes are parsed as they stream in (only the URLs used are
//! kept, and an index is at most [`MAX_INDEX_BYTES`]), and a truncated
//! body is refused: shorter than its Content-Length, a body with no length
//! at all (ended by closing the connection, which a cut looks the same as),
//! or a CSV whose last row has no newline. A failed fetch writes nothing.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// AWS's public Price List endpoint (no credentials needed).
pub const DEFAULT_BASE_URL: &str = "https://pricing.us-east-1.amazonaws.com";

/// The offers the planner's figures come from.
pub const OFFERS: [&str; 4] = [
    "AmazonEC2",
    "AmazonVPC",
    "AWSDataTransfer",
    "AWSNetworkFirewall",
];

/// Offers of services not in every region: a region their region index does
/// not list is skipped (its figures stay unpriced), not refused.
pub const REGIONAL_OFFERS: [&str; 1] = ["AWSNetworkFirewall"];

/// Which regions to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Regions {
    /// Every region an offer's region index lists (Local Zones and other
    /// non-region locations are skipped).
    All,
    /// These region codes.
    Only(Vec<String>),
}

impl Regions {
    /// Parses `all` or `r1,r2`.
    pub fn parse(text: &str) -> Result<Regions, String> {
        if text.trim() == "all" {
            return Ok(Regions::All);
        }
        let codes: Vec<String> = text
            .split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        if codes.is_empty() {
            return Err(
                "--regions: expected `all` or region codes like us-east-1,eu-west-2".into(),
            );
        }
        if let Some(bad) = codes.iter().find(|c| !is_region_code(c)) {
            return Err(format!(
                "--regions: {bad:?} is not a region code like eu-west-2"
            ));
        }
        Ok(Regions::Only(codes))
    }
}

/// `eu-west-2`, `ap-southeast-5`: letters, a dash-separated name, a number.
/// Local Zones (`us-east-1-bos-1`) and Wavelength zones do not match.
pub fn is_region_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('-').collect();
    parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

/// How to fetch.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Scheme and host of the Price List API, without a trailing slash.
    pub base_url: String,
    /// Regions to fetch.
    pub regions: Regions,
    /// Time allowed to connect and to receive a response's headers.
    pub timeout: Duration,
    /// Time allowed to receive one whole body (region files are hundreds of MB).
    pub body_timeout: Duration,
    /// Time allowed for each read of a body: a stalled download fails
    /// after this long, however much of its total deadline is left.
    pub idle_timeout: Duration,
    /// Further attempts after a failed one (timeouts, 5xx, cut-off bodies).
    pub retries: u32,
    /// Pause before the first retry; doubled for each further one.
    pub retry_pause: Duration,
    /// Show progress on standard error.
    pub progress: bool,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            base_url: DEFAULT_BASE_URL.into(),
            regions: Regions::All,
            timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(1800),
            idle_timeout: Duration::from_secs(60),
            retries: 3,
            retry_pause: Duration::from_secs(2),
            progress: true,
        }
    }
}

/// A download that failed, with the URL and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    /// The URL requested.
    pub url: String,
    /// What went wrong, and what was expected.
    pub message: String,
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "GET {}: {}", self.url, self.message)
    }
}

impl std::error::Error for FetchError {}

struct Attempt {
    message: String,
    retry: bool,
}

/// Downloads the region files of [`OFFERS`] into `dir`; returns their paths.
pub fn download(options: &FetchOptions, dir: &Path) -> Result<Vec<PathBuf>, FetchError> {
    let base = options.base_url.trim_end_matches('/');
    let config = ureq::Agent::config_builder()
        .timeout_connect(Some(options.timeout))
        .timeout_recv_response(Some(options.timeout))
        .timeout_recv_body(Some(options.body_timeout))
        .timeout_per_read(Some(options.idle_timeout))
        // A redirect is answered as it is, and refused by `request`.
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(concat!("egress-planner/", env!("CARGO_PKG_VERSION")))
        .build();
    let agent: ureq::Agent = config.into();
    let mut progress = Progress::new(options.progress);

    let index_url = format!("{base}/offers/v1.0/aws/index.json");
    let index: ServiceIndex = get_index(&agent, options, &index_url, &mut progress)?;
    let mut plan: Vec<(String, String, String)> = Vec::new();
    for offer in OFFERS {
        let region_index = index
            .offers
            .get(offer)
            .and_then(|o| o.current_region_index_url.as_deref())
            .ok_or_else(|| FetchError {
                url: index_url.clone(),
                message: format!(
                    "expected offers.{offer}.currentRegionIndexUrl in the service index"
                ),
            })?;
        let url = join(base, region_index).map_err(|message| FetchError {
            url: index_url.clone(),
            message,
        })?;
        let regions: RegionIndex = get_index(&agent, options, &url, &mut progress)?;
        let listed = &regions.regions;
        let wanted: Vec<String> = match &options.regions {
            Regions::All => listed
                .keys()
                .filter(|c| is_region_code(c))
                .cloned()
                .collect(),
            Regions::Only(codes) if REGIONAL_OFFERS.contains(&offer) => codes
                .iter()
                .filter(|c| listed.contains_key(*c))
                .cloned()
                .collect(),
            Regions::Only(codes) => {
                if let Some(missing) = codes.iter().find(|c| !listed.contains_key(*c)) {
                    return Err(FetchError {
                        url,
                        message: format!("{offer}'s region index does not list region {missing}"),
                    });
                }
                codes.clone()
            }
        };
        for code in wanted {
            let path = listed
                .get(&code)
                .and_then(|r| r.current_version_url.as_deref())
                .ok_or_else(|| FetchError {
                    url: url.clone(),
                    message: format!("expected regions.{code}.currentVersionUrl"),
                })?;
            // The CSV sits beside the JSON and is smaller.
            let path = path
                .strip_suffix(".json")
                .map_or(path.to_owned(), |p| format!("{p}.csv"));
            let file_url = join(base, &path).map_err(|message| FetchError {
                url: url.clone(),
                message,
            })?;
            plan.push((offer.to_owned(), code, file_url));
        }
    }

    progress.total_files = plan.len();
    let mut files = Vec::with_capacity(plan.len());
    for (offer, code, url) in plan {
        let dest = dir.join(format!("{offer}-{code}.csv"));
        progress.start(&format!("{offer} {code}"));
        with_retries(options, &url, || {
            fetch_to_file(&agent, &url, &dest, &mut progress)
        })?;
        progress.finish_file();
        files.push(dest);
    }
    progress.done();
    Ok(files)
}

/// Largest service or region index read (AWS's service index is about
/// 100 KB, a region index about 50 KB).
pub const MAX_INDEX_BYTES: u64 = 64 * 1024 * 1024;

/// What is used of the service index: each offer's region index URL.
#[derive(Deserialize)]
struct ServiceIndex {
    offers: BTreeMap<String, OfferEntry>,
}

#[derive(Deserialize)]
struct OfferEntry {
    #[serde(rename = "currentRegionIndexUrl")]
    current_region_index_url: Option<String>,
}

/// What is used of a region index: each region's current file URL.
#[derive(Deserialize)]
struct RegionIndex {
    regions: BTreeMap<String, RegionEntry>,
}

#[derive(Deserialize)]
struct RegionEntry {
    #[serde(rename = "currentVersionUrl")]
    current_version_url: Option<String>,
}

/// `scheme://host[:port]` of a URL, lower-cased; `None` when it has none.
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    (!host.is_empty()).then(|| format!("{scheme}://{host}").to_ascii_lowercase())
}

/// The URL of a path an index names: a path is joined to `base`; an
/// absolute URL is taken only on `base`'s scheme and host, and any other
/// scheme-relative or absolute form is refused, naming it.
fn join(base: &str, path: &str) -> Result<String, String> {
    if path.starts_with("//") || path.contains("://") {
        if origin(path).is_some() && origin(path) == origin(base) {
            return Ok(path.to_owned());
        }
        return Err(format!(
            "the index names {path:?}, which is not on --base-url's host {base}; refused (an index may only name files of the server it came from)"
        ));
    }
    Ok(format!("{base}/{}", path.trim_start_matches('/')))
}

fn with_retries<T>(
    options: &FetchOptions,
    url: &str,
    mut attempt: impl FnMut() -> Result<T, Attempt>,
) -> Result<T, FetchError> {
    let mut pause = options.retry_pause;
    let mut tries = 0;
    loop {
        tries += 1;
        match attempt() {
            Ok(value) => return Ok(value),
            Err(failed) if failed.retry && tries <= options.retries => {
                eprintln!(
                    "warning: GET {url}: {} (attempt {tries} of {}); retrying in {:.1}s",
                    failed.message,
                    options.retries + 1,
                    pause.as_secs_f64()
                );
                std::thread::sleep(pause);
                pause *= 2;
            }
            Err(failed) => {
                let after = if tries > 1 {
                    format!(" (after {tries} attempts)")
                } else {
                    String::new()
                };
                return Err(FetchError {
                    url: url.to_owned(),
                    message: format!("{}{after}", failed.message),
                });
            }
        }
    }
}

/// Sends the request and checks the status; the body is left to read.
fn request(agent: &ureq::Agent, url: &str) -> Result<(ureq::Body, Option<u64>), Attempt> {
    let response = agent.get(url).call().map_err(|e| Attempt {
        message: match e {
            ureq::Error::Timeout(what) => format!("timed out ({what})"),
            other => format!("request failed: {other}"),
        },
        retry: true,
    })?;
    let status = response.status().as_u16();
    if (300..400).contains(&status) {
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("(no Location)");
        return Err(Attempt {
            message: format!(
                "HTTP {status}: the server redirects to {location:?}; redirects are not followed (point --base-url at the Price List itself)"
            ),
            retry: false,
        });
    }
    if status != 200 {
        return Err(Attempt {
            message: format!(
                "HTTP {status}: expected 200 and a Price List file{}",
                if status == 404 {
                    " (is --base-url right, and is the region/offer listed?)"
                } else {
                    ""
                }
            ),
            // A server error may pass; a missing file will not appear.
            retry: status >= 500 || status == 429,
        });
    }
    let headers = response.headers();
    let length = headers
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    let chunked = headers
        .get("transfer-encoding")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    // A body ended only by the connection closing cannot be told from a
    // cut one: a Price List file always has a length or chunked encoding.
    if length.is_none() && !chunked {
        return Err(Attempt {
            message: "the response has neither a Content-Length nor chunked encoding, so a cut-off body could not be detected; refused".into(),
            retry: true,
        });
    }
    Ok((response.into_body(), length))
}

/// Counts the bytes read through it, and fails past `limit`.
struct Counted<R> {
    inner: R,
    got: u64,
    limit: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.got += n as u64;
        if self.got > self.limit {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("an index is larger than {} bytes", self.limit),
            ));
        }
        Ok(n)
    }
}

/// Copies a body to `out`, counting bytes; a short body is an error.
fn copy_body(
    body: ureq::Body,
    length: Option<u64>,
    out: &mut impl Write,
    progress: &mut Progress,
) -> Result<u64, Attempt> {
    let mut reader = body.into_reader();
    let mut buf = vec![0u8; 256 * 1024];
    let mut got = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) => {
                let of = length.map_or(String::new(), |l| format!(" of {l}"));
                let timed_out =
                    e.kind() == std::io::ErrorKind::TimedOut || e.to_string().contains("timeout");
                return Err(Attempt {
                    message: if timed_out {
                        format!(
                            "the download timed out after {got} bytes{of} ({e}; --idle-timeout-secs bounds each read, --body-timeout-secs the whole body)"
                        )
                    } else {
                        format!("the body was cut off after {got} bytes{of}: {e}")
                    },
                    retry: true,
                });
            }
        };
        out.write_all(&buf[..n]).map_err(|e| Attempt {
            message: format!("cannot write the download: {e}"),
            retry: false,
        })?;
        got += n as u64;
        progress.bytes(n as u64);
    }
    whole(got, length)?;
    Ok(got)
}

/// A body of `got` bytes is whole when it is as long as announced (when
/// it was); one cut off is worth another attempt.
fn whole(got: u64, length: Option<u64>) -> Result<(), Attempt> {
    match length {
        Some(expected) if got != expected => Err(Attempt {
            message: format!("the body was cut off: received {got} of {expected} bytes"),
            retry: true,
        }),
        _ => Ok(()),
    }
}

/// Reads an index as it streams in, keeping only what `T` names.
fn get_index<T: serde::de::DeserializeOwned>(
    agent: &ureq::Agent,
    options: &FetchOptions,
    url: &str,
    progress: &mut Progress,
) -> Result<T, FetchError> {
    with_retries(options, url, || {
        let (body, length) = request(agent, url)?;
        let mut reader = Counted {
            inner: std::io::BufReader::with_capacity(64 * 1024, body.into_reader()),
            got: 0,
            limit: MAX_INDEX_BYTES,
        };
        let parsed = serde_json::from_reader::<_, T>(&mut reader);
        progress.bytes(reader.got);
        let got = reader.got;
        let parsed = parsed.map_err(|e| {
            let cut = e.is_io() || e.is_eof();
            Attempt {
                message: if cut {
                    format!(
                        "the index was cut off after {got} bytes{}: {e}",
                        length.map_or(String::new(), |l| format!(" of {l}"))
                    )
                } else {
                    format!("expected a JSON index: {e}")
                },
                retry: cut,
            }
        })?;
        whole(got, length)?;
        Ok(parsed)
    })
}

fn fetch_to_file(
    agent: &ureq::Agent,
    url: &str,
    dest: &Path,
    progress: &mut Progress,
) -> Result<u64, Attempt> {
    let (body, length) = request(agent, url)?;
    let file = std::fs::File::create(dest).map_err(|e| Attempt {
        message: format!("cannot create {}: {e}", dest.display()),
        retry: false,
    })?;
    let mut out = LastByte {
        inner: std::io::BufWriter::with_capacity(1 << 20, file),
        last: None,
    };
    let got = copy_body(body, length, &mut out, progress)?;
    out.flush().map_err(|e| Attempt {
        message: format!("cannot write {}: {e}", dest.display()),
        retry: false,
    })?;
    // Every CSV row ends with a newline: a file whose last row has none was
    // cut, whatever the length said.
    if out.last.is_some_and(|b| b != b'\n') && url.ends_with(".csv") {
        return Err(Attempt {
            message: format!(
                "the file was cut off: its last row (after {got} bytes) has no newline"
            ),
            retry: true,
        });
    }
    Ok(got)
}

/// A writer that remembers the last byte written through it.
struct LastByte<W> {
    inner: W,
    last: Option<u8>,
}

impl<W: Write> Write for LastByte<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        if n > 0 {
            self.last = Some(buf[n - 1]);
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Files and bytes on standard error: a line redrawn in place on a terminal,
/// one line per file otherwise (logs stay readable).
struct Progress {
    enabled: bool,
    terminal: bool,
    total_files: usize,
    done_files: usize,
    label: String,
    file_bytes: u64,
    total_bytes: u64,
    last_drawn: u64,
}

impl Progress {
    fn new(enabled: bool) -> Progress {
        Progress {
            enabled,
            terminal: std::io::stderr().is_terminal(),
            total_files: 0,
            done_files: 0,
            label: String::new(),
            file_bytes: 0,
            total_bytes: 0,
            last_drawn: 0,
        }
    }

    fn start(&mut self, label: &str) {
        self.label = label.to_owned();
        self.file_bytes = 0;
        self.last_drawn = 0;
    }

    fn bytes(&mut self, n: u64) {
        self.file_bytes += n;
        self.total_bytes += n;
        if self.enabled && self.terminal && self.file_bytes - self.last_drawn >= 1 << 20 {
            self.last_drawn = self.file_bytes;
            eprint!(
                "\r[{}/{}] {}: {:.1} MB (total {:.1} MB)   ",
                self.done_files + 1,
                self.total_files,
                self.label,
                mb(self.file_bytes),
                mb(self.total_bytes)
            );
        }
    }

    fn finish_file(&mut self) {
        self.done_files += 1;
        if self.enabled {
            eprint!("{}", if self.terminal { "\r" } else { "" });
            eprintln!(
                "[{}/{}] {}: {:.1} MB                ",
                self.done_files,
                self.total_files,
                self.label,
                mb(self.file_bytes)
            );
        }
    }

    fn done(&self) {
        if self.enabled {
            eprintln!(
                "downloaded {} files, {:.1} MB",
                self.done_files,
                mb(self.total_bytes)
            );
        }
    }
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_codes_exclude_local_zones() {
        assert!(is_region_code("eu-west-2"));
        assert!(is_region_code("ap-southeast-5"));
        assert!(is_region_code("us-gov-west-1"));
        assert!(!is_region_code("us-east-1-bos-1"));
        assert!(!is_region_code("eu-west"));
        assert_eq!(
            Regions::parse("eu-west-2, us-east-1").unwrap(),
            Regions::Only(vec!["eu-west-2".into(), "us-east-1".into()])
        );
        assert_eq!(Regions::parse("all").unwrap(), Regions::All);
        assert!(Regions::parse("eu west").is_err());
    }

    #[test]
    fn index_paths_stay_on_the_base_urls_host() {
        let base = "https://pricing.us-east-1.amazonaws.com";
        assert_eq!(
            join(base, "/offers/v1.0/aws/AmazonVPC/current/region_index.json").unwrap(),
            "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonVPC/current/region_index.json"
        );
        assert_eq!(
            join(base, "https://PRICING.us-east-1.amazonaws.com/x.csv").unwrap(),
            "https://PRICING.us-east-1.amazonaws.com/x.csv"
        );
        for off in [
            "https://evil.example/x.csv",
            "http://pricing.us-east-1.amazonaws.com/x.csv",
            "//evil.example/x.csv",
            "https://pricing.us-east-1.amazonaws.com.evil.example/x.csv",
            "file:///etc/passwd",
        ] {
            let message = join(base, off).unwrap_err();
            assert!(
                message.contains(off) && message.contains("refused"),
                "{message}"
            );
        }
    }
}
