//! Signature verification over typed keys, each by its crate's typed
//! verifying key: RSASSA-PKCS1-v1_5 and RSASSA-PSS by `rsa`'s
//! `pkcs1v15::VerifyingKey` and `pss::VerifyingKey`, ECDSA by `p256`,
//! `p384` and `p521`, EdDSA by `ed25519-dalek`'s `verify_strict`. ECDSA
//! signatures are the JWS raw `r || s` form (RFC 7518 section 3.4).

use super::algorithm::Algorithm;
use super::public_key::PublicKey;
use crate::error::{Error, ErrorKind, Result};
use alloc::format;
#[cfg(feature = "ecdsa")]
use ecdsa_core::signature::hazmat::PrehashVerifier;
#[cfg(feature = "ecdsa")]
use sha2::Digest;
#[cfg(any(feature = "rsa", feature = "ecdsa"))]
use sha2::{Sha256, Sha384, Sha512};

fn bad_signature(alg: Algorithm, why: &str) -> Error {
    Error::new(
        ErrorKind::BadSignature,
        format!(
            "signature: expected a valid {} signature, found {why}",
            alg.name()
        ),
    )
}

/// Verifies `signature` over `signing_input` with `key` under `alg`.
///
/// The key must fit the algorithm (else `ERR_NO_MATCHING_KEY`), an RSA key
/// must have at least 2048 bits (else `ERR_WEAK_KEY`); any signature that
/// does not verify, wrong length or encoding included, is
/// `ERR_BAD_SIGNATURE`.
pub fn verify(
    key: &PublicKey,
    alg: Algorithm,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<()> {
    if key.family() != alg.key_family() {
        return Err(Error::new(
            ErrorKind::NoMatchingKey,
            format!("key: a {:?} key cannot verify {}", key.family(), alg.name()),
        ));
    }
    if key.is_weak() {
        return Err(Error::new(
            ErrorKind::WeakKey,
            "key: expected an RSA key of at least 2048 bits, found a shorter one",
        ));
    }
    let verified = match key {
        #[cfg(feature = "rsa")]
        PublicKey::Rsa(k) => verify_rsa(k, alg, signing_input, signature)?,
        #[cfg(feature = "ecdsa")]
        PublicKey::P256(k) => {
            ecdsa::<p256::NistP256, _>(k, &Sha256::digest(signing_input), signature)
        }
        #[cfg(feature = "ecdsa")]
        PublicKey::P384(k) => {
            ecdsa::<p384::NistP384, _>(k, &Sha384::digest(signing_input), signature)
        }
        #[cfg(feature = "ecdsa")]
        PublicKey::P521(k) => {
            ecdsa::<p521::NistP521, _>(k, &Sha512::digest(signing_input), signature)
        }
        #[cfg(feature = "eddsa")]
        PublicKey::Ed25519(k) => {
            let signature: &[u8; 64] = signature
                .try_into()
                .map_err(|_| bad_signature(alg, "a signature that is not 64 bytes"))?;
            // verify_strict: S < L, R canonical and not of small order, A not
            // of small order (A's canonical encoding is checked at key load).
            k.verify_strict(
                signing_input,
                &ed25519_dalek::Signature::from_bytes(signature),
            )
            .is_ok()
        }
    };
    if verified {
        Ok(())
    } else {
        Err(bad_signature(alg, "a signature that does not verify"))
    }
}

/// ECDSA over a digest of the curve's hash: `r || s`, each of the field
/// size, both in `1..n` (`Signature::from_slice` refuses the rest).
#[cfg(feature = "ecdsa")]
fn ecdsa<C, K>(key: &K, digest: &[u8], signature: &[u8]) -> bool
where
    C: ecdsa_core::EcdsaCurve,
    K: PrehashVerifier<ecdsa_core::Signature<C>>,
{
    ecdsa_core::Signature::<C>::from_slice(signature)
        .is_ok_and(|sig| key.verify_prehash(digest, &sig).is_ok())
}

/// RSA through the typed verifying keys, one per hash. The crate checks
/// the signature length (the modulus size) and `s < n` before it
/// exponentiates; PSS uses a salt of the hash's length (RFC 7518 3.5).
#[cfg(feature = "rsa")]
fn verify_rsa(key: &rsa::PublicKey, alg: Algorithm, msg: &[u8], sig: &[u8]) -> Result<bool> {
    use rsa::signature::Verifier;
    use rsa::traits::PublicKeyParts;
    use rsa::{pkcs1v15, pss};
    fn check<S, V>(verifier: V, msg: &[u8], sig: &[u8]) -> bool
    where
        S: for<'a> TryFrom<&'a [u8]>,
        V: Verifier<S>,
    {
        S::try_from(sig).is_ok_and(|s| verifier.verify(msg, &s).is_ok())
    }
    if sig.len() != key.size() {
        return Err(bad_signature(
            alg,
            &format!("{} bytes for a {}-byte modulus", sig.len(), key.size()),
        ));
    }
    // The verifying keys own their key: a clone of the parsed key (no
    // re-parsing, no new precomputation).
    let key = key.clone();
    Ok(match alg {
        Algorithm::Rs256 => {
            check::<pkcs1v15::Signature, _>(pkcs1v15::VerifyingKey::<Sha256>::new(key), msg, sig)
        }
        Algorithm::Rs384 => {
            check::<pkcs1v15::Signature, _>(pkcs1v15::VerifyingKey::<Sha384>::new(key), msg, sig)
        }
        Algorithm::Rs512 => {
            check::<pkcs1v15::Signature, _>(pkcs1v15::VerifyingKey::<Sha512>::new(key), msg, sig)
        }
        Algorithm::Ps256 => {
            check::<pss::Signature, _>(pss::VerifyingKey::<Sha256>::new(key), msg, sig)
        }
        Algorithm::Ps384 => {
            check::<pss::Signature, _>(pss::VerifyingKey::<Sha384>::new(key), msg, sig)
        }
        Algorithm::Ps512 => {
            check::<pss::Signature, _>(pss::VerifyingKey::<Sha512>::new(key), msg, sig)
        }
        _ => false,
    })
}
