//! The signature encodings checked against the recovered message
//! representative: EMSA-PKCS1-v1_5 (RFC 8017 9.2) and EMSA-PSS (9.1.2).

use crate::jws::algorithm::HashAlg;
use alloc::vec;
use sha2::{Digest, Sha256, Sha384, Sha512};

/// The DER DigestInfo prefix of each hash (RFC 8017 9.2, note 1).
fn digest_info_prefix(hash: HashAlg) -> &'static [u8] {
    match hash {
        HashAlg::Sha256 => &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ],
        HashAlg::Sha384 => &[
            0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x02, 0x05, 0x00, 0x04, 0x30,
        ],
        HashAlg::Sha512 => &[
            0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x03, 0x05, 0x00, 0x04, 0x40,
        ],
    }
}

fn hash_len(hash: HashAlg) -> usize {
    match hash {
        HashAlg::Sha256 => 32,
        HashAlg::Sha384 => 48,
        HashAlg::Sha512 => 64,
    }
}

/// Whether `em` is exactly `0x00 01 FF..FF 00 || DigestInfo || digest`.
pub fn pkcs1v15_matches(em: &[u8], hash: HashAlg, digest: &[u8]) -> bool {
    let prefix = digest_info_prefix(hash);
    let t_len = prefix.len() + digest.len();
    if digest.len() != hash_len(hash) || em.len() < t_len + 11 {
        return false;
    }
    let ps_end = em.len() - t_len - 1;
    let (head, t) = em.split_at(ps_end + 1);
    let Some((zero_sep, rest)) = head.split_last() else {
        return false;
    };
    rest.first() == Some(&0x00)
        && rest.get(1) == Some(&0x01)
        && rest
            .get(2..)
            .is_some_and(|ps| ps.iter().all(|b| *b == 0xff))
        && *zero_sep == 0x00
        && t.get(..prefix.len()) == Some(prefix)
        && t.get(prefix.len()..) == Some(digest)
}

/// Appends MGF1(seed, len) of `hash` XORed into `out` (RFC 8017 B.2.1).
fn mgf1_xor(hash: HashAlg, seed: &[u8], out: &mut [u8]) {
    let h = hash_len(hash);
    for (counter, chunk) in out.chunks_mut(h).enumerate() {
        let c = (counter as u32).to_be_bytes();
        let block: alloc::vec::Vec<u8> = match hash {
            HashAlg::Sha256 => Sha256::new()
                .chain_update(seed)
                .chain_update(c)
                .finalize()
                .to_vec(),
            HashAlg::Sha384 => Sha384::new()
                .chain_update(seed)
                .chain_update(c)
                .finalize()
                .to_vec(),
            HashAlg::Sha512 => Sha512::new()
                .chain_update(seed)
                .chain_update(c)
                .finalize()
                .to_vec(),
        };
        for (o, m) in chunk.iter_mut().zip(block) {
            *o ^= m;
        }
    }
}

fn hash_of(hash: HashAlg, parts: &[&[u8]]) -> alloc::vec::Vec<u8> {
    match hash {
        HashAlg::Sha256 => parts
            .iter()
            .fold(Sha256::new(), |h, p| h.chain_update(p))
            .finalize()
            .to_vec(),
        HashAlg::Sha384 => parts
            .iter()
            .fold(Sha384::new(), |h, p| h.chain_update(p))
            .finalize()
            .to_vec(),
        HashAlg::Sha512 => parts
            .iter()
            .fold(Sha512::new(), |h, p| h.chain_update(p))
            .finalize()
            .to_vec(),
    }
}

/// EMSA-PSS-VERIFY with MGF1 of `hash` and a salt of the hash length, on the
/// recovered representative `em_full` (modulus-size bytes, big-endian).
pub fn pss_matches(em_full: &[u8], mod_bits: usize, hash: HashAlg, digest: &[u8]) -> bool {
    let h_len = hash_len(hash);
    let s_len = h_len;
    let em_bits = mod_bits - 1;
    let em_len = em_bits.div_ceil(8);
    // When emBits is a multiple of 8 the representative has a leading zero byte.
    let Some(lead) = em_full.len().checked_sub(em_len) else {
        return false;
    };
    if em_full
        .get(..lead)
        .is_none_or(|z| z.iter().any(|b| *b != 0))
    {
        return false;
    }
    let Some(em) = em_full.get(lead..) else {
        return false;
    };
    if digest.len() != h_len || em_len < h_len + s_len + 2 || em.last() != Some(&0xbc) {
        return false;
    }
    let db_len = em_len - h_len - 1;
    let (masked_db, rest) = em.split_at(db_len);
    let Some(h) = rest.get(..h_len) else {
        return false;
    };
    let top_bits = 8 * em_len - em_bits;
    let top_mask = 0xffu8 >> top_bits;
    if masked_db.first().is_none_or(|b| b & !top_mask != 0) {
        return false;
    }
    let mut db = vec![0u8; db_len];
    db.copy_from_slice(masked_db);
    mgf1_xor(hash, h, &mut db);
    if let Some(first) = db.first_mut() {
        *first &= top_mask;
    }
    let ps_len = em_len - h_len - s_len - 2;
    let (ps, tail) = db.split_at(ps_len);
    if ps.iter().any(|b| *b != 0) || tail.first() != Some(&0x01) {
        return false;
    }
    let Some(salt) = tail.get(1..) else {
        return false;
    };
    let h2 = hash_of(hash, &[&[0u8; 8], digest, salt]);
    h2 == h
}
