//! The inner loops of `idtoken-ec`'s field arithmetic: modular addition,
//! subtraction and Montgomery multiplication of `N` little-endian 32-bit
//! limbs, for any odd modulus `m < 2^(32 N)`.
//!
//! Generic code is compiled in the crate that picks `N`; these loops are
//! hot only when their limb count is a constant the optimiser can unroll,
//! so this crate also exports them as non-generic functions for the limb
//! counts of the curves (8, 12 and 17 limbs). The Montgomery product has
//! one instance per curve prime ([`Sparse`]): those primes are sums of a few
//! signed powers of two (and `-19`), so the reduction adds shifted copies of
//! its factor instead of multiplying by the modulus (about half the
//! multiplications; 1.3x faster ES256 in wasm). Other moduli (the group orders, used a few
//! times per signature) take the generic product. The crate is built at
//! `opt-level = 3`: fully unrolled loops with the limbs in registers,
//! while everything around it stays size-optimised.
//!
//! Constant time: no branch and no memory index depends on an operand; the
//! final subtractions are selected by masks.
//
// Indexing runs over `[u32; N]` arrays with indices below `N`.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![allow(clippy::indexing_slicing, clippy::needless_range_loop)]

/// All ones if `bit` is 1, else zero; `bit` must be 0 or 1.
#[inline(always)]
fn mask(bit: u32) -> u32 {
    bit.wrapping_neg()
}

/// `a - b` and the borrow (0 or 1).
#[inline(always)]
pub fn sub_borrow<const N: usize>(a: &[u32; N], b: &[u32; N]) -> ([u32; N], u32) {
    let mut out = [0u32; N];
    let mut borrow = 0u64;
    for i in 0..N {
        let d = u64::from(a[i])
            .wrapping_sub(u64::from(b[i]))
            .wrapping_sub(borrow);
        out[i] = d as u32;
        borrow = (d >> 63) & 1;
    }
    (out, borrow as u32)
}

/// `a` where `choose_b` is 0, `b` where it is all ones.
#[inline(always)]
pub fn select<const N: usize>(a: &[u32; N], b: &[u32; N], choose_b: u32) -> [u32; N] {
    let mut out = *a;
    for i in 0..N {
        out[i] ^= (a[i] ^ b[i]) & choose_b;
    }
    out
}

/// `a - m` if `carry` is 1 or `a >= m`, else `a`.
#[inline(always)]
pub fn reduce_once<const N: usize>(m: &[u32; N], a: &[u32; N], carry: u32) -> [u32; N] {
    let (d, borrow) = sub_borrow(a, m);
    select(a, &d, mask(carry | (borrow ^ 1)))
}

#[inline(always)]
fn add_any<const N: usize>(m: &[u32; N], a: &[u32; N], b: &[u32; N]) -> [u32; N] {
    let mut out = [0u32; N];
    let mut carry = 0u64;
    for i in 0..N {
        let s = u64::from(a[i]) + u64::from(b[i]) + carry;
        out[i] = s as u32;
        carry = s >> 32;
    }
    reduce_once(m, &out, carry as u32)
}

#[inline(always)]
fn sub_any<const N: usize>(m: &[u32; N], a: &[u32; N], b: &[u32; N]) -> [u32; N] {
    let (d, borrow) = sub_borrow(a, b);
    let keep = mask(borrow);
    let mut out = [0u32; N];
    let mut carry = 0u64;
    for i in 0..N {
        let s = u64::from(d[i]) + u64::from(m[i] & keep) + carry;
        out[i] = s as u32;
        carry = s >> 32;
    }
    out
}

#[inline(always)]
fn mul_any<const N: usize>(m: &[u32; N], m0: u32, a: &[u32; N], b: &[u32; N]) -> [u32; N] {
    let mut t = [0u32; N];
    let mut top = 0u32;
    for &bi in b.iter() {
        let bi = u64::from(bi);
        let mut c = 0u64;
        for j in 0..N {
            let s = u64::from(t[j]) + u64::from(a[j]) * bi + c;
            t[j] = s as u32;
            c = s >> 32;
        }
        let s = u64::from(top) + c;
        let (t_n, t_n1) = (s as u32, (s >> 32) as u32);
        let q = u64::from(t[0].wrapping_mul(m0));
        let mut c = (u64::from(t[0]) + q * u64::from(m[0])) >> 32;
        for j in 1..N {
            let s = u64::from(t[j]) + q * u64::from(m[j]) + c;
            t[j - 1] = s as u32;
            c = s >> 32;
        }
        let s = u64::from(t_n) + c;
        t[N - 1] = s as u32;
        top = t_n1 + (s >> 32) as u32;
    }
    reduce_once(m, &t, top)
}

/// One signed multiple of the reduction factor `q` in `q m`:
/// `±(q factor)` at limb `word`, for a constant `factor < 2^32` (a power
/// of two or a small number: a shift or one multiplication).
#[derive(Clone, Copy)]
struct Term {
    word: usize,
    factor: u64,
    negative: bool,
}

const fn term(word: usize, factor: u64, negative: bool) -> Term {
    Term {
        word,
        factor,
        negative,
    }
}

/// The primes of the curves, whose multiples `q m` are a few signed,
/// shifted copies of `q` (and `19 q`): their Montgomery reduction needs no
/// multiplication by the modulus. The representation (Montgomery form, `R = 2^(32 N)`) and
/// the results are those of the generic product; only the work differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sparse {
    /// `2^256 - 2^224 + 2^192 + 2^96 - 1` (P-256).
    P256,
    /// `2^384 - 2^128 - 2^96 + 2^32 - 1` (P-384).
    P384,
    /// `2^521 - 1` (P-521).
    P521,
    /// `2^255 - 19` (Curve25519).
    P25519,
}

const P256_TERMS: [Term; 5] = [
    term(0, 1, true),
    term(3, 1, false),
    term(6, 1, false),
    term(7, 1, true),
    term(8, 1, false),
];
const P384_TERMS: [Term; 5] = [
    term(0, 1, true),
    term(1, 1, false),
    term(3, 1, true),
    term(4, 1, true),
    term(12, 1, false),
];
const P521_TERMS: [Term; 2] = [term(0, 1, true), term(16, 1 << 9, false)];
const P25519_TERMS: [Term; 2] = [term(0, 19, true), term(7, 1 << 31, false)];

const P256: [u32; 8] = modulus(&P256_TERMS);
const P384: [u32; 12] = modulus(&P384_TERMS);
const P521: [u32; 17] = modulus(&P521_TERMS);
const P25519: [u32; 8] = modulus(&P25519_TERMS);

/// The value of `terms` (the modulus whose multiples they describe) as `N`
/// limbs; a value that does not fit stops the build.
const fn modulus<const N: usize>(terms: &[Term]) -> [u32; N] {
    let mut acc = [0i64; 20];
    let mut i = 0;
    while i < terms.len() {
        let t = terms[i];
        let sign = if t.negative { -1 } else { 1 };
        acc[t.word] += sign * (t.factor & 0xffff_ffff) as i64;
        acc[t.word + 1] += sign * (t.factor >> 32) as i64;
        i += 1;
    }
    let mut out = [0u32; N];
    let mut k = 0;
    while k < N {
        out[k] = acc[k] as u32;
        acc[k + 1] += acc[k] >> 32;
        k += 1;
    }
    assert!(acc[N] == 0, "the terms do not fit in N limbs");
    out
}

/// `-m^-1 mod 2^32` for an odd `m0` (the low limb of `m`), the factor of
/// Montgomery's reduction, by Newton's iteration: each step doubles the
/// correct low bits (`m0` is odd, so it is its own inverse mod 8).
pub const fn neg_inverse(m0: u32) -> u32 {
    let mut inv = m0;
    let mut i = 0;
    while i < 4 {
        inv = inv.wrapping_mul(2u32.wrapping_sub(m0.wrapping_mul(inv)));
        i += 1;
    }
    inv.wrapping_neg()
}

impl Sparse {
    /// The sparse prime `m` is, if it is one.
    pub fn of<const N: usize>(m: &[u32; N]) -> Option<Sparse> {
        let m = m.as_slice();
        [
            (Sparse::P256, P256.as_slice()),
            (Sparse::P384, P384.as_slice()),
            (Sparse::P521, P521.as_slice()),
            (Sparse::P25519, P25519.as_slice()),
        ]
        .into_iter()
        .find(|(_, p)| *p == m)
        .map(|(sparse, _)| sparse)
    }
}

/// Montgomery product `a b R^-1 mod m` for a modulus `m = sum of terms`
/// with `m0 = -m^-1 mod 2^32`; `W = 2 N + 1`. The schoolbook product is
/// reduced one limb at a time: `q = t_i m0` makes limb `i` of `t + q m`
/// zero, and `q m` is added as its signed terms, so the limbs are signed
/// 64-bit accumulators (each stays within a few times `2^32`; shifting
/// out a limb that is a multiple of `2^32` is exact). The total is never
/// negative and below `2 m`, so the final limbs and carry are exact.
#[inline(always)]
fn mul_sparse<const N: usize, const W: usize>(
    m: &[u32; N],
    m0: u32,
    terms: &[Term],
    a: &[u32; N],
    b: &[u32; N],
) -> [u32; N] {
    debug_assert!(W == 2 * N + 1);
    let mut product = [0u32; W];
    for i in 0..N {
        let bi = u64::from(b[i]);
        let mut c = 0u64;
        for j in 0..N {
            let s = u64::from(product[i + j]) + u64::from(a[j]) * bi + c;
            product[i + j] = s as u32;
            c = s >> 32;
        }
        product[i + N] = c as u32;
    }
    let mut t = [0i64; W];
    for k in 0..W {
        t[k] = i64::from(product[k]);
    }
    for i in 0..N {
        let q = u64::from((t[i] as u32).wrapping_mul(m0));
        for term in terms {
            let v = q * term.factor;
            let (low, high) = ((v & 0xffff_ffff) as i64, (v >> 32) as i64);
            if term.negative {
                t[i + term.word] -= low;
                t[i + term.word + 1] -= high;
            } else {
                t[i + term.word] += low;
                t[i + term.word + 1] += high;
            }
        }
        t[i + 1] += t[i] >> 32;
    }
    let mut out = [0u32; N];
    for k in 0..N {
        out[k] = t[N + k] as u32;
        t[N + k + 1] += t[N + k] >> 32;
    }
    reduce_once(m, &out, t[2 * N] as u32)
}

#[inline(never)]
fn mul_p256(a: &[u32; 8], b: &[u32; 8]) -> [u32; 8] {
    mul_sparse::<8, 17>(&P256, 1, &P256_TERMS, a, b)
}

#[inline(never)]
fn mul_p384(a: &[u32; 12], b: &[u32; 12]) -> [u32; 12] {
    mul_sparse::<12, 25>(&P384, 1, &P384_TERMS, a, b)
}

#[inline(never)]
fn mul_p521(a: &[u32; 17], b: &[u32; 17]) -> [u32; 17] {
    mul_sparse::<17, 35>(&P521, 1, &P521_TERMS, a, b)
}

#[inline(never)]
fn mul_p25519(a: &[u32; 8], b: &[u32; 8]) -> [u32; 8] {
    mul_sparse::<8, 17>(&P25519, neg_inverse(P25519[0]), &P25519_TERMS, a, b)
}

/// `a >> 1`, shifting `top` (0 or 1) in at the top. (The helpers of the
/// inversion are not inlined: one unrolled copy each, not one per use.)
#[inline(never)]
fn shift_right<const N: usize>(a: &mut [u32; N], top: u32) {
    for i in 0..N {
        let next = if i + 1 < N { a[i + 1] } else { top };
        a[i] = (a[i] >> 1) | (next << 31);
    }
}

/// `x / 2 mod m` for `x < m` (`m` odd). Variable time.
#[inline(never)]
fn halve<const N: usize>(m: &[u32; N], x: &mut [u32; N]) {
    if x[0] & 1 == 0 {
        shift_right(x, 0);
    } else {
        let mut carry = 0u64;
        for i in 0..N {
            let s = u64::from(x[i]) + u64::from(m[i]) + carry;
            x[i] = s as u32;
            carry = s >> 32;
        }
        shift_right(x, carry as u32);
    }
}

#[inline(always)]
fn is_one<const N: usize>(a: &[u32; N]) -> bool {
    a[0] == 1 && a[1..].iter().all(|l| *l == 0)
}

/// [`sub_borrow`], not inlined (see [`shift_right`]).
#[inline(never)]
fn difference<const N: usize>(a: &[u32; N], b: &[u32; N]) -> ([u32; N], u32) {
    sub_borrow(a, b)
}

/// `(a - b) mod m`, not inlined (see [`shift_right`]).
#[inline(never)]
fn modular_difference<const N: usize>(m: &[u32; N], a: &[u32; N], b: &[u32; N]) -> [u32; N] {
    sub_any(m, a, b)
}

#[inline(always)]
fn invert_public_any<const N: usize>(m: &[u32; N], a: &[u32; N]) -> Option<[u32; N]> {
    let mut one = [0u32; N];
    one[0] = 1;
    let (mut u, mut v) = (*a, *m);
    let (mut x1, mut x2) = (one, [0u32; N]);
    // Each round removes at least one bit from u or v.
    for _ in 0..2 * 32 * N + 2 {
        if is_one(&u) {
            return Some(x1);
        }
        if is_one(&v) {
            return Some(x2);
        }
        if u.iter().all(|l| *l == 0) || v.iter().all(|l| *l == 0) {
            return None;
        }
        while u[0] & 1 == 0 {
            shift_right(&mut u, 0);
            halve(m, &mut x1);
        }
        while v[0] & 1 == 0 {
            shift_right(&mut v, 0);
            halve(m, &mut x2);
        }
        let (u_minus_v, borrow) = difference(&u, &v);
        if borrow == 0 {
            u = u_minus_v;
            x1 = modular_difference(m, &x1, &x2);
        } else {
            v = difference(&v, &u).0;
            x2 = modular_difference(m, &x2, &x1);
        }
    }
    None
}

/// The non-generic instances for one limb count.
macro_rules! sized {
    ($n:literal, $add:ident, $sub:ident, $inv:ident) => {
        #[inline(never)]
        fn $add(m: &[u32; $n], a: &[u32; $n], b: &[u32; $n]) -> [u32; $n] {
            add_any(m, a, b)
        }

        #[inline(never)]
        fn $sub(m: &[u32; $n], a: &[u32; $n], b: &[u32; $n]) -> [u32; $n] {
            sub_any(m, a, b)
        }

        #[inline(never)]
        fn $inv(m: &[u32; $n], a: &[u32; $n]) -> Option<[u32; $n]> {
            invert_public_any(m, a)
        }
    };
}

sized!(8, add8, sub8, invert_public8);
sized!(12, add12, sub12, invert_public12);
sized!(17, add17, sub17, invert_public17);

/// `a` as `[u32; M]`: `Some` exactly when `M == N`.
#[inline(always)]
fn fixed<const M: usize, const N: usize>(a: &[u32; N]) -> Option<&[u32; M]> {
    a.as_slice().try_into().ok()
}

/// `a` as `[u32; N]`: `Some` exactly when `M == N`.
#[inline(always)]
fn generic<const N: usize, const M: usize>(a: [u32; M]) -> Option<[u32; N]> {
    a.as_slice().try_into().ok()
}

/// Returns from the enclosing generic function through the non-generic
/// instance `$f` when `N` is `$n` (the conversions fold away for a constant
/// `N`); `$back` maps the instance's result back to `N` limbs.
macro_rules! through {
    ($f:ident($($array:ident),*; $($value:expr),*) as $n:literal, $back:expr) => {
        if let ($(Some($array),)*) = ($(fixed::<$n, N>($array),)*) {
            if let Some(out) = $back($f($($array,)* $($value),*)) {
                return out;
            }
        }
    };
}

/// `(a + b) mod m` for `a, b < m`.
#[inline]
pub fn add<const N: usize>(m: &[u32; N], a: &[u32; N], b: &[u32; N]) -> [u32; N] {
    through!(add8(m, a, b;) as 8, generic);
    through!(add12(m, a, b;) as 12, generic);
    through!(add17(m, a, b;) as 17, generic);
    add_any(m, a, b)
}

/// `(a - b) mod m` for `a, b < m`.
#[inline]
pub fn sub<const N: usize>(m: &[u32; N], a: &[u32; N], b: &[u32; N]) -> [u32; N] {
    through!(sub8(m, a, b;) as 8, generic);
    through!(sub12(m, a, b;) as 12, generic);
    through!(sub17(m, a, b;) as 17, generic);
    sub_any(m, a, b)
}

/// Montgomery product `a b R^-1 mod m` (`R = 2^(32 N)`) for `a, b < m` (or
/// any `a < 2^(32 N)` with `b < m`), with `m0 = -m^-1 mod 2^32` and
/// `sparse = Sparse::of(m)`: the curve primes take their own reduction,
/// other moduli operand scanning (CIOS); 64-bit accumulators (wasm
/// multiplies 64-bit integers natively but has no 64x64->128 product).
#[inline]
pub fn mul<const N: usize>(
    m: &[u32; N],
    m0: u32,
    sparse: Option<Sparse>,
    a: &[u32; N],
    b: &[u32; N],
) -> [u32; N] {
    match sparse {
        Some(Sparse::P256) => through!(mul_p256(a, b;) as 8, generic),
        Some(Sparse::P384) => through!(mul_p384(a, b;) as 12, generic),
        Some(Sparse::P521) => through!(mul_p521(a, b;) as 17, generic),
        Some(Sparse::P25519) => through!(mul_p25519(a, b;) as 8, generic),
        None => {}
    }
    mul_any(m, m0, a, b)
}

/// `a^-1 mod m` (plain form) for `0 < a < m` and a prime `m`, by the
/// binary extended Euclidean algorithm, or `None` if it does not finish.
/// **Variable time**: for public values only.
#[inline]
pub fn invert_public<const N: usize>(m: &[u32; N], a: &[u32; N]) -> Option<[u32; N]> {
    through!(invert_public8(m, a;) as 8, |r: Option<[u32; 8]>| Some(r.and_then(generic)));
    through!(invert_public12(m, a;) as 12, |r: Option<[u32; 12]>| Some(r.and_then(generic)));
    through!(invert_public17(m, a;) as 17, |r: Option<[u32; 17]>| Some(r.and_then(generic)));
    invert_public_any(m, a)
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::{vec, vec::Vec};

    /// xorshift64*: reproducible test inputs, no dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u32 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 32) as u32
        }
    }

    fn one<const N: usize>() -> [u32; N] {
        let mut x = [0u32; N];
        x[0] = 1;
        x
    }

    /// Inputs of many shapes below `m`: the extremes, random limbs, and
    /// runs of all-ones, small and top-bit-set limbs.
    fn inputs<const N: usize>(m: &[u32; N], rng: &mut Rng) -> Vec<[u32; N]> {
        let (m_minus_1, _) = sub_borrow(m, &one());
        let (m_minus_2, _) = sub_borrow(&m_minus_1, &one());
        let mut values = vec![[0; N], one(), m_minus_1, m_minus_2];
        for round in 0..60 {
            let mut x = [0u32; N];
            for limb in x.iter_mut() {
                *limb = match round % 4 {
                    0 => rng.next(),
                    1 => 0xffff_ffff,
                    2 => rng.next() & 0xffff,
                    _ => rng.next() | 0x8000_0000,
                };
            }
            values.push(reduce_once(m, &x, 0));
        }
        values
    }

    fn check<const N: usize>(
        sparse: Sparse,
        m: &[u32; N],
        mul: fn(&[u32; N], &[u32; N]) -> [u32; N],
    ) {
        assert_eq!(Sparse::of(m), Some(sparse));
        let m0 = neg_inverse(m[0]);
        assert_eq!(m[0].wrapping_mul(m0), u32::MAX, "{sparse:?}: m m0 = -1");
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ N as u64);
        for _ in 0..40 {
            let xs = inputs(m, &mut rng);
            for a in &xs {
                for b in &xs {
                    assert_eq!(mul(a, b), mul_any(m, m0, a, b), "{sparse:?}: {a:x?} {b:x?}");
                }
                // a may be any value below 2^(32 N) when b < m.
                let top = [0xffff_ffff; N];
                assert_eq!(mul(&top, a), mul_any(m, m0, &top, a), "{sparse:?}");
            }
        }
    }

    #[test]
    fn sparse_products_match_the_generic_product() {
        check(Sparse::P256, &P256, mul_p256);
        check(Sparse::P384, &P384, mul_p384);
        check(Sparse::P521, &P521, mul_p521);
        check(Sparse::P25519, &P25519, mul_p25519);
        assert_eq!(Sparse::of(&[0xffff_ffffu32; 8]), None);
    }
}
