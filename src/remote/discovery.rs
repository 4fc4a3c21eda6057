//! The discovery document (OpenID Connect Discovery 1.0 section 4): where
//! it is, and what must hold before its `jwks_uri` is trusted.

use super::endpoint::check_url;
use crate::encoding::json::{self, Value};
use crate::error::{Error, ErrorKind, Result};
use crate::jws::algorithm::{quoted, Algorithm, AlgorithmSet};
use alloc::format;
use alloc::string::String;

/// The largest discovery document read, in bytes.
pub const MAX_DISCOVERY_BYTES: usize = 64 * 1024;

fn fail(message: String) -> Error {
    Error::new(ErrorKind::Discovery, message)
}

/// The URL of the discovery document of `issuer` (section 4.1): the issuer
/// with any trailing `/` removed, then `/.well-known/openid-configuration`.
/// The issuer must be an https URL (http only to loopback hosts) without
/// query or fragment.
pub fn discovery_url(issuer: &str) -> Result<String> {
    check_url(issuer, "issuer", ErrorKind::Discovery)?;
    if issuer.contains(['?', '#']) {
        return Err(fail(format!(
            "issuer: expected no query or fragment, found {}",
            quoted(issuer)
        )));
    }
    Ok(format!(
        "{}/.well-known/openid-configuration",
        issuer.trim_end_matches('/')
    ))
}

/// What this library uses of a provider's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderMetadata {
    /// The issuer, equal to the one asked for.
    pub issuer: String,
    /// Where the provider's signing keys are.
    pub jwks_uri: String,
    /// The signing algorithms the provider declares for ID tokens that this
    /// library supports; `None` when it declares none.
    pub id_token_algorithms: Option<AlgorithmSet>,
}

impl ProviderMetadata {
    /// Parses and checks a discovery document fetched for `expected_issuer`:
    /// a JSON object of at most [`MAX_DISCOVERY_BYTES`] whose `issuer`
    /// equals it exactly (section 4.3) and whose `jwks_uri` is an https URL
    /// (or loopback http). Any failure is `ERR_DISCOVERY`.
    pub fn from_json(text: &[u8], expected_issuer: &str) -> Result<Self> {
        if text.len() > MAX_DISCOVERY_BYTES {
            return Err(fail(format!(
                "discovery document: expected at most {MAX_DISCOVERY_BYTES} bytes, found {}",
                text.len()
            )));
        }
        let doc = match json::parse(text) {
            Ok(Value::Object(o)) => o,
            Ok(other) => {
                return Err(fail(format!(
                    "discovery document: expected a JSON object, found {}",
                    other.type_name()
                )))
            }
            Err(e) => return Err(fail(format!("discovery document: {e}"))),
        };
        let issuer = doc
            .get("issuer")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if issuer != expected_issuer {
            return Err(fail(format!(
                "discovery document issuer: expected {}, found {}",
                quoted(expected_issuer),
                quoted(issuer)
            )));
        }
        let jwks_uri = doc
            .get("jwks_uri")
            .and_then(Value::as_str)
            .ok_or_else(|| fail("discovery document: expected a jwks_uri string".into()))?;
        check_url(jwks_uri, "jwks_uri", ErrorKind::Discovery)?;
        let id_token_algorithms = match doc.get("id_token_signing_alg_values_supported") {
            Some(Value::Array(names)) => {
                let set = names
                    .iter()
                    .filter_map(Value::as_str)
                    .filter_map(Algorithm::from_name)
                    .fold(AlgorithmSet::empty(), AlgorithmSet::with);
                Some(set)
            }
            _ => None,
        };
        Ok(ProviderMetadata {
            issuer: issuer.into(),
            jwks_uri: jwks_uri.into(),
            id_token_algorithms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_urls() {
        let url = |i: &str| discovery_url(i).map_err(|e| e.code());
        assert_eq!(
            url("https://op.example.com").unwrap(),
            "https://op.example.com/.well-known/openid-configuration"
        );
        assert_eq!(
            url("https://op.example.com/t/").unwrap(),
            "https://op.example.com/t/.well-known/openid-configuration"
        );
        assert_eq!(url("http://op.example.com"), Err("ERR_DISCOVERY"));
        assert_eq!(url("https://op.example.com?x=1"), Err("ERR_DISCOVERY"));
    }

    #[test]
    fn metadata_rules() {
        let iss = "https://op.example.com";
        let doc = |extra: &str| {
            format!(r#"{{"issuer":"{iss}","jwks_uri":"https://op.example.com/jwks"{extra}}}"#)
        };
        let m = ProviderMetadata::from_json(
            doc(r#","id_token_signing_alg_values_supported":["RS256","HS256","none","ES256"]"#)
                .as_bytes(),
            iss,
        )
        .unwrap();
        assert_eq!(m.jwks_uri, "https://op.example.com/jwks");
        let algs = m.id_token_algorithms.unwrap();
        assert_eq!(
            algs.iter()
                .map(Algorithm::name)
                .collect::<alloc::vec::Vec<_>>(),
            ["RS256", "ES256"]
        );
        let code = |text: &str, issuer: &str| {
            ProviderMetadata::from_json(text.as_bytes(), issuer)
                .unwrap_err()
                .code()
        };
        assert_eq!(code(&doc(""), "https://op.example.com/"), "ERR_DISCOVERY");
        assert_eq!(code(&doc(""), "https://OP.example.com"), "ERR_DISCOVERY");
        assert_eq!(
            code(
                &doc("").replace("https://op.example.com/jwks", "http://op.example.com/jwks"),
                iss
            ),
            "ERR_DISCOVERY"
        );
        assert_eq!(
            code(r#"{"issuer":"https://op.example.com"}"#, iss),
            "ERR_DISCOVERY"
        );
        assert_eq!(code("[]", iss), "ERR_DISCOVERY");
        assert_eq!(code("<html>", iss), "ERR_DISCOVERY");
        let big = doc(&format!(r#","pad":"{}""#, "x".repeat(MAX_DISCOVERY_BYTES)));
        assert_eq!(code(&big, iss), "ERR_DISCOVERY");
    }
}
