//! The elliptic curves of JOSE: the NIST curves P-256, P-384 and P-521
//! (FIPS 186-5, SP 800-186) for ES256/ES384/ES512 (RFC 7518 section 3.4)
//! and ECDH-ES (RFC 7518 section 4.6), and Curve25519 for EdDSA and X25519
//! (RFC 8037).
//!
//! - [`field`]: constant-time Montgomery arithmetic modulo `p` and `n`;
//! - [`curve`]: the curve constants, complete point formulas, the
//!   constant-time ladder and the tables for verification;
//! - [`ecdsa`]: verifying keys and signature verification;
//! - [`ecdh`]: private keys and the shared secret;
//! - [`edwards25519`]: Ed25519 verification for EdDSA (RFC 8032, RFC 8037);
//! - [`x25519`]: X25519 for ECDH-ES with OKP keys (RFC 7748, RFC 8037).
//!
//! A crate of its own so that the release profile can build this hot
//! arithmetic at `opt-level = 3` (loops over fixed limb counts unrolled:
//! about 1.7x faster ECDSA in wasm) while the rest of `idtoken` stays
//! size-optimised.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

extern crate alloc;

pub mod curve;
pub mod ecdh;
pub mod ecdsa;
pub mod edwards25519;
pub mod field;
pub mod x25519;

pub use curve::Crv;
pub use ecdh::SecretKey;
pub use ecdsa::VerifyingKey;
