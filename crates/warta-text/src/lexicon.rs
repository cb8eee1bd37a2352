//! Word lists the text stages consult, loaded once from the data files under `data/`.
//!
//! The lists are data, not code: edit the `.txt` files to teach warta a new abbreviation, outlet or
//! boilerplate line. Every entry is stored lower-cased; callers look up lower-cased words.

use std::borrow::Cow;
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};
use warta_core::wordlist;

/// How a period after an abbreviation behaves at a possible sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbreviationKind {
    /// Stands before a name or number ("Dr.", "Jl.", "No."): never ends a sentence.
    Prefix,
    /// May close a sentence ("dll.", "Tbk.").
    Final,
}

pub(crate) struct Lexicon {
    prefix_abbreviations: FxHashSet<String>,
    final_abbreviations: FxHashSet<String>,
    boilerplate_exact: FxHashSet<String>,
    longest_exact_boilerplate: usize,
    boilerplate_prefixes: PrefixList,
    pub byline_prefixes: PrefixList,
    pub outlets: Vec<String>,
    pub clitics: Vec<String>,
    not_clitic: FxHashSet<String>,
}

pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

/// The words that tell a function word glued to a name from a name's own last letters (see
/// `glue`), loaded on the first glued-looking token.
pub(crate) static GLUE_WORDS: LazyLock<GlueWords> = LazyLock::new(GlueWords::load);

/// The entries of `[name]` in a data file, lower-cased.
fn section(data: &'static str, name: &str) -> Vec<String> {
    wordlist::section(data, name)
        .map(str::to_lowercase)
        .collect()
}

impl Lexicon {
    fn load() -> Self {
        let abbreviations = include_str!("../data/abbreviations.txt");
        let clitics = include_str!("../data/clitics.txt");
        let mut boilerplate_exact = FxHashSet::default();
        let mut boilerplate_prefixes = Vec::new();
        for line in wordlist::words(include_str!("../data/boilerplate_lines.txt")) {
            let line = line.to_lowercase();
            match line.strip_suffix('*') {
                Some(prefix) => boilerplate_prefixes.push(prefix.to_owned()),
                None => {
                    boilerplate_exact.insert(line);
                }
            }
        }
        let lower = |data: &'static str| {
            wordlist::words(data)
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        };
        let mut outlets = lower(include_str!("../data/outlets.txt"));
        // Longest first, so that "kompas.com" wins over "kompas".
        outlets.sort_by_key(|o| std::cmp::Reverse(o.len()));
        Lexicon {
            prefix_abbreviations: section(abbreviations, "prefix").into_iter().collect(),
            final_abbreviations: section(abbreviations, "final").into_iter().collect(),
            longest_exact_boilerplate: boilerplate_exact.iter().map(String::len).max().unwrap_or(0),
            boilerplate_exact,
            boilerplate_prefixes: PrefixList::new(boilerplate_prefixes),
            byline_prefixes: PrefixList::new(lower(include_str!("../data/byline_prefixes.txt"))),
            outlets,
            clitics: section(clitics, "clitics"),
            not_clitic: section(clitics, "not_clitic").into_iter().collect(),
        }
    }

    /// The kind of `word` (without its final period, any case) when it is a known abbreviation.
    pub fn abbreviation(&self, word: &str) -> Option<AbbreviationKind> {
        // The longest listed abbreviation is shorter; most words before a period are longer.
        if word.len() > 8 {
            return None;
        }
        let mut buf = [0u8; 16];
        let lower = ascii_lowercase(word, &mut buf)?;
        if self.prefix_abbreviations.contains(lower) {
            Some(AbbreviationKind::Prefix)
        } else if self.final_abbreviations.contains(lower) {
            Some(AbbreviationKind::Final)
        } else {
            None
        }
    }

    /// True when the trimmed `line` is a whole boilerplate line ("Advertisement", "Simak Video …").
    pub fn is_boilerplate_line(&self, line: &str) -> bool {
        if line.len() > self.longest_exact_boilerplate {
            return self.boilerplate_prefixes.matches(line);
        }
        let mut buf = [0u8; 200];
        let owned;
        let lower = match ascii_lowercase(line, &mut buf) {
            Some(lower) => lower,
            None if line.len() <= 200 => {
                owned = line.to_lowercase();
                owned.as_str()
            }
            None => return false,
        };
        self.boilerplate_exact.contains(lower) || self.boilerplate_prefixes.matches(lower)
    }

    /// True when the lower-cased `word` only looks like it ends in an enclitic.
    pub fn is_not_clitic(&self, lower_word: &str) -> bool {
        if self.not_clitic.contains(lower_word) {
            return true;
        }
        // Derived forms of a listed root ("bersekolah", "mengolah", "kesalahan" does not end in -lah).
        const PREFIXES: [&str; 12] = [
            "ber", "ter", "di", "se", "ke", "per", "meng", "meny", "mem", "men", "me", "pe",
        ];
        PREFIXES.iter().any(|p| {
            lower_word
                .strip_prefix(p)
                .is_some_and(|rest| self.not_clitic.contains(rest))
        })
    }
}

/// The reporting verbs are the quote stage's list and the known words those of the corpora the
/// tagger was trained on and of its gazetteer: read where they are kept, so each list exists once.
const CUES: &str = include_str!("../../warta-quotes/data/cues.txt");
const CORPUS_WORDS: &str = include_str!("../../warta-entities/data/word-clusters.txt");
/// Each list with the number of tab-separated fields before its names (a label in the first).
const GAZETTEER: [(&str, usize); 4] = [
    (
        include_str!("../../warta-entities/data/gazetteer/names-from-corpora.txt"),
        1,
    ),
    (
        include_str!("../../warta-entities/data/gazetteer/loc-regions.txt"),
        0,
    ),
    (
        include_str!("../../warta-entities/data/gazetteer/loc-countries.txt"),
        0,
    ),
    (
        include_str!("../../warta-entities/data/gazetteer/org-indonesia.txt"),
        0,
    ),
];
/// The columns of `cues.txt` whose forms follow their subject ("X mengatakan", "X dilaporkan"); the
/// forms after a quote ("ujarnya") precede the name.
const CUE_COLUMNS_AFTER_SUBJECT: std::ops::Range<usize> = 2..4;
/// A listed word that ends this many names of the corpora is a name ending ("ini": Maldini,
/// Agustini, Pellegrini; "dan": Wildan, Baswedan), no evidence of glue by itself.
const NAME_ENDING_MIN: usize = 3;
/// Letters a name keeps before a name ending for it to count ("Maldini", not "Sini").
const NAME_STEM_MIN: usize = 3;

pub(crate) struct GlueWords {
    /// Function words, time words and reporting verbs, lower case.
    pub function_words: FxHashSet<String>,
    /// The function words that are no name endings: glued to a word of the corpora, they split
    /// it; the name endings split only a name part the article writes alone.
    pub tails: FxHashSet<String>,
    pub longest_tail: usize,
    /// Words of the corpora and of the gazetteer's names, lower case (borrowed from the lists where
    /// they are written so: loading runs once per process, and most words are).
    pub corpus_words: FxHashSet<Cow<'static, str>>,
    /// Names written with a capital inside ("tiktok" for "TikTok"), lower case.
    pub camel_case_names: FxHashSet<String>,
    /// Length of the longest of them, in bytes.
    pub longest_camel_case_name: usize,
}

impl GlueWords {
    fn load() -> Self {
        let data = include_str!("../data/glue-words.txt");
        let mut function_words: FxHashSet<String> =
            section(data, "function_words").into_iter().collect();
        for line in wordlist::words(CUES) {
            let columns = line.split('|').take(CUE_COLUMNS_AFTER_SUBJECT.end);
            let forms = columns
                .skip(CUE_COLUMNS_AFTER_SUBJECT.start)
                .flat_map(str::split_whitespace);
            function_words.extend(forms.filter(|w| *w != "-").map(str::to_owned));
        }
        let name_endings = section(data, "name_endings");
        function_words.extend(name_endings.iter().cloned());
        let name_words: FxHashSet<Cow<'static, str>> = GAZETTEER
            .iter()
            .flat_map(|&(list, labels)| {
                wordlist::words(list).flat_map(move |l| l.split('\t').skip(labels))
            })
            .flat_map(str::split_whitespace)
            .map(|w| {
                if w.bytes().all(|b| b.is_ascii_lowercase()) {
                    Cow::Borrowed(w)
                } else {
                    Cow::Owned(w.to_lowercase())
                }
            })
            .filter(|w| w.bytes().all(|b| b.is_ascii_lowercase()))
            .collect();
        // How many names end in each function word, read off each name's endings.
        let longest_tail = function_words.iter().map(String::len).max().unwrap_or(0);
        let mut names_ending: FxHashMap<&str, usize> = FxHashMap::default();
        for name in &name_words {
            // Endings that leave a stem before them ("Mald|ini"); names are ASCII.
            let longest = name.len().saturating_sub(NAME_STEM_MIN).min(longest_tail);
            for len in 1..=longest {
                let ending = &name[name.len() - len..];
                if function_words.contains(ending) {
                    *names_ending.entry(ending).or_default() += 1;
                }
            }
        }
        let tails: FxHashSet<String> = function_words
            .iter()
            .filter(|t| {
                !name_endings.contains(t)
                    && names_ending.get(t.as_str()).copied().unwrap_or(0) < NAME_ENDING_MIN
            })
            .cloned()
            .collect();
        let mut corpus_words = name_words;
        corpus_words.extend(
            wordlist::words(CORPUS_WORDS)
                .filter_map(|l| l.split('\t').next())
                .map(Cow::Borrowed),
        );
        let camel_case_names: FxHashSet<String> =
            section(data, "camel_case_names").into_iter().collect();
        let longest_camel_case_name = camel_case_names.iter().map(String::len).max().unwrap_or(0);
        GlueWords {
            longest_tail,
            function_words,
            tails,
            corpus_words,
            camel_case_names,
            longest_camel_case_name,
        }
    }
}

/// Lower-case prefixes, checked case-insensitively; a table of first bytes rejects most lines at
/// once.
pub(crate) struct PrefixList {
    first_bytes: [bool; 256],
    items: Vec<String>,
}

impl PrefixList {
    fn new(items: Vec<String>) -> Self {
        let mut first_bytes = [false; 256];
        for item in &items {
            if let Some(&b) = item.as_bytes().first() {
                first_bytes[b as usize] = true;
                first_bytes[b.to_ascii_uppercase() as usize] = true;
            }
        }
        PrefixList { first_bytes, items }
    }

    /// True when `s` starts with one of the prefixes, ignoring ASCII case.
    pub fn matches(&self, s: &str) -> bool {
        let Some(&first) = s.as_bytes().first() else {
            return false;
        };
        self.first_bytes[first as usize]
            && self.items.iter().any(|p| {
                s.len() >= p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
            })
    }
}

/// `s` lower-cased into `buf` without allocating, when it is ASCII and fits.
pub(crate) fn ascii_lowercase<'b>(s: &str, buf: &'b mut [u8]) -> Option<&'b str> {
    if s.len() > buf.len() || !s.is_ascii() {
        return None;
    }
    let out = &mut buf[..s.len()];
    out.copy_from_slice(s.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_load() {
        let lex = &*LEXICON;
        assert_eq!(lex.abbreviation("Dr"), Some(AbbreviationKind::Prefix));
        assert_eq!(lex.abbreviation("dll"), Some(AbbreviationKind::Final));
        assert_eq!(lex.abbreviation("rumah"), None);
        assert!(lex.is_boilerplate_line("ADVERTISEMENT"));
        assert!(lex.is_boilerplate_line("Simak Video \"Sidang Kabinet\""));
        assert!(!lex.is_boilerplate_line("Simaklah penjelasannya berikut ini."));
        assert!(lex.is_not_clitic("adalah"));
        assert!(lex.is_not_clitic("bersekolah"));
        assert!(!lex.is_not_clitic("katanya"));
        assert_eq!(
            lex.outlets[0].len(),
            lex.outlets.iter().map(String::len).max().unwrap()
        );
    }

    #[test]
    fn glue_words_set_name_endings_aside() {
        let glue = &*GLUE_WORDS;
        // Listed here and in the quote stage's cues (the forms that follow a subject).
        for tail in ["atau", "buka", "menyampaikan", "dilaporkan"] {
            assert!(glue.tails.contains(tail), "{tail}");
        }
        assert!(!glue.function_words.contains("ujarnya"));
        // Function words that end many names of the corpora (Pellegrini, Baswedan, Batanghari), and
        // one listed as such (Wulandari).
        for ending in ["ini", "dan", "yang", "hari", "dari"] {
            assert!(glue.function_words.contains(ending) && !glue.tails.contains(ending));
        }
        for known in ["sirait", "matahari", "batanghari"] {
            assert!(glue.corpus_words.contains(known), "{known}");
        }
    }
}
