//! Words that a scraper glued together where it dropped the spaces around a link, split by what the
//! article itself writes elsewhere: "Vanenburgusai" where "Vanenburg" and "usai" stand alone, "GPMarquez"
//! where "Marquez" does, "MARCMarquez" (an upper-case run before a known name).
//!
//! The tokenizer splits what one word shows on its own (a lower-case word before a capital,
//! "untukZaskia"; a name before an active verb, "Trumpmengatakan"). What is left needs evidence: a
//! token splits only into pieces the same article uses as words of their own, so a compound or a
//! name that merely contains a shorter word ("Budiman", "Jayapura") stays whole unless the article
//! writes both halves apart. Two lower-case words glued together ("korupsikuota") are left alone:
//! compounds ("matahari", "olahraga") pass the same test.
//!
//! A name the article never writes alone ("Maruarar Siraitatau Ara", "Prabowo Subiantoyang") splits
//! before a listed function word when the name part is a word of the corpora (`GlueWords`): known
//! pieces are preferred to an unknown whole, and a word that is itself known stays whole.

use rustc_hash::FxHashMap;

use warta_core::{Token, TokenKind};

use crate::lexicon::{GLUE_WORDS, ascii_lowercase};
use crate::tokenize::plain_word;

/// Shortest lower-case piece after a capitalised one: "di" and "ke" glue to everything, and names end
/// in them ("Rahmadi").
const MIN_LOWER_PIECE: usize = 3;
/// Shortest piece of any other kind.
const MIN_PIECE: usize = 2;
/// A form the article writes this often is a word of its own, glued or not.
const MAX_GLUED_COUNT: u32 = 2;
/// Most pieces one token splits into ("MARC|Marquez|mengaku").
const MAX_PIECES: usize = 3;
/// Shortest name part before a function word the article does not write alone.
const MIN_NAME_PART: usize = 4;
/// Shortest name part known from the corpora alone: short ones are often the first syllables of a
/// longer name ("Mart|ini", "Chao|yang", "Kris|tadi").
const MIN_CORPUS_NAME_PART: usize = 5;

/// Splits glued tokens of `tokens` (all of `text`'s tokens, in order) in place.
pub(crate) fn split_glued_words(text: &str, tokens: &mut Vec<Token>) {
    let mut counts: FxHashMap<&str, u32> = FxHashMap::default();
    for t in tokens.iter().filter(|t| t.kind == TokenKind::Word) {
        *counts.entry(&text[t.span.start..t.span.end]).or_default() += 1;
    }
    let mut out: Option<Vec<Token>> = None;
    for (k, token) in tokens.iter().enumerate() {
        let word = &text[token.span.start..token.span.end];
        let pieces = (token.kind == TokenKind::Word
            && counts.get(word).is_some_and(|&n| n <= MAX_GLUED_COUNT))
        .then(|| split(word, &counts).or_else(|| split_tail(word, &counts)))
        .flatten();
        match (pieces, &mut out) {
            (Some(ends), _) => {
                let out = out.get_or_insert_with(|| tokens[..k].to_vec());
                let mut start = token.span.start;
                for end in ends {
                    out.push(plain_word(text, start, token.span.start + end));
                    start = token.span.start + end;
                }
            }
            (None, Some(out)) => out.push(*token),
            (None, None) => {}
        }
    }
    if let Some(out) = out {
        *tokens = out;
    }
}

/// Fewest times an article writes a word with a capital inside ("VinFast") for it to be one word.
const MIN_INNER_CAPITAL_WORD_COUNT: usize = 2;

/// Longest word with a capital inside that is joined again, in bytes: two glued words are often
/// longer ("NasionalPerguruan").
const MAX_INNER_CAPITAL_WORD: usize = 16;

/// Joins again the pieces the tokenizer cut at a capital inside a word ("Vin|Fast") where the
/// article writes that word at least twice and neither piece ever alone: a name written with a
/// capital inside ("VinFast", "CryptoQuant"), which no list can hold in full. A word glued to a name
/// ("PresidenDonald") has pieces the article writes alone ("Presiden", "Donald Trump"). Both pieces
/// are capitalised words and no function word: a paragraph a scraper repeated also repeats its glue
/// ("kepadaRepublika", "InstagramA post", "KetuaDPRDJabar").
pub(crate) fn join_inner_capital_words(text: &str, tokens: &mut Vec<Token>) {
    let is_piece = |t: &Token| {
        let word = &text[t.span.start..t.span.end];
        t.kind == TokenKind::Word
            && shape(word) == Shape::Capitalised
            && word.len() >= MIN_PIECE
            && !GLUE_WORDS
                .function_words
                .contains(word.to_ascii_lowercase().as_str())
    };
    // Touching capitalised pieces: rare, so the article is scanned again only when there are some.
    let touching: Vec<usize> = (1..tokens.len())
        .filter(|&k| {
            let (a, b) = (&tokens[k - 1], &tokens[k]);
            a.span.end == b.span.start
                && b.span.end - a.span.start <= MAX_INNER_CAPITAL_WORD
                && is_piece(b)
                && is_piece(a)
        })
        .collect();
    if touching.is_empty() {
        return;
    }
    let joined = |k: usize| &text[tokens[k - 1].span.start..tokens[k].span.end];
    let mut pairs: FxHashMap<&str, usize> = FxHashMap::default();
    for &k in &touching {
        *pairs.entry(joined(k)).or_default() += 1;
    }
    let mut alone: FxHashMap<&str, usize> = FxHashMap::default();
    for &k in &touching {
        for t in [&tokens[k - 1], &tokens[k]] {
            alone.insert(&text[t.span.start..t.span.end], 0);
        }
    }
    for t in tokens.iter() {
        if let Some(n) = alone.get_mut(&text[t.span.start..t.span.end]) {
            *n += 1;
        }
    }
    let rejoin: Vec<usize> = touching
        .into_iter()
        .filter(|&k| {
            let n = pairs[joined(k)];
            let piece = |t: &Token| alone[&text[t.span.start..t.span.end]];
            n >= MIN_INNER_CAPITAL_WORD_COUNT
                && piece(&tokens[k - 1]) == n
                && piece(&tokens[k]) == n
        })
        .collect();
    if rejoin.is_empty() {
        return;
    }
    let mut out = Vec::with_capacity(tokens.len());
    let mut next = rejoin.iter().peekable();
    let mut k = 0;
    while k < tokens.len() {
        if next.peek() == Some(&&(k + 1)) {
            next.next();
            out.push(plain_word(
                text,
                tokens[k].span.start,
                tokens[k + 1].span.end,
            ));
            k += 2;
        } else {
            out.push(tokens[k]);
            k += 1;
        }
    }
    *tokens = out;
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// "usai", "mengaku".
    Lower,
    /// "Marquez", "Vanenburg".
    Capitalised,
    /// "MARC", "GP".
    Upper,
    Other,
}

fn shape(piece: &str) -> Shape {
    let mut chars = piece.chars();
    let Some(first) = chars.next() else {
        return Shape::Other;
    };
    let rest = chars.as_str();
    if !piece.chars().all(|c| c.is_ascii_alphabetic()) {
        Shape::Other
    } else if piece.chars().all(|c| c.is_ascii_lowercase()) {
        Shape::Lower
    } else if first.is_ascii_uppercase() && rest.chars().all(|c| c.is_ascii_lowercase()) {
        Shape::Capitalised
    } else if piece.chars().all(|c| c.is_ascii_uppercase()) {
        Shape::Upper
    } else {
        Shape::Other
    }
}

/// The byte ends of the pieces `word` splits into, when every piece is a word the article uses
/// alone (an upper-case run may also open the word unseen: "MARC" before "Marquez"), and each
/// boundary is a capitalised piece before a lower-case one or any piece before a capitalised one.
fn split(word: &str, counts: &FxHashMap<&str, u32>) -> Option<Vec<usize>> {
    if !word.is_ascii()
        || word.len() < 2 * MIN_PIECE + 1
        || !word.bytes().any(|b| b.is_ascii_uppercase())
    {
        return None;
    }
    let mut ends = Vec::new();
    pieces_from(word, 0, None, counts, &mut ends).then_some(ends)
}

fn pieces_from(
    word: &str,
    start: usize,
    before: Option<Shape>,
    counts: &FxHashMap<&str, u32>,
    ends: &mut Vec<usize>,
) -> bool {
    if ends.len() == MAX_PIECES {
        return false;
    }
    // Longest piece first: "Marquez" before "Mar".
    for end in (start + MIN_PIECE..=word.len()).rev() {
        if start == 0 && end == word.len() {
            continue;
        }
        let piece = &word[start..end];
        let kind = shape(piece);
        let boundary_ok = match (before, kind) {
            (None, _) => true,
            (Some(Shape::Capitalised), Shape::Lower) => piece.len() >= MIN_LOWER_PIECE,
            (Some(_), Shape::Capitalised) => true,
            _ => false,
        };
        // An acronym opening the word may be unseen ("MARCMarquez"); the name after an acronym
        // may be one the corpora know, though the article never writes it alone ("MPR
        // RIHidayat Nur Wahid"): an upper-case run before a capitalised word is two words.
        let known = counts.contains_key(piece)
            || (start == 0 && kind == Shape::Upper)
            || (before == Some(Shape::Upper)
                && kind == Shape::Capitalised
                && is_corpus_word(piece, MIN_CORPUS_NAME_PART));
        // Where the case changes without a new piece ("Marq|uez"), the split is no glue.
        if !boundary_ok || !known || kind == Shape::Other {
            continue;
        }
        ends.push(end);
        if end == word.len() || pieces_from(word, end, Some(kind), counts, ends) {
            return true;
        }
        ends.pop();
    }
    false
}

/// Whether `piece` (ASCII) has at least `min_len` bytes and is a word of the corpora, in any case.
fn is_corpus_word(piece: &str, min_len: usize) -> bool {
    let mut buf = [0u8; 48];
    piece.len() >= min_len
        && ascii_lowercase(piece, &mut buf).is_some_and(|l| GLUE_WORDS.corpus_words.contains(l))
}

/// True when `word` is capitalised ASCII ("Suryatmanbuka") long enough to hold a name part and a
/// function word: a byte test, as it runs on most tokens of an article.
fn may_end_in_a_function_word(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.len() >= MIN_NAME_PART + MIN_LOWER_PIECE
        && bytes[0].is_ascii_uppercase()
        && bytes[1..].iter().all(u8::is_ascii_lowercase)
}

/// The byte ends of "Name" and "tail" when `word` is a capitalised name with a function word glued to
/// its end: the tail is a listed glue word, the name part is no function word and is written alone
/// in the article or known from the corpora, and the whole is no known word ("Matahari",
/// "Komandan"). The longest tail wins ("Anung|menyatakan", not "Anungmenyat|akan").
fn split_tail(word: &str, counts: &FxHashMap<&str, u32>) -> Option<Vec<usize>> {
    if !may_end_in_a_function_word(word) {
        return None;
    }
    let mut buf = [0u8; 48];
    let lower = ascii_lowercase(word, &mut buf)?;
    let lex = &*GLUE_WORDS;
    if lex.corpus_words.contains(lower) {
        return None;
    }
    let longest = lex.longest_tail.min(word.len() - MIN_NAME_PART);
    (MIN_LOWER_PIECE..=longest).rev().find_map(|tail_len| {
        let cut = word.len() - tail_len;
        let (head, lower_head) = (&word[..cut], &lower[..cut]);
        let tail = &lower[cut..];
        if !lex.function_words.contains(tail) || lex.function_words.contains(lower_head) {
            return None;
        }
        // A name ending ("Bastian|ini") splits only where the article writes the name part alone.
        let in_corpora = lex.tails.contains(tail)
            && cut >= MIN_CORPUS_NAME_PART
            && lex.corpus_words.contains(lower_head);
        (in_corpora || counts.contains_key(head)).then(|| vec![cut, word.len()])
    })
}

/// Where a listed function word glued to the end of the capitalised `word` begins ("Suryatmanbuka"
/// → 9, "buka"), for readers that have other evidence of the name part than an article's words
/// (the store's names across articles), and whether that function word also ends names
/// ("Suryonugroho|hari" as "Batang|hari"), so that the evidence had better be strong. The longest
/// function word wins.
pub fn glued_function_word(word: &str) -> Option<(usize, bool)> {
    if !may_end_in_a_function_word(word) {
        return None;
    }
    let lex = &*GLUE_WORDS;
    let longest = lex.longest_tail.min(word.len() - MIN_NAME_PART);
    (MIN_LOWER_PIECE..=longest).rev().find_map(|len| {
        let cut = word.len() - len;
        let tail = &word[cut..];
        lex.function_words
            .contains(tail)
            .then(|| (cut, !lex.tails.contains(tail)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize;
    use warta_core::Span;

    fn tokens_of(text: &str) -> Vec<&str> {
        let mut tokens = tokenize(text, Span::new(0, text.len()));
        split_glued_words(text, &mut tokens);
        tokens
            .iter()
            .map(|t| &text[t.span.start..t.span.end])
            .collect()
    }

    #[test]
    fn a_word_with_a_capital_inside_written_twice_and_no_piece_alone_is_one_word() {
        let text = "VinFast menambah dealer. Presiden VinFast datang. \
                    PresidenDonald Trump bicara. Donald Trump pulang. PresidenDonald Trump lagi. \
                    Aplikasi CryptoQuant sekali.";
        let mut tokens = tokenize(text, Span::new(0, text.len()));
        split_glued_words(text, &mut tokens);
        join_inner_capital_words(text, &mut tokens);
        let words: Vec<&str> = tokens
            .iter()
            .map(|t| &text[t.span.start..t.span.end])
            .collect();
        assert_eq!(words.iter().filter(|w| **w == "VinFast").count(), 2);
        // "Presiden" and "Donald" stand alone elsewhere; a word written once proves nothing.
        assert_eq!(words.iter().filter(|w| **w == "Donald").count(), 3);
        assert!(words.windows(2).any(|w| w == ["Crypto", "Quant"]));
    }

    #[test]
    fn a_name_glued_to_a_word_splits_where_the_article_writes_both_apart() {
        let text = "Pelatih Gerald Vanenburg datang. Usai latihan, Vanenburgusai berbicara. Dia pulang usai makan.";
        assert!(
            tokens_of(text)
                .windows(2)
                .any(|w| w == ["Vanenburg", "usai"])
        );
    }

    #[test]
    fn an_acronym_glued_to_a_known_name_splits() {
        let text = "Marc Marquez menang. MARCMarquezmengaku senang. Ia mengaku lelah. Juara MotoGPMarquez lagi. Balapan MotoGP seru.";
        let tokens = tokens_of(text);
        assert!(
            tokens
                .windows(3)
                .any(|w| w == ["MARC", "Marquez", "mengaku"])
        );
        // The tokenizer cuts "Moto|GPMarquez" at the capital after a lower-case run, as it cuts
        // "Fed|Jerome"; the acronym left before the name splits here.
        assert!(
            tokens.windows(2).any(|w| w == ["GP", "Marquez"]),
            "{tokens:?}"
        );
    }

    #[test]
    fn an_acronym_glued_to_a_name_the_corpora_know_splits_though_the_article_never_writes_it_alone()
    {
        let text = "Wakil Ketua MPR RIHidayat Nur Wahid hadir. Ketua DPRDJabar Buky Wibawa datang.";
        let tokens = tokens_of(text);
        assert!(
            tokens.windows(2).any(|w| w == ["RI", "Hidayat"]),
            "{tokens:?}"
        );
        // "Buky" is no word of the corpora, "Jabar" is.
        assert!(
            tokens.windows(2).any(|w| w == ["DPRD", "Jabar"]),
            "{tokens:?}"
        );
    }

    #[test]
    fn words_whose_halves_the_article_does_not_write_apart_stay_whole() {
        // "Budi" stands alone, "man" does not; "Mc" never does; "KPKtengah" has no capitalised
        // piece after the acronym, and two lower-case words are never split.
        let text = "Budi datang. Budiman pulang. McDonald buka. KPKtengah mengusut. Kata KPK, di tengah. Ada matahari, mata dan hari.";
        let tokens = tokens_of(text);
        for whole in ["Budiman", "McDonald", "KPKtengah", "matahari"] {
            assert!(tokens.contains(&whole), "{whole} was split: {tokens:?}");
        }
    }

    #[test]
    fn a_function_word_glued_to_a_known_name_splits() {
        // "Sirait" and "Subianto" are names of the corpora, "Wibowo" stands alone in the article;
        // none of the three glued words is written apart in it.
        let text = "Menteri PKP Maruarar Siraitatau Ara datang. Presiden Prabowo Subiantomasih hadir. \
                    Kata Wibowo. Gusti Irwan Wibowoatau Gustiwiw tiba.";
        let tokens = tokens_of(text);
        for pair in [
            ["Sirait", "atau"],
            ["Subianto", "masih"],
            ["Wibowo", "atau"],
        ] {
            assert!(tokens.windows(2).any(|w| w == pair), "{pair:?}: {tokens:?}");
        }
    }

    #[test]
    fn names_and_words_ending_in_a_function_word_stay_whole() {
        // Known words ("Matahari", "Komandan"), a function word that ends many names ("Bastian|ini"),
        // a function word before the tail ("Dan|antara"), a name part too short to be known from
        // the corpora alone ("Mart|ini"), and tails that are no function words.
        let text = "Matahari terbit. Komandan datang. Enea Bastianini menang. Danantara berdiri. \
                    Tri Martini hadir. Budiman pulang. Setiabudi ramai. Rini Kusumahadi bicara. \
                    Sri Wulandari tiba. Kabupaten Batanghari sepi.";
        let tokens = tokens_of(text);
        for whole in [
            "Matahari",
            "Komandan",
            "Bastianini",
            "Danantara",
            "Martini",
            "Budiman",
            "Setiabudi",
            "Kusumahadi",
            "Wulandari",
            "Batanghari",
        ] {
            assert!(tokens.contains(&whole), "{whole} was split: {tokens:?}");
        }
    }

    #[test]
    fn function_words_glued_to_a_word_are_found_with_their_kind() {
        assert_eq!(glued_function_word("Suryatmanbuka"), Some((9, false)));
        assert_eq!(glued_function_word("Suryonugrohohari"), Some((12, true)));
        assert_eq!(glued_function_word("Suryatman"), None);
        assert_eq!(glued_function_word("suryatmanbuka"), None);
    }

    #[test]
    fn a_form_the_article_repeats_is_a_word() {
        let text = "Vanenburg dan usai. Vanenburgusai. Vanenburgusai. Vanenburgusai.";
        assert_eq!(
            tokens_of(text)
                .iter()
                .filter(|&&t| t == "Vanenburgusai")
                .count(),
            3
        );
    }
}
