//! A typed view of the claims set: the required claims present, and every
//! claim this library checks of its JSON type (OIDC Core section 2).

use crate::encoding::json::{Object, Value};
use crate::error::{Error, ErrorKind, Result};
use alloc::format;
use alloc::vec::Vec;

/// The longest `sub` accepted, in bytes (OIDC Core section 2: 255 ASCII characters).
pub const MAX_SUB_LEN: usize = 255;

/// The claims this library checks, borrowed from the claims object.
#[derive(Debug, Clone, PartialEq)]
pub struct IdTokenClaims<'a> {
    /// `iss`
    pub iss: &'a str,
    /// `sub`, non-empty
    pub sub: &'a str,
    /// `aud`, normalized to a list (a single string becomes one entry)
    pub aud: Vec<&'a str>,
    /// `exp`
    pub exp: f64,
    /// `iat`
    pub iat: f64,
    /// `nbf`
    pub nbf: Option<f64>,
    /// `azp`
    pub azp: Option<&'a str>,
    /// `nonce`
    pub nonce: Option<&'a str>,
    /// `auth_time`
    pub auth_time: Option<f64>,
    /// `acr`
    pub acr: Option<&'a str>,
    /// `amr`
    pub amr: Option<Vec<&'a str>>,
    /// `at_hash`
    pub at_hash: Option<&'a str>,
    /// `c_hash`
    pub c_hash: Option<&'a str>,
    /// `s_hash`
    pub s_hash: Option<&'a str>,
}

fn missing(claim: &'static str) -> Error {
    Error::new(
        ErrorKind::ClaimMissing,
        format!("{claim}: a required claim is missing"),
    )
    .with_claim(claim)
}

fn invalid(claim: &'static str, expected: &str, found: &Value) -> Error {
    Error::new(
        ErrorKind::ClaimInvalid,
        format!("{claim}: expected {expected}, found {}", found.type_name()),
    )
    .with_claim(claim)
}

fn string<'a>(o: &'a Object, claim: &'static str) -> Result<Option<&'a str>> {
    match o.get(claim) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(invalid(claim, "a string", other)),
    }
}

fn number(o: &Object, claim: &'static str) -> Result<Option<f64>> {
    match o.get(claim) {
        None => Ok(None),
        Some(Value::Number(n)) => Ok(Some(*n)),
        Some(other) => Err(invalid(claim, "a number (seconds since the epoch)", other)),
    }
}

fn strings<'a>(claim: &'static str, items: &'a [Value], found: &Value) -> Result<Vec<&'a str>> {
    items
        .iter()
        .map(|v| {
            v.as_str()
                .ok_or_else(|| invalid(claim, "an array of strings", found))
        })
        .collect()
}

/// The audience claim, normalized to a list.
fn audience(o: &Object) -> Result<Option<Vec<&str>>> {
    let Some(v) = o.get("aud") else {
        return Ok(None);
    };
    let aud = match v {
        Value::String(s) => alloc::vec![s.as_str()],
        Value::Array(items) if !items.is_empty() => strings("aud", items, v)?,
        _ => {
            return Err(invalid(
                "aud",
                "a string or a non-empty array of strings",
                v,
            ))
        }
    };
    Ok(Some(aud))
}

impl<'a> IdTokenClaims<'a> {
    /// Reads the claims: `iss`, `sub`, `aud`, `exp` and `iat` must be
    /// present (`ERR_CLAIM_MISSING`); every claim read must have its JSON
    /// type, and `sub` must be a non-empty string of at most 255 bytes
    /// (`ERR_CLAIM_INVALID`). Presence is checked for all five before types.
    pub fn from_object(o: &'a Object) -> Result<Self> {
        for claim in ["iss", "sub", "aud", "exp", "iat"] {
            if !o.contains(claim) {
                return Err(missing(claim));
            }
        }
        let sub = string(o, "sub")?.ok_or_else(|| missing("sub"))?;
        if sub.is_empty() || sub.len() > MAX_SUB_LEN {
            return Err(Error::new(
                ErrorKind::ClaimInvalid,
                format!(
                    "sub: expected 1 to {MAX_SUB_LEN} bytes, found {}",
                    sub.len()
                ),
            )
            .with_claim("sub"));
        }
        let amr = match o.get("amr") {
            None => None,
            Some(v @ Value::Array(items)) => Some(strings("amr", items, v)?),
            Some(other) => return Err(invalid("amr", "an array of strings", other)),
        };
        Ok(IdTokenClaims {
            iss: string(o, "iss")?.ok_or_else(|| missing("iss"))?,
            sub,
            aud: audience(o)?.ok_or_else(|| missing("aud"))?,
            exp: number(o, "exp")?.ok_or_else(|| missing("exp"))?,
            iat: number(o, "iat")?.ok_or_else(|| missing("iat"))?,
            nbf: number(o, "nbf")?,
            azp: string(o, "azp")?,
            nonce: string(o, "nonce")?,
            auth_time: number(o, "auth_time")?,
            acr: string(o, "acr")?,
            amr,
            at_hash: string(o, "at_hash")?,
            c_hash: string(o, "c_hash")?,
            s_hash: string(o, "s_hash")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::json::parse_object;

    fn read(json: &str) -> Result<()> {
        let o = parse_object(json.as_bytes()).unwrap().unwrap();
        IdTokenClaims::from_object(&o).map(|_| ())
    }

    fn failure(json: &str) -> (&'static str, alloc::string::String) {
        let e = read(json).unwrap_err();
        (e.code(), e.claim().unwrap_or_default().into())
    }

    const BASE: &str = r#""iss":"i","sub":"s","aud":"a","exp":2,"iat":1"#;

    #[test]
    fn required_claims() {
        assert!(read(&format!("{{{BASE}}}")).is_ok());
        for claim in ["iss", "sub", "aud", "exp", "iat"] {
            let json = format!(
                "{{{}}}",
                BASE.split(',')
                    .filter(|m| !m.contains(&format!("\"{claim}\"")))
                    .collect::<Vec<_>>()
                    .join(",")
            );
            assert_eq!(failure(&json), ("ERR_CLAIM_MISSING", claim.into()));
        }
    }

    #[test]
    fn claim_types() {
        let cases = [
            (r#""exp":"2""#, "exp"),
            (r#""iat":null"#, "iat"),
            (r#""sub":"""#, "sub"),
            (r#""sub":5"#, "sub"),
            (r#""iss":["i"]"#, "iss"),
            (r#""aud":[]"#, "aud"),
            (r#""aud":["a",1]"#, "aud"),
            (r#""nbf":"1""#, "nbf"),
            (r#""azp":1"#, "azp"),
            (r#""nonce":{}"#, "nonce"),
            (r#""auth_time":true"#, "auth_time"),
            (r#""acr":1"#, "acr"),
            (r#""amr":"pwd""#, "amr"),
            (r#""amr":["pwd",2]"#, "amr"),
            (r#""at_hash":1"#, "at_hash"),
            (r#""c_hash":1"#, "c_hash"),
            (r#""s_hash":1"#, "s_hash"),
        ];
        for (member, claim) in cases {
            let name = member.split('"').nth(1).unwrap();
            let others: Vec<&str> = BASE
                .split(',')
                .filter(|m| !m.contains(&format!("\"{name}\"")))
                .collect();
            let json = format!("{{{},{member}}}", others.join(","));
            assert_eq!(
                failure(&json),
                ("ERR_CLAIM_INVALID", claim.into()),
                "{json}"
            );
        }
        let long = format!("{{{BASE},\"x\":1}}")
            .replace("\"sub\":\"s\"", &format!("\"sub\":\"{}\"", "s".repeat(256)));
        assert_eq!(failure(&long).0, "ERR_CLAIM_INVALID");
    }

    #[test]
    fn audience_is_normalized() {
        let o = parse_object(br#"{"iss":"i","sub":"s","aud":["a","b"],"exp":2,"iat":1}"#)
            .unwrap()
            .unwrap();
        assert_eq!(IdTokenClaims::from_object(&o).unwrap().aud, ["a", "b"]);
    }
}
