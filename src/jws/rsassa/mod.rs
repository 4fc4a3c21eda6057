//! RSA signature verification (RSASSA-PKCS1-v1_5 and RSASSA-PSS, RFC 8017
//! sections 8.1.2 and 8.2.2) on a verification-only fast path.
//!
//! Verification touches only public data (the key, the signature, the
//! message), so variable-time arithmetic is acceptable here; it is never
//! used with secrets (JWE decryption has its own constant-time arithmetic
//! in `crate::jwe::rsaes`). Per-key precomputation happens once, when the
//! key is parsed ([`RsaPublicKey::new`]).

mod encoding;
mod montgomery;

use crate::jws::algorithm::HashAlg;
use alloc::vec::Vec;
use montgomery::Modulus;

/// Why an RSA public key was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyError {
    /// The modulus is even, zero, or longer than the maximum.
    Modulus,
    /// The exponent is even, below 3, or above 2^33 - 1.
    Exponent,
}

/// An RSA public key with its Montgomery precomputation.
#[derive(Clone, PartialEq, Eq)]
pub struct RsaPublicKey {
    modulus: Modulus,
    e: u64,
}

impl core::fmt::Debug for RsaPublicKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "RsaPublicKey({} bits, e = {})", self.bits(), self.e)
    }
}

impl RsaPublicKey {
    /// A key from the big-endian modulus and exponent (leading zeros
    /// allowed). The modulus must be odd and at most `max_bits` long; the
    /// exponent odd, at least 3 and below 2^33.
    pub fn new(n: &[u8], e: &[u8], max_bits: usize) -> Result<Self, KeyError> {
        let e = e.iter().skip_while(|b| **b == 0).try_fold(0u64, |acc, b| {
            (acc < 1 << 40).then(|| (acc << 8) | u64::from(*b))
        });
        let e = match e {
            Some(e) if e >= 3 && e % 2 == 1 && e < 1 << 33 => e,
            _ => return Err(KeyError::Exponent),
        };
        let modulus = Modulus::new(n, max_bits).ok_or(KeyError::Modulus)?;
        Ok(RsaPublicKey { modulus, e })
    }

    /// The modulus length in bits.
    pub fn bits(&self) -> usize {
        self.modulus.bits()
    }

    /// The modulus length in bytes (the signature length).
    pub fn size(&self) -> usize {
        self.modulus.size()
    }

    /// `s^e mod n` as `size()` big-endian bytes, or `None` when the
    /// signature is not exactly `size()` bytes or not below `n`.
    fn recover(&self, signature: &[u8]) -> Option<Vec<u8>> {
        if signature.len() != self.size() {
            return None;
        }
        self.modulus.pow_public(signature, self.e)
    }

    /// Verifies an RSASSA-PKCS1-v1_5 signature over a message whose
    /// `hash` digest is `digest`.
    pub fn verify_pkcs1v15(&self, hash: HashAlg, digest: &[u8], signature: &[u8]) -> bool {
        self.recover(signature)
            .is_some_and(|em| encoding::pkcs1v15_matches(&em, hash, digest))
    }

    /// Verifies an RSASSA-PSS signature with MGF1 of the same hash and a
    /// salt of the hash's length (RFC 7518 section 3.5).
    pub fn verify_pss(&self, hash: HashAlg, digest: &[u8], signature: &[u8]) -> bool {
        self.recover(signature)
            .is_some_and(|em| encoding::pss_matches(&em, self.bits(), hash, digest))
    }
}
