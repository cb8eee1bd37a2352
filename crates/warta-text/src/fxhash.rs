//! FxHash (as in rustc): a fast, non-cryptographic hasher for the small keys of the hot paths (word
//! hashes, word lists). The inputs are not attacker-chosen keys that could degrade a hash table
//! beyond the linear bounds the callers already enforce.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash: a fast, non-cryptographic hasher for the word-pair fingerprints.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

pub(crate) type FxSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;
