//! Fixed-width Montgomery arithmetic modulo an RSA modulus, for public
//! exponentiation only: 32-bit limbs with 64-bit accumulators (wasm has a
//! native 64-bit multiply but no 64x64->128 product), operand scanning
//! (CIOS), and no allocation inside the loops.
//
// Indexing here runs over limb arrays whose lengths are fixed by the
// modulus and checked on entry; no index comes from untrusted data.
#![allow(clippy::indexing_slicing)]

use alloc::vec;
use alloc::vec::Vec;

/// An odd modulus with its Montgomery constants.
#[derive(Clone, PartialEq, Eq)]
pub struct Modulus {
    /// The modulus, little-endian 32-bit limbs, no leading zero limb.
    n: Vec<u32>,
    /// `-n^-1 mod 2^32`.
    n0_inv: u32,
    /// `R^2 mod n`, with `R = 2^(32 * limbs)`.
    r2: Vec<u32>,
    bits: usize,
}

/// Big-endian bytes to little-endian limbs of exactly `len` limbs (the
/// value must fit).
fn limbs_from_be(bytes: &[u8], len: usize) -> Option<Vec<u32>> {
    let bytes = &bytes[bytes.iter().take_while(|b| **b == 0).count()..];
    if bytes.len() > len * 4 {
        return None;
    }
    let mut out = vec![0u32; len];
    for (i, chunk) in bytes.rchunks(4).enumerate() {
        out[i] = chunk.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b));
    }
    Some(out)
}

/// `a >= b` for equal-length little-endian limbs.
fn ge(a: &[u32], b: &[u32]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x > y;
        }
    }
    true
}

/// `a -= b` for equal-length limbs; returns the borrow.
fn sub_in_place(a: &mut [u32], b: &[u32]) -> bool {
    let mut borrow = 0u64;
    for (x, y) in a.iter_mut().zip(b) {
        let d = u64::from(*x)
            .wrapping_sub(u64::from(*y))
            .wrapping_sub(borrow);
        *x = d as u32;
        borrow = (d >> 63) & 1;
    }
    borrow != 0
}

impl Modulus {
    /// Precomputes the constants for the big-endian modulus `n`, which must
    /// be odd, non-zero and at most `max_bits` long.
    pub fn new(n_be: &[u8], max_bits: usize) -> Option<Self> {
        let significant = &n_be[n_be.iter().take_while(|b| **b == 0).count()..];
        let first = *significant.first()?;
        let bits = significant.len() * 8 - first.leading_zeros() as usize;
        if bits > max_bits || bits < 2 || significant.last()? & 1 == 0 {
            return None;
        }
        let len = significant.len().div_ceil(4);
        let n = limbs_from_be(significant, len)?;
        // Newton's iteration doubles the correct low bits: 5 steps give 32.
        let n0 = n[0];
        let mut inv = 1u32;
        for _ in 0..5 {
            inv = inv.wrapping_mul(2u32.wrapping_sub(n0.wrapping_mul(inv)));
        }
        let mut m = Modulus {
            n,
            n0_inv: inv.wrapping_neg(),
            r2: Vec::new(),
            bits,
        };
        m.r2 = m.r_squared();
        Some(m)
    }

    /// The modulus length in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// The modulus length in bytes.
    pub fn size(&self) -> usize {
        self.bits.div_ceil(8)
    }

    /// `R^2 mod n` by doubling 1 modulo n, 2 * 32 * limbs times.
    fn r_squared(&self) -> Vec<u32> {
        let len = self.n.len();
        let mut x = vec![0u32; len];
        x[0] = 1;
        for _ in 0..2 * 32 * len {
            let mut carry = 0u32;
            for limb in x.iter_mut() {
                let next = *limb >> 31;
                *limb = (*limb << 1) | carry;
                carry = next;
            }
            if carry == 1 || ge(&x, &self.n) {
                sub_in_place(&mut x, &self.n);
            }
        }
        x
    }

    /// `out = a * b * R^-1 mod n` (CIOS). `a`, `b` < n; `t` is scratch of
    /// at least `len + 2` limbs.
    fn mont_mul(&self, a: &[u32], b: &[u32], t: &mut [u32], out: &mut [u32]) {
        let len = self.n.len();
        let n = &self.n[..len];
        crate::jwe::rsaes::cios(n, self.n0_inv, a, b, t);
        out[..len].copy_from_slice(&t[..len]);
        if t[len] != 0 || ge(out, n) {
            sub_in_place(out, n);
        }
    }

    /// `out = a^2 * R^-1 mod n` by separated operand scanning: each cross
    /// product once, doubled, plus the squares, then the reduction. `t` is
    /// scratch of `2 * len + 1` limbs.
    fn mont_sqr(&self, a: &[u32], t: &mut [u32], out: &mut [u32]) {
        let len = self.n.len();
        let (n, a, t) = (&self.n[..len], &a[..len], &mut t[..2 * len + 1]);
        t.fill(0);
        // Cross products a[i] * a[j], i < j; row i ends at limb i + len.
        for i in 0..len {
            let ai = u64::from(a[i]);
            let mut c = 0u64;
            for j in i + 1..len {
                let s = u64::from(t[i + j]) + ai * u64::from(a[j]) + c;
                t[i + j] = s as u32;
                c = s >> 32;
            }
            t[i + len] = c as u32;
        }
        // Double them.
        let mut carry = 0u32;
        for limb in t[..2 * len].iter_mut() {
            let next = *limb >> 31;
            *limb = (*limb << 1) | carry;
            carry = next;
        }
        t[2 * len] = carry;
        // Add the squares a[i]^2 at limb 2i.
        let mut c = 0u64;
        for i in 0..len {
            let sq = u64::from(a[i]) * u64::from(a[i]);
            let s = u64::from(t[2 * i]) + (sq & 0xffff_ffff) + c;
            t[2 * i] = s as u32;
            let s = u64::from(t[2 * i + 1]) + (sq >> 32) + (s >> 32);
            t[2 * i + 1] = s as u32;
            c = s >> 32;
        }
        t[2 * len] += c as u32;
        // Montgomery reduction: clear the low limbs one by one.
        for i in 0..len {
            let m = u64::from(t[i].wrapping_mul(self.n0_inv));
            let mut c = 0u64;
            for j in 0..len {
                let s = u64::from(t[i + j]) + m * u64::from(n[j]) + c;
                t[i + j] = s as u32;
                c = s >> 32;
            }
            let mut k = i + len;
            while c != 0 && k <= 2 * len {
                let s = u64::from(t[k]) + c;
                t[k] = s as u32;
                c = s >> 32;
                k += 1;
            }
        }
        out[..len].copy_from_slice(&t[len..2 * len]);
        if t[2 * len] != 0 || ge(out, n) {
            sub_in_place(out, n);
        }
    }

    /// `base^e mod n` for a public exponent, as big-endian bytes of the
    /// modulus size; `None` when `base` (big-endian) is not below `n`.
    pub fn pow_public(&self, base_be: &[u8], e: u64) -> Option<Vec<u8>> {
        let len = self.n.len();
        let base = limbs_from_be(base_be, len)?;
        if ge(&base, &self.n) {
            return None;
        }
        let mut t = vec![0u32; 2 * len + 1];
        let mut x = vec![0u32; len];
        let mut y = vec![0u32; len];
        // x = base * R mod n (Montgomery form)
        self.mont_mul(&base, &self.r2, &mut t, &mut x);
        let xr = x.clone();
        // Left to right over the exponent's bits after the leading one.
        let top = 63 - e.leading_zeros();
        for bit in (0..top).rev() {
            self.mont_sqr(&x, &mut t, &mut y);
            core::mem::swap(&mut x, &mut y);
            if (e >> bit) & 1 == 1 {
                self.mont_mul(&x, &xr, &mut t, &mut y);
                core::mem::swap(&mut x, &mut y);
            }
        }
        // Out of Montgomery form: multiply by 1.
        let mut one = vec![0u32; len];
        one[0] = 1;
        self.mont_mul(&x, &one, &mut t, &mut y);
        let size = self.size();
        let mut out = vec![0u8; size];
        for (i, byte) in out.iter_mut().rev().enumerate() {
            *byte = (y[i / 4] >> (8 * (i % 4))) as u8;
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_modulus_against_u128_arithmetic() {
        // n = a 61-bit odd number; compare with plain modular exponentiation.
        let n: u128 = 0x1fff_ffff_ffff_ffe7;
        let m = Modulus::new(&n.to_be_bytes(), 64).unwrap();
        for (base, e) in [
            (2u128, 65537u64),
            (12345, 3),
            (n - 1, 65537),
            (0, 17),
            (1, 65537),
            (0xdead_beef_cafe, 0x1_0000_0001),
        ] {
            let mut expect = 1u128;
            let mut b = base % n;
            let mut k = e;
            while k > 0 {
                if k & 1 == 1 {
                    expect = expect * b % n;
                }
                b = b * b % n;
                k >>= 1;
            }
            let got = m.pow_public(&base.to_be_bytes(), e).unwrap();
            let got = got.iter().fold(0u128, |acc, x| (acc << 8) | u128::from(*x));
            assert_eq!(got, expect, "{base}^{e}");
        }
        // Squaring-heavy exponents over many bases, against u128 arithmetic.
        let mut x: u128 = 0x1234_5678_9abc_def1;
        for _ in 0..2000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407)
                % n;
            let got = m.pow_public(&x.to_be_bytes(), (1 << 16) | 1).unwrap();
            let got = got.iter().fold(0u128, |acc, b| (acc << 8) | u128::from(*b));
            let mut expect = x;
            for _ in 0..16 {
                expect = expect * expect % n;
            }
            assert_eq!(got, expect * x % n, "{x}^65537");
        }
        assert!(
            m.pow_public(&n.to_be_bytes(), 3).is_none(),
            "base = n is refused"
        );
        assert!(Modulus::new(&[0x10, 0x00], 64).is_none(), "even modulus");
        assert!(Modulus::new(&[0, 0], 64).is_none(), "zero modulus");
    }
}
