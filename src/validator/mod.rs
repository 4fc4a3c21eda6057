//! The ID token validator: an explicit policy, keys parsed once, an
//! injected clock, and the checks of the contract in their fixed order:
//!
//! size and shape → JWE decryption (or `ERR_ENCRYPTION_REQUIRED`) → header
//! (`alg`, `crit`, `typ`) → key selection → signature → required claims and
//! types → `iss` → `aud` → `azp` → `exp` → `nbf` → `iat` → `nonce` → hashes →
//! `auth_time` → `acr` → `amr` → `previousClaims`.

mod clock;
pub mod policy;
mod token_checks;

#[cfg(not(target_arch = "wasm32"))]
pub use clock::SystemClock;
pub use clock::{Clock, FixedClock};
pub use policy::Policy;
pub use token_checks::TokenChecks;

use crate::claims::checks::*;
use crate::claims::hashes::{check_hash, HashClaim};
use crate::claims::typed::IdTokenClaims;
use crate::encoding::json::Object;
use crate::error::{Error, ErrorKind, Result};
use crate::jws::algorithm::Algorithm;
use crate::jws::compact::{self, decode_object, decode_part, Shape};
use crate::jws::header::Header;
use crate::keys::jwks::KeySet;
use alloc::boxed::Box;
use alloc::string::String;

/// A validated ID token.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidatedIdToken {
    /// The JWS protected header.
    pub header: Header,
    /// The header's JSON text as received.
    pub header_json: String,
    /// All payload claims.
    pub claims: Object,
    /// The payload's JSON text as received.
    pub claims_json: String,
    /// The `kid` of the key that verified the signature, if that key has one.
    pub kid: Option<String>,
    /// The signature algorithm.
    pub alg: Algorithm,
    /// Whether the token arrived encrypted (a JWE).
    pub encrypted: bool,
}

/// Validates ID tokens for one client of one issuer.
pub struct Validator {
    policy: Policy,
    keys: KeySet,
    clock: Box<dyn Clock>,
}

impl core::fmt::Debug for Validator {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Validator")
            .field("policy", &self.policy)
            .field("keys", &self.keys.keys().len())
            .finish_non_exhaustive()
    }
}

impl Validator {
    /// A validator with `policy`, verification `keys` and a `clock`.
    pub fn new(policy: Policy, keys: KeySet, clock: Box<dyn Clock>) -> Self {
        Validator {
            policy,
            keys,
            clock,
        }
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The held keys.
    pub fn keys(&self) -> &KeySet {
        &self.keys
    }

    /// Replaces the held keys.
    pub fn set_keys(&mut self, keys: KeySet) {
        self.keys = keys;
    }

    /// Validates `token` with the held keys; the first failed check is returned.
    pub fn validate(&self, token: &str, checks: &TokenChecks) -> Result<ValidatedIdToken> {
        checks.check_shape()?;
        let now = checks.now.unwrap_or_else(|| self.clock.now());

        // Size and shape, then encryption.
        match compact::shape(token)? {
            Shape::Jwe => return Err(self.refuse_jwe(token)),
            Shape::Jws if self.policy.require_encryption => {
                compact::parse(token)?;
                return Err(Error::new(
                    ErrorKind::EncryptionRequired,
                    "token: expected an encrypted ID token (JWE), found a plain JWS",
                ));
            }
            Shape::Jws => {}
        }
        let jws = compact::parse(token)?;

        // Header, key selection and signature.
        let alg = jws.header.check(self.policy.algorithms)?;
        let key = self
            .keys
            .verify(alg, jws.header.kid(), jws.signing_input, &jws.signature)?;
        let kid = key.kid().map(String::from);

        // Claims.
        self.check_claims(&jws.claims, alg, checks, now)?;
        Ok(ValidatedIdToken {
            header: jws.header,
            header_json: jws.header_json,
            claims: jws.claims,
            claims_json: jws.claims_json,
            kid,
            alg,
            encrypted: false,
        })
    }

    /// The claim checks, in contract order.
    fn check_claims(
        &self,
        object: &Object,
        alg: Algorithm,
        checks: &TokenChecks,
        now: f64,
    ) -> Result<()> {
        let p = &self.policy;
        let tol = p.clock_tolerance;
        let claims = IdTokenClaims::from_object(object)?;
        check_issuer(&claims, &p.issuer)?;
        check_audience(&claims, &p.client_id, &p.trusted_audiences)?;
        check_azp(&claims, &p.client_id)?;
        check_expiry(&claims, now, tol)?;
        check_not_before(&claims, now, tol)?;
        check_issued_at(&claims, now, tol, p.max_token_age)?;
        check_nonce(&claims, checks.nonce.as_deref())?;
        let c = checks;
        check_hash(
            HashClaim::AtHash,
            alg,
            claims.at_hash,
            c.access_token.as_deref(),
            c.require_at_hash,
        )?;
        check_hash(
            HashClaim::CHash,
            alg,
            claims.c_hash,
            c.code.as_deref(),
            c.require_c_hash,
        )?;
        check_hash(
            HashClaim::SHash,
            alg,
            claims.s_hash,
            c.state.as_deref(),
            c.require_s_hash,
        )?;
        check_auth_time(&claims, now, tol, c.max_age)?;
        check_acr(&claims, c.acr_values.as_deref())?;
        check_amr(&claims, c.required_amr.as_deref())?;
        if let Some(previous) = &c.previous_claims {
            check_refresh(object, previous)?;
        }
        Ok(())
    }

    /// A five-part token: its parts must be strict base64url and its header
    /// a JSON object (`ERR_MALFORMED`); then, as this build has no usable
    /// decryption key, `ERR_DECRYPTION`.
    fn refuse_jwe(&self, token: &str) -> Error {
        let mut parts = token.split('.');
        if let Some(header) = parts.next() {
            if let Err(e) = decode_object(header, "JWE header") {
                return e;
            }
        }
        for (part, what) in parts.zip(["JWE encrypted key", "JWE IV", "JWE ciphertext", "JWE tag"])
        {
            if let Err(e) = decode_part(part, what) {
                return e;
            }
        }
        Error::new(ErrorKind::Decryption, "JWE: no usable decryption key")
    }
}
