//! Elliptic curves over the NIST primes P-256, P-384 and P-521 (FIPS 186-5,
//! SP 800-186): ECDSA verification for ES256/ES384/ES512 (RFC 7518 section
//! 3.4) and ECDH for ECDH-ES (RFC 7518 section 4.6).
//!
//! - [`field`]: constant-time Montgomery arithmetic modulo `p` and `n`;
//! - [`curve`]: the curve constants, complete point formulas, the
//!   constant-time ladder and the tables for verification;
//! - [`ecdsa`]: verifying keys and signature verification;
//! - [`ecdh`]: private keys and the shared secret.
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
pub mod field;

pub use curve::Crv;
pub use ecdh::SecretKey;
pub use ecdsa::VerifyingKey;
