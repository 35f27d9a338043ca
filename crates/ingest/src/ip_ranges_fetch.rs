//! Downloading AWS's ip-ranges.json (for `egress-planner ip-ranges fetch`): HTTPS, one total timeout, a
//! size cap, and the body checked to be ip-ranges JSON before anyone writes it.

use std::io::Read;
use std::time::Duration;

use crate::flow_logs::IpRanges;

/// Where AWS publishes the file.
pub const IP_RANGES_URL: &str = "https://ip-ranges.amazonaws.com/ip-ranges.json";

/// Largest body accepted (the file is a few MB).
pub const MAX_IP_RANGES_BYTES: u64 = 64 * 1024 * 1024;

/// A downloaded, checked file.
#[derive(Debug)]
pub struct Downloaded {
    /// The body as received.
    pub bytes: Vec<u8>,
    /// Its `createDate`.
    pub create_date: String,
    /// Distinct prefixes, IPv4 and IPv6.
    pub prefixes: usize,
}

/// Whether `url` may be fetched: HTTPS, or plain HTTP to a loopback host (a local test server).
fn allowed(url: &str) -> bool {
    if url.starts_with("https://") {
        return true;
    }
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let host = rest.split('/').next().unwrap_or("");
    let host = host
        .rsplit_once(':')
        .filter(|(h, port)| !h.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(host, |(h, _)| h);
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

/// Downloads `url` within `timeout` (connecting, waiting and reading, all together) and checks that the
/// body is ip-ranges.json (`createDate` and prefixes, each a valid prefix).
pub fn fetch_ip_ranges(url: &str, timeout: Duration) -> Result<Downloaded, String> {
    if !allowed(url) {
        return Err(format!(
            "{url}: only https:// URLs are fetched (plain http only from 127.0.0.1 or localhost)"
        ));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!("egress-planner/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let response = agent.get(url).call().map_err(|e| match e {
        ureq::Error::Timeout(what) => {
            format!("{url}: timed out after {} s ({what})", timeout.as_secs())
        }
        other => format!("{url}: request failed: {other}"),
    })?;
    let status = response.status().as_u16();
    if status != 200 {
        return Err(format!(
            "{url}: HTTP {status}, expected 200 and ip-ranges.json"
        ));
    }
    let mut bytes = Vec::new();
    response
        .into_body()
        .into_reader()
        .take(MAX_IP_RANGES_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{url}: the body could not be read: {e}"))?;
    if bytes.len() as u64 > MAX_IP_RANGES_BYTES {
        return Err(format!(
            "{url}: the body is larger than {MAX_IP_RANGES_BYTES} bytes; ip-ranges.json is a few MB"
        ));
    }
    let ranges = IpRanges::from_reader(url, &bytes[..]).map_err(|e| e.to_string())?;
    Ok(Downloaded {
        create_date: ranges.create_date().to_owned(),
        prefixes: ranges.len(),
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::allowed;

    #[test]
    fn only_https_or_loopback_http() {
        for (url, fetched) in [
            ("https://ip-ranges.amazonaws.com/ip-ranges.json", true),
            ("http://127.0.0.1:8123/ip-ranges.json", true),
            ("http://localhost/x", true),
            ("http://ip-ranges.amazonaws.com/ip-ranges.json", false),
            ("http://127.0.0.1.evil.example/x", false),
            ("file:///etc/passwd", false),
        ] {
            assert_eq!(allowed(url), fetched, "{url}");
        }
    }
}
