//! warta's one list of the words written before a person's name (`data/person-titles.txt`):
//! honorifics ("Pak", "Hj."), ranks and academic or religious titles ("Kombes", "Prof.", "Komisaris
//! Besar") and offices ("Presiden"). The tagger reads it as word classes of the [`Lexicon`](crate::Lexicon); the quote
//! stage's role reader and the store's name keys read it here as plain words, without a model.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

use warta_core::wordlist;

pub(crate) const PERSON_TITLES: &str = include_str!("../data/person-titles.txt");

const HONORIFIC: u8 = 1;
const RANK: u8 = 2;
const TITLE: u8 = 4;

/// Each word of the list, in its [`key`] form, to its sections as bits: a word may be in several
/// ("Kapten" is a rank and an office).
static WORDS: LazyLock<HashMap<String, u8>> = LazyLock::new(|| {
    let mut words: HashMap<String, u8> = HashMap::default();
    for entry in wordlist::entries(PERSON_TITLES) {
        let bit = match entry.section {
            "rank_pair" => continue,
            "honorific" => HONORIFIC,
            "rank" => RANK,
            _ => TITLE,
        };
        *words.entry(key(entry.text)).or_default() |= bit;
    }
    words
});

/// The list's form of a word: lower case, without its final period ("Dr." and "dr" are one word).
fn key(word: &str) -> String {
    word.strip_suffix('.').unwrap_or(word).to_lowercase()
}

/// The ranks of two words, each as its two words in [`key`] form.
static RANK_PAIRS: LazyLock<HashSet<(String, String)>> = LazyLock::new(|| {
    wordlist::section(PERSON_TITLES, "rank_pair")
        .filter_map(|pair| pair.split_once(' '))
        .map(|(first, second)| (key(first), key(second)))
        .collect()
});

fn sections_of(word: &str) -> u8 {
    WORDS.get(&key(word)).copied().unwrap_or(0)
}

/// A form of address or a rank, which belongs to the name it stands before and opens no role:
/// "Pak", "H.", "Kombes", "dr".
pub fn is_honorific_or_rank(word: &str) -> bool {
    sections_of(word) & (HONORIFIC | RANK) != 0
}

/// `first second` is a rank of two words: "komisaris besar", "Inspektur Jenderal".
pub fn is_rank_pair(first: &str, second: &str) -> bool {
    RANK_PAIRS.contains(&(key(first), key(second)))
}

/// An office written before a name: "Presiden", "Kapolres".
pub fn is_office(word: &str) -> bool {
    sections_of(word) & TITLE != 0
}

/// Any word of the list: an honorific, a rank or an office ("Presiden", "Bapak", "Prof.").
pub fn is_title(word: &str) -> bool {
    sections_of(word) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_final_period_do_not_matter() {
        assert!(is_honorific_or_rank("Dr.") && is_honorific_or_rank("dr") && is_title("DR"));
        assert!(is_honorific_or_rank("pak") && is_honorific_or_rank("Kombes"));
        assert!(is_title("Presiden") && !is_honorific_or_rank("presiden"));
        assert!(!is_title("Budi") && !is_title(""));
        assert!(is_rank_pair("komisaris", "besar") && !is_rank_pair("besar", "komisaris"));
        // A two-word rank is no single word of the list.
        assert!(!is_title("komisaris besar"));
    }
}
