//! What a caller knows about one token: the values it sent or received in
//! the authorization flow, and what it requires of this authentication.

use super::policy::seconds;
use crate::encoding::json::Object;
use crate::error::{secs, Error, ErrorKind, Result};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Per-token checks. The default checks nothing beyond the policy.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TokenChecks {
    /// The nonce sent in the authorization request.
    pub nonce: Option<String>,
    /// The access token `at_hash` must match.
    pub access_token: Option<String>,
    /// The authorization code `c_hash` must match.
    pub code: Option<String>,
    /// The state `s_hash` must match.
    pub state: Option<String>,
    /// `at_hash` must be present.
    pub require_at_hash: bool,
    /// `c_hash` must be present.
    pub require_c_hash: bool,
    /// `s_hash` must be present.
    pub require_s_hash: bool,
    /// The `max_age` of the request, in seconds.
    pub max_age: Option<f64>,
    /// The claims of the ID token this one refreshes.
    pub previous_claims: Option<Object>,
    /// The accepted `acr` values.
    pub acr_values: Option<Vec<String>>,
    /// The `amr` methods that must all be present.
    pub required_amr: Option<Vec<String>>,
    /// The time to validate at, seconds since the epoch (default: the clock).
    pub now: Option<f64>,
}

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidOptions, message)
}

impl TokenChecks {
    /// Refuses checks that cannot be carried out (`ERR_INVALID_OPTIONS`): a
    /// hash required without the value to compare it with, a negative or
    /// non-finite `maxAge` or `now`, an empty `acrValues` list.
    pub fn check_shape(&self) -> Result<()> {
        for (required, value, flag, name) in [
            (
                self.require_at_hash,
                &self.access_token,
                "requireAtHash",
                "accessToken",
            ),
            (self.require_c_hash, &self.code, "requireCHash", "code"),
            (self.require_s_hash, &self.state, "requireSHash", "state"),
        ] {
            if required && value.is_none() {
                return Err(invalid(format!(
                    "{flag}: expected {name} to compare the hash with, found none"
                )));
            }
        }
        if let Some(max_age) = self.max_age {
            seconds("maxAge", max_age)?;
        }
        if let Some(now) = self.now {
            if !now.is_finite() {
                return Err(invalid(format!(
                    "now: expected seconds since the epoch, found {}",
                    secs(now)
                )));
            }
        }
        if self.acr_values.as_ref().is_some_and(Vec::is_empty) {
            return Err(invalid("acrValues: expected at least one value".into()));
        }
        Ok(())
    }
}
