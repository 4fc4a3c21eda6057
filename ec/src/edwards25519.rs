//! Ed25519 signature verification (RFC 8032 section 5.1.7) on the twisted
//! Edwards curve `-x^2 + y^2 = 1 + d x^2 y^2` modulo `p = 2^255 - 19`.
//!
//! Verification is strict: `S` must be below the group order `L`, `A` and
//! `R` must be canonical encodings of curve points (`y < p`, no "negative
//! zero" `x`), neither may be of small order, and the equation is the
//! cofactorless `[S]B = R + [k]A`. Public data only, so variable time.
//!
//! Points are extended coordinates `(X : Y : Z : T)` with `x = X/Z`,
//! `y = Y/Z`, `x y = T/Z`, in Montgomery form over [`Field`]; addition is
//! the unified (complete on this curve) formula of Hisil, Wong, Carter and
//! Dawson for `a = -1`. As for the NIST curves, `[S]B + [k](-A)` is a sum of
//! table entries picked by signed digits, with no doubling; a key's table
//! is built once it has verified a valid signature.
//
// Indexing: table positions come from digits bounded by the window; no
// index comes from untrusted bytes.
#![allow(clippy::indexing_slicing)]

use crate::curve::{hex, signed_digits};
use crate::field::{self, Field, Limbs};
use alloc::vec::Vec;
use std::sync::OnceLock;

type Fe = Limbs<8>;

/// Window width of the tables (37 positions of 64 entries: 227 KB).
const WINDOW: usize = 7;
/// Bits a digit expansion must cover: scalars are below `L < 2^253`.
const SCALAR_BITS: usize = 253;

/// The field, the group order and the curve constants.
struct Constants {
    p: Field<8>,
    l: Field<8>,
    /// `d`, `2d` and `sqrt(-1)` (Montgomery form).
    d: Fe,
    d2: Fe,
    sqrt_m1: Fe,
    /// `R^3 mod L`, for reducing 512-bit hashes.
    l_r3: Fe,
    base: Point,
    base_table: OnceLock<Vec<Niels>>,
}

fn constants() -> &'static Constants {
    static C: OnceLock<Constants> = OnceLock::new();
    C.get_or_init(|| {
        let p = Field::new(hex(
            "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed",
        ));
        let l = Field::new(hex(
            "1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed",
        ));
        let d = p.to_montgomery(&hex(
            "52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3",
        ));
        let x = p.to_montgomery(&hex(
            "216936d3cd6e53fec0a4e231fdd6dc5c692cc7609525a7b2c9562d608f25d51a",
        ));
        let y = p.to_montgomery(&hex(
            "6666666666666666666666666666666666666666666666666666666666666658",
        ));
        let r2 = l.to_montgomery(&l.to_montgomery(&{
            let mut one = [0u32; 8];
            one[0] = 1;
            one
        }));
        Constants {
            d,
            d2: p.add(&d, &d),
            sqrt_m1: p.to_montgomery(&hex(
                "2b8324804fc1df0b2b4d00993dfbd7a72f431806ad2fe478c4ee1b274a0ea0b0",
            )),
            l_r3: l.to_montgomery(&r2),
            base: Point {
                x,
                y,
                z: p.one(),
                t: p.mul(&x, &y),
            },
            p,
            l,
            base_table: OnceLock::new(),
        }
    })
}

/// A point in extended coordinates (Montgomery form).
#[derive(Clone, Copy, Debug)]
struct Point {
    x: Fe,
    y: Fe,
    z: Fe,
    t: Fe,
}

/// An affine point cached for addition: `y + x`, `y - x`, `2 d x y`.
#[derive(Clone, Copy, Debug)]
struct Niels {
    y_plus_x: Fe,
    y_minus_x: Fe,
    xy2d: Fe,
}

fn identity(c: &Constants) -> Point {
    Point {
        x: [0; 8],
        y: c.p.one(),
        z: c.p.one(),
        t: [0; 8],
    }
}

/// The tail shared by both additions, from `A = (Y1-X1)(Y2-X2)`,
/// `B = (Y1+X1)(Y2+X2)`, `C = 2d T1 T2`, `D = 2 Z1 Z2`.
fn add_tail(c: &Constants, a: &Fe, b: &Fe, cc: &Fe, d: &Fe) -> Point {
    let f = &c.p;
    let (e, ff, g, h) = (f.sub(b, a), f.sub(d, cc), f.add(d, cc), f.add(b, a));
    Point {
        x: f.mul(&e, &ff),
        y: f.mul(&g, &h),
        z: f.mul(&ff, &g),
        t: f.mul(&e, &h),
    }
}

/// `P + Q` (add-2008-hwcd-3).
fn add(c: &Constants, p: &Point, q: &Point) -> Point {
    let f = &c.p;
    let a = f.mul(&f.sub(&p.y, &p.x), &f.sub(&q.y, &q.x));
    let b = f.mul(&f.add(&p.y, &p.x), &f.add(&q.y, &q.x));
    let cc = f.mul(&f.mul(&p.t, &c.d2), &q.t);
    let zz = f.mul(&p.z, &q.z);
    add_tail(c, &a, &b, &cc, &f.add(&zz, &zz))
}

/// `P + Q` (or `P - Q` when `negate`) for a cached affine `Q`.
fn add_niels(c: &Constants, p: &Point, q: &Niels, negate: bool) -> Point {
    let f = &c.p;
    let (plus, minus) = if negate {
        (&q.y_minus_x, &q.y_plus_x)
    } else {
        (&q.y_plus_x, &q.y_minus_x)
    };
    let a = f.mul(&f.sub(&p.y, &p.x), minus);
    let b = f.mul(&f.add(&p.y, &p.x), plus);
    let cc = f.mul(&p.t, &q.xy2d);
    let cc = if negate { f.neg(&cc) } else { cc };
    add_tail(c, &a, &b, &cc, &f.add(&p.z, &p.z))
}

/// `2 P` (dbl-2008-hwcd, `a = -1`).
fn double(c: &Constants, p: &Point) -> Point {
    let f = &c.p;
    let a = f.square(&p.x);
    let b = f.square(&p.y);
    let zz = f.square(&p.z);
    let cc = f.add(&zz, &zz);
    let e = f.sub(&f.sub(&f.square(&f.add(&p.x, &p.y)), &a), &b);
    let g = f.sub(&b, &a); // D + B with D = -A
    let ff = f.sub(&g, &cc);
    let h = f.neg(&f.add(&a, &b)); // D - B
    Point {
        x: f.mul(&e, &ff),
        y: f.mul(&g, &h),
        z: f.mul(&ff, &g),
        t: f.mul(&e, &h),
    }
}

/// Little-endian bytes (32) to limbs.
pub(crate) fn from_le(bytes: &[u8; 32]) -> Fe {
    let mut out = [0u32; 8];
    for (limb, chunk) in out.iter_mut().zip(bytes.chunks_exact(4)) {
        *limb = chunk
            .iter()
            .rev()
            .fold(0u32, |acc, b| (acc << 8) | u32::from(*b));
    }
    out
}

/// `z^((p - 5) / 8) = z^(2^252 - 3)` by the usual addition chain: 251
/// squarings and 11 multiplications (a square-and-multiply over the
/// exponent's bits would take twice as many products).
fn pow_p58(f: &Field<8>, z: &Fe) -> Fe {
    let squares = |mut x: Fe, n: usize| {
        for _ in 0..n {
            x = f.square(&x);
        }
        x
    };
    let z2 = f.square(z);
    let z9 = f.mul(z, &squares(z2, 2));
    let z11 = f.mul(&z2, &z9);
    let z_5_0 = f.mul(&z9, &f.square(&z11)); // z^(2^5 - 1)
    let z_10_0 = f.mul(&squares(z_5_0, 5), &z_5_0);
    let z_20_0 = f.mul(&squares(z_10_0, 10), &z_10_0);
    let z_40_0 = f.mul(&squares(z_20_0, 20), &z_20_0);
    let z_50_0 = f.mul(&squares(z_40_0, 10), &z_10_0);
    let z_100_0 = f.mul(&squares(z_50_0, 50), &z_50_0);
    let z_200_0 = f.mul(&squares(z_100_0, 100), &z_100_0);
    let z_250_0 = f.mul(&squares(z_200_0, 50), &z_50_0);
    f.mul(&squares(z_250_0, 2), z)
}

/// Decodes a point (RFC 8032 section 5.1.3), refusing `y >= p`, `x` with
/// no square root and the encoding of `-0`.
fn decode(c: &Constants, bytes: &[u8; 32]) -> Option<Point> {
    let f = &c.p;
    let sign = u32::from(bytes[31] >> 7);
    let mut y_bytes = *bytes;
    y_bytes[31] &= 0x7f;
    let y = from_le(&y_bytes);
    if field::less_than(&y, f.modulus()) != 1 {
        return None;
    }
    let y = f.to_montgomery(&y);
    let yy = f.square(&y);
    let u = f.sub(&yy, &f.one());
    let v = f.add(&f.mul(&c.d, &yy), &f.one());
    let v3 = f.mul(&f.square(&v), &v);
    let v7 = f.mul(&f.square(&v3), &v);
    let mut x = f.mul(&f.mul(&u, &v3), &pow_p58(f, &f.mul(&u, &v7)));
    let vxx = f.mul(&v, &f.square(&x));
    if field::equal(&vxx, &u) != 1 {
        if field::equal(&vxx, &f.neg(&u)) != 1 {
            return None;
        }
        x = f.mul(&x, &c.sqrt_m1);
    }
    let x_plain = f.from_montgomery(&x);
    if field::is_zero(&x_plain) == 1 && sign == 1 {
        return None;
    }
    if x_plain[0] & 1 != sign {
        x = f.neg(&x);
    }
    Some(Point {
        x,
        y,
        z: f.one(),
        t: f.mul(&x, &y),
    })
}

/// The encoding of `P` (RFC 8032 section 5.1.2): `y` little-endian with
/// the parity of `x` in the top bit. Variable time (public points only).
fn encode(c: &Constants, p: &Point) -> Option<[u8; 32]> {
    let f = &c.p;
    let z_inv = f.to_montgomery(&f.invert_public(&f.from_montgomery(&p.z))?);
    let x = f.from_montgomery(&f.mul(&p.x, &z_inv));
    let y = f.from_montgomery(&f.mul(&p.y, &z_inv));
    let mut out = [0u8; 32];
    for (chunk, limb) in out.chunks_exact_mut(4).zip(&y) {
        chunk.copy_from_slice(&limb.to_le_bytes());
    }
    out[31] |= ((x[0] & 1) as u8) << 7;
    Some(out)
}

/// Whether `[8] P` is the identity.
fn is_small_order(c: &Constants, p: &Point) -> bool {
    let q = double(c, &double(c, &double(c, p)));
    field::is_zero(&q.x) == 1 && field::equal(&q.y, &q.z) == 1
}

/// `P == Q` for projective `P` and `Q` with `Z = 1`.
#[cfg(test)]
fn same_point(c: &Constants, p: &Point, q: &Point) -> bool {
    let f = &c.p;
    field::equal(&p.x, &f.mul(&q.x, &p.z)) == 1 && field::equal(&p.y, &f.mul(&q.y, &p.z)) == 1
}

fn positions() -> usize {
    (SCALAR_BITS + 1).div_ceil(WINDOW)
}

/// `j 2^(w i) P` for every position `i` and `j` in `1..=2^(w-1)`, cached.
fn table(c: &Constants, p: &Point) -> Vec<Niels> {
    let f = &c.p;
    let half = 1usize << (WINDOW - 1);
    let mut points = Vec::with_capacity(positions() * half);
    let mut base = *p;
    for _ in 0..positions() {
        let mut multiple = base;
        points.push(multiple);
        for _ in 1..half {
            multiple = add(c, &multiple, &base);
            points.push(multiple);
        }
        base = double(c, &multiple);
    }
    // One inversion for all Z (Montgomery's trick); none is zero.
    let mut prefix = Vec::with_capacity(points.len());
    let mut acc = f.one();
    for q in &points {
        prefix.push(acc);
        acc = f.mul(&acc, &q.z);
    }
    let mut inv = f.invert(&acc);
    let mut out = alloc::vec![
        Niels {
            y_plus_x: [0; 8],
            y_minus_x: [0; 8],
            xy2d: [0; 8],
        };
        points.len()
    ];
    for i in (0..points.len()).rev() {
        let z_inv = f.mul(&inv, &prefix[i]);
        inv = f.mul(&inv, &points[i].z);
        let (x, y) = (f.mul(&points[i].x, &z_inv), f.mul(&points[i].y, &z_inv));
        out[i] = Niels {
            y_plus_x: f.add(&y, &x),
            y_minus_x: f.sub(&y, &x),
            xy2d: f.mul(&f.mul(&x, &y), &c.d2),
        };
    }
    out
}

/// `acc + k P` (or `acc - k P` when `negate`) from the table of `P`.
fn add_multiple(c: &Constants, acc: &Point, k: &Fe, table: &[Niels], negate: bool) -> Point {
    let half = 1usize << (WINDOW - 1);
    let mut acc = *acc;
    for (i, digit) in signed_digits(k, positions(), WINDOW)
        .into_iter()
        .enumerate()
    {
        let index = digit.unsigned_abs() as usize;
        debug_assert!(index <= half, "digit {digit} outside the window");
        if index == 0 || index > half {
            continue;
        }
        if let Some(point) = table.get(i * half + index - 1) {
            acc = add_niels(c, &acc, point, negate != (digit < 0));
        }
    }
    acc
}

/// `k P` by double-and-add (variable time, public data).
fn multiply_public(c: &Constants, p: &Point, k: &Fe) -> Point {
    let mut acc = identity(c);
    for i in (0..SCALAR_BITS).rev() {
        acc = double(c, &acc);
        if field::bit(k, i) == 1 {
            acc = add(c, &acc, p);
        }
    }
    acc
}

/// An Ed25519 public key: its encoding, the decoded point, and its table,
/// built once it has verified a valid signature.
#[derive(Clone, Debug)]
pub struct VerifyingKey {
    bytes: [u8; 32],
    point: Point,
    /// Whether the point is of small order (such a key verifies nothing).
    weak: bool,
    table: OnceLock<Vec<Niels>>,
}

impl PartialEq for VerifyingKey {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for VerifyingKey {}

impl VerifyingKey {
    /// The key encoded in `bytes` (32, RFC 8032 section 5.1.5), or `None`
    /// if they do not encode a curve point canonically.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let bytes: [u8; 32] = bytes.try_into().ok()?;
        let c = constants();
        let point = decode(c, &bytes)?;
        Some(VerifyingKey {
            bytes,
            point,
            weak: is_small_order(c, &point),
            table: OnceLock::new(),
        })
    }

    /// The encoding of the key (`A`).
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.bytes
    }

    /// Whether `signature` (`R || S`, 64 bytes) is valid, given
    /// `hash = SHA-512(R || A || message)` (this crate has no hash
    /// function; the caller computes it).
    pub fn verify_with_hash(&self, hash: &[u8; 64], signature: &[u8]) -> bool {
        let c = constants();
        let Some((r_bytes, s_bytes)) = signature.split_at_checked(32) else {
            return false;
        };
        let (Ok(r_bytes), Ok(s_bytes)) = (
            <&[u8; 32]>::try_from(r_bytes),
            <&[u8; 32]>::try_from(s_bytes),
        ) else {
            return false;
        };
        let s = from_le(s_bytes);
        if field::less_than(&s, c.l.modulus()) != 1 {
            return false;
        }
        if self.weak {
            return false;
        }
        // k = hash mod L, the hash read as a 512-bit little-endian integer:
        // lo + hi 2^256, in Montgomery form lo R + hi R^2 (each product of
        // a 256-bit value and a constant below L stays below 2 L).
        let (mut lo, mut hi) = ([0u8; 32], [0u8; 32]);
        lo.copy_from_slice(&hash[..32]);
        hi.copy_from_slice(&hash[32..]);
        let k = c.l.from_montgomery(&c.l.add(
            &c.l.to_montgomery(&from_le(&lo)),
            &c.l.mul(&from_le(&hi), &c.l_r3),
        ));
        let base_table = c.base_table.get_or_init(|| table(c, &c.base));
        let sb = add_multiple(c, &identity(c), &s, base_table, false);
        let sum = match self.table.get() {
            Some(t) => add_multiple(c, &sb, &k, t, true),
            None => {
                let ka = multiply_public(c, &self.point, &k);
                let minus_ka = Point {
                    x: c.p.neg(&ka.x),
                    t: c.p.neg(&ka.t),
                    ..ka
                };
                add(c, &sb, &minus_ka)
            }
        };
        // R must be the canonical encoding of [S]B - [k]A, a point not of
        // small order: comparing encodings needs one inversion (of public
        // data, so the fast one) instead of decoding R (a square root).
        let verified = !is_small_order(c, &sum) && encode(c, &sum).as_ref() == Some(r_bytes);
        if verified && self.table.get().is_none() {
            let _ = self.table.set(table(c, &self.point));
        }
        verified
    }
}

/// The field modulo `2^255 - 19`, shared with X25519.
pub(crate) fn field25519() -> &'static Field<8> {
    &constants().p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_are_consistent() {
        let c = constants();
        let f = &c.p;
        // sqrt(-1)^2 = -1.
        assert_eq!(f.square(&c.sqrt_m1), f.neg(&f.one()));
        // d * 121666 = -121665.
        let mut a = [0u32; 8];
        a[0] = 121666;
        let mut b = [0u32; 8];
        b[0] = 121665;
        assert_eq!(
            f.mul(&c.d, &f.to_montgomery(&a)),
            f.neg(&f.to_montgomery(&b))
        );
        // B on the curve: -x^2 + y^2 = 1 + d x^2 y^2.
        let (x2, y2) = (f.square(&c.base.x), f.square(&c.base.y));
        let lhs = f.sub(&y2, &x2);
        let rhs = f.add(&f.one(), &f.mul(&c.d, &f.mul(&x2, &y2)));
        assert_eq!(lhs, rhs);
        // L B = O, (L - 1) B = -B, and B is not of small order.
        let l = *c.l.modulus();
        let o = multiply_public(c, &c.base, &l);
        assert!(field::is_zero(&o.x) == 1 && field::equal(&o.y, &o.z) == 1);
        assert!(!is_small_order(c, &c.base));
        // The encoding of B (RFC 8032: y = 4/5, x positive) decodes to B,
        // and B encodes to it.
        let mut enc = [0x66u8; 32];
        enc[0] = 0x58;
        let decoded = decode(c, &enc).unwrap();
        assert!(same_point(c, &decoded, &c.base));
        assert_eq!(
            encode(c, &double(c, &c.base)),
            encode(c, &add(c, &c.base, &c.base))
        );
        assert_eq!(encode(c, &c.base), Some(enc));
        // Tables agree with double-and-add: 5 B + 7 B = 12 B.
        let t = table(c, &c.base);
        let mut five = [0u32; 8];
        five[0] = 5;
        let mut seven = [0u32; 8];
        seven[0] = 7;
        let mut twelve = [0u32; 8];
        twelve[0] = 12;
        let sum = add_multiple(
            c,
            &add_multiple(c, &identity(c), &five, &t, false),
            &seven,
            &t,
            false,
        );
        let expect = multiply_public(c, &c.base, &twelve);
        let expect_affine = {
            let zi = f.invert(&expect.z);
            Point {
                x: f.mul(&expect.x, &zi),
                y: f.mul(&expect.y, &zi),
                z: f.one(),
                t: [0; 8],
            }
        };
        assert!(same_point(c, &sum, &expect_affine));
        // (L - 1) B via the table, minus: B - (L - 1) B... = 2B.
        let mut l_minus_1 = l;
        l_minus_1[0] -= 1;
        let diff = add_multiple(c, &c.base, &l_minus_1, &t, true);
        let two_b = double(c, &c.base);
        let zi = f.invert(&two_b.z);
        let two_b = Point {
            x: f.mul(&two_b.x, &zi),
            y: f.mul(&two_b.y, &zi),
            z: f.one(),
            t: [0; 8],
        };
        assert!(same_point(c, &diff, &two_b));
    }

    #[test]
    fn square_root_exponent_chain() {
        let f = &constants().p;
        let e = hex::<8>("0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd");
        let mut z = f.to_montgomery(&[7, 0, 0, 0, 0, 0, 0, 0]);
        for _ in 0..5 {
            assert_eq!(pow_p58(f, &z), f.pow(&z, &e));
            z = f.add(&f.square(&z), &f.one());
        }
    }

    #[test]
    fn decoding_refuses_non_canonical_forms() {
        let c = constants();
        // y = p (non-canonical 0... encodes y = 0 + p).
        let mut y_p = [0xffu8; 32];
        y_p[0] = 0xed;
        y_p[31] = 0x7f;
        assert!(decode(c, &y_p).is_none());
        // The identity (y = 1) with the sign bit set: x = -0.
        let mut minus_zero = [0u8; 32];
        minus_zero[0] = 1;
        minus_zero[31] = 0x80;
        assert!(decode(c, &minus_zero).is_none());
        minus_zero[31] = 0;
        let identity_point = decode(c, &minus_zero).unwrap();
        assert!(is_small_order(c, &identity_point));
    }
}
