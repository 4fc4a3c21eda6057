//! JSON Web Encryption (RFC 7516 compact serialization, RFC 7518 and RFC
//! 8037 algorithms): decryption of encrypted ID tokens with the client's
//! private keys.
//!
//! Hardening: only the key-management and content algorithms of the
//! contract are accepted (`RSA1_5`, `PBES2-*`, `dir`, `zip` are refused);
//! RSA-OAEP decryption is constant time ([`rsaes`]); a failed or
//! wrong-length key unwrap continues with a random CEK, so every failure
//! takes the same path to the same tag check; the CBC-HMAC tag is
//! compared in constant time before any unpadding; ECDH-ES public keys must
//! be on the curve; and every decryption failure is `ERR_DECRYPTION` with
//! one fixed message.

pub mod algorithms;
pub mod content;
pub mod header;
pub mod key_management;
pub mod keys;
mod random;
pub mod rsaes;

use crate::error::{Error, ErrorKind, Result};
use crate::jws::compact::{decode_part, shape, Shape};
use alloc::string::String;
use alloc::vec::Vec;
use header::JweHeader;
use keys::DecryptionKeySet;

/// The one error of a failed decryption: no detail that could serve as an oracle.
pub(crate) fn failed() -> Error {
    Error::new(
        ErrorKind::Decryption,
        "JWE: the token could not be decrypted with the held keys",
    )
}

/// The five decoded parts of a compact JWE.
struct Parts {
    header: JweHeader,
    aad: Vec<u8>,
    encrypted_key: Vec<u8>,
    iv: Vec<u8>,
    ciphertext: Vec<u8>,
    tag: Vec<u8>,
}

/// Splits and decodes a compact JWE: exactly five parts (the size and part
/// count are checked here too, so this entry refuses a token with anything
/// after its fifth part on its own, whoever calls it).
fn parse(token: &str) -> Result<Parts> {
    if shape(token)? != Shape::Jwe {
        return Err(crate::error::malformed(
            "token: expected 5 parts (JWE), found 3 (a signed JWS)",
        ));
    }
    let mut it = token.split('.');
    let mut next = |what: &str| {
        it.next()
            .ok_or_else(|| crate::error::malformed(alloc::format!("{what}: missing")))
    };
    let header_b64 = next("JWE header")?;
    let header = JweHeader::parse(header_b64)?;
    Ok(Parts {
        header,
        aad: header_b64.as_bytes().to_vec(),
        encrypted_key: decode_part(next("JWE encrypted key")?, "JWE encrypted key")?,
        iv: decode_part(next("JWE IV")?, "JWE IV")?,
        ciphertext: decode_part(next("JWE ciphertext")?, "JWE ciphertext")?,
        tag: decode_part(next("JWE tag")?, "JWE tag")?,
    })
}

/// Decrypts a compact JWE and returns the plaintext, which must be UTF-8
/// text. The token must have exactly five parts and at most
/// [`MAX_TOKEN_BYTES`](crate::jws::compact::MAX_TOKEN_BYTES) bytes; shape
/// failures are `ERR_MALFORMED`;
/// refused algorithms or `zip` `ERR_ALG_NOT_ALLOWED`; an unprocessed `crit`
/// `ERR_CRIT`; a `cty` other than `JWT` `ERR_TYP`; everything else
/// `ERR_DECRYPTION`. Up to [`keys::MAX_TRIED`] fitting keys are tried.
pub fn decrypt(token: &str, keys: &DecryptionKeySet) -> Result<String> {
    let parts = parse(token)?;
    let h = &parts.header;
    h.check()?;
    let candidates = keys.select(h);
    if candidates.is_empty() {
        return Err(failed());
    }
    for key in candidates {
        let cek = key_management::content_key(key, h, &parts.encrypted_key)?;
        if let Ok(plain) = content::decrypt(
            h.enc,
            &cek,
            &parts.iv,
            &parts.aad,
            &parts.ciphertext,
            &parts.tag,
        ) {
            return String::from_utf8(plain).map_err(|_| failed());
        }
    }
    Err(failed())
}
