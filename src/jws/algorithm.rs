//! The JWS algorithms this library verifies (RFC 7518 section 3, RFC 8037),
//! and the allow-list type that states a validator's policy.

use crate::error::{Error, ErrorKind, Result};
use alloc::format;

/// A supported asymmetric JWS signature algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    Rs384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    Rs512,
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt.
    Ps256,
    /// RSASSA-PSS with SHA-384, MGF1-SHA-384 and a 48-byte salt.
    Ps384,
    /// RSASSA-PSS with SHA-512, MGF1-SHA-512 and a 64-byte salt.
    Ps512,
    /// ECDSA on P-256 with SHA-256.
    Es256,
    /// ECDSA on P-384 with SHA-384.
    Es384,
    /// ECDSA on P-521 with SHA-512.
    Es512,
    /// EdDSA; this library supports the Ed25519 curve.
    EdDsa,
    /// Ed25519, the fully-specified name of EdDSA with Ed25519 (RFC 9864).
    /// It verifies exactly as [`Algorithm::EdDsa`] with an Ed25519 key, but
    /// is a separate entry of an allow-list.
    Ed25519,
}

/// The key a signature algorithm needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyFamily {
    /// An RSA key (`kty` `RSA`).
    Rsa,
    /// An EC key on P-256.
    P256,
    /// An EC key on P-384.
    P384,
    /// An EC key on P-521.
    P521,
    /// An OKP key on Ed25519.
    Ed25519,
}

/// A SHA-2 digest, as used by the hash claims (`at_hash`, `c_hash`, `s_hash`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HashAlg {
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl Algorithm {
    /// Every supported algorithm.
    pub const ALL: [Algorithm; 11] = [
        Algorithm::Rs256,
        Algorithm::Rs384,
        Algorithm::Rs512,
        Algorithm::Ps256,
        Algorithm::Ps384,
        Algorithm::Ps512,
        Algorithm::Es256,
        Algorithm::Es384,
        Algorithm::Es512,
        Algorithm::EdDsa,
        Algorithm::Ed25519,
    ];

    /// The algorithm of a JWS `alg` name, if supported.
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The `alg` name, e.g. `"RS256"`.
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::Rs256 => "RS256",
            Algorithm::Rs384 => "RS384",
            Algorithm::Rs512 => "RS512",
            Algorithm::Ps256 => "PS256",
            Algorithm::Ps384 => "PS384",
            Algorithm::Ps512 => "PS512",
            Algorithm::Es256 => "ES256",
            Algorithm::Es384 => "ES384",
            Algorithm::Es512 => "ES512",
            Algorithm::EdDsa => "EdDSA",
            Algorithm::Ed25519 => "Ed25519",
        }
    }

    /// The kind of key that verifies this algorithm.
    pub const fn key_family(self) -> KeyFamily {
        match self {
            Algorithm::Rs256
            | Algorithm::Rs384
            | Algorithm::Rs512
            | Algorithm::Ps256
            | Algorithm::Ps384
            | Algorithm::Ps512 => KeyFamily::Rsa,
            Algorithm::Es256 => KeyFamily::P256,
            Algorithm::Es384 => KeyFamily::P384,
            Algorithm::Es512 => KeyFamily::P521,
            Algorithm::EdDsa | Algorithm::Ed25519 => KeyFamily::Ed25519,
        }
    }

    /// The digest an RSA or ECDSA signature is computed over (for EdDSA,
    /// SHA-512 is internal to Ed25519).
    pub const fn signature_digest(self) -> HashAlg {
        self.hash_claim_digest()
    }

    /// The digest of the hash claims under this algorithm (OIDC Core 3.1.3.6,
    /// 3.3.2.11): the alg's own hash size, SHA-512 for EdDSA with Ed25519
    /// (under either name).
    pub const fn hash_claim_digest(self) -> HashAlg {
        match self {
            Algorithm::Rs256 | Algorithm::Ps256 | Algorithm::Es256 => HashAlg::Sha256,
            Algorithm::Rs384 | Algorithm::Ps384 | Algorithm::Es384 => HashAlg::Sha384,
            Algorithm::Rs512
            | Algorithm::Ps512
            | Algorithm::Es512
            | Algorithm::EdDsa
            | Algorithm::Ed25519 => HashAlg::Sha512,
        }
    }

    /// Resolves a JWS `alg` name, refusing `none`, symmetric and unknown
    /// algorithms with `ERR_ALG_NOT_ALLOWED`.
    pub fn resolve(name: &str) -> Result<Algorithm> {
        if let Some(alg) = Algorithm::from_name(name) {
            return Ok(alg);
        }
        let why = if name.eq_ignore_ascii_case("none") {
            "unsecured tokens are never accepted"
        } else if is_symmetric(name) {
            "symmetric (HMAC) algorithms are never accepted"
        } else {
            "not a supported asymmetric signature algorithm"
        };
        Err(Error::new(
            ErrorKind::AlgNotAllowed,
            format!("alg {}: {why}", quoted(name)),
        ))
    }
}

impl Algorithm {
    /// This algorithm, if this build verifies it (its family's cargo
    /// feature is on), else `ERR_ALG_NOT_ALLOWED` naming the npm entries
    /// that do.
    pub fn require_built(self) -> Result<Algorithm> {
        let family = self.key_family();
        if crate::families::has(family) {
            return Ok(self);
        }
        Err(Error::new(
            ErrorKind::AlgNotAllowed,
            format!(
                "alg {}: not verified by {} (built without it); use {}",
                self.name(),
                crate::families::BUILD,
                crate::families::entries_with(family)
            ),
        ))
    }
}

/// Whether `name` is a JWS HMAC algorithm (`HS256`, `HS384`, `HS512`, any case).
pub fn is_symmetric(name: &str) -> bool {
    name.len() > 2 && name.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("HS"))
}

/// A name quoted for a message, cut to a readable length.
pub(crate) fn quoted(name: &str) -> alloc::string::String {
    let mut end = name.len().min(40);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    let cut = if end < name.len() { "…" } else { "" };
    format!("{:?}{cut}", name.get(..end).unwrap_or_default())
}

/// A set of allowed algorithms: the validator's explicit `alg` policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AlgorithmSet(u16);

impl AlgorithmSet {
    /// Every supported algorithm (the default policy).
    pub const fn all() -> Self {
        AlgorithmSet((1 << Algorithm::ALL.len()) - 1)
    }

    /// No algorithm.
    pub const fn empty() -> Self {
        AlgorithmSet(0)
    }

    const fn bit(alg: Algorithm) -> u16 {
        1 << (alg as u16)
    }

    /// This set with `alg` added.
    pub const fn with(self, alg: Algorithm) -> Self {
        AlgorithmSet(self.0 | Self::bit(alg))
    }

    /// Whether `alg` is allowed.
    pub const fn contains(self, alg: Algorithm) -> bool {
        self.0 & Self::bit(alg) != 0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The allowed algorithms in a fixed order.
    pub fn iter(self) -> impl Iterator<Item = Algorithm> {
        Algorithm::ALL
            .into_iter()
            .filter(move |a| self.contains(*a))
    }

    /// Builds a set from `alg` names. Naming `none`, an `HS*` algorithm or an
    /// unknown one is `ERR_INVALID_OPTIONS`, as is an empty list.
    pub fn from_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Self> {
        let mut set = AlgorithmSet::empty();
        for name in names {
            let alg = Algorithm::resolve(name).map_err(|e| {
                Error::new(
                    ErrorKind::InvalidOptions,
                    format!("algorithms: {}", e.message()),
                )
            })?;
            set = set.with(alg);
        }
        if set.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidOptions,
                "algorithms: expected at least one algorithm, found an empty list",
            ));
        }
        Ok(set)
    }
}

impl Default for AlgorithmSet {
    fn default() -> Self {
        AlgorithmSet::all()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for alg in Algorithm::ALL {
            assert_eq!(Algorithm::from_name(alg.name()), Some(alg));
            assert_eq!(Algorithm::resolve(alg.name()), Ok(alg));
        }
        assert_eq!(Algorithm::from_name("rs256"), None);
    }

    #[test]
    fn refuses_none_hmac_and_unknown() {
        for name in [
            "none", "NONE", "HS256", "hs512", "ES256K", "Ed448", "ed25519", "", "RSA-OAEP",
        ] {
            assert_eq!(
                Algorithm::resolve(name).unwrap_err().code(),
                "ERR_ALG_NOT_ALLOWED",
                "{name}"
            );
        }
        for names in [&["none"][..], &["RS256", "HS256"], &[], &["XX1"]] {
            let err = AlgorithmSet::from_names(names.iter().copied()).unwrap_err();
            assert_eq!(err.code(), "ERR_INVALID_OPTIONS");
        }
    }

    #[test]
    fn set_membership() {
        let set = AlgorithmSet::from_names(["ES256", "EdDSA"]).unwrap();
        assert!(set.contains(Algorithm::Es256) && set.contains(Algorithm::EdDsa));
        assert!(!set.contains(Algorithm::Rs256));
        assert_eq!(set.iter().count(), 2);
        assert_eq!(AlgorithmSet::all().iter().count(), 11);
        // RFC 9864's Ed25519 is its own entry, beside EdDSA.
        let ed = AlgorithmSet::from_names(["Ed25519"]).unwrap();
        assert!(ed.contains(Algorithm::Ed25519) && !ed.contains(Algorithm::EdDsa));
    }

    #[test]
    fn hash_claim_digests() {
        assert_eq!(Algorithm::Es384.hash_claim_digest(), HashAlg::Sha384);
        assert_eq!(Algorithm::EdDsa.hash_claim_digest(), HashAlg::Sha512);
        assert_eq!(Algorithm::Ed25519.hash_claim_digest(), HashAlg::Sha512);
        assert_eq!(Algorithm::Ps256.hash_claim_digest(), HashAlg::Sha256);
    }
}
