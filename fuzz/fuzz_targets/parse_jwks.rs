//! JWKS parsing (verification and decryption key sets) and key selection.
#![no_main]
use idtoken::jwe::keys::DecryptionKeySet;
use idtoken::{Algorithm, KeySet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(set) = KeySet::from_json(data) {
        for alg in Algorithm::ALL {
            let _ = set.select(alg, None);
            let _ = set.select(alg, Some("k"));
        }
    }
    let _ = DecryptionKeySet::from_json(data);
    let _ = idtoken::Jwk::from_json(data);
});
