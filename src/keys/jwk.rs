//! One public JSON Web Key, parsed into a typed key of the crate that
//! verifies with it (once, when the key set is loaded), with the metadata
//! (`kid`, `alg`, `use`, `key_ops`) that decides which tokens it may verify.

use crate::encoding::base64url;
use crate::encoding::json::{self, Object, Value};
use crate::jws::algorithm::{Algorithm, KeyFamily};
use alloc::string::String;
use alloc::vec::Vec;

#[cfg(feature = "rsa")]
pub use crate::jws::public_key::rsa_bits;
pub use crate::jws::public_key::{PublicKey, MAX_RSA_BITS, MIN_RSA_BITS};

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
#[cfg(feature = "ecdsa")]
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
#[cfg_attr(not(any(feature = "ecdsa", feature = "jwe")), allow(dead_code))]
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

/// Whether `bytes` is a `Base64urlUInt` in its minimal encoding (RFC 7518
/// section 2): not empty, no leading zero octet.
#[cfg_attr(not(any(feature = "rsa", feature = "jwe")), allow(dead_code))]
pub(crate) fn is_minimal_uint(bytes: &[u8]) -> bool {
    bytes.first().is_some_and(|b| *b != 0)
}

/// Big-endian bytes without leading zeros, as a `BoxedUint` of their own
/// width (public key material: variable time is fine).
#[cfg(feature = "rsa")]
fn public_uint(bytes: &[u8]) -> rsa::BoxedUint {
    rsa::BoxedUint::from_be_slice_vartime(bytes)
}

#[cfg(feature = "rsa")]
fn rsa_key(o: &Object) -> Result<PublicKey, JwkError> {
    let n = required_bytes(o, "n")?;
    let e = required_bytes(o, "e")?;
    // RFC 7518 6.3.1.1 and 6.3.1.2: both are the minimal big-endian
    // encoding, so a leading zero octet (or an empty value) is malformed.
    if !is_minimal_uint(&n) {
        return Err(JwkError::Malformed(
            "n (not the minimal encoding: leading zero octets, against RFC 7518 section 6.3.1.1)",
        ));
    }
    if !is_minimal_uint(&e) {
        return Err(JwkError::Malformed(
            "e (not the minimal encoding: leading zero octets, against RFC 7518 section 6.3.1.2)",
        ));
    }
    // Bound the work before any arithmetic: the modulus is at most
    // MAX_RSA_BITS long.
    if n.len() > MAX_RSA_BITS / 8 {
        return Err(JwkError::Malformed("n (odd, at most 8192 bits)"));
    }
    if e.len() > 8 {
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

#[cfg(feature = "ecdsa")]
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
#[cfg(feature = "eddsa")]
pub fn ed25519_key(bytes: &[u8; 32]) -> Option<ed25519_dalek::VerifyingKey> {
    let key = ed25519_dalek::VerifyingKey::from_bytes(bytes).ok()?;
    (key.to_edwards().compress().as_bytes() == bytes).then_some(key)
}

#[cfg(feature = "eddsa")]
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
            #[cfg(feature = "rsa")]
            Some("RSA") => rsa_key(o)?,
            #[cfg(not(feature = "rsa"))]
            Some("RSA") => return Err(JwkError::Unsupported("kty RSA in this build")),
            #[cfg(feature = "ecdsa")]
            Some("EC") => ec_key(o)?,
            #[cfg(not(feature = "ecdsa"))]
            Some("EC") => return Err(JwkError::Unsupported("kty EC in this build")),
            #[cfg(feature = "eddsa")]
            Some("OKP") => okp_key(o)?,
            #[cfg(not(feature = "eddsa"))]
            Some("OKP") => return Err(JwkError::Unsupported("kty OKP in this build")),
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

    /// Whether this key may verify `alg`: the key type and curve fit the
    /// algorithm; a JWK `alg` equals it (`EdDSA` and `Ed25519` count as
    /// equal for an Ed25519 key); a `use` is `sig`; `key_ops`, when
    /// present, include `verify`.
    pub fn fits(&self, alg: Algorithm) -> bool {
        self.key.family() == alg.key_family()
            && self.alg.as_deref().is_none_or(|a| {
                // EdDSA and its RFC 9864 name Ed25519 are one algorithm for
                // an Ed25519 key: a JWK of either name fits either header.
                a == alg.name()
                    || (alg.key_family() == KeyFamily::Ed25519 && matches!(a, "EdDSA" | "Ed25519"))
            })
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
    use alloc::format;

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

    /// `RSA_2048` with `member` re-encoded with a leading zero octet.
    fn with_leading_zero(member: &str) -> String {
        let o = json::parse(RSA_2048.as_bytes()).unwrap();
        let value = o
            .as_object()
            .unwrap()
            .get(member)
            .unwrap()
            .as_str()
            .unwrap();
        let mut bytes = base64url::decode(value.as_bytes()).unwrap();
        bytes.insert(0, 0);
        RSA_2048.replace(value, &base64url::encode(&bytes))
    }

    #[test]
    fn rsa_members_must_be_minimal() {
        // RFC 7518 6.3.1.1 and 6.3.1.2: no leading zero octets in n or e.
        for member in ["n", "e"] {
            let text = with_leading_zero(member);
            match Jwk::from_json(text.as_bytes()) {
                Err(JwkError::Malformed(what)) => {
                    assert!(what.starts_with(member), "{what}");
                    assert!(what.contains("minimal encoding"), "{what}");
                }
                other => panic!("{member}: {other:?}"),
            }
        }
        let empty_e = RSA_2048.replace(r#""e":"AQAB""#, r#""e":"""#);
        assert!(matches!(
            Jwk::from_json(empty_e.as_bytes()),
            Err(JwkError::Malformed(what)) if what.starts_with('e')
        ));
        // Alone, through verify_signature: ERR_INVALID_OPTIONS naming the member.
        let e =
            crate::verify_signature("RS256", &with_leading_zero("n"), b"x", &[0; 256]).unwrap_err();
        assert_eq!(e.code(), "ERR_INVALID_OPTIONS");
        assert!(
            e.message()
                .starts_with("jwk: malformed n (not the minimal encoding"),
            "{e}"
        );
    }

    #[test]
    fn ed25519_alg_names_fit_either_header() {
        // RFC 8032 section 7.1, test 1: the public key.
        let ed = |alg: &str| {
            let text = format!(
                r#"{{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"{alg}}}"#
            );
            Jwk::from_json(text.as_bytes()).unwrap()
        };
        for key in [ed(""), ed(r#","alg":"EdDSA""#), ed(r#","alg":"Ed25519""#)] {
            assert!(key.fits(Algorithm::EdDsa) && key.fits(Algorithm::Ed25519));
            assert!(!key.fits(Algorithm::Es256));
        }
        // Another alg on an Ed25519 key fits neither name.
        let other = ed(r#","alg":"ES256""#);
        assert!(!other.fits(Algorithm::EdDsa) && !other.fits(Algorithm::Ed25519));
        // The equivalence is for Ed25519 keys only: an RSA key marked EdDSA
        // never fits (its family decides first).
        let rsa =
            Jwk::from_json(RSA_2048.replacen('{', r#"{"alg":"Ed25519","#, 1).as_bytes()).unwrap();
        assert!(!rsa.fits(Algorithm::Ed25519) && !rsa.fits(Algorithm::Rs256));
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
