//! Wire encodings of JOSE: strict base64url and strict JSON; and, for
//! messages, instants as ISO 8601 UTC date-times.

pub mod base64url;
pub mod civil_time;
pub mod json;
