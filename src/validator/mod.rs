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
use crate::jwe::{self, keys::DecryptionKeySet};
use crate::jws::algorithm::Algorithm;
use crate::jws::compact::{self, Shape};
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
    decryption_keys: DecryptionKeySet,
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
            decryption_keys: DecryptionKeySet::default(),
            clock,
        }
    }

    /// The same validator with `keys` for encrypted ID tokens.
    pub fn with_decryption_keys(mut self, keys: DecryptionKeySet) -> Self {
        self.decryption_keys = keys;
        self
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

        // Size and shape, then decryption (the plaintext must be a signed
        // token), or the refusal of a plain one when encryption is required.
        let plaintext;
        let (signed, encrypted) = match compact::shape(token)? {
            Shape::Jwe => {
                plaintext = jwe::decrypt(token, &self.decryption_keys)?;
                (plaintext.as_str(), true)
            }
            Shape::Jws if self.policy.require_encryption => {
                compact::parse(token)?;
                return Err(Error::new(
                    ErrorKind::EncryptionRequired,
                    "token: expected an encrypted ID token (JWE), found a plain JWS",
                ));
            }
            Shape::Jws => (token, false),
        };
        let jws = compact::parse(signed)?;

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
            encrypted,
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
}
