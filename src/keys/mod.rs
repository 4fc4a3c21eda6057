//! Verification keys: single JWKs (RFC 7517 section 4, RFC 7518 section 6,
//! RFC 8037 section 2) and key sets with the selection rules of the contract.

pub mod jwk;
pub mod jwks;
