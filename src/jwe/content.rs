//! Content decryption (RFC 7518 section 5): AES-GCM, and AES-CBC with
//! HMAC-SHA-2 whose tag is checked in constant time before any unpadding.

use super::algorithms::ContentEncryption;
use super::failed;
use crate::error::Result;
use aes::cipher::{block_padding::Pkcs7, BlockModeDecrypt, KeyIvInit};
use aes_gcm::aead::{AeadInOut, KeyInit};
use aes_gcm::{Aes128Gcm, Aes256Gcm};
use alloc::vec::Vec;
use hmac::{Hmac, Mac};
use sha2::{Sha256, Sha512};

/// Decrypts and authenticates `ciphertext` under `enc` with `cek`.
pub fn decrypt(
    enc: ContentEncryption,
    cek: &[u8],
    iv: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
) -> Result<Vec<u8>> {
    if cek.len() != enc.key_len() {
        return Err(failed());
    }
    match enc {
        ContentEncryption::A128Gcm => gcm::<Aes128Gcm>(cek, iv, aad, ciphertext, tag),
        ContentEncryption::A256Gcm => gcm::<Aes256Gcm>(cek, iv, aad, ciphertext, tag),
        ContentEncryption::A128CbcHs256 => {
            cbc_hmac::<Hmac<Sha256>, cbc::Decryptor<aes::Aes128>>(cek, iv, aad, ciphertext, tag)
        }
        ContentEncryption::A256CbcHs512 => {
            cbc_hmac::<Hmac<Sha512>, cbc::Decryptor<aes::Aes256>>(cek, iv, aad, ciphertext, tag)
        }
    }
}

fn gcm<C: KeyInit + AeadInOut>(
    cek: &[u8],
    iv: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
) -> Result<Vec<u8>> {
    // A 96-bit IV and a 128-bit tag only (RFC 7518 section 5.3).
    let nonce = iv.try_into().map_err(|_| failed())?;
    let tag = tag.try_into().map_err(|_| failed())?;
    let cipher = C::new_from_slice(cek).map_err(|_| failed())?;
    let mut buffer = ciphertext.to_vec();
    cipher
        .decrypt_inout_detached(nonce, aad, buffer.as_mut_slice().into(), tag)
        .map_err(|_| failed())?;
    Ok(buffer)
}

fn cbc_hmac<M: Mac + KeyInit, D: BlockModeDecrypt + KeyIvInit>(
    cek: &[u8],
    iv: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
) -> Result<Vec<u8>> {
    let half = cek.len() / 2;
    let (mac_key, enc_key) = cek.split_at(half);
    if iv.len() != 16 || tag.len() != half {
        return Err(failed());
    }
    let mut mac = <M as KeyInit>::new_from_slice(mac_key).map_err(|_| failed())?;
    mac.update(aad);
    mac.update(iv);
    mac.update(ciphertext);
    mac.update(&((aad.len() as u64) * 8).to_be_bytes());
    // Constant-time comparison of the left half of the HMAC, before any
    // decryption or unpadding: no padding oracle.
    mac.verify_truncated_left(tag).map_err(|_| failed())?;
    D::new_from_slices(enc_key, iv)
        .map_err(|_| failed())?
        .decrypt_padded_vec::<Pkcs7>(ciphertext)
        .map_err(|_| failed())
}
