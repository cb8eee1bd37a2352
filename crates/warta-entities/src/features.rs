//! What the tagger looks at, as hashed feature templates.
//!
//! For every token the *static* features (those that do not depend on earlier predictions) are hashed
//! once per sentence; the few *history* features that look at the tags already predicted are hashed
//! during decoding. Any change here changes what a weight means: bump [`FEATURE_SET`] so that old model
//! files are refused instead of silently misread.

use crate::hash::{hash_lower, hash_lower_chars, mix};
use crate::lexicon::{GazetteerHit, Lexicon};
use crate::tags::Tag;

/// The version of the feature templates, stored in every model file.
pub const FEATURE_SET: u32 = 7;

/// Static templates per token.
pub const N_TEMPLATES: usize = 49;

/// The templates whose values come from the labels of the NERGrit and NERP train splits (their
/// names as a gazetteer, their words' usual types). On those corpora's own sentences they give the
/// answer away, so a model trained on those sentences must not learn from them there.
pub const LABEL_DERIVED_TEMPLATES: [usize; 8] = [27, 28, 29, 30, 37, 38, 39, 40];
/// History templates per token.
const N_HISTORY_TEMPLATES: usize = 5;
/// A model trained on several corpora hashes every template twice: once shared by all corpora and
/// once for the corpus's own annotation conventions (Daumé's "frustratingly easy" domain adaptation).
/// The corpora disagree, e.g. on whether "Gunung" belongs to a mountain's name; the shared copy
/// learns what they agree on. A single-corpus model needs no copies, and tags twice as fast.
pub const N_STATIC: usize = 2 * N_TEMPLATES;
pub const N_HISTORY: usize = 2 * N_HISTORY_TEMPLATES;

/// Whose annotation conventions the domain-specific feature copies follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Domain(u64);

impl Domain {
    /// The conventions of cased news, which the pipeline applies at run time.
    pub const NEWS: Domain = Domain(0x6e65_7773);

    /// A stable number naming the domain (in the CRF's attribute names).
    pub fn id(self) -> u64 {
        self.0
    }

    pub fn named(name: &str) -> Domain {
        if name == "news" {
            Domain::NEWS
        } else {
            Domain(hash_lower(name))
        }
    }
}

/// Whether the sentence is written normally, all in lower case (NERP, social media) or in capitals
/// (headlines). Shape features mean different things in each, so they are conjoined with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseMode {
    Mixed = 1,
    Lower = 2,
    Upper = 3,
}

/// Per-token values the templates combine, hashed.
#[derive(Debug, Clone, Copy, Default)]
struct TokenInfo {
    word: u64,
    /// The shape conjoined with the sentence's case mode.
    shape: u64,
    prefix3: u64,
    suffix3: u64,
    suffix2: u64,
    prefix4: u64,
    suffix4: u64,
    class: u64,
    gazetteer: u64,
    corpus_names: u64,
    cluster4: u64,
    cluster6: u64,
    cluster10: u64,
    /// The word's usual entity type in other corpora.
    word_label: u64,
}

/// Padding for positions before the first and after the last token.
const EDGE: TokenInfo = TokenInfo {
    word: 0x5eed_0001,
    shape: 0x5eed_0002,
    prefix3: 0x5eed_0003,
    suffix3: 0x5eed_0004,
    suffix2: 0x5eed_0005,
    prefix4: 0x5eed_000d,
    suffix4: 0x5eed_000e,
    class: 0x5eed_0006,
    gazetteer: 0x5eed_0007,
    corpus_names: 0x5eed_0008,
    cluster4: 0x5eed_0009,
    cluster6: 0x5eed_000a,
    cluster10: 0x5eed_000b,
    word_label: 0x5eed_000c,
};

/// Where a token sits in its run of capitalised words (mixed-case sentences only), and what
/// surrounds the run: "di [Kota Bandung]" is a place, "kata [Ratna Siregar]" a person.
#[derive(Debug, Clone, Copy, Default)]
struct RunInfo {
    /// 0 outside a run; else the position (1 single, 2 first, 3 inside, 4 last) and the length
    /// (capped at 4), combined.
    position: u64,
    /// The lower-cased word before the run (0 at the sentence start).
    before: u64,
    first: u64,
    last: u64,
}

/// Reusable buffers for the features of one sentence.
#[derive(Default)]
pub struct SentenceFeatures {
    info: Vec<TokenInfo>,
    words: Vec<u64>,
    hits: Vec<GazetteerHit>,
    corpus_hits: Vec<GazetteerHit>,
    runs: Vec<RunInfo>,
    /// `N_STATIC` hashes per token.
    statics: Vec<u64>,
    /// Hashes per token: `N_TEMPLATES`, or `N_STATIC` with domain copies.
    width: usize,
    domain: Option<u64>,
}

impl SentenceFeatures {
    pub fn len(&self) -> usize {
        self.info.len()
    }

    pub fn is_empty(&self) -> bool {
        self.info.is_empty()
    }

    /// Fills the buffers for `tokens`; with `domain`, adds that domain's copy of every feature.
    pub fn compute(&mut self, tokens: &[&str], lexicon: &Lexicon, domain: Option<Domain>) {
        self.domain = domain.map(|d| d.0);
        self.width = if domain.is_some() {
            N_STATIC
        } else {
            N_TEMPLATES
        };
        let mode = case_mode(tokens);
        self.words.clear();
        self.words.extend(tokens.iter().map(|t| hash_lower(t)));
        lexicon.gazetteer(tokens, &self.words, &mut self.hits, &mut self.corpus_hits);
        self.info.clear();
        let hits = self.hits.iter().zip(&self.corpus_hits);
        for ((token, &word), (hit, corpus_hit)) in tokens.iter().zip(&self.words).zip(hits) {
            let cluster = lexicon.cluster_of_hash(word);
            self.info.push(TokenInfo {
                cluster4: cluster.prefix(4),
                cluster6: cluster.prefix(6),
                cluster10: cluster.prefix(10),
                word_label: lexicon.word_label_of_hash(word),
                word,
                shape: mix(mode as u64, shape_hash(token)),
                prefix3: hash_lower_chars(token.chars().take(3)),
                suffix3: hash_lower(suffix(token, 3)),
                suffix2: hash_lower(suffix(token, 2)),
                prefix4: hash_lower_chars(token.chars().take(4)),
                suffix4: hash_lower(suffix(token, 4)),
                class: lexicon.class_of_hash(word) as u64,
                gazetteer: hit.code(),
                corpus_names: corpus_hit.code(),
            });
        }
        capitalised_runs(tokens, &self.words, mode, &mut self.runs);
        self.statics.clear();
        let n = self.info.len();
        for i in 0..n {
            let at = |offset: isize| {
                let j = i as isize + offset;
                if j < 0 || j >= n as isize {
                    EDGE
                } else {
                    self.info[j as usize]
                }
            };
            let (p2, p1, t, n1, n2) = (at(-2), at(-1), at(0), at(1), at(2));
            let run = self.runs[i];
            let first = u64::from(i == 0);
            let f = |template: u64, values: &[u64]| values.iter().fold(template, |h, &v| mix(h, v));
            let features: [u64; N_TEMPLATES] = [
                f(0, &[]),
                f(1, &[t.word]),
                f(2, &[p1.word]),
                f(3, &[n1.word]),
                f(4, &[p2.word]),
                f(5, &[n2.word]),
                f(6, &[t.shape]),
                f(7, &[p1.shape]),
                f(8, &[n1.shape]),
                f(9, &[t.prefix3]),
                f(10, &[t.suffix3]),
                f(11, &[t.suffix2]),
                f(12, &[p1.word, t.word]),
                f(13, &[t.word, n1.word]),
                f(14, &[p1.shape, t.shape, n1.shape]),
                f(15, &[p1.class]),
                f(16, &[t.class]),
                f(17, &[n1.class]),
                f(18, &[p2.class]),
                f(19, &[t.gazetteer]),
                f(20, &[p1.gazetteer]),
                f(21, &[n1.gazetteer]),
                f(22, &[t.gazetteer, t.shape]),
                f(23, &[p1.class, t.shape]),
                f(24, &[first, t.shape]),
                f(25, &[p1.word, t.shape]),
                f(26, &[t.shape, n1.word]),
                f(27, &[t.corpus_names]),
                f(28, &[p1.corpus_names]),
                f(29, &[n1.corpus_names]),
                f(30, &[t.corpus_names, t.shape]),
                f(31, &[t.cluster4]),
                f(32, &[t.cluster6]),
                f(33, &[t.cluster10]),
                f(34, &[p1.cluster6]),
                f(35, &[n1.cluster6]),
                f(36, &[t.cluster6, t.shape]),
                f(37, &[t.word_label]),
                f(38, &[p1.word_label]),
                f(39, &[n1.word_label]),
                f(40, &[t.word_label, t.shape]),
                f(41, &[run.position]),
                f(42, &[run.position, run.before]),
                f(43, &[run.position, run.first, run.last]),
                // Feature set 7 (README: a draw on cased idner dev, +0.8 on lower-case and ALL CAPS):
                // the word with its case ("Bank" the name, "bank" the noun), the two words on either
                // side as one context ("kata Menteri", "di Kabupaten"), longer affixes.
                f(44, &[t.word, t.shape]),
                f(45, &[p2.word, p1.word]),
                f(46, &[n1.word, n2.word]),
                f(47, &[t.prefix4]),
                f(48, &[t.suffix4]),
            ];
            self.statics.extend_from_slice(&features);
            if let Some(domain) = self.domain {
                self.statics
                    .extend(features.iter().map(|&h| mix(h, domain)));
            }
        }
    }

    /// The static feature hashes of token `i`.
    pub fn statics(&self, i: usize) -> &[u64] {
        &self.statics[i * self.width..(i + 1) * self.width]
    }

    /// The history feature hashes of token `i`, given the two tags predicted before it; the first
    /// `.1` entries are used.
    pub fn history(&self, i: usize, prev: Tag, prev2: Tag) -> ([u64; N_HISTORY], usize) {
        let t = self.info[i];
        let (p, pp) = (prev.0 as u64, prev2.0 as u64);
        let shared = [
            mix(100, p),
            mix(mix(101, p), pp),
            mix(mix(102, p), t.word),
            mix(mix(103, p), t.shape),
            mix(mix(104, p), t.class),
        ];
        let mut all = [0; N_HISTORY];
        all[..N_HISTORY_TEMPLATES].copy_from_slice(&shared);
        let Some(domain) = self.domain else {
            return (all, N_HISTORY_TEMPLATES);
        };
        for (i, &h) in shared.iter().enumerate() {
            all[N_HISTORY_TEMPLATES + i] = mix(h, domain);
        }
        (all, N_HISTORY)
    }
}

/// The hash of the bias feature, which every token has.
pub fn bias_hash() -> u64 {
    0
}

fn case_mode(tokens: &[&str]) -> CaseMode {
    let (mut upper, mut lower) = (false, false);
    for c in tokens.iter().flat_map(|t| t.chars()) {
        upper |= c.is_uppercase();
        lower |= c.is_lowercase();
    }
    match (upper, lower) {
        (true, false) => CaseMode::Upper,
        (false, _) => CaseMode::Lower,
        _ => CaseMode::Mixed,
    }
}

/// The runs of capitalised words of a mixed-case sentence (in lower-case and ALL-CAPS text
/// capitals say nothing); `words` are the tokens' lower-case hashes.
fn capitalised_runs(tokens: &[&str], words: &[u64], mode: CaseMode, runs: &mut Vec<RunInfo>) {
    runs.clear();
    runs.resize(tokens.len(), RunInfo::default());
    if mode != CaseMode::Mixed {
        return;
    }
    let capitalised = |t: &str| t.chars().next().is_some_and(char::is_uppercase);
    let mut i = 0;
    while i < tokens.len() {
        if !capitalised(tokens[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < tokens.len() && capitalised(tokens[i]) {
            i += 1;
        }
        let length = (i - start).min(4) as u64;
        let before = if start == 0 { 0 } else { words[start - 1] };
        for (k, run) in runs[start..i].iter_mut().enumerate() {
            let position = match k {
                _ if i - start == 1 => 1,
                0 => 2,
                k if start + k + 1 == i => 4,
                _ => 3,
            };
            *run = RunInfo {
                position: 8 * length + position,
                before,
                first: words[start],
                last: words[i - 1],
            };
        }
    }
}

/// The last `n` characters of `word`.
fn suffix(word: &str, n: usize) -> &str {
    let start = word.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
    &word[start..]
}

/// "Jakarta" → Xx, "KPK" → X, "13,2" → d,d, "O'Brien" → X'Xx: character classes with runs collapsed,
/// capped so that long words do not spread over many rare shapes.
fn shape_hash(word: &str) -> u64 {
    let mut h = 0x51a9e;
    let mut last = '\0';
    let mut length = 0;
    for c in word.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if class != last {
            h = mix(h, class as u64);
            last = class;
            length += 1;
            if length == 6 {
                break;
            }
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape_hash("Jakarta"), shape_hash("Bandung"));
        assert_eq!(shape_hash("KPK"), shape_hash("TNI"));
        assert_ne!(shape_hash("Jakarta"), shape_hash("jakarta"));
        assert_eq!(shape_hash("13,2"), shape_hash("8,5"));
    }

    #[test]
    fn suffixes_count_characters() {
        assert_eq!(suffix("Jakarta", 3), "rta");
        assert_eq!(suffix("ké", 3), "ké");
        assert_eq!(suffix("Soekarnoé", 2), "oé");
    }

    /// The static hashes of token `i` of `tokens`.
    fn statics_of(tokens: &[&str], i: usize) -> Vec<u64> {
        let mut features = SentenceFeatures::default();
        features.compute(tokens, &Lexicon::bundled(), None);
        features.statics(i).to_vec()
    }

    #[test]
    fn the_word_with_its_case_tells_a_name_from_a_noun() {
        let name = statics_of(&["kata", "Bank", "itu"], 1);
        let noun = statics_of(&["kata", "bank", "itu"], 1);
        // Template 1, the word alone, ignores case; template 44 does not.
        assert_eq!(name[1], noun[1]);
        assert_ne!(name[44], noun[44]);
    }

    #[test]
    fn two_words_of_context_are_one_feature() {
        let a = statics_of(&["kata", "Menteri", "Budi", "di", "Jakarta"], 2);
        let b = statics_of(&["ujar", "Menteri", "Budi", "di", "Jakarta"], 2);
        let c = statics_of(&["kata", "Menteri", "Budi", "ke", "Jakarta"], 2);
        // Left pair (45) changes with the word two to the left, right pair (46) with the next word.
        assert_ne!(a[45], b[45]);
        assert_eq!(a[46], b[46]);
        assert_eq!(a[45], c[45]);
        assert_ne!(a[46], c[46]);
    }

    #[test]
    fn case_mode_reads_the_whole_sentence() {
        assert_eq!(case_mode(&["Joko", "datang"]), CaseMode::Mixed);
        assert_eq!(case_mode(&["joko", "datang", "13"]), CaseMode::Lower);
        assert_eq!(case_mode(&["JOKO", "DATANG", "."]), CaseMode::Upper);
    }
}
