//! The NIST prime curves `y^2 = x^3 - 3x + b` (FIPS 186-5, SEC 2) that
//! JOSE names P-256, P-384 and P-521, and their point arithmetic.
//!
//! Points are projective `(X : Y : Z)` with `x = X/Z`, `y = Y/Z`, the
//! identity being `(0 : 1 : 0)`, and coordinates in Montgomery form. The
//! addition and doubling formulas of the ECDH ladder and of table building
//! are the complete ones of Renes, Costello and Batina (eprint 2015/1060,
//! algorithms 4 and 6 for `a = -3`): they have no exceptional cases (equal
//! points, inverse points, the identity), so they need no branch, which the
//! constant-time ladder relies on.
//!
//! Verification sums table entries in Jacobian coordinates instead
//! ([`Jacobian`]: 8M + 3S a mixed addition against 13 multiplications),
//! on public data only; its exceptional cases are tested and taken apart
//! explicitly (the identity, `P = Q` by a doubling, `P = -Q`), so a
//! signature steered into one still gets the right sum.
//
// Indexing: table positions come from scalar digits bounded by the window
// (checked where computed), never from untrusted bytes.
#![allow(clippy::indexing_slicing)]

use super::field::{self, Field, Limbs};
use alloc::vec::Vec;
use std::sync::OnceLock;

/// A curve as JOSE names it (`crv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Crv {
    /// P-256 (secp256r1).
    P256,
    /// P-384 (secp384r1).
    P384,
    /// P-521 (secp521r1).
    P521,
}

impl Crv {
    /// The curve named `name` (`"P-256"`, `"P-384"`, `"P-521"`).
    pub fn from_name(name: &str) -> Option<Crv> {
        match name {
            "P-256" => Some(Crv::P256),
            "P-384" => Some(Crv::P384),
            "P-521" => Some(Crv::P521),
            _ => None,
        }
    }

    /// The JOSE name.
    pub fn name(self) -> &'static str {
        match self {
            Crv::P256 => "P-256",
            Crv::P384 => "P-384",
            Crv::P521 => "P-521",
        }
    }

    /// Bytes of a coordinate or scalar: 32, 48 or 66.
    pub fn size(self) -> usize {
        match self {
            Crv::P256 => 32,
            Crv::P384 => 48,
            Crv::P521 => 66,
        }
    }
}

/// An affine point (never the identity), coordinates in Montgomery form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Affine<const N: usize> {
    /// `x`, Montgomery form.
    pub x: Limbs<N>,
    /// `y`, Montgomery form.
    pub y: Limbs<N>,
}

/// A projective point `(X : Y : Z)`, coordinates in Montgomery form.
#[derive(Clone, Copy, Debug)]
pub struct Projective<const N: usize> {
    /// `X`.
    pub x: Limbs<N>,
    /// `Y`.
    pub y: Limbs<N>,
    /// `Z`; zero for the identity.
    pub z: Limbs<N>,
}

/// A point in Jacobian coordinates (`x = X/Z^2`, `y = Y/Z^3`), Montgomery
/// form: the sums of verification, where the incomplete formulas (with
/// their exceptional cases tested, in variable time) cost fewer field
/// operations than the complete ones.
#[derive(Clone, Copy, Debug)]
pub struct Jacobian<const N: usize> {
    /// `X`.
    pub x: Limbs<N>,
    /// `Y`.
    pub y: Limbs<N>,
    /// `Z`; zero for the identity.
    pub z: Limbs<N>,
}

/// The multiples of one point for fixed-position signed windows: for each
/// position `i` and digit `j` in `1..=2^(w-1)`, the affine point
/// `j * 2^(w i) * P`. A scalar is then the sum of one table entry (or its
/// negation) per position: no doubling at all.
#[derive(Clone, Debug)]
pub struct Table<const N: usize> {
    points: Vec<Affine<N>>,
}

/// One curve: its two fields, `b`, the generator and the table of the
/// generator (built on first use).
#[derive(Debug)]
pub struct Curve<const N: usize> {
    /// The JOSE name (`crv`).
    pub name: &'static str,
    /// Coordinates: integers modulo the prime `p`.
    pub p: Field<N>,
    /// Scalars: integers modulo the group order `n` (prime; cofactor 1).
    pub n: Field<N>,
    /// Bytes of a coordinate or scalar (32, 48, 66).
    pub size: usize,
    /// Bits of `n`.
    pub bits: usize,
    /// Window width of the tables.
    window: usize,
    /// `b`, Montgomery form.
    b: Limbs<N>,
    /// The generator.
    g: Affine<N>,
    g_table: OnceLock<Table<N>>,
}

/// Hex digits (no prefix) to limbs; the constants below are well formed.
pub(crate) fn hex<const N: usize>(text: &str) -> Limbs<N> {
    let bytes: Vec<u8> = text
        .as_bytes()
        .chunks(2)
        .map(|pair| {
            pair.iter().fold(0u8, |acc, c| {
                (acc << 4) | (*c as char).to_digit(16).unwrap_or(0) as u8
            })
        })
        .collect();
    field::from_be_bytes(&bytes).unwrap_or([0; N])
}

/// The curve constants as hex: p, n, b, Gx, Gy.
struct Constants {
    name: &'static str,
    p: &'static str,
    n: &'static str,
    b: &'static str,
    gx: &'static str,
    gy: &'static str,
    size: usize,
    bits: usize,
    window: usize,
}

// FIPS 186-5 / SP 800-186 section 3.2.1.
const P256: Constants = Constants {
    name: "P-256",
    p: "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
    n: "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
    b: "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b",
    gx: "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
    gy: "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
    size: 32,
    bits: 256,
    window: 6,
};

const P384: Constants = Constants {
    name: "P-384",
    p: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe\
        ffffffff0000000000000000ffffffff",
    n: "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf\
        581a0db248b0a77aecec196accc52973",
    b: "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875a\
        c656398d8a2ed19d2a85c8edd3ec2aef",
    gx: "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a38\
         5502f25dbf55296c3a545e3872760ab7",
    gy: "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c0\
         0a60b1ce1d7e819d7a431d7c90ea0e5f",
    size: 48,
    bits: 384,
    window: 5,
};

const P521: Constants = Constants {
    name: "P-521",
    p: "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\
        ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    n: "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\
        fa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
    b: "0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef1\
        09e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00",
    gx: "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d\
         3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66",
    gy: "011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e\
         662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650",
    size: 66,
    bits: 521,
    window: 5,
};

impl<const N: usize> Curve<N> {
    fn new(c: &Constants) -> Self {
        let p = Field::new(hex(c.p));
        let n = Field::new(hex(c.n));
        let b = p.to_montgomery(&hex(c.b));
        let g = Affine {
            x: p.to_montgomery(&hex(c.gx)),
            y: p.to_montgomery(&hex(c.gy)),
        };
        Curve {
            name: c.name,
            p,
            n,
            size: c.size,
            bits: c.bits,
            window: c.window,
            b,
            g,
            g_table: OnceLock::new(),
        }
    }

    /// The identity `(0 : 1 : 0)`.
    pub fn identity(&self) -> Projective<N> {
        Projective {
            x: [0; N],
            y: self.p.one(),
            z: [0; N],
        }
    }

    /// The generator.
    pub fn generator(&self) -> Affine<N> {
        self.g
    }

    /// `P` as a projective point.
    pub fn projective(&self, a: &Affine<N>) -> Projective<N> {
        Projective {
            x: a.x,
            y: a.y,
            z: self.p.one(),
        }
    }

    /// Big-endian coordinates of exactly [`Curve::size`] bytes to a point:
    /// each below `p` and together on the curve (the check that stops
    /// invalid-curve attacks), else `None`.
    pub fn point(&self, x: &[u8], y: &[u8]) -> Option<Affine<N>> {
        if x.len() != self.size || y.len() != self.size {
            return None;
        }
        let (x, y): (Limbs<N>, Limbs<N>) = (field::from_be_bytes(x)?, field::from_be_bytes(y)?);
        let m = self.p.modulus();
        if field::less_than(&x, m) & field::less_than(&y, m) != 1 {
            return None;
        }
        let a = Affine {
            x: self.p.to_montgomery(&x),
            y: self.p.to_montgomery(&y),
        };
        (self.is_on_curve(&a) == 1).then_some(a)
    }

    /// Whether `y^2 = x^3 - 3x + b`, as 0 or 1.
    pub fn is_on_curve(&self, a: &Affine<N>) -> u32 {
        let f = &self.p;
        let y2 = f.square(&a.y);
        let x3 = f.mul(&f.square(&a.x), &a.x);
        let three_x = f.add(&f.add(&a.x, &a.x), &a.x);
        let rhs = f.add(&f.sub(&x3, &three_x), &self.b);
        field::equal(&y2, &rhs)
    }

    /// The big-endian affine coordinates of `P` (not the identity).
    pub fn coordinates(&self, a: &Affine<N>) -> (Vec<u8>, Vec<u8>) {
        (
            field::to_be_bytes(&self.p.from_montgomery(&a.x), self.size),
            field::to_be_bytes(&self.p.from_montgomery(&a.y), self.size),
        )
    }

    /// `3 a`.
    fn triple(&self, a: &Limbs<N>) -> Limbs<N> {
        self.p.add(&self.p.add(a, a), a)
    }

    /// The tail of the complete addition (algorithm 4 from step 19), from
    /// `xx = X1 X2`, `yy = Y1 Y2`,
    /// `zz = Z1 Z2` and the cross terms `xy = X1 Y2 + X2 Y1`,
    /// `yz = Y1 Z2 + Y2 Z1`, `xz = X1 Z2 + X2 Z1`.
    fn add_tail(
        &self,
        xx: &Limbs<N>,
        yy: &Limbs<N>,
        zz: &Limbs<N>,
        xy: &Limbs<N>,
        yz: &Limbs<N>,
        xz: &Limbs<N>,
    ) -> Projective<N> {
        let f = &self.p;
        let bzz3 = self.triple(&f.sub(xz, &f.mul(&self.b, zz)));
        let yy_minus = f.sub(yy, &bzz3);
        let yy_plus = f.add(yy, &bzz3);
        let zz3 = self.triple(zz);
        let bxz3 = self.triple(&f.sub(&f.mul(&self.b, xz), &f.add(&zz3, xx)));
        let xx3_minus_zz3 = f.sub(&self.triple(xx), &zz3);
        Projective {
            x: f.sub(&f.mul(&yy_plus, xy), &f.mul(yz, &bxz3)),
            y: f.add(&f.mul(&yy_plus, &yy_minus), &f.mul(&xx3_minus_zz3, &bxz3)),
            z: f.add(&f.mul(&yy_minus, yz), &f.mul(xy, &xx3_minus_zz3)),
        }
    }

    /// `P + Q`, complete (algorithm 4).
    pub fn add(&self, a: &Projective<N>, b: &Projective<N>) -> Projective<N> {
        let f = &self.p;
        let xx = f.mul(&a.x, &b.x);
        let yy = f.mul(&a.y, &b.y);
        let zz = f.mul(&a.z, &b.z);
        let cross = |u1: &Limbs<N>, v1: &Limbs<N>, u2: &Limbs<N>, v2: &Limbs<N>, uu, vv| {
            f.sub(&f.mul(&f.add(u1, v1), &f.add(u2, v2)), &f.add(uu, vv))
        };
        let xy = cross(&a.x, &a.y, &b.x, &b.y, &xx, &yy);
        let yz = cross(&a.y, &a.z, &b.y, &b.z, &yy, &zz);
        let xz = cross(&a.x, &a.z, &b.x, &b.z, &xx, &zz);
        self.add_tail(&xx, &yy, &zz, &xy, &yz, &xz)
    }

    /// The identity in Jacobian coordinates.
    pub fn jacobian_identity(&self) -> Jacobian<N> {
        Jacobian {
            x: self.p.one(),
            y: self.p.one(),
            z: [0; N],
        }
    }

    /// `P + Q` in Jacobian coordinates for an affine `Q`
    /// ("madd-2004-hmv", 8M + 3S), with the exceptional cases (`P` the
    /// identity, `P = Q`, `P = -Q`) taken apart. Variable time:
    /// verification only.
    pub fn add_jacobian(&self, a: &Jacobian<N>, b: &Affine<N>) -> Jacobian<N> {
        let f = &self.p;
        if field::is_zero(&a.z) == 1 {
            return Jacobian {
                x: b.x,
                y: b.y,
                z: f.one(),
            };
        }
        let zz = f.square(&a.z);
        let u2 = f.mul(&zz, &b.x);
        let s2 = f.mul(&f.mul(&zz, &a.z), &b.y);
        let h = f.sub(&u2, &a.x);
        let r = f.sub(&s2, &a.y);
        if field::is_zero(&h) == 1 {
            return if field::is_zero(&r) == 1 {
                self.double_jacobian(a)
            } else {
                self.jacobian_identity()
            };
        }
        let hh = f.square(&h);
        let hhh = f.mul(&hh, &h);
        let v = f.mul(&hh, &a.x);
        let x = f.sub(&f.sub(&f.square(&r), &hhh), &f.add(&v, &v));
        Jacobian {
            y: f.sub(&f.mul(&f.sub(&v, &x), &r), &f.mul(&hhh, &a.y)),
            x,
            z: f.mul(&a.z, &h),
        }
    }

    /// `2 P` in Jacobian coordinates for `a = -3` ("dbl-2001-b").
    /// Variable time: verification only.
    pub fn double_jacobian(&self, a: &Jacobian<N>) -> Jacobian<N> {
        let f = &self.p;
        let delta = f.square(&a.z);
        let gamma = f.square(&a.y);
        let beta = f.mul(&a.x, &gamma);
        let alpha = self.triple(&f.mul(&f.sub(&a.x, &delta), &f.add(&a.x, &delta)));
        let beta2 = f.add(&beta, &beta);
        let beta4 = f.add(&beta2, &beta2);
        let x = f.sub(&f.square(&alpha), &f.add(&beta4, &beta4));
        let yz = f.add(&a.y, &a.z);
        let gamma2 = f.square(&gamma);
        let gamma4 = f.add(&gamma2, &gamma2);
        let gamma8 = f.add(&gamma4, &gamma4);
        Jacobian {
            y: f.sub(&f.mul(&alpha, &f.sub(&beta4, &x)), &f.add(&gamma8, &gamma8)),
            x,
            z: f.sub(&f.sub(&f.square(&yz), &gamma), &delta),
        }
    }

    /// `P` in Jacobian coordinates: `(X Z, Y Z^2, Z)`.
    pub fn to_jacobian(&self, a: &Projective<N>) -> Jacobian<N> {
        let f = &self.p;
        Jacobian {
            x: f.mul(&a.x, &a.z),
            y: f.mul(&a.y, &f.square(&a.z)),
            z: a.z,
        }
    }

    /// `P` in projective coordinates: `(X Z, Y, Z^3)`.
    pub fn from_jacobian(&self, a: &Jacobian<N>) -> Projective<N> {
        let f = &self.p;
        Projective {
            x: f.mul(&a.x, &a.z),
            y: a.y,
            z: f.mul(&a.z, &f.square(&a.z)),
        }
    }

    /// `2 P`, complete (algorithm 6).
    pub fn double(&self, a: &Projective<N>) -> Projective<N> {
        let f = &self.p;
        let xx = f.square(&a.x);
        let yy = f.square(&a.y);
        let zz = f.square(&a.z);
        let xy = f.mul(&a.x, &a.y);
        let xy2 = f.add(&xy, &xy);
        let xz = f.mul(&a.x, &a.z);
        let xz2 = f.add(&xz, &xz);
        let bzz3 = self.triple(&f.sub(&f.mul(&self.b, &zz), &xz2));
        let yy_minus = f.sub(&yy, &bzz3);
        let yy_plus = f.add(&yy, &bzz3);
        let zz3 = self.triple(&zz);
        let bxz6 = self.triple(&f.sub(&f.mul(&self.b, &xz2), &f.add(&zz3, &xx)));
        let xx3_minus_zz3 = f.sub(&self.triple(&xx), &zz3);
        let yz = f.mul(&a.y, &a.z);
        let yz2 = f.add(&yz, &yz);
        let z = f.mul(&yz2, &yy);
        let z2 = f.add(&z, &z);
        Projective {
            x: f.sub(&f.mul(&yy_minus, &xy2), &f.mul(&bxz6, &yz2)),
            y: f.add(&f.mul(&yy_plus, &yy_minus), &f.mul(&xx3_minus_zz3, &bxz6)),
            z: f.add(&z2, &z2),
        }
    }

    /// The affine form of `P`, or `None` for the identity. Constant time
    /// but for the final identity test (the result is public either way).
    pub fn to_affine(&self, a: &Projective<N>) -> Option<Affine<N>> {
        if field::is_zero(&a.z) == 1 {
            return None;
        }
        let z_inv = self.p.invert(&a.z);
        Some(Affine {
            x: self.p.mul(&a.x, &z_inv),
            y: self.p.mul(&a.y, &z_inv),
        })
    }

    /// The affine forms of points that are not the identity, with one
    /// inversion (Montgomery's trick). Public data only.
    fn batch_to_affine(&self, points: &[Projective<N>]) -> Vec<Affine<N>> {
        let f = &self.p;
        let mut prefix = Vec::with_capacity(points.len());
        let mut acc = f.one();
        for p in points {
            prefix.push(acc);
            acc = f.mul(&acc, &p.z);
        }
        let mut inv = f.invert(&acc);
        let mut out = alloc::vec![Affine { x: [0; N], y: [0; N] }; points.len()];
        for i in (0..points.len()).rev() {
            let z_inv = f.mul(&inv, &prefix[i]);
            inv = f.mul(&inv, &points[i].z);
            out[i] = Affine {
                x: f.mul(&points[i].x, &z_inv),
                y: f.mul(&points[i].y, &z_inv),
            };
        }
        out
    }

    /// The number of window positions that cover a scalar below `n` with
    /// signed digits (one more bit than `n` for the final carry).
    fn positions(&self) -> usize {
        (self.bits + 1).div_ceil(self.window)
    }

    /// The table of `P` (see [`Table`]): `positions * 2^(w-1)` points.
    pub fn table(&self, point: &Affine<N>) -> Table<N> {
        let half = 1usize << (self.window - 1);
        let mut points = Vec::with_capacity(self.positions() * half);
        let mut base = self.projective(point);
        for _ in 0..self.positions() {
            let mut multiple = base;
            points.push(multiple);
            for _ in 1..half {
                multiple = self.add(&multiple, &base);
                points.push(multiple);
            }
            // 2^w * base = 2 * (2^(w-1) * base).
            base = self.double(&multiple);
        }
        Table {
            points: self.batch_to_affine(&points),
        }
    }

    /// The generator's table, built on first use.
    pub fn generator_table(&self) -> &Table<N> {
        self.g_table.get_or_init(|| self.table(&self.g))
    }

    fn digits(&self, k: &Limbs<N>) -> Vec<i32> {
        signed_digits(k, self.positions(), self.window)
    }

    /// `acc + k P` from the table of `P`, for a public scalar `k < n`:
    /// one mixed Jacobian addition per non-zero digit, no doubling. Variable time:
    /// verification only.
    pub fn add_multiple(&self, acc: &Jacobian<N>, k: &Limbs<N>, table: &Table<N>) -> Jacobian<N> {
        let half = 1usize << (self.window - 1);
        let mut acc = *acc;
        for (i, digit) in self.digits(k).into_iter().enumerate() {
            let index = digit.unsigned_abs() as usize;
            // Digits are within (-half, half] by construction.
            debug_assert!(index <= half, "digit {digit} outside the window");
            if index == 0 || index > half {
                continue;
            }
            let mut point = table.points[i * half + index - 1];
            if digit < 0 {
                point.y = self.p.neg(&point.y);
            }
            acc = self.add_jacobian(&acc, &point);
        }
        acc
    }

    /// `k P` by a Montgomery ladder over every bit position of `n`, with
    /// constant-time swaps and the complete formulas: the same operations
    /// for every secret scalar `k < n`.
    pub fn multiply(&self, k: &Limbs<N>, point: &Affine<N>) -> Projective<N> {
        let mut r0 = self.identity();
        let mut r1 = self.projective(point);
        for i in (0..self.bits).rev() {
            let b = field::bit(k, i);
            swap(&mut r0, &mut r1, b);
            r1 = self.add(&r0, &r1);
            r0 = self.double(&r0);
            swap(&mut r0, &mut r1, b);
        }
        r0
    }
}

/// Signed digits `d_i` in `-2^(w-1) < d_i <= 2^(w-1)` with
/// `k = sum d_i 2^(w i)` over `positions` windows of `w` bits, enough for
/// one bit more than `k` has. Variable time: public scalars only.
pub(crate) fn signed_digits<const N: usize>(k: &Limbs<N>, positions: usize, w: usize) -> Vec<i32> {
    let half = 1i32 << (w - 1);
    let window_mask = (1u32 << w) - 1;
    let mut carry = 0i32;
    let mut digits = Vec::with_capacity(positions);
    for i in 0..positions {
        // The w bits from bit i w (zero beyond the limbs), w < 32.
        let (limb, shift) = ((i * w) / 32, (i * w) % 32);
        let low = k.get(limb).copied().unwrap_or(0) >> shift;
        let high = if shift + w > 32 {
            k.get(limb + 1).copied().unwrap_or(0) << (32 - shift)
        } else {
            0
        };
        let mut digit = ((low | high) & window_mask) as i32 + carry;
        carry = 0;
        if digit > half {
            digit -= 1 << w;
            carry = 1;
        }
        digits.push(digit);
    }
    // The positions cover one bit more than the scalar: no carry is left.
    debug_assert_eq!(carry, 0, "the windows do not cover the scalar");
    digits
}

/// Swaps two points when `b` is 1 (0 or 1), in constant time.
fn swap<const N: usize>(a: &mut Projective<N>, b: &mut Projective<N>, bit: u32) {
    field::conditional_swap(&mut a.x, &mut b.x, bit);
    field::conditional_swap(&mut a.y, &mut b.y, bit);
    field::conditional_swap(&mut a.z, &mut b.z, bit);
}

/// P-256.
pub fn p256() -> &'static Curve<8> {
    static CURVE: OnceLock<Curve<8>> = OnceLock::new();
    CURVE.get_or_init(|| Curve::new(&P256))
}

/// P-384.
pub fn p384() -> &'static Curve<12> {
    static CURVE: OnceLock<Curve<12>> = OnceLock::new();
    CURVE.get_or_init(|| Curve::new(&P384))
}

/// P-521.
pub fn p521() -> &'static Curve<17> {
    static CURVE: OnceLock<Curve<17>> = OnceLock::new();
    CURVE.get_or_init(|| Curve::new(&P521))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_group_law<const N: usize>(c: &Curve<N>) {
        let g = c.generator();
        assert_eq!(c.is_on_curve(&g), 1, "{}: G on the curve", c.name);
        let gp = c.projective(&g);
        let two_g = c.double(&gp);
        let also_two_g = c.add(&gp, &gp);
        let three_g = c.add(&two_g, &gp);
        let a = c.to_affine(&two_g).unwrap();
        assert_eq!(Some(a), c.to_affine(&also_two_g), "{}: G + G = 2G", c.name);
        assert_eq!(c.is_on_curve(&a), 1);
        assert_eq!(c.is_on_curve(&c.to_affine(&three_g).unwrap()), 1);
        // G + (-G) = O, and O + G = G.
        let minus_g = Affine {
            x: g.x,
            y: c.p.neg(&g.y),
        };
        assert!(c.to_affine(&c.add(&gp, &c.projective(&minus_g))).is_none());
        assert_eq!(c.to_affine(&c.add(&c.identity(), &gp)), Some(g));
        assert!(c.to_affine(&c.double(&c.identity())).is_none());
        // (n - 1) G = -G, n G = O by the ladder.
        let mut n_minus_1 = *c.n.modulus();
        n_minus_1[0] -= 1;
        assert_eq!(c.to_affine(&c.multiply(&n_minus_1, &g)), Some(minus_g));
        // 3 G by the ladder and by the tables (u1 = 1, u2 = 2 with Q = G).
        let (mut one, mut two) = ([0u32; N], [0u32; N]);
        one[0] = 1;
        two[0] = 2;
        let three = c.to_affine(&c.multiply(
            &{
                let mut t = [0u32; N];
                t[0] = 3;
                t
            },
            &g,
        ));
        assert_eq!(three, c.to_affine(&three_g));
        let table = c.table(&g);
        let affine = |a: &Jacobian<N>| c.to_affine(&c.from_jacobian(a));
        let one_g = c.add_multiple(&c.jacobian_identity(), &one, c.generator_table());
        assert_eq!(affine(&c.add_multiple(&one_g, &two, &table)), three);
        // G + G through the tables: the doubling case of the Jacobian sum.
        assert_eq!(affine(&c.add_multiple(&one_g, &one, &table)), Some(a));
        assert_eq!(affine(&c.double_jacobian(&one_g)), Some(a));
        assert_eq!(affine(&c.to_jacobian(&three_g)), three);
        // (n - 1) G + 1 G = O through the tables (a digit carry at the top).
        let minus_g = c.add_multiple(&c.jacobian_identity(), &n_minus_1, c.generator_table());
        assert!(affine(&c.add_multiple(&minus_g, &one, &table)).is_none());
    }

    #[test]
    fn group_law_on_every_curve() {
        check_group_law(p256());
        check_group_law(p384());
        check_group_law(p521());
    }
}
