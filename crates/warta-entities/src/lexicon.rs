//! The word lists that ship with the tagger (`data/`), and the gazetteer matcher over them.

use rustc_hash::{FxHashMap, FxHashSet};

use warta_core::{EntityLabel, wordlist};

use crate::hash::{hash_exact, hash_lower};
use crate::phrases::{PhraseTable, name_tokens};
use crate::titles::PERSON_TITLES;

/// Kinds of trigger word, as bit flags: a word may be several ("Kapten" is a rank and an office).
pub mod class {
    /// Pak, Bu, H., Hj.: a form of address, never part of a name (but see Korean "Pak").
    pub const HONORIFIC: u8 = 1;
    /// Kombes, Brigjen, Dr., Prof.
    pub const RANK: u8 = 2;
    /// Presiden, Menteri, Gubernur, Kapolres.
    pub const TITLE: u8 = 4;
    /// Kementerian, Badan, Universitas, PT.
    pub const ORG_TRIGGER: u8 = 8;
    /// Kabupaten, Kota, Jalan.
    pub const LOC_TRIGGER: u8 = 16;
    /// kepala, ketua, juru, warga: opens a role written next to a name (`data/roles.txt`).
    pub const ROLE_HEAD: u8 = 32;
    /// Jalan, Jl., Gang: opens a street's name (also a [`LOC_TRIGGER`]).
    pub const STREET: u8 = 64;
}

const ORG_TRIGGERS: &str = include_str!("../data/org-triggers.txt");
const LOC_TRIGGERS: &str = include_str!("../data/loc-triggers.txt");
const STOP_WORDS: &str = include_str!("../data/stopwords-id.txt");
const NOT_NAME_OPENERS: &str = include_str!("../data/not-name-openers.txt");
const NOT_NAME_WORDS: &str = include_str!("../data/not-name-words.txt");
const NEVER_NAMES: &str = include_str!("../data/never-names.txt");
const KOREAN_SYLLABLES: &str = include_str!("../data/korean-syllables.txt");
const LOC_REGIONS: &str = include_str!("../data/gazetteer/loc-regions.txt");
const LOC_COUNTRIES: &str = include_str!("../data/gazetteer/loc-countries.txt");
const ORG_INDONESIA: &str = include_str!("../data/gazetteer/org-indonesia.txt");
const CORPUS_NAMES: &str = include_str!("../data/gazetteer/names-from-corpora.txt");
const WORD_CLUSTERS: &str = include_str!("../data/word-clusters.txt");
const WORD_LABELS: &str = include_str!("../data/gazetteer/word-labels.txt");

/// A word's cluster: the bits of its path in the cluster tree, first bit highest, and their number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cluster {
    pub path: u32,
    pub len: u8,
}

impl Cluster {
    /// The first `n` bits of the path (all of it when shorter), as a small integer for hashing;
    /// 0 for a word without cluster.
    pub fn prefix(self, n: u8) -> u64 {
        if self.len == 0 {
            return 0;
        }
        let n = n.min(self.len);
        // A leading 1 keeps "01" and "1" apart.
        (1u64 << n) | u64::from(self.path >> (self.len - n))
    }
}

/// A gazetteer hit on a token: which list, and whether the token opens the matched name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GazetteerHit {
    pub label: Option<EntityLabel>,
    pub begins: bool,
}

impl GazetteerHit {
    /// A small integer for feature hashing: 0 for no hit.
    pub fn code(self) -> u64 {
        match self.label {
            None => 0,
            Some(label) => 2 * (label as u64 + 1) + u64::from(self.begins),
        }
    }
}

pub struct Lexicon {
    /// Maps keyed by word hashes use the Fx hasher: the keys are hashes already.
    classes: FxHashMap<u64, u8>,
    korean: FxHashSet<String>,
    stop_words: FxHashSet<String>,
    not_name_openers: FxHashSet<String>,
    not_name_words: FxHashSet<String>,
    never_names: FxHashSet<String>,
    /// Full names, matched case-insensitively.
    names: PhraseTable,
    /// Abbreviations, matched as written ("KPK", "Kemenlu") so that "bi" and "ma" stay words.
    abbreviations: PhraseTable,
    /// Names annotated in other corpora, a separate signal from the curated lists.
    corpus_names: PhraseTable,
    /// Abbreviation → full name, for naming an organisation the article only abbreviates.
    expansions: FxHashMap<String, String>,
    /// Lower-cased word hash → cluster.
    clusters: FxHashMap<u64, Cluster>,
    /// Lower-cased word hash → its usual entity type in other corpora, as a small code.
    word_labels: FxHashMap<u64, u8>,
}

impl Lexicon {
    /// The lists compiled into the crate.
    pub fn bundled() -> Lexicon {
        let mut classes: FxHashMap<u64, u8> = FxHashMap::default();
        let mut add = |word: &str, flag: u8| *classes.entry(hash_lower(word)).or_default() |= flag;
        for entry in wordlist::entries(PERSON_TITLES) {
            let flag = match entry.section {
                "honorific" => class::HONORIFIC,
                "rank" => class::RANK,
                "rank_pair" => continue,
                _ => class::TITLE,
            };
            add(entry.text, flag);
            // "Prof Sunyono", "Dr Ir Mochamad": news drops the period of a title. A bare letter
            // ("H" of "H.") stays an initial.
            if let Some(bare) = entry.text.strip_suffix('.').filter(|bare| bare.len() > 1) {
                add(bare, flag);
            }
        }
        wordlist::words(ORG_TRIGGERS).for_each(|w| add(w, class::ORG_TRIGGER));
        for entry in wordlist::entries(LOC_TRIGGERS) {
            let street = if entry.section == "street" {
                class::STREET
            } else {
                0
            };
            add(entry.text, class::LOC_TRIGGER | street);
        }
        crate::roles::entity_heads().for_each(|w| add(w, class::ROLE_HEAD));

        let lower =
            |name: &str| -> Vec<u64> { name_tokens(name).into_iter().map(hash_lower).collect() };
        let exact =
            |name: &str| -> Vec<u64> { name_tokens(name).into_iter().map(hash_exact).collect() };
        let mut names = PhraseTable::default();
        let mut abbreviations = PhraseTable::default();
        let mut corpus_names = PhraseTable::default();
        let mut expansions = FxHashMap::default();
        for line in wordlist::words(LOC_REGIONS).chain(wordlist::words(LOC_COUNTRIES)) {
            names.insert(&lower(line), EntityLabel::Location);
        }
        for line in wordlist::words(ORG_INDONESIA) {
            let mut fields = line.split('\t').map(str::trim).filter(|f| !f.is_empty());
            let Some(full) = fields.next() else { continue };
            names.insert(&lower(full), EntityLabel::Organisation);
            for abbreviation in fields {
                abbreviations.insert(&exact(abbreviation), EntityLabel::Organisation);
                expansions
                    .entry(abbreviation.to_owned())
                    .or_insert_with(|| full.to_owned());
            }
        }
        for line in wordlist::words(CORPUS_NAMES) {
            let Some((label, name)) = line.split_once('\t') else {
                continue;
            };
            let label = match label {
                "PER" => EntityLabel::Person,
                "ORG" => EntityLabel::Organisation,
                _ => EntityLabel::Location,
            };
            corpus_names.insert(&lower(name), label);
        }
        let clusters = wordlist::words(WORD_CLUSTERS)
            .filter_map(|line| {
                let (word, bits) = line.split_once('\t')?;
                let path = u32::from_str_radix(bits, 2).ok()?;
                let len = u8::try_from(bits.len()).ok().filter(|&n| n <= 32)?;
                Some((hash_lower(word), Cluster { path, len }))
            })
            .collect();
        let word_labels = wordlist::words(WORD_LABELS)
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let (word, label, strength) = (fields.next()?, fields.next()?, fields.next()?);
                let label = match label {
                    "PER" => 1,
                    "ORG" => 2,
                    "LOC" => 3,
                    _ => return None,
                };
                let strong = u8::from(strength == "strong");
                Some((hash_lower(word), 2 * label + strong))
            })
            .collect();
        Lexicon {
            classes,
            clusters,
            word_labels,
            korean: wordlist::words(KOREAN_SYLLABLES)
                .map(str::to_lowercase)
                .collect(),
            stop_words: wordlist::words(STOP_WORDS).map(str::to_lowercase).collect(),
            not_name_openers: wordlist::words(NOT_NAME_OPENERS)
                .map(str::to_lowercase)
                .collect(),
            not_name_words: wordlist::words(NOT_NAME_WORDS)
                .map(str::to_lowercase)
                .collect(),
            never_names: wordlist::words(NEVER_NAMES)
                .map(str::to_lowercase)
                .collect(),
            names,
            abbreviations,
            corpus_names,
            expansions,
        }
    }

    /// The [`class`] flags of a word, by the hash of its lower-cased form.
    pub fn class_of_hash(&self, lower_hash: u64) -> u8 {
        self.classes.get(&lower_hash).copied().unwrap_or(0)
    }

    pub fn class_of(&self, word: &str) -> u8 {
        self.class_of_hash(hash_lower(word))
    }

    /// The cluster of a word, by the hash of its lower-cased form.
    pub fn cluster_of_hash(&self, lower_hash: u64) -> Cluster {
        self.clusters.get(&lower_hash).copied().unwrap_or_default()
    }

    /// A word's usual entity type and how usual, as a small code (0: none), by its lower-case hash.
    pub fn word_label_of_hash(&self, lower_hash: u64) -> u64 {
        self.word_labels
            .get(&lower_hash)
            .map_or(0, |&c| u64::from(c))
    }

    pub fn is_korean_syllable(&self, word: &str) -> bool {
        self.korean.contains(&word.to_lowercase())
    }

    /// Kinship and profession words that stand before a name but never open one
    /// (`data/not-name-openers.txt`); `lower` in lower case.
    pub fn is_not_name_opener(&self, lower: &str) -> bool {
        self.not_name_openers.contains(lower)
    }

    /// Words of organisations and offices that never stand inside a person's name
    /// (`data/not-name-words.txt`); `lower` in lower case.
    pub fn is_not_name_word(&self, lower: &str) -> bool {
        self.not_name_words.contains(lower)
    }

    /// Days, months, pronouns and time words, which never name a person on their own
    /// (`data/never-names.txt`); `lower` in lower case.
    pub fn is_never_a_name(&self, lower: &str) -> bool {
        self.never_names.contains(lower)
    }

    /// Function words ("yang", "dan"): a capitalised one opening a sentence is no name.
    pub fn is_stop_word(&self, lower: &str) -> bool {
        self.stop_words.contains(lower)
    }

    /// The full name of an organisation known by `abbreviation`.
    pub fn expansion(&self, abbreviation: &str) -> Option<&str> {
        self.expansions.get(abbreviation).map(String::as_str)
    }

    /// Whether a list knows `word` on its own: a trigger, title, rank or role word, or a one-word
    /// name in a gazetteer.
    pub fn knows_word(&self, word: &str) -> bool {
        self.known_words(&[word], &[hash_lower(word)])[0]
    }

    /// For each of `words`, whether a list knows it in its context: a trigger, title or rank, or a
    /// word of a curated gazetteer name found there. `lower_hashes` as for [`Lexicon::gazetteer`].
    pub fn known_words(&self, words: &[&str], lower_hashes: &[u64]) -> Vec<bool> {
        let (mut curated, mut corpus) = (Vec::new(), Vec::new());
        self.gazetteer(words, lower_hashes, &mut curated, &mut corpus);
        lower_hashes
            .iter()
            .zip(&curated)
            .map(|(&h, hit)| self.class_of_hash(h) != 0 || hit.label.is_some())
            .collect()
    }

    /// Gazetteer hits for each token, from the curated lists (`curated`) and from the names annotated
    /// in other corpora (`corpus`); within each, where names overlap, the longest wins.
    /// `lower_hashes` are the tokens' `hash_lower` values, which the caller has at hand.
    pub fn gazetteer(
        &self,
        tokens: &[&str],
        lower_hashes: &[u64],
        curated: &mut Vec<GazetteerHit>,
        corpus: &mut Vec<GazetteerHit>,
    ) {
        let exact: Vec<u64> = tokens.iter().map(|t| hash_exact(t)).collect();
        let mut found = Vec::new();
        self.abbreviations.find(&exact, &mut found);
        self.names.find(lower_hashes, &mut found);
        assign(&mut found, tokens.len(), curated);
        found.clear();
        self.corpus_names.find(lower_hashes, &mut found);
        assign(&mut found, tokens.len(), corpus);
    }
}

/// Marks the tokens of the longest matches first, skipping matches that overlap a marked token.
fn assign(found: &mut [(usize, usize, EntityLabel)], n: usize, hits: &mut Vec<GazetteerHit>) {
    hits.clear();
    hits.resize(n, GazetteerHit::default());
    found.sort_by_key(|&(start, end, _)| (std::cmp::Reverse(end - start), start));
    for &(start, end, label) in found.iter() {
        if hits[start..end].iter().any(|h| h.label.is_some()) {
            continue;
        }
        for (i, hit) in hits[start..end].iter_mut().enumerate() {
            *hit = GazetteerHit {
                label: Some(label),
                begins: i == 0,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_come_from_the_data_files() {
        let lex = Lexicon::bundled();
        assert_ne!(lex.class_of("Kombes") & class::RANK, 0);
        assert_ne!(lex.class_of("presiden") & class::TITLE, 0);
        assert_ne!(lex.class_of("Pak") & class::HONORIFIC, 0);
        assert_ne!(lex.class_of("Kabupaten") & class::LOC_TRIGGER, 0);
        assert_eq!(lex.class_of("makan"), 0);
    }

    #[test]
    fn a_title_without_its_period_is_the_title_and_a_bare_letter_an_initial() {
        let lex = Lexicon::bundled();
        for (bare, listed) in [
            ("Prof", "Prof."),
            ("Dr", "Dr."),
            ("Ir", "Ir."),
            ("Hj", "Hj."),
        ] {
            assert_ne!(lex.class_of(bare), 0, "{bare}");
            assert_eq!(lex.class_of(bare), lex.class_of(listed), "{bare}");
        }
        assert_eq!(lex.class_of("H") & class::HONORIFIC, 0);
        assert_ne!(lex.class_of("H.") & class::HONORIFIC, 0);
    }

    #[test]
    fn cluster_prefixes_keep_lengths_apart() {
        let c = Cluster {
            path: 0b0110,
            len: 4,
        };
        assert_eq!(c.prefix(2), 0b101);
        assert_eq!(c.prefix(4), 0b10110);
        assert_eq!(c.prefix(10), c.prefix(4));
        assert_ne!(
            Cluster { path: 0b1, len: 2 }.prefix(2),
            Cluster { path: 0b1, len: 1 }.prefix(2)
        );
        assert_eq!(Cluster::default().prefix(4), 0);
    }

    #[test]
    fn places_and_reporting_verbs_cluster_together() {
        let lex = Lexicon::bundled();
        let cluster = |w: &str| lex.cluster_of_hash(hash_lower(w));
        assert_eq!(cluster("Bandung").prefix(6), cluster("Jakarta").prefix(6));
        assert_eq!(cluster("kata").prefix(6), cluster("ujar").prefix(6));
        assert_ne!(cluster("Bandung").prefix(6), cluster("kata").prefix(6));
    }

    #[test]
    fn gazetteer_prefers_the_longest_name_on_token_boundaries() {
        let lex = Lexicon::bundled();
        let tokens = [
            "Warga", "Jakarta", "Selatan", "melapor", "ke", "KPK", "dan", "bi",
        ];
        let (mut hits, mut corpus) = (Vec::new(), Vec::new());
        let lower: Vec<u64> = tokens.iter().map(|t| hash_lower(t)).collect();
        lex.gazetteer(&tokens, &lower, &mut hits, &mut corpus);
        let loc = Some(EntityLabel::Location);
        assert_eq!(
            hits[1],
            GazetteerHit {
                label: loc,
                begins: true
            }
        );
        assert_eq!(
            hits[2],
            GazetteerHit {
                label: loc,
                begins: false
            }
        );
        assert_eq!(hits[5].label, Some(EntityLabel::Organisation));
        // Abbreviations match as written only.
        assert_eq!(hits[7].label, None);
        assert_eq!(hits[0].label, None);
        assert_eq!(
            lex.expansion("LPSK"),
            Some("Lembaga Perlindungan Saksi dan Korban")
        );
    }
}
