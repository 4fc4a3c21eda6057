//! The typed public keys signatures are verified with, one per algorithm
//! family, each held as its crate's verifying key (built from a JWK by
//! [`crate::keys::jwk`], once, when a key set is loaded).

use super::algorithm::KeyFamily;

/// RSA keys shorter than this many bits are refused with `ERR_WEAK_KEY`.
pub const MIN_RSA_BITS: usize = 2048;
/// RSA keys longer than this many bits are not used (bounded verification cost).
pub const MAX_RSA_BITS: usize = 8192;

/// A typed public key, as the verifying crate holds it. Only the families
/// of this build have a variant (see [`crate::families`]).
#[derive(Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// An RSA public key (`rsa`).
    #[cfg(feature = "rsa")]
    Rsa(rsa::PublicKey),
    /// A P-256 public key (`p256`).
    #[cfg(feature = "ecdsa")]
    P256(p256::ecdsa::VerifyingKey),
    /// A P-384 public key (`p384`).
    #[cfg(feature = "ecdsa")]
    P384(p384::ecdsa::VerifyingKey),
    /// A P-521 public key (`p521`).
    #[cfg(feature = "ecdsa")]
    P521(p521::ecdsa::VerifyingKey),
    /// An Ed25519 public key (`ed25519-dalek`), canonically encoded.
    #[cfg(feature = "eddsa")]
    Ed25519(ed25519_dalek::VerifyingKey),
}

impl core::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            #[cfg(feature = "rsa")]
            PublicKey::Rsa(k) => write!(f, "Rsa({} bits)", rsa_bits(k)),
            #[allow(unreachable_patterns)]
            other => write!(f, "{:?}", other.family()),
        }
    }
}

/// The length of an RSA key's modulus in bits.
#[cfg(feature = "rsa")]
pub fn rsa_bits(key: &rsa::PublicKey) -> usize {
    use rsa::traits::PublicKeyParts;
    key.n().bit_width_vartime() as usize
}

impl PublicKey {
    /// The family of algorithms this key can verify.
    pub fn family(&self) -> KeyFamily {
        match self {
            #[cfg(feature = "rsa")]
            PublicKey::Rsa(_) => KeyFamily::Rsa,
            #[cfg(feature = "ecdsa")]
            PublicKey::P256(_) => KeyFamily::P256,
            #[cfg(feature = "ecdsa")]
            PublicKey::P384(_) => KeyFamily::P384,
            #[cfg(feature = "ecdsa")]
            PublicKey::P521(_) => KeyFamily::P521,
            #[cfg(feature = "eddsa")]
            PublicKey::Ed25519(_) => KeyFamily::Ed25519,
        }
    }

    /// Whether this is an RSA key shorter than [`MIN_RSA_BITS`].
    pub fn is_weak(&self) -> bool {
        #[cfg(feature = "rsa")]
        #[allow(irrefutable_let_patterns)]
        if let PublicKey::Rsa(k) = self {
            return rsa_bits(k) < MIN_RSA_BITS;
        }
        false
    }
}
