//! Recovering the content-encryption key (RFC 7518 section 4): RSA-OAEP,
//! ECDH-ES with the Concat KDF, and AES key unwrap. Any failure, including
//! a CEK of the wrong length, yields a random CEK instead of an error, so
//! the caller takes the same path to the same failed tag check (RFC 7516
//! section 11.5).

use super::algorithms::KeyManagement;
use super::failed;
use super::header::JweHeader;
use super::keys::{DecryptionKey, PrivateKey};
use super::random::random;
use super::rsaes::{OaepHash, RsaPrivateKey};
use crate::encoding::base64url;
use crate::encoding::json::{Object, Value};
use crate::error::Result;
use crate::keys::jwk::sec1_uncompressed;
use aes_kw::{KeyInit, KwAes128, KwAes256};
use alloc::vec;
use alloc::vec::Vec;
use p256::elliptic_curve::ecdh::diffie_hellman;
use p256::elliptic_curve::sec1::{FromSec1Point, ModulusSize, ToSec1Point};
use p256::elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytesSize, PublicKey, SecretKey};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// The CEK for `enc` from `encrypted_key` with `key`: the real one, or a
/// random one of the right length when anything fails.
pub fn content_key(
    key: &DecryptionKey,
    header: &JweHeader,
    encrypted_key: &[u8],
) -> Result<Vec<u8>> {
    let enc = header.enc;
    let recovered = header
        .alg
        .and_then(|alg| recover(key, alg, header, encrypted_key).ok());
    match recovered {
        Some(cek) if cek.len() == enc.key_len() => Ok(cek),
        _ => random(enc.key_len()),
    }
}

fn recover(
    key: &DecryptionKey,
    alg: KeyManagement,
    header: &JweHeader,
    encrypted_key: &[u8],
) -> Result<Vec<u8>> {
    match (alg, &key.key) {
        (KeyManagement::RsaOaep, PrivateKey::Rsa(k)) => rsa_oaep(k, OaepHash::Sha1, encrypted_key),
        (KeyManagement::RsaOaep256, PrivateKey::Rsa(k)) => {
            rsa_oaep(k, OaepHash::Sha256, encrypted_key)
        }
        (KeyManagement::EcdhEs, k) => {
            if !encrypted_key.is_empty() {
                return Err(failed());
            }
            let z = Zeroizing::new(shared_secret(k, header.epk.as_ref().ok_or_else(failed)?)?);
            Ok(concat_kdf(
                &z,
                header.enc.name(),
                &header.apu,
                &header.apv,
                header.enc.key_len(),
            ))
        }
        (KeyManagement::EcdhEsA128Kw | KeyManagement::EcdhEsA256Kw, k) => {
            let kek_len = alg.wrap_key_len().ok_or_else(failed)?;
            let z = Zeroizing::new(shared_secret(k, header.epk.as_ref().ok_or_else(failed)?)?);
            let kek = Zeroizing::new(concat_kdf(
                &z,
                alg.name(),
                &header.apu,
                &header.apv,
                kek_len,
            ));
            aes_unwrap(&kek, encrypted_key)
        }
        _ => Err(failed()),
    }
}

/// RSAES-OAEP decryption with an empty label and `hash` for both OAEP and
/// MGF1, in constant time (see [`super::rsaes`]); every failure is the one
/// decryption error.
pub fn rsa_oaep(key: &RsaPrivateKey, hash: OaepHash, ciphertext: &[u8]) -> Result<Vec<u8>> {
    key.decrypt(hash, ciphertext).ok_or_else(failed)
}

/// AES key unwrap (RFC 3394) with a 16- or 32-byte KEK. The wrapped key
/// must be at least two 64-bit blocks plus the integrity block (RFC 3394
/// 2.2.1: n >= 2), which the `aes-kw` crate alone does not enforce.
pub fn aes_unwrap(kek: &[u8], wrapped: &[u8]) -> Result<Vec<u8>> {
    if wrapped.len() < 24 || wrapped.len() % 8 != 0 {
        return Err(failed());
    }
    let mut cek = Zeroizing::new(vec![0u8; wrapped.len() - 8]);
    let unwrapped = match kek.len() {
        16 => KwAes128::new_from_slice(kek)
            .ok()
            .and_then(|k| k.unwrap_key(wrapped, &mut cek).ok().map(|c| c.len())),
        32 => KwAes256::new_from_slice(kek)
            .ok()
            .and_then(|k| k.unwrap_key(wrapped, &mut cek).ok().map(|c| c.len())),
        _ => None,
    };
    match unwrapped {
        Some(len) if len == cek.len() => Ok(cek.to_vec()),
        _ => Err(failed()),
    }
}

fn epk_bytes(epk: &Object, name: &str) -> Result<Vec<u8>> {
    let text = epk.get(name).and_then(Value::as_str).ok_or_else(failed)?;
    base64url::decode(text.as_bytes()).map_err(|_| failed())
}

/// Z for an EC key: the `epk` must be an EC point of the key's curve, its
/// coordinates of the field's size. SEC1 decoding refuses points off the
/// curve and the identity (the defence against invalid-curve attacks);
/// the Diffie-Hellman product is the crate's, in constant time.
fn ec_shared<C>(secret: &SecretKey<C>, epk: &Object, size: usize) -> Result<Vec<u8>>
where
    C: CurveArithmetic,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
    FieldBytesSize<C>: ModulusSize,
{
    if epk.get("kty").and_then(Value::as_str) != Some("EC") {
        return Err(failed());
    }
    let (x, y) = (epk_bytes(epk, "x")?, epk_bytes(epk, "y")?);
    let point = sec1_uncompressed(&x, &y, size).ok_or_else(failed)?;
    let public = PublicKey::<C>::from_sec1_bytes(&point).map_err(|_| failed())?;
    let shared = diffie_hellman(secret.to_nonzero_scalar(), public.as_affine());
    Ok(shared.raw_secret_bytes().to_vec())
}

/// The ECDH shared secret Z of `key` and the sender's `epk`.
pub fn shared_secret(key: &PrivateKey, epk: &Object) -> Result<Vec<u8>> {
    match key {
        PrivateKey::P256(s) => ec_shared(s, epk, 32),
        PrivateKey::P384(s) => ec_shared(s, epk, 48),
        PrivateKey::P521(s) => ec_shared(s, epk, 66),
        PrivateKey::X25519(s) => {
            if epk.get("kty").and_then(Value::as_str) != Some("OKP") {
                return Err(failed());
            }
            let x: [u8; 32] = epk_bytes(epk, "x")?.try_into().map_err(|_| failed())?;
            let shared = s.diffie_hellman(&x25519_dalek::PublicKey::from(x));
            // A low-order point gives an all-zero secret: refuse it (RFC
            // 7748 section 6.1; the crate's check is constant time).
            if !shared.was_contributory() {
                return Err(failed());
            }
            Ok(shared.as_bytes().to_vec())
        }
        PrivateKey::Rsa(_) => Err(failed()),
    }
}

/// The Concat KDF of NIST SP 800-56A with SHA-256, as RFC 7518 4.6.2 uses
/// it: `len` bytes for `algorithm_id`, with PartyUInfo `apu` and PartyVInfo
/// `apv`.
pub fn concat_kdf(z: &[u8], algorithm_id: &str, apu: &[u8], apv: &[u8], len: usize) -> Vec<u8> {
    let field = |h: &mut Sha256, data: &[u8]| {
        h.update((data.len() as u32).to_be_bytes());
        h.update(data);
    };
    let mut out = Vec::with_capacity(len + 32);
    let mut counter: u32 = 1;
    while out.len() < len {
        let mut h = Sha256::new();
        h.update(counter.to_be_bytes());
        h.update(z);
        field(&mut h, algorithm_id.as_bytes());
        field(&mut h, apu);
        field(&mut h, apv);
        h.update(((len * 8) as u32).to_be_bytes());
        out.extend_from_slice(&h.finalize());
        counter += 1;
    }
    out.truncate(len);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concat_kdf_rfc7518_appendix_c() {
        // RFC 7518 Appendix C: ECDH-ES, A128GCM, apu "Alice", apv "Bob".
        let z = [
            158, 86, 217, 29, 129, 113, 53, 211, 114, 131, 66, 131, 191, 132, 38, 156, 251, 49,
            110, 163, 218, 128, 106, 72, 246, 218, 167, 121, 140, 254, 144, 196,
        ];
        let key = concat_kdf(&z, "A128GCM", b"Alice", b"Bob", 16);
        assert_eq!(
            crate::encoding::base64url::encode(&key),
            "VqqN6vgjbSBcIijNcacQGg"
        );
    }

    #[test]
    fn aes_key_wrap_rfc7516_a3() {
        // RFC 7516 Appendix A.3: A128KW of the CEK.
        let kek = crate::encoding::base64url::decode(b"GawgguFyGrWKav7AX4VKUg").unwrap();
        let wrapped = [
            232, 160, 123, 211, 183, 76, 245, 132, 200, 128, 123, 75, 190, 216, 22, 67, 201, 138,
            193, 186, 9, 91, 122, 31, 246, 90, 28, 139, 57, 3, 76, 124, 193, 11, 98, 37, 173, 61,
            104, 57,
        ];
        let cek = [
            4, 211, 31, 197, 84, 157, 252, 254, 11, 100, 157, 250, 63, 170, 106, 206, 107, 124,
            212, 45, 111, 107, 9, 219, 200, 177, 0, 240, 143, 156, 44, 207,
        ];
        assert_eq!(aes_unwrap(&kek, &wrapped).unwrap(), cek);
        let mut bad = wrapped;
        bad[5] ^= 1;
        assert_eq!(aes_unwrap(&kek, &bad).unwrap_err().code(), "ERR_DECRYPTION");
    }
}
