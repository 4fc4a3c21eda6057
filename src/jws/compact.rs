//! The JWS compact serialization (RFC 7515 section 7.1): three base64url
//! parts, a JSON-object header and, for an ID token, a JSON-object payload.

use super::header::Header;
use crate::encoding::{base64url, json};
use crate::error::{malformed, Result};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// The largest token accepted, checked before any decoding.
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;

/// How a compact token is shaped: a JWS has 3 parts, a JWE 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A signed token (3 parts).
    Jws,
    /// An encrypted token (5 parts).
    Jwe,
}

/// Whether `token` starts with the HTTP `Bearer` scheme (any case) and
/// white space, as an `Authorization` header value does.
fn has_bearer_prefix(token: &str) -> bool {
    let (Some(scheme), Some(rest)) = (token.get(..6), token.get(6..)) else {
        return false;
    };
    scheme.eq_ignore_ascii_case("bearer") && rest.starts_with(char::is_whitespace)
}

/// Checks the size and counts the parts of a compact token. A token with a
/// `Bearer ` prefix is refused with a message that says so (without
/// echoing the token).
pub fn shape(token: &str) -> Result<Shape> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(malformed(format!(
            "token: expected at most {MAX_TOKEN_BYTES} bytes, found {}",
            token.len()
        )));
    }
    if has_bearer_prefix(token) {
        return Err(malformed(
            "token: expected the compact token alone, found a \"Bearer \" prefix \
             (an Authorization header value): pass the token without the \"Bearer \" prefix",
        ));
    }
    match token.bytes().filter(|&b| b == b'.').count() {
        2 => Ok(Shape::Jws),
        4 => Ok(Shape::Jwe),
        n => Err(malformed(format!(
            "token: expected 3 parts (JWS) or 5 parts (JWE), found {}",
            n + 1
        ))),
    }
}

/// A decoded compact JWS whose payload is a JSON object (a JWT claims set).
/// Nothing here is verified yet.
#[derive(Debug, Clone, PartialEq)]
pub struct CompactJws<'a> {
    /// The protected header.
    pub header: Header,
    /// The protected header's JSON text, as decoded.
    pub header_json: String,
    /// The payload, a JSON object.
    pub claims: json::Object,
    /// The payload's JSON text, as decoded.
    pub claims_json: String,
    /// `BASE64URL(header) || '.' || BASE64URL(payload)`, the signed bytes.
    pub signing_input: &'a [u8],
    /// The decoded signature.
    pub signature: Vec<u8>,
}

/// Decodes a part, naming it in the error.
pub(crate) fn decode_part(part: &str, what: &str) -> Result<Vec<u8>> {
    base64url::decode(part.as_bytes()).map_err(|e| {
        let why = match e {
            base64url::DecodeError::InvalidCharacter => {
                "a character outside base64url (padding included)"
            }
            base64url::DecodeError::InvalidLength => "an impossible length",
            base64url::DecodeError::NonCanonical => "non-zero trailing bits",
        };
        malformed(format!(
            "{what}: expected base64url without padding, found {why}"
        ))
    })
}

/// Decodes a part that must hold a JSON object; returns it with its text.
pub(crate) fn decode_object(part: &str, what: &str) -> Result<(json::Object, String)> {
    let bytes = decode_part(part, what)?;
    let object = match json::parse_object(&bytes) {
        Ok(Some(object)) => object,
        Ok(None) => return Err(malformed(format!("{what}: expected a JSON object"))),
        Err(e) => return Err(malformed(format!("{what}: {e}"))),
    };
    // The parser accepted it, so it is UTF-8.
    let text = String::from_utf8(bytes).map_err(|_| malformed(format!("{what}: not UTF-8")))?;
    Ok((object, text))
}

/// Parses a compact JWS ID token: size, three parts, strict base64url, a
/// header and payload that are JSON objects with unique member names, and a
/// string `kid` if any. Any failure is `ERR_MALFORMED`.
pub fn parse(token: &str) -> Result<CompactJws<'_>> {
    if shape(token)? != Shape::Jws {
        return Err(malformed(
            "token: expected a JWS (3 parts), found a JWE (5 parts)",
        ));
    }
    let mut parts = token.splitn(3, '.');
    let (Some(h), Some(p), Some(s)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(malformed("token: expected 3 parts"));
    };
    let (header, header_json) = decode_object(h, "header")?;
    let header = Header::from_object(header)?;
    let (claims, claims_json) = decode_object(p, "payload")?;
    let signature = decode_part(s, "signature")?;
    let signing_input = token
        .as_bytes()
        .get(..h.len() + 1 + p.len())
        .ok_or_else(|| malformed("token: expected 3 parts"))?;
    Ok(CompactJws {
        header,
        header_json,
        claims,
        claims_json,
        signing_input,
        signature,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::base64url::encode;

    fn token(header: &str, payload: &str, sig: &[u8]) -> String {
        format!(
            "{}.{}.{}",
            encode(header.as_bytes()),
            encode(payload.as_bytes()),
            encode(sig)
        )
    }

    #[test]
    fn parses_a_well_formed_token() {
        let t = token(
            r#"{"alg":"ES256","kid":"k1"}"#,
            r#"{"sub":"a"}"#,
            &[1, 2, 3],
        );
        let jws = parse(&t).unwrap();
        assert_eq!(jws.header.kid(), Some("k1"));
        assert_eq!(jws.claims.get("sub").and_then(|v| v.as_str()), Some("a"));
        assert_eq!(jws.signature, [1, 2, 3]);
        assert_eq!(jws.signing_input, t.rsplit_once('.').unwrap().0.as_bytes());
    }

    #[test]
    fn refuses_malformed_shapes() {
        let good = token(r#"{"alg":"ES256"}"#, r#"{"sub":"a"}"#, &[1]);
        let cases = [
            String::from("a.b"),
            format!("{good}.x"),
            format!("{good}="),
            good.replacen('.', "=.", 1),
            token(r#"["alg"]"#, r#"{}"#, &[1]),
            token(r#"{"alg":"ES256"}"#, r#""text""#, &[1]),
            token(r#"{"alg":"ES256","alg":"none"}"#, r#"{}"#, &[1]),
            token(r#"{"alg":"ES256"}"#, r#"{"sub":"a","sub":"b"}"#, &[1]),
            token(r#"{"alg":"ES256","kid":["x"]}"#, r#"{}"#, &[1]),
            token(r#"{"alg":"ES256"}"#, "{\"a\":1} x", &[1]),
            String::from("a.b.c.d.e"),
        ];
        for t in &cases {
            assert_eq!(parse(t).unwrap_err().code(), "ERR_MALFORMED", "{t}");
        }
    }

    #[test]
    fn says_so_when_given_an_authorization_header_value() {
        let good = token(r#"{"alg":"ES256"}"#, r#"{"sub":"a"}"#, &[1]);
        for prefix in [
            "Bearer ",
            "bearer ",
            "BEARER  ",
            "BeArEr\t",
            "Bearer\n",
            "Bearer\u{a0}",
        ] {
            let t = format!("{prefix}{good}");
            for err in [shape(&t).unwrap_err(), parse(&t).unwrap_err()] {
                assert_eq!(err.code(), "ERR_MALFORMED", "{prefix:?}");
                let m = err.message();
                assert!(
                    m.contains("pass the token without the \"Bearer \" prefix"),
                    "{m}"
                );
                assert!(!m.contains(&good) && !m.contains("eyJ"), "{m}");
            }
            // Also for what would be a JWE.
            let jwe = format!("{prefix}a.b.c.d.e");
            assert!(shape(&jwe).unwrap_err().message().contains("Bearer"));
        }
        // Not the scheme: the usual shape messages.
        for t in ["Bearer", "Bearerx.y.z", "Bear er.a.b", "bearer.a.b.c"] {
            assert!(!shape(t)
                .err()
                .is_some_and(|e| e.message().contains("Bearer")));
        }
        assert_eq!(shape("Bearer").unwrap_err().code(), "ERR_MALFORMED");
        assert_eq!(shape("bearer.a.b"), Ok(Shape::Jws));
        // Multi-byte characters at the prefix boundary do not panic.
        assert_eq!(shape("Beare\u{e9}.a.b"), Ok(Shape::Jws));
        assert_eq!(
            shape("\u{e9}\u{e9}\u{e9}").unwrap_err().code(),
            "ERR_MALFORMED"
        );
    }

    #[test]
    fn refuses_oversized_tokens_before_decoding() {
        let big = "a".repeat(MAX_TOKEN_BYTES + 1);
        let err = parse(&big).unwrap_err();
        assert!(err.message().contains("at most"), "{}", err.message());
        assert_eq!(shape("a.b.c.d.e"), Ok(Shape::Jwe));
    }
}
