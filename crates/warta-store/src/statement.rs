//! What "the same statement" means in the store.
//!
//! A statement is a quote's words, whatever their punctuation, quote marks, case and spacing. Two
//! renderings with the same words are one statement: the copies a scraper left in one article,
//! and the same text under two URLs of nearly the same article (a correction, a syndicated copy
//! with another headline). Speakers are ranked by their statements, not by renderings, so a
//! statement counts once however many articles carry it; every rendering stays stored, each with
//! its article, so no source is lost.
//!
//! Each quote row keeps its statement's key (`quotes.statement`), so counting is a
//! `count(DISTINCT statement)` over an index. The report groups further at read time: a shorter
//! rendering found inside a longer one of the same speaker (see `report::MIN_SHARED_WORDS`).

use crate::boilerplate::LineHasher;

/// A quote's words, lower case, letters and digits only, joined by single spaces.
pub(crate) fn words(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The stored key of a quote's statement: the 64-bit FNV-1a hash of [`words`], fixed by its
/// definition so that keys written by one build are read by the next.
pub(crate) fn statement_key(text: &str) -> i64 {
    let mut hasher = LineHasher::new("");
    text.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .for_each(|c| hasher.push(c));
    hasher.key()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renderings_with_the_same_words_are_one_statement() {
        let key = statement_key("“Kami akan terus  berkoordinasi,” ");
        assert_eq!(key, statement_key("kami akan terus berkoordinasi"));
        assert_eq!(key, statement_key("\"Kami akan terus berkoordinasi.\""));
        assert_ne!(key, statement_key("Kami akan terus berkoordinasi lagi"));
        // Words stay apart: a separator is never dropped between two of them.
        assert_ne!(statement_key("kami akan"), statement_key("kamiakan"));
    }

    #[test]
    fn statement_keys_are_pinned() {
        // Stored keys must not change between builds. FNV-1a 64 of the bytes 0x00 'a' (one word,
        // each word after a NUL), computed by hand from the offset basis 0xcbf29ce484222325 and
        // the prime 0x100000001b3.
        let expected = [0x00u8, b'a']
            .iter()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
        assert_eq!(statement_key("A!"), expected as i64);
        assert_eq!(words("A, b-C!"), "a b c");
    }
}
