//! The elliptic curves of JOSE: the NIST curves P-256, P-384 and P-521
//! (FIPS 186-5, SP 800-186) for ES256/ES384/ES512 (RFC 7518 section 3.4)
//! and ECDH-ES (RFC 7518 section 4.6), and Curve25519 for EdDSA and X25519
//! (RFC 8037).
//!
//! - [`field`]: constant-time Montgomery arithmetic modulo `p` and `n`;
//! - [`curve`]: the curve constants, complete point formulas, the
//!   constant-time ladder, and the tables and Jacobian sums of
//!   verification;
//! - [`ecdsa`]: verifying keys and signature verification;
//! - [`ecdh`]: private keys and the shared secret;
//! - [`edwards25519`]: Ed25519 verification for EdDSA (RFC 8032, RFC 8037);
//! - [`x25519`]: X25519 for ECDH-ES with OKP keys (RFC 7748, RFC 8037).
//!
//! The inner loops of the field arithmetic (addition, subtraction,
//! Montgomery multiplication and the public inversion for 8, 12 and 17
//! limbs) live in the `idtoken-limbs` crate (`ec/limbs/`), which the
//! release profile builds at `opt-level = 3`: unrolled, about 1.6x faster
//! curve arithmetic in wasm, for ~4 KiB of gzip, while everything else
//! stays size-optimised (building all of this crate at `opt-level = 3`
//! cost ~13 KiB for the same speed).

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
