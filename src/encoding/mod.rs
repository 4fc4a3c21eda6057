//! Wire encodings of JOSE: strict base64url and strict JSON.

pub mod base64url;
pub mod json;
