//! Elliptic-curve Diffie-Hellman (SP 800-56A section 5.7.1.2), the shared
//! secret `Z` of ECDH-ES (RFC 7518 section 4.6), with the client's private
//! scalar: constant time in the scalar.

use super::curve::{Affine, Curve};
use super::field::{self, Limbs};
use alloc::vec::Vec;

/// A private scalar `d` in `1..n` and its public point `d G`.
#[derive(Clone)]
pub struct SecretKey<const N: usize> {
    curve: &'static Curve<N>,
    d: Limbs<N>,
    public: Affine<N>,
}

impl<const N: usize> core::fmt::Debug for SecretKey<N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never print key material.
        write!(f, "SecretKey({})", self.curve.name)
    }
}

impl<const N: usize> Drop for SecretKey<N> {
    fn drop(&mut self) {
        self.d = [0; N];
    }
}

impl<const N: usize> SecretKey<N> {
    /// The key with big-endian scalar `d` of exactly the curve's size, or
    /// `None` unless `1 <= d < n`.
    pub fn from_bytes(curve: &'static Curve<N>, d: &[u8]) -> Option<Self> {
        if d.len() != curve.size {
            return None;
        }
        let d: Limbs<N> = field::from_be_bytes(d)?;
        let in_range = (field::is_zero(&d) ^ 1) & field::less_than(&d, curve.n.modulus());
        if in_range != 1 {
            return None;
        }
        let public = curve.to_affine(&curve.multiply(&d, &curve.generator()))?;
        Some(SecretKey { curve, d, public })
    }

    /// The big-endian coordinates `x`, `y` of the public point.
    pub fn public_coordinates(&self) -> (Vec<u8>, Vec<u8>) {
        self.curve.coordinates(&self.public)
    }

    /// `Z`: the big-endian `x` of `d P` for the peer's point `P` (its
    /// coordinates must be on this curve: the invalid-curve defence), or
    /// `None`.
    pub fn diffie_hellman(&self, x: &[u8], y: &[u8]) -> Option<Vec<u8>> {
        let c = self.curve;
        let peer = c.point(x, y)?;
        let shared = c.to_affine(&c.multiply(&self.d, &peer))?;
        Some(field::to_be_bytes(&c.p.from_montgomery(&shared.x), c.size))
    }
}
