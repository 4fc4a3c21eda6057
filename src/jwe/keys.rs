//! Private JWKs for decryption (RSA with `d`, `p`, `q`, EC with `d`, OKP
//! X25519), parsed once, and their selection by `kid`, `alg`, type and
//! curve. Entries that cannot be used are skipped, as in a verification set.

use super::algorithms::KeyManagement;
use super::header::JweHeader;
use super::rsaes::{Components, RsaPrivateKey};
use crate::encoding::base64url;
use crate::encoding::json::{Object, Value};
use crate::error::Result;
use crate::jws::public_key::{MAX_RSA_BITS, MIN_RSA_BITS};
use crate::keys::jwk::is_minimal_uint;
use crate::keys::jwks::read_entries;
use alloc::string::String;
use alloc::vec::Vec;
use p256::elliptic_curve::sec1::{FromSec1Point, ModulusSize, ToSec1Point};
use p256::elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytesSize, SecretKey};
use zeroize::Zeroizing;

/// The most keys tried for one token.
pub const MAX_TRIED: usize = 10;

/// A private key that can recover a CEK.
#[derive(Clone)]
pub enum PrivateKey {
    /// RSA (RSA-OAEP, RSA-OAEP-256), boxed: it is far larger than the others.
    Rsa(alloc::boxed::Box<RsaPrivateKey>),
    /// P-256 (ECDH-ES*), `p256`.
    P256(p256::SecretKey),
    /// P-384 (ECDH-ES*), `p384`.
    P384(p384::SecretKey),
    /// P-521 (ECDH-ES*), `p521`.
    P521(p521::SecretKey),
    /// X25519 (ECDH-ES*), `x25519-dalek`.
    X25519(x25519_dalek::StaticSecret),
}

impl core::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never print key material.
        f.write_str(match self {
            PrivateKey::Rsa(_) => "PrivateKey::Rsa",
            PrivateKey::P256(_) => "PrivateKey::P256",
            PrivateKey::P384(_) => "PrivateKey::P384",
            PrivateKey::P521(_) => "PrivateKey::P521",
            PrivateKey::X25519(_) => "PrivateKey::X25519",
        })
    }
}

impl PrivateKey {
    /// The `crv` an `epk` must name to agree with this key.
    pub fn curve(&self) -> Option<&'static str> {
        match self {
            PrivateKey::Rsa(_) => None,
            PrivateKey::P256(_) => Some("P-256"),
            PrivateKey::P384(_) => Some("P-384"),
            PrivateKey::P521(_) => Some("P-521"),
            PrivateKey::X25519(_) => Some("X25519"),
        }
    }
}

/// A private JWK with the members that restrict its use.
#[derive(Debug, Clone)]
pub struct DecryptionKey {
    kid: Option<String>,
    alg: Option<String>,
    usage: Option<String>,
    key_ops: Option<Vec<String>>,
    /// The private key.
    pub key: PrivateKey,
}

fn b64(o: &Object, name: &'static str) -> core::result::Result<Vec<u8>, &'static str> {
    let text = o.get(name).and_then(Value::as_str).ok_or(name)?;
    base64url::decode(text.as_bytes()).map_err(|_| name)
}

/// An optional base64url member: absent is `None`, present must decode.
fn b64_opt(o: &Object, name: &'static str) -> core::result::Result<Option<Vec<u8>>, &'static str> {
    match o.get(name) {
        None => Ok(None),
        Some(_) => b64(o, name).map(Some),
    }
}

fn rsa_key(o: &Object) -> core::result::Result<PrivateKey, &'static str> {
    let secret = |name| b64(o, name).map(Zeroizing::new);
    let secret_opt = |name| b64_opt(o, name).map(|v| v.map(Zeroizing::new));
    let (n, e) = (b64(o, "n")?, b64(o, "e")?);
    // The public members in their minimal encoding (RFC 7518 6.3.1.1 and
    // 6.3.1.2), as for verification keys.
    if !is_minimal_uint(&n) {
        return Err("n (not the minimal encoding: leading zero octets)");
    }
    if !is_minimal_uint(&e) {
        return Err("e (not the minimal encoding: leading zero octets)");
    }
    let (d, p, q) = (secret("d")?, secret("p")?, secret("q")?);
    let (dp, dq, qi) = (secret_opt("dp")?, secret_opt("dq")?, secret_opt("qi")?);
    let key = RsaPrivateKey::from_components(
        Components {
            n: &n,
            e: &e,
            d: &d,
            p: &p,
            q: &q,
            dp: dp.as_deref().map(Vec::as_slice),
            dq: dq.as_deref().map(Vec::as_slice),
            qi: qi.as_deref().map(Vec::as_slice),
        },
        MIN_RSA_BITS,
        MAX_RSA_BITS,
    )?;
    Ok(PrivateKey::Rsa(alloc::boxed::Box::new(key)))
}

/// An EC secret key: `d` of exactly the curve's size, in `1..n`
/// (`SecretKey::from_slice` refuses the rest), whose public point must be
/// the JWK's `x`, `y`.
fn ec_key<C>(o: &Object, size: usize) -> core::result::Result<SecretKey<C>, &'static str>
where
    C: CurveArithmetic,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
    FieldBytesSize<C>: ModulusSize,
{
    let d = Zeroizing::new(b64(o, "d")?);
    if d.len() != size {
        return Err("d");
    }
    let secret = SecretKey::<C>::from_slice(&d).map_err(|_| "d")?;
    let public = secret.public_key().to_sec1_point(false);
    let (x, y) = (b64(o, "x")?, b64(o, "y")?);
    if public.x().map(|c| &c[..]) != Some(&x[..]) || public.y().map(|c| &c[..]) != Some(&y[..]) {
        return Err("x, y (do not match d)");
    }
    Ok(secret)
}

fn ec_private(o: &Object) -> core::result::Result<PrivateKey, &'static str> {
    match o.get("crv").and_then(Value::as_str) {
        Some("P-256") => ec_key::<p256::NistP256>(o, 32).map(PrivateKey::P256),
        Some("P-384") => ec_key::<p384::NistP384>(o, 48).map(PrivateKey::P384),
        Some("P-521") => ec_key::<p521::NistP521>(o, 66).map(PrivateKey::P521),
        _ => Err("crv"),
    }
}

fn okp_private(o: &Object) -> core::result::Result<PrivateKey, &'static str> {
    if o.get("crv").and_then(Value::as_str) != Some("X25519") {
        return Err("crv");
    }
    let d = Zeroizing::new(b64(o, "d")?);
    let d: Zeroizing<[u8; 32]> = Zeroizing::new(d.as_slice().try_into().map_err(|_| "d")?);
    let secret = x25519_dalek::StaticSecret::from(*d);
    let x = b64(o, "x")?;
    if x25519_dalek::PublicKey::from(&secret).as_bytes()[..] != x[..] {
        return Err("x (does not match d)");
    }
    Ok(PrivateKey::X25519(secret))
}

impl DecryptionKey {
    /// Parses a private JWK; the `&str` names what is wrong.
    pub fn from_object(o: &Object) -> core::result::Result<Self, &'static str> {
        let string = |name: &'static str| match o.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(name),
        };
        let key_ops = match o.get("key_ops") {
            None => None,
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|v| v.as_str().map(String::from).ok_or("key_ops"))
                    .collect::<core::result::Result<Vec<_>, _>>()?,
            ),
            Some(_) => return Err("key_ops"),
        };
        let key = match o.get("kty").and_then(Value::as_str) {
            Some("RSA") => rsa_key(o)?,
            Some("EC") => ec_private(o)?,
            Some("OKP") => okp_private(o)?,
            _ => return Err("kty"),
        };
        Ok(DecryptionKey {
            kid: string("kid")?,
            alg: string("alg")?,
            usage: string("use")?,
            key_ops,
            key,
        })
    }

    /// The key ID, if any.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// Whether this key may decrypt a token with `header`: type and curve
    /// fit the algorithm and the `epk`; a JWK `alg` equals the header's;
    /// `use` is `enc`; `key_ops`, when present, allow the operation: `decrypt`
    /// or `unwrapKey` for RSA-OAEP, `deriveKey` or `deriveBits` for ECDH-ES.
    pub fn fits(&self, alg: KeyManagement, header: &JweHeader) -> bool {
        let type_fits = match (&self.key, alg.is_rsa()) {
            (PrivateKey::Rsa(_), true) => true,
            (PrivateKey::Rsa(_), false) | (_, true) => false,
            (k, false) => {
                header
                    .epk
                    .as_ref()
                    .and_then(|e| e.get("crv"))
                    .and_then(Value::as_str)
                    == k.curve()
            }
        };
        type_fits
            && self.alg.as_deref().is_none_or(|a| a == alg.name())
            && self.usage.as_deref().is_none_or(|u| u == "enc")
            && self.key_ops.as_ref().is_none_or(|ops| {
                // RSA-OAEP decrypts or unwraps the CEK; ECDH-ES derives it
                // (RFC 7517 section 4.3).
                let allowed: &[&str] = if alg.is_rsa() {
                    &["decrypt", "unwrapKey"]
                } else {
                    &["deriveKey", "deriveBits"]
                };
                ops.iter().any(|op| allowed.contains(&op.as_str()))
            })
    }
}

/// The held decryption keys.
#[derive(Debug, Clone, Default)]
pub struct DecryptionKeySet {
    keys: Vec<DecryptionKey>,
    skipped: usize,
}

impl DecryptionKeySet {
    /// Parses a JWKS of private keys (`ERR_INVALID_OPTIONS` when it is not an
    /// object with a `keys` array or is over 256 KiB; unusable entries skipped).
    pub fn from_json(text: &[u8]) -> Result<Self> {
        let entries = read_entries(text, "decryptionKeys", DecryptionKey::from_object)?;
        Ok(DecryptionKeySet {
            keys: entries.keys,
            skipped: entries.skipped.len() + entries.unread,
        })
    }

    /// The usable keys.
    pub fn keys(&self) -> &[DecryptionKey] {
        &self.keys
    }

    /// How many entries were skipped.
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// Whether no key is held.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The keys to try for `header` (at most [`MAX_TRIED`]): those that fit
    /// and, when the header names a `kid`, carry it.
    pub fn select(&self, header: &JweHeader) -> Vec<&DecryptionKey> {
        let Some(alg) = header.alg else {
            return Vec::new();
        };
        self.keys
            .iter()
            .filter(|k| {
                header.kid.as_deref().is_none_or(|kid| k.kid() == Some(kid)) && k.fits(alg, header)
            })
            .take(MAX_TRIED)
            .collect()
    }
}
