//! A JWK Set (RFC 7517 section 5) held by a validator, and the rules that
//! pick the key for a token (API.md section 3).
//!
//! Keys are parsed once, when the set is built. Entries that cannot be used
//! (unknown `kty` or `crv`, malformed members, private keys) are skipped,
//! not fatal. At most [`MAX_JWKS_BYTES`] of JSON and [`MAX_KEYS`] entries are
//! read; without a `kid` at most [`MAX_TRIED`] fitting keys are tried.

use super::jwk::Jwk;
use crate::encoding::json::{self, Object, Value};
use crate::error::{Error, ErrorKind, Result};
use crate::jws::algorithm::{quoted, Algorithm};
use crate::jws::signature;
use alloc::format;
use alloc::vec::Vec;

/// The most JWKS JSON read, in bytes.
pub const MAX_JWKS_BYTES: usize = 256 * 1024;
/// The most entries of `keys` read; later entries are ignored.
pub const MAX_KEYS: usize = 100;
/// The most keys tried for one token.
pub const MAX_TRIED: usize = 10;

/// A parsed key set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeySet {
    keys: Vec<Jwk>,
    skipped: usize,
}

fn invalid(message: alloc::string::String) -> Error {
    Error::new(ErrorKind::InvalidOptions, message)
}

impl KeySet {
    /// Parses a JWKS from JSON text. A text over [`MAX_JWKS_BYTES`], or one
    /// that is not an object with a `keys` array, is `ERR_INVALID_OPTIONS`
    /// (the fetch path reports the same failures as `ERR_JWKS_FETCH`).
    pub fn from_json(text: &[u8]) -> Result<KeySet> {
        if text.len() > MAX_JWKS_BYTES {
            return Err(invalid(format!(
                "jwks: expected at most {MAX_JWKS_BYTES} bytes of JSON, found {}",
                text.len()
            )));
        }
        match json::parse(text) {
            Ok(Value::Object(o)) => KeySet::from_object(&o),
            Ok(other) => Err(invalid(format!(
                "jwks: expected a JSON object, found {}",
                other.type_name()
            ))),
            Err(e) => Err(invalid(format!("jwks: {e}"))),
        }
    }

    /// Builds a set from a parsed JWKS object.
    pub fn from_object(o: &Object) -> Result<KeySet> {
        let Some(Value::Array(entries)) = o.get("keys") else {
            return Err(invalid(
                "jwks: expected an object with a \"keys\" array".into(),
            ));
        };
        let mut set = KeySet::default();
        for entry in entries.iter().take(MAX_KEYS) {
            match entry.as_object().map(Jwk::from_object) {
                Some(Ok(jwk)) => set.keys.push(jwk),
                _ => set.skipped += 1,
            }
        }
        set.skipped += entries.len().saturating_sub(MAX_KEYS);
        Ok(set)
    }

    /// A set of exactly these keys.
    pub fn from_keys(keys: Vec<Jwk>) -> KeySet {
        KeySet { keys, skipped: 0 }
    }

    /// The usable keys, in document order.
    pub fn keys(&self) -> &[Jwk] {
        &self.keys
    }

    /// How many entries were skipped as unusable or beyond [`MAX_KEYS`].
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// Whether any key has this `kid`, whatever its algorithm.
    pub fn has_kid(&self, kid: &str) -> bool {
        self.keys.iter().any(|k| k.kid() == Some(kid))
    }

    /// The keys a token may be verified with: those that fit `alg` and, when
    /// the token names a `kid`, carry that `kid`. At most [`MAX_TRIED`];
    /// RSA keys under 2048 bits are left out. No fitting key is
    /// `ERR_NO_MATCHING_KEY`; only weak ones, `ERR_WEAK_KEY`.
    pub fn select(&self, alg: Algorithm, kid: Option<&str>) -> Result<Vec<&Jwk>> {
        let fitting = || {
            self.keys
                .iter()
                .filter(move |k| kid.is_none_or(|want| k.kid() == Some(want)) && k.fits(alg))
        };
        let chosen: Vec<&Jwk> = fitting()
            .filter(|k| !k.key().is_weak())
            .take(MAX_TRIED)
            .collect();
        if !chosen.is_empty() {
            return Ok(chosen);
        }
        if fitting().next().is_some() {
            return Err(Error::new(
                ErrorKind::WeakKey,
                "key: expected an RSA key of at least 2048 bits, found a shorter one",
            ));
        }
        let what = match kid {
            Some(kid) => format!("with kid {}", quoted(kid)),
            None => "(token has no kid)".into(),
        };
        Err(Error::new(
            ErrorKind::NoMatchingKey,
            format!(
                "key: expected a held key {what} that fits {}, found none among {} keys",
                alg.name(),
                self.keys.len()
            ),
        ))
    }

    /// Selects the keys for a token and verifies its signature with each in
    /// turn; returns the key that verified. None verifying is
    /// `ERR_BAD_SIGNATURE`.
    pub fn verify(
        &self,
        alg: Algorithm,
        kid: Option<&str>,
        signing_input: &[u8],
        sig: &[u8],
    ) -> Result<&Jwk> {
        let mut last = None;
        for key in self.select(alg, kid)? {
            match signature::verify(key.key(), alg, signing_input, sig) {
                Ok(()) => return Ok(key),
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| {
            Error::new(ErrorKind::BadSignature, "signature: no key verified it")
        }))
    }
}
