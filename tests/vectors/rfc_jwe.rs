//! The JWE examples of RFC 7516 (A.1, A.2) and RFC 7520 section 5 through
//! `jwe::decrypt` with the published private keys: the accepted algorithms
//! give the published plaintext, the refused ones (RSA1_5, PBES2, dir, AES
//! key wrap alone, AES-GCM key wrap) `ERR_ALG_NOT_ALLOWED`. Data:
//! `data/rfc-jwe.json`, each vector naming its source.

use crate::support::data;
use idtoken::jwe::{self, keys::DecryptionKeySet};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const RFC: &str = include_str!("data/rfc-jwe.json");

#[test]
fn rfc_jwe_examples() {
    let d = data(RFC);
    let vectors = d["vectors"].as_array().unwrap();
    assert_eq!(vectors.len(), 10);
    let (mut decrypted, mut refused) = (0, 0);
    for v in vectors {
        let name = v["name"].as_str().unwrap();
        let token = v["token"].as_str().unwrap();
        let keys = match &v["jwk"] {
            serde_json::Value::Null => DecryptionKeySet::default(),
            jwk => DecryptionKeySet::from_json(
                serde_json::json!({ "keys": [jwk] }).to_string().as_bytes(),
            )
            .unwrap(),
        };
        match v["expect"].as_str().unwrap() {
            "decrypt" => {
                assert_eq!(keys.keys().len(), 1, "{name}: the private key is usable");
                let plain = jwe::decrypt(token, &keys).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(plain, v["plaintext"].as_str().unwrap(), "{name}");
                // One changed ciphertext character: the same single error.
                let mut parts: Vec<String> = token.split('.').map(String::from).collect();
                let c = &mut parts[3];
                let flipped = if c.starts_with('A') { 'B' } else { 'A' };
                c.replace_range(0..1, &flipped.to_string());
                let e = jwe::decrypt(&parts.join("."), &keys).unwrap_err();
                assert_eq!(e.code(), "ERR_DECRYPTION", "{name}");
                // Exactly five parts: anything after the fifth, or a part
                // less, is refused by jwe::decrypt itself.
                let four = token.rsplit_once('.').unwrap().0;
                for bad in [
                    format!("{token}."),
                    format!("{token}.x"),
                    format!("{token}.AAAA.BBBB"),
                    four.to_string(),
                ] {
                    let e = jwe::decrypt(&bad, &keys).unwrap_err();
                    assert_eq!(e.code(), "ERR_MALFORMED", "{name}: {e}");
                }
                decrypted += 1;
            }
            _ => {
                let e = jwe::decrypt(token, &keys).unwrap_err();
                assert_eq!(e.code(), "ERR_ALG_NOT_ALLOWED", "{name}: {e}");
                refused += 1;
            }
        }
        report!(
            "{name} ({} + {}): {}",
            v["alg"].as_str().unwrap(),
            v["enc"].as_str().unwrap(),
            v["expect"].as_str().unwrap()
        );
    }
    assert_eq!((decrypted, refused), (4, 6));
}

#[test]
fn key_ops_must_allow_the_operation() {
    // A decryption key whose key_ops lists other operations does not fit:
    // RSA-OAEP needs decrypt or unwrapKey, ECDH-ES deriveKey or deriveBits.
    let d = data(RFC);
    let mut checked = 0;
    for v in d["vectors"].as_array().unwrap() {
        if v["expect"] != "decrypt" {
            continue;
        }
        let (name, token) = (v["name"].as_str().unwrap(), v["token"].as_str().unwrap());
        let rsa = v["alg"].as_str().unwrap().starts_with("RSA");
        let (fit, misfit): (&[&[&str]], &[&[&str]]) = if rsa {
            (
                &[&["decrypt"], &["unwrapKey"], &["sign", "unwrapKey"]],
                &[&["deriveKey", "deriveBits"], &["encrypt", "wrapKey"], &[]],
            )
        } else {
            (
                &[&["deriveKey"], &["deriveBits"]],
                &[&["decrypt", "unwrapKey"], &["verify"], &[]],
            )
        };
        let with_ops = |ops: &[&str]| {
            let mut jwk = v["jwk"].clone();
            jwk["key_ops"] = serde_json::json!(ops);
            DecryptionKeySet::from_json(serde_json::json!({ "keys": [jwk] }).to_string().as_bytes())
                .unwrap()
        };
        for ops in fit {
            let plain = jwe::decrypt(token, &with_ops(ops));
            assert!(plain.is_ok(), "{name} {ops:?}: {plain:?}");
        }
        for ops in misfit {
            let e = jwe::decrypt(token, &with_ops(ops)).unwrap_err();
            assert_eq!(e.code(), "ERR_DECRYPTION", "{name} {ops:?}");
        }
        checked += 1;
    }
    assert_eq!(checked, 4);
}
