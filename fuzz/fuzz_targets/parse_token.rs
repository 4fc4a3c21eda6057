//! Token parsing: size and shape, strict base64url, strict JSON, header
//! checks, and the JWE header. Any input; must never panic or hang.
#![no_main]
use idtoken::jws::{algorithm::AlgorithmSet, compact};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else { return };
    if let Ok(jws) = compact::parse(token) {
        let _ = jws.header.check(AlgorithmSet::all());
        let _ = idtoken::claims::typed::IdTokenClaims::from_object(&jws.claims);
    }
    // The JWE path with no keys: header parsing and checks only.
    if compact::shape(token) == Ok(compact::Shape::Jwe) {
        let _ = idtoken::jwe::decrypt(token, &Default::default());
    }
});
