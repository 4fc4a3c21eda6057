//! Which URLs keys and metadata may come from: `https`, or plain `http` to a
//! loopback host (a provider on the developer's own machine).

use crate::error::{Error, ErrorKind, Result};
use crate::jws::algorithm::quoted;
use alloc::format;

/// Whether `host` (without port) is a loopback name or address.
fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host == "[::1]"
        || host.strip_prefix("127.").is_some_and(|rest| {
            rest.split('.').count() == 3 && rest.split('.').all(|o| o.parse::<u8>().is_ok())
        })
}

/// Checks that `url` is an absolute `https` URL, or `http` to a loopback
/// host, with a host and no user information; `kind` is the error to give.
pub fn check_url(url: &str, what: &str, kind: ErrorKind) -> Result<()> {
    let fail = |why: &str| {
        Err(Error::new(
            kind,
            format!(
                "{what}: expected an https URL, found {} ({why})",
                quoted(url)
            ),
        ))
    };
    let (scheme, rest) = match url.split_once("://") {
        Some(parts) => parts,
        None => return fail("not an absolute URL"),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() {
        return fail("no host");
    }
    if authority.contains('@') {
        return fail("user information in the URL");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return fail("white space in the URL");
    }
    let host = if authority.starts_with('[') {
        authority.split_inclusive(']').next().unwrap_or_default()
    } else {
        authority.rsplit_once(':').map_or(authority, |(h, _)| h)
    };
    match scheme {
        "https" => Ok(()),
        "http" if is_loopback(host) => Ok(()),
        "http" => fail("plain http is allowed only to a loopback host"),
        _ => fail("another scheme"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_or_loopback_http() {
        let ok = |u: &str| check_url(u, "issuer", ErrorKind::Discovery).is_ok();
        assert!(ok("https://op.example.com"));
        assert!(ok("https://op.example.com:8443/tenant/v2.0"));
        assert!(ok("http://127.0.0.1:3000"));
        assert!(ok("http://localhost:3000/oidc"));
        assert!(ok("http://[::1]:8080"));
        assert!(ok("http://127.9.8.7"));
        assert!(!ok("http://op.example.com"));
        assert!(!ok("http://127.0.0.1.evil.com"));
        assert!(!ok("http://localhost.evil.com"));
        assert!(!ok("http://127.0.0.1@evil.com"));
        assert!(!ok("https://user:pw@op.example.com"));
        assert!(!ok("ftp://op.example.com"));
        assert!(!ok("op.example.com"));
        assert!(!ok("https://"));
        assert!(!ok("https://op.example.com/a b"));
        assert_eq!(
            check_url("http://x", "jwks_uri", ErrorKind::JwksFetch)
                .unwrap_err()
                .code(),
            "ERR_JWKS_FETCH"
        );
    }
}
