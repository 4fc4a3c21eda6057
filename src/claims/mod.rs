//! The claims of an ID token and their checks (OpenID Connect Core 1.0,
//! sections 2, 3.1.3.7, 3.2.2.11, 3.3.2.12 and 12.2).
//!
//! [`typed`] reads the claims with their JSON types; [`checks`] holds one
//! named function per rule; [`hashes`] computes and compares `at_hash`,
//! `c_hash` and `s_hash`.

pub mod checks;
pub mod hashes;
pub mod typed;
