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

/// Hash of a word as written (for case-sensitive lists).
#[inline]
pub fn hash_exact(word: &str) -> u64 {
    word.bytes()
        .fold(0x84222325cbf29ce4u64, |h, b| mix(h, u64::from(b)))
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

/// A checksum of a byte slice (for model files): [`mix`] over 8-byte words, then the tail and the
/// length. Word-wise so that checking a 15 MB model costs a few milliseconds.
pub fn checksum(bytes: &[u8]) -> u64 {
    let mut words = bytes.chunks_exact(8);
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for word in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        h = mix(h, u64::from_le_bytes(w));
    }
    for &b in words.remainder() {
        h = mix(h, u64::from(b));
    }
    mix(h, bytes.len() as u64)
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
