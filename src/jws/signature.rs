//! Signature verification over typed keys: RSA on this crate's
//! verification-only fast path ([`super::rsassa`]), ECDSA on this crate's
//! curves ([`crate::ec`]), EdDSA on its Ed25519 ([`crate::ec::edwards25519`]).
//! ECDSA signatures are the JWS raw `r || s` form (RFC 7518 section 3.4).

use super::algorithm::Algorithm;
use super::algorithm::HashAlg;
use super::rsassa::RsaPublicKey;
use crate::error::{Error, ErrorKind, Result};
use crate::keys::jwk::PublicKey;
use alloc::format;
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
        PublicKey::Ec(k) => match alg.signature_digest() {
            HashAlg::Sha256 => k.verify_digest(&Sha256::digest(signing_input), signature),
            HashAlg::Sha384 => k.verify_digest(&Sha384::digest(signing_input), signature),
            HashAlg::Sha512 => k.verify_digest(&Sha512::digest(signing_input), signature),
        },
        PublicKey::Ed25519(k) => {
            let r = signature
                .get(..32)
                .filter(|_| signature.len() == 64)
                .ok_or_else(|| bad_signature(alg, "a signature that is not 64 bytes"))?;
            // k = SHA-512(R || A || M) (RFC 8032 section 5.1.7).
            let hash: [u8; 64] = Sha512::new()
                .chain_update(r)
                .chain_update(k.as_bytes())
                .chain_update(signing_input)
                .finalize()
                .into();
            k.verify_with_hash(&hash, signature)
        }
    };
    if verified {
        Ok(())
    } else {
        Err(bad_signature(alg, "a signature that does not verify"))
    }
}

fn verify_rsa(key: &RsaPublicKey, alg: Algorithm, msg: &[u8], sig: &[u8]) -> Result<bool> {
    if sig.len() != key.size() {
        return Err(bad_signature(
            alg,
            &format!("{} bytes for a {}-byte modulus", sig.len(), key.size()),
        ));
    }
    let hash = alg.signature_digest();
    let digest: alloc::vec::Vec<u8> = match hash {
        HashAlg::Sha256 => Sha256::digest(msg).to_vec(),
        HashAlg::Sha384 => Sha384::digest(msg).to_vec(),
        HashAlg::Sha512 => Sha512::digest(msg).to_vec(),
    };
    Ok(match alg {
        Algorithm::Rs256 | Algorithm::Rs384 | Algorithm::Rs512 => {
            key.verify_pkcs1v15(hash, &digest, sig)
        }
        // The salt length is the hash length, as RFC 7518 3.5 requires.
        Algorithm::Ps256 | Algorithm::Ps384 | Algorithm::Ps512 => {
            key.verify_pss(hash, &digest, sig)
        }
        _ => false,
    })
}
