//! The example ID tokens of OpenID Connect Core 1.0, Appendix A (A.2, A.3,
//! A.4), signed RS256 with the key of Appendix A.7. Data:
//! `data/oidc-core-appendix-a.json` (copied from the project's shared vectors).

use crate::support::{data, verify_token};
use idtoken::KeySet;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const OIDC: &str = include_str!("data/oidc-core-appendix-a.json");

#[test]
fn appendix_a_tokens_verify() {
    let d = data(OIDC);
    let tokens = d["tokens"].as_object().unwrap();
    assert_eq!(tokens.len(), 3);
    let jwks = serde_json::json!({ "keys": [d["key"]] }).to_string();
    let set = KeySet::from_json(jwks.as_bytes()).unwrap();
    for (name, t) in tokens {
        let token = t["token"].as_str().unwrap();
        assert_eq!(verify_token("RS256", &d["key"], token), "ok", "{name}");
        // Through the compact parser and the key set, selected by kid.
        let jws = idtoken::jws::compact::parse(token).unwrap();
        assert_eq!(jws.header.kid(), Some("1e9gdk7"));
        let key = set.verify(
            idtoken::Algorithm::Rs256,
            jws.header.kid(),
            jws.signing_input,
            &jws.signature,
        );
        assert_eq!(key.unwrap().kid(), Some("1e9gdk7"), "{name}");
        report!("OIDC Core {name}: verified");
    }
}
