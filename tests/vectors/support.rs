//! Helpers shared by the vector suites.

use idtoken::encoding::base64url;

/// Splits a compact JWS into its signing input and decoded signature.
pub fn split(token: &str) -> (&[u8], Vec<u8>) {
    let (input, sig) = token.rsplit_once('.').expect("a compact JWS");
    (
        input.as_bytes(),
        base64url::decode(sig.as_bytes()).expect("base64url signature"),
    )
}

/// The outcome of a verification as a code, `"ok"` on success.
pub fn outcome(r: Result<(), idtoken::Error>) -> &'static str {
    match r {
        Ok(()) => "ok",
        Err(e) => e.code(),
    }
}

/// Verifies a compact JWS with `verify_signature`.
pub fn verify_token(alg: &str, jwk: &serde_json::Value, token: &str) -> &'static str {
    let (input, sig) = split(token);
    outcome(idtoken::verify_signature(
        alg,
        &jwk.to_string(),
        input,
        &sig,
    ))
}

/// Parses an embedded JSON data file.
pub fn data(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("valid JSON test data")
}

/// A JWK `Base64urlUInt` (RFC 7518 section 2): the big-endian unsigned
/// integer in its minimal encoding, so without the leading zero octet an
/// ASN.1 INTEGER (as Wycheproof gives it) may carry.
pub fn uint(bytes: &[u8]) -> String {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    base64url::encode(&bytes[start..])
}
