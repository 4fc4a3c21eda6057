//! Arithmetic modulo an odd number of at most `32 * N` bits: the prime `p`
//! of a curve's coordinates or the order `n` of its group.
//!
//! Elements are `N` little-endian 32-bit limbs. Multiplication is
//! Montgomery's (64-bit accumulators: wasm multiplies 64-bit integers
//! natively but has no 64x64->128 product), with a reduction of its own for
//! each curve prime (see `idtoken_limbs::Sparse`). Every operation
//! here but [`Field::invert_public`] runs in constant time: no branch and no
//! memory index depends on an operand, and the final subtractions are
//! selected by masks. So one implementation serves verification (public
//! data) and ECDH (secret scalars) alike.
//
// Indexing runs over `[u32; N]` arrays with indices below `N`; no index
// comes from an operand.
#![allow(clippy::indexing_slicing)]

/// `N` little-endian 32-bit limbs.
pub type Limbs<const N: usize> = [u32; N];

/// An odd modulus `m < 2^(32 N)` with its Montgomery constants
/// (`R = 2^(32 N)`).
#[derive(Clone, Debug)]
pub struct Field<const N: usize> {
    m: Limbs<N>,
    /// `-m^-1 mod 2^32`.
    m0: u32,
    /// The sparse form of `m`, if it has one (the primes of the curves).
    sparse: Option<limbs::Sparse>,
    /// `R^2 mod m`.
    r2: Limbs<N>,
    /// `R mod m`: one, in Montgomery form.
    one: Limbs<N>,
}

use idtoken_limbs as limbs;
use limbs::sub_borrow;

/// `a < b` as 0 or 1, in constant time.
pub fn less_than<const N: usize>(a: &Limbs<N>, b: &Limbs<N>) -> u32 {
    sub_borrow(a, b).1
}

/// Whether `a` is zero, as 0 or 1, in constant time.
pub fn is_zero<const N: usize>(a: &Limbs<N>) -> u32 {
    let any = a.iter().fold(0u32, |acc, l| acc | l);
    // any == 0 exactly when (any | -any) has a clear top bit.
    1 ^ ((any | any.wrapping_neg()) >> 31)
}

/// Whether `a == b`, as 0 or 1, in constant time.
pub fn equal<const N: usize>(a: &Limbs<N>, b: &Limbs<N>) -> u32 {
    let mut diff = [0u32; N];
    for i in 0..N {
        diff[i] = a[i] ^ b[i];
    }
    is_zero(&diff)
}

/// Swaps `a` and `b` when `swap` is 1 (0 or 1), in constant time.
pub fn conditional_swap<const N: usize>(a: &mut Limbs<N>, b: &mut Limbs<N>, swap: u32) {
    let m = swap.wrapping_neg();
    for i in 0..N {
        let t = (a[i] ^ b[i]) & m;
        a[i] ^= t;
        b[i] ^= t;
    }
}

/// Big-endian bytes (at most `4 N` of them) to limbs.
pub fn from_be_bytes<const N: usize>(bytes: &[u8]) -> Option<Limbs<N>> {
    if bytes.len() > 4 * N {
        return None;
    }
    let mut out = [0u32; N];
    for (i, chunk) in bytes.rchunks(4).enumerate() {
        out[i] = chunk.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b));
    }
    Some(out)
}

/// Limbs to exactly `len` big-endian bytes (`len <= 4 N`; higher limb bytes
/// are dropped, so the value must fit).
pub fn to_be_bytes<const N: usize>(a: &Limbs<N>, len: usize) -> alloc::vec::Vec<u8> {
    let mut out = alloc::vec![0u8; len];
    for (i, byte) in out.iter_mut().rev().enumerate() {
        if i < 4 * N {
            *byte = (a[i / 4] >> (8 * (i % 4))) as u8;
        }
    }
    out
}

/// Bit `i` of `a` (0 or 1).
pub fn bit<const N: usize>(a: &Limbs<N>, i: usize) -> u32 {
    debug_assert!(i < 32 * N, "bit {i} of a {N}-limb number");
    (a[(i / 32) % N] >> (i % 32)) & 1
}

impl<const N: usize> Field<N> {
    /// The field modulo `m`, which must be odd, above one and have a
    /// non-zero top limb.
    pub fn new(m: Limbs<N>) -> Self {
        let mut field = Field {
            m,
            m0: limbs::neg_inverse(m[0]),
            sparse: limbs::Sparse::of(&m),
            r2: [0; N],
            one: [0; N],
        };
        // R^2 mod m: double 1 modulo m, 64 N times.
        let mut x = [0u32; N];
        x[0] = 1;
        for _ in 0..64 * N {
            x = field.add(&x, &x);
        }
        field.r2 = x;
        field.one = field.to_montgomery(&{
            let mut one = [0u32; N];
            one[0] = 1;
            one
        });
        field
    }

    /// The modulus.
    pub fn modulus(&self) -> &Limbs<N> {
        &self.m
    }

    /// One, in Montgomery form.
    pub fn one(&self) -> Limbs<N> {
        self.one
    }

    /// `a mod m` for `a < 2 m`.
    pub fn reduce(&self, a: &Limbs<N>) -> Limbs<N> {
        limbs::reduce_once(&self.m, a, 0)
    }

    /// `(a + b) mod m` for `a, b < m`.
    pub fn add(&self, a: &Limbs<N>, b: &Limbs<N>) -> Limbs<N> {
        limbs::add(&self.m, a, b)
    }

    /// `(a - b) mod m` for `a, b < m`.
    pub fn sub(&self, a: &Limbs<N>, b: &Limbs<N>) -> Limbs<N> {
        limbs::sub(&self.m, a, b)
    }

    /// `-a mod m` for `a < m`.
    pub fn neg(&self, a: &Limbs<N>) -> Limbs<N> {
        self.sub(&[0; N], a)
    }

    /// Montgomery product `a b R^-1 mod m` for `a, b < m`; also for any
    /// `a < 2^(32 N)` when `b < m` (the result is then still below `2 m`
    /// before the final subtraction, so fully reduced).
    pub fn mul(&self, a: &Limbs<N>, b: &Limbs<N>) -> Limbs<N> {
        limbs::mul(&self.m, self.m0, self.sparse, a, b)
    }

    /// `a^2 R^-1 mod m`.
    pub fn square(&self, a: &Limbs<N>) -> Limbs<N> {
        self.mul(a, a)
    }

    /// `a` in Montgomery form (`a R mod m`). Any `a < 2^(32 N)` works, not
    /// only `a < m`: with `R^2 mod m < m` the product stays below `2 m`
    /// before the final subtraction (the Ed25519 hash reduction relies on
    /// it).
    pub fn to_montgomery(&self, a: &Limbs<N>) -> Limbs<N> {
        self.mul(a, &self.r2)
    }

    /// `a` out of Montgomery form (`a R^-1 mod m`).
    pub fn from_montgomery(&self, a: &Limbs<N>) -> Limbs<N> {
        let mut one = [0u32; N];
        one[0] = 1;
        self.mul(a, &one)
    }

    /// `a^e` for `a` in Montgomery form and a public exponent `e` (its
    /// bits decide the steps; `a` may be secret).
    pub fn pow(&self, a: &Limbs<N>, e: &Limbs<N>) -> Limbs<N> {
        let mut acc = self.one;
        for i in (0..32 * N).rev() {
            acc = self.square(&acc);
            if bit(e, i) == 1 {
                acc = self.mul(&acc, a);
            }
        }
        acc
    }

    /// `a^-1` in Montgomery form, by Fermat (`a^(m-2)`; `m` must be prime
    /// and `a` non-zero, or the result is zero).
    pub fn invert(&self, a: &Limbs<N>) -> Limbs<N> {
        let mut two = [0u32; N];
        two[0] = 2;
        let (e, _) = sub_borrow(&self.m, &two);
        self.pow(a, &e)
    }
}

impl<const N: usize> Field<N> {
    /// `a^-1 mod m` in plain (not Montgomery) form for `0 < a < m` and a
    /// prime `m`, by the binary extended Euclidean algorithm: several times
    /// faster than [`Field::invert`], but its time depends on `a`, so it is
    /// for public values only (an ECDSA signature's `s`).
    pub fn invert_public(&self, a: &Limbs<N>) -> Option<Limbs<N>> {
        if is_zero(a) == 1 || less_than(a, &self.m) == 0 {
            return None;
        }
        limbs::invert_public(&self.m, a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small prime in two limbs, checked against u128 arithmetic.
    const M: u64 = 0xffff_ffff_0000_0001; // 2^64 - 2^32 + 1, prime

    fn limbs(x: u64) -> Limbs<2> {
        [x as u32, (x >> 32) as u32]
    }

    fn value(a: &Limbs<2>) -> u64 {
        u64::from(a[0]) | (u64::from(a[1]) << 32)
    }

    #[test]
    fn field_operations_match_u128() {
        let f = Field::new(limbs(M));
        let xs = [
            0u64,
            1,
            2,
            M - 1,
            M - 2,
            0x1234_5678_9abc_def0 % M,
            0xffff_fffe_ffff_ffff,
        ];
        for &x in &xs {
            for &y in &xs {
                let (a, b) = (limbs(x), limbs(y));
                let expect = |v: u128| (v % u128::from(M)) as u64;
                assert_eq!(value(&f.add(&a, &b)), expect(u128::from(x) + u128::from(y)));
                assert_eq!(
                    value(&f.sub(&a, &b)),
                    expect(u128::from(x) + u128::from(M) - u128::from(y))
                );
                let p = f.from_montgomery(&f.mul(&f.to_montgomery(&a), &f.to_montgomery(&b)));
                assert_eq!(value(&p), expect(u128::from(x) * u128::from(y)));
            }
            if x != 0 {
                let a = f.to_montgomery(&limbs(x));
                let inv = f.invert(&a);
                assert_eq!(f.mul(&a, &inv), f.one(), "inverse of {x}");
                assert_eq!(
                    f.invert_public(&limbs(x)),
                    Some(f.from_montgomery(&inv)),
                    "public inverse of {x}"
                );
            }
        }
    }

    #[test]
    fn public_inverse_on_curve_orders() {
        // a * a^-1 = 1 modulo the P-256 and P-521 group orders, for scalars
        // with many shapes (small, large, sparse, dense).
        fn check<const N: usize>(f: &Field<N>) {
            let mut a = [0u32; N];
            for round in 0..40u32 {
                a[(round as usize * 7) % N] ^= round.wrapping_mul(0x9e37_79b9) | 1;
                let a_reduced = f.reduce(&a);
                if is_zero(&a_reduced) == 1 || less_than(&a_reduced, f.modulus()) == 0 {
                    continue;
                }
                let inv = f.invert_public(&a_reduced).unwrap();
                let product = f.mul(&f.to_montgomery(&a_reduced), &inv);
                let mut one = [0u32; N];
                one[0] = 1;
                assert_eq!(product, one);
            }
            assert!(f.invert_public(&[0; N]).is_none());
            assert!(f.invert_public(f.modulus()).is_none());
        }
        check(&crate::curve::p256().n);
        check(&crate::curve::p521().n);
    }

    #[test]
    fn curve_primes_take_their_sparse_reduction() {
        use limbs::Sparse;
        assert_eq!(crate::curve::p256().p.sparse, Some(Sparse::P256));
        assert_eq!(crate::curve::p384().p.sparse, Some(Sparse::P384));
        assert_eq!(crate::curve::p521().p.sparse, Some(Sparse::P521));
        assert_eq!(
            crate::edwards25519::field25519().sparse,
            Some(Sparse::P25519)
        );
        assert_eq!(crate::curve::p256().n.sparse, None);
    }

    #[test]
    fn constant_time_helpers() {
        assert_eq!(is_zero(&[0u32, 0]), 1);
        assert_eq!(is_zero(&[0u32, 1 << 31]), 0);
        assert_eq!(equal(&[1u32, 2], &[1, 2]), 1);
        assert_eq!(equal(&[1u32, 2], &[1, 3]), 0);
        assert_eq!(less_than(&[5u32, 1], &[6, 1]), 1);
        assert_eq!(less_than(&[6u32, 1], &[6, 1]), 0);
        let (mut a, mut b) = ([1u32, 2], [3u32, 4]);
        conditional_swap(&mut a, &mut b, 0);
        assert_eq!((a, b), ([1, 2], [3, 4]));
        conditional_swap(&mut a, &mut b, 1);
        assert_eq!((a, b), ([3, 4], [1, 2]));
    }

    #[test]
    fn byte_conversions() {
        let a: Limbs<3> = from_be_bytes(&[1, 2, 3, 4, 5, 6, 7, 8, 9]).unwrap();
        assert_eq!(a, [0x0607_0809, 0x0203_0405, 0x01]);
        assert_eq!(to_be_bytes(&a, 9), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(to_be_bytes(&a, 12)[..3], [0, 0, 0]);
        assert!(from_be_bytes::<2>(&[0; 9]).is_none());
    }
}
