//! X25519 (RFC 7748 section 5): the Diffie-Hellman function on Curve25519,
//! for ECDH-ES with OKP keys (RFC 8037 section 3.2). Constant time in the
//! scalar: a Montgomery ladder over every bit with constant-time swaps, on
//! the constant-time field of [`crate::field`], and a Fermat inversion
//! whose exponent is public.

use crate::edwards25519::{field25519, from_le};
use crate::field::{self, Limbs};
use zeroize::Zeroize;

/// A private X25519 key: 32 bytes, clamped when used (RFC 7748 section 5).
#[derive(Clone)]
pub struct SecretKey([u8; 32]);

impl core::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never print key material.
        f.write_str("x25519::SecretKey")
    }
}

impl Drop for SecretKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// The u-coordinate of the base point, 9.
const BASE_POINT: [u8; 32] = {
    let mut u = [0u8; 32];
    u[0] = 9;
    u
};

impl SecretKey {
    /// The key with these 32 bytes (any value; clamping comes at use).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        SecretKey(bytes)
    }

    /// The public key: X25519 of the base point.
    pub fn public_key(&self) -> [u8; 32] {
        x25519(&self.0, &BASE_POINT)
    }

    /// The shared secret with the peer's public key `u`. All zero when `u`
    /// is of small order (the caller must refuse that, RFC 7748 section
    /// 6.1).
    pub fn diffie_hellman(&self, u: &[u8; 32]) -> [u8; 32] {
        x25519(&self.0, u)
    }
}

fn to_le(a: &Limbs<8>) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (chunk, limb) in out.chunks_exact_mut(4).zip(a) {
        chunk.copy_from_slice(&limb.to_le_bytes());
    }
    out
}

/// X25519(k, u), RFC 7748 section 5.
fn x25519(k: &[u8; 32], u: &[u8; 32]) -> [u8; 32] {
    let f = field25519();
    let mut k = *k;
    k[0] &= 248;
    k[31] &= 127;
    k[31] |= 64;
    let mut u = *u;
    u[31] &= 127;
    // u < 2^255 < 2p: one subtraction reduces a non-canonical u.
    let x1 = f.to_montgomery(&f.reduce(&from_le(&u)));
    let a24 = f.to_montgomery(&{
        let mut a = [0u32; 8];
        a[0] = 121_665;
        a
    });
    let (mut x2, mut z2, mut x3, mut z3) = (f.one(), [0u32; 8], x1, f.one());
    let mut swap = 0u32;
    for t in (0..255).rev() {
        let byte = k.get(t / 8).copied().unwrap_or(0);
        let bit = u32::from((byte >> (t % 8)) & 1);
        swap ^= bit;
        field::conditional_swap(&mut x2, &mut x3, swap);
        field::conditional_swap(&mut z2, &mut z3, swap);
        swap = bit;
        let a = f.add(&x2, &z2);
        let aa = f.square(&a);
        let b = f.sub(&x2, &z2);
        let bb = f.square(&b);
        let e = f.sub(&aa, &bb);
        let c = f.add(&x3, &z3);
        let d = f.sub(&x3, &z3);
        let da = f.mul(&d, &a);
        let cb = f.mul(&c, &b);
        x3 = f.square(&f.add(&da, &cb));
        z3 = f.mul(&x1, &f.square(&f.sub(&da, &cb)));
        x2 = f.mul(&aa, &bb);
        z2 = f.mul(&e, &f.add(&aa, &f.mul(&a24, &e)));
    }
    field::conditional_swap(&mut x2, &mut x3, swap);
    field::conditional_swap(&mut z2, &mut z3, swap);
    k.zeroize();
    to_le(&f.from_montgomery(&f.mul(&x2, &f.invert(&z2))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(hex: &str) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
        }
        out
    }

    #[test]
    fn rfc7748_section_6_1() {
        // Alice's and Bob's keys and their shared secret.
        let alice = SecretKey::from_bytes(bytes(
            "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
        ));
        let bob = SecretKey::from_bytes(bytes(
            "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
        ));
        assert_eq!(
            alice.public_key(),
            bytes("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
        );
        assert_eq!(
            bob.public_key(),
            bytes("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
        );
        let shared = bytes("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        assert_eq!(alice.diffie_hellman(&bob.public_key()), shared);
        assert_eq!(bob.diffie_hellman(&alice.public_key()), shared);
    }
}
