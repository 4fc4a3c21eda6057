//! # idtoken
//!
//! Strict validation of OpenID Connect ID tokens, in pure Rust, built to run
//! as WebAssembly in the browser.
//!
//! The core knows nothing about JavaScript. It is laid out like the
//! specifications it implements:
//!
//! - [`encoding`]: strict base64url and strict JSON;
//! - [`jws`]: the compact serialization, the protected header and its
//!   checks, the algorithms and signature verification (RFC 7515, 7518, 8037);
//! - [`jwe`]: decryption of encrypted ID tokens (RFC 7516, 7518) with the
//!   client's private keys (the default feature `jwe`; the lean build,
//!   without it, refuses encrypted tokens with `ERR_ALG_NOT_ALLOWED`);
//! - [`keys`]: JWKs and key sets, with the key-selection rules;
//! - [`claims`]: the ID token claims and one named check per rule;
//! - [`validator`]: the policy, per-token checks and the validator that runs
//!   every check in the contract's order;
//! - [`remote`]: the rules for keys fetched from the provider (discovery
//!   document, endpoint URLs, cache and cooldown);
//! - [`error`]: the one error type with the stable codes of the contract;
//! - [`families`]: which signature families (cargo features `rsa`, `ecdsa`,
//!   `eddsa`) and whether JWE (`jwe`) this build carries.
//!
//! The low-level entry used by signature test vectors is [`verify_signature`].

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

extern crate alloc;
extern crate std;

pub mod claims;
pub mod encoding;
pub mod error;
pub mod families;
#[cfg(feature = "jwe")]
pub mod jwe;
/// The lean build (without the `jwe` feature) refuses encrypted ID tokens.
#[cfg(not(feature = "jwe"))]
#[path = "jwe/lean.rs"]
pub mod jwe;
pub mod jws;
pub mod keys;
pub mod remote;
pub mod validator;

#[cfg(target_arch = "wasm32")]
mod bindings;

pub use error::{Error, ErrorKind, Result};
pub use jws::algorithm::{Algorithm, AlgorithmSet};
pub use keys::jwk::{Jwk, PublicKey};
pub use keys::jwks::KeySet;
pub use validator::{Clock, Policy, TokenChecks, ValidatedIdToken, Validator};

/// Verifies a JWS signature: `signature` (raw `r || s` for ECDSA) over
/// `signing_input` under `alg`, with the public key `jwk_json`.
///
/// `alg` must be a supported asymmetric algorithm (else
/// `ERR_ALG_NOT_ALLOWED`); a JWK that cannot be used is
/// `ERR_INVALID_OPTIONS`; one that does not fit `alg` (type, curve, `alg`,
/// `use`, `key_ops`) is `ERR_NO_MATCHING_KEY`; an RSA key under 2048 bits is
/// `ERR_WEAK_KEY`; a signature that does not verify is `ERR_BAD_SIGNATURE`.
pub fn verify_signature(
    alg: &str,
    jwk_json: &str,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<()> {
    let alg = Algorithm::resolve(alg)?.require_built()?;
    let jwk = Jwk::from_json(jwk_json.as_bytes())
        .map_err(|e| Error::new(ErrorKind::InvalidOptions, alloc::format!("jwk: {e}")))?;
    let set = KeySet::from_keys(alloc::vec![jwk]);
    set.verify(alg, None, signing_input, signature).map(|_| ())
}
