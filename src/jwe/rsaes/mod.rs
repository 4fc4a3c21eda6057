//! RSAES-OAEP decryption (RFC 8017 section 7.1.2) for JWE `RSA-OAEP` and
//! `RSA-OAEP-256`, and the RSA private key it needs, checked for
//! consistency when it is loaded.
//!
//! The arithmetic is `crypto-bigint`'s: `BoxedUint` and its constant-time
//! Montgomery form (`BoxedMontyForm`), the same arithmetic the `rsa` crate
//! 0.10 uses. What is ours is only the glue around it: the CRT
//! recombination, the blinding, the fault check and the EME-OAEP decoding
//! ([`oaep`]). Why not the `rsa` crate's own decryption: RUSTSEC-2023-0071
//! (the Marvin timing attack) was listed against its releases and release
//! candidates; see SECURITY.md.
//!
//! What is constant time (by crypto-bigint's constant-time operations:
//! `rem`, Montgomery multiplication and `pow` over the full precision of
//! the exponent, `invert_odd_mod`): the reductions of the blinded
//! ciphertext modulo p and q, both CRT exponentiations, the recombination,
//! the unblinding, and the OAEP decoding up to its single accept-or-refuse
//! decision. Every decryption is also blinded: the ciphertext by `r^e` for a
//! fresh random `r` (so the exponentiations never see the attacker's
//! value), and the CRT exponents by a fresh random multiple of `p - 1` and
//! `q - 1`.
//!
//! What is not: the public checks on the ciphertext (its length equals the
//! modulus size, its value is below n); the outcome of the fault check (it
//! fails only on a fault); the precisions of n, p and q, which set the
//! running time; the length of the decoded message once it has been
//! accepted; and key loading ([`RsaPrivateKey::from_components`]), which
//! branches on whether the key is consistent.

mod oaep;

use crate::jwe::random::random;
use alloc::vec::Vec;
use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
use crypto_bigint::{BoxedUint, ConcatenatingMul, Integer, Limb, NonZero, Odd, Resize};
pub use oaep::OaepHash;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// A fixed test message for the load-time check (x^e)^d = x: below every
/// accepted modulus (2048 bits and up).
const CHECK_MESSAGE: [u8; 16] = [
    0x9e, 0x37, 0x79, 0xb9, 0x7f, 0x4a, 0x7c, 0x15, 0xf3, 0x9c, 0xc0, 0x60, 0x5c, 0xed, 0xc8, 0x34,
];

/// Random bits added to the blinded CRT exponents (CFRG RSA guidance
/// section 6.4 asks for at least 64).
const EXPONENT_BLINDING_BITS: u32 = 64;

/// The members of a private RSA JWK, big-endian (RFC 7518 section 6.3).
/// `dp`, `dq` and `qi` are optional: they are derived, and when present
/// must equal the derived values.
#[derive(Clone, Copy)]
pub struct Components<'a> {
    /// The modulus `n`.
    pub n: &'a [u8],
    /// The public exponent `e`.
    pub e: &'a [u8],
    /// The private exponent `d`.
    pub d: &'a [u8],
    /// The first prime factor `p`.
    pub p: &'a [u8],
    /// The second prime factor `q`.
    pub q: &'a [u8],
    /// `d mod (p - 1)`, if given.
    pub dp: Option<&'a [u8]>,
    /// `d mod (q - 1)`, if given.
    pub dq: Option<&'a [u8]>,
    /// `q^-1 mod p`, if given.
    pub qi: Option<&'a [u8]>,
}

/// Why a private RSA key was refused (the JWK member at fault).
pub type KeyError = &'static str;

/// One prime of the key with what its half of the CRT needs.
#[derive(Clone)]
struct Prime {
    /// Montgomery parameters modulo the prime.
    params: BoxedMontyParams,
    /// The prime minus one, for exponent blinding.
    minus_one: BoxedUint,
    /// The CRT exponent, `d mod (prime - 1)`.
    exponent: BoxedUint,
}

impl Drop for Prime {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.minus_one.zeroize();
        self.exponent.zeroize();
    }
}

impl Prime {
    /// `(c mod prime)^(exponent + k (prime - 1))` for a fresh random `k`:
    /// the same value, computed with a blinded exponent.
    fn pow_blinded(&self, c: &BoxedUint) -> Option<BoxedUint> {
        let k = Zeroizing::new(random_uint(EXPONENT_BLINDING_BITS)?);
        let mut exponent = Zeroizing::new(self.minus_one.concatenating_mul(&*k));
        exponent.wrapping_add_assign(&self.exponent);
        let base = Zeroizing::new(c.rem(self.params.modulus().as_nz_ref()));
        let base = BoxedMontyForm::new(BoxedUint::clone(&base), &self.params);
        Some(base.pow(&exponent).retrieve())
    }
}

/// An RSA private key in CRT form for RSAES-OAEP decryption. Its CRT
/// exponents are wiped when it is dropped (p and q themselves sit in
/// crypto-bigint's shared Montgomery parameters, which are not); `Debug`
/// shows the size only.
#[derive(Clone)]
pub struct RsaPrivateKey {
    /// Montgomery parameters modulo n.
    n: BoxedMontyParams,
    /// The public exponent.
    e: BoxedUint,
    /// The modulus size in bytes, k.
    size: usize,
    p: Prime,
    q: Prime,
    /// `q` at the precision of n, for the recombination `m2 + q h`.
    q_wide: BoxedUint,
    /// `q^-1 mod p` in Montgomery form modulo p.
    qi: BoxedMontyForm,
}

impl core::fmt::Debug for RsaPrivateKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never print key material.
        write!(f, "RsaPrivateKey({} bytes)", self.size)
    }
}

/// Big-endian bytes without leading zeros (branches on the bytes: for key
/// loading only).
fn significant(bytes: &[u8]) -> &[u8] {
    let zeros = bytes.iter().take_while(|b| **b == 0).count();
    bytes.get(zeros..).unwrap_or_default()
}

/// The precision, in bits, for a value of `len` bytes (whole limbs).
fn precision(len: usize) -> u32 {
    let bits = u32::try_from(len.max(1) * 8).unwrap_or(u32::MAX);
    bits.div_ceil(Limb::BITS) * Limb::BITS
}

/// A big-endian value at a precision of its own significant bytes.
fn uint(bytes: &[u8]) -> BoxedUint {
    let bytes = significant(bytes);
    BoxedUint::from_be_slice_truncated(bytes, precision(bytes.len()))
}

/// A value below 2^bits from the platform's random source.
fn random_uint(bits: u32) -> Option<BoxedUint> {
    let bytes = Zeroizing::new(random(bits.div_ceil(8) as usize).ok()?);
    Some(BoxedUint::from_be_slice_truncated(
        &bytes,
        precision(bytes.len()),
    ))
}

/// Whether two values are equal, compared in constant time on their
/// big-endian encodings at a common precision.
fn equal(a: &BoxedUint, b: &BoxedUint) -> bool {
    let bits = a.bits_precision().max(b.bits_precision());
    let a = Zeroizing::new(a.clone().resize_unchecked(bits).to_be_bytes());
    let b = Zeroizing::new(b.clone().resize_unchecked(bits).to_be_bytes());
    bool::from(a.ct_eq(&b))
}

/// A given CRT member must equal the derived value (compared in constant
/// time; the outcome, accept or refuse the key, is public).
fn matches(given: Option<&[u8]>, derived: &BoxedUint, name: KeyError) -> Result<(), KeyError> {
    match given {
        None => Ok(()),
        Some(bytes) => {
            let given = BoxedUint::from_be_slice(significant(bytes), derived.bits_precision())
                .map_err(|_| name)?;
            if equal(&given, derived) {
                Ok(())
            } else {
                Err(name)
            }
        }
    }
}

/// A prime factor: odd, above 1.
fn odd_prime(bytes: &[u8], name: KeyError) -> Result<Odd<BoxedUint>, KeyError> {
    let value = uint(bytes);
    if value <= BoxedUint::one() {
        return Err(name);
    }
    Odd::new(value).into_option().ok_or(name)
}

impl Prime {
    /// The prime with `d mod (prime - 1)`, checked against a given value.
    fn new(
        prime: Odd<BoxedUint>,
        d: &BoxedUint,
        given: Option<&[u8]>,
        name: KeyError,
    ) -> Result<Self, KeyError> {
        // prime > 1 and odd, so prime - 1 is non-zero.
        let minus_one = prime.as_ref().wrapping_sub(BoxedUint::one());
        let divisor = NonZero::new(minus_one.clone()).into_option().ok_or(name)?;
        let exponent = d.rem(&divisor);
        matches(given, &exponent, name)?;
        Ok(Prime {
            params: BoxedMontyParams::new(prime),
            minus_one,
            exponent,
        })
    }
}

impl RsaPrivateKey {
    /// A key from its JWK members, refused unless it is consistent: n of
    /// `min_bits..=max_bits` bits and odd; e odd, 3 to 2^32 - 1; p and q odd,
    /// above 1 and p q = n; d < n; dp = d mod (p - 1), dq = d mod (q - 1),
    /// q qi = 1 mod p (qi is derived when absent), and the given dp, dq, qi
    /// equal those; and a test message x comes back from (x^e)^d. Key
    /// loading branches on these outcomes; it is not constant time.
    pub fn from_components(
        c: Components<'_>,
        min_bits: usize,
        max_bits: usize,
    ) -> Result<Self, KeyError> {
        const N_ERR: KeyError = "n (odd, of the allowed size)";
        const E_ERR: KeyError = "e (odd, 3 to 2^32 - 1)";
        let n_bytes = significant(c.n);
        let bits = match n_bytes.first() {
            Some(top) => n_bytes.len() * 8 - top.leading_zeros() as usize,
            None => 0,
        };
        if !(min_bits..=max_bits).contains(&bits) {
            return Err(N_ERR);
        }
        let size = n_bytes.len();
        let n_bits = precision(size);
        let n = Odd::new(uint(n_bytes)).into_option().ok_or(N_ERR)?;

        let e_bytes = significant(c.e);
        if e_bytes.len() > 4 {
            return Err(E_ERR);
        }
        let e = uint(e_bytes);
        if e < BoxedUint::from(3u32) || !bool::from(e.is_odd()) {
            return Err(E_ERR);
        }

        // p and q: no longer than n (bounded work), and p q = n.
        let (p_bytes, q_bytes) = (significant(c.p), significant(c.q));
        if p_bytes.len() > size || q_bytes.len() > size {
            return Err("p, q (p q = n)");
        }
        let p = odd_prime(p_bytes, "p")?;
        let q = odd_prime(q_bytes, "q")?;
        if !equal(&p.as_ref().concatenating_mul(q.as_ref()), n.as_ref()) {
            return Err("p, q (p q = n)");
        }

        let d = Zeroizing::new(
            BoxedUint::from_be_slice(significant(c.d), n_bits).map_err(|_| "d (d < n)")?,
        );
        if *d >= *n.as_ref() {
            return Err("d (d < n)");
        }
        let q_wide = q.as_ref().clone().resize_unchecked(n_bits);
        let p_nz = p.as_nz_ref().clone();
        let q_mod_p = q.as_ref().rem(&p_nz);
        let p = Prime::new(p, &d, c.dp, "dp (d mod (p - 1))")?;
        let q = Prime::new(q, &d, c.dq, "dq (d mod (q - 1))")?;

        let qi = match c.qi {
            Some(bytes) => {
                let qi = BoxedUint::from_be_slice(significant(bytes), p_nz.bits_precision())
                    .map_err(|_| "qi")?;
                if qi >= *p_nz.as_ref() {
                    return Err("qi");
                }
                qi
            }
            None => q_mod_p
                .invert_odd_mod(p.params.modulus())
                .into_option()
                .ok_or("qi (q qi = 1 mod p)")?,
        };
        let qi = BoxedMontyForm::new(qi, &p.params);
        let one = BoxedMontyForm::one(&p.params);
        if !equal(
            &(&qi * &BoxedMontyForm::new(q_mod_p, &p.params)).retrieve(),
            &one.retrieve(),
        ) {
            return Err("qi (q qi = 1 mod p)");
        }

        let key = RsaPrivateKey {
            n: BoxedMontyParams::new(n),
            e,
            size,
            p,
            q,
            q_wide,
            qi,
        };
        // (x^e)^d = x for a fixed x: d, dp, dq, qi work together.
        let x = BoxedUint::from_be_slice_truncated(&CHECK_MESSAGE, n_bits);
        let c = key.public(&x);
        match key.private(&c) {
            Some(m) if equal(&m, &x) => Ok(key),
            _ => Err("d (does not decrypt)"),
        }
    }

    /// The modulus size in bytes (the ciphertext length).
    pub fn size(&self) -> usize {
        self.size
    }

    /// `x^e mod n` (public exponent; `x < n`).
    fn public(&self, x: &BoxedUint) -> BoxedUint {
        BoxedMontyForm::new(x.clone(), &self.n)
            .pow_bounded_exp(&self.e, self.e.bit_width())
            .retrieve()
    }

    /// m = c^d mod n by the CRT, `c < n`, blinded: c' = c r^e; m1 = (c' mod
    /// p)^dp' mod p and m2 = (c' mod q)^dq' mod q (blinded exponents);
    /// h = (m1 - m2) qi mod p; m' = m2 + q h; the fault check m'^e = c';
    /// m = m' r^-1. `None` if the fault check fails or no randomness is
    /// available.
    fn private(&self, c: &BoxedUint) -> Option<BoxedUint> {
        let n = self.n.modulus();
        // r is invertible unless it shares a factor with n (or is zero):
        // a few draws, then fail closed (a broken random source).
        let (r, r_inv) = (0..4).find_map(|_| {
            let r = random_uint(n.bits_precision())?.resize_unchecked(n.bits_precision());
            let r = Zeroizing::new(r.rem(n.as_nz_ref()));
            let inv = r.invert_odd_mod(n).into_option()?;
            Some((r, Zeroizing::new(inv)))
        })?;
        let blind = BoxedMontyForm::new(self.public(&r), &self.n);
        let blinded = (BoxedMontyForm::new(c.clone(), &self.n) * &blind).retrieve();

        let m1 = Zeroizing::new(self.p.pow_blinded(&blinded)?);
        let m2 = Zeroizing::new(self.q.pow_blinded(&blinded)?);
        let p = &self.p.params;
        let m2_mod_p = m2.rem(p.modulus().as_nz_ref());
        let diff =
            BoxedMontyForm::new(BoxedUint::clone(&m1), p) - &BoxedMontyForm::new(m2_mod_p, p);
        let h = Zeroizing::new((&self.qi * &diff).retrieve());
        // q h + m2 < p q = n: it fits in n's precision.
        let bits = n.bits_precision();
        let mut m = h.concatenating_mul(&self.q_wide).resize_unchecked(bits);
        m.wrapping_add_assign(BoxedUint::clone(&m2).resize_unchecked(bits));
        let m = Zeroizing::new(m);
        // The outcome is public: it fails only on a fault.
        if !equal(&self.public(&m), &blinded) {
            return None;
        }
        let unblinded = BoxedMontyForm::new(BoxedUint::clone(&m), &self.n)
            * &BoxedMontyForm::new(BoxedUint::clone(&r_inv), &self.n);
        Some(unblinded.retrieve())
    }

    /// RSAES-OAEP decryption with an empty label (RFC 8017 7.1.2): the
    /// message, or `None` on any failure (all failures look alike). The
    /// ciphertext must be exactly [`size`](Self::size) bytes and below n
    /// (public checks).
    pub fn decrypt(&self, hash: OaepHash, ciphertext: &[u8]) -> Option<Vec<u8>> {
        if ciphertext.len() != self.size {
            return None;
        }
        let n = self.n.modulus();
        let c = BoxedUint::from_be_slice(ciphertext, n.bits_precision()).ok()?;
        if c >= *n.as_ref() {
            return None;
        }
        let m = Zeroizing::new(self.private(&c)?.to_be_bytes());
        // The message is below n: its encoding fits in k bytes.
        let em = m.get(m.len().checked_sub(self.size)?..)?;
        oaep::decode(hash, em)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::base64url;
    use crate::encoding::json::{self, Value};
    use alloc::string::String;

    const RFC_JWE: &str = include_str!("../../../tests/vectors/data/rfc-jwe.json");

    /// The RSA key and token of RFC 7516 Appendix A.1 (RSA-OAEP + A256GCM),
    /// from the vector file: member name -> bytes, and the token.
    fn rfc7516_a1() -> (Vec<(String, Vec<u8>)>, String) {
        let doc = json::parse(RFC_JWE.as_bytes()).unwrap();
        let vectors = doc.as_object().unwrap().get("vectors").unwrap();
        let v = vectors
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_object().unwrap())
            .find(|v| v.get("alg").and_then(Value::as_str) == Some("RSA-OAEP"))
            .unwrap();
        let jwk = v.get("jwk").unwrap().as_object().unwrap();
        let members = ["n", "e", "d", "p", "q", "dp", "dq", "qi"]
            .iter()
            .map(|m| {
                let text = jwk.get(m).and_then(Value::as_str).unwrap();
                (
                    String::from(*m),
                    base64url::decode(text.as_bytes()).unwrap(),
                )
            })
            .collect();
        let token = v.get("token").and_then(Value::as_str).unwrap();
        (members, String::from(token))
    }

    fn load(members: &[(String, Vec<u8>)]) -> Result<RsaPrivateKey, KeyError> {
        let get = |name: &str| {
            members
                .iter()
                .find(|(m, _)| m == name)
                .map(|(_, v)| v.as_slice())
        };
        RsaPrivateKey::from_components(
            Components {
                n: get("n").unwrap_or_default(),
                e: get("e").unwrap_or_default(),
                d: get("d").unwrap_or_default(),
                p: get("p").unwrap_or_default(),
                q: get("q").unwrap_or_default(),
                dp: get("dp"),
                dq: get("dq"),
                qi: get("qi"),
            },
            2048,
            8192,
        )
    }

    /// RFC 7516 A.1.3: the CEK.
    const A1_CEK: [u8; 32] = [
        177, 161, 244, 128, 84, 143, 225, 115, 63, 180, 3, 255, 107, 154, 212, 246, 138, 7, 110,
        91, 112, 46, 34, 105, 47, 130, 203, 46, 122, 234, 64, 252,
    ];

    #[test]
    fn rfc7516_a1_encrypted_key_decrypts_to_the_published_cek() {
        let (members, token) = rfc7516_a1();
        let encrypted_key = base64url::decode(token.split('.').nth(1).unwrap().as_bytes()).unwrap();
        let key = load(&members).unwrap();
        assert_eq!(key.size(), 256);
        assert_eq!(
            key.decrypt(OaepHash::Sha1, &encrypted_key).as_deref(),
            Some(&A1_CEK[..])
        );
        // The other hash, a flipped bit, a wrong length, c >= n: refused.
        assert_eq!(key.decrypt(OaepHash::Sha256, &encrypted_key), None);
        let mut flipped = encrypted_key.clone();
        flipped[100] ^= 1;
        assert_eq!(key.decrypt(OaepHash::Sha1, &flipped), None);
        assert_eq!(key.decrypt(OaepHash::Sha1, &encrypted_key[1..]), None);
        let mut long = encrypted_key.clone();
        long.insert(0, 0);
        assert_eq!(key.decrypt(OaepHash::Sha1, &long), None);
        let n = &members.iter().find(|(m, _)| m == "n").unwrap().1;
        assert_eq!(key.decrypt(OaepHash::Sha1, n), None, "c = n");
        assert_eq!(key.decrypt(OaepHash::Sha1, &[0xff; 256]), None, "c > n");
        // Without dp, dq, qi (derived; qi by Fermat): the same CEK.
        let bare: Vec<_> = members
            .iter()
            .filter(|(m, _)| !["dp", "dq", "qi"].contains(&m.as_str()))
            .cloned()
            .collect();
        let key = load(&bare).unwrap();
        assert_eq!(
            key.decrypt(OaepHash::Sha1, &encrypted_key).as_deref(),
            Some(&A1_CEK[..])
        );
        assert_eq!(alloc::format!("{key:?}"), "RsaPrivateKey(256 bytes)");
    }

    #[test]
    fn inconsistent_keys_are_refused() {
        let (members, _) = rfc7516_a1();
        let altered = |name: &str, f: &dyn Fn(&mut Vec<u8>)| {
            let mut m = members.clone();
            for (k, v) in m.iter_mut() {
                if k == name {
                    f(v);
                }
            }
            load(&m).map(|_| ()).unwrap_err()
        };
        let last_plus_2 = |v: &mut Vec<u8>| {
            let last = v.last_mut().unwrap();
            *last = last.wrapping_add(2);
        };
        // A changed member, keeping every value odd where it must be.
        assert_eq!(altered("p", &last_plus_2), "p, q (p q = n)");
        assert_eq!(altered("q", &last_plus_2), "p, q (p q = n)");
        assert_eq!(altered("d", &last_plus_2), "dp (d mod (p - 1))");
        assert_eq!(altered("dp", &last_plus_2), "dp (d mod (p - 1))");
        assert_eq!(altered("dq", &last_plus_2), "dq (d mod (q - 1))");
        assert_eq!(altered("qi", &last_plus_2), "qi (q qi = 1 mod p)");
        assert_eq!(altered("e", &last_plus_2), "d (does not decrypt)");
        assert_eq!(altered("e", &|e| *e = vec![1]), "e (odd, 3 to 2^32 - 1)");
        assert_eq!(altered("e", &|e| *e = vec![1, 0]), "e (odd, 3 to 2^32 - 1)");
        assert_eq!(
            altered("e", &|e| *e = vec![1, 0, 0, 0, 1]),
            "e (odd, 3 to 2^32 - 1)"
        );
        assert_eq!(
            altered("n", &|n| n.truncate(255)),
            "n (odd, of the allowed size)"
        );
        assert_eq!(altered("n", &|n| n[0] = 0), "n (odd, of the allowed size)");
        assert_eq!(altered("n", &last_plus_2), "p, q (p q = n)");
        assert_eq!(
            altered("n", &|n| *n.last_mut().unwrap() ^= 1),
            "n (odd, of the allowed size)"
        );
        assert_eq!(altered("d", &|d| d.insert(0, 1)), "d (d < n)");
        assert_eq!(altered("qi", &|qi| qi.insert(0, 1)), "qi");
        // Leading zeros are tolerated.
        let mut padded = members.clone();
        for (_, v) in padded.iter_mut() {
            v.insert(0, 0);
        }
        assert!(load(&padded).is_ok());
        // p and q swapped: qi no longer fits; without qi it loads.
        let swapped: Vec<_> = members
            .iter()
            .filter(|(m, _)| !["dp", "dq", "qi"].contains(&m.as_str()))
            .map(|(m, v)| match m.as_str() {
                "p" => (String::from("q"), v.clone()),
                "q" => (String::from("p"), v.clone()),
                _ => (m.clone(), v.clone()),
            })
            .collect();
        assert!(load(&swapped).is_ok());
    }
}
