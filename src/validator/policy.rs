//! The validator's policy, stated explicitly: who issues, who the client
//! is, which algorithms, how much clock skew, which extra audiences.

use crate::error::{secs, Error, ErrorKind, Result};
use crate::jws::algorithm::AlgorithmSet;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// The default clock tolerance, in seconds.
pub const DEFAULT_CLOCK_TOLERANCE: f64 = 60.0;

/// What a validator accepts. Build with [`Policy::new`] and the `with_*`
/// methods, which refuse impossible values with `ERR_INVALID_OPTIONS`.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// `iss` must equal this exactly.
    pub issuer: String,
    /// Must be in `aud`; `azp`, when present, must equal it.
    pub client_id: String,
    /// The allowed JWS algorithms.
    pub algorithms: AlgorithmSet,
    /// Leeway in seconds for `exp`, `nbf`, `iat` and `auth_time`.
    pub clock_tolerance: f64,
    /// Refuse tokens whose `iat` is older than this many seconds.
    pub max_token_age: Option<f64>,
    /// Audiences that may appear beside the client.
    pub trusted_audiences: Vec<String>,
    /// Refuse plain (unencrypted) ID tokens.
    pub require_encryption: bool,
}

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidOptions, message)
}

/// Checks a count of seconds given as an option: finite and not negative
/// (else `ERR_INVALID_OPTIONS` naming the option).
pub fn seconds(name: &str, value: f64) -> Result<f64> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(invalid(format!(
            "{name}: expected a number of seconds >= 0, found {}",
            secs(value)
        )))
    }
}

impl Policy {
    /// A policy for `client_id` at `issuer`, with the defaults: every
    /// supported algorithm, 60 s tolerance, no token age limit, no extra
    /// audiences, encryption optional. Both must be non-empty.
    pub fn new(issuer: impl Into<String>, client_id: impl Into<String>) -> Result<Self> {
        let (issuer, client_id) = (issuer.into(), client_id.into());
        if issuer.is_empty() {
            return Err(invalid("issuer: expected a non-empty string".into()));
        }
        if client_id.is_empty() {
            return Err(invalid("clientId: expected a non-empty string".into()));
        }
        Ok(Policy {
            issuer,
            client_id,
            algorithms: AlgorithmSet::all(),
            clock_tolerance: DEFAULT_CLOCK_TOLERANCE,
            max_token_age: None,
            trusted_audiences: Vec::new(),
            require_encryption: false,
        })
    }

    /// Sets the allowed algorithms.
    pub fn with_algorithms(mut self, algorithms: AlgorithmSet) -> Result<Self> {
        if algorithms.is_empty() {
            return Err(invalid(
                "algorithms: expected at least one algorithm".into(),
            ));
        }
        self.algorithms = algorithms;
        Ok(self)
    }

    /// Sets the clock tolerance in seconds.
    pub fn with_clock_tolerance(mut self, seconds_: f64) -> Result<Self> {
        self.clock_tolerance = seconds("clockToleranceSeconds", seconds_)?;
        Ok(self)
    }

    /// Sets the largest accepted token age in seconds.
    pub fn with_max_token_age(mut self, seconds_: f64) -> Result<Self> {
        self.max_token_age = Some(seconds("maxTokenAgeSeconds", seconds_)?);
        Ok(self)
    }

    /// Sets the audiences trusted beside the client.
    pub fn with_trusted_audiences(mut self, audiences: Vec<String>) -> Result<Self> {
        if audiences.iter().any(String::is_empty) {
            return Err(invalid(
                "trustedAudiences: expected non-empty strings".into(),
            ));
        }
        self.trusted_audiences = audiences;
        Ok(self)
    }

    /// Requires (or not) encrypted ID tokens.
    pub fn with_require_encryption(mut self, require: bool) -> Self {
        self.require_encryption = require;
        self
    }
}
