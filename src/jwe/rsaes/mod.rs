//! RSAES-OAEP decryption (RFC 8017 section 7.1.2) for JWE `RSA-OAEP` and
//! `RSA-OAEP-256`, with this crate's constant-time arithmetic, and the RSA
//! private key it needs, checked for consistency when it is loaded.
//!
//! What is constant time (no branch, no memory index and no loop bound
//! that depends on a secret value; see `ct_montgomery.rs`): the reductions of
//! the ciphertext modulo p and q, the two CRT exponentiations over the full
//! limb width of dp and dq, the recombination, the exponentiation of the
//! fault check m^e = c, and the OAEP decoding up to its single
//! accept-or-refuse decision.
//!
//! What is not: the public checks on the ciphertext (its length equals the
//! modulus size, its value is below n), which may branch; the outcome of
//! the fault check (it fails only on a fault); the limb counts of n, p and
//! q, which set the running time; the length of the decoded message once it
//! has been accepted; and key loading
//! ([`RsaPrivateKey::from_components`]), which branches on whether the key
//! is consistent and strips leading zeros of p and q.

mod ct_montgomery;
mod oaep;

use alloc::vec::Vec;
pub(crate) use ct_montgomery::cios;
use ct_montgomery::{
    add_in_place, from_be_bytes, less_than, mul_wide, reduce, to_be_bytes, zero, Limbs, Modulus,
};
pub use oaep::OaepHash;
use subtle::ConstantTimeEq;

/// A fixed test message for the load-time check (x^e)^d = x: below every
/// accepted modulus (2048 bits and up).
const CHECK_MESSAGE: [u32; 4] = [0x9e37_79b9, 0x7f4a_7c15, 0xf39c_c060, 0x5ced_c834];

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

/// An RSA private key in CRT form for RSAES-OAEP decryption. Its secret
/// parts are wiped when it is dropped; `Debug` shows the size only.
#[derive(Clone)]
pub struct RsaPrivateKey {
    n: Modulus,
    e: u32,
    /// The modulus size in bytes, k.
    size: usize,
    p: Modulus,
    q: Modulus,
    /// `d mod (p - 1)`, as many limbs as p.
    dp: Limbs,
    /// `d mod (q - 1)`, as many limbs as q.
    dq: Limbs,
    /// `q^-1 mod p` in Montgomery form modulo p.
    qi_mont: Limbs,
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

/// Limbs of a big-endian value, as many as its significant bytes need.
fn limbs_of(bytes: &[u8]) -> Option<Limbs> {
    let bytes = significant(bytes);
    from_be_bytes(bytes, bytes.len().div_ceil(4))
}

/// `m - k` for a small `k` (the caller knows `m >= k`).
fn minus_small(m: &[u32], k: u32) -> Limbs {
    let mut out = zero(m.len());
    let mut borrow = u64::from(k);
    for (o, x) in out.iter_mut().zip(m) {
        let d = u64::from(*x).wrapping_sub(borrow);
        *o = d as u32;
        borrow = (d >> 63) & 1;
    }
    out
}

/// A given CRT member must equal the derived value (compared in constant
/// time; the outcome, accept or refuse the key, is public).
fn matches(given: Option<&[u8]>, derived: &[u32], name: KeyError) -> Result<(), KeyError> {
    match given {
        None => Ok(()),
        Some(bytes) => {
            let given = from_be_bytes(bytes, derived.len()).ok_or(name)?;
            if bool::from(given.ct_eq(derived)) {
                Ok(())
            } else {
                Err(name)
            }
        }
    }
}

impl RsaPrivateKey {
    /// A key from its JWK members, refused unless it is consistent: n of
    /// `min_bits..=max_bits` bits and odd; e odd, 3 to 2^32 - 1; p and q odd,
    /// above 1 and p q = n; d < n; dp = d mod (p - 1), dq = d mod (q - 1),
    /// q qi = 1 mod p (qi is derived as q^(p-2) mod p when absent), and the
    /// given dp, dq, qi equal those; and a test message x comes back from
    /// (x^e)^d. Key loading branches on these outcomes; it is not constant
    /// time.
    pub fn from_components(
        c: Components<'_>,
        min_bits: usize,
        max_bits: usize,
    ) -> Result<Self, KeyError> {
        const N_ERR: KeyError = "n (odd, of the allowed size)";
        let n_bytes = significant(c.n);
        let bits = match n_bytes.first() {
            Some(top) => n_bytes.len() * 8 - top.leading_zeros() as usize,
            None => 0,
        };
        if !(min_bits..=max_bits).contains(&bits) {
            return Err(N_ERR);
        }
        let size = n_bytes.len();
        let n_limbs = limbs_of(n_bytes).ok_or(N_ERR)?;
        let n = Modulus::new(&n_limbs).ok_or(N_ERR)?;

        let e_bytes = significant(c.e);
        let e = match e_bytes.len() {
            1..=4 => e_bytes
                .iter()
                .fold(0u32, |acc, b| (acc << 8) | u32::from(*b)),
            _ => 0,
        };
        if e < 3 || e % 2 == 0 {
            return Err("e (odd, 3 to 2^32 - 1)");
        }

        // p and q: no longer than n (bounded work), and p q = n.
        let (p_bytes, q_bytes) = (significant(c.p), significant(c.q));
        if p_bytes.len() > size || q_bytes.len() > size {
            return Err("p, q (p q = n)");
        }
        let p_limbs = limbs_of(p_bytes).ok_or("p")?;
        let q_limbs = limbs_of(q_bytes).ok_or("q")?;
        let mut product = mul_wide(&p_limbs, &q_limbs);
        let mut n_wide = n_limbs.clone();
        let width = product.len().max(n_wide.len());
        product.resize(width, 0);
        n_wide.resize(width, 0);
        if !bool::from(product.ct_eq(&n_wide)) {
            return Err("p, q (p q = n)");
        }
        let p = Modulus::new(&p_limbs).ok_or("p")?;
        let q = Modulus::new(&q_limbs).ok_or("q")?;

        let d = from_be_bytes(c.d, n.len()).ok_or("d (d < n)")?;
        if !bool::from(less_than(&d, n.limbs())) {
            return Err("d (d < n)");
        }
        // p and q are odd and above 1, so p - 1 and q - 1 are non-zero.
        let dp = reduce(&d, &minus_small(p.limbs(), 1));
        let dq = reduce(&d, &minus_small(q.limbs(), 1));
        matches(c.dp, &dp, "dp (d mod (p - 1))")?;
        matches(c.dq, &dq, "dq (d mod (q - 1))")?;

        let q_mod_p = reduce(q.limbs(), p.limbs());
        let qi = match c.qi {
            Some(bytes) => {
                let qi = from_be_bytes(bytes, p.len()).ok_or("qi")?;
                if !bool::from(less_than(&qi, p.limbs())) {
                    return Err("qi");
                }
                qi
            }
            // Fermat: q^(p-2) = q^-1 mod p when p is prime.
            None => p.pow(&q_mod_p, &minus_small(p.limbs(), 2)),
        };
        let mut one = zero(p.len());
        if let Some(low) = one.first_mut() {
            *low = 1;
        }
        if !bool::from(p.mul(&q_mod_p, &qi).ct_eq(&one)) {
            return Err("qi (q qi = 1 mod p)");
        }
        let qi_mont = p.to_mont(&qi);

        let key = RsaPrivateKey {
            n,
            e,
            size,
            p,
            q,
            dp,
            dq,
            qi_mont,
        };
        // (x^e)^d = x for a fixed x: d, dp, dq, qi work together.
        let mut x = zero(key.n.len());
        for (l, v) in x.iter_mut().zip(CHECK_MESSAGE) {
            *l = v;
        }
        let c = key.n.pow_public(&x, key.e);
        match key.private(&c) {
            Some(m) if bool::from(m.ct_eq(&x)) => Ok(key),
            _ => Err("d (does not decrypt)"),
        }
    }

    /// The modulus size in bytes (the ciphertext length).
    pub fn size(&self) -> usize {
        self.size
    }

    /// m = c^d mod n by the CRT, `c` < n: m1 = (c mod p)^dp mod p, m2 =
    /// (c mod q)^dq mod q, h = (m1 - m2) qi mod p, m = m2 + q h. Then the
    /// fault check m^e = c (`None` if it fails). Constant time.
    fn private(&self, c: &[u32]) -> Option<Limbs> {
        let (p, q) = (&self.p, &self.q);
        let m1 = p.pow(&reduce(c, p.limbs()), &self.dp);
        let m2 = q.pow(&reduce(c, q.limbs()), &self.dq);
        let diff = p.sub(&m1, &reduce(&m2, p.limbs()));
        // mont_mul(diff, qi R) = diff qi mod p
        let h = p.mont_mul(&diff, &self.qi_mont);
        // q h + m2 < p q = n: it fits in n's limbs.
        let mut m = mul_wide(q.limbs(), &h);
        add_in_place(&mut m, &m2);
        m.resize(self.n.len(), 0);
        let back = self.n.pow_public(&m, self.e);
        // The outcome is public: it fails only on a fault.
        bool::from(back.ct_eq(c)).then_some(m)
    }

    /// RSAES-OAEP decryption with an empty label (RFC 8017 7.1.2): the
    /// message, or `None` on any failure (all failures look alike). The
    /// ciphertext must be exactly [`size`](Self::size) bytes and below n
    /// (public checks).
    pub fn decrypt(&self, hash: OaepHash, ciphertext: &[u8]) -> Option<Vec<u8>> {
        if ciphertext.len() != self.size {
            return None;
        }
        let c = from_be_bytes(ciphertext, self.n.len())?;
        if !bool::from(less_than(&c, self.n.limbs())) {
            return None;
        }
        let m = self.private(&c)?;
        oaep::decode(hash, &to_be_bytes(&m, self.size))
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
