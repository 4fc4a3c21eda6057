//! Signature verification over typed keys, with RustCrypto crates only.
//! ECDSA signatures are the JWS raw `r || s` form (RFC 7518 section 3.4).

use super::algorithm::Algorithm;
use crate::error::{Error, ErrorKind, Result};
use crate::keys::jwk::PublicKey;
use alloc::format;
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, Pss};
use sha2::{Digest, Sha256, Sha384, Sha512};

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
        PublicKey::Rsa(k) => verify_rsa(k, alg, signing_input, signature)?,
        PublicKey::P256(k) => {
            use p256::ecdsa::signature::Verifier;
            let sig = p256::ecdsa::Signature::from_slice(signature)
                .map_err(|_| bad_signature(alg, "a malformed r || s"))?;
            k.verify(signing_input, &sig).is_ok()
        }
        PublicKey::P384(k) => {
            use p384::ecdsa::signature::Verifier;
            let sig = p384::ecdsa::Signature::from_slice(signature)
                .map_err(|_| bad_signature(alg, "a malformed r || s"))?;
            k.verify(signing_input, &sig).is_ok()
        }
        PublicKey::P521(k) => {
            use p521::ecdsa::signature::Verifier;
            let sig = p521::ecdsa::Signature::from_slice(signature)
                .map_err(|_| bad_signature(alg, "a malformed r || s"))?;
            k.verify(signing_input, &sig).is_ok()
        }
        PublicKey::Ed25519(k) => {
            let sig = ed25519_dalek::Signature::from_slice(signature)
                .map_err(|_| bad_signature(alg, "a signature that is not 64 bytes"))?;
            k.verify_strict(signing_input, &sig).is_ok()
        }
    };
    if verified {
        Ok(())
    } else {
        Err(bad_signature(alg, "a signature that does not verify"))
    }
}

fn verify_rsa(key: &rsa::RsaPublicKey, alg: Algorithm, msg: &[u8], sig: &[u8]) -> Result<bool> {
    if sig.len() != key.size() {
        return Err(bad_signature(
            alg,
            &format!("{} bytes for a {}-byte modulus", sig.len(), key.size()),
        ));
    }
    let ok = match alg {
        Algorithm::Rs256 => key.verify(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(msg), sig),
        Algorithm::Rs384 => key.verify(Pkcs1v15Sign::new::<Sha384>(), &Sha384::digest(msg), sig),
        Algorithm::Rs512 => key.verify(Pkcs1v15Sign::new::<Sha512>(), &Sha512::digest(msg), sig),
        // Pss::new fixes the salt length to the hash length, as RFC 7518 3.5 requires.
        Algorithm::Ps256 => key.verify(Pss::new::<Sha256>(), &Sha256::digest(msg), sig),
        Algorithm::Ps384 => key.verify(Pss::new::<Sha384>(), &Sha384::digest(msg), sig),
        Algorithm::Ps512 => key.verify(Pss::new::<Sha512>(), &Sha512::digest(msg), sig),
        _ => return Ok(false),
    };
    Ok(ok.is_ok())
}
