//! Strict base64url without padding (RFC 7515 section 2, RFC 4648 section 5).
//!
//! Decoding accepts exactly the canonical encoding: only the URL-safe
//! alphabet, no `=` padding, no white space, no length that no byte string
//! encodes to, and zero trailing bits, so that every byte string has exactly
//! one accepted text form.

use alloc::vec::Vec;

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

fn sextet(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    }
}

/// The number of bytes `len` base64url characters decode to, if valid.
pub fn decoded_len(len: usize) -> Option<usize> {
    match len % 4 {
        1 => None,
        r => Some(len / 4 * 3 + r.saturating_sub(1)),
    }
}

/// Decodes `input` into `out` (appending), strictly.
pub fn decode_into(input: &[u8], out: &mut Vec<u8>) -> Result<(), DecodeError> {
    let total = decoded_len(input.len()).ok_or(DecodeError::InvalidLength)?;
    out.reserve(total);
    let mut chunks = input.chunks_exact(4);
    for chunk in &mut chunks {
        let mut acc = 0u32;
        for &c in chunk {
            acc = (acc << 6) | sextet(c).ok_or(DecodeError::InvalidCharacter)?;
        }
        out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
    }
    let rest = chunks.remainder();
    if rest.is_empty() {
        return Ok(());
    }
    let mut acc = 0u32;
    for &c in rest {
        acc = (acc << 6) | sextet(c).ok_or(DecodeError::InvalidCharacter)?;
    }
    // rest.len() is 2 or 3 (1 was refused by decoded_len).
    let (bytes, spare_bits) = if rest.len() == 2 { (1, 4) } else { (2, 2) };
    if acc & ((1 << spare_bits) - 1) != 0 {
        return Err(DecodeError::NonCanonical);
    }
    let acc = acc >> spare_bits;
    if bytes == 2 {
        out.push((acc >> 8) as u8);
    }
    out.push(acc as u8);
    Ok(())
}

/// Decodes `input` strictly into a new vector.
pub fn decode(input: &[u8]) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    decode_into(input, &mut out)?;
    Ok(out)
}

/// The base64url character of the low six bits of `v`.
fn symbol(v: u32) -> char {
    let v = (v & 63) as u8;
    char::from(match v {
        0..=25 => b'A' + v,
        26..=51 => b'a' + (v - 26),
        52..=61 => b'0' + (v - 52),
        62 => b'-',
        _ => b'_',
    })
}

/// Encodes `input` as base64url without padding, appending to `out`.
pub fn encode_into(input: &[u8], out: &mut alloc::string::String) {
    out.reserve(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let (acc, chars) = match *chunk {
            [a, b, c] => ((u32::from(a) << 16) | (u32::from(b) << 8) | u32::from(c), 4),
            [a, b] => ((u32::from(a) << 16) | (u32::from(b) << 8), 3),
            [a] => (u32::from(a) << 16, 2),
            _ => (0, 0),
        };
        for shift in [18, 12, 6, 0].into_iter().take(chars) {
            out.push(symbol(acc >> shift));
        }
    }
}

/// Encodes `input` as base64url without padding.
pub fn encode(input: &[u8]) -> alloc::string::String {
    let mut out = alloc::string::String::new();
    encode_into(input, &mut out);
    out
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
}
