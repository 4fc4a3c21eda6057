//! ECDSA verification (FIPS 186-5 section 6.4.2) over the raw `r || s`
//! signatures of JWS (RFC 7518 section 3.4). Verification touches public
//! data only, so it may take variable time.

use super::curve::{p256, p384, p521, Affine, Crv, Curve, Jacobian, Table};
use super::field::{self, Limbs};
use std::sync::OnceLock;

/// An ECDSA public key on P-256, P-384 or P-521: a point checked to be on
/// its curve when the key was read, and its table of multiples, built once
/// the key has verified a valid signature. Until then it verifies with the
/// (slower) ladder, so neither unused keys of a large key set nor forged
/// tokens naming them make this library build tables (88 KB for a P-256
/// key, 118 KB for P-384, 228 KB for P-521).
///
/// Not generic, so that the arithmetic is compiled (and optimised) in this
/// crate rather than in its callers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerifyingKey {
    /// A P-256 key (ES256).
    P256(KeyOn<8>),
    /// A P-384 key (ES384).
    P384(KeyOn<12>),
    /// A P-521 key (ES512).
    P521(KeyOn<17>),
}

impl VerifyingKey {
    /// The key on `crv` with big-endian coordinates `x`, `y` of exactly
    /// the curve's size, or `None` if they are not a point on the curve.
    pub fn from_coordinates(crv: Crv, x: &[u8], y: &[u8]) -> Option<Self> {
        Some(match crv {
            Crv::P256 => VerifyingKey::P256(KeyOn::from_coordinates(p256(), x, y)?),
            Crv::P384 => VerifyingKey::P384(KeyOn::from_coordinates(p384(), x, y)?),
            Crv::P521 => VerifyingKey::P521(KeyOn::from_coordinates(p521(), x, y)?),
        })
    }

    /// The curve.
    pub fn crv(&self) -> Crv {
        match self {
            VerifyingKey::P256(_) => Crv::P256,
            VerifyingKey::P384(_) => Crv::P384,
            VerifyingKey::P521(_) => Crv::P521,
        }
    }

    /// Whether `signature` (`r || s`, each the curve's size) is valid for
    /// the message digest `digest` (at most the size of `n`).
    pub fn verify_digest(&self, digest: &[u8], signature: &[u8]) -> bool {
        match self {
            VerifyingKey::P256(k) => k.verify_digest(digest, signature),
            VerifyingKey::P384(k) => k.verify_digest(digest, signature),
            VerifyingKey::P521(k) => k.verify_digest(digest, signature),
        }
    }
}

/// A verifying key on the curve with `N` limbs.
#[derive(Clone, Debug)]
pub struct KeyOn<const N: usize> {
    curve: &'static Curve<N>,
    point: Affine<N>,
    table: OnceLock<Table<N>>,
}

impl<const N: usize> PartialEq for KeyOn<N> {
    fn eq(&self, other: &Self) -> bool {
        self.curve.name == other.curve.name && self.point == other.point
    }
}

impl<const N: usize> Eq for KeyOn<N> {}

impl<const N: usize> KeyOn<N> {
    fn from_coordinates(curve: &'static Curve<N>, x: &[u8], y: &[u8]) -> Option<Self> {
        Some(KeyOn {
            curve,
            point: curve.point(x, y)?,
            table: OnceLock::new(),
        })
    }

    fn verify_digest(&self, digest: &[u8], signature: &[u8]) -> bool {
        let c = self.curve;
        let Some((r_bytes, s_bytes)) = signature
            .split_at_checked(c.size)
            .filter(|(_, s)| s.len() == c.size)
        else {
            return false;
        };
        let (Some(r), Some(s)) = (scalar(c, r_bytes), scalar(c, s_bytes)) else {
            return false;
        };
        // e: the digest as an integer, below 2^bits(n) < 2n, reduced once.
        if digest.len() * 8 > c.bits {
            return false;
        }
        let Some(e) = field::from_be_bytes::<N>(digest) else {
            return false;
        };
        let e = c.n.reduce(&e);
        // w = s^-1 (Montgomery form), u1 = e w, u2 = r w (plain form).
        let Some(w) = c.n.invert_public(&s) else {
            return false;
        };
        let w = c.n.to_montgomery(&w);
        let u1 = c.n.mul(&e, &w);
        let u2 = c.n.mul(&r, &w);
        let g_part = c.add_multiple(&c.jacobian_identity(), &u1, c.generator_table());
        let sum = match self.table.get() {
            Some(table) => c.add_multiple(&g_part, &u2, table),
            None => c.to_jacobian(&c.add(&c.from_jacobian(&g_part), &c.multiply(&u2, &self.point))),
        };
        let verified = self.x_matches(&sum, &r);
        if verified && self.table.get().is_none() {
            // A valid signature: this key is in use; keep its table.
            let _ = self.table.set(c.table(&self.point));
        }
        verified
    }

    /// Whether the affine `x` of `sum` is `r` modulo `n`.
    fn x_matches(&self, sum: &Jacobian<N>, r: &Limbs<N>) -> bool {
        let c = self.curve;
        if field::is_zero(&sum.z) == 1 {
            return false;
        }
        // x(R) mod n == r, without an inversion: X == r Z^2, or, when r + n
        // is still below p, X == (r + n) Z^2.
        let zz = c.p.square(&sum.z);
        let x_matches = |candidate: &Limbs<N>| {
            let m = c.p.to_montgomery(candidate);
            field::equal(&c.p.mul(&m, &zz), &sum.x) == 1
        };
        if x_matches(r) {
            return true;
        }
        let (r_plus_n, carry) = add(r, c.n.modulus());
        carry == 0 && field::less_than(&r_plus_n, c.p.modulus()) == 1 && x_matches(&r_plus_n)
    }
}

/// A scalar in `1..n` from exactly the curve's size of big-endian bytes.
fn scalar<const N: usize>(c: &Curve<N>, bytes: &[u8]) -> Option<Limbs<N>> {
    let k: Limbs<N> = field::from_be_bytes(bytes)?;
    (field::is_zero(&k) == 0 && field::less_than(&k, c.n.modulus()) == 1).then_some(k)
}

/// `a + b` and the carry.
fn add<const N: usize>(a: &Limbs<N>, b: &Limbs<N>) -> (Limbs<N>, u64) {
    let mut out = [0u32; N];
    let mut carry = 0u64;
    for ((o, x), y) in out.iter_mut().zip(a).zip(b) {
        let s = u64::from(*x) + u64::from(*y) + carry;
        *o = s as u32;
        carry = s >> 32;
    }
    (out, carry)
}
