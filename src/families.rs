//! What this build carries: one cargo feature per signature family (`rsa`,
//! `ecdsa`, `eddsa`) plus `jwe`, and the name of the npm entry that ships
//! it, for messages that send a token to an entry that can verify it.

use crate::jws::algorithm::KeyFamily;

#[cfg(not(any(feature = "rsa", feature = "ecdsa", feature = "eddsa")))]
compile_error!("idtoken needs at least one signature family: features rsa, ecdsa or eddsa");

/// Whether this build verifies signatures of `family`.
pub const fn has(family: KeyFamily) -> bool {
    match family {
        KeyFamily::Rsa => cfg!(feature = "rsa"),
        KeyFamily::P256 | KeyFamily::P384 | KeyFamily::P521 => cfg!(feature = "ecdsa"),
        KeyFamily::Ed25519 => cfg!(feature = "eddsa"),
    }
}

/// The npm entry this build ships as: `idtoken` (every family and JWE),
/// `idtoken/lite` (every family, no JWE), `idtoken/rsa` (RS* and PS*
/// only), or `this build` for another combination of features.
pub const BUILD: &str = if cfg!(all(
    feature = "rsa",
    feature = "ecdsa",
    feature = "eddsa",
    feature = "jwe"
)) {
    "idtoken"
} else if cfg!(all(feature = "rsa", feature = "ecdsa", feature = "eddsa")) {
    "idtoken/lite"
} else if cfg!(all(
    feature = "rsa",
    not(feature = "ecdsa"),
    not(feature = "eddsa"),
    not(feature = "jwe")
)) {
    "idtoken/rsa"
} else {
    "this build"
};

/// The entries that verify `family` (for a message): every family is in
/// `idtoken` and `idtoken/lite`; RSA also in `idtoken/rsa`.
pub const fn entries_with(family: KeyFamily) -> &'static str {
    match family {
        KeyFamily::Rsa => "idtoken, idtoken/lite or idtoken/rsa",
        _ => "idtoken or idtoken/lite",
    }
}
