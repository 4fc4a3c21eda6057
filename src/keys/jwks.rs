//! A JWK Set (RFC 7517 section 5) held by a validator, and the rules that
//! pick the key for a token.
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
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// The most JWKS JSON read, in bytes.
pub const MAX_JWKS_BYTES: usize = 256 * 1024;
/// The most entries of `keys` read; later entries are ignored.
pub const MAX_KEYS: usize = 100;
/// The most keys tried for one token.
pub const MAX_TRIED: usize = 10;

/// An entry of a JWK Set that is not used, with its `kid` (when it has a
/// string one) and why, so that a token naming it can be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedKey {
    /// The entry's `kid`, if it is a string.
    pub kid: Option<String>,
    /// Why the entry is not used.
    pub reason: String,
}

/// Reads the entries of a JWK Set text, for verification and decryption key
/// sets alike: at most [`MAX_JWKS_BYTES`] of JSON, an object with a `keys`
/// array, of which the first [`MAX_KEYS`] entries are parsed with `parse`.
/// Returns the usable entries and the skipped ones (see [`Entries`]).
/// `what` names the option in messages; shape failures are
/// `ERR_INVALID_OPTIONS`.
pub(crate) fn read_entries<T, E: core::fmt::Display>(
    text: &[u8],
    what: &str,
    parse: impl Fn(&Object) -> core::result::Result<T, E>,
) -> Result<Entries<T>> {
    if text.len() > MAX_JWKS_BYTES {
        return Err(invalid(format!(
            "{what}: expected at most {MAX_JWKS_BYTES} bytes of JSON, found {}",
            text.len()
        )));
    }
    match json::parse(text) {
        Ok(Value::Object(o)) => entries_of(&o, what, parse),
        Ok(other) => Err(invalid(format!(
            "{what}: expected a JSON object, found {}",
            other.type_name()
        ))),
        Err(e) => Err(invalid(format!("{what}: {e}"))),
    }
}

/// The entries of a JWK Set, as read.
pub(crate) struct Entries<T> {
    /// The usable entries, in document order.
    pub keys: Vec<T>,
    /// The unusable entries among the first [`MAX_KEYS`], each with why.
    pub skipped: Vec<SkippedKey>,
    /// How many entries past the first [`MAX_KEYS`] were not read.
    pub unread: usize,
}

/// The entries of a parsed JWK Set object (see [`read_entries`]).
fn entries_of<T, E: core::fmt::Display>(
    o: &Object,
    what: &str,
    parse: impl Fn(&Object) -> core::result::Result<T, E>,
) -> Result<Entries<T>> {
    let Some(Value::Array(entries)) = o.get("keys") else {
        return Err(invalid(format!(
            "{what}: expected an object with a \"keys\" array"
        )));
    };
    let mut keys = Vec::new();
    let mut skipped = Vec::new();
    for entry in entries.iter().take(MAX_KEYS) {
        let object = entry.as_object();
        let reason = match object.map(&parse) {
            None => "a JWK must be a JSON object".into(),
            Some(Ok(key)) => {
                keys.push(key);
                continue;
            }
            Some(Err(e)) => e.to_string(),
        };
        let kid = object
            .and_then(|o| o.get("kid"))
            .and_then(Value::as_str)
            .map(String::from);
        skipped.push(SkippedKey { kid, reason });
    }
    Ok(Entries {
        keys,
        skipped,
        unread: entries.len().saturating_sub(MAX_KEYS),
    })
}

/// A parsed key set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeySet {
    keys: Vec<Jwk>,
    skipped: Vec<SkippedKey>,
    unread: usize,
}

fn invalid(message: alloc::string::String) -> Error {
    Error::new(ErrorKind::InvalidOptions, message)
}

impl KeySet {
    /// Parses a JWKS from JSON text. A text over [`MAX_JWKS_BYTES`], or one
    /// that is not an object with a `keys` array, is `ERR_INVALID_OPTIONS`
    /// (the fetch path reports the same failures as `ERR_JWKS_FETCH`).
    pub fn from_json(text: &[u8]) -> Result<KeySet> {
        read_entries(text, "jwks", Jwk::from_object).map(KeySet::from_entries)
    }

    /// Builds a set from a parsed JWKS object.
    pub fn from_object(o: &Object) -> Result<KeySet> {
        entries_of(o, "jwks", Jwk::from_object).map(KeySet::from_entries)
    }

    /// A set of exactly these keys.
    pub fn from_keys(keys: Vec<Jwk>) -> KeySet {
        KeySet {
            keys,
            skipped: Vec::new(),
            unread: 0,
        }
    }

    fn from_entries(e: Entries<Jwk>) -> KeySet {
        KeySet {
            keys: e.keys,
            skipped: e.skipped,
            unread: e.unread,
        }
    }

    /// The usable keys, in document order.
    pub fn keys(&self) -> &[Jwk] {
        &self.keys
    }

    /// How many entries were skipped as unusable or beyond [`MAX_KEYS`].
    pub fn skipped(&self) -> usize {
        self.skipped.len() + self.unread
    }

    /// The unusable entries among the first [`MAX_KEYS`], in document
    /// order, each with why.
    pub fn skipped_keys(&self) -> &[SkippedKey] {
        &self.skipped
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
        let mut message = format!(
            "key: expected a held key {what} that fits {}, found none among {} keys",
            alg.name(),
            self.keys.len()
        );
        // Say why an entry the token may have meant was not used.
        let named =
            kid.and_then(|want| self.skipped.iter().find(|s| s.kid.as_deref() == Some(want)));
        if let (Some(skipped), Some(kid)) = (named, kid) {
            message.push_str(&format!(
                "; the JWKS entry with kid {} was skipped as unusable: {}",
                quoted(kid),
                skipped.reason
            ));
        } else if let Some(first) = self.skipped.first() {
            message.push_str(&format!(
                "; {} JWKS entries were skipped as unusable (the first: {})",
                self.skipped.len(),
                first.reason
            ));
        }
        if self.unread > 0 {
            message.push_str(&format!(
                "; {} JWKS entries past the first {MAX_KEYS} were not read",
                self.unread
            ));
        }
        Err(Error::new(ErrorKind::NoMatchingKey, message))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::json::parse;
    use crate::jws::compact;
    use alloc::string::{String, ToString};

    /// jose-minted keys and tokens (see tests/vectors/gen/mint-jose.mjs).
    const JOSE: &str = include_str!("../../tests/vectors/data/jose-jws.json");

    struct Case {
        alg: Algorithm,
        jwk: String,
        token: String,
        expect: String,
    }

    fn cases() -> Vec<Case> {
        let doc = parse(JOSE.as_bytes()).unwrap();
        let list = doc
            .as_object()
            .unwrap()
            .get("cases")
            .unwrap()
            .as_array()
            .unwrap();
        list.iter()
            .map(|c| {
                let c = c.as_object().unwrap();
                let s = |k: &str| c.get(k).unwrap().as_str().unwrap().to_string();
                Case {
                    alg: Algorithm::from_name(&s("alg")).unwrap(),
                    jwk: to_json(c.get("jwk").unwrap()),
                    token: s("token"),
                    expect: s("expect"),
                }
            })
            .collect()
    }

    /// Re-serializes a flat JWK object (string members only, plus arrays of strings).
    fn to_json(v: &Value) -> String {
        to_json_without(v, "")
    }

    fn to_json_without(v: &Value, skip: &str) -> String {
        let members: Vec<String> = v
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| *k != skip)
            .map(|(k, v)| match v {
                Value::String(s) => format!("{k:?}:{s:?}"),
                Value::Array(a) => {
                    let items: Vec<String> = a
                        .iter()
                        .map(|i| format!("{:?}", i.as_str().unwrap()))
                        .collect();
                    format!("{k:?}:[{}]", items.join(","))
                }
                _ => panic!("unexpected member {k}"),
            })
            .collect();
        format!("{{{}}}", members.join(","))
    }

    fn valid(alg: Algorithm) -> Case {
        cases()
            .into_iter()
            .find(|c| c.alg == alg && c.expect == "ok")
            .unwrap()
    }

    fn set_of(jwks: &[&str]) -> KeySet {
        KeySet::from_json(format!("{{\"keys\":[{}]}}", jwks.join(",")).as_bytes()).unwrap()
    }

    fn outcome(set: &KeySet, c: &Case, kid: Option<&str>) -> Result<Option<String>> {
        let jws = compact::parse(&c.token).unwrap();
        set.verify(c.alg, kid, jws.signing_input, &jws.signature)
            .map(|k| k.kid().map(String::from))
    }

    fn code<T>(r: Result<T>) -> &'static str {
        r.map(|_| "ok").unwrap_or_else(|e| e.code())
    }

    /// `jwk` with its `kid` replaced (or removed with `None`).
    fn rekid(jwk: &str, kid: Option<&str>) -> String {
        let body = to_json_without(&parse(jwk.as_bytes()).unwrap(), "kid");
        match kid {
            Some(k) => body.replacen('{', &format!("{{\"kid\":{k:?},"), 1),
            None => body,
        }
    }

    #[test]
    fn kid_selects_the_key() {
        let rs = valid(Algorithm::Rs256);
        let es = valid(Algorithm::Es256);
        let set = set_of(&[&es.jwk, &rs.jwk]);
        assert_eq!(
            outcome(&set, &rs, Some("rs256-1")).unwrap().as_deref(),
            Some("rs256-1")
        );
        // A kid no key carries: no matching key, even though a key would verify.
        assert_eq!(
            code(outcome(&set, &rs, Some("other"))),
            "ERR_NO_MATCHING_KEY"
        );
        // With a kid, a key without a kid is not a candidate.
        let set = set_of(&[&rekid(&rs.jwk, None)]);
        assert_eq!(
            code(outcome(&set, &rs, Some("rs256-1"))),
            "ERR_NO_MATCHING_KEY"
        );
        // The kid is a hint only for keys that fit the alg: same kid, wrong type.
        let set = set_of(&[&rekid(&es.jwk, Some("rs256-1"))]);
        assert_eq!(
            code(outcome(&set, &rs, Some("rs256-1"))),
            "ERR_NO_MATCHING_KEY"
        );
    }

    #[test]
    fn without_kid_every_fitting_key_is_tried() {
        let rs = valid(Algorithm::Rs256);
        let others: Vec<Case> = cases()
            .into_iter()
            .filter(|c| {
                c.alg == Algorithm::Rs256 && c.expect == "ERR_BAD_SIGNATURE" && c.token == rs.token
            })
            .collect();
        let wrong = &others.first().expect("a wrong-key case").jwk;
        // The right key comes after a wrong one: found by trial.
        let set = set_of(&[wrong, &rs.jwk]);
        assert_eq!(
            outcome(&set, &rs, None).unwrap().as_deref(),
            Some("rs256-1")
        );
        // Only wrong keys fit: the signature is bad, not the key choice.
        let set = set_of(&[wrong]);
        assert_eq!(code(outcome(&set, &rs, None)), "ERR_BAD_SIGNATURE");
        // No key of the right type at all.
        let set = set_of(&[&valid(Algorithm::EdDsa).jwk]);
        assert_eq!(code(outcome(&set, &rs, None)), "ERR_NO_MATCHING_KEY");
    }

    #[test]
    fn at_most_ten_keys_are_tried() {
        let rs = valid(Algorithm::Rs256);
        let wrong = cases()
            .into_iter()
            .find(|c| c.name_is_wrong_key(Algorithm::Rs256))
            .unwrap()
            .jwk;
        let mut keys: Vec<String> = (0..10)
            .map(|i| rekid(&wrong, Some(&format!("w{i}"))))
            .collect();
        keys.push(rs.jwk.clone());
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        // The right key is the eleventh fitting key: never tried.
        assert_eq!(
            code(outcome(&set_of(&refs), &rs, None)),
            "ERR_BAD_SIGNATURE"
        );
        // As the tenth, it is tried.
        let refs: Vec<&str> = keys.iter().skip(1).map(String::as_str).collect();
        assert_eq!(
            outcome(&set_of(&refs), &rs, None).unwrap().as_deref(),
            Some("rs256-1")
        );
    }

    impl Case {
        fn name_is_wrong_key(&self, alg: Algorithm) -> bool {
            self.alg == alg && self.expect == "ERR_BAD_SIGNATURE" && self.token == valid(alg).token
        }
    }

    #[test]
    fn alg_use_and_key_ops_restrict_keys() {
        let rs = valid(Algorithm::Rs256);
        for (from, to) in [
            ("\"alg\":\"RS256\"", "\"alg\":\"RS384\""),
            ("\"use\":\"sig\"", "\"use\":\"enc\""),
            (
                "\"use\":\"sig\"",
                "\"use\":\"sig\",\"key_ops\":[\"encrypt\"]",
            ),
        ] {
            assert!(rs.jwk.contains(from));
            let set = set_of(&[&rs.jwk.replace(from, to)]);
            assert_eq!(
                code(outcome(&set, &rs, Some("rs256-1"))),
                "ERR_NO_MATCHING_KEY",
                "{to}"
            );
        }
        let set = set_of(&[&rs.jwk.replace(
            "\"use\":\"sig\"",
            "\"use\":\"sig\",\"key_ops\":[\"verify\"]",
        )]);
        assert_eq!(code(outcome(&set, &rs, Some("rs256-1"))), "ok");
    }

    #[test]
    fn weak_rsa_keys_are_refused_when_selected() {
        let weak = cases()
            .into_iter()
            .find(|c| c.expect == "ERR_WEAK_KEY")
            .unwrap();
        let set = set_of(&[&weak.jwk]);
        assert_eq!(set.keys().len(), 1, "a weak key is held, not skipped");
        assert_eq!(code(outcome(&set, &weak, Some("weak-1"))), "ERR_WEAK_KEY");
        assert_eq!(code(outcome(&set, &weak, None)), "ERR_WEAK_KEY");
        // A strong key beside the weak one is still tried.
        let rs = valid(Algorithm::Rs256);
        let set = set_of(&[&rekid(&weak.jwk, None), &rekid(&rs.jwk, None)]);
        assert_eq!(code(outcome(&set, &rs, None)), "ok");
    }

    #[test]
    fn unusable_entries_are_skipped() {
        let rs = valid(Algorithm::Rs256);
        let set = set_of(&[
            r#"{"kty":"oct","k":"c2VjcmV0"}"#,
            r#"{"kty":"EC","crv":"secp256k1","x":"AA","y":"AA"}"#,
            r#"{"kty":"RSA","n":"!!","e":"AQAB"}"#,
            r#""not an object""#,
            r#"{"kty":"OKP","crv":"X25519","x":"AAAA"}"#,
            &rs.jwk,
        ]);
        assert_eq!((set.keys().len(), set.skipped()), (1, 5));
        assert_eq!(code(outcome(&set, &rs, Some("rs256-1"))), "ok");
    }

    #[test]
    fn a_token_naming_a_skipped_key_is_told_why() {
        // The token's own key, its modulus re-encoded with a leading zero
        // octet (RFC 7518 6.3.1.1 wants the minimal encoding): skipped.
        let rs = valid(Algorithm::Rs256);
        let jwk = parse(rs.jwk.as_bytes()).unwrap();
        let n = jwk.as_object().unwrap().get("n").unwrap().as_str().unwrap();
        let mut bytes = crate::encoding::base64url::decode(n.as_bytes()).unwrap();
        bytes.insert(0, 0);
        let padded = rs
            .jwk
            .replace(n, &crate::encoding::base64url::encode(&bytes));
        let set = set_of(&[&padded, &valid(Algorithm::Es256).jwk]);
        assert_eq!((set.keys().len(), set.skipped()), (1, 1));
        let e = outcome(&set, &rs, Some("rs256-1")).unwrap_err();
        assert_eq!(e.code(), "ERR_NO_MATCHING_KEY");
        assert_eq!(
            e.message(),
            "key: expected a held key with kid \"rs256-1\" that fits RS256, found none among 1 \
             keys; the JWKS entry with kid \"rs256-1\" was skipped as unusable: malformed n (not \
             the minimal encoding: leading zero octets, against RFC 7518 section 6.3.1.1)"
        );
        // Without a kid, the message counts the skipped entries.
        let e = outcome(&set, &rs, None).unwrap_err();
        assert!(
            e.message().ends_with(
                "; 1 JWKS entries were skipped as unusable (the first: malformed n (not the \
                 minimal encoding: leading zero octets, against RFC 7518 section 6.3.1.1))"
            ),
            "{e}"
        );
        // The unpadded key is used.
        assert_eq!(
            code(outcome(&set_of(&[&rs.jwk]), &rs, Some("rs256-1"))),
            "ok"
        );
    }

    #[test]
    fn jwks_shape_and_limits() {
        for bad in [
            r#"[]"#,
            r#"{}"#,
            r#"{"keys":{}}"#,
            r#"{"keys":[],"keys":[]}"#,
            "nope",
        ] {
            assert_eq!(
                code(KeySet::from_json(bad.as_bytes())),
                "ERR_INVALID_OPTIONS",
                "{bad}"
            );
        }
        let big = format!("{{\"keys\":[],\"pad\":\"{}\"}}", "a".repeat(MAX_JWKS_BYTES));
        let err = KeySet::from_json(big.as_bytes()).unwrap_err();
        assert!(err.message().contains("at most"));
        // Only the first MAX_KEYS entries are read.
        let rs = valid(Algorithm::Rs256);
        let filler = vec![r#"{"kty":"oct","k":"AA"}"#; MAX_KEYS];
        let mut keys = filler.clone();
        keys.push(&rs.jwk);
        let set = set_of(&keys);
        assert_eq!((set.keys().len(), set.skipped()), (0, MAX_KEYS + 1));
        assert_eq!(
            code(outcome(&set, &rs, Some("rs256-1"))),
            "ERR_NO_MATCHING_KEY"
        );
        let mut keys = filler[1..].to_vec();
        keys.push(&rs.jwk);
        assert_eq!(set_of(&keys).keys().len(), 1);
    }
}
