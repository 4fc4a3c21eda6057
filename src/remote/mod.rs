//! Remote keys (OpenID Connect Discovery 1.0, RFC 8414): the rules for the
//! provider's endpoints, the discovery document, and when held keys must be
//! fetched again. No I/O here: the host (the JS bindings) fetches, these
//! functions decide and check.

pub mod cache;
pub mod discovery;
pub mod endpoint;
