//! Elliptic-curve Diffie-Hellman (SP 800-56A section 5.7.1.2), the shared
//! secret `Z` of ECDH-ES (RFC 7518 section 4.6), with the client's private
//! scalar: constant time in the scalar.

use super::curve::{p256, p384, p521, Affine, Crv, Curve};
use super::field::{self, Limbs};
use alloc::vec::Vec;
use zeroize::Zeroize;

/// A private ECDH key on P-256, P-384 or P-521. Not generic, so that the
/// arithmetic is compiled (and optimised) in this crate.
#[derive(Clone, Debug)]
pub enum SecretKey {
    /// A P-256 key.
    P256(SecretOn<8>),
    /// A P-384 key.
    P384(SecretOn<12>),
    /// A P-521 key.
    P521(SecretOn<17>),
}

impl SecretKey {
    /// The key on `crv` with big-endian scalar `d` of exactly the curve's
    /// size, or `None` unless `1 <= d < n`.
    pub fn from_bytes(crv: Crv, d: &[u8]) -> Option<Self> {
        Some(match crv {
            Crv::P256 => SecretKey::P256(SecretOn::from_bytes(p256(), d)?),
            Crv::P384 => SecretKey::P384(SecretOn::from_bytes(p384(), d)?),
            Crv::P521 => SecretKey::P521(SecretOn::from_bytes(p521(), d)?),
        })
    }

    /// The curve.
    pub fn crv(&self) -> Crv {
        match self {
            SecretKey::P256(_) => Crv::P256,
            SecretKey::P384(_) => Crv::P384,
            SecretKey::P521(_) => Crv::P521,
        }
    }

    /// The big-endian coordinates `x`, `y` of the public point.
    pub fn public_coordinates(&self) -> (Vec<u8>, Vec<u8>) {
        match self {
            SecretKey::P256(k) => k.public_coordinates(),
            SecretKey::P384(k) => k.public_coordinates(),
            SecretKey::P521(k) => k.public_coordinates(),
        }
    }

    /// `Z`: the big-endian `x` of `d P` for the peer's point `P` (its
    /// coordinates must be on this curve: the invalid-curve defence), or
    /// `None`.
    pub fn diffie_hellman(&self, x: &[u8], y: &[u8]) -> Option<Vec<u8>> {
        match self {
            SecretKey::P256(k) => k.diffie_hellman(x, y),
            SecretKey::P384(k) => k.diffie_hellman(x, y),
            SecretKey::P521(k) => k.diffie_hellman(x, y),
        }
    }
}

/// A private scalar `d` in `1..n` and its public point `d G`, on the curve
/// with `N` limbs.
#[derive(Clone)]
pub struct SecretOn<const N: usize> {
    curve: &'static Curve<N>,
    d: Limbs<N>,
    public: Affine<N>,
}

impl<const N: usize> core::fmt::Debug for SecretOn<N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never print key material.
        write!(f, "SecretKey({})", self.curve.name)
    }
}

impl<const N: usize> Drop for SecretOn<N> {
    fn drop(&mut self) {
        self.d.zeroize();
    }
}

impl<const N: usize> SecretOn<N> {
    fn from_bytes(curve: &'static Curve<N>, d: &[u8]) -> Option<Self> {
        if d.len() != curve.size {
            return None;
        }
        let d: Limbs<N> = field::from_be_bytes(d)?;
        let in_range = (field::is_zero(&d) ^ 1) & field::less_than(&d, curve.n.modulus());
        if in_range != 1 {
            return None;
        }
        let public = curve.to_affine(&curve.multiply(&d, &curve.generator()))?;
        Some(SecretOn { curve, d, public })
    }

    fn public_coordinates(&self) -> (Vec<u8>, Vec<u8>) {
        self.curve.coordinates(&self.public)
    }

    fn diffie_hellman(&self, x: &[u8], y: &[u8]) -> Option<Vec<u8>> {
        let c = self.curve;
        let peer = c.point(x, y)?;
        let shared = c.to_affine(&c.multiply(&self.d, &peer))?;
        Some(field::to_be_bytes(&c.p.from_montgomery(&shared.x), c.size))
    }
}
