//! Command-line and environment configuration.

use clap::{Parser, ValueEnum};
use std::path::PathBuf;
use std::time::Duration;

/// egress-planner: compare NAT gateways, VPC endpoints and public IPv4 for
/// AWS ECS/Fargate egress, with monthly cost, break-even and bandwidth checks.
#[derive(Debug, Clone, Parser)]
#[command(version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "HOST", default_value = "127.0.0.1")]
    pub host: String,

    /// Port to listen on.
    #[arg(long, env = "PORT", default_value_t = 8080)]
    pub port: u16,

    /// Use this pricing table file instead of the bundled one.
    #[arg(long, env = "PRICING")]
    pub pricing: Option<PathBuf>,

    /// AWS's ip-ranges.json (none is bundled: `egress-planner ip-ranges fetch --out
    /// ip-ranges.json`). With it, /measure and its API also take flow-log aggregates by remote
    /// address and classify them; without it, only aggregates the query classified.
    #[arg(long, env = "IP_RANGES")]
    pub ip_ranges: Option<PathBuf>,

    /// Public base URL for absolute links in embed snippets (e.g.
    /// https://egress.example.com). Without it (and without --trust-forwarded)
    /// links are relative: the Host header is never used, since any client sets it.
    #[arg(long, env = "PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Origins allowed to frame /embed and the SVG images, space- or
    /// comma-separated (e.g. "https://wiki.example.com"). Default: `*`, any
    /// http(s) origin (not a page opened from a file: URL).
    #[arg(long, env = "FRAME_ANCESTORS", value_delimiter = ',')]
    pub frame_ancestors: Vec<String>,

    /// A pricing table whose as-of date is older than this many days gets a
    /// notice on the pages and in the x-pricing-table header.
    #[arg(long, env = "STALE_AFTER_DAYS", default_value_t = 90)]
    pub stale_after_days: u32,

    /// Behind a reverse proxy: build links from its X-Forwarded-Host and
    /// X-Forwarded-Proto headers. Only set this when a proxy you run sets
    /// them, since any client can send them. --public-url takes precedence.
    #[arg(long, env = "TRUST_FORWARDED")]
    pub trust_forwarded: bool,

    /// Log format: `text` for people, `json` (one object per line) for log shippers.
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Limits that keep one client from taking the service down.
    #[command(flatten)]
    pub limits: ServerLimits,

    /// Largest request body of `POST /api/v1/compare/batch`, in bytes (the
    /// single-scenario endpoints keep their 16 KiB limit).
    #[arg(long, env = "BATCH_MAX_BYTES", default_value_t = DEFAULT_BATCH_MAX_BYTES)]
    pub batch_max_bytes: usize,

    /// Serve `/metrics` on this address (e.g. 0.0.0.0:9090) instead of the
    /// main port, so it need not be exposed with the app.
    #[arg(long, env = "METRICS_LISTEN")]
    pub metrics_listen: Option<String>,

    /// On SIGTERM: how long `/readyz` answers 503 while new connections are
    /// still served, so load balancers stop sending first; then the
    /// --grace-period starts. `0` (the default) closes the listener at once.
    #[arg(long, env = "DRAIN_WINDOW", value_parser = parse_duration_or_zero, default_value = "0")]
    pub drain_window: Duration,

    /// Bytes of answers kept for repeated GET (and HEAD) requests (pages, images, the API, Markdown);
    /// the least recently used go first. `0` turns the cache off.
    #[arg(long, env = "CACHE_BYTES", default_value_t = crate::http::cache::DEFAULT_CACHE_BYTES)]
    pub cache_bytes: usize,
}

/// [`parse_duration`], or `0` for none.
pub fn parse_duration_or_zero(text: &str) -> Result<Duration, String> {
    match text.trim() {
        "0" | "0s" | "0ms" => Ok(Duration::ZERO),
        _ => parse_duration(text),
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines (coloured only on a terminal).
    Text,
    /// One JSON object per line, fields at the top level.
    Json,
}

/// Connection-level limits: how long a client may take, how many
/// connections it may hold, how long shutdown may wait. Durations take
/// seconds (`5`, `0.5`) or a unit (`500ms`, `5s`, `1m`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::Args)]
pub struct ServerLimits {
    /// Time a client has to send a request's headers: from the connection
    /// opening, or from the first byte of a later request on a kept-alive one.
    #[arg(long, env = "HEADER_TIMEOUT", value_parser = parse_duration, default_value = "5s")]
    pub header_timeout: Duration,

    /// How long a kept-alive connection may wait, silent, for its next request.
    #[arg(long, env = "IDLE_TIMEOUT", value_parser = parse_duration, default_value = "15s")]
    pub idle_timeout: Duration,

    /// How long a response may wait on a client that does not read it.
    #[arg(long, env = "WRITE_TIMEOUT", value_parser = parse_duration, default_value = "10s")]
    pub write_timeout: Duration,

    /// Largest request head (request line and headers) in bytes; larger gets 431.
    #[arg(long, env = "MAX_HEADER_BYTES", default_value_t = 16 * 1024)]
    pub max_header_bytes: usize,

    /// Connections one client address may hold; past it, its new connections
    /// are refused at once (429). Behind a proxy, every client has the
    /// proxy's address: raise it to the proxy's connection pool size.
    #[arg(long, env = "MAX_CONNECTIONS_PER_IP", default_value_t = 256)]
    pub max_connections_per_ip: usize,

    /// Connections in all; past it, new ones are refused at once (503) while
    /// open ones are served. Lowered at start-up to stay below the file
    /// descriptor limit.
    #[arg(long, env = "MAX_CONNECTIONS", default_value_t = 10_000)]
    pub max_connections: usize,

    /// On SIGTERM or Ctrl-C: how long requests in flight may take to finish
    /// before the connections left are closed.
    #[arg(long, env = "GRACE_PERIOD", value_parser = parse_duration, default_value = "10s")]
    pub grace_period: Duration,

    /// How long the server may wait, while reading a request body, for its
    /// next bytes. Once a request head is read the header timeout no longer
    /// applies; a body that stalls this long ends the request (a streamed
    /// NDJSON answer then ends with an `{"index": null, "error": …}` line).
    #[arg(long, env = "BODY_TIMEOUT", value_parser = parse_duration, default_value = "10s")]
    pub body_timeout: Duration,

    /// Batch requests (`POST /api/v1/compare/batch`) computed at once, server
    /// wide; past it a batch is answered 503 with Retry-After. Each holds at
    /// most its body and a few 64 KiB answer chunks in memory, and one
    /// blocking thread.
    #[arg(long, env = "BATCH_MAX_IN_FLIGHT", default_value_t = 8)]
    pub batch_max_in_flight: usize,

    /// Most scenarios one NDJSON batch answers; past it the answer ends with
    /// an `{"index": null, "error": …}` line saying so (a JSON array batch
    /// holds at most 10,000).
    #[arg(long, env = "BATCH_MAX_NDJSON_SCENARIOS", default_value_t = 25_000)]
    pub batch_max_ndjson_scenarios: usize,
}

impl Default for ServerLimits {
    fn default() -> ServerLimits {
        ServerLimits {
            header_timeout: Duration::from_secs(5),
            idle_timeout: Duration::from_secs(15),
            write_timeout: Duration::from_secs(10),
            max_header_bytes: 16 * 1024,
            max_connections_per_ip: 256,
            max_connections: 10_000,
            grace_period: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            batch_max_in_flight: 8,
            batch_max_ndjson_scenarios: 25_000,
        }
    }
}

/// Smallest `--max-header-bytes`: below this, ordinary browser requests fail.
pub const MIN_HEADER_BYTES: usize = 1024;

/// Parses `5`, `2.5`, `500ms`, `5s` or `1m` into a duration.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let (number, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60.0)
    } else {
        (t, 1.0)
    };
    let seconds = number
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && *n > 0.0 && *n * scale <= 86_400.0)
        .map(|n| n * scale);
    match seconds {
        Some(s) => Ok(Duration::from_secs_f64(s)),
        None => Err(format!(
            "{text:?} is not a duration from 1ms to 24h (write 5, 2.5, 500ms, 5s or 1m)"
        )),
    }
}

/// Default batch body limit: 4 MiB, about 20,000 scenarios of 200 bytes.
pub const DEFAULT_BATCH_MAX_BYTES: usize = 4 * 1024 * 1024;

impl Config {
    /// Checks the settings a typo would otherwise turn into silent breakage:
    /// a bad frame-ancestors source would make every embed refuse to load.
    pub fn validate(&self) -> Result<(), String> {
        for source in self
            .frame_ancestors
            .iter()
            .flat_map(|s| s.split_whitespace())
        {
            let keyword = matches!(source, "'self'" | "'none'" | "*");
            let plain = !source.is_empty()
                && source
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._:/*[]".contains(&b));
            if !keyword && !plain {
                return Err(format!(
                    "--frame-ancestors: {source:?} is not a CSP source (use origins like https://wiki.example.com, '*' or 'self')"
                ));
            }
        }
        if let Some(url) = &self.public_url {
            let plain = url
                .bytes()
                .all(|b| b.is_ascii_graphic() && !b"\"'<>`".contains(&b));
            if !(url.starts_with("http://") || url.starts_with("https://")) || !plain {
                return Err(format!(
                    "--public-url: {url:?} must be an http:// or https:// URL"
                ));
            }
        }
        let limits = &self.limits;
        if limits.max_header_bytes < MIN_HEADER_BYTES || limits.max_header_bytes > 1024 * 1024 {
            return Err(format!(
                "--max-header-bytes: {} must be from {MIN_HEADER_BYTES} to 1048576",
                limits.max_header_bytes
            ));
        }
        if limits.max_connections_per_ip == 0 {
            return Err("--max-connections-per-ip: 0 would refuse every client".into());
        }
        if limits.max_connections == 0 {
            return Err("--max-connections: 0 would refuse every client".into());
        }
        if limits.batch_max_in_flight == 0 {
            return Err("--batch-max-in-flight: 0 would refuse every batch".into());
        }
        if limits.batch_max_ndjson_scenarios == 0 {
            return Err("--batch-max-ndjson-scenarios: 0 would answer no scenario".into());
        }
        Ok(())
    }

    /// A configuration for tests: bundled pricing, any port, default embedding.
    pub fn for_tests() -> Config {
        Config {
            host: "127.0.0.1".into(),
            port: 0,
            pricing: None,
            ip_ranges: None,
            public_url: None,
            frame_ancestors: Vec::new(),
            stale_after_days: 90,
            trust_forwarded: false,
            log_format: LogFormat::Text,
            limits: ServerLimits::default(),
            batch_max_bytes: DEFAULT_BATCH_MAX_BYTES,
            metrics_listen: None,
            drain_window: Duration::ZERO,
            cache_bytes: crate::http::cache::DEFAULT_CACHE_BYTES,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_defaults_are_the_ones_in_force() {
        let parsed = Config::try_parse_from(["egress-planner"]).unwrap();
        assert_eq!(parsed.limits, ServerLimits::default());
        assert_eq!(Config::for_tests().limits, ServerLimits::default());
    }

    #[test]
    fn durations_take_seconds_or_a_unit_and_errors_name_the_input() {
        assert_eq!(parse_duration("5"), Ok(Duration::from_secs(5)));
        assert_eq!(parse_duration("2.5"), Ok(Duration::from_millis(2500)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1m"), Ok(Duration::from_secs(60)));
        for bad in ["", "0", "-1", "5h", "nan", "1e9"] {
            let message = parse_duration(bad).unwrap_err();
            assert!(message.contains(&format!("{bad:?}")), "{message}");
        }
    }

    #[test]
    fn limits_that_would_refuse_everyone_are_rejected_by_name() {
        for (args, option) in [
            (["--max-header-bytes", "100"], "--max-header-bytes"),
            (
                ["--max-connections-per-ip", "0"],
                "--max-connections-per-ip",
            ),
            (["--max-connections", "0"], "--max-connections"),
            (["--batch-max-in-flight", "0"], "--batch-max-in-flight"),
            (
                ["--batch-max-ndjson-scenarios", "0"],
                "--batch-max-ndjson-scenarios",
            ),
        ] {
            let config =
                Config::try_parse_from(std::iter::once("egress-planner").chain(args)).unwrap();
            let message = config.validate().unwrap_err();
            assert!(message.starts_with(option), "{message}");
        }
    }
}
