//! Signatures and keys outside their ranges, built from valid jose-minted
//! tokens (data/jose-jws.json): RSA signatures `s >= n` of the modulus's
//! length (`s + n`, `n`, `n + 1`; rsa 0.9.10's PSS path accepted `s + n`),
//! and Ed25519 public keys in a non-canonical encoding (RFC 8032 5.1.3:
//! `y` must be below `p`), which `ed25519-dalek` decompresses but this
//! library refuses.

use crate::support::{data, split, verify_token};
use idtoken::encoding::base64url::{decode, encode};
use rsa::BoxedUint;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const JOSE: &str = include_str!("data/jose-jws.json");

fn valid_rsa_cases() -> Vec<serde_json::Value> {
    let d = data(JOSE);
    d["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["expect"] == "ok" && c["jwk"]["kty"] == "RSA")
        .cloned()
        .collect()
}

/// `a + b` as big-endian bytes of `len` bytes, or `None` if it is longer.
fn add(a: &[u8], b: &[u8], len: usize) -> Option<Vec<u8>> {
    let bits = (len as u32 + 1) * 8;
    let sum = BoxedUint::from_be_slice(a, bits)
        .unwrap()
        .wrapping_add(BoxedUint::from_be_slice(b, bits).unwrap());
    let bytes = sum.to_be_bytes();
    let (high, low) = bytes.split_at(bytes.len() - len);
    high.iter().all(|b| *b == 0).then(|| low.to_vec())
}

/// The token with its signature replaced by `sig`.
fn with_signature(token: &str, sig: &[u8]) -> String {
    let (input, _) = token.rsplit_once('.').unwrap();
    format!("{input}.{}", encode(sig))
}

#[test]
fn rsa_signatures_of_n_or_more_are_refused() {
    let (mut checked, mut s_plus_n) = (0, 0);
    for c in valid_rsa_cases() {
        let (alg, token) = (c["alg"].as_str().unwrap(), c["token"].as_str().unwrap());
        let n = decode(c["jwk"]["n"].as_str().unwrap().as_bytes()).unwrap();
        let (_, s) = split(token);
        assert_eq!(s.len(), n.len(), "{alg}: signature of the modulus length");
        assert_eq!(verify_token(alg, &c["jwk"], token), "ok");
        let one = [1u8];
        let mut variants = vec![("n", n.clone())];
        if let Some(n1) = add(&n, &one, n.len()) {
            variants.push(("n + 1", n1));
        }
        if let Some(sn) = add(&s, &n, n.len()) {
            // (s + n)^e = s^e (mod n): only the range check refuses it.
            variants.push(("s + n", sn));
            s_plus_n += 1;
        }
        for (what, sig) in variants {
            assert_eq!(
                verify_token(alg, &c["jwk"], &with_signature(token, &sig)),
                "ERR_BAD_SIGNATURE",
                "{alg}: signature {what}"
            );
            checked += 1;
        }
    }
    // PKCS#1 v1.5 and PSS both met an s + n of the modulus length.
    assert!(s_plus_n >= 2, "only {s_plus_n} tokens had s + n < 2^(8k)");
    report!("RSA s >= n: {checked} signatures refused ({s_plus_n} of them s + n)");
}

/// p = 2^255 - 19, little-endian.
fn p_le() -> [u8; 32] {
    let mut p = [0xffu8; 32];
    p[0] = 0xed;
    p[31] = 0x7f;
    p
}

/// `y + p` (little-endian, y < 19) with the sign bit of `x` kept: a
/// non-canonical encoding of the point whose canonical encoding is `enc`,
/// or `None` when `y + p` does not fit in 255 bits.
fn non_canonical(enc: &[u8; 32]) -> Option<[u8; 32]> {
    let sign = enc[31] & 0x80;
    let mut y = *enc;
    y[31] &= 0x7f;
    if y[1..].iter().any(|b| *b != 0) || y[0] >= 19 {
        return None;
    }
    let mut out = p_le();
    out[0] += y[0];
    out[31] |= sign;
    Some(out)
}

#[test]
fn non_canonical_ed25519_keys_are_refused() {
    // Points with a small y (below 19) have a second encoding, y + p. Among
    // them, find those that are on the curve and not of small order (so
    // that verify_strict alone would not refuse them).
    let mut large_order = 0;
    for y in 0u8..19 {
        for sign in [0u8, 0x80] {
            let mut canonical = [0u8; 32];
            canonical[0] = y;
            canonical[31] = sign;
            let Ok(point) = ed25519_dalek::VerifyingKey::from_bytes(&canonical) else {
                continue;
            };
            let alias = non_canonical(&canonical).unwrap();
            // The crate decompresses the alias to the same point ...
            let decoded = ed25519_dalek::VerifyingKey::from_bytes(&alias)
                .expect("ed25519-dalek decompresses y + p");
            assert_eq!(decoded.to_edwards(), point.to_edwards());
            // ... and this library refuses it as a JWK.
            let jwk = serde_json::json!({"kty": "OKP", "crv": "Ed25519", "x": encode(&alias)});
            let err = idtoken::Jwk::from_json(jwk.to_string().as_bytes()).unwrap_err();
            assert_eq!(
                err,
                idtoken::keys::jwk::JwkError::Malformed("Ed25519 point")
            );
            if !point.is_weak() {
                large_order += 1;
                // The canonical encoding of the same point is accepted.
                let jwk =
                    serde_json::json!({"kty": "OKP", "crv": "Ed25519", "x": encode(&canonical)});
                assert!(idtoken::Jwk::from_json(jwk.to_string().as_bytes()).is_ok());
            }
        }
    }
    assert!(large_order > 0, "no large-order point with y < 19");
    report!("Ed25519: {large_order} large-order points with a non-canonical alias refused");
}
