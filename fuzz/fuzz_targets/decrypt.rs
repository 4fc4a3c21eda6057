//! JWE parsing and decryption with real private keys of every supported
//! type: never a panic, a hang or an unbounded allocation.
#![no_main]
use idtoken::jwe::keys::DecryptionKeySet;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const SCENARIOS: &str = include_str!("../../tests/scenarios/data/scenarios.json");

/// The decryption keys of the JWE scenarios (RSA, P-256/384/521, X25519).
fn keys() -> &'static DecryptionKeySet {
    static K: OnceLock<DecryptionKeySet> = OnceLock::new();
    K.get_or_init(|| {
        let doc = idtoken::encoding::json::parse(SCENARIOS.as_bytes()).expect("test data");
        let scenarios = doc.as_object().and_then(|o| o.get("scenarios")).and_then(|s| s.as_array()).expect("scenarios");
        let keys = scenarios
            .iter()
            .filter_map(|s| s.as_object()?.get("options")?.as_object()?.get("decryptionKeys")?.as_object())
            .find(|k| k.get("keys").and_then(|k| k.as_array()).is_some_and(|a| a.len() >= 5))
            .expect("a scenario with the full decryption key set");
        let text = format!(
            "{{\"keys\":[{}]}}",
            keys.get("keys").and_then(|k| k.as_array()).expect("keys").iter().map(to_json).collect::<Vec<_>>().join(",")
        );
        DecryptionKeySet::from_json(text.as_bytes()).expect("keys")
    })
}

fn to_json(v: &idtoken::encoding::json::Value) -> String {
    use idtoken::encoding::json::Value;
    match v {
        Value::String(s) => format!("{s:?}"),
        Value::Object(o) => format!("{{{}}}", o.iter().map(|(k, v)| format!("{k:?}:{}", to_json(v))).collect::<Vec<_>>().join(",")),
        Value::Array(a) => format!("[{}]", a.iter().map(to_json).collect::<Vec<_>>().join(",")),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else { return };
    let k = keys();
    assert!(k.keys().len() >= 5);
    let _ = idtoken::jwe::decrypt(token, k);
});
