//! Content decryption (RFC 7518 section 5): AES-GCM, and AES-CBC with
//! HMAC-SHA-2 whose tag is checked in constant time before any unpadding.

use super::algorithms::ContentEncryption;
use super::failed;
use crate::error::Result;
use aes::cipher::{block_padding::Pkcs7, BlockDecryptMut, KeyIvInit};
use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes128Gcm, Aes256Gcm, Nonce, Tag};
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

fn gcm<C: KeyInit + AeadInPlace>(
    cek: &[u8],
    iv: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
) -> Result<Vec<u8>> {
    if iv.len() != 12 || tag.len() != 16 {
        return Err(failed());
    }
    let cipher = C::new_from_slice(cek).map_err(|_| failed())?;
    let mut buffer = ciphertext.to_vec();
    // The lengths were checked above; generic-array 0.14 (of this RustCrypto
    // generation) marks from_slice deprecated in favour of its 1.x.
    #[allow(deprecated)]
    cipher
        .decrypt_in_place_detached(
            Nonce::from_slice(iv),
            aad,
            &mut buffer,
            Tag::from_slice(tag),
        )
        .map_err(|_| failed())?;
    Ok(buffer)
}

fn cbc_hmac<M: Mac + KeyInit, D: BlockDecryptMut + KeyIvInit>(
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
        .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
        .map_err(|_| failed())
}
