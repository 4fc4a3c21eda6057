//! Tokens minted by npm `jose` for every algorithm, with negatives
//! (tampered payload, wrong key, truncated and empty signatures, DER-encoded
//! ECDSA) and an RS256 token under a 1024-bit key signed by `node:crypto`.
//! Data: `data/jose-jws.json`, made by `gen/mint-jose.mjs`.

use crate::support::{data, verify_token};
use idtoken::{Algorithm, KeySet};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const JOSE: &str = include_str!("data/jose-jws.json");

#[test]
fn jose_tokens_give_the_expected_outcome() {
    let d = data(JOSE);
    let cases = d["cases"].as_array().unwrap();
    let mut valid_algs = std::collections::BTreeSet::new();
    for c in cases {
        let (name, alg, token) = (
            c["name"].as_str().unwrap(),
            c["alg"].as_str().unwrap(),
            c["token"].as_str().unwrap(),
        );
        let want = c["expect"].as_str().unwrap();
        assert_eq!(verify_token(alg, &c["jwk"], token), want, "{name}");
        if want == "ok" {
            valid_algs.insert(alg);
        }
    }
    // Every supported algorithm has a valid jose-minted token.
    for alg in Algorithm::ALL {
        assert!(
            valid_algs.contains(alg.name()),
            "no valid {} token",
            alg.name()
        );
    }
    report!(
        "jose-minted: {} cases, all as expected ({})",
        cases.len(),
        d["source"]
    );
}

#[test]
fn jose_tokens_through_a_key_set() {
    // All valid tokens' keys in one set: each token finds its key by kid,
    // and also without a kid by trying every fitting key.
    let d = data(JOSE);
    let cases: Vec<_> = d["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["expect"] == "ok")
        .collect();
    let keys: Vec<_> = cases.iter().map(|c| c["jwk"].clone()).collect();
    let set =
        KeySet::from_json(serde_json::json!({ "keys": keys }).to_string().as_bytes()).unwrap();
    assert_eq!(set.keys().len(), cases.len());
    for c in cases {
        let jws = idtoken::jws::compact::parse(c["token"].as_str().unwrap()).unwrap();
        let alg = Algorithm::from_name(c["alg"].as_str().unwrap()).unwrap();
        let by_kid = set
            .verify(alg, jws.header.kid(), jws.signing_input, &jws.signature)
            .unwrap();
        assert_eq!(by_kid.kid(), jws.header.kid());
        let by_trial = set
            .verify(alg, None, jws.signing_input, &jws.signature)
            .unwrap();
        assert_eq!(by_trial.kid(), jws.header.kid());
    }
}
