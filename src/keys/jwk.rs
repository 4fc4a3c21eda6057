//! One public JSON Web Key, parsed into a typed key once, with the metadata
//! (`kid`, `alg`, `use`, `key_ops`) that decides which tokens it may verify.

use crate::ec;
use crate::encoding::base64url;
use crate::encoding::json::{self, Object, Value};
use crate::jws::algorithm::{Algorithm, KeyFamily};
use crate::jws::rsassa::{self, RsaPublicKey};
use alloc::string::String;
use alloc::vec::Vec;

/// RSA keys shorter than this many bits are refused with `ERR_WEAK_KEY`.
pub const MIN_RSA_BITS: usize = 2048;
/// RSA keys longer than this many bits are not used (bounded verification cost).
pub const MAX_RSA_BITS: usize = 8192;

/// A typed public key.
#[derive(Clone)]
pub enum PublicKey {
    /// An RSA public key, with its verification precomputation.
    Rsa(RsaPublicKey),
    /// A P-256, P-384 or P-521 public key.
    Ec(ec::VerifyingKey),
    /// An Ed25519 public key.
    Ed25519(ec::edwards25519::VerifyingKey),
}

impl core::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            PublicKey::Rsa(k) => write!(f, "Rsa({} bits)", k.bits()),
            other => write!(f, "{:?}", other.family()),
        }
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (PublicKey::Rsa(a), PublicKey::Rsa(b)) => a == b,
            (PublicKey::Ec(a), PublicKey::Ec(b)) => a == b,
            (PublicKey::Ed25519(a), PublicKey::Ed25519(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for PublicKey {}

impl PublicKey {
    /// The family of algorithms this key can verify.
    pub fn family(&self) -> KeyFamily {
        match self {
            PublicKey::Rsa(_) => KeyFamily::Rsa,
            PublicKey::Ec(k) => match k.crv() {
                ec::Crv::P256 => KeyFamily::P256,
                ec::Crv::P384 => KeyFamily::P384,
                ec::Crv::P521 => KeyFamily::P521,
            },
            PublicKey::Ed25519(_) => KeyFamily::Ed25519,
        }
    }

    /// Whether this is an RSA key shorter than [`MIN_RSA_BITS`].
    pub fn is_weak(&self) -> bool {
        matches!(self, PublicKey::Rsa(k) if k.bits() < MIN_RSA_BITS)
    }
}

/// Why a JWK could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JwkError {
    /// Not a JSON object.
    NotAnObject,
    /// A `kty` or `crv` this library does not verify with.
    Unsupported(&'static str),
    /// A member missing, of the wrong type, or with an impossible value.
    Malformed(&'static str),
    /// The JWK carries private key material; verification keys must be public.
    PrivateKey,
}

impl core::fmt::Display for JwkError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            JwkError::NotAnObject => f.write_str("a JWK must be a JSON object"),
            JwkError::Unsupported(what) => write!(f, "unsupported {what}"),
            JwkError::Malformed(what) => write!(f, "malformed {what}"),
            JwkError::PrivateKey => {
                f.write_str("a verification key must not carry private members")
            }
        }
    }
}

/// A public JWK: its typed key and the members that restrict its use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jwk {
    kid: Option<String>,
    alg: Option<String>,
    usage: Option<String>,
    key_ops: Option<Vec<String>>,
    key: PublicKey,
}

fn optional_string(o: &Object, name: &'static str) -> Result<Option<String>, JwkError> {
    match o.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(JwkError::Malformed(name)),
    }
}

fn required_bytes(o: &Object, name: &'static str) -> Result<Vec<u8>, JwkError> {
    let text = o
        .get(name)
        .and_then(Value::as_str)
        .ok_or(JwkError::Malformed(name))?;
    base64url::decode(text.as_bytes()).map_err(|_| JwkError::Malformed(name))
}

/// The point of an EC JWK on `curve`: coordinates of exactly the curve's
/// size (RFC 7518 section 6.2.1.2: full length, leading zeros kept) that lie
/// on the curve.
fn ec_point(o: &Object, crv: ec::Crv) -> Result<PublicKey, JwkError> {
    let x = required_bytes(o, "x")?;
    let y = required_bytes(o, "y")?;
    if x.len() != crv.size() {
        return Err(JwkError::Malformed("x"));
    }
    if y.len() != crv.size() {
        return Err(JwkError::Malformed("y"));
    }
    ec::VerifyingKey::from_coordinates(crv, &x, &y)
        .map(PublicKey::Ec)
        .ok_or(JwkError::Malformed("EC point (not on the curve)"))
}

fn rsa_key(o: &Object) -> Result<PublicKey, JwkError> {
    let n = required_bytes(o, "n")?;
    let e = required_bytes(o, "e")?;
    match RsaPublicKey::new(&n, &e, MAX_RSA_BITS) {
        Ok(key) => Ok(PublicKey::Rsa(key)),
        Err(rsassa::KeyError::Modulus) => Err(JwkError::Malformed("n (odd, at most 8192 bits)")),
        Err(rsassa::KeyError::Exponent) => Err(JwkError::Malformed("e")),
    }
}

fn ec_key(o: &Object) -> Result<PublicKey, JwkError> {
    let crv = o
        .get("crv")
        .and_then(Value::as_str)
        .ok_or(JwkError::Malformed("crv"))?;
    match ec::Crv::from_name(crv) {
        Some(crv) => ec_point(o, crv),
        None => Err(JwkError::Unsupported("EC crv")),
    }
}

fn okp_key(o: &Object) -> Result<PublicKey, JwkError> {
    match o.get("crv").and_then(Value::as_str) {
        Some("Ed25519") => {
            let x = required_bytes(o, "x")?;
            if x.len() != 32 {
                return Err(JwkError::Malformed("x"));
            }
            ec::edwards25519::VerifyingKey::from_bytes(&x)
                .map(PublicKey::Ed25519)
                .ok_or(JwkError::Malformed("Ed25519 point"))
        }
        Some(_) => Err(JwkError::Unsupported("OKP crv")),
        None => Err(JwkError::Malformed("crv")),
    }
}

impl Jwk {
    /// Parses a JWK from JSON text.
    pub fn from_json(text: &[u8]) -> Result<Jwk, JwkError> {
        match json::parse(text) {
            Ok(Value::Object(o)) => Jwk::from_object(&o),
            _ => Err(JwkError::NotAnObject),
        }
    }

    /// Parses a JWK from a JSON object.
    pub fn from_object(o: &Object) -> Result<Jwk, JwkError> {
        let kid = optional_string(o, "kid")?;
        let alg = optional_string(o, "alg")?;
        let usage = optional_string(o, "use")?;
        let key_ops = match o.get("key_ops") {
            None => None,
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .map(String::from)
                            .ok_or(JwkError::Malformed("key_ops"))
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            Some(_) => return Err(JwkError::Malformed("key_ops")),
        };
        if ["d", "p", "q", "dp", "dq", "qi", "oth"]
            .iter()
            .any(|m| o.contains(m))
        {
            return Err(JwkError::PrivateKey);
        }
        let key = match o.get("kty").and_then(Value::as_str) {
            Some("RSA") => rsa_key(o)?,
            Some("EC") => ec_key(o)?,
            Some("OKP") => okp_key(o)?,
            Some(_) => return Err(JwkError::Unsupported("kty")),
            None => return Err(JwkError::Malformed("kty")),
        };
        Ok(Jwk {
            kid,
            alg,
            usage,
            key_ops,
            key,
        })
    }

    /// The key ID, if any.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The typed key.
    pub fn key(&self) -> &PublicKey {
        &self.key
    }

    /// Whether this key may verify `alg` (API.md section 3): the key type
    /// and curve fit the algorithm; a JWK `alg` equals it; a `use` is `sig`;
    /// `key_ops`, when present, include `verify`.
    pub fn fits(&self, alg: Algorithm) -> bool {
        self.key.family() == alg.key_family()
            && self.alg.as_deref().is_none_or(|a| a == alg.name())
            && self.usage.as_deref().is_none_or(|u| u == "sig")
            && self
                .key_ops
                .as_ref()
                .is_none_or(|ops| ops.iter().any(|op| op == "verify"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSA_2048: &str = r#"{"kty":"RSA","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ","e":"AQAB"}"#;

    #[test]
    fn fit_rules() {
        let base = Jwk::from_json(RSA_2048.as_bytes()).unwrap();
        assert!(base.fits(Algorithm::Rs256) && base.fits(Algorithm::Ps512));
        assert!(!base.fits(Algorithm::Es256) && !base.fits(Algorithm::EdDsa));
        assert!(!base.key().is_weak());
        let with = |extra: &str| {
            let text = RSA_2048.replacen('{', &alloc::format!("{{{extra},"), 1);
            Jwk::from_json(text.as_bytes())
        };
        let k = with(r#""alg":"RS256""#).unwrap();
        assert!(k.fits(Algorithm::Rs256) && !k.fits(Algorithm::Rs384));
        assert!(with(r#""use":"sig""#).unwrap().fits(Algorithm::Rs256));
        assert!(!with(r#""use":"enc""#).unwrap().fits(Algorithm::Rs256));
        assert!(with(r#""key_ops":["verify"]"#)
            .unwrap()
            .fits(Algorithm::Rs256));
        assert!(!with(r#""key_ops":["encrypt","sign"]"#)
            .unwrap()
            .fits(Algorithm::Rs256));
        assert!(!with(r#""key_ops":[]"#).unwrap().fits(Algorithm::Rs256));
        assert_eq!(with(r#""kid":5"#), Err(JwkError::Malformed("kid")));
        assert_eq!(
            with(r#""key_ops":"verify""#),
            Err(JwkError::Malformed("key_ops"))
        );
        assert_eq!(with(r#""d":"AQAB""#), Err(JwkError::PrivateKey));
    }

    #[test]
    fn refuses_unusable_keys() {
        let cases = [
            (r#"{"kty":"oct","k":"AAAA"}"#, JwkError::Unsupported("kty")),
            (r#"{"n":"AQAB","e":"AQAB"}"#, JwkError::Malformed("kty")),
            (r#"{"kty":"RSA","e":"AQAB"}"#, JwkError::Malformed("n")),
            (
                r#"{"kty":"RSA","n":"AQAB=","e":"AQAB"}"#,
                JwkError::Malformed("n"),
            ),
            (
                r#"{"kty":"EC","crv":"secp256k1","x":"","y":""}"#,
                JwkError::Unsupported("EC crv"),
            ),
            (
                r#"{"kty":"OKP","crv":"X25519","x":"AAAA"}"#,
                JwkError::Unsupported("OKP crv"),
            ),
            (
                r#"{"kty":"OKP","crv":"Ed25519","x":"AAAA"}"#,
                JwkError::Malformed("x"),
            ),
            (r#"[]"#, JwkError::NotAnObject),
        ];
        for (json, want) in cases {
            assert_eq!(Jwk::from_json(json.as_bytes()), Err(want), "{json}");
        }
        // A point off the curve: P-256 generator's x with y + 1.
        let off = r#"{"kty":"EC","crv":"P-256","x":"axfR8uEsQkf4vOblY6RA8ncDfYEt6zOg9KE5RdiYwpY","y":"T-NC4v4af5uO5-tKfA-eFivOM1drMV7Oy7ZAaDe_UfY"}"#;
        assert_eq!(
            Jwk::from_json(off.as_bytes()),
            Err(JwkError::Malformed("EC point (not on the curve)"))
        );
        let on = off.replace("UfY", "UfU");
        assert!(Jwk::from_json(on.as_bytes())
            .unwrap()
            .fits(Algorithm::Es256));
        // Coordinates must be full length.
        let short = r#"{"kty":"EC","crv":"P-256","x":"AQ","y":"AQ"}"#;
        assert_eq!(
            Jwk::from_json(short.as_bytes()),
            Err(JwkError::Malformed("x"))
        );
    }
}
