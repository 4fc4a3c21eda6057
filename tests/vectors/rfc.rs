//! The JWS examples of RFC 7515 (A.2, A.3, A.4), RFC 7520 (4.1, 4.2, 4.3)
//! and RFC 8037 (A.4). Data: `data/rfc-jws.json`, each vector naming the RFC
//! section and the public copy it was taken from.

use crate::support::{data, split, verify_token};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const RFC: &str = include_str!("data/rfc-jws.json");

#[test]
fn rfc_examples_verify() {
    let d = data(RFC);
    let vectors = d["vectors"].as_array().unwrap();
    assert_eq!(vectors.len(), 7);
    for v in vectors {
        let (name, alg, token) = (
            v["name"].as_str().unwrap(),
            v["alg"].as_str().unwrap(),
            v["token"].as_str().unwrap(),
        );
        assert_eq!(verify_token(alg, &v["jwk"], token), "ok", "{name}");
        report!("{name} ({alg}): verified");
    }
}

#[test]
fn rfc_examples_fail_when_altered() {
    let d = data(RFC);
    for v in d["vectors"].as_array().unwrap() {
        let (name, alg, token) = (
            v["name"].as_str().unwrap(),
            v["alg"].as_str().unwrap(),
            v["token"].as_str().unwrap(),
        );
        let (input, mut sig) = split(token);
        let jwk = v["jwk"].to_string();
        // One flipped bit in the signature, then one in the signed bytes.
        let mid = sig.len() / 2;
        sig[mid] ^= 1;
        let r = idtoken::verify_signature(alg, &jwk, input, &sig);
        assert_eq!(r.unwrap_err().code(), "ERR_BAD_SIGNATURE", "{name}");
        let (_, sig) = split(token);
        let mut altered = input.to_vec();
        altered[3] ^= 1;
        let r = idtoken::verify_signature(alg, &jwk, &altered, &sig);
        assert_eq!(r.unwrap_err().code(), "ERR_BAD_SIGNATURE", "{name}");
        // The right key under another algorithm of a different family.
        let other = if alg.starts_with('E') {
            "RS256"
        } else {
            "ES256"
        };
        let r = idtoken::verify_signature(other, &jwk, input, &sig);
        assert_eq!(r.unwrap_err().code(), "ERR_NO_MATCHING_KEY", "{name}");
    }
}
