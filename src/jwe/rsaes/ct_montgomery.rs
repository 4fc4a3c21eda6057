//! Constant-time fixed-width arithmetic for the RSA private operation:
//! 32-bit limbs with 64-bit accumulators (wasm has a native 64-bit multiply
//! but no 64x64->128 product), Montgomery multiplication by operand
//! scanning (CIOS), and a fixed-window exponentiation.
//!
//! "Constant time" here means: the sequence of operations and the memory
//! addresses touched depend only on the lengths of the operands (the limb
//! counts of the modulus, the exponent and the input), never on their
//! values. There is no branch and no index on a secret value: conditional
//! subtractions and table look-ups are done with `subtle` masks, every table
//! entry is read, and every exponent bit of the fixed width is processed.
//! This is the source-level property; what the wasm engine's compiler and
//! the CPU make of it is outside this crate.
//!
//! Unlike `crate::jws::rsassa::montgomery` (variable time, public data
//! only), everything here may be used with secrets.
//
// Indexing here runs over limb arrays whose lengths are fixed by the
// modulus and checked on entry (`Modulus::new`, the `len` of each call);
// loop counters are public and no index is derived from a secret value.
#![allow(clippy::indexing_slicing)]

use alloc::vec;
use alloc::vec::Vec;
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroizing;

/// Little-endian 32-bit limbs, wiped when dropped.
pub type Limbs = Zeroizing<Vec<u32>>;

/// Bits per exponent window.
const WINDOW: usize = 4;
/// Entries in the window table.
const TABLE: usize = 1 << WINDOW;

/// Zeroed limbs.
pub fn zero(len: usize) -> Limbs {
    Zeroizing::new(vec![0u32; len])
}

/// Big-endian bytes to exactly `len` little-endian limbs, or `None` when
/// the value does not fit. The time depends on the lengths only.
pub fn from_be_bytes(bytes: &[u8], len: usize) -> Option<Limbs> {
    let mut out = zero(len);
    let mut excess = 0u8;
    for (i, b) in bytes.iter().rev().enumerate() {
        match out.get_mut(i / 4) {
            Some(limb) => *limb |= u32::from(*b) << (8 * (i % 4)),
            None => excess |= *b,
        }
    }
    (excess == 0).then_some(out)
}

/// The low `size` bytes of `limbs`, big-endian (higher limbs are dropped).
pub fn to_be_bytes(limbs: &[u32], size: usize) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(vec![0u8; size]);
    for (i, byte) in out.iter_mut().rev().enumerate() {
        *byte = limbs.get(i / 4).map_or(0, |l| (l >> (8 * (i % 4))) as u8);
    }
    out
}

/// `out = a - b` over equal lengths; returns the borrow (0 or 1).
fn sub(a: &[u32], b: &[u32], out: &mut [u32]) -> u32 {
    let mut borrow = 0u64;
    for ((o, x), y) in out.iter_mut().zip(a).zip(b) {
        let d = u64::from(*x)
            .wrapping_sub(u64::from(*y))
            .wrapping_sub(borrow);
        *o = d as u32;
        borrow = (d >> 63) & 1;
    }
    borrow as u32
}

/// `out = a + b` over equal lengths; returns the carry (0 or 1).
fn add(a: &[u32], b: &[u32], out: &mut [u32]) -> u32 {
    let mut carry = 0u64;
    for ((o, x), y) in out.iter_mut().zip(a).zip(b) {
        let s = u64::from(*x) + u64::from(*y) + carry;
        *o = s as u32;
        carry = s >> 32;
    }
    carry as u32
}

/// `out = src` where `choice` is set, in constant time.
fn assign_if(out: &mut [u32], src: &[u32], choice: Choice) {
    for (o, s) in out.iter_mut().zip(src) {
        o.conditional_assign(s, choice);
    }
}

/// A bit (0 or 1) as a `Choice`.
fn bit(b: u32) -> Choice {
    Choice::from((b & 1) as u8)
}

/// `a < b` for equal-length limbs, in constant time.
pub fn less_than(a: &[u32], b: &[u32]) -> Choice {
    let mut scratch = zero(a.len());
    bit(sub(a, b, &mut scratch))
}

/// The full product `a * b`, `a.len() + b.len()` limbs (schoolbook; the
/// time depends on the lengths only).
pub fn mul_wide(a: &[u32], b: &[u32]) -> Limbs {
    let mut out = zero(a.len() + b.len());
    for (i, &ai) in a.iter().enumerate() {
        let ai = u64::from(ai);
        let mut c = 0u64;
        for (j, &bj) in b.iter().enumerate() {
            // At most (2^32-1) + (2^32-1)^2 + (2^32-1) = 2^64 - 1.
            let s = u64::from(out[i + j]) + ai * u64::from(bj) + c;
            out[i + j] = s as u32;
            c = s >> 32;
        }
        out[i + b.len()] = c as u32;
    }
    out
}

/// `a + b` into `a`, `b` zero-extended to `a`'s length; the carry out of
/// `a` is dropped (callers know the sum fits).
pub fn add_in_place(a: &mut [u32], b: &[u32]) {
    let mut carry = 0u64;
    for (i, x) in a.iter_mut().enumerate() {
        let y = b.get(i).copied().unwrap_or(0);
        let s = u64::from(*x) + u64::from(y) + carry;
        *x = s as u32;
        carry = s >> 32;
    }
}

/// `x mod m` for any `x` and any non-zero `m` (odd or even), bit by bit:
/// each step doubles the remainder, adds the next bit of `x` and subtracts
/// `m` by mask when the result reaches `m`. The time depends on the lengths
/// of `x` and `m` only. The result has `m.len()` limbs.
pub fn reduce(x: &[u32], m: &[u32]) -> Limbs {
    let len = m.len();
    let mut acc = zero(len);
    let mut diff = zero(len);
    for limb in x.iter().rev() {
        for shift in (0..32).rev() {
            // acc = 2 * acc + bit; `carry` is the bit shifted out on top.
            let mut carry = (limb >> shift) & 1;
            for a in acc.iter_mut() {
                let next = *a >> 31;
                *a = (*a << 1) | carry;
                carry = next;
            }
            // The value (carry, acc) is below 2m. It is at least m unless
            // the subtraction borrows with no carry on top.
            let borrow = sub(&acc, m, &mut diff);
            assign_if(&mut acc, &diff, !bit(borrow & !carry));
        }
    }
    acc
}

/// An odd modulus above 1 with its Montgomery constants. Its limb count is
/// public; its value may be secret (the primes of an RSA key).
#[derive(Clone)]
pub struct Modulus {
    /// The modulus, no leading zero limb.
    n: Limbs,
    /// `-n^-1 mod 2^32`.
    n0_inv: u32,
    /// `R^2 mod n`, with `R = 2^(32 * limbs)`.
    r2: Limbs,
    /// `R mod n`: 1 in Montgomery form.
    one: Limbs,
}

/// `t[..len + 1] = a * b * R^-1`, not reduced (below `2 n` for `a, b < n`),
/// by operand scanning (CIOS) with 64-bit accumulators; `n0_inv` is
/// `-n^-1 mod 2^32` and `t` scratch of `len + 2` limbs. Constant time: the
/// same operations for every operand. The RSA verification path
/// (`jws::rsassa`) shares it.
pub(crate) fn cios(n: &[u32], n0_inv: u32, a: &[u32], b: &[u32], t: &mut [u32]) {
    let len = n.len();
    let (a, b, t) = (&a[..len], &b[..len], &mut t[..len + 2]);
    t.fill(0);
    for &bi in b {
        // t += a * b[i]
        let bi = u64::from(bi);
        let mut c = 0u64;
        for j in 0..len {
            let s = u64::from(t[j]) + u64::from(a[j]) * bi + c;
            t[j] = s as u32;
            c = s >> 32;
        }
        let s = u64::from(t[len]) + c;
        t[len] = s as u32;
        t[len + 1] = (s >> 32) as u32;
        // t = (t + m * n) / 2^32, with m making the low limb vanish
        let m = u64::from(t[0].wrapping_mul(n0_inv));
        let mut c = (u64::from(t[0]) + m * u64::from(n[0])) >> 32;
        for j in 1..len {
            let s = u64::from(t[j]) + m * u64::from(n[j]) + c;
            t[j - 1] = s as u32;
            c = s >> 32;
        }
        let s = u64::from(t[len]) + c;
        t[len - 1] = s as u32;
        t[len] = t[len + 1] + (s >> 32) as u32;
    }
}

impl Modulus {
    /// The constants for `n`: `None` when `n` has a leading zero limb, is
    /// even, or is 1. (These checks branch: they run when a key is loaded.)
    pub fn new(n: &[u32]) -> Option<Self> {
        let len = n.len();
        let (&low, &top) = (n.first()?, n.last()?);
        if top == 0 || low & 1 == 0 || (len == 1 && low == 1) {
            return None;
        }
        // Newton's iteration doubles the correct low bits: 5 steps give 32.
        let mut inv = 1u32;
        for _ in 0..5 {
            inv = inv.wrapping_mul(2u32.wrapping_sub(low.wrapping_mul(inv)));
        }
        // R mod n and R^2 mod n by reducing 2^(32 len) and 2^(64 len).
        let mut r = zero(len + 1);
        r[len] = 1;
        let mut r2 = zero(2 * len + 1);
        r2[2 * len] = 1;
        Some(Modulus {
            n: Zeroizing::new(n.to_vec()),
            n0_inv: inv.wrapping_neg(),
            one: reduce(&r, n),
            r2: reduce(&r2, n),
        })
    }

    /// The limb count.
    pub fn len(&self) -> usize {
        self.n.len()
    }

    /// The modulus limbs.
    pub fn limbs(&self) -> &[u32] {
        &self.n
    }

    /// `out = a * b * R^-1 mod n` (CIOS). `a`, `b` < n, `len` limbs; `t` is
    /// scratch of at least `len + 2` limbs. The final subtraction of `n` is
    /// always computed and kept or dropped by mask.
    fn mont_mul_into(&self, a: &[u32], b: &[u32], t: &mut [u32], out: &mut [u32]) {
        let len = self.n.len();
        let (n, a, b, t, out) = (
            &self.n[..len],
            &a[..len],
            &b[..len],
            &mut t[..len + 2],
            &mut out[..len],
        );
        cios(n, self.n0_inv, a, b, t);
        // t < 2n, so t[len] is 0 or 1. Keep t when t < n (the subtraction
        // borrows and there is no top limb), else t - n.
        let borrow = sub(&t[..len], n, out);
        assign_if(out, &t[..len], bit(borrow & !t[len]));
    }

    /// `a * b * R^-1 mod n` as new limbs (`a`, `b` < n).
    pub fn mont_mul(&self, a: &[u32], b: &[u32]) -> Limbs {
        let mut t = zero(self.len() + 2);
        let mut out = zero(self.len());
        self.mont_mul_into(a, b, &mut t, &mut out);
        out
    }

    /// `x * R mod n`: into Montgomery form (`x` < n).
    pub fn to_mont(&self, x: &[u32]) -> Limbs {
        self.mont_mul(x, &self.r2)
    }

    /// `x * R^-1 mod n`: out of Montgomery form.
    pub fn to_normal(&self, x: &[u32]) -> Limbs {
        let mut one = zero(self.len());
        one[0] = 1;
        self.mont_mul(x, &one)
    }

    /// `a * b mod n` (`a`, `b` < n).
    pub fn mul(&self, a: &[u32], b: &[u32]) -> Limbs {
        self.mont_mul(&self.mont_mul(a, b), &self.r2)
    }

    /// `a - b mod n` (`a`, `b` < n): `n` is added back by mask.
    pub fn sub(&self, a: &[u32], b: &[u32]) -> Limbs {
        let mut diff = zero(self.len());
        let mut sum = zero(self.len());
        let borrow = sub(a, b, &mut diff);
        add(&diff, &self.n, &mut sum);
        assign_if(&mut diff, &sum, bit(borrow));
        diff
    }

    /// `out` = the table entry `index` (each entry `len` limbs), reading
    /// every entry and keeping the one whose position matches by mask.
    fn select(table: &[u32], len: usize, index: u32, out: &mut [u32]) {
        out.fill(0);
        for (i, entry) in table.chunks_exact(len).enumerate() {
            assign_if(out, entry, (i as u32).ct_eq(&index));
        }
    }

    /// `base^exp mod n` for a secret exponent, `base` < n. All
    /// `32 * exp.len()` exponent bits are processed, four at a time: four
    /// squarings, a constant-time table scan and one multiplication per
    /// window, whatever the bits are. The time depends on `self.len()` and
    /// `exp.len()` only.
    pub fn pow(&self, base: &[u32], exp: &[u32]) -> Limbs {
        let len = self.len();
        let mut t = zero(len + 2);
        let mut tmp = zero(len);
        // table[i] = base^i in Montgomery form
        let mut table = zero(TABLE * len);
        table[..len].copy_from_slice(&self.one);
        self.mont_mul_into(base, &self.r2, &mut t, &mut tmp);
        table[len..2 * len].copy_from_slice(&tmp);
        for i in 2..TABLE {
            let (done, rest) = table.split_at_mut(i * len);
            self.mont_mul_into(
                &done[(i - 1) * len..],
                &done[len..2 * len],
                &mut t,
                &mut rest[..len],
            );
        }
        let mut acc = Zeroizing::new(self.one.to_vec());
        let mut entry = zero(len);
        let per_limb = 32 / WINDOW;
        for w in (0..exp.len() * per_limb).rev() {
            for _ in 0..WINDOW {
                self.mont_mul_into(&acc, &acc, &mut t, &mut tmp);
                core::mem::swap(&mut acc, &mut tmp);
            }
            let bits = (exp[w / per_limb] >> (WINDOW * (w % per_limb))) & (TABLE as u32 - 1);
            Self::select(&table, len, bits, &mut entry);
            self.mont_mul_into(&acc, &entry, &mut t, &mut tmp);
            core::mem::swap(&mut acc, &mut tmp);
        }
        self.to_normal(&acc)
    }

    /// `base^e mod n` for a public exponent `e`, `base` < n: square and
    /// multiply over the bits of `e` (which may branch: `e` is public) with
    /// the same constant-time multiplication, so the time does not depend
    /// on `base`.
    pub fn pow_public(&self, base: &[u32], e: u32) -> Limbs {
        let len = self.len();
        let mut t = zero(len + 2);
        let mut tmp = zero(len);
        let x = self.to_mont(base);
        let mut acc = Zeroizing::new(self.one.to_vec());
        for shift in (0..u32::BITS - e.leading_zeros()).rev() {
            self.mont_mul_into(&acc, &acc, &mut t, &mut tmp);
            core::mem::swap(&mut acc, &mut tmp);
            if (e >> shift) & 1 == 1 {
                self.mont_mul_into(&acc, &x, &mut t, &mut tmp);
                core::mem::swap(&mut acc, &mut tmp);
            }
        }
        self.to_normal(&acc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Limbs of a u128 (little-endian), `len` of them.
    fn limbs(x: u128, len: usize) -> Vec<u32> {
        (0..len).map(|i| (x >> (32 * i)) as u32).collect()
    }

    fn value(l: &[u32]) -> u128 {
        l.iter()
            .rev()
            .fold(0u128, |acc, x| (acc << 32) | u128::from(*x))
    }

    /// Reference `a * b mod n` for n < 2^64.
    fn mulmod(a: u128, b: u128, n: u128) -> u128 {
        a * b % n
    }

    fn powmod(base: u128, e: u128, n: u128) -> u128 {
        let (mut acc, mut b, mut e) = (1 % n, base % n, e);
        while e > 0 {
            if e & 1 == 1 {
                acc = mulmod(acc, b, n);
            }
            b = mulmod(b, b, n);
            e >>= 1;
        }
        acc
    }

    /// A fixed pseudo-random sequence.
    fn lcg(x: &mut u128) -> u128 {
        *x = x
            .wrapping_mul(0x2360_ed05_1fc6_5da4_4385_df64_9fcc_f645)
            .wrapping_add(0x5851_f42d_4c95_7f2d_1405_7b7e_f767_814f);
        *x >> 32
    }

    /// Moduli of one and two limbs, some with the top bit set (so the
    /// CIOS intermediate exceeds R and the masked subtraction runs both
    /// ways), against u128 arithmetic.
    const MODULI: [(u128, usize); 6] = [
        (0xffff_fffb, 1),           // largest 32-bit prime
        (0x8000_0001, 1),           // top bit set
        (3, 1),                     // smallest allowed
        (0x1fff_ffff_ffff_ffe7, 2), // 61-bit
        (0xffff_ffff_ffff_ffc5, 2), // largest 64-bit prime
        (0x8000_0000_0000_001d, 2), // top bit set
    ];

    #[test]
    fn montgomery_multiply_against_schoolbook() {
        let mut seed = 7u128;
        for (n, len) in MODULI {
            let m = Modulus::new(&limbs(n, len)).unwrap();
            let r = 1u128 << (32 * len);
            let r_inv = inverse(r % n, n);
            for i in 0..500 {
                let (a, b) = match i {
                    0 => (0, 0),
                    1 => (n - 1, n - 1),
                    2 => (n - 1, 1),
                    _ => (lcg(&mut seed) % n, lcg(&mut seed) % n),
                };
                let got = value(&m.mont_mul(&limbs(a, len), &limbs(b, len)));
                assert_eq!(got, mulmod(mulmod(a, b, n), r_inv, n), "{a}*{b} mod {n}");
                let got = value(&m.mul(&limbs(a, len), &limbs(b, len)));
                assert_eq!(got, mulmod(a, b, n), "{a}*{b} mod {n}");
                let got = value(&m.sub(&limbs(a, len), &limbs(b, len)));
                assert_eq!(got, (a + n - b) % n, "{a}-{b} mod {n}");
                let got = value(&m.to_normal(&m.to_mont(&limbs(a, len))));
                assert_eq!(got, a);
            }
        }
    }

    /// `a^-1 mod n` by the extended Euclidean algorithm (n < 2^64).
    fn inverse(a: u128, n: u128) -> u128 {
        let (mut r0, mut r1) = (n as i128, a as i128);
        let (mut t0, mut t1) = (0i128, 1i128);
        while r1 != 0 {
            let q = r0 / r1;
            (r0, r1) = (r1, r0 - q * r1);
            (t0, t1) = (t1, t0 - q * t1);
        }
        assert_eq!(r0, 1, "not invertible");
        t0.rem_euclid(n as i128) as u128
    }

    #[test]
    fn exponentiation_against_schoolbook() {
        let mut seed = 11u128;
        for (n, len) in MODULI {
            let m = Modulus::new(&limbs(n, len)).unwrap();
            for i in 0..200 {
                let base = if i == 0 { 0 } else { lcg(&mut seed) % n };
                let e = match i {
                    0 | 1 => 0,
                    2 => 1,
                    3 => u128::from(u64::MAX),
                    _ => lcg(&mut seed) & u128::from(u64::MAX),
                };
                // The exponent in two limbs, and in four (leading zeros).
                for width in [2, 4] {
                    let got = value(&m.pow(&limbs(base, len), &limbs(e, width)));
                    assert_eq!(got, powmod(base, e, n), "{base}^{e} mod {n}");
                }
                let e = e as u32;
                let got = value(&m.pow_public(&limbs(base, len), e));
                assert_eq!(got, powmod(base, u128::from(e), n), "{base}^{e} mod {n}");
            }
        }
    }

    #[test]
    fn fermat_on_a_17_limb_prime() {
        // 2^521 - 1 is prime: x^(p-1) = 1 and x^p = x for every x < p.
        let mut p = vec![u32::MAX; 17];
        p[16] = 0x1ff;
        let m = Modulus::new(&p).unwrap();
        let mut p_minus_1 = p.clone();
        p_minus_1[0] -= 1;
        let mut seed = 3u128;
        for _ in 0..4 {
            let x: Vec<u32> = (0..16).map(|_| lcg(&mut seed) as u32).collect();
            let mut x17 = x.clone();
            x17.push(0x55);
            let one = m.pow(&x17, &p_minus_1);
            assert_eq!(one[0], 1);
            assert!(one[1..].iter().all(|l| *l == 0));
            assert_eq!(&m.pow(&x17, &p)[..], &x17[..]);
            // A wrong exponent does not give 1.
            let mut e = p_minus_1.clone();
            e[0] -= 2;
            assert_ne!(&m.pow(&x17, &e)[..], &one[..]);
            // x^e by the public path equals the secret path.
            assert_eq!(&m.pow_public(&x17, 65537)[..], &m.pow(&x17, &[65537])[..]);
        }
    }

    #[test]
    fn reduction_and_wide_products() {
        let mut seed = 5u128;
        for m in [
            1u128,
            2,
            3,
            10,
            0xffff_fffe,
            0x1_0000_0000,
            0xffff_ffff_ffff_ffc5,
        ] {
            let len = if m >> 32 == 0 { 1 } else { 2 };
            for _ in 0..200 {
                let x = lcg(&mut seed) | (lcg(&mut seed) << 64);
                assert_eq!(value(&reduce(&limbs(x, 4), &limbs(m, len))), x % m);
            }
        }
        for _ in 0..200 {
            let (a, b) = (
                lcg(&mut seed) & u128::from(u64::MAX),
                lcg(&mut seed) & 0xffff_ffff,
            );
            let wide = mul_wide(&limbs(a, 2), &limbs(b, 1));
            assert_eq!(wide.len(), 3);
            assert_eq!(value(&wide), a * b);
            let mut sum = limbs(a, 3);
            add_in_place(&mut sum, &limbs(b, 1));
            assert_eq!(value(&sum), a + b);
            assert_eq!(bool::from(less_than(&limbs(a, 2), &limbs(b, 2))), a < b);
            assert!(!bool::from(less_than(&limbs(a, 2), &limbs(a, 2))));
        }
    }

    #[test]
    fn table_selection_reads_the_right_entry() {
        let len = 3;
        let table: Vec<u32> = (0..TABLE as u32 * len as u32).collect();
        let mut out = vec![0u32; len];
        for i in 0..TABLE as u32 {
            Modulus::select(&table, len, i, &mut out);
            assert_eq!(out, [3 * i, 3 * i + 1, 3 * i + 2]);
        }
        Modulus::select(&table, len, TABLE as u32, &mut out);
        assert_eq!(out, [0, 0, 0], "no entry matches: zero");
    }

    #[test]
    fn bytes_and_limbs() {
        let l = from_be_bytes(&[0, 0, 1, 2, 3, 4, 5], 2).unwrap();
        assert_eq!(&l[..], &[0x0203_0405, 0x01]);
        assert_eq!(&to_be_bytes(&l, 6)[..], &[0, 1, 2, 3, 4, 5]);
        assert_eq!(&to_be_bytes(&l, 3)[..], &[3, 4, 5]);
        assert!(from_be_bytes(&[1, 0, 0, 0, 0], 1).is_none());
        assert_eq!(&from_be_bytes(&[0, 0, 0, 0, 7], 1).unwrap()[..], &[7]);
        assert_eq!(&from_be_bytes(&[], 2).unwrap()[..], &[0, 0]);
    }

    #[test]
    fn unusable_moduli_are_refused() {
        assert!(Modulus::new(&[]).is_none());
        assert!(Modulus::new(&[1]).is_none());
        assert!(Modulus::new(&[4]).is_none());
        assert!(Modulus::new(&[3, 0]).is_none(), "leading zero limb");
        assert!(Modulus::new(&[0, 1]).is_none(), "even");
        assert!(Modulus::new(&[1, 1]).is_some());
    }
}
