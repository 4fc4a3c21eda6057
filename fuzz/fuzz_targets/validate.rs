//! The whole `Validator::validate`, with fuzzed options and checks, against
//! keys minted by npm jose (whose private halves nobody here has).
//!
//! Oracles beyond "no panic, no hang": an accepted token must carry the
//! exact signing input and signature of a known valid token (anything else
//! is a forgery), and its claims must satisfy the policy it was accepted
//! under.
#![no_main]
use arbitrary::Arbitrary;
use idtoken::encoding::json::Value;
use idtoken::{AlgorithmSet, KeySet, Policy, TokenChecks, Validator};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const JOSE: &str = include_str!("../../tests/vectors/data/jose-jws.json");

struct Fixture {
    keys: KeySet,
    /// (signing input, signature) of every token jose minted as valid.
    genuine: Vec<(String, String)>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let doc = idtoken::encoding::json::parse(JOSE.as_bytes()).expect("test data");
        let cases = doc.as_object().and_then(|o| o.get("cases")).and_then(Value::as_array).expect("cases");
        let mut jwks = Vec::new();
        let mut genuine = Vec::new();
        for c in cases {
            let c = c.as_object().expect("case");
            let token = c.get("token").and_then(Value::as_str).expect("token");
            if c.get("expect").and_then(Value::as_str) == Some("ok") {
                let (input, sig) = token.rsplit_once('.').expect("jws");
                genuine.push((input.to_string(), sig.to_string()));
                jwks.push(c.get("jwk").expect("jwk").clone());
            }
        }
        let keys = jwks.iter().map(|j| idtoken::Jwk::from_object(j.as_object().expect("jwk")).expect("key")).collect();
        Fixture { keys: KeySet::from_keys(keys), genuine }
    })
}

/// Options and checks, drawn from the bytes after the token's line.
#[derive(Arbitrary, Debug)]
struct Input {
    issuer_is_jose: bool,
    algorithms: u16,
    tolerance: u8,
    max_token_age: Option<u16>,
    trusted: Vec<String>,
    nonce: Option<String>,
    access_token: Option<String>,
    require_at_hash: bool,
    max_age: Option<u16>,
    acr_values: Option<Vec<String>>,
    required_amr: Option<Vec<String>>,
    now_offset: i32,
}

// The input is the token, a newline, then the bytes `Input` is drawn from,
// so that corpora seeded with real tokens reach the signature and claims.
fuzz_target!(|data: &[u8]| {
    let (token, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let Ok(token) = std::str::from_utf8(token) else { return };
    let Ok(input) = Input::arbitrary(&mut arbitrary::Unstructured::new(rest)) else { return };
    let f = fixture();
    let issuer = if input.issuer_is_jose { "https://op.example.com" } else { "x" };
    let Ok(mut policy) = Policy::new(issuer, "client-123") else { return };
    let algs = idtoken::Algorithm::ALL
        .iter()
        .enumerate()
        .filter(|(i, _)| input.algorithms & (1 << i) != 0)
        .fold(AlgorithmSet::empty(), |s, (_, a)| s.with(*a));
    if !algs.is_empty() {
        policy = policy.with_algorithms(algs).expect("non-empty");
    }
    policy = policy.with_clock_tolerance(f64::from(input.tolerance)).expect("tolerance");
    if let Some(m) = input.max_token_age {
        policy = policy.with_max_token_age(f64::from(m)).expect("age");
    }
    if let Ok(p) = policy.clone().with_trusted_audiences(input.trusted.clone()) {
        policy = p;
    }
    let now = 1_700_000_000.0 + f64::from(input.now_offset);
    let validator = Validator::new(policy.clone(), f.keys.clone(), Box::new(idtoken::validator::FixedClock(now)));
    let checks = TokenChecks {
        nonce: input.nonce,
        access_token: input.access_token,
        require_at_hash: input.require_at_hash,
        max_age: input.max_age.map(f64::from),
        acr_values: input.acr_values,
        required_amr: input.required_amr,
        ..TokenChecks::default()
    };
    if let Ok(v) = validator.validate(token, &checks) {
        // Never a forgery: the signed part and signature are a genuine pair.
        let (signing_input, sig) = token.rsplit_once('.').expect("accepted JWS has parts");
        assert!(
            f.genuine.iter().any(|(i, s)| i == signing_input && s == sig),
            "accepted a token whose signature nobody made: {token}"
        );
        // And the claims satisfy the policy.
        let iss = v.claims.get("iss").and_then(Value::as_str);
        assert_eq!(iss, Some(policy.issuer.as_str()));
        let exp = v.claims.get("exp").and_then(Value::as_f64).expect("exp");
        assert!(now < exp + policy.clock_tolerance);
        assert!(policy.algorithms.contains(v.alg));
    }
});
