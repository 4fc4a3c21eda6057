//! The hash claims `at_hash`, `c_hash` and `s_hash` (OIDC Core 3.1.3.6,
//! 3.3.2.11; FAPI `s_hash`): the left-most half of the hash of the ASCII
//! value, base64url without padding, with the SHA-2 of the alg's size
//! (SHA-512 for EdDSA with Ed25519). Compared in constant time.

use crate::encoding::base64url;
use crate::error::{Error, ErrorKind, Result};
use crate::jws::algorithm::{Algorithm, HashAlg};
use alloc::string::String;
use sha2::{Digest, Sha256, Sha384, Sha512};
use subtle::ConstantTimeEq;

/// The hash claim value of `value` under signing algorithm `alg`.
pub fn token_hash(alg: Algorithm, value: &str) -> String {
    let bytes = value.as_bytes();
    match alg.hash_claim_digest() {
        HashAlg::Sha256 => left_half(&Sha256::digest(bytes)),
        HashAlg::Sha384 => left_half(&Sha384::digest(bytes)),
        HashAlg::Sha512 => left_half(&Sha512::digest(bytes)),
    }
}

fn left_half(digest: &[u8]) -> String {
    base64url::encode(digest.get(..digest.len() / 2).unwrap_or_default())
}

/// Which hash claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashClaim {
    /// `at_hash`, of the access token.
    AtHash,
    /// `c_hash`, of the authorization code.
    CHash,
    /// `s_hash`, of the state.
    SHash,
}

impl HashClaim {
    /// The claim name.
    pub const fn name(self) -> &'static str {
        match self {
            HashClaim::AtHash => "at_hash",
            HashClaim::CHash => "c_hash",
            HashClaim::SHash => "s_hash",
        }
    }

    const fn kind(self) -> ErrorKind {
        match self {
            HashClaim::AtHash => ErrorKind::AtHash,
            HashClaim::CHash => ErrorKind::CHash,
            HashClaim::SHash => ErrorKind::SHash,
        }
    }

    /// What the claim is the hash of, for messages.
    const fn of(self) -> &'static str {
        match self {
            HashClaim::AtHash => "the access token",
            HashClaim::CHash => "the code",
            HashClaim::SHash => "the state",
        }
    }
}

/// Checks one hash claim: when the token has it and the value is known, it
/// must match; when `required`, it must be present.
pub fn check_hash(
    which: HashClaim,
    alg: Algorithm,
    claim: Option<&str>,
    value: Option<&str>,
    required: bool,
) -> Result<()> {
    let fail = |msg: String| Err(Error::new(which.kind(), msg).with_claim(which.name()));
    match (claim, value) {
        (None, _) if required => fail(alloc::format!(
            "{}: expected the claim (required for this flow), found none",
            which.name()
        )),
        (Some(claim), Some(value)) => {
            let expected = token_hash(alg, value);
            if bool::from(expected.as_bytes().ct_eq(claim.as_bytes())) {
                Ok(())
            } else {
                fail(alloc::format!(
                    "{}: expected the {} hash of {}, found a value that does not match",
                    which.name(),
                    alg.name(),
                    which.of()
                ))
            }
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oidc_core_appendix_a_hashes() {
        // OIDC Core A.3 and A.4 (RS256).
        assert_eq!(
            token_hash(
                Algorithm::Rs256,
                "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"
            ),
            "77QmUPtjPfzWtF2AnpK9RQ"
        );
        assert_eq!(
            token_hash(
                Algorithm::Rs256,
                "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk"
            ),
            "LDktKdoQak3Pk0cnXxCltA"
        );
    }

    #[test]
    fn hash_sizes_follow_the_alg() {
        assert_eq!(token_hash(Algorithm::Es256, "x").len(), 22); // 16 bytes
        assert_eq!(token_hash(Algorithm::Ps384, "x").len(), 32); // 24 bytes
        assert_eq!(token_hash(Algorithm::Rs512, "x").len(), 43); // 32 bytes
        assert_eq!(
            token_hash(Algorithm::EdDsa, "x"),
            token_hash(Algorithm::Es512, "x")
        );
        // RFC 9864's name for EdDSA with Ed25519 hashes the same (SHA-512).
        assert_eq!(
            token_hash(Algorithm::Ed25519, "x"),
            token_hash(Algorithm::Es512, "x")
        );
    }

    #[test]
    fn check_rules() {
        let alg = Algorithm::Rs256;
        let good = token_hash(alg, "tok");
        let code = |r: Result<()>| r.map(|_| "ok").unwrap_or_else(|e| e.code());
        assert_eq!(
            code(check_hash(
                HashClaim::AtHash,
                alg,
                Some(&good),
                Some("tok"),
                true
            )),
            "ok"
        );
        assert_eq!(
            code(check_hash(
                HashClaim::AtHash,
                alg,
                Some(&good),
                Some("other"),
                false
            )),
            "ERR_AT_HASH"
        );
        assert_eq!(
            code(check_hash(HashClaim::CHash, alg, None, Some("c"), true)),
            "ERR_C_HASH"
        );
        assert_eq!(
            code(check_hash(HashClaim::SHash, alg, None, Some("s"), false)),
            "ok"
        );
        assert_eq!(
            code(check_hash(HashClaim::SHash, alg, Some(&good), None, false)),
            "ok"
        );
        // The same value hashed under another alg's size does not match.
        let wrong_size = token_hash(Algorithm::Rs384, "tok");
        assert_eq!(
            code(check_hash(
                HashClaim::AtHash,
                alg,
                Some(&wrong_size),
                Some("tok"),
                false
            )),
            "ERR_AT_HASH"
        );
    }
}
