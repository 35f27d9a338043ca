//! Command-line and environment configuration.

use clap::Parser;
use std::path::PathBuf;

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

    /// Public base URL for absolute links in embed snippets (e.g.
    /// https://egress.example.com); falls back to the request's Host header.
    #[arg(long, env = "PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Origins allowed to frame /embed and the SVG images, space- or
    /// comma-separated (e.g. "https://wiki.example.com"). Default: any origin.
    #[arg(long, env = "FRAME_ANCESTORS", value_delimiter = ',')]
    pub frame_ancestors: Vec<String>,

    /// Largest request body of `POST /api/v1/compare/batch`, in bytes (the
    /// single-scenario endpoints keep their 16 KiB limit).
    #[arg(long, env = "BATCH_MAX_BYTES", default_value_t = DEFAULT_BATCH_MAX_BYTES)]
    pub batch_max_bytes: usize,
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
        Ok(())
    }

    /// A configuration for tests: bundled pricing, any port, default embedding.
    pub fn for_tests() -> Config {
        Config {
            host: "127.0.0.1".into(),
            port: 0,
            pricing: None,
            public_url: None,
            frame_ancestors: Vec::new(),
            batch_max_bytes: DEFAULT_BATCH_MAX_BYTES,
        }
    }
}
