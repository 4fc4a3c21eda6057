//! Randomness from the platform (`crypto.getRandomValues` on wasm32), for
//! the random CEK of a failed unwrap and RSA blinding.

use super::failed;
use crate::error::Result;
use alloc::vec;
use alloc::vec::Vec;

/// `len` random bytes. A platform without randomness is `ERR_DECRYPTION`.
pub(crate) fn random(len: usize) -> Result<Vec<u8>> {
    let mut out = vec![0u8; len];
    getrandom::getrandom(&mut out).map_err(|_| failed())?;
    Ok(out)
}
