//! Indonesian stemming for full-text search: "panggil" finds "dipanggil", "memanggil" and
//! "pemanggilan".
//!
//! A confix stripper after the rules of Adriani, Asian, Nazief et al. ("Stemming Indonesian",
//! ACM TALIP 2007: prefix allomorphs, recoding, disallowed prefix–suffix pairs), without their
//! root dictionary, whose published lists are not free to ship. Without a dictionary a word's root
//! is ambiguous ("menulis" is me-+tulis, "mengatakan" is meng-+kata(kan), "berita" is no
//! derivation at all), so a word stands here for every root its analyses allow, and a search
//! matches when a word of the query and a word of the text share one. The analyses are kept
//! narrow where that ambiguity would cost precision: a prefix is removed only in the shape it takes
//! before the next sound (me- only before l, r, w, y, m, n: "media" is not me-+dia), a root has
//! at least four letters and two vowels, and a short list of everyday words that only look
//! derived ("pemerintah", "berita", "kepala") is never taken apart.
//!
//! Snowball's Indonesian stemmer (frostem) was measured against this on the same hand-checked
//! pairs (`tests/data/stems-id.tsv`): it does not restore the letter a prefix replaced
//! ("menulis"→"ulis", "mengatakan"→"ata") and strips lexicalised words ("media"→"dia",
//! "pemilu"→"pilu"), which loses recall and precision that a search needs.

use std::cell::RefCell;
use std::hash::BuildHasher;

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

/// Words that look derived but are roots (or lexicalised past their root) in news text, with their
/// apparent root a different word: "pemerintah" (government) is not "perintah" (an order).
const WHOLE: &[&str] = &[
    "berita",
    "kepala",
    "keluarga",
    "kemarin",
    "mereka",
    "pemerintah",
    "pemilu",
    "perdana",
    "perempuan",
    "pertama",
    "peserta",
    "sebelum",
    "sekolah",
    "selalu",
    "selatan",
    "seperti",
    "setelah",
];

/// Particles and the possessive -nya, stripped before anything else.
/// (-lah and -kah are left on: "masalah", "sekolah", "langkah" end in them without being built on
/// them, and news seldom uses them as particles.)
const PARTICLES: &[&str] = &["nya", "pun"];

/// Derivational suffixes; at most one is removed.
const SUFFIXES: &[&str] = &["kan", "an", "i"];

/// Prefixes removed at most this many times ("di-per-" in "diperpanjang", "ke-ber-" in
/// "keberlanjutan", "mem-per-" in "memperkuat").
const MAX_PREFIXES: usize = 3;

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// A root is at least four letters and two vowels long: shorter remainders ("dia" of "media",
/// "ima" of "terima") are far more often accidents than roots.
fn root_like(s: &str) -> bool {
    s.len() >= 4 && s.bytes().filter(|&c| is_vowel(c)).count() >= 2
}

/// The prefix classes that some suffixes never go with (the "disallowed confixes" of the rules:
/// be-…-i, di-…-an, ke-…-i, ke-…-kan, me-…-an, se-…-i, se-…-kan, te-…-an).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prefix {
    Be,
    Di,
    Ke,
    Me,
    Pe,
    Se,
    Te,
}

fn allowed(prefix: Prefix, suffix: &str) -> bool {
    !matches!(
        (prefix, suffix),
        (Prefix::Be, "i")
            | (Prefix::Di, "an")
            | (Prefix::Ke, "i" | "kan")
            | (Prefix::Me, "an")
            | (Prefix::Se, "i" | "kan")
            | (Prefix::Te, "an")
    )
}

/// The ways `word` may start with a prefix: its class and the stems left, with the letter the
/// prefix replaced put back where the rules call for it ("menulis" → "tulis", "nulis").
fn prefixes(word: &str) -> Vec<(Prefix, String)> {
    let b = word.as_bytes();
    let rest = |n: usize| &word[n..];
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut out = Vec::new();
    let mut add = |p: Prefix, s: String| out.push((p, s));
    for (plain, class) in [("di", Prefix::Di), ("ke", Prefix::Ke), ("se", Prefix::Se)] {
        if word.starts_with(plain) {
            add(class, rest(2).to_owned());
        }
    }
    // ber-, be- (before r and in "bekerja"), bel- ("belajar"); ter-, te- (before r); per-, pe-.
    for (r, e, class) in [(b'b', "be", Prefix::Be), (b't', "te", Prefix::Te)] {
        if at(0) == r && word.starts_with(e) && at(2) == b'r' {
            add(class, rest(3).to_owned());
            if is_vowel(at(3)) {
                add(class, rest(2).to_owned());
            }
        }
    }
    if word.starts_with("bekerja") {
        add(Prefix::Be, rest(2).to_owned());
    }
    if word.starts_with("belajar") {
        add(Prefix::Be, rest(3).to_owned());
    }
    // meN- and peN-: the nasal agrees with the root's first sound, which it may replace.
    for (m, class) in [(b'm', Prefix::Me), (b'p', Prefix::Pe)] {
        if at(0) != m || at(1) != b'e' {
            continue;
        }
        match (at(2), at(3)) {
            (b'l' | b'r' | b'w' | b'y', _) => add(class, rest(2).to_owned()),
            (b'm', c) => {
                if matches!(c, b'b' | b'f' | b'v' | b'p') {
                    add(class, rest(3).to_owned());
                } else if is_vowel(c) {
                    add(class, format!("p{}", rest(3)));
                    add(class, rest(2).to_owned());
                }
            }
            (b'n', b'g') => {
                let c = at(4);
                if matches!(c, b'g' | b'h' | b'k') {
                    add(class, rest(4).to_owned());
                } else if is_vowel(c) {
                    add(class, format!("k{}", rest(4)));
                    add(class, rest(4).to_owned());
                }
            }
            (b'n', b'y') if is_vowel(at(4)) => {
                add(class, format!("s{}", rest(4)));
                add(class, rest(2).to_owned());
            }
            (b'n', c) => {
                if matches!(c, b'c' | b'd' | b'j' | b'z') {
                    add(class, rest(3).to_owned());
                } else if is_vowel(c) {
                    add(class, format!("t{}", rest(3)));
                    add(class, rest(2).to_owned());
                }
            }
            _ => {}
        }
        if class == Prefix::Pe {
            // per- ("perbaikan", "perusahaan") besides peN-.
            if at(2) == b'r' {
                add(class, rest(3).to_owned());
            }
            // pe- before other consonants: "petugas", "pekerja", "pedagang".
            if !is_vowel(at(2)) && !matches!(at(2), b'l' | b'r' | b'w' | b'y' | b'm' | b'n') {
                add(class, rest(2).to_owned());
            }
        }
        // memper-, diper- are handled by removing per- after mem- or di-.
    }
    out
}

/// Adds every root reachable from `stem` by removing prefixes (at most `left` more), given the
/// suffix already removed; `first` is the outermost prefix's turn.
fn strip_prefixes(stem: &str, suffix: &str, left: usize, first: bool, out: &mut Vec<String>) {
    if left == 0 || WHOLE.contains(&stem) {
        return;
    }
    for (class, rest) in prefixes(stem) {
        // The rules pair the outermost prefix with the suffix.
        if first && !suffix.is_empty() && !allowed(class, suffix) {
            continue;
        }
        // Read whole, a word in -kan after be- would be a root in -kan after ber-: "berikan" is
        // beri-kan, not ber-ikan (fish). No such root takes ber-.
        if first && suffix.is_empty() && class == Prefix::Be && stem.ends_with("kan") {
            continue;
        }
        if !root_like(&rest) || out.contains(&rest) {
            continue;
        }
        out.push(rest.clone());
        strip_prefixes(&rest, suffix, left - 1, false, out);
    }
}

/// Every root a lower-case word may stand for, the word itself (without particles) first.
pub fn stems(word: &str) -> Vec<String> {
    let mut word = word;
    if !word.bytes().all(|c| c.is_ascii_lowercase()) || WHOLE.contains(&word) {
        return vec![word.to_owned()];
    }
    for particle in PARTICLES {
        if let Some(rest) = word.strip_suffix(particle)
            && root_like(rest)
        {
            word = rest;
            break;
        }
    }
    let mut out = vec![word.to_owned()];
    if WHOLE.contains(&word) || !root_like(word) {
        return out;
    }
    strip_prefixes(word, "", MAX_PREFIXES, true, &mut out);
    for suffix in SUFFIXES {
        let Some(base) = word.strip_suffix(suffix) else {
            continue;
        };
        if !root_like(base) {
            continue;
        }
        // A suffix alone makes a word too ("pilihan", "lakukan", "berikan"): a base with no
        // reading as prefix and root counts before -kan, which ends few roots, and before -an
        // when it is long enough to be a root by itself (many roots end in -i: "menjadi" is not
        // "menjad"+-i). A base that has one stands for the roots found in it ("mengata" is no
        // word). A word in -kan is also tried with -an ("kebijakan" is ke-bijak-an).
        strip_prefixes(base, suffix, MAX_PREFIXES, true, &mut out);
        let bare = prefixes(base).iter().all(|(_, root)| !root_like(root));
        if bare
            && (*suffix == "kan" || (*suffix == "an" && base.len() >= 5))
            && !out.iter().any(|s| s == base)
        {
            out.push(base.to_owned());
        }
    }
    out
}

/// The words of `text` as the full-text index splits them (letters and digits; SQLite's
/// unicode61 tokenizer).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

thread_local! {
    /// The roots of words seen lately: news repeats its words, and indexing stems every one.
    static CACHE: RefCell<FxHashMap<String, String>> = RefCell::new(FxHashMap::default());
}

/// Bounds the cache; past it the cache starts over.
const CACHE_WORDS: usize = 200_000;

/// The stemmed shadow of `text` that the index holds beside it: for each word, the roots it may
/// stand for other than itself (most words have none), space-separated. A search word is looked
/// for as itself or as one of its roots in every column, so the word itself need not be here; and
/// a word's roots are given once per text: the column serves to match, while ranking counts the
/// words as written.
pub fn stem_text(text: &str) -> String {
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let mut out = String::new();
        let mut lower = String::new();
        let mut seen: FxHashSet<u64> = FxHashSet::default();
        for word in words(text) {
            // No root of four letters or more is left of a shorter word (see `root_like`), and a
            // word with other characters than letters is not taken apart: most words of a text
            // ("yang", "dan", "2025") end here, before any hashing.
            if word.len() < 5 || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
                continue;
            }
            lower.clear();
            lower.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            // A hash, not the word: a collision (one in billions) would only drop a repeat.
            if !seen.insert(FxBuildHasher.hash_one(lower.as_str())) {
                continue;
            }
            let roots = match cache.get(lower.as_str()) {
                Some(roots) => roots,
                None => {
                    if cache.len() >= CACHE_WORDS {
                        cache.clear();
                    }
                    let roots: Vec<String> =
                        stems(&lower).into_iter().filter(|s| *s != lower).collect();
                    cache.entry(lower.clone()).or_insert(roots.join(" "))
                }
            };
            if !roots.is_empty() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(roots);
            }
        }
        out
    })
}

/// A search word as an FTS5 expression: the word or any of its roots, `("a" OR "b")`.
pub(crate) fn stems_query(word: &str) -> String {
    let alternatives: Vec<String> = stems(&word.to_lowercase())
        .into_iter()
        .map(|s| format!("\"{s}\""))
        .collect();
    if alternatives.len() == 1 {
        alternatives[0].clone()
    } else {
        format!("({})", alternatives.join(" OR "))
    }
}

/// Makes `warta_stems(text)` (see [`stem_text`]) available to the schema's triggers and migration.
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "warta_stems",
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            let text: Option<String> = ctx.get(0)?;
            Ok(text.map(|t| stem_text(&t)))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shares(a: &str, b: &str) -> bool {
        let (a, b) = (stems(a), stems(b));
        a.iter().any(|s| b.contains(s))
    }

    #[test]
    fn derived_forms_share_a_root_with_their_root() {
        for word in ["dipanggil", "memanggil", "pemanggilan", "panggilan"] {
            assert!(shares(word, "panggil"), "{word}: {:?}", stems(word));
        }
        for (word, root) in [
            ("menulis", "tulis"),
            ("mengatakan", "kata"),
            ("menyampaikan", "sampai"),
            ("diperpanjang", "panjang"),
            ("keberlanjutan", "lanjut"),
            ("pembangunan", "bangun"),
            ("diberitakan", "berita"),
            ("kebijakan", "bijak"),
            ("petugas", "tugas"),
        ] {
            assert!(
                stems(word).contains(&root.to_owned()) || shares(word, root),
                "{word}: {:?}",
                stems(word)
            );
        }
    }

    #[test]
    fn words_that_only_look_derived_stay_whole() {
        assert_eq!(stems("media"), ["media"]);
        assert_eq!(stems("pemerintah"), ["pemerintah"]);
        assert!(!shares("pemerintahan", "perintah"));
        assert!(!shares("tersedia", "dia"));
        assert!(!shares("selatan", "selat"));
        assert!(!shares("berikan", "ikan"));
        assert!(shares("berikan", "beri"));
        assert!(shares("memberikan", "beri"));
        assert!(shares("berdasarkan", "dasar"));
    }

    #[test]
    fn short_words_of_prefix_letters_never_panic_and_keep_themselves_first() {
        // Every string of up to five letters from the prefixes' alphabet: the cuts at fixed byte
        // offsets must hold for the shortest words too.
        let letters = b"abdegiklmnprstuy";
        let mut words = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = words
                .iter()
                .flat_map(|w| letters.iter().map(move |&c| format!("{w}{}", c as char)))
                .collect();
            for word in &longer {
                let found = stems(word);
                assert!(word.starts_with(found[0].as_str()), "{word}: {found:?}");
                assert!(found[1..].iter().all(|s| root_like(s)), "{word}: {found:?}");
            }
            words = longer;
        }
    }

    #[test]
    fn text_is_split_and_lowered_as_the_index_splits_it() {
        // Each word gives its roots other than itself; most words have none.
        assert_eq!(stem_text("Dia dipanggil, lagi."), "panggil");
        assert_eq!(stem_text("Memanggil"), "panggil manggil");
        // Once per text.
        assert_eq!(
            stem_text("Dipanggil, dipanggil, DIPANGGIL lagi memanggil"),
            "panggil panggil manggil"
        );
        assert_eq!(stem_text(""), "");
        // Not ASCII letters: kept as they are.
        assert_eq!(stems("2025"), ["2025"]);
        assert_eq!(stems("café"), ["café"]);
    }

    #[test]
    fn a_query_word_becomes_itself_or_its_roots() {
        assert_eq!(stems_query("Panggil"), "\"panggil\"");
        assert_eq!(stems_query("dipanggil"), "(\"dipanggil\" OR \"panggil\")");
    }
}
