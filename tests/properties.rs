//! Property tests (proptest): base64url and JSON strictness, and the claim
//! rules: a token passes exactly when every rule holds, and otherwise fails
//! with the code of the first rule broken in contract order. The expected
//! outcome comes from a reference model written from API.md, independent of
//! the library's check functions. Tokens are signed here with a fixed P-256
//! key (RustCrypto's deterministic ECDSA): these tests are about claims, not
//! signatures, which have their own independent vectors.
#![cfg(not(target_arch = "wasm32"))]

use idtoken::encoding::base64url::{decode, encode};
use idtoken::encoding::json::{self, Value};
use idtoken::{KeySet, Policy, TokenChecks, Validator};
use proptest::prelude::*;

// ---------------------------------------------------------------- base64url

proptest! {
    #[test]
    fn base64url_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let text = encode(&bytes);
        prop_assert!(text.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        prop_assert_eq!(decode(text.as_bytes()).unwrap(), bytes);
    }

    #[test]
    fn base64url_accepts_exactly_the_canonical_form(text in "[A-Za-z0-9_+/= .\\-]{0,40}") {
        match decode(text.as_bytes()) {
            // Accepted: re-encoding gives back the very same text.
            Ok(bytes) => prop_assert_eq!(encode(&bytes), text),
            // Refused: no byte string encodes to this text. A loose decoder
            // (independent of ours) recovers the only candidate; its
            // canonical encoding must differ from the text.
            Err(_) => {
                if let Some(candidate) = loose_decode(&text) {
                    prop_assert_ne!(encode(&candidate), text);
                }
            }
        }
    }

    #[test]
    fn base64url_refuses_every_non_canonical_variant(bytes in proptest::collection::vec(any::<u8>(), 1..60), extra in 1u8..4) {
        let text = encode(&bytes);
        let padded = format!("{text}{}", "=".repeat(usize::from(extra)));
        prop_assert!(decode(padded.as_bytes()).is_err());
        let standard = text.replace('-', "+").replace('_', "/");
        if standard != text {
            prop_assert!(decode(standard.as_bytes()).is_err());
        }
    }
}

/// A permissive decoder for the oracle: URL alphabet only, no padding,
/// trailing bits ignored. `None` when the text has other characters or an
/// impossible length.
fn loose_decode(text: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    if text.len() % 4 == 1 {
        return None;
    }
    let (mut acc, mut bits, mut out) = (0u32, 0u32, Vec::new());
    for c in text.bytes() {
        acc = (acc << 6) | ALPHABET.iter().position(|&a| a == c)? as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

// --------------------------------------------------------------------- JSON

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i32>().prop_map(|n| serde_json::json!(n)),
        (-1e12f64..1e12).prop_map(|n| serde_json::json!(n)),
        "\\PC{0,12}".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            proptest::collection::btree_map("\\PC{0,6}", inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Our numbers against the doubles serde_json wrote: integers that
/// fit a double exactly are equal, others within two ulps, or a relative
/// 1e-14 at extreme magnitudes (the library's serde_json runs without
/// `float_roundtrip`, which would cost 9.5 KB of wasm; see `encoding::json`).
/// The expected numbers are the generated doubles themselves.
fn close(ours: f64, theirs: f64) -> bool {
    if theirs.fract() == 0.0 && theirs.abs() < 9_007_199_254_740_992.0 {
        return ours == theirs;
    }
    let ulps = (ours.to_bits() as i64)
        .wrapping_sub(theirs.to_bits() as i64)
        .abs();
    ulps <= 2 || ((ours - theirs) / theirs).abs() < 1e-14
}

/// Whether our value equals serde_json's.
fn same(ours: &Value, theirs: &serde_json::Value) -> bool {
    match (ours, theirs) {
        (Value::Null, serde_json::Value::Null) => true,
        (Value::Bool(a), serde_json::Value::Bool(b)) => a == b,
        (Value::Number(a), serde_json::Value::Number(b)) => {
            b.as_f64().is_some_and(|b| close(*a, b))
        }
        (Value::String(a), serde_json::Value::String(b)) => a == b,
        (Value::Array(a), serde_json::Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Object(a), serde_json::Value::Object(b)) => {
            a.len() == b.len() && b.iter().all(|(k, v)| a.get(k).is_some_and(|x| same(x, v)))
        }
        _ => false,
    }
}

proptest! {
    #[test]
    fn json_parses_what_serde_json_writes(v in json_value()) {
        let text = serde_json::to_string(&v).unwrap();
        let ours = json::parse(text.as_bytes()).unwrap();
        prop_assert!(same(&ours, &v), "{text}");
        let pretty = serde_json::to_string_pretty(&v).unwrap();
        prop_assert!(same(&json::parse(pretty.as_bytes()).unwrap(), &v));
    }

    #[test]
    fn json_refuses_every_duplicate_member(
        members in proptest::collection::btree_map("[a-z]{1,5}", any::<u16>(), 1..8),
        pick in any::<prop::sample::Index>(),
        escape in any::<bool>(),
    ) {
        let keys: Vec<&String> = members.keys().collect();
        let dup = keys[pick.index(keys.len())];
        // The repeat may be written with a \u escape: compared after unescaping.
        let written = if escape {
            let first = dup.chars().next().unwrap();
            format!("\\u{:04x}{}", u32::from(first), &dup[first.len_utf8()..])
        } else {
            dup.clone()
        };
        let body: Vec<String> = members.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
        let text = format!("{{{},\"{written}\":0}}", body.join(","));
        prop_assert_eq!(json::parse(text.as_bytes()), Err(json::ParseError::DuplicateMember));
    }

    #[test]
    fn json_never_accepts_what_serde_json_rejects(text in "[\\[\\]{}\":,0-9a-z\\-.eE\\\\ ]{0,30}") {
        if json::parse(text.as_bytes()).is_ok() {
            prop_assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok(), "{text}");
        }
    }

    #[test]
    fn json_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = json::parse(&bytes);
    }
}

// ------------------------------------------------------------- claim rules

const NOW: i64 = 1_700_000_000;
const ISSUER: &str = "https://op.example.com";
const CLIENT: &str = "client-1";

/// One generated case: the token's claims and the validator's settings.
#[derive(Debug, Clone)]
struct Case {
    missing: Option<&'static str>,
    iss: &'static str,
    sub: &'static str,
    aud: Vec<&'static str>,
    aud_as_string: bool,
    azp: Option<&'static str>,
    exp: i64,
    iat: i64,
    nbf: Option<i64>,
    nonce: Option<&'static str>,
    auth_time: Option<i64>,
    acr: Option<&'static str>,
    amr: Option<Vec<&'static str>>,
    tol: i64,
    max_token_age: Option<i64>,
    trusted: Vec<&'static str>,
    expected_nonce: Option<&'static str>,
    max_age: Option<i64>,
    acr_values: Option<Vec<&'static str>>,
    required_amr: Option<Vec<&'static str>>,
}

fn case() -> impl Strategy<Value = Case> {
    let a = (
        prop::option::weighted(
            0.04,
            prop::sample::select(vec!["iss", "sub", "aud", "exp", "iat"]),
        ),
        prop::sample::select(vec![
            ISSUER,
            ISSUER,
            ISSUER,
            ISSUER,
            ISSUER,
            ISSUER,
            "https://other.example.com",
        ]),
        prop::sample::select(vec![
            "user-1", "user-1", "user-1", "user-1", "user-1", "user-1", "user-1", "",
        ]),
        prop::sample::select(vec![
            vec![CLIENT],
            vec![CLIENT],
            vec![CLIENT],
            vec![CLIENT],
            vec![CLIENT, "api"],
            vec![CLIENT, "api"],
            vec![CLIENT, "stranger"],
            vec!["other"],
        ]),
        any::<bool>(),
        prop::option::weighted(
            0.4,
            prop::sample::select(vec![CLIENT, CLIENT, CLIENT, "other"]),
        ),
        -150i64..600,
        -400i64..100,
        prop::option::of(-150i64..150),
        prop::option::of(prop::sample::select(vec!["n-1", "n-2"])),
    );
    let b = (
        prop::option::of(-700i64..100),
        prop::option::of(prop::sample::select(vec!["urn:a", "urn:b"])),
        prop::option::of(prop::sample::select(vec![vec!["pwd"], vec!["pwd", "otp"]])),
        0i64..90,
        prop::option::of(0i64..400),
        prop::sample::select(vec![vec!["api"], vec!["api"], vec![]]),
        prop::option::of(Just("n-1")),
        prop::option::of(0i64..600),
        prop::option::of(Just(vec!["urn:b"])),
        prop::option::of(Just(vec!["otp"])),
    );
    (a, b).prop_map(
        |(
            (missing, iss, sub, aud, aud_as_string, azp, exp, iat, nbf, nonce),
            (
                auth_time,
                acr,
                amr,
                tol,
                max_token_age,
                trusted,
                expected_nonce,
                max_age,
                acr_values,
                required_amr,
            ),
        )| Case {
            missing,
            iss,
            sub,
            aud,
            aud_as_string,
            azp,
            exp: NOW + exp,
            iat: NOW + iat,
            nbf: nbf.map(|n| NOW + n),
            nonce,
            auth_time: auth_time.map(|t| NOW + t),
            acr,
            amr,
            tol,
            max_token_age,
            trusted,
            expected_nonce,
            max_age,
            acr_values,
            required_amr,
        },
    )
}

/// The reference model: API.md's rules, in its order, written out plainly.
fn expected(c: &Case) -> &'static str {
    if c.missing.is_some() {
        return "ERR_CLAIM_MISSING";
    }
    if c.sub.is_empty() {
        return "ERR_CLAIM_INVALID";
    }
    if c.iss != ISSUER {
        return "ERR_ISSUER";
    }
    if !c.aud.contains(&CLIENT) || c.aud.iter().any(|a| *a != CLIENT && !c.trusted.contains(a)) {
        return "ERR_AUDIENCE";
    }
    if (c.aud.len() > 1 && c.azp.is_none()) || c.azp.is_some_and(|a| a != CLIENT) {
        return "ERR_AZP";
    }
    if NOW >= c.exp + c.tol {
        return "ERR_EXPIRED";
    }
    if c.nbf.is_some_and(|nbf| NOW < nbf - c.tol) {
        return "ERR_NOT_YET_VALID";
    }
    if c.iat > NOW + c.tol || c.max_token_age.is_some_and(|m| NOW - c.iat > m + c.tol) {
        return "ERR_IAT";
    }
    if c.expected_nonce.is_some() && c.nonce != c.expected_nonce {
        return "ERR_NONCE";
    }
    // An authentication in the future is refused with or without maxAge.
    if c.auth_time.is_some_and(|t| t > NOW + c.tol) {
        return "ERR_AUTH_TIME";
    }
    if let Some(max) = c.max_age {
        if c.auth_time.is_none_or(|t| NOW - t > max + c.tol) {
            return "ERR_AUTH_TIME";
        }
    }
    if let Some(values) = &c.acr_values {
        if c.acr.is_none_or(|a| !values.contains(&a)) {
            return "ERR_ACR";
        }
    }
    if let Some(required) = &c.required_amr {
        if c.amr
            .as_ref()
            .is_none_or(|amr| required.iter().any(|r| !amr.contains(r)))
        {
            return "ERR_AMR";
        }
    }
    "ok"
}

fn claims_json(c: &Case) -> String {
    let mut m = serde_json::Map::new();
    m.insert("iss".into(), c.iss.into());
    m.insert("sub".into(), c.sub.into());
    m.insert(
        "aud".into(),
        if c.aud_as_string && c.aud.len() == 1 {
            c.aud[0].into()
        } else {
            c.aud.clone().into()
        },
    );
    m.insert("exp".into(), c.exp.into());
    m.insert("iat".into(), c.iat.into());
    if let Some(x) = c.nbf {
        m.insert("nbf".into(), x.into());
    }
    if let Some(x) = c.azp {
        m.insert("azp".into(), x.into());
    }
    if let Some(x) = c.nonce {
        m.insert("nonce".into(), x.into());
    }
    if let Some(x) = c.auth_time {
        m.insert("auth_time".into(), x.into());
    }
    if let Some(x) = c.acr {
        m.insert("acr".into(), x.into());
    }
    if let Some(x) = &c.amr {
        m.insert("amr".into(), x.clone().into());
    }
    if let Some(name) = c.missing {
        m.remove(name);
    }
    serde_json::Value::Object(m).to_string()
}

struct Signer {
    key: p256::ecdsa::SigningKey,
    jwks: KeySet,
}

fn signer() -> Signer {
    let key = p256::ecdsa::SigningKey::from_bytes(&[7u8; 32].into()).unwrap();
    let point = key.verifying_key().to_sec1_point(false);
    let jwk = format!(
        r#"{{"keys":[{{"kty":"EC","crv":"P-256","kid":"k","x":"{}","y":"{}"}}]}}"#,
        encode(point.x().unwrap()),
        encode(point.y().unwrap())
    );
    Signer {
        key,
        jwks: KeySet::from_json(jwk.as_bytes()).unwrap(),
    }
}

fn sign(s: &Signer, payload: &str) -> String {
    use p256::ecdsa::signature::Signer as _;
    let input = format!(
        "{}.{}",
        encode(br#"{"alg":"ES256","kid":"k"}"#),
        encode(payload.as_bytes())
    );
    let sig: p256::ecdsa::Signature = s.key.sign(input.as_bytes());
    format!("{input}.{}", encode(&sig.to_bytes()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn a_token_passes_exactly_when_every_rule_holds(c in case()) {
        let s = signer();
        let token = sign(&s, &claims_json(&c));
        let mut policy = Policy::new(ISSUER, CLIENT).unwrap()
            .with_clock_tolerance(c.tol as f64).unwrap()
            .with_trusted_audiences(c.trusted.iter().map(|a| a.to_string()).collect()).unwrap();
        if let Some(m) = c.max_token_age {
            policy = policy.with_max_token_age(m as f64).unwrap();
        }
        let validator = Validator::new(policy, s.jwks.clone(), Box::new(idtoken::validator::FixedClock(0.0)));
        let checks = TokenChecks {
            nonce: c.expected_nonce.map(String::from),
            max_age: c.max_age.map(|m| m as f64),
            acr_values: c.acr_values.as_ref().map(|v| v.iter().map(|s| s.to_string()).collect()),
            required_amr: c.required_amr.as_ref().map(|v| v.iter().map(|s| s.to_string()).collect()),
            now: Some(NOW as f64),
            ..TokenChecks::default()
        };
        let got = match validator.validate(&token, &checks) {
            Ok(v) => {
                prop_assert_eq!(v.claims.get("iss").and_then(Value::as_str), Some(ISSUER));
                "ok"
            }
            Err(e) => e.code(),
        };
        prop_assert_eq!(got, expected(&c), "{:?}", c);
    }
}

#[test]
fn the_generated_cases_reach_every_claim_outcome() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = case();
    let mut seen = std::collections::BTreeMap::new();
    for _ in 0..3000 {
        let c = strategy.new_tree(&mut runner).unwrap().current();
        *seen.entry(expected(&c)).or_insert(0) += 1;
    }
    println!("claim outcomes over 3000 generated cases: {seen:?}");
    for code in [
        "ok",
        "ERR_CLAIM_MISSING",
        "ERR_CLAIM_INVALID",
        "ERR_ISSUER",
        "ERR_AUDIENCE",
        "ERR_AZP",
        "ERR_EXPIRED",
        "ERR_NOT_YET_VALID",
        "ERR_IAT",
        "ERR_NONCE",
        "ERR_AUTH_TIME",
        "ERR_ACR",
        "ERR_AMR",
    ] {
        assert!(
            seen.get(code).copied().unwrap_or(0) >= 5,
            "{code} is rarely or never generated: {seen:?}"
        );
    }
}
