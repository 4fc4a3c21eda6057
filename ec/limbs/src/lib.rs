//! The inner loops of `idtoken-ec`'s field arithmetic: modular addition,
//! subtraction and Montgomery multiplication of `N` little-endian 32-bit
//! limbs, for any odd modulus `m < 2^(32 N)`.
//!
//! Generic code is compiled in the crate that picks `N`; these loops are
//! hot only when their limb count is a constant the optimiser can unroll,
//! so this crate also exports them as non-generic functions for the limb
//! counts of the curves (8, 12 and 17 limbs). It is built at
//! `opt-level = 3`: fully unrolled loops with the limbs in registers, about
//! 1.6x faster curve arithmetic in wasm, while everything around it stays
//! size-optimised.
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
    ($n:literal, $add:ident, $sub:ident, $mul:ident, $inv:ident) => {
        #[inline(never)]
        fn $add(m: &[u32; $n], a: &[u32; $n], b: &[u32; $n]) -> [u32; $n] {
            add_any(m, a, b)
        }

        #[inline(never)]
        fn $sub(m: &[u32; $n], a: &[u32; $n], b: &[u32; $n]) -> [u32; $n] {
            sub_any(m, a, b)
        }

        #[inline(never)]
        fn $mul(m: &[u32; $n], a: &[u32; $n], b: &[u32; $n], m0: u32) -> [u32; $n] {
            mul_any(m, m0, a, b)
        }

        #[inline(never)]
        fn $inv(m: &[u32; $n], a: &[u32; $n]) -> Option<[u32; $n]> {
            invert_public_any(m, a)
        }
    };
}

sized!(8, add8, sub8, mul8, invert_public8);
sized!(12, add12, sub12, mul12, invert_public12);
sized!(17, add17, sub17, mul17, invert_public17);

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
/// any `a < 2^(32 N)` with `b < m`), with `m0 = -m^-1 mod 2^32`: operand
/// scanning (CIOS), 64-bit accumulators (wasm multiplies 64-bit integers
/// natively but has no 64x64->128 product).
#[inline]
pub fn mul<const N: usize>(m: &[u32; N], m0: u32, a: &[u32; N], b: &[u32; N]) -> [u32; N] {
    through!(mul8(m, a, b; m0) as 8, generic);
    through!(mul12(m, a, b; m0) as 12, generic);
    through!(mul17(m, a, b; m0) as 17, generic);
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
