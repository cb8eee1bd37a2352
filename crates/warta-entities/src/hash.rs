//! Allocation-free hashing of words and feature templates.
//!
//! Features are never materialised as strings: a template number and the hashes of the words it looks
//! at are mixed into one 64-bit value, whose low bits pick a row of the weight table.

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Mixes `value` into `state` (a multiply-xorshift step; good enough spread for table indexing).
#[inline]
pub fn mix(state: u64, value: u64) -> u64 {
    let x = (state ^ value).wrapping_mul(K);
    x ^ (x >> 29)
}

/// Hash of a word's characters, lower-cased, without allocating.
#[inline]
pub fn hash_lower(word: &str) -> u64 {
    hash_lower_chars(word.chars())
}

#[inline]
pub fn hash_lower_chars(chars: impl Iterator<Item = char>) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for c in chars {
        if c.is_ascii() {
            h = mix(h, c.to_ascii_lowercase() as u64);
        } else {
            for l in c.to_lowercase() {
                h = mix(h, l as u64);
            }
        }
    }
    h
}

/// A 64-bit FNV-1a checksum of a byte slice (for model files).
pub fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_hash_ignores_case() {
        assert_eq!(hash_lower("Jakarta"), hash_lower("JAKARTA"));
        assert_eq!(hash_lower("Ölçü"), hash_lower("ÖLÇÜ"));
        assert_ne!(hash_lower("jakarta"), hash_lower("bandung"));
    }
}
