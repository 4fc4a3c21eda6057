//! The JOSE protected header of a signed token and its checks: `alg` on the
//! allow-list, no unprocessed `crit` extension, and `typ` of a JWT.

use super::algorithm::{quoted, Algorithm, AlgorithmSet};
use crate::encoding::json::{Object, Value};
use crate::error::{malformed, Error, ErrorKind, Result};
use alloc::format;
use alloc::string::String;

/// A parsed JOSE header. Members a header may carry to point at a key
/// (`jwk`, `jku`, `x5u`, `x5c`) are kept only as data: they are never used
/// to find or build a key.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    object: Object,
    kid: Option<String>,
}

impl Header {
    /// Wraps a decoded header object. A `kid` that is not a string, or a
    /// `b64` other than `true` without `crit`, is `ERR_MALFORMED`.
    pub fn from_object(object: Object) -> Result<Header> {
        let kid = match object.get("kid") {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                return Err(malformed(format!(
                    "header kid: expected a string, found {}",
                    other.type_name()
                )))
            }
        };
        // `b64: false` changes what is signed (RFC 7797), and section 6 of
        // RFC 7797 requires it to be named in `crit` then: without `crit`
        // the header is malformed, not a default to ignore. (With `crit`,
        // the extension is refused as unprocessed: `ERR_CRIT`.)
        if !object.contains("crit") {
            match object.get("b64") {
                None | Some(Value::Bool(true)) => {}
                Some(_) => {
                    return Err(malformed(
                        "header b64: expected true or absent without crit, found a b64 \
                         (RFC 7797 unencoded payload) not named in crit",
                    ))
                }
            }
        }
        Ok(Header { object, kid })
    }

    /// The whole header object.
    pub fn object(&self) -> &Object {
        &self.object
    }

    /// The `kid` hint, if any.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The `alg` member as written, if it is a string.
    pub fn alg_name(&self) -> Option<&str> {
        self.object.get("alg").and_then(Value::as_str)
    }

    /// The header checks in contract order: `alg`, then `crit`, then `typ`.
    /// Returns the algorithm to verify with.
    pub fn check(&self, allowed: AlgorithmSet) -> Result<Algorithm> {
        let alg = self.check_alg(allowed)?;
        self.check_crit()?;
        self.check_typ()?;
        Ok(alg)
    }

    /// `alg` must be present, supported and on the allow-list.
    pub fn check_alg(&self, allowed: AlgorithmSet) -> Result<Algorithm> {
        let name = match self.object.get("alg") {
            Some(Value::String(s)) => s,
            Some(other) => {
                return Err(Error::new(
                    ErrorKind::AlgNotAllowed,
                    format!("alg: expected a string, found {}", other.type_name()),
                ))
            }
            None => {
                return Err(Error::new(
                    ErrorKind::AlgNotAllowed,
                    "alg: missing from the header",
                ))
            }
        };
        let alg = Algorithm::resolve(name)?.require_built()?;
        if !allowed.contains(alg) {
            return Err(Error::new(
                ErrorKind::AlgNotAllowed,
                format!("alg {}: not in the allowed algorithms", alg.name()),
            ));
        }
        Ok(alg)
    }

    /// This library processes no JWS extension, so any `crit` is refused
    /// (RFC 7515 section 4.1.11), as is a malformed one.
    pub fn check_crit(&self) -> Result<()> {
        match self.object.get("crit") {
            None => Ok(()),
            Some(Value::Array(names)) if !names.is_empty() => {
                let first = names.first().and_then(Value::as_str).unwrap_or("");
                Err(Error::new(
                    ErrorKind::Crit,
                    format!(
                        "crit: the extension {} is not processed by this library",
                        quoted(first)
                    ),
                ))
            }
            Some(_) => Err(Error::new(
                ErrorKind::Crit,
                "crit: expected a non-empty array of extension names",
            )),
        }
    }

    /// `typ`, when present, must name a JWT: `JWT` or `application/jwt`,
    /// compared case-insensitively (RFC 7519 section 5.1, RFC 8725 3.11).
    pub fn check_typ(&self) -> Result<()> {
        match self.object.get("typ") {
            None => Ok(()),
            Some(Value::String(t))
                if t.eq_ignore_ascii_case("JWT") || t.eq_ignore_ascii_case("application/jwt") =>
            {
                Ok(())
            }
            Some(Value::String(t)) => Err(Error::new(
                ErrorKind::Typ,
                format!("typ: expected \"JWT\", found {}", quoted(t)),
            )),
            Some(other) => Err(Error::new(
                ErrorKind::Typ,
                format!("typ: expected a string, found {}", other.type_name()),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::json::parse_object;

    fn header(json: &str) -> Result<Header> {
        Header::from_object(parse_object(json.as_bytes()).unwrap().unwrap())
    }

    fn code(json: &str) -> &'static str {
        match header(json).and_then(|h| h.check(AlgorithmSet::all())) {
            Ok(_) => "ok",
            Err(e) => e.code(),
        }
    }

    #[test]
    fn header_rules() {
        assert_eq!(code(r#"{"alg":"RS256"}"#), "ok");
        assert_eq!(code(r#"{"alg":"ES256","typ":"jwt"}"#), "ok");
        assert_eq!(code(r#"{"alg":"ES256","typ":"Application/JWT"}"#), "ok");
        assert_eq!(code(r#"{"typ":"JWT"}"#), "ERR_ALG_NOT_ALLOWED");
        assert_eq!(code(r#"{"alg":null}"#), "ERR_ALG_NOT_ALLOWED");
        assert_eq!(code(r#"{"alg":"none"}"#), "ERR_ALG_NOT_ALLOWED");
        assert_eq!(code(r#"{"alg":"HS256"}"#), "ERR_ALG_NOT_ALLOWED");
        assert_eq!(
            code(r#"{"alg":"RS256","crit":["exp"],"exp":1}"#),
            "ERR_CRIT"
        );
        assert_eq!(
            code(r#"{"alg":"RS256","crit":["b64"],"b64":false}"#),
            "ERR_CRIT"
        );
        assert_eq!(code(r#"{"alg":"RS256","crit":[]}"#), "ERR_CRIT");
        assert_eq!(code(r#"{"alg":"RS256","typ":"at+jwt"}"#), "ERR_TYP");
        assert_eq!(code(r#"{"alg":"RS256","typ":"logout+jwt"}"#), "ERR_TYP");
        assert_eq!(code(r#"{"alg":"RS256","typ":1}"#), "ERR_TYP");
        // alg is checked before crit, crit before typ.
        assert_eq!(
            code(r#"{"alg":"none","crit":["x"],"typ":"at+jwt"}"#),
            "ERR_ALG_NOT_ALLOWED"
        );
        assert_eq!(
            code(r#"{"alg":"RS256","crit":["x"],"typ":"at+jwt"}"#),
            "ERR_CRIT"
        );
        assert_eq!(code(r#"{"alg":"RS256","kid":7}"#), "ERR_MALFORMED");
        // RFC 7797: b64 false must be named in crit; without crit it is
        // malformed (before alg is even looked at), with crit unprocessed.
        assert_eq!(code(r#"{"alg":"RS256","b64":false}"#), "ERR_MALFORMED");
        assert_eq!(code(r#"{"alg":"none","b64":false}"#), "ERR_MALFORMED");
        assert_eq!(code(r#"{"alg":"RS256","b64":"false"}"#), "ERR_MALFORMED");
        assert_eq!(code(r#"{"alg":"RS256","b64":true}"#), "ok");
    }

    #[test]
    fn allow_list_is_enforced() {
        let h = header(r#"{"alg":"RS256"}"#).unwrap();
        let only_es = AlgorithmSet::from_names(["ES256"]).unwrap();
        assert_eq!(h.check(only_es).unwrap_err().code(), "ERR_ALG_NOT_ALLOWED");
    }
}
