//! A fast, non-cryptographic hasher for maps keyed by ids and codes the crate reads itself (the
//! FxHash mix used inside rustc, with a finaliser), and the 128-bit fingerprints that stand for
//! record ids in maps. The standard SipHash defends against crafted keys, which matters for a
//! server, not for counting one's own dossier file, and costs a third of the time there.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The FxHash state.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ (rest.len() as u64) << 56);
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    /// Mixes the state with MurmurHash3's finaliser: the hash table takes its bucket from the low
    /// bits, which the multiply alone leaves poorly mixed for keys that differ only at the end
    /// (`HS-000001`, `HS-000002`, …).
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// A `HashMap` with [`FxHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A record id's 128-bit fingerprint. Two different ids share one with a chance of about
/// n²/2¹²⁹ — 10⁻²⁴ for ten million dossiers — so maps and sorted runs of ids compare two words
/// instead of the ids themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Fingerprint(u64, u64);

impl Fingerprint {
    /// Its first 64 bits, which already order nearly all fingerprints.
    pub(crate) fn first_word(self) -> u64 {
        self.0
    }

    /// The fingerprint of `id`.
    pub(crate) fn of(id: &str) -> Fingerprint {
        // Two independent lanes of multiply-rotate mixing over 8-byte words, finished with
        // MurmurHash3's finaliser; the length enters so that padding cannot collide.
        let (mut a, mut b) = (
            0x9E37_79B9_7F4A_7C15u64 ^ id.len() as u64,
            0xC2B2_AE3D_27D4_EB4Fu64,
        );
        for chunk in id.as_bytes().chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            let w = u64::from_le_bytes(word);
            a = (a ^ w).wrapping_mul(0xFF51_AFD7_ED55_8CCD).rotate_left(29);
            b = (b ^ w.rotate_left(17))
                .wrapping_mul(0xC4CE_B9FE_1A85_EC53)
                .rotate_left(31);
        }
        let finish = |mut h: u64| {
            h ^= h >> 33;
            h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
            h ^= h >> 33;
            h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
            h ^ (h >> 33)
        };
        Fingerprint(finish(a), finish(b ^ a.rotate_left(7)))
    }
}
