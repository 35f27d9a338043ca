//! The scheme and host a trusted reverse proxy says the client used, from
//! `X-Forwarded-Host`/`X-Forwarded-Proto` or, failing those, `Forwarded`.

use axum::http::HeaderMap;

/// `proto://host` from the proxy's headers, or `None` when they name no
/// plausible host. Where a header holds a list, the last entry counts: it is
/// the one the proxy nearest this server added; earlier ones may come from
/// the client.
pub fn base(headers: &HeaderMap) -> Option<String> {
    let last = |name: &str| {
        headers
            .get_all(name)
            .iter()
            .next_back()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let (host, proto) = match last("x-forwarded-host") {
        Some(host) => (host, last("x-forwarded-proto")),
        None => {
            let element = last("forwarded")?;
            let pair = |key: &str| {
                element.split(';').find_map(|pair| {
                    let (k, v) = pair.split_once('=')?;
                    k.trim()
                        .eq_ignore_ascii_case(key)
                        .then(|| v.trim().trim_matches('"'))
                })
            };
            (pair("host")?, pair("proto"))
        }
    };
    if !plausible_host(host) {
        return None;
    }
    let scheme = match proto {
        Some(p) if p.eq_ignore_ascii_case("https") => "https",
        _ => "http",
    };
    Some(format!("{scheme}://{}", host.to_ascii_lowercase()))
}

/// A host name or address with an optional port, and nothing that could
/// break out of an attribute or a URL.
fn plausible_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

#[cfg(test)]
mod tests {
    use super::base;
    use axum::http::HeaderMap;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(*k, v.parse().unwrap());
        }
        map
    }

    #[test]
    fn the_last_forwarded_entry_counts_and_only_plausible_hosts_pass() {
        let b = |pairs| base(&headers(pairs));
        assert_eq!(
            b(&[
                ("x-forwarded-host", "wiki.example.com"),
                ("x-forwarded-proto", "https")
            ]),
            Some("https://wiki.example.com".into())
        );
        assert_eq!(
            b(&[("x-forwarded-host", "evil.example, planner.internal:8443")]),
            Some("http://planner.internal:8443".into())
        );
        assert_eq!(
            b(&[(
                "forwarded",
                "for=1.2.3.4;host=evil.example, for=10.0.0.1;host=\"Planner.Internal\";proto=https"
            )]),
            Some("https://planner.internal".into())
        );
        assert_eq!(b(&[("x-forwarded-host", "a\"onload=x")]), None);
        assert_eq!(b(&[("x-forwarded-host", "a/b")]), None);
        assert_eq!(b(&[("x-forwarded-proto", "https")]), None);
        assert_eq!(b(&[]), None);
    }
}
