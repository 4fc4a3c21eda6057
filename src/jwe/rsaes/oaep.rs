//! EME-OAEP decoding (RFC 8017 section 7.1.2, step 3) with an empty label,
//! in constant time: every check is folded into one secret flag and the
//! only branch on secret data is the final accept or refuse.

use alloc::vec::Vec;
use sha2::Digest;
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};
use zeroize::Zeroizing;

/// The hash of RSAES-OAEP, also used by its MGF1 (as in JWE: `RSA-OAEP` is
/// SHA-1 with MGF1-SHA-1, `RSA-OAEP-256` SHA-256 with MGF1-SHA-256).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OaepHash {
    /// SHA-1 (`RSA-OAEP`).
    Sha1,
    /// SHA-256 (`RSA-OAEP-256`).
    Sha256,
}

/// `out ^= MGF1(seed, out.len())` (RFC 8017 B.2.1) with hash `D`.
fn mgf1_xor<D: Digest>(seed: &[u8], out: &mut [u8]) {
    for (counter, chunk) in (0u32..).zip(out.chunks_mut(<D as Digest>::output_size())) {
        let mut h = D::new();
        h.update(seed);
        h.update(counter.to_be_bytes());
        for (o, m) in chunk.iter_mut().zip(h.finalize().iter()) {
            *o ^= m;
        }
    }
}

impl OaepHash {
    /// The digest length hLen.
    pub fn digest_len(self) -> usize {
        match self {
            OaepHash::Sha1 => 20,
            OaepHash::Sha256 => 32,
        }
    }

    /// lHash: the hash of the empty label.
    fn empty_label_hash(self) -> Vec<u8> {
        match self {
            OaepHash::Sha1 => sha1::Sha1::digest(b"").to_vec(),
            OaepHash::Sha256 => sha2::Sha256::digest(b"").to_vec(),
        }
    }

    fn mgf1_xor(self, seed: &[u8], out: &mut [u8]) {
        match self {
            OaepHash::Sha1 => mgf1_xor::<sha1::Sha1>(seed, out),
            OaepHash::Sha256 => mgf1_xor::<sha2::Sha256>(seed, out),
        }
    }
}

/// The message M of the encoded message `em` (k bytes, k = the modulus
/// size), or `None` when it is not a valid EME-OAEP encoding under `hash`
/// with an empty label. The length check on `em` is public; the leading
/// byte, lHash, the zero run and the 0x01 separator are checked without a
/// secret-dependent branch or index, and combined into one flag.
pub fn decode(hash: OaepHash, em: &[u8]) -> Option<Vec<u8>> {
    let h_len = hash.digest_len();
    if em.len() < 2 * h_len + 2 {
        return None;
    }
    let mut em = Zeroizing::new(em.to_vec());
    let (y, rest) = em.split_first_mut()?;
    let (seed, db) = rest.split_at_mut_checked(h_len)?;
    hash.mgf1_xor(db, seed); // seed = maskedSeed xor MGF(maskedDB)
    hash.mgf1_xor(seed, db); // DB = maskedDB xor MGF(seed)
    let (l_hash, tail) = db.split_at_checked(h_len)?;
    let mut good = y.ct_eq(&0) & l_hash.ct_eq(&hash.empty_label_hash());
    // tail = PS || 0x01 || M: zeros up to the first non-zero byte, which
    // must be 0x01; everything after it is M.
    let mut found = Choice::from(0);
    let mut separator = 0u32;
    for (i, b) in (0u32..).zip(tail.iter()) {
        let (is_zero, is_one) = (b.ct_eq(&0), b.ct_eq(&1));
        separator.conditional_assign(&i, !found & is_one);
        good &= found | is_zero | is_one;
        found |= is_one;
    }
    good &= found;
    if bool::from(good) {
        let start = usize::try_from(separator).ok()?.checked_add(1)?;
        tail.get(start..).map(<[u8]>::to_vec)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    /// EME-OAEP encoding (RFC 8017 7.1.1 step 2) with a fixed seed, for the
    /// malformation tests; the real vectors are Wycheproof's.
    fn encode(hash: OaepHash, k: usize, m: &[u8], seed: &[u8]) -> Vec<u8> {
        let h_len = hash.digest_len();
        let mut db = hash.empty_label_hash();
        db.resize(k - m.len() - h_len - 2, 0);
        db.push(1);
        db.extend_from_slice(m);
        assert_eq!(db.len(), k - h_len - 1);
        let mut masked_seed = seed.to_vec();
        hash.mgf1_xor(seed, &mut db);
        hash.mgf1_xor(&db, &mut masked_seed);
        let mut em = vec![0u8];
        em.extend_from_slice(&masked_seed);
        em.extend_from_slice(&db);
        em
    }

    /// Unmasks, applies `f` to (Y, DB), masks again.
    fn tamper(hash: OaepHash, em: &[u8], f: impl Fn(&mut u8, &mut Vec<u8>)) -> Vec<u8> {
        let h_len = hash.digest_len();
        let mut y = em[0];
        let mut seed = em[1..1 + h_len].to_vec();
        let mut db = em[1 + h_len..].to_vec();
        hash.mgf1_xor(&db, &mut seed);
        hash.mgf1_xor(&seed, &mut db);
        f(&mut y, &mut db);
        hash.mgf1_xor(&seed, &mut db);
        hash.mgf1_xor(&db, &mut seed);
        let mut out = vec![y];
        out.extend_from_slice(&seed);
        out.extend_from_slice(&db);
        out
    }

    #[test]
    fn mgf1_known_answers() {
        // The published MGF1 examples: SHA-1 of "foo" (5 bytes), of "bar"
        // (prefix), and SHA-256 of "bar", 50 bytes (two blocks).
        let mut out = [0u8; 5];
        OaepHash::Sha1.mgf1_xor(b"foo", &mut out);
        assert_eq!(out, [0x1a, 0xc9, 0x07, 0x5c, 0xd4]);
        let mut out = [0u8; 50];
        OaepHash::Sha1.mgf1_xor(b"bar", &mut out);
        assert_eq!(out[..4], [0xbc, 0x0c, 0x65, 0x5e]);
        let mut out = [0u8; 50];
        OaepHash::Sha256.mgf1_xor(b"bar", &mut out);
        let hex: alloc::string::String = out.iter().map(|b| alloc::format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "382576a7841021cc28fc4c0948753fb8312090cea942ea4c4e735d10dc724b15\
             5f9f6069f289d61daca0cb814502ef04eae1"
        );
    }

    #[test]
    fn decoding_accepts_valid_and_refuses_each_malformation() {
        for hash in [OaepHash::Sha1, OaepHash::Sha256] {
            let k = 256;
            let seed = vec![0x5a; hash.digest_len()];
            let m = b"a 32-byte content encryption key";
            let em = encode(hash, k, m, &seed);
            assert_eq!(decode(hash, &em).as_deref(), Some(&m[..]));
            // Longest and shortest messages.
            let long = vec![7u8; k - 2 * hash.digest_len() - 2];
            assert_eq!(
                decode(hash, &encode(hash, k, &long, &seed)).as_deref(),
                Some(&long[..])
            );
            assert_eq!(
                decode(hash, &encode(hash, k, b"", &seed)).as_deref(),
                Some(&b""[..])
            );
            let h = hash.digest_len();
            let bad: [(&str, Vec<u8>); 7] = [
                ("Y != 0", tamper(hash, &em, |y, _| *y = 1)),
                ("lHash", tamper(hash, &em, |_, db| db[0] ^= 1)),
                (
                    "lHash, last byte",
                    tamper(hash, &em, |_, db| db[h - 1] ^= 0x80),
                ),
                (
                    "no separator",
                    tamper(hash, &em, |_, db| {
                        let sep = db.len() - m.len() - 1;
                        db[sep] = 0;
                    }),
                ),
                (
                    "separator 0x02",
                    tamper(hash, &em, |_, db| {
                        let sep = db.len() - m.len() - 1;
                        db[sep] = 2;
                    }),
                ),
                (
                    "non-zero byte in PS",
                    tamper(hash, &em, |_, db| db[h + 3] = 0x80),
                ),
                (
                    "all of DB after lHash zero",
                    tamper(hash, &em, |_, db| db[h..].fill(0)),
                ),
            ];
            for (what, em) in bad {
                assert_eq!(decode(hash, &em), None, "{hash:?}: {what}");
            }
            // The untouched tamper round trip still decodes.
            assert_eq!(
                decode(hash, &tamper(hash, &em, |_, _| {})).as_deref(),
                Some(&m[..])
            );
            // Too short for two hashes and two bytes.
            assert_eq!(decode(hash, &em[..2 * h + 1]), None);
            assert_eq!(decode(hash, &[]), None);
        }
    }
}
