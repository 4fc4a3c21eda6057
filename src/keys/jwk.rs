//! One public JSON Web Key, parsed into a typed key of the crate that
//! verifies with it (once, when the key set is loaded), with the metadata
//! (`kid`, `alg`, `use`, `key_ops`) that decides which tokens it may verify.

use crate::encoding::base64url;
use crate::encoding::json::{self, Object, Value};
use crate::jws::algorithm::{Algorithm, KeyFamily};
use alloc::string::String;
use alloc::vec::Vec;

/// RSA keys shorter than this many bits are refused with `ERR_WEAK_KEY`.
pub const MIN_RSA_BITS: usize = 2048;
/// RSA keys longer than this many bits are not used (bounded verification cost).
pub const MAX_RSA_BITS: usize = 8192;

/// A typed public key, as the verifying crate holds it.
#[derive(Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// An RSA public key (`rsa`).
    Rsa(rsa::PublicKey),
    /// A P-256 public key (`p256`).
    P256(p256::ecdsa::VerifyingKey),
    /// A P-384 public key (`p384`).
    P384(p384::ecdsa::VerifyingKey),
    /// A P-521 public key (`p521`).
    P521(p521::ecdsa::VerifyingKey),
    /// An Ed25519 public key (`ed25519-dalek`), canonically encoded.
    Ed25519(ed25519_dalek::VerifyingKey),
}

impl core::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            PublicKey::Rsa(k) => write!(f, "Rsa({} bits)", rsa_bits(k)),
            other => write!(f, "{:?}", other.family()),
        }
    }
}

/// The length of an RSA key's modulus in bits.
pub fn rsa_bits(key: &rsa::PublicKey) -> usize {
    use rsa::traits::PublicKeyParts;
    key.n().bit_width_vartime() as usize
}

impl PublicKey {
    /// The family of algorithms this key can verify.
    pub fn family(&self) -> KeyFamily {
        match self {
            PublicKey::Rsa(_) => KeyFamily::Rsa,
            PublicKey::P256(_) => KeyFamily::P256,
            PublicKey::P384(_) => KeyFamily::P384,
            PublicKey::P521(_) => KeyFamily::P521,
            PublicKey::Ed25519(_) => KeyFamily::Ed25519,
        }
    }

    /// Whether this is an RSA key shorter than [`MIN_RSA_BITS`].
    pub fn is_weak(&self) -> bool {
        matches!(self, PublicKey::Rsa(k) if rsa_bits(k) < MIN_RSA_BITS)
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

/// The SEC1 uncompressed encoding `04 || x || y` of an EC JWK's point, with
/// coordinates of exactly `size` bytes (RFC 7518 section 6.2.1.2: full
/// length, leading zeros kept).
fn sec1_point(o: &Object, size: usize) -> Result<Vec<u8>, JwkError> {
    let x = required_bytes(o, "x")?;
    let y = required_bytes(o, "y")?;
    if x.len() != size {
        return Err(JwkError::Malformed("x"));
    }
    sec1_uncompressed(&x, &y, size).ok_or(JwkError::Malformed("y"))
}

/// The SEC1 uncompressed encoding `04 || x || y` of a point whose
/// coordinates are both exactly `size` bytes (JWK `x`, `y` and JWE `epk`).
pub(crate) fn sec1_uncompressed(x: &[u8], y: &[u8], size: usize) -> Option<Vec<u8>> {
    if x.len() != size || y.len() != size {
        return None;
    }
    let mut point = Vec::with_capacity(1 + 2 * size);
    point.push(4);
    point.extend_from_slice(x);
    point.extend_from_slice(y);
    Some(point)
}

/// Big-endian bytes without leading zeros, as a `BoxedUint` of their own
/// width (public key material: variable time is fine).
fn public_uint(bytes: &[u8]) -> rsa::BoxedUint {
    rsa::BoxedUint::from_be_slice_vartime(bytes)
}

fn rsa_key(o: &Object) -> Result<PublicKey, JwkError> {
    let n = required_bytes(o, "n")?;
    let e = required_bytes(o, "e")?;
    // Bound the work before any arithmetic: the modulus is at most
    // MAX_RSA_BITS long (leading zero bytes do not count).
    let significant = n.iter().skip_while(|b| **b == 0).count();
    if significant > MAX_RSA_BITS / 8 {
        return Err(JwkError::Malformed("n (odd, at most 8192 bits)"));
    }
    if e.iter().skip_while(|b| **b == 0).count() > 8 {
        return Err(JwkError::Malformed("e"));
    }
    // The crate checks: n odd and of 1024..=MAX_RSA_BITS bits (shorter ones
    // are re-tried below so that they are reported as weak, not malformed),
    // e odd, 3 <= e < 2^33 and e < n.
    let (n, e) = (public_uint(&n), public_uint(&e));
    let key = rsa::PublicKey::new_with_size_limits(n, e, 1..=MAX_RSA_BITS);
    match key {
        Ok(key) => Ok(PublicKey::Rsa(key)),
        Err(
            rsa::Error::PublicExponentTooSmall
            | rsa::Error::PublicExponentTooLarge
            | rsa::Error::InvalidExponent,
        ) => Err(JwkError::Malformed("e")),
        Err(_) => Err(JwkError::Malformed("n (odd, at most 8192 bits)")),
    }
}

fn ec_key(o: &Object) -> Result<PublicKey, JwkError> {
    const OFF_CURVE: JwkError = JwkError::Malformed("EC point (not on the curve)");
    let crv = o
        .get("crv")
        .and_then(Value::as_str)
        .ok_or(JwkError::Malformed("crv"))?;
    // SEC1 decoding refuses coordinates >= p, points off the curve and the
    // identity.
    match crv {
        "P-256" => p256::ecdsa::VerifyingKey::from_sec1_bytes(&sec1_point(o, 32)?)
            .map(PublicKey::P256)
            .map_err(|_| OFF_CURVE),
        "P-384" => p384::ecdsa::VerifyingKey::from_sec1_bytes(&sec1_point(o, 48)?)
            .map(PublicKey::P384)
            .map_err(|_| OFF_CURVE),
        "P-521" => p521::ecdsa::VerifyingKey::from_sec1_bytes(&sec1_point(o, 66)?)
            .map(PublicKey::P521)
            .map_err(|_| OFF_CURVE),
        _ => Err(JwkError::Unsupported("EC crv")),
    }
}

/// An Ed25519 public key from its 32-byte encoding, decoded as RFC 8032
/// section 5.1.3 requires: `ed25519-dalek` decompresses non-canonical
/// encodings (a `y` of `p` or more, or `x = 0` with the sign bit set; see
/// its `VerifyingKey::from_bytes` on ZIP-215), and `verify_strict` checks
/// only that `A` is not of small order. So the point must re-encode to the
/// same bytes.
pub fn ed25519_key(bytes: &[u8; 32]) -> Option<ed25519_dalek::VerifyingKey> {
    let key = ed25519_dalek::VerifyingKey::from_bytes(bytes).ok()?;
    (key.to_edwards().compress().as_bytes() == bytes).then_some(key)
}

fn okp_key(o: &Object) -> Result<PublicKey, JwkError> {
    match o.get("crv").and_then(Value::as_str) {
        Some("Ed25519") => {
            let x: [u8; 32] = required_bytes(o, "x")?
                .try_into()
                .map_err(|_| JwkError::Malformed("x"))?;
            ed25519_key(&x)
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
