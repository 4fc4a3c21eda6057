//! Strict base64url without padding (RFC 7515 section 2, RFC 4648 section 5).
//!
//! Decoding accepts exactly the canonical encoding: only the URL-safe
//! alphabet, no `=` padding, no white space, no length that no byte string
//! encodes to, and zero trailing bits, so that every byte string has exactly
//! one accepted text form.
//!
//! The codec is the `base64` crate's scalar engine (no SIMD, no `unsafe` of
//! ours), configured for exactly that; this module adds the length check
//! first and maps the crate's errors onto [`DecodeError`].

use alloc::string::String;
use alloc::vec::Vec;
use base64::alphabet::URL_SAFE;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;

/// URL-safe alphabet, no padding written, padding refused, and non-zero
/// trailing bits in the last character refused.
const ENGINE: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(false),
);

/// Why a base64url text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// A character outside the URL-safe alphabet (padding and white space included).
    InvalidCharacter,
    /// A length of 1 modulo 4, which no byte string encodes to.
    InvalidLength,
    /// The last character carries non-zero bits beyond the encoded bytes.
    NonCanonical,
}

/// The number of bytes `len` base64url characters decode to, if valid.
pub fn decoded_len(len: usize) -> Option<usize> {
    match len % 4 {
        1 => None,
        r => Some(len / 4 * 3 + r.saturating_sub(1)),
    }
}

/// Decodes `input` into `out` (appending), strictly. On failure `out` is
/// left as it was.
pub fn decode_into(input: &[u8], out: &mut Vec<u8>) -> Result<(), DecodeError> {
    // The length first, as before the crate: a length of 1 mod 4 is
    // `InvalidLength` whatever the characters are.
    decoded_len(input.len()).ok_or(DecodeError::InvalidLength)?;
    let start = out.len();
    ENGINE.decode_vec(input, out).map_err(|e| {
        out.truncate(start);
        match e {
            base64::DecodeError::InvalidLastSymbol { .. } => DecodeError::NonCanonical,
            base64::DecodeError::InvalidLength(_) => DecodeError::InvalidLength,
            // A foreign byte, or `=` (padding is not in the alphabet here).
            base64::DecodeError::InvalidByte(..) | base64::DecodeError::InvalidPadding => {
                DecodeError::InvalidCharacter
            }
        }
    })
}

/// Decodes `input` strictly into a new vector.
pub fn decode(input: &[u8]) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    decode_into(input, &mut out)?;
    Ok(out)
}

/// Encodes `input` as base64url without padding, appending to `out`.
pub fn encode_into(input: &[u8], out: &mut String) {
    ENGINE.encode_string(input, out);
}

/// Encodes `input` as base64url without padding.
pub fn encode(input: &[u8]) -> String {
    ENGINE.encode(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_length() {
        let data: Vec<u8> = (0u8..=255).collect();
        for n in 0..data.len() {
            let text = encode(&data[..n]);
            assert!(!text.contains('='));
            assert_eq!(decode(text.as_bytes()).as_deref(), Ok(&data[..n]));
        }
    }

    #[test]
    fn rfc4648_vectors_in_url_alphabet() {
        for (plain, enc) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(plain.as_bytes()), enc);
            assert_eq!(decode(enc.as_bytes()).unwrap(), plain.as_bytes());
        }
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn refuses_loose_forms() {
        assert_eq!(decode(b"Zg=="), Err(DecodeError::InvalidCharacter));
        assert_eq!(decode(b"Zm9v\n"), Err(DecodeError::InvalidLength));
        assert_eq!(decode(b"Zm 9"), Err(DecodeError::InvalidCharacter));
        assert_eq!(decode(b"+/8"), Err(DecodeError::InvalidCharacter));
        assert_eq!(decode(b"Z"), Err(DecodeError::InvalidLength));
        // "Zh" and "Zg" both carry 'f' in loose decoders; only "Zg" is canonical.
        assert_eq!(decode(b"Zh"), Err(DecodeError::NonCanonical));
        assert_eq!(decode(b"Zm9"), Err(DecodeError::NonCanonical));
    }

    #[test]
    fn a_refused_text_leaves_the_output_as_it_was() {
        for bad in [&b"Zm9vYmFyZh"[..], b"Zm9vYg==", b"Zm9v Zm9v", b"Zm9vY"] {
            let mut out = b"kept".to_vec();
            assert!(decode_into(bad, &mut out).is_err(), "{bad:?}");
            assert_eq!(out, b"kept");
        }
        let mut out = b"kept".to_vec();
        decode_into(b"Zm9v", &mut out).unwrap();
        assert_eq!(out, b"keptfoo");
    }
}
