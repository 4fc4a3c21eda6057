//! The lean build (`idtoken/lite`, without the `jwe` feature): no JWE
//! decryption. An encrypted ID token is `ERR_ALG_NOT_ALLOWED` and
//! `decryptionKeys` is `ERR_INVALID_OPTIONS`, each with a message that
//! names the full build.

use crate::error::{Error, ErrorKind, Result};
use alloc::string::String;

/// What a build without JWE says of an encrypted ID token (naming itself:
/// the lean build `idtoken/lite` or the RSA build `idtoken/rsa`).
fn no_jwe() -> alloc::string::String {
    let build = match crate::families::BUILD {
        "idtoken/lite" => "this lean build (idtoken/lite)",
        "idtoken/rsa" => "this RSA-only build (idtoken/rsa)",
        _ => "this build",
    };
    alloc::format!(
        "{build} does not decrypt encrypted ID tokens (JWE); use the full build (idtoken)"
    )
}

/// An encrypted ID token cannot be decrypted here: `ERR_ALG_NOT_ALLOWED`.
pub fn decrypt(_token: &str, _keys: &keys::DecryptionKeySet) -> Result<String> {
    Err(Error::new(
        ErrorKind::AlgNotAllowed,
        alloc::format!("token: found an encrypted ID token; {}", no_jwe()),
    ))
}

/// Decryption keys, which the lean build cannot hold.
pub mod keys {
    use super::*;

    /// The (always empty) set of decryption keys of the lean build.
    #[derive(Debug, Clone, Default)]
    pub struct DecryptionKeySet {
        _none: (),
    }

    impl DecryptionKeySet {
        /// `decryptionKeys` are refused: `ERR_INVALID_OPTIONS`.
        pub fn from_json(_text: &[u8]) -> Result<Self> {
            Err(Error::new(
                ErrorKind::InvalidOptions,
                alloc::format!("decryptionKeys: {}", no_jwe()),
            ))
        }
    }
}
