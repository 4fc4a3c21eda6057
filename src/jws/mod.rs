//! JSON Web Signature (RFC 7515): compact serialization, the protected
//! header, the algorithms of RFC 7518/8037, and signature verification.

pub mod algorithm;
pub mod compact;
pub mod header;
pub mod public_key;
pub mod signature;
