//! The copies of the training sentences that a model also learns from.
//!
//! Two kinds, both measured on idner-news-2k/dev with the CRF (README.md): the sentence re-cased
//! (lower case, ALL CAPS), so that the model copes with text without capitals; and the sentence with
//! every entity mention swapped for another mention of the same type from the corpus ("mention
//! replacement", Dai & Adel 2020), so that the model learns from the context around a name rather
//! than the name itself: most names in new articles were never seen in training.

use crate::conll::{Sentence, recase};
use crate::tags::{Tag, chunks};
use crate::train::{Corpus, TrainConfig};

/// The corpus's sentences followed by the copies `config` asks for, if `with_copies` (a CRF that
/// pools corpora makes copies of the news corpus only).
pub fn training_sentences(
    corpus: &Corpus,
    config: &TrainConfig,
    with_copies: bool,
) -> Vec<Sentence> {
    let mut out = corpus.sentences.clone();
    if !with_copies {
        return out;
    }
    for &case in &config.augment {
        for sentence in &corpus.sentences {
            let copy = recase(sentence, case);
            if copy.tokens != sentence.tokens {
                out.push(copy);
            }
        }
    }
    if config.mention_swaps > 0 {
        let mentions = Mentions::of(&corpus.sentences);
        let mut rng = SplitMix64(config.seed ^ 0x6d65_6e74);
        for sentence in &corpus.sentences {
            if chunks(&sentence.tags).is_empty() {
                continue;
            }
            for _ in 0..config.mention_swaps {
                out.push(mentions.swap_into(sentence, &mut rng));
            }
        }
    }
    out
}

/// Every entity mention of a corpus, by tag of its first token.
struct Mentions {
    by_begin_tag: Vec<(Tag, Vec<Vec<String>>)>,
}

impl Mentions {
    fn of(sentences: &[Sentence]) -> Mentions {
        let mut by_begin_tag: Vec<(Tag, Vec<Vec<String>>)> = Vec::new();
        for sentence in sentences {
            for (start, end, _) in chunks(&sentence.tags) {
                let tag = sentence.tags[start];
                let tokens = sentence.tokens[start..end].to_vec();
                match by_begin_tag.iter_mut().find(|(t, _)| *t == tag) {
                    Some((_, list)) => list.push(tokens),
                    None => by_begin_tag.push((tag, vec![tokens])),
                }
            }
        }
        Mentions { by_begin_tag }
    }

    /// `sentence` with each mention replaced by a random mention of the same type.
    fn swap_into(&self, sentence: &Sentence, rng: &mut SplitMix64) -> Sentence {
        let mut out = Sentence::default();
        let mut next = 0;
        for (start, end, _) in chunks(&sentence.tags) {
            out.tokens.extend_from_slice(&sentence.tokens[next..start]);
            out.tags.extend_from_slice(&sentence.tags[next..start]);
            let begin = sentence.tags[start];
            let pool = self
                .by_begin_tag
                .iter()
                .find(|(t, _)| *t == begin)
                .map(|(_, list)| list.as_slice())
                .unwrap_or_default();
            let replacement = match pool.len() {
                0 => &sentence.tokens[start..end],
                n => pool[(rng.next() % n as u64) as usize].as_slice(),
            };
            out.tokens.extend_from_slice(replacement);
            out.tags.push(begin);
            out.tags
                .extend(std::iter::repeat_n(Tag(begin.0 + 1), replacement.len() - 1));
            next = end;
        }
        out.tokens.extend_from_slice(&sentence.tokens[next..]);
        out.tags.extend_from_slice(&sentence.tags[next..]);
        out
    }
}

/// A small, well-known generator, so that shuffles and swaps are the same on every platform and
/// version.
pub(crate) struct SplitMix64(pub(crate) u64);

impl SplitMix64 {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conll::{Case, parse_conll};
    use crate::tags::chunks;

    fn corpus(text: &str) -> Corpus {
        Corpus {
            domain: crate::Domain::NEWS,
            sentences: parse_conll(text, "test".as_ref()).unwrap(),
        }
    }

    #[test]
    fn swapped_mentions_keep_their_type_and_context() {
        let corpus = corpus(
            "kata\tO\nJoko\tB-PER\nWidodo\tI-PER\ndi\tO\nBandung\tB-LOC\n\n\
             Ani\tB-PER\nke\tO\nKota\tB-LOC\nSurabaya\tI-LOC\n",
        );
        let config = TrainConfig {
            augment: vec![],
            mention_swaps: 8,
            ..TrainConfig::default()
        };
        let sentences = training_sentences(&corpus, &config, true);
        assert_eq!(sentences.len(), 2 + 2 * 8);
        for copy in &sentences[2..10] {
            // "kata PER di LOC": the words outside the mentions stay, the mentions are some PER and
            // some LOC of the corpus, tagged B- then I-.
            let spans = chunks(&copy.tags);
            assert_eq!(spans.len(), 2);
            assert_eq!(copy.tokens[0], "kata");
            let person = copy.tokens[spans[0].0..spans[0].1].join(" ");
            let place = copy.tokens[spans[1].0..spans[1].1].join(" ");
            assert!(person == "Joko Widodo" || person == "Ani", "{person}");
            assert!(place == "Bandung" || place == "Kota Surabaya", "{place}");
            assert_eq!(copy.tokens[spans[0].1], "di");
        }
        let again = training_sentences(&corpus, &config, true);
        assert_eq!(sentences, again, "the same seed gives the same copies");
    }

    #[test]
    fn case_copies_skip_sentences_the_case_does_not_change() {
        let corpus = corpus("jakarta\tB-LOC\n\nKPK\tB-ORG\n");
        let config = TrainConfig {
            augment: vec![Case::Lower],
            mention_swaps: 0,
            ..TrainConfig::default()
        };
        let sentences = training_sentences(&corpus, &config, true);
        let texts: Vec<String> = sentences.iter().map(|s| s.tokens.join(" ")).collect();
        assert_eq!(texts, ["jakarta", "KPK", "kpk"]);
        assert_eq!(training_sentences(&corpus, &config, false).len(), 2);
    }
}
